#include "support/form_browser.hpp"

#include <regex>

#include "platform/core/crypto.hpp"

namespace mw::testing {
namespace {

std::string Escape(const std::string& value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string FormEncode(const FormFields& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out += '&';
    out += Escape(key) + "=" + Escape(value);
  }
  return out;
}

std::string CsrfFrom(const std::string& html) {
  static const std::regex kCsrf(R"re(name="csrf" value="([^"]+)")re");
  std::smatch match;
  if (!std::regex_search(html, match, kCsrf)) return {};
  return match[1];
}

std::string UnmaskCsrfFields(const std::string& html) {
  static const std::regex kCsrf(R"re(name="csrf" value="([^"]+)")re");
  std::string out;
  auto last = html.cbegin();
  for (std::sregex_iterator it(html.begin(), html.end(), kCsrf), end; it != end; ++it) {
    const auto& match = *it;
    out.append(last, match[1].first);
    auto secret = UnmaskToken(match[1].str());
    out += secret ? *secret : match[1].str();
    last = match[1].second;
  }
  out.append(last, html.cend());
  return out;
}

HttpResponse FormBrowser::Get(const std::string& target, const HeaderList& headers) {
  HttpConnection connection(port_);
  connection.SetCookieJar(&jar_);
  HeaderList all = headers_;
  all.insert(all.end(), headers.begin(), headers.end());
  auto response = connection.Request("GET", target, all);
  if (std::string token = CsrfFrom(response.body); !token.empty()) csrf_ = token;
  return response;
}

HttpResponse FormBrowser::Submit(const std::string& form_page, const std::string& action, FormFields fields) {
  Get(form_page);
  fields.emplace_back("csrf", csrf_);
  return Post(action, FormEncode(fields));
}

HttpResponse FormBrowser::Post(const std::string& action, const std::string& body) {
  HttpConnection connection(port_);
  connection.SetCookieJar(&jar_);
  HeaderList all = headers_;
  all.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return connection.Request("POST", action, all, body);
}

}  // namespace mw::testing
