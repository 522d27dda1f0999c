// Tests of the statements part share this fixture: a real HTTP server with the platform's and the procedures
// format's routes on a fresh database of each engine, a clock the test moves (now_), a tenant "grimma", a citizen
// and a case worker who log in with kStatementTestPassword, procedures published through the store, and a helper that posts
// the multipart statement form as a browser does.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "formats/procedures/pages.hpp"
#include "formats/procedures/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/server.hpp"
#include "platform/limits/rate_limit.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "platform/web/render.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace mw::procedures {

using Browser = mw::testing::FormBrowser;

inline constexpr std::string_view kStatementTestPassword = "Richtig-langes-Passwort-1";

class StatementSiteTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    auto source = mw::testing::SourceDir();
    renderer_ = std::make_unique<web::Renderer>(source / "templates", source / "locales");
    mail_renderer_ = std::make_unique<web::Renderer>(source / "templates" / "mail", source / "locales");
    limiter_ = std::make_unique<limits::RateLimiter>(*db_, limits::RateLimiter::Options{.enabled = true});
    site::SiteConfig config;
    config.base_url = "http://portal.test";
    config.static_dir = source / "static";
    services_ = std::make_unique<site::Services>(
        site::Services{*db_, *renderer_, *mail_renderer_, *limiter_, {}, config, [this] { return now_.load(); }});
    http::Router router;
    site::RegisterRoutes(router, *services_);
    Register(router, *services_);
    http::ServerOptions options;
    options.listen_port = 0;
    options.access_log = false;
    options.worker_threads = 4;
    server_ = std::make_unique<http::Server>(std::move(router), options);
    server_->Start();

    db_->Write([&](db::Tx& tx) {
      tenant_ = *tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_);
    });
    citizen_ = CreateUser("citizen@example.org", "Cora Citizen");
    case_worker_ = CreateUser("case@example.org", "Carl Case", accounts::Role::kCaseWorker);
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  unsigned short port() const { return server_->port(); }

  accounts::User CreateUser(const std::string& email, const std::string& name,
                            std::optional<accounts::Role> role = std::nullopt) {
    return db_->Write([&](db::Tx& tx) {
      auto user = accounts::CreateConfirmedUser(tx, email, name, HashPassword(kStatementTestPassword), now_);
      EXPECT_TRUE(user.has_value()) << email;
      if (role) EXPECT_TRUE(accounts::Grant(tx, user->id, tenant_.id, *role, now_).has_value());
      return *user;
    });
  }

  void Login(Browser& browser, const std::string& email) {
    auto response =
        browser.Submit("/anmelden", "/anmelden", {{"email", email}, {"password", std::string(kStatementTestPassword)}});
    ASSERT_EQ(response.status, 303) << response.body;
  }

  // A procedure of `type` whose display starts `start_in_days` from today (negative: in the past), published
  // (or left a draft).
  Procedure MakeProcedure(Type type, int start_in_days, bool publish = true) {
    return db_->Write([&](db::Tx& tx) {
      law::Date today = LocalDate(now_);
      ProcedureInput input{.type = type,
                           .title = "Verfahren " + std::string(TypeName(type)),
                           .description = "Beschreibung",
                           .display_start = law::AddDays(today, start_in_days)};
      if (type == Type::kBimschg || type == Type::kVwvfg73) input.announcement = law::AddDays(input.display_start, -8);
      auto dates = PlanDates(input, "SN", "", today);
      EXPECT_TRUE(dates.has_value()) << (dates ? "" : dates.error().message);
      Procedure procedure = Create(tx, tenant_.id, std::nullopt, input, *dates, now_);
      if (publish) procedure = *SetPhase(tx, procedure.id, Phase::kPublished, now_);
      return procedure;
    });
  }

  std::string FormPath(const Procedure& procedure) const {
    return "/grimma/verfahren/" + std::to_string(procedure.id) + "/stellungnahme";
  }

  // Loads the form (for its CSRF token) and posts `fields` and `files` as multipart/form-data with the browser's
  // cookies. `csrf` false: without the token.
  mw::testing::HttpResponse PostForm(Browser& browser, const Procedure& procedure,
                                     std::vector<mw::testing::MultipartPart> parts, bool csrf = true) {
    auto page = browser.Get(FormPath(procedure));
    EXPECT_EQ(page.status, 200) << page.body;
    if (csrf) parts.push_back({.name = "csrf", .data = browser.csrf()});
    auto body = mw::testing::BuildMultipart(parts);
    mw::testing::HttpConnection connection(port());
    connection.SetCookieJar(&browser.jar());
    return connection.Request("POST", FormPath(procedure), {{"Content-Type", body.content_type}}, body.body);
  }

  std::string ApiToken(const accounts::User& user) {
    return db_->Write([&](db::Tx& tx) { return accounts::CreateApiToken(tx, user.id, "test", now_); });
  }

  mw::testing::HttpResponse Api(const std::string& method, const std::string& target, const std::string& token,
                                const std::string& body = {}) {
    mw::testing::HeaderList headers{{"Authorization", "Bearer " + token}};
    if (!body.empty()) headers.push_back({"Content-Type", "application/json"});
    return mw::testing::Send(port(), method, target, headers, body);
  }

  std::int64_t CountRows(const std::string& sql, const db::Params& params = {}) {
    return db_->Read([&](db::Tx& tx) { return tx.QueryOne(sql, params)->Int(0); });
  }

  std::atomic<db::UnixSeconds> now_{1'780'000'000};
  std::unique_ptr<web::Renderer> renderer_;
  std::unique_ptr<web::Renderer> mail_renderer_;
  std::unique_ptr<limits::RateLimiter> limiter_;
  std::unique_ptr<site::Services> services_;
  std::unique_ptr<http::Server> server_;
  tenancy::Tenant tenant_;
  accounts::User citizen_;
  accounts::User case_worker_;
};

}  // namespace mw::procedures
