#include "platform/limits/rate_limit.hpp"

#include <charconv>

namespace mw::limits {
namespace {

// A whole number in [low, high] filling all of `text`, or nullopt.
std::optional<int> Number(std::string_view text, int low, int high) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
  return value;
}

}  // namespace

Result<Rules> ParseRules(std::string_view text) {
  Rules rules;
  if (text.empty()) return rules;
  for (bool more = true; more;) {
    std::size_t comma = text.find(',');
    more = comma != std::string_view::npos;
    std::string_view part = text.substr(0, comma);
    text = more ? text.substr(comma + 1) : std::string_view();
    std::size_t equals = part.find('=');
    std::size_t slash = part.find('/');
    std::string_view kind = part.substr(0, equals);
    const std::string wrong =
        "Ungültige Regel „" + std::string(part) + "“: erwartet wird Art=Anzahl/Sekunden, z. B. login-ip=50/600.";
    if (equals == std::string_view::npos || slash == std::string_view::npos || slash < equals || kind.empty() ||
        kind.find(':') != std::string_view::npos) {
      return Fail(ErrorKind::kInvalid, wrong);
    }
    auto limit = Number(part.substr(equals + 1, slash - equals - 1), 1, 10'000'000);
    auto window = Number(part.substr(slash + 1), 1, 86'400);
    if (!limit || !window) return Fail(ErrorKind::kInvalid, wrong);
    rules.insert_or_assign(std::string(kind), Rule{.limit = *limit, .window_seconds = *window});
  }
  return rules;
}

Rule RateLimiter::RuleFor(std::string_view bucket, Rule fallback) const {
  auto found = options_.rules.find(bucket.substr(0, bucket.find(':')));
  return found == options_.rules.end() ? fallback : found->second;
}

bool RateLimiter::Allow(const std::string& bucket, Rule rule, db::UnixSeconds now) {
  if (!options_.enabled) return true;
  rule = RuleFor(bucket, rule);
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
  rule = RuleFor(bucket, rule);
  db::UnixSeconds window_start = now - now % rule.window_seconds;
  auto row = db_.Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT hits FROM rate_limit WHERE bucket = ? AND window_start = ?", {bucket, window_start});
  });
  return row && row->Int(0) >= rule.limit;
}

void RateLimiter::Clear(db::Tx& tx, std::string_view bucket) {
  tx.Exec("DELETE FROM rate_limit WHERE bucket = ?", {std::string(bucket)});
}

void RateLimiter::Purge(db::Tx& tx, db::UnixSeconds now) {
  tx.Exec("DELETE FROM rate_limit WHERE window_start < ?", {now - 86400});
}

}  // namespace mw::limits
