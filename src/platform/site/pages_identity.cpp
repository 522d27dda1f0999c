// Login with an identity provider (OpenID Connect, #15, docs/identity.md): the start of a login or of a link
// (/anmelden/{provider}, /konto/anmeldedienste/{provider}/verknuepfen), the provider's answer
// (/anmelden/{provider}/zurueck), unlinking, and the back-channel logout. Every refused login is a German page with a
// 4xx status and an audit entry ("identity.login_failed"); nothing is created or linked then.
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "platform/accounts/links.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/identity/claims.hpp"
#include "platform/site/identity.hpp"
#include "platform/site/pages.hpp"

namespace mw::site {
namespace {

// A login attempt lives this long between the redirect to the provider and its answer.
constexpr db::UnixSeconds kLoginAttemptLifetime = 10 * 60;
// Starting logins sends a request to the provider (discovery, at first) and writes a row: per address.
constexpr limits::Rule kLoginStartsPerIp{.limit = 30, .window_seconds = 600};
// Answers from the provider (through the browser) and back-channel logouts, per address: each refused one writes an
// audit entry, which must not become a way to fill the log.
constexpr limits::Rule kCallbacksPerIp{.limit = 60, .window_seconds = 600};
constexpr limits::Rule kBackChannelPerIp{.limit = 300, .window_seconds = 600};
constexpr std::size_t kMaxCallbackParam = 2048;

std::string CallbackUrl(const Services& services, const identity::ProviderConfig& provider) {
  return services.config.base_url + "/anmelden/" + provider.key + "/zurueck";
}

IdentityProvider* FindProvider(Services& services, const http::Request& request) {
  if (!services.identity) return nullptr;
  return services.identity->Find(request.PathParam("provider"));
}

http::Response UnknownProvider(Services& services, Visitor& visitor, const http::Request& request) {
  return ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "identity.unknown_provider"));
}

// The refused login or link: a German page and the audit entry. `rule` names what failed (the ID token's rule, or
// "state", "cookie", "email" …), for whoever reads the audit log.
http::Response Refuse(Services& services, Visitor& visitor, const http::Request& request,
                      const identity::ProviderConfig& provider, int status, const std::string& message,
                      std::string_view rule, bool linking = false) {
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    const accounts::User* user = visitor.user();
    audit::Record(tx,
                  {.actor_user_id = user ? std::optional<std::int64_t>(user->id) : std::nullopt,
                   .actor_label = user ? user->email : std::string("anonym"),
                   .action = linking ? "identity.link_failed" : "identity.login_failed",
                   .object = "provider:" + provider.key,
                   .detail = boost::json::serialize(boost::json::object{{"rule", rule}, {"message", message}}),
                   .remote_ip = request.remote_ip},
                  now);
  });
  spdlog::info("identity: {} refused at {} ({}): {}", linking ? "link" : "login", provider.key, rule, message);
  boost::json::object model{
      {"status", status},
      {"heading", services.renderer.T(visitor.locale, linking ? "identity.link_failed_title" : "identity.failed_title",
                                      {{"name", provider.display_name}})},
      {"message", message},
      {"retry_href", linking ? "/konto" : "/anmelden"}};
  // The attempt's cookie has served (or cannot serve): it goes.
  visitor.cookies.push_back(MakeCookie(services, kIdentityCookie, "", 0));
  auto title = model["heading"].as_string();
  return RenderPage(services, visitor, request, "identity_failed", std::move(model), std::string(title),
                    {.status = status});
}

http::Response RefuseWith(Services& services, Visitor& visitor, const http::Request& request,
                          const identity::ProviderConfig& provider, const Error& error, bool linking = false) {
  int status = StatusFor(error.kind);
  return Refuse(services, visitor, request, provider, status, error.message,
                error.field.empty() ? "provider" : error.field, linking);
}

// Keeps the attempt and sends the browser to the provider.
http::Response StartAtProvider(Services& services, Visitor& visitor, const http::Request& request,
                               IdentityProvider& provider, std::string_view purpose,
                               std::optional<std::int64_t> user_id, const std::string& next) {
  db::UnixSeconds now = services.now();
  const auto& config = provider.config();
  bool linking = purpose == "link";
  if (!services.limiter.Allow("identity-start:" + request.remote_ip, kLoginStartsPerIp, now)) {
    // No audit entry: that would let the flood fill the log.
    auto response = ErrorResponse(services, request, 429, services.renderer.T(visitor.locale, "error.rate_limited"));
    response.SetHeader("Retry-After", "600");
    return response;
  }
  auto metadata = provider.Metadata();
  if (!metadata) return RefuseWith(services, visitor, request, config, metadata.error(), linking);
  identity::LoginStart start = identity::NewLoginStart();
  // The browser's own secret: the answer counts only in the browser that began the login.
  std::string browser = RandomToken();
  services.db.Write([&](db::Tx& tx) {
    tx.Exec(
        "INSERT INTO identity_login (state_hash, browser_hash, provider, purpose, user_id, nonce, code_verifier, "
        "next_target, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Sha256Hex(start.state), Sha256Hex(browser), config.key, std::string(purpose),
         user_id ? db::Param(*user_id) : db::Param(nullptr), start.nonce, start.code_verifier, next, now,
         now + kLoginAttemptLifetime});
  });
  visitor.cookies.push_back(MakeCookie(services, kIdentityCookie, browser, kLoginAttemptLifetime));
  return RedirectWithFlash(
      visitor,
      identity::AuthorizationUrl(*metadata, config, {.redirect_uri = CallbackUrl(services, config), .start = start}));
}

struct Attempt {
  std::string purpose;
  std::optional<std::int64_t> user_id;
  std::string nonce;
  std::string code_verifier;
  std::string next;
};

std::string TrustLevelText(Services& services, std::string_view locale, std::string_view level) {
  return services.renderer.T(locale, "identity.level." + std::string(level));
}

}  // namespace

http::Response GetIdentityLogin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  IdentityProvider* provider = FindProvider(services, request);
  if (!provider) return UnknownProvider(services, visitor, request);
  std::string next = SafeNextPath(request.Query("next"));
  if (visitor.logged_in()) return RedirectWithFlash(visitor, TargetAfterLogin(next));
  return StartAtProvider(services, visitor, request, *provider, "login", std::nullopt, next);
}

http::Response GetIdentityCallback(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  IdentityProvider* provider = FindProvider(services, request);
  if (!provider) return UnknownProvider(services, visitor, request);
  const auto& config = provider->config();
  db::UnixSeconds now = services.now();
  auto text = [&](std::string_view key) { return services.renderer.T(visitor.locale, key); };
  if (!services.limiter.Allow("identity-callback:" + request.remote_ip, kCallbacksPerIp, now)) {
    auto response = ErrorResponse(services, request, 429, text("error.rate_limited"));
    response.SetHeader("Retry-After", "600");
    return response;
  }

  std::string state = request.Query("state");
  std::string code = request.Query("code");
  if (state.size() > kMaxCallbackParam || code.size() > kMaxCallbackParam ||
      request.Query("error").size() > kMaxCallbackParam) {
    return Refuse(services, visitor, request, config, 400, text("identity.bad_callback"), "callback");
  }
  auto browser = request.Cookie(kIdentityCookie);
  if (!browser || browser->empty()) {
    return Refuse(services, visitor, request, config, 400, text("identity.no_browser_cookie"), "cookie");
  }
  if (state.empty()) return Refuse(services, visitor, request, config, 400, text("identity.bad_callback"), "state");

  // The visitor's own open attempt, used up at once: a second answer with the same state (a replay, or the same
  // answer twice) finds none.
  auto attempt = services.db.Write([&](db::Tx& tx) -> std::optional<Attempt> {
    auto row = tx.QueryOne(
        "SELECT purpose, user_id, nonce, code_verifier, next_target FROM identity_login "
        "WHERE state_hash = ? AND browser_hash = ? AND provider = ? AND used_at IS NULL "
        "AND expires_at > ?",
        {Sha256Hex(state), Sha256Hex(*browser), config.key, now});
    if (!row) return std::nullopt;
    if (tx.Exec("UPDATE identity_login SET used_at = ? WHERE state_hash = ? AND used_at IS NULL",
                {now, Sha256Hex(state)}) != 1) {
      return std::nullopt;
    }
    return Attempt{row->Text(0), row->OptInt(1), row->Text(2), row->Text(3), row->Text(4)};
  });
  if (!attempt) return Refuse(services, visitor, request, config, 400, text("identity.no_attempt"), "state");
  bool linking = attempt->purpose == "link";
  if (!request.Query("error").empty()) {
    return Refuse(services, visitor, request, config, 400, text("identity.cancelled"), "provider_error", linking);
  }
  if (code.empty())
    return Refuse(services, visitor, request, config, 400, text("identity.bad_callback"), "code", linking);
  if (linking && (!visitor.logged_in() || visitor.user()->id != attempt->user_id)) {
    return Refuse(services, visitor, request, config, 403, text("identity.link_other_account"), "session", linking);
  }

  auto metadata = provider->Metadata();
  if (!metadata) return RefuseWith(services, visitor, request, config, metadata.error(), linking);
  auto tokens = identity::RedeemCode(provider->http(), config, *metadata, code, CallbackUrl(services, config),
                                     attempt->code_verifier);
  if (!tokens) return RefuseWith(services, visitor, request, config, tokens.error(), linking);
  identity::JwksCache* keys = provider->Keys();
  auto id_token = keys->Verify(tokens->id_token, config, attempt->nonce, now);
  if (!id_token) return RefuseWith(services, visitor, request, config, id_token.error(), linking);
  boost::json::object userinfo;
  if (!metadata->userinfo_endpoint.empty() && !tokens->access_token.empty()) {
    auto fetched =
        identity::FetchUserinfo(provider->http(), config, *metadata, tokens->access_token, id_token->subject);
    if (!fetched) return RefuseWith(services, visitor, request, config, fetched.error(), linking);
    userinfo = std::move(*fetched);
  }
  identity::Identity person = identity::MapClaims(config, *id_token, userinfo);
  std::string level(identity::TrustLevelName(person.trust_level));
  std::string sid;
  if (auto found = id_token->claims.if_contains("sid");
      found && found->is_string() && found->as_string().size() <= 256) {
    sid = found->as_string();
  }

  if (linking) {
    auto linked = services.db.Write([&](db::Tx& tx) -> Result<bool> {
      auto made = accounts::Link(tx, visitor.user()->id, config.key, person.subject, level, now);
      if (made && *made) {
        audit::Record(
            tx,
            {.actor_user_id = visitor.user()->id,
             .actor_label = visitor.user()->email,
             .action = "identity.link",
             .object = "user:" + std::to_string(visitor.user()->id),
             .detail = boost::json::serialize(boost::json::object{{"provider", config.key}, {"trust_level", level}}),
             .remote_ip = request.remote_ip},
            now);
      }
      return made;
    });
    if (!linked) return RefuseWith(services, visitor, request, config, linked.error(), true);
    visitor.cookies.push_back(MakeCookie(services, kIdentityCookie, "", 0));
    return RedirectWithFlash(visitor, "/konto", "flash.identity_linked");
  }

  // A login: the linked account, or a new one without password. Never an account found by its address.
  auto session = services.db.Write([&](db::Tx& tx) -> Result<accounts::Session> {
    std::string action = "identity.login";
    auto user = accounts::FindLinkedUser(tx, config.key, person.subject);
    if (user) {
      accounts::RecordLinkLogin(tx, config.key, person.subject, level, now);
    } else {
      auto created = accounts::CreateProviderAccount(tx,
                                                     {.provider = config.key,
                                                      .subject = person.subject,
                                                      .trust_level = level,
                                                      .email = person.email,
                                                      .email_verified = person.email_verified,
                                                      .name = person.name,
                                                      .locale = visitor.locale},
                                                     now);
      if (!created) return std::unexpected(created.error());
      user = *created;
      action = "identity.account_created";
    }
    accounts::RecordLogin(tx, user->id, now);
    audit::Record(tx,
                  {.actor_user_id = user->id,
                   .actor_label = user->email,
                   .action = action,
                   .object = "user:" + std::to_string(user->id),
                   .detail = boost::json::serialize(boost::json::object{
                       {"provider", config.key}, {"trust_level", level}, {"email_verified", person.email_verified}}),
                   .remote_ip = request.remote_ip},
                  now);
    return accounts::CreateSession(tx, *user, now,
                                   {.provider = config.key,
                                    .trust_level = level,
                                    .subject = person.subject,
                                    .sid = sid,
                                    .id_token = tokens->id_token});
  });
  if (!session) return RefuseWith(services, visitor, request, config, session.error());
  visitor.cookies.push_back(MakeCookie(services, kIdentityCookie, "", 0));
  visitor.cookies.push_back(MakeCookie(services, kSessionCookie, session->token, accounts::kSessionAbsoluteLifetime));
  return RedirectWithFlash(visitor, TargetAfterLogin(attempt->next), "flash.logged_in");
}

http::Response PostIdentityLink(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  IdentityProvider* provider = FindProvider(services, request);
  if (!provider) return UnknownProvider(services, visitor, request);
  const accounts::User& user = *visitor.user();
  // Linking gives the provider's person a way into this account: only someone who knows the password may. A session
  // begun by the password counts; one begun by a provider must confirm it here.
  if (!visitor.session->origin.by_password()) {
    bool has_password = services.db.Read([&](db::Tx& tx) { return accounts::HasPassword(tx, user.id); });
    if (!has_password) {
      return Refuse(services, visitor, request, provider->config(), 403,
                    services.renderer.T(visitor.locale, "identity.link_no_password"), "password", true);
    }
    if (!IsCurrentPassword(services, user, request.Form("password"))) {
      return Refuse(services, visitor, request, provider->config(), 403,
                    services.renderer.T(visitor.locale, "identity.link_needs_password"), "password", true);
    }
  }
  return StartAtProvider(services, visitor, request, *provider, "link", user.id, "/konto");
}

http::Response PostIdentityUnlink(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  std::string key = request.PathParam("provider");
  const accounts::User& user = *visitor.user();
  db::UnixSeconds now = services.now();
  auto outcome = services.db.Write([&](db::Tx& tx) {
    auto result = accounts::Unlink(tx, user.id, key);
    if (result == accounts::UnlinkOutcome::kUnlinked) {
      audit::Record(tx,
                    {.actor_user_id = user.id,
                     .actor_label = user.email,
                     .action = "identity.unlink",
                     .object = "user:" + std::to_string(user.id),
                     .detail = boost::json::serialize(boost::json::object{{"provider", key}}),
                     .remote_ip = request.remote_ip},
                    now);
    }
    return result;
  });
  switch (outcome) {
    case accounts::UnlinkOutcome::kUnlinked:
      return RedirectWithFlash(visitor, "/konto", "flash.identity_unlinked");
    case accounts::UnlinkOutcome::kNotLinked:
      return ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "identity.not_linked"));
    case accounts::UnlinkOutcome::kLastWayIn:
      return ErrorResponse(services, request, 409, services.renderer.T(visitor.locale, "identity.unlink_last"));
  }
  return ErrorResponse(services, request, 400, services.renderer.T(visitor.locale, "identity.not_linked"));
}

http::Response PostIdentityBackChannelLogout(Services& services, http::Request& request) {
  // The provider's server calls this, not a browser: no session, no CSRF token; the logout token is the proof.
  // Answers as Back-Channel Logout 1.0, section 2.8 asks: 200 when done, 400 with a JSON error otherwise, never
  // cached.
  auto answer = [](int status, std::string_view error, std::string_view description) {
    http::Response response =
        status == 200 ? http::Response::Text(200, "")
                      : http::Response::Json(status, boost::json::serialize(boost::json::object{
                                                         {"error", error}, {"error_description", description}}));
    response.SetHeader("Cache-Control", "no-store");
    return response;
  };
  IdentityProvider* provider = FindProvider(services, request);
  if (!provider) return answer(404, "not_found", "Diesen Anmeldedienst gibt es hier nicht.");
  const auto& config = provider->config();
  db::UnixSeconds now = services.now();
  if (!services.limiter.Allow("identity-backchannel:" + request.remote_ip, kBackChannelPerIp, now)) {
    return answer(429, "temporarily_unavailable", "Zu viele Abmeldungen von dieser Adresse.");
  }
  auto record = [&](std::string action, std::string detail) {
    services.db.Write([&](db::Tx& tx) {
      audit::Record(tx,
                    {.actor_label = "provider:" + config.key,
                     .action = std::move(action),
                     .object = "provider:" + config.key,
                     .detail = std::move(detail),
                     .remote_ip = request.remote_ip},
                    now);
    });
  };
  std::string token = request.Form("logout_token");
  if (token.empty()) {
    record("identity.backchannel_failed", R"({"rule":"logout_token"})");
    return answer(400, "invalid_request", "Das Feld logout_token fehlt.");
  }
  auto metadata = provider->Metadata();
  if (!metadata) return answer(503, "temporarily_unavailable", metadata.error().message);
  auto logout = provider->Keys()->VerifyLogout(token, config, now);
  if (!logout) {
    record("identity.backchannel_failed", boost::json::serialize(boost::json::object{
                                              {"rule", logout.error().field}, {"message", logout.error().message}}));
    return answer(400, "invalid_request", logout.error().message);
  }
  // Ending the sessions again (the same token twice) changes nothing: no replay list of `jti` is needed.
  int ended = services.db.Write(
      [&](db::Tx& tx) { return accounts::DeleteProviderSessions(tx, config.key, logout->subject, logout->sid); });
  record("identity.backchannel_logout",
         boost::json::serialize(boost::json::object{{"sessions_ended", ended}, {"sid", !logout->sid.empty()}}));
  return answer(200, "", "");
}

std::optional<std::string> ProviderLogoutUrl(Services& services, const accounts::Session& session) {
  if (session.origin.by_password() || !services.identity) return std::nullopt;
  IdentityProvider* provider = services.identity->Find(session.origin.provider);
  if (!provider) return std::nullopt;
  auto metadata = provider->KnownMetadata();
  if (!metadata) {
    auto fetched = provider->Metadata();
    if (!fetched) return std::nullopt;  // the provider is down: the logout here still happens
    metadata = *fetched;
  }
  if (metadata->end_session_endpoint.empty()) return std::nullopt;
  std::string url = metadata->end_session_endpoint;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "client_id=" + identity::FormEncode(provider->config().client_id);
  if (!session.origin.id_token.empty()) url += "&id_token_hint=" + identity::FormEncode(session.origin.id_token);
  url += "&post_logout_redirect_uri=" + identity::FormEncode(services.config.base_url + "/");
  return url;
}

void AddIdentityToLogin(Services& services, std::string_view locale, boost::json::object& model) {
  if (!services.identity || services.identity->all().empty()) return;
  std::string next = model.contains("next") && model["next"].is_string() ? std::string(model["next"].as_string()) : "/";
  boost::json::array providers;
  for (const auto& provider : services.identity->all()) {
    std::string href = "/anmelden/" + provider->config().key;
    if (auto valid = ValidLocalTarget(next); valid && *valid != "/") href += "?next=" + QueryEscape(*valid);
    providers.push_back(boost::json::object{
        {"href", href},
        {"label", services.renderer.T(locale, "identity.login_with", {{"name", provider->config().display_name}})}});
  }
  model["identity_providers"] = std::move(providers);
  model["has_identity_providers"] = true;
}

void AddIdentityToAccount(Services& services, const Visitor& visitor, db::Tx& tx, boost::json::object& model) {
  if (!services.identity || services.identity->all().empty()) return;
  const accounts::User& user = *visitor.user();
  auto links = accounts::LinksOf(tx, user.id);
  boost::json::array providers;
  for (const auto& provider : services.identity->all()) {
    const auto& config = provider->config();
    boost::json::object entry{
        {"key", config.key},
        {"name", config.display_name},
        {"link_action", "/konto/anmeldedienste/" + config.key + "/verknuepfen"},
        {"unlink_action", "/konto/anmeldedienste/" + config.key + "/trennen"},
        {"link_label", services.renderer.T(visitor.locale, "identity.account_link", {{"name", config.display_name}})},
        {"unlink_label",
         services.renderer.T(visitor.locale, "identity.account_unlink", {{"name", config.display_name}})},
        {"needs_password", !visitor.session->origin.by_password()}};
    for (const auto& link : links) {
      if (link.provider != config.key) continue;
      entry["linked"] = true;
      entry["state"] = services.renderer.T(visitor.locale, "identity.account_linked",
                                           {{"since", FormatTime(link.created_at, visitor.locale)},
                                            {"level", TrustLevelText(services, visitor.locale, link.trust_level)}});
    }
    if (!entry.contains("linked")) {
      entry["state"] = services.renderer.T(visitor.locale, "identity.account_not_linked");
    }
    providers.push_back(std::move(entry));
  }
  boost::json::object shown{{"providers", std::move(providers)}};
  if (!visitor.session->origin.by_password()) {
    const IdentityProvider* provider = services.identity->Find(visitor.session->origin.provider);
    shown["session_level"] =
        services.renderer.T(visitor.locale, "identity.account_session_level",
                            {{"name", provider ? provider->config().display_name : visitor.session->origin.provider},
                             {"level", TrustLevelText(services, visitor.locale, visitor.session->origin.trust_level)}});
  }
  model["identity"] = std::move(shown);
}

}  // namespace mw::site
