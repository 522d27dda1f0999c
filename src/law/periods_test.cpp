#include "law/periods.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mw::law {
namespace {

constexpr Length Days(int count) {
  return {count, TimeUnit::kDays};
}
constexpr Length Weeks(int count) {
  return {count, TimeUnit::kWeeks};
}
constexpr Length Months(int count) {
  return {count, TimeUnit::kMonths};
}
constexpr Length Years(int count) {
  return {count, TimeUnit::kYears};
}
constexpr PeriodStart kEvent = PeriodStart::kEvent;
constexpr PeriodStart kFirstDay = PeriodStart::kStartOfDay;

struct PeriodCase {
  const char* description;
  const char* land;
  const char* ags;
  std::vector<std::string> extra_local;
  Date start;
  Length length;
  PeriodStart kind;
  bool extend;  // false: a period the authority keeps itself (§ 31 Abs. 4 VwVfG)
  Date nominal_end;
  Date end;
};

// Holidays as in holidays_test.cpp; weekdays checked against a printed calendar.
const PeriodCase kPeriodCases[] = {
    // legal.md's worked example: objections until two weeks after the display ends on Wednesday 5.11.2025.
    {"Buß- und Bettag in Sachsen moves the end",
     "SN",
     "",
     {},
     {2025, 11, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 11, 19},
     {2025, 11, 20}},
    {"Buß- und Bettag is a working day in Sachsen-Anhalt",
     "ST",
     "",
     {},
     {2025, 11, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 11, 19},
     {2025, 11, 19}},
    {"Buß- und Bettag is a working day in Bayern",
     "BY",
     "",
     {},
     {2025, 11, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 11, 19},
     {2025, 11, 19}},
    {"Buß- und Bettag 1995 in Sachsen",
     "SN",
     "",
     {},
     {1995, 11, 8},
     Weeks(2),
     kEvent,
     true,
     {1995, 11, 22},
     {1995, 11, 23}},
    {"Buß- und Bettag abolished in 1995 outside Sachsen",
     "NW",
     "",
     {},
     {1995, 11, 8},
     Weeks(2),
     kEvent,
     true,
     {1995, 11, 22},
     {1995, 11, 22}},

    // Month ends and leap years (§ 188 Abs. 2 and 3 BGB).
    {"31 January + one month = 28 February",
     "NW",
     "",
     {},
     {2025, 1, 31},
     Months(1),
     kEvent,
     true,
     {2025, 2, 28},
     {2025, 2, 28}},
    {"31 January + one month = 29 February in a leap year",
     "NW",
     "",
     {},
     {2024, 1, 31},
     Months(1),
     kEvent,
     true,
     {2024, 2, 29},
     {2024, 2, 29}},
    {"one month beginning 31 January ends 28 February",
     "NW",
     "",
     {},
     {2025, 1, 31},
     Months(1),
     kFirstDay,
     false,
     {2025, 2, 28},
     {2025, 2, 28}},
    {"one month beginning 30 January 2024 ends 29 February",
     "NW",
     "",
     {},
     {2024, 1, 30},
     Months(1),
     kFirstDay,
     false,
     {2024, 2, 29},
     {2024, 2, 29}},
    {"one month beginning 29 January ends 28 February",
     "NW",
     "",
     {},
     {2025, 1, 29},
     Months(1),
     kFirstDay,
     false,
     {2025, 2, 28},
     {2025, 2, 28}},
    {"one month beginning 1 February ends 28 February",
     "NW",
     "",
     {},
     {2025, 2, 1},
     Months(1),
     kFirstDay,
     false,
     {2025, 2, 28},
     {2025, 2, 28}},
    {"one month beginning 1 February 2024 ends 29 February",
     "NW",
     "",
     {},
     {2024, 2, 1},
     Months(1),
     kFirstDay,
     false,
     {2024, 2, 29},
     {2024, 2, 29}},
    {"one month of display from 6 October ends 5 November",
     "SN",
     "",
     {},
     {2025, 10, 6},
     Months(1),
     kFirstDay,
     false,
     {2025, 11, 5},
     {2025, 11, 5}},
    {"one year from 29 February ends 28 February",
     "NW",
     "",
     {},
     {2024, 2, 29},
     Years(1),
     kEvent,
     true,
     {2025, 2, 28},
     {2025, 2, 28}},
    {"one year beginning 1 March 2024 ends 28 February 2025",
     "NW",
     "",
     {},
     {2024, 3, 1},
     Years(1),
     kFirstDay,
     true,
     {2025, 2, 28},
     {2025, 2, 28}},
    {"one year from 28 February 2023 ends 28 February 2024, not 29",
     "NW",
     "",
     {},
     {2023, 2, 28},
     Years(1),
     kEvent,
     true,
     {2024, 2, 28},
     {2024, 2, 28}},
    {"one year beginning 1 January ends 31 December",
     "NW",
     "",
     {},
     {2025, 1, 1},
     Years(1),
     kFirstDay,
     true,
     {2025, 12, 31},
     {2025, 12, 31}},
    {"31 March + one month = 30 April",
     "NW",
     "",
     {},
     {2025, 3, 31},
     Months(1),
     kEvent,
     true,
     {2025, 4, 30},
     {2025, 4, 30}},
    {"31 August + one month = 30 September",
     "NW",
     "",
     {},
     {2025, 8, 31},
     Months(1),
     kEvent,
     true,
     {2025, 9, 30},
     {2025, 9, 30}},
    {"31 December + two months = 28 February",
     "NW",
     "",
     {},
     {2024, 12, 31},
     Months(2),
     kEvent,
     true,
     {2025, 2, 28},
     {2025, 2, 28}},
    {"31 October + one month = Sunday 30 November",
     "NW",
     "",
     {},
     {2025, 10, 31},
     Months(1),
     kEvent,
     true,
     {2025, 11, 30},
     {2025, 12, 1}},

    // Days and weeks; weekends.
    {"14 days from an event end on a Saturday",
     "NW",
     "",
     {},
     {2025, 3, 1},
     Days(14),
     kEvent,
     true,
     {2025, 3, 15},
     {2025, 3, 17}},
    {"30 days kept by the authority end on a Sunday and stay",
     "NW",
     "",
     {},
     {2025, 3, 1},
     Days(30),
     kFirstDay,
     false,
     {2025, 3, 30},
     {2025, 3, 30}},
    {"30 days of the public end on a Sunday and move",
     "NW",
     "",
     {},
     {2025, 3, 1},
     Days(30),
     kFirstDay,
     true,
     {2025, 3, 30},
     {2025, 3, 31}},
    {"four weeks of display from Monday end on a Sunday",
     "SN",
     "",
     {},
     {2025, 10, 6},
     Weeks(4),
     kFirstDay,
     false,
     {2025, 11, 2},
     {2025, 11, 2}},

    // Land-specific holidays.
    {"Saturday and Allerheiligen in Nordrhein-Westfalen",
     "NW",
     "",
     {},
     {2025, 10, 18},
     Weeks(2),
     kEvent,
     true,
     {2025, 11, 1},
     {2025, 11, 3}},
    {"Reformationstag in Niedersachsen, then the weekend",
     "NI",
     "",
     {},
     {2025, 10, 17},
     Weeks(2),
     kEvent,
     true,
     {2025, 10, 31},
     {2025, 11, 3}},
    {"Reformationstag is a working day in Nordrhein-Westfalen",
     "NW",
     "",
     {},
     {2025, 10, 17},
     Weeks(2),
     kEvent,
     true,
     {2025, 10, 31},
     {2025, 10, 31}},
    {"Reformationstag 2017 and Allerheiligen in Bayern",
     "BY",
     "",
     {},
     {2017, 10, 17},
     Weeks(2),
     kEvent,
     true,
     {2017, 10, 31},
     {2017, 11, 2}},
    {"Reformationstag 2017 in Niedersachsen",
     "NI",
     "",
     {},
     {2017, 10, 17},
     Weeks(2),
     kEvent,
     true,
     {2017, 10, 31},
     {2017, 11, 1}},
    {"Heilige Drei Könige in Baden-Württemberg",
     "BW",
     "",
     {},
     {2024, 12, 23},
     Weeks(2),
     kEvent,
     true,
     {2025, 1, 6},
     {2025, 1, 7}},
    {"Heilige Drei Könige is a working day in Hessen",
     "HE",
     "",
     {},
     {2024, 12, 23},
     Weeks(2),
     kEvent,
     true,
     {2025, 1, 6},
     {2025, 1, 6}},
    {"Christmas Eve on a Saturday, then both Christmas days",
     "SN",
     "",
     {},
     {2022, 12, 10},
     Weeks(2),
     kEvent,
     true,
     {2022, 12, 24},
     {2022, 12, 27}},
    {"1. Weihnachtstag on a Saturday",
     "HH",
     "",
     {},
     {2021, 12, 18},
     Weeks(1),
     kEvent,
     true,
     {2021, 12, 25},
     {2021, 12, 27}},
    {"Neujahr", "BE", "", {}, {2025, 12, 18}, Weeks(2), kEvent, true, {2026, 1, 1}, {2026, 1, 2}},
    {"Karfreitag to Ostermontag", "RP", "", {}, {2025, 3, 20}, Days(29), kEvent, true, {2025, 4, 18}, {2025, 4, 22}},
    {"Gründonnerstag is no holiday", "RP", "", {}, {2025, 3, 20}, Weeks(4), kEvent, true, {2025, 4, 17}, {2025, 4, 17}},
    {"Tag der Arbeit", "SH", "", {}, {2025, 4, 17}, Weeks(2), kEvent, true, {2025, 5, 1}, {2025, 5, 2}},
    {"Christi Himmelfahrt", "HB", "", {}, {2025, 5, 15}, Weeks(2), kEvent, true, {2025, 5, 29}, {2025, 5, 30}},
    {"Pfingstmontag", "MV", "", {}, {2025, 5, 26}, Weeks(2), kEvent, true, {2025, 6, 9}, {2025, 6, 10}},
    {"Fronleichnam in Nordrhein-Westfalen",
     "NW",
     "",
     {},
     {2025, 6, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 6, 19},
     {2025, 6, 20}},
    {"Fronleichnam is a working day in Niedersachsen",
     "NI",
     "",
     {},
     {2025, 6, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 6, 19},
     {2025, 6, 19}},
    {"Fronleichnam in Crostwitz (Sachsen)",
     "SN",
     "14625080",
     {},
     {2025, 6, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 6, 19},
     {2025, 6, 20}},
    {"Fronleichnam not at a Sachsen seat outside the Sorbian municipalities",
     "SN",
     "",
     {},
     {2025, 6, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 6, 19},
     {2025, 6, 19}},
    {"Fronleichnam in Heilbad Heiligenstadt (Thüringen)",
     "TH",
     "16061045",
     {},
     {2025, 6, 5},
     Weeks(2),
     kEvent,
     true,
     {2025, 6, 19},
     {2025, 6, 20}},
    {"Mariä Himmelfahrt in the Saarland, then the weekend",
     "SL",
     "",
     {},
     {2025, 8, 1},
     Weeks(2),
     kEvent,
     true,
     {2025, 8, 15},
     {2025, 8, 18}},
    {"Mariä Himmelfahrt chosen for a Bavarian seat",
     "BY",
     "",
     {"Mariä Himmelfahrt"},
     {2025, 8, 1},
     Weeks(2),
     kEvent,
     true,
     {2025, 8, 15},
     {2025, 8, 18}},
    {"Mariä Himmelfahrt not chosen in Bayern",
     "BY",
     "",
     {},
     {2025, 8, 1},
     Weeks(2),
     kEvent,
     true,
     {2025, 8, 15},
     {2025, 8, 15}},
    {"Augsburger Friedensfest in Augsburg",
     "BY",
     "09761000",
     {},
     {2025, 7, 25},
     Weeks(2),
     kEvent,
     true,
     {2025, 8, 8},
     {2025, 8, 11}},
    {"Augsburger Friedensfest is a working day in München",
     "BY",
     "09162000",
     {},
     {2025, 7, 25},
     Weeks(2),
     kEvent,
     true,
     {2025, 8, 8},
     {2025, 8, 8}},
    {"Weltkindertag in Thüringen", "TH", "", {}, {2024, 9, 6}, Weeks(2), kEvent, true, {2024, 9, 20}, {2024, 9, 23}},
    {"Weltkindertag is a working day in Sachsen",
     "SN",
     "",
     {},
     {2024, 9, 6},
     Weeks(2),
     kEvent,
     true,
     {2024, 9, 20},
     {2024, 9, 20}},
    {"Frauentag in Berlin", "BE", "", {}, {2024, 2, 23}, Weeks(2), kEvent, true, {2024, 3, 8}, {2024, 3, 11}},
    {"Frauentag in Mecklenburg-Vorpommern from 2023",
     "MV",
     "",
     {},
     {2024, 2, 23},
     Weeks(2),
     kEvent,
     true,
     {2024, 3, 8},
     {2024, 3, 11}},
    {"Frauentag not yet in Mecklenburg-Vorpommern 2022",
     "MV",
     "",
     {},
     {2022, 2, 22},
     Weeks(2),
     kEvent,
     true,
     {2022, 3, 8},
     {2022, 3, 8}},
    {"Frauentag in Berlin 2022", "BE", "", {}, {2022, 2, 22}, Weeks(2), kEvent, true, {2022, 3, 8}, {2022, 3, 9}},
    {"8 May 2025 in Berlin", "BE", "", {}, {2025, 4, 24}, Weeks(2), kEvent, true, {2025, 5, 8}, {2025, 5, 9}},
    {"8 May 2025 is a working day in Brandenburg",
     "BB",
     "",
     {},
     {2025, 4, 24},
     Weeks(2),
     kEvent,
     true,
     {2025, 5, 8},
     {2025, 5, 8}},
    {"Tag der Deutschen Einheit, then the weekend",
     "ST",
     "",
     {},
     {2025, 9, 19},
     Weeks(2),
     kEvent,
     true,
     {2025, 10, 3},
     {2025, 10, 6}},
    {"the last supported month", "SN", "", {}, {2100, 11, 30}, Months(1), kEvent, true, {2100, 12, 30}, {2100, 12, 30}},

    // From real announcements.
    // Landesverwaltungsamt Sachsen-Anhalt, press release 16/2021 of 16.02.2021 (Planfeststellungsbeschluss "L 129
    // Radweg Kemberg-Bergwitz"): the decision was displayed "für zwei Wochen in der Zeit vom 22. Februar 2021 bis
    // einschließlich 8. März 2021"; the action period ends "bis zum 8. April 2021".
    // https://presse.sachsen-anhalt.de/not-rated/2021/02/16/das-landesverwaltungsamt-beteiligt-die-oeffentlichkeit-zum-planfeststellungsbeschluss-l-129-radweg-kemberg-bergwitz/
    {"L 129: two weeks of display from 22.2.2021 end on Sunday 7.3.",
     "ST",
     "",
     {},
     {2021, 2, 22},
     Weeks(2),
     kFirstDay,
     false,
     {2021, 3, 7},
     {2021, 3, 7}},
    {"L 129: the authority displayed until the next working day, Monday 8.3.",
     "ST",
     "",
     {},
     {2021, 2, 22},
     Weeks(2),
     kFirstDay,
     true,
     {2021, 3, 7},
     {2021, 3, 8}},
    {"L 129: one month for an action after the display ended on 8.3.2021",
     "ST",
     "",
     {},
     {2021, 3, 8},
     Months(1),
     kEvent,
     true,
     {2021, 4, 8},
     {2021, 4, 8}},
    // Landesverwaltungsamt Sachsen-Anhalt, BAB 9 Schleinitz, Lärmschutz: decision displayed "24.01.2022- 07.02.2022".
    // https://lvwa.sachsen-anhalt.de/das-lvwa/wirtschaft-bauwesen-verkehr/planfeststellung/aktuelle-planfeststellungsverfahren/bab-9-berlin-muenchen-bab-km-160524-bis-161604-ortslage-schleinitz-laermschutzmassnahmen
    {"BAB 9 Schleinitz: two weeks from 24.1.2022 end on Sunday 6.2.; displayed until Monday 7.2.",
     "ST",
     "",
     {},
     {2022, 1, 24},
     Weeks(2),
     kFirstDay,
     true,
     {2022, 2, 6},
     {2022, 2, 7}},
};

TEST(ComputePeriod, FollowsBgbAndMovesOnlyThePublicsPeriods) {
  for (const auto& test_case : kPeriodCases) {
    PeriodRequest request{.land = test_case.land,
                          .start = test_case.start,
                          .length = test_case.length,
                          .kind = test_case.kind,
                          .extend_to_working_day = test_case.extend,
                          .ags = test_case.ags,
                          .extra_local_holidays = test_case.extra_local};
    auto result = ComputePeriod(request);
    ASSERT_TRUE(result) << test_case.description << ": " << result.error().message;
    EXPECT_EQ(result->nominal_end, test_case.nominal_end)
        << test_case.description << ": " << FormatGerman(result->nominal_end);
    EXPECT_EQ(result->end, test_case.end) << test_case.description << ": " << FormatGerman(result->end);
    EXPECT_FALSE(result->explanation.empty()) << test_case.description;
  }
}

TEST(ExtendToWorkingDay, ExplainsTheMoveWithTheHolidayAndTheLand) {
  auto sachsen = HolidayCalendar::Create("SN");
  ASSERT_TRUE(sachsen);
  Extension moved = ExtendToWorkingDay({2025, 11, 19}, *sachsen);
  EXPECT_EQ(moved.date, (Date{2025, 11, 20}));
  ASSERT_EQ(moved.explanation.size(), 1u);
  EXPECT_EQ(moved.explanation[0],
            "Das rechnerische Fristende Mittwoch, 19.11.2025 fällt auf Buß- und Bettag (gesetzlicher Feiertag in "
            "Sachsen) → Fristende Donnerstag, 20.11.2025 (§ 193 BGB, § 31 Abs. 3 Satz 1 VwVfG).");

  auto sachsen_anhalt = HolidayCalendar::Create("ST");
  ASSERT_TRUE(sachsen_anhalt);
  Extension stays = ExtendToWorkingDay({2025, 11, 19}, *sachsen_anhalt);
  EXPECT_EQ(stays.date, (Date{2025, 11, 19}));
  EXPECT_EQ(stays.explanation[0],
            "Das Fristende Mittwoch, 19.11.2025 ist ein Werktag in Sachsen-Anhalt; es wird nicht verschoben (§ 193 "
            "BGB, § 31 Abs. 3 VwVfG).");
}

TEST(ExtendToWorkingDay, NamesEveryDaySkipped) {
  auto sachsen = HolidayCalendar::Create("SN");
  ASSERT_TRUE(sachsen);
  Extension moved = ExtendToWorkingDay({2022, 12, 24}, *sachsen);
  EXPECT_EQ(moved.date, (Date{2022, 12, 27}));
  EXPECT_EQ(moved.explanation[0],
            "Das rechnerische Fristende Samstag, 24.12.2022 fällt auf einen Samstag; auch Sonntag, 25.12.2022 (1. "
            "Weihnachtstag) und Montag, 26.12.2022 (2. Weihnachtstag) sind keine Werktage → Fristende Dienstag, "
            "27.12.2022 (§ 193 BGB, § 31 Abs. 3 Satz 1 VwVfG).");
}

TEST(ExtendToWorkingDay, WarnsAboutHolidaysThatHoldOnlyInPartsOfTheLand) {
  auto bayern = HolidayCalendar::Create("BY");
  ASSERT_TRUE(bayern);
  Extension result = ExtendToWorkingDay({2025, 8, 15}, *bayern);
  EXPECT_EQ(result.date, (Date{2025, 8, 15}));
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_EQ(result.warnings[0],
            "Der Freitag, 15.08.2025 (Mariä Himmelfahrt) ist nur in Teilen von Bayern gesetzlicher Feiertag und "
            "wurde nicht berücksichtigt; gilt er am Sitz der Behörde, bitte als örtlichen Feiertag angeben.");
}

TEST(EndOfPeriod, ExplainsEachStepWithItsParagraph) {
  auto display = EndOfPeriod({2025, 10, 6}, Months(1), kFirstDay);
  ASSERT_TRUE(display);
  EXPECT_EQ(display->explanation,
            (std::vector<std::string>{
                "Die Frist beginnt am Montag, 06.10.2025 mit dem Beginn des Tages; dieser Tag wird mitgerechnet (§ 187 "
                "Abs. 2 BGB).",
                "Eine Frist von einem Monat endet mit Ablauf des Tages vor dem Tag des letzten Monats, der durch seine "
                "Zahl dem Anfangstag entspricht (§ 188 Abs. 2 BGB): Mittwoch, 05.11.2025."}));

  auto month_end = EndOfPeriod({2025, 1, 31}, Months(1), kEvent);
  ASSERT_TRUE(month_end);
  EXPECT_EQ(month_end->explanation.back(),
            "Eine Frist von einem Monat endet mit Ablauf des Tages des letzten Monats, der durch seine Zahl dem "
            "Ereignistag entspricht (§ 188 Abs. 2 BGB). Den 31. gibt es im Februar 2025 nicht; die Frist endet daher "
            "mit dem letzten Tag dieses Monats (§ 188 Abs. 3 BGB): Freitag, 28.02.2025.");

  auto objection = EndOfPeriod({2025, 11, 5}, Weeks(2), kEvent);
  ASSERT_TRUE(objection);
  EXPECT_EQ(objection->explanation.front(),
            "Die Frist beginnt mit dem Ereignis am Mittwoch, 05.11.2025; dieser Tag wird nicht mitgerechnet (§ 187 "
            "Abs. 1 BGB).");
}

TEST(DescribeNoExtension, SaysWhyTheAuthoritysPeriodStays) {
  auto sachsen_anhalt = HolidayCalendar::Create("ST");
  ASSERT_TRUE(sachsen_anhalt);
  EXPECT_EQ(DescribeNoExtension({2025, 10, 3}, *sachsen_anhalt, "Der letzte Auslegungstag"),
            "Der letzte Auslegungstag Freitag, 03.10.2025 fällt auf Tag der Deutschen Einheit (gesetzlicher Feiertag "
            "in Sachsen-Anhalt); eine Verschiebung auf den nächsten Werktag gibt es hier nicht, denn die Behörde hat "
            "selbst für einen bestimmten Zeitraum etwas zu leisten (§ 31 Abs. 4 VwVfG).");
  EXPECT_EQ(DescribeNoExtension({2025, 10, 2}, *sachsen_anhalt, "Der letzte Auslegungstag"), "");
}

struct LengthCase {
  const char* text;
  bool ok;
  Length length;
};

const LengthCase kLengthCases[] = {
    {"P14D", true, Days(14)}, {"P2W", true, Weeks(2)}, {"P1M", true, Months(1)}, {"p1y", true, Years(1)},
    {"P30D", true, Days(30)}, {"P0D", false, {}},      {"P2X", false, {}},       {"2W", false, {}},
    {"P", false, {}},         {"PW", false, {}},       {"P-1D", false, {}},      {"P1M2D", false, {}},
    {"", false, {}},          {"P999999D", false, {}},
};

TEST(ParseLength, AcceptsOneComponentIsoDurations) {
  for (const auto& test_case : kLengthCases) {
    auto length = ParseLength(test_case.text);
    EXPECT_EQ(length.has_value(), test_case.ok) << test_case.text;
    if (length && test_case.ok) {
      EXPECT_EQ(*length, test_case.length) << test_case.text;
    }
    if (!length) {
      EXPECT_EQ(length.error().kind, ErrorKind::kInvalid) << test_case.text;
      EXPECT_EQ(length.error().field, "length") << test_case.text;
    }
  }
  EXPECT_EQ(FormatLength(Weeks(2)), "P2W");
  EXPECT_EQ(DescribeLength(Weeks(2)), "zwei Wochen");
  EXPECT_EQ(DescribeLength(Months(1)), "einem Monat");
  EXPECT_EQ(DescribeLength(Days(30)), "30 Tagen");
}

struct PeriodErrorCase {
  const char* description;
  Date start;
  Length length;
  const char* field;
};

const PeriodErrorCase kPeriodErrorCases[] = {
    {"impossible start", {2025, 2, 30}, Weeks(2), "start"},  {"start before 1995", {1994, 12, 20}, Weeks(2), "start"},
    {"start after 2100", {2101, 1, 1}, Weeks(2), "start"},   {"zero length", {2025, 1, 1}, Days(0), "length"},
    {"negative length", {2025, 1, 1}, Weeks(-2), "length"},  {"absurd length", {2025, 1, 1}, Years(500), "length"},
    {"end after 2100", {2100, 12, 15}, Months(1), "length"},
};

TEST(EndOfPeriod, RejectsBadInput) {
  for (const auto& test_case : kPeriodErrorCases) {
    auto end = EndOfPeriod(test_case.start, test_case.length, kEvent);
    ASSERT_FALSE(end) << test_case.description;
    EXPECT_EQ(end.error().kind, ErrorKind::kInvalid) << test_case.description;
    EXPECT_EQ(end.error().field, test_case.field) << test_case.description;
    EXPECT_FALSE(end.error().message.empty()) << test_case.description;
  }
  EXPECT_EQ(EndOfPeriod({2100, 12, 15}, Months(1), kEvent).error().message,
            "Das berechnete Fristende 15.01.2101 liegt nach 2100; Feiertage sind nur für 1995 bis 2100 hinterlegt.");
}

TEST(ComputePeriod, RejectsBadPlaceAndAMoveBeyond2100) {
  PeriodRequest unknown_land{.land = "XY", .start = {2025, 1, 1}, .length = Weeks(2)};
  auto result = ComputePeriod(unknown_land);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "land");

  PeriodRequest wrong_ags{.land = "SN", .start = {2025, 1, 1}, .length = Weeks(2), .ags = "09761000"};
  result = ComputePeriod(wrong_ags);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "ags");

  // Friday 17.12.2100 + two weeks = Friday 31.12.2100: still a working day, so it stays in range.
  PeriodRequest last_day{.land = "SN", .start = {2100, 12, 17}, .length = Weeks(2)};
  result = ComputePeriod(last_day);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->end, (Date{2100, 12, 31}));

  // Saturday 18.12.2100 + two weeks = Saturday 1.1.2101: beyond the range.
  PeriodRequest beyond{.land = "SN", .start = {2100, 12, 18}, .length = Weeks(2)};
  result = ComputePeriod(beyond);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
}

}  // namespace
}  // namespace mw::law
