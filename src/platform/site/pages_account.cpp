// Account pages: register, confirm, login, logout, password reset, the account page with export and deletion,
// organisation members and personal API tokens.
#include "platform/site/pages.hpp"

#include <spdlog/spdlog.h>

#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/site/mails.hpp"

namespace mw::site {
namespace {

constexpr limits::Rule kLoginPerIp{.limit = 50, .window_seconds = 600};
constexpr limits::Rule kLoginPerAccount{.limit = 10, .window_seconds = 900};
constexpr limits::Rule kRegisterPerIp{.limit = 20, .window_seconds = 3600};
constexpr limits::Rule kMailPerAddress{.limit = 5, .window_seconds = 3600};

http::Response TooManyAttempts(Services& services, Visitor& visitor, const http::Request& request) {
  boost::json::object model{{"status", 429}, {"message", services.renderer.T(visitor.locale, "error.rate_limited")}};
  auto response = RenderPage(services, visitor, request, "error", std::move(model),
                             services.renderer.T(visitor.locale, "error.title"), {.status = 429});
  response.SetHeader("Retry-After", "600");
  return response;
}

audit::Entry UserAudit(const accounts::User& user, std::string action, const http::Request& request) {
  return audit::Entry{.actor_user_id = user.id,
                      .actor_label = user.email,
                      .action = std::move(action),
                      .object = "user:" + std::to_string(user.id),
                      .remote_ip = request.remote_ip};
}

http::Response ShowLogin(Services& services, Visitor& visitor, const http::Request& request, boost::json::object model,
                         int status = 200) {
  if (!model.contains("next")) model["next"] = SafeNextPath(request.Query("next"));
  if (!model.contains("values")) model["values"] = boost::json::object{{"email", ""}};
  return RenderPage(services, visitor, request, "login", std::move(model),
                    services.renderer.T(visitor.locale, "login.title"), {.status = status});
}

http::Response ShowRegister(Services& services, Visitor& visitor, const http::Request& request,
                            const accounts::Registration& form, const std::vector<Error>& errors, int status) {
  boost::json::object model{
      {"values", boost::json::object{{"name", form.name},
                                     {"email", form.email},
                                     {"account_type", form.as_organisation ? "organisation" : "citizen"},
                                     {"account_type_citizen", !form.as_organisation},
                                     {"account_type_organisation", form.as_organisation},
                                     {"organisation_name", form.organisation_name},
                                     {"consent", form.consent}}}};
  AddErrors(model, errors);
  return RenderPage(services, visitor, request, "register", std::move(model),
                    services.renderer.T(visitor.locale, "register.title"), {.status = status});
}

// The account page; `model` may carry the token form's "values" and "errors" after a failed attempt.
http::Response ShowAccount(Services& services, Visitor& visitor, const http::Request& request,
                           boost::json::object model, int status = 200) {
  const accounts::User& user = *visitor.user();
  db::UnixSeconds now = services.now();
  services.db.Read([&](db::Tx& tx) {
    model["user"] = boost::json::object{
        {"name", user.name},
        {"email", user.email},
        {"created", FormatTime(user.created_at, visitor.locale)},
        {"account_type_label", services.renderer.T(visitor.locale, user.organisation_id ? "account.type_organisation"
                                                                                        : "account.type_citizen")}};
    if (user.organisation_id) {
      if (auto organisation = accounts::FindOrganisation(tx, *user.organisation_id)) {
        boost::json::array members;
        for (const auto& member : organisation->members) {
          members.push_back(boost::json::object{{"name", member.name}, {"email", member.email}});
        }
        model["organisation"] = boost::json::object{
            {"name", organisation->name}, {"members", std::move(members)}, {"is_admin", user.is_org_admin}};
      }
    }
    boost::json::array roles;
    for (const auto& grant : accounts::RolesOf(tx, user.id)) {
      roles.push_back(boost::json::object{
          {"tenant_name", grant.tenant_name},
          {"tenant_slug", grant.tenant_slug},
          {"role_label", services.renderer.T(visitor.locale, "role." + std::string(accounts::RoleName(grant.role)))}});
    }
    model["roles"] = std::move(roles);
    boost::json::array tokens;
    for (const auto& token : accounts::ListApiTokens(tx, user.id, now)) {
      tokens.push_back(boost::json::object{{"id", token.id},
                                           {"label", token.label},
                                           {"created", FormatTime(token.created_at, visitor.locale)},
                                           {"revoke_action", "/konto/tokens/" + token.id + "/widerrufen"}});
    }
    model["tokens"] = std::move(tokens);
  });
  model["tokens_hint"] =
      services.renderer.T(visitor.locale, "account.tokens.hint",
                          {{"length", std::to_string(accounts::kMaxApiTokenLabelLength)},
                           {"count", std::to_string(accounts::kMaxActiveApiTokens)}});
  if (!model.contains("values")) model["values"] = boost::json::object{{"label", ""}};
  model["is_platform_admin"] = user.is_platform_admin;
  std::string title = services.renderer.T(visitor.locale, "account.title");
  if (model.contains("error_summary")) {
    title = services.renderer.T(visitor.locale, "account.tokens.error_prefix") + title;
  }
  return RenderPage(services, visitor, request, "account", std::move(model), std::move(title), {.status = status});
}

}  // namespace

http::Response GetLogin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (visitor.logged_in()) return RedirectWithFlash(visitor, SafeNextPath(request.Query("next")));
  return ShowLogin(services, visitor, request, {});
}

http::Response PostLogin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  std::string email = request.Form("email");
  std::string next = SafeNextPath(request.Form("next"));
  boost::json::object model{{"values", boost::json::object{{"email", email}}}, {"next", next}};

  auto normalized = accounts::NormalizeEmail(email);
  std::string account_bucket = "login-account:" + (normalized ? *normalized : std::string("invalid"));
  if (!services.limiter.Allow("login-ip:" + request.remote_ip, kLoginPerIp, now) ||
      services.limiter.IsBlocked(account_bucket, kLoginPerAccount, now)) {
    return TooManyAttempts(services, visitor, request);
  }

  auto credentials = services.db.Read([&](db::Tx& tx) { return accounts::FindCredentials(tx, email); });
  // Verify even for unknown addresses so that the answer time does not reveal which addresses have accounts.
  static const std::string kDummyHash = HashPassword("mitwirken-dummy-password");
  bool password_ok = VerifyPassword(credentials ? credentials->password_hash : kDummyHash, request.Form("password"));
  if (!credentials || !password_ok) {
    services.limiter.Allow(account_bucket, kLoginPerAccount, now);
    AddErrors(model, {Error{ErrorKind::kUnauthorized, services.renderer.T(visitor.locale, "login.failed"), "email"}});
    return ShowLogin(services, visitor, request, std::move(model), 401);
  }
  if (!credentials->user.confirmed()) {
    AddErrors(model, {Error{ErrorKind::kForbidden, services.renderer.T(visitor.locale, "login.unconfirmed"), "email"}});
    model["show_resend"] = true;
    return ShowLogin(services, visitor, request, std::move(model), 403);
  }
  auto session = services.db.Write([&](db::Tx& tx) {
    accounts::RecordLogin(tx, credentials->user.id, now);
    return accounts::CreateSession(tx, credentials->user, now);
  });
  visitor.cookies.push_back(MakeCookie(services, kSessionCookie, session.token, accounts::kSessionAbsoluteLifetime));
  return RedirectWithFlash(visitor, next, "flash.logged_in");
}

http::Response PostLogout(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (visitor.logged_in()) {
    if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
    auto token = request.Cookie(kSessionCookie);
    services.db.Write([&](db::Tx& tx) { accounts::DeleteSession(tx, *token); });
  }
  visitor.cookies.push_back(MakeCookie(services, kSessionCookie, "", 0));
  return RedirectWithFlash(visitor, "/", "flash.logged_out");
}

http::Response GetRegister(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  return ShowRegister(services, visitor, request, {}, {}, 200);
}

http::Response PostRegister(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  accounts::Registration form;
  form.name = request.Form("name");
  form.email = request.Form("email");
  form.password = request.Form("password");
  form.password_confirm = request.Form("password_confirm");
  form.as_organisation = request.Form("account_type") == "organisation";
  form.organisation_name = request.Form("organisation_name");
  form.consent = !request.Form("consent").empty();
  form.locale = visitor.locale;
  // A honeypot field that people never see (hidden by CSS and from assistive technology); bots fill it.
  if (!request.Form("website").empty()) {
    spdlog::info("registration honeypot triggered from {}", request.remote_ip);
    return RedirectWithFlash(visitor, "/registrieren/gesendet");
  }
  if (!services.limiter.Allow("register-ip:" + request.remote_ip, kRegisterPerIp, now)) {
    return TooManyAttempts(services, visitor, request);
  }
  auto errors = accounts::ValidateRegistration(form);
  if (!errors.empty()) return ShowRegister(services, visitor, request, form, errors, 422);

  std::string hash = HashPassword(form.password);
  auto created = services.db.Write([&](db::Tx& tx) -> Result<accounts::NewAccount> {
    auto account = accounts::Register(tx, form, hash, now);
    if (!account) return account;
    QueueMail(tx, ComposeMail(services, "confirm", account->user, {{"token", account->confirm_token}}, "registration"),
              now);
    audit::Record(tx, UserAudit(account->user, "user.register", request), now);
    return account;
  });
  if (!created)
    return ShowRegister(services, visitor, request, form, {created.error()}, StatusFor(created.error().kind));
  if (services.notify_outbox) services.notify_outbox();
  http::Response response =
      RedirectWithFlash(visitor, "/registrieren/gesendet?email=" + QueryEscape(created->user.email));
  return response;
}

http::Response GetRegisterDone(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  return RenderPage(services, visitor, request, "register_done", {{"email", request.Query("email")}},
                    services.renderer.T(visitor.locale, "register_done.title"));
}

http::Response PostResendConfirmation(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  std::string email = request.Form("email");
  auto normalized = accounts::NormalizeEmail(email);
  if (normalized && services.limiter.Allow("mail-address:" + *normalized, kMailPerAddress, now)) {
    bool queued = services.db.Write([&](db::Tx& tx) {
      auto renewed = accounts::RenewConfirmation(tx, *normalized, now);
      if (!renewed) return false;
      QueueMail(tx,
                ComposeMail(services, "confirm", renewed->user, {{"token", renewed->confirm_token}}, "registration"),
                now);
      return true;
    });
    if (queued && services.notify_outbox) services.notify_outbox();
  }
  return RedirectWithFlash(visitor, "/registrieren/gesendet?email=" + QueryEscape(normalized ? *normalized : email));
}

http::Response GetConfirm(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  // Confirmation needs a click (POST): mail scanners that open links must not confirm on their own.
  return RenderPage(services, visitor, request, "confirm", {{"token", request.Query("token")}, {"pending", true}},
                    services.renderer.T(visitor.locale, "confirm.title"));
}

http::Response PostConfirm(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto confirmed = services.db.Write([&](db::Tx& tx) -> Result<accounts::User> {
    auto user = accounts::ConfirmEmail(tx, request.Form("token"), now);
    if (user) audit::Record(tx, UserAudit(*user, "user.confirm", request), now);
    return user;
  });
  boost::json::object model{
      {"ok", confirmed.has_value()},
      {"message", confirmed ? services.renderer.T(visitor.locale, "confirm.success") : confirmed.error().message}};
  return RenderPage(services, visitor, request, "confirm", std::move(model),
                    services.renderer.T(visitor.locale, "confirm.title"), {.status = confirmed ? 200 : 400});
}

http::Response GetPasswordForgot(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  return RenderPage(services, visitor, request, "password_forgot", {{"values", boost::json::object{{"email", ""}}}},
                    services.renderer.T(visitor.locale, "password_forgot.title"));
}

http::Response PostPasswordForgot(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  std::string email = request.Form("email");
  auto normalized = accounts::NormalizeEmail(email);
  if (!normalized) {
    boost::json::object model{{"values", boost::json::object{{"email", email}}}};
    AddErrors(model, {normalized.error()});
    return RenderPage(services, visitor, request, "password_forgot", std::move(model),
                      services.renderer.T(visitor.locale, "password_forgot.title"), {.status = 422});
  }
  if (services.limiter.Allow("mail-address:" + *normalized, kMailPerAddress, now) &&
      services.limiter.Allow("reset-ip:" + request.remote_ip, kRegisterPerIp, now)) {
    bool queued = services.db.Write([&](db::Tx& tx) {
      auto ticket = accounts::StartPasswordReset(tx, *normalized, now);
      if (!ticket) return false;
      QueueMail(tx, ComposeMail(services, "reset", ticket->user, {{"token", ticket->token}}, "password-reset"), now);
      return true;
    });
    if (queued && services.notify_outbox) services.notify_outbox();
  }
  // The same answer whether or not an account exists.
  return RenderPage(services, visitor, request, "password_forgot_done", {{"email", *normalized}},
                    services.renderer.T(visitor.locale, "password_forgot.title"));
}

http::Response GetPasswordReset(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  std::string token = request.Query("token");
  db::UnixSeconds now = services.now();
  bool valid = services.db.Read([&](db::Tx& tx) { return accounts::IsResetTokenValid(tx, token, now); });
  if (!valid) {
    return ErrorResponse(services, request, 400, services.renderer.T(visitor.locale, "password_reset.invalid"));
  }
  return RenderPage(services, visitor, request, "password_reset", {{"token", token}},
                    services.renderer.T(visitor.locale, "password_reset.title"));
}

http::Response PostPasswordReset(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  std::string token = request.Form("token");
  auto valid = accounts::ValidatePassword(request.Form("password"), request.Form("password_confirm"));
  if (!valid) {
    boost::json::object model{{"token", token}};
    AddErrors(model, {valid.error()});
    return RenderPage(services, visitor, request, "password_reset", std::move(model),
                      services.renderer.T(visitor.locale, "password_reset.title"), {.status = 422});
  }
  std::string hash = HashPassword(request.Form("password"));
  auto reset = services.db.Write([&](db::Tx& tx) -> Result<accounts::User> {
    auto user = accounts::ResetPassword(tx, token, hash, now);
    if (user) audit::Record(tx, UserAudit(*user, "user.password_reset", request), now);
    return user;
  });
  if (!reset) return ErrorResponse(services, request, 400, reset.error().message);
  return RedirectWithFlash(visitor, "/anmelden", "flash.password_changed");
}

http::Response GetAccount(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  return ShowAccount(services, visitor, request, {});
}

http::Response GetAccountExport(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  db::UnixSeconds now = services.now();
  std::string data = services.db.Write([&](db::Tx& tx) {
    audit::Record(tx, UserAudit(*visitor.user(), "user.export", request), now);
    boost::json::object out = boost::json::parse(accounts::ExportUserData(tx, visitor.user()->id)).as_object();
    // What the formats hold about the person (their petitions, signatures, …), each under its own key.
    for (const auto& source : services.export_sources) source(tx, *visitor.user(), out);
    return boost::json::serialize(out);
  });
  http::Response response = http::Response::Json(200, std::move(data));
  response.SetHeader("Content-Disposition", "attachment; filename=\"mitwirken-meine-daten.json\"");
  response.SetHeader("Cache-Control", "private, no-store");
  response.cookies = visitor.cookies;
  return response;
}

http::Response PostAccountDelete(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User user = *visitor.user();
  auto credentials = services.db.Read([&](db::Tx& tx) { return accounts::FindCredentials(tx, user.email); });
  if (!credentials || !VerifyPassword(credentials->password_hash, request.Form("password"))) {
    return RedirectWithFlash(visitor, "/konto", "flash.delete_wrong_password");
  }
  services.db.Write([&](db::Tx& tx) {
    // The audit entry keeps the user id, not the address: the person is gone, the fact of the deletion remains.
    audit::Record(tx,
                  audit::Entry{.actor_user_id = user.id,
                               .actor_label = "user:" + std::to_string(user.id),
                               .action = "user.delete",
                               .object = "user:" + std::to_string(user.id),
                               .remote_ip = request.remote_ip},
                  now);
    accounts::DeleteAccount(tx, user.id);
  });
  visitor.session.reset();
  visitor.cookies.push_back(MakeCookie(services, kSessionCookie, "", 0));
  return RenderPage(services, visitor, request, "account_deleted", {},
                    services.renderer.T(visitor.locale, "account_deleted.title"));
}

http::Response PostOrganisationMember(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  const accounts::User& user = *visitor.user();
  if (!user.organisation_id || !user.is_org_admin) {
    return ErrorResponse(services, request, 403, services.renderer.T(visitor.locale, "error.forbidden"));
  }
  db::UnixSeconds now = services.now();
  auto added = services.db.Write([&](db::Tx& tx) -> Status {
    auto status = accounts::AddOrganisationMember(tx, *user.organisation_id, request.Form("email"));
    if (status) {
      audit::Record(tx,
                    audit::Entry{.actor_user_id = user.id,
                                 .actor_label = user.email,
                                 .action = "organisation.member_add",
                                 .object = "organisation:" + std::to_string(*user.organisation_id),
                                 .detail = request.Form("email"),
                                 .remote_ip = request.remote_ip},
                    now);
    }
    return status;
  });
  if (!added) return ErrorResponse(services, request, StatusFor(added.error().kind), added.error().message);
  return RedirectWithFlash(visitor, "/konto", "flash.member_added");
}

http::Response PostAccountToken(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  // After logging in, the person comes back to the account page, not to this form's address.
  if (!visitor.logged_in()) return RedirectWithFlash(visitor, "/anmelden?next=/konto", "flash.login_required");
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User user = *visitor.user();
  std::string label = request.Form("label");
  auto created = services.db.Write([&](db::Tx& tx) -> Result<accounts::NewApiToken> {
    auto token = accounts::AddApiToken(tx, user.id, label, now);
    if (token) {
      // Which token and its label, never the secret.
      audit::Entry entry = UserAudit(user, "api_token.create", request);
      entry.detail =
          boost::json::serialize(boost::json::object{{"token", token->token.id}, {"label", token->token.label}});
      audit::Record(tx, entry, now);
    }
    return token;
  });
  if (!created) {
    boost::json::object model{{"values", boost::json::object{{"label", label}}}};
    AddErrors(model, {created.error()});
    int status = created.error().kind == ErrorKind::kInvalid ? 422 : StatusFor(created.error().kind);
    return ShowAccount(services, visitor, request, std::move(model), status);
  }
  // The secret is shown on this one page only (RenderPage answers logged-in visitors with "private, no-store").
  boost::json::object token{{"label", created->token.label},
                            {"created", FormatTime(created->token.created_at, visitor.locale)},
                            {"secret", created->secret}};
  boost::json::object model{{"token", std::move(token)}, {"me_url", services.config.base_url + "/api/v1/me"}};
  return RenderPage(services, visitor, request, "account_token_created", std::move(model),
                    services.renderer.T(visitor.locale, "account.tokens.created_title"),
                    {.breadcrumbs = {{services.renderer.T(visitor.locale, "account.title"), "/konto"},
                                     {services.renderer.T(visitor.locale, "account.tokens.created_title"), ""}}});
}

http::Response PostAccountTokenRevoke(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return RedirectWithFlash(visitor, "/anmelden?next=/konto", "flash.login_required");
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User user = *visitor.user();
  std::string token_id = request.PathParam("id");
  bool revoked = services.db.Write([&](db::Tx& tx) {
    // Only the user's own live token; another user's id changes nothing and answers like an unknown one.
    if (!accounts::RevokeApiToken(tx, user.id, token_id, now)) return false;
    audit::Entry entry = UserAudit(user, "api_token.revoke", request);
    entry.detail = boost::json::serialize(boost::json::object{{"token", token_id}});
    audit::Record(tx, entry, now);
    return true;
  });
  if (!revoked) {
    return ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "account.tokens.not_found"));
  }
  return RedirectWithFlash(visitor, "/konto", "account.tokens.flash_revoked");
}

}  // namespace mw::site
