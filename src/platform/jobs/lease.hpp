// Leases: the right of one process to run a named job for a while. Several `serve` processes share one database;
// a job that must run once per interval (purges, availability checks) runs only in the process that holds its lease.
//
//   bool mine = db.Write([&](mw::db::Tx& tx) {
//     return mw::jobs::TryAcquireLease(tx, "purge-sessions", holder, now, 120);
//   });
//   if (mine) PurgeSessions(db, now);
//
// A lease is held until expires_at (exclusive). The holder extends it by acquiring again; nobody else can take it
// before it expires. Leases rely on the clocks of the processes agreeing to within a few seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/db/database.hpp"

namespace mw::jobs {

// Takes lease `name` for `holder` until now + ttl_seconds if it is free, expired or already held by `holder` (then
// it is extended). Returns false if another holder has it. Needs table job_lease (migration 0002). Atomic on both
// engines: one statement (INSERT ... ON CONFLICT DO UPDATE ... WHERE).
bool TryAcquireLease(db::Tx& tx, std::string_view name, std::string_view holder, db::UnixSeconds now,
                     std::int64_t ttl_seconds);

// Gives lease `name` up if `holder` holds it, so that another process may take it at once. No-op otherwise.
void ReleaseLease(db::Tx& tx, std::string_view name, std::string_view holder);

struct LeaseInfo {
  std::string holder;
  db::UnixSeconds expires_at = 0;
};

// The current record of lease `name` (possibly expired), for status pages and tests.
std::optional<LeaseInfo> ReadLease(db::Tx& tx, std::string_view name);

// An identifier for this process as a lease holder: "hostname:pid:random". Unique across processes and restarts.
std::string MakeHolderId();

}  // namespace mw::jobs
