// Demo data at the size of a Land (`mitwirken demo --scale …`): thousands of generated petitions in given tenants,
// in every state of their life, and millions of confirmed signatures, folded into the shown counts by the format's own
// FoldCounts. Deterministic: the same input and seed give the same data. Petitions go through the store's steps;
// signatures are written in large batches (multi-row INSERTs, transactions of many thousand rows).
//
//   petitions::ScaleDemo input{.tenant_ids = ids, .initiator_ids = users, .petitions = 2'000,
//                              .signatures = 3'000'000, .seed = 7};
//   auto made = petitions::LoadScaleDemo(db, now, input);
#pragma once

#include <cstdint>
#include <vector>

#include "platform/db/database.hpp"

namespace mw::petitions {

struct ScaleDemo {
  std::vector<std::int64_t> tenant_ids;     // where to put petitions (not empty)
  std::vector<std::int64_t> initiator_ids;  // confirmed accounts that start them (not empty)
  std::int64_t petitions = 0;
  std::int64_t signatures = 0;              // confirmed signatures in all
  std::uint64_t seed = 1;
};

struct ScaleDemoMade {
  std::int64_t petitions = 0;
  std::int64_t signatures = 0;  // written and folded
};

ScaleDemoMade LoadScaleDemo(db::Database& db, db::UnixSeconds now, const ScaleDemo& input);

}  // namespace mw::petitions
