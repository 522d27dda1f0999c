#include "formats/petitions/data_store.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "formats/petitions/settings.hpp"
#include "platform/audit/audit.hpp"

namespace mw::petitions {
namespace {

constexpr db::UnixSeconds kDay = 24 * 3600;
constexpr std::string_view kDeletedPrefix = "deleted:";

bool IsRegion(std::string_view region) {
  return region.size() == 2 && std::isdigit(static_cast<unsigned char>(region[0])) &&
         std::isdigit(static_cast<unsigned char>(region[1]));
}

}  // namespace

RegionStats SuppressSmallRegions(std::vector<RegionCount> counts, std::int64_t minimum) {
  RegionStats stats;
  std::vector<RegionCount> shown;
  int suppressed_regions = 0;
  for (auto& entry : counts) {
    if (entry.count <= 0) continue;
    stats.total += entry.count;
    if (!IsRegion(entry.region) || entry.count < minimum) {
      stats.suppressed_count += entry.count;
      ++suppressed_regions;
    } else {
      shown.push_back(std::move(entry));
    }
  }
  // One suppressed region alone would be total minus the shown ones: hide the smallest shown region with it.
  if (suppressed_regions == 1 && !shown.empty()) {
    auto smallest = std::ranges::min_element(shown, [](const RegionCount& left, const RegionCount& right) {
      return std::tie(left.count, left.region) < std::tie(right.count, right.region);
    });
    stats.suppressed_count += smallest->count;
    shown.erase(smallest);
  }
  std::ranges::sort(shown, {}, &RegionCount::region);
  stats.shown = std::move(shown);
  return stats;
}

std::string CsvRow(const std::vector<std::string>& cells, char delimiter) {
  std::string line;
  for (std::size_t cell_idx = 0; cell_idx < cells.size(); ++cell_idx) {
    if (cell_idx > 0) line += delimiter;
    std::string cell = cells[cell_idx];
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
      cell.insert(cell.begin(), '\'');
    }
    if (cell.find_first_of(std::string{delimiter} + "\"\r\n") == std::string::npos) {
      line += cell;
      continue;
    }
    line += '"';
    for (char character : cell) {
      if (character == '"') line += '"';
      line += character;
    }
    line += '"';
  }
  line += "\r\n";
  return line;
}

std::optional<db::UnixSeconds> DeletionDueAt(std::optional<db::UnixSeconds> closed_at,
                                             std::optional<db::UnixSeconds> closes_at, int retention_days) {
  std::optional<db::UnixSeconds> closed = closed_at ? closed_at : closes_at;
  if (!closed) return std::nullopt;
  return *closed + static_cast<db::UnixSeconds>(retention_days) * kDay;
}

std::vector<RegionCount> CountRegions(db::Tx& tx, std::int64_t petition_id) {
  std::vector<RegionCount> out;
  for (const auto& row : tx.Query("SELECT substr(postcode, 1, 2), COUNT(*) FROM petition_signature "
                                  "WHERE petition_id = ? AND state = 'confirmed' GROUP BY substr(postcode, 1, 2) "
                                  "ORDER BY 1",
                                  {petition_id})) {
    out.push_back({row.Text(0), row.Int(1)});
  }
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> CountByState(db::Tx& tx, std::int64_t petition_id) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& row : tx.Query("SELECT state, COUNT(*) FROM petition_signature WHERE petition_id = ? "
                                  "GROUP BY state ORDER BY state",
                                  {petition_id})) {
    out.emplace_back(row.Text(0), row.Int(1));
  }
  return out;
}

std::vector<SignatureRow> ListSignatureRows(db::Tx& tx, std::int64_t petition_id) {
  std::vector<SignatureRow> out;
  for (const auto& row : tx.Query("SELECT id, state, name, email_normalized, postcode, address, show_public, "
                                  "created_at, confirmed_at FROM petition_signature WHERE petition_id = ? ORDER BY id",
                                  {petition_id})) {
    std::string email = row.Text(3);
    if (email.starts_with(kDeletedPrefix)) email.clear();
    out.push_back({.id = row.Int(0),
                   .state = row.Text(1),
                   .name = row.Text(2),
                   .email = std::move(email),
                   .postcode = row.Text(4),
                   .address = row.Text(5),
                   .show_public = row.Int(6) != 0,
                   .signed_at = row.Int(7),
                   .confirmed_at = row.OptInt(8)});
  }
  return out;
}

std::optional<db::UnixSeconds> PersonalDataDeletedAt(db::Tx& tx, std::int64_t petition_id) {
  auto row = tx.QueryOne("SELECT personal_data_deleted_at FROM petition WHERE id = ?", {petition_id});
  if (!row) return std::nullopt;
  return row->OptInt(0);
}

std::vector<DueDeletion> PetitionsDueForDeletion(db::Tx& tx, db::UnixSeconds now) {
  // Nothing closed less than the shortest allowed retention period ago can be due; that bounds the candidates.
  auto rows = tx.Query(
      "SELECT id, tenant_id, closed_at, closes_at FROM petition WHERE personal_data_deleted_at IS NULL "
      "AND state IN ('closed', 'answered', 'archived') AND COALESCE(closed_at, closes_at) <= ? ORDER BY id",
      {now - static_cast<db::UnixSeconds>(kMinRetentionDays) * kDay});
  std::map<std::int64_t, int> retention_of_tenant;
  std::vector<DueDeletion> out;
  for (const auto& row : rows) {
    std::int64_t tenant_id = row.Int(1);
    auto [known, inserted] = retention_of_tenant.emplace(tenant_id, 0);
    if (inserted) known->second = LoadSettings(tx, tenant_id).retention_days;
    auto due = DeletionDueAt(row.OptInt(2), row.OptInt(3), known->second);
    if (due && *due <= now) out.push_back({row.Int(0), tenant_id, known->second});
  }
  return out;
}

std::int64_t AnonymiseSignatures(db::Tx& tx, std::int64_t petition_id, int limit, SignatureCursor& cursor) {
  auto batch = tx.Query(
      "SELECT id, created_at FROM petition_signature WHERE petition_id = ? AND created_at >= ? "
      "AND (created_at > ? OR id > ?) AND token_hash NOT LIKE 'deleted:%' ORDER BY created_at, id LIMIT ?",
      {petition_id, cursor.created_at, cursor.created_at, cursor.id, limit});
  if (batch.empty()) return 0;
  std::string ids;
  db::Params params;
  for (const auto& row : batch) {
    ids += params.empty() ? "?" : ", ?";
    params.push_back(row.Int(0));
  }
  cursor = {.created_at = batch.back().Int(1), .id = batch.back().Int(0)};
  // The placeholder keeps UNIQUE (petition_id, email_normalized), UNIQUE (petition_id, email_key) and UNIQUE
  // token_hash intact and cannot collide with a real address (no '@') or token hash (hex).
  return tx.Exec(
      "UPDATE petition_signature SET email_normalized = 'deleted:' || CAST(id AS TEXT), "
      "email_key = 'deleted:' || CAST(id AS TEXT), "
      "token_hash = 'deleted:' || CAST(id AS TEXT), name = '', address = '', ip = '', "
      "postcode = substr(postcode, 1, 2), show_public = 0 WHERE id IN (" + ids + ")",
      params);
}

boost::json::object PersonalDataOf(db::Tx& tx, std::int64_t user_id, std::string_view email) {
  auto optional = [](const db::Row& row, std::size_t column) -> boost::json::value {
    if (auto value = row.OptInt(column)) return *value;
    return nullptr;
  };
  boost::json::array initiated;
  for (const auto& row :
       tx.Query("SELECT p.id, t.slug, p.title, p.demand, p.justification, p.addressee, p.state, p.created_at, "
                "p.published_at, p.closes_at, p.confirmed_count FROM petition p JOIN tenant t ON t.id = p.tenant_id "
                "WHERE p.initiator_user_id = ? ORDER BY p.id",
                {user_id})) {
    initiated.push_back(boost::json::object{{"id", row.Int(0)},
                                            {"tenant", row.Text(1)},
                                            {"title", row.Text(2)},
                                            {"demand", row.Text(3)},
                                            {"justification", row.Text(4)},
                                            {"addressee", row.Text(5)},
                                            {"state", row.Text(6)},
                                            {"created_at", row.Int(7)},
                                            {"published_at", optional(row, 8)},
                                            {"closes_at", optional(row, 9)},
                                            {"signature_count", row.Int(10)}});
  }
  boost::json::array co_initiated;
  for (const auto& row : tx.Query("SELECT c.petition_id, p.title, c.joined_at FROM petition_coinitiator c "
                                  "JOIN petition p ON p.id = c.petition_id WHERE c.user_id = ? ORDER BY c.petition_id",
                                  {user_id})) {
    co_initiated.push_back(
        boost::json::object{{"petition_id", row.Int(0)}, {"title", row.Text(1)}, {"joined_at", row.Int(2)}});
  }
  boost::json::array signatures;
  for (const auto& row :
       tx.Query("SELECT s.id, s.petition_id, p.title, s.state, s.name, s.email_normalized, s.postcode, s.address, "
                "s.show_public, s.notify, s.created_at, s.confirmed_at, s.ip FROM petition_signature s "
                "JOIN petition p ON p.id = s.petition_id WHERE s.email_normalized = ? ORDER BY s.id",
                {std::string(email)})) {
    signatures.push_back(boost::json::object{{"id", row.Int(0)},
                                             {"petition_id", row.Int(1)},
                                             {"petition_title", row.Text(2)},
                                             {"state", row.Text(3)},
                                             {"name", row.Text(4)},
                                             {"email", row.Text(5)},
                                             {"postcode", row.Text(6)},
                                             {"address", row.Text(7)},
                                             {"public", row.Int(8) != 0},
                                             {"notify", row.Int(9) != 0},
                                             {"signed_at", row.Int(10)},
                                             {"confirmed_at", optional(row, 11)},
                                             {"ip", row.Text(12)}});
  }
  return {{"initiated", std::move(initiated)},
          {"co_initiated", std::move(co_initiated)},
          {"signatures", std::move(signatures)}};
}

DeletionRun DeletePersonalDataDue(db::Database& db, db::UnixSeconds now, int batch_size) {
  DeletionRun run;
  auto due = db.Read([&](db::Tx& tx) { return PetitionsDueForDeletion(tx, now); });
  for (const auto& petition : due) {
    std::int64_t anonymised = 0;
    SignatureCursor cursor;
    while (true) {
      std::int64_t batch =
          db.Write([&](db::Tx& tx) { return AnonymiseSignatures(tx, petition.petition_id, batch_size, cursor); });
      anonymised += batch;
      if (batch < batch_size) break;
    }
    // The mark and its audit entry commit together with the last stragglers, if any appeared in between (looked for
    // from the first signature on: one more pass over the petition's signatures, not one per batch).
    bool done = db.Write([&](db::Tx& tx) {
      SignatureCursor from_the_start;
      std::int64_t rest = AnonymiseSignatures(tx, petition.petition_id, batch_size, from_the_start);
      anonymised += rest;
      if (rest == batch_size) return false;  // more keep coming; the next run finishes
      if (tx.Exec("UPDATE petition SET personal_data_deleted_at = ? WHERE id = ? AND personal_data_deleted_at IS NULL",
                  {now, petition.petition_id}) != 1) {
        return false;
      }
      audit::Record(tx,
                    {.actor_label = "system",
                     .tenant_id = petition.tenant_id,
                     .action = "petition.personal_data.delete",
                     .object = "petition:" + std::to_string(petition.petition_id),
                     .detail = std::to_string(anonymised) + " Unterschriften anonymisiert (Aufbewahrungsfrist " +
                               std::to_string(petition.retention_days) + " Tage nach Ende der Petition)"},
                    now);
      return true;
    });
    run.signatures += anonymised;
    if (done) ++run.petitions;
  }
  if (run.petitions > 0 || run.signatures > 0) {
    db.Write([&](db::Tx& tx) {
      audit::Record(tx,
                    {.actor_label = "system",
                     .action = "petition.personal_data.run",
                     .object = "job:petitions-delete-personal-data",
                     .detail = std::to_string(run.petitions) + " Petitionen, " + std::to_string(run.signatures) +
                               " Unterschriften anonymisiert"},
                    now);
    });
  }
  return run;
}

}  // namespace mw::petitions
