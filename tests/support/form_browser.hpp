// A visitor without JavaScript for HTTP tests: keeps cookies, reads the CSRF token from the last page that carried
// one, and submits forms as application/x-www-form-urlencoded, as a browser does.
//
//   mw::testing::FormBrowser browser(server.port());
//   auto response = browser.Submit("/anmelden", "/anmelden", {{"email", "a@example.org"}, {"password", "…"}});
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "support/http_client.hpp"

namespace mw::testing {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%20y" with every byte outside the unreserved set percent-encoded.
std::string FormEncode(const FormFields& fields);

// The value of the first hidden input named "csrf" in `html`, or "".
std::string CsrfFrom(const std::string& html);

// `html` with the value of every hidden input named "csrf" unmasked (pages carry the token masked afresh in every
// response), so that two responses can be compared and the visitor's token found in them.
std::string UnmaskCsrfFields(const std::string& html);

class FormBrowser {
 public:
  explicit FormBrowser(unsigned short port) : port_(port) {}
  // A browser that sends `headers` with every request (e.g. X-Forwarded-For, to appear from another address behind
  // a trusted proxy).
  FormBrowser(unsigned short port, HeaderList headers) : port_(port), headers_(std::move(headers)) {}

  HttpResponse Get(const std::string& target, const HeaderList& headers = {});
  // Loads `form_page` for its CSRF token, then posts `fields` plus that token to `action`.
  HttpResponse Submit(const std::string& form_page, const std::string& action, FormFields fields);
  // Posts an already encoded body as it is (for bodies a browser would not send).
  HttpResponse Post(const std::string& action, const std::string& body);

  CookieJar& jar() { return jar_; }
  // The CSRF token of the last page that had one.
  const std::string& csrf() const { return csrf_; }

 private:
  unsigned short port_;
  HeaderList headers_;
  CookieJar jar_;
  std::string csrf_;
};

}  // namespace mw::testing
