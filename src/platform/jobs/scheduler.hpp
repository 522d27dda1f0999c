// Periodic background jobs that run once per interval across all server processes sharing one database.
//
//   mw::jobs::Scheduler scheduler(db, mw::jobs::MakeHolderId(), [] { return mw::jobs::SystemNow(); });
//   scheduler.Add("purge-sessions", 600, [&](mw::db::UnixSeconds now) { PurgeSessions(db, now); });
//   scheduler.Start();   // background thread
//   ...
//   scheduler.Stop();    // joins promptly
//
// Each task runs only in the process that holds its lease (table job_lease). The holder keeps the lease as long as
// it keeps running the task (the lease lasts 2 * interval + 60 s and is renewed at every run), so the task stays with
// one process and runs once per interval; when that process stops (Stop releases its leases) or dies (the lease
// expires), another one takes over. A task that throws is logged and scheduled again as usual.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::jobs {

using Clock = std::function<db::UnixSeconds()>;
using TaskFn = std::function<void(db::UnixSeconds now)>;

// The system clock in Unix seconds; for the outermost layer only.
db::UnixSeconds SystemNow();

class Scheduler {
 public:
  struct Options {
    // How often the background thread looks for due tasks.
    std::chrono::milliseconds tick{1000};
  };

  // `db` must outlive the scheduler. `holder` identifies this process (see MakeHolderId).
  Scheduler(db::Database& db, std::string holder, Clock clock);
  Scheduler(db::Database& db, std::string holder, Clock clock, Options options);
  ~Scheduler();  // Stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Registers a task that is due at the first run and then every `interval_seconds` (> 0). The lease lasts
  // `lease_seconds` (0: 2 * interval + 60), which must exceed the task's longest run. Names are unique; register
  // before Start().
  void Add(std::string name, std::int64_t interval_seconds, TaskFn task, std::int64_t lease_seconds = 0);

  // Starts the background thread, which calls RunOnce(clock()) every tick.
  void Start();
  // Stops and joins the background thread (waits for a running task to finish) and releases the held leases.
  // Idempotent.
  void Stop();

  // Runs every task that is due at `now` and whose lease this holder gets; a task whose lease another holder has is
  // tried again an interval later. Returns the number of tasks run (including those that threw). For tests; the
  // background thread uses it too. Not to be called concurrently with itself.
  int RunOnce(db::UnixSeconds now);

  // Runs task `name` at once whatever its schedule, still only under its lease (for the command line). Errors:
  // kNotFound for an unknown task, kConflict if another process holds the lease, kUnavailable if the task threw.
  Status RunNow(std::string_view name, db::UnixSeconds now);

  // Names of the registered tasks, in order of registration.
  std::vector<std::string> TaskNames() const;

  const std::string& holder() const { return holder_; }

 private:
  struct Task {
    std::string name;
    std::int64_t interval_seconds;
    std::int64_t lease_seconds;
    TaskFn fn;
    db::UnixSeconds next_due = 0;  // 0: due at once
    bool holds_lease = false;
  };
  // Takes the lease and runs the task; false if the lease is held elsewhere. Exceptions of the task are logged and
  // reported through `failed`.
  bool RunTask(Task& task, db::UnixSeconds now, bool& failed);
  void ReleaseLeases();
  void Loop();

  db::Database& db_;
  const std::string holder_;
  const Clock clock_;
  const Options options_;

  mutable std::mutex run_mutex_;  // serialises RunOnce/RunNow between the thread and callers
  std::vector<Task> tasks_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace mw::jobs
