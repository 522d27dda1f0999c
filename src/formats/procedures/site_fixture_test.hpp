// Tests of the procedures' pages and API share this fixture: a real HTTP server with the platform's routes and the
// format's on a fresh database of each engine, a clock the test moves (now_), the tenant "grimma" in tenant_,
// accounts that log in with kTestPassword, API tokens and calls, and multipart forms posted as a browser does.
// A test narrows what it starts with by overriding the hooks: RegisterFormatRoutes (e.g. only the editor's routes),
// RateLimited (off for tests that send many requests) and CreateTenants (other or more tenants).
//
//   class MyTest : public ProcedureSiteTest {};
//   TEST_P(MyTest, Something) {
//     CreateUser("citizen@example.org", "Cora Citizen");
//     Browser citizen(port());
//     Login(citizen, "citizen@example.org");
//   }
//   MW_INSTANTIATE_FOR_ENGINES(MyTest);
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/procedures/handlers.hpp"
#include "formats/procedures/pages.hpp"
#include "formats/procedures/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/audit/audit.hpp"
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

inline constexpr std::string_view kTestPassword = "Richtig-langes-Passwort-1";

class ProcedureSiteTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    auto source = mw::testing::SourceDir();
    renderer_ = std::make_unique<web::Renderer>(source / "templates", source / "locales");
    mail_renderer_ = std::make_unique<web::Renderer>(source / "templates" / "mail", source / "locales");
    limiter_ = std::make_unique<limits::RateLimiter>(*db_, limits::RateLimiter::Options{.enabled = RateLimited()});
    site::SiteConfig config;
    config.base_url = "http://portal.test";
    config.static_dir = source / "static";
    services_ = std::make_unique<site::Services>(
        site::Services{*db_, *renderer_, *mail_renderer_, *limiter_, {}, config, [this] { return now_.load(); }});
    http::Router router;
    site::RegisterRoutes(router, *services_);
    RegisterFormatRoutes(router);
    http::ServerOptions options;
    options.listen_port = 0;
    options.access_log = false;
    options.worker_threads = 4;
    server_ = std::make_unique<http::Server>(std::move(router), options);
    server_->Start();
    db_->Write([&](db::Tx& tx) { CreateTenants(tx); });
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  // The format's routes the server offers besides the platform's: all of them unless a test narrows them on purpose
  // (to show that its part works on its own).
  virtual void RegisterFormatRoutes(http::Router& router) { Register(router, *services_); }
  // Whether the server limits requests as in production; tests that send many requests from one address say no.
  virtual bool RateLimited() const { return true; }
  // The tenants the test starts with, in the server's first write: by default "grimma" in tenant_.
  virtual void CreateTenants(db::Tx& tx) {
    tenant_ = *tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_);
  }

  unsigned short port() const { return server_->port(); }

  // A confirmed account with kTestPassword, with `role` in `tenant_id` (default tenant_) if given.
  accounts::User CreateUser(const std::string& email, const std::string& name,
                            std::optional<accounts::Role> role = std::nullopt,
                            std::optional<std::int64_t> tenant_id = std::nullopt) {
    return db_->Write([&](db::Tx& tx) {
      auto user = accounts::CreateConfirmedUser(tx, email, name, HashPassword(kTestPassword), now_);
      EXPECT_TRUE(user.has_value()) << email;
      if (role) {
        EXPECT_TRUE(accounts::Grant(tx, user->id, tenant_id.value_or(tenant_.id), *role, now_).has_value());
      }
      return *user;
    });
  }

  void Login(Browser& browser, const std::string& email) {
    auto response =
        browser.Submit("/anmelden", "/anmelden", {{"email", email}, {"password", std::string(kTestPassword)}});
    ASSERT_EQ(response.status, 303) << response.body;
  }

  // A personal API token of `user`.
  std::string ApiToken(const accounts::User& user) {
    return db_->Write([&](db::Tx& tx) { return accounts::CreateApiToken(tx, user.id, "test", now_); });
  }

  // An API call with `token` as bearer (none if empty) and `body` as JSON (none if empty).
  mw::testing::HttpResponse Api(std::string_view method, const std::string& target, const std::string& token,
                                const std::string& body = {}) {
    mw::testing::HeaderList headers;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return mw::testing::Send(port(), method, target, headers, body);
  }

  // Loads the form page `path` (for its CSRF token) and posts `parts` back to it as multipart/form-data with the
  // browser's cookies, as a browser does. `csrf` false: without the token.
  mw::testing::HttpResponse PostMultipart(Browser& browser, const std::string& path,
                                          std::vector<mw::testing::MultipartPart> parts, bool csrf = true) {
    auto page = browser.Get(path);
    EXPECT_EQ(page.status, 200) << page.body;
    if (csrf) parts.insert(parts.begin(), mw::testing::MultipartPart{.name = "csrf", .data = browser.csrf()});
    auto body = mw::testing::BuildMultipart(parts);
    mw::testing::HttpConnection connection(port());
    connection.SetCookieJar(&browser.jar());
    return connection.Request("POST", path, {{"Content-Type", body.content_type}}, body.body);
  }

  // The first column of the first row of `sql` (a COUNT).
  std::int64_t CountRows(const std::string& sql, const db::Params& params = {}) {
    return db_->Read([&](db::Tx& tx) { return tx.QueryOne(sql, params)->Int(0); });
  }

  // The actions of tenant_'s latest audit entries, newest first.
  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    for (const auto& entry : db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 100); })) {
      actions.push_back(entry.action);
    }
    return actions;
  }

  std::atomic<db::UnixSeconds> now_{1'780'000'000};  // 2026-05-28
  std::unique_ptr<web::Renderer> renderer_;
  std::unique_ptr<web::Renderer> mail_renderer_;
  std::unique_ptr<limits::RateLimiter> limiter_;
  std::unique_ptr<site::Services> services_;
  std::unique_ptr<http::Server> server_;
  tenancy::Tenant tenant_;
};

}  // namespace mw::procedures
