// The petitions' read cache on both engines: a new count shows after the freshness (and at once after Forget),
// petitions that are not public never come out of it, and many threads read it at once while it is refreshed.
#include "formats/petitions/cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

class PetitionCacheTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    auto source = mw::testing::SourceDir();
    renderer_ = std::make_unique<web::Renderer>(source / "templates", source / "locales");
    limiter_ = std::make_unique<limits::RateLimiter>(*db_, limits::RateLimiter::Options{.enabled = false});
    services_ = std::make_unique<site::Services>(
        site::Services{*db_, *renderer_, *renderer_, *limiter_, {}, {}, [this] { return now_.load(); }});
    db_->Write([&](db::Tx& tx) {
      tenant_id_ = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_)->id;
      user_id_ = accounts::CreateConfirmedUser(tx, "ini@example.org", "Ini Tiator", "x", now_)->id;
    });
  }

  // A petition in moderation (not public yet).
  std::int64_t Submitted(const std::string& title) {
    return db_->Write([&](db::Tx& tx) {
      auto draft = CreateDraft(tx, tenant_id_, user_id_,
                               {.title = title, .demand = "Radweg bauen", .justification = "Sicherheit"}, now_);
      EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
      return draft->id;
    });
  }

  std::int64_t Published(const std::string& title) {
    std::int64_t id = Submitted(title);
    db_->Write([&](db::Tx& tx) { EXPECT_TRUE(Publish(tx, id, now_).has_value()); });
    return id;
  }

  // Stands for the fold job: sets the shown count directly.
  void SetCount(std::int64_t id, std::int64_t count) {
    db_->Write([&](db::Tx& tx) { tx.Exec("UPDATE petition SET confirmed_count = ? WHERE id = ?", {count, id}); });
  }

  std::int64_t CountShown(std::int64_t id) { return CachedPetition(*services_, id).value().confirmed_count; }

  std::atomic<db::UnixSeconds> now_ = 1'780'000'000;  // the cache's clock: tests move it instead of sleeping
  std::int64_t tenant_id_ = 0;
  std::int64_t user_id_ = 0;
  std::unique_ptr<web::Renderer> renderer_;
  std::unique_ptr<limits::RateLimiter> limiter_;
  std::unique_ptr<site::Services> services_;
};

TEST_P(PetitionCacheTest, NewCountShowsAfterTheFreshnessAndAtOnceAfterForget) {
  std::int64_t id = Published("Mehr Radwege");
  ASSERT_EQ(CountShown(id), 0);

  SetCount(id, 17);
  EXPECT_EQ(CountShown(id), 0) << "served from memory while fresh";
  now_ += kPetitionFreshness;
  EXPECT_EQ(CountShown(id), 17) << "the first read after the freshness reloads";

  SetCount(id, 18);
  Forget(*services_, id);
  EXPECT_EQ(CountShown(id), 18) << "Forget drops the entry at once";

  SetCount(id, 19);
  ForgetPetitions(*db_);
  EXPECT_EQ(CountShown(id), 19) << "ForgetPetitions drops every petition at once";
}

TEST_P(PetitionCacheTest, PetitionsThatAreNotPublicAreNeverReturned) {
  std::int64_t pending = Submitted("In Moderation");
  EXPECT_FALSE(CachedPetition(*services_, pending).has_value());
  EXPECT_FALSE(CachedPetition(*services_, 999'999).has_value()) << "unknown id";

  // Published later: not remembered as missing, so it shows at once.
  db_->Write([&](db::Tx& tx) { EXPECT_TRUE(Publish(tx, pending, now_).has_value()); });
  auto shown = CachedPetition(*services_, pending);
  ASSERT_TRUE(shown.has_value());
  EXPECT_EQ(shown->title, "In Moderation");

  std::int64_t rejected = Submitted("Abgelehnt");
  db_->Write([&](db::Tx& tx) { EXPECT_TRUE(Reject(tx, rejected, "netiquette", "").has_value()); });
  EXPECT_FALSE(CachedPetition(*services_, rejected).has_value());
}

TEST_P(PetitionCacheTest, TenantsAndSettingsComeFromTheDatabaseAndSavedSettingsShowAfterForget) {
  auto tenant = CachedTenant(*services_, "grimma");
  ASSERT_TRUE(tenant.has_value());
  EXPECT_EQ(tenant->id, tenant_id_);
  EXPECT_EQ(tenant->name, "Stadt Grimma");
  EXPECT_FALSE(CachedTenant(*services_, "gibt-es-nicht").has_value());

  std::int64_t other_id = db_->Write([&](db::Tx& tx) {
    return tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_)->id;
  });
  Settings settings;
  settings.quorum = 5'000;
  db_->Write([&](db::Tx& tx) { EXPECT_TRUE(SaveSettings(tx, tenant_id_, settings).has_value()); });
  EXPECT_EQ(CachedSettings(*services_, tenant_id_).quorum, 5'000);
  settings.enabled = false;
  db_->Write([&](db::Tx& tx) { EXPECT_TRUE(SaveSettings(tx, tenant_id_, settings).has_value()); });
  ForgetSettings(*services_, tenant_id_);
  EXPECT_FALSE(CachedSettings(*services_, tenant_id_).enabled) << "ForgetSettings shows saved settings at once";
  EXPECT_EQ(CachedSettings(*services_, other_id).quorum, Settings{}.quorum) << "defaults when never saved";
}

// Readers on many threads while the count moves on: every answer is the whole petition with a count that was stored
// at some point, and the last count is seen once the freshness has passed.
TEST_P(PetitionCacheTest, ConcurrentReadersSeeWholeSnapshots) {
  std::int64_t id = Published("Viral");
  constexpr int kReaders = 6;
  constexpr std::int64_t kLastCount = 20;
  std::atomic<bool> writing{true};
  std::atomic<int> reads{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> readers;
  for (int reader_idx = 0; reader_idx < kReaders; ++reader_idx) {
    readers.emplace_back([&] {
      while (writing.load()) {
        auto petition = CachedPetition(*services_, id);
        if (!petition || petition->title != "Viral" || petition->confirmed_count < 0 ||
            petition->confirmed_count > kLastCount) {
          ++wrong;
        }
        ++reads;
      }
    });
  }
  // Each new count comes with a new second, so that readers reload while others read.
  for (std::int64_t count = 1; count <= kLastCount; ++count) {
    SetCount(id, count);
    now_ += kPetitionFreshness;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  writing = false;
  for (auto& reader : readers) reader.join();
  // No reload runs any more; once the last snapshot is stale, the next read shows the last count.
  now_ += kPetitionFreshness;
  EXPECT_EQ(CountShown(id), kLastCount);
  EXPECT_EQ(wrong.load(), 0) << "of " << reads.load() << " reads";
  EXPECT_GT(reads.load(), kReaders);
}

MW_INSTANTIATE_FOR_ENGINES(PetitionCacheTest);

}  // namespace
}  // namespace mw::petitions
