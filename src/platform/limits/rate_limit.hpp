// Rate limits shared by all server processes: fixed-window counters in the database, keyed by a bucket name such as
// "login-ip:203.0.113.7" or "login-account:anna@example.org". A whole town hall may share one IP address, so limits
// per IP are generous and limits per account are strict.
//
//   limits::RateLimiter limiter(db, {.enabled = true});
//   if (!limiter.Allow("register-ip:" + ip, {.limit = 10, .window_seconds = 3600}, now)) return TooManyRequests();
#pragma once

#include <string>

#include "platform/db/database.hpp"

namespace mw::limits {

struct Rule {
  int limit = 10;
  int window_seconds = 600;
};

class RateLimiter {
 public:
  struct Options {
    bool enabled = true;  // `serve --rate-limits off` for benchmarks on loopback
  };
  RateLimiter(db::Database& db, Options options) : db_(db), options_(options) {}

  // Counts one hit in `bucket` and says whether it is within the rule.
  bool Allow(const std::string& bucket, Rule rule, db::UnixSeconds now);
  // Whether `bucket` is already over the rule, without counting a hit (e.g. failed logins only count on failure).
  bool IsBlocked(const std::string& bucket, Rule rule, db::UnixSeconds now);
  // Removes windows older than a day (a periodic job).
  static void Purge(db::Tx& tx, db::UnixSeconds now);

  bool enabled() const { return options_.enabled; }

 private:
  db::Database& db_;
  Options options_;
};

}  // namespace mw::limits
