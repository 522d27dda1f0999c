// Deadlines of the participation procedures: from the first day of the public display (Auslegung/Veröffentlichung) to
// the last day of the display and the last day for objections (Einwendungen) or statements (Stellungnahmen), each with
// the rules that produced it. Each procedure is a row of data (ProcedureRule) read against its statute; the counting is
// in periods.hpp.
//
//   mw::law::DeadlineRequest request{.rule = "bimschg", .land = "SN", .display_start = {2025, 10, 6}};
//   auto dates = mw::law::ComputeDeadlines(request);
//   dates->display_end;      // {2025, 11, 5}   one month, first day counted (§ 187 Abs. 2, § 188 Abs. 2 BGB)
//   dates->objection_end;    // {2025, 11, 20}  two weeks after the display = 19.11., Buß- und Bettag in Sachsen
//   dates->explanation;      // German sentences, in order
//
// Which periods move to the next working day and which do not:
//   - the display (BImSchG, § 73 VwVfG) is a period within which the authority itself must provide something: its last
//     day stays even on a Saturday, Sunday or holiday (§ 31 Abs. 4 VwVfG);
//   - the objection period after the display is the public's period for a declaration: its end moves to the next
//     working day (§ 193 BGB, § 31 Abs. 3 VwVfG) at the authority's seat (the calendar of `land`, narrowed by `ags` and
//     `extra_local_holidays`) and at every other place where objections may be filed (`filing_ags`, e.g. the
//     Gemeinde where a plan is displayed, § 73 Abs. 4 Satz 1 VwVfG): the end is the first day that is a working day at
//     all of them;
//   - Bauleitplanung (§ 3 Abs. 2, § 4 Abs. 2 BauGB) has no period after the display: statements are due within the
//     publication period itself. The VwVfG does not apply to the making of a plan, so there is no § 31 Abs. 4; §§ 187
//     ff. BGB apply by analogy, and an end on a Saturday, Sunday or holiday moves to the next working day (§ 193 BGB
//     entsprechend; OVG Rheinland-Pfalz, 8 C 12180/99). The publication then lasts until that day too, so that the
//     documents are online for the whole period in which statements are in time;
//   - "free" (informal formats without a statutory period): the given end or length, nothing moves.
// An authority may display longer than the minimum: `display_end` then sets the last day of display and the objection
// period follows from it. A display_end before the legal minimum is an error, except in a repeated participation
// where the law allows the period to be shortened (Repetition below).
//
// A repeated participation after the plan, draft or application was changed (`repeated`), per rule:
//   - BauGB (§ 4a Abs. 3 Satz 3): the publication and the period for statements "soll angemessen verkürzt werden";
//     a display_end before the month is accepted down to two weeks. The statute names no floor (the draft's "bis auf
//     zwei Wochen" was dropped); the courts judge each case (VGH Baden-Württemberg, 28.11.2012, 3 S 2313/10: twelve
//     days were too short there). Two weeks is the portal's floor, and every shortening carries a warning;
//   - Planfeststellung (§ 73 Abs. 8 Satz 1 VwVfG): statements and objections within two weeks of the notice of the
//     change; display_start is the day of that notice (an event, not counted), and the end moves to a working day;
//   - Planfeststellung with UVP (§ 22 Abs. 1 UVPG): the documents are displayed again; the period for comments
//     after the display "kann angemessen verkürzt werden": `objection_end` accepted down to two weeks after it;
//   - BImSchG (§ 8 Abs. 1 Satz 2, Abs. 2 der 9. BImSchV): an additional announcement and display with the full
//     periods; nothing is shortened.
//
// Counting choices, each explained in the output:
//   - display_start is the first day of the display; it counts (§ 187 Abs. 2 BGB), so one month from 6.10. ends with
//     5.11.; BauGB takes the later of that and 30 days;
//   - baugb-4-2: the month runs from the receipt (Zugang) of the request to the authorities; display_start is the day
//     of receipt, an event that is not counted (§ 187 Abs. 1 BGB): received 6.10. → one month ends 6.11., 30 days
//     end 5.11.;
//   - "bis zwei Wochen nach Ablauf der Auslegungsfrist" is an event period from the last day of display
//     (§ 187 Abs. 1 BGB): display until Wednesday 5.11. → objections until Wednesday 19.11.;
//   - "zwischen Bekanntmachung und Auslegung soll eine Woche liegen" (§ 9 Abs. 2 der 9. BImSchV) is read strictly and,
//     since the 2024 change, from the latest of the announcements (gazette, website, newspapers: `last_announcement`):
//     the week begins the day after it and must have passed in full, so after an announcement on a Monday the display
//     may begin on the Tuesday of the following week. "Vorher" (§ 73 Abs. 5 VwVfG, § 3 Abs. 2 BauGB) only asks for an
//     earlier day.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "law/date.hpp"
#include "law/periods.hpp"
#include "platform/core/result.hpp"

namespace mw::law {

// How the announcement (Bekanntmachung) must precede the display; a breach is a warning, not an error.
enum class AnnouncementRule {
  kNone,
  kBeforeStart,     // "vorher" / "vor Beginn": announced on a day before the first day of display
  kOneWeekBetween,  // "zwischen ... soll eine Woche liegen": the week after the announcement day has passed in full
};

// What a repeated participation after a change may shorten (see above).
enum class Repetition {
  kNone,              // no statutory repetition (the free rule)
  kFullPeriods,       // § 8 Abs. 2 der 9. BImSchV: announced and displayed again with the full periods
  kShortenFirst,      // § 4a Abs. 3 Satz 3 BauGB: the first period (the period for statements) down to two weeks
  kTwoWeeksNotice,    // § 73 Abs. 8 Satz 1 VwVfG: two weeks from the notice of the change
  kShortenObjection,  // § 22 Abs. 1 Satz 2 UVPG: the period after the display down to two weeks
};

// One procedure as data. Lengths with count 0 mean "none".
struct ProcedureRule {
  std::string_view id;           // "bimschg"
  std::string_view title;        // German, for people
  std::string_view period_name;  // what the first period is called: "Auslegung", "Veröffentlichung"
  Length display;                // minimum display, counted from its first day
  int display_min_days;          // "mindestens jedoch 30 Tage" (0: no such floor)
  std::string_view display_basis;
  Length objection;  // period after the display ends (count 0: statements only during the display)
  std::string_view objection_basis;
  AnnouncementRule announcement;
  std::string_view announcement_basis;
  bool statutory;  // false for "free": no statute, no minimum, nothing moves
  // How the first period is counted: from the start of its first day (a display), or from an event that is not counted
  // (baugb-4-2: the receipt of the request).
  PeriodStart display_kind = PeriodStart::kStartOfDay;
  // Non-empty where statements are due within the first period and its end moves to a working day (BauGB): the
  // rules cited for the move.
  std::string_view working_day_basis = {};
  // What display_start means for people: "erster Tag der Auslegung", "Zugang der Aufforderung".
  std::string_view start_label = "erster Tag der Auslegung";
  // Where statements are due within the first period (working_day_basis set): why its end moves.
  std::string_view within_period_note =
      "Das Verwaltungsverfahrensgesetz gilt für die Bauleitplanung nicht; §§ 187 bis 193 BGB gelten entsprechend.";
  Repetition repetition = Repetition::kNone;
  std::string_view repetition_basis = {};
};

// All known procedures: bimschg, bimschg-ied, bimschg-uvp, baugb-3-2, baugb-4-2, vwvfg-73, vwvfg-73-uvp, free.
std::span<const ProcedureRule> ProcedureRules();
// nullptr for an unknown id.
const ProcedureRule* FindProcedureRule(std::string_view id);

struct DeadlineRequest {
  std::string rule;                  // an id from ProcedureRules()
  std::string land;                  // "SN": the Land of the authority's seat
  Date display_start;                // first day of display
  std::optional<Date> display_end;   // last day of display, if the authority displays longer than the minimum
  std::optional<Date> announcement;  // day of the (first) announcement
  // Day of the latest announcement where it is made in several ways (official gazette, website, newspapers); the lead
  // time of § 9 Abs. 2 der 9. BImSchV counts from it. Not before `announcement`.
  std::optional<Date> last_announcement;
  std::string ags;                   // optional AGS of the authority's seat (local holidays)
  std::vector<std::string> extra_local_holidays;  // see HolidayCalendar::Create
  // AGS of further municipalities where objections may be filed (§ 73 Abs. 4 Satz 1 VwVfG: "bei der Gemeinde"); the
  // objection period ends on a working day at all of them. Any Land.
  std::vector<std::string> filing_ags;
  std::optional<Length> length;                   // "free" only: length of the period instead of display_end
  // A repeated participation after the plan, draft or application was changed (see Repetition).
  bool repeated = false;
  // Repeated participation under § 22 UVPG only: the shortened last day of the period after the display, before §
  // 193 BGB (ComputeDeadlines moves it to a working day like the full period).
  std::optional<Date> objection_end;
};

struct ProcedureDates {
  std::string rule;
  std::string rule_title;
  std::string land;       // "SN"
  std::string land_name;  // "Sachsen"
  Date display_start;
  Date minimum_display_end;    // last day of the legal minimum display (equals display_end for "free")
  Date display_end;            // last day of display
  Date nominal_objection_end;  // §§ 187, 188 BGB, before § 193 BGB
  Date objection_end;          // last day on which objections or statements are in time
  std::vector<std::string> display_end_explanation;
  std::vector<std::string> objection_end_explanation;
  std::vector<std::string> warnings;
  // Everything in order: the announcement check (if an announcement was given), display_end_explanation,
  // objection_end_explanation.
  std::vector<std::string> explanation;
};

// One use case: the dates of a procedure. Errors (kInvalid, German message, `field` set): unknown rule or Land, bad
// AGS or local holiday, impossible dates, years outside 1995–2100, a display_end before the start or before the legal
// minimum (or, shortened in a repeated participation, before two weeks), a missing or doubled length/end for "free", a
// length for a statutory rule, `repeated` for a rule without repetition, an `objection_end` outside § 22 UVPG's
// shortening or not shorter than the full period.
Result<ProcedureDates> ComputeDeadlines(const DeadlineRequest& request);

}  // namespace mw::law
