// Clusters of mass objections on both engines: the done-when case of issue #5 through Submit and the job (1,000
// statements from three form letters plus distinct texts → exactly three clusters), re-clustering that keeps manual
// splits, removals and merges, withdrawals, details and the answer.
#include "formats/procedures/cluster_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "formats/procedures/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/test_db.hpp"

namespace mw::procedures {
namespace {

// Texts for the tests: a vocabulary of made-up words, so that distinct texts share no three-word shingle by chance.
std::string Words(std::mt19937& random, int count) {
  static const char* kSyllables[] = {"wind", "an", "la", "ge", "schall", "gut", "ach", "ten", "vo", "gel", "zug",
                                     "wald", "heim", "stra", "ße", "bo", "den", "lärm", "ruh", "na", "tur", "grund"};
  std::uniform_int_distribution<int> syllables(1, 3);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kSyllables) - 1);
  std::string out;
  for (int idx = 0; idx < count; ++idx) {
    if (idx > 0) out += idx % 11 == 0 ? ". " : " ";
    for (int part = syllables(random); part > 0; --part) out += kSyllables[pick(random)];
  }
  return out + ".";
}

// `letter` with up to five words replaced and a greeting naming `person`.
std::string Variant(std::mt19937& random, const std::string& letter, int person) {
  std::string out = letter;
  std::uniform_int_distribution<std::size_t> position(0, out.size() - 1);
  for (int edits = std::uniform_int_distribution<int>(0, 5)(random); edits > 0; --edits) {
    std::size_t at = out.find(' ', position(random));
    if (at != std::string::npos) out.insert(at, " " + Words(random, 1));
  }
  return "Mein Name ist Person " + std::to_string(person) + ". " + out + " Gruß, Person " + std::to_string(person);
}

class ClusterStoreTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    db_->Write([&](db::Tx& tx) {
      tenant_id_ = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_)->id;
      user_id_ = accounts::CreateConfirmedUser(tx, "sb@grimma.example", "Sina Sachbearbeitung", "x", now_)->id;
    });
    ProcedureInput input{.type = Type::kBimschg,
                         .title = "Windpark Grimma",
                         .description = "Vier Windenergieanlagen",
                         .display_start = {2025, 10, 6}};
    auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
    procedure_ = db_->Write([&](db::Tx& tx) { return Create(tx, tenant_id_, user_id_, input, *dates, now_); });
  }

  std::int64_t Add(const std::string& text, std::int64_t signatories = 1) {
    Submission submission{.input = {.text = text, .name = "Anwohnerin", .address = "Markt 1, Grimma"},
                          .channel = Channel::kPaper,
                          .received_at = now_,
                          .signatories = signatories};
    return db_->Write([&](db::Tx& tx) { return Submit(tx, procedure_, submission, now_).id; });
  }

  std::vector<StatementCluster> Clusters() {
    return db_->Read([&](db::Tx& tx) { return ClustersOf(tx, procedure_.id); });
  }

  db::UnixSeconds now_ = 1'760'000'000;
  std::int64_t tenant_id_ = 0;
  std::int64_t user_id_ = 0;
  Procedure procedure_;
};

TEST_P(ClusterStoreTest, ThousandStatementsFromThreeFormLettersBecomeExactlyThreeClustersThroughTheJob) {
  std::mt19937 random(5);
  std::vector<std::string> letters{Words(random, 240), Words(random, 200), Words(random, 160)};
  std::map<std::int64_t, int> letter_of;  // statement → letter; distinct texts absent
  std::vector<Submission> submissions;
  for (int idx = 0; idx < 1000; ++idx) {
    int kind = idx % 5;
    std::string text = kind < 3 ? Variant(random, letters[static_cast<std::size_t>(kind)], idx)
                                : Words(random, std::uniform_int_distribution<int>(15, 250)(random));
    submissions.push_back({.input = {.text = text, .name = "Person " + std::to_string(idx), .address = "Grimma"},
                           .channel = Channel::kPaper,
                           .received_at = now_});
    letter_of[idx] = kind < 3 ? kind : -1;
  }
  std::map<std::int64_t, int> letter_by_statement;
  db_->Write([&](db::Tx& tx) {
    for (std::size_t idx = 0; idx < submissions.size(); ++idx) {
      letter_by_statement[Submit(tx, procedure_, submissions[idx], now_).id] = letter_of[static_cast<int>(idx)];
    }
  });

  EXPECT_EQ(ReclusterDue(*db_, now_ + 60), 1);
  auto clusters = Clusters();
  ASSERT_EQ(clusters.size(), 3u);
  std::set<int> letters_seen;
  for (const auto& cluster : clusters) {
    EXPECT_EQ(cluster.size(), 200);
    int letter = letter_by_statement[cluster.statement_ids.front()];
    ASSERT_GE(letter, 0) << "a distinct text was clustered";
    letters_seen.insert(letter);
    for (std::int64_t id : cluster.statement_ids) EXPECT_EQ(letter_by_statement[id], letter);
    EXPECT_EQ(cluster.signatories, 200);
    EXPECT_TRUE(cluster.NeedsRepresentative());
  }
  EXPECT_EQ(letters_seen.size(), 3u);
  EXPECT_EQ(ReclusterDue(*db_, now_ + 120), 0) << "nothing new since the run";
  Add(Variant(random, letters[0], 5000));
  EXPECT_EQ(ReclusterDue(*db_, now_ + 180), 1);
  clusters = Clusters();
  ASSERT_EQ(clusters.size(), 3u);
  EXPECT_EQ(clusters[0].size(), 201) << "the new copy joined its letter's cluster";

  // A statement stored while a run computed its groups (after its read, before its write) keeps the procedure due:
  // the run's write is given what the run read before the new one came.
  auto [read_last, read_count] = db_->Read([&](db::Tx& tx) {
    auto row = tx.QueryOne("SELECT MAX(id), COUNT(*) FROM procedure_statement WHERE procedure_id = ?", {procedure_.id});
    return std::pair{row->Int(0), row->Int(1)};
  });
  Add(Variant(random, letters[1], 6000));
  db_->Write([&](db::Tx& tx) { ApplyGroups(tx, procedure_.id, {}, read_last, read_count, now_ + 200); });
  EXPECT_EQ(ReclusterDue(*db_, now_ + 240), 1) << "the statement that came during the run";
  EXPECT_EQ(ReclusterDue(*db_, now_ + 300), 0);
}

TEST_P(ClusterStoreTest, ReclusteringKeepsSplitsRemovalsAndMerges) {
  std::mt19937 random(11);
  std::string letter_a = Words(random, 120);
  std::string letter_b = Words(random, 120);
  std::vector<std::int64_t> a;
  std::vector<std::int64_t> b;
  for (int idx = 0; idx < 6; ++idx) a.push_back(Add(Variant(random, letter_a, idx)));
  for (int idx = 0; idx < 4; ++idx) b.push_back(Add(Variant(random, letter_b, idx), 20));
  std::int64_t alone = Add(Words(random, 80));
  auto run = Recluster(*db_, procedure_.id, now_);
  EXPECT_EQ(run.created, 2);
  auto clusters = Clusters();
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].statement_ids, a);
  EXPECT_EQ(clusters[1].statement_ids, b);
  EXPECT_EQ(clusters[1].signatories, 80);
  EXPECT_TRUE(clusters[1].NeedsRepresentative()) << "80 signatories, more than 50";
  const std::int64_t cluster_a = clusters[0].id;
  const std::int64_t cluster_b = clusters[1].id;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ClusterOfStatement(tx, alone); }), std::nullopt);

  // Split two of A into a new cluster, take one more out of A entirely.
  auto split = db_->Write([&](db::Tx& tx) {
    return SplitCluster(tx, procedure_.id, cluster_a, {a[0], a[1]}, /*into_new_cluster=*/true, user_id_, now_);
  });
  ASSERT_TRUE(split.has_value()) << split.error().message;
  EXPECT_TRUE(split->manual);
  EXPECT_EQ(split->statement_ids, (std::vector<std::int64_t>{a[0], a[1]}));
  auto removed = db_->Write([&](db::Tx& tx) {
    return SplitCluster(tx, procedure_.id, cluster_a, {a[2]}, /*into_new_cluster=*/false, user_id_, now_);
  });
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(removed->size(), 3);
  auto foreign = db_->Write([&](db::Tx& tx) {
    return SplitCluster(tx, procedure_.id, cluster_a, {b[0]}, false, user_id_, now_);
  });
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().kind, ErrorKind::kInvalid);

  // New copies of both letters arrive; re-clustering keeps the decisions.
  std::int64_t late_a = Add(Variant(random, letter_a, 99));
  std::int64_t late_b = Add(Variant(random, letter_b, 99));
  Recluster(*db_, procedure_.id, now_ + 10);
  auto cluster_of = [&](std::int64_t id) { return db_->Read([&](db::Tx& tx) { return ClusterOfStatement(tx, id); }); };
  EXPECT_EQ(cluster_of(a[0]), split->id);
  EXPECT_EQ(cluster_of(a[1]), split->id);
  EXPECT_EQ(cluster_of(a[2]), std::nullopt) << "removed by hand stays out";
  EXPECT_EQ(cluster_of(a[3]), cluster_a);
  EXPECT_EQ(cluster_of(late_a), cluster_a) << "the larger part of the group";
  EXPECT_EQ(cluster_of(late_b), cluster_b);

  // Merge B into A; a later copy of B joins the merged cluster, nothing is split again.
  auto merged = db_->Write([&](db::Tx& tx) { return MergeClusters(tx, procedure_.id, cluster_a, cluster_b, now_); });
  ASSERT_TRUE(merged.has_value()) << merged.error().message;
  EXPECT_EQ(merged->size(), 4 + 5);
  std::int64_t later_b = Add(Variant(random, letter_b, 100));
  Recluster(*db_, procedure_.id, now_ + 20);
  clusters = Clusters();
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0].id, cluster_a);
  EXPECT_EQ(clusters[0].size(), 10);
  EXPECT_EQ(cluster_of(later_b), cluster_a);
  EXPECT_EQ(cluster_of(a[2]), std::nullopt);
  EXPECT_EQ(clusters[1].id, split->id);
  auto self = db_->Write([&](db::Tx& tx) { return MergeClusters(tx, procedure_.id, cluster_a, cluster_a, now_); });
  EXPECT_FALSE(self.has_value());
  auto gone = db_->Write([&](db::Tx& tx) { return MergeClusters(tx, procedure_.id, cluster_a, cluster_b, now_); });
  ASSERT_FALSE(gone.has_value());
  EXPECT_EQ(gone.error().kind, ErrorKind::kNotFound);
}

TEST_P(ClusterStoreTest, WithdrawnStatementsLeaveAndDetailsAndAnswersAreKept) {
  std::mt19937 random(3);
  std::string letter = Words(random, 100);
  std::vector<std::int64_t> ids;
  for (int idx = 0; idx < 3; ++idx) ids.push_back(Add(Variant(random, letter, idx)));
  Recluster(*db_, procedure_.id, now_);
  auto clusters = Clusters();
  ASSERT_EQ(clusters.size(), 1u);
  const std::int64_t cluster_id = clusters[0].id;

  auto details = db_->Write([&](db::Tx& tx) {
    return SetClusterDetails(tx, procedure_.id, cluster_id, "  Sammeleinwendung Lärm ",
                             {"Bürgerinitiative Lärm", "-", "Markt 2, 04668 Grimma"}, now_);
  });
  ASSERT_FALSE(details.has_value()) << "an organisation cannot be the representative (§ 17 Abs. 1 Satz 3 VwVfG)";
  EXPECT_EQ(details.error().field, "representative");
  details = db_->Write([&](db::Tx& tx) {
    return SetClusterDetails(tx, procedure_.id, cluster_id, "  Sammeleinwendung Lärm ",
                             {" Gisela Markt ", "Rentnerin", "Markt 2, 04668 Grimma"}, now_);
  });
  ASSERT_TRUE(details.has_value());
  EXPECT_EQ(details->representative, "Gisela Markt");
  EXPECT_EQ(details->representative_occupation, "Rentnerin");
  EXPECT_EQ(details->label, "Sammeleinwendung Lärm");
  auto too_long = db_->Write([&](db::Tx& tx) {
    return SetClusterDetails(tx, procedure_.id, cluster_id, std::string(201, 'x'), {}, now_);
  });
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().field, "label");
  auto empty = db_->Write([&](db::Tx& tx) { return RecordClusterAnswer(tx, procedure_.id, cluster_id, " ", 1, now_); });
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().field, "response");
  auto answered = db_->Write([&](db::Tx& tx) {
    return RecordClusterAnswer(tx, procedure_.id, cluster_id, "Die Schallprognose wird geprüft.", user_id_, now_);
  });
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->answered_at, now_);

  // Withdraw one (directly: these paper statements have no user).
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE procedure_statement SET state = 'withdrawn', withdrawn_at = ? WHERE id = ?", {now_, ids[0]});
  });
  EXPECT_EQ(ReclusterDue(*db_, now_ + 60), 1) << "a withdrawal is a reason to run";
  clusters = Clusters();
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].id, cluster_id);
  EXPECT_EQ(clusters[0].statement_ids, (std::vector<std::int64_t>{ids[1], ids[2]}));
  EXPECT_EQ(clusters[0].label, "Sammeleinwendung Lärm");
  EXPECT_EQ(clusters[0].response, "Die Schallprognose wird geprüft.");
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return FindCluster(tx, procedure_.id + 1, cluster_id); }), std::nullopt);
}

MW_INSTANTIATE_FOR_ENGINES(ClusterStoreTest);

}  // namespace
}  // namespace mw::procedures
