-- One row per run of a periodic job (src/platform/jobs/scheduler.hpp), written by the process that runs it in the
-- transaction that takes the job's lease. It makes "once per interval" a property of the installation rather than of
-- one process: a process that takes a job over (after a restart, a crash or a graceful stop of the previous holder)
-- sees when it last ran anywhere. It is also the record that shows each job ran once per interval across the nodes.
-- finished_at stays NULL for a run whose process died. The scheduler keeps the newest 1,000 runs of each job.
CREATE TABLE job_run (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  name             TEXT NOT NULL,
  holder           TEXT NOT NULL,
  interval_seconds INTEGER NOT NULL,
  started_at       INTEGER NOT NULL,
  finished_at      INTEGER
);
CREATE INDEX job_run_by_name ON job_run (name, started_at);
