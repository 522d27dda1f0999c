// HTTP request and response as handlers see them: parsed, decoded and size-checked by the server, independent of
// Boost.Beast so that handlers and tests need not include it.
//
//   http::Response Hello(http::Request& req) {
//     return http::Response::Html(200, "<p>Hallo " + HtmlEscape(req.Query("name")) + "</p>");
//   }
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mw::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// "GET", "HEAD", ... ("OTHER" for kOther); and the reverse, case-sensitive as HTTP methods are.
std::string_view MethodName(Method method);
Method ParseMethod(std::string_view name);

// Header names are compared case-insensitively; stored lower-case.
using Headers = std::vector<std::pair<std::string, std::string>>;

// An uploaded file of a multipart/form-data request, already written to a temporary file that the server removes
// after the handler returns. A handler that keeps the file must copy or move it.
struct UploadedFile {
  std::string field;         // form field name
  std::string filename;      // as sent by the client, untrusted (never use as a path)
  std::string content_type;  // as sent by the client, untrusted (sniff the content instead)
  std::filesystem::path path;
  std::uint64_t size = 0;
};

struct Request {
  Method method = Method::kGet;
  std::string method_name;  // as sent, e.g. "GET"
  std::string target;       // raw request target, e.g. "/sn/login?next=%2F"
  std::string path;         // percent-decoded path, valid UTF-8, e.g. "/sn/login"
  Headers headers;          // lower-case names
  std::string body;         // raw body (empty for multipart requests: see form and files)
  std::string remote_ip;    // peer address, or the first X-Forwarded-For hop when the proxy is trusted
  bool secure = false;      // the client reached us over TLS (X-Forwarded-Proto: https behind a trusted proxy)

  // Decoded query parameters, form fields (application/x-www-form-urlencoded or multipart text parts), cookies and
  // path parameters ({name} segments of the route). Multi-valued keys keep every value in order.
  std::multimap<std::string, std::string> query;
  std::multimap<std::string, std::string> form;
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> path_params;
  std::vector<UploadedFile> files;

  // First value or "" / nullopt.
  std::string Query(std::string_view key) const;
  std::string Form(std::string_view key) const;
  std::string PathParam(std::string_view key) const;
  std::optional<std::string> Header(std::string_view lower_case_name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
};

struct SetCookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::optional<std::int64_t> max_age_seconds;  // nullopt: session cookie; 0: delete
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};

// A body kept in memory and shared by many responses (a cached page): immutable once made, never copied per
// response. The server writes `text` as it is, except that each range in `holes` is replaced by the response's own
// `fill` (e.g. a visitor's token), written from separate buffers (scatter/gather), so no response copies the text.
struct SharedBody {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> holes;  // (offset, length): ascending, disjoint, inside `text`

  // `text` with a hole wherever `marker` occurs (none for an empty marker).
  static std::shared_ptr<const SharedBody> Make(std::string text, std::string_view marker);
  // Bytes of the body with `fill` in every hole.
  std::size_t SizeWith(std::string_view fill) const;
  // The body with `fill` in every hole, as one string (a copy: for compression and tests).
  std::string TextWith(std::string_view fill) const;
  // The same with the range (`offset`, `length`) of `text` replaced by `insert`. The range must not overlap a hole
  // (it is checked: nullopt if it does, or if it does not lie inside `text`).
  std::optional<std::string> TextWith(std::string_view fill, std::size_t offset, std::size_t length,
                                      std::string_view insert) const;
};

struct Response {
  int status = 200;
  Headers headers;  // names as they should be sent
  std::string body;
  // When set, the server streams this file as the body (static files, document downloads) instead of `body`.
  std::optional<std::filesystem::path> file;
  std::vector<SetCookie> cookies;
  // When set, the body instead of `body`: the kept text, with `fill` in its holes (see SharedBody).
  std::shared_ptr<const SharedBody> shared_body;
  std::string fill;

  // The body as it is sent, as one string (`body`, or the shared body with its fill: a copy).
  std::string BodyText() const;
  // True when there is neither a body, a shared body nor a file.
  bool NoBody() const { return body.empty() && !shared_body && !file; }

  Response& SetHeader(std::string name, std::string value);
  std::optional<std::string> GetHeader(std::string_view name) const;  // case-insensitive

  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body);
  static Response Json(int status, std::string body);
  // RFC 9457 problem details (application/problem+json); `detail` is a German sentence.
  static Response Problem(int status, std::string_view title, std::string_view detail);
  // 303 See Other, the answer to a successful form POST.
  static Response Redirect(std::string location, int status = 303);
};

// Serialises a Set-Cookie header value.
std::string FormatSetCookie(const SetCookie& cookie);

}  // namespace mw::http
