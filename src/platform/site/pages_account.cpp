// Account pages: register, confirm, login (with the unlock link), logout, password reset and change, the account page
// with export and deletion, organisation invitations and leaving, and personal API tokens.
#include "platform/site/pages.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "platform/accounts/second_factor.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/mail/names.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/site/mails.hpp"
#include "platform/site/page_cache.hpp"

namespace mw::site {
namespace {

// How recent a login at an identity provider must be to confirm the deletion of an account without password.
constexpr db::UnixSeconds kFreshProviderLogin = 15 * 60;
constexpr limits::Rule kLoginPerIp{.limit = 50, .window_seconds = 600};
// Wrong passwords count per IP address and account: someone guessing from one address is stopped after 10, while
// the owner logging in from elsewhere is not. Per account, across all addresses, a much higher limit stops a guess
// spread over many addresses; the owner lifts that lock with a link by mail.
constexpr limits::Rule kLoginPerIpAndAccount{.limit = 10, .window_seconds = 900};
constexpr limits::Rule kLoginPerAccount{.limit = 200, .window_seconds = 900};
constexpr limits::Rule kRegisterPerIp{.limit = 20, .window_seconds = 3600};
constexpr limits::Rule kMailPerAddress{.limit = 5, .window_seconds = 3600};
constexpr limits::Rule kPasswordChangePerAccount{.limit = 10, .window_seconds = 900};
// Requests to change the address (each checks the password and may send a mail), per account.
constexpr limits::Rule kEmailChangePerAccount{.limit = 5, .window_seconds = 3600};
// Invitations to an organisation: per organisation and per inviting account.
constexpr limits::Rule kInvitationsPerOrganisation{.limit = 30, .window_seconds = 24 * 3600};
constexpr limits::Rule kInvitationsPerAccount{.limit = 10, .window_seconds = 3600};

std::string LoginAccountBucket(std::string_view email) { return "login-account:" + std::string(email); }
std::string LoginIpAccountBucket(std::string_view ip, std::string_view email) {
  return "login-ip-account:" + std::string(ip) + "|" + std::string(email);
}

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

std::string CredentialsEndedDetail(const accounts::CredentialsEnded& ended) {
  return boost::json::serialize(boost::json::object{{"sessions_ended", ended.sessions},
                                                    {"reset_links_ended", ended.reset_tokens},
                                                    {"api_tokens_revoked", ended.api_tokens}});
}

// The "&next=…" of a link in a mail that leads on to `next` (nothing for the start page or an invalid target).
std::string NextQuery(std::string_view next) {
  auto valid = ValidLocalTarget(next);
  return valid && *valid != "/" ? "&next=" + QueryEscape(*valid) : std::string();
}

// The mail that confirms a new account's address; its link carries the page the person was on their way to (`next`),
// so that the login after the confirmation leads there, in whatever browser the mail is opened. The address is not
// proven yet and anyone can register anyone's address with a name of their choosing: the mail names nobody, neither
// in the greeting nor in To:.
mail::Mail ConfirmationMail(Services& services, const accounts::User& user, const std::string& token,
                            std::string_view next) {
  mail::Mail mail =
      ComposeMail(services, "confirm", user, {{"token", token}, {"next_query", NextQuery(next)}}, "registration");
  mail.to_name.clear();
  return mail;
}

http::Response ShowLogin(Services& services, Visitor& visitor, const http::Request& request, boost::json::object model,
                         int status = 200) {
  if (!model.contains("next")) model["next"] = SafeNextPath(request.Query("next"));
  // Who chooses to register instead keeps the way to where they were going.
  model["register_href"] = WithNextTarget("/registrieren", model["next"].as_string());
  // So does who has forgotten the password: the reset mail's link carries the target, and the login after it leads
  // there.
  model["forgot_href"] = WithNextTarget("/passwort-vergessen", model["next"].as_string());
  if (!model.contains("values")) model["values"] = boost::json::object{{"email", ""}};
  AddIdentityToLogin(services, visitor.locale, model);
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
  // The target comes with the form (after a refused attempt) or in the address (from the login page).
  std::string next = SafeNextPath(request.method == http::Method::kPost ? request.Form("next") : request.Query("next"));
  model["login_href"] = WithNextTarget("/anmelden", next);
  if (next != "/") model["next"] = next;
  // What an account is for, from the formats registered (#14 item 6).
  auto uses = FormatPhrases(services, visitor.locale, &Section::account_key);
  model["intro"] = uses.empty() ? services.renderer.T(visitor.locale, "register.intro_none")
                                : services.renderer.T(visitor.locale, "register.intro",
                                                      {{"activities", JoinedPhrases(services, visitor.locale, uses)}});
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
        bool has_admin = std::any_of(organisation->members.begin(), organisation->members.end(),
                                     [](const accounts::User& member) { return member.is_org_admin; });
        boost::json::object shown{{"name", organisation->name},
                                  {"members", std::move(members)},
                                  {"is_admin", user.is_org_admin},
                                  {"without_admin", !has_admin}};
        if (user.is_org_admin) {
          shown["open_invitations"] = services.renderer.T(
              visitor.locale, "account.invitations_open",
              {{"count", std::to_string(accounts::OpenInvitations(tx, *user.organisation_id, now))}});
        }
        model["organisation"] = std::move(shown);
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
    AddIdentityToAccount(services, visitor, tx, model);
  });
  model["tokens_hint"] =
      services.renderer.T(visitor.locale, "account.tokens.hint",
                          {{"length", std::to_string(accounts::kMaxApiTokenLabelLength)},
                           {"count", std::to_string(accounts::kMaxActiveApiTokens)}});
  if (!model.contains("values")) model["values"] = boost::json::object{{"label", ""}};
  if (!model.contains("email_values")) model["email_values"] = boost::json::object{{"new_email", ""}};
  if (!model.contains("password_values")) {
    model["password_values"] = boost::json::object{{"revoke_api_tokens", true}};
  }
  model["is_platform_admin"] = user.is_platform_admin;
  model["second_factor_enabled"] = services.db.Read([&](db::Tx& tx) { return accounts::HasTotp(tx, user.id); });
  // Roles that count only with the second factor (the tenant asks for it) or a platform administration waiting
  // for it: the page says so where the person looks first.
  model["second_factor_required"] =
      LacksSecondFactorForPlatformAdmin(services, visitor) ||
      services.db.Read([&](db::Tx& tx) { return accounts::TenantRolesWaitForSecondFactor(tx, user.id); });
  model["has_password"] = services.db.Read([&](db::Tx& tx) { return accounts::HasPassword(tx, user.id); });
  std::string title = services.renderer.T(visitor.locale, "account.title");
  if (model.contains("error_summary")) {
    title = services.renderer.T(visitor.locale, "account.tokens.error_prefix") + title;
  }
  return RenderPage(services, visitor, request, "account", std::move(model), std::move(title), {.status = status});
}

// The target a password reset leads on to (from the login page, through the mail, to the login after it), or "/".
std::string ResetTarget(const http::Request& request) {
  return SafeNextPath(request.method == http::Method::kPost ? request.Form("next") : request.Query("next"));
}

// The model's "next" (the hidden field) and "login_href" for the forms of a password reset.
void AddResetTarget(boost::json::object& model, const http::Request& request) {
  std::string next = ResetTarget(request);
  model["login_href"] = WithNextTarget("/anmelden", next);
  if (next != "/") model["next"] = next;
}

// Whether the person at the keyboard has shown again that the account is theirs, for a change that asks so: by the
// account's password, or — for an account without password (made by a provider login) — by a login at the provider
// in the last kFreshProviderLogin.
bool ConfirmsOwner(Services& services, const Visitor& visitor, std::string_view password, db::UnixSeconds now) {
  const accounts::User& user = *visitor.user();
  if (!visitor.session->origin.by_password() &&
      !services.db.Read([&](db::Tx& tx) { return accounts::HasPassword(tx, user.id); })) {
    return now - visitor.session->created_at <= kFreshProviderLogin;
  }
  return IsCurrentPassword(services, user, password);
}

}  // namespace

bool IsCurrentPassword(Services& services, const accounts::User& user, std::string_view password) {
  auto credentials = services.db.Read([&](db::Tx& tx) { return accounts::FindCredentials(tx, user.email); });
  return credentials && VerifyPassword(credentials->password_hash, password);
}

http::Response GetLogin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (visitor.logged_in()) return RedirectWithFlash(visitor, TargetAfterLogin(request.Query("next")));
  // The form is the same for every visitor but for the CSRF token: shared (site/page_cache.hpp).
  auto shared = ServeSharedPage(services, visitor, request, {std::string(kAllScope)},
                                [&](Visitor& anonymous) { return ShowLogin(services, anonymous, request, {}); });
  if (shared) return std::move(*shared);
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
  std::string address = normalized ? *normalized : std::string("invalid");
  std::string account_bucket = LoginAccountBucket(address);
  std::string ip_account_bucket = LoginIpAccountBucket(request.remote_ip, address);
  if (!services.limiter.Allow("login-ip:" + request.remote_ip, kLoginPerIp, now)) {
    return TooManyAttempts(services, visitor, request);
  }
  if (services.limiter.IsBlocked(ip_account_bucket, kLoginPerIpAndAccount, now) ||
      services.limiter.IsBlocked(account_bucket, kLoginPerAccount, now)) {
    // The same page for every address; the owner can ask for a link that lifts the lock.
    model["locked"] = true;
    AddErrors(model, {Error{ErrorKind::kRateLimited, services.renderer.T(visitor.locale, "login.locked"), "email"}});
    auto response = ShowLogin(services, visitor, request, std::move(model), 429);
    response.SetHeader("Retry-After", "900");
    return response;
  }

  auto credentials = services.db.Read([&](db::Tx& tx) { return accounts::FindCredentials(tx, email); });
  // Verify even for unknown addresses so that the answer time does not reveal which addresses have accounts.
  static const std::string kDummyHash = HashPassword("mitwirken-dummy-password");
  // An account without password (made by a provider login) has an empty hash, which no password matches.
  bool password_ok = VerifyPassword(credentials ? credentials->password_hash : kDummyHash, request.Form("password")) &&
                     !(credentials && credentials->password_hash.empty());
  if (!credentials || !password_ok) {
    services.limiter.Allow(ip_account_bucket, kLoginPerIpAndAccount, now);
    services.limiter.Allow(account_bucket, kLoginPerAccount, now);
    AddErrors(model, {Error{ErrorKind::kUnauthorized, services.renderer.T(visitor.locale, "login.failed"), "email"}});
    return ShowLogin(services, visitor, request, std::move(model), 401);
  }
  if (!credentials->user.confirmed()) {
    AddErrors(model, {Error{ErrorKind::kForbidden, services.renderer.T(visitor.locale, "login.unconfirmed"), "email"}});
    model["show_resend"] = true;
    return ShowLogin(services, visitor, request, std::move(model), 403);
  }
  // An account with an authenticator is logged in only after its code (#15 item 4).
  if (auto step = BeginSecondFactorStep(services, visitor, credentials->user, next)) return std::move(*step);
  auto session = services.db.Write([&](db::Tx& tx) {
    accounts::RecordLogin(tx, credentials->user.id, now);
    return accounts::CreateSession(tx, credentials->user, now);
  });
  visitor.cookies.push_back(MakeCookie(services, kSessionCookie, session.token, accounts::kSessionAbsoluteLifetime));
  return RedirectWithFlash(visitor, TargetAfterLogin(next), "flash.logged_in");
}

http::Response PostLogout(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  std::optional<std::string> at_provider;
  if (visitor.logged_in()) {
    if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
    auto token = request.Cookie(kSessionCookie);
    services.db.Write([&](db::Tx& tx) { accounts::DeleteSession(tx, *token); });
    // A session begun at an identity provider ends there too (RP-initiated logout), which sends the browser back.
    at_provider = ProviderLogoutUrl(services, *visitor.session);
  }
  visitor.cookies.push_back(MakeCookie(services, kSessionCookie, "", 0));
  return RedirectWithFlash(visitor, at_provider.value_or("/"), "flash.logged_out");
}

http::Response GetRegister(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto shared = ServeSharedPage(services, visitor, request, {std::string(kAllScope)}, [&](Visitor& anonymous) {
    return ShowRegister(services, anonymous, request, {}, {}, 200);
  });
  if (shared) return std::move(*shared);
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

  std::string email = *accounts::NormalizeEmail(form.email);
  std::string next = SafeNextPath(request.Form("next"));
  // Counted before the write (the limiter writes on its own): at most a few "someone tried" mails per hour.
  bool may_mail_owner = services.limiter.Allow("mail-address:" + email, kMailPerAddress, now);
  std::string hash = HashPassword(form.password);
  // An address with an account gets the same answer as a new one, so that the form cannot be used to find out who
  // has an account; its owner gets a mail instead of a second account.
  auto created = services.db.Write([&](db::Tx& tx) -> Result<bool> {
    auto account = accounts::Register(tx, form, hash, now);
    if (account) {
      QueueMail(tx, ConfirmationMail(services, account->user, account->confirm_token, next), now);
      audit::Record(tx, UserAudit(account->user, "user.register", request), now);
      return true;
    }
    if (account.error().kind != ErrorKind::kConflict) return std::unexpected(account.error());
    auto owner = accounts::FindUserByEmail(tx, email);
    if (!owner || !may_mail_owner) return false;
    QueueMail(tx,
              ComposeMail(services, "register_existing", *owner, {{"login_path", WithNextTarget("/anmelden", next)}},
                          "registration"),
              now);
    audit::Record(tx, UserAudit(*owner, "user.register_existing", request), now);
    return true;
  });
  if (!created)
    return ShowRegister(services, visitor, request, form, {created.error()}, StatusFor(created.error().kind));
  if (*created && services.notify_outbox) services.notify_outbox();
  return RedirectWithFlash(visitor, "/registrieren/gesendet?email=" + QueryEscape(email));
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
      QueueMail(tx, ConfirmationMail(services, renewed->user, renewed->confirm_token, request.Form("next")), now);
      return true;
    });
    if (queued && services.notify_outbox) services.notify_outbox();
  }
  return RedirectWithFlash(visitor, "/registrieren/gesendet?email=" + QueryEscape(normalized ? *normalized : email));
}

http::Response GetConfirm(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  // Confirmation needs a click (POST): mail scanners that open links must not confirm on their own.
  boost::json::object model{{"token", request.Query("token")}, {"pending", true}};
  if (auto next = ValidLocalTarget(request.Query("next")); next && *next != "/") model["next"] = *next;
  return RenderPage(services, visitor, request, "confirm", std::move(model),
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
      {"message", confirmed ? services.renderer.T(visitor.locale, "confirm.success") : confirmed.error().message},
      // No login by the click itself: anyone can register anyone's address, and the one who confirms must not end up
      // in an account whose password someone else chose. The login page leads on to the target.
      {"login_href", WithNextTarget("/anmelden", request.Form("next"))}};
  return RenderPage(services, visitor, request, "confirm", std::move(model),
                    services.renderer.T(visitor.locale, "confirm.title"), {.status = confirmed ? 200 : 400});
}

http::Response GetPasswordForgot(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  boost::json::object model{{"values", boost::json::object{{"email", ""}}}};
  AddResetTarget(model, request);
  return RenderPage(services, visitor, request, "password_forgot", std::move(model),
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
    AddResetTarget(model, request);
    AddErrors(model, {normalized.error()});
    return RenderPage(services, visitor, request, "password_forgot", std::move(model),
                      services.renderer.T(visitor.locale, "password_forgot.title"), {.status = 422});
  }
  if (services.limiter.Allow("mail-address:" + *normalized, kMailPerAddress, now) &&
      services.limiter.Allow("reset-ip:" + request.remote_ip, kRegisterPerIp, now)) {
    bool queued = services.db.Write([&](db::Tx& tx) {
      auto ticket = accounts::StartPasswordReset(tx, *normalized, now);
      if (!ticket) return false;
      QueueMail(tx,
                ComposeMail(services, "reset", ticket->user,
                            {{"token", ticket->token}, {"next_query", NextQuery(ResetTarget(request))}},
                            "password-reset"),
                now);
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
  boost::json::object model{{"token", token}, {"values", boost::json::object{{"revoke_api_tokens", true}}}};
  AddResetTarget(model, request);
  return RenderPage(services, visitor, request, "password_reset", std::move(model),
                    services.renderer.T(visitor.locale, "password_reset.title"));
}

http::Response PostPasswordReset(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  std::string token = request.Form("token");
  bool revoke_api_tokens = !request.Form("revoke_api_tokens").empty();
  auto valid = accounts::ValidatePassword(request.Form("password"), request.Form("password_confirm"));
  if (!valid) {
    boost::json::object model{{"token", token},
                              {"values", boost::json::object{{"revoke_api_tokens", revoke_api_tokens}}}};
    AddResetTarget(model, request);
    AddErrors(model, {valid.error()});
    return RenderPage(services, visitor, request, "password_reset", std::move(model),
                      services.renderer.T(visitor.locale, "password_reset.title"), {.status = 422});
  }
  std::string hash = HashPassword(request.Form("password"));
  auto reset = services.db.Write([&](db::Tx& tx) -> Result<accounts::User> {
    auto done = accounts::ResetPassword(tx, token, hash, revoke_api_tokens, now);
    if (!done) return std::unexpected(done.error());
    audit::Entry entry = UserAudit(done->user, "user.password_reset", request);
    entry.detail = CredentialsEndedDetail(done->ended);
    audit::Record(tx, entry, now);
    return done->user;
  });
  if (!reset) return ErrorResponse(services, request, 400, reset.error().message);
  return RedirectWithFlash(visitor, WithNextTarget("/anmelden", ResetTarget(request)), "flash.password_changed");
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
  // An account without password (made by a provider login) confirms with a fresh login at its provider instead.
  if (!ConfirmsOwner(services, visitor, request.Form("password"), now)) {
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
    // The mails to the address go too (the outbox would otherwise keep name and address for its retention period).
    mail::DeleteMailsTo(tx, user.email);
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
  const accounts::User user = *visitor.user();
  if (!user.organisation_id || !user.is_org_admin) {
    return ErrorResponse(services, request, 403, services.renderer.T(visitor.locale, "error.forbidden"));
  }
  db::UnixSeconds now = services.now();
  auto email = accounts::NormalizeEmail(request.Form("email"));
  if (!email) return ErrorResponse(services, request, 422, email.error().message);
  if (!services.limiter.Allow("org-invite-org:" + std::to_string(*user.organisation_id), kInvitationsPerOrganisation,
                              now) ||
      !services.limiter.Allow("org-invite-account:" + std::to_string(user.id), kInvitationsPerAccount, now)) {
    return TooManyAttempts(services, visitor, request);
  }
  // Every address is treated alike — with or without an account, in an organisation or not: the invitation goes to
  // the address, and the answer is the same. Past the limit per address, silently no mail.
  bool may_mail = services.limiter.Allow("mail-address:" + *email, kMailPerAddress, now);
  if (may_mail) {
    services.db.Write([&](db::Tx& tx) {
      auto invitation = accounts::InviteToOrganisation(tx, *user.organisation_id, user.id, *email, now);
      if (!invitation) throw std::runtime_error("invitation failed: " + invitation.error().message);
      accounts::User recipient{.email = invitation->email, .locale = user.locale};
      QueueMail(tx,
                ComposeMail(services, "organisation_invitation", recipient,
                            {{"token", invitation->token},
                             {"organisation", invitation->organisation_name},
                             {"inviter", user.name}},
                            "organisation"),
                now);
      // Which invitation, never the address: the audit log is kept for good.
      audit::Record(tx,
                    audit::Entry{.actor_user_id = user.id,
                                 .actor_label = user.email,
                                 .action = "organisation.invite",
                                 .object = "organisation:" + std::to_string(*user.organisation_id),
                                 .detail = boost::json::serialize(boost::json::object{
                                     {"invitation", Sha256Hex(invitation->token).substr(0, 16)}}),
                                 .remote_ip = request.remote_ip},
                    now);
    });
    if (services.notify_outbox) services.notify_outbox();
  }
  return RedirectWithFlash(visitor, "/konto", "flash.invitation_sent");
}

http::Response GetOrganisationInvitation(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  std::string token = request.Query("token");
  if (!visitor.logged_in()) {
    // Back to this invitation after logging in (or registering with the invited address and logging in).
    return RedirectWithFlash(visitor,
                             "/anmelden?next=" + QueryEscape("/konto/organisation/einladung?token=" + token),
                             "flash.invitation_login");
  }
  db::UnixSeconds now = services.now();
  auto invitation = services.db.Read([&](db::Tx& tx) { return accounts::FindInvitation(tx, token, now); });
  if (!invitation) {
    return ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "invitation.invalid"));
  }
  if (invitation->email != visitor.user()->email) {
    return ErrorResponse(services, request, 403, services.renderer.T(visitor.locale, "invitation.other_address"));
  }
  boost::json::object model{{"token", token},
                            {"text", services.renderer.T(visitor.locale, "invitation.text",
                                                         {{"organisation", invitation->organisation_name}})},
                            {"in_organisation", visitor.user()->organisation_id.has_value()},
                            {"expires", FormatTime(invitation->expires_at, visitor.locale)}};
  return RenderPage(services, visitor, request, "organisation_invitation", std::move(model),
                    services.renderer.T(visitor.locale, "invitation.title"));
}

http::Response PostOrganisationInvitation(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User user = *visitor.user();
  std::string decision = request.Form("decision");
  if (decision != "accept" && decision != "decline") {
    return ErrorResponse(services, request, 422, services.renderer.T(visitor.locale, "invitation.no_decision"));
  }
  std::string token = request.Form("token");
  auto answered = services.db.Write([&](db::Tx& tx) -> Result<accounts::Invitation> {
    auto invitation = decision == "accept" ? accounts::AcceptInvitation(tx, token, user, now)
                                           : accounts::DeclineInvitation(tx, token, user, now);
    if (invitation) {
      audit::Record(tx,
                    audit::Entry{.actor_user_id = user.id,
                                 .actor_label = user.email,
                                 .action = decision == "accept" ? "organisation.member_join"
                                                                : "organisation.invitation_decline",
                                 .object = "organisation:" + std::to_string(invitation->organisation_id),
                                 .detail = boost::json::serialize(
                                     boost::json::object{{"invitation", Sha256Hex(token).substr(0, 16)}}),
                                 .remote_ip = request.remote_ip},
                    now);
    }
    return invitation;
  });
  if (!answered) return ErrorResponse(services, request, StatusFor(answered.error().kind), answered.error().message);
  return RedirectWithFlash(visitor, "/konto",
                           decision == "accept" ? "flash.invitation_accepted" : "flash.invitation_declined");
}

http::Response PostOrganisationLeave(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User user = *visitor.user();
  auto left = services.db.Write([&](db::Tx& tx) -> Result<accounts::Departure> {
    auto departure = accounts::LeaveOrganisation(tx, user.id);
    if (departure) {
      audit::Record(tx,
                    audit::Entry{.actor_user_id = user.id,
                                 .actor_label = user.email,
                                 .action = "organisation.member_leave",
                                 .object = "organisation:" + std::to_string(departure->organisation_id),
                                 .detail = boost::json::serialize(boost::json::object{
                                     {"was_admin", user.is_org_admin},
                                     {"organisation_deleted", departure->organisation_deleted},
                                     {"organisation_without_admin", departure->organisation_without_admin}}),
                                 .remote_ip = request.remote_ip},
                    now);
    }
    return departure;
  });
  if (!left) return ErrorResponse(services, request, StatusFor(left.error().kind), left.error().message);
  return RedirectWithFlash(visitor, "/konto", "flash.organisation_left");
}

http::Response PostAccountPassword(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User user = *visitor.user();
  bool revoke_api_tokens = !request.Form("revoke_api_tokens").empty();
  auto show_errors = [&](const Error& error) {
    boost::json::object model{{"password_values", boost::json::object{{"revoke_api_tokens", revoke_api_tokens}}}};
    AddErrors(model, {error});
    return ShowAccount(services, visitor, request, std::move(model), 422);
  };
  if (!services.limiter.Allow("password-change:" + std::to_string(user.id), kPasswordChangePerAccount, now)) {
    return TooManyAttempts(services, visitor, request);
  }
  if (!IsCurrentPassword(services, user, request.Form("current_password"))) {
    return show_errors(Error{ErrorKind::kInvalid, services.renderer.T(visitor.locale, "account.password.wrong"),
                             "current_password"});
  }
  auto valid = accounts::ValidatePassword(request.Form("password"), request.Form("password_confirm"));
  if (!valid) return show_errors(valid.error());
  std::string hash = HashPassword(request.Form("password"));
  services.db.Write([&](db::Tx& tx) {
    auto ended =
        accounts::ChangePassword(tx, user.id, hash, visitor.session->token_hash, revoke_api_tokens, now);
    audit::Entry entry = UserAudit(user, "user.password_change", request);
    entry.detail = CredentialsEndedDetail(ended);
    audit::Record(tx, entry, now);
  });
  return RedirectWithFlash(visitor, "/konto", "flash.password_changed_here");
}

// Changing the address (#14 item 10): with the current password; the link goes to the new address, which becomes the
// account's only when the link is used. A new address that has an account gets the same answer and no mail.
http::Response PostAccountEmail(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  const accounts::User user = *visitor.user();
  std::string new_email = request.Form("new_email");
  auto show_errors = [&](const Error& error) {
    boost::json::object model{{"email_values", boost::json::object{{"new_email", new_email}}}};
    AddErrors(model, {error});
    return ShowAccount(services, visitor, request, std::move(model), 422);
  };
  if (!services.limiter.Allow("email-change:" + std::to_string(user.id), kEmailChangePerAccount, now)) {
    return TooManyAttempts(services, visitor, request);
  }
  if (!ConfirmsOwner(services, visitor, request.Form("email_password"), now)) {
    bool has_password = services.db.Read([&](db::Tx& tx) { return accounts::HasPassword(tx, user.id); });
    return show_errors(has_password
                           ? Error{ErrorKind::kInvalid, services.renderer.T(visitor.locale, "account.password.wrong"),
                                   "email_password"}
                           : Error{ErrorKind::kInvalid,
                                   services.renderer.T(visitor.locale, "identity.fresh_login_needed"), "new_email"});
  }
  auto started = services.db.Write([&](db::Tx& tx) -> Result<bool> {
    auto change = accounts::StartEmailChange(tx, user, new_email, now);
    if (!change) {
      if (change.error().kind != ErrorKind::kConflict) return std::unexpected(change.error());
      audit::Record(tx, UserAudit(user, "user.email_change_request", request), now);
      return false;
    }
    mail::Mail mail = ComposeMail(services, "email_change", user, {{"token", change->token}}, "account");
    // The new address is not proven yet: like the registration's confirmation, the mail names nobody.
    mail.to_address = change->new_email;
    mail.to_name.clear();
    QueueMail(tx, mail, now);
    audit::Record(tx, UserAudit(user, "user.email_change_request", request), now);
    return true;
  });
  if (!started) return show_errors(started.error());
  if (*started && services.notify_outbox) services.notify_outbox();
  return RedirectWithFlash(visitor, "/konto", "flash.email_change_sent");
}

// The link from the mail shows a button (POST): mail scanners that open links must not change the address.
http::Response GetEmailChange(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  boost::json::object model{{"token", request.Query("token")}, {"pending", true}};
  return RenderPage(services, visitor, request, "email_change", std::move(model),
                    services.renderer.T(visitor.locale, "email_change.title"));
}

http::Response PostEmailChange(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto changed = services.db.Write([&](db::Tx& tx) -> Result<accounts::EmailChange> {
    auto change = accounts::ConfirmEmailChange(tx, request.Form("token"), now);
    if (!change) return change;
    // The notice goes to the old address: whoever holds it learns of the change and whom to ask.
    QueueMail(tx,
              ComposeMail(services, "email_changed", change->user,
                          {{"new_email", mail::MaskedAddress(change->new_email)}}, "account"),
              now);
    audit::Entry entry = UserAudit(change->user, "user.email_change", request);
    entry.detail = change->new_email;
    audit::Record(tx, entry, now);
    return change;
  });
  if (changed && services.notify_outbox) services.notify_outbox();
  boost::json::object model{
      {"ok", changed.has_value()},
      {"message", changed ? services.renderer.T(visitor.locale, "email_change.success", {{"email", changed->new_email}})
                          : changed.error().message}};
  return RenderPage(services, visitor, request, "email_change", std::move(model),
                    services.renderer.T(visitor.locale, "email_change.title"), {.status = changed ? 200 : 400});
}

http::Response PostUnlockRequest(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto normalized = accounts::NormalizeEmail(request.Form("email"));
  if (normalized && services.limiter.Allow("mail-address:" + *normalized, kMailPerAddress, now) &&
      services.limiter.Allow("unlock-ip:" + request.remote_ip, kRegisterPerIp, now)) {
    bool queued = services.db.Write([&](db::Tx& tx) {
      auto ticket = accounts::StartUnlock(tx, *normalized, now);
      if (!ticket) return false;
      QueueMail(tx, ComposeMail(services, "unlock", ticket->user, {{"token", ticket->token}}, "login-unlock"), now);
      return true;
    });
    if (queued && services.notify_outbox) services.notify_outbox();
  }
  // The same answer whether or not an account exists.
  return RedirectWithFlash(visitor, "/anmelden", "flash.unlock_sent");
}

http::Response GetUnlock(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  // Unlocking needs a click (POST): mail scanners that open links must not use the link up.
  return RenderPage(services, visitor, request, "unlock", {{"token", request.Query("token")}},
                    services.renderer.T(visitor.locale, "unlock.title"));
}

http::Response PostUnlock(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto unlocked = services.db.Write([&](db::Tx& tx) -> Result<accounts::User> {
    auto user = accounts::ConsumeUnlock(tx, request.Form("token"), now);
    if (!user) return user;
    // The account's lock, and the count of wrong passwords from the address the owner clicks the link from.
    limits::RateLimiter::Clear(tx, LoginAccountBucket(user->email));
    limits::RateLimiter::Clear(tx, LoginIpAccountBucket(request.remote_ip, user->email));
    audit::Record(tx, UserAudit(*user, "user.login_unlock", request), now);
    return user;
  });
  if (!unlocked) return ErrorResponse(services, request, 400, unlocked.error().message);
  return RedirectWithFlash(visitor, "/anmelden", "flash.unlocked");
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
