#include "platform/limits/rate_limit.hpp"

namespace mw::limits {

bool RateLimiter::Allow(const std::string& bucket, Rule rule, db::UnixSeconds now) {
  if (!options_.enabled) return true;
  db::UnixSeconds window_start = now - now % rule.window_seconds;
  std::int64_t hits = db_.Write([&](db::Tx& tx) {
    return tx
        .QueryOne(
            "INSERT INTO rate_limit (bucket, window_start, hits) VALUES (?, ?, 1) "
            "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit.hits + 1 RETURNING hits",
            {bucket, window_start})
        ->Int(0);
  });
  return hits <= rule.limit;
}

bool RateLimiter::IsBlocked(const std::string& bucket, Rule rule, db::UnixSeconds now) {
  if (!options_.enabled) return false;
  db::UnixSeconds window_start = now - now % rule.window_seconds;
  auto row = db_.Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT hits FROM rate_limit WHERE bucket = ? AND window_start = ?", {bucket, window_start});
  });
  return row && row->Int(0) >= rule.limit;
}

void RateLimiter::Purge(db::Tx& tx, db::UnixSeconds now) {
  tx.Exec("DELETE FROM rate_limit WHERE window_start < ?", {now - 86400});
}

}  // namespace mw::limits
