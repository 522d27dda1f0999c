#include "platform/http/message.hpp"

#include <cassert>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/text.hpp"

namespace mw::http {
namespace {

template <typename Map>
std::string FirstValue(const Map& map, std::string_view key) {
  auto it = map.find(std::string(key));
  return it == map.end() ? std::string() : it->second;
}

// Cookie attributes are produced by our own code; a ';' or a control character would split or corrupt the header.
[[maybe_unused]] bool IsSafeCookieText(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f || c == ';') return false;
  }
  return true;
}

}  // namespace

std::string Request::Query(std::string_view key) const { return FirstValue(query, key); }
std::string Request::Form(std::string_view key) const { return FirstValue(form, key); }
std::string Request::PathParam(std::string_view key) const { return FirstValue(path_params, key); }

std::optional<std::string> Request::Header(std::string_view lower_case_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_case_name) return value;
  }
  return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
  auto it = cookies.find(std::string(name));
  if (it == cookies.end()) return std::nullopt;
  return it->second;
}

std::shared_ptr<const SharedBody> SharedBody::Make(std::string text, std::string_view marker) {
  auto shared = std::make_shared<SharedBody>();
  if (!marker.empty()) {
    for (std::size_t found = text.find(marker); found != std::string::npos;
         found = text.find(marker, found + marker.size())) {
      shared->holes.emplace_back(found, marker.size());
    }
  }
  shared->text = std::move(text);
  return shared;
}

std::size_t SharedBody::SizeWith(std::string_view fill) const {
  std::size_t size = text.size();
  for (const auto& [offset, length] : holes) size = size - length + fill.size();
  return size;
}

std::string SharedBody::TextWith(std::string_view fill) const {
  std::string out;
  out.reserve(SizeWith(fill));
  std::size_t from = 0;
  for (const auto& [offset, length] : holes) {
    out.append(text, from, offset - from);
    out.append(fill);
    from = offset + length;
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::optional<std::string> SharedBody::TextWith(std::string_view fill, std::size_t offset, std::size_t length,
                                                std::string_view insert) const {
  if (offset > text.size() || length > text.size() - offset) return std::nullopt;
  for (const auto& [hole, hole_length] : holes) {
    if (hole < offset + length && offset < hole + hole_length) return std::nullopt;
  }
  std::string out;
  out.reserve(SizeWith(fill) - length + insert.size());
  std::size_t from = 0;
  bool inserted = false;
  const auto splice_before = [&](std::size_t until) {
    if (inserted || offset > until) return;
    out.append(text, from, offset - from);
    out.append(insert);
    from = offset + length;
    inserted = true;
  };
  for (const auto& [hole, hole_length] : holes) {
    splice_before(hole);
    out.append(text, from, hole - from);
    out.append(fill);
    from = hole + hole_length;
  }
  splice_before(text.size());
  out.append(text, from, std::string::npos);
  return out;
}

std::string Response::BodyText() const {
  return shared_body ? shared_body->TextWith(fill) : body;
}

Response& Response::SetHeader(std::string name, std::string value) {
  for (auto& [existing_name, existing_value] : headers) {
    if (IEquals(existing_name, name)) {
      existing_value = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::optional<std::string> Response::GetHeader(std::string_view name) const {
  for (const auto& [existing_name, value] : headers) {
    if (IEquals(existing_name, name)) return value;
  }
  return std::nullopt;
}

namespace {
Response WithBody(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers.emplace_back("Content-Type", std::move(content_type));
  return response;
}
}  // namespace

Response Response::Html(int status, std::string body) {
  return WithBody(status, "text/html; charset=utf-8", std::move(body));
}

Response Response::Text(int status, std::string body) {
  return WithBody(status, "text/plain; charset=utf-8", std::move(body));
}

Response Response::Json(int status, std::string body) {
  return WithBody(status, "application/json", std::move(body));
}

Response Response::Problem(int status, std::string_view title, std::string_view detail) {
  boost::json::object problem;
  problem["type"] = "about:blank";
  problem["title"] = title;
  problem["status"] = status;
  problem["detail"] = detail;
  return WithBody(status, "application/problem+json", boost::json::serialize(problem));
}

Response Response::Redirect(std::string location, int status) {
  Response response;
  response.status = status;
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

std::string FormatSetCookie(const SetCookie& cookie) {
  assert(!cookie.name.empty() && IsSafeCookieText(cookie.name) && cookie.name.find('=') == std::string::npos);
  assert(IsSafeCookieText(cookie.value));
  assert(IsSafeCookieText(cookie.path));
  assert(IsSafeCookieText(cookie.same_site));
  // Browsers drop SameSite=None cookies that are not Secure.
  assert(!IEquals(cookie.same_site, "None") || cookie.secure);

  std::string header = cookie.name + "=" + cookie.value;
  if (!cookie.path.empty()) header += "; Path=" + cookie.path;
  if (cookie.max_age_seconds) {
    header += "; Max-Age=" + std::to_string(*cookie.max_age_seconds);
    if (*cookie.max_age_seconds <= 0) header += "; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
  }
  if (cookie.http_only) header += "; HttpOnly";
  if (cookie.secure) header += "; Secure";
  if (!cookie.same_site.empty()) header += "; SameSite=" + cookie.same_site;
  return header;
}

}  // namespace mw::http
