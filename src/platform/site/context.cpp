#include "platform/site/context.hpp"

#include <algorithm>
#include <ctime>

#include <spdlog/spdlog.h>

#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"

namespace mw::site {
namespace {

// A session's last_seen_at is written at most this often, so that browsing stays read-only.
constexpr db::UnixSeconds kTouchInterval = 300;

bool IsFlashKey(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || c == '_' || c == '.')) return false;
  }
  return true;
}

}  // namespace

http::SetCookie MakeCookie(const Services& services, std::string_view name, std::string value,
                           std::optional<std::int64_t> max_age_seconds) {
  http::SetCookie cookie;
  cookie.name = std::string(name);
  cookie.value = std::move(value);
  cookie.max_age_seconds = max_age_seconds;
  cookie.secure = services.config.secure_cookies;
  cookie.http_only = true;
  cookie.same_site = "Lax";
  return cookie;
}

Visitor ResolveVisitor(Services& services, const http::Request& request) {
  Visitor visitor;
  db::UnixSeconds now = services.now();

  std::string lang = request.Query("lang");
  if (web::IsSupportedLocale(lang)) {
    visitor.locale = lang;
    visitor.cookies.push_back(MakeCookie(services, kLangCookie, lang, 365 * 24 * 3600));
  } else if (auto cookie = request.Cookie(kLangCookie); cookie && web::IsSupportedLocale(*cookie)) {
    visitor.locale = *cookie;
  }

  if (auto token = request.Cookie(kSessionCookie)) {
    visitor.session = services.db.Read([&](db::Tx& tx) { return accounts::FindSession(tx, *token, now); });
    if (visitor.session && now - visitor.session->last_seen_at > kTouchInterval) {
      services.db.Write([&](db::Tx& tx) { accounts::TouchSession(tx, visitor.session->token_hash, now); });
    }
    if (!visitor.session) {
      // The cookie of a session that ended lately stays until its row is purged: a long form sent with it can still
      // be kept as its owner's draft (drafts.hpp), even if another page was opened after the end.
      bool ended = services.db.Read([&](db::Tx& tx) { return accounts::FindEndedSession(tx, *token, now).has_value(); });
      if (!ended) visitor.cookies.push_back(MakeCookie(services, kSessionCookie, "", 0));
    }
  }

  if (visitor.session) {
    visitor.csrf = visitor.session->csrf_token;
    if (!web::IsSupportedLocale(lang) && !request.Cookie(kLangCookie)) visitor.locale = visitor.session->user.locale;
  } else if (auto cookie = request.Cookie(kCsrfCookie); cookie && cookie->size() >= 32 && cookie->size() <= 64) {
    visitor.csrf = *cookie;
  } else {
    visitor.csrf = RandomToken();
    visitor.cookies.push_back(MakeCookie(services, kCsrfCookie, visitor.csrf, std::nullopt));
  }

  if (auto flash = request.Cookie(kFlashCookie)) {
    if (IsFlashKey(*flash)) visitor.flash_key = *flash;
    visitor.cookies.push_back(MakeCookie(services, kFlashCookie, "", 0));
  }
  return visitor;
}

std::optional<accounts::User> ApiUser(Services& services, const http::Request& request) {
  auto header = request.Header("authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (!header || header->size() <= kPrefix.size() || header->compare(0, kPrefix.size(), kPrefix) != 0) {
    return std::nullopt;
  }
  std::string token = header->substr(kPrefix.size());
  db::UnixSeconds now = services.now();
  return services.db.Read([&](db::Tx& tx) { return accounts::FindUserByApiToken(tx, token, now); });
}

bool CsrfMatches(const Visitor& visitor, std::string_view sent) {
  if (sent.empty() || visitor.csrf.empty()) return false;
  // The secret itself (a client that read it from the cookie) or, as pages carry it, masked.
  if (sent.size() == visitor.csrf.size()) return ConstantTimeEquals(sent, visitor.csrf);
  auto unmasked = UnmaskToken(sent);
  return unmasked && ConstantTimeEquals(*unmasked, visitor.csrf);
}

bool CsrfValid(const Visitor& visitor, const http::Request& request) {
  return CsrfMatches(visitor, request.Form("csrf"));
}

std::string CsrfForPage(const Visitor& visitor) {
  return visitor.csrf_verbatim ? visitor.csrf : MaskToken(visitor.csrf);
}

http::Response CsrfFailure(Services& services, const Visitor& visitor, const http::Request& request) {
  return ErrorResponse(services, request, 403, services.renderer.T(visitor.locale, "error.csrf"));
}

int StatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid: return 400;
    case ErrorKind::kUnauthorized: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kTooLarge: return 413;
    case ErrorKind::kRateLimited: return 429;
    case ErrorKind::kUnavailable: return 503;
  }
  return 400;
}

// What the header's navigation shows: the visitor's language, login state and token, the page's path and the formats'
// sections. RenderPage adds the rest; RenderNav renders the navigation alone from the same.
namespace {
web::PageContext NavContext(Services& services, const Visitor& visitor, const http::Request& request) {
  web::PageContext page;
  page.locale = visitor.locale;
  page.csrf_token = CsrfForPage(visitor);
  if (const auto* user = visitor.user()) {
    page.user_name = user->name;
    page.is_platform_admin = user->is_platform_admin;
  }
  page.current_path = request.path;
  // #14 item 1: every format's participation in one list, searchable by place.
  if (!services.participation_sources.empty()) {
    page.nav_links.emplace_back(services.renderer.T(visitor.locale, "nav.participation"), "/beteiligung");
  }
  for (const auto& section : services.sections) {
    if (!section.href.empty()) page.nav_links.emplace_back(services.renderer.T(visitor.locale, section.label_key), section.href);
  }
  return page;
}
}  // namespace

std::string RenderNav(Services& services, const Visitor& visitor, const http::Request& request) {
  return services.renderer.Nav(NavContext(services, visitor, request));
}

http::Response RenderPage(Services& services, Visitor& visitor, const http::Request& request, std::string_view name,
                          boost::json::object model, std::string title, const PageOptions& options) {
  web::PageContext page = NavContext(services, visitor, request);
  page.title = std::move(title);
  if (options.tenant) {
    page.tenant_slug = options.tenant->slug;
    page.tenant_name = options.tenant->name;
  }
  if (visitor.flash_key) page.flash.push_back(services.renderer.T(visitor.locale, *visitor.flash_key));
  page.breadcrumbs = options.breadcrumbs;
  page.stylesheets = options.stylesheets;
  page.scripts = options.scripts;
  http::Response response = http::Response::Html(options.status, services.renderer.Page(name, model, page));
  // Pages may carry personal data or a CSRF token: never store them in shared caches.
  response.SetHeader("Cache-Control", visitor.logged_in() ? "private, no-store" : "no-cache");
  response.SetHeader("Content-Language", visitor.locale);
  if (!options.extra_image_sources.empty()) {
    response.SetHeader("Content-Security-Policy", http::ContentSecurityPolicy(options.extra_image_sources));
  }
  response.cookies = visitor.cookies;
  return response;
}

http::Response ErrorResponse(Services& services, const http::Request& request, int status, const std::string& message) {
  if (request.path.rfind("/api/", 0) == 0) {
    return http::Response::Problem(status, services.renderer.T("de", "error.title"), message);
  }
  web::PageContext page;
  page.locale = "de";
  if (auto cookie = request.Cookie(kLangCookie); cookie && web::IsSupportedLocale(*cookie)) page.locale = *cookie;
  // The header shows the same login state as every other page; if even that fails, the page is still rendered.
  try {
    Visitor visitor = ResolveVisitor(services, request);
    page.locale = visitor.locale;
    page.csrf_token = CsrfForPage(visitor);
    if (const auto* user = visitor.user()) {
      page.user_name = user->name;
      page.is_platform_admin = user->is_platform_admin;
    }
  } catch (const std::exception& error) {
    spdlog::warn("error page without visitor: {}", error.what());
  }
  page.title = services.renderer.T(page.locale, "error.title");
  page.current_path = "/";
  boost::json::object model{{"status", status}, {"message", message}};
  try {
    return http::Response::Html(status, services.renderer.Page("error", model, page));
  } catch (const std::exception& error) {
    spdlog::error("error page could not be rendered: {}", error.what());
    return http::Response::Text(status, message);
  }
}

http::Response RedirectWithFlash(Visitor& visitor, std::string location, std::string_view flash_key) {
  http::Response response = http::Response::Redirect(std::move(location));
  response.cookies = visitor.cookies;
  if (!flash_key.empty()) {
    http::SetCookie flash;
    flash.name = std::string(kFlashCookie);
    flash.value = std::string(flash_key);
    flash.max_age_seconds = 60;
    // Same attributes as our other cookies; the value is only a message key.
    for (const auto& cookie : visitor.cookies) flash.secure = flash.secure || cookie.secure;
    response.cookies.push_back(flash);
  }
  return response;
}

std::string QueryEscape(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

http::Response LoginRequired(Visitor& visitor, const http::Request& request) {
  // The raw target (percent-encoded as the browser sent it), so that the way back is the same address.
  std::string_view target = request.target;
  if (request.method != http::Method::kGet) target = target.substr(0, target.find('?'));
  return RedirectWithFlash(visitor, WithNextTarget("/anmelden", target), "flash.login_required");
}

std::string WithNextTarget(std::string_view page, std::string_view target) {
  auto valid = ValidLocalTarget(target);
  if (!valid || *valid == "/") return std::string(page);
  return std::string(page) + "?next=" + QueryEscape(*valid);
}

Permission HasTenantRole(std::vector<accounts::Role> roles, std::string tenant_param) {
  return [roles = std::move(roles), tenant_param = std::move(tenant_param)](db::Tx& tx, const accounts::User& user,
                                                                            const http::Request& request) {
    if (user.is_platform_admin) return true;
    auto tenant = tenancy::FindBySlug(tx, request.PathParam(tenant_param));
    if (!tenant) return false;
    return std::any_of(roles.begin(), roles.end(),
                       [&](accounts::Role role) { return accounts::HasRole(tx, user.id, tenant->id, role); });
  };
}

http::BodyGate FormGate(Services& services, Permission may) {
  return [&services, may = std::move(may)](const http::Request& request) -> std::optional<http::Response> {
    Visitor visitor = ResolveVisitor(services, request);
    if (!visitor.logged_in()) return LoginRequired(visitor, request);
    // Sent from a page of another site: a forged request (browsers set Sec-Fetch-Site; a page cannot change it).
    if (request.Header("sec-fetch-site") == "cross-site") return CsrfFailure(services, visitor, request);
    std::string early_token = request.Header("x-csrf-token").value_or(request.Query("csrf"));
    if (!early_token.empty() && !CsrfMatches(visitor, early_token)) return CsrfFailure(services, visitor, request);
    if (may && !services.db.Read([&](db::Tx& tx) { return may(tx, *visitor.user(), request); })) {
      http::Response page =
          ErrorResponse(services, request, 403, services.renderer.T(visitor.locale, "error.forbidden"));
      page.cookies = visitor.cookies;
      return page;
    }
    return std::nullopt;
  };
}

http::BodyGate ApiGate(Services& services, Permission may) {
  return [&services, may = std::move(may)](const http::Request& request) -> std::optional<http::Response> {
    auto user = ApiUser(services, request);
    if (!user) {
      auto response = http::Response::Problem(401, "Nicht angemeldet",
                                              "Bitte senden Sie ein gültiges persönliches API-Token als "
                                              "Authorization: Bearer.");
      response.SetHeader("WWW-Authenticate", "Bearer");
      return response;
    }
    if (may && !services.db.Read([&](db::Tx& tx) { return may(tx, *user, request); })) {
      return http::Response::Problem(403, "Keine Berechtigung",
                                     "Ihr API-Token berechtigt nicht zu dieser Anfrage.");
    }
    return std::nullopt;
  };
}

void AddErrors(boost::json::object& model, const std::vector<Error>& errors) {
  boost::json::object by_field;
  boost::json::array summary;
  for (const auto& error : errors) {
    std::string field = error.field.empty() ? "form" : error.field;
    if (!by_field.contains(field)) by_field[field] = error.message;
    summary.push_back(boost::json::object{{"field", field}, {"message", error.message}});
  }
  model["errors"] = std::move(by_field);
  model["error_summary"] = std::move(summary);
}

std::optional<std::string> ValidLocalTarget(std::string_view next) {
  if (next.empty() || next.front() != '/' || next.size() > kMaxTargetLength) return std::nullopt;
  // "//host" and "/\host" are other hosts to a browser; a "//" later on is refused too, so that no part of a target
  // is ever read as an authority.
  if (next.find("//") != std::string_view::npos) return std::nullopt;
  for (char c : next) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || c == '\\') return std::nullopt;
  }
  return std::string(next);
}

std::string SafeNextPath(std::string_view next) { return ValidLocalTarget(next).value_or("/"); }

std::string TargetAfterLogin(std::string_view next) {
  auto valid = ValidLocalTarget(next);
  return valid && *valid != "/" ? *valid : std::string(kTasksPath);
}

std::string FormatTime(db::UnixSeconds at, std::string_view locale) {
  std::time_t time = static_cast<std::time_t>(at);
  std::tm local{};
  localtime_r(&time, &local);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, locale == "en" ? "%Y-%m-%d %H:%M" : "%d.%m.%Y, %H:%M Uhr", &local);
  return buffer;
}

std::string FormatDeadline(const Services& services, db::UnixSeconds at, std::string_view locale) {
  std::time_t time = static_cast<std::time_t>(at);
  std::tm local{};
  localtime_r(&time, &local);
  const int weekday = local.tm_wday == 0 ? 7 : local.tm_wday;  // tm_wday: 0 is Sunday
  return services.renderer.T(std::string(locale), "time.weekday_" + std::to_string(weekday), {}) + ", " +
         FormatTime(at, locale);
}

}  // namespace mw::site
