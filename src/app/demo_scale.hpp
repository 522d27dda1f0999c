// Demo data at the size of a Land (`mitwirken demo --scale land`): generated tenants (a Land, its
// Bezirksregierungen, Kreise and Gemeinden with made-up German names), a case worker per tenant, and each format's
// scale generator on top. For load tests of the pages on realistic amounts of data; deterministic (fixed seed).
//
//   auto scale = app::ParseScale("land");           // or "small", or a factor such as "0.05"
//   auto counts = app::LoadScaleDemo(db, now, base_url, *scale, std::cout);
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string_view>

#include "platform/db/database.hpp"

namespace mw::app {

// The sizes generated. kLand: like North Rhine-Westphalia's reuse of the portal software.
struct ScaleCounts {
  std::int64_t tenants = 0;
  std::int64_t procedures = 0;
  std::int64_t statements = 0;
  std::int64_t petitions = 0;
  std::int64_t signatures = 0;
};
inline constexpr ScaleCounts kLandScale{
    .tenants = 260, .procedures = 5'600, .statements = 500'000, .petitions = 2'000, .signatures = 3'000'000};

// "land" (factor 1), "small" (factor 0.01), or a factor in (0, 1]: every count times the factor, at least enough for
// one tenant of every kind, every procedure type and every petition state. nullopt for anything else.
std::optional<ScaleCounts> ParseScale(std::string_view text);

// Generates an installation of `counts` on top of whatever the database holds, and reports progress with the time of
// each part to `log`. The generated Land is "Nordrhein-Westfalen" (slug "nrw"); if it exists, nothing is generated
// (returns the zero counts). The case workers' accounts (sachbearbeitung@<slug>.example) and the platform
// administrator (admin@mitwirken.example, if missing) have kDemoPassword.
ScaleCounts LoadScaleDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url, const ScaleCounts& counts,
                          std::ostream& log);

}  // namespace mw::app
