// Availability records of procedure documents: the job that fetches every public document of every running
// procedure over HTTP, the per-document summary that proves "online for the whole period", and the CSV of every
// check. Courts have annulled plans because documents were not reachable during the display (OVG NRW, 10 D 88/16.NE);
// this record is the authority's evidence.
//
//   auto checked = procedures::CheckDocuments(db, "https://beteiligung.sachsen.de", procedures::CurlFetch, now);
//   auto summary = procedures::Summarise(checks_of_one_document, kCheckIntervalSeconds, period_start, until);
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "formats/procedures/document_store.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

// How often the job procedures-check-documents runs.
inline constexpr std::int64_t kCheckIntervalSeconds = 15 * 60;
inline constexpr std::string_view kCheckJobName = "procedures-check-documents";

// What one HTTP GET gave: the status (0 when there was no answer), the SHA-256 of the body, the time it took, and a
// short error text when it failed.
struct FetchResult {
  int status = 0;
  std::string sha256;
  std::uint64_t bytes = 0;
  std::int64_t milliseconds = 0;
  std::string error;
};
using Fetch = std::function<FetchResult(const std::string& url)>;
// A GET with libcurl (30 s timeout, no redirects followed, the body hashed as it arrives and not kept).
FetchResult CurlFetch(const std::string& url);

// Fetches every document DocumentsToCheck names for the local date of `now` from `base_url` + its path and records
// one check each (ok: status 200 and the SHA-256 of the current version). Returns the number of checks.
int CheckDocuments(db::Database& db, const std::string& base_url, const Fetch& fetch, db::UnixSeconds now);

// A span without a successful check for longer than twice the interval.
struct Gap {
  db::UnixSeconds from = 0;
  db::UnixSeconds to = 0;
};
struct AvailabilitySummary {
  int checks = 0;
  int failures = 0;
  std::optional<db::UnixSeconds> first;
  std::optional<db::UnixSeconds> last;
  std::vector<Gap> gaps;
};
// Summary of one document's checks (in time order) for the period [period_start, until): gaps are the spans between
// successive successful checks (and from period_start to the first, from the last to `until`) longer than
// 2 * interval. Pure.
AvailabilitySummary Summarise(const std::vector<DocumentCheck>& checks, std::int64_t interval,
                              db::UnixSeconds period_start, db::UnixSeconds until);

// The CSV of every check (UTF-8, comma separated, RFC 4180 quoting; cells starting with =, +, - or @ are prefixed
// with ' so that spreadsheets do not run them): document_id, document_title, version, checked_at (ISO 8601 UTC),
// checked_at_unix, ok, http_status, milliseconds, sha256_match, error. `titles` maps document ids to titles.
std::string ChecksCsv(const std::vector<DocumentCheck>& checks,
                      const std::function<std::string(std::int64_t)>& title_of);

}  // namespace mw::procedures
