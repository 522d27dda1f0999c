// Rate limits shared by all server processes: fixed-window counters in the database, keyed by a bucket name such as
// "login-ip:203.0.113.7" or "login-account:anna@example.org". A whole town hall may share one IP address, so limits
// per IP are generous and limits per account are strict.
//
//   limits::RateLimiter limiter(db, {.enabled = true});
//   if (!limiter.Allow("register-ip:" + ip, {.limit = 10, .window_seconds = 3600}, now)) return TooManyRequests();
//
// The caller names the default rule; an installation may replace it per kind of bucket (the part before ':'):
//   auto rules = limits::ParseRules("petition-sign-ip=1000/600,login-ip=100/600");   // serve --rate-limit-rules
//   limits::RateLimiter limiter(db, {.enabled = true, .rules = *rules});
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::limits {

struct Rule {
  int limit = 10;
  int window_seconds = 600;
};

// Rules by kind of bucket ("login-ip").
using Rules = std::map<std::string, Rule, std::less<>>;

// "kind=limit/seconds" separated by commas, e.g. "petition-sign-ip=1000/600,login-ip=100/600"; empty text gives no
// rules. kInvalid with a German message naming the part that is wrong (limit 1..10,000,000, window 1..86,400 s).
Result<Rules> ParseRules(std::string_view text);

class RateLimiter {
 public:
  struct Options {
    bool enabled = true;  // `serve --rate-limits off` for benchmarks on loopback
    Rules rules;          // replace the callers' rules by kind of bucket (`serve --rate-limit-rules`)
  };
  RateLimiter(db::Database& db, Options options) : db_(db), options_(options) {}

  // Counts one hit in `bucket` and says whether it is within the rule.
  bool Allow(const std::string& bucket, Rule rule, db::UnixSeconds now);
  // Whether `bucket` is already over the rule, without counting a hit (e.g. failed logins only count on failure).
  bool IsBlocked(const std::string& bucket, Rule rule, db::UnixSeconds now);
  // Lifts `bucket`: forgets its hits in every window (e.g. an account's login lock, after the owner proved control
  // of the mailbox). Runs inside the caller's transaction.
  static void Clear(db::Tx& tx, std::string_view bucket);
  // Removes windows older than a day (a periodic job).
  static void Purge(db::Tx& tx, db::UnixSeconds now);

  bool enabled() const { return options_.enabled; }
  // The rule that holds for `bucket`: the installation's for its kind, or `fallback`.
  Rule RuleFor(std::string_view bucket, Rule fallback) const;

 private:
  db::Database& db_;
  Options options_;
};

}  // namespace mw::limits
