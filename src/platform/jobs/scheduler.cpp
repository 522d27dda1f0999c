#include "platform/jobs/scheduler.hpp"

#include <chrono>
#include <exception>
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
      if (RunTask(task, now, failed)) ++run;
    } catch (const std::exception& e) {
      // The lease could not be taken (database unavailable): try again at the next tick.
      spdlog::error("scheduler: lease for job {} failed: {}", task.name, e.what());
      continue;
    }
    task.next_due = now + task.interval_seconds;
  }
  return run;
}

Status Scheduler::RunNow(std::string_view name, db::UnixSeconds now) {
  std::lock_guard lock(run_mutex_);
  for (Task& task : tasks_) {
    if (task.name != name) continue;
    bool failed = false;
    if (!RunTask(task, now, failed)) {
      return Fail(ErrorKind::kConflict, "Die Aufgabe „" + task.name +
                                            "“ läuft gerade in einem anderen Prozess. Bitte später erneut versuchen.");
    }
    task.next_due = now + task.interval_seconds;
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

bool Scheduler::RunTask(Task& task, db::UnixSeconds now, bool& failed) {
  bool acquired = db_.Write(
      [&](db::Tx& tx) { return TryAcquireLease(tx, LeaseName(task.name), holder_, now, task.lease_seconds); });
  task.holds_lease = acquired;
  if (!acquired) return false;
  try {
    task.fn(now);
  } catch (const std::exception& e) {
    failed = true;
    spdlog::error("job {} failed: {}", task.name, e.what());
  } catch (...) {
    failed = true;
    spdlog::error("job {} failed with an unknown exception", task.name);
  }
  return true;
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
