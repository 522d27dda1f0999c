// The second factor (Zwei-Faktor-Anmeldung, #15 item 4): enrolment on /konto/zwei-faktor (QR code and secret, a
// first code, ten recovery codes shown once), disabling with the password and a current code, and the login's step
// /anmelden/zweiter-faktor between a right password and the session.
#include <qrencode.h>

#include "platform/accounts/second_factor.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/site/pages.hpp"

namespace mw::site {
namespace {

constexpr std::string_view kIssuer = "mitwirken";
constexpr std::size_t kMaxCodeLength = 32;
// Codes tried per address in the login step (besides the attempts per pending login).
constexpr limits::Rule kSecondFactorPerIp{.limit = 30, .window_seconds = 900};
constexpr limits::Rule kSecondFactorPerAccount{.limit = 10, .window_seconds = 900};
constexpr db::UnixSeconds kFreshProviderLogin = 15 * 60;

audit::Entry Audit(const accounts::User& user, std::string action, const http::Request& request) {
  return audit::Entry{.actor_user_id = user.id,
                      .actor_label = user.email,
                      .action = std::move(action),
                      .object = "user:" + std::to_string(user.id),
                      .remote_ip = request.remote_ip};
}

// The QR code of `text` as an SVG: one path of dark modules, four modules of quiet zone.
std::string QrSvg(const std::string& text) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) return {};
  int width = code->width;
  int size = width + 8;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (code->data[y * width + x] & 1) {
        path += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
      }
    }
  }
  QRcode_free(code);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
         std::to_string(size) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
         "<path fill=\"#000\" d=\"" +
         path + "\"/></svg>";
}

std::string CodeField(const http::Request& request) {
  std::string code = request.Form("code");
  return code.size() > kMaxCodeLength ? std::string() : code;
}

http::Response ShowSecondFactor(Services& services, Visitor& visitor, const http::Request& request,
                                boost::json::object model, int status = 200) {
  const accounts::User& user = *visitor.user();
  auto state = services.db.Read([&](db::Tx& tx) { return accounts::FindTotp(tx, user.id); });
  model["enabled"] = state.enabled;
  model["enrolling"] = !state.enabled && !state.secret_base32.empty();
  if (!state.enabled && !state.secret_base32.empty()) {
    model["secret_grouped"] = accounts::GroupedForTyping(state.secret_base32);
  }
  if (state.enabled) {
    model["recovery_left"] = services.db.Read([&](db::Tx& tx) { return accounts::UnusedRecoveryCodes(tx, user.id); });
    model["has_password"] = services.db.Read([&](db::Tx& tx) { return accounts::HasPassword(tx, user.id); });
  }
  model["required"] = LacksSecondFactorForPlatformAdmin(services, visitor) || services.db.Read([&](db::Tx& tx) {
    return accounts::TenantRolesWaitForSecondFactor(tx, user.id);
  });
  return RenderPage(services, visitor, request, "second_factor", std::move(model),
                    services.renderer.T(visitor.locale, "second_factor.title"),
                    {.status = status,
                     .breadcrumbs = {{services.renderer.T(visitor.locale, "account.title"), "/konto"},
                                     {services.renderer.T(visitor.locale, "second_factor.title"), ""}}});
}

http::Response WithError(Services& services, Visitor& visitor, const http::Request& request, std::string_view key,
                         int status, boost::json::object model = {}) {
  AddErrors(model, {Error{ErrorKind::kInvalid, services.renderer.T(visitor.locale, key), "code"}});
  return ShowSecondFactor(services, visitor, request, std::move(model), status);
}

http::Response ShowLoginStep(Services& services, Visitor& visitor, const http::Request& request,
                             const std::vector<Error>& errors, int status) {
  boost::json::object model;
  AddErrors(model, errors);
  return RenderPage(services, visitor, request, "second_factor_login", std::move(model),
                    services.renderer.T(visitor.locale, "second_factor.login_title"), {.status = status});
}

}  // namespace

bool LacksSecondFactorForPlatformAdmin(Services& services, const Visitor& visitor) {
  const accounts::User* user = visitor.user();
  if (!user || user->is_platform_admin) return false;
  return services.db.Read([&](db::Tx& tx) { return accounts::IsPlatformAdminAccount(tx, user->id); });
}

std::optional<http::Response> BeginSecondFactorStep(Services& services, Visitor& visitor, const accounts::User& user,
                                                    std::string_view next) {
  bool has_totp = services.db.Read([&](db::Tx& tx) { return accounts::HasTotp(tx, user.id); });
  if (!has_totp) return std::nullopt;
  std::string browser_token = RandomToken();
  services.db.Write([&](db::Tx& tx) { accounts::BeginSecondFactor(tx, browser_token, user.id, next, services.now()); });
  visitor.cookies.push_back(
      MakeCookie(services, kSecondFactorCookie, browser_token, accounts::kSecondFactorPendingLifetime));
  return RedirectWithFlash(visitor, "/anmelden/zweiter-faktor");
}

http::Response GetSecondFactorLogin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (visitor.logged_in()) return RedirectWithFlash(visitor, std::string(kTasksPath));
  auto cookie = request.Cookie(kSecondFactorCookie);
  auto pending =
      cookie ? services.db.Read([&](db::Tx& tx) { return accounts::FindSecondFactor(tx, *cookie, services.now()); })
             : std::nullopt;
  if (!pending) return RedirectWithFlash(visitor, "/anmelden", "flash.second_factor_expired");
  return ShowLoginStep(services, visitor, request, {}, 200);
}

http::Response PostSecondFactorLogin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto cookie = request.Cookie(kSecondFactorCookie);
  auto pending = cookie ? services.db.Read([&](db::Tx& tx) { return accounts::FindSecondFactor(tx, *cookie, now); })
                        : std::nullopt;
  if (!pending) return RedirectWithFlash(visitor, "/anmelden", "flash.second_factor_expired");
  if (!services.limiter.Allow("second-factor-ip:" + request.remote_ip, kSecondFactorPerIp, now) ||
      !services.limiter.Allow("second-factor-account:" + std::to_string(pending->user_id), kSecondFactorPerAccount,
                              now)) {
    return ShowLoginStep(
        services, visitor, request,
        {Error{ErrorKind::kRateLimited, services.renderer.T(visitor.locale, "error.rate_limited"), "code"}}, 429);
  }
  std::string code = CodeField(request);
  struct Outcome {
    std::optional<accounts::Session> session;
    bool by_recovery_code = false;
    bool ended = false;
  };
  auto outcome = services.db.Write([&](db::Tx& tx) {
    Outcome result;
    auto user = accounts::FindUserById(tx, pending->user_id);
    if (!user) return result;
    bool ok = accounts::UseTotp(tx, user->id, code, now);
    if (!ok && accounts::UseRecoveryCode(tx, user->id, code, now)) {
      ok = true;
      result.by_recovery_code = true;
    }
    if (!ok) {
      if (accounts::CountSecondFactorAttempt(tx, *cookie) >= accounts::kSecondFactorAttempts) {
        accounts::EndSecondFactor(tx, *cookie);
        result.ended = true;
      }
      audit::Record(tx, Audit(*user, "user.second_factor_failed", request), now);
      return result;
    }
    accounts::EndSecondFactor(tx, *cookie);
    accounts::RecordLogin(tx, user->id, now);
    if (result.by_recovery_code) audit::Record(tx, Audit(*user, "user.recovery_code_used", request), now);
    result.session = accounts::CreateSession(tx, *user, now);
    return result;
  });
  if (!outcome.session) {
    if (outcome.ended) {
      visitor.cookies.push_back(MakeCookie(services, kSecondFactorCookie, "", 0));
      return RedirectWithFlash(visitor, "/anmelden", "flash.second_factor_expired");
    }
    return ShowLoginStep(
        services, visitor, request,
        {Error{ErrorKind::kUnauthorized, services.renderer.T(visitor.locale, "second_factor.wrong_code"), "code"}},
        401);
  }
  visitor.cookies.push_back(MakeCookie(services, kSecondFactorCookie, "", 0));
  visitor.cookies.push_back(
      MakeCookie(services, kSessionCookie, outcome.session->token, accounts::kSessionAbsoluteLifetime));
  return RedirectWithFlash(visitor, TargetAfterLogin(pending->next_target), "flash.logged_in");
}

http::Response GetSecondFactor(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  return ShowSecondFactor(services, visitor, request, {});
}

http::Response GetSecondFactorQr(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return ErrorResponse(services, request, 404, "Nicht gefunden.");
  auto state = services.db.Read([&](db::Tx& tx) { return accounts::FindTotp(tx, visitor.user()->id); });
  if (state.enabled || state.secret_base32.empty()) {
    return ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "second_factor.no_enrolment"));
  }
  http::Response response;
  response.body = QrSvg(accounts::TotpUri(state.secret_base32, kIssuer, visitor.user()->email));
  response.SetHeader("Content-Type", "image/svg+xml");
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

http::Response PostSecondFactorBegin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  services.db.Write([&](db::Tx& tx) { accounts::BeginTotp(tx, visitor.user()->id, services.now()); });
  return RedirectWithFlash(visitor, "/konto/zwei-faktor");
}

http::Response PostSecondFactorConfirm(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User& user = *visitor.user();
  std::string code = CodeField(request);
  auto codes = services.db.Write([&](db::Tx& tx) -> std::optional<std::vector<std::string>> {
    if (!accounts::ConfirmTotp(tx, user.id, code, now)) return std::nullopt;
    audit::Record(tx, Audit(user, "user.second_factor_enabled", request), now);
    return accounts::NewRecoveryCodes(tx, user.id);
  });
  if (!codes) return WithError(services, visitor, request, "second_factor.wrong_code", 422);
  // The recovery codes are shown in this answer only.
  boost::json::array shown;
  for (const auto& recovery : *codes) shown.push_back(boost::json::string(recovery));
  boost::json::object model{{"recovery_codes", std::move(shown)}, {"has_recovery_codes", true}};
  auto response = ShowSecondFactor(services, visitor, request, std::move(model));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

http::Response PostSecondFactorDisable(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User& user = *visitor.user();
  bool has_password = services.db.Read([&](db::Tx& tx) { return accounts::HasPassword(tx, user.id); });
  bool owner = has_password
                   ? IsCurrentPassword(services, user, request.Form("password"))
                   : !visitor.session->origin.by_password() && now - visitor.session->created_at <= kFreshProviderLogin;
  if (!owner) return WithError(services, visitor, request, "second_factor.owner_not_confirmed", 403);
  std::string code = CodeField(request);
  bool disabled = services.db.Write([&](db::Tx& tx) {
    if (!accounts::UseTotp(tx, user.id, code, now)) return false;
    accounts::DisableTotp(tx, user.id);
    audit::Record(tx, Audit(user, "user.second_factor_disabled", request), now);
    return true;
  });
  if (!disabled) return WithError(services, visitor, request, "second_factor.wrong_code", 422);
  return RedirectWithFlash(visitor, "/konto/zwei-faktor", "flash.second_factor_disabled");
}

}  // namespace mw::site
