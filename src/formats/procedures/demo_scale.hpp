// Demo data at the size of a Land (`mitwirken demo --scale …`): thousands of generated procedures of every type in
// given tenants, spread over phases and dates (past, running, future), each with a small PDF, and hundreds of
// thousands of statements with German texts of varied length, part of them in the case workers' work. Deterministic:
// the same input and seed give the same data. Statements are written in large batches (multi-row INSERTs in
// transactions of thousands of rows) rather than one Submit each; procedures and documents go through the store.
//
//   procedures::ScaleDemo input{.tenants = tenants, .procedures = 5'600, .statements = 500'000, .seed = 7};
//   auto made = procedures::LoadScaleDemo(db, now, "https://beteiligung.example", input);
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {

struct ScaleDemo {
  std::vector<tenancy::Tenant> tenants;                 // where to put procedures (not empty)
  std::map<std::int64_t, std::int64_t> case_workers;    // tenant id → a case worker's user id (work assignments)
  std::int64_t procedures = 0;
  std::int64_t statements = 0;
  std::uint64_t seed = 1;
};

struct ScaleDemoMade {
  std::int64_t procedures = 0;
  std::int64_t documents = 0;
  std::int64_t statements = 0;
};

// Generates the procedures, documents and statements. `base_url`: the portal's address for the frozen announcements.
ScaleDemoMade LoadScaleDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url, const ScaleDemo& input);

}  // namespace mw::procedures
