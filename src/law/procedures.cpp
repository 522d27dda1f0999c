#include "law/procedures.hpp"

#include <array>
#include <utility>

#include "platform/core/text.hpp"

namespace mw::law {
namespace {

constexpr Length kNone{0, TimeUnit::kDays};
constexpr Length kOneMonth{1, TimeUnit::kMonths};
constexpr Length kTwoWeeks{2, TimeUnit::kWeeks};

// The statutes, each rule as it reads:
// § 10 Abs. 3 BImSchG (as amended 3.7.2024): the documents are published one month (Satz 2); "Bis zwei Wochen nach
//   Ablauf der Auslegungsfrist kann die Öffentlichkeit ... Einwendungen erheben; bei Anlagen nach der
//   Industrieemissions-Richtlinie gilt eine Frist von einem Monat" (Satz 8); preclusion (Satz 9). § 12 Abs. 1 der
//   9. BImSchV: one month for UVP-pflichtige Vorhaben (cited for that month only). § 9 Abs. 2 der 9. BImSchV: "Zwischen
//   der Bekanntmachung des Vorhabens und dem Beginn der Auslegungsfrist soll eine Woche liegen", since 2024 counted from
//   the last of several announcements.
// § 3 Abs. 2 BauGB (as amended 7.7.2023): publication "für die Dauer eines Monats, mindestens jedoch für die Dauer von
//   30 Tagen" (Satz 1); statements during the publication period; address and period announced before it starts.
//   § 4 Abs. 2 Satz 2 BauGB: the authorities' statements within one month, at least 30 days, from the receipt of the
//   request. §§ 187 ff. BGB by analogy, an end on a non-working day moves (OVG Rheinland-Pfalz, 8 C 12180/99).
// § 73 VwVfG: display "für die Dauer eines Monats" (Abs. 3 Satz 1), announced beforehand (Abs. 5 Satz 1); objections
//   "bis zwei Wochen nach Ablauf der Auslegungsfrist" (Abs. 4 Satz 1). With an environmental impact assessment the
//   period for comments ends one month after the display (§ 21 Abs. 2 UVPG).
constexpr std::array<ProcedureRule, 8> kRules = {{
    {.id = "bimschg",
     .title = "Immissionsschutzrechtliche Genehmigung mit Öffentlichkeitsbeteiligung (§ 10 BImSchG, 9. BImSchV)",
     .period_name = "Auslegung",
     .display = kOneMonth,
     .display_min_days = 0,
     .display_basis = "§ 10 Abs. 3 Satz 2 BImSchG",
     .objection = kTwoWeeks,
     .objection_basis = "§ 10 Abs. 3 Satz 8 BImSchG",
     .announcement = AnnouncementRule::kOneWeekBetween,
     .announcement_basis = "§ 9 Abs. 2 der 9. BImSchV",
     .statutory = true,
     .repetition = Repetition::kFullPeriods,
     .repetition_basis = "§ 8 Abs. 1 Satz 2 und Abs. 2 der 9. BImSchV"},
    {.id = "bimschg-ied",
     .title = "Immissionsschutzrechtliche Genehmigung einer Anlage nach der Industrieemissions-Richtlinie "
              "(§ 10 BImSchG)",
     .period_name = "Auslegung",
     .display = kOneMonth,
     .display_min_days = 0,
     .display_basis = "§ 10 Abs. 3 Satz 2 BImSchG",
     .objection = kOneMonth,
     .objection_basis = "§ 10 Abs. 3 Satz 8 BImSchG",
     .announcement = AnnouncementRule::kOneWeekBetween,
     .announcement_basis = "§ 9 Abs. 2 der 9. BImSchV",
     .statutory = true,
     .repetition = Repetition::kFullPeriods,
     .repetition_basis = "§ 8 Abs. 1 Satz 2 und Abs. 2 der 9. BImSchV"},
    {.id = "bimschg-uvp",
     .title = "Immissionsschutzrechtliche Genehmigung eines UVP-pflichtigen Vorhabens (§ 10 BImSchG, UVPG)",
     .period_name = "Auslegung",
     .display = kOneMonth,
     .display_min_days = 0,
     .display_basis = "§ 10 Abs. 3 Satz 2 BImSchG",
     .objection = kOneMonth,
     .objection_basis = "§ 12 Abs. 1 der 9. BImSchV",
     .announcement = AnnouncementRule::kOneWeekBetween,
     .announcement_basis = "§ 9 Abs. 2 der 9. BImSchV",
     .statutory = true,
     .repetition = Repetition::kFullPeriods,
     .repetition_basis = "§ 8 Abs. 1 Satz 2 und Abs. 2 der 9. BImSchV"},
    {.id = "baugb-3-2",
     .title = "Bauleitplanung: Veröffentlichung der Entwürfe (§ 3 Abs. 2 BauGB)",
     .period_name = "Veröffentlichung",
     .display = kOneMonth,
     .display_min_days = 30,
     .display_basis = "§ 3 Abs. 2 Satz 1 BauGB",
     .objection = kNone,
     .objection_basis = "§ 3 Abs. 2 Satz 4 Nr. 1 BauGB",
     .announcement = AnnouncementRule::kBeforeStart,
     .announcement_basis = "§ 3 Abs. 2 Satz 4 BauGB",
     .statutory = true,
     .working_day_basis = "§ 193 BGB entsprechend; OVG Rheinland-Pfalz, 8 C 12180/99",
     .start_label = "erster Tag der Veröffentlichung",
     .repetition = Repetition::kShortenFirst,
     .repetition_basis = "§ 4a Abs. 3 Satz 3 BauGB"},
    {.id = "baugb-4-2",
     .title = "Bauleitplanung: Beteiligung der Behörden und Träger öffentlicher Belange (§ 4 Abs. 2 BauGB)",
     .period_name = "Frist für Stellungnahmen ab Zugang der Aufforderung",
     .display = kOneMonth,
     .display_min_days = 30,
     .display_basis = "§ 4 Abs. 2 Satz 2 BauGB",
     .objection = kNone,
     .objection_basis = "§ 4 Abs. 2 Satz 2 BauGB",
     .announcement = AnnouncementRule::kNone,
     .announcement_basis = "",
     .statutory = true,
     .display_kind = PeriodStart::kEvent,
     .working_day_basis = "§ 193 BGB entsprechend; OVG Rheinland-Pfalz, 8 C 12180/99",
     .start_label = "Zugang der Aufforderung",
     .repetition = Repetition::kShortenFirst,
     .repetition_basis = "§ 4a Abs. 3 Satz 3 BauGB"},
    {.id = "vwvfg-73",
     .title = "Planfeststellung: Anhörungsverfahren (§ 73 VwVfG)",
     .period_name = "Auslegung",
     .display = kOneMonth,
     .display_min_days = 0,
     .display_basis = "§ 73 Abs. 3 Satz 1 VwVfG",
     .objection = kTwoWeeks,
     .objection_basis = "§ 73 Abs. 4 Satz 1 VwVfG",
     .announcement = AnnouncementRule::kBeforeStart,
     .announcement_basis = "§ 73 Abs. 5 Satz 1 VwVfG",
     .statutory = true,
     .repetition = Repetition::kTwoWeeksNotice,
     .repetition_basis = "§ 73 Abs. 8 Satz 1 VwVfG"},
    {.id = "vwvfg-73-uvp",
     .title = "Planfeststellung mit Umweltverträglichkeitsprüfung (§ 73 VwVfG, § 21 UVPG)",
     .period_name = "Auslegung",
     .display = kOneMonth,
     .display_min_days = 0,
     .display_basis = "§ 73 Abs. 3 Satz 1 VwVfG",
     .objection = kOneMonth,
     .objection_basis = "§ 21 Abs. 2 UVPG",
     .announcement = AnnouncementRule::kBeforeStart,
     .announcement_basis = "§ 73 Abs. 5 Satz 1 VwVfG",
     .statutory = true,
     .repetition = Repetition::kShortenObjection,
     .repetition_basis = "§ 22 Abs. 1 Satz 2 UVPG"},
    {.id = "free",
     .title = "Freie Beteiligung ohne gesetzliche Frist",
     .period_name = "Beteiligung",
     .display = kNone,
     .display_min_days = 0,
     .display_basis = "",
     .objection = kNone,
     .objection_basis = "",
     .announcement = AnnouncementRule::kNone,
     .announcement_basis = "",
     .statutory = false},
}};

std::string KnownRuleIds() {
  std::string ids;
  for (const auto& rule : kRules) {
    if (!ids.empty()) ids += ", ";
    ids += rule.id;
  }
  return ids;
}

void Append(std::vector<std::string>& lines, const std::vector<std::string>& more) {
  lines.insert(lines.end(), more.begin(), more.end());
}

// The calendar of a municipality given only by its eight-digit AGS, in whichever Land the key belongs to.
Result<HolidayCalendar> CalendarOfMunicipality(std::string_view ags) {
  const std::string_view key = Trim(ags);
  if (key.size() == 8) {
    for (Land land : AllLands()) {
      if (auto calendar = HolidayCalendar::Create(LandCode(land), key)) return calendar;
    }
  }
  return Fail(ErrorKind::kInvalid,
              "Der Gemeindeschlüssel „" + std::string(key) +
                  "“ des Orts der Einreichung ist kein achtstelliger Amtlicher Gemeindeschlüssel.",
              "filing_ags");
}

// A period computed from the request's dates that runs past 2100 is a problem of the display start the person chose.
std::unexpected<Error> AboutDisplayStart(Error error) {
  error.field = "display_start";
  return std::unexpected<Error>(std::move(error));
}

Status CheckInputDates(const DeadlineRequest& request) {
  if (auto ok = CheckSupportedDate(request.display_start, "Beginn der Auslegung", "display_start"); !ok) return ok;
  if (request.display_end) {
    if (auto ok = CheckSupportedDate(*request.display_end, "Ende der Auslegung", "display_end"); !ok) return ok;
    if (*request.display_end < request.display_start) {
      return Fail(ErrorKind::kInvalid,
                  "Das Ende der Auslegung " + FormatGerman(*request.display_end) + " liegt vor ihrem Beginn " +
                      FormatGerman(request.display_start) + ".",
                  "display_end");
    }
  }
  if (request.announcement) {
    if (auto ok = CheckSupportedDate(*request.announcement, "Bekanntmachung", "announcement"); !ok) return ok;
  }
  if (request.last_announcement) {
    if (auto ok = CheckSupportedDate(*request.last_announcement, "letzte Bekanntmachung", "last_announcement"); !ok) {
      return ok;
    }
    if (request.announcement && *request.last_announcement < *request.announcement) {
      return Fail(ErrorKind::kInvalid,
                  "Die letzte Bekanntmachung " + FormatGerman(*request.last_announcement) +
                      " liegt vor der ersten Bekanntmachung " + FormatGerman(*request.announcement) + ".",
                  "last_announcement");
    }
  }
  return Ok{};
}

// Lines (and warnings) on the lead time between announcement and display.
// `latest`: the announcement is made in several ways and this was the last of them (§ 9 Abs. 2 der 9. BImSchV).
void CheckAnnouncement(const ProcedureRule& rule, Date announcement, bool latest, Date display_start,
                       std::vector<std::string>& explanation, std::vector<std::string>& warnings) {
  if (rule.announcement == AnnouncementRule::kNone) return;
  const std::string announced =
      std::string(latest ? "Die letzte Bekanntmachung am " : "Die Bekanntmachung am ") +
      FormatGermanWithWeekday(announcement);
  const std::string start =
      "Beginn der " + std::string(rule.period_name) + " am " + FormatGermanWithWeekday(display_start);
  const std::string basis = std::string(rule.announcement_basis);
  if (announcement >= display_start) {
    warnings.push_back(announced + " liegt nicht vor dem " + start + "; die " + std::string(rule.period_name) +
                       " ist vorher bekannt zu machen (" + basis + ").");
    return;
  }
  if (rule.announcement == AnnouncementRule::kBeforeStart) {
    explanation.push_back(announced + " liegt vor dem " + start + " (" + basis + ").");
    return;
  }
  // The week "between" is counted like an event period: it begins the day after the announcement (§ 187 Abs. 1 BGB)
  // and ends with the same weekday a week later (§ 188 Abs. 2 BGB); the display may begin the day after that.
  const Date week_end = AddDays(announcement, 7);
  const Date earliest = AddDays(week_end, 1);
  if (display_start < earliest) {
    warnings.push_back(announced + " liegt weniger als eine Woche vor dem " + start +
                       ". Zwischen Bekanntmachung und Auslegung soll eine Woche liegen (" + basis +
                       "); sie beginnt am Tag nach der Bekanntmachung (§ 187 Abs. 1 BGB), endet mit Ablauf des " +
                       FormatGermanWithWeekday(week_end) +
                       " (§ 188 Abs. 2 BGB), die Auslegung sollte daher frühestens am " +
                       FormatGermanWithWeekday(earliest) + " beginnen.");
    return;
  }
  explanation.push_back(announced + " lässt bis zum " + start + " eine volle Woche frei (" + basis + ").");
}

// The fields of a repeated participation that the rule allows.
Status CheckRepetition(const ProcedureRule& rule, const DeadlineRequest& request) {
  if (request.repeated && rule.repetition == Repetition::kNone) {
    return Fail(ErrorKind::kInvalid,
                "Eine erneute Beteiligung nach einer Änderung regelt das Gesetz nur für förmliche Verfahren; eine "
                "freie Beteiligung wird einfach neu angelegt.",
                "repeated");
  }
  if (!request.objection_end) return Ok{};
  if (!request.repeated || rule.repetition != Repetition::kShortenObjection) {
    return Fail(ErrorKind::kInvalid,
                "Ein verkürztes Ende der Einwendungsfrist gibt es nur bei der erneuten Beteiligung in einer "
                "Planfeststellung mit Umweltverträglichkeitsprüfung (§ 22 Abs. 1 Satz 2 UVPG).",
                "objection_end");
  }
  return CheckSupportedDate(*request.objection_end, "Ende der Einwendungsfrist", "objection_end");
}

// § 73 Abs. 8 Satz 1 VwVfG: after a change of the displayed plan, those affected by it get two weeks from the notice
// of the change for statements and objections; the period is theirs, so its end moves to a working day.
ProcedureRule PlanChangeRule(const ProcedureRule& rule) {
  ProcedureRule changed = rule;
  changed.period_name = "Frist nach der Planänderung";
  changed.display = kTwoWeeks;
  changed.display_min_days = 0;
  changed.display_basis = rule.repetition_basis;
  changed.objection = kNone;
  changed.objection_basis = rule.repetition_basis;
  changed.announcement = AnnouncementRule::kNone;
  changed.announcement_basis = "";
  changed.display_kind = PeriodStart::kEvent;
  changed.working_day_basis = "§ 31 Abs. 3 Satz 1 VwVfG";
  changed.start_label = "Zugang der Mitteilung der Änderung";
  changed.within_period_note =
      "Stellungnahmen und Einwendungen sind innerhalb dieser zwei Wochen zu erheben; ein Ende an einem Samstag, "
      "Sonntag oder Feiertag verschiebt sich auf den nächsten Werktag.";
  return changed;
}

// The first line of the explanation of a repeated participation.
std::string RepetitionLine(const ProcedureRule& rule) {
  const std::string basis = std::string(rule.repetition_basis);
  switch (rule.repetition) {
    case Repetition::kFullPeriods:
      return "Erneute Bekanntmachung und Auslegung nach Änderung des Vorhabens (" + basis +
             "): Die Fristen gelten in voller Länge; eine Verkürzung sieht das Immissionsschutzrecht nicht vor.";
    case Repetition::kShortenFirst:
      return "Erneute " + std::string(rule.period_name) + " nach Änderung des Entwurfs (§ 4a Abs. 3 BauGB): Ihre Dauer "
             "und die Frist zur Stellungnahme sollen angemessen verkürzt werden (" + basis + ").";
    case Repetition::kTwoWeeksNotice:
      return "Änderung des ausgelegten Plans (" + basis +
             "): Wer durch die Änderung erstmals oder stärker als bisher betroffen ist, erhält die Änderung mitgeteilt "
             "und zwei Wochen Gelegenheit zu Stellungnahmen und Einwendungen. Wirkt sich die Änderung voraussichtlich "
             "auf das Gebiet einer anderen Gemeinde aus, ist der geänderte Plan dort mit den vollen Fristen auszulegen "
             "(§ 73 Abs. 8 Satz 2 VwVfG).";
    case Repetition::kShortenObjection:
      return "Erneute Beteiligung der Öffentlichkeit nach Änderung der Unterlagen (§ 22 Abs. 1 Satz 1 UVPG): Die "
             "Unterlagen werden erneut ausgelegt, die Beteiligung ist auf die Änderungen beschränkt (§ 22 Abs. 1 "
             "Satz 3 UVPG), die Äußerungsfrist kann angemessen verkürzt werden (" + basis + ").";
    case Repetition::kNone:
      break;
  }
  return {};
}

// The warning every shortened period carries: the statute names no floor, appropriateness is judged case by case.
std::string ShortenedWarning(std::string_view what, Date end, std::string_view basis) {
  return "Die " + std::string(what) + " ist verkürzt (bis " + FormatGermanWithWeekday(end) + ", " +
         std::string(basis) +
         "). Die Verkürzung muss angemessen sein: Interessierte müssen sich in der Zeit über die Änderungen "
         "unterrichten und fundiert Stellung nehmen können; maßgeblich sind Umfang und Schwierigkeit der Änderungen "
         "(VGH Baden-Württemberg, Urteil vom 28.11.2012, 3 S 2313/10: zwölf Tage waren dort zu kurz). Das Portal lässt "
         "nicht weniger als zwei Wochen zu; den Grund der Verkürzung bitte festhalten.";
}

// The last day of the first period: the legal minimum (from its first day, § 187 Abs. 2 BGB) or the longer period the
// authority chose. Never moved (§ 31 Abs. 4 VwVfG).
Status ComputeDisplayEnd(const ProcedureRule& rule, const DeadlineRequest& request, const HolidayCalendar& calendar,
                         ProcedureDates& dates) {
  const std::string name = std::string(rule.period_name);
  auto minimum = EndOfPeriod(request.display_start, rule.display, rule.display_kind);
  if (!minimum) return AboutDisplayStart(minimum.error());
  auto& lines = dates.display_end_explanation;
  if (rule.display_kind == PeriodStart::kEvent) {
    lines.push_back(name + ": " + DescribeLength(rule.display) + " ab dem " + std::string(rule.start_label) + " am " +
                    FormatGermanWithWeekday(request.display_start) + " (" + std::string(rule.display_basis) + ").");
  } else {
    lines.push_back(name + " für die Dauer von " + DescribeLength(rule.display) + " (" +
                    std::string(rule.display_basis) + ").");
  }
  Append(lines, minimum->explanation);
  dates.minimum_display_end = minimum->date;

  if (rule.display_min_days > 0) {
    // 30 days from the first day (counted) end on day 30; from an event (not counted) on event + 30.
    const int offset = rule.display_kind == PeriodStart::kEvent ? rule.display_min_days : rule.display_min_days - 1;
    const Date floor_end = AddDays(request.display_start, offset);
    const std::string floor = "Die Mindestdauer von " + std::to_string(rule.display_min_days) + " Tagen (" +
                              std::string(rule.display_basis) + ") endet am " + FormatGermanWithWeekday(floor_end);
    if (floor_end > dates.minimum_display_end) {
      lines.push_back(floor + ", also später; maßgeblich ist dieses Ende.");
      dates.minimum_display_end = floor_end;
    } else {
      lines.push_back(floor + " und damit nicht später; maßgeblich ist der Monat.");
    }
  }

  dates.display_end = dates.minimum_display_end;
  if (request.display_end) {
    const Date given = *request.display_end;
    if (given < dates.minimum_display_end && request.repeated && rule.repetition == Repetition::kShortenFirst) {
      // § 4a Abs. 3 Satz 3 BauGB: shortened, but never below two weeks (the portal's floor, see the header).
      auto floor = EndOfPeriod(request.display_start, kTwoWeeks, rule.display_kind);
      if (!floor) return AboutDisplayStart(floor.error());
      if (given < floor->date) {
        return Fail(ErrorKind::kInvalid,
                    "Auch die verkürzte " + name + " muss mindestens zwei Wochen dauern, bei Beginn am " +
                        FormatGerman(request.display_start) + " also bis einschließlich " +
                        FormatGerman(floor->date) + "; angegeben ist der " + FormatGerman(given) + " (" +
                        std::string(rule.repetition_basis) + ", VGH Baden-Württemberg, 3 S 2313/10).",
                    "display_end");
      }
      dates.display_end = given;
      lines.push_back("Die " + name + " wird angemessen verkürzt (" + std::string(rule.repetition_basis) +
                      "): letzter Tag " + FormatGermanWithWeekday(given) + " statt " +
                      FormatGerman(dates.minimum_display_end) + ".");
      dates.warnings.push_back(ShortenedWarning(name, given, rule.repetition_basis));
    } else if (given < dates.minimum_display_end) {
      return Fail(ErrorKind::kInvalid,
                  "Die " + name + " ist zu kurz: nach " + std::string(rule.display_basis) + " muss sie bei Beginn am " +
                      FormatGerman(request.display_start) + " mindestens bis einschließlich " +
                      FormatGerman(dates.minimum_display_end) + " dauern; angegeben ist der " + FormatGerman(given) +
                      ".",
                  "display_end");
    }
    if (given > dates.minimum_display_end) {
      dates.display_end = given;
      lines.push_back("Die Behörde wählt eine längere " + name + " als vorgeschrieben: letzter Tag " +
                      FormatGermanWithWeekday(given) + " (gesetzliches Mindestende " +
                      FormatGerman(dates.minimum_display_end) + ").");
    }
  }
  if (request.repeated && rule.repetition == Repetition::kShortenFirst &&
      dates.display_end >= dates.minimum_display_end) {
    lines.push_back("Die " + name + " wird nicht verkürzt; die volle Dauer ist stets zulässig.");
  }
  // Where the first period is also the period for statements (BauGB), its end moves (ComputeObjectionEnd).
  if (rule.working_day_basis.empty()) {
    if (auto note = DescribeNoExtension(dates.display_end, calendar, "Der letzte Tag der " + name); !note.empty()) {
      lines.push_back(note);
    }
  }
  return Ok{};
}

// Moves `extension` on until its day is a working day at the authority's seat and at every place of filing.
void ExtendAtEveryPlace(Extension& extension, const HolidayCalendar& calendar,
                        std::span<const HolidayCalendar> filing_places, std::string_view basis) {
  for (bool moved = true; moved;) {
    moved = false;
    for (const auto& place : filing_places) {
      if (place.IsWorkingDay(extension.date)) continue;
      extension.explanation.push_back("Einwendungen können auch in der Gemeinde mit dem Schlüssel " + place.ags() +
                                      " (" + std::string(LandName(place.land())) +
                                      ") erhoben werden; maßgeblich ist der erste Tag, der an allen Orten der "
                                      "Einreichung ein Werktag ist.");
      Extension more = ExtendToWorkingDay(extension.date, place, basis);
      Append(extension.explanation, more.explanation);
      Append(extension.warnings, more.warnings);
      extension.date = more.date;
      moved = true;
    }
    if (!calendar.IsWorkingDay(extension.date)) {
      Extension more = ExtendToWorkingDay(extension.date, calendar, basis);
      Append(extension.explanation, more.explanation);
      extension.date = more.date;
      moved = true;
    }
  }
}

// The last day for objections or statements.
Status ComputeObjectionEnd(const ProcedureRule& rule, const DeadlineRequest& request, const HolidayCalendar& calendar,
                           std::span<const HolidayCalendar> filing_places, ProcedureDates& dates) {
  auto& lines = dates.objection_end_explanation;
  if (rule.objection.count == 0 && !rule.working_day_basis.empty()) {
    // Statements are due within the first period itself; as a period for the public's (or the authorities')
    // declarations its end moves to the next working day, and the publication lasts as long.
    dates.nominal_objection_end = dates.display_end;
    lines.push_back("Stellungnahmen können während der " + std::string(rule.period_name) + " abgegeben werden (" +
                    std::string(rule.objection_basis) +
                    "); eine gesonderte Frist danach gibt es nicht. " + std::string(rule.within_period_note));
    Extension extension = ExtendToWorkingDay(dates.display_end, calendar, rule.working_day_basis);
    ExtendAtEveryPlace(extension, calendar, filing_places, rule.working_day_basis);
    Append(lines, extension.explanation);
    Append(dates.warnings, extension.warnings);
    if (extension.date != dates.display_end) {
      lines.push_back("Die " + std::string(rule.period_name) + " dauert daher bis einschließlich " +
                      FormatGermanWithWeekday(extension.date) + "; bis dahin bleiben die Unterlagen veröffentlicht.");
      dates.display_end = extension.date;
    }
    dates.objection_end = extension.date;
    return Ok{};
  }
  if (rule.objection.count == 0) {
    // Statements are due within the first period itself; nothing follows it and nothing moves.
    dates.nominal_objection_end = dates.display_end;
    dates.objection_end = dates.display_end;
    lines.push_back("Stellungnahmen können nur während der " + std::string(rule.period_name) + " abgegeben werden (" +
                    std::string(rule.objection_basis) +
                    "); eine gesonderte Einwendungsfrist danach gibt es nicht. Letzter Tag: " +
                    FormatGermanWithWeekday(dates.objection_end) + ".");
    if (!calendar.IsWorkingDay(dates.objection_end)) {
      Date next = AddDays(dates.objection_end, 1);
      while (!calendar.IsWorkingDay(next)) next = AddDays(next, 1);
      dates.warnings.push_back("Die Frist für Stellungnahmen endet am " + FormatGermanWithWeekday(dates.objection_end) +
                               ", keinem Werktag; sie ist zugleich die Frist der Behörde (" +
                               std::string(rule.period_name) +
                               ") und wird hier nicht verschoben. Empfohlen: bis einschließlich " +
                               FormatGermanWithWeekday(next) + " verlängern.");
    }
    return Ok{};
  }
  // An event period from the end of the display (§ 187 Abs. 1 BGB), then moved to a working day. EndOfPeriod rejects
  // nominal ends after 2100, and the move never crosses into 2101: 31.12.2100 is a Friday.
  auto nominal = EndOfPeriod(dates.display_end, rule.objection, PeriodStart::kEvent);
  if (!nominal) return AboutDisplayStart(nominal.error());
  lines.push_back("Einwendungsfrist von " + DescribeLength(rule.objection) + " nach Ablauf der Auslegungsfrist (" +
                  std::string(rule.objection_basis) + "); das Ereignis ist das Ende der Auslegung mit Ablauf des " +
                  FormatGerman(dates.display_end) + ".");
  Append(lines, nominal->explanation);
  dates.nominal_objection_end = nominal->date;
  if (request.objection_end) {
    // § 22 Abs. 1 Satz 2 UVPG: shortened, but never below two weeks after the display (CheckRepetition let it in).
    const Date given = *request.objection_end;
    auto floor = EndOfPeriod(dates.display_end, kTwoWeeks, PeriodStart::kEvent);
    if (!floor) return AboutDisplayStart(floor.error());
    if (given >= nominal->date) {
      return Fail(ErrorKind::kInvalid,
                  "Das angegebene Ende der Einwendungsfrist " + FormatGerman(given) +
                      " verkürzt die Frist nicht (volle Frist bis " + FormatGerman(nominal->date) +
                      "); ohne Verkürzung bitte das Feld leer lassen.",
                  "objection_end");
    }
    if (given < floor->date) {
      return Fail(ErrorKind::kInvalid,
                  "Auch die verkürzte Einwendungsfrist muss mindestens zwei Wochen nach dem Ende der Auslegung am " +
                      FormatGerman(dates.display_end) + " dauern, also bis einschließlich " +
                      FormatGerman(floor->date) + "; angegeben ist der " + FormatGerman(given) + ".",
                  "objection_end");
    }
    lines.push_back("Die Einwendungsfrist wird angemessen verkürzt (" + std::string(rule.repetition_basis) +
                    "): letzter Tag " + FormatGermanWithWeekday(given) + " statt " + FormatGerman(nominal->date) +
                    ".");
    dates.warnings.push_back(ShortenedWarning("Einwendungsfrist", given, rule.repetition_basis));
    dates.nominal_objection_end = given;
  }
  Extension extension = ExtendToWorkingDay(dates.nominal_objection_end, calendar);
  ExtendAtEveryPlace(extension, calendar, filing_places, {});
  dates.objection_end = extension.date;
  Append(lines, extension.explanation);
  Append(dates.warnings, extension.warnings);
  return Ok{};
}

// "free": the given end or length, counted like a period from the start of its first day; nothing moves.
Status ComputeFree(const DeadlineRequest& request, const HolidayCalendar& calendar, ProcedureDates& dates) {
  if (request.display_end && request.length) {
    return Fail(ErrorKind::kInvalid,
                "Für eine freie Beteiligung bitte entweder das Ende oder die Dauer angeben, nicht beides.", "length");
  }
  if (!request.display_end && !request.length) {
    return Fail(ErrorKind::kInvalid, "Für eine freie Beteiligung bitte das Ende oder die Dauer angeben.", "length");
  }
  auto& lines = dates.display_end_explanation;
  if (request.display_end) {
    dates.display_end = *request.display_end;
    lines.push_back("Freie Beteiligung ohne gesetzliche Frist: Zeitraum vom " +
                    FormatGermanWithWeekday(request.display_start) + " bis zum " +
                    FormatGermanWithWeekday(dates.display_end) + ", wie angegeben.");
  } else {
    auto end = EndOfPeriod(request.display_start, *request.length, PeriodStart::kStartOfDay);
    if (!end) return std::unexpected(end.error());
    dates.display_end = end->date;
    lines.push_back(
        "Freie Beteiligung ohne gesetzliche Frist; die Dauer wird wie eine Frist gezählt, die mit dem Beginn des "
        "ersten "
        "Tages anfängt.");
    Append(lines, end->explanation);
  }
  dates.minimum_display_end = dates.display_end;
  dates.nominal_objection_end = dates.display_end;
  dates.objection_end = dates.display_end;
  dates.objection_end_explanation.push_back(
      "Beiträge sind bis zum Ende des Zeitraums möglich: " + FormatGermanWithWeekday(dates.display_end) +
      ". Ohne gesetzliche Frist wird nichts nach § 193 BGB verschoben.");
  if (!calendar.IsWorkingDay(dates.display_end)) {
    dates.warnings.push_back("Der letzte Tag " + FormatGermanWithWeekday(dates.display_end) + " ist kein Werktag in " +
                             std::string(LandName(calendar.land())) + ".");
  }
  return Ok{};
}

}  // namespace

std::span<const ProcedureRule> ProcedureRules() {
  return kRules;
}

const ProcedureRule* FindProcedureRule(std::string_view id) {
  const std::string wanted = AsciiLower(Trim(id));
  for (const auto& rule : kRules) {
    if (rule.id == wanted) return &rule;
  }
  return nullptr;
}

Result<ProcedureDates> ComputeDeadlines(const DeadlineRequest& request) {
  const ProcedureRule* rule = FindProcedureRule(request.rule);
  if (rule == nullptr) {
    return Fail(ErrorKind::kInvalid,
                "Unbekannte Verfahrensart „" + request.rule + "“. Bekannt sind: " + KnownRuleIds() + ".", "rule");
  }
  auto calendar = HolidayCalendar::Create(request.land, request.ags, request.extra_local_holidays);
  if (!calendar) return std::unexpected(calendar.error());
  std::vector<HolidayCalendar> filing_places;
  for (const auto& ags : request.filing_ags) {
    auto place = CalendarOfMunicipality(ags);
    if (!place) return std::unexpected(place.error());
    if (place->ags() != calendar->ags()) filing_places.push_back(std::move(*place));
  }
  if (auto ok = CheckInputDates(request); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckRepetition(*rule, request); !ok) return std::unexpected(ok.error());

  ProcedureDates dates;
  dates.rule = std::string(rule->id);
  dates.rule_title = std::string(rule->title);
  dates.land = std::string(LandCode(calendar->land()));
  dates.land_name = std::string(LandName(calendar->land()));
  dates.display_start = request.display_start;
  dates.warnings = calendar->notes();

  if (!rule->statutory) {
    if (auto ok = ComputeFree(request, *calendar, dates); !ok) return std::unexpected(ok.error());
  } else {
    if (request.length) {
      return Fail(ErrorKind::kInvalid,
                  "Eine Dauer kann nur bei der freien Beteiligung angegeben werden; die Dauer ergibt sich hier aus " +
                      std::string(rule->display_basis) + ".",
                  "length");
    }
    const ProcedureRule effective =
        request.repeated && rule->repetition == Repetition::kTwoWeeksNotice ? PlanChangeRule(*rule) : *rule;
    if (request.repeated) dates.display_end_explanation.push_back(RepetitionLine(*rule));
    if (auto ok = ComputeDisplayEnd(effective, request, *calendar, dates); !ok) return std::unexpected(ok.error());
    if (auto ok = ComputeObjectionEnd(effective, request, *calendar, filing_places, dates); !ok) {
      return std::unexpected(ok.error());
    }
    if (request.last_announcement) {
      CheckAnnouncement(effective, *request.last_announcement, true, request.display_start, dates.explanation,
                        dates.warnings);
    } else if (request.announcement) {
      CheckAnnouncement(effective, *request.announcement, false, request.display_start, dates.explanation,
                        dates.warnings);
    }
  }
  Append(dates.explanation, dates.display_end_explanation);
  Append(dates.explanation, dates.objection_end_explanation);
  return dates;
}

}  // namespace mw::law
