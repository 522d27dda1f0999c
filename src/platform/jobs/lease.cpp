#include "platform/jobs/lease.hpp"

#include <unistd.h>

#include <array>
#include <random>

#include <fmt/format.h>

namespace mw::jobs {

bool TryAcquireLease(db::Tx& tx, std::string_view name, std::string_view holder, db::UnixSeconds now,
                     std::int64_t ttl_seconds) {
  // The conflict branch updates only if the lease is ours or expired; otherwise no row is returned. Both engines
  // lock the conflicting row, so two processes racing for a free or expired lease cannot both win.
  auto row = tx.QueryOne(
      "INSERT INTO job_lease (name, holder, expires_at) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
      "WHERE job_lease.holder = excluded.holder OR job_lease.expires_at <= ? "
      "RETURNING holder",
      {name, holder, now + ttl_seconds, now});
  return row.has_value() && row->Text(0) == holder;
}

void ReleaseLease(db::Tx& tx, std::string_view name, std::string_view holder) {
  tx.Exec("DELETE FROM job_lease WHERE name = ? AND holder = ?", {name, holder});
}

std::optional<LeaseInfo> ReadLease(db::Tx& tx, std::string_view name) {
  auto row = tx.QueryOne("SELECT holder, expires_at FROM job_lease WHERE name = ?", {name});
  if (!row) return std::nullopt;
  return LeaseInfo{row->Text(0), row->Int(1)};
}

std::string MakeHolderId() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device random;
  std::uint64_t nonce = (static_cast<std::uint64_t>(random()) << 32) ^ random();
  return fmt::format("{}:{}:{:016x}", host[0] ? host.data() : "unknown", static_cast<long>(getpid()), nonce);
}

}  // namespace mw::jobs
