// Periodic background jobs that run once per interval across all server processes sharing one database.
//
//   mw::jobs::Scheduler scheduler(db, mw::jobs::MakeHolderId(), [] { return mw::jobs::SystemNow(); });
//   scheduler.Add("purge-sessions", 600, [&](mw::db::UnixSeconds now) { PurgeSessions(db, now); });
//   scheduler.Start();   // background thread
//   ...
//   scheduler.Stop();    // joins promptly
//
// A task is due when it has not run for an interval anywhere in the installation: each run is recorded in table
// job_run (migration 0017) by the process that runs it, in the transaction that takes the task's lease, so a process
// that starts, restarts or takes over sees when the task last ran on any node. The lease (table job_lease) is held
// only while the task runs: it keeps two processes from running one task at the same time and is released after the
// run. A process that dies in the middle of a run leaves its lease until it expires (lease_seconds, which must exceed
// the longest run); one that dies between runs holds nothing, and the next due run happens on another process. A task
// that throws is logged and scheduled again as usual.
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

  // Registers a task that is due when it has not run anywhere for `interval_seconds` (> 0), so at once if it never
  // ran. The lease lasts `lease_seconds` (0: 2 * interval + 60), which must exceed the task's longest run. Names are
  // unique; register before Start().
  void Add(std::string name, std::int64_t interval_seconds, TaskFn task, std::int64_t lease_seconds = 0);

  // Starts the background thread, which calls RunOnce(clock()) every tick.
  void Start();
  // Stops and joins the background thread (waits for a running task to finish) and releases the held leases.
  // Idempotent.
  void Stop();

  // Runs every task that is due at `now` (no run recorded in the last interval) and whose lease this holder gets; a
  // task that runs elsewhere at the moment is tried again when it is next due. Returns the number of tasks run
  // (including those that threw). For tests; the background thread uses it too. Not to be called concurrently with
  // itself.
  int RunOnce(db::UnixSeconds now);

  // Runs task `name` at once whatever its schedule, still only under its lease, and records the run (for the command
  // line). Errors: kNotFound for an unknown task, kConflict if another process is running it (holds the lease),
  // kUnavailable if the task threw.
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
    db::UnixSeconds next_due = 0;  // when to look again; 0: at once (the database tells whether it is due)
    bool holds_lease = false;      // a lease whose release after a run failed; Stop tries again
  };
  enum class Outcome { kRan, kNotDue, kBusy };
  // Takes the lease, checks (unless `by_hand`) that the task is due installation-wide, records the run, runs the
  // task and releases the lease. Sets task.next_due. Exceptions of the task are logged and reported through
  // `failed`; database errors are thrown.
  Outcome RunTask(Task& task, db::UnixSeconds now, bool by_hand, bool& failed);
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
