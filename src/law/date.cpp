#include "law/date.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace mw::law {
namespace {

std::chrono::sys_days ToSysDays(Date date) {
  return std::chrono::sys_days{std::chrono::year{date.year} / std::chrono::month{static_cast<unsigned>(date.month)} /
                               std::chrono::day{static_cast<unsigned>(date.day)}};
}

Date FromSysDays(std::chrono::sys_days days) {
  const std::chrono::year_month_day ymd{days};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

int Digits(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

bool IsValidDate(Date date) {
  return date.year >= 1 && date.year <= 9999 && date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

Result<Date> ParseIsoDate(std::string_view text) {
  const bool shape_ok = text.size() == 10 && text[4] == '-' && text[7] == '-' && IsDigit(text[0]) && IsDigit(text[1]) &&
                        IsDigit(text[2]) && IsDigit(text[3]) && IsDigit(text[5]) && IsDigit(text[6]) &&
                        IsDigit(text[8]) && IsDigit(text[9]);
  if (!shape_ok) {
    return Fail(ErrorKind::kInvalid,
                "„" + std::string(text) + "“ ist kein Datum im Format JJJJ-MM-TT (zum Beispiel 2025-11-19).");
  }
  const Date date{Digits(text.substr(0, 4)), Digits(text.substr(5, 2)), Digits(text.substr(8, 2))};
  if (!IsValidDate(date)) {
    return Fail(ErrorKind::kInvalid, "Das Datum „" + std::string(text) + "“ gibt es nicht.");
  }
  return date;
}

Status CheckSupportedDate(Date date, std::string_view what, std::string_view field) {
  if (!IsValidDate(date)) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return Fail(ErrorKind::kInvalid, std::string(what) + ": Das Datum „" + buffer + "“ gibt es nicht.",
                std::string(field));
  }
  if (date.year < kFirstSupportedYear || date.year > kLastSupportedYear) {
    return Fail(ErrorKind::kInvalid,
                std::string(what) + ": Das Jahr " + std::to_string(date.year) +
                    " liegt außerhalb des unterstützten Zeitraums 1995 bis 2100.",
                std::string(field));
  }
  return Ok{};
}

std::string FormatIso(Date date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buffer;
}

std::string FormatGerman(Date date) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02d.%02d.%04d", date.day, date.month, date.year);
  return buffer;
}

std::string FormatGermanWithWeekday(Date date) {
  return std::string(WeekdayName(WeekdayOf(date))) + ", " + FormatGerman(date);
}

Weekday WeekdayOf(Date date) {
  const std::chrono::weekday weekday{ToSysDays(date)};
  return static_cast<Weekday>(weekday.iso_encoding());
}

std::string_view WeekdayName(Weekday weekday) {
  switch (weekday) {
    case Weekday::kMonday:
      return "Montag";
    case Weekday::kTuesday:
      return "Dienstag";
    case Weekday::kWednesday:
      return "Mittwoch";
    case Weekday::kThursday:
      return "Donnerstag";
    case Weekday::kFriday:
      return "Freitag";
    case Weekday::kSaturday:
      return "Samstag";
    case Weekday::kSunday:
      return "Sonntag";
  }
  return "";
}

Date AddDays(Date date, int days) {
  return FromSysDays(ToSysDays(date) + std::chrono::days{days});
}

int DaysBetween(Date from, Date to) {
  return static_cast<int>((ToSysDays(to) - ToSysDays(from)).count());
}

Date LastDayOfMonth(int year, int month) {
  return Date{year, month, DaysInMonth(year, month)};
}

}  // namespace mw::law
