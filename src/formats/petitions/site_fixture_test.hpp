// Tests of the petitions' pages and API share this fixture: a real HTTP server with the platform's and the format's
// routes on a fresh database of each engine, a clock the test moves (now_), a tenant "grimma" and a citizen who
// log in with kTestPassword, and helpers to publish a petition and to make API tokens.
//
//   class MyTest : public PetitionSiteTest {};
//   TEST_P(MyTest, Something) {
//     Browser citizen(port());
//     Login(citizen, "citizen@example.org");
//     auto petition = PublishedPetition("Radweg");
//   }
//   MW_INSTANTIATE_FOR_ENGINES(MyTest);
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "formats/petitions/pages.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/server.hpp"
#include "platform/limits/rate_limit.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "platform/web/render.hpp"
#include "support/form_browser.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {

using Browser = mw::testing::FormBrowser;

inline constexpr std::string_view kTestPassword = "Richtig-langes-Passwort-1";

class PetitionSiteTest : public mw::testing::EngineTest {
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
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  unsigned short port() const { return server_->port(); }

  // A confirmed account with kTestPassword, with `role` in `tenant_id` if given.
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

  // A petition published directly through the store, in the tenant `tenant_id` (default grimma), started by
  // `initiator_id` (default the citizen).
  Petition PublishedPetition(const std::string& title = "Radweg an der Leipziger Straße",
                             std::optional<std::int64_t> tenant_id = std::nullopt,
                             std::optional<std::int64_t> initiator_id = std::nullopt) {
    return db_->Write([&](db::Tx& tx) {
      auto draft = CreateDraft(tx, tenant_id.value_or(tenant_.id), initiator_id.value_or(citizen_.id),
                               {.title = title, .demand = "Radweg bauen", .justification = "Sicherheit"}, now_);
      EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
      return *Publish(tx, draft->id, now_);
    });
  }

  std::string ApiToken(const accounts::User& user) {
    return db_->Write([&](db::Tx& tx) { return accounts::CreateApiToken(tx, user.id, "test", now_); });
  }

  std::atomic<db::UnixSeconds> now_{1'780'000'000};
  std::unique_ptr<web::Renderer> renderer_;
  std::unique_ptr<web::Renderer> mail_renderer_;
  std::unique_ptr<limits::RateLimiter> limiter_;
  std::unique_ptr<site::Services> services_;
  std::unique_ptr<http::Server> server_;
  tenancy::Tenant tenant_;
  accounts::User citizen_;
};

}  // namespace mw::petitions
