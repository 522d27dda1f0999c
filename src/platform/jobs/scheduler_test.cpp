#include "platform/jobs/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "platform/jobs/lease.hpp"
#include "support/test_db.hpp"

namespace mw::jobs {
namespace {

constexpr db::UnixSeconds kStart = 1'700'000'000;

class SchedulerTest : public testing::EngineTest {
 protected:
  Clock FixedClock() {
    return [this] { return now_.load(); };
  }
  std::atomic<db::UnixSeconds> now_{kStart};
};

TEST_P(SchedulerTest, RunOnceRunsOnlyDueTasks) {
  Scheduler scheduler(*db_, "a", FixedClock());
  std::vector<std::pair<std::string, db::UnixSeconds>> runs;
  scheduler.Add("minutely", 60, [&](db::UnixSeconds now) { runs.emplace_back("minutely", now); });
  scheduler.Add("hourly", 3600, [&](db::UnixSeconds now) { runs.emplace_back("hourly", now); });

  EXPECT_EQ(scheduler.RunOnce(kStart), 2);  // everything is due at the first run
  EXPECT_EQ(scheduler.RunOnce(kStart + 59), 0);
  EXPECT_EQ(scheduler.RunOnce(kStart + 60), 1);
  EXPECT_EQ(scheduler.RunOnce(kStart + 90), 0);
  EXPECT_EQ(scheduler.RunOnce(kStart + 3600), 2);
  using Run = std::pair<std::string, db::UnixSeconds>;
  EXPECT_EQ(runs, (std::vector<Run>{{"minutely", kStart},
                                    {"hourly", kStart},
                                    {"minutely", kStart + 60},
                                    {"minutely", kStart + 3600},
                                    {"hourly", kStart + 3600}}));
}

TEST_P(SchedulerTest, ATaskRunsOnlyWhereItsLeaseIsHeld) {
  // Two server processes with the same task on one database.
  Scheduler first(*db_, "process-1", FixedClock());
  Scheduler second(*db_, "process-2", FixedClock());
  int first_runs = 0;
  int second_runs = 0;
  first.Add("purge", 60, [&](db::UnixSeconds) { ++first_runs; });
  second.Add("purge", 60, [&](db::UnixSeconds) { ++second_runs; });

  for (db::UnixSeconds t = kStart; t < kStart + 600; t += 10) {
    first.RunOnce(t);
    second.RunOnce(t);
  }
  EXPECT_EQ(first_runs, 10);  // once per minute, always in the process that took the lease first
  EXPECT_EQ(second_runs, 0);

  // The first process dies (no Stop): after its lease expires the second takes over.
  db::UnixSeconds expires = db_->Read([&](db::Tx& tx) { return ReadLease(tx, "job:purge")->expires_at; });
  EXPECT_EQ(second.RunOnce(expires - 1), 0);
  EXPECT_EQ(second.RunOnce(expires + 60), 1);
  EXPECT_EQ(second_runs, 1);
  EXPECT_EQ(first.RunOnce(expires + 120), 0);
}

TEST_P(SchedulerTest, StopReleasesLeasesForAnotherProcess) {
  auto first = std::make_unique<Scheduler>(*db_, "process-1", FixedClock());
  Scheduler second(*db_, "process-2", FixedClock());
  int second_runs = 0;
  first->Add("purge", 60, [](db::UnixSeconds) {});
  second.Add("purge", 60, [&](db::UnixSeconds) { ++second_runs; });
  EXPECT_EQ(first->RunOnce(kStart), 1);
  EXPECT_EQ(second.RunOnce(kStart), 0);
  first->Stop();
  EXPECT_EQ(second.RunOnce(kStart + 60), 1);
  EXPECT_EQ(second_runs, 1);
}

TEST_P(SchedulerTest, AThrowingTaskIsLoggedAndScheduledAgain) {
  Scheduler scheduler(*db_, "a", FixedClock());
  int runs = 0;
  scheduler.Add("flaky", 60, [&](db::UnixSeconds) {
    ++runs;
    throw std::runtime_error("Verbindung verloren");
  });
  EXPECT_EQ(scheduler.RunOnce(kStart), 1);
  EXPECT_EQ(scheduler.RunOnce(kStart + 30), 0);
  EXPECT_EQ(scheduler.RunOnce(kStart + 60), 1);
  EXPECT_EQ(runs, 2);
  auto status = scheduler.RunNow("flaky", kStart + 61);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::kUnavailable);
}

TEST_P(SchedulerTest, RunNowRunsByNameUnderTheLease) {
  Scheduler scheduler(*db_, "a", FixedClock());
  Scheduler other(*db_, "b", FixedClock());
  int runs = 0;
  scheduler.Add("purge", 3600, [&](db::UnixSeconds) { ++runs; });
  other.Add("purge", 3600, [](db::UnixSeconds) {});
  EXPECT_EQ(scheduler.TaskNames(), std::vector<std::string>{"purge"});

  EXPECT_TRUE(scheduler.RunNow("purge", kStart));
  EXPECT_TRUE(scheduler.RunNow("purge", kStart + 1));  // by hand, whatever the schedule
  EXPECT_EQ(runs, 2);

  auto busy = other.RunNow("purge", kStart + 2);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().kind, ErrorKind::kConflict);
  auto unknown = scheduler.RunNow("gibt-es-nicht", kStart);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

TEST_P(SchedulerTest, BackgroundThreadRunsTasksAndStopsPromptly) {
  Scheduler scheduler(*db_, "a", FixedClock(), Scheduler::Options{.tick = std::chrono::milliseconds(20)});
  std::atomic<int> runs{0};
  scheduler.Add("tick", 60, [&](db::UnixSeconds) { ++runs; });
  scheduler.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (runs.load() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(runs.load(), 1);
  now_ += 60;  // the injected clock moves on: the next tick runs the task again
  while (runs.load() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(runs.load(), 2);
  scheduler.Stop();
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return ReadLease(tx, "job:tick"); }));  // released
}

TEST_P(SchedulerTest, StopDoesNotWaitForTheNextTick) {
  Scheduler scheduler(*db_, "a", FixedClock(), Scheduler::Options{.tick = std::chrono::hours(1)});
  scheduler.Add("rare", 3600, [](db::UnixSeconds) {});
  scheduler.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto before = std::chrono::steady_clock::now();
  scheduler.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(1));
}

MW_INSTANTIATE_FOR_ENGINES(SchedulerTest);

}  // namespace
}  // namespace mw::jobs
