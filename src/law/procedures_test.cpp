#include "law/procedures.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace mw::law {
namespace {

bool Contains(const std::vector<std::string>& lines, std::string_view part) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.find(part) != std::string::npos; });
}

TEST(ComputeDeadlines, LegalMdWorkedExampleInSachsen) {
  auto dates = ComputeDeadlines({.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}});
  ASSERT_TRUE(dates) << dates.error().message;
  EXPECT_EQ(dates->display_start, (Date{2025, 10, 6}));
  EXPECT_EQ(dates->minimum_display_end, (Date{2025, 11, 5}));
  EXPECT_EQ(dates->display_end, (Date{2025, 11, 5}));
  EXPECT_EQ(dates->nominal_objection_end, (Date{2025, 11, 19}));
  EXPECT_EQ(dates->objection_end, (Date{2025, 11, 20}));
  EXPECT_EQ(dates->land, "SN");
  EXPECT_EQ(dates->land_name, "Sachsen");
  EXPECT_TRUE(dates->warnings.empty());
  EXPECT_EQ(dates->display_end_explanation,
            (std::vector<std::string>{
                "Auslegung für die Dauer von einem Monat (§ 10 Abs. 3 Satz 2 BImSchG).",
                "Die Frist beginnt am Montag, 06.10.2025 mit dem Beginn des Tages; dieser Tag wird mitgerechnet (§ 187 "
                "Abs. 2 BGB).",
                "Eine Frist von einem Monat endet mit Ablauf des Tages vor dem Tag des letzten Monats, der durch seine "
                "Zahl dem Anfangstag entspricht (§ 188 Abs. 2 BGB): Mittwoch, 05.11.2025."}));
  EXPECT_EQ(
      dates->objection_end_explanation,
      (std::vector<std::string>{
          "Einwendungsfrist von zwei Wochen nach Ablauf der Auslegungsfrist (§ 10 Abs. 3 Satz 8 BImSchG); das "
          "Ereignis ist das Ende der Auslegung mit Ablauf des 05.11.2025.",
          "Die Frist beginnt mit dem Ereignis am Mittwoch, 05.11.2025; dieser Tag wird nicht mitgerechnet (§ 187 "
          "Abs. 1 BGB).",
          "Eine Frist von zwei Wochen endet mit Ablauf des Tages der letzten Woche, der durch seine Benennung dem "
          "Ereignistag entspricht (§ 188 Abs. 2 BGB): Mittwoch, 19.11.2025.",
          "Das rechnerische Fristende Mittwoch, 19.11.2025 fällt auf Buß- und Bettag (gesetzlicher Feiertag in "
          "Sachsen) → Fristende Donnerstag, 20.11.2025 (§ 193 BGB, § 31 Abs. 3 Satz 1 VwVfG)."}));
  EXPECT_EQ(dates->explanation.size(), dates->display_end_explanation.size() + dates->objection_end_explanation.size());
}

TEST(ComputeDeadlines, LegalMdWorkedExampleInSachsenAnhalt) {
  auto dates = ComputeDeadlines({.rule = "bimschg", .land = "ST", .display_start = {2025, 10, 6}});
  ASSERT_TRUE(dates) << dates.error().message;
  EXPECT_EQ(dates->display_end, (Date{2025, 11, 5}));
  EXPECT_EQ(dates->objection_end, (Date{2025, 11, 19}));
  EXPECT_TRUE(Contains(dates->objection_end_explanation, "ist ein Werktag in Sachsen-Anhalt"));
}

struct RuleCase {
  const char* description;
  const char* rule;
  const char* land;
  Date display_start;
  std::optional<Date> display_end;
  Date minimum_display_end;
  Date expected_display_end;
  Date objection_end;
};

const RuleCase kRuleCases[] = {
    {"BImSchG", "bimschg", "SN", {2025, 10, 6}, std::nullopt, {2025, 11, 5}, {2025, 11, 5}, {2025, 11, 20}},
    {"BImSchG, Industrieemissions-Richtlinie: one month after",
     "bimschg-ied",
     "SN",
     {2025, 10, 6},
     std::nullopt,
     {2025, 11, 5},
     {2025, 11, 5},
     {2025, 12, 5}},
    {"BImSchG, UVP: one month after",
     "bimschg-uvp",
     "NW",
     {2025, 10, 6},
     std::nullopt,
     {2025, 11, 5},
     {2025, 11, 5},
     {2025, 12, 5}},
    {"BauGB § 3 (2): a month of 31 days beats 30 days",
     "baugb-3-2",
     "SN",
     {2025, 10, 6},
     std::nullopt,
     {2025, 11, 5},
     {2025, 11, 5},
     {2025, 11, 5}},
    {"BauGB § 3 (2): in February 30 days beat the month",
     "baugb-3-2",
     "HE",
     {2025, 2, 3},
     std::nullopt,
     {2025, 3, 4},
     {2025, 3, 4},
     {2025, 3, 4}},
    {"BauGB § 3 (2): February in a leap year",
     "baugb-3-2",
     "HE",
     {2024, 2, 1},
     std::nullopt,
     {2024, 3, 1},
     {2024, 3, 1},
     {2024, 3, 1}},
    {"BauGB § 3 (2): month and 30 days end together",
     "baugb-3-2",
     "HE",
     {2025, 1, 30},
     std::nullopt,
     {2025, 2, 28},
     {2025, 2, 28},
     {2025, 2, 28}},
    // § 4 Abs. 2 BauGB: the month runs from the receipt of the request (an event, § 187 Abs. 1 BGB): received Monday
    // 6.10. → one month ends Thursday 6.11.; 30 days would end 5.11.
    {"BauGB § 4 (2) from receipt", "baugb-4-2", "BY", {2025, 10, 6}, std::nullopt, {2025, 11, 6}, {2025, 11, 6},
     {2025, 11, 6}},
    // Received 30.1.2025: one month ends 28.2. (§ 188 Abs. 3 BGB), 30 days end 1.3. (Saturday) → Monday 3.3.
    {"BauGB § 4 (2): 30 days beat February and move off the Saturday",
     "baugb-4-2",
     "HE",
     {2025, 1, 30},
     std::nullopt,
     {2025, 3, 1},
     {2025, 3, 3},
     {2025, 3, 3}},
    // Received 2.5.2024: one month ends Sunday 2.6. → Monday 3.6.
    {"BauGB § 4 (2): a Sunday end moves", "baugb-4-2", "SN", {2024, 5, 2}, std::nullopt, {2024, 6, 2}, {2024, 6, 3},
     {2024, 6, 3}},
    // § 3 Abs. 2 BauGB: from Friday 31.10.2025 (Reformationstag in Sachsen is the first day) the 30 days end on Saturday
    // 29.11. and the month on Sunday 30.11. → Monday 1.12.
    {"BauGB § 3 (2): an end on a Sunday moves to Monday",
     "baugb-3-2",
     "SN",
     {2025, 10, 31},
     std::nullopt,
     {2025, 11, 30},
     {2025, 12, 1},
     {2025, 12, 1}},
    // From Thursday 20.11.2025 in Sachsen: the month ends Friday 19.12.; no move.
    {"BauGB § 3 (2): a Friday end stays", "baugb-3-2", "SN", {2025, 11, 20}, std::nullopt, {2025, 12, 19},
     {2025, 12, 19}, {2025, 12, 19}},
    // From Thursday 20.10.2022 in Sachsen-Anhalt, the month ends Saturday 19.11.; Sachsen-Anhalt has no Buß- und Bettag:
    // Monday 21.11. From Wednesday 20.11.2024 in Sachsen: the month ends Thursday 19.12.2024.
    {"BauGB § 3 (2): Saturday → Monday", "baugb-3-2", "ST", {2022, 10, 20}, std::nullopt, {2022, 11, 19},
     {2022, 11, 21}, {2022, 11, 21}},
    // § 3 Abs. 2 from 16.10.2024 in Sachsen: month ends Friday 15.11.; from 21.10.2025: month ends Thursday 20.11.;
    // from 20.10.2025: 30 days end 18.11., the month ends Wednesday 19.11.2025 = Buß- und Bettag → Thursday 20.11.
    {"BauGB § 3 (2): Buß- und Bettag in Sachsen", "baugb-3-2", "SN", {2025, 10, 20}, std::nullopt, {2025, 11, 19},
     {2025, 11, 20}, {2025, 11, 20}},
    {"BauGB § 3 (2): not in Sachsen-Anhalt", "baugb-3-2", "ST", {2025, 10, 20}, std::nullopt, {2025, 11, 19},
     {2025, 11, 19}, {2025, 11, 19}},
    {"Planfeststellung § 73 VwVfG",
     "vwvfg-73",
     "SN",
     {2025, 10, 6},
     std::nullopt,
     {2025, 11, 5},
     {2025, 11, 5},
     {2025, 11, 20}},
    {"Planfeststellung with UVP",
     "vwvfg-73-uvp",
     "SN",
     {2025, 10, 6},
     std::nullopt,
     {2025, 11, 5},
     {2025, 11, 5},
     {2025, 12, 5}},
    {"a longer display moves the objection period",
     "bimschg",
     "SN",
     {2025, 10, 6},
     Date{2025, 11, 7},
     {2025, 11, 5},
     {2025, 11, 7},
     {2025, 11, 21}},
    {"a display ending on a holiday is not moved (§ 31 Abs. 4 VwVfG), the objections are",
     "vwvfg-73",
     "ST",
     {2025, 9, 4},
     std::nullopt,
     {2025, 10, 3},
     {2025, 10, 3},
     {2025, 10, 17}},
    {"the objection end moves over Christmas",
     "bimschg",
     "BE",
     {2022, 11, 11},
     std::nullopt,
     {2022, 12, 10},
     {2022, 12, 10},
     {2022, 12, 27}},
    {"the rule name is matched without regard to case",
     "BImSchG",
     "SN",
     {2025, 10, 6},
     std::nullopt,
     {2025, 11, 5},
     {2025, 11, 5},
     {2025, 11, 20}},

    // Real announcements.
    // Landesverwaltungsamt Sachsen-Anhalt, Eisenbahnknoten Roßlau/Dessau, 1. Planänderung (§ 18a AEG, § 73 VwVfG):
    // "Auslegungszeitraum: 28.06.2021 - 27.07.2021, Einwendungsfrist: bis zum 10.08.2021".
    // https://lvwa.sachsen-anhalt.de/das-lvwa/wirtschaft-bauwesen-verkehr/planfeststellung/aktuelle-planfeststellungsverfahren/eisenbahnknoten-rosslaudessau-planfeststellungsabschnitt-3-rosslau-teilabschnitt-63-bahnhof-rosslau
    {"LVwA Sachsen-Anhalt, Roßlau 2021",
     "vwvfg-73",
     "ST",
     {2021, 6, 28},
     std::nullopt,
     {2021, 7, 27},
     {2021, 7, 27},
     {2021, 8, 10}},
    // Landesverwaltungsamt Sachsen-Anhalt, BAB 14 VKE 2.2, 1. ergänzende Anhörung (Planfeststellung with UVP):
    // "Auslegungszeitraum: 03.06.2019 bis einschließlich 02.07.2019, Einwendungsfrist: 03.06.2019 bis einschließlich
    // 02.08.2019".
    // https://lvwa.sachsen-anhalt.de/das-lvwa/wirtschaft-bauwesen-verkehr/planfeststellung/laufende-verfahren/
    {"LVwA Sachsen-Anhalt, BAB 14 VKE 2.2 2019",
     "vwvfg-73-uvp",
     "ST",
     {2019, 6, 3},
     std::nullopt,
     {2019, 7, 2},
     {2019, 7, 2},
     {2019, 8, 2}},
    // Landesdirektion Sachsen, Raumordnungsverfahren "Abänderung Rahmenbetriebsplan Kiessandtagebau
    // Zitzschen/Großdalzig" (§ 15 Abs. 4 SächsLPlG: one month display, objections until two weeks after, the same
    // counting as § 73 VwVfG): display "vom 1. April – 6. Mai 2015", objections "bis einschließlich 20. Mai 2015".
    // https://friendica.a-zwenkau.de/display/fdacc1ed195547223cd96d2230185366
    {"Landesdirektion Sachsen, Zwenkau 2015, longer display",
     "vwvfg-73",
     "SN",
     {2015, 4, 1},
     Date{2015, 5, 6},
     {2015, 4, 30},
     {2015, 5, 6},
     {2015, 5, 20}},
    // Gemeinde Teutschenthal for the LVwA Sachsen-Anhalt, Saalebrücke (§ 18a AEG, § 73 VwVfG): "vom 28.09.2020 bis
    // einschließlich 27.10.2020". The objection date is not in the published page; 10.11.2020 is computed.
    // https://www.gemeinde-teutschenthal.de/de/aktuelle-verfahren/anhoerungsverfahren-eisenbahnbauvorhaben.html
    {"Teutschenthal 2020",
     "vwvfg-73",
     "ST",
     {2020, 9, 28},
     Date{2020, 10, 27},
     {2020, 10, 27},
     {2020, 10, 27},
     {2020, 11, 10}},
    // Amtsblatt der Lutherstadt Wittenberg 18/2025, Planänderung L 124: "vom 04.09.2025 bis einschließlich
    // 06.10.2025". The legal minimum ends on Friday 3.10. (Tag der Deutschen Einheit); the authority displayed until
    // the next working day. Objection date computed (not in the excerpt).
    // https://ol.wittich.de/titel/3093/ausgabe/18/2025/artikel/00000000000049315797-OL-3093-2025-36-18-0
    {"Wittenberg L 124 2025",
     "vwvfg-73",
     "ST",
     {2025, 9, 4},
     Date{2025, 10, 6},
     {2025, 10, 3},
     {2025, 10, 6},
     {2025, 10, 20}},
    // Landesdirektion Sachsen, Flughafen Leipzig/Halle, Norderweiterung, 11. Planänderung (with UVP): first display
    // "vom 13. November bis einschließlich 12. Dezember 2023", supplementary documents "vom 20. November 2025 bis
    // einschließlich 19. Dezember 2025". https://2020.ld-dresden.de/bekanntmachung/?ID=23094&art_param=612&reduce=0
    {"Flughafen Leipzig/Halle 2023",
     "vwvfg-73-uvp",
     "SN",
     {2023, 11, 13},
     Date{2023, 12, 12},
     {2023, 12, 12},
     {2023, 12, 12},
     {2024, 1, 12}},
    {"Flughafen Leipzig/Halle 2025",
     "vwvfg-73-uvp",
     "SN",
     {2025, 11, 20},
     Date{2025, 12, 19},
     {2025, 12, 19},
     {2025, 12, 19},
     {2026, 1, 19}},
    // Amtsblatt der Lutherstadt Wittenberg 13/2025, Bebauungsplan Bahnhofsostseite, 6. Entwurf (§ 3 Abs. 2 BauGB):
    // "in der Zeit vom 30.06.2025 bis 04.08.2025 veröffentlicht".
    // https://ol.wittich.de/titel/3093/ausgabe/13/2025/artikel/00000000000048334707-OL-3093-2025-26-13-0
    {"Wittenberg Bebauungsplan 2025",
     "baugb-3-2",
     "ST",
     {2025, 6, 30},
     Date{2025, 8, 4},
     {2025, 7, 29},
     {2025, 8, 4},
     {2025, 8, 4}},
    // Amtsblatt der Lutherstadt Wittenberg 22/2024, vorhabenbezogener Bebauungsplan (§ 3 Abs. 2 BauGB): "in der Zeit
    // vom 21.10. bis 22.11.2024 veröffentlicht".
    // https://ol.wittich.de/titel/3093/ausgabe/22/2024/artikel/00000000000044383716-OL-3093-2024-42-22-0
    {"Wittenberg vorhabenbezogener Bebauungsplan 2024",
     "baugb-3-2",
     "ST",
     {2024, 10, 21},
     Date{2024, 11, 22},
     {2024, 11, 20},
     {2024, 11, 22},
     {2024, 11, 22}},
};

TEST(ComputeDeadlines, EveryRuleAndRealAnnouncements) {
  for (const auto& test_case : kRuleCases) {
    DeadlineRequest request{.rule = test_case.rule,
                            .land = test_case.land,
                            .display_start = test_case.display_start,
                            .display_end = test_case.display_end};
    auto dates = ComputeDeadlines(request);
    ASSERT_TRUE(dates) << test_case.description << ": " << dates.error().message;
    EXPECT_EQ(dates->minimum_display_end, test_case.minimum_display_end)
        << test_case.description << ": " << FormatGerman(dates->minimum_display_end);
    EXPECT_EQ(dates->display_end, test_case.expected_display_end)
        << test_case.description << ": " << FormatGerman(dates->display_end);
    EXPECT_EQ(dates->objection_end, test_case.objection_end)
        << test_case.description << ": " << FormatGerman(dates->objection_end);
    EXPECT_FALSE(dates->display_end_explanation.empty()) << test_case.description;
    EXPECT_FALSE(dates->objection_end_explanation.empty()) << test_case.description;
  }
}

TEST(ComputeDeadlines, TooShortARealDisplayIsAnError) {
  // Landkreis Wittmund, Windpark Norderland (§ 16, § 10 Abs. 3 BImSchG): "Die Auslegungsfrist beginnt mit dem
  // 01.07.2020 und endet am 29.07.2020" although the documents "liegen für die Dauer eines Monats ... aus"; a month
  // from 1 July ends on 31 July. https://docslib.org/doc/3942377/%C3%B6ffentliche-bekanntmachung
  auto dates = ComputeDeadlines(
      {.rule = "bimschg", .land = "NI", .display_start = {2020, 7, 1}, .display_end = Date{2020, 7, 29}});
  ASSERT_FALSE(dates);
  EXPECT_EQ(dates.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(dates.error().field, "display_end");
  EXPECT_EQ(dates.error().message,
            "Die Auslegung ist zu kurz: nach § 10 Abs. 3 Satz 2 BImSchG muss sie bei Beginn am 01.07.2020 mindestens "
            "bis einschließlich 31.07.2020 dauern; angegeben ist der 29.07.2020.");
}

TEST(ComputeDeadlines, ExplainsALongerDisplayAndAHolidayAtItsEnd) {
  auto longer = ComputeDeadlines(
      {.rule = "vwvfg-73", .land = "SN", .display_start = {2015, 4, 1}, .display_end = Date{2015, 5, 6}});
  ASSERT_TRUE(longer);
  EXPECT_TRUE(Contains(longer->display_end_explanation,
                       "Die Behörde wählt eine längere Auslegung als vorgeschrieben: letzter Tag Mittwoch, 06.05.2015 "
                       "(gesetzliches Mindestende 30.04.2015)."));

  auto holiday = ComputeDeadlines({.rule = "vwvfg-73", .land = "ST", .display_start = {2025, 9, 4}});
  ASSERT_TRUE(holiday);
  EXPECT_TRUE(Contains(holiday->display_end_explanation, "(§ 31 Abs. 4 VwVfG)"));
}

TEST(ComputeDeadlines, BauleitplanungMovesAnEndOnANonWorkingDayWithoutTheVwVfG) {
  // 30 days from Saturday 1.2.2025 end on Sunday 2.3.2025: statements and publication run until Monday 3.3.2025.
  auto dates = ComputeDeadlines({.rule = "baugb-3-2", .land = "NW", .display_start = {2025, 2, 1}});
  ASSERT_TRUE(dates);
  EXPECT_EQ(dates->minimum_display_end, (Date{2025, 3, 2}));
  EXPECT_EQ(dates->display_end, (Date{2025, 3, 3}));
  EXPECT_EQ(dates->objection_end, (Date{2025, 3, 3}));
  EXPECT_TRUE(dates->warnings.empty());
  EXPECT_TRUE(Contains(dates->display_end_explanation,
                       "Die Mindestdauer von 30 Tagen (§ 3 Abs. 2 Satz 1 BauGB) endet am Sonntag, 02.03.2025, also "
                       "später; maßgeblich ist dieses Ende."));
  EXPECT_TRUE(Contains(dates->objection_end_explanation,
                       "→ Fristende Montag, 03.03.2025 (§ 193 BGB entsprechend; OVG Rheinland-Pfalz, 8 C 12180/99)."));
  EXPECT_TRUE(Contains(dates->objection_end_explanation, "bis dahin bleiben die Unterlagen veröffentlicht"));
  for (const auto& line : dates->explanation) {
    EXPECT_EQ(line.find("VwVfG)"), std::string::npos) << line;  // neither § 31 Abs. 3 nor Abs. 4 VwVfG
  }
}

TEST(ComputeDeadlines, BaugbFourTwoCountsFromTheReceiptOfTheRequest) {
  auto dates = ComputeDeadlines({.rule = "baugb-4-2", .land = "SN", .display_start = {2025, 10, 6}});
  ASSERT_TRUE(dates);
  EXPECT_EQ(dates->objection_end, (Date{2025, 11, 6}));
  EXPECT_TRUE(Contains(dates->display_end_explanation, "ab dem Zugang der Aufforderung am Montag, 06.10.2025"));
  EXPECT_TRUE(Contains(dates->display_end_explanation, "dieser Tag wird nicht mitgerechnet (§ 187 Abs. 1 BGB)"));
}

struct FilingCase {
  const char* description;
  const char* rule;
  const char* land;
  const char* ags;
  std::vector<std::string> filing_ags;
  Date display_start;
  Date objection_end;
};

const FilingCase kFilingCases[] = {
    // Display in Puschwitz from 2.5.2025, until 1.6.2025; two weeks after end Sunday 15.6.2025 → Monday 16.6.;
    // display from 5.5.2025 until 4.6.2025, two weeks → Wednesday 18.6.2025; from 6.5.2025 → Thursday 19.6.2025 =
    // Fronleichnam in Puschwitz, not in Dresden.
    {"§ 73: authority in Dresden, no filing place", "vwvfg-73", "SN", "14612000", {}, {2025, 5, 6}, {2025, 6, 19}},
    {"§ 73: objections also at the Gemeinde Puschwitz", "vwvfg-73", "SN", "14612000", {"14625460"}, {2025, 5, 6},
     {2025, 6, 20}},
    {"§ 73: the filing place is the seat itself", "vwvfg-73", "SN", "14625460", {"14625460"}, {2025, 5, 6},
     {2025, 6, 20}},
    // A filing place in another Land: display from 16.7.2025 until 15.8.2025, two weeks → Friday 29.8.2025; from
    // 2.7.2025 until 1.8.2025 → Friday 15.8.2025 = Mariä Himmelfahrt in Augsburg → Monday 18.8.2025.
    {"§ 73: a filing place in Augsburg (Bayern)", "vwvfg-73", "BW", "", {"09761000"}, {2025, 7, 2}, {2025, 8, 18}},
    {"§ 73: without Augsburg", "vwvfg-73", "BW", "", {}, {2025, 7, 2}, {2025, 8, 15}},
};

TEST(ComputeDeadlines, MovesTheEndUntilItIsAWorkingDayAtEveryPlaceOfFiling) {
  for (const auto& test_case : kFilingCases) {
    auto dates = ComputeDeadlines({.rule = test_case.rule,
                                   .land = test_case.land,
                                   .display_start = test_case.display_start,
                                   .ags = test_case.ags,
                                   .filing_ags = test_case.filing_ags});
    ASSERT_TRUE(dates) << test_case.description << ": " << dates.error().message;
    EXPECT_EQ(dates->objection_end, test_case.objection_end)
        << test_case.description << ": " << FormatGerman(dates->objection_end);
  }
  auto bad = ComputeDeadlines(
      {.rule = "vwvfg-73", .land = "SN", .display_start = {2025, 5, 6}, .filing_ags = {"1462546"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "filing_ags");
}

TEST(ComputeDeadlines, TheLeadTimeCountsFromTheLatestAnnouncement) {
  // Gazette on Friday 26.9.2025, website on Monday 29.9.2025: a display from Monday 6.10. is too early.
  auto dates = ComputeDeadlines({.rule = "bimschg",
                                 .land = "SN",
                                 .display_start = {2025, 10, 6},
                                 .announcement = Date{2025, 9, 26},
                                 .last_announcement = Date{2025, 9, 29}});
  ASSERT_TRUE(dates);
  ASSERT_EQ(dates->warnings.size(), 1u);
  EXPECT_NE(dates->warnings[0].find("Die letzte Bekanntmachung am Montag, 29.09.2025"), std::string::npos);
  auto only_first = ComputeDeadlines(
      {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .announcement = Date{2025, 9, 26}});
  ASSERT_TRUE(only_first);
  EXPECT_TRUE(only_first->warnings.empty());
  auto reversed = ComputeDeadlines({.rule = "bimschg",
                                    .land = "SN",
                                    .display_start = {2025, 10, 6},
                                    .announcement = Date{2025, 9, 29},
                                    .last_announcement = Date{2025, 9, 26}});
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().field, "last_announcement");
}

struct AnnouncementCase {
  const char* description;
  const char* rule;
  Date announcement;
  Date display_start;
  bool warning;
};

const AnnouncementCase kAnnouncementCases[] = {
    // § 9 Abs. 2 der 9. BImSchV: the week after the announcement day must have passed before the display starts.
    {"BImSchG: announced Sunday, display from Monday eight days later", "bimschg", {2025, 9, 28}, {2025, 10, 6}, false},
    {"BImSchG: announced Monday, display from Monday a week later", "bimschg", {2025, 9, 29}, {2025, 10, 6}, true},
    {"BImSchG: announced on the first day of display", "bimschg", {2025, 10, 6}, {2025, 10, 6}, true},
    {"BImSchG: announced after the display started", "bimschg-ied", {2025, 10, 8}, {2025, 10, 6}, true},
    {"§ 73 VwVfG: announced the day before", "vwvfg-73", {2025, 10, 5}, {2025, 10, 6}, false},
    {"§ 73 VwVfG: announced on the first day", "vwvfg-73", {2025, 10, 6}, {2025, 10, 6}, true},
    {"§ 3 Abs. 2 BauGB: announced before the start", "baugb-3-2", {2025, 9, 30}, {2025, 10, 6}, false},
    {"§ 3 Abs. 2 BauGB: announced after the start", "baugb-3-2", {2025, 10, 7}, {2025, 10, 6}, true},
    {"§ 4 Abs. 2 BauGB has no announcement rule", "baugb-4-2", {2025, 10, 7}, {2025, 10, 6}, false},
};

TEST(ComputeDeadlines, WarnsWhenTheAnnouncementIsLate) {
  for (const auto& test_case : kAnnouncementCases) {
    auto dates = ComputeDeadlines({.rule = test_case.rule,
                                   .land = "SN",
                                   .display_start = test_case.display_start,
                                   .announcement = test_case.announcement});
    ASSERT_TRUE(dates) << test_case.description << ": " << dates.error().message;
    EXPECT_EQ(!dates->warnings.empty(), test_case.warning) << test_case.description;
    // A late announcement never changes the dates (§ 4 Abs. 2 BauGB counts from the receipt: 6.11.).
    EXPECT_EQ(dates->display_end, (Date{2025, 11, std::string_view(test_case.rule) == "baugb-4-2" ? 6 : 5}))
        << test_case.description;
  }
  auto late = ComputeDeadlines(
      {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .announcement = Date{2025, 9, 29}});
  ASSERT_TRUE(late);
  EXPECT_EQ(late->warnings[0],
            "Die Bekanntmachung am Montag, 29.09.2025 liegt weniger als eine Woche vor dem Beginn der Auslegung am "
            "Montag, 06.10.2025. Zwischen Bekanntmachung und Auslegung soll eine Woche liegen (§ 9 Abs. 2 der 9. "
            "BImSchV); sie beginnt am Tag nach der Bekanntmachung (§ 187 Abs. 1 BGB), endet mit Ablauf des Montag, "
            "06.10.2025 (§ 188 Abs. 2 BGB), die Auslegung sollte daher frühestens am Dienstag, 07.10.2025 beginnen.");
  auto in_time = ComputeDeadlines(
      {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .announcement = Date{2025, 9, 28}});
  ASSERT_TRUE(in_time);
  EXPECT_TRUE(Contains(in_time->explanation, "eine volle Woche frei"));
}

TEST(ComputeDeadlines, FreeFormatsTakeAnEndOrALengthAndMoveNothing) {
  auto by_end =
      ComputeDeadlines({.rule = "free", .land = "SN", .display_start = {2025, 3, 1}, .display_end = Date{2025, 3, 30}});
  ASSERT_TRUE(by_end) << by_end.error().message;
  EXPECT_EQ(by_end->display_end, (Date{2025, 3, 30}));
  EXPECT_EQ(by_end->objection_end, (Date{2025, 3, 30}));  // a Sunday, not moved
  EXPECT_EQ(by_end->warnings.size(), 1u);

  auto by_weeks = ComputeDeadlines(
      {.rule = "free", .land = "SN", .display_start = {2025, 3, 1}, .length = Length{4, TimeUnit::kWeeks}});
  ASSERT_TRUE(by_weeks) << by_weeks.error().message;
  EXPECT_EQ(by_weeks->display_end, (Date{2025, 3, 28}));
  EXPECT_EQ(by_weeks->objection_end, (Date{2025, 3, 28}));
  EXPECT_TRUE(by_weeks->warnings.empty());

  auto by_month = ComputeDeadlines(
      {.rule = "free", .land = "SN", .display_start = {2025, 3, 1}, .length = Length{1, TimeUnit::kMonths}});
  ASSERT_TRUE(by_month);
  EXPECT_EQ(by_month->objection_end, (Date{2025, 3, 31}));
}

TEST(ComputeDeadlines, PassesNotesAboutTheMunicipalityOn) {
  auto dates = ComputeDeadlines(
      {.rule = "bimschg", .land = "SN", .display_start = {2025, 5, 12}, .ags = "14625490"});  // Radibor
  ASSERT_TRUE(dates);
  EXPECT_TRUE(Contains(dates->warnings, "nur in einem Teil des Gemeindegebiets"));

  // With the caller's choice the Sorbian seat's Fronleichnam (19.6.2025) moves the end.
  auto chosen = ComputeDeadlines(
      {.rule = "bimschg", .land = "SN", .display_start = {2025, 5, 6}, .extra_local_holidays = {"Fronleichnam"}});
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->nominal_objection_end, (Date{2025, 6, 19}));
  EXPECT_EQ(chosen->objection_end, (Date{2025, 6, 20}));
}

TEST(ProcedureRules, AreListedWithTitlesAndSources) {
  std::vector<std::string> ids;
  for (const auto& rule : ProcedureRules()) {
    ids.emplace_back(rule.id);
    EXPECT_FALSE(rule.title.empty()) << rule.id;
    if (rule.statutory) {
      EXPECT_FALSE(rule.display_basis.empty()) << rule.id;
      EXPECT_GE(rule.display.count, 1) << rule.id;
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"bimschg", "bimschg-ied", "bimschg-uvp", "baugb-3-2", "baugb-4-2",
                                           "vwvfg-73", "vwvfg-73-uvp", "free"}));
  EXPECT_NE(FindProcedureRule("vwvfg-73"), nullptr);
  EXPECT_EQ(FindProcedureRule("baugb"), nullptr);
}

struct BadRequestCase {
  const char* description;
  DeadlineRequest request;
  const char* field;
  const char* message;  // nullptr: only check that there is one
};

const BadRequestCase kBadRequests[] = {
    {"unknown rule",
     {.rule = "bimsch", .land = "SN", .display_start = {2025, 10, 6}},
     "rule",
     "Unbekannte Verfahrensart „bimsch“. Bekannt sind: bimschg, bimschg-ied, bimschg-uvp, baugb-3-2, baugb-4-2, "
     "vwvfg-73, vwvfg-73-uvp, free."},
    {"empty rule", {.rule = "", .land = "SN", .display_start = {2025, 10, 6}}, "rule", nullptr},
    {"unknown Land", {.rule = "bimschg", .land = "SX", .display_start = {2025, 10, 6}}, "land", nullptr},
    {"impossible display start",
     {.rule = "bimschg", .land = "SN", .display_start = {2025, 2, 30}},
     "display_start",
     "Beginn der Auslegung: Das Datum „2025-02-30“ gibt es nicht."},
    {"display start before 1995",
     {.rule = "bimschg", .land = "SN", .display_start = {1994, 12, 1}},
     "display_start",
     "Beginn der Auslegung: Das Jahr 1994 liegt außerhalb des unterstützten Zeitraums 1995 bis 2100."},
    {"display start after 2100",
     {.rule = "bimschg", .land = "SN", .display_start = {2101, 1, 4}},
     "display_start",
     nullptr},
    {"impossible display end",
     {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .display_end = Date{2025, 11, 31}},
     "display_end",
     "Ende der Auslegung: Das Datum „2025-11-31“ gibt es nicht."},
    {"display end before the start",
     {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .display_end = Date{2025, 10, 1}},
     "display_end",
     "Das Ende der Auslegung 01.10.2025 liegt vor ihrem Beginn 06.10.2025."},
    {"display shorter than the month",
     {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .display_end = Date{2025, 11, 4}},
     "display_end",
     nullptr},
    {"BauGB display shorter than 30 days",
     {.rule = "baugb-3-2", .land = "SN", .display_start = {2025, 2, 1}, .display_end = Date{2025, 2, 28}},
     "display_end",
     "Die Veröffentlichung ist zu kurz: nach § 3 Abs. 2 Satz 1 BauGB muss sie bei Beginn am 01.02.2025 mindestens bis "
     "einschließlich 02.03.2025 dauern; angegeben ist der 28.02.2025."},
    {"impossible announcement",
     {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .announcement = Date{2025, 9, 31}},
     "announcement",
     "Bekanntmachung: Das Datum „2025-09-31“ gibt es nicht."},
    {"announcement before 1995",
     {.rule = "bimschg", .land = "SN", .display_start = {1995, 1, 9}, .announcement = Date{1994, 12, 30}},
     "announcement",
     nullptr},
    {"length for a statutory rule",
     {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .length = Length{6, TimeUnit::kWeeks}},
     "length",
     nullptr},
    {"free without end or length",
     {.rule = "free", .land = "SN", .display_start = {2025, 3, 1}},
     "length",
     "Für eine freie Beteiligung bitte das Ende oder die Dauer angeben."},
    {"free with end and length",
     {.rule = "free",
      .land = "SN",
      .display_start = {2025, 3, 1},
      .display_end = Date{2025, 3, 31},
      .length = Length{4, TimeUnit::kWeeks}},
     "length",
     "Für eine freie Beteiligung bitte entweder das Ende oder die Dauer angeben, nicht beides."},
    {"free end before start",
     {.rule = "free", .land = "SN", .display_start = {2025, 3, 1}, .display_end = Date{2025, 2, 1}},
     "display_end",
     nullptr},
    {"free with a zero length",
     {.rule = "free", .land = "SN", .display_start = {2025, 3, 1}, .length = Length{0, TimeUnit::kDays}},
     "length",
     nullptr},
    {"AGS of another Land",
     {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .ags = "16061045"},
     "ags",
     nullptr},
    {"malformed AGS", {.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .ags = "146"}, "ags", nullptr},
    {"local holiday the Land does not have",
     {.rule = "bimschg",
      .land = "HE",
      .display_start = {2025, 10, 6},
      .extra_local_holidays = {"Augsburger Friedensfest"}},
     "extra_local",
     nullptr},
    {"display that would end after 2100",
     {.rule = "bimschg", .land = "SN", .display_start = {2100, 12, 15}},
     "display_start",
     "Das berechnete Fristende 14.01.2101 liegt nach 2100; Feiertage sind nur für 1995 bis 2100 hinterlegt."},
    {"objection end after 2100",
     {.rule = "bimschg", .land = "SN", .display_start = {2100, 12, 1}},
     "display_start",
     "Das berechnete Fristende 14.01.2101 liegt nach 2100; Feiertage sind nur für 1995 bis 2100 hinterlegt."},
};

TEST(ComputeDeadlines, RejectsBadInputWithAGermanMessageAndTheField) {
  for (const auto& test_case : kBadRequests) {
    auto dates = ComputeDeadlines(test_case.request);
    ASSERT_FALSE(dates) << test_case.description;
    EXPECT_EQ(dates.error().kind, ErrorKind::kInvalid) << test_case.description;
    EXPECT_EQ(dates.error().field, test_case.field) << test_case.description << ": " << dates.error().message;
    EXPECT_FALSE(dates.error().message.empty()) << test_case.description;
    if (test_case.message != nullptr) {
      EXPECT_EQ(dates.error().message, test_case.message) << test_case.description;
    }
  }
}

// Issue #12 item 8: repeated participation after a change, with the periods the law lets the authority shorten.
TEST(ComputeDeadlines, RepeatedBauleitplanungMayBeShortenedDownToTwoWeeksWithAWarning) {
  DeadlineRequest request{.rule = "baugb-3-2", .land = "SN", .display_start = {2026, 3, 2},
                          .display_end = Date{2026, 3, 22}};
  // Without the repetition three weeks are too short: the month is the minimum.
  auto full = ComputeDeadlines(request);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().field, "display_end");

  request.repeated = true;
  auto dates = ComputeDeadlines(request);
  ASSERT_TRUE(dates) << dates.error().message;
  // Three weeks ending on Sunday 22.3.; as the period for statements its end moves to Monday.
  EXPECT_EQ(dates->objection_end, (Date{2026, 3, 23}));
  EXPECT_EQ(dates->display_end, (Date{2026, 3, 23}));
  EXPECT_EQ(dates->minimum_display_end, (Date{2026, 4, 1}));
  EXPECT_TRUE(Contains(dates->explanation, "angemessen verkürzt (§ 4a Abs. 3 Satz 3 BauGB)"));
  EXPECT_TRUE(Contains(dates->warnings, "3 S 2313/10"));

  // Two weeks from Monday 2.3. (first day counted) end on Sunday 15.3.: one day less is refused.
  request.display_end = Date{2026, 3, 15};
  auto floor = ComputeDeadlines(request);
  ASSERT_TRUE(floor) << floor.error().message;
  EXPECT_EQ(floor->objection_end, (Date{2026, 3, 16}));
  request.display_end = Date{2026, 3, 14};
  auto too_short = ComputeDeadlines(request);
  ASSERT_FALSE(too_short);
  EXPECT_EQ(too_short.error().field, "display_end");
  EXPECT_NE(too_short.error().message.find("mindestens zwei Wochen"), std::string::npos);

  // Not shortened: the full month, said so, no warning.
  request.display_end.reset();
  auto unshortened = ComputeDeadlines(request);
  ASSERT_TRUE(unshortened) << unshortened.error().message;
  EXPECT_EQ(unshortened->display_end, (Date{2026, 4, 1}));
  EXPECT_TRUE(Contains(unshortened->explanation, "wird nicht verkürzt"));
  EXPECT_FALSE(Contains(unshortened->warnings, "verkürzt"));
}

TEST(ComputeDeadlines, RepeatedRequestToTheAuthoritiesCountsTwoWeeksFromTheReceipt) {
  // § 4 Abs. 2 BauGB counts from the receipt (not counted): received Monday 2.3., two weeks end Monday 16.3.
  DeadlineRequest request{.rule = "baugb-4-2", .land = "SN", .display_start = {2026, 3, 2},
                          .display_end = Date{2026, 3, 15}, .repeated = true};
  auto too_short = ComputeDeadlines(request);
  ASSERT_FALSE(too_short);
  EXPECT_EQ(too_short.error().field, "display_end");
  request.display_end = Date{2026, 3, 16};
  auto dates = ComputeDeadlines(request);
  ASSERT_TRUE(dates) << dates.error().message;
  EXPECT_EQ(dates->objection_end, (Date{2026, 3, 16}));
}

TEST(ComputeDeadlines, PlanChangeGivesTwoWeeksFromTheNoticeMovedToAWorkingDay) {
  // § 73 Abs. 8 Satz 1 VwVfG: notice on Friday 11.12.2026; two weeks end on Christmas Day, Friday 25.12.; the
  // period is the public's, so it ends on Monday 28.12.
  auto dates = ComputeDeadlines(
      {.rule = "vwvfg-73", .land = "SN", .display_start = {2026, 12, 11}, .repeated = true});
  ASSERT_TRUE(dates) << dates.error().message;
  EXPECT_EQ(dates->nominal_objection_end, (Date{2026, 12, 25}));
  EXPECT_EQ(dates->objection_end, (Date{2026, 12, 28}));
  EXPECT_EQ(dates->display_end, (Date{2026, 12, 28}));
  EXPECT_TRUE(Contains(dates->explanation, "§ 73 Abs. 8 Satz 1 VwVfG"));
  EXPECT_TRUE(Contains(dates->explanation, "§ 73 Abs. 8 Satz 2 VwVfG"));
  EXPECT_FALSE(Contains(dates->explanation, "Bauleitplanung"));
  // Without the change it is the month of display and two weeks after it.
  auto full = ComputeDeadlines({.rule = "vwvfg-73", .land = "SN", .display_start = {2026, 12, 11}});
  ASSERT_TRUE(full) << full.error().message;
  EXPECT_GT(full->objection_end, (Date{2027, 1, 20}));
}

TEST(ComputeDeadlines, RepeatedUvpParticipationMayShortenThePeriodAfterTheDisplay) {
  // Display from Monday 2.3.2026 for a month: until Wednesday 1.4.; the full period for comments ends one month
  // later, on 1.5. (a holiday), so on Monday 4.5.
  DeadlineRequest request{.rule = "vwvfg-73-uvp", .land = "SN", .display_start = {2026, 3, 2}, .repeated = true};
  auto full = ComputeDeadlines(request);
  ASSERT_TRUE(full) << full.error().message;
  EXPECT_EQ(full->objection_end, (Date{2026, 5, 4}));
  EXPECT_TRUE(Contains(full->explanation, "§ 22 Abs. 1 Satz 3 UVPG"));

  // Shortened to Saturday 18.4.: moves to Monday 20.4., with the warning.
  request.objection_end = Date{2026, 4, 18};
  auto shortened = ComputeDeadlines(request);
  ASSERT_TRUE(shortened) << shortened.error().message;
  EXPECT_EQ(shortened->display_end, (Date{2026, 4, 1}));
  EXPECT_EQ(shortened->objection_end, (Date{2026, 4, 20}));
  EXPECT_TRUE(Contains(shortened->explanation, "angemessen verkürzt (§ 22 Abs. 1 Satz 2 UVPG)"));
  EXPECT_TRUE(Contains(shortened->warnings, "3 S 2313/10"));

  // Two weeks after the display end on Wednesday 15.4.; the 14th is too short, the full end is no shortening.
  request.objection_end = Date{2026, 4, 15};
  EXPECT_TRUE(ComputeDeadlines(request));
  for (Date wrong : {Date{2026, 4, 14}, Date{2026, 5, 1}, Date{2026, 6, 1}}) {
    request.objection_end = wrong;
    auto refused = ComputeDeadlines(request);
    ASSERT_FALSE(refused) << FormatIso(wrong);
    EXPECT_EQ(refused.error().field, "objection_end");
  }
}

TEST(ComputeDeadlines, RepeatedBimschgParticipationKeepsTheFullPeriods) {
  auto repeated = ComputeDeadlines({.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}, .repeated = true});
  auto first = ComputeDeadlines({.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}});
  ASSERT_TRUE(repeated) << repeated.error().message;
  ASSERT_TRUE(first);
  EXPECT_EQ(repeated->display_end, first->display_end);
  EXPECT_EQ(repeated->objection_end, first->objection_end);
  EXPECT_TRUE(Contains(repeated->explanation, "§ 8 Abs. 1 Satz 2 und Abs. 2 der 9. BImSchV"));
  // Its display cannot be shortened.
  auto shortened = ComputeDeadlines({.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6},
                                     .display_end = Date{2025, 10, 25}, .repeated = true});
  ASSERT_FALSE(shortened);
  EXPECT_EQ(shortened.error().field, "display_end");
}

TEST(ComputeDeadlines, ShorteningFieldsOutsideTheirRulesAreRefused) {
  auto free = ComputeDeadlines({.rule = "free", .land = "SN", .display_start = {2026, 3, 2},
                                .display_end = Date{2026, 3, 20}, .repeated = true});
  ASSERT_FALSE(free);
  EXPECT_EQ(free.error().field, "repeated");
  for (const char* rule : {"bimschg-uvp", "vwvfg-73", "baugb-3-2"}) {
    auto refused = ComputeDeadlines({.rule = rule, .land = "SN", .display_start = {2026, 3, 2}, .repeated = true,
                                     .objection_end = Date{2026, 4, 20}});
    ASSERT_FALSE(refused) << rule;
    EXPECT_EQ(refused.error().field, "objection_end") << rule;
  }
  // § 22 UVPG shortens only a repeated participation.
  auto first = ComputeDeadlines(
      {.rule = "vwvfg-73-uvp", .land = "SN", .display_start = {2026, 3, 2}, .objection_end = Date{2026, 4, 20}});
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().field, "objection_end");
}

}  // namespace
}  // namespace mw::law
