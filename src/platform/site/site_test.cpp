// End-to-end tests of the platform's pages through a real HTTP server on both database engines: the account flows
// as a person without JavaScript goes through them (forms, redirects, cookies, the confirmation mail), tenant
// isolation of the administration, bad input, rate limits, data export and deletion, and the inactivity rule.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <regex>

#include "platform/accounts/accounts.hpp"
#include "platform/accounts/second_factor.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/http/server.hpp"
#include "platform/mail/names.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/mail/sender.hpp"
#include "platform/site/context.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/site/platform_jobs.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_db.hpp"

namespace mw::site {
namespace {

using mw::testing::HttpResponse;

constexpr std::string_view kPassword = "Richtig-langes-Passwort-1";

using mw::testing::CsrfFrom;
using mw::testing::FormEncode;
using Browser = mw::testing::FormBrowser;

class SiteTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto source = mw::testing::SourceDir();
    renderer_ = std::make_unique<web::Renderer>(source / "templates", source / "locales");
    mail_renderer_ = std::make_unique<web::Renderer>(source / "templates" / "mail", source / "locales");
    // The per-account login limit (across all addresses) is lowered the way an installation can, so that a guess
    // spread over several addresses is quick to show.
    limiter_ = std::make_unique<limits::RateLimiter>(
        *db_, limits::RateLimiter::Options{.enabled = true, .rules = {{"login-account", {.limit = 15, .window_seconds = 900}}}});
    SiteConfig config;
    config.base_url = "http://portal.test";
    config.static_dir = source / "static";
    config.openapi_file = source / "docs" / "openapi.json";
    services_ = std::make_unique<Services>(
        Services{*db_, *renderer_, *mail_renderer_, *limiter_, {}, config, [this] { return now_.load(); }});
    http::Router router;
    RegisterRoutes(router, *services_);
    http::ServerOptions options;
    options.listen_port = 0;
    options.access_log = false;
    options.worker_threads = 4;
    options.trust_proxy = true;  // so that a test can appear from several addresses (X-Forwarded-For)
    server_ = std::make_unique<http::Server>(std::move(router), options);
    server_->Start();
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  unsigned short port() const { return server_->port(); }

  tenancy::Tenant MakeTenant(const std::string& slug, const std::string& kind = "gemeinde",
                             const std::string& parent = "") {
    auto tenant = db_->Write([&](db::Tx& tx) {
      return tenancy::CreateTenant(tx, {.slug = slug, .name = "Mandant " + slug, .kind = kind, .land = "SN",
                                        .parent_slug = parent},
                                   now_);
    });
    EXPECT_TRUE(tenant.has_value()) << (tenant ? "" : tenant.error().message);
    return *tenant;
  }

  accounts::User MakeUser(const std::string& email) {
    std::string hash = HashPassword(kPassword);
    auto user = db_->Write([&](db::Tx& tx) { return accounts::CreateConfirmedUser(tx, email, "Erika Muster", hash, now_); });
    EXPECT_TRUE(user.has_value());
    return *user;
  }

  // Logs in; an account enrolled by EnrolTotp gives its next code in the second step, as its owner's app would.
  HttpResponse Login(Browser& browser, const std::string& email, std::string_view password = kPassword) {
    auto response = browser.Submit("/anmelden", "/anmelden", {{"email", email}, {"password", std::string(password)}});
    auto secret = totp_secrets_.find(email);
    if (response.status != 303 || response.Header("location") != "/anmelden/zweiter-faktor" ||
        secret == totp_secrets_.end()) {
      return response;
    }
    return browser.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", NextCode(email)}});
  }

  // A code of `email`'s authenticator not used yet (time moves on a step when the current one is used).
  std::string NextCode(const std::string& email) {
    std::int64_t& last = totp_last_step_[email];
    if (now_ / accounts::kTotpStepSeconds <= last) now_ += accounts::kTotpStepSeconds;
    last = now_ / accounts::kTotpStepSeconds;
    return accounts::TotpCode(totp_secrets_.at(email), last);
  }

  // Enrols an authenticator for the account (as the enrolment page would) and remembers its secret.
  void EnrolTotp(const accounts::User& user) {
    auto state = db_->Write([&](db::Tx& tx) { return accounts::BeginTotp(tx, user.id, now_); });
    totp_secrets_[user.email] = *accounts::Base32Decode(state.secret_base32);
    ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return accounts::ConfirmTotp(tx, user.id, NextCode(user.email), now_); }));
  }

  // A platform administrator with an authenticator (the platform administration asks for two factors).
  accounts::User MakePlatformAdmin(const std::string& email) {
    auto user = MakeUser(email);
    db_->Write([&](db::Tx& tx) { accounts::SetPlatformAdmin(tx, user.id, true); });
    EnrolTotp(user);
    return user;
  }

  std::vector<mail::OutboxEntry> Outbox() { return mail::ListRecent(*db_, 100, std::nullopt); }

  std::atomic<db::UnixSeconds> now_{1'780'000'000};
  std::map<std::string, std::string> totp_secrets_;
  std::map<std::string, std::int64_t> totp_last_step_;
  std::unique_ptr<web::Renderer> renderer_;
  std::unique_ptr<web::Renderer> mail_renderer_;
  std::unique_ptr<limits::RateLimiter> limiter_;
  std::unique_ptr<Services> services_;
  std::unique_ptr<http::Server> server_;
};

std::string TokenFromLink(const std::string& text, const std::string& path) {
  std::regex link(path + R"(\?token=([A-Za-z0-9_-]+))");
  std::smatch match;
  if (!std::regex_search(text, match, link)) return {};
  return match[1];
}

// Undoes quoted-printable soft line breaks and =3D so that links in a received mail can be read.
std::string UndoQuotedPrintable(std::string data) {
  std::string out;
  for (std::size_t pos = 0; pos < data.size(); ++pos) {
    if (data.compare(pos, 3, "=\r\n") == 0) {
      pos += 2;
    } else if (data.compare(pos, 3, "=3D") == 0) {
      out += '=';
      pos += 2;
    } else {
      out += data[pos];
    }
  }
  return out;
}

// Where a person goes after login or registration comes from a query, a form or a mail's link: only a local target
// is ever used, anything else (another host however written, control characters that could split a header, more than
// the limit) falls back to the start page.
TEST(LocalTargetTest, OnlyLocalPathsAreAccepted) {
  for (std::string_view good : {"/", "/konto", "/grimma/verfahren/3/stellungnahme", "/verfahren?q=Grimma%20Nord&seite=2",
                                "/%2F%2Fexample.org"}) {
    EXPECT_EQ(ValidLocalTarget(good), std::string(good)) << good;
    EXPECT_EQ(SafeNextPath(good), good);
  }
  const std::string too_long = "/" + std::string(kMaxTargetLength, 'a');
  for (std::string_view bad : {std::string_view(), std::string_view("konto"), std::string_view("//evil.example"),
                               std::string_view("//evil.example/konto"), std::string_view("/\\evil.example"),
                               std::string_view("/konto/\\x"), std::string_view("/konto//evil.example"),
                               std::string_view("https://evil.example/"), std::string_view("javascript:alert(1)"),
                               std::string_view(" /konto"), std::string_view("/konto\r\nSet-Cookie: a=b"),
                               std::string_view("/kon\tto"), std::string_view("/konto\x7f"),
                               std::string_view("/stra\xc3\x9f" "e"), std::string_view("/a b"),
                               std::string_view(too_long)}) {
    EXPECT_FALSE(ValidLocalTarget(bad)) << bad;
    EXPECT_EQ(SafeNextPath(bad), "/") << bad;
  }
  EXPECT_TRUE(ValidLocalTarget("/" + std::string(kMaxTargetLength - 1, 'a')));
  EXPECT_EQ(WithNextTarget("/anmelden", "/verfahren?q=a%20b"), "/anmelden?next=/verfahren%3Fq%3Da%2520b");
  EXPECT_EQ(WithNextTarget("/registrieren", "//evil.example"), "/registrieren");
  EXPECT_EQ(WithNextTarget("/registrieren", "/"), "/registrieren");
}

// #14 item 3: a visitor sent to log in who registers instead keeps the way: the register link, the form, the
// confirmation mail's link, the confirmation page and the login after it all carry the target, and the login lands
// there.
TEST_P(SiteTest, RegisteringInsteadOfLoggingInKeepsTheTargetThroughTheConfirmationMail) {
  Browser browser(port());
  auto sent_away = browser.Get("/konto/organisation/einladung?token=abc");
  ASSERT_EQ(sent_away.status, 303);
  const std::string target = "/konto/organisation/einladung?token=abc";
  const std::string login_path = "/anmelden?next=" + QueryEscape(target);
  EXPECT_EQ(sent_away.Header("location"), login_path);

  auto login_page = browser.Get(login_path);
  ASSERT_EQ(login_page.status, 200);
  const std::string register_path = "/registrieren?next=" + QueryEscape(target);
  EXPECT_NE(login_page.body.find("href=\"" + register_path + "\""), std::string::npos) << login_page.body;

  auto register_page = browser.Get(register_path);
  ASSERT_EQ(register_page.status, 200);
  EXPECT_NE(register_page.body.find("name=\"next\" value=\"/konto/organisation/einladung?token=abc\""),
            std::string::npos);
  EXPECT_NE(register_page.body.find("href=\"" + login_path + "\""), std::string::npos) << "and back to the login";

  // A refused attempt keeps it too.
  auto refused = browser.Submit(register_path, "/registrieren",
                                {{"name", "Erika Mustermann"}, {"email", "erika@example.org"}, {"next", target}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("name=\"next\" value=\"/konto/organisation/einladung?token=abc\""), std::string::npos);

  auto registered = browser.Submit(register_path, "/registrieren",
                                   {{"name", "Erika Mustermann"},
                                    {"email", "erika@example.org"},
                                    {"password", std::string(kPassword)},
                                    {"password_confirm", std::string(kPassword)},
                                    {"account_type", "citizen"},
                                    {"consent", "1"},
                                    {"next", target}});
  ASSERT_EQ(registered.status, 303) << registered.body;
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  const std::string text = outbox[0].mail.body_text;
  std::string token = TokenFromLink(text, "/registrieren/bestaetigen");
  ASSERT_FALSE(token.empty()) << text;
  const std::string confirm_link = "/registrieren/bestaetigen?token=" + token + "&next=" + QueryEscape(target);
  EXPECT_NE(text.find("http://portal.test" + confirm_link), std::string::npos) << text;

  // Trying to log in before confirming offers a new link, which carries the target too.
  auto early = browser.Submit(login_path, "/anmelden",
                              {{"email", "erika@example.org"}, {"password", std::string(kPassword)}, {"next", target}});
  ASSERT_EQ(early.status, 403);
  auto resend_at = early.body.find("action=\"/registrieren/erneut\"");
  ASSERT_NE(resend_at, std::string::npos);
  EXPECT_NE(early.body.find("name=\"next\" value=\"/konto/organisation/einladung?token=abc\"", resend_at),
            std::string::npos);
  auto resent = browser.Post("/registrieren/erneut",
                             FormEncode({{"email", "erika@example.org"}, {"next", target}, {"csrf", browser.csrf()}}));
  ASSERT_EQ(resent.status, 303);
  outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  for (const auto& entry : outbox) {
    EXPECT_NE(entry.mail.body_text.find("&next=" + QueryEscape(target)), std::string::npos) << entry.mail.body_text;
  }
  token = TokenFromLink(outbox[0].mail.body_text, "/registrieren/bestaetigen");
  const std::string fresh_link = "/registrieren/bestaetigen?token=" + token + "&next=" + QueryEscape(target);
  ASSERT_NE(outbox[0].mail.body_text.find(fresh_link), std::string::npos) << "the newest mail first";

  // The link may be opened in another browser (the phone's mail app): the target is in it, not in a cookie.
  Browser phone(port());
  auto confirm_page = phone.Get(fresh_link);
  ASSERT_EQ(confirm_page.status, 200);
  EXPECT_NE(confirm_page.body.find("name=\"next\" value=\"/konto/organisation/einladung?token=abc\""),
            std::string::npos);
  auto confirmed = phone.Post("/registrieren/bestaetigen",
                              FormEncode({{"token", token}, {"next", target}, {"csrf", phone.csrf()}}));
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_NE(confirmed.body.find("href=\"" + login_path + "\""), std::string::npos) << confirmed.body;
  EXPECT_FALSE(phone.jar().Get("mw_session")) << "confirming does not log in";

  auto login = phone.Submit(login_path, "/anmelden",
                            {{"email", "erika@example.org"}, {"password", std::string(kPassword)}, {"next", target}});
  ASSERT_EQ(login.status, 303);
  EXPECT_EQ(login.Header("location"), target);
}

// Who has forgotten the password on the way to a form keeps the way there: the login page's link, the form, the reset
// mail's link (opened in any browser), the new password's form and the login after it all carry the target.
TEST_P(SiteTest, APasswordResetKeepsTheTargetThroughTheMail) {
  MakeUser("erika@example.org");
  const std::string target = "/konto/organisation/einladung?token=abc";
  Browser browser(port());
  auto login_page = browser.Get("/anmelden?next=" + QueryEscape(target));
  ASSERT_EQ(login_page.status, 200);
  const std::string forgot_path = "/passwort-vergessen?next=" + QueryEscape(target);
  EXPECT_NE(login_page.body.find("href=\"" + forgot_path + "\""), std::string::npos) << login_page.body;
  auto forgot_page = browser.Get(forgot_path);
  ASSERT_EQ(forgot_page.status, 200);
  EXPECT_NE(forgot_page.body.find("name=\"next\" value=\"/konto/organisation/einladung?token=abc\""),
            std::string::npos);
  auto sent = browser.Submit(forgot_path, "/passwort-vergessen", {{"email", "erika@example.org"}, {"next", target}});
  ASSERT_EQ(sent.status, 200);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  const std::string text = outbox[0].mail.body_text;
  std::string token = TokenFromLink(text, "/passwort-neu");
  ASSERT_FALSE(token.empty()) << text;
  const std::string reset_link = "/passwort-neu?token=" + token + "&next=" + QueryEscape(target);
  EXPECT_NE(text.find("http://portal.test" + reset_link), std::string::npos) << text;

  Browser phone(port());
  auto reset_page = phone.Get(reset_link);
  ASSERT_EQ(reset_page.status, 200);
  EXPECT_NE(reset_page.body.find("name=\"next\" value=\"/konto/organisation/einladung?token=abc\""),
            std::string::npos);
  const std::string new_password = "Ganz-neues-Passwort-2";
  auto reset = phone.Submit(reset_link, "/passwort-neu",
                            {{"token", token}, {"password", new_password}, {"password_confirm", new_password},
                             {"next", target}});
  ASSERT_EQ(reset.status, 303);
  const std::string login_path = "/anmelden?next=" + QueryEscape(target);
  EXPECT_EQ(reset.Header("location"), login_path);
  auto login = phone.Submit(login_path, "/anmelden",
                            {{"email", "erika@example.org"}, {"password", new_password}, {"next", target}});
  ASSERT_EQ(login.status, 303);
  EXPECT_EQ(login.Header("location"), target);

  // A foreign target is not passed on.
  Browser other(port());
  auto foreign = other.Get("/passwort-vergessen?next=" + QueryEscape("//evil.example/"));
  ASSERT_EQ(foreign.status, 200);
  EXPECT_EQ(foreign.body.find("evil.example"), std::string::npos);
}

// The target is checked wherever it is read: a foreign or malformed one is dropped on the login, the registration
// form, the confirmation mail and the confirmation page, never followed.
TEST_P(SiteTest, AForeignTargetIsNeverFollowedNorPassedOn) {
  MakeUser("erika@example.org");
  for (std::string_view bad : {"//evil.example/", "/\\evil.example", "https://evil.example/", "/konto//evil.example"}) {
    SCOPED_TRACE(bad);
    Browser browser(port());
    auto page = browser.Get("/anmelden?next=" + QueryEscape(bad));
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find("evil.example"), std::string::npos);
    auto login = browser.Submit("/anmelden?next=" + QueryEscape(bad), "/anmelden",
                                {{"email", "erika@example.org"}, {"password", std::string(kPassword)},
                                 {"next", std::string(bad)}});
    ASSERT_EQ(login.status, 303);
    EXPECT_EQ(login.Header("location"), "/aufgaben") << "as if no target had been asked for";
    auto logged_in = browser.Get("/anmelden?next=" + QueryEscape(bad));
    EXPECT_EQ(logged_in.status, 303);
    EXPECT_EQ(logged_in.Header("location"), "/aufgaben");

    Browser other(port());
    auto register_page = other.Get("/registrieren?next=" + QueryEscape(bad));
    ASSERT_EQ(register_page.status, 200);
    EXPECT_EQ(register_page.body.find("evil.example"), std::string::npos);
    auto confirm_page = other.Get("/registrieren/bestaetigen?token=x&next=" + QueryEscape(bad));
    EXPECT_EQ(confirm_page.body.find("evil.example"), std::string::npos);
    auto confirmed = other.Post("/registrieren/bestaetigen",
                                FormEncode({{"token", "x"}, {"next", std::string(bad)}, {"csrf", other.csrf()}}));
    EXPECT_EQ(confirmed.body.find("evil.example"), std::string::npos);
  }
  Browser browser(port());
  auto registered = browser.Submit("/registrieren", "/registrieren",
                                   {{"name", "Max Muster"},
                                    {"email", "max@example.org"},
                                    {"password", std::string(kPassword)},
                                    {"password_confirm", std::string(kPassword)},
                                    {"account_type", "citizen"},
                                    {"consent", "1"},
                                    {"next", "//evil.example/"}});
  ASSERT_EQ(registered.status, 303);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].mail.body_text.find("next="), std::string::npos) << outbox[0].mail.body_text;
}

// #14 item 10: a login without a target lands on "Meine Aufgaben"; one with a target still goes there.
TEST_P(SiteTest, ALoginWithoutTargetLandsOnMyTasksAndOneWithATargetGoesThere) {
  MakeUser("erika@example.org");
  for (std::string_view none : {"", "/"}) {
    Browser browser(port());
    auto login = browser.Submit("/anmelden", "/anmelden",
                                {{"email", "erika@example.org"}, {"password", std::string(kPassword)},
                                 {"next", std::string(none)}});
    ASSERT_EQ(login.status, 303);
    EXPECT_EQ(login.Header("location"), "/aufgaben") << none;
  }
  Browser browser(port());
  auto login = browser.Submit("/anmelden?next=/konto", "/anmelden",
                              {{"email", "erika@example.org"}, {"password", std::string(kPassword)},
                               {"next", "/konto"}});
  ASSERT_EQ(login.status, 303);
  EXPECT_EQ(login.Header("location"), "/konto");
  EXPECT_EQ(browser.Get("/anmelden").Header("location"), "/aufgaben") << "the login page, already logged in";
}

// A person without any role sees an honest "nothing to do", the ways to their own things, and the page is theirs
// alone (not kept by any cache). The header links to it for everyone logged in.
TEST_P(SiteTest, MyTasksSaysNothingToDoToACitizenWithoutRoles) {
  MakeUser("erika@example.org");
  Browser anonymous(port());
  auto away = anonymous.Get("/aufgaben");
  EXPECT_EQ(away.status, 303);
  EXPECT_EQ(away.Header("location"), "/anmelden?next=/aufgaben");
  EXPECT_EQ(anonymous.Get("/").body.find("href=\"/aufgaben\""), std::string::npos);

  Browser browser(port());
  ASSERT_EQ(Login(browser, "erika@example.org").status, 303);
  auto page = browser.Get("/aufgaben");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("cache-control"), "private, no-store");
  EXPECT_NE(page.body.find("Nichts zu tun"), std::string::npos);
  EXPECT_NE(page.body.find("Zurzeit wartet nichts auf Sie."), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/konto\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/aufgaben\" aria-current=\"page\""), std::string::npos) << "in the header";
  auto english = browser.Get("/aufgaben?lang=en");
  EXPECT_NE(english.body.find("Nothing to do"), std::string::npos);
  EXPECT_NE(browser.Get("/").body.find("href=\"/aufgaben\""), std::string::npos) << "the kept start page's header";
}

// The platform lists what the formats' task sources report, per tenant of the person's roles, without knowing the
// formats: entries with nothing waiting are left out, the person's own entries are always shown.
TEST_P(SiteTest, MyTasksListsTheFormatsEntriesPerTenantOfThePersonsRoles) {
  auto grimma = MakeTenant("grimma");
  auto naunhof = MakeTenant("naunhof");
  auto worker = MakeUser("sachbearbeitung@grimma.example");
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(accounts::Grant(tx, worker.id, grimma.id, accounts::Role::kCaseWorker, now_));
    ASSERT_TRUE(accounts::Grant(tx, worker.id, naunhof.id, accounts::Role::kModerator, now_));
  });
  services_->task_sources.push_back([&](db::Tx&, const TaskQuery& query) {
    std::vector<Task> tasks;
    for (const auto& grant : *query.roles) {
      if (grant.role == accounts::Role::kCaseWorker) {
        tasks.push_back({.tenant_id = grant.tenant_id, .label = "Neue Eingänge", .count = 4, .href = "/eingang"});
      }
      if (grant.role == accounts::Role::kModerator) {
        tasks.push_back({.tenant_id = grant.tenant_id, .label = "Zu prüfen", .count = 0, .href = "/pruefen"});
      }
    }
    tasks.push_back({.label = "Meine Beiträge", .count = 0, .href = "/meine"});
    return tasks;
  });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "sachbearbeitung@grimma.example").status, 303);
  auto page = browser.Get("/aufgaben");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("Nichts zu tun"), std::string::npos);
  auto grimma_at = page.body.find("Mandant grimma");
  auto naunhof_at = page.body.find("Mandant naunhof");
  ASSERT_NE(grimma_at, std::string::npos);
  ASSERT_NE(naunhof_at, std::string::npos);
  auto entry_at = page.body.find("<a class=\"kern-link\" href=\"/eingang\">Neue Eingänge (4)</a>");
  EXPECT_TRUE(entry_at > grimma_at && entry_at < naunhof_at) << page.body;
  EXPECT_NE(page.body.find("Ihre Rollen: Sachbearbeitung"), std::string::npos);
  EXPECT_NE(page.body.find("Ihre Rollen: Moderation"), std::string::npos);
  EXPECT_EQ(page.body.find("/pruefen"), std::string::npos) << "nothing waits there";
  EXPECT_NE(page.body.find("Hier wartet zurzeit nichts auf Sie.", naunhof_at), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/meine\">Meine Beiträge (0)</a>"), std::string::npos);
}

TEST_P(SiteTest, RegisterConfirmByMailLoginAndLogoutWithoutJavaScript) {
  Browser browser(port());
  auto form = browser.Get("/registrieren");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<form"), std::string::npos);

  auto registered = browser.Submit("/registrieren", "/registrieren",
                                   {{"name", "Erika Mustermann"},
                                    {"email", "Erika@Example.org"},
                                    {"password", std::string(kPassword)},
                                    {"password_confirm", std::string(kPassword)},
                                    {"account_type", "citizen"},
                                    {"consent", "1"}});
  ASSERT_EQ(registered.status, 303) << registered.body;
  EXPECT_EQ(registered.Header("location").rfind("/registrieren/gesendet", 0), 0u);

  // Before confirming, login is refused with the offer to resend the link.
  auto early = Login(browser, "erika@example.org");
  EXPECT_EQ(early.status, 403);
  EXPECT_NE(early.body.find("/registrieren/erneut"), std::string::npos);

  // The confirmation mail leaves through the outbox to an SMTP server.
  mw::testing::SmtpSink sink;
  mail::SmtpConfig smtp{.url = sink.url(), .from = {"noreply@portal.test", "mitwirken"}};
  mail::SmtpSender sender(smtp);
  EXPECT_EQ(mail::RunOutboxOnce(*db_, sender, now_, "test", 10), 1);
  ASSERT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(5)));
  auto received = sink.Messages().front();
  EXPECT_EQ(received.recipients.front(), "erika@example.org");
  std::string token = TokenFromLink(UndoQuotedPrintable(received.data), "/registrieren/bestaetigen");
  ASSERT_FALSE(token.empty()) << received.data;

  // Opening the link shows a button; only the click confirms (mail scanners open links too).
  auto confirm_page = browser.Get("/registrieren/bestaetigen?token=" + token);
  EXPECT_EQ(confirm_page.status, 200);
  auto confirmed = browser.Post("/registrieren/bestaetigen",
                                FormEncode({{"token", token}, {"csrf", browser.csrf()}}));
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  auto again = browser.Post("/registrieren/bestaetigen", FormEncode({{"token", token}, {"csrf", browser.csrf()}}));
  EXPECT_EQ(again.status, 400) << "a confirmation link works once";

  auto wrong = Login(browser, "erika@example.org", "falsches-passwort-123");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_FALSE(browser.jar().Get("mw_session"));

  auto login = Login(browser, "erika@example.org");
  ASSERT_EQ(login.status, 303);
  bool session_cookie_ok = false;
  for (const auto& value : login.HeaderValues("set-cookie")) {
    if (value.rfind("mw_session=", 0) == 0) {
      session_cookie_ok = value.find("HttpOnly") != std::string::npos && value.find("SameSite=Lax") != std::string::npos;
    }
  }
  EXPECT_TRUE(session_cookie_ok);

  auto account = browser.Get("/konto");
  ASSERT_EQ(account.status, 200);
  EXPECT_NE(account.body.find("Erika Mustermann"), std::string::npos);
  EXPECT_NE(account.body.find("erika@example.org"), std::string::npos);

  auto logout = browser.Post("/abmelden", FormEncode({{"csrf", browser.csrf()}}));
  EXPECT_EQ(logout.status, 303);
  auto after = browser.Get("/konto");
  EXPECT_EQ(after.status, 303);
  EXPECT_EQ(after.Header("location"), "/anmelden?next=/konto");

  auto audit = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 10); });
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "user.confirm");
  EXPECT_EQ(audit[1].action, "user.register");
}

// The login and registration forms are the same for every visitor but for the CSRF token: rendered once and kept,
// each visitor gets their own token spliced in, and logging in with it works.
TEST_P(SiteTest, TheLoginAndRegistrationFormsAreSharedWithEachVisitorsOwnToken) {
  MakeUser("geteilt@example.org");
  for (const std::string path : {"/anmelden", "/registrieren"}) {
    const auto renders = site::PageCacheOf(*db_).renders();
    Browser first(port()), second(port());
    auto one = first.Get(path);
    auto two = second.Get(path);
    ASSERT_EQ(one.status, 200);
    ASSERT_EQ(two.status, 200);
    EXPECT_EQ(site::PageCacheOf(*db_).renders(), renders + 1) << path;
    const auto token = [](const std::string& body) {
      const auto at = body.find("name=\"csrf\" value=\"");
      return at == std::string::npos ? std::string() : body.substr(at + 20, body.find('"', at + 20) - at - 20);
    };
    EXPECT_FALSE(token(one.body).empty()) << path;
    EXPECT_NE(token(one.body), token(two.body)) << path;
  }
  Browser visitor(port());
  EXPECT_EQ(Login(visitor, "geteilt@example.org").status, 303);
}

// A shared page with a form gives every response its visitor's token, masked afresh, in the one kept body (shared,
// not copied), and a new visitor the CSRF cookie the form's POST needs; a shared page without a form carries no
// token and sets no CSRF cookie.
TEST_P(SiteTest, ASharedPageCarriesAFreshTokenOnlyWhereItHasAForm) {
  const auto request_for = [](const std::string& target) {
    http::Request request;
    request.method = http::Method::kGet;
    request.method_name = "GET";
    request.target = target;
    request.path = target;
    return request;
  };
  const auto form = [this](Visitor& anonymous) {
    return RenderPage(*services_, anonymous, http::Request{}, "confirm", {{"pending", true}, {"token", "t"}},
                      "Formular");
  };
  const auto plain = [](Visitor&) { return http::Response::Html(200, "<p>ohne Formular</p>"); };
  const auto has_csrf_cookie = [](const http::Response& response) {
    return std::ranges::any_of(response.cookies, [](const auto& cookie) { return cookie.name == kCsrfCookie; });
  };

  const http::Request form_request = request_for("/mit-formular");
  const Visitor first = ResolveVisitor(*services_, form_request);
  const Visitor second = ResolveVisitor(*services_, form_request);
  auto one = ServeSharedPage(*services_, first, form_request, {}, form);
  auto two = ServeSharedPage(*services_, second, form_request, {}, form);
  auto again = ServeSharedPage(*services_, first, form_request, {}, form);
  ASSERT_TRUE(one && two && again);
  ASSERT_NE(one->shared_body, nullptr);
  EXPECT_EQ(one->shared_body.get(), two->shared_body.get()) << "one kept body for all";
  EXPECT_EQ(one->shared_body.get(), again->shared_body.get());
  EXPECT_EQ(UnmaskToken(one->fill), first.csrf);
  EXPECT_EQ(UnmaskToken(two->fill), second.csrf);
  EXPECT_EQ(UnmaskToken(again->fill), first.csrf);
  EXPECT_NE(one->fill, again->fill) << "masked afresh in every response";
  EXPECT_EQ(CsrfFrom(one->BodyText()), one->fill);
  EXPECT_TRUE(has_csrf_cookie(*one));
  EXPECT_EQ(one->BodyText().find(first.csrf), std::string::npos) << "the secret itself is in no page";

  const http::Request plain_request = request_for("/ohne-formular");
  const Visitor third = ResolveVisitor(*services_, plain_request);
  auto three = ServeSharedPage(*services_, third, plain_request, {}, plain);
  auto four = ServeSharedPage(*services_, first, plain_request, {}, plain);
  ASSERT_TRUE(three && four);
  EXPECT_EQ(three->shared_body.get(), four->shared_body.get());
  EXPECT_TRUE(three->fill.empty());
  EXPECT_EQ(three->BodyText(), "<p>ohne Formular</p>");
  EXPECT_FALSE(has_csrf_cookie(*three));

  // A bare error status of the render is not kept and stays bare, so that the server shows the error page.
  const http::Request missing_request = request_for("/fehlt");
  auto missing = ServeSharedPage(*services_, third, missing_request, {},
                                 [](Visitor&) { return http::Response{.status = 404}; });
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(missing->NoBody());
}

// A page the same for everyone but for the header (the start page) is kept once and given to a logged-in visitor
// with their own header: their name, the account link and a logout form with their token — byte for byte what a
// render for them gives — while visitors without session still get the kept page without anybody's name.
TEST_P(SiteTest, LoggedInVisitorsGetTheKeptStartPageWithTheirOwnHeader) {
  MakeUser("kopf@example.org");
  const auto without_tokens = [](std::string body) {
    static const std::regex token(R"re(name="csrf" value="[^"]*")re");
    return std::regex_replace(body, token, "name=\"csrf\" value=\"…\"");
  };
  Browser anonymous(port());
  ASSERT_EQ(anonymous.Get("/").status, 200);
  Browser member(port());
  ASSERT_EQ(Login(member, "kopf@example.org").status, 303);
  auto with_notice = member.Get("/");  // "Sie sind jetzt angemeldet": a notice is personal, so this one is rendered
  EXPECT_NE(with_notice.body.find("mw-flash"), std::string::npos);

  const auto renders = PageCacheOf(*db_).renders();
  auto kept = member.Get("/");
  ASSERT_EQ(kept.status, 200);
  EXPECT_EQ(PageCacheOf(*db_).renders(), renders) << "answered from the kept page";
  EXPECT_EQ(kept.Header("cache-control"), "private, no-store");
  EXPECT_NE(kept.body.find("Erika Muster"), std::string::npos);
  EXPECT_NE(kept.body.find("action=\"/abmelden\""), std::string::npos);
  EXPECT_EQ(kept.body.find("href=\"/anmelden"), std::string::npos) << "no login link for a logged-in visitor";

  services_->config.page_cache = false;
  auto rendered = member.Get("/");
  services_->config.page_cache = true;
  ASSERT_EQ(rendered.status, 200);
  EXPECT_EQ(without_tokens(kept.body), without_tokens(rendered.body));

  auto again = anonymous.Get("/");
  EXPECT_EQ(again.body.find("Erika Muster"), std::string::npos) << "the kept page stays anonymous";
  EXPECT_NE(again.body.find("href=\"/anmelden"), std::string::npos);
  EXPECT_EQ(PageCacheOf(*db_).renders(), renders);

  // The header's token is the visitor's own: logging out with it works.
  EXPECT_EQ(member.Submit("/", "/abmelden", {}).status, 303);
  EXPECT_NE(member.Get("/").body.find("href=\"/anmelden"), std::string::npos) << "logged out";
}

// Through the server: the start page and the legal pages have no form for an anonymous visitor and set no cookie;
// the login form sets the CSRF cookie its POST needs; a language chosen by ?lang= is still kept in its cookie.
TEST_P(SiteTest, PagesWithoutAFormSetNoCookieAndTheLegalPagesAreKept) {
  for (const std::string path : {"/", "/impressum", "/datenschutz", "/barrierefreiheit", "/leichte-sprache"}) {
    const auto before = PageCacheOf(*db_).renders();
    Browser visitor(port());
    auto page = visitor.Get(path);
    ASSERT_EQ(page.status, 200) << path;
    EXPECT_FALSE(page.HasHeader("set-cookie")) << path;
    EXPECT_EQ(CsrfFrom(page.body), "") << path;
    EXPECT_EQ(PageCacheOf(*db_).renders(), before + 1) << path << " is rendered for the page cache";
    EXPECT_EQ(Browser(port()).Get(path).body, page.body) << path;
    EXPECT_EQ(PageCacheOf(*db_).renders(), before + 1) << path << " is kept";
  }
  EXPECT_NE(Browser(port()).Get("/impressum").body.find(services_->config.operator_name), std::string::npos);
  auto english = Browser(port()).Get("/impressum?lang=en");
  EXPECT_EQ(english.HeaderValues("set-cookie").size(), 1u);
  EXPECT_TRUE(english.Header("set-cookie").starts_with("mw_lang=en")) << english.Header("set-cookie");

  MakeUser("formular@example.org");
  Browser visitor(port());
  auto login = visitor.Get("/anmelden");
  EXPECT_TRUE(login.Header("set-cookie").starts_with("mw_csrf=")) << login.Header("set-cookie");
  EXPECT_NE(CsrfFrom(login.body), "");
  EXPECT_EQ(Login(visitor, "formular@example.org").status, 303);
}

TEST_P(SiteTest, RegistrationShowsEveryProblemAndKeepsTheInput) {
  Browser browser(port());
  auto response = browser.Submit("/registrieren", "/registrieren",
                                 {{"name", "E"}, {"email", "keine-adresse"}, {"password", "kurz"},
                                  {"password_confirm", "anders"}});
  EXPECT_EQ(response.status, 422);
  EXPECT_NE(response.body.find("gültige E-Mail-Adresse"), std::string::npos);
  EXPECT_NE(response.body.find("mindestens 12 Zeichen"), std::string::npos);
  EXPECT_NE(response.body.find("Datenschutzerklärung gelesen"), std::string::npos);
  EXPECT_NE(response.body.find("value=\"keine-adresse\""), std::string::npos);
  EXPECT_TRUE(Outbox().empty());
}

// Anyone can register any address with a name of their choosing, and the portal mails that address: the name is
// the attacker's text in an official mail. The mail quotes it only short and plain, never with a web address.
TEST_P(SiteTest, ARegistrationMailQuotesTheTypedNameOnlyShortAndPlain) {
  Browser browser(port());
  const std::string phishing =
      "Ihr Konto wird gesperrt. Jetzt bestätigen: https://evil.example/login oder www.evil.example, Ihre Sparkasse "
      "bittet um sofortige Bestätigung Ihrer Zugangsdaten";
  auto registered = browser.Submit("/registrieren", "/registrieren",
                                   {{"name", phishing},
                                    {"email", "opfer@example.org"},
                                    {"password", std::string(kPassword)},
                                    {"password_confirm", std::string(kPassword)},
                                    {"consent", "1"}});
  ASSERT_EQ(registered.status, 303) << registered.body;
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  const auto& sent = outbox[0].mail;
  EXPECT_EQ(sent.to_address, "opfer@example.org");
  for (const std::string& text : {sent.to_name, sent.body_text}) {
    EXPECT_EQ(text.find("evil.example"), std::string::npos) << text;
    EXPECT_EQ(text.find("https://evil"), std::string::npos) << text;
  }
  // The confirmation goes to an address nobody has proven yet: it names nobody.
  EXPECT_EQ(sent.to_name, "");
  EXPECT_TRUE(sent.body_text.starts_with("Guten Tag,\n")) << sent.body_text;
  EXPECT_EQ(sent.body_text.find("Konto wird gesperrt"), std::string::npos) << sent.body_text;

  // Other account mails quote the account's name short and plain (mail::MailName), e.g. the password reset.
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE app_user SET email_confirmed_at = ? WHERE email = ?", {now_.load(), "opfer@example.org"});
  });
  auto reset = browser.Submit("/passwort-vergessen", "/passwort-vergessen", {{"email", "opfer@example.org"}});
  EXPECT_EQ(reset.status, 200);
  outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  const auto& reset_mail = outbox[0].mail.category == "registration" ? outbox[1].mail : outbox[0].mail;
  EXPECT_LE(Utf8Length(reset_mail.to_name), mail::kMaxMailNameChars);
  EXPECT_EQ(reset_mail.to_name.find("evil"), std::string::npos) << reset_mail.to_name;
  EXPECT_EQ(reset_mail.body_text.find("evil.example"), std::string::npos) << reset_mail.body_text;
  EXPECT_TRUE(reset_mail.body_text.starts_with("Guten Tag ")) << "fixed text opens the mail";
}

TEST_P(SiteTest, RegisteringAnExistingAddressAnswersLikeANewOneAndTellsTheOwner) {
  MakeUser("doppelt@example.org");
  auto register_as = [&](const std::string& email) {
    Browser browser(port());
    return browser.Submit("/registrieren", "/registrieren",
                          {{"name", "Noch Jemand"}, {"email", email}, {"password", std::string(kPassword)},
                           {"password_confirm", std::string(kPassword)}, {"consent", "1"}});
  };
  auto existing = register_as("doppelt@example.org");
  auto fresh = register_as("neu@example.org");
  EXPECT_EQ(existing.status, 303);
  EXPECT_EQ(existing.status, fresh.status);
  EXPECT_EQ(existing.Header("location"), "/registrieren/gesendet?email=doppelt%40example.org");
  EXPECT_EQ(fresh.Header("location"), "/registrieren/gesendet?email=neu%40example.org");

  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  const auto& owner_mail = outbox[0].mail.to_address == "doppelt@example.org" ? outbox[0].mail : outbox[1].mail;
  EXPECT_EQ(owner_mail.to_address, "doppelt@example.org");
  EXPECT_NE(owner_mail.body_text.find("Jemand hat versucht"), std::string::npos) << owner_mail.body_text;
  EXPECT_NE(owner_mail.body_text.find("/passwort-vergessen"), std::string::npos);
  EXPECT_EQ(owner_mail.body_text.find("/registrieren/bestaetigen"), std::string::npos) << "no second account";
  auto accounts_with_address = db_->Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT COUNT(*) FROM app_user WHERE email = ?", {"doppelt@example.org"})->Int(0);
  });
  EXPECT_EQ(accounts_with_address, 1);
  Browser owner(port());
  EXPECT_EQ(Login(owner, "doppelt@example.org").status, 303) << "the owner's password is unchanged";
}

TEST_P(SiteTest, OrganisationRegistersWithItsNameAndInvitesAMember) {
  MakeUser("kollegin@verband.example");
  MakeUser("fremd@example.org");
  Browser browser(port());
  auto registered = browser.Submit("/registrieren", "/registrieren",
                                   {{"name", "Karl Lehmann"}, {"email", "toeb@verband.example"},
                                    {"password", std::string(kPassword)},
                                    {"password_confirm", std::string(kPassword)}, {"account_type", "organisation"},
                                    {"organisation_name", "Umweltverband e. V."}, {"consent", "1"}});
  ASSERT_EQ(registered.status, 303);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  std::string token = TokenFromLink(outbox.front().mail.body_text, "/registrieren/bestaetigen");
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(accounts::ConfirmEmail(tx, token, now_)); });
  ASSERT_EQ(Login(browser, "toeb@verband.example").status, 303);

  // An address with an account and one without get the same answer; both get an invitation mail.
  auto known = browser.Submit("/konto", "/konto/organisation/mitglieder", {{"email", "kollegin@verband.example"}});
  auto unknown = browser.Submit("/konto", "/konto/organisation/mitglieder", {{"email", "niemand@verband.example"}});
  EXPECT_EQ(known.status, 303);
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_EQ(known.Header("location"), unknown.Header("location"));
  auto known_page = browser.Get("/konto");
  EXPECT_NE(known_page.body.find("Wenn es ein Konto mit dieser Adresse gibt"), std::string::npos);
  EXPECT_EQ(known_page.body.find("kollegin@verband.example"), std::string::npos)
      << "the organisation sees nobody before they accept";
  EXPECT_EQ(known_page.body.find("Erika Muster"), std::string::npos);

  std::string invitation;
  int invitation_mails = 0;
  for (const auto& entry : Outbox()) {
    if (entry.mail.category != "organisation") continue;
    ++invitation_mails;
    EXPECT_NE(entry.mail.body_text.find("Umweltverband e. V."), std::string::npos);
    if (entry.mail.to_address == "kollegin@verband.example") {
      invitation = TokenFromLink(entry.mail.body_text, "/konto/organisation/einladung");
    }
  }
  EXPECT_EQ(invitation_mails, 2);
  ASSERT_FALSE(invitation.empty());

  // Someone else who got hold of the link cannot join with it.
  Browser stranger(port());
  ASSERT_EQ(Login(stranger, "fremd@example.org").status, 303);
  EXPECT_EQ(stranger.Get("/konto/organisation/einladung?token=" + invitation).status, 403);
  auto foreign = stranger.Post("/konto/organisation/einladung",
                               FormEncode({{"token", invitation}, {"decision", "accept"}, {"csrf", stranger.csrf()}}));
  EXPECT_EQ(foreign.status, 403);

  // The invited person is asked to log in first, sees which organisation invites them, and accepts.
  Browser colleague(port());
  auto first = colleague.Get("/konto/organisation/einladung?token=" + invitation);
  EXPECT_EQ(first.status, 303);
  EXPECT_EQ(first.Header("location").rfind("/anmelden?next=", 0), 0u);
  auto logged_in = colleague.Submit(first.Header("location"), "/anmelden",
                                    {{"email", "kollegin@verband.example"}, {"password", std::string(kPassword)},
                                     {"next", "/konto/organisation/einladung?token=" + invitation}});
  ASSERT_EQ(logged_in.status, 303);
  EXPECT_EQ(logged_in.Header("location"), "/konto/organisation/einladung?token=" + invitation);
  auto shown = colleague.Get(logged_in.Header("location"));
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("Umweltverband e. V."), std::string::npos);
  auto accepted = colleague.Post("/konto/organisation/einladung",
                                 FormEncode({{"token", invitation}, {"decision", "accept"}, {"csrf", colleague.csrf()}}));
  EXPECT_EQ(accepted.status, 303);
  auto account = browser.Get("/konto");
  EXPECT_NE(account.body.find("Umweltverband e. V."), std::string::npos);
  EXPECT_NE(account.body.find("kollegin@verband.example"), std::string::npos);

  // The member leaves with one click; the organisation no longer sees them.
  auto left = colleague.Submit("/konto", "/konto/organisation/verlassen", {});
  EXPECT_EQ(left.status, 303);
  EXPECT_EQ(browser.Get("/konto").body.find("kollegin@verband.example"), std::string::npos);
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 20); });
  std::vector<std::string> actions;
  for (const auto& entry : entries) actions.push_back(entry.action);
  for (std::string_view expected : {"organisation.invite", "organisation.member_join", "organisation.member_leave"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), expected), actions.end()) << expected;
  }
  for (const auto& entry : entries) {
    EXPECT_EQ(entry.detail.find("niemand@verband.example"), std::string::npos) << "no invited address in the log";
  }
}

TEST_P(SiteTest, InvitationsAreLimitedPerInvitingAccount) {
  auto admin = MakeUser("toeb@verband.example");
  db_->Write([&](db::Tx& tx) {
    auto organisation = tx.QueryOne("INSERT INTO organisation (name, created_at) VALUES (?, ?) RETURNING id",
                                    {std::string("Verband"), now_.load()})->Int(0);
    tx.Exec("UPDATE app_user SET organisation_id = ?, is_org_admin = 1 WHERE id = ?", {organisation, admin.id});
  });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "toeb@verband.example").status, 303);
  int last_status = 0;
  for (int index = 0; index < 11; ++index) {
    last_status = browser.Submit("/konto", "/konto/organisation/mitglieder",
                                 {{"email", "person" + std::to_string(index) + "@example.org"}}).status;
  }
  EXPECT_EQ(last_status, 429);
  EXPECT_EQ(Outbox().size(), 10u);
}

TEST_P(SiteTest, TheLastAdminMayLeaveAndAPlatformAdminNamesANewOne) {
  auto admin = MakeUser("toeb@verband.example");
  auto member = MakeUser("kollegin@verband.example");
  MakePlatformAdmin("betrieb@land.example");
  db_->Write([&](db::Tx& tx) {
    auto organisation = tx.QueryOne("INSERT INTO organisation (name, created_at) VALUES (?, ?) RETURNING id",
                                    {std::string("Umweltverband e. V."), now_.load()})->Int(0);
    tx.Exec("UPDATE app_user SET organisation_id = ?, is_org_admin = 1 WHERE id = ?", {organisation, admin.id});
    tx.Exec("UPDATE app_user SET organisation_id = ? WHERE id = ?", {organisation, member.id});
  });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "toeb@verband.example").status, 303);
  auto page = browser.Get("/konto");
  EXPECT_NE(page.body.find("/konto/organisation/verlassen"), std::string::npos);
  EXPECT_NE(page.body.find("letzte Administratorin"), std::string::npos) << "the page says what leaving means";
  EXPECT_EQ(browser.Submit("/konto", "/konto/organisation/verlassen", {}).status, 303);

  Browser colleague(port());
  ASSERT_EQ(Login(colleague, "kollegin@verband.example").status, 303);
  EXPECT_NE(colleague.Get("/konto").body.find("keine Administration"), std::string::npos);

  Browser platform(port());
  ASSERT_EQ(Login(platform, "betrieb@land.example").status, 303);
  auto overview = platform.Get("/verwaltung");
  EXPECT_NE(overview.body.find("Umweltverband e. V."), std::string::npos);
  auto named = platform.Submit("/verwaltung", "/verwaltung/organisationen/administration",
                               {{"email", "kollegin@verband.example"}});
  EXPECT_EQ(named.status, 303);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return accounts::FindUserById(tx, member.id)->is_org_admin; }));
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 5); });
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "organisation.admin_set");
  EXPECT_EQ(colleague.Submit("/konto", "/konto/organisation/mitglieder", {{"email", "x@example.org"}}).status, 303);
}

TEST_P(SiteTest, TenantAdminCannotReachAnotherTenantsAdministration) {
  auto grimma = MakeTenant("grimma");
  MakeTenant("naunhof");
  auto admin = MakeUser("verwaltung@grimma.example");
  auto target = MakeUser("neu@grimma.example");
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(accounts::Grant(tx, admin.id, grimma.id, accounts::Role::kAdmin, now_)); });

  Browser anonymous(port());
  auto redirect = anonymous.Get("/grimma/verwaltung");
  EXPECT_EQ(redirect.status, 303);
  EXPECT_EQ(redirect.Header("location"), "/anmelden?next=/grimma/verwaltung");

  Browser browser(port());
  ASSERT_EQ(Login(browser, "verwaltung@grimma.example").status, 303);
  EXPECT_EQ(browser.Get("/grimma/verwaltung").status, 200);
  EXPECT_EQ(browser.Get("/grimma/verwaltung/protokoll").status, 200);
  auto forbidden = browser.Get("/naunhof/verwaltung");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_NE(forbidden.body.find("action=\"/abmelden\""), std::string::npos) << "error pages keep the login state";
  EXPECT_EQ(browser.Get("/naunhof/verwaltung/protokoll").status, 403);
  EXPECT_EQ(browser.Get("/verwaltung").status, 403);
  auto foreign_grant = browser.Post("/naunhof/verwaltung/rollen",
                                    FormEncode({{"email", "neu@grimma.example"}, {"role", "admin"}, {"csrf", browser.csrf()}}));
  EXPECT_EQ(foreign_grant.status, 403);

  auto granted = browser.Submit("/grimma/verwaltung", "/grimma/verwaltung/rollen",
                                {{"email", "neu@grimma.example"}, {"role", "editor"}});
  EXPECT_EQ(granted.status, 303);
  db_->Read([&](db::Tx& tx) {
    EXPECT_TRUE(accounts::HasRole(tx, target.id, grimma.id, accounts::Role::kEditor));
    auto naunhof = tenancy::FindBySlug(tx, "naunhof");
    EXPECT_FALSE(accounts::HasRole(tx, target.id, naunhof->id, accounts::Role::kAdmin));
    auto entries = audit::List(tx, grimma.id, 0, 10);
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.front().action, "role.grant");
    EXPECT_EQ(entries.front().actor_label, "verwaltung@grimma.example");
  });
  auto audit_page = browser.Get("/grimma/verwaltung/protokoll");
  EXPECT_NE(audit_page.body.find("role.grant"), std::string::npos);
}

// #14 item 10: removing a role asks first, naming the person and the role; the notice after it says what happened;
// the last admin role of a tenant is not removed.
TEST_P(SiteTest, RemovingARoleAsksFirstAndNeverRemovesTheLastAdmin) {
  auto grimma = MakeTenant("grimma");
  auto admin = MakeUser("verwaltung@grimma.example");
  auto editor = db_->Write([&](db::Tx& tx) {
    return accounts::CreateConfirmedUser(tx, "redaktion@grimma.example", "Kim Redaktion", "hash", now_);
  });
  ASSERT_TRUE(editor);
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(accounts::Grant(tx, admin.id, grimma.id, accounts::Role::kAdmin, now_));
    ASSERT_TRUE(accounts::Grant(tx, editor->id, grimma.id, accounts::Role::kEditor, now_));
  });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "verwaltung@grimma.example").status, 303);
  auto list = browser.Get("/grimma/verwaltung");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("href=\"/grimma/verwaltung/rollen/entziehen?user_id=" + std::to_string(editor->id) +
                           "&amp;role=editor\""),
            std::string::npos)
      << "the list's button leads to the question, it removes nothing";

  const std::string editor_query = "/grimma/verwaltung/rollen/entziehen?user_id=" + std::to_string(editor->id) +
                                   "&role=editor";
  auto question = browser.Get(editor_query);
  ASSERT_EQ(question.status, 200);
  EXPECT_NE(question.body.find("Möchten Sie Kim Redaktion (redaktion@grimma.example) die Rolle „Redaktion“ in "
                               "Mandant grimma entziehen?"),
            std::string::npos)
      << question.body;
  EXPECT_NE(question.body.find("name=\"csrf\""), std::string::npos);
  EXPECT_EQ(question.Header("cache-control"), "private, no-store");
  db_->Read([&](db::Tx& tx) { EXPECT_TRUE(accounts::HasRole(tx, editor->id, grimma.id, accounts::Role::kEditor)); });

  // Without the token nothing happens.
  auto forged = browser.Post("/grimma/verwaltung/rollen/entziehen",
                             FormEncode({{"user_id", std::to_string(editor->id)}, {"role", "editor"}}));
  EXPECT_EQ(forged.status, 403);
  db_->Read([&](db::Tx& tx) { EXPECT_TRUE(accounts::HasRole(tx, editor->id, grimma.id, accounts::Role::kEditor)); });

  auto removed = browser.Submit(editor_query, "/grimma/verwaltung/rollen/entziehen",
                                {{"user_id", std::to_string(editor->id)}, {"role", "editor"}});
  ASSERT_EQ(removed.status, 303);
  EXPECT_EQ(removed.Header("location"), "/grimma/verwaltung");
  EXPECT_NE(browser.Get("/grimma/verwaltung").body.find("Die Rolle wurde entzogen."), std::string::npos);
  db_->Read([&](db::Tx& tx) {
    EXPECT_FALSE(accounts::HasRole(tx, editor->id, grimma.id, accounts::Role::kEditor));
    EXPECT_EQ(audit::List(tx, grimma.id, 0, 1).front().action, "role.revoke");
  });

  // The same form again (a second tab): nothing to remove, and the notice says so.
  auto again = browser.Post("/grimma/verwaltung/rollen/entziehen",
                            FormEncode({{"user_id", std::to_string(editor->id)}, {"role", "editor"},
                                        {"csrf", browser.csrf()}}));
  ASSERT_EQ(again.status, 303);
  EXPECT_NE(browser.Get("/grimma/verwaltung").body.find("Es wurde nichts entzogen"), std::string::npos);
  auto gone = browser.Get(editor_query);
  EXPECT_EQ(gone.status, 303) << "no question about a role nobody holds";

  // The last admin: the question says it cannot be done and offers no form; a sent form is refused all the same.
  const std::string admin_query = "/grimma/verwaltung/rollen/entziehen?user_id=" + std::to_string(admin.id) +
                                  "&role=admin";
  auto last = browser.Get(admin_query);
  ASSERT_EQ(last.status, 200);
  EXPECT_NE(last.body.find("letzte Administrationsrolle"), std::string::npos);
  EXPECT_EQ(last.body.find("method=\"post\" action=\"/grimma/verwaltung/rollen/entziehen\""), std::string::npos);
  auto refused = browser.Post("/grimma/verwaltung/rollen/entziehen",
                              FormEncode({{"user_id", std::to_string(admin.id)}, {"role", "admin"},
                                          {"csrf", browser.csrf()}}));
  ASSERT_EQ(refused.status, 303);
  EXPECT_NE(browser.Get("/grimma/verwaltung").body.find("Die Rolle wurde nicht entzogen"), std::string::npos);
  db_->Read([&](db::Tx& tx) { EXPECT_TRUE(accounts::HasRole(tx, admin.id, grimma.id, accounts::Role::kAdmin)); });

  EXPECT_EQ(browser.Get("/grimma/verwaltung/rollen/entziehen?user_id=x&role=admin").status, 400);
  auto bare = browser.Get("/grimma/verwaltung/rollen/entziehen?lang=en");
  EXPECT_EQ(bare.status, 303) << "the language switch keeps only the path: back to the list";
  EXPECT_EQ(bare.Header("location"), "/grimma/verwaltung");
  EXPECT_EQ(browser.Get("/grimma/verwaltung/rollen/entziehen?user_id=1&role=chef").status, 400);
  Browser stranger(port());
  EXPECT_EQ(stranger.Get(admin_query).status, 303) << "to the login";
}

TEST_P(SiteTest, PlatformAdminCreatesTenantsAndSeesOutgoingMail) {
  MakePlatformAdmin("betrieb@land.example");
  Browser browser(port());
  ASSERT_EQ(Login(browser, "betrieb@land.example").status, 303);
  auto created = browser.Submit("/verwaltung", "/verwaltung/mandanten",
                                {{"slug", "sachsen"}, {"name", "Freistaat Sachsen"}, {"kind", "land"}, {"land", "SN"}});
  EXPECT_EQ(created.status, 303);
  auto bad = browser.Submit("/verwaltung", "/verwaltung/mandanten",
                            {{"slug", "anmelden"}, {"name", "Kollision"}, {"kind", "gemeinde"}, {"land", "SN"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("reserviert"), std::string::npos);
  auto tenant_page = browser.Get("/sachsen");
  EXPECT_EQ(tenant_page.status, 200);
  EXPECT_NE(tenant_page.body.find("Freistaat Sachsen"), std::string::npos);
  EXPECT_EQ(browser.Get("/sachsen/verwaltung").status, 200) << "platform admins administer every tenant";
  // Reading a mail's body (personal data) is recorded; the list shows addresses only masked, and is recorded too.
  auto id = db_->Write([&](db::Tx& tx) {
    return mail::Enqueue(tx, mail::Mail{.to_address = "erika@example.org", .to_name = "Erika", .subject = "Hallo",
                                        .body_text = "Geheimer Link", .category = "registration"},
                         now_);
  });
  ASSERT_TRUE(id);
  auto list = browser.Get("/verwaltung/mails");
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find("erika@example.org"), std::string::npos);
  EXPECT_NE(list.body.find("e…@example.org"), std::string::npos);
  auto listed = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 1); });
  ASSERT_FALSE(listed.empty());
  EXPECT_EQ(listed.front().action, "mail.list");
  auto shown = browser.Get("/verwaltung/mails/" + std::to_string(*id));
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("Geheimer Link"), std::string::npos);
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 5); });
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "mail.view");
  EXPECT_EQ(entries.front().object, "mail:" + std::to_string(*id));
  EXPECT_EQ(entries.front().actor_label, "betrieb@land.example");
}

TEST_P(SiteTest, ThePurgeJobDeletesSentMailsAfterTheConfiguredRetention) {
  services_->config.mail_retention_days = 7;
  auto id = db_->Write([&](db::Tx& tx) {
    return mail::Enqueue(tx, mail::Mail{.to_address = "erika@example.org", .to_name = "Erika", .subject = "Hallo",
                                        .body_text = "Text", .category = "registration"},
                         now_);
  });
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE mail_outbox SET state = 'sent', sent_at = ? WHERE id = ?", {now_.load(), *id});
  });
  PurgeExpired(*services_, now_ + 6 * 86400);
  EXPECT_EQ(Outbox().size(), 1u);
  PurgeExpired(*services_, now_ + 8 * 86400);
  EXPECT_TRUE(Outbox().empty());
}

TEST_P(SiteTest, StartPageShowsTheTenantHierarchy) {
  MakeTenant("sachsen", "land");
  MakeTenant("landkreis-leipzig", "kreis", "sachsen");
  MakeTenant("grimma", "gemeinde", "landkreis-leipzig");
  Browser browser(port());
  auto home = browser.Get("/");
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("Mandant sachsen"), std::string::npos);
  EXPECT_NE(home.body.find("Mandant landkreis-leipzig"), std::string::npos);
  EXPECT_NE(home.body.find("Mandant grimma"), std::string::npos) << "Gemeinden of a Kreis appear too";
  EXPECT_NE(home.body.find("lang=\"de\""), std::string::npos);
  auto english = browser.Get("/?lang=en");
  EXPECT_NE(english.body.find("lang=\"en\""), std::string::npos);
  EXPECT_EQ(browser.Get("/landkreis-leipzig").status, 200);
}

TEST_P(SiteTest, StartAndTenantPagesAreSharedByAnonymousVisitorsUntilAWriteTouchesThem) {
  MakeTenant("grimma");
  Browser anonymous(port());
  Browser another(port());
  ASSERT_NE(anonymous.Get("/").body.find("Mandant grimma"), std::string::npos);
  const std::string tenant_page = anonymous.Get("/grimma").body;
  ASSERT_NE(tenant_page.find("Mandant grimma"), std::string::npos);
  const auto renders = PageCacheOf(*db_).renders();
  // Kept: another visitor gets the same pages (with their own token) without a render.
  EXPECT_NE(another.Get("/").body.find("Mandant grimma"), std::string::npos);
  EXPECT_EQ(another.Get("/grimma").status, 200);
  EXPECT_EQ(PageCacheOf(*db_).renders(), renders);

  // A tenant written without a touch is not on the kept start page; the touch shows it at once.
  MakeTenant("naunhof");
  EXPECT_EQ(another.Get("/").body.find("Mandant naunhof"), std::string::npos);
  db_->Write([&](db::Tx& tx) { TouchPages(tx, {std::string(kAllScope)}); });
  EXPECT_NE(another.Get("/").body.find("Mandant naunhof"), std::string::npos);
}

TEST_P(SiteTest, FormatsContributeOffersWithoutThePlatformKnowingThem) {
  auto grimma = MakeTenant("grimma");
  services_->offer_sources.push_back([&](db::Tx&, std::optional<std::int64_t> tenant_id, std::string_view, int) {
    std::vector<Offer> offers{{"Radweg an der Mulde", "/grimma/beispiel/1", "Mandant grimma", "Beispiel", "läuft"}};
    if (tenant_id && *tenant_id != grimma.id) offers.clear();
    return offers;
  });
  Browser browser(port());
  auto home = browser.Get("/");
  EXPECT_NE(home.body.find("Radweg an der Mulde"), std::string::npos);
  EXPECT_NE(home.body.find("href=\"/grimma/beispiel/1\""), std::string::npos);
  EXPECT_NE(browser.Get("/grimma").body.find("Radweg an der Mulde"), std::string::npos);
}

// #14 item 6: the start page, the registration page and Leichte Sprache name only what the registered formats offer
// (here: one format, with the petitions' texts), and on the English pages German content — offer titles, tenant
// names — carries lang="de".
TEST_P(SiteTest, PortalTextsNameOnlyTheRegisteredFormatsAndMarkGermanContent) {
  MakeTenant("grimma");
  auto texts_of = [&](const std::string& path) {
    Browser browser(port());
    return browser.Get(path).body;
  };
  // No format registered: no activity named at all.
  for (const std::string path : {"/", "/registrieren", "/leichte-sprache", "/?lang=en", "/registrieren?lang=en"}) {
    const std::string page = texts_of(path);
    for (const char* unregistered : {"Stellungnahme", "Umfrage", "Petition", "submit statements", "survey", "petition"}) {
      EXPECT_EQ(page.find(unregistered), std::string::npos) << path << " names " << unregistered;
    }
  }
  services_->sections.push_back({.label_key = "petitions.list_title",
                                 .href = "",
                                 .tenant_path = "/petitionen",
                                 .activity_key = "petitions.section_activity",
                                 .account_key = "petitions.section_account",
                                 .easy_language_key = "petitions.section_easy_language"});
  services_->offer_sources.push_back([&](db::Tx&, std::optional<std::int64_t>, std::string_view, int) {
    return std::vector<Offer>{{"Mehr Bänke am Markt", "/grimma/beispiel/1", "Mandant grimma", "Petition", "läuft"}};
  });
  db_->Write([&](db::Tx& tx) { TouchPages(tx, {std::string(kAllScope), std::string(kOffersScope)}); });

  const std::string home = texts_of("/");
  EXPECT_NE(home.find("Sie unterstützen Petitionen."), std::string::npos) << home;
  EXPECT_EQ(home.find("Stellungnahme"), std::string::npos);
  EXPECT_EQ(home.find("Umfrage"), std::string::npos);
  EXPECT_EQ(home.find("lang=\"de\">Mehr Bänke am Markt"), std::string::npos) << "German pages need no mark";

  const std::string english = texts_of("/?lang=en");
  EXPECT_NE(english.find(": support petitions."), std::string::npos) << english;
  EXPECT_EQ(english.find("survey"), std::string::npos);
  EXPECT_EQ(english.find("submit statements"), std::string::npos);
  EXPECT_NE(english.find(" lang=\"de\">Mehr Bänke am Markt</a>"), std::string::npos) << english;
  EXPECT_NE(english.find(" lang=\"de\">Mandant grimma</a>"), std::string::npos) << "tenant names in the tree";
  EXPECT_NE(english.find(" lang=\"de\">Mandant grimma</p>"), std::string::npos) << "tenant names on offers";
  EXPECT_NE(texts_of("/grimma?lang=en").find(" lang=\"de\">Mandant grimma</h1>"), std::string::npos);

  EXPECT_NE(texts_of("/registrieren").find("Mit einem Konto können Sie eigene Petitionen starten."), std::string::npos);
  EXPECT_NE(texts_of("/registrieren?lang=en").find("With an account you can start petitions of your own."),
            std::string::npos);
  const std::string easy = texts_of("/leichte-sprache");
  EXPECT_NE(easy.find("Sie können eine Petition unterschreiben."), std::string::npos);
  EXPECT_EQ(easy.find("Umfrage"), std::string::npos);
  EXPECT_EQ(easy.find("Loch in der Straße"), std::string::npos) << "no reports format";
}

// #14 item 6: the privacy page says which tile server learns a visitor's address — none unless the operator chose one.
TEST_P(SiteTest, ThePrivacyPageNamesTheMapServiceTheOperatorChose) {
  Browser browser(port());
  const std::string without = browser.Get("/datenschutz").body;
  EXPECT_NE(without.find("ohne Hintergrundkarte von Dritten"), std::string::npos);
  services_->config.map_tile_url = "https://geodienste.land.example/wmts/{z}/{x}/{y}.png";
  db_->Write([&](db::Tx& tx) { TouchPages(tx, {std::string(kAllScope)}); });
  const std::string with = Browser(port()).Get("/datenschutz").body;
  EXPECT_NE(with.find("vom Kartendienst https://geodienste.land.example, den der Betreiber gewählt hat"),
            std::string::npos);
}

TEST_P(SiteTest, FormsWithoutCsrfTokenAreRefused) {
  MakeUser("erika@example.org");
  Browser browser(port());
  browser.Get("/anmelden");
  auto response = browser.Post("/anmelden", FormEncode({{"email", "erika@example.org"}, {"password", std::string(kPassword)}}));
  EXPECT_EQ(response.status, 403);
  EXPECT_FALSE(browser.jar().Get("mw_session"));
  // A token from another visitor does not help either.
  Browser other(port());
  other.Get("/anmelden");
  auto forged = browser.Post("/anmelden", FormEncode({{"email", "erika@example.org"}, {"password", std::string(kPassword)},
                                                      {"csrf", other.csrf()}}));
  EXPECT_EQ(forged.status, 403);
}

TEST_P(SiteTest, BadInputGetsAClearGermanAnswer) {
  Browser browser(port());
  auto unknown_tenant = browser.Get("/gibt-es-nicht");
  EXPECT_EQ(unknown_tenant.status, 404);
  EXPECT_NE(unknown_tenant.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(unknown_tenant.body.find("lang=\"de\""), std::string::npos);

  auto unknown_route = browser.Get("/grimma/gibt/es/nicht");
  EXPECT_EQ(unknown_route.status, 404);

  auto api = browser.Get("/api/v1/gibt-es-nicht");
  EXPECT_EQ(api.status, 404);
  EXPECT_NE(api.Header("content-type").find("application/problem+json"), std::string::npos);

  auto no_token = browser.Get("/api/v1/me");
  EXPECT_EQ(no_token.status, 401);
  EXPECT_NE(no_token.Header("content-type").find("application/problem+json"), std::string::npos);

  browser.Get("/anmelden");
  auto bad_utf8 = browser.Post("/anmelden", "email=%FF%FE&password=x&csrf=" + browser.csrf());
  EXPECT_EQ(bad_utf8.status, 400);
  auto too_large = browser.Post("/anmelden", "email=" + std::string(20000, 'a'));
  EXPECT_EQ(too_large.status, 413);
  auto bad_method = mw::testing::Send(port(), "DELETE", "/anmelden");
  EXPECT_EQ(bad_method.status, 405);
}

// BREACH: a compressed page that reflects input must not carry the same token twice. Every page carries the token
// masked afresh; any of them (and the secret itself) is accepted, a token of another visitor is not.
TEST_P(SiteTest, PagesCarryTheCsrfTokenMaskedAfreshAndFormsStillWork) {
  MakeUser("erika@example.org");
  Browser browser(port());
  auto first_page = browser.Get("/anmelden");
  const std::string first = browser.csrf();
  auto second_page = browser.Get("/anmelden?q=reflektiert");
  const std::string second = browser.csrf();
  const std::string secret = *browser.jar().Get(std::string(kCsrfCookie));
  EXPECT_NE(first, second);
  EXPECT_EQ(first_page.body.find(secret), std::string::npos) << "the secret itself is in no page";
  EXPECT_EQ(second_page.body.find(secret), std::string::npos);
  EXPECT_EQ(UnmaskToken(first), secret);
  EXPECT_EQ(UnmaskToken(second), secret);

  Browser stranger(port());
  stranger.Get("/anmelden");
  auto foreign = browser.Post("/anmelden", FormEncode({{"email", "erika@example.org"},
                                                        {"password", std::string(kPassword)},
                                                        {"csrf", MaskToken(RandomToken())}}));
  EXPECT_EQ(foreign.status, 403);
  auto stolen = browser.Post("/anmelden", FormEncode({{"email", "erika@example.org"},
                                                       {"password", std::string(kPassword)},
                                                       {"csrf", stranger.csrf()}}));
  EXPECT_EQ(stolen.status, 403) << "another visitor's masked token";
  // The token of the older page still works: masks change, the secret does not.
  auto login = browser.Post("/anmelden", FormEncode({{"email", "erika@example.org"},
                                                      {"password", std::string(kPassword)},
                                                      {"csrf", first}}));
  EXPECT_EQ(login.status, 303) << login.body;
  auto account = browser.Get("/konto");
  ASSERT_EQ(account.status, 200);
  auto logout = browser.Post("/abmelden", FormEncode({{"csrf", browser.csrf()}}));
  EXPECT_EQ(logout.status, 303);
}

// Control characters a person cannot have meant: each is refused with 422 and the field named in the error
// summary, in every text field of the platform's forms. Bytes that are not text at all (invalid UTF-8, CESU-8
// surrogates, overlong forms, NUL) do not reach a handler: the form parser answers 400.
const std::vector<std::pair<std::string, std::string>> kControlCharacters = {
    {"U+0007", "Erika\x07 Muster"}, {"U+001B", "Erika \x1B[31mMuster"}, {"U+0085", "Erika\xC2\x85Muster"},
    {"U+009B", "Erika \xC2\x9B" "31m"}, {"U+007F", "Erika\x7FMuster"}, {"U+FFFF", "Erika \xEF\xBF\xBF"},
};
const std::vector<std::string> kNotText = {std::string("Erika\0", 6), "Erika \xFF", "Erika \xED\xA0\x80",
                                           "Erika \xC0\x80", "Erika \xE0\x80\xAF"};

TEST_P(SiteTest, EveryTextFieldRefusesControlCharactersWithTheFieldNamed) {
  MakePlatformAdmin("betrieb@land.example");
  auto grimma = MakeTenant("grimma");
  Browser browser(port());
  ASSERT_EQ(Login(browser, "betrieb@land.example").status, 303);
  auto register_with = [&](const std::string& field, const std::string& value) {
    // Many attempts from one address: the registration limit per IP is not what this test is about.
    db_->Write([&](db::Tx& tx) { tx.Exec("DELETE FROM rate_limit", {}); });
    Browser visitor(port());
    std::vector<std::pair<std::string, std::string>> fields{
        {"name", "Erika Muster"}, {"email", "erika@example.org"}, {"password", std::string(kPassword)},
        {"password_confirm", std::string(kPassword)}, {"account_type", "organisation"},
        {"organisation_name", "Verein"}, {"consent", "1"}};
    for (auto& [key, old] : fields) {
      if (key == field) old = value;
    }
    return visitor.Submit("/registrieren", "/registrieren", fields);
  };
  auto expect_refused = [&](const HttpResponse& response, const std::string& field, const std::string& what) {
    EXPECT_EQ(response.status, 422) << field << " " << what;
    EXPECT_NE(response.body.find("href=\"#" + field + "\""), std::string::npos) << field << " " << what;
    EXPECT_NE(response.body.find(what), std::string::npos) << field << " " << what;
  };
  for (const auto& [code_point, value] : kControlCharacters) {
    expect_refused(register_with("name", value), "name", code_point);
    expect_refused(register_with("organisation_name", value), "organisation_name", code_point);
    expect_refused(register_with("email", "erika" + value.substr(5) + "@example.org"), "email", code_point);
    expect_refused(browser.Submit("/konto", "/konto/tokens", {{"label", value}}), "label", code_point);
    expect_refused(browser.Submit("/verwaltung", "/verwaltung/mandanten",
                                  {{"slug", "neu"}, {"name", value}, {"kind", "gemeinde"}, {"land", "SN"}}),
                   "name", code_point);
  }
  for (const auto& value : kNotText) {
    for (const std::string field : {"name", "email", "organisation_name"}) {
      auto response = register_with(field, value);
      EXPECT_GE(response.status, 400) << field;
      EXPECT_LT(response.status, 500) << field;
    }
  }
  // A single-line field refuses line breaks; the tenant's address (a textarea) takes them.
  expect_refused(register_with("name", "Erika\r\nBcc: eve@example.org"), "name", "Zeilenumbruch");
  // E-mail addresses within RFC 5321's limits and in dot-atom form only.
  expect_refused(register_with("email", "a..b@x.de"), "email", "zwei Punkte");
  expect_refused(register_with("email", std::string(65, 'a') + "@example.org"), "email", "64 Zeichen");
  expect_refused(register_with("email", "anna@localhost"), "email", "Domain mit Punkt");
  EXPECT_EQ(register_with("email", std::string(64, 'a') + "@example.org").status, 303);
  EXPECT_EQ(Outbox().size(), 1u) << "only the valid registration queued a mail";

  // The tenant's settings (multipart): NUL reaches the handler there and is refused like the others.
  auto settings = [&](const std::string& field, const std::string& value) {
    std::vector<mw::testing::MultipartPart> fields{{"csrf", browser.csrf()},
                                                    {"name", "Große Kreisstadt Grimma"},
                                                    {"contact_email", "rathaus@grimma.example"},
                                                    {"contact_phone", "03437 9858-0"},
                                                    {"address", "Markt 16/17\r\n04668 Grimma"},
                                                    {"website", "https://www.grimma.de"}};
    for (auto& part : fields) {
      if (part.name == field) part.data = value;
    }
    auto body = mw::testing::BuildMultipart(fields);
    mw::testing::HttpConnection connection(port());
    connection.SetCookieJar(&browser.jar());
    return connection.Request("POST", "/grimma/verwaltung/einstellungen", {{"Content-Type", body.content_type}},
                              body.body);
  };
  ASSERT_EQ(browser.Get("/grimma/verwaltung/einstellungen").status, 200);
  EXPECT_EQ(settings("", "").status, 303) << "the address keeps its line break";
  for (const std::string field : {"name", "contact_phone", "address", "website"}) {
    for (const auto& [code_point, value] : kControlCharacters) {
      auto response = settings(field, value);
      EXPECT_EQ(response.status, 422) << field << " " << code_point;
      EXPECT_NE(response.body.find(code_point), std::string::npos) << field << " " << code_point;
    }
    EXPECT_EQ(settings(field, std::string("Grimma\0", 7)).status, 422) << field;
  }
  EXPECT_EQ(settings("contact_email", "a..b@grimma.example").status, 422);
  auto tenant = db_->Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, "grimma"); });
  ASSERT_TRUE(tenant.has_value());
  EXPECT_EQ(tenant->name, "Große Kreisstadt Grimma");
  EXPECT_EQ(tenant->address, "Markt 16/17\r\n04668 Grimma");
}

TEST_P(SiteTest, WrongPasswordsFromOneAddressDoNotLockTheOwnerOut) {
  MakeUser("ziel@example.org");
  Browser attacker(port(), {{"X-Forwarded-For", "198.51.100.7"}});
  int last_status = 0;
  for (int attempt = 0; attempt < 11; ++attempt) {
    last_status = Login(attacker, "ziel@example.org", "falsch-falsch-falsch").status;
  }
  EXPECT_EQ(last_status, 429);
  EXPECT_EQ(Login(attacker, "ziel@example.org").status, 429) << "the guessing address waits";
  Browser owner(port(), {{"X-Forwarded-For", "203.0.113.20"}});
  EXPECT_EQ(Login(owner, "ziel@example.org").status, 303) << "the owner elsewhere logs in";
  now_ += 3600;
  Browser later(port(), {{"X-Forwarded-For", "198.51.100.7"}});
  EXPECT_EQ(Login(later, "ziel@example.org").status, 303);
}

TEST_P(SiteTest, AGuessFromManyAddressesLocksTheAccountAndTheOwnerUnlocksItByMail) {
  MakeUser("ziel@example.org");
  // 15 wrong passwords (the installation's limit in this test) from three addresses.
  for (int address = 0; address < 3; ++address) {
    Browser attacker(port(), {{"X-Forwarded-For", "198.51.100." + std::to_string(address + 1)}});
    for (int attempt = 0; attempt < 5; ++attempt) Login(attacker, "ziel@example.org", "falsch-falsch-falsch");
  }
  Browser owner(port(), {{"X-Forwarded-For", "203.0.113.20"}});
  auto locked = Login(owner, "ziel@example.org");
  ASSERT_EQ(locked.status, 429);
  EXPECT_NE(locked.body.find("action=\"/anmelden/entsperren\""), std::string::npos) << "the page offers the unlock";

  auto unknown = owner.Submit("/anmelden", "/anmelden/entsperren", {{"email", "niemand@example.org"}});
  auto requested = owner.Submit("/anmelden", "/anmelden/entsperren", {{"email", "ziel@example.org"}});
  EXPECT_EQ(requested.status, 303);
  EXPECT_EQ(unknown.status, requested.status);
  EXPECT_EQ(unknown.Header("location"), requested.Header("location"));
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u) << "no mail for an unknown address";
  EXPECT_EQ(outbox.front().mail.to_address, "ziel@example.org");
  std::string token = TokenFromLink(outbox.front().mail.body_text, "/anmelden/entsperren/bestaetigen");
  ASSERT_FALSE(token.empty()) << outbox.front().mail.body_text;

  EXPECT_EQ(owner.Get("/anmelden/entsperren/bestaetigen?token=" + token).status, 200);
  EXPECT_EQ(Login(owner, "ziel@example.org").status, 429) << "opening the link alone changes nothing";
  auto unlocked = owner.Post("/anmelden/entsperren/bestaetigen", FormEncode({{"token", token}, {"csrf", owner.csrf()}}));
  EXPECT_EQ(unlocked.status, 303);
  EXPECT_EQ(Login(owner, "ziel@example.org").status, 303);
  auto again = owner.Submit("/anmelden/entsperren/bestaetigen?token=" + token, "/anmelden/entsperren/bestaetigen",
                            {{"token", token}});
  EXPECT_EQ(again.status, 400) << "the link works once";
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 5); });
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "user.login_unlock");
}

TEST_P(SiteTest, UsersExportTheirDataAndDeleteTheirAccount) {
  auto erika = MakeUser("erika@example.org");
  Browser browser(port());
  browser.Submit("/passwort-vergessen", "/passwort-vergessen", {{"email", "erika@example.org"}});
  ASSERT_EQ(Outbox().size(), 1u);
  ASSERT_EQ(Login(browser, "erika@example.org").status, 303);
  auto exported = browser.Get("/konto/export");
  ASSERT_EQ(exported.status, 200);
  EXPECT_NE(exported.Header("content-type").find("application/json"), std::string::npos);
  EXPECT_NE(exported.body.find("\"email\":\"erika@example.org\""), std::string::npos);
  EXPECT_NE(exported.Header("content-disposition").find("attachment"), std::string::npos);

  auto wrong = browser.Submit("/konto", "/konto/loeschen", {{"password", "nicht-das-passwort"}});
  EXPECT_EQ(wrong.status, 303);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return accounts::FindUserByEmail(tx, "erika@example.org"); }));

  auto deleted = browser.Submit("/konto", "/konto/loeschen", {{"password", std::string(kPassword)}});
  EXPECT_EQ(deleted.status, 200);
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return accounts::FindUserByEmail(tx, "erika@example.org"); }));
  EXPECT_EQ(browser.Get("/konto").status, 303);
  Browser fresh(port());
  EXPECT_EQ(Login(fresh, "erika@example.org").status, 401);
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 5); });
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "user.delete");
  EXPECT_EQ(entries.front().actor_label.find('@'), std::string::npos) << "no address kept after deletion";
  EXPECT_TRUE(Outbox().empty()) << "no mail to the deleted address kept";

  // The next account never gets the deleted one's id (SQLite gave the newest id again), so its export shows nothing
  // of Erika's audit entries.
  auto max = MakeUser("max@example.org");
  EXPECT_GT(max.id, erika.id);
  Browser next(port());
  ASSERT_EQ(Login(next, "max@example.org").status, 303);
  auto theirs = next.Get("/konto/export");
  ASSERT_EQ(theirs.status, 200);
  EXPECT_EQ(theirs.body.find("user.delete"), std::string::npos) << theirs.body;
}

TEST_P(SiteTest, PasswordResetByMailEndsOldSessionsOtherLinksAndApiTokens) {
  auto user = MakeUser("erika@example.org");
  std::string api_token = db_->Write([&](db::Tx& tx) { return accounts::CreateApiToken(tx, user.id, "Skript", now_); });
  Browser old_device(port());
  ASSERT_EQ(Login(old_device, "erika@example.org").status, 303);

  Browser browser(port());
  auto unknown = browser.Submit("/passwort-vergessen", "/passwort-vergessen", {{"email", "niemand@example.org"}});
  auto known = browser.Submit("/passwort-vergessen", "/passwort-vergessen", {{"email", "erika@example.org"}});
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(known.status, 200);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u) << "no mail for an unknown address";
  std::string older = TokenFromLink(outbox.front().mail.body_text, "/passwort-neu");
  ASSERT_FALSE(older.empty());
  browser.Submit("/passwort-vergessen", "/passwort-vergessen", {{"email", "erika@example.org"}});
  outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  std::string token = TokenFromLink(outbox.front().mail.body_text, "/passwort-neu");
  ASSERT_NE(token, older);

  EXPECT_EQ(browser.Get("/passwort-neu?token=falsch").status, 400);
  auto form = browser.Get("/passwort-neu?token=" + token);
  EXPECT_NE(form.body.find("name=\"revoke_api_tokens\" type=\"checkbox\" value=\"1\" checked"), std::string::npos)
      << "revoking the API tokens is offered and chosen by default";
  std::string new_password = "Ganz-neues-Passwort-2";
  auto reset = browser.Submit("/passwort-neu?token=" + token, "/passwort-neu",
                              {{"token", token}, {"password", new_password}, {"password_confirm", new_password},
                               {"revoke_api_tokens", "1"}});
  EXPECT_EQ(reset.status, 303);
  EXPECT_EQ(old_device.Get("/konto").status, 303) << "the old session ended";
  EXPECT_EQ(browser.Get("/passwort-neu?token=" + older).status, 400) << "the other reset link ended";
  auto me = mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + api_token}});
  EXPECT_EQ(me.status, 401) << "the API token was revoked";
  Browser again(port());
  EXPECT_EQ(Login(again, "erika@example.org").status, 401);
  EXPECT_EQ(Login(again, "erika@example.org", new_password).status, 303);
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 5); });
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "user.password_reset");
  EXPECT_NE(entries.front().detail.find("\"api_tokens_revoked\":1"), std::string::npos) << entries.front().detail;
}

TEST_P(SiteTest, PasswordResetKeepsApiTokensWhenUnchecked) {
  auto user = MakeUser("erika@example.org");
  std::string api_token = db_->Write([&](db::Tx& tx) { return accounts::CreateApiToken(tx, user.id, "Skript", now_); });
  std::string token = db_->Write([&](db::Tx& tx) { return accounts::StartPasswordReset(tx, user.email, now_)->token; });
  Browser browser(port());
  std::string new_password = "Ganz-neues-Passwort-2";
  auto reset = browser.Submit("/passwort-neu?token=" + token, "/passwort-neu",
                              {{"token", token}, {"password", new_password}, {"password_confirm", new_password}});
  EXPECT_EQ(reset.status, 303);
  auto me = mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + api_token}});
  EXPECT_EQ(me.status, 200);
}

TEST_P(SiteTest, PasswordChangeOnTheAccountPageEndsOtherSessions) {
  auto user = MakeUser("erika@example.org");
  std::string api_token = db_->Write([&](db::Tx& tx) { return accounts::CreateApiToken(tx, user.id, "Skript", now_); });
  Browser other_device(port());
  ASSERT_EQ(Login(other_device, "erika@example.org").status, 303);
  Browser browser(port());
  ASSERT_EQ(Login(browser, "erika@example.org").status, 303);
  std::string new_password = "Ganz-neues-Passwort-2";

  auto wrong = browser.Submit("/konto", "/konto/passwort",
                              {{"current_password", "nicht-das-passwort"}, {"password", new_password},
                               {"password_confirm", new_password}, {"revoke_api_tokens", "1"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("bisherige Passwort ist nicht richtig"), std::string::npos);
  EXPECT_EQ(other_device.Get("/konto").status, 200) << "nothing changed";

  auto changed = browser.Submit("/konto", "/konto/passwort",
                                {{"current_password", std::string(kPassword)}, {"password", new_password},
                                 {"password_confirm", new_password}, {"revoke_api_tokens", "1"}});
  EXPECT_EQ(changed.status, 303);
  EXPECT_EQ(browser.Get("/konto").status, 200) << "this session stays";
  EXPECT_EQ(other_device.Get("/konto").status, 303) << "the other session ended";
  auto me = mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + api_token}});
  EXPECT_EQ(me.status, 401);
  Browser fresh(port());
  EXPECT_EQ(Login(fresh, "erika@example.org", new_password).status, 303);
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 5); });
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "user.password_change");
  EXPECT_NE(entries.front().detail.find("\"sessions_ended\":1"), std::string::npos) << entries.front().detail;
}

// #14 item 10: a person changes the account's address on the account page with the current password; the address
// changes only when the link mailed to the new address is confirmed, and the old address is told.
TEST_P(SiteTest, TheAddressChangesOnlyWhenTheLinkToTheNewAddressIsConfirmed) {
  auto erika = MakeUser("erika@example.org");
  MakeUser("otto@example.org");
  Browser browser(port());
  ASSERT_EQ(Login(browser, "erika@example.org").status, 303);
  auto account = browser.Get("/konto");
  EXPECT_NE(account.body.find("action=\"/konto/email\""), std::string::npos);

  auto wrong = browser.Submit("/konto", "/konto/email", {{"new_email", "erika.neu@example.org"},
                                                         {"email_password", "Falsches-Passwort-1"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("href=\"#email_password\""), std::string::npos);
  EXPECT_NE(wrong.body.find("value=\"erika.neu@example.org\""), std::string::npos) << "the address is kept";
  for (std::string_view bad : {"keine-adresse", "Erika@Example.org"}) {
    auto refused = browser.Submit("/konto", "/konto/email", {{"new_email", std::string(bad)},
                                                             {"email_password", std::string(kPassword)}});
    EXPECT_EQ(refused.status, 422) << bad;
    EXPECT_NE(refused.body.find("href=\"#new_email\""), std::string::npos) << bad;
  }
  EXPECT_TRUE(Outbox().empty());

  // An address that has an account gets the same answer, and no mail.
  auto taken = browser.Submit("/konto", "/konto/email", {{"new_email", "otto@example.org"},
                                                         {"email_password", std::string(kPassword)}});
  ASSERT_EQ(taken.status, 303);
  EXPECT_TRUE(Outbox().empty());

  auto asked = browser.Submit("/konto", "/konto/email", {{"new_email", " Erika.Neu@Example.org "},
                                                         {"email_password", std::string(kPassword)}});
  ASSERT_EQ(asked.status, 303);
  EXPECT_EQ(asked.Header("location"), "/konto");
  EXPECT_NE(browser.Get("/konto").body.find("Wir haben einen Link an die neue E-Mail-Adresse geschickt."),
            std::string::npos);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].mail.to_address, "erika.neu@example.org");
  EXPECT_TRUE(outbox[0].mail.to_name.empty()) << "the new address is not proven: the mail names nobody";
  std::string token = TokenFromLink(outbox[0].mail.body_text, "/konto/email/bestaetigen");
  ASSERT_FALSE(token.empty()) << outbox[0].mail.body_text;
  db_->Read([&](db::Tx& tx) { EXPECT_EQ(accounts::FindUserById(tx, erika.id)->email, "erika@example.org"); });

  // Opening the link changes nothing (mail scanners open links); the button does, in any browser.
  Browser phone(port());
  auto page = phone.Get("/konto/email/bestaetigen?token=" + token);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"token\" value=\"" + token + "\""), std::string::npos);
  db_->Read([&](db::Tx& tx) { EXPECT_EQ(accounts::FindUserById(tx, erika.id)->email, "erika@example.org"); });
  auto confirmed = phone.Submit("/konto/email/bestaetigen?token=" + token, "/konto/email/bestaetigen",
                                {{"token", token}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_NE(confirmed.body.find("Ihr Konto hat jetzt die E-Mail-Adresse erika.neu@example.org."), std::string::npos);
  db_->Read([&](db::Tx& tx) {
    EXPECT_EQ(accounts::FindUserById(tx, erika.id)->email, "erika.neu@example.org");
    auto entries = audit::List(tx, std::nullopt, 0, 5);
    ASSERT_FALSE(entries.empty());
    EXPECT_EQ(entries.front().action, "user.email_change");
  });
  outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  EXPECT_EQ(outbox[0].mail.to_address, "erika@example.org") << "the old address is told";
  EXPECT_NE(outbox[0].mail.body_text.find(mail::MaskedAddress("erika.neu@example.org")), std::string::npos);
  EXPECT_EQ(outbox[0].mail.body_text.find("erika.neu@example.org"), std::string::npos);

  auto again = phone.Post("/konto/email/bestaetigen", FormEncode({{"token", token}, {"csrf", phone.csrf()}}));
  EXPECT_EQ(again.status, 400) << "the link works once";
  Browser fresh(port());
  EXPECT_EQ(Login(fresh, "erika.neu@example.org").status, 303);
  Browser old(port());
  EXPECT_EQ(Login(old, "erika@example.org").status, 401);
}

TEST_P(SiteTest, ApiTokensAuthenticateTheJsonApi) {
  auto user = MakeUser("api@example.org");
  std::string token = db_->Write([&](db::Tx& tx) { return accounts::CreateApiToken(tx, user.id, "test", now_); });
  auto me = mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"email\":\"api@example.org\""), std::string::npos);
  auto forged = mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + token + "x"}});
  EXPECT_EQ(forged.status, 401);
  auto openapi = mw::testing::Send(port(), "GET", "/api/v1/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  boost::system::error_code ec;
  auto document = boost::json::parse(openapi.body, ec);
  ASSERT_FALSE(ec) << "not JSON";
  EXPECT_TRUE(document.at("paths").as_object().contains("/tenants/{slug}"));
  // The older address serves the same document (JSON is YAML).
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/openapi.yaml").body, openapi.body);
}

std::string Match(const std::string& text, const std::string& pattern) {
  std::smatch match;
  if (!std::regex_search(text, match, std::regex(pattern))) return {};
  return match[1];
}

TEST_P(SiteTest, PersonalApiTokensAreCreatedShownOnceAndRevokedOnTheAccountPage) {
  MakeUser("erika@example.org");
  MakeUser("otto@example.org");
  Browser browser(port());
  ASSERT_EQ(Login(browser, "erika@example.org").status, 303);
  auto empty = browser.Get("/konto");
  ASSERT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("Persönliche API-Tokens"), std::string::npos);
  EXPECT_NE(empty.body.find("action=\"/konto/tokens\""), std::string::npos);

  auto created = browser.Submit("/konto", "/konto/tokens", {{"label", "  Auswertung mit R  "}});
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.Header("cache-control"), "private, no-store") << "the secret must not be cached";
  std::string secret = Match(created.body, R"re(id="token" type="text" readonly value="([A-Za-z0-9_-]+)")re");
  ASSERT_GE(secret.size(), 40u) << created.body;
  EXPECT_NE(created.body.find("Authorization: Bearer " + secret), std::string::npos);
  EXPECT_NE(created.body.find("href=\"/api/v1/openapi.json\""), std::string::npos);
  EXPECT_NE(created.body.find("href=\"/konto\""), std::string::npos);

  auto me = mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + secret}});
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"email\":\"erika@example.org\""), std::string::npos);

  auto account = browser.Get("/konto");
  EXPECT_NE(account.body.find("<td class=\"kern-table__cell mw-break\">Auswertung mit R</td>"), std::string::npos);
  EXPECT_EQ(account.body.find(secret), std::string::npos) << "the list never shows the secret";
  std::string id = Match(account.body, R"re(action="/konto/tokens/([0-9a-f]{16})/widerrufen")re");
  ASSERT_EQ(id.size(), 16u);

  // Another account cannot revoke it: the same answer as for a token that does not exist, and no change.
  Browser other(port());
  ASSERT_EQ(Login(other, "otto@example.org").status, 303);
  auto foreign = other.Submit("/konto", "/konto/tokens/" + id + "/widerrufen", {});
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + secret}}).status, 200);

  auto revoked = browser.Submit("/konto", "/konto/tokens/" + id + "/widerrufen", {});
  EXPECT_EQ(revoked.status, 303);
  EXPECT_EQ(revoked.Header("location"), "/konto");
  auto after = browser.Get("/konto");
  EXPECT_NE(after.body.find("Das API-Token wurde widerrufen."), std::string::npos);
  EXPECT_EQ(after.body.find("/konto/tokens/" + id), std::string::npos);
  EXPECT_EQ(after.body.find("mw-break\">Auswertung mit R</td>"), std::string::npos);
  auto refused = mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + secret}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(browser.Submit("/konto", "/konto/tokens/" + id + "/widerrufen", {}).status, 404) << "only once";

  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 20); });
  std::vector<std::string> token_actions;
  for (const auto& entry : entries) {
    EXPECT_EQ(entry.detail.find(secret), std::string::npos) << entry.action;
    EXPECT_EQ(entry.object.find(secret), std::string::npos) << entry.action;
    if (entry.action.rfind("api_token.", 0) == 0) {
      token_actions.push_back(entry.action);
      EXPECT_EQ(entry.actor_label, "erika@example.org");
      EXPECT_NE(entry.detail.find(id), std::string::npos);
    }
  }
  EXPECT_EQ(token_actions, (std::vector<std::string>{"api_token.revoke", "api_token.create"}));
}

TEST_P(SiteTest, TokenFormsRefuseBadLabelsForgedRequestsAndTooManyTokens) {
  auto erika = MakeUser("erika@example.org");
  auto count_tokens = [&] {
    return db_->Read([&](db::Tx& tx) {
      return tx.QueryOne("SELECT COUNT(*) FROM user_token WHERE purpose = 'api'", {})->Int(0);
    });
  };

  Browser anonymous(port());
  anonymous.Get("/anmelden");
  auto not_logged_in = anonymous.Post("/konto/tokens", FormEncode({{"label", "x"}, {"csrf", anonymous.csrf()}}));
  EXPECT_EQ(not_logged_in.status, 303);
  EXPECT_EQ(not_logged_in.Header("location"), "/anmelden?next=/konto");

  Browser browser(port());
  ASSERT_EQ(Login(browser, "erika@example.org").status, 303);
  auto empty = browser.Submit("/konto", "/konto/tokens", {{"label", "   "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Bitte geben Sie dem Token eine Bezeichnung"), std::string::npos);
  EXPECT_NE(empty.body.find("href=\"#label\""), std::string::npos) << "the error summary links to the field";
  EXPECT_NE(empty.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(empty.body.find("<title>Fehler: "), std::string::npos);
  auto too_long = browser.Submit("/konto", "/konto/tokens", {{"label", std::string(101, 'a')}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_NE(too_long.body.find("höchstens 100 Zeichen"), std::string::npos);
  EXPECT_NE(too_long.body.find("value=\"" + std::string(101, 'a') + "\""), std::string::npos) << "input kept";

  auto forged = browser.Post("/konto/tokens", FormEncode({{"label", "ohne Token"}}));
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(count_tokens(), 0);

  auto existing = db_->Write([&](db::Tx& tx) { return accounts::AddApiToken(tx, erika.id, "Skript", now_); });
  ASSERT_TRUE(existing);
  auto forged_revoke = browser.Post("/konto/tokens/" + existing->token.id + "/widerrufen", "");
  EXPECT_EQ(forged_revoke.status, 403);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/me", {{"Authorization", "Bearer " + existing->secret}}).status,
            200);
  EXPECT_EQ(browser.Submit("/konto", "/konto/tokens/nicht-hex/widerrufen", {}).status, 404);

  db_->Write([&](db::Tx& tx) {
    for (int index = 1; index < accounts::kMaxActiveApiTokens; ++index) {
      ASSERT_TRUE(accounts::AddApiToken(tx, erika.id, "Token " + std::to_string(index), now_));
    }
  });
  auto too_many = browser.Submit("/konto", "/konto/tokens", {{"label", "eins zu viel"}});
  EXPECT_EQ(too_many.status, 409);
  EXPECT_NE(too_many.body.find("20 aktive API-Tokens"), std::string::npos);
  EXPECT_EQ(count_tokens(), accounts::kMaxActiveApiTokens);
}

TEST_P(SiteTest, HealthAndReadinessButNoMetricsOnThePublicAddress) {
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/healthz").status, 200);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/readyz").status, 200);
  // The metrics tell about load and errors: only on their own address (serve --metrics-listen, see app_test).
  auto metrics = mw::testing::Send(port(), "GET", "/metrics");
  EXPECT_EQ(metrics.status, 404);
  EXPECT_EQ(metrics.body.find("# TYPE"), std::string::npos);
}

TEST_P(SiteTest, InactiveAccountsGetANoticeAndAreDeletedAMonthLater) {
  auto user = MakeUser("ruhig@example.org");
  auto active = MakeUser("aktiv@example.org");
  now_ += 700LL * 86400;
  db_->Write([&](db::Tx& tx) { accounts::RecordLogin(tx, active.id, now_); });

  now_ += 31LL * 86400;  // 731 days after creation
  auto first = ApplyInactivityRule(*services_, now_);
  EXPECT_EQ(first.marked, 1);
  EXPECT_EQ(first.deleted, 0);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox.front().mail.to_address, "ruhig@example.org");

  now_ += 30LL * 86400;
  EXPECT_EQ(ApplyInactivityRule(*services_, now_).deleted, 0) << "not before 31 days";
  now_ += 2LL * 86400;
  EXPECT_EQ(ApplyInactivityRule(*services_, now_).deleted, 1);
  db_->Read([&](db::Tx& tx) {
    EXPECT_FALSE(accounts::FindUserById(tx, user.id));
    EXPECT_TRUE(accounts::FindUserById(tx, active.id));
  });
}

TEST_P(SiteTest, LoginLiftsTheInactivityMark) {
  MakeUser("zurueck@example.org");
  now_ += 731LL * 86400;
  EXPECT_EQ(ApplyInactivityRule(*services_, now_).marked, 1);
  Browser browser(port());
  ASSERT_EQ(Login(browser, "zurueck@example.org").status, 303);
  now_ += 40LL * 86400;
  EXPECT_EQ(ApplyInactivityRule(*services_, now_).deleted, 0);
}

TEST_P(SiteTest, TenantAdminsMaintainContactDataAndLogoByUpload) {
  auto grimma = MakeTenant("grimma");
  MakeTenant("naunhof");
  auto admin = MakeUser("verwaltung@grimma.example");
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(accounts::Grant(tx, admin.id, grimma.id, accounts::Role::kAdmin, now_)); });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "verwaltung@grimma.example").status, 303);
  ASSERT_EQ(browser.Get("/grimma/verwaltung/einstellungen").status, 200);

  auto upload = [&](const std::string& slug, std::string logo, std::string website = "https://www.grimma.de") {
    auto body = mw::testing::BuildMultipart({{"csrf", browser.csrf()},
                                             {"name", "Große Kreisstadt Grimma"},
                                             {"contact_email", "rathaus@grimma.example"},
                                             {"contact_phone", "03437 9858-0"},
                                             {"address", "Markt 16/17, 04668 Grimma"},
                                             {"website", website},
                                             {"logo", std::move(logo), "wappen.png", "image/png"}});
    mw::testing::HttpConnection connection(port());
    connection.SetCookieJar(&browser.jar());
    return connection.Request("POST", "/" + slug + "/verwaltung/einstellungen", {{"Content-Type", body.content_type}},
                              body.body);
  };
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string(200, 'x');
  auto saved = upload("grimma", png);
  EXPECT_EQ(saved.status, 303) << saved.body;
  auto page = browser.Get("/grimma");
  EXPECT_NE(page.body.find("Große Kreisstadt Grimma"), std::string::npos);
  EXPECT_NE(page.body.find("/grimma/logo?v="), std::string::npos);
  auto logo = mw::testing::Send(port(), "GET", "/grimma/logo");
  EXPECT_EQ(logo.status, 200);
  EXPECT_EQ(logo.Header("content-type"), "image/png");
  EXPECT_EQ(logo.body, png);
  auto cached = mw::testing::Send(port(), "GET", "/grimma/logo", {{"If-None-Match", logo.Header("etag")}});
  EXPECT_EQ(cached.status, 304);

  // A "PNG" that is not one, a script address as website, another tenant, a broken upload.
  auto fake = upload("grimma", "<svg onload=alert(1)>");
  EXPECT_EQ(fake.status, 422);
  EXPECT_NE(fake.body.find("PNG, JPEG oder WebP"), std::string::npos);
  EXPECT_EQ(upload("grimma", "", "javascript:alert(1)").status, 422);
  EXPECT_EQ(upload("naunhof", png).status, 403);
  mw::testing::HttpConnection connection(port());
  connection.SetCookieJar(&browser.jar());
  auto broken = connection.Request("POST", "/grimma/verwaltung/einstellungen",
                                   {{"Content-Type", "multipart/form-data; boundary=xyz"}},
                                   "--xyz\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc");
  EXPECT_EQ(broken.status, 400);
  auto too_big = upload("grimma", png + std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(too_big.status, 413);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/grimma/logo").body, png) << "the failed uploads changed nothing";
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/naunhof/logo").status, 404);
}

// The logo form takes a megabyte: only a tenant's admins may send it, and the others learn that from the header,
// before the body is read or stored.
TEST_P(SiteTest, TheLogoUploadIsRefusedFromTheHeaderForThoseWhoMayNot) {
  auto grimma = MakeTenant("grimma");
  MakeTenant("naunhof");
  auto admin = MakeUser("verwaltung@grimma.example");
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(accounts::Grant(tx, admin.id, grimma.id, accounts::Role::kAdmin, now_)); });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "verwaltung@grimma.example").status, 303);
  auto header_only = [&](const std::string& slug, const std::string& cookie) {
    mw::testing::HttpConnection connection(port(), std::chrono::seconds(5));
    std::string request = "POST /" + slug +
                          "/verwaltung/einstellungen HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                          "boundary=b\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n";
    if (!cookie.empty()) request += "Cookie: mw_session=" + cookie + "\r\n";
    connection.Write(request + "\r\n");
    auto response = connection.ReadResponse();  // the first answer, "100 Continue" included
    EXPECT_TRUE(response) << slug;
    return response.value_or(HttpResponse{});
  };
  auto anonymous = header_only("grimma", "");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"), "/anmelden?next=/grimma/verwaltung/einstellungen");
  auto other_tenant = header_only("naunhof", *browser.jar().Get("mw_session"));
  EXPECT_EQ(other_tenant.status, 403);
  EXPECT_NE(other_tenant.body.find("Sie haben keine Berechtigung für diese Seite."), std::string::npos);
  // Their own tenant: the server asks for the body ("100 Continue").
  auto own = header_only("grimma", *browser.jar().Get("mw_session"));
  EXPECT_EQ(own.status, 100);
}

// The start page as served (cli.cpp): the renderer names static files by content-hashed addresses; every one of them
// answers 200 and may be cached for a year, and a stylesheet's relative URLs (fonts) resolve under that address.
TEST_P(SiteTest, TheStartPageLoadsEveryStaticFileByItsVersionedAddress) {
  const auto source = mw::testing::SourceDir();
  const std::filesystem::path root =
      std::filesystem::temp_directory_path() /
      ("mw-site-static-" + std::to_string(::getpid()) + "-" + mw::testing::EngineName(engine()));
  std::filesystem::remove_all(root);
  std::filesystem::copy(source / "static", root, std::filesystem::copy_options::recursive);
  // Stand-ins for the KERN files that scripts/build-assets.sh adds to the build's folder.
  auto write = [&root](const std::string& relative, const std::string& content) {
    std::filesystem::create_directories((root / relative).parent_path());
    std::ofstream(root / relative, std::ios::binary) << content;
  };
  write("vendor/kern/kern.min.css", ".kern-link{color:#00f;background:url(icons/pfeil.svg)}\n");
  write("vendor/kern/icons/pfeil.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  write("vendor/kern/fonts/fira-sans.css", "@font-face{font-family:Fira Sans;src:url(fira-sans-400.woff2)}\n");
  write("vendor/kern/fonts/fira-sans-400.woff2", "wOF2");

  auto assets = std::make_shared<const http::StaticAssets>(root);
  web::Renderer renderer(source / "templates", source / "locales",
                         [assets](std::string_view path) { return assets->Url(path); });
  SiteConfig config = services_->config;
  config.static_assets = assets;
  Services services{*db_, renderer, *mail_renderer_, *limiter_, {}, config, [this] { return now_.load(); }};
  http::Router router;
  RegisterRoutes(router, services);
  http::Server server(std::move(router), http::ServerOptions{.listen_port = 0, .access_log = false});
  server.Start();

  const HttpResponse home = mw::testing::Send(server.port(), "GET", "/");
  ASSERT_EQ(home.status, 200);
  static const std::regex kStatic(R"re((href|src)="(/static/[^"]*)")re");
  std::vector<std::string> urls;
  for (std::sregex_iterator it(home.body.begin(), home.body.end(), kStatic), end; it != end; ++it) {
    urls.push_back((*it)[2].str());
  }
  ASSERT_GE(urls.size(), 3u) << home.body;
  static const std::regex kVersioned(R"(/static/v/[0-9a-f]{16}/.+)");
  for (const std::string& url : urls) {
    EXPECT_TRUE(std::regex_match(url, kVersioned)) << url;
    const HttpResponse file = mw::testing::Send(server.port(), "GET", url, {{"Accept-Encoding", "br, gzip"}});
    EXPECT_EQ(file.status, 200) << url;
    EXPECT_EQ(file.Header("cache-control"), "public, max-age=31536000, immutable") << url;
  }
  // Relative URLs inside the versioned stylesheets: served (revalidated, their own content may change).
  const std::string kern = assets->Url("/static/vendor/kern/kern.min.css");
  EXPECT_NE(std::ranges::find(urls, kern), urls.end());
  const std::string prefix = kern.substr(0, kern.size() - std::string("kern.min.css").size());
  const HttpResponse icon = mw::testing::Send(server.port(), "GET", prefix + "icons/pfeil.svg");
  EXPECT_EQ(icon.status, 200);
  EXPECT_EQ(icon.body, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  const std::string fonts = assets->Url("/static/vendor/kern/fonts/fira-sans.css");
  const HttpResponse font =
      mw::testing::Send(server.port(), "GET", fonts.substr(0, fonts.rfind('/') + 1) + "fira-sans-400.woff2");
  EXPECT_EQ(font.status, 200);
  EXPECT_EQ(font.body, "wOF2");
  // The plain names keep working for old pages and anything else that asks for them.
  EXPECT_EQ(mw::testing::Send(server.port(), "GET", "/static/css/site.css").Header("cache-control"),
            "public, max-age=3600");

  server.Stop();
  std::filesystem::remove_all(root);
}

// #15 item 4: the second factor. Enrolment shows a QR code and the secret, enables only with a right first code and
// shows ten recovery codes once; a wrong or replayed code is refused.
TEST_P(SiteTest, TwoFactorEnrolmentNeedsARightCodeAndShowsRecoveryCodesOnce) {
  auto user = MakeUser("erika@example.org");
  Browser browser(port());
  ASSERT_EQ(Login(browser, "erika@example.org").status, 303);
  auto page = browser.Get("/konto/zwei-faktor");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("/konto/zwei-faktor/beginnen"), std::string::npos);
  EXPECT_EQ(browser.Get("/konto/zwei-faktor/qr.svg").status, 404) << "no enrolment begun";
  EXPECT_EQ(browser.Submit("/konto/zwei-faktor", "/konto/zwei-faktor/beginnen", {}).status, 303);
  page = browser.Get("/konto/zwei-faktor");
  auto state = db_->Read([&](db::Tx& tx) { return accounts::FindTotp(tx, user.id); });
  EXPECT_NE(page.body.find(accounts::GroupedForTyping(state.secret_base32)), std::string::npos)
      << "the secret in blocks of four for typing";
  EXPECT_NE(page.body.find("src=\"/konto/zwei-faktor/qr.svg\""), std::string::npos);
  auto qr = browser.Get("/konto/zwei-faktor/qr.svg");
  EXPECT_EQ(qr.status, 200);
  EXPECT_EQ(qr.Header("content-type"), "image/svg+xml");
  EXPECT_EQ(qr.Header("cache-control"), "no-store");
  EXPECT_NE(qr.body.find("<svg"), std::string::npos);

  std::string secret = *accounts::Base32Decode(state.secret_base32);
  std::int64_t step = now_ / accounts::kTotpStepSeconds;
  std::string wrong = accounts::TotpCode(secret, step + 5);
  auto refused = browser.Submit("/konto/zwei-faktor", "/konto/zwei-faktor/bestaetigen", {{"code", wrong}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("Der Code stimmt nicht"), std::string::npos);
  auto enabled = browser.Submit("/konto/zwei-faktor", "/konto/zwei-faktor/bestaetigen",
                                {{"code", accounts::TotpCode(secret, step)}});
  EXPECT_EQ(enabled.status, 200);
  std::regex recovery_code(R"(<code>([a-z2-7]{5}-[a-z2-7]{5})</code>)");
  std::vector<std::string> codes;
  for (auto it = std::sregex_iterator(enabled.body.begin(), enabled.body.end(), recovery_code);
       it != std::sregex_iterator(); ++it) {
    codes.push_back((*it)[1]);
  }
  EXPECT_EQ(codes.size(), 10u);
  EXPECT_EQ(enabled.Header("cache-control"), "no-store");
  auto later = browser.Get("/konto/zwei-faktor");
  EXPECT_EQ(later.body.find(codes.at(0)), std::string::npos) << "the recovery codes are shown once";
  EXPECT_EQ(later.body.find(state.secret_base32.substr(0, 4) + " "), std::string::npos) << "nor is the secret again";

  // The login now asks for the code; the one that enabled it is used, a recovery code works once.
  Browser other(port());
  auto first =
      other.Submit("/anmelden", "/anmelden", {{"email", "erika@example.org"}, {"password", std::string(kPassword)}});
  EXPECT_EQ(first.status, 303);
  EXPECT_EQ(first.Header("location"), "/anmelden/zweiter-faktor");
  EXPECT_FALSE(other.jar().Get(std::string(kSessionCookie)).has_value()) << "no session before the code";
  EXPECT_EQ(other.Get("/konto").status, 303) << "not logged in yet";
  auto replayed = other.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor",
                               {{"code", accounts::TotpCode(secret, step)}});
  EXPECT_EQ(replayed.status, 401);
  auto by_recovery = other.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", codes.at(0)}});
  EXPECT_EQ(by_recovery.status, 303);
  EXPECT_EQ(other.Get("/konto").status, 200);

  Browser third(port());
  third.Submit("/anmelden", "/anmelden", {{"email", "erika@example.org"}, {"password", std::string(kPassword)}});
  EXPECT_EQ(third.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", codes.at(0)}}).status, 401)
      << "a recovery code works once";
  EXPECT_EQ(third
                .Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor",
                        {{"code", accounts::TotpCode(secret, step + 1)}})
                .status,
            303);

  // Disabling needs the password and a current code.
  now_ += 2 * accounts::kTotpStepSeconds;
  std::string current = accounts::TotpCode(secret, now_ / accounts::kTotpStepSeconds);
  EXPECT_EQ(third
                .Submit("/konto/zwei-faktor", "/konto/zwei-faktor/abschalten",
                        {{"password", "falsch-falsch-falsch"}, {"code", current}})
                .status,
            403);
  EXPECT_EQ(third
                .Submit("/konto/zwei-faktor", "/konto/zwei-faktor/abschalten",
                        {{"password", std::string(kPassword)}, {"code", current}})
                .status,
            303);
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return accounts::HasTotp(tx, user.id); }));
}

TEST_P(SiteTest, TheLoginStepKeepsTheTargetIsBoundToTheBrowserAndEndsAfterFiveMinutesOrFiveWrongCodes) {
  auto user = MakeUser("erika@example.org");
  EnrolTotp(user);
  Browser browser(port());
  auto step =
      browser.Submit("/anmelden", "/anmelden",
                     {{"email", "erika@example.org"}, {"password", std::string(kPassword)}, {"next", "/konto"}});
  ASSERT_EQ(step.Header("location"), "/anmelden/zweiter-faktor");
  EXPECT_EQ(browser.Get("/anmelden/zweiter-faktor").status, 200);
  // Another browser (without the cookie) has no login step.
  Browser stranger(port());
  EXPECT_EQ(stranger.Get("/anmelden/zweiter-faktor").status, 303);
  auto done = browser.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", NextCode(user.email)}});
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.Header("location"), "/konto") << "the target is kept";

  Browser slow(port());
  slow.Submit("/anmelden", "/anmelden", {{"email", "erika@example.org"}, {"password", std::string(kPassword)}});
  now_ += accounts::kSecondFactorPendingLifetime;
  auto expired = slow.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", NextCode(user.email)}});
  EXPECT_EQ(expired.status, 303);
  EXPECT_EQ(expired.Header("location"), "/anmelden");
  EXPECT_EQ(slow.Get("/konto").status, 303) << "not logged in";

  Browser guesser(port());
  guesser.Submit("/anmelden", "/anmelden", {{"email", "erika@example.org"}, {"password", std::string(kPassword)}});
  for (int attempt = 0; attempt < accounts::kSecondFactorAttempts - 1; ++attempt) {
    EXPECT_EQ(guesser.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", "000000"}}).status, 401);
  }
  auto ended = guesser.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", "000000"}});
  EXPECT_EQ(ended.Header("location"), "/anmelden") << "the step ends after five wrong codes";
  EXPECT_EQ(guesser.Submit("/anmelden/zweiter-faktor", "/anmelden/zweiter-faktor", {{"code", NextCode(user.email)}})
                .Header("location"),
            "/anmelden");
}

TEST_P(SiteTest, APlatformAdminWithoutSecondFactorIsSentToEnrolUnlessTheProviderLoginWasSubstantial) {
  auto admin = MakeUser("betrieb@land.example");
  db_->Write([&](db::Tx& tx) { accounts::SetPlatformAdmin(tx, admin.id, true); });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "betrieb@land.example").status, 303);
  auto sent = browser.Get("/verwaltung");
  EXPECT_EQ(sent.status, 303);
  EXPECT_EQ(sent.Header("location"), "/konto/zwei-faktor");
  auto page = browser.Get("/konto/zwei-faktor");
  EXPECT_NE(page.body.find("Zwei-Faktor-Anmeldung erforderlich"), std::string::npos);
  EXPECT_EQ(browser
                .Submit("/verwaltung", "/verwaltung/mandanten",
                        {{"slug", "sachsen"}, {"name", "Freistaat Sachsen"}, {"kind", "land"}, {"land", "SN"}})
                .Header("location"),
            "/konto/zwei-faktor")
      << "no tenant created without two factors";
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, "sachsen"); }));

  // A session begun at a provider at "substantial" counts as two factors; "basic" does not.
  for (std::string level : {"basic", "substantial", "high"}) {
    auto session = db_->Write([&](db::Tx& tx) {
      return accounts::CreateSession(tx, admin, now_, {.provider = "servicekonto", .trust_level = level});
    });
    Browser provider(port());
    provider.jar().Set(std::string(kSessionCookie), session.token);
    EXPECT_EQ(provider.Get("/verwaltung").status, level == "basic" ? 303 : 200) << level;
  }

  // After enrolling in the same session, the administration opens.
  EXPECT_EQ(browser.Submit("/konto/zwei-faktor", "/konto/zwei-faktor/beginnen", {}).status, 303);
  auto state = db_->Read([&](db::Tx& tx) { return accounts::FindTotp(tx, admin.id); });
  std::string secret = *accounts::Base32Decode(state.secret_base32);
  EXPECT_EQ(browser
                .Submit("/konto/zwei-faktor", "/konto/zwei-faktor/bestaetigen",
                        {{"code", accounts::TotpCode(secret, now_ / accounts::kTotpStepSeconds)}})
                .status,
            200);
  EXPECT_EQ(browser.Get("/verwaltung").status, 200);
}

TEST_P(SiteTest, ATenantThatAsksForTheSecondFactorOpensItsBackOfficeOnlyToRoleHoldersWithIt) {
  auto grimma = MakeTenant("grimma");
  auto admin = MakeUser("verwaltung@grimma.example");
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(accounts::Grant(tx, admin.id, grimma.id, accounts::Role::kAdmin, now_)); });
  Browser browser(port());
  ASSERT_EQ(Login(browser, "verwaltung@grimma.example").status, 303);
  EXPECT_EQ(browser.Get("/grimma/verwaltung").status, 200);
  const std::string settings = "/grimma/verwaltung/einstellungen";
  auto save_settings = [&](Browser& who, bool require) {
    who.Get(settings);
    std::vector<mw::testing::MultipartPart> fields{{"csrf", who.csrf()}, {"name", "Mandant grimma"}};
    if (require) fields.push_back({"require_second_factor", "1"});
    auto body = mw::testing::BuildMultipart(fields);
    mw::testing::HttpConnection connection(port());
    connection.SetCookieJar(&who.jar());
    return connection.Request("POST", settings, {{"Content-Type", body.content_type}}, body.body);
  };
  auto refused = save_settings(browser, true);
  EXPECT_EQ(refused.status, 422) << "an admin without the second factor would shut themselves out";
  EXPECT_NE(refused.body.find("zuerst in Ihrem Konto"), std::string::npos);
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return accounts::TenantRequiresSecondFactor(tx, grimma.id); }));

  // Another role holder without an authenticator loses the back office when the tenant asks for it.
  auto editor = MakeUser("redaktion@grimma.example");
  db_->Write(
      [&](db::Tx& tx) { ASSERT_TRUE(accounts::Grant(tx, editor.id, grimma.id, accounts::Role::kEditor, now_)); });
  EnrolTotp(admin);
  EXPECT_EQ(save_settings(browser, true).status, 303);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return accounts::TenantRequiresSecondFactor(tx, grimma.id); }));
  EXPECT_NE(
      browser.Get(settings).body.find("id=\"require_second_factor\" name=\"require_second_factor\" type=\"checkbox\" "
                                      "value=\"1\" aria-describedby=\"require_second_factor-hint\" checked"),
      std::string::npos);
  EXPECT_EQ(browser.Get("/grimma/verwaltung").status, 200);
  EXPECT_FALSE(
      db_->Read([&](db::Tx& tx) { return accounts::HasRole(tx, editor.id, grimma.id, accounts::Role::kEditor); }));
  Browser admin_again(port());
  EXPECT_EQ(Login(admin_again, "verwaltung@grimma.example").status, 303);
  EXPECT_EQ(admin_again.Get("/grimma/verwaltung").status, 200);
  Browser editor_browser(port());
  ASSERT_EQ(Login(editor_browser, "redaktion@grimma.example").status, 303);
  EXPECT_NE(editor_browser.Get("/konto").body.find("Zwei-Faktor-Anmeldung erforderlich"), std::string::npos)
      << "the account page says why the roles do not count";
  EnrolTotp(editor);
  EXPECT_EQ(editor_browser.Get("/konto").body.find("Zwei-Faktor-Anmeldung erforderlich"), std::string::npos);
  EXPECT_TRUE(
      db_->Read([&](db::Tx& tx) { return accounts::HasRole(tx, editor.id, grimma.id, accounts::Role::kEditor); }));
}

MW_INSTANTIATE_FOR_ENGINES(SiteTest);

}  // namespace
}  // namespace mw::site
