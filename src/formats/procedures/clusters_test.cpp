// The mass objections' pages and API through a real HTTP server on both engines: only the tenant's back office sees
// clusters (every view audited), "neu gruppieren", split, merge, label and representative, answering once for all
// members (RespondToStatements, audited), and GET /api/v1/procedures/{id}/clusters.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "formats/procedures/backoffice_store.hpp"
#include "formats/procedures/cluster_store.hpp"
#include "formats/procedures/statements_fixture_test.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kLetterA =
    "Hiermit erhebe ich Einwendungen gegen die Genehmigung der vier Windenergieanlagen, weil das Schallgutachten die "
    "Häuser am Ortsrand nicht berücksichtigt und die nächtliche Belastung unterschätzt. Der Schattenwurf trifft die "
    "Gärten am Lindenweg mehr als dreißig Stunden im Jahr. Ich fordere eine Abschaltautomatik und einen leiseren "
    "Nachtbetrieb sowie ein unabhängiges Gutachten zur Schallausbreitung bei Inversionswetterlagen.";
constexpr std::string_view kLetterB =
    "Der artenschutzrechtliche Fachbeitrag ist unvollständig. Im Wald zwischen Naunhof und Ammelshain brütet ein "
    "Rotmilanpaar weniger als einen Kilometer von Anlage drei entfernt. Die Kartierung an vier Tagen im Frühjahr "
    "erfasst die Flugwege zu den Feldern nicht, und die Fledermäuse am Waldrand sind nicht untersucht.";

class ClusterSiteTest : public StatementSiteTest {
 protected:
  void SetUp() override {
    StatementSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    procedure_ = MakeProcedure(Type::kBimschg, -3);
    for (int idx = 0; idx < 4; ++idx) a_.push_back(Add("Mein Name ist Anwohner " + std::to_string(idx) + ". " +
                                                       std::string(kLetterA)));
    for (int idx = 0; idx < 3; ++idx) b_.push_back(Add("Ich heiße Anwohnerin " + std::to_string(idx) + ". " +
                                                       std::string(kLetterB), idx == 0 ? 60 : 1));
    Add("Ganz andere Gedanken zum Radweg und zur Buslinie nach Leipzig, unabhängig vom Windpark.");
    Recluster(*db_, procedure_.id, now_);
    auto clusters = db_->Read([&](db::Tx& tx) { return ClustersOf(tx, procedure_.id); });
    EXPECT_EQ(clusters.size(), 2u);
    if (clusters.size() == 2) {
      cluster_a_ = clusters[0].id;
      cluster_b_ = clusters[1].id;
    }
  }

  std::int64_t Add(const std::string& text, std::int64_t signatories = 1) {
    Submission submission{.input = {.text = text, .name = "Anwohner", .address = "Markt 1, Grimma"},
                          .channel = Channel::kPaper,
                          .received_at = now_,
                          .signatories = signatories};
    return db_->Write([&](db::Tx& tx) { return Submit(tx, procedure_, submission, now_).id; });
  }

  std::string ListPath() const { return "/grimma/verfahren/" + std::to_string(procedure_.id) + "/bearbeitung/gruppen"; }
  std::string ClusterPath(std::int64_t id) const { return ListPath() + "/" + std::to_string(id); }

  Procedure procedure_;
  std::vector<std::int64_t> a_;
  std::vector<std::int64_t> b_;
  std::int64_t cluster_a_ = 0;
  std::int64_t cluster_b_ = 0;
};

bool Contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

TEST_P(ClusterSiteTest, OnlyTheBackOfficeSeesClustersAndEveryViewIsAudited) {
  Browser anonymous(port());
  auto login = anonymous.Get(ListPath());
  EXPECT_EQ(login.status, 303);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get(ListPath()).status, 403);
  EXPECT_EQ(citizen.Get(ClusterPath(cluster_a_)).status, 403);
  EXPECT_FALSE(Contains(AuditActions(), "procedure.clusters.view"));

  Browser worker(port());
  Login(worker, "case@example.org");
  auto list = worker.Get(ListPath());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("href=\"" + ClusterPath(cluster_a_) + "\""), std::string::npos);
  EXPECT_NE(list.body.find("Hiermit erhebe ich Einwendungen"), std::string::npos) << "a sample excerpt";
  EXPECT_NE(list.body.find("fehlt"), std::string::npos) << "62 signatories and no representative";
  auto show = worker.Get(ClusterPath(cluster_b_));
  ASSERT_EQ(show.status, 200) << show.body;
  EXPECT_NE(show.body.find("Vertretung nach § 17 VwVfG fehlt"), std::string::npos);
  EXPECT_NE(show.body.find("value=\"" + std::to_string(b_[0]) + "\""), std::string::npos);
  EXPECT_EQ(worker.Get(ListPath() + "/999999").status, 404);
  EXPECT_EQ(worker.Get(ListPath() + "/abc").status, 404);
  EXPECT_EQ(worker.Get("/grimma/verfahren/999999/bearbeitung/gruppen").status, 404);
  auto actions = AuditActions();
  EXPECT_TRUE(Contains(actions, "procedure.clusters.view"));
  EXPECT_TRUE(Contains(actions, "procedure.cluster.view"));
}

TEST_P(ClusterSiteTest, CaseWorkersSplitMergeNameAndAnswerOnceForAllMembers) {
  Browser worker(port());
  Login(worker, "case@example.org");
  std::string show = ClusterPath(cluster_a_);

  auto no_choice = worker.Submit(show, show + "/aufteilen", {{"target", "new"}});
  EXPECT_EQ(no_choice.status, 422);
  EXPECT_NE(no_choice.body.find("mindestens eine Stellungnahme"), std::string::npos);
  auto split = worker.Submit(show, show + "/aufteilen",
                             {{"statement", std::to_string(a_[0])}, {"statement", std::to_string(a_[1])},
                              {"target", "new"}});
  ASSERT_EQ(split.status, 303) << split.body;
  auto split_id = db_->Read([&](db::Tx& tx) { return ClusterOfStatement(tx, a_[0]); });
  ASSERT_TRUE(split_id.has_value());
  EXPECT_NE(*split_id, cluster_a_);
  EXPECT_EQ(split.Header("location"), ClusterPath(*split_id));

  auto regroup = worker.Submit(ListPath(), ListPath() + "/neu-gruppieren", {});
  ASSERT_EQ(regroup.status, 303) << regroup.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ClusterOfStatement(tx, a_[0]); }), split_id) << "the split stays";

  auto merge = worker.Submit(show, show + "/zusammenfuehren", {{"other", std::to_string(*split_id)}});
  ASSERT_EQ(merge.status, 303) << merge.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ClusterOfStatement(tx, a_[0]); }), cluster_a_);

  auto too_long = worker.Submit(show, show + "/angaben", {{"label", std::string(201, 'x')}, {"representative", ""}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_NE(too_long.body.find("aria-invalid=\"true\""), std::string::npos);
  // § 17 Abs. 1 VwVfG: a natural person with name, occupation and address; an organisation or a name alone is refused.
  auto organisation = worker.Submit(show, show + "/angaben",
                                    {{"label", "Schall und Schatten"},
                                     {"representative", "Bürgerinitiative Gegenwind e. V."},
                                     {"representative_occupation", "Verein"},
                                     {"representative_address", "Lindenstraße 4, 04683 Naunhof"}});
  EXPECT_EQ(organisation.status, 422);
  EXPECT_NE(organisation.body.find("natürliche Person"), std::string::npos) << organisation.body;
  auto name_only = worker.Submit(show, show + "/angaben",
                                 {{"label", "Schall und Schatten"}, {"representative", "Dr. Helga Brandt"}});
  EXPECT_EQ(name_only.status, 422);
  EXPECT_NE(name_only.body.find("Beruf der Vertretung"), std::string::npos) << name_only.body;
  auto details = worker.Submit(show, show + "/angaben",
                               {{"label", "Schall und Schatten"},
                                {"representative", "Dr. Helga Brandt"},
                                {"representative_occupation", "Ärztin"},
                                {"representative_address", "Lindenstraße 4, 04683 Naunhof"}});
  ASSERT_EQ(details.status, 303) << details.body;

  auto empty = worker.Submit(show, show + "/antworten", {{"response", "  "}});
  EXPECT_EQ(empty.status, 422);
  auto answer = worker.Submit(show, show + "/antworten", {{"response", "Das Schallgutachten wird nachgebessert."}});
  ASSERT_EQ(answer.status, 303) << answer.body;
  auto cluster = db_->Read([&](db::Tx& tx) { return FindCluster(tx, procedure_.id, cluster_a_); });
  ASSERT_TRUE(cluster.has_value());
  EXPECT_EQ(cluster->label, "Schall und Schatten");
  EXPECT_EQ(cluster->representative, "Dr. Helga Brandt");
  EXPECT_EQ(cluster->representative_occupation, "Ärztin");
  EXPECT_EQ(cluster->representative_address, "Lindenstraße 4, 04683 Naunhof");
  EXPECT_FALSE(cluster->NeedsRepresentative());
  EXPECT_TRUE(cluster->answered_at.has_value());
  EXPECT_EQ(cluster->size(), 4);
  auto actions = AuditActions();
  for (std::string_view action : {"procedure.cluster.split", "procedure.clusters.recluster", "procedure.cluster.merge",
                                  "procedure.cluster.details", "procedure.cluster.respond"}) {
    EXPECT_TRUE(Contains(actions, action)) << action;
  }
  auto page = worker.Get(show);
  EXPECT_NE(page.body.find("Schall und Schatten"), std::string::npos);

  // Without the CSRF token nothing happens.
  EXPECT_EQ(worker.Post(show + "/antworten", "response=x").status, 403);
}

// #14 item 8: answering a cluster never overwrites a member's own response without asking: the form names the
// members answered on their own and asks to keep or replace; the cluster's own earlier answer is not "own".
TEST_P(ClusterSiteTest, AnsweringAClusterAsksBeforeReplacingAnOwnResponse) {
  Browser worker(port());
  Login(worker, "case@example.org");
  std::string show = ClusterPath(cluster_a_);
  auto first = worker.Submit(show, show + "/antworten", {{"response", "Das Schallgutachten wird nachgebessert."}});
  ASSERT_EQ(first.status, 303) << first.body;
  auto page = worker.Get(show);
  EXPECT_EQ(page.body.find("name=\"own\""), std::string::npos) << "the cluster's own answer asks nothing";

  // One member gets a response of its own in its statement page.
  db_->Write([&](db::Tx& tx) {
    SetResponses(tx, a_[1], {{0, "Für Sie gilt der Abstand von 1.000 m."}}, std::nullopt, now_);
  });
  auto reference = db_->Read([&](db::Tx& tx) { return FindStatement(tx, a_[1]); })->reference;
  page = worker.Get(show);
  EXPECT_NE(page.body.find("name=\"own\" value=\"keep\""), std::string::npos);
  EXPECT_NE(page.body.find(">" + reference + "</a>"), std::string::npos) << "the member is named";

  // Not without a choice: nothing changes.
  auto unasked = worker.Submit(show, show + "/antworten", {{"response", "Neue gemeinsame Antwort."}});
  EXPECT_EQ(unasked.status, 422);
  EXPECT_NE(unasked.body.find("eigene Abwägung"), std::string::npos);
  auto response_of = [&](std::int64_t id) {
    return db_->Read([&](db::Tx& tx) { return SectionsOf(tx, id); })[0].response;
  };
  EXPECT_EQ(response_of(a_[0]), "Das Schallgutachten wird nachgebessert.");

  // Keep: the others get the new answer, the member keeps its own.
  auto keep = worker.Submit(show, show + "/antworten", {{"response", "Neue gemeinsame Antwort."}, {"own", "keep"}});
  ASSERT_EQ(keep.status, 303);
  EXPECT_EQ(response_of(a_[0]), "Neue gemeinsame Antwort.");
  EXPECT_EQ(response_of(a_[1]), "Für Sie gilt der Abstand von 1.000 m.");
  // Replace: all get it.
  auto replace = worker.Submit(show, show + "/antworten", {{"response", "Endgültige Antwort."}, {"own", "replace"}});
  ASSERT_EQ(replace.status, 303);
  EXPECT_EQ(response_of(a_[1]), "Endgültige Antwort.");
  EXPECT_EQ(response_of(a_[3]), "Endgültige Antwort.");
  page = worker.Get(show);
  EXPECT_EQ(page.body.find("name=\"own\""), std::string::npos) << "no own response is left";
}

// #14 item 8: the cluster page shows the common text once and marks, for each member, what it says beyond it.
TEST_P(ClusterSiteTest, TheClusterPageShowsTheCommonTextOnceAndEachMembersOwnWords) {
  Browser worker(port());
  Login(worker, "case@example.org");
  auto page = worker.Get(ClusterPath(cluster_a_));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Gemeinsamer Text"), std::string::npos);
  EXPECT_NE(page.body.find("enthält eigenen Inhalt"), std::string::npos);
  // "Mein Name ist Anwohner 0. …" is the common text; the others differ in the number only.
  EXPECT_NE(page.body.find("Mein Name ist Anwohner <mark>1. </mark>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("Mein Name ist Anwohner <mark>3. </mark>"), std::string::npos);
  EXPECT_EQ(page.body.find("<mark>0. </mark>"), std::string::npos);
}

TEST_P(ClusterSiteTest, ApiListsClustersWithTheirStatementIdsForTheBackOffice) {
  std::string path = "/api/v1/procedures/" + std::to_string(procedure_.id) + "/clusters";
  EXPECT_EQ(mw::testing::Send(port(), "GET", path, {}, "").status, 401);
  EXPECT_EQ(Api("GET", path, ApiToken(citizen_)).status, 403);
  EXPECT_EQ(Api("GET", "/api/v1/procedures/999999/clusters", ApiToken(case_worker_)).status, 404);
  auto response = Api("GET", path, ApiToken(case_worker_));
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = boost::json::parse(response.body).as_object();
  const auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  const auto& first = items[0].as_object();
  EXPECT_EQ(first.at("id").as_int64(), cluster_a_);
  EXPECT_EQ(first.at("size").as_int64(), 4);
  EXPECT_EQ(first.at("signatories").as_int64(), 4);
  EXPECT_EQ(first.at("label").as_string(), "");
  EXPECT_EQ(first.at("representative").as_string(), "");
  ASSERT_EQ(first.at("statement_ids").as_array().size(), 4u);
  EXPECT_EQ(first.at("statement_ids").as_array()[0].as_int64(), a_[0]);
  EXPECT_EQ(items[1].as_object().at("signatories").as_int64(), 62);
  EXPECT_TRUE(Contains(AuditActions(), "procedure.clusters.read"));
}

MW_INSTANTIATE_FOR_ENGINES(ClusterSiteTest);

}  // namespace
}  // namespace mw::procedures
