#include "platform/limits/rate_limit.hpp"

#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace mw::limits {
namespace {

class RateLimitTest : public mw::testing::EngineTest {};

TEST_P(RateLimitTest, CountsPerBucketAndWindow) {
  RateLimiter limiter(*db_, {.enabled = true});
  Rule rule{.limit = 3, .window_seconds = 60};
  db::UnixSeconds now = 6'000;  // start of a window
  for (int hit = 0; hit < 3; ++hit) EXPECT_TRUE(limiter.Allow("login-ip:203.0.113.7", rule, now + hit));
  EXPECT_FALSE(limiter.Allow("login-ip:203.0.113.7", rule, now + 10));
  EXPECT_TRUE(limiter.IsBlocked("login-ip:203.0.113.7", rule, now + 10));
  EXPECT_TRUE(limiter.Allow("login-ip:203.0.113.8", rule, now + 10)) << "another bucket";
  EXPECT_TRUE(limiter.Allow("login-ip:203.0.113.7", rule, now + 60)) << "the next window";
}

TEST_P(RateLimitTest, OffAllowsEverything) {
  RateLimiter limiter(*db_, {.enabled = false});
  for (int hit = 0; hit < 20; ++hit) EXPECT_TRUE(limiter.Allow("x", {.limit = 1, .window_seconds = 60}, 6'000));
  EXPECT_FALSE(limiter.IsBlocked("x", {.limit = 1, .window_seconds = 60}, 6'000));
}

TEST_P(RateLimitTest, PurgeRemovesOldWindows) {
  RateLimiter limiter(*db_, {.enabled = true});
  limiter.Allow("alt", {.limit = 5, .window_seconds = 60}, 6'000);
  limiter.Allow("neu", {.limit = 5, .window_seconds = 60}, 200'000);
  db_->Write([](db::Tx& tx) { RateLimiter::Purge(tx, 200'000); });
  auto rows = db_->Read([](db::Tx& tx) { return tx.Query("SELECT bucket FROM rate_limit", {}); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front().Text(0), "neu");
}

TEST_P(RateLimitTest, ClearLiftsOneBucketOnly) {
  RateLimiter limiter(*db_, {.enabled = true});
  Rule rule{.limit = 2, .window_seconds = 900};
  for (int hit = 0; hit < 3; ++hit) {
    limiter.Allow("login-account:anna@example.org", rule, 9'000);
    limiter.Allow("login-account:bert@example.org", rule, 9'000);
  }
  ASSERT_TRUE(limiter.IsBlocked("login-account:anna@example.org", rule, 9'001));
  db_->Write([](db::Tx& tx) { RateLimiter::Clear(tx, "login-account:anna@example.org"); });
  EXPECT_FALSE(limiter.IsBlocked("login-account:anna@example.org", rule, 9'001));
  EXPECT_TRUE(limiter.IsBlocked("login-account:bert@example.org", rule, 9'001)) << "other accounts stay locked";
}

TEST_P(RateLimitTest, AnInstallationReplacesTheRuleOfAKindOfBucket) {
  auto rules = ParseRules("petition-sign-ip=2/60");
  ASSERT_TRUE(rules.has_value());
  RateLimiter limiter(*db_, {.enabled = true, .rules = *rules});
  Rule generous{.limit = 300, .window_seconds = 600};
  EXPECT_TRUE(limiter.Allow("petition-sign-ip:192.0.2.1", generous, 6'000));
  EXPECT_TRUE(limiter.Allow("petition-sign-ip:192.0.2.1", generous, 6'001));
  EXPECT_FALSE(limiter.Allow("petition-sign-ip:192.0.2.1", generous, 6'002)) << "the installation's 2 per minute";
  EXPECT_TRUE(limiter.IsBlocked("petition-sign-ip:192.0.2.1", generous, 6'002));
  EXPECT_TRUE(limiter.Allow("petition-sign-ip:192.0.2.1", generous, 6'060)) << "its window of 60 s";
  EXPECT_TRUE(limiter.Allow("login-ip:192.0.2.1", {.limit = 1, .window_seconds = 60}, 6'000))
      << "other kinds keep theirs";
  EXPECT_FALSE(limiter.Allow("login-ip:192.0.2.1", {.limit = 1, .window_seconds = 60}, 6'001));
}

TEST(RateLimitRulesTest, ParsesKindLimitAndWindowAndNamesWhatIsWrong) {
  auto rules = ParseRules("login-ip=100/600,petition-sign-email=3/3600");
  ASSERT_TRUE(rules.has_value());
  EXPECT_EQ(rules->size(), 2u);
  EXPECT_EQ(rules->at("login-ip").limit, 100);
  EXPECT_EQ(rules->at("petition-sign-email").window_seconds, 3600);
  EXPECT_TRUE(ParseRules("").has_value());
  for (std::string_view bad : {"login-ip", "login-ip=100", "=1/60", "login-ip=0/60", "login-ip=1/0", "login-ip=x/60",
                               "login-ip=1/90000", "a:b=1/60", "login-ip=1/60,", "login-ip=1/60,,x=1/60"}) {
    auto parsed = ParseRules(bad);
    ASSERT_FALSE(parsed.has_value()) << bad;
    EXPECT_NE(parsed.error().message.find("Ungültige Regel"), std::string::npos) << bad;
  }
}

MW_INSTANTIATE_FOR_ENGINES(RateLimitTest);

}  // namespace
}  // namespace mw::limits
