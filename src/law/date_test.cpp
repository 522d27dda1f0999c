#include "law/date.hpp"

#include <gtest/gtest.h>

#include <string>

namespace mw::law {
namespace {

struct ParseCase {
  const char* text;
  bool ok;
  Date expected;
};

const ParseCase kParseCases[] = {
    {"2025-11-19", true, {2025, 11, 19}},
    {"1995-01-01", true, {1995, 1, 1}},
    {"2100-12-31", true, {2100, 12, 31}},
    {"2024-02-29", true, {2024, 2, 29}},  // leap year
    {"2000-02-29", true, {2000, 2, 29}},  // divisible by 400: leap year
    {"2025-02-30", false, {}},            // the example
    {"2023-02-29", false, {}},            // not a leap year
    {"2100-02-29", false, {}},            // divisible by 100, not by 400: no leap year
    {"2025-04-31", false, {}},
    {"2025-13-01", false, {}},
    {"2025-00-10", false, {}},
    {"2025-01-00", false, {}},
    {"2025-1-01", false, {}},  // leading zeros are required
    {"25-01-01", false, {}},
    {"2025/01/01", false, {}},
    {"2025-01-01 ", false, {}},
    {" 2025-01-01", false, {}},
    {"2025-01-01T00:00", false, {}},
    {"19.11.2025", false, {}},  // German format is output only
    {"", false, {}},
    {"abcd-ef-gh", false, {}},
    {"+025-01-01", false, {}},
};

TEST(ParseIsoDate, AcceptsOnlyRealDatesInStrictIsoForm) {
  for (const auto& test_case : kParseCases) {
    auto parsed = ParseIsoDate(test_case.text);
    EXPECT_EQ(parsed.has_value(), test_case.ok) << test_case.text;
    if (test_case.ok && parsed) {
      EXPECT_EQ(*parsed, test_case.expected) << test_case.text;
    }
    if (!parsed) {
      EXPECT_EQ(parsed.error().kind, ErrorKind::kInvalid);
      EXPECT_FALSE(parsed.error().message.empty());
    }
  }
}

TEST(ParseIsoDate, ExplainsTheProblemInGerman) {
  EXPECT_EQ(ParseIsoDate("2025-02-30").error().message, "Das Datum „2025-02-30“ gibt es nicht.");
  EXPECT_EQ(ParseIsoDate("2025-2-3").error().message,
            "„2025-2-3“ ist kein Datum im Format JJJJ-MM-TT (zum Beispiel 2025-11-19).");
}

TEST(CheckSupportedDate, RejectsImpossibleDatesAndYearsOutside1995To2100) {
  EXPECT_TRUE(CheckSupportedDate({1995, 1, 1}, "Beginn"));
  EXPECT_TRUE(CheckSupportedDate({2100, 12, 31}, "Beginn"));

  auto too_early = CheckSupportedDate({1994, 12, 31}, "Beginn der Auslegung", "display_start");
  ASSERT_FALSE(too_early);
  EXPECT_EQ(too_early.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(too_early.error().field, "display_start");
  EXPECT_EQ(too_early.error().message,
            "Beginn der Auslegung: Das Jahr 1994 liegt außerhalb des unterstützten Zeitraums 1995 bis 2100.");

  auto too_late = CheckSupportedDate({2101, 1, 1}, "Ende");
  ASSERT_FALSE(too_late);
  EXPECT_NE(too_late.error().message.find("2101"), std::string::npos);

  auto impossible = CheckSupportedDate({2025, 2, 30}, "Ende");
  ASSERT_FALSE(impossible);
  EXPECT_EQ(impossible.error().message, "Ende: Das Datum „2025-02-30“ gibt es nicht.");
}

TEST(Date, FormatsIsoAndGerman) {
  EXPECT_EQ(FormatIso({2025, 11, 19}), "2025-11-19");
  EXPECT_EQ(FormatGerman({2025, 11, 19}), "19.11.2025");
  EXPECT_EQ(FormatGerman({1995, 1, 6}), "06.01.1995");
  EXPECT_EQ(FormatGermanWithWeekday({2025, 11, 19}), "Mittwoch, 19.11.2025");
}

struct WeekdayCase {
  Date date;
  Weekday weekday;
};

// Checked against any printed calendar.
const WeekdayCase kWeekdayCases[] = {
    {{2025, 11, 19}, Weekday::kWednesday}, {{2025, 10, 6}, Weekday::kMonday},  {{2025, 10, 3}, Weekday::kFriday},
    {{2024, 2, 29}, Weekday::kThursday},   {{2000, 1, 1}, Weekday::kSaturday}, {{1995, 11, 22}, Weekday::kWednesday},
    {{2100, 12, 31}, Weekday::kFriday},    {{2021, 3, 7}, Weekday::kSunday},
};

TEST(Date, KnowsTheWeekday) {
  for (const auto& test_case : kWeekdayCases) {
    EXPECT_EQ(WeekdayOf(test_case.date), test_case.weekday) << FormatIso(test_case.date);
  }
  EXPECT_EQ(WeekdayName(Weekday::kSaturday), "Samstag");
  EXPECT_EQ(WeekdayName(Weekday::kSunday), "Sonntag");
}

TEST(Date, AddsDaysAcrossMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays({2025, 11, 19}, 1), (Date{2025, 11, 20}));
  EXPECT_EQ(AddDays({2025, 12, 31}, 1), (Date{2026, 1, 1}));
  EXPECT_EQ(AddDays({2024, 2, 28}, 1), (Date{2024, 2, 29}));
  EXPECT_EQ(AddDays({2025, 2, 28}, 1), (Date{2025, 3, 1}));
  EXPECT_EQ(AddDays({2025, 3, 1}, -1), (Date{2025, 2, 28}));
  EXPECT_EQ(AddDays({2025, 10, 6}, 29), (Date{2025, 11, 4}));
  EXPECT_EQ(DaysBetween({2025, 10, 6}, {2025, 11, 5}), 30);
  EXPECT_EQ(DaysBetween({2025, 11, 5}, {2025, 10, 6}), -30);
  EXPECT_EQ(DaysBetween({1995, 1, 1}, {2100, 12, 31}), 38715);
}

TEST(Date, ComparesChronologically) {
  EXPECT_LT((Date{2025, 11, 19}), (Date{2025, 11, 20}));
  EXPECT_LT((Date{2025, 1, 31}), (Date{2025, 2, 1}));
  EXPECT_LT((Date{2024, 12, 31}), (Date{2025, 1, 1}));
  EXPECT_EQ((Date{2025, 1, 1}), (Date{2025, 1, 1}));
}

TEST(Date, KnowsMonthLengths) {
  EXPECT_EQ(DaysInMonth(2025, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(2025, 4), 30);
  EXPECT_EQ(DaysInMonth(2025, 13), 0);
  EXPECT_EQ(LastDayOfMonth(2024, 2), (Date{2024, 2, 29}));
}

}  // namespace
}  // namespace mw::law
