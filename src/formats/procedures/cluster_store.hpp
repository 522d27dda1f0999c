// Mass objections in the database (migration 0206): the clusters of a procedure, their members, the case workers'
// manual decisions, and re-clustering that respects them.
//
// Re-clustering (Recluster, also run by the job "procedures-cluster" for procedures with new or withdrawn
// statements) groups all submitted statements of a procedure with minhash::Cluster and maps the groups onto the
// existing clusters:
//   1. A membership set by hand (how = 'manual': split off into a new cluster, merged) is never changed.
//   2. An automatic member stays in its cluster as long as its new group still holds another member of that cluster —
//      so clusters are stable and two clusters are never merged behind the case workers' backs.
//   3. Every other statement of a group (new ones, and automatic members whose cluster fell apart) goes to the
//      cluster that holds most of the group's statements (ties: the older cluster) — after a merge that is the merged
//      cluster — unless it is pinned "not in that cluster" (taken out by hand); then it stays unclustered.
//   4. A group without any clustered statement becomes a new cluster if at least two of its statements are free.
//   5. Automatic members that are in no group any more, and withdrawn statements, leave their cluster; clusters left
//      empty disappear unless made by hand, answered, or holding a pin.
// The statements are read and grouped outside the write transaction; the write re-reads memberships and pins and
// starts by updating the procedure's run row, which serialises concurrent runs on PostgreSQL.
//
//   auto run = procedures::Recluster(db, procedure.id, now);
//   auto clusters = db.Read([&](db::Tx& tx) { return procedures::ClustersOf(tx, procedure.id); });
//   clusters[0].statement_ids;  // ascending
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/procedures/model.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

inline constexpr std::size_t kMaxClusterLabelChars = 200;
inline constexpr std::size_t kMaxRepresentativeChars = 500;
inline constexpr std::size_t kMaxClusterResponseChars = 50'000;
// § 17 Abs. 1 VwVfG: lists and identical copies signed by more than 50 persons name a common representative.
inline constexpr std::int64_t kRepresentativeThreshold = 50;

struct StatementCluster {
  std::int64_t id = 0;
  std::int64_t procedure_id = 0;
  std::string label;
  std::string representative;  // § 17 VwVfG: the common representative's name, occupation and address
  std::string representative_occupation;
  std::string representative_address;
  bool manual = false;
  std::string response;
  std::optional<db::UnixSeconds> answered_at;
  std::optional<std::int64_t> answered_by;
  db::UnixSeconds created_at = 0;
  db::UnixSeconds updated_at = 0;
  std::vector<std::int64_t> statement_ids;  // ascending
  std::int64_t signatories = 0;              // summed over the members (a § 17 list counts its signatories)

  std::int64_t size() const { return static_cast<std::int64_t>(statement_ids.size()); }
  Representative RepresentativeOf() const {
    return {representative, representative_occupation, representative_address};
  }
  // A representative should be named (§ 17 VwVfG) and is not, or not with name, occupation and address.
  bool NeedsRepresentative() const {
    return !RepresentativeOf().complete() &&
           (size() > kRepresentativeThreshold || signatories > kRepresentativeThreshold);
  }
};

// The procedure's clusters with at least one member, largest first (ties: older first).
std::vector<StatementCluster> ClustersOf(db::Tx& tx, std::int64_t procedure_id);
// A cluster of `procedure_id` (with its members), or nullopt.
std::optional<StatementCluster> FindCluster(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id);
// The cluster's own row (label, representative, answer …) without its members: `statement_ids` stays empty. For what
// needs a cluster's details but not its thousands of members.
std::optional<StatementCluster> FindClusterDetails(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id);
// The cluster a statement belongs to, if any.
std::optional<std::int64_t> ClusterOfStatement(db::Tx& tx, std::int64_t statement_id);

// What a run did.
struct ClusterRun {
  std::int64_t statements = 0;  // submitted statements grouped
  std::int64_t clusters = 0;    // clusters with members afterwards
  std::int64_t created = 0;     // new clusters
  std::int64_t changed = 0;     // memberships added, moved or removed
};

// Statement groups (ids) as minhash found them.
using StatementGroups = std::vector<std::vector<std::int64_t>>;
// Applies `groups` to the procedure's clusters by the rules above and records the run (`last_statement_id`,
// `statements`). Statements of `groups` no longer submitted are ignored.
ClusterRun ApplyGroups(db::Tx& tx, std::int64_t procedure_id, const StatementGroups& groups,
                       std::int64_t last_statement_id, std::int64_t statements, db::UnixSeconds now);
// Reads the procedure's submitted statements, groups them (minhash, `threads`), and applies the groups in one write.
ClusterRun Recluster(db::Database& db, std::int64_t procedure_id, db::UnixSeconds now, int threads = 2);
// Procedures with statements submitted or withdrawn since their last run (or never run), oldest first.
std::vector<std::int64_t> ProceduresToRecluster(db::Tx& tx, int limit);
// The job "procedures-cluster": Recluster for each of ProceduresToRecluster(limit). Returns the procedures run.
int ReclusterDue(db::Database& db, db::UnixSeconds now, int limit = 20);

// The case workers' decisions. Each returns kNotFound for a cluster not of `procedure_id`, kInvalid with a German
// message (and field) for bad input.

// Takes `statement_ids` (members of the cluster) out of it, pinned "not in this cluster". `into_new_cluster`: they
// form a new cluster made by hand (returned); otherwise they become unclustered (the old cluster is returned).
Result<StatementCluster> SplitCluster(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id,
                                      const std::vector<std::int64_t>& statement_ids, bool into_new_cluster,
                                      std::optional<std::int64_t> actor_id, db::UnixSeconds now);
// Moves every member (as manual members) and pin of `from_id` into `into_id` and deletes `from_id`. Label,
// representative and answer of `into_id` stay; empty ones are taken from `from_id`.
Result<StatementCluster> MergeClusters(db::Tx& tx, std::int64_t procedure_id, std::int64_t into_id,
                                       std::int64_t from_id, db::UnixSeconds now);
// Sets label (trimmed; limit kMaxClusterLabelChars) and representative (ValidateRepresentative: name, occupation
// and address of a natural person, or none).
Result<StatementCluster> SetClusterDetails(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id,
                                           const std::string& label, const Representative& representative,
                                           db::UnixSeconds now);
// Records the answer given once for all members (the caller also calls RespondToStatements in the same write).
// Empty or over kMaxClusterResponseChars: kInvalid (field "response").
Result<StatementCluster> RecordClusterAnswer(db::Tx& tx, std::int64_t procedure_id, std::int64_t cluster_id,
                                             const std::string& response, std::int64_t actor_id,
                                             db::UnixSeconds now);

}  // namespace mw::procedures
