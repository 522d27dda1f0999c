#include "platform/jobs/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ostream>
#include <stdexcept>
#include <string_view>
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

// The runs recorded in job_run for `name`: (holder, started_at, finished_at or -1), oldest first.
struct RecordedRun {
  std::string holder;
  db::UnixSeconds started_at = 0;
  db::UnixSeconds finished_at = -1;
  bool operator==(const RecordedRun&) const = default;
  friend std::ostream& operator<<(std::ostream& out, const RecordedRun& run) {
    return out << run.holder << " " << run.started_at << "–" << run.finished_at;
  }
};
std::vector<RecordedRun> RecordedRuns(db::Database& db, std::string_view name) {
  return db.Read([&](db::Tx& tx) {
    std::vector<RecordedRun> runs;
    for (const auto& row :
         tx.Query("SELECT holder, started_at, finished_at FROM job_run WHERE name = ? ORDER BY id", {name})) {
      runs.push_back({row.Text(0), row.Int(1), row.OptInt(2).value_or(-1)});
    }
    return runs;
  });
}

TEST_P(SchedulerTest, ATaskRunsOncePerIntervalAcrossProcesses) {
  // Two server processes with the same task on one database, ticking at the same moments.
  Scheduler first(*db_, "process-1", FixedClock());
  Scheduler second(*db_, "process-2", FixedClock());
  int first_runs = 0;
  int second_runs = 0;
  first.Add("purge", 60, [&](db::UnixSeconds) { ++first_runs; });
  second.Add("purge", 60, [&](db::UnixSeconds) { ++second_runs; });

  for (db::UnixSeconds t = kStart; t < kStart + 600; t += 10) {
    first.RunOnce(t);
    second.RunOnce(t);
    second.RunOnce(t + 5);  // the second process ticks in between, too
  }
  EXPECT_EQ(first_runs + second_runs, 10);  // once per minute in all
  auto runs = RecordedRuns(*db_, "purge");
  ASSERT_EQ(runs.size(), 10u);
  for (std::size_t index = 1; index < runs.size(); ++index) {
    EXPECT_EQ(runs[index].started_at - runs[index - 1].started_at, 60) << "run " << index;
  }
  EXPECT_EQ(runs.front().finished_at, kStart) << "the end of each run is recorded";
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return ReadLease(tx, "job:purge"); })) << "no lease between runs";
}

// A process that starts (or restarts, or takes over) does not run a task that ran elsewhere within the interval.
TEST_P(SchedulerTest, ANewProcessDoesNotRunATaskThatRanWithinTheInterval) {
  int runs = 0;
  {
    Scheduler first(*db_, "process-1", FixedClock());
    first.Add("hourly", 3600, [&](db::UnixSeconds) { ++runs; });
    EXPECT_EQ(first.RunOnce(kStart), 1);
    first.Stop();  // a graceful restart
  }
  Scheduler restarted(*db_, "process-1b", FixedClock());
  restarted.Add("hourly", 3600, [&](db::UnixSeconds) { ++runs; });
  EXPECT_EQ(restarted.RunOnce(kStart + 10), 0);
  EXPECT_EQ(restarted.RunOnce(kStart + 3599), 0);
  EXPECT_EQ(restarted.RunOnce(kStart + 3600), 1);
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(RecordedRuns(*db_, "hourly"),
            (std::vector<RecordedRun>{{"process-1", kStart, kStart}, {"process-1b", kStart + 3600, kStart + 3600}}));
}

// A process killed in the middle of a run leaves its lease (and an unfinished run): nobody runs the task until the
// lease expires, then another process does. One killed between runs holds nothing.
TEST_P(SchedulerTest, AProcessKilledInARunBlocksTheTaskUntilItsLeaseExpires) {
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(TryAcquireLease(tx, "job:purge", "killed", kStart, 180));
    tx.Exec("INSERT INTO job_run (name, holder, interval_seconds, started_at) VALUES ('purge', 'killed', 60, ?)",
            {kStart});
  });
  Scheduler survivor(*db_, "survivor", FixedClock());
  int runs = 0;
  survivor.Add("purge", 60, [&](db::UnixSeconds) { ++runs; });
  EXPECT_EQ(survivor.RunOnce(kStart + 1), 0);
  EXPECT_EQ(survivor.RunOnce(kStart + 60), 0);
  EXPECT_EQ(survivor.RunOnce(kStart + 179), 0);
  EXPECT_EQ(survivor.RunOnce(kStart + 180), 1);
  EXPECT_EQ(runs, 1);
  auto recorded = RecordedRuns(*db_, "purge");
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0].finished_at, -1) << "the killed run never finished";
  EXPECT_EQ(recorded[1].holder, "survivor");
}

TEST_P(SchedulerTest, OnlyTheNewestThousandIntervalsOfRunsAreKept) {
  db_->Write([&](db::Tx& tx) {  // 1,100 runs of an every-second job, one a second
    for (db::UnixSeconds t = kStart; t < kStart + 1100; ++t) {
      tx.Exec(
          "INSERT INTO job_run (name, holder, interval_seconds, started_at, finished_at) "
          "VALUES ('often', 'a', 1, ?, ?)",
          {t, t});
    }
  });
  Scheduler scheduler(*db_, "a", FixedClock());
  scheduler.Add("often", 1, [](db::UnixSeconds) {});
  EXPECT_EQ(scheduler.RunOnce(kStart + 1100), 1);
  auto runs = RecordedRuns(*db_, "often");
  ASSERT_FALSE(runs.empty());
  EXPECT_EQ(runs.size(), 1001u);
  EXPECT_EQ(runs.front().started_at, kStart + 100);
  EXPECT_EQ(runs.back().started_at, kStart + 1100);
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
  int runs = 0;
  scheduler.Add("purge", 3600, [&](db::UnixSeconds) { ++runs; });
  EXPECT_EQ(scheduler.TaskNames(), std::vector<std::string>{"purge"});

  EXPECT_TRUE(scheduler.RunNow("purge", kStart));
  EXPECT_TRUE(scheduler.RunNow("purge", kStart + 1));  // by hand, whatever the schedule
  EXPECT_EQ(runs, 2);

  EXPECT_EQ(RecordedRuns(*db_, "purge").size(), 2u);

  // While another process runs it (holds its lease), it cannot be run by hand here.
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(TryAcquireLease(tx, "job:purge", "b", kStart + 2, 60)); });
  auto busy = scheduler.RunNow("purge", kStart + 2);
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
  EXPECT_EQ(RecordedRuns(*db_, "tick").size(), 2u);
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
