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

// What every announcement says: who, what, where the documents are online and from when.
void ExpectCommon(const std::string& text) {
  ExpectAll(text, {"Öffentliche Bekanntmachung", "Stadt Grimma", "Windpark Grimma-Nord", std::string(kUrl),
                   "Montag, 07.12.2026"});
}

// A complete procedure of `type` with every legal detail its announcement needs.
Procedure Complete(Type type) {
  Procedure procedure = Of(type);
  procedure.legal.site = "Grimma, Gemarkung Nerchau, Flurstück 112/3";
  procedure.legal.installation = "4 Windenergieanlagen, je 6,2 MW";
  procedure.legal.operation_start = "3. Quartal 2028";
  procedure.legal.reports = "Schallgutachten, Schattenwurfprognose";
  procedure.hearing_at = 1'801'299'600;  // 30.01.2027, 10:00 in Berlin
  procedure.hearing_place = "Rathaus Grimma, Ratssaal";
  procedure.legal.filing_municipality = "Gemeinde Thallwitz, Schloßstraße 1, 04808 Thallwitz";
  procedure.legal.plan_type = std::string(kPlanBplan);
  procedure.legal.environmental_info = "Schutzgut Boden: Baugrundgutachten, Altlasten\nSchutzgut Wasser: Hochwasser";
  return procedure;
}

// Each row: a type (with a change to the complete procedure), sentences the announcement must contain with the
// rule behind them, and sentences it must not contain.
struct AnnouncementCase {
  const char* description;
  Type type;
  void (*change)(Procedure&);
  std::vector<std::string> present;
  std::vector<std::string> absent;
};

const AnnouncementCase kAnnouncementCases[] = {
    {"BImSchG: § 10 Abs. 4 BImSchG and § 9 Abs. 1 der 9. BImSchV",
     Type::kBimschg,
     [](Procedure&) {},
     {"§ 10 des Bundes-Immissionsschutzgesetzes", "Antragstellerin: Windkraft Muldental GmbH",
      "Standort der Anlage: Grimma, Gemarkung Nerchau, Flurstück 112/3",
      "Art und Umfang der Anlage: 4 Windenergieanlagen, je 6,2 MW",
      "Voraussichtlicher Zeitpunkt der Inbetriebnahme: 3. Quartal 2028", "(§ 9 Abs. 1 der 9. BImSchV)",
      "Zuständige Genehmigungsbehörde ist Stadt Grimma", "Für das Verfahren gelten § 10 BImSchG und die 9. BImSchV",
      "Berichte und Empfehlungen vor", "Schallgutachten, Schattenwurfprognose",
      "vom Montag, 07.12.2026 bis einschließlich Mittwoch, 06.01.2027 im Internet veröffentlicht (§ 10 Abs. 3 Satz 2, "
      "Abs. 4 Nr. 1 BImSchG)",
      "Rathaus Grimma, Zimmer 204", "bis einschließlich Mittwoch, 20.01.2027",
      "schriftlich oder elektronisch bei der Genehmigungsbehörde", "(§ 10 Abs. 3 Satz 8, Abs. 4 Nr. 2 BImSchG)",
      "privatrechtlichen Titeln beruhen (§ 10 Abs. 3 Satz 9 BImSchG)",
      "Erörterungstermin: 30.01.2027, 10:00 Uhr, Rathaus Grimma, Ratssaal (§ 10 Abs. 4 Nr. 3 BImSchG)",
      "Ermessensentscheidung der Genehmigungsbehörde durchgeführt (§ 10 Abs. 6 BImSchG)", "auch bei Ausbleiben",
      "(§ 16 Abs. 1 der 9. BImSchV)", "durch öffentliche Bekanntmachung ersetzt werden (§ 10 Abs. 4 Nr. 4 BImSchG)",
      "unkenntlich gemacht", "(§ 12 Abs. 2 der 9. BImSchV)"},
     {"mehr als 50", "Satz 4 BImSchG", "Satz 5 BImSchG", "§ 12 Abs. 1", "UVP-Bericht", "gesondert bekannt gemacht",
      "Nachbarstaat", "anderen Staat"}},
    {"BImSchG with IED, UVP and a neighbouring state",
     Type::kBimschg,
     [](Procedure& procedure) {
       procedure.ied = true;
       procedure.uvp = true;
       procedure.legal.cross_border = true;
     },
     {"Industrieemissions-Richtlinie", "einen Monat (§ 10 Abs. 3 Satz 8 BImSchG)", "sowie das Gesetz über die "
      "Umweltverträglichkeitsprüfung", "UVP-Bericht ist Teil der veröffentlichten Unterlagen (§ 9 Abs. 1 der 9. BImSchV, "
      "§ 19 Abs. 1 UVPG)", "Die Einwendungsfrist beträgt einen Monat (§ 12 Abs. 1 der 9. BImSchV)",
      "Auswirkungen in einem anderen Staat", "(§ 11a der 9. BImSchV)"},
     {"mehr als 50"}},
    {"Planfeststellung: § 73 VwVfG with § 27c VwVfG",
     Type::kVwvfg73,
     [](Procedure& procedure) { procedure.uvp = true; },
     {"§ 73 des Verwaltungsverfahrensgesetzes", "Anhörungsbehörde ist Stadt Grimma (§ 73 Abs. 1 VwVfG)",
      "(§ 19 Abs. 1 UVPG)", "(§ 21 Abs. 2 UVPG)", "(§ 73 Abs. 3 Satz 1, Abs. 5 Satz 2 Nr. 1, § 27b VwVfG)",
      "Einwendungen gegen den Plan erheben (§ 73 Abs. 4 Satz 1, Abs. 5 Satz 2 Nr. 2 VwVfG)",
      "- schriftlich oder zur Niederschrift bei Stadt Grimma (Markt 16/17, 04668 Grimma) (Anhörungsbehörde) oder bei "
      "der Gemeinde Gemeinde Thallwitz, Schloßstraße 1, 04808 Thallwitz",
      "(§ 73 Abs. 4 Satz 3 VwVfG)", "erörtert die Anhörungsbehörde die rechtzeitig erhobenen Einwendungen",
      "(§ 73 Abs. 6 Satz 1 VwVfG), soweit das Fachplanungsrecht nichts anderes bestimmt",
      "durch eine Online-Konsultation ersetzt werden (§ 27c VwVfG)",
      "mindestens eine Woche vorher ortsüblich bekannt gemacht (§ 73 Abs. 6 Satz 2 VwVfG)",
      "(§ 73 Abs. 5 Satz 2 Nr. 3 VwVfG)", "mehr als 50 Benachrichtigungen oder Zustellungen",
      "(§ 73 Abs. 5 Satz 2 Nr. 4 VwVfG)",
      // #12 item 9: no provision for objections through the portal: the written form only, and why.
      "04808 Thallwitz.\n\nEine einfache E-Mail oder ein Webformular wahrt die Schriftform nicht (§ 3a Abs. 2 VwVfG)"},
     {"kann entfallen", "Ermessen", "BImSchG", "- elektronisch über das Beteiligungsportal"}},
    {"Planfeststellung whose sector law allows objections through the portal",
     Type::kVwvfg73,
     [](Procedure& procedure) { procedure.legal.online_objection_basis = "§ 17a Nr. 1 FStrG-Landesvorschrift (Beispiel)"; },
     {"Thallwitz,\n- elektronisch über das Beteiligungsportal unter https://portal.example/grimma/verfahren/12 (§ 17a "
      "Nr. 1 FStrG-Landesvorschrift (Beispiel))."},
     {"wahrt die Schriftform nicht"}},
    {"BauGB § 3 Abs. 2, Bebauungsplan",
     Type::kBaugb32,
     [](Procedure&) {},
     {"Veröffentlichung des Entwurfs des Bebauungsplans im Internet nach § 3 Abs. 2 des Baugesetzbuchs",
      "(§ 3 Abs. 2 Satz 1 und 4 BauGB)", "auf folgende Weise zugänglich (§ 3 Abs. 2 Satz 2, Satz 4 Nr. 4 BauGB): "
      "Rathaus Grimma, Zimmer 204", "(§ 3 Abs. 2 Satz 5 BauGB)",
      "Folgende Arten umweltbezogener Informationen sind verfügbar (§ 3 Abs. 2 Satz 4 BauGB):\n- Schutzgut Boden: "
      "Baugrundgutachten, Altlasten\n- Schutzgut Wasser: Hochwasser",
      "bis einschließlich Mittwoch, 20.01.2027, abgegeben werden (§ 3 Abs. 2 Satz 4 Nr. 1 BauGB)",
      "auf anderem Weg abgegeben werden (§ 3 Abs. 2 Satz 4 Nr. 2 BauGB)",
      "- elektronisch über das Beteiligungsportal", "- auf anderem Weg, etwa schriftlich bei Stadt Grimma",
      "nicht hätte kennen müssen", "(§ 3 Abs. 2 Satz 4 Nr. 3, § 4a Abs. 5 BauGB)"},
     {"§ 4a Abs. 6", "Einwendungen", "Erörterungstermin", "privatrechtlichen Titeln", "Umwelt-Rechtsbehelfsgesetzes",
      "erneut", "Nachbarstaaten"}},
    {"BauGB § 3 Abs. 2, Flächennutzungsplan, repeated, cross-border",
     Type::kBaugb32,
     [](Procedure& procedure) {
       procedure.legal.plan_type = std::string(kPlanFnp);
       procedure.legal.repeated = true;
       procedure.legal.repeated_scope = "geänderte Darstellung der Wohnbaufläche W 3";
       procedure.legal.cross_border = true;
     },
     {"Erneute Veröffentlichung des Entwurfs des Flächennutzungsplans", "(§ 4a Abs. 3 Satz 1 BauGB)",
      "nur zu den geänderten oder ergänzten Teilen abgegeben werden: geänderte Darstellung der Wohnbaufläche W 3 "
      "(§ 4a Abs. 3 Satz 2 BauGB)",
      "§ 7 Abs. 3 Satz 1 des Umwelt-Rechtsbehelfsgesetzes", "(§ 3 Abs. 3 BauGB)", "(§ 4a Abs. 4 BauGB)"},
     {"verkürzt"}},
    // Issue #12 item 8: repeated participation, with the periods the law lets the authority shorten.
    {"BauGB § 3 Abs. 2, repeated and shortened to three weeks",
     Type::kBaugb32,
     [](Procedure& procedure) {
       procedure.legal.repeated = true;
       procedure.display_end = {2026, 12, 28};
       procedure.objection_end = {2026, 12, 28};
     },
     {"Erneute Veröffentlichung", "bis einschließlich Montag, 28.12.2026",
      "Die Dauer der Veröffentlichungsfrist und die Frist zur Stellungnahme sind angemessen verkürzt (§ 4a Abs. 3 "
      "Satz 3 BauGB)."},
     {}},
    {"BauGB § 4 Abs. 2, repeated and shortened to two weeks",
     Type::kBaugb42,
     [](Procedure& procedure) {
       procedure.legal.repeated = true;
       procedure.legal.repeated_scope = "Teilfläche W 3";
       procedure.display_end = {2026, 12, 21};
       procedure.objection_end = {2026, 12, 21};
     },
     {"erneut eingeholt (§ 4a Abs. 3 Satz 1 BauGB)",
      "nur zu den geänderten oder ergänzten Teilen abgegeben werden: Teilfläche W 3 (§ 4a Abs. 3 Satz 2 BauGB)",
      "innerhalb der angemessen verkürzten Frist nach Zugang dieser Aufforderung abzugeben (§ 4a Abs. 3 Satz 3 "
      "BauGB)",
      "endet die Frist mit Ablauf des Montag, 21.12.2026"},
     {"innerhalb von 30 Tagen"}},
    {"BImSchG, repeated after a change of the project: the full periods",
     Type::kBimschg,
     [](Procedure& procedure) {
       procedure.legal.repeated = true;
       procedure.legal.repeated_scope = "Anlage 4 um 40 m nach Osten verschoben";
     },
     {"zusätzlich bekannt gemacht, und die Unterlagen werden erneut mit den vollen Fristen veröffentlicht (§ 8 Abs. 1 "
      "Satz 2 und Abs. 2 der 9. BImSchV)",
      "Die Änderung betrifft: Anlage 4 um 40 m nach Osten verschoben (§ 8 Abs. 2 der 9. BImSchV)."},
     {"verkürzt"}},
    {"§ 73 Abs. 8 VwVfG: a change of the displayed plan, two weeks",
     Type::kVwvfg73,
     [](Procedure& procedure) {
       procedure.legal.repeated = true;
       procedure.legal.repeated_scope = "Lärmschutzwand bei km 3,2";
       procedure.display_end = {2026, 12, 21};
       procedure.objection_end = {2026, 12, 21};
     },
     {"Der ausgelegte Plan soll geändert werden. Die Änderung betrifft: Lärmschutzwand bei km 3,2 (§ 73 Abs. 8 Satz 1 "
      "VwVfG).",
      "erstmals oder stärker als bisher in ihren Belangen berührt wird, kann vom Montag, 07.12.2026 bis einschließlich "
      "Montag, 21.12.2026 Stellungnahmen und Einwendungen erheben (§ 73 Abs. 8 Satz 1 VwVfG)",
      "(§ 73 Abs. 4 Satz 3, Abs. 8 Satz 1 VwVfG)", "1. Unterlagen zur Änderung des Plans"},
     {"(§ 73 Abs. 4 Satz 1, Abs. 5 Satz 2 Nr. 2 VwVfG)", "1. Auslegung des Plans"}},
    {"§ 22 UVPG: repeated Planfeststellung with UVP, the period after the display shortened",
     Type::kVwvfg73,
     [](Procedure& procedure) {
       procedure.uvp = true;
       procedure.legal.repeated = true;
       procedure.legal.repeated_scope = "Trassenvariante B";
       procedure.legal.shortened_objection_end = law::Date{2027, 1, 20};
     },
     {"angemessen verkürzt (§ 22 Abs. 1 Satz 2 UVPG) und endet mit Ablauf des Mittwoch, 20.01.2027",
      "erneut beteiligt (§ 22 Abs. 1 Satz 1 UVPG)", "Geändert wurden: Trassenvariante B (§ 22 Abs. 1 Satz 4 UVPG)",
      "1. Auslegung des Plans"},
     {"bis einen Monat nach Ablauf", "(§ 73 Abs. 8 Satz 1 VwVfG)"}},
    {"BauGB § 4 Abs. 2: from the receipt of the request",
     Type::kBaugb42,
     [](Procedure&) {},
     {"§ 4 Abs. 2 des Baugesetzbuchs (BauGB) zum Entwurf des Bebauungsplans", "Träger öffentlicher Belange",
      "innerhalb von 30 Tagen nach Zugang dieser Aufforderung abzugeben (§ 4 Abs. 2 Satz 2 BauGB)",
      "Bei Zugang am Montag, 07.12.2026 endet die Frist mit Ablauf des Mittwoch, 20.01.2027", "(§ 4a Abs. 5 BauGB)"},
     {"§ 4a Abs. 6", "Erörterungstermin"}},
};

TEST(AnnouncementText, EverySentenceOfEveryTypeWithTheRuleBehindIt) {
  for (const auto& test_case : kAnnouncementCases) {
    Procedure procedure = Complete(test_case.type);
    test_case.change(procedure);
    std::string text = Text(procedure);
    SCOPED_TRACE(test_case.description);
    ExpectCommon(text);
    ExpectAll(text, test_case.present);
    ExpectNone(text, test_case.absent);
  }
}

struct MissingCase {
  const char* description;
  Type type;
  void (*change)(Procedure&);
  std::vector<std::string> fields;
};

const MissingCase kMissingCases[] = {
    {"a complete BImSchG procedure", Type::kBimschg, [](Procedure&) {}, {}},
    {"BImSchG without hearing date (§ 10 Abs. 4 Nr. 3 BImSchG)", Type::kBimschg,
     [](Procedure& procedure) { procedure.hearing_at.reset(); }, {"hearing_at"}},
    {"BImSchG without the § 9 Abs. 1 9. BImSchV details", Type::kBimschg,
     [](Procedure& procedure) {
       procedure.applicant = " ";
       procedure.legal = {};
     },
     {"applicant", "site", "installation", "operation_start", "reports"}},
    {"§ 73 without the Gemeinde", Type::kVwvfg73, [](Procedure& procedure) { procedure.legal.filing_municipality = ""; },
     {"filing_municipality"}},
    {"§ 3 Abs. 2 BauGB without plan type, environmental information, other access", Type::kBaugb32,
     [](Procedure& procedure) {
       procedure.legal.plan_type = "";
       procedure.legal.environmental_info = "\n";
       procedure.documents_location = "";
     },
     {"plan_type", "environmental_info", "documents_location"}},
    {"§ 4 Abs. 2 BauGB without plan type", Type::kBaugb42, [](Procedure& procedure) { procedure.legal.plan_type = ""; },
     {"plan_type"}},
    {"a consultation needs nothing more", Type::kConsultation, [](Procedure& procedure) { procedure.legal = {}; }, {}},
};

TEST(MissingForPublication, NamesEveryFieldTheAnnouncementStillLacks) {
  for (const auto& test_case : kMissingCases) {
    Procedure procedure = Complete(test_case.type);
    test_case.change(procedure);
    std::vector<std::string> fields;
    for (const auto& error : MissingForPublication(procedure)) {
      fields.push_back(error.field);
      EXPECT_EQ(error.kind, ErrorKind::kInvalid);
      EXPECT_TRUE(error.message.starts_with("Bitte ")) << error.message;
    }
    EXPECT_EQ(fields, test_case.fields) << test_case.description;
  }
  Procedure no_hearing = Complete(Type::kBimschg);
  no_hearing.hearing_at.reset();
  auto missing = MissingForPublication(no_hearing);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].message.find("Erörterungstermin"), std::string::npos);
  EXPECT_NE(missing[0].message.find("§ 10 Abs. 4 Nr. 3 BImSchG"), std::string::npos);
}

TEST(AnnouncementVersionText, ACorrectionNamesTheVersionItReplaces) {
  AnnouncementVersion first{12, 1, "Öffentliche Bekanntmachung\n…", 1'796'893'200};
  AnnouncementVersion second{12, 2, "Öffentliche Bekanntmachung\n… berichtigt", 1'797'152'400};
  EXPECT_EQ(AnnouncementVersionText(first, nullptr),
            "Fassung 1, veröffentlicht am 10.12.2026, 10:00 Uhr.\n\nÖffentliche Bekanntmachung\n…");
  EXPECT_EQ(AnnouncementVersionText(second, &first),
            "Fassung 2, veröffentlicht am 13.12.2026, 10:00 Uhr. Berichtigung: Diese Fassung ersetzt die Fassung 1 vom "
            "10.12.2026, 10:00 Uhr.\n\nÖffentliche Bekanntmachung\n… berichtigt");
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
  ExpectAll(text, {"schriftlich bei Stadt Grimma.", "Montag, 07.12.2026", "Mittwoch, 06.01.2027"});
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
