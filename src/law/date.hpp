// Calendar dates for the law module: a plain year/month/day value with strict ISO parsing, German formatting and day
// arithmetic. No time of day, no time zone, no clock: "today" is always passed in by the caller.
//
//   auto date = mw::law::ParseIsoDate("2025-11-19");           // Result<Date>
//   if (!date) return date.error();                           // German message, e.g. "Das Datum „2025-02-30“ gibt es
//   nicht." mw::law::FormatGerman(*date);                             // "19.11.2025" mw::law::WeekdayOf(*date) ==
//   mw::law::Weekday::kWednesday; mw::law::AddDays(*date, 1);                               // {2025, 11, 20}
//
// The law functions (holidays, periods, procedures) accept dates from 1995 to 2100 only, the range for which the
// holiday rules were checked; CheckSupportedDate() gives the German error for anything else.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "platform/core/result.hpp"

namespace mw::law {

// A day of the Gregorian calendar. A Date built by hand may be impossible (e.g. {2025, 2, 30}); every law function
// checks its inputs with CheckSupportedDate() before using them.
struct Date {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31

  friend auto operator<=>(const Date&, const Date&) = default;
};

// The years for which holidays and deadlines are computed.
inline constexpr int kFirstSupportedYear = 1995;
inline constexpr int kLastSupportedYear = 2100;

enum class Weekday { kMonday = 1, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

bool IsLeapYear(int year);
// Number of days in the month; 0 for a month outside 1..12.
int DaysInMonth(int year, int month);
// True if the date exists in the Gregorian calendar (years 1..9999).
bool IsValidDate(Date date);

// Strict "YYYY-MM-DD": exactly ten characters, leading zeros required, the date must exist.
Result<Date> ParseIsoDate(std::string_view text);

// Ok if the date exists and lies in 1995..2100. `what` names the date in the message ("Beginn der Auslegung"), and
// `field` is copied into the error for the form field it came from.
Status CheckSupportedDate(Date date, std::string_view what, std::string_view field = {});

std::string FormatIso(Date date);     // "2025-11-19"
std::string FormatGerman(Date date);  // "19.11.2025"
// "Mittwoch, 19.11.2025", the form used in explanations.
std::string FormatGermanWithWeekday(Date date);

// Precondition for the functions below: IsValidDate(date).
Weekday WeekdayOf(Date date);
std::string_view WeekdayName(Weekday weekday);  // "Mittwoch"
Date AddDays(Date date, int days);
// Days from `from` to `to`; negative if `to` is earlier.
int DaysBetween(Date from, Date to);
Date LastDayOfMonth(int year, int month);

}  // namespace mw::law
