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

MW_INSTANTIATE_FOR_ENGINES(RateLimitTest);

}  // namespace
}  // namespace mw::limits
