// Per-request context of the platform's pages (internal to the site module and to formats that render pages):
// who is asking (session or anonymous), in which language, the CSRF token their forms must carry, and the one way
// to answer with a page, a redirect or an error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "platform/accounts/accounts.hpp"
#include "platform/core/result.hpp"
#include "platform/http/message.hpp"
#include "platform/http/server.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::site {

inline constexpr std::string_view kSessionCookie = "mw_session";
inline constexpr std::string_view kCsrfCookie = "mw_csrf";
inline constexpr std::string_view kLangCookie = "mw_lang";
inline constexpr std::string_view kFlashCookie = "mw_flash";
// Binds a login at an identity provider to the browser that began it (pages_identity.cpp).
inline constexpr std::string_view kIdentityCookie = "mw_identity";

struct Visitor {
  std::optional<accounts::Session> session;
  std::string locale = "de";
  // The visitor's CSRF secret. Pages carry it masked (MaskToken: different in every response, against BREACH);
  // forms send back the masked text (or the secret itself) as field "csrf".
  std::string csrf;
  // Renders `csrf` as it is instead of masked: only for a page shared by many visitors, rendered with a placeholder
  // that is replaced by each visitor's masked token (see the petitions' and procedures' page caches).
  bool csrf_verbatim = false;
  std::optional<std::string> flash_key;
  std::vector<http::SetCookie> cookies;  // to set on whatever response is sent

  const accounts::User* user() const { return session ? &session->user : nullptr; }
  bool logged_in() const { return session.has_value(); }
};

// Reads session, language and CSRF cookies (and ?lang=), refreshing a session's idle timer now and then.
Visitor ResolveVisitor(Services& services, const http::Request& request);

// The account of a personal API token sent as "Authorization: Bearer <token>", or nullopt.
std::optional<accounts::User> ApiUser(Services& services, const http::Request& request);

// True if the form's csrf field matches the visitor's token (constant time), masked or not.
bool CsrfValid(const Visitor& visitor, const http::Request& request);
// True if `sent` (a masked token, or the secret itself) is the visitor's token (constant time).
bool CsrfMatches(const Visitor& visitor, std::string_view sent);
// The token as a page or form carries it: masked afresh (see Visitor::csrf).
std::string CsrfForPage(const Visitor& visitor);
// The 403 page for a form without a valid token (an old tab, a forged request).
http::Response CsrfFailure(Services& services, const Visitor& visitor, const http::Request& request);

struct PageOptions {
  int status = 200;
  const tenancy::Tenant* tenant = nullptr;
  std::vector<web::Crumb> breadcrumbs;
  std::vector<std::string> stylesheets;  // see web::PageContext
  std::vector<std::string> scripts;
  // Further image sources for the Content-Security-Policy (e.g. a map's tile server "https://tile.example.org").
  std::vector<std::string> extra_image_sources;
};

// The header's navigation as RenderPage renders it into every page for `visitor` at `request`'s path (the page cache
// puts it into a kept page for a logged-in visitor).
std::string RenderNav(Services& services, const Visitor& visitor, const http::Request& request);

// Renders template `name` inside the layout with the visitor's language, login state and CSRF token.
http::Response RenderPage(Services& services, Visitor& visitor, const http::Request& request, std::string_view name,
                          boost::json::object model, std::string title, const PageOptions& options = {});

// The error page (HTML) or problem+json (under /api/) for `status` with a German message.
http::Response ErrorResponse(Services& services, const http::Request& request, int status, const std::string& message);
int StatusFor(ErrorKind kind);

// 303 to `location`, carrying the visitor's cookies and an optional one-time notice (a locale key).
http::Response RedirectWithFlash(Visitor& visitor, std::string location, std::string_view flash_key = {});

// A visitor who must log in first: 303 to /anmelden?next=<target>. The target is the request's own address (with its
// query for a GET; only the path for a form's POST, whose page has the same address).
http::Response LoginRequired(Visitor& visitor, const http::Request& request);
// "/anmelden" or "/registrieren" (`page`) carrying `target` as ?next= if it is a valid local target.
std::string WithNextTarget(std::string_view page, std::string_view target);

// Body gates (http::RouteOptions::before_body) for routes that take uploads or other large bodies: they decide from
// the request header, before a byte of the body is read or stored, and refuse as the route's handler would. The
// handler still checks everything itself (and the form's "csrf" field, which comes with the body).
//
//   router.Add(Method::kPost, "/{tenant}/dokumente", PostUpload,
//              {.body_limit = 20 << 20, .multipart = true,
//               .before_body = site::FormGate(services, site::HasTenantRole({accounts::Role::kEditor}))});
//
// Whether the user of a request may send its body; runs in a read transaction.
using Permission = std::function<bool(db::Tx& tx, const accounts::User& user, const http::Request& request)>;
// Holds one of `roles` in the tenant named by the path parameter `tenant_param` ({tenant}), or is a platform
// administrator.
Permission HasTenantRole(std::vector<accounts::Role> roles, std::string tenant_param = "tenant");
// A page's form: the visitor must be logged in (else the login redirect of LoginRequired) and have `may` if given
// (else the 403 page). A request a browser marks as sent from another site (Sec-Fetch-Site: cross-site), or one
// carrying a CSRF token already in the header (X-CSRF-Token) or the query (?csrf=) that is not the visitor's, gets
// the CSRF page (403).
http::BodyGate FormGate(Services& services, Permission may = {});
// The JSON API: a valid personal API token (else 401 problem+json with WWW-Authenticate: Bearer) and `may` if given
// (else 403 problem+json).
http::BodyGate ApiGate(Services& services, Permission may = {});

// Form errors in the shape the templates expect: "errors" {field: message} and "error_summary" [{field, message}].
void AddErrors(boost::json::object& model, const std::vector<Error>& errors);

// A session cookie of ours with the installation's Secure setting.
http::SetCookie MakeCookie(const Services& services, std::string_view name, std::string value,
                           std::optional<std::int64_t> max_age_seconds);

// Percent-encodes `value` for a query parameter (keeps unreserved characters and '/').
std::string QueryEscape(std::string_view value);

// Where a person goes after login, registration and confirmation ("next"): untrusted input (a query, a form field,
// a link in a mail), so it is checked wherever it is read. Accepted is a local target only: it starts with one "/",
// holds no "//" and no backslash (no scheme, no other host, however a browser reads it), only printable ASCII (no
// control characters, no spaces: a browser's own address is percent-encoded) and at most kMaxTargetLength bytes.
inline constexpr std::size_t kMaxTargetLength = 512;
std::optional<std::string> ValidLocalTarget(std::string_view next);
// ValidLocalTarget's answer, or "/" for anything it refuses.
std::string SafeNextPath(std::string_view next);
// Where a login leads: the target asked for, or "Meine Aufgaben" (kTasksPath, #14 item 10) when none was asked for
// (none, the start page — the forms' default — or one ValidLocalTarget refuses).
inline constexpr std::string_view kTasksPath = "/aufgaben";
std::string TargetAfterLogin(std::string_view next);

// Date and time as a German or English string (Europe/Berlin).
std::string FormatTime(db::UnixSeconds at, std::string_view locale);
// FormatTime with the weekday in front, for deadlines: "Donnerstag, 31.12.2026, 14:30 Uhr" (locale keys
// time.weekday_1 … time.weekday_7, Monday first).
std::string FormatDeadline(const Services& services, db::UnixSeconds at, std::string_view locale);

}  // namespace mw::site
