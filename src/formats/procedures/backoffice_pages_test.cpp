// The back office over HTTP on both engines: who may enter, the inbox with search and filters, one statement with
// status, tags, split and responses, text blocks, the weighing table's files, the audit entries of every view, and
// the published result.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "formats/procedures/backoffice_export.hpp"
#include "formats/procedures/backoffice_store.hpp"
#include "formats/procedures/cluster_store.hpp"
#include "formats/procedures/pdf_renders.hpp"
#include "formats/procedures/pdf_support.hpp"
#include "formats/procedures/pdf_text_test.hpp"
#include "formats/procedures/publication_store.hpp"
#include "formats/procedures/site_fixture_test.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

// A server with the platform's routes and only the back office's; tenants grimma and naunhof, a case worker of each
// and a citizen; a published BImSchG procedure of grimma with two statements, whose objection period is over at now_.
class BackofficePagesTest : public ProcedureSiteTest {
 protected:
  void SetUp() override {
    ProcedureSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    worker_ = CreateUser("sb@grimma.example", "Sam Bearbeiter", accounts::Role::kCaseWorker, tenant_.id);
    CreateUser("sb@naunhof.example", "Nora Naunhof", accounts::Role::kCaseWorker, other_.id);
    CreateUser("citizen@example.org", "Cora Citizen");

    ProcedureInput input{.type = Type::kBimschg,
                         .title = "Windpark Grimma",
                         .description = "Vier Windenergieanlagen",
                         .display_start = {2025, 10, 6}};
    auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
    procedure_ = db_->Write([&](db::Tx& tx) {
      auto created = Create(tx, tenant_.id, std::nullopt, input, *dates, 1'759'000'000);
      return *SetPhase(tx, created.id, Phase::kPublished, 1'759'000'000);
    });
    anna_ = Add("Die Windenergieanlage ist zu laut. Der Rotmilan brütet im Wald.", "Anna Anwohnerin",
                "anna@example.org", 1'760'000'000);
    bernd_ = Add("Viele Bäume werden gefällt.", "Bernd Baumfreund", "bernd@example.org", 1'760'000'100);
  }

  void RegisterFormatRoutes(http::Router& router) override { RegisterBackofficeRoutes(router, *services_); }
  bool RateLimited() const override { return false; }
  void CreateTenants(db::Tx& tx) override {
    ProcedureSiteTest::CreateTenants(tx);
    other_ = *tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_);
  }

  Statement Add(std::string text, std::string name, std::string email, db::UnixSeconds received_at) {
    Submission submission{.input = {.text = std::move(text), .name = std::move(name), .address = "Markt 1, 04668 Grimma"},
                          .author_email = std::move(email),
                          .received_at = received_at};
    return db_->Write([&](db::Tx& tx) { return Submit(tx, procedure_, submission, received_at); });
  }

  // The redaction review's decision: published, with the blackouts `spans` (see publication_test.cpp for the form).
  void Publish(const Statement& statement, std::vector<redaction::Span> spans = {}) {
    db_->Write([&](db::Tx& tx) {
      SavePublication(tx,
                      {.statement_id = statement.id,
                       .state = PublicationState::kPublished,
                       .redacted_text = redaction::Apply(statement.text, spans),
                       .spans = spans,
                       .reviewed_by = worker_.id},
                      now_);
    });
  }

  std::string Inbox() const { return "/grimma/verfahren/" + std::to_string(procedure_.id) + "/bearbeitung"; }
  std::string StatementPage(const Statement& s) const { return Inbox() + "/" + std::to_string(s.id); }

  std::vector<audit::Entry> AuditEntries(std::string_view action) {
    auto all = db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 500); });
    std::erase_if(all, [&](const audit::Entry& entry) { return entry.action != action; });
    return all;
  }

  tenancy::Tenant other_;
  accounts::User worker_;
  Procedure procedure_;
  Statement anna_;
  Statement bernd_;
};

TEST_P(BackofficePagesTest, OnlyTheTenantsCaseWorkersEnter) {
  Browser anonymous(server_->port());
  auto login = anonymous.Get(Inbox());
  EXPECT_EQ(login.status, 303);
  EXPECT_NE(login.Header("location").find("/anmelden"), std::string::npos);

  Browser citizen(server_->port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get(Inbox()).status, 403);
  EXPECT_EQ(citizen.Get(StatementPage(anna_)).status, 403);
  EXPECT_EQ(citizen.Get(Inbox() + "/abwaegung.csv").status, 403);
  EXPECT_EQ(citizen.Get("/grimma/verfahren/textbausteine").status, 403);

  Browser stranger(server_->port());
  Login(stranger, "sb@naunhof.example");
  EXPECT_EQ(stranger.Get(Inbox()).status, 403);
  EXPECT_EQ(stranger.Get(StatementPage(anna_)).status, 403);
  // In their own tenant the procedure does not exist.
  EXPECT_EQ(stranger.Get("/naunhof/verfahren/" + std::to_string(procedure_.id) + "/bearbeitung").status, 404);

  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  EXPECT_EQ(worker.Get(Inbox()).status, 200);
  EXPECT_EQ(worker.Get(Inbox() + "/999999").status, 404);
  EXPECT_EQ(worker.Get(Inbox() + "?status=erfunden").status, 400);
  EXPECT_TRUE(AuditEntries("statement.view").empty());
}

// #14 item 10: "Meine Aufgaben" shows a case worker how many new statements nobody is assigned to wait in each
// procedure's inbox and how many are assigned to them, each linking to the inbox filtered the same way.
TEST_P(BackofficePagesTest, MyTasksCountsTheNewStatementsWaitingInTheInbox) {
  RegisterTaskSource(*services_);
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto tasks = worker.Get("/aufgaben");
  ASSERT_EQ(tasks.status, 200);
  const std::string unassigned_link = Inbox() + "?status=new&amp;zustaendig=niemand&amp;zurueckgezogen=nein";
  EXPECT_NE(tasks.body.find("href=\"" + unassigned_link + "\">Neue Stellungnahmen ohne Zuständigkeit: Windpark "
                            "Grimma (2)</a>"),
            std::string::npos)
      << tasks.body;
  EXPECT_EQ(tasks.body.find("Ihnen zugewiesene"), std::string::npos) << "none is assigned to them";
  EXPECT_EQ(tasks.body.find("Nichts zu tun"), std::string::npos);

  db_->Write([&](db::Tx& tx) { SetWork(tx, anna_.id, WorkStatus::kInProgress, worker_.id, worker_.id, now_); });
  tasks = worker.Get("/aufgaben");
  EXPECT_NE(tasks.body.find("Windpark Grimma (1)</a>"), std::string::npos);
  EXPECT_NE(tasks.body.find(">Ihnen zugewiesene, nicht erledigte Stellungnahmen: Windpark Grimma (1)</a>"),
            std::string::npos);
  auto inbox = worker.Get(Inbox() + "?status=new&zustaendig=niemand&zurueckgezogen=nein");
  ASSERT_EQ(inbox.status, 200);
  EXPECT_NE(inbox.body.find("Bernd Baumfreund"), std::string::npos);
  EXPECT_EQ(inbox.body.find("Anna Anwohnerin"), std::string::npos) << "the link shows what was counted";

  db_->Write([&](db::Tx& tx) {
    SetWork(tx, anna_.id, WorkStatus::kDone, worker_.id, worker_.id, now_);
    SetWork(tx, bernd_.id, WorkStatus::kDone, std::nullopt, worker_.id, now_);
  });
  tasks = worker.Get("/aufgaben");
  EXPECT_NE(tasks.body.find("Nichts zu tun"), std::string::npos) << "everything is done";

  // Another tenant's case worker and a citizen have nothing to do here; the citizen's own statements are linked.
  Browser stranger(server_->port());
  Login(stranger, "sb@naunhof.example");
  EXPECT_EQ(stranger.Get("/aufgaben").body.find("Windpark Grimma"), std::string::npos);
  Browser citizen(server_->port());
  Login(citizen, "citizen@example.org");
  auto own = citizen.Get("/aufgaben");
  EXPECT_NE(own.body.find("Nichts zu tun"), std::string::npos);
  EXPECT_NE(own.body.find("href=\"/stellungnahmen\">Meine Stellungnahmen (0)</a>"), std::string::npos);
}

TEST_P(BackofficePagesTest, InboxSearchesFiltersAndAuditsEveryView) {
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto all = worker.Get(Inbox());
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("Anna Anwohnerin"), std::string::npos);
  EXPECT_NE(all.body.find("Bernd Baumfreund"), std::string::npos);
  EXPECT_NE(all.body.find("/gruppen"), std::string::npos);
  auto search = worker.Get(Inbox() + "?q=Windenergieanlagen");
  ASSERT_EQ(search.status, 200);
  EXPECT_NE(search.body.find("Anna Anwohnerin"), std::string::npos);
  EXPECT_EQ(search.body.find("Bernd Baumfreund"), std::string::npos);
  auto trees = worker.Get(Inbox() + "?q=Baum&status=new&sortierung=nummer&richtung=ab");
  EXPECT_EQ(trees.body.find("Anna Anwohnerin"), std::string::npos);
  EXPECT_NE(trees.body.find("Bernd Baumfreund"), std::string::npos);
  auto done = worker.Get(Inbox() + "?status=done");
  EXPECT_EQ(done.body.find("Anna Anwohnerin"), std::string::npos);
  auto lists = AuditEntries("statement.list");
  ASSERT_EQ(lists.size(), 4u);
  EXPECT_EQ(lists[0].actor_user_id, worker_.id);
  EXPECT_EQ(lists[0].object, "procedure:" + std::to_string(procedure_.id));
  EXPECT_NE(lists.back().detail.find(anna_.reference), std::string::npos);
}

// #14 item 8: the search shows where it found each statement, the hits marked and the text escaped.
TEST_P(BackofficePagesTest, TheInboxSearchShowsSnippetsWithTheHitsMarked) {
  Add("Ein <b>Lärmschutz</b> & mehr: die Anlage lärmt nachts.", "Lena Laut", "lena@example.org", 1'760'000'300);
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto search = worker.Get(Inbox() + "?q=L%C3%A4rm");
  ASSERT_EQ(search.status, 200);
  EXPECT_NE(search.body.find("Ein &lt;b&gt;<mark>Lärmschutz</mark>&lt;/b&gt; &amp; mehr: die Anlage <mark>lärmt</mark> "
                             "nachts."),
            std::string::npos)
      << search.body;
  EXPECT_EQ(search.body.find("<b>Lärmschutz"), std::string::npos);
  auto milan = worker.Get(Inbox() + "?q=Rotmilan+br%C3%BCtet");
  EXPECT_NE(milan.body.find("Der <mark>Rotmilan</mark> <mark>brütet</mark> im Wald."), std::string::npos);
  // Without a search the beginning of the text, unmarked.
  auto all = worker.Get(Inbox());
  EXPECT_EQ(all.body.find("<mark>"), std::string::npos);
}

TEST_P(BackofficePagesTest, CaseWorkerWeighsAStatement) {
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto page = worker.Get(StatementPage(anna_));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("anna@example.org"), std::string::npos);
  EXPECT_NE(page.body.find("Der Rotmilan"), std::string::npos);
  ASSERT_EQ(AuditEntries("statement.view").size(), 1u);

  std::string base = StatementPage(anna_);
  auto work = worker.Submit(base, base + "/stand", {{"status", "in_progress"}, {"assignee", std::to_string(worker_.id)}});
  EXPECT_EQ(work.status, 303) << work.body;
  auto foreign = CreateUser("x@naunhof.example", "Xaver", accounts::Role::kCaseWorker, other_.id);
  auto refused = worker.Submit(base, base + "/stand", {{"status", "done"}, {"assignee", std::to_string(foreign.id)}});
  EXPECT_EQ(refused.status, 422);
  auto state = db_->Read([&](db::Tx& tx) { return WorkOf(tx, anna_.id); });
  EXPECT_EQ(state.status, WorkStatus::kInProgress);
  EXPECT_EQ(state.assignee_id, worker_.id);

  EXPECT_EQ(worker.Submit(base, base + "/schlagworte", {{"tags", "Lärm, Artenschutz"}}).status, 303);
  EXPECT_EQ(worker.Submit(base, base + "/schlagworte", {{"tags", std::string(80, 'x')}}).status, 422);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return TagsOfStatement(tx, anna_.id); }),
            (std::vector<std::string>{"Artenschutz", "Lärm"}));

  auto changed = worker.Submit(base, base + "/abschnitte", {{"sections", "Die Windkraft ist toll.\n---\nDer Rotmilan."}});
  EXPECT_EQ(changed.status, 422);
  auto split = worker.Submit(base, base + "/abschnitte",
                             {{"sections", "Die Windenergieanlage ist zu laut.\n---\nDer Rotmilan brütet im Wald."}});
  EXPECT_EQ(split.status, 303) << split.body;

  // A text block is appended without saving, then the responses are saved.
  auto block = db_->Write([&](db::Tx& tx) {
    return CreateTextBlock(tx, tenant_.id, {"Schall", "Die Richtwerte der TA Lärm werden eingehalten."}, now_);
  });
  auto inserted = worker.Submit(base, base + "/abwaegung",
                                {{"response-1", "Geprüft."}, {"response-2", ""}, {"block-1", std::to_string(block.id)},
                                 {"insert", "1"}});
  ASSERT_EQ(inserted.status, 200);
  EXPECT_NE(inserted.body.find("Geprüft.\n\nDie Richtwerte der TA Lärm werden eingehalten."), std::string::npos);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return SectionsOf(tx, anna_.id); })[0].response, "");
  auto saved = worker.Submit(base, base + "/abwaegung",
                             {{"response-1", "Die Richtwerte werden eingehalten."},
                              {"response-2", "Abschaltzeiten werden festgesetzt."}, {"save", "1"}});
  EXPECT_EQ(saved.status, 303) << saved.body;
  auto sections = db_->Read([&](db::Tx& tx) { return SectionsOf(tx, anna_.id); });
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].excerpt, "Die Windenergieanlage ist zu laut.");
  EXPECT_EQ(sections[1].response, "Abschaltzeiten werden festgesetzt.");
  EXPECT_EQ(sections[1].response_by, worker_.id);
  EXPECT_EQ(AuditEntries("statement.work").size(), 1u);
  EXPECT_EQ(AuditEntries("statement.tags").size(), 1u);
  EXPECT_EQ(AuditEntries("statement.split").size(), 1u);
  EXPECT_EQ(AuditEntries("statement.respond").size(), 1u);
}

// Issue #12 item 12: a case worker overrides the late flag with a required reason; audited, shown in the back
// office, and the weighing table (and its filter) use the overridden flag.
TEST_P(BackofficePagesTest, ACaseWorkerOverridesTheLateFlagWithAReason) {
  Statement late = Add("Eingeworfen in den Nachtbriefkasten am letzten Tag.", "Nina Nacht", "nina@example.org",
                       EndOfDay(procedure_.objection_end) + 8 * 3600);
  ASSERT_TRUE(late.late);
  std::string action = StatementPage(late) + "/frist";

  Browser citizen(server_->port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Submit(Inbox(), action, {{"late", "in_time"}, {"late_reason", "Bitte"}}).status, 403);

  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto page = worker.Get(StatementPage(late));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Fristwahrung"), std::string::npos);
  auto no_reason = worker.Submit(StatementPage(late), action, {{"late", "in_time"}, {"late_reason", "  "}});
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_NE(no_reason.body.find("Bitte begründen Sie die Änderung der Fristwahrung"), std::string::npos);
  EXPECT_EQ(worker.Submit(StatementPage(late), action, {{"late", "maybe"}, {"late_reason", "x"}}).status, 422);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return FindStatement(tx, late.id); })->late) << "refused changes nothing";
  EXPECT_TRUE(AuditEntries("statement.late_override").empty());

  auto saved = worker.Submit(StatementPage(late), action,
                             {{"late", "in_time"},
                              {"late_reason", "Einwurf in den Nachtbriefkasten vor Mitternacht (Vermerk Poststelle)"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto stored = db_->Read([&](db::Tx& tx) { return FindStatement(tx, late.id); });
  EXPECT_FALSE(stored->late);
  EXPECT_TRUE(stored->late_by_receipt);
  EXPECT_EQ(stored->late_override_by, worker_.id);
  auto entries = AuditEntries("statement.late_override");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_NE(entries[0].detail.find("verspätet → rechtzeitig"), std::string::npos) << entries[0].detail;
  EXPECT_NE(entries[0].detail.find("Nachtbriefkasten"), std::string::npos);

  auto shown = worker.Get(StatementPage(late));
  EXPECT_NE(shown.body.find("Von der Sachbearbeitung als rechtzeitig gewertet (Sam Bearbeiter"), std::string::npos)
      << shown.body;
  EXPECT_NE(shown.body.find("Einwurf in den Nachtbriefkasten vor Mitternacht"), std::string::npos);
  auto csv = worker.Get(Inbox() + "/abwaegung.csv");
  EXPECT_NE(csv.body.find(late.reference + ";"), std::string::npos);
  EXPECT_EQ(csv.body.find("Uhr;ja;"), std::string::npos) << "no statement is late: " << csv.body;
  auto late_only = worker.Get(Inbox() + "?verspaetet=ja");
  EXPECT_EQ(late_only.body.find(late.reference), std::string::npos);

  // Back to the receipt time: late again, also audited.
  ASSERT_EQ(worker.Submit(StatementPage(late), action, {{"late", "receipt"}, {"late_reason", "Irrtum"}}).status, 303);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return FindStatement(tx, late.id); })->late);
  EXPECT_EQ(AuditEntries("statement.late_override").size(), 2u);
}

// Issue #12 item 14: the published result is a frozen, versioned snapshot; a correction is a new, dated version and
// the older ones stay listed; a statement received after the decision never enters a published result.
TEST_P(BackofficePagesTest, ThePublishedResultIsFrozenAndCorrectionsAreNewVersions) {
  std::string result = "/grimma/verfahren/" + std::to_string(procedure_.id) + "/ergebnis";
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  db_->Write([&](db::Tx& tx) {
    SetResponses(tx, bernd_.id, {{0, "Ersatzpflanzungen sind vorgesehen."}}, worker_.id, now_);
  });
  now_ = 1'780'000'000;
  ASSERT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "yes"}}).status, 303);

  // The back office changes its weighing afterwards: the public page still shows what was published.
  db_->Write([&](db::Tx& tx) {
    SetResponses(tx, bernd_.id, {{0, "Ersatzpflanzungen im Verhältnis 1:3 sind vorgesehen."}}, worker_.id, now_);
  });
  Browser visitor(server_->port());
  auto frozen = visitor.Get(result);
  ASSERT_EQ(frozen.status, 200);
  EXPECT_NE(frozen.body.find("Ersatzpflanzungen sind vorgesehen."), std::string::npos) << frozen.body;
  EXPECT_EQ(frozen.body.find("1:3"), std::string::npos) << "no live render of the back office's table";
  EXPECT_NE(frozen.body.find("Fassung 1 vom"), std::string::npos);
  auto first_pdf = visitor.Get(result + ".pdf");
  ASSERT_EQ(first_pdf.status, 200);

  // The procedure is decided; a statement arriving afterwards is stored and flagged, but not published.
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(SetPhase(tx, procedure_.id, Phase::kDecided, now_).has_value()); });
  Statement after = Add("Ich habe erst jetzt davon erfahren.", "Paul Spät", "paul@example.org", now_ + 3600);
  db_->Write([&](db::Tx& tx) {
    SetResponses(tx, after.id, {{0, "Nach der Entscheidung eingegangen."}}, worker_.id, now_ + 3600);
  });
  now_ = 1'780'086'400;
  Login(worker, "sb@grimma.example");  // a day later
  auto flagged = worker.Get(StatementPage(after));
  ASSERT_EQ(flagged.status, 200);
  EXPECT_NE(flagged.body.find("nach der Entscheidung eingegangen"), std::string::npos);

  // Publishing again is a correction: version 2, dated; version 1 stays listed and unchanged.
  ASSERT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "yes"}}).status, 303);
  auto corrected = visitor.Get(result);
  ASSERT_EQ(corrected.status, 200);
  EXPECT_NE(corrected.body.find("1:3 sind vorgesehen."), std::string::npos);
  EXPECT_EQ(corrected.body.find("Nach der Entscheidung eingegangen."), std::string::npos) << corrected.body;
  EXPECT_NE(corrected.body.find("Fassung 2 vom"), std::string::npos);
  EXPECT_NE(corrected.body.find("?fassung=1"), std::string::npos) << "the first version stays listed";
  auto old = visitor.Get(result + "?fassung=1");
  ASSERT_EQ(old.status, 200);
  EXPECT_NE(old.body.find("Ersatzpflanzungen sind vorgesehen."), std::string::npos);
  EXPECT_NE(old.body.find("durch eine spätere, berichtigte Fassung ersetzt"), std::string::npos);
  EXPECT_EQ(visitor.Get(result + "?fassung=3").status, 404);
  auto second_pdf = visitor.Get(result + ".pdf");
  ASSERT_EQ(second_pdf.status, 200);
  EXPECT_TRUE(second_pdf.body != first_pdf.body);
  EXPECT_TRUE(visitor.Get(result + ".pdf?fassung=1").body == first_pdf.body) << "the first version's PDF is unchanged";
  auto versions = db_->Read([&](db::Tx& tx) { return ResultVersions(tx, procedure_.id); });
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].published_at, 1'780'000'000);
  EXPECT_EQ(versions[1].published_at, 1'780'086'400);

  // Nothing changed since: publishing again adds no version.
  ASSERT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "yes"}}).status, 303);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ResultVersions(tx, procedure_.id); }).size(), 2u);
  auto audits = AuditEntries("procedure.result.publish");
  ASSERT_EQ(audits.size(), 3u);
}

// § 12 Abs. 2 der 9. BImSchV (issue #12 item 10): the export for the applicant blacks out name and address (also in
// the text) where the person asked for it, and keeps them otherwise; audited; only the back office gets it.
TEST_P(BackofficePagesTest, TheExportForTheApplicantConcealsNameAndAddressOnRequest) {
  Statement concealed = db_->Write([&](db::Tx& tx) {
    return Submit(tx, procedure_,
                  {.input = {.text = "Ich, Vera Verborgen, wohne in der Hainstraße 5 und lehne die Anlage ab.",
                             .name = "Vera Verborgen",
                             .address = "Hainstraße 5, 04668 Grimma"},
                   .author_email = "vera@example.org",
                   .received_at = 1'760'000'200,
                   .conceal_from_applicant = true},
                  1'760'000'200);
  });
  std::string path = Inbox() + "/antragstellerin.csv";
  Browser citizen(server_->port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get(path).status, 403);
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto inbox = worker.Get(Inbox());
  EXPECT_NE(inbox.body.find("antragstellerin.csv"), std::string::npos);
  auto csv = worker.Get(path);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.find("Vera"), std::string::npos) << csv.body;
  EXPECT_EQ(csv.body.find("Hainstraße 5"), std::string::npos);
  EXPECT_NE(csv.body.find(concealed.reference + ";"), std::string::npos);
  EXPECT_NE(csv.body.find("[auf Verlangen unkenntlich gemacht, § 12 Abs. 2 der 9. BImSchV]"), std::string::npos);
  EXPECT_NE(csv.body.find("Ich, […], wohne in der […] und lehne die Anlage ab."), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("Anna Anwohnerin;Markt 1, 04668 Grimma"), std::string::npos) << "no request: kept";
  EXPECT_EQ(AuditEntries("procedure.applicant.export").size(), 1u);
  EXPECT_NE(worker.Get(StatementPage(concealed)).body.find("vor Weitergabe an die Antragstellerin unkenntlich"),
            std::string::npos);
}

TEST_P(BackofficePagesTest, TextBlocksOfTheTenant) {
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  std::string base = "/grimma/verfahren/textbausteine";
  EXPECT_EQ(worker.Get(base).status, 200);
  EXPECT_EQ(worker.Submit(base, base, {{"title", ""}, {"text", "x"}}).status, 422);
  EXPECT_EQ(worker.Submit(base, base, {{"title", "Verkehr"}, {"text", "Die Straße reicht aus."}}).status, 303);
  auto blocks = db_->Read([&](db::Tx& tx) { return TextBlocksOf(tx, tenant_.id); });
  ASSERT_EQ(blocks.size(), 1u);
  std::string edit = base + "/" + std::to_string(blocks[0].id);
  auto form = worker.Get(edit);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Die Straße reicht aus."), std::string::npos);
  EXPECT_EQ(worker.Submit(edit, edit, {{"title", "Verkehr"}, {"text", "Neu gefasst."}}).status, 303);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return TextBlocksOf(tx, tenant_.id); })[0].text, "Neu gefasst.");

  Browser stranger(server_->port());
  Login(stranger, "sb@naunhof.example");
  EXPECT_EQ(stranger.Get("/naunhof/verfahren/textbausteine/" + std::to_string(blocks[0].id)).status, 404);
  EXPECT_EQ(stranger.Submit("/naunhof/verfahren/textbausteine",
                            "/naunhof/verfahren/textbausteine/" + std::to_string(blocks[0].id) + "/loeschen", {})
                .status,
            404);

  EXPECT_EQ(worker.Submit(base, edit + "/loeschen", {}).status, 303);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return TextBlocksOf(tx, tenant_.id); }).empty());
  EXPECT_EQ(AuditEntries("procedure.text_block.create").size(), 1u);
  EXPECT_EQ(AuditEntries("procedure.text_block.delete").size(), 1u);
}

// #14 item 8: a statement's page leads to the previous and next statement of the list the case worker came from —
// with its filter and order — also after a change took the statement out of that filter.
TEST_P(BackofficePagesTest, AStatementLeadsToItsNeighboursInTheFilteredList) {
  Statement clara = Add("Die Zufahrt ist zu schmal.", "Clara Zufahrt", "clara@example.org", 1'760'000'050);
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  const std::string filter = "?richtung=ab&status=new";  // newest first: bernd, clara, anna
  auto inbox = worker.Get(Inbox() + filter);
  ASSERT_EQ(inbox.status, 200);
  EXPECT_NE(inbox.body.find("href=\"" + StatementPage(clara) + "?richtung=ab&amp;status=new\""), std::string::npos)
      << "the list's links carry its filter";

  auto page = worker.Get(StatementPage(clara) + filter);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Stellungnahme 2 von 3 in der Liste"), std::string::npos);
  // Leaving with unsaved changes asks first where the script runs; the forms are marked, the script is external.
  EXPECT_NE(page.body.find("data-unsaved-warning>"), std::string::npos);
  EXPECT_NE(page.body.find("unsaved-warning.js\" defer></script>"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"" + StatementPage(bernd_) + "?richtung=ab&amp;status=new\" rel=\"prev\""),
            std::string::npos);
  EXPECT_NE(page.body.find("href=\"" + StatementPage(anna_) + "?richtung=ab&amp;status=new\" rel=\"next\""),
            std::string::npos);
  EXPECT_NE(page.body.find("href=\"" + Inbox() + "?richtung=ab&amp;status=new\""), std::string::npos);
  auto first = worker.Get(StatementPage(bernd_) + filter);
  EXPECT_EQ(first.body.find("rel=\"prev\""), std::string::npos);
  EXPECT_NE(first.body.find("Stellungnahme 1 von 3 in der Liste"), std::string::npos);

  // Saving keeps the way: the form leads back to the page with the filter, and the neighbours stay where they were
  // although the statement no longer matches "neu".
  auto saved = worker.Submit(StatementPage(clara) + filter, StatementPage(clara) + "/stand" + filter,
                             {{"status", "in_progress"}, {"assignee", ""}});
  ASSERT_EQ(saved.status, 303);
  EXPECT_EQ(saved.Header("location"), StatementPage(clara) + filter);
  page = worker.Get(StatementPage(clara) + filter);
  EXPECT_NE(page.body.find("passt nicht mehr zum Filter der Liste (2 Stellungnahmen)"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"" + StatementPage(anna_) + "?richtung=ab&amp;status=new\" rel=\"next\""),
            std::string::npos);
  EXPECT_NE(page.body.find("href=\"" + StatementPage(bernd_) + "?richtung=ab&amp;status=new\" rel=\"prev\""),
            std::string::npos);

  // A full-text filter is carried the same way; a bad filter is refused clearly.
  page = worker.Get(StatementPage(anna_) + "?q=Rotmilan");
  EXPECT_NE(page.body.find("Stellungnahme 1 von 1 in der Liste"), std::string::npos);
  EXPECT_EQ(page.body.find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(worker.Get(StatementPage(anna_) + "?sortierung=erfunden").status, 400);
  EXPECT_EQ(worker.Get(StatementPage(anna_) + "?q=" + std::string(300, 'x')).status, 400);
}

// #14 item 8: several statements at once from the inbox — assign, set the status, add a tag — with one plain form
// (no script), an audit entry per statement and a notice naming how many changed; a bad selection changes nothing.
TEST_P(BackofficePagesTest, BulkActionsChangeTheSelectedStatements) {
  Statement clara = Add("Die Zufahrt ist zu schmal.", "Clara Zufahrt", "clara@example.org", 1'760'000'050);
  db_->Write([&](db::Tx& tx) { SetStatementTags(tx, procedure_.id, anna_.id, {"Lärm"}); });
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  const std::string page = Inbox() + "?status=new";
  auto inbox = worker.Get(page);
  ASSERT_EQ(inbox.status, 200);
  EXPECT_NE(inbox.body.find("name=\"statement\" type=\"checkbox\" value=\"" + std::to_string(anna_.id) + "\""),
            std::string::npos);
  EXPECT_NE(inbox.body.find("action=\"" + Inbox() + "/sammelaktion?status=new\""), std::string::npos);

  auto done = worker.Submit(page, Inbox() + "/sammelaktion?status=new",
                            {{"statement", std::to_string(anna_.id)},
                             {"statement", std::to_string(clara.id)},
                             {"bulk_status", "in_progress"},
                             {"bulk_assignee", "ich"},
                             {"bulk_tag", "Verkehr, lärm"}});
  ASSERT_EQ(done.status, 303);
  EXPECT_EQ(done.Header("location"), Inbox() + "?status=new&geaendert=2");
  auto after = worker.Get(done.Header("location"));
  EXPECT_NE(after.body.find("2 Stellungnahmen wurden geändert."), std::string::npos);
  for (const auto* statement : {&anna_, &clara}) {
    auto work = db_->Read([&](db::Tx& tx) { return WorkOf(tx, statement->id); });
    EXPECT_EQ(work.status, WorkStatus::kInProgress);
    EXPECT_EQ(work.assignee_id, worker_.id);
  }
  auto sorted_tags = [&](const Statement& statement) {
    auto tags = db_->Read([&](db::Tx& tx) { return TagsOfStatement(tx, statement.id); });
    std::sort(tags.begin(), tags.end());
    return tags;
  };
  EXPECT_EQ(sorted_tags(anna_), (std::vector<std::string>{"Lärm", "Verkehr"}))
      << "tags are added, and one that differs only by case is not added twice";
  EXPECT_EQ(sorted_tags(clara), (std::vector<std::string>{"Verkehr", "lärm"}));
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return WorkOf(tx, bernd_.id); }).status, WorkStatus::kNew) << "not selected";
  EXPECT_EQ(AuditEntries("statement.bulk").size(), 2u);

  // Only the status: the assignee stays. "niemand" takes it away.
  EXPECT_EQ(
      worker.Submit(page, Inbox() + "/sammelaktion", {{"statement", std::to_string(anna_.id)}, {"bulk_status", "done"}})
          .status,
      303);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return WorkOf(tx, anna_.id); }).assignee_id, worker_.id);
  EXPECT_EQ(worker
                .Submit(page, Inbox() + "/sammelaktion",
                        {{"statement", std::to_string(anna_.id)}, {"bulk_assignee", "niemand"}})
                .status,
            303);
  auto anna_work = db_->Read([&](db::Tx& tx) { return WorkOf(tx, anna_.id); });
  EXPECT_FALSE(anna_work.assignee_id.has_value());
  EXPECT_EQ(anna_work.status, WorkStatus::kDone);

  // Refused, and nothing changes: no selection, nothing to change, an id of another procedure or not a number, too
  // many, a foreign assignee, no CSRF token.
  auto bulk = [&](mw::testing::FormFields fields) {
    return worker.Submit(page, Inbox() + "/sammelaktion", std::move(fields));
  };
  EXPECT_EQ(bulk({{"bulk_status", "done"}}).status, 422);
  EXPECT_EQ(bulk({{"statement", std::to_string(bernd_.id)}}).status, 422);
  EXPECT_EQ(bulk({{"statement", std::to_string(bernd_.id)}, {"statement", "999999"}, {"bulk_status", "done"}}).status,
            400);
  EXPECT_EQ(bulk({{"statement", "abc"}, {"bulk_status", "done"}}).status, 400);
  EXPECT_EQ(bulk({{"statement", std::to_string(bernd_.id)}, {"bulk_status", "erfunden"}}).status, 400);
  mw::testing::FormFields many{{"bulk_status", "done"}};
  for (int idx = 0; idx < 501; ++idx) many.emplace_back("statement", std::to_string(bernd_.id));
  EXPECT_EQ(bulk(many).status, 422);
  auto stranger = CreateUser("fremd@example.org", "Fremde Person");
  EXPECT_EQ(bulk({{"statement", std::to_string(bernd_.id)}, {"bulk_assignee", std::to_string(stranger.id)}}).status,
            422);
  EXPECT_EQ(
      worker.Post(Inbox() + "/sammelaktion", "statement=" + std::to_string(bernd_.id) + "&bulk_status=done").status,
      403);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return WorkOf(tx, bernd_.id); }).status, WorkStatus::kNew);
  EXPECT_EQ(AuditEntries("statement.bulk").size(), 4u);

  Browser citizen(server_->port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(
      citizen
          .Submit("/", Inbox() + "/sammelaktion", {{"statement", std::to_string(bernd_.id)}, {"bulk_status", "done"}})
          .status,
      403);
}

TEST_P(BackofficePagesTest, WeighingTableFiles) {
  db_->Write([&](db::Tx& tx) {
    SetResponses(tx, bernd_.id, {{0, "Ersatzpflanzungen sind vorgesehen."}}, worker_.id, now_);
    SetStatementTags(tx, procedure_.id, bernd_.id, {"Bäume"});
  });
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto csv = worker.Get(Inbox() + "/abwaegung.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF"));
  EXPECT_NE(csv.Header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_NE(csv.body.find("Nummer;Eingang;Verspätet;Formgerecht;Gruppe;Einreichende;Abschnitt;Stellungnahme;Abwägung;"
                          "Schlagworte;Stand"),
            std::string::npos);
  // Bernd's statement came in online, which meets the written form of a BImSchG procedure; it is in no group.
  EXPECT_NE(csv.body.find(bernd_.reference + ";" + site::FormatTime(bernd_.received_at, "de") +
                          ";nein;ja;;Bernd "
                          "Baumfreund;;Viele Bäume werden gefällt.;Ersatzpflanzungen sind vorgesehen.;Bäume;neu"),
            std::string::npos)
      << csv.body;
  auto xlsx = worker.Get(Inbox() + "/abwaegung.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  const std::string sheet = mw::testing::ZipEntry(xlsx.body, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet.empty());
  for (std::string_view text : {"Formgerecht", "Gruppe", "Ersatzpflanzungen sind vorgesehen.", "Bernd Baumfreund"}) {
    EXPECT_NE(sheet.find(text), std::string::npos) << text;
  }
  EXPECT_NE(sheet.find(bernd_.reference), std::string::npos);
  // The receipt time as a date cell (Excel's serial day in local time), not as text.
  EXPECT_EQ(sheet.find(site::FormatTime(bernd_.received_at, "de")), std::string::npos);
  EXPECT_NE(sheet.find("<v>" + std::to_string(ExcelLocalTime(bernd_.received_at)).substr(0, 8)), std::string::npos);
  auto pdf = worker.Get(Inbox() + "/abwaegung.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF"));
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(AuditEntries("procedure.weighing.export").size(), 3u);
}

// #14 item 9: a mass objection's common text once in the weighing PDF, with every member's reference (never broken
// across lines); the spreadsheet names each statement's group.
TEST_P(BackofficePagesTest, TheWeighingPdfPrintsAClustersTextOnce) {
  const std::string letter = "Der Windpark zerstört das Landschaftsbild am Naunhofer Forst.";
  std::vector<Statement> members;
  for (int idx = 0; idx < 5; ++idx) {
    members.push_back(
        Add(letter, "Person " + std::to_string(idx), "p" + std::to_string(idx) + "@example.org", 1'760'000'200 + idx));
  }
  db_->Write([&](db::Tx& tx) {
    StatementGroups groups{{}};
    for (const auto& member : members) groups[0].push_back(member.id);
    ApplyGroups(tx, procedure_.id, groups, members.back().id, 7, now_);
    RespondToStatements(tx, procedure_.id, groups[0], "Das Landschaftsbild wurde abgewogen.", worker_, now_);
  });
  auto cluster = db_->Read([&](db::Tx& tx) { return ClustersOf(tx, procedure_.id); });
  ASSERT_EQ(cluster.size(), 1u);
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto pdf = worker.Get(Inbox() + "/abwaegung.pdf");
  ASSERT_EQ(pdf.status, 200);
  const std::string text = testing::PdfText(pdf.body);
  const std::string bare = testing::WithoutSpaces(text);
  const std::string bare_letter = testing::WithoutSpaces(letter);
  std::size_t first = bare.find(bare_letter);
  ASSERT_NE(first, std::string::npos) << text;
  EXPECT_EQ(bare.find(bare_letter, first + 1), std::string::npos) << "the common text is printed once";
  EXPECT_EQ(bare.find("Person1"), std::string::npos) << "the members are named by their references";
  EXPECT_NE(bare.find("Gruppe" + std::to_string(cluster[0].id) + ":5Stellungnahmen"), std::string::npos) << text;
  // Every reference whole on one line: the extracted text has it with its hyphens, without a break inside.
  for (const auto& member : members) EXPECT_NE(text.find(member.reference), std::string::npos) << member.reference;
  EXPECT_NE(bare.find("Anna"), std::string::npos) << "statements in no group keep their own lines";

  auto csv = worker.Get(Inbox() + "/abwaegung.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(";Gruppe " + std::to_string(cluster[0].id) + ";Person 3;"), std::string::npos) << csv.body;
}

TEST_P(BackofficePagesTest, LongStatementsContinueOnTheNextPdfPage) {
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "Satz " + std::to_string(i) + " über die Windenergieanlage. ";
  Add(long_text, "Lena Lang", "lena@example.org", 1'760'000'200);
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto pdf = worker.Get(Inbox() + "/abwaegung.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF"));
  EXPECT_NE(pdf.body.find("/Count "), std::string::npos);
}

TEST_P(BackofficePagesTest, ResultIsPublicOnlyAfterPublishingAndShowsOnlyReviewedExcerpts) {
  std::string result = "/grimma/verfahren/" + std::to_string(procedure_.id) + "/ergebnis";
  Browser visitor(server_->port());
  EXPECT_EQ(visitor.Get(result).status, 404);
  EXPECT_EQ(visitor.Get(result + ".pdf").status, 404);

  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  db_->Write([&](db::Tx& tx) {
    RespondToStatements(tx, procedure_.id, {anna_.id, bernd_.id}, "Die Einwendung wurde geprüft.", worker_, now_);
  });
  // Bernd's statement was published in the redaction review ("Bäume" blacked out), Anna's was not.
  Publish(bernd_, {{6, 12, redaction::Kind::kManual}});
  // During the participation the result cannot be published.
  now_ = 1'760'000'500;
  EXPECT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "yes"}}).status, 409);
  now_ = 1'780'000'000;
  EXPECT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "yes"}}).status, 303);
  EXPECT_EQ(AuditEntries("procedure.result.publish").size(), 1u);

  auto page = visitor.Get(result);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Die Einwendung wurde geprüft."), std::string::npos);
  EXPECT_NE(page.body.find("Viele […] werden gefällt."), std::string::npos) << page.body;
  EXPECT_EQ(page.body.find("Bäume"), std::string::npos);
  EXPECT_EQ(page.body.find("Windenergieanlage ist zu laut"), std::string::npos);
  EXPECT_NE(page.body.find("(Text nicht veröffentlicht)"), std::string::npos);
  EXPECT_EQ(page.body.find("Anna Anwohnerin"), std::string::npos);
  EXPECT_EQ(page.body.find("bernd@example.org"), std::string::npos);
  EXPECT_NE(page.body.find("Privatperson"), std::string::npos);
  auto pdf = visitor.Get(result + ".pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF"));

  EXPECT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "no"}}).status, 303);
  EXPECT_EQ(visitor.Get(result).status, 404);
}

TEST_P(BackofficePagesTest, ResultPdfIsRenderedOncePerChangeAndBusySlotsAnswer503) {
  std::string pdf_path = "/grimma/verfahren/" + std::to_string(procedure_.id) + "/ergebnis.pdf";
  db_->Write([&](db::Tx& tx) {
    RespondToStatements(tx, procedure_.id, {anna_.id, bernd_.id}, "Die Einwendung wurde geprüft.", worker_, now_);
  });
  now_ = 1'780'000'000;
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  ASSERT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "yes"}}).status, 303);
  ForgetPdfsForTesting();
  Browser visitor(server_->port());
  auto first = visitor.Get(pdf_path);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("x-content-type-options"), "nosniff");

  // With every render slot taken, the unchanged result still comes from the cache …
  SetPdfRenderSlotsForTesting(0);
  auto again = visitor.Get(pdf_path);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  // … a change of the back office's table does not change the published, frozen result …
  db_->Write([&](db::Tx& tx) {
    SetResponses(tx, bernd_.id, {{0, "Ersatzpflanzungen sind vorgesehen."}}, worker_.id, now_);
  });
  auto frozen = visitor.Get(pdf_path);
  EXPECT_EQ(frozen.status, 200);
  EXPECT_TRUE(frozen.body == first.body);
  // … a corrected version (published as by another server process, straight into the database) needs a new
  // render: 503.
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(FreezeResult(tx, procedure_.id, {{"1", "Privatperson", "", "Berichtigt."}}, worker_.id, now_));
  });
  auto busy = visitor.Get(pdf_path);
  SetPdfRenderSlotsForTesting(kPdfRenderSlots);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.Header("retry-after"), std::to_string(kPdfRetryAfterSeconds));
  auto changed = visitor.Get(pdf_path);
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.body, first.body);
}

TEST_P(BackofficePagesTest, AnEndlessWordInTheResultIsLaidOutWithBreaks) {
  // 50,000 letters without a space, in the statement and in the response (a response may also be pasted text).
  Statement endless = Add(std::string(kMaxStatementChars, 'x'), "Erika Endlos", "erika@example.org", 1'760'000'300);
  db_->Write([&](db::Tx& tx) {
    RespondToStatements(tx, procedure_.id, {anna_.id, bernd_.id, endless.id}, std::string(20'000, 'y'), worker_, now_);
  });
  Publish(endless);  // reviewed and published: its excerpt is in the result
  now_ = 1'780'000'000;
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  ASSERT_EQ(worker.Submit(Inbox(), Inbox() + "/ergebnis", {{"publish", "yes"}}).status, 303);
  ForgetPdfsForTesting();
  // What the server's writer hands to Pango: no run longer than kMaxUnbrokenChars without a break opportunity (the
  // measure of the layout work; wall-clock time would make a flaky test), and the whole text is there.
  std::mutex mutex;
  std::size_t longest = 0;
  std::size_t laid_out = 0;
  ObserveLayoutTextForTesting([&](std::string_view text) {
    std::lock_guard lock(mutex);
    longest = std::max(longest, LongestUnbrokenRun(text));
    laid_out += text.size();
  });
  Browser visitor(server_->port());
  auto served = visitor.Get("/grimma/verfahren/" + std::to_string(procedure_.id) + "/ergebnis.pdf");
  ObserveLayoutTextForTesting(nullptr);
  EXPECT_EQ(served.status, 200);
  EXPECT_TRUE(served.body.starts_with("%PDF"));
  EXPECT_GE(laid_out, kMaxStatementChars + 20'000u);
  EXPECT_LE(longest, kMaxUnbrokenChars);
}

TEST_P(BackofficePagesTest, XlsxCellsAreCutAtACharacterAndMarked) {
  // "x" and then umlauts: a cut at byte 32,000 would land inside an "ä" and corrupt the workbook.
  std::string text = "x";
  while (text.size() < 90'000) text += "ä";
  Add(text, "Ulla Umlaut", "ulla@example.org", 1'760'000'400);
  Browser worker(server_->port());
  Login(worker, "sb@grimma.example");
  auto xlsx = worker.Get(Inbox() + "/abwaegung.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  std::string sheet = mw::testing::ZipEntry(xlsx.body, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet.empty());
  EXPECT_TRUE(IsValidUtf8(sheet));
  EXPECT_NE(sheet.find("ää […]"), std::string::npos);
}

MW_INSTANTIATE_FOR_ENGINES(BackofficePagesTest);

}  // namespace
}  // namespace mw::procedures
