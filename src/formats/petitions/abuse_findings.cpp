#include "formats/petitions/abuse_findings.hpp"

#include <algorithm>
#include <map>

namespace mw::petitions {
namespace {

bool AtLeastShare(std::int64_t part, std::int64_t whole, int percent) {
  return whole > 0 && part * 100 >= whole * static_cast<std::int64_t>(percent);
}

}  // namespace

std::vector<Finding> FindUnusual(const SignatureOverview& overview, db::UnixSeconds now, const FindingRules& rules) {
  std::vector<Finding> out;
  std::map<db::UnixSeconds, std::int64_t> hour_totals;
  for (const auto& hour : overview.by_hour) hour_totals[hour.hour] = hour.counts.total();
  const std::int64_t all = overview.selected.total();
  const auto hours = static_cast<std::int64_t>(overview.hours.size());

  for (const auto& hour : overview.by_hour) {
    const std::int64_t total = hour.counts.total();
    // The other hours with signatures, on average: the hour itself would lift the average it is compared with.
    if (hours > 1 && total >= rules.min_busy_hour) {
      const std::int64_t others = std::max<std::int64_t>(all - total, 0);
      if (total * (hours - 1) >= rules.busy_factor * others) {
        out.push_back({.kind = Finding::Kind::kBusyHour,
                       .group = hour,
                       .hour_total = total,
                       .usual = (others + (hours - 1) / 2) / (hours - 1)});
      }
    }
    const bool settled = hour.hour + 3600 + rules.confirm_grace <= now;
    if (settled && total >= rules.min_group &&
        AtLeastShare(hour.counts.pending, total, rules.unconfirmed_share_percent)) {
      out.push_back({.kind = Finding::Kind::kUnconfirmed, .group = hour, .hour_total = total});
    }
  }
  auto one_source = [&](const std::vector<SignatureGroup>& groups, Finding::Kind kind, int percent) {
    for (const auto& group : groups) {
      if (group.key.empty() || group.counts.total() < rules.min_group) continue;
      auto hour_total = hour_totals.find(group.hour);
      // An hour not among the listed ones is smaller than every listed hour: its share cannot be told; the group
      // itself is then the hour's largest known part and not reported.
      if (hour_total == hour_totals.end()) continue;
      if (AtLeastShare(group.counts.total(), hour_total->second, percent)) {
        out.push_back({.kind = kind, .group = group, .hour_total = hour_total->second});
      }
    }
  };
  one_source(overview.by_prefix, Finding::Kind::kOneNetwork, rules.network_share_percent);
  one_source(overview.by_domain, Finding::Kind::kOneDomain, rules.domain_share_percent);

  std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
    return a.group.counts.total() > b.group.counts.total();
  });
  if (out.size() > rules.max_findings) out.resize(rules.max_findings);
  return out;
}

}  // namespace mw::petitions
