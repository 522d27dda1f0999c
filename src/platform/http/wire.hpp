// Pure helpers between the bytes on the wire and Request/Response, used by the server and tested on their own:
// request-target validation, gzip negotiation and compression, the German sentence for a status, HTTP dates.
// Internal to the HTTP module; handlers do not need it.
//
//   auto target = wire::ParseTarget("/sn/verfahren?seite=2");  // path "/sn/verfahren", query {seite: 2}
//   if (!target) return 400 with target.error().message;
#pragma once

#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"

namespace mw::http::wire {

struct Target {
  std::string path;  // percent-decoded, valid UTF-8, starts with '/'
  std::multimap<std::string, std::string> query;
};

// Accepts only origin-form targets ("/path?query"): no absolute URIs, no '*', no fragment, no raw bytes outside
// printable ASCII, no encoded '/' (it would make segments ambiguous), no NUL, no "." or ".." segments, valid
// percent-encoding and UTF-8 in path and query. Errors are kInvalid (or kTooLarge for too many query fields) with a
// German message.
Result<Target> ParseTarget(std::string_view target);

// What a request's Transfer-Encoding header values (every field line, in order) call for: 0 when the body may be
// read, which is only for "chunked" alone (any case, empty list elements ignored); 400 when the body's length cannot
// be told (chunked missing, not last or twice, "identity", parameters on chunked, a malformed or empty list, or a
// Transfer-Encoding in an HTTP/1.0 request), and 501 for a coding before the final chunked that we do not decode
// ("gzip, chunked", anything unknown). RFC 9112 6.1 and 6.3.
int TransferEncodingStatus(const std::vector<std::string_view>& values, unsigned http_version);

// The quality an Accept-Encoding header value gives content coding `coding` ("gzip" also matches "x-gzip"): its own
// q, else that of "*", else -1 when neither is listed (so 0 means refused explicitly).
double CodingQuality(std::string_view accept_encoding, std::string_view coding);
// True if an Accept-Encoding header value allows gzip (explicitly, or by "*", with q > 0).
bool AcceptsGzip(std::string_view accept_encoding);

// text/*, application/json, application/problem+json, application/javascript, image/svg+xml (parameters ignored).
bool IsCompressible(std::string_view content_type);

// Smallest body worth compressing.
inline constexpr std::size_t kGzipMinBytes = 1024;

// gzip (RFC 1952) of `data` at zlib `level` (-1 = zlib's default, 9 = smallest). Throws std::runtime_error if zlib
// fails (out of memory).
std::string Gzip(std::string_view data, int level = -1);

// The German sentence shown for a status the server or a bare handler response reports, e.g. 404 -> "Diese Seite
// gibt es nicht."
std::string StatusMessage(int status);

// IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate(std::time_t time);

// ISO 8601 UTC with milliseconds, e.g. "2025-01-31T12:00:00.123Z" (access log).
std::string IsoTimestampNow();

// True for a header value we may send: no CR, LF or NUL (header injection).
bool IsSafeHeaderValue(std::string_view value);
// True for a header name made of RFC 9110 token characters.
bool IsHeaderName(std::string_view name);

}  // namespace mw::http::wire
