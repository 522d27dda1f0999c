// Clusters of mass objections on both engines (see cluster_store.hpp for the re-clustering rules).
#include "formats/procedures/cluster_store.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "formats/procedures/minhash.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kClusterColumns =
    "id, procedure_id, label, representative, manual, response, answered_at, answered_by, created_at, updated_at, "
    "representative_occupation, representative_address";

StatementCluster ClusterFromRow(const db::Row& row) {
  return {.id = row.Int(0),
          .procedure_id = row.Int(1),
          .label = row.Text(2),
          .representative = row.Text(3),
          .representative_occupation = row.Text(10),
          .representative_address = row.Text(11),
          .manual = row.Int(4) != 0,
          .response = row.Text(5),
          .answered_at = row.OptInt(6),
          .answered_by = row.OptInt(7),
          .created_at = row.Int(8),
          .updated_at = row.Int(9)};
}

// Members (submitted statements only) and summed signatories of the given clusters.
void FillMembers(db::Tx& tx, std::int64_t procedure_id, std::vector<StatementCluster>& clusters) {
  std::unordered_map<std::int64_t, StatementCluster*> by_id;
  for (auto& cluster : clusters) by_id[cluster.id] = &cluster;
  auto rows = tx.Query(
      "SELECT m.cluster_id, m.statement_id, s.signatories FROM procedure_cluster_member m "
      "JOIN procedure_cluster c ON c.id = m.cluster_id JOIN procedure_statement s ON s.id = m.statement_id "
      "WHERE c.procedure_id = ? AND s.state = 'submitted' ORDER BY m.statement_id",
      {procedure_id});
  for (const auto& row : rows) {
    auto found = by_id.find(row.Int(0));
    if (found == by_id.end()) continue;
    found->second->statement_ids.push_back(row.Int(1));
    found->second->signatories += std::max<std::int64_t>(1, row.Int(2));
  }
}

std::optional<StatementCluster> LoadCluster(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id) {
  auto row = tx.QueryOne("SELECT " + std::string(kClusterColumns) +
                             " FROM procedure_cluster WHERE id = ? AND procedure_id = ?",
                         {cluster_id, procedure_id});
  if (!row) return std::nullopt;
  std::vector<StatementCluster> one{ClusterFromRow(*row)};
  auto rows = tx.Query(
      "SELECT m.statement_id, s.signatories FROM procedure_cluster_member m "
      "JOIN procedure_statement s ON s.id = m.statement_id "
      "WHERE m.cluster_id = ? AND s.state = 'submitted' ORDER BY m.statement_id",
      {cluster_id});
  for (const auto& member : rows) {
    one[0].statement_ids.push_back(member.Int(0));
    one[0].signatories += std::max<std::int64_t>(1, member.Int(1));
  }
  return std::move(one[0]);
}

std::unexpected<Error> ClusterNotFound() {
  return Fail(ErrorKind::kNotFound, "Diese Gruppe gibt es in diesem Verfahren nicht.");
}

std::int64_t CreateCluster(db::Tx& tx, std::int64_t procedure_id, bool manual, db::UnixSeconds now) {
  return tx
      .QueryOne(
          "INSERT INTO procedure_cluster (procedure_id, manual, created_at, updated_at) VALUES (?, ?, ?, ?) "
          "RETURNING id",
          {procedure_id, manual, now, now})
      ->Int(0);
}

void SetMember(db::Tx& tx, std::int64_t statement_id, std::int64_t cluster_id, std::string_view how,
               db::UnixSeconds now) {
  tx.Exec(
      "INSERT INTO procedure_cluster_member (statement_id, cluster_id, how, added_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (statement_id) DO UPDATE SET cluster_id = excluded.cluster_id, how = excluded.how, "
      "added_at = excluded.added_at",
      {statement_id, cluster_id, how, now});
}

void Pin(db::Tx& tx, std::int64_t statement_id, std::int64_t cluster_id, std::optional<std::int64_t> actor_id,
         db::UnixSeconds now) {
  tx.Exec(
      "INSERT INTO procedure_cluster_exclusion (statement_id, cluster_id, created_by, created_at) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (statement_id, cluster_id) DO NOTHING",
      {statement_id, cluster_id, actor_id, now});
}

void Touch(db::Tx& tx, std::int64_t cluster_id, db::UnixSeconds now) {
  tx.Exec("UPDATE procedure_cluster SET updated_at = ? WHERE id = ?", {now, cluster_id});
}

// Removes the procedure's clusters that have no members and nothing worth keeping (made by hand, answered, pins).
void DeleteEmptyClusters(db::Tx& tx, std::int64_t procedure_id) {
  tx.Exec(
      "DELETE FROM procedure_cluster WHERE procedure_id = ? AND manual = 0 AND answered_at IS NULL "
      "AND NOT EXISTS (SELECT 1 FROM procedure_cluster_member m WHERE m.cluster_id = procedure_cluster.id) "
      "AND NOT EXISTS (SELECT 1 FROM procedure_cluster_exclusion e WHERE e.cluster_id = procedure_cluster.id)",
      {procedure_id});
}

}  // namespace

std::vector<StatementCluster> ClustersOf(db::Tx& tx, std::int64_t procedure_id) {
  std::vector<StatementCluster> clusters;
  for (const auto& row : tx.Query("SELECT " + std::string(kClusterColumns) +
                                      " FROM procedure_cluster WHERE procedure_id = ? ORDER BY id",
                                  {procedure_id})) {
    clusters.push_back(ClusterFromRow(row));
  }
  FillMembers(tx, procedure_id, clusters);
  std::erase_if(clusters, [](const StatementCluster& cluster) { return cluster.statement_ids.empty(); });
  std::stable_sort(clusters.begin(), clusters.end(),
                   [](const StatementCluster& a, const StatementCluster& b) { return a.size() > b.size(); });
  return clusters;
}

std::optional<StatementCluster> FindCluster(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id) {
  return LoadCluster(tx, procedure_id, cluster_id);
}

std::optional<StatementCluster> FindClusterDetails(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id) {
  auto row = tx.QueryOne(
      "SELECT " + std::string(kClusterColumns) + " FROM procedure_cluster WHERE id = ? AND procedure_id = ?",
      {cluster_id, procedure_id});
  if (!row) return std::nullopt;
  return ClusterFromRow(*row);
}

std::optional<std::int64_t> ClusterOfStatement(db::Tx& tx, std::int64_t statement_id) {
  auto row = tx.QueryOne("SELECT cluster_id FROM procedure_cluster_member WHERE statement_id = ?", {statement_id});
  if (!row) return std::nullopt;
  return row->Int(0);
}

ClusterRun ApplyGroups(db::Tx& tx, std::int64_t procedure_id, const StatementGroups& groups,
                       std::int64_t last_statement_id, std::int64_t statements, db::UnixSeconds now) {
  // First: the run row, whose row lock makes a concurrent run wait and then see this one's clusters.
  tx.Exec(
      "INSERT INTO procedure_cluster_run (procedure_id, last_statement_id, statements, clustered_at) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (procedure_id) DO UPDATE SET last_statement_id = excluded.last_statement_id, "
      "statements = excluded.statements, clustered_at = excluded.clustered_at",
      {procedure_id, last_statement_id, statements, now});
  // The procedure is no longer due — unless a statement arrived or changed its state since the run read them (the
  // same question the job asked of every procedure before migration 0228, now of this one).
  tx.Exec("DELETE FROM procedure_cluster_due WHERE procedure_id = ? "
          "AND NOT EXISTS (SELECT 1 FROM procedure_statement WHERE procedure_id = ? AND id > ?) "
          "AND (SELECT COUNT(*) FROM procedure_statement WHERE procedure_id = ? AND state = 'submitted') = ?",
          {procedure_id, procedure_id, last_statement_id, procedure_id, statements});
  ClusterRun run{.statements = statements};
  run.changed += tx.Exec(
      "DELETE FROM procedure_cluster_member WHERE statement_id IN (SELECT id FROM procedure_statement "
      "WHERE procedure_id = ? AND state <> 'submitted')",
      {procedure_id});

  std::set<std::int64_t> submitted;
  for (const auto& row :
       tx.Query("SELECT id FROM procedure_statement WHERE procedure_id = ? AND state = 'submitted'", {procedure_id})) {
    submitted.insert(row.Int(0));
  }
  struct Membership {
    std::int64_t cluster_id;
    bool manual;
  };
  std::unordered_map<std::int64_t, Membership> members;
  for (const auto& row : tx.Query(
           "SELECT m.statement_id, m.cluster_id, m.how FROM procedure_cluster_member m "
           "JOIN procedure_cluster c ON c.id = m.cluster_id WHERE c.procedure_id = ?",
           {procedure_id})) {
    members[row.Int(0)] = {row.Int(1), row.Text(2) == "manual"};
  }
  std::set<std::pair<std::int64_t, std::int64_t>> pins;  // (statement, cluster)
  for (const auto& row : tx.Query(
           "SELECT e.statement_id, e.cluster_id FROM procedure_cluster_exclusion e "
           "JOIN procedure_cluster c ON c.id = e.cluster_id WHERE c.procedure_id = ?",
           {procedure_id})) {
    pins.emplace(row.Int(0), row.Int(1));
  }

  // The automatic assignment each statement should have; absent: unchanged (manual members, kept members).
  std::map<std::int64_t, std::optional<std::int64_t>> wanted;
  std::set<std::int64_t> grouped;
  for (const auto& raw_group : groups) {
    std::vector<std::int64_t> group;
    for (std::int64_t id : raw_group) {
      if (submitted.contains(id)) group.push_back(id);
    }
    if (group.size() < 2) continue;
    std::map<std::int64_t, std::int64_t> overlap;  // cluster → members of this group in it
    for (std::int64_t id : group) {
      grouped.insert(id);
      if (auto found = members.find(id); found != members.end()) ++overlap[found->second.cluster_id];
    }
    std::optional<std::int64_t> target;
    std::int64_t best = 0;
    for (const auto& [cluster_id, count] : overlap) {  // ascending ids: ties go to the older cluster
      if (count > best) {
        best = count;
        target = cluster_id;
      }
    }
    std::vector<std::int64_t> free;  // statements this group places
    for (std::int64_t id : group) {
      auto found = members.find(id);
      if (found != members.end()) {
        if (found->second.manual) continue;                       // rule 1
        if (overlap[found->second.cluster_id] >= 2) continue;     // rule 2
      }
      free.push_back(id);
    }
    if (!target) {  // rule 4
      if (free.size() < 2) continue;
      target = CreateCluster(tx, procedure_id, /*manual=*/false, now);
      ++run.created;
    }
    for (std::int64_t id : free) {  // rule 3
      wanted[id] = pins.contains({id, *target}) ? std::nullopt : target;
    }
  }
  for (const auto& [id, membership] : members) {  // rule 5
    if (!membership.manual && !grouped.contains(id)) wanted[id] = std::nullopt;
  }
  for (const auto& [id, cluster_id] : wanted) {
    auto found = members.find(id);
    std::optional<std::int64_t> current;
    if (found != members.end()) current = found->second.cluster_id;
    if (current == cluster_id) continue;
    if (cluster_id) {
      SetMember(tx, id, *cluster_id, "auto", now);
    } else {
      tx.Exec("DELETE FROM procedure_cluster_member WHERE statement_id = ?", {id});
    }
    ++run.changed;
  }
  DeleteEmptyClusters(tx, procedure_id);
  run.clusters = static_cast<std::int64_t>(ClustersOf(tx, procedure_id).size());
  return run;
}

ClusterRun Recluster(db::Database& db, std::int64_t procedure_id, db::UnixSeconds now, int threads) {
  std::vector<std::int64_t> ids;
  std::vector<std::string> texts;
  std::int64_t last_statement_id = 0;
  db.Read([&](db::Tx& tx) {
    for (const auto& row : tx.Query(
             "SELECT id, text FROM procedure_statement WHERE procedure_id = ? AND state = 'submitted' ORDER BY id",
             {procedure_id})) {
      ids.push_back(row.Int(0));
      texts.push_back(row.Text(1));
    }
    auto last = tx.QueryOne("SELECT MAX(id) FROM procedure_statement WHERE procedure_id = ?", {procedure_id});
    last_statement_id = last && !last->IsNull(0) ? last->Int(0) : 0;
  });
  std::vector<std::string_view> views(texts.begin(), texts.end());
  StatementGroups groups;
  for (const auto& cluster : minhash::Cluster(views, {.threads = threads})) {
    std::vector<std::int64_t> group;
    for (std::size_t idx : cluster) group.push_back(ids[idx]);
    groups.push_back(std::move(group));
  }
  auto statements = static_cast<std::int64_t>(ids.size());
  return db.Write([&](db::Tx& tx) {
    return ApplyGroups(tx, procedure_id, groups, last_statement_id, statements, now);
  });
}

std::vector<std::int64_t> ProceduresToRecluster(db::Tx& tx, int limit) {
  std::vector<std::int64_t> out;
  for (const auto& row : tx.Query(
           // The procedures marked when a statement was stored or changed its state (migration 0228), longest
           // unclustered first; a run removes the mark (ApplyGroups).
           "SELECT d.procedure_id FROM procedure_cluster_due d "
           "LEFT JOIN procedure_cluster_run r ON r.procedure_id = d.procedure_id "
           "ORDER BY COALESCE(r.clustered_at, 0), d.procedure_id LIMIT ?",
           {limit})) {
    out.push_back(row.Int(0));
  }
  return out;
}

int ReclusterDue(db::Database& db, db::UnixSeconds now, int limit) {
  auto due = db.Read([&](db::Tx& tx) { return ProceduresToRecluster(tx, limit); });
  for (std::int64_t procedure_id : due) Recluster(db, procedure_id, now);
  return static_cast<int>(due.size());
}

Result<StatementCluster> SplitCluster(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id,
                                      const std::vector<std::int64_t>& statement_ids, bool into_new_cluster,
                                      std::optional<std::int64_t> actor_id, db::UnixSeconds now) {
  auto cluster = LoadCluster(tx, procedure_id, cluster_id);
  if (!cluster) return ClusterNotFound();
  std::set<std::int64_t> chosen(statement_ids.begin(), statement_ids.end());
  if (chosen.empty()) {
    return Fail(ErrorKind::kInvalid, "Bitte wählen Sie mindestens eine Stellungnahme aus.", "statement");
  }
  for (std::int64_t id : chosen) {
    if (!std::binary_search(cluster->statement_ids.begin(), cluster->statement_ids.end(), id)) {
      return Fail(ErrorKind::kInvalid, "Eine der gewählten Stellungnahmen gehört nicht zu dieser Gruppe.",
                  "statement");
    }
  }
  std::optional<std::int64_t> target;
  if (into_new_cluster) target = CreateCluster(tx, procedure_id, /*manual=*/true, now);
  for (std::int64_t id : chosen) {
    Pin(tx, id, cluster_id, actor_id, now);
    if (target) {
      SetMember(tx, id, *target, "manual", now);
    } else {
      tx.Exec("DELETE FROM procedure_cluster_member WHERE statement_id = ?", {id});
    }
  }
  Touch(tx, cluster_id, now);
  return *LoadCluster(tx, procedure_id, target.value_or(cluster_id));
}

Result<StatementCluster> MergeClusters(db::Tx& tx, std::int64_t procedure_id, std::int64_t into_id,
                                       std::int64_t from_id, db::UnixSeconds now) {
  auto into = LoadCluster(tx, procedure_id, into_id);
  auto from = LoadCluster(tx, procedure_id, from_id);
  if (!into || !from) return ClusterNotFound();
  if (into_id == from_id) {
    return Fail(ErrorKind::kInvalid, "Eine Gruppe kann nicht mit sich selbst zusammengeführt werden.", "other");
  }
  tx.Exec("UPDATE procedure_cluster_member SET cluster_id = ?, how = 'manual', added_at = ? WHERE cluster_id = ?",
          {into_id, now, from_id});
  tx.Exec(
      "INSERT INTO procedure_cluster_exclusion (statement_id, cluster_id, created_by, created_at) "
      "SELECT statement_id, ?, created_by, created_at FROM procedure_cluster_exclusion WHERE cluster_id = ? "
      "ON CONFLICT (statement_id, cluster_id) DO NOTHING",
      {into_id, from_id});
  tx.Exec("DELETE FROM procedure_cluster_exclusion WHERE cluster_id = ?", {from_id});
  tx.Exec(
      "UPDATE procedure_cluster SET label = CASE WHEN label = '' THEN ? ELSE label END, "
      "representative_occupation = CASE WHEN representative = '' THEN ? ELSE representative_occupation END, "
      "representative_address = CASE WHEN representative = '' THEN ? ELSE representative_address END, "
      "representative = CASE WHEN representative = '' THEN ? ELSE representative END, updated_at = ? WHERE id = ?",
      {from->label, from->representative_occupation, from->representative_address, from->representative, now,
       into_id});
  tx.Exec("DELETE FROM procedure_cluster WHERE id = ?", {from_id});
  return *LoadCluster(tx, procedure_id, into_id);
}

Result<StatementCluster> SetClusterDetails(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id,
                                           const std::string& label, const Representative& representative,
                                           db::UnixSeconds now) {
  std::string clean_label(Trim(label));
  if (auto valid = CheckText(clean_label, "label", "Die Bezeichnung"); !valid) return std::unexpected(valid.error());
  if (Utf8Length(clean_label) > kMaxClusterLabelChars) {
    return Fail(ErrorKind::kInvalid, "Die Bezeichnung darf höchstens 200 Zeichen lang sein.", "label");
  }
  auto valid_representative = ValidateRepresentative(representative);
  if (!valid_representative) return std::unexpected(valid_representative.error().front());
  if (!LoadCluster(tx, procedure_id, cluster_id)) return ClusterNotFound();
  tx.Exec("UPDATE procedure_cluster SET label = ?, representative = ?, representative_occupation = ?, "
          "representative_address = ?, updated_at = ? WHERE id = ?",
          {clean_label, valid_representative->name, valid_representative->occupation, valid_representative->address,
           now, cluster_id});
  return *LoadCluster(tx, procedure_id, cluster_id);
}

Result<StatementCluster> RecordClusterAnswer(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id,
                                             const std::string& response, std::int64_t actor_id,
                                             db::UnixSeconds now) {
  std::string clean(Trim(response));
  if (clean.empty()) return Fail(ErrorKind::kInvalid, "Bitte geben Sie die Antwort ein.", "response");
  if (auto valid = CheckText(clean, "response", "Die Antwort", TextLines::kMulti); !valid) {
    return std::unexpected(valid.error());
  }
  if (Utf8Length(clean) > kMaxClusterResponseChars) {
    return Fail(ErrorKind::kInvalid, "Die Antwort darf höchstens 50.000 Zeichen lang sein.", "response");
  }
  auto cluster = LoadCluster(tx, procedure_id, cluster_id);
  if (!cluster) return ClusterNotFound();
  if (cluster->statement_ids.empty()) {
    return Fail(ErrorKind::kConflict, "Diese Gruppe hat keine Stellungnahmen mehr.", "response");
  }
  tx.Exec("UPDATE procedure_cluster SET response = ?, answered_at = ?, answered_by = ?, updated_at = ? WHERE id = ?",
          {clean, now, actor_id, now, cluster_id});
  return *LoadCluster(tx, procedure_id, cluster_id);
}

}  // namespace mw::procedures
