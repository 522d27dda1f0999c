#include "law/periods.hpp"

#include <algorithm>

namespace mw::law {
namespace {

// Upper bounds that keep every supported start inside int arithmetic; the range check on the result is the real limit.
int MaxCount(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kDays:
      return 50000;
    case TimeUnit::kWeeks:
      return 7000;
    case TimeUnit::kMonths:
      return 1500;
    case TimeUnit::kYears:
      return 120;
  }
  return 0;
}

const char* kMonthNames[] = {"Januar", "Februar", "März",      "April",   "Mai",      "Juni",
                             "Juli",   "August",  "September", "Oktober", "November", "Dezember"};

std::string MonthAndYear(int year, int month) {
  return std::string(kMonthNames[month - 1]) + " " + std::to_string(year);
}

// Adds whole months to year/month.
void ShiftMonths(int& year, int& month, int months) {
  const int index = year * 12 + (month - 1) + months;
  year = index / 12;
  month = index % 12 + 1;
}

// Why a day is not a working day, to follow "fällt auf": "einen Samstag", "einen Sonntag, zugleich 1. Weihnachtstag
// (gesetzlicher Feiertag in Sachsen)", "Buß- und Bettag (gesetzlicher Feiertag in Sachsen)".
std::string NonWorkingReason(Date date, const HolidayCalendar& calendar) {
  const Weekday weekday = WeekdayOf(date);
  const auto holiday = calendar.IsHoliday(date);
  const std::string land_note = " (gesetzlicher Feiertag in " + std::string(LandName(calendar.land())) + ")";
  if (weekday == Weekday::kSaturday || weekday == Weekday::kSunday) {
    std::string reason = weekday == Weekday::kSaturday ? "einen Samstag" : "einen Sonntag";
    if (holiday) reason += ", zugleich " + *holiday + land_note;
    return reason;
  }
  return *holiday + land_note;
}

// A further day skipped: "Sonntag, 25.12.2022 (1. Weihnachtstag)".
std::string SkippedDay(Date date, const HolidayCalendar& calendar) {
  const auto holiday = calendar.IsHoliday(date);
  return FormatGermanWithWeekday(date) + (holiday ? " (" + *holiday + ")" : "");
}

}  // namespace

Result<Length> ParseLength(std::string_view text) {
  const auto fail = [&] {
    return Fail(ErrorKind::kInvalid,
                "„" + std::string(text) +
                    "“ ist keine Dauer im Format P14D, P2W, P1M oder P1Y (Tage, Wochen, Monate, "
                    "Jahre).",
                "length");
  };
  if (text.size() < 3 || (text.front() != 'P' && text.front() != 'p')) return fail();
  const std::string_view digits = text.substr(1, text.size() - 2);
  if (digits.size() > 5 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return fail();
  }
  int count = 0;
  for (char c : digits) count = count * 10 + (c - '0');
  Length length{count, TimeUnit::kDays};
  switch (text.back()) {
    case 'D':
    case 'd':
      length.unit = TimeUnit::kDays;
      break;
    case 'W':
    case 'w':
      length.unit = TimeUnit::kWeeks;
      break;
    case 'M':
    case 'm':
      length.unit = TimeUnit::kMonths;
      break;
    case 'Y':
    case 'y':
      length.unit = TimeUnit::kYears;
      break;
    default:
      return fail();
  }
  if (count < 1) {
    return Fail(ErrorKind::kInvalid,
                "Eine Frist muss mindestens einen Tag, eine Woche, einen Monat oder ein Jahr lang sein.", "length");
  }
  return length;
}

std::string FormatLength(Length length) {
  static constexpr char kUnits[] = {'D', 'W', 'M', 'Y'};
  return "P" + std::to_string(length.count) + kUnits[static_cast<int>(length.unit)];
}

std::string DescribeLength(Length length) {
  static constexpr const char* kNumberWords[] = {"",       "",     "zwei", "drei", "vier", "fünf", "sechs",
                                                 "sieben", "acht", "neun", "zehn", "elf",  "zwölf"};
  const std::string number =
      length.count >= 2 && length.count <= 12 ? kNumberWords[length.count] : std::to_string(length.count);
  const bool one = length.count == 1;
  switch (length.unit) {
    case TimeUnit::kDays:
      return one ? "einem Tag" : number + " Tagen";
    case TimeUnit::kWeeks:
      return one ? "einer Woche" : number + " Wochen";
    case TimeUnit::kMonths:
      return one ? "einem Monat" : number + " Monaten";
    case TimeUnit::kYears:
      return one ? "einem Jahr" : number + " Jahren";
  }
  return "";
}

Result<ExplainedDate> EndOfPeriod(Date start, Length length, PeriodStart kind) {
  const bool event = kind == PeriodStart::kEvent;
  if (auto ok = CheckSupportedDate(start, event ? "Fristauslösendes Ereignis" : "Fristbeginn", "start"); !ok) {
    return std::unexpected(ok.error());
  }
  if (length.count < 1 || length.count > MaxCount(length.unit)) {
    return Fail(ErrorKind::kInvalid,
                "Die Fristlänge " + std::to_string(length.count) + " ist nicht zulässig; sie muss mindestens 1 sein.",
                "length");
  }

  ExplainedDate result;
  const std::string period = "Eine Frist von " + DescribeLength(length);
  if (event) {
    result.explanation.push_back("Die Frist beginnt mit dem Ereignis am " + FormatGermanWithWeekday(start) +
                                 "; dieser Tag wird nicht mitgerechnet (§ 187 Abs. 1 BGB).");
  } else {
    result.explanation.push_back("Die Frist beginnt am " + FormatGermanWithWeekday(start) +
                                 " mit dem Beginn des Tages; dieser Tag wird mitgerechnet (§ 187 Abs. 2 BGB).");
  }

  if (length.unit == TimeUnit::kDays || length.unit == TimeUnit::kWeeks) {
    const int days = length.unit == TimeUnit::kDays ? length.count : 7 * length.count;
    result.date = AddDays(start, event ? days : days - 1);
    if (length.unit == TimeUnit::kDays) {
      result.explanation.push_back(period + " endet mit Ablauf ihres letzten Tages (§ 188 Abs. 1 BGB): " +
                                   FormatGermanWithWeekday(result.date) + ".");
    } else if (event) {
      result.explanation.push_back(period +
                                   " endet mit Ablauf des Tages der letzten Woche, der durch seine Benennung "
                                   "dem Ereignistag entspricht (§ 188 Abs. 2 BGB): " +
                                   FormatGermanWithWeekday(result.date) + ".");
    } else {
      result.explanation.push_back(period +
                                   " endet mit Ablauf des Tages vor dem Tag der letzten Woche, der durch "
                                   "seine Benennung dem Anfangstag entspricht (§ 188 Abs. 2 BGB): " +
                                   FormatGermanWithWeekday(result.date) + ".");
    }
  } else {
    const int months = length.unit == TimeUnit::kMonths ? length.count : 12 * length.count;
    int year = start.year;
    int month = start.month;
    ShiftMonths(year, month, months);
    // The day number the period ends on: the event day's number, or the day before the first day's number.
    int wanted_day = event ? start.day : start.day - 1;
    if (wanted_day == 0) {
      // Beginning on the 1st: the day before the 1st of the final month is the last day of the month before it.
      ShiftMonths(year, month, -1);
      wanted_day = DaysInMonth(year, month);
    }
    const std::string unit_word = length.unit == TimeUnit::kMonths ? "des letzten Monats" : "des letzten Jahres";
    const std::string rule = event ? period + " endet mit Ablauf des Tages " + unit_word +
                                         ", der durch seine Zahl dem Ereignistag entspricht (§ 188 Abs. 2 BGB)"
                                   : period + " endet mit Ablauf des Tages vor dem Tag " + unit_word +
                                         ", der durch seine Zahl dem Anfangstag entspricht (§ 188 Abs. 2 BGB)";
    if (wanted_day > DaysInMonth(year, month)) {
      result.date = LastDayOfMonth(year, month);
      result.explanation.push_back(rule + ". Den " + std::to_string(wanted_day) + ". gibt es im " +
                                   MonthAndYear(year, month) +
                                   " nicht; die Frist endet daher mit dem letzten Tag dieses Monats (§ 188 Abs. 3 "
                                   "BGB): " +
                                   FormatGermanWithWeekday(result.date) + ".");
    } else {
      result.date = Date{year, month, wanted_day};
      result.explanation.push_back(rule + ": " + FormatGermanWithWeekday(result.date) + ".");
    }
  }

  if (result.date.year > kLastSupportedYear) {
    return Fail(ErrorKind::kInvalid,
                "Das berechnete Fristende " + FormatGerman(result.date) +
                    " liegt nach 2100; Feiertage sind nur für 1995 bis 2100 hinterlegt.",
                "length");
  }
  return result;
}

Extension ExtendToWorkingDay(Date nominal_end, const HolidayCalendar& calendar, std::string_view basis) {
  Extension result;
  const std::string stays_basis = basis.empty() ? "§ 193 BGB, § 31 Abs. 3 VwVfG" : std::string(basis);
  const std::string move_basis = basis.empty() ? "§ 193 BGB, § 31 Abs. 3 Satz 1 VwVfG" : std::string(basis);
  result.date = nominal_end;
  const std::string land = std::string(LandName(calendar.land()));

  const auto warn_partial = [&](Date date) {
    if (auto partial = calendar.PartialHoliday(date)) {
      result.warnings.push_back("Der " + FormatGermanWithWeekday(date) + " (" + *partial + ") ist nur in Teilen von " +
                                land +
                                " gesetzlicher Feiertag und wurde nicht berücksichtigt; gilt er am Sitz der Behörde, "
                                "bitte als örtlichen Feiertag angeben.");
    }
  };

  if (calendar.IsWorkingDay(nominal_end)) {
    result.explanation.push_back("Das Fristende " + FormatGermanWithWeekday(nominal_end) + " ist ein Werktag in " +
                                 land + "; es wird nicht verschoben (" + stays_basis + ").");
    warn_partial(nominal_end);
    return result;
  }

  std::string sentence = "Das rechnerische Fristende " + FormatGermanWithWeekday(nominal_end) + " fällt auf " +
                         NonWorkingReason(nominal_end, calendar);
  std::vector<std::string> also;
  Date date = AddDays(nominal_end, 1);
  while (!calendar.IsWorkingDay(date)) {
    also.push_back(SkippedDay(date, calendar));
    date = AddDays(date, 1);
  }
  if (!also.empty()) {
    sentence += "; auch ";
    for (std::size_t also_idx = 0; also_idx < also.size(); ++also_idx) {
      if (also_idx > 0) sentence += also_idx + 1 == also.size() ? " und " : ", ";
      sentence += also[also_idx];
    }
    sentence += also.size() == 1 ? " ist kein Werktag" : " sind keine Werktage";
  }
  sentence += " → Fristende " + FormatGermanWithWeekday(date) + " (" + move_basis + ").";
  result.date = date;
  result.explanation.push_back(sentence);
  warn_partial(date);
  return result;
}

std::string DescribeNoExtension(Date end, const HolidayCalendar& calendar, std::string_view what) {
  if (calendar.IsWorkingDay(end)) return {};
  return std::string(what) + " " + FormatGermanWithWeekday(end) + " fällt auf " + NonWorkingReason(end, calendar) +
         "; eine Verschiebung auf den nächsten Werktag gibt es hier nicht, denn die Behörde hat selbst für einen "
         "bestimmten Zeitraum etwas zu leisten (§ 31 Abs. 4 VwVfG).";
}

Result<PeriodResult> ComputePeriod(const PeriodRequest& request) {
  auto calendar = HolidayCalendar::Create(request.land, request.ags, request.extra_local_holidays);
  if (!calendar) return std::unexpected(calendar.error());
  auto nominal = EndOfPeriod(request.start, request.length, request.kind);
  if (!nominal) return std::unexpected(nominal.error());

  PeriodResult result;
  result.nominal_end = nominal->date;
  result.end = nominal->date;
  result.explanation = nominal->explanation;
  if (request.extend_to_working_day) {
    // Stays within 2100: the latest nominal end, Friday 31.12.2100, is a working day.
    Extension extension = ExtendToWorkingDay(nominal->date, *calendar);
    result.end = extension.date;
    result.explanation.insert(result.explanation.end(), extension.explanation.begin(), extension.explanation.end());
    result.warnings = extension.warnings;
  } else if (auto note = DescribeNoExtension(nominal->date, *calendar, "Das Fristende"); !note.empty()) {
    result.explanation.push_back(note);
  }
  for (const auto& note : calendar->notes()) result.warnings.push_back(note);
  return result;
}

}  // namespace mw::law
