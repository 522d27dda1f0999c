// Login with an identity provider through the portal's own HTTP server on both engines (#15): the provider is a fake
// HttpClient (no network) that answers discovery, JWKS, token and userinfo with tokens signed by a test key. The
// first login makes an account without password, a later one finds it by its link; an account links and unlinks a
// provider from /konto; the logout ends the session at the provider too. Every fault of the issue's list ("Faults
// and bad input") is refused with a 4xx page and an audit entry, and no account is created or linked.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "platform/accounts/accounts.hpp"
#include "platform/accounts/links.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/server.hpp"
#include "platform/identity/test_tokens.hpp"
#include "platform/site/context.hpp"
#include "platform/site/identity.hpp"
#include "platform/site/site.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace mw::site {
namespace {

using mw::testing::HttpResponse;
using Browser = mw::testing::FormBrowser;
namespace tokens = mw::identity::testing;

constexpr std::string_view kPassword = "Richtig-langes-Passwort-1";
constexpr db::UnixSeconds kNow = 1'780'000'000;
const std::string kIssuer = "https://login.sachsen.example/realms/amt24";

const tokens::TestKey& SigningKey() {
  static const tokens::TestKey key = tokens::MakeRsaKey("rsa-1");
  return key;
}

// The provider: answers what the portal asks and remembers the nonce of the last authorization it saw (the test
// tells it, as the browser would carry it there).
class FakeProvider final : public identity::HttpClient {
 public:
  Result<identity::HttpReply> Send(const identity::HttpCall& call, const identity::ProviderConfig& provider) override {
    std::lock_guard lock(mutex);
    if (down) {
      return Fail(ErrorKind::kUnavailable,
                  "Der Anmeldedienst „" + provider.display_name +
                      "“ ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal.");
    }
    if (call.url == kIssuer + "/.well-known/openid-configuration") {
      if (garbage) return identity::HttpReply{200, "<html>Wartungsarbeiten</html>"};
      boost::json::object discovery{{"issuer", kIssuer},
                                    {"authorization_endpoint", kIssuer + "/auth"},
                                    {"token_endpoint", kIssuer + "/token"},
                                    {"jwks_uri", kIssuer + "/certs"},
                                    {"userinfo_endpoint", kIssuer + "/userinfo"},
                                    {"end_session_endpoint", kIssuer + "/logout"},
                                    {"code_challenge_methods_supported", {"S256"}}};
      return identity::HttpReply{200, boost::json::serialize(discovery)};
    }
    if (call.url == kIssuer + "/certs") return identity::HttpReply{200, tokens::PublicJwks({&SigningKey()})};
    if (call.url == kIssuer + "/token") {
      // A code is good once.
      if (call.body.find("code=der-code") == std::string::npos || redeemed) {
        return identity::HttpReply{400, R"({"error":"invalid_grant"})"};
      }
      redeemed = true;
      boost::json::object claims{{"iss", kIssuer}, {"sub", subject}, {"aud", "mitwirken"}, {"exp", kNow + 300},
                                 {"iat", kNow},    {"nonce", nonce}, {"acr", acr},         {"sid", "sid-1"}};
      std::string id_token = tokens::Sign(SigningKey(), claims);
      if (forge) id_token = forge(claims);
      return identity::HttpReply{
          200, boost::json::serialize(
                   boost::json::object{{"id_token", id_token}, {"access_token", "at-123"}, {"token_type", "Bearer"}})};
    }
    if (call.url == kIssuer + "/userinfo") {
      return identity::HttpReply{
          200,
          boost::json::serialize(boost::json::object{
              {"sub", subject}, {"name", "Erika Mustermann"}, {"email", email}, {"email_verified", email_verified}})};
    }
    return identity::HttpReply{404, "{}"};
  }

  std::mutex mutex;
  bool down = false;
  bool garbage = false;
  bool redeemed = false;
  std::string subject = "sub-erika";
  std::string nonce;
  std::string acr = "urn:eid:substantial";
  std::string email = "erika@example.org";
  bool email_verified = true;
  // Replaces the signed ID token (tampering, other algorithms).
  std::function<std::string(boost::json::object&)> forge;
};

std::map<std::string, std::string> QueryOf(const std::string& url) {
  std::map<std::string, std::string> out;
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return out;
  for (auto param : parsed->params()) out[std::string(param.key)] = std::string(param.value);
  return out;
}

class IdentityLoginTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto source = mw::testing::SourceDir();
    renderer_ = std::make_unique<web::Renderer>(source / "templates", source / "locales");
    mail_renderer_ = std::make_unique<web::Renderer>(source / "templates" / "mail", source / "locales");
    limiter_ = std::make_unique<limits::RateLimiter>(*db_, limits::RateLimiter::Options{.enabled = true});
    SiteConfig config;
    config.base_url = "http://portal.test";
    config.static_dir = source / "static";
    config.openapi_file = source / "docs" / "openapi.json";
    services_ = std::make_unique<Services>(
        Services{*db_, *renderer_, *mail_renderer_, *limiter_, {}, config, [this] { return now_.load(); }});
    identity::IdentityConfig providers;
    identity::ProviderConfig provider = tokens::TestProvider();
    provider.issuer = kIssuer;
    providers.providers.push_back(provider);
    services_->identity = std::make_shared<IdentityProviders>(std::move(providers), provider_);
    http::Router router;
    RegisterRoutes(router, *services_);
    http::ServerOptions options;
    options.listen_port = 0;
    options.access_log = false;
    options.worker_threads = 2;
    server_ = std::make_unique<http::Server>(std::move(router), options);
    server_->Start();
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  // Begins a login (or takes the given start response), plays the provider's part and comes back with the code.
  // Returns the callback's answer; `state_out` receives the state used.
  HttpResponse LoginAtProvider(Browser& browser, std::string* state_out = nullptr) {
    HttpResponse start = browser.Get("/anmelden/servicekonto?next=%2Fkonto");
    EXPECT_EQ(start.status, 303) << start.body;
    return ComeBack(browser, start, state_out);
  }

  HttpResponse ComeBack(Browser& browser, const HttpResponse& start, std::string* state_out = nullptr) {
    auto query = QueryOf(start.Header("location"));
    {
      std::lock_guard lock(provider_.mutex);
      provider_.nonce = query["nonce"];
      provider_.redeemed = false;
    }
    if (state_out) *state_out = query["state"];
    return browser.Get("/anmelden/servicekonto/zurueck?code=der-code&state=" + query["state"]);
  }

  std::int64_t Count(const std::string& sql) {
    return db_->Read([&](db::Tx& tx) { return tx.QueryOne(sql, {})->Int(0); });
  }
  std::int64_t Accounts() { return Count("SELECT COUNT(*) FROM app_user"); }
  std::int64_t Links() { return Count("SELECT COUNT(*) FROM account_link"); }
  std::int64_t FailedLogins() {
    return Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('identity.login_failed', 'identity.link_failed')");
  }

  accounts::User MakeUser(const std::string& email) {
    std::string hash = HashPassword(kPassword);
    return *db_->Write(
        [&](db::Tx& tx) { return accounts::CreateConfirmedUser(tx, email, "Erika Muster", hash, kNow - 1000); });
  }

  HttpResponse PasswordLogin(Browser& browser, const std::string& email) {
    return browser.Submit("/anmelden", "/anmelden", {{"email", email}, {"password", std::string(kPassword)}});
  }

  FakeProvider provider_;
  std::atomic<db::UnixSeconds> now_{kNow};
  std::unique_ptr<web::Renderer> renderer_;
  std::unique_ptr<web::Renderer> mail_renderer_;
  std::unique_ptr<limits::RateLimiter> limiter_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<http::Server> server_;
};

TEST_P(IdentityLoginTest, TheLoginPageOffersTheProvider) {
  Browser browser(server_->port());
  auto page = browser.Get("/anmelden?next=%2Fkonto");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Mit Servicekonto Sachsen anmelden"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/anmelden/servicekonto?next=/konto\""), std::string::npos) << page.body;
}

TEST_P(IdentityLoginTest, TheStartSendsTheBrowserToTheProviderWithPkceStateAndNonce) {
  Browser browser(server_->port());
  auto start = browser.Get("/anmelden/servicekonto");
  ASSERT_EQ(start.status, 303);
  std::string location = start.Header("location");
  EXPECT_EQ(location.rfind(kIssuer + "/auth?", 0), 0u) << location;
  auto query = QueryOf(location);
  EXPECT_EQ(query["redirect_uri"], "http://portal.test/anmelden/servicekonto/zurueck");
  EXPECT_EQ(query["code_challenge_method"], "S256");
  EXPECT_EQ(query["state"].size(), 43u);
  EXPECT_EQ(query["nonce"].size(), 43u);
  // Only hashes of the state are kept.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM identity_login WHERE state_hash = '" + Sha256Hex(query["state"]) + "'"), 1);
  EXPECT_TRUE(browser.jar().Get(std::string(kIdentityCookie)).has_value());
  EXPECT_EQ(browser.Get("/anmelden/unbekannt").status, 404);
}

TEST_P(IdentityLoginTest, TheFirstLoginMakesAnAccountWithoutPasswordAndTheSessionKnowsItsLevel) {
  Browser browser(server_->port());
  auto done = LoginAtProvider(browser);
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.Header("location"), "/konto");
  EXPECT_EQ(Accounts(), 1);
  EXPECT_EQ(Links(), 1);
  auto user = db_->Read([&](db::Tx& tx) { return accounts::FindLinkedUser(tx, "servicekonto", "sub-erika"); });
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->email, "erika@example.org");
  EXPECT_EQ(user->name, "Erika Mustermann");
  EXPECT_TRUE(user->confirmed());  // the provider said email_verified
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return accounts::HasPassword(tx, user->id); }));
  auto session = db_->Read(
      [&](db::Tx& tx) { return accounts::FindSession(tx, *browser.jar().Get(std::string(kSessionCookie)), kNow); });
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->origin.provider, "servicekonto");
  EXPECT_EQ(session->origin.trust_level, "substantial");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'identity.account_created'"), 1);
  // The account page shows the link and the session's level.
  auto account = browser.Get("/konto");
  EXPECT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Vertrauensniveau substanziell"), std::string::npos);
  // The data export names the link and how the session began.
  auto exported = browser.Get("/konto/export");
  EXPECT_EQ(exported.status, 200);
  EXPECT_NE(exported.body.find(R"("identity_links":[{"provider":"servicekonto","subject":"sub-erika")"),
            std::string::npos)
      << exported.body;
  EXPECT_NE(exported.body.find(R"("provider":"servicekonto","trust_level":"substantial")"), std::string::npos);

  // No password opens it.
  Browser other(server_->port());
  EXPECT_EQ(PasswordLogin(other, "erika@example.org").status, 401);
  // The second login finds the same account through its link.
  Browser again(server_->port());
  EXPECT_EQ(LoginAtProvider(again).status, 303);
  EXPECT_EQ(Accounts(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'identity.login'"), 1);
}

TEST_P(IdentityLoginTest, AnAddressTheProviderDidNotConfirmStaysUnconfirmedAndGetsNoResetLink) {
  provider_.email_verified = false;
  Browser browser(server_->port());
  ASSERT_EQ(LoginAtProvider(browser).status, 303);
  auto user = db_->Read([&](db::Tx& tx) { return accounts::FindUserByEmail(tx, "erika@example.org"); });
  ASSERT_TRUE(user.has_value());
  EXPECT_FALSE(user->confirmed());
  auto ticket = db_->Write([&](db::Tx& tx) { return accounts::StartPasswordReset(tx, "erika@example.org", kNow); });
  EXPECT_FALSE(ticket.has_value());
  // Nor is it deleted as an unconfirmed registration would be.
  auto deleted = db_->Write([&](db::Tx& tx) { return accounts::DeleteInactive(tx, kNow + 30 * 24 * 3600); });
  EXPECT_TRUE(deleted.empty());
}

// The issue's list of faults: each one refused with a 4xx page and an audit entry, nothing created or linked.
TEST_P(IdentityLoginTest, EveryFaultIsRefusedWithAPageAndAnAuditEntryAndNoAccount) {
  struct Fault {
    std::string name;
    std::function<void(FakeProvider&)> arrange;
    int status;
  };
  const auto hs256_with_public_key = [](boost::json::object& claims) {
    // The public key's JSON used as an HMAC secret: the classic key confusion.
    std::string secret = tokens::PublicJwk(SigningKey());
    std::string jwk = R"({"kty":"oct","k":")" + tokens::Base64Url(secret) + R"("})";
    cjose_jwk_t* oct = cjose_jwk_import(jwk.c_str(), jwk.size(), nullptr);
    std::string token = tokens::Sign(oct, claims, "HS256", "rsa-1");
    cjose_jwk_release(oct);
    return token;
  };
  const std::vector<Fault> faults = {
      {"tampered ID token",
       [](FakeProvider& p) {
         p.forge = [](boost::json::object& claims) {
           std::string token = tokens::Sign(SigningKey(), claims);
           claims["sub"] = "sub-mallory";
           std::string other = tokens::Sign(SigningKey(), claims);
           // The signature of one payload on another.
           return other.substr(0, other.rfind('.')) + token.substr(token.rfind('.'));
         };
       },
       401},
      {"expired ID token",
       [](FakeProvider& p) {
         p.forge = [](boost::json::object& claims) {
           claims["exp"] = kNow - 3600;
           claims["iat"] = kNow - 7200;
           return tokens::Sign(SigningKey(), claims);
         };
       },
       401},
      {"wrong aud",
       [](FakeProvider& p) {
         p.forge = [](boost::json::object& claims) {
           claims["aud"] = "ein-anderer-dienst";
           return tokens::Sign(SigningKey(), claims);
         };
       },
       401},
      {"nonce mismatch",
       [](FakeProvider& p) {
         p.forge = [](boost::json::object& claims) {
           claims["nonce"] = "eine-andere-nonce";
           return tokens::Sign(SigningKey(), claims);
         };
       },
       401},
      {"alg none",
       [](FakeProvider& p) {
         p.forge = [](boost::json::object& claims) {
           return tokens::Unsigned({{"alg", "none"}, {"kid", "rsa-1"}}, claims);
         };
       },
       401},
      {"HS256 with the public key", [&](FakeProvider& p) { p.forge = hs256_with_public_key; }, 401},
      {"e-mail of another account", [](FakeProvider& p) { p.email = "vorhanden@example.org"; }, 409},
  };
  MakeUser("vorhanden@example.org");
  for (const auto& fault : faults) {
    SCOPED_TRACE(fault.name);
    {
      std::lock_guard lock(provider_.mutex);
      provider_.forge = nullptr;
      provider_.email = "erika@example.org";
      fault.arrange(provider_);
    }
    std::int64_t failed = FailedLogins();
    Browser browser(server_->port());
    auto answer = LoginAtProvider(browser);
    EXPECT_EQ(answer.status, fault.status) << answer.body.substr(0, 400);
    EXPECT_NE(answer.body.find("Anmeldung mit Servicekonto Sachsen nicht möglich"), std::string::npos);
    EXPECT_FALSE(browser.jar().Get(std::string(kSessionCookie)).has_value());
    EXPECT_EQ(FailedLogins(), failed + 1);
    EXPECT_EQ(Accounts(), 1);
    EXPECT_EQ(Links(), 0);
  }
  // The collision says what to do instead.
  {
    std::lock_guard lock(provider_.mutex);
    provider_.forge = nullptr;
    provider_.email = "vorhanden@example.org";
  }
  Browser browser(server_->port());
  auto collision = LoginAtProvider(browser);
  EXPECT_NE(collision.body.find("mit E-Mail-Adresse und Passwort an und verknüpfen"), std::string::npos);
}

TEST_P(IdentityLoginTest, AReplayedStateOrCodeAndACallbackWithoutTheBrowsersCookieAreRefused) {
  Browser browser(server_->port());
  std::string state;
  ASSERT_EQ(LoginAtProvider(browser, &state).status, 303);
  EXPECT_EQ(Accounts(), 1);
  std::int64_t failed = FailedLogins();
  // The same answer again (state and code replayed) in the same browser.
  auto replay = browser.Get("/anmelden/servicekonto/zurueck?code=der-code&state=" + state);
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(FailedLogins(), failed + 1);

  // An answer in a browser that began no login (no cookie): a callback without a session.
  Browser stranger(server_->port());
  auto without = stranger.Get("/anmelden/servicekonto/zurueck?code=der-code&state=" + state);
  EXPECT_EQ(without.status, 400);
  EXPECT_NE(without.body.find("Cookie"), std::string::npos);
  EXPECT_EQ(FailedLogins(), failed + 2);

  // Another browser's state with this browser's own cookie.
  Browser victim(server_->port());
  auto victim_start = victim.Get("/anmelden/servicekonto");
  Browser attacker(server_->port());
  attacker.Get("/anmelden/servicekonto");
  auto foreign = attacker.Get("/anmelden/servicekonto/zurueck?code=der-code&state=" +
                              QueryOf(victim_start.Header("location"))["state"]);
  EXPECT_EQ(foreign.status, 400);
  // A code the provider has already redeemed, with a fresh state.
  Browser late(server_->port());
  auto start = late.Get("/anmelden/servicekonto");
  {
    std::lock_guard lock(provider_.mutex);
    provider_.nonce = QueryOf(start.Header("location"))["nonce"];
    provider_.redeemed = true;
  }
  auto used_code =
      late.Get("/anmelden/servicekonto/zurueck?code=der-code&state=" + QueryOf(start.Header("location"))["state"]);
  EXPECT_GE(used_code.status, 400);
  EXPECT_LT(used_code.status, 600);
  EXPECT_NE(used_code.status, 500);
  // Bad input: no state, an overlong one, the person cancelling at the provider.
  EXPECT_EQ(late.Get("/anmelden/servicekonto/zurueck?code=x").status, 400);
  EXPECT_EQ(late.Get("/anmelden/servicekonto/zurueck?state=" + std::string(5000, 'a')).status, 400);
  Browser cancel(server_->port());
  auto cancel_start = cancel.Get("/anmelden/servicekonto");
  auto cancelled = cancel.Get("/anmelden/servicekonto/zurueck?error=access_denied&state=" +
                              QueryOf(cancel_start.Header("location"))["state"]);
  EXPECT_EQ(cancelled.status, 400);
  EXPECT_NE(cancelled.body.find("abgebrochen"), std::string::npos);
  EXPECT_EQ(Accounts(), 1);
}

TEST_P(IdentityLoginTest, AProviderThatIsDownOrAnswersGarbageGivesAGermanPage) {
  provider_.down = true;
  Browser browser(server_->port());
  auto down = browser.Get("/anmelden/servicekonto");
  EXPECT_EQ(down.status, 503);
  EXPECT_NE(down.body.find("nicht erreichbar"), std::string::npos);
  provider_.down = false;
  provider_.garbage = true;
  auto garbage = browser.Get("/anmelden/servicekonto");
  EXPECT_GE(garbage.status, 400);
  EXPECT_NE(garbage.status, 500);
  EXPECT_EQ(FailedLogins(), 2);
  // Once it is back, the login works: a failed discovery was not kept.
  provider_.garbage = false;
  EXPECT_EQ(LoginAtProvider(browser).status, 303);
}

TEST_P(IdentityLoginTest, AnAccountLinksAndUnlinksTheProviderFromItsPage) {
  accounts::User user = MakeUser("erika@example.org");
  Browser browser(server_->port());
  ASSERT_EQ(PasswordLogin(browser, "erika@example.org").status, 303);
  auto account = browser.Get("/konto");
  EXPECT_NE(account.body.find("Servicekonto Sachsen verknüpfen"), std::string::npos);
  auto start = browser.Submit("/konto", "/konto/anmeldedienste/servicekonto/verknuepfen", {});
  ASSERT_EQ(start.status, 303) << start.body;
  auto linked = ComeBack(browser, start);
  ASSERT_EQ(linked.status, 303) << linked.body;
  EXPECT_EQ(linked.Header("location"), "/konto");
  EXPECT_EQ(Links(), 1);
  EXPECT_EQ(Accounts(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'identity.link'"), 1);

  // The provider's login now opens this account.
  Browser elsewhere(server_->port());
  ASSERT_EQ(LoginAtProvider(elsewhere).status, 303);
  EXPECT_EQ(Accounts(), 1);
  // A session begun at the provider links a further provider only with the password: refused without.
  auto unconfirmed = elsewhere.Submit("/konto", "/konto/anmeldedienste/servicekonto/verknuepfen", {});
  EXPECT_EQ(unconfirmed.status, 403);

  auto unlinked = browser.Submit("/konto", "/konto/anmeldedienste/servicekonto/trennen", {});
  EXPECT_EQ(unlinked.status, 303);
  EXPECT_EQ(Links(), 0);
  EXPECT_EQ(browser.Submit("/konto", "/konto/anmeldedienste/servicekonto/trennen", {}).status, 404);
}

TEST_P(IdentityLoginTest, ALinkIsNeverMadeByEqualAddressNorTakenFromAnotherAccount) {
  // Erika's provider identity is linked to her provider-made account.
  Browser first(server_->port());
  ASSERT_EQ(LoginAtProvider(first).status, 303);
  // Max, with a password account, tries to link the same provider identity to his account.
  MakeUser("max@example.org");
  Browser max(server_->port());
  ASSERT_EQ(PasswordLogin(max, "max@example.org").status, 303);
  auto start = max.Submit("/konto", "/konto/anmeldedienste/servicekonto/verknuepfen", {});
  ASSERT_EQ(start.status, 303);
  auto refused = ComeBack(max, start);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("anderen Konto"), std::string::npos);
  EXPECT_EQ(Links(), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'identity.link_failed'"), 1);
}

TEST_P(IdentityLoginTest, AnAccountWithoutPasswordCannotRemoveItsOnlyWayIn) {
  Browser browser(server_->port());
  ASSERT_EQ(LoginAtProvider(browser).status, 303);
  auto refused = browser.Submit("/konto", "/konto/anmeldedienste/servicekonto/trennen", {});
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("einzige Weg"), std::string::npos);
  EXPECT_EQ(Links(), 1);
}

TEST_P(IdentityLoginTest, AnAccountWithoutPasswordIsDeletedAfterAFreshProviderLogin) {
  Browser browser(server_->port());
  ASSERT_EQ(LoginAtProvider(browser).status, 303);
  auto page = browser.Get("/konto");
  EXPECT_NE(page.body.find("Ihr Konto hat kein Passwort"), std::string::npos);
  auto deleted = browser.Submit("/konto", "/konto/loeschen", {});
  EXPECT_EQ(deleted.status, 200) << deleted.body.substr(0, 300);
  EXPECT_EQ(Accounts(), 0);
  EXPECT_EQ(Links(), 0);
}

TEST_P(IdentityLoginTest, AnAccountWithoutPasswordChangesItsAddressOnlyAfterAFreshProviderLogin) {
  Browser browser(server_->port());
  ASSERT_EQ(LoginAtProvider(browser).status, 303);
  EXPECT_NE(browser.Get("/konto").body.find("Zur Bestätigung genügt eine Anmeldung"), std::string::npos);
  now_ = kNow + 16 * 60;
  auto stale = browser.Submit("/konto", "/konto/email", {{"new_email", "neu@example.org"}});
  EXPECT_EQ(stale.status, 422);
  EXPECT_NE(stale.body.find("höchstens 15 Minuten"), std::string::npos);
  now_ = kNow + 60;
  auto fresh = browser.Submit("/konto", "/konto/email", {{"new_email", "neu@example.org"}});
  EXPECT_EQ(fresh.status, 303) << fresh.body.substr(0, 300);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM user_token WHERE purpose = 'email'"), 1);
}

TEST_P(IdentityLoginTest, TheLogoutOfAProviderSessionEndsItAtTheProviderToo) {
  Browser browser(server_->port());
  ASSERT_EQ(LoginAtProvider(browser).status, 303);
  auto out = browser.Submit("/konto", "/abmelden", {});
  ASSERT_EQ(out.status, 303);
  std::string location = out.Header("location");
  EXPECT_EQ(location.rfind(kIssuer + "/logout?", 0), 0u) << location;
  auto query = QueryOf(location);
  EXPECT_EQ(query["post_logout_redirect_uri"], "http://portal.test/");
  EXPECT_FALSE(query["id_token_hint"].empty());
  EXPECT_EQ(query["client_id"], "mitwirken");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM user_session"), 0);

  // A password session logs out here only.
  MakeUser("max@example.org");
  Browser max(server_->port());
  ASSERT_EQ(PasswordLogin(max, "max@example.org").status, 303);
  EXPECT_EQ(max.Submit("/konto", "/abmelden", {}).Header("location"), "/");
}

TEST_P(IdentityLoginTest, TheProvidersBackChannelLogoutEndsTheSessionsItNames) {
  Browser erika(server_->port());
  ASSERT_EQ(LoginAtProvider(erika).status, 303);
  MakeUser("max@example.org");
  Browser max(server_->port());
  ASSERT_EQ(PasswordLogin(max, "max@example.org").status, 303);
  ASSERT_EQ(Count("SELECT COUNT(*) FROM user_session"), 2);
  auto send = [&](const std::string& token) {
    Browser provider(server_->port());
    return provider.Post("/anmelden/servicekonto/abmelden-kanal", mw::testing::FormEncode({{"logout_token", token}}));
  };
  boost::json::object claims{
      {"iss", kIssuer}, {"aud", "mitwirken"},
      {"iat", kNow},    {"jti", "j-1"},
      {"sid", "sid-1"}, {"events", {{"http://schemas.openid.net/event/backchannel-logout", boost::json::object{}}}}};
  // Refused: an ID token, a token of another issuer, garbage, none at all. Nothing ends.
  boost::json::object id_token_claims{{"iss", kIssuer},    {"sub", "sub-erika"}, {"aud", "mitwirken"},
                                      {"exp", kNow + 300}, {"iat", kNow},        {"nonce", "n"}};
  EXPECT_EQ(send(tokens::Sign(SigningKey(), id_token_claims)).status, 400);
  boost::json::object foreign = claims;
  foreign["iss"] = "https://boese.example";
  EXPECT_EQ(send(tokens::Sign(SigningKey(), foreign)).status, 400);
  EXPECT_EQ(send("kein.token.da").status, 400);
  EXPECT_EQ(send("").status, 400);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM user_session"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'identity.backchannel_failed'"), 4);

  auto done = send(tokens::Sign(SigningKey(), claims));
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Header("cache-control"), "no-store");
  // Erika's provider session ended; Max's password session did not.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM user_session"), 1);
  EXPECT_EQ(erika.Get("/konto").status, 303);
  EXPECT_EQ(max.Get("/konto").status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'identity.backchannel_logout'"), 1);
}

MW_INSTANTIATE_FOR_ENGINES(IdentityLoginTest);

}  // namespace
}  // namespace mw::site
