#include "formats/procedures/availability.hpp"

#include <chrono>
#include <memory>

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include "formats/procedures/model.hpp"
#include "law/date.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

struct CurlBody {
  Sha256Stream hash;
  std::uint64_t bytes = 0;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<CurlBody*>(user);
  body->hash.Update(std::string_view(data, size * count));
  body->bytes += size * count;
  return size * count;
}

std::string CsvCell(std::string_view text) {
  std::string value(text);
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@')) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

FetchResult CurlFetch(const std::string& url) {
  FetchResult result;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    result.error = "curl_easy_init failed";
    return result;
  }
  CurlBody body;
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "mitwirken-verfuegbarkeit/1");
  auto started = std::chrono::steady_clock::now();
  CURLcode code = curl_easy_perform(curl.get());
  result.milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                              started)
                            .count();
  if (code != CURLE_OK) {
    result.error = error[0] ? std::string(error) : std::string(curl_easy_strerror(code));
    return result;
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  result.bytes = body.bytes;
  result.sha256 = body.hash.HexDigest();
  return result;
}

int CheckDocuments(db::Database& db, const std::string& base_url, const Fetch& fetch, db::UnixSeconds now) {
  const std::string today = law::FormatIso(LocalDate(now));
  auto targets = db.Read([&](db::Tx& tx) { return DocumentsToCheck(tx, today); });
  std::vector<DocumentCheck> checks;
  checks.reserve(targets.size());
  for (const auto& target : targets) {
    FetchResult fetched = fetch(base_url + target.path);
    DocumentCheck check{.document_id = target.document_id,
                        .version = target.version,
                        .checked_at = now,
                        .http_status = fetched.status,
                        .milliseconds = fetched.milliseconds,
                        .sha256_match = fetched.status == 200 && fetched.sha256 == target.sha256,
                        .error = fetched.error};
    check.ok = check.sha256_match;
    if (check.error.empty() && fetched.status != 200) check.error = "HTTP " + std::to_string(fetched.status);
    if (check.error.empty() && !check.sha256_match) check.error = "SHA-256 stimmt nicht überein";
    check.error = CutText(check.error, 500, kCutMark);
    checks.push_back(std::move(check));
  }
  // One write for all checks: the fetches above hold no transaction open.
  db.Write([&](db::Tx& tx) {
    for (const auto& check : checks) RecordCheck(tx, check);
  });
  int failures = 0;
  for (const auto& check : checks) failures += check.ok ? 0 : 1;
  if (failures > 0) spdlog::warn("procedures: {} of {} document checks failed", failures, checks.size());
  return static_cast<int>(checks.size());
}

AvailabilitySummary Summarise(const std::vector<DocumentCheck>& checks, std::int64_t interval,
                              db::UnixSeconds period_start, db::UnixSeconds until) {
  AvailabilitySummary summary;
  const std::int64_t allowed = 2 * interval;
  db::UnixSeconds last_ok = period_start;
  for (const auto& check : checks) {
    ++summary.checks;
    if (!summary.first) summary.first = check.checked_at;
    summary.last = check.checked_at;
    if (!check.ok) {
      ++summary.failures;
      continue;
    }
    if (check.checked_at - last_ok > allowed) summary.gaps.push_back({last_ok, check.checked_at});
    last_ok = std::max(last_ok, check.checked_at);
  }
  if (until - last_ok > allowed) summary.gaps.push_back({last_ok, until});
  return summary;
}

std::string ChecksCsv(const std::vector<DocumentCheck>& checks,
                      const std::function<std::string(std::int64_t)>& title_of) {
  std::string out =
      "document_id,document_title,version,checked_at,checked_at_unix,ok,http_status,milliseconds,sha256_match,"
      "error\r\n";
  for (const auto& check : checks) {
    out += std::to_string(check.document_id) + "," + CsvCell(title_of(check.document_id)) + "," +
           std::to_string(check.version) + "," + IsoUtc(check.checked_at) + "," + std::to_string(check.checked_at) +
           "," + (check.ok ? "1" : "0") + "," + std::to_string(check.http_status) + "," +
           std::to_string(check.milliseconds) + "," + (check.sha256_match ? "1" : "0") + "," + CsvCell(check.error) +
           "\r\n";
  }
  return out;
}

}  // namespace mw::procedures
