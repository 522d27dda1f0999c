#include "formats/petitions/settings.hpp"

#include <string>

namespace mw::petitions {

std::vector<Error> ValidateSettings(const Settings& settings) {
  std::vector<Error> errors;
  auto check = [&](std::int64_t value, std::int64_t low, std::int64_t high, const char* field, std::string message) {
    if (value < low || value > high) errors.push_back({ErrorKind::kInvalid, std::move(message), field});
  };
  check(settings.quorum, 1, kMaxQuorum, "quorum",
        "Das Quorum muss zwischen 1 und " + std::to_string(kMaxQuorum) + " Unterschriften liegen.");
  check(settings.period_days, 1, kMaxPeriodDays, "period_days",
        "Die Zeichnungsfrist muss zwischen 1 und " + std::to_string(kMaxPeriodDays) + " Tagen liegen.");
  check(settings.co_initiators, 0, kMaxCoInitiators, "co_initiators",
        "Es können zwischen 0 und " + std::to_string(kMaxCoInitiators) + " Mitinitiatorinnen und Mitinitiatoren sein.");
  check(settings.retention_days, kMinRetentionDays, kMaxRetentionDays, "retention_days",
        "Die Aufbewahrungsfrist muss zwischen " + std::to_string(kMinRetentionDays) + " und " +
            std::to_string(kMaxRetentionDays) + " Tagen liegen.");
  return errors;
}

Settings LoadSettings(db::Tx& tx, std::int64_t tenant_id) {
  auto row = tx.QueryOne(
      "SELECT enabled, quorum, period_days, require_address, co_initiators, retention_days FROM petition_settings "
      "WHERE tenant_id = ?",
      {tenant_id});
  if (!row) return {};
  return {.enabled = row->Int(0) != 0,
          .quorum = row->Int(1),
          .period_days = static_cast<int>(row->Int(2)),
          .require_address = row->Int(3) != 0,
          .co_initiators = static_cast<int>(row->Int(4)),
          .retention_days = static_cast<int>(row->Int(5))};
}

Status SaveSettings(db::Tx& tx, std::int64_t tenant_id, const Settings& settings) {
  if (auto errors = ValidateSettings(settings); !errors.empty()) return std::unexpected(errors.front());
  db::Params values{std::int64_t{settings.enabled},
                    settings.quorum,
                    std::int64_t{settings.period_days},
                    std::int64_t{settings.require_address},
                    std::int64_t{settings.co_initiators},
                    std::int64_t{settings.retention_days},
                    tenant_id};
  if (tx.Exec("UPDATE petition_settings SET enabled = ?, quorum = ?, period_days = ?, require_address = ?, "
              "co_initiators = ?, retention_days = ? WHERE tenant_id = ?",
              values) == 0) {
    tx.Exec(
        "INSERT INTO petition_settings (enabled, quorum, period_days, require_address, co_initiators, "
        "retention_days, tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        values);
  }
  return Ok{};
}

}  // namespace mw::petitions
