// Period arithmetic after §§ 187–193 BGB, which § 31 Abs. 1 VwVfG applies to administrative procedures. Every result
// carries the German sentences that explain it, so that a case worker can read it against the statute.
//
//   // "bis zwei Wochen nach Ablauf der Auslegungsfrist": an event period that starts from the end of the display.
//   auto end = mw::law::EndOfPeriod({2025, 11, 5}, {2, mw::law::TimeUnit::kWeeks}, mw::law::PeriodStart::kEvent);
//   end->date;                                                  // {2025, 11, 19}
//   auto calendar = mw::law::HolidayCalendar::Create("SN");
//   auto moved = mw::law::ExtendToWorkingDay(end->date, *calendar);
//   moved.date;                                                 // {2025, 11, 20}: 19.11. is Buß- und Bettag in Sachsen
//
// The two ways a period begins:
//   kEvent (§ 187 Abs. 1): the period starts from an event on a day (an announcement, the end of the display); that day
//     is not counted. n days end on day + n; weeks, months and years end on the day whose name or number matches the
//     event day (§ 188 Abs. 2, first alternative).
//   kStartOfDay (§ 187 Abs. 2): the period begins at the start of a day (the first day of a display); that day counts.
//     n days end on day + n − 1; weeks, months and years end on the day before the one whose name or number matches
//     the first day (§ 188 Abs. 2, second alternative): a month of display from 6.10.2025 ends with 5.11.2025.
//   If that day does not exist in the final month, the period ends with the month's last day (§ 188 Abs. 3): one month
//   from the event 31.1.2025 ends on 28.2.2025; one month beginning on 31.1.2024 ends on 29.2.2024.
//
// § 193 BGB / § 31 Abs. 3 Satz 1 VwVfG move an end on a Saturday, Sunday or public holiday at the place where the
// declaration is to be made to the next working day (ExtendToWorkingDay). They do not apply to periods within which the
// authority itself must provide something, such as the display of documents (§ 31 Abs. 4 VwVfG; DescribeNoExtension),
// nor when a specific day was named as the end with reference to § 31 Abs. 3 VwVfG (§ 31 Abs. 3 Satz 2).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "law/date.hpp"
#include "law/holidays.hpp"
#include "platform/core/result.hpp"

namespace mw::law {

enum class TimeUnit { kDays, kWeeks, kMonths, kYears };

struct Length {
  int count = 0;  // at least 1
  TimeUnit unit = TimeUnit::kDays;

  friend bool operator==(const Length&, const Length&) = default;
};

// ISO 8601 duration with one component: "P14D", "P2W", "P1M", "P1Y" (upper or lower case).
Result<Length> ParseLength(std::string_view text);
std::string FormatLength(Length length);  // "P2W"
// In the dative, to follow "von" or "bis": "einem Monat", "2 Wochen", "30 Tagen".
std::string DescribeLength(Length length);

enum class PeriodStart {
  kEvent,       // § 187 Abs. 1 BGB: the day of the event is not counted
  kStartOfDay,  // § 187 Abs. 2 BGB: the first day is counted
};

// A computed date with the chain of rules that produced it, one German sentence per step.
struct ExplainedDate {
  Date date;
  std::vector<std::string> explanation;
};

// The nominal end of a period (§§ 187, 188 BGB), before any move to a working day. `start` is the event day for
// kEvent and the first day for kStartOfDay. Fails (kInvalid) for a bad or unsupported start, a count below 1, or an end
// after 2100.
Result<ExplainedDate> EndOfPeriod(Date start, Length length, PeriodStart kind);

// The end moved to the next working day at the calendar's place if it falls on a Saturday, Sunday or holiday
// (§ 193 BGB, § 31 Abs. 3 Satz 1 VwVfG). The explanation says why or that it stays; `warnings` name days that are
// holidays only in parts of the Land and were not counted.
struct Extension {
  Date date;
  std::vector<std::string> explanation;
  std::vector<std::string> warnings;
};
// `basis` replaces the cited rules (default "§ 193 BGB, § 31 Abs. 3 Satz 1 VwVfG"), e.g. for the Bauleitplanung, where
// the VwVfG does not apply and § 193 BGB is applied by analogy.
Extension ExtendToWorkingDay(Date nominal_end, const HolidayCalendar& calendar, std::string_view basis = {});

// For a period the authority itself must keep (§ 31 Abs. 4 VwVfG): a sentence saying that an end on a Saturday,
// Sunday or holiday is not moved, or an empty string if the end is a working day.
std::string DescribeNoExtension(Date end, const HolidayCalendar& calendar, std::string_view what);

// One use case: the end of a period of the given length at a place, with or without § 193 BGB.
struct PeriodRequest {
  std::string land;
  Date start;
  Length length;
  PeriodStart kind = PeriodStart::kEvent;
  bool extend_to_working_day = true;  // false for periods the authority keeps (§ 31 Abs. 4 VwVfG)
  std::string ags;
  std::vector<std::string> extra_local_holidays;
};
struct PeriodResult {
  Date nominal_end;  // §§ 187, 188 BGB
  Date end;          // after § 193 BGB, if requested
  std::vector<std::string> explanation;
  std::vector<std::string> warnings;
};
Result<PeriodResult> ComputePeriod(const PeriodRequest& request);

}  // namespace mw::law
