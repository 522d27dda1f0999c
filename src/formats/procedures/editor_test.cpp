// End-to-end tests of the editors' pages and API through a real HTTP server on both engines: an editor creates a
// procedure with the form, sees its dates and announcement, publishes it and takes it through hearing, decision and
// archive; invalid input is shown with the field; citizens, case workers and editors of other tenants are refused;
// the API creates (201 with the dates and warnings) and publishes (200, then 409).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "formats/procedures/announcement.hpp"
#include "formats/procedures/site_fixture_test.hpp"

namespace mw::procedures {
namespace {

// A server with the platform's routes and only the editor's routes on a fresh database; tenants grimma and naunhof;
// an editor and a case worker of grimma, an editor of naunhof and a citizen.
class EditorSiteTest : public ProcedureSiteTest {
 protected:
  void SetUp() override {
    ProcedureSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    editor_ = CreateUser("redaktion@grimma.example", "Rita Redaktion", accounts::Role::kEditor, tenant_.id);
    worker_ =
        CreateUser("sachbearbeitung@grimma.example", "Sascha Sachbearbeitung", accounts::Role::kCaseWorker, tenant_.id);
    other_editor_ = CreateUser("redaktion@naunhof.example", "Nora Naunhof", accounts::Role::kEditor, other_.id);
    citizen_ = CreateUser("citizen@example.org", "Cora Citizen");
  }

  // The editor's part works without the others.
  void RegisterFormatRoutes(http::Router& router) override { RegisterEditorRoutes(router, *services_); }

  // Grimma with its AGS (local holidays count in its deadlines).
  void CreateTenants(db::Tx& tx) override {
    tenant_ =
        *tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN", .ags = "14729160"}, now_);
    other_ = *tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_);
  }

  std::optional<Procedure> Stored(std::int64_t id) {
    return db_->Read([&](db::Tx& tx) { return Find(tx, id); });
  }

  static bool Has(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
  }

  // A draft created through the store.
  Procedure Draft(std::int64_t tenant_id, Type type = Type::kBimschg) {
    ProcedureInput input{.type = type,
                         .title = "Windpark Grimma-Nord",
                         .description = "Vier Windenergieanlagen",
                         .applicant = "Windkraft Muldental GmbH",
                         .display_start = {2026, 6, 15},
                         .legal = CompleteBimschgDetails()};
    auto dates = PlanDates(input, "SN", "", {2026, 5, 28});
    return db_->Write([&](db::Tx& tx) { return Create(tx, tenant_id, editor_.id, input, *dates, now_); });
  }

  // Everything a BImSchG announcement needs but the hearing date (§ 9 Abs. 1 der 9. BImSchV).
  static LegalDetails CompleteBimschgDetails() {
    return {.site = "Grimma, Gemarkung Nerchau, Flurstück 112/3",
            .installation = "4 Windenergieanlagen, je 6,2 MW",
            .operation_start = "3. Quartal 2028",
            .reports = "Schallgutachten, Schattenwurfprognose"};
  }

  tenancy::Tenant other_;
  accounts::User editor_;
  accounts::User worker_;
  accounts::User other_editor_;
  accounts::User citizen_;
};

std::int64_t IdFromEditPath(const std::string& location) {
  // "/grimma/verfahren/12/bearbeiten"
  auto end = location.rfind('/');
  auto start = location.rfind('/', end - 1);
  return std::stoll(location.substr(start + 1, end - start - 1));
}

mw::testing::FormFields BimschgForm() {
  return {{"type", "bimschg"},
          {"title", "Windpark Grimma-Nord"},
          {"description", "Errichtung und Betrieb von vier Windenergieanlagen."},
          {"applicant", "Windkraft Muldental GmbH"},
          {"ied", ""},
          {"display_start", "2026-06-15"},
          {"display_end", ""},
          {"announcement_date", "2026-06-05"},
          {"documents_location", "Rathaus Grimma, Markt 16/17, Zimmer 204"},
          {"geometry", R"({"type":"Point","coordinates":[12.72,51.24]})"},
          {"publish_statements", "yes"},
          {"site", "Grimma, Gemarkung Nerchau, Flurstück 112/3"},
          {"installation", "4 Windenergieanlagen, je 6,2 MW"},
          {"operation_start", "3. Quartal 2028"},
          {"reports", "Schallgutachten, Schattenwurfprognose"}};
}

TEST_P(EditorSiteTest, EditorCreatesWithTheFormSeesDatesAndAnnouncementAndPublishes) {
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  auto form = editor.Get("/grimma/verfahren/neu");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_NE(form.body.find("Genehmigung nach § 10 BImSchG"), std::string::npos) << "the types with their labels";

  auto created = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", BimschgForm());
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string edit_path = created.Header("location");
  ASSERT_TRUE(edit_path.ends_with("/bearbeiten")) << edit_path;
  const std::int64_t id = IdFromEditPath(edit_path);
  auto draft = Stored(id);
  ASSERT_TRUE(draft.has_value());
  EXPECT_EQ(draft->phase, Phase::kDraft);
  EXPECT_EQ(draft->tenant_id, tenant_.id);
  EXPECT_EQ(draft->display_start, (law::Date{2026, 6, 15}));
  EXPECT_GT(draft->display_end, draft->display_start);
  EXPECT_GT(draft->objection_end, draft->display_end) << "two weeks after the display";
  EXPECT_TRUE(draft->publish_statements);
  EXPECT_TRUE(draft->lat.has_value());
  EXPECT_EQ(draft->documents_location, "Rathaus Grimma, Markt 16/17, Zimmer 204");
  EXPECT_TRUE(Has(AuditActions(), "procedure.create"));

  auto page = editor.Get(edit_path);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Der Entwurf ist gespeichert."), std::string::npos) << "the flash";
  EXPECT_NE(page.body.find(law::FormatGerman(draft->objection_end)), std::string::npos) << "the computed dates";
  EXPECT_NE(page.body.find("So hat das Portal die Fristen berechnet"), std::string::npos);
  EXPECT_NE(page.body.find("Öffentliche Bekanntmachung"), std::string::npos) << "the announcement";
  EXPECT_NE(page.body.find("§ 10 Abs. 3 Satz 9 BImSchG"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"Windpark Grimma-Nord\""), std::string::npos) << "the form prefilled";

  auto text = editor.Get(edit_path.substr(0, edit_path.size() - 11) + "/bekanntmachung.txt");
  ASSERT_EQ(text.status, 200);
  EXPECT_NE(text.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(text.body.find("http://portal.test/grimma/verfahren/" + std::to_string(id)), std::string::npos);
  Browser visitor(port());
  EXPECT_EQ(visitor.Get("/grimma/verfahren/" + std::to_string(id) + "/bekanntmachung.txt").status, 404)
      << "a draft's announcement is not public";

  // While a draft everything may change.
  auto fields = BimschgForm();
  for (auto& [name, value] : fields) {
    if (name == "display_start") value = "2026-06-22";
    if (name == "ied") value = "yes";
  }
  auto saved = editor.Submit(edit_path, edit_path, fields);
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto changed = Stored(id);
  EXPECT_EQ(changed->display_start, (law::Date{2026, 6, 22}));
  EXPECT_TRUE(changed->ied);
  EXPECT_GT(changed->objection_end, draft->objection_end) << "one month for objections to an IED installation";

  // Publishing without the hearing date is refused: the announcement must set it (§ 10 Abs. 4 Nr. 3 BImSchG).
  const std::string base = "/grimma/verfahren/" + std::to_string(id);
  auto incomplete = editor.Submit(edit_path, base + "/veroeffentlichen", {});
  EXPECT_EQ(incomplete.status, 422) << incomplete.body;
  EXPECT_NE(incomplete.body.find("Bitte legen Sie den Erörterungstermin (Datum und Uhrzeit) fest"), std::string::npos)
      << incomplete.body;
  EXPECT_NE(incomplete.body.find("href=\"#hearing_at\""), std::string::npos) << "the summary links to the field";
  EXPECT_NE(incomplete.body.find("id=\"hearing_at-error\""), std::string::npos);
  EXPECT_EQ(Stored(id)->phase, Phase::kDraft) << "nothing published";
  ASSERT_EQ(editor
                .Submit(edit_path, base + "/eroerterung",
                        {{"hearing_at", "2026-08-20T10:00"}, {"hearing_place", "Rathaus Grimma, Ratssaal"}})
                .status,
            303);

  // Publish.
  auto published = editor.Submit(edit_path, "/grimma/verfahren/" + std::to_string(id) + "/veroeffentlichen", {});
  ASSERT_EQ(published.status, 303) << published.body;
  EXPECT_EQ(Stored(id)->phase, Phase::kPublished);
  EXPECT_TRUE(Has(AuditActions(), "procedure.publish"));
  EXPECT_EQ(visitor.Get("/grimma/verfahren/" + std::to_string(id) + "/bekanntmachung.txt").status, 200);
  auto again = editor.Submit(edit_path, "/grimma/verfahren/" + std::to_string(id) + "/veroeffentlichen", {});
  EXPECT_EQ(again.status, 409) << "publishing twice";

  // After publication the display may be extended, not shortened; the start stays.
  law::Date end = changed->display_end;
  fields = {{"title", "Windpark Grimma-Nord (berichtigt)"},
            {"description", "Errichtung und Betrieb von vier Windenergieanlagen."},
            {"applicant", "Windkraft Muldental GmbH"},
            {"display_start", "2026-07-30"},
            {"display_end", law::FormatIso(law::AddDays(end, -1))},
            {"documents_location", "Rathaus Grimma"},
            {"geometry", ""},
            {"site", "Grimma, Gemarkung Nerchau, Flurstück 112/3"},
            {"installation", "4 Windenergieanlagen, je 6,2 MW"},
            {"operation_start", "3. Quartal 2028"},
            {"reports", "Schallgutachten, Schattenwurfprognose"}};
  auto shortened = editor.Submit(edit_path, edit_path, fields);
  EXPECT_EQ(shortened.status, 422);
  EXPECT_NE(shortened.body.find("darf nicht verkürzt werden"), std::string::npos) << shortened.body;
  EXPECT_NE(shortened.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(Stored(id)->display_end, end) << "nothing stored";
  fields[4].second = law::FormatIso(law::AddDays(end, 7));
  auto extended = editor.Submit(edit_path, edit_path, fields);
  ASSERT_EQ(extended.status, 303) << extended.body;
  auto corrected = Stored(id);
  EXPECT_EQ(corrected->title, "Windpark Grimma-Nord (berichtigt)");
  EXPECT_EQ(corrected->display_start, (law::Date{2026, 6, 22})) << "the announced start stays";
  EXPECT_TRUE(corrected->ied) << "the flag stays";
  EXPECT_EQ(corrected->display_end, law::AddDays(end, 7));
  EXPECT_TRUE(corrected->geometry.empty());

  auto list = editor.Get("/grimma/verfahren/verwaltung");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Windpark Grimma-Nord (berichtigt)"), std::string::npos);
  EXPECT_NE(list.body.find("/grimma/verfahren/neu"), std::string::npos) << "the button for a new procedure";
  EXPECT_NE(list.body.find(edit_path), std::string::npos);
}

TEST_P(EditorSiteTest, HearingDecisionAndArchiveAreStepsOfThePage) {
  Procedure procedure = Draft(tenant_.id);
  const std::string base = "/grimma/verfahren/" + std::to_string(procedure.id);
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  EXPECT_EQ(editor.Submit(base + "/bearbeiten", base + "/eroerterung-beginnen", {}).status, 409)
      << "a draft has no hearing yet";
  ASSERT_EQ(editor
                .Submit(base + "/bearbeiten", base + "/eroerterung",
                        {{"hearing_at", "2026-08-20T10:00"}, {"hearing_place", "Rathaus Grimma"}})
                .status,
            303)
      << "the hearing is set before publication (§ 10 Abs. 4 Nr. 3 BImSchG)";
  ASSERT_EQ(editor.Submit(base + "/bearbeiten", base + "/veroeffentlichen", {}).status, 303);

  auto missing_place = editor.Submit(base + "/bearbeiten", base + "/eroerterung",
                                     {{"hearing_at", "2026-09-10T10:00"}, {"hearing_place", ""}});
  EXPECT_EQ(missing_place.status, 422);
  EXPECT_NE(missing_place.body.find("id=\"hearing_place-error\""), std::string::npos) << missing_place.body;
  auto hearing = editor.Submit(base + "/bearbeiten", base + "/eroerterung",
                               {{"hearing_at", "2026-09-10T10:00"}, {"hearing_place", "Rathaus Grimma, Ratssaal"}});
  ASSERT_EQ(hearing.status, 303) << hearing.body;
  auto stored = Stored(procedure.id);
  ASSERT_TRUE(stored->hearing_at.has_value());
  EXPECT_EQ(*stored->hearing_at, 1'789'027'200) << "10:00 summer time in Berlin is 08:00 UTC";
  EXPECT_EQ(stored->hearing_place, "Rathaus Grimma, Ratssaal");
  auto page = editor.Get(base + "/bearbeiten");
  EXPECT_NE(page.body.find("Erörterungstermin: 10.09.2026, 10:00 Uhr, Rathaus Grimma, Ratssaal (§ 10 Abs. 4 Nr. 3 BImSchG)."), std::string::npos)
      << "in the announcement";

  ASSERT_EQ(editor.Submit(base + "/bearbeiten", base + "/eroerterung-beginnen", {}).status, 303);
  EXPECT_EQ(Stored(procedure.id)->phase, Phase::kHearing);
  auto empty_decision = editor.Submit(base + "/bearbeiten", base + "/entscheiden", {{"decision_text", " "}});
  EXPECT_EQ(empty_decision.status, 422);
  EXPECT_NE(empty_decision.body.find("id=\"decision_text-error\""), std::string::npos);
  auto no_remedies = editor.Submit(base + "/bearbeiten", base + "/entscheiden",
                                   {{"outcome", "granted"}, {"decision_text", "Die Genehmigung wird erteilt."}});
  EXPECT_EQ(no_remedies.status, 422) << "the notice must contain the remedies (§ 10 Abs. 8 Satz 2 BImSchG)";
  EXPECT_NE(no_remedies.body.find("id=\"remedies-error\""), std::string::npos) << no_remedies.body;
  EXPECT_NE(no_remedies.body.find("Die Genehmigung wird erteilt."), std::string::npos) << "the text is kept";
  // Four-byte characters, URL-encoded to twelve bytes each: the longest remedies and a text one character too long.
  std::string longest_remedies;
  std::string text_too_long;
  for (std::size_t count = 0; count < kMaxRemediesChars; ++count) longest_remedies += "\U0001F333";
  for (std::size_t count = 0; count <= kMaxDescriptionChars; ++count) text_too_long += "\U0001F333";
  auto too_long = editor.Submit(base + "/bearbeiten", base + "/entscheiden",
                                {{"outcome", "granted"}, {"decision_text", text_too_long}, {"remedies", longest_remedies}});
  EXPECT_EQ(too_long.status, 422) << "the longest remedies fit the body; the text a character too long is named";
  EXPECT_NE(too_long.body.find("id=\"decision_text-error\""), std::string::npos);
  auto unknown_outcome = editor.Submit(
      base + "/bearbeiten", base + "/entscheiden",
      {{"outcome", "vielleicht"}, {"decision_text", "Genehmigt."}, {"remedies", "Klage beim VG Leipzig."}});
  EXPECT_EQ(unknown_outcome.status, 422);
  EXPECT_NE(unknown_outcome.body.find("id=\"outcome-error\""), std::string::npos);
  EXPECT_EQ(Stored(procedure.id)->phase, Phase::kHearing) << "nothing was decided";
  ASSERT_EQ(editor
                .Submit(base + "/bearbeiten", base + "/entscheiden",
                        {{"outcome", "granted"},
                         {"decision_text", "Die Genehmigung wird mit Auflagen erteilt."},
                         {"remedies", "Gegen diesen Bescheid kann Klage beim Verwaltungsgericht Leipzig erhoben werden."},
                         {"conditions", "yes"}})
                .status,
            303);
  EXPECT_EQ(Stored(procedure.id)->phase, Phase::kDecided);
  EXPECT_EQ(Stored(procedure.id)->decision_text, "Die Genehmigung wird mit Auflagen erteilt.");
  EXPECT_EQ(Stored(procedure.id)->decision_outcome, Outcome::kGranted);
  EXPECT_TRUE(Stored(procedure.id)->decision_conditions);
  EXPECT_EQ(Stored(procedure.id)->decision_remedies,
            "Gegen diesen Bescheid kann Klage beim Verwaltungsgericht Leipzig erhoben werden.");
  auto decided = editor.Get(base + "/bearbeiten");
  EXPECT_EQ(decided.body.find("id=\"form\""), std::string::npos) << "a decided procedure is not edited";
  ASSERT_EQ(editor.Submit(base + "/bearbeiten", base + "/archivieren", {}).status, 303);
  EXPECT_EQ(Stored(procedure.id)->phase, Phase::kArchived);
  auto actions = AuditActions();
  for (auto action : {"procedure.publish", "procedure.hearing.set", "procedure.hearing.start", "procedure.decide",
                      "procedure.archive"}) {
    EXPECT_TRUE(Has(actions, action)) << action;
  }

  Procedure consultation = Draft(tenant_.id, Type::kConsultation);
  const std::string other = "/grimma/verfahren/" + std::to_string(consultation.id);
  auto no_hearing = editor.Submit(other + "/bearbeiten", other + "/eroerterung",
                                  {{"hearing_at", "2026-09-10T10:00"}, {"hearing_place", "Rathaus"}});
  EXPECT_EQ(no_hearing.status, 409) << "a consultation has no hearing";
}

TEST_P(EditorSiteTest, InvalidInputIsShownAtTheFieldAndNothingIsStored) {
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  auto fields = BimschgForm();
  fields[0].second = "consultation";  // with ied: only for BImSchG
  fields[1].second = "";
  fields[4].second = "yes";
  fields[5].second = "31.02.2026";
  fields[9].second = R"({"type":"Point","coordinates":[500,51]})";
  auto response = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields);
  EXPECT_EQ(response.status, 422);
  for (auto id : {"title-error", "display_start-error", "ied-error", "geometry-error"}) {
    EXPECT_NE(response.body.find("id=\"" + std::string(id) + "\""), std::string::npos) << id;
  }
  EXPECT_NE(response.body.find("href=\"#title\""), std::string::npos) << "the error summary links to the field";
  EXPECT_NE(response.body.find("<title>Fehler: "), std::string::npos);
  EXPECT_NE(response.body.find("Errichtung und Betrieb"), std::string::npos) << "the values are kept";

  // An end of display before the legal month is refused by the deadline engine.
  fields = BimschgForm();
  fields[6].second = "2026-06-20";
  response = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields);
  EXPECT_EQ(response.status, 422);
  EXPECT_NE(response.body.find("id=\"display_end-error\""), std::string::npos) << response.body;
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return List(tx, {.public_only = false}); }).empty());

  // Without the CSRF token nothing happens.
  auto forged = editor.Post("/grimma/verfahren/neu", "title=x");
  EXPECT_EQ(forged.status, 403);
}

// Issue #12 item 8: a repeated participation through the form and the API, with the reason and the shortened period
// stored, shown again in the form, and refused at the field when the period would be too short.
TEST_P(EditorSiteTest, RepeatedParticipationWithAShortenedPeriodAndItsReason) {
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  mw::testing::FormFields fields = {{"type", "baugb-3-2"},
                                    {"title", "Bebauungsplan Am Mühlgraben, 2. Entwurf"},
                                    {"description", "Geänderter Entwurf."},
                                    {"display_start", "2026-06-15"},
                                    {"display_end", "2026-07-05"},
                                    {"announcement_date", "2026-06-05"},
                                    {"plan_type", "bplan"},
                                    {"repeated", "yes"},
                                    {"repeated_scope", "Wohnbaufläche W 3"},
                                    {"repeat_reason", ""}};
  // Without the reason nothing is stored: the field is named.
  auto refused = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("id=\"repeat_reason-error\""), std::string::npos) << refused.body;
  // Shorter than two weeks (Monday 15.6. to Sunday 28.6.) is refused at the last day.
  fields.back().second = "W 3 verkleinert; nur Anlieger betroffen, drei Wochen genügen.";
  fields[4].second = "2026-06-27";
  refused = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("id=\"display_end-error\""), std::string::npos) << refused.body;
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return List(tx, {.public_only = false}); }).empty());

  fields[4].second = "2026-07-05";  // three weeks, a Sunday: statements until Monday 6.7.
  auto created = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields);
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string edit_path = created.Header("location");
  auto stored = Stored(IdFromEditPath(edit_path));
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->legal.repeated);
  EXPECT_EQ(stored->legal.repeat_reason, "W 3 verkleinert; nur Anlieger betroffen, drei Wochen genügen.");
  EXPECT_EQ(stored->objection_end, (law::Date{2026, 7, 6}));
  EXPECT_EQ(stored->explanation.front(),
            "Grund der erneuten Beteiligung: W 3 verkleinert; nur Anlieger betroffen, drei Wochen genügen.");
  EXPECT_TRUE(std::any_of(stored->warnings.begin(), stored->warnings.end(), [](const std::string& warning) {
    return warning.find("3 S 2313/10") != std::string::npos;
  }));
  auto page = editor.Get(edit_path);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("drei Wochen genügen.</textarea>"), std::string::npos) << "the reason in the form";
  EXPECT_NE(page.body.find("value=\"2026-07-06\""), std::string::npos) << "the shortened last day in the form";
  EXPECT_NE(page.body.find("angemessen verkürzt (§ 4a Abs. 3 Satz 3 BauGB)"), std::string::npos)
      << "the announcement says so";

  // The API: a repeated Planfeststellung with UVP and a shortened period after the display (§ 22 UVPG).
  const std::string token = ApiToken(editor_);
  auto body = [](std::string_view end) {
    return std::string(R"({"type":"vwvfg-73","uvp":true,"title":"Ortsumgehung Grimma, Änderung","description":"x",
      "display_start":"2026-06-15","repeated":true,"repeated_scope":"Abschnitt 2",
      "repeat_reason":"Trasse im Abschnitt 2 verlegt","shortened_objection_end":")") +
           std::string(end) + "\"}";
  };
  // Display until 14.7.; two weeks after it end on 28.7.: one day earlier is refused at the field.
  auto too_short = Api("POST", "/api/v1/tenants/grimma/procedures", token, body("2026-07-27"));
  ASSERT_EQ(too_short.status, 422) << too_short.body;
  EXPECT_NE(too_short.body.find("shortened_objection_end"), std::string::npos) << too_short.body;
  auto api = Api("POST", "/api/v1/tenants/grimma/procedures", token, body("2026-07-28"));
  ASSERT_EQ(api.status, 201) << api.body;
  auto json = boost::json::parse(api.body).as_object();
  EXPECT_EQ(json["objection_end"], "2026-07-28");
  EXPECT_EQ(json["shortened_objection_end"], "2026-07-28");
  EXPECT_EQ(json["repeat_reason"], "Trasse im Abschnitt 2 verlegt");
}

// Control characters a person cannot have meant: 422 with the field named, in the editor's form and its API;
// multi-line fields keep line breaks and tabs.
TEST_P(EditorSiteTest, ControlCharactersAreRefusedWithTheFieldNamed) {
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  const std::string token = ApiToken(editor_);
  const std::vector<std::pair<std::string, std::string>> kControls = {
      {"U+0007", "Windpark\x07"}, {"U+001B", "Windpark \x1B[2J"}, {"U+0085", "Windpark\xC2\x85Nord"},
      {"U+009B", "Windpark \xC2\x9B" "31m"}, {"U+FFFF", "Windpark \xEF\xBF\xBF"}};
  for (const auto& [code_point, value] : kControls) {
    for (std::size_t index : {1u, 2u, 3u, 8u}) {  // title, description, applicant, documents_location
      auto fields = BimschgForm();
      fields[index].second = value;
      auto response = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields);
      EXPECT_EQ(response.status, 422) << fields[index].first << " " << code_point;
      EXPECT_NE(response.body.find("href=\"#" + fields[index].first + "\""), std::string::npos) << fields[index].first;
      EXPECT_NE(response.body.find(code_point), std::string::npos) << fields[index].first;
    }
    const std::string json_value = boost::json::serialize(boost::json::value(value));
    for (const std::string field : {"title", "description", "applicant"}) {
      std::string body = R"({"type":"bimschg","title":"Windpark","description":"Vier Anlagen",)"
                         R"("applicant":"GmbH","display_start":"2026-05-04"})";
      const std::string key = "\"" + field + "\":";
      const std::size_t start = body.find(key) + key.size();
      body.replace(start, body.find('"', start + 1) + 1 - start, json_value);
      auto response = Api("POST", "/api/v1/tenants/grimma/procedures", token, body);
      EXPECT_EQ(response.status, 422) << field << " " << code_point << " " << response.body;
      EXPECT_NE(response.body.find("\"field\":\"" + field + "\""), std::string::npos) << response.body;
    }
  }
  auto nul = Api("POST", "/api/v1/tenants/grimma/procedures", token,
                 R"({"type":"bimschg","title":"Wind\u0000park","description":"x","display_start":"2026-05-04"})");
  EXPECT_EQ(nul.status, 422) << nul.body;
  auto lone_surrogate = Api("POST", "/api/v1/tenants/grimma/procedures", token,
                            R"({"type":"bimschg","title":"Wind\ud800park","description":"x","display_start":"2026-05-04"})");
  EXPECT_GE(lone_surrogate.status, 400);
  EXPECT_LT(lone_surrogate.status, 500);
  auto cesu = Api("POST", "/api/v1/tenants/grimma/procedures", token,
                  "{\"type\":\"bimschg\",\"title\":\"Wind\xED\xA0\x80park\",\"description\":\"x\"}");
  EXPECT_EQ(cesu.status, 400) << "the JSON parser refuses bytes that are not UTF-8";
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return List(tx, {.public_only = false}); }).empty());

  auto fields = BimschgForm();
  fields[2].second = "Erstens:\r\n\tvier Anlagen\r\nZweitens: Zuwegung";
  EXPECT_EQ(editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields).status, 303);
  fields = BimschgForm();
  fields[1].second = "Windpark\r\nNord";
  auto single = editor.Submit("/grimma/verfahren/neu", "/grimma/verfahren/neu", fields);
  EXPECT_EQ(single.status, 422);
  EXPECT_NE(single.body.find("Der Titel darf keinen Zeilenumbruch enthalten."), std::string::npos);
}

TEST_P(EditorSiteTest, OnlyTheTenantsEditorsEdit) {
  Procedure procedure = Draft(tenant_.id);
  const std::string edit = "/grimma/verfahren/" + std::to_string(procedure.id) + "/bearbeiten";
  Browser visitor(port());
  EXPECT_EQ(visitor.Get("/grimma/verfahren/neu").status, 303) << "to the login";

  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get("/grimma/verfahren/neu").status, 403);
  EXPECT_EQ(citizen.Get("/grimma/verfahren/verwaltung").status, 403);
  EXPECT_EQ(citizen.Get(edit).status, 403);
  citizen.Get("/konto");
  EXPECT_EQ(citizen.Submit("/konto", "/grimma/verfahren/neu", BimschgForm()).status, 403);

  Browser other(port());
  Login(other, "redaktion@naunhof.example");
  EXPECT_EQ(other.Get("/grimma/verfahren/neu").status, 403);
  EXPECT_EQ(other.Get(edit).status, 403);
  EXPECT_EQ(other.Get("/naunhof/verfahren/" + std::to_string(procedure.id) + "/bearbeiten").status, 404)
      << "another tenant's procedure under one's own tenant";
  EXPECT_EQ(other
                .Submit("/naunhof/verfahren/neu",
                        "/naunhof/verfahren/" + std::to_string(procedure.id) + "/veroeffentlichen", {})
                .status,
            404);
  EXPECT_EQ(Stored(procedure.id)->phase, Phase::kDraft);
  EXPECT_EQ(other.Get("/unbekannt/verfahren/neu").status, 404);

  // A case worker sees the drafts in the list but neither creates nor edits.
  Browser worker(port());
  Login(worker, "sachbearbeitung@grimma.example");
  auto list = worker.Get("/grimma/verfahren/verwaltung");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Windpark Grimma-Nord"), std::string::npos);
  EXPECT_EQ(list.body.find("/grimma/verfahren/neu"), std::string::npos);
  EXPECT_EQ(worker.Get("/grimma/verfahren/neu").status, 403);
  EXPECT_EQ(worker.Get(edit).status, 403);
}

TEST_P(EditorSiteTest, ApiCreatesADraftWithItsDatesAndWarnings) {
  const std::string body = R"({"type":"bimschg","title":"Windpark Grimma-Nord","description":"Vier Anlagen",
    "display_start":"2026-05-04","applicant":"Windkraft Muldental GmbH","ied":true,
    "geometry":{"type":"Point","coordinates":[12.72,51.24]},"documents_location":"Rathaus","publish_statements":true})";
  EXPECT_EQ(Api("POST", "/api/v1/tenants/grimma/procedures", "", body).status, 401);
  EXPECT_EQ(Api("POST", "/api/v1/tenants/grimma/procedures", ApiToken(citizen_), body).status, 403);
  EXPECT_EQ(Api("POST", "/api/v1/tenants/grimma/procedures", ApiToken(other_editor_), body).status, 403);
  EXPECT_EQ(Api("POST", "/api/v1/tenants/grimma/procedures", ApiToken(worker_), body).status, 403);
  // Refused from the header, before the body is read: for an editor an unknown tenant is one they may not write to.
  EXPECT_EQ(Api("POST", "/api/v1/tenants/unbekannt/procedures", ApiToken(editor_), body).status, 403);
  const std::string token = ApiToken(editor_);
  EXPECT_EQ(Api("POST", "/api/v1/tenants/grimma/procedures", token, "{nicht json").status, 400);
  EXPECT_EQ(Api("POST", "/api/v1/tenants/grimma/procedures", token, R"({"title":5})").status, 400);
  auto invalid = Api("POST", "/api/v1/tenants/grimma/procedures", token,
                     R"({"type":"petition","title":"","description":"x","display_start":"2026-13-01"})");
  EXPECT_EQ(invalid.status, 422);
  auto problem = boost::json::parse(invalid.body).as_object();
  EXPECT_GE(problem["errors"].as_array().size(), 3u) << invalid.body;
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return List(tx, {.public_only = false}); }).empty());

  auto created = Api("POST", "/api/v1/tenants/grimma/procedures", token, body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto json = boost::json::parse(created.body).as_object();
  ASSERT_TRUE(json["id"].is_int64());
  EXPECT_EQ(created.Header("location"), "/api/v1/procedures/" + std::to_string(json["id"].as_int64()));
  EXPECT_EQ(json["display_start"], "2026-05-04");
  EXPECT_EQ(json["display_end"], "2026-06-03");
  EXPECT_TRUE(json["objection_end"].is_string());
  EXPECT_GT(std::string(json["objection_end"].as_string()), "2026-07-01") << "one month for an IED installation";
  EXPECT_EQ(json["phase"], "draft");
  EXPECT_EQ(json["geometry"].as_object()["type"], "Point");
  bool past_warning = false;
  for (const auto& warning : json["warnings"].as_array()) {
    past_warning |= std::string(warning.as_string()).find("vor dem heutigen Tag") != std::string::npos;
  }
  EXPECT_TRUE(past_warning) << created.body;
  auto stored = Stored(json["id"].as_int64());
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->ied);
  EXPECT_TRUE(stored->publish_statements);
  EXPECT_EQ(stored->created_by, editor_.id);
  EXPECT_TRUE(Has(AuditActions(), "procedure.create"));
}

TEST_P(EditorSiteTest, ApiPublishesOnceAndTakesTheSteps) {
  Procedure procedure = Draft(tenant_.id);
  const std::string base = "/api/v1/procedures/" + std::to_string(procedure.id);
  const std::string token = ApiToken(editor_);
  EXPECT_EQ(Api("POST", base + "/publish", "").status, 401);
  EXPECT_EQ(Api("POST", base + "/publish", ApiToken(citizen_)).status, 404) << "a draft is not visible";
  EXPECT_EQ(Api("POST", base + "/publish", ApiToken(worker_)).status, 403) << "a case worker sees but may not";
  auto refused = Api("POST", base + "/publish", token);
  ASSERT_EQ(refused.status, 422) << refused.body;
  auto problem = boost::json::parse(refused.body).as_object();
  EXPECT_NE(std::string(problem["detail"].as_string()).find("Erörterungstermin"), std::string::npos) << refused.body;
  EXPECT_NE(std::string(problem["detail"].as_string()).find("§ 10 Abs. 4 Nr. 3 BImSchG"), std::string::npos);
  ASSERT_EQ(Api("POST", base + "/steps/hearing", token, R"({"hearing_at":1786348800,"hearing_place":"Rathaus"})").status,
            200);
  auto published = Api("POST", base + "/publish", token);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(boost::json::parse(published.body).as_object()["phase"], "published");
  EXPECT_EQ(Api("POST", base + "/publish", token).status, 409);
  EXPECT_EQ(Api("POST", base + "/publish", ApiToken(other_editor_)).status, 403);

  auto hearing =
      Api("POST", base + "/steps/hearing", token, R"({"hearing_at":1789027200,"hearing_place":"Rathaus Grimma"})");
  ASSERT_EQ(hearing.status, 200) << hearing.body;
  EXPECT_EQ(boost::json::parse(hearing.body).as_object()["hearing_at"], 1789027200);
  EXPECT_EQ(Api("POST", base + "/steps/decide", token, R"({"decision_text":""})").status, 422);
  auto no_remedies = Api("POST", base + "/steps/decide", token, R"({"decision_text":"Genehmigt."})");
  EXPECT_EQ(no_remedies.status, 422);
  EXPECT_NE(no_remedies.body.find("remedies"), std::string::npos) << no_remedies.body;
  EXPECT_EQ(Api("POST", base + "/steps/decide", token, R"({"decision_text":"Genehmigt.","outcome":"ja"})").status, 422);
  EXPECT_EQ(Api("POST", base + "/steps/decide", token, R"({"decision_text":"Genehmigt.","conditions":"ja"})").status,
            400);
  // The longest decision the rules allow, in four-byte characters, is read and judged (not refused by size).
  std::string longest_text;
  std::string longest_remedies;
  for (std::size_t count = 0; count < kMaxDescriptionChars; ++count) longest_text += "\U0001F333";
  for (std::size_t count = 0; count < kMaxRemediesChars; ++count) longest_remedies += "\U0001F333";
  auto too_long = Api("POST", base + "/steps/decide", token,
                      boost::json::serialize(boost::json::object{{"outcome", "granted"},
                                                                 {"decision_text", longest_text + "x"},
                                                                 {"remedies", longest_remedies}}));
  EXPECT_EQ(too_long.status, 422) << "a character too many is a field error, not a refused body";
  auto decided = Api("POST", base + "/steps/decide", token,
                     R"({"outcome":"rejected","decision_text":"Abgelehnt.","remedies":"Widerspruch binnen eines Monats."})");
  ASSERT_EQ(decided.status, 200) << decided.body;
  auto decided_json = boost::json::parse(decided.body).as_object();
  EXPECT_EQ(decided_json["phase"], "decided");
  EXPECT_EQ(decided_json["decision"].as_object()["outcome"], "rejected");
  EXPECT_EQ(decided_json["decision"].as_object()["remedies"], "Widerspruch binnen eines Monats.");
  EXPECT_EQ(decided_json["decision"].as_object()["conditions"], false);
  EXPECT_EQ(Api("POST", base + "/steps/archive", token).status, 200);
  EXPECT_EQ(Api("POST", base + "/steps/archive", token).status, 409);
  EXPECT_EQ(Api("POST", base + "/steps/fliegen", token).status, 404);
  EXPECT_EQ(Api("POST", "/api/v1/procedures/999999/publish", token).status, 404);
}

MW_INSTANTIATE_FOR_ENGINES(EditorSiteTest);

// The editor's and the public routes together: the announcement is frozen at publication and linked from the public
// page; a correction makes a new dated version (§ 27a VwVfG, § 3 Abs. 2 Satz 5 BauGB).
class AnnouncementSiteTest : public EditorSiteTest {
 protected:
  void RegisterFormatRoutes(http::Router& router) override {
    RegisterPublicRoutes(router, *services_);
    RegisterEditorRoutes(router, *services_);
  }

  // Sets the hearing of the BImSchG procedure at `base` (the announcement must name it, § 10 Abs. 4 Nr. 3 BImSchG).
  void SetHearing(Browser& editor, const std::string& base) {
    ASSERT_EQ(editor
                  .Submit(base + "/bearbeiten", base + "/eroerterung",
                          {{"hearing_at", "2026-08-20T10:00"}, {"hearing_place", "Rathaus Grimma"}})
                  .status,
              303);
  }
};

TEST_P(AnnouncementSiteTest, TheAnnouncementIsFrozenAtPublicationAndACorrectionIsANewDatedVersion) {
  Procedure procedure = Draft(tenant_.id);
  const std::string base = "/grimma/verfahren/" + std::to_string(procedure.id);
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  ASSERT_NO_FATAL_FAILURE(SetHearing(editor, base));
  Browser visitor(port());
  EXPECT_EQ(visitor.Get(base + "/bekanntmachung/1").status, 404) << "a draft has no published announcement";
  ASSERT_EQ(editor.Submit(base + "/bearbeiten", base + "/veroeffentlichen", {}).status, 303);
  auto versions = db_->Read([&](db::Tx& tx) { return AnnouncementVersions(tx, procedure.id); });
  ASSERT_EQ(versions.size(), 1u);
  auto first = visitor.Get(base + "/bekanntmachung/1");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(first.body.starts_with("Fassung 1, veröffentlicht am ")) << first.body;
  EXPECT_NE(first.body.find("Standort der Anlage: Grimma, Gemarkung Nerchau, Flurstück 112/3"), std::string::npos);

  // A correction after publication: a second, dated version; the first stays as it was.
  now_ += 2 * 3600;
  auto fields = BimschgForm();
  std::erase_if(fields, [](const auto& field) {
    return field.first == "type" || field.first == "display_start" || field.first == "announcement_date" ||
           field.first == "ied";
  });
  for (auto& [name, value] : fields) {
    if (name == "site") value = "Grimma, Gemarkung Nerchau, Flurstücke 112/3 und 114";
  }
  auto corrected = editor.Submit(base + "/bearbeiten", base + "/bearbeiten", fields);
  ASSERT_EQ(corrected.status, 303) << corrected.body;
  EXPECT_EQ(corrected.Header("location"), base + "/bearbeiten");
  EXPECT_EQ(Stored(procedure.id)->legal.site, "Grimma, Gemarkung Nerchau, Flurstücke 112/3 und 114");
  ASSERT_EQ(db_->Read([&](db::Tx& tx) { return AnnouncementVersions(tx, procedure.id); }).size(), 2u);
  auto second = visitor.Get(base + "/bekanntmachung/2");
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Berichtigung: Diese Fassung ersetzt die Fassung 1 vom"), std::string::npos)
      << second.body;
  EXPECT_NE(second.body.find("Flurstücke 112/3 und 114"), std::string::npos);
  EXPECT_EQ(visitor.Get(base + "/bekanntmachung/1").body, first.body) << "the first version is frozen";
  EXPECT_EQ(visitor.Get(base + "/bekanntmachung.txt").body, second.body) << "the download is the latest version";
  EXPECT_EQ(visitor.Get(base + "/bekanntmachung/3").status, 404);
  EXPECT_EQ(visitor.Get(base + "/bekanntmachung/x").status, 404);

  // Saving without a change adds no version; removing a required detail is refused.
  ASSERT_EQ(editor.Submit(base + "/bearbeiten", base + "/bearbeiten", fields).status, 303);
  for (auto& [name, value] : fields) {
    if (name == "site") value = "";
  }
  auto incomplete = editor.Submit(base + "/bearbeiten", base + "/bearbeiten", fields);
  EXPECT_EQ(incomplete.status, 422);
  EXPECT_NE(incomplete.body.find("Standort der Anlage"), std::string::npos);
  versions = db_->Read([&](db::Tx& tx) { return AnnouncementVersions(tx, procedure.id); });
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1].published_at, now_.load()) << "dated when corrected";

  // The public page links every version.
  auto page = visitor.Get(base);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("href=\"" + base + "/bekanntmachung/1\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("href=\"" + base + "/bekanntmachung/2\""), std::string::npos);
  EXPECT_NE(page.body.find("Berichtigung"), std::string::npos);
}

// § 10 Abs. 7 und 8 BImSchG: the decision is announced on the procedure's page with its operative part, remedies and
// the two weeks after which it counts as served; everyone who took part with an e-mail address is told, once.
TEST_P(AnnouncementSiteTest, TheDecisionIsAnnouncedAndEveryoneWhoTookPartIsTold) {
  Procedure procedure = Draft(tenant_.id);
  const std::string base = "/grimma/verfahren/" + std::to_string(procedure.id);
  Browser editor(port());
  Login(editor, "redaktion@grimma.example");
  ASSERT_NO_FATAL_FAILURE(SetHearing(editor, base));
  ASSERT_EQ(editor.Submit(base + "/bearbeiten", base + "/veroeffentlichen", {}).status, 303);
  Browser visitor(port());
  EXPECT_EQ(visitor.Get(base + "/entscheidung.txt").status, 404) << "nothing decided yet";

  // Who took part: the citizen online (twice: one mail), a withdrawn objection, a paper letter with an e-mail
  // address, a paper letter without one.
  auto published = *Stored(procedure.id);
  db_->Write([&](db::Tx& tx) {
    auto online = [&](const std::string& text) {
      return Submit(tx, published,
                    {.input = {.text = text, .name = "Cora Citizen", .address = "Markt 1, 04668 Grimma"},
                     .user_id = citizen_.id,
                     .author_email = citizen_.email},
                    now_);
    };
    online("Erste Einwendung");
    online("Zweite Einwendung");
    auto withdrawn = Submit(tx, published,
                            {.input = {.text = "Zurückgezogen", .name = "Rita Redaktion", .address = "Markt 2"},
                             .user_id = editor_.id,
                             .author_email = editor_.email},
                            now_);
    ASSERT_TRUE(Withdraw(tx, withdrawn.id, editor_.id, now_).has_value());
    Submit(tx, published,
           {.input = {.text = "Per Brief", .name = "Paul Papier", .address = "Am Markt 3, 04668 Grimma"},
            .author_email = "PAUL.papier@example.org",
            .channel = Channel::kPaper,
            .entered_by = worker_.id},
           now_);
    Submit(tx, published,
           {.input = {.text = "Ohne E-Mail", .name = "Olga Ohnemail", .address = "Am Markt 4, 04668 Grimma"},
            .channel = Channel::kPaper,
            .entered_by = worker_.id},
           now_);
  });
  const std::int64_t mails_before = CountRows("SELECT COUNT(*) FROM mail_outbox");

  // Decided on the fixture's day, Thursday 28 May 2026: published from Friday for two weeks.
  auto decided = editor.Submit(
      base + "/bearbeiten", base + "/entscheiden",
      {{"outcome", "granted"},
       {"decision_text", "Der Windkraft Muldental GmbH wird die Genehmigung erteilt."},
       {"remedies", "Gegen diesen Bescheid kann innerhalb eines Monats Klage beim Verwaltungsgericht Leipzig erhoben "
                    "werden."},
       {"conditions", "yes"}});
  ASSERT_EQ(decided.status, 303) << decided.body;
  EXPECT_EQ(decided.Header("location"), base + "/bearbeiten");

  auto page = visitor.Get(base);
  ASSERT_EQ(page.status, 200);
  for (const std::string& part : std::vector<std::string>{
           "Öffentlich bekannt gemacht am", "Der Windkraft Muldental GmbH wird die Genehmigung erteilt.",
        "Nebenbestimmungen (Auflagen)", "Rechtsbehelfsbelehrung", "Klage beim Verwaltungsgericht Leipzig",
        "29.05.2026 – 11.06.2026", "als zugestellt (§ 10 Abs. 8 Satz 5 BImSchG)", base + "/entscheidung.txt"}) {
    EXPECT_NE(page.body.find(part), std::string::npos) << part;
  }
  auto notice = visitor.Get(base + "/entscheidung.txt");
  ASSERT_EQ(notice.status, 200);
  EXPECT_NE(notice.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(notice.body.find("Mit dem Ende dieser Frist am Donnerstag, 11.06.2026 gilt der Bescheid auch gegenüber "
                             "Dritten, die keine Einwendungen erhoben haben, als zugestellt"),
            std::string::npos)
      << notice.body;

  // One mail per address of a statement not withdrawn: the citizen (the account's address) and the paper letter's.
  auto mails = db_->Read([&](db::Tx& tx) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : tx.Query("SELECT to_address, body_text FROM mail_outbox ORDER BY id", {})) {
      out.emplace_back(row.Text(0), row.Text(1));
    }
    return out;
  });
  ASSERT_EQ(static_cast<std::int64_t>(mails.size()), mails_before + 2);
  std::vector<std::string> to;
  for (std::size_t index = static_cast<std::size_t>(mails_before); index < mails.size(); ++index) {
    to.push_back(mails[index].first);
    const std::string& body = mails[index].second;
    EXPECT_NE(body.find("Windpark Grimma-Nord"), std::string::npos) << body;
    EXPECT_NE(body.find("vom 29.05.2026 bis einschließlich 11.06.2026"), std::string::npos) << body;
    EXPECT_NE(body.find("Abs. 8 Satz 5 BImSchG)"), std::string::npos) << body;
    EXPECT_NE(body.find(base + "#entscheidung"), std::string::npos) << body;
    EXPECT_NE(body.find("keine Zustellung"), std::string::npos) << body;
  }
  std::sort(to.begin(), to.end());
  EXPECT_EQ(to, (std::vector<std::string>{"PAUL.papier@example.org", "citizen@example.org"}));
  EXPECT_TRUE(Has(AuditActions(), "procedure.decide"));
}

MW_INSTANTIATE_FOR_ENGINES(AnnouncementSiteTest);

}  // namespace
}  // namespace mw::procedures
