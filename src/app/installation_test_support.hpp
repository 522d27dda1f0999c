// What the app's process tests (SIGKILL, several nodes) need in the database before they start servers: a published
// petition and a procedure open for statements, made through the formats' stores as the portal would.
#pragma once

#include <cstdint>

#include <gtest/gtest.h>

#include "formats/petitions/store.hpp"
#include "formats/procedures/store.hpp"
#include "law/date.hpp"
#include "platform/db/database.hpp"

namespace mw::app {

// A petition of `tenant_id` by `initiator_id`, submitted and published; its id.
inline std::int64_t PublishedPetition(db::Tx& tx, std::int64_t tenant_id, std::int64_t initiator_id,
                                      db::UnixSeconds now) {
  auto draft = petitions::CreateDraft(tx, tenant_id, initiator_id,
                                      {.title = "Mehr Radwege", .demand = "Radweg bauen", .justification = "Sicher"}, now);
  EXPECT_TRUE(petitions::SubmitForModeration(tx, draft->id, now).has_value());
  return petitions::Publish(tx, draft->id, now)->id;
}

// A consultation of `tenant_id` (Saxony), published three days ago and open for statements; its id.
inline std::int64_t OpenConsultation(db::Tx& tx, std::int64_t tenant_id, db::UnixSeconds now) {
  law::Date today = procedures::LocalDate(now);
  procedures::ProcedureInput input{.type = procedures::Type::kConsultation,
                                   .title = "Radverkehrsplan",
                                   .description = "Entwurf",
                                   .display_start = law::AddDays(today, -3)};
  auto dates = procedures::PlanDates(input, "SN", "", today);
  EXPECT_TRUE(dates.has_value());
  auto procedure = procedures::Create(tx, tenant_id, std::nullopt, input, *dates, now);
  return procedures::SetPhase(tx, procedure.id, procedures::Phase::kPublished, now)->id;
}

}  // namespace mw::app
