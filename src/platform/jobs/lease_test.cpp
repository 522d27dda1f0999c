#include "platform/jobs/lease.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "support/test_db.hpp"

namespace mw::jobs {
namespace {

constexpr db::UnixSeconds kNow = 1'700'000'000;

class LeaseTest : public testing::EngineTest {
 protected:
  bool Acquire(std::string_view holder, db::UnixSeconds now, std::int64_t ttl = 60) {
    return db_->Write([&](db::Tx& tx) { return TryAcquireLease(tx, "purge", holder, now, ttl); });
  }
  std::optional<LeaseInfo> Read() {
    return db_->Read([&](db::Tx& tx) { return ReadLease(tx, "purge"); });
  }
};

TEST_P(LeaseTest, OnlyOneHolderGetsTheLease) {
  EXPECT_TRUE(Acquire("a", kNow));
  EXPECT_FALSE(Acquire("b", kNow));
  EXPECT_FALSE(Acquire("b", kNow + 59));
  auto lease = Read();
  ASSERT_TRUE(lease);
  EXPECT_EQ(lease->holder, "a");
  EXPECT_EQ(lease->expires_at, kNow + 60);
}

TEST_P(LeaseTest, TheHolderExtendsItsLease) {
  EXPECT_TRUE(Acquire("a", kNow));
  EXPECT_TRUE(Acquire("a", kNow + 50));
  EXPECT_EQ(Read()->expires_at, kNow + 110);
  EXPECT_FALSE(Acquire("b", kNow + 100));
}

TEST_P(LeaseTest, ExpiryHandsTheLeaseOver) {
  EXPECT_TRUE(Acquire("a", kNow));
  EXPECT_FALSE(Acquire("b", kNow + 59));
  EXPECT_TRUE(Acquire("b", kNow + 60));
  EXPECT_EQ(Read()->holder, "b");
  EXPECT_FALSE(Acquire("a", kNow + 61));
}

TEST_P(LeaseTest, ReleaseLetsAnotherHolderTakeItAtOnce) {
  EXPECT_TRUE(Acquire("a", kNow));
  db_->Write([&](db::Tx& tx) { ReleaseLease(tx, "purge", "b"); });  // not b's to release
  EXPECT_FALSE(Acquire("b", kNow + 1));
  db_->Write([&](db::Tx& tx) { ReleaseLease(tx, "purge", "a"); });
  EXPECT_FALSE(Read());
  EXPECT_TRUE(Acquire("b", kNow + 1));
}

TEST_P(LeaseTest, LeasesAreIndependentByName) {
  EXPECT_TRUE(Acquire("a", kNow));
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return TryAcquireLease(tx, "other", "b", kNow, 60); }));
}

TEST_P(LeaseTest, RacingHoldersGetItExactlyOnce) {
  // Several "processes" (separate Database objects) race for a free lease, then for the expired one.
  std::vector<std::unique_ptr<db::Database>> processes;
  for (int i = 0; i < 4; ++i) processes.push_back(db::Database::Open(url_, {}));
  for (db::UnixSeconds now : {kNow, kNow + 1000}) {
    std::atomic<int> winners{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&, i] {
        db::Database& db = *processes[i % processes.size()];
        std::string holder = "holder-" + std::to_string(i) + "-" + std::to_string(now);
        if (db.Write([&](db::Tx& tx) { return TryAcquireLease(tx, "race", holder, now, 60); })) ++winners;
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(winners.load(), 1) << "at " << now;
  }
}

TEST(HolderIdTest, NamesHostPidAndIsUnique) {
  std::string first = MakeHolderId();
  std::string second = MakeHolderId();
  EXPECT_NE(first, second);
  EXPECT_EQ(std::count(first.begin(), first.end(), ':'), 2) << first;
  EXPECT_NE(first.find(":" + std::to_string(getpid()) + ":"), std::string::npos) << first;
}

MW_INSTANTIATE_FOR_ENGINES(LeaseTest);

}  // namespace
}  // namespace mw::jobs
