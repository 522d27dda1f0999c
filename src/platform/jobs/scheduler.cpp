#include "platform/jobs/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "platform/jobs/lease.hpp"

namespace mw::jobs {

db::UnixSeconds SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {
std::string LeaseName(std::string_view task_name) {
  return "job:" + std::string(task_name);
}

// How many intervals of runs job_run keeps per task (about 1,000 rows per task).
constexpr std::int64_t kRunsKept = 1000;

// When task `name` last started anywhere, if ever (within the kept runs).
std::optional<db::UnixSeconds> LastStart(db::Tx& tx, std::string_view name) {
  auto row = tx.QueryOne("SELECT MAX(started_at) FROM job_run WHERE name = ?", {name});
  return row ? row->OptInt(0) : std::nullopt;
}
}  // namespace

Scheduler::Scheduler(db::Database& db, std::string holder, Clock clock)
    : Scheduler(db, std::move(holder), std::move(clock), Options{}) {}

Scheduler::Scheduler(db::Database& db, std::string holder, Clock clock, Options options)
    : db_(db), holder_(std::move(holder)), clock_(std::move(clock)), options_(options) {}

Scheduler::~Scheduler() {
  Stop();
}

void Scheduler::Add(std::string name, std::int64_t interval_seconds, TaskFn task, std::int64_t lease_seconds) {
  if (interval_seconds <= 0) throw std::invalid_argument("Scheduler::Add: interval must be positive");
  std::lock_guard lock(run_mutex_);
  for (const Task& existing : tasks_) {
    if (existing.name == name) throw std::invalid_argument("Scheduler::Add: duplicate task " + name);
  }
  if (lease_seconds <= 0) lease_seconds = 2 * interval_seconds + 60;
  tasks_.push_back(Task{std::move(name), interval_seconds, lease_seconds, std::move(task)});
}

void Scheduler::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  ReleaseLeases();
}

void Scheduler::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      RunOnce(clock_());
    } catch (const std::exception& e) {
      spdlog::error("scheduler: {}", e.what());
    }
    lock.lock();
    wake_.wait_for(lock, options_.tick, [this] { return stopping_; });
  }
}

int Scheduler::RunOnce(db::UnixSeconds now) {
  std::lock_guard lock(run_mutex_);
  int run = 0;
  for (Task& task : tasks_) {
    if (task.next_due != 0 && now < task.next_due) continue;
    bool failed = false;
    try {
      if (RunTask(task, now, /*by_hand=*/false, failed) == Outcome::kRan) ++run;
    } catch (const std::exception& e) {
      // The lease could not be taken or the run not recorded (database unavailable): try again at the next tick.
      spdlog::error("scheduler: lease for job {} failed: {}", task.name, e.what());
    }
  }
  return run;
}

Status Scheduler::RunNow(std::string_view name, db::UnixSeconds now) {
  std::lock_guard lock(run_mutex_);
  for (Task& task : tasks_) {
    if (task.name != name) continue;
    bool failed = false;
    if (RunTask(task, now, /*by_hand=*/true, failed) != Outcome::kRan) {
      return Fail(ErrorKind::kConflict, "Die Aufgabe „" + task.name +
                                            "“ läuft gerade in einem anderen Prozess. Bitte später erneut versuchen.");
    }
    if (failed) {
      return Fail(ErrorKind::kUnavailable, "Die Aufgabe „" + task.name +
                                               "“ ist mit einem Fehler abgebrochen; Einzelheiten stehen im Protokoll.");
    }
    return Ok{};
  }
  return Fail(ErrorKind::kNotFound, "Eine Aufgabe „" + std::string(name) + "“ gibt es nicht.");
}

std::vector<std::string> Scheduler::TaskNames() const {
  std::lock_guard lock(run_mutex_);
  std::vector<std::string> names;
  for (const Task& task : tasks_) names.push_back(task.name);
  return names;
}

Scheduler::Outcome Scheduler::RunTask(Task& task, db::UnixSeconds now, bool by_hand, bool& failed) {
  const std::string lease = LeaseName(task.name);
  struct Claim {
    Outcome outcome = Outcome::kBusy;
    std::optional<db::UnixSeconds> last_start;
    std::int64_t run_id = 0;
  };
  // One transaction: the lease, the check that no run started within the interval, and the record of this run. A
  // process that takes the lease after this commit sees the run and finds the task not due.
  Claim claim = db_.Write([&](db::Tx& tx) {
    Claim result;
    const bool acquired = TryAcquireLease(tx, lease, holder_, now, task.lease_seconds);
    result.last_start = LastStart(tx, task.name);
    if (!acquired) return result;
    if (!by_hand && result.last_start && now < *result.last_start + task.interval_seconds) {
      ReleaseLease(tx, lease, holder_);
      result.outcome = Outcome::kNotDue;
      return result;
    }
    result.run_id = tx.QueryOne(
                          "INSERT INTO job_run (name, holder, interval_seconds, started_at) VALUES (?, ?, ?, ?) "
                          "RETURNING id",
                          {task.name, holder_, task.interval_seconds, now})
                        ->Int(0);
    tx.Exec("DELETE FROM job_run WHERE name = ? AND started_at < ?",
            {task.name, now - kRunsKept * task.interval_seconds});
    result.outcome = Outcome::kRan;
    return result;
  });
  if (claim.outcome != Outcome::kRan) {
    // Running elsewhere or run recently: look again when the last run's interval has passed (at the next tick if
    // that is already the case, i.e. a process died in the middle of the run and its lease has not expired yet).
    task.next_due = claim.last_start ? std::max(*claim.last_start + task.interval_seconds, now + 1) : now + 1;
    return claim.outcome;
  }
  task.holds_lease = true;
  task.next_due = now + task.interval_seconds;
  try {
    task.fn(now);
  } catch (const std::exception& e) {
    failed = true;
    spdlog::error("job {} failed: {}", task.name, e.what());
  } catch (...) {
    failed = true;
    spdlog::error("job {} failed with an unknown exception", task.name);
  }
  try {
    db_.Write([&](db::Tx& tx) {
      tx.Exec("UPDATE job_run SET finished_at = ? WHERE id = ?", {std::max(clock_(), now), claim.run_id});
      ReleaseLease(tx, lease, holder_);
    });
    task.holds_lease = false;
  } catch (const std::exception& e) {
    spdlog::warn("scheduler: could not record the end of job {}: {}", task.name, e.what());
  }
  return Outcome::kRan;
}

void Scheduler::ReleaseLeases() {
  std::lock_guard lock(run_mutex_);
  for (Task& task : tasks_) {
    if (!task.holds_lease) continue;
    try {
      db_.Write([&](db::Tx& tx) { ReleaseLease(tx, LeaseName(task.name), holder_); });
      task.holds_lease = false;
    } catch (const std::exception& e) {
      spdlog::warn("scheduler: could not release lease for job {}: {}", task.name, e.what());
    }
  }
}

}  // namespace mw::jobs
