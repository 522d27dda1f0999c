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
     .statutory = true},
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
     .statutory = true},
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
     .statutory = true},
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
     .start_label = "erster Tag der Veröffentlichung"},
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
     .start_label = "Zugang der Aufforderung"},
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
     .statutory = true},
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
     .statutory = true},
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
    if (given < dates.minimum_display_end) {
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
Status ComputeObjectionEnd(const ProcedureRule& rule, const HolidayCalendar& calendar,
                           std::span<const HolidayCalendar> filing_places, ProcedureDates& dates) {
  auto& lines = dates.objection_end_explanation;
  if (rule.objection.count == 0 && !rule.working_day_basis.empty()) {
    // Statements are due within the first period itself; as a period for the public's (or the authorities')
    // declarations its end moves to the next working day, and the publication lasts as long.
    dates.nominal_objection_end = dates.display_end;
    lines.push_back("Stellungnahmen können während der " + std::string(rule.period_name) + " abgegeben werden (" +
                    std::string(rule.objection_basis) +
                    "); eine gesonderte Frist danach gibt es nicht. Das Verwaltungsverfahrensgesetz gilt für die "
                    "Bauleitplanung nicht; §§ 187 bis 193 BGB gelten entsprechend.");
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
  Extension extension = ExtendToWorkingDay(nominal->date, calendar);
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
    if (auto ok = ComputeDisplayEnd(*rule, request, *calendar, dates); !ok) return std::unexpected(ok.error());
    if (auto ok = ComputeObjectionEnd(*rule, *calendar, filing_places, dates); !ok) {
      return std::unexpected(ok.error());
    }
    if (request.last_announcement) {
      CheckAnnouncement(*rule, *request.last_announcement, true, request.display_start, dates.explanation,
                        dates.warnings);
    } else if (request.announcement) {
      CheckAnnouncement(*rule, *request.announcement, false, request.display_start, dates.explanation,
                        dates.warnings);
    }
  }
  Append(dates.explanation, dates.display_end_explanation);
  Append(dates.explanation, dates.objection_end_explanation);
  return dates;
}

}  // namespace mw::law
