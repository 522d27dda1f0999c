// What looks unusual in a petition's signatures, for its moderators in words rather than only in tables of hours,
// domains and "/24" networks (#14 item 11). Pure: it reads a SignatureOverview (abuse_store.hpp) and "now", nothing
// else. A finding is a hint for a person to look at a group, never a verdict: nothing is invalidated because of it.
//
//   auto findings = FindUnusual(overview, now);
//   for (const auto& finding : findings) ...  // the page says each in a sentence and links to its group
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/petitions/abuse_store.hpp"

namespace mw::petitions {

struct Finding {
  enum class Kind {
    kBusyHour,     // an hour with many times the signatures of the petition's other hours
    kOneNetwork,   // most of an hour's signatures came from one network (IPv4 /24, IPv6 /48)
    kOneDomain,    // nearly all of an hour's signatures use addresses of one e-mail domain
    kUnconfirmed,  // nearly all signatures of an hour are still unconfirmed a day later
  };
  Kind kind = Kind::kBusyHour;
  SignatureGroup group;          // the hour, and the network or domain (key) for kOneNetwork and kOneDomain
  std::int64_t hour_total = 0;   // every signature of that hour (kOneNetwork, kOneDomain)
  std::int64_t usual = 0;        // kBusyHour: the signatures of an average other hour with signatures (rounded)
};

// When a group counts as unusual. The defaults suit a petition of a town or a Land; they are deliberately not
// sensitive: moderators are to look at few groups, each worth it.
struct FindingRules {
  std::int64_t min_busy_hour = 20;     // kBusyHour: at least this many in the hour ...
  std::int64_t busy_factor = 5;        // ... and this many times an average other hour
  std::int64_t min_group = 10;         // kOneNetwork, kOneDomain, kUnconfirmed: at least this many in the group
  int network_share_percent = 50;      // kOneNetwork: at least this share of the hour
  int domain_share_percent = 80;       // kOneDomain: at least this share of the hour (big providers reach 30–40 %)
  int unconfirmed_share_percent = 80;  // kUnconfirmed: at least this share still pending ...
  std::int64_t confirm_grace = 24 * 3600;  // ... this long after the hour ended
  std::size_t max_findings = 10;
};

// The findings in `overview`, the largest groups first, at most rules.max_findings.
std::vector<Finding> FindUnusual(const SignatureOverview& overview, db::UnixSeconds now,
                                 const FindingRules& rules = {});

}  // namespace mw::petitions
