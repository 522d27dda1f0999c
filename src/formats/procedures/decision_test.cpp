// The decision step's rules, the two weeks of the decision's publication, and the notice text with its rules.
#include "formats/procedures/decision.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/procedures/announcement.hpp"
#include "formats/procedures/store.hpp"

namespace mw::procedures {
namespace {

std::vector<std::string> Fields(const std::expected<DecisionInput, std::vector<Error>>& result) {
  std::vector<std::string> fields;
  if (!result) {
    for (const auto& error : result.error()) fields.push_back(error.field);
  }
  return fields;
}

const std::string kRemedies = "Gegen diesen Bescheid kann innerhalb eines Monats Klage erhoben werden.";

TEST(DecisionOutcome, NamesRoundTrip) {
  for (Outcome outcome : {Outcome::kGranted, Outcome::kRejected, Outcome::kEnded}) {
    EXPECT_EQ(ParseOutcome(OutcomeName(outcome)), outcome);
  }
  EXPECT_FALSE(ParseOutcome("Granted").has_value());
  EXPECT_FALSE(ParseOutcome("").has_value());
}

// What each type and outcome asks of the step, as a table: the refused fields, none if valid.
TEST(ValidateDecision, AsksPerTypeAndOutcome) {
  struct Row {
    Type type;
    DecisionInput input;
    std::vector<std::string> refused;
  };
  const std::vector<Row> rows{
      // Where the notice replaces service, the remedies belong to the notice (§ 10 Abs. 8 Satz 2 BImSchG) and to
      // the published decision (§ 74 Abs. 4 Satz 2 VwVfG).
      {Type::kBimschg, {.operative_part = "Genehmigt.", .remedies = kRemedies}, {}},
      {Type::kBimschg, {.operative_part = "Genehmigt."}, {"remedies"}},
      {Type::kBimschg, {.outcome = Outcome::kRejected, .operative_part = "Abgelehnt.", .remedies = " "}, {"remedies"}},
      {Type::kVwvfg73, {.operative_part = "Der Plan wird festgestellt."}, {"remedies"}},
      {Type::kVwvfg73, {.operative_part = "Der Plan wird festgestellt.", .remedies = kRemedies}, {}},
      // Ended without a decision on the application: no remedies needed, but how and why.
      {Type::kBimschg, {.outcome = Outcome::kEnded, .operative_part = "Antrag am 1.12. zurückgenommen."}, {}},
      {Type::kBimschg, {.outcome = Outcome::kEnded, .operative_part = "  "}, {"decision_text"}},
      // Other types: the result alone.
      {Type::kConsultation, {.operative_part = "Beschlossen."}, {}},
      {Type::kBaugb32, {.operative_part = "Abgewogen."}, {}},
      {Type::kBaugb32, {}, {"decision_text"}},
      // Conditions only with a granted BImSchG approval (§ 10 Abs. 8 Satz 2 BImSchG).
      {Type::kBimschg, {.operative_part = "Genehmigt.", .remedies = kRemedies, .conditions = true}, {}},
      {Type::kBimschg,
       {.outcome = Outcome::kRejected, .operative_part = "Abgelehnt.", .remedies = kRemedies, .conditions = true},
       {"conditions"}},
      {Type::kVwvfg73, {.operative_part = "Festgestellt.", .remedies = kRemedies, .conditions = true}, {"conditions"}},
      // Control characters and lengths as everywhere.
      {Type::kBimschg, {.operative_part = "Genehmigt.\x07", .remedies = kRemedies}, {"decision_text"}},
      {Type::kBimschg, {.operative_part = "Genehmigt.", .remedies = std::string(kMaxRemediesChars + 1, 'x')},
       {"remedies"}},
      {Type::kConsultation, {.operative_part = std::string(kMaxDescriptionChars + 1, 'x')}, {"decision_text"}},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(Fields(ValidateDecision(row.type, row.input)), row.refused)
        << TypeName(row.type) << " " << OutcomeName(row.input.outcome) << " \"" << row.input.operative_part.substr(0, 40)
        << "\"";
  }
  auto trimmed = ValidateDecision(Type::kBimschg, {.operative_part = "  Genehmigt. \n", .remedies = " " + kRemedies});
  ASSERT_TRUE(trimmed.has_value());
  EXPECT_EQ(trimmed->operative_part, "Genehmigt.");
  EXPECT_EQ(trimmed->remedies, kRemedies);
}

// From the day after the notice for two weeks (§ 10 Abs. 8 Satz 3 BImSchG; §§ 187 Abs. 2, 188 Abs. 2 BGB), without a
// move off weekends and holidays (§ 31 Abs. 4 VwVfG).
TEST(DecisionDisplay, TwoWeeksFromTheDayAfterTheNotice) {
  struct Row {
    law::Date notice;
    law::Date first;
    law::Date last;
  };
  const std::vector<Row> rows{
      {{2026, 12, 7}, {2026, 12, 8}, {2026, 12, 21}},  // Monday notice: Tuesday to the Monday two weeks on
      {{2026, 12, 18}, {2026, 12, 19}, {2027, 1, 1}},  // ends on New Year's Day: stays
      {{2027, 2, 20}, {2027, 2, 21}, {2027, 3, 6}},    // across the end of February; ends on a Saturday: stays
      {{2028, 2, 20}, {2028, 2, 21}, {2028, 3, 5}},    // leap year
      {{2026, 12, 31}, {2027, 1, 1}, {2027, 1, 14}},   // starts on a holiday: the period counts from it all the same
  };
  for (const auto& row : rows) {
    for (Type type : {Type::kBimschg, Type::kVwvfg73}) {
      auto period = DecisionDisplay(type, Outcome::kGranted, row.notice);
      ASSERT_TRUE(period.has_value()) << law::FormatIso(row.notice);
      EXPECT_EQ(period->first, row.first) << law::FormatIso(row.notice);
      EXPECT_EQ(period->last, row.last) << law::FormatIso(row.notice);
      EXPECT_EQ(law::DaysBetween(period->first, period->last), 13);
    }
  }
  EXPECT_TRUE(DecisionDisplay(Type::kBimschg, Outcome::kRejected, {2026, 12, 7}).has_value());
  EXPECT_FALSE(DecisionDisplay(Type::kBimschg, Outcome::kEnded, {2026, 12, 7}).has_value());
  for (Type type : {Type::kConsultation, Type::kBaugb31, Type::kBaugb32, Type::kBaugb42}) {
    EXPECT_FALSE(DecisionDisplay(type, Outcome::kGranted, {2026, 12, 7}).has_value()) << TypeName(type);
  }
}

tenancy::Tenant Authority() {
  tenancy::Tenant tenant;
  tenant.slug = "landesdirektion";
  tenant.name = "Landesdirektion Sachsen";
  tenant.land = "SN";
  tenant.address = "Braustraße 2\n04107 Leipzig";
  return tenant;
}

constexpr std::string_view kUrl = "https://portal.example/landesdirektion/verfahren/8";

Procedure Decided(Type type, Outcome outcome) {
  Procedure procedure;
  procedure.id = 8;
  procedure.type = type;
  procedure.title = "Holzheizkraftwerk Wurzen";
  procedure.applicant = "Stadtwerke Wurzen GmbH";
  procedure.phase = Phase::kDecided;
  procedure.documents_location = "Braustraße 2, Zimmer 204";
  procedure.decided_at = *ParseBerlinDateTime("2026-12-07T10:00");
  procedure.decision_outcome = outcome;
  procedure.decision_text = "1. Die Genehmigung wird erteilt.";
  procedure.decision_remedies = kRemedies;
  return procedure;
}

void ExpectAll(const std::string& text, const std::vector<std::string>& parts) {
  for (const auto& part : parts) EXPECT_NE(text.find(part), std::string::npos) << part << "\n---\n" << text;
}

void ExpectNone(const std::string& text, const std::vector<std::string>& parts) {
  for (const auto& part : parts) EXPECT_EQ(text.find(part), std::string::npos) << part << "\n---\n" << text;
}

TEST(DecisionNoticeText, BimschgSaysWhatParagraph8Asks) {
  Procedure procedure = Decided(Type::kBimschg, Outcome::kGranted);
  procedure.decision_conditions = true;
  std::string text = DecisionNoticeText(procedure, Authority(), kUrl);
  ExpectAll(text, {"Öffentliche Bekanntmachung", "Landesdirektion Sachsen", "Holzheizkraftwerk Wurzen",
                   "am Montag, 07.12.2026 über den Antrag der Stadtwerke Wurzen GmbH entschieden und die Genehmigung "
                   "erteilt",
                   "durch diese öffentliche Bekanntmachung ersetzt (§ 10 Abs. 8 Satz 1 BImSchG)",
                   "Verfügender Teil des Bescheids (§ 10 Abs. 8 Satz 2 BImSchG):\n1. Die Genehmigung wird erteilt.",
                   "Nebenbestimmungen (Auflagen) verbunden; auf sie wird hiermit hingewiesen",
                   "Rechtsbehelfsbelehrung (§ 10 Abs. 8 Satz 2 BImSchG):\n" + kRemedies,
                   "vom Dienstag, 08.12.2026 bis einschließlich Montag, 21.12.2026",
                   "(§ 10 Abs. 8 Satz 3 und 4 BImSchG):\n" + std::string(kUrl),
                   "eingesehen werden bei: Braustraße 2, Zimmer 204",
                   "Mit dem Ende dieser Frist am Montag, 21.12.2026 gilt der Bescheid auch gegenüber Dritten, die keine "
                   "Einwendungen erhoben haben, als zugestellt (§ 10 Abs. 8 Satz 5 BImSchG)",
                   "bis zum Ablauf der Widerspruchsfrist", "(Braustraße 2, 04107 Leipzig) (§ 10 Abs. 8 Satz 6 BImSchG)"});
  procedure.decision_conditions = false;
  procedure.decision_outcome = Outcome::kRejected;
  text = DecisionNoticeText(procedure, Authority(), kUrl);
  ExpectAll(text, {"entschieden und ihn abgelehnt", "gilt der Bescheid auch gegenüber Dritten"});
  ExpectNone(text, {"Nebenbestimmungen", "Genehmigung erteilt"});
}

TEST(DecisionNoticeText, PlanfeststellungSaysWhatParagraph74Asks) {
  std::string text = DecisionNoticeText(Decided(Type::kVwvfg73, Outcome::kGranted), Authority(), kUrl);
  ExpectAll(text, {"Bekanntmachung des Planfeststellungsbeschlusses", "entschieden und den Plan festgestellt",
                   "zugestellt (§ 74 Abs. 4 Satz 1 VwVfG)", "Rechtsbehelfsbelehrung (§ 74 Abs. 4 Satz 2 VwVfG):",
                   "Planfeststellungsbeschluss mit Rechtsbehelfsbelehrung und der festgestellte Plan werden vom "
                   "Dienstag, 08.12.2026 bis einschließlich Montag, 21.12.2026",
                   "gilt der Beschluss gegenüber den übrigen Betroffenen als zugestellt (§ 74 Abs. 4 Satz 3 VwVfG)"});
  // Service by notice (§ 74 Abs. 5 VwVfG) needs more than 50 services: the text does not claim it.
  ExpectNone(text, {"Abs. 5", "BImSchG", "Nebenbestimmungen"});
}

TEST(DecisionNoticeText, AnEndWithoutDecisionIsAnnouncedWithItsReason) {
  Procedure procedure = Decided(Type::kBimschg, Outcome::kEnded);
  procedure.decision_text = "Die Antragstellerin hat den Antrag am 30.11.2026 zurückgenommen.";
  procedure.decision_remedies.clear();
  std::string text = DecisionNoticeText(procedure, Authority(), kUrl);
  ExpectAll(text, {"Beendigung des Verfahrens ohne Entscheidung über den Antrag",
                   "am Montag, 07.12.2026 beendet worden", "(§ 20 Abs. 4 der 9. BImSchV)",
                   "den Antrag am 30.11.2026 zurückgenommen", std::string(kUrl)});
  ExpectNone(text, {"Rechtsbehelfsbelehrung", "zugestellt"});
}

TEST(DecisionNoticeText, OtherTypesAnnounceTheResult) {
  Procedure procedure = Decided(Type::kBaugb32, Outcome::kGranted);
  procedure.decision_remedies.clear();
  std::string text = DecisionNoticeText(procedure, Authority(), kUrl);
  ExpectAll(text, {"Bekanntmachung des Ergebnisses", "abgeschlossen; das Ergebnis der Prüfung der Stellungnahmen "
                   "wird hiermit mitgeteilt (§ 3 Abs. 2 Satz 6 BauGB)", "1. Die Genehmigung wird erteilt."});
  ExpectNone(text, {"zugestellt", "Rechtsbehelfsbelehrung"});
  text = DecisionNoticeText(Decided(Type::kConsultation, Outcome::kGranted), Authority(), kUrl);
  ExpectAll(text, {"hat das Verfahren am Montag, 07.12.2026 abgeschlossen.", "Rechtsbehelfsbelehrung:\n" + kRemedies});
  ExpectNone(text, {"BauGB", "zugestellt"});
}

}  // namespace
}  // namespace mw::procedures
