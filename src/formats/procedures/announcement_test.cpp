// The announcement says per type what the law asks it to say, and Berlin wall-clock times convert both ways.
#include "formats/procedures/announcement.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mw::procedures {
namespace {

tenancy::Tenant Authority() {
  tenancy::Tenant tenant;
  tenant.slug = "grimma";
  tenant.name = "Stadt Grimma";
  tenant.land = "SN";
  tenant.address = "Markt 16/17\n04668 Grimma";
  return tenant;
}

Procedure Of(Type type) {
  Procedure procedure;
  procedure.id = 12;
  procedure.type = type;
  procedure.title = "Windpark Grimma-Nord";
  procedure.description = "Vier Windenergieanlagen östlich von Grimma.";
  procedure.applicant = "Windkraft Muldental GmbH";
  procedure.display_start = {2026, 12, 7};
  procedure.display_end = {2027, 1, 6};
  procedure.objection_end = {2027, 1, 20};
  procedure.documents_location = "Rathaus Grimma, Zimmer 204";
  return procedure;
}

constexpr std::string_view kUrl = "https://portal.example/grimma/verfahren/12";

std::string Text(const Procedure& procedure) {
  return AnnouncementText(procedure, Authority(), kUrl);
}

void ExpectAll(const std::string& text, const std::vector<std::string>& parts) {
  for (const auto& part : parts) EXPECT_NE(text.find(part), std::string::npos) << part << "\n---\n" << text;
}

void ExpectNone(const std::string& text, const std::vector<std::string>& parts) {
  for (const auto& part : parts) EXPECT_EQ(text.find(part), std::string::npos) << part << "\n---\n" << text;
}

// What every announcement says: who, what, where and when to see the documents, until when and how to submit.
void ExpectCommon(const std::string& text) {
  ExpectAll(text, {"Öffentliche Bekanntmachung", "Stadt Grimma", "Windpark Grimma-Nord", std::string(kUrl),
                   "Montag, 07.12.2026", "Mittwoch, 06.01.2027", "Rathaus Grimma, Zimmer 204",
                   "online über das Beteiligungsportal", "schriftlich bei Stadt Grimma (Markt 16/17, 04668 Grimma)"});
}

TEST(AnnouncementText, BimschgSaysWhatParagraphTenAndTheNinthOrdinanceRequire) {
  Procedure procedure = Of(Type::kBimschg);
  procedure.ied = true;
  std::string text = Text(procedure);
  ExpectCommon(text);
  ExpectAll(text,
            {"§ 10 des Bundes-Immissionsschutzgesetzes", "Windkraft Muldental GmbH", "Industrieemissions-Richtlinie",
             "bis einschließlich Mittwoch, 20.01.2027", "Einwendungen gegen das Vorhaben können",
             "alle Einwendungen ausgeschlossen, die nicht auf besonderen privatrechtlichen Titeln beruhen",
             "§ 10 Abs. 3 Satz 5 BImSchG", "Ein Termin zur Erörterung wird gesondert bekannt gemacht",
             "nach ihrem Ermessen", "entfällt, wenn keine rechtzeitigen Einwendungen", "auch bei Ausbleiben",
             "mehr als 50 Zustellungen", "durch öffentliche Bekanntmachung ersetzt",
             "Name und ihre Anschrift vorher unkenntlich gemacht", "§ 12 Abs. 2 9. BImSchV"});
  ExpectNone(text, {"UVP-Bericht", "§ 4a"});

  procedure.hearing_at = 1'789'027'200;  // 10.09.2026, 10:00 in Berlin
  procedure.hearing_place = "Rathaus Grimma, Ratssaal";
  text = Text(procedure);
  ExpectAll(text, {"Erörterungstermin: 10.09.2026, 10:00 Uhr, Rathaus Grimma, Ratssaal.", "nach ihrem Ermessen"});
  ExpectNone(text, {"gesondert bekannt gemacht"});
}

TEST(AnnouncementText, PlanfeststellungNamesThePreclusionAndTheFiftyRule) {
  Procedure procedure = Of(Type::kVwvfg73);
  procedure.uvp = true;
  std::string text = Text(procedure);
  ExpectCommon(text);
  ExpectAll(text, {"§ 73 des Verwaltungsverfahrensgesetzes", "Anhörungsbehörde ist Stadt Grimma", "UVP-Bericht",
                   "Einwendungen gegen den Plan", "§ 73 Abs. 4 Satz 3 VwVfG", "mindestens eine Woche vorher",
                   "kann entfallen", "mehr als 50 Benachrichtigungen oder Zustellungen", "unkenntlich gemacht"});
}

TEST(AnnouncementText, BaugbPublicationSaysLateStatementsMayBeLeftOut) {
  std::string text = Text(Of(Type::kBaugb32));
  ExpectCommon(text);
  ExpectAll(text, {"§ 3 Abs. 2 des Baugesetzbuchs", "während der Dauer der Veröffentlichungsfrist",
                   "sollen elektronisch übermittelt werden",
                   "bei der Beschlussfassung über den Bauleitplan "
                   "unberücksichtigt bleiben",
                   "§ 4a Abs. 6 BauGB", "umweltbezogener Informationen"});
  ExpectNone(text, {"Einwendungen", "Erörterungstermin", "privatrechtlichen Titeln"});
}

TEST(AnnouncementText, BaugbAuthoritiesAreAskedForTheirStatement) {
  std::string text = Text(Of(Type::kBaugb42));
  ExpectCommon(text);
  ExpectAll(text, {"§ 4 Abs. 2 des Baugesetzbuchs", "Träger öffentlicher Belange", "§ 4a Abs. 6 BauGB"});
  ExpectNone(text, {"Erörterungstermin"});
}

TEST(AnnouncementText, EarlyParticipationAndConsultationAreAPlainInvitation) {
  std::string early = Text(Of(Type::kBaugb31));
  ExpectCommon(early);
  ExpectAll(early, {"§ 3 Abs. 1", "allgemeinen Ziele und Zwecke der Planung", "Äußerungen können"});
  std::string consultation = Text(Of(Type::kConsultation));
  ExpectCommon(consultation);
  ExpectAll(consultation, {"Einladung zur Beteiligung", "lädt alle Interessierten ein", "Stellungnahmen können"});
  for (const auto& text : {early, consultation}) {
    ExpectNone(text, {"Einwendungen", "privatrechtlichen Titeln", "Erörterungstermin", "§ 4a"});
  }
}

TEST(AnnouncementText, WithoutAddressOrLocationTheSentencesStillRead) {
  tenancy::Tenant tenant = Authority();
  tenant.address.clear();
  Procedure procedure = Of(Type::kConsultation);
  procedure.documents_location.clear();
  std::string text = AnnouncementText(procedure, tenant, kUrl);
  ExpectAll(text, {"schriftlich bei Stadt Grimma."});
  ExpectNone(text, {"Zusätzlich können sie", "()"});
}

TEST(BerlinTime, ConvertsWallClockTimesWithSummerTime) {
  EXPECT_EQ(ParseBerlinDateTime("2026-09-10T10:00"), 1'789'027'200);  // CEST: 08:00 UTC
  EXPECT_EQ(ParseBerlinDateTime("2026-12-10T10:00"), 1'796'893'200);  // CET: 09:00 UTC
  EXPECT_EQ(ParseBerlinDateTime("2026-12-10T10:00:00"), 1'796'893'200);
  EXPECT_EQ(FormatBerlinDateTime(1'789'027'200), "10.09.2026, 10:00 Uhr");
  EXPECT_EQ(FormatBerlinDateTimeInput(1'796'893'200), "2026-12-10T10:00");
  // The night of the change to summer time (29.03.2026) and back (25.10.2026).
  EXPECT_EQ(FormatBerlinDateTime(*ParseBerlinDateTime("2026-03-29T03:30")), "29.03.2026, 03:30 Uhr");
  EXPECT_EQ(FormatBerlinDateTime(*ParseBerlinDateTime("2026-10-25T12:00")), "25.10.2026, 12:00 Uhr");
  for (auto bad : {"", "2026-09-10", "2026-09-10T25:00", "2026-02-30T10:00", "10.09.2026 10:00", "2026-09-10T1:00"}) {
    EXPECT_FALSE(ParseBerlinDateTime(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace mw::procedures
