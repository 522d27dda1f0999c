// Petitions: what each tenant decides for its petitions — whether they are enabled, the default quorum and signing
// period, whether signers give their full postal address, how many co-initiators an initiator may invite, and how
// long signers' personal data is kept after a petition closes. A tenant that never saved settings has the defaults.
//
//   Settings settings = petitions::LoadSettings(tx, tenant.id);
//   if (!settings.enabled) return 404;
//   settings.quorum = 5'000;
//   petitions::SaveSettings(tx, tenant.id, settings);
#pragma once

#include <cstdint>
#include <vector>

#include "formats/petitions/model.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::petitions {

inline constexpr int kDefaultCoInitiators = 5;
inline constexpr int kMaxCoInitiators = 50;
inline constexpr int kDefaultRetentionDays = 365;  // twelve months
inline constexpr int kMinRetentionDays = 30;
inline constexpr int kMaxRetentionDays = 3'650;

struct Settings {
  bool enabled = true;
  std::int64_t quorum = kDefaultQuorum;
  int period_days = kDefaultPeriodDays;
  bool require_address = false;  // signers give street, postcode and town, not the postcode alone
  int co_initiators = kDefaultCoInitiators;
  int retention_days = kDefaultRetentionDays;  // after closing, signers' names, addresses and e-mails are deleted
};

// Every problem of `settings` (field → German message); empty if valid.
std::vector<Error> ValidateSettings(const Settings& settings);

Settings LoadSettings(db::Tx& tx, std::int64_t tenant_id);
// Validates (kInvalid with the first problem) and stores.
Status SaveSettings(db::Tx& tx, std::int64_t tenant_id, const Settings& settings);

}  // namespace mw::petitions
