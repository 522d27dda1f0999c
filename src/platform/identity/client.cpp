#include "platform/identity/client.hpp"

#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include "platform/identity/json.hpp"

namespace mw::identity {
namespace {

struct Received {
  std::string body;
  std::size_t limit = 0;
  bool too_large = false;
};

size_t Receive(char* data, size_t size, size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const std::size_t bytes = size * count;
  if (received->body.size() + bytes > received->limit) {
    received->too_large = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  received->body.append(data, bytes);
  return bytes;
}

struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

std::unexpected<Error> Unreachable(const ProviderConfig& provider) {
  return Fail(ErrorKind::kUnavailable, "Der Anmeldedienst „" + provider.display_name +
                                           "“ ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal.");
}

std::unexpected<Error> BadAnswer(const ProviderConfig& provider, std::string_view what, int status) {
  return Fail(ErrorKind::kUnavailable, "Der Anmeldedienst „" + provider.display_name + "“ hat " + std::string(what) +
                                           " nicht geliefert (HTTP " + std::to_string(status) +
                                           "). Bitte versuchen Sie es später noch einmal.");
}

// A GET whose answer must be 200.
Result<std::string> FetchDocument(HttpClient& http, const ProviderConfig& provider, const std::string& url,
                                  std::string_view what) {
  auto reply = http.Send(HttpCall{.url = url, .headers = {"Accept: application/json"}}, provider);
  if (!reply) return std::unexpected(reply.error());
  if (reply->status != 200) return BadAnswer(provider, what, reply->status);
  return std::move(reply->body);
}

}  // namespace

CurlHttpClient::CurlHttpClient(CurlOptions options) : options_(options) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<HttpReply> CurlHttpClient::Send(const HttpCall& call, const ProviderConfig& provider) {
  if (auto allowed = CheckProviderUrl(call.url, "Die Adresse des Anmeldedienstes"); !allowed) {
    return std::unexpected(allowed.error());
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Unreachable(provider);
  std::unique_ptr<curl_slist, HeaderListDeleter> headers;
  for (const auto& header : call.headers) {
    curl_slist* appended = curl_slist_append(headers.get(), header.c_str());
    if (appended == nullptr) return Unreachable(provider);
    headers.release();
    headers.reset(appended);
  }
  Received received{.limit = options_.max_response_bytes};
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Receive);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_response_bytes));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "mitwirken-anmeldung/1");
  if (call.post) {
    curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  const CURLcode code = curl_easy_perform(curl.get());
  if (received.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    spdlog::warn("identity: {} answered more than {} bytes at {}", provider.key, options_.max_response_bytes, call.url);
    return Fail(ErrorKind::kTooLarge, "Der Anmeldedienst „" + provider.display_name +
                                          "“ hat eine zu große Antwort geschickt. Die Anmeldung wurde abgebrochen.");
  }
  if (code != CURLE_OK) {
    spdlog::warn("identity: {} unreachable at {}: {}", provider.key, call.url,
                 error[0] ? std::string(error) : std::string(curl_easy_strerror(code)));
    return Unreachable(provider);
  }
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  return HttpReply{.status = static_cast<int>(status), .body = std::move(received.body)};
}

Result<ProviderMetadata> FetchDiscovery(HttpClient& http, const ProviderConfig& provider) {
  auto document = FetchDocument(http, provider, DiscoveryUrl(provider.issuer), "sein Discovery-Dokument");
  if (!document) return std::unexpected(document.error());
  return ParseDiscovery(*document, provider);
}

Result<std::string> HttpJwksSource::FetchJwks() {
  return FetchDocument(http_, provider_, jwks_uri_, "seine Schlüssel (JWKS)");
}

Result<TokenResponse> RedeemCode(HttpClient& http, const ProviderConfig& provider, const ProviderMetadata& metadata,
                                 std::string_view code, std::string_view redirect_uri, std::string_view code_verifier) {
  TokenRequest request = BuildTokenRequest(metadata, provider, code, redirect_uri, code_verifier);
  auto reply =
      http.Send(HttpCall{.post = true, .url = request.url, .headers = request.headers, .body = request.body}, provider);
  if (!reply) return std::unexpected(reply.error());
  return ParseTokenResponse(reply->status, reply->body, provider);
}

Result<boost::json::object> FetchUserinfo(HttpClient& http, const ProviderConfig& provider,
                                          const ProviderMetadata& metadata, std::string_view access_token,
                                          std::string_view subject) {
  if (metadata.userinfo_endpoint.empty() || access_token.empty()) return boost::json::object();
  auto reply =
      http.Send(HttpCall{.url = metadata.userinfo_endpoint,
                         .headers = {"Accept: application/json", "Authorization: Bearer " + std::string(access_token)}},
                provider);
  if (!reply) return std::unexpected(reply.error());
  if (reply->status != 200) return BadAnswer(provider, "die Angaben zur Person", reply->status);
  auto claims = ParseJsonObject(reply->body);
  if (!claims) {
    return Fail(ErrorKind::kUnavailable, "Der Anmeldedienst „" + provider.display_name +
                                             "“ hat die Angaben zur Person in unbrauchbarer Form geschickt.");
  }
  const boost::json::string* sub = StringMember(*claims, "sub");
  if (sub == nullptr || *sub != subject) {
    return Fail(ErrorKind::kUnauthorized,
                "Die Angaben zur Person von „" + provider.display_name + "“ gehören zu einer anderen Person.", "sub");
  }
  return std::move(*claims);
}

}  // namespace mw::identity
