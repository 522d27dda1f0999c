// The announcement text per procedure type and Berlin wall-clock times. The sentences follow what the statutes
// require the announcement to say; the section on each type names its sources.
#include "formats/procedures/announcement.hpp"

#include <charconv>
#include <cstdio>

#include "law/date.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {

std::string WrittenTo(const tenancy::Tenant& tenant) {
  std::string joined;
  std::string_view rest = tenant.address;
  while (!rest.empty()) {
    auto end = rest.find('\n');
    std::string_view line = Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty()) continue;
    if (!joined.empty()) joined += ", ";
    joined += line;
  }
  return joined.empty() ? tenant.name : tenant.name + " (" + joined + ")";
}

namespace {

constexpr law::Date kEpoch{1970, 1, 1};

law::Date LastSunday(int year, int month) {
  law::Date day = law::LastDayOfMonth(year, month);
  while (law::WeekdayOf(day) != law::Weekday::kSunday) day = law::AddDays(day, -1);
  return day;
}

// Central European Summer Time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
bool IsSummer(db::UnixSeconds at) {
  law::Date utc_day = law::AddDays(kEpoch, static_cast<int>((at >= 0 ? at : at - 86399) / 86400));
  db::UnixSeconds start = law::DaysBetween(kEpoch, LastSunday(utc_day.year, 3)) * 86400LL + 3600;
  db::UnixSeconds end = law::DaysBetween(kEpoch, LastSunday(utc_day.year, 10)) * 86400LL + 3600;
  return at >= start && at < end;
}

struct LocalTime {
  law::Date date;
  int hour = 0;
  int minute = 0;
};

LocalTime ToBerlin(db::UnixSeconds at) {
  db::UnixSeconds local = at + (IsSummer(at) ? 7200 : 3600);
  db::UnixSeconds days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  db::UnixSeconds seconds = local - days * 86400;
  return {law::AddDays(kEpoch, static_cast<int>(days)), static_cast<int>(seconds / 3600),
          static_cast<int>(seconds % 3600 / 60)};
}

std::string TwoDigits(int value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d", value);
  return buffer;
}

std::string Day(law::Date date) {
  return law::FormatGermanWithWeekday(date);
}

std::string Trimmed(std::string_view text) {
  return std::string(Trim(text));
}

// "Stadt Grimma (Markt 16/17, 04668 Grimma)" — where written submissions go; the address's lines joined by ", ".
void Paragraph(std::string& out, const std::string& text) {
  if (!out.empty()) out += "\n\n";
  out += text;
}

void Heading(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view kind) {
  out = "Öffentliche Bekanntmachung\n" + tenant.name;
  Paragraph(out, procedure.title);
  Paragraph(out, std::string(kind));
}

// A repeated participation whose period ends before the full one (§ 4a Abs. 3 Satz 3 BauGB, § 22 Abs. 1 Satz 2 UVPG):
// the same procedure's dates without the authority's shorter ends, compared.
bool Shortened(const Procedure& procedure, const tenancy::Tenant& tenant) {
  if (!procedure.legal.repeated) return false;
  auto dates = PlanDates(StatutoryInputOf(procedure), tenant.land, tenant.ags, procedure.display_start);
  return dates && procedure.objection_end < dates->objection_end;
}

// "Die Änderung betrifft: …" / "" when no scope was given.
std::string ScopeSentence(const Procedure& procedure, std::string_view lead, std::string_view basis) {
  const std::string scope = Trimmed(procedure.legal.repeated_scope);
  if (scope.empty()) return {};
  return " " + std::string(lead) + scope + " (" + std::string(basis) + ").";
}

void Description(std::string& out, const Procedure& procedure) {
  if (!Trim(procedure.description).empty()) Paragraph(out, Trimmed(procedure.description));
}

// "Flächennutzungsplans"/"Bebauungsplans"/"Bauleitplans" (genitive) for the plan type.
std::string PlanGenitive(const Procedure& procedure) {
  if (procedure.legal.plan_type == kPlanFnp) return "Flächennutzungsplans";
  if (procedure.legal.plan_type == kPlanBplan) return "Bebauungsplans";
  return "Bauleitplans";
}

// Where the documents are published and where else they can be seen; `basis` cites the rules.
void Display(std::string& out, const Procedure& procedure, std::string_view url, std::string_view what,
             std::string_view basis = {}) {
  std::string text = std::string(what) + " werden vom " + Day(procedure.display_start) + " bis einschließlich " +
                     Day(procedure.display_end) + " im Internet veröffentlicht";
  if (!basis.empty()) text += " (" + std::string(basis) + ")";
  text += ":\n" + std::string(url);
  if (!Trimmed(procedure.documents_location).empty()) {
    text +=
        "\nZusätzlich können sie in diesem Zeitraum eingesehen werden bei: " + Trimmed(procedure.documents_location);
  }
  Paragraph(out, text);
}

// How and until when to submit ("{lead} vom … bis einschließlich … {verb}:"): online on the procedure's page, or in
// writing to the authority.
void HowToSubmit(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url,
                 std::string_view lead, std::string_view verb) {
  Paragraph(out, std::string(lead) + " vom " + Day(procedure.display_start) + " bis einschließlich " +
                     Day(procedure.objection_end) + " " + std::string(verb) +
                     ":\n- online über das Beteiligungsportal unter " + std::string(url) + ",\n- schriftlich bei " +
                     WrittenTo(tenant) + ".");
}

std::string HearingLine(const Procedure& procedure) {
  std::string text = "Erörterungstermin: " + FormatBerlinDateTime(*procedure.hearing_at);
  if (!Trimmed(procedure.hearing_place).empty()) text += ", " + Trimmed(procedure.hearing_place);
  return text;
}

// "- label: value" lines of the given details that are not empty.
void Facts(std::string& out, const std::vector<std::pair<std::string, std::string>>& facts, std::string_view basis) {
  std::string text;
  for (const auto& [label, value] : facts) {
    if (Trimmed(value).empty()) continue;
    if (!text.empty()) text += "\n";
    text += "- " + label + ": " + Trimmed(value);
  }
  if (text.empty()) return;
  Paragraph(out, "Angaben zum Vorhaben (" + std::string(basis) + "):\n" + text);
}

void BimschgText(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url) {
  Heading(out, procedure, tenant,
          "Genehmigungsverfahren nach § 10 des Bundes-Immissionsschutzgesetzes (BImSchG) mit Beteiligung der "
          "Öffentlichkeit nach der Neunten Verordnung zur Durchführung des BImSchG (9. BImSchV)");
  std::string applicant = Trimmed(procedure.applicant).empty() ? std::string("Die Antragstellerin")
                                                               : "Die Antragstellerin " + Trimmed(procedure.applicant);
  Paragraph(out, applicant + " hat bei " + tenant.name +
                     " die Genehmigung für folgendes Vorhaben beantragt: " + procedure.title +
                     " (§ 10 Abs. 3 Satz 1 BImSchG).");
  Description(out, procedure);
  Facts(out,
        {{"Antragstellerin", procedure.applicant},
         {"Standort der Anlage", procedure.legal.site},
         {"Art und Umfang der Anlage", procedure.legal.installation},
         {"Voraussichtlicher Zeitpunkt der Inbetriebnahme", procedure.legal.operation_start}},
        "§ 9 Abs. 1 der 9. BImSchV");
  std::string rules = "Zuständige Genehmigungsbehörde ist " + tenant.name +
                      ". Sie entscheidet über den Antrag durch Erteilung oder Ablehnung der Genehmigung. Für das "
                      "Verfahren gelten § 10 BImSchG und die 9. BImSchV";
  if (procedure.uvp) rules += " sowie das Gesetz über die Umweltverträglichkeitsprüfung (UVPG)";
  Paragraph(out, rules + " (§ 9 Abs. 1 der 9. BImSchV).");
  if (procedure.ied) {
    Paragraph(out,
              "Die Anlage ist eine Anlage nach der Industrieemissions-Richtlinie (Richtlinie 2010/75/EU); die "
              "Einwendungsfrist beträgt deshalb einen Monat (§ 10 Abs. 3 Satz 8 BImSchG).");
  }
  if (procedure.uvp) {
    Paragraph(out,
              "Für das Vorhaben besteht die Pflicht zur Durchführung einer Umweltverträglichkeitsprüfung. Der "
              "UVP-Bericht ist Teil der veröffentlichten Unterlagen (§ 9 Abs. 1 der 9. BImSchV, § 19 Abs. 1 UVPG). "
              "Die Einwendungsfrist beträgt einen Monat (§ 12 Abs. 1 der 9. BImSchV).");
  }
  if (!Trimmed(procedure.legal.reports).empty()) {
    Paragraph(out,
              "Der Genehmigungsbehörde liegen folgende entscheidungserhebliche Berichte und Empfehlungen vor; sie "
              "werden mit den Unterlagen veröffentlicht (§ 10 Abs. 3 Satz 2 BImSchG, § 9 Abs. 1 der 9. BImSchV):\n" +
                  Trimmed(procedure.legal.reports));
  }
  if (procedure.legal.cross_border) {
    Paragraph(out,
              "Das Vorhaben kann erhebliche Auswirkungen in einem anderen Staat haben. Die Behörden und die "
              "Öffentlichkeit des betroffenen Staates werden beteiligt (§ 11a der 9. BImSchV).");
  }
  if (procedure.legal.repeated) {
    Paragraph(out, "Das Vorhaben wurde nach der ersten Bekanntmachung geändert. Es wird deshalb zusätzlich bekannt "
                   "gemacht, und die Unterlagen werden erneut mit den vollen Fristen veröffentlicht (§ 8 Abs. 1 Satz 2 "
                   "und Abs. 2 der 9. BImSchV)." +
                       ScopeSentence(procedure, "Die Änderung betrifft: ", "§ 8 Abs. 2 der 9. BImSchV"));
  }
  Paragraph(out, "1. Veröffentlichung der Unterlagen");
  Display(out, procedure, url, "Der Antrag und die Antragsunterlagen", "§ 10 Abs. 3 Satz 2, Abs. 4 Nr. 1 BImSchG");
  Paragraph(out, "2. Einwendungen");
  HowToSubmit(out, procedure, tenant, url,
              "Einwendungen gegen das Vorhaben können schriftlich oder elektronisch bei der Genehmigungsbehörde",
              "erhoben werden (§ 10 Abs. 3 Satz 8, Abs. 4 Nr. 2 BImSchG)");
  Paragraph(out,
            "Einwendungen müssen Namen und Anschrift der Person erkennen lassen, die sie erhebt. Mit Ablauf der "
            "Einwendungsfrist sind für das Genehmigungsverfahren alle Einwendungen ausgeschlossen, die nicht auf "
            "besonderen privatrechtlichen Titeln beruhen (§ 10 Abs. 3 Satz 9 BImSchG).");
  Paragraph(out, "3. Erörterungstermin");
  if (procedure.hearing_at) Paragraph(out, HearingLine(procedure) + " (§ 10 Abs. 4 Nr. 3 BImSchG).");
  Paragraph(out,
            "Der Erörterungstermin wird auf Grund einer Ermessensentscheidung der Genehmigungsbehörde durchgeführt "
            "(§ 10 Abs. 6 BImSchG). Findet er statt, werden die formgerecht erhobenen Einwendungen auch bei "
            "Ausbleiben der Antragstellerin oder von Personen, die Einwendungen erhoben haben, erörtert (§ 10 Abs. 4 "
            "Nr. 3 BImSchG). Er entfällt, wenn keine rechtzeitigen Einwendungen erhoben worden sind (§ 16 Abs. 1 der "
            "9. BImSchV).");
  Paragraph(out, "4. Zustellung durch öffentliche Bekanntmachung");
  Paragraph(out,
            "Die Zustellung der Entscheidung über die Einwendungen kann durch öffentliche Bekanntmachung ersetzt "
            "werden (§ 10 Abs. 4 Nr. 4 BImSchG).");
  Paragraph(out, "5. Weitergabe der Einwendungen");
  Paragraph(out,
            "Die Einwendungen werden der Antragstellerin und den beteiligten Behörden bekannt gegeben. Auf "
            "Verlangen der Person, die eine Einwendung erhebt, werden ihr Name und ihre Anschrift vorher "
            "unkenntlich gemacht, soweit diese Angaben zur Durchführung des Verfahrens nicht erforderlich sind "
            "(§ 12 Abs. 2 der 9. BImSchV).");
}

void PlanfeststellungText(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant,
                          std::string_view url) {
  Heading(out, procedure, tenant, "Planfeststellungsverfahren nach § 73 des Verwaltungsverfahrensgesetzes (VwVfG)");
  std::string applicant = Trimmed(procedure.applicant).empty() ? std::string("Die Vorhabenträgerin")
                                                               : "Die Vorhabenträgerin " + Trimmed(procedure.applicant);
  Paragraph(out, applicant + " hat für folgendes Vorhaben die Feststellung des Plans beantragt: " + procedure.title +
                     ". Anhörungsbehörde ist " + tenant.name + " (§ 73 Abs. 1 VwVfG).");
  Description(out, procedure);
  const bool plan_change = procedure.legal.repeated && !procedure.uvp;  // § 73 Abs. 8 Satz 1 VwVfG
  if (procedure.uvp) {
    const bool shortened = Shortened(procedure, tenant);
    Paragraph(out,
              "Für das Vorhaben besteht die Pflicht zur Durchführung einer Umweltverträglichkeitsprüfung. Der "
              "UVP-Bericht ist Teil der veröffentlichten Unterlagen (§ 19 Abs. 1 UVPG). " +
                  std::string(shortened ? "Die Frist für Einwendungen nach Ablauf der Auslegungsfrist ist angemessen "
                                          "verkürzt (§ 22 Abs. 1 Satz 2 UVPG) und endet mit Ablauf des " +
                                              Day(procedure.objection_end) + "."
                                        : "Einwendungen können bis einen Monat nach Ablauf der Auslegungsfrist "
                                          "erhoben werden (§ 21 Abs. 2 UVPG)."));
    if (procedure.legal.repeated) {
      Paragraph(out, "Die Unterlagen wurden im Laufe des Verfahrens geändert; die Öffentlichkeit wird deshalb erneut "
                     "beteiligt (§ 22 Abs. 1 Satz 1 UVPG). Die Beteiligung ist auf die Änderungen beschränkt (§ 22 "
                     "Abs. 1 Satz 3 UVPG)." +
                         ScopeSentence(procedure, "Geändert wurden: ", "§ 22 Abs. 1 Satz 4 UVPG"));
    }
  }
  if (plan_change) {
    Paragraph(out, "Der ausgelegte Plan soll geändert werden." +
                       ScopeSentence(procedure, "Die Änderung betrifft: ", "§ 73 Abs. 8 Satz 1 VwVfG") +
                       " Wer durch die Änderung erstmals oder stärker als bisher in seinen Belangen berührt wird, "
                       "erhält Gelegenheit zu Stellungnahmen und Einwendungen innerhalb von zwei Wochen (§ 73 Abs. 8 "
                       "Satz 1 VwVfG).");
  }
  Paragraph(out, plan_change ? "1. Unterlagen zur Änderung des Plans" : "1. Auslegung des Plans");
  Display(out, procedure, url, "Die Planunterlagen (Zeichnungen und Erläuterungen)",
          "§ 73 Abs. 3 Satz 1, Abs. 5 Satz 2 Nr. 1, § 27b VwVfG");
  Paragraph(out, "2. Einwendungen");
  std::string where = WrittenTo(tenant) + " (Anhörungsbehörde)";
  if (!Trimmed(procedure.legal.filing_municipality).empty()) {
    where += " oder bei der Gemeinde " + Trimmed(procedure.legal.filing_municipality);
  }
  // #12 item 9: the portal is a channel only where a provision allows objections through it (§ 73 Abs. 4 Satz 1
  // VwVfG asks for writing or the record).
  const std::string online = Trimmed(procedure.legal.online_objection_basis);
  const std::string who = plan_change ? "Jede Person, die durch die Änderung erstmals oder stärker als bisher in "
                                        "ihren Belangen berührt wird, kann vom "
                                      : "Jede Person, deren Belange durch das Vorhaben berührt werden, kann vom ";
  Paragraph(out, who + Day(procedure.display_start) + " bis einschließlich " + Day(procedure.objection_end) +
                     (plan_change ? " Stellungnahmen und Einwendungen erheben (§ 73 Abs. 8 Satz 1 VwVfG):\n"
                                  : " Einwendungen gegen den Plan erheben (§ 73 Abs. 4 Satz 1, Abs. 5 Satz 2 Nr. 2 "
                                    "VwVfG):\n") +
                     "- schriftlich oder zur Niederschrift bei " + where +
                     (online.empty() ? std::string(".")
                                     : ",\n- elektronisch über das Beteiligungsportal unter " + std::string(url) +
                                           " (" + online + ")."));
  if (online.empty()) {
    Paragraph(out,
              "Eine einfache E-Mail oder ein Webformular wahrt die Schriftform nicht (§ 3a Abs. 2 VwVfG). Die "
              "Unterlagen können im Beteiligungsportal eingesehen werden; Einwendungen nimmt es in diesem Verfahren "
              "nicht entgegen.");
  }
  Paragraph(out,
            "Einwendungen müssen Namen und Anschrift der Person erkennen lassen, die sie erhebt. Mit Ablauf der "
            "Einwendungsfrist sind alle Einwendungen ausgeschlossen, die nicht auf besonderen privatrechtlichen "
            "Titeln beruhen (§ 73 Abs. 4 Satz 3" +
                std::string(plan_change ? ", Abs. 8 Satz 1" : "") + " VwVfG).");
  Paragraph(out, "3. Erörterungstermin");
  if (procedure.hearing_at) Paragraph(out, HearingLine(procedure) + ".");
  Paragraph(out,
            "Nach Ablauf der Einwendungsfrist erörtert die Anhörungsbehörde die rechtzeitig erhobenen Einwendungen "
            "mit der Vorhabenträgerin, den Behörden, den Betroffenen und den Personen, die Einwendungen erhoben "
            "haben (§ 73 Abs. 6 Satz 1 VwVfG), soweit das Fachplanungsrecht nichts anderes bestimmt. Der "
            "Erörterungstermin kann durch eine Online-Konsultation ersetzt werden (§ 27c VwVfG). Er wird mindestens "
            "eine Woche vorher ortsüblich bekannt gemacht (§ 73 Abs. 6 Satz 2 VwVfG). Bei Ausbleiben eines "
            "Beteiligten im Erörterungstermin kann auch ohne ihn verhandelt werden (§ 73 Abs. 5 Satz 2 Nr. 3 VwVfG).");
  Paragraph(out, "4. Benachrichtigung und Zustellung durch öffentliche Bekanntmachung");
  Paragraph(out,
            "Sind mehr als 50 Benachrichtigungen oder Zustellungen vorzunehmen, können die Personen, die "
            "Einwendungen erhoben haben, von dem Erörterungstermin durch öffentliche Bekanntmachung benachrichtigt "
            "werden, und die Zustellung der Entscheidung über die Einwendungen kann durch öffentliche "
            "Bekanntmachung ersetzt werden (§ 73 Abs. 5 Satz 2 Nr. 4 VwVfG).");
  Paragraph(out, "5. Weitergabe der Einwendungen");
  Paragraph(out,
            "Die Einwendungen werden der Vorhabenträgerin und den beteiligten Behörden bekannt gegeben. Auf "
            "Verlangen der Person, die eine Einwendung erhebt, werden ihr Name und ihre Anschrift vorher "
            "unkenntlich gemacht, soweit diese Angaben zur Durchführung des Verfahrens nicht erforderlich sind.");
}

constexpr std::string_view kLateStatements =
    "Nicht fristgerecht abgegebene Stellungnahmen können bei der Beschlussfassung über den Bauleitplan "
    "unberücksichtigt bleiben, sofern die Gemeinde deren Inhalt nicht kannte und nicht hätte kennen müssen und deren "
    "Inhalt für die Rechtmäßigkeit des Bauleitplans nicht von Bedeutung ist";

void Baugb32Text(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url) {
  const LegalDetails& legal = procedure.legal;
  Heading(out, procedure, tenant,
          std::string(legal.repeated ? "Erneute Veröffentlichung" : "Veröffentlichung") + " des Entwurfs des " +
              PlanGenitive(procedure) + " im Internet nach § 3 Abs. 2" +
              (legal.repeated ? " und § 4a Abs. 3" : "") + " des Baugesetzbuchs (BauGB)");
  Description(out, procedure);
  if (legal.repeated) {
    std::string text = "Der Entwurf wurde nach der letzten Veröffentlichung geändert oder ergänzt und wird daher "
                       "erneut veröffentlicht (§ 4a Abs. 3 Satz 1 BauGB).";
    if (!Trimmed(legal.repeated_scope).empty()) {
      text += " Stellungnahmen können nur zu den geänderten oder ergänzten Teilen abgegeben werden: " +
              Trimmed(legal.repeated_scope) + " (§ 4a Abs. 3 Satz 2 BauGB).";
    }
    if (Shortened(procedure, tenant)) {
      text += " Die Dauer der Veröffentlichungsfrist und die Frist zur Stellungnahme sind angemessen verkürzt (§ 4a "
              "Abs. 3 Satz 3 BauGB).";
    }
    Paragraph(out, text);
  }
  std::string what = "Der Entwurf des " + PlanGenitive(procedure) +
                     " mit der Begründung und den nach Einschätzung der Gemeinde wesentlichen, bereits vorliegenden "
                     "umweltbezogenen Stellungnahmen";
  std::string text = what + " wird vom " + Day(procedure.display_start) + " bis einschließlich " +
                     Day(procedure.display_end) + " im Internet veröffentlicht (§ 3 Abs. 2 Satz 1 und 4 BauGB):\n" +
                     std::string(url);
  Paragraph(out, text);
  if (!Trimmed(procedure.documents_location).empty()) {
    Paragraph(out, "Zusätzlich sind die Unterlagen in diesem Zeitraum auf folgende Weise zugänglich (§ 3 Abs. 2 Satz 2, "
                   "Satz 4 Nr. 4 BauGB): " +
                       Trimmed(procedure.documents_location));
  }
  Paragraph(out,
            "Der Inhalt dieser Bekanntmachung ist mit den Unterlagen auch unter der oben genannten Adresse im "
            "Internet zugänglich (§ 3 Abs. 2 Satz 5 BauGB).");
  if (!Trimmed(legal.environmental_info).empty()) {
    std::string info = "Folgende Arten umweltbezogener Informationen sind verfügbar (§ 3 Abs. 2 Satz 4 BauGB):";
    std::string_view rest = legal.environmental_info;
    while (!rest.empty()) {
      auto end = rest.find('\n');
      std::string_view line = Trim(rest.substr(0, end));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      if (!line.empty()) info += "\n- " + std::string(line);
    }
    Paragraph(out, info);
  }
  Paragraph(out, "Stellungnahmen können während der Dauer der Veröffentlichungsfrist, also vom " +
                     Day(procedure.display_start) + " bis einschließlich " + Day(procedure.objection_end) +
                     ", abgegeben werden (§ 3 Abs. 2 Satz 4 Nr. 1 BauGB). Sie sollen elektronisch übermittelt werden, "
                     "können bei Bedarf aber auch auf anderem Weg abgegeben werden (§ 3 Abs. 2 Satz 4 Nr. 2 BauGB):\n"
                     "- elektronisch über das Beteiligungsportal unter " +
                     std::string(url) + ",\n- auf anderem Weg, etwa schriftlich bei " + WrittenTo(tenant) + ".");
  Paragraph(out, std::string(kLateStatements) + " (§ 3 Abs. 2 Satz 4 Nr. 3, § 4a Abs. 5 BauGB).");
  if (legal.plan_type == kPlanFnp) {
    Paragraph(out,
              "Eine Vereinigung im Sinne des § 4 Abs. 3 Satz 1 des Umwelt-Rechtsbehelfsgesetzes ist in einem "
              "Rechtsbehelfsverfahren nach § 7 Abs. 2 des Umwelt-Rechtsbehelfsgesetzes gemäß § 7 Abs. 3 Satz 1 des "
              "Umwelt-Rechtsbehelfsgesetzes mit allen Einwendungen ausgeschlossen, die sie im Rahmen der "
              "Veröffentlichungsfrist nicht oder nicht rechtzeitig geltend gemacht hat, aber hätte geltend machen "
              "können (§ 3 Abs. 3 BauGB).");
  }
  if (legal.cross_border) {
    Paragraph(out,
              "Der Bauleitplan kann erhebliche Auswirkungen auf Nachbarstaaten haben. Die Gemeinden und Behörden des "
              "Nachbarstaates werden nach den Grundsätzen der Gegenseitigkeit und Gleichwertigkeit unterrichtet "
              "(§ 4a Abs. 4 BauGB).");
  }
}

void Baugb42Text(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url) {
  Heading(out, procedure, tenant,
          "Beteiligung der Behörden und sonstigen Träger öffentlicher Belange nach § 4 Abs. 2 des Baugesetzbuchs "
          "(BauGB) zum Entwurf des " +
              PlanGenitive(procedure));
  Description(out, procedure);
  const bool shortened = Shortened(procedure, tenant);
  if (procedure.legal.repeated) {
    Paragraph(out, "Der Entwurf wurde nach der letzten Beteiligung geändert oder ergänzt; die Stellungnahmen werden "
                   "daher erneut eingeholt (§ 4a Abs. 3 Satz 1 BauGB)." +
                       ScopeSentence(procedure, "Stellungnahmen können nur zu den geänderten oder ergänzten Teilen "
                                                "abgegeben werden: ",
                                     "§ 4a Abs. 3 Satz 2 BauGB"));
  }
  Paragraph(out, "Der Entwurf des " + PlanGenitive(procedure) +
                     " und die Begründung sind im Internet veröffentlicht unter:\n" + std::string(url));
  Paragraph(out, "Die Behörden und sonstigen Träger öffentlicher Belange, deren Aufgabenbereich durch die Planung "
                 "berührt werden kann, werden gebeten, ihre Stellungnahme " +
                     std::string(shortened ? "innerhalb der angemessen verkürzten Frist nach Zugang dieser "
                                             "Aufforderung abzugeben (§ 4a Abs. 3 Satz 3 BauGB). Bei "
                                           : "innerhalb eines Monats, mindestens jedoch innerhalb von 30 Tagen nach "
                                             "Zugang dieser Aufforderung abzugeben (§ 4 Abs. 2 Satz 2 BauGB). Bei ") +
                     "Zugang am " +
                     Day(procedure.display_start) + " endet die Frist mit Ablauf des " +
                     Day(procedure.objection_end) + ":\n- online über das Beteiligungsportal unter " +
                     std::string(url) + ",\n- schriftlich bei " + WrittenTo(tenant) + ".");
  Paragraph(out, std::string(kLateStatements) + " (§ 4a Abs. 5 BauGB).");
}

void Baugb31Text(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url) {
  Heading(out, procedure, tenant,
          "Frühzeitige Beteiligung der Öffentlichkeit nach § 3 Abs. 1 des Baugesetzbuchs (BauGB)");
  Paragraph(out, tenant.name +
                     " unterrichtet die Öffentlichkeit frühzeitig über die allgemeinen Ziele und Zwecke der "
                     "Planung und gibt Gelegenheit zur Äußerung und Erörterung.");
  Description(out, procedure);
  Display(out, procedure, url, "Die Unterlagen zur Planung");
  HowToSubmit(out, procedure, tenant, url, "Äußerungen können", "abgegeben werden");
}

void ConsultationText(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant,
                      std::string_view url) {
  Heading(out, procedure, tenant, "Einladung zur Beteiligung");
  Paragraph(out, tenant.name + " lädt alle Interessierten ein, zu folgendem Vorhaben Stellung zu nehmen: " +
                     procedure.title + ".");
  Description(out, procedure);
  Display(out, procedure, url, "Die Unterlagen");
  HowToSubmit(out, procedure, tenant, url, "Stellungnahmen können", "abgegeben werden");
}

// "{authority} hat am {day} über den Antrag der {applicant} entschieden und {what}." — `unnamed` stands in for an
// applicant not given, `named` precedes a given one.
std::string Decided(const Procedure& procedure, const tenancy::Tenant& tenant, law::Date notice_day,
                    std::string_view unnamed, std::string_view named, std::string_view what) {
  std::string applicant =
      Trimmed(procedure.applicant).empty() ? std::string(unnamed) : std::string(named) + Trimmed(procedure.applicant);
  return tenant.name + " hat am " + Day(notice_day) + " über den Antrag " + applicant + " entschieden und " +
         std::string(what) + ".";
}

}  // namespace

std::string AnnouncementText(const Procedure& procedure, const tenancy::Tenant& tenant,
                             std::string_view procedure_url) {
  std::string out;
  switch (procedure.type) {
    case Type::kBimschg:
      BimschgText(out, procedure, tenant, procedure_url);
      break;
    case Type::kVwvfg73:
      PlanfeststellungText(out, procedure, tenant, procedure_url);
      break;
    case Type::kBaugb32:
      Baugb32Text(out, procedure, tenant, procedure_url);
      break;
    case Type::kBaugb42:
      Baugb42Text(out, procedure, tenant, procedure_url);
      break;
    case Type::kBaugb31:
      Baugb31Text(out, procedure, tenant, procedure_url);
      break;
    case Type::kConsultation:
      ConsultationText(out, procedure, tenant, procedure_url);
      break;
  }
  Paragraph(out, tenant.name);
  out += "\n";
  return out;
}

std::string DecisionNoticeText(const Procedure& procedure, const tenancy::Tenant& tenant,
                               std::string_view procedure_url) {
  const law::Date notice_day = LocalDate(procedure.decided_at.value_or(procedure.updated_at));
  const bool bimschg = procedure.type == Type::kBimschg;
  const bool plan = procedure.type == Type::kVwvfg73;
  const Outcome outcome = procedure.decision_outcome;
  const std::string url(procedure_url);
  std::string out = "Öffentliche Bekanntmachung\n" + tenant.name;
  Paragraph(out, procedure.title);
  if (outcome == Outcome::kEnded) {
    Paragraph(out, "Beendigung des Verfahrens ohne Entscheidung über den Antrag");
    std::string sentence = "Das Verfahren ist am " + Day(notice_day) + " beendet worden, ohne dass über den Antrag " +
                           "entschieden wurde";
    sentence += bimschg ? " (§ 20 Abs. 4 der 9. BImSchV)." : ".";
    Paragraph(out, sentence);
    Paragraph(out, Trimmed(procedure.decision_text));
    Paragraph(out, "Die Einwendungen und Stellungnahmen werden nicht weiter behandelt. Diese Bekanntmachung ist im "
                   "Internet veröffentlicht unter:\n" + url);
    Paragraph(out, tenant.name);
    out += "\n";
    return out;
  }
  if (bimschg) {
    Paragraph(out, "Bekanntmachung der Entscheidung im Genehmigungsverfahren nach § 10 des "
                   "Bundes-Immissionsschutzgesetzes (BImSchG)");
    Paragraph(out, Decided(procedure, tenant, notice_day, "der Antragstellerin", "der ",
                           outcome == Outcome::kGranted ? "die Genehmigung erteilt" : "ihn abgelehnt") +
                       " Die Zustellung des Bescheids an die Personen, die Einwendungen erhoben haben, wird durch "
                       "diese öffentliche Bekanntmachung ersetzt (§ 10 Abs. 8 Satz 1 BImSchG).");
    Paragraph(out, "Verfügender Teil des Bescheids (§ 10 Abs. 8 Satz 2 BImSchG):\n" + Trimmed(procedure.decision_text));
    if (procedure.decision_conditions) {
      Paragraph(out, "Die Genehmigung ist mit Nebenbestimmungen (Auflagen) verbunden; auf sie wird hiermit "
                     "hingewiesen. Sie sind im vollständigen Bescheid enthalten (§ 10 Abs. 8 Satz 2 BImSchG).");
    }
    Paragraph(out, "Rechtsbehelfsbelehrung (§ 10 Abs. 8 Satz 2 BImSchG):\n" + Trimmed(procedure.decision_remedies));
  } else if (plan) {
    Paragraph(out, "Bekanntmachung des Planfeststellungsbeschlusses (§ 74 des Verwaltungsverfahrensgesetzes)");
    Paragraph(out, Decided(procedure, tenant, notice_day, "der Vorhabenträgerin", "der Vorhabenträgerin ",
                           outcome == Outcome::kGranted ? "den Plan festgestellt"
                                                        : "die Feststellung des Plans abgelehnt") +
                       " Der Beschluss wird der Vorhabenträgerin, den bekannten Betroffenen und denjenigen, über deren "
                       "Einwendungen entschieden worden ist, zugestellt (§ 74 Abs. 4 Satz 1 VwVfG).");
    Paragraph(out, "Verfügender Teil des Beschlusses:\n" + Trimmed(procedure.decision_text));
    Paragraph(out, "Rechtsbehelfsbelehrung (§ 74 Abs. 4 Satz 2 VwVfG):\n" + Trimmed(procedure.decision_remedies));
  } else {
    Paragraph(out, "Bekanntmachung des Ergebnisses");
    Paragraph(out, tenant.name + " hat das Verfahren am " + Day(notice_day) + " abgeschlossen" +
                       (IsBauleitplanung(procedure.type)
                            ? "; das Ergebnis der Prüfung der Stellungnahmen wird hiermit mitgeteilt (§ 3 Abs. 2 "
                              "Satz 6 BauGB)."
                            : "."));
    Paragraph(out, Trimmed(procedure.decision_text));
    if (!Trimmed(procedure.decision_remedies).empty()) {
      Paragraph(out, "Rechtsbehelfsbelehrung:\n" + Trimmed(procedure.decision_remedies));
    }
  }
  if (auto display = DecisionDisplay(procedure.type, outcome, notice_day)) {
    const std::string rule = bimschg ? "§ 10 Abs. 8 Satz 3 und 4 BImSchG" : "§ 74 Abs. 4 Satz 2, § 27b VwVfG";
    std::string text = std::string(bimschg ? "Der vollständige Bescheid mit Begründung"
                                           : "Der vollständige Planfeststellungsbeschluss mit Rechtsbehelfsbelehrung "
                                             "und der festgestellte Plan") +
                       " werden vom " + Day(display->first) + " bis einschließlich " + Day(display->last) +
                       " (zwei Wochen ab dem Tag nach dieser Bekanntmachung) im Internet veröffentlicht (" + rule +
                       "):\n" + url;
    if (!Trimmed(procedure.documents_location).empty()) {
      text += "\nZusätzlich können sie in diesem Zeitraum eingesehen werden bei: " + Trimmed(procedure.documents_location);
    }
    Paragraph(out, text);
    Paragraph(out, bimschg ? "Mit dem Ende dieser Frist am " + Day(display->last) +
                                 " gilt der Bescheid auch gegenüber Dritten, die keine Einwendungen erhoben haben, als "
                                 "zugestellt (§ 10 Abs. 8 Satz 5 BImSchG)."
                           : "Mit dem Ende dieser Frist am " + Day(display->last) +
                                 " gilt der Beschluss gegenüber den übrigen Betroffenen als zugestellt (§ 74 Abs. 4 "
                                 "Satz 3 VwVfG).");
    if (bimschg) {
      Paragraph(out, "Nach dieser Bekanntmachung können der Bescheid und seine Begründung bis zum Ablauf der "
                     "Widerspruchsfrist von den Personen, die Einwendungen erhoben haben, schriftlich oder elektronisch "
                     "angefordert werden bei " + WrittenTo(tenant) + " (§ 10 Abs. 8 Satz 6 BImSchG).");
    }
  }
  Paragraph(out, tenant.name);
  out += "\n";
  return out;
}

std::vector<Error> MissingForPublication(const Procedure& procedure) {
  std::vector<Error> missing;
  auto require = [&](bool present, std::string_view field, std::string_view message) {
    if (!present) missing.push_back({ErrorKind::kInvalid, std::string(message), std::string(field)});
  };
  auto given = [](const std::string& text) { return !Trim(text).empty(); };
  const LegalDetails& legal = procedure.legal;
  switch (procedure.type) {
    case Type::kBimschg:
      require(given(procedure.applicant), "applicant",
              "Bitte geben Sie die Antragstellerin an (§ 9 Abs. 1 der 9. BImSchV).");
      require(given(legal.site), "site", "Bitte geben Sie den Standort der Anlage an (§ 9 Abs. 1 der 9. BImSchV).");
      require(given(legal.installation), "installation",
              "Bitte geben Sie Art und Umfang der Anlage an (§ 9 Abs. 1 der 9. BImSchV).");
      require(given(legal.operation_start), "operation_start",
              "Bitte geben Sie den voraussichtlichen Zeitpunkt der Inbetriebnahme an (§ 9 Abs. 1 der 9. BImSchV).");
      require(given(legal.reports), "reports",
              "Bitte geben Sie an, welche entscheidungserheblichen Berichte und Empfehlungen vorliegen (§ 10 Abs. 3 "
              "Satz 2 BImSchG); liegen keine vor, schreiben Sie „keine“.");
      require(procedure.hearing_at.has_value(), "hearing_at",
              "Bitte legen Sie den Erörterungstermin (Datum und Uhrzeit) fest: Die Bekanntmachung muss ihn bestimmen "
              "(§ 10 Abs. 4 Nr. 3 BImSchG).");
      break;
    case Type::kVwvfg73:
      require(given(procedure.applicant), "applicant", "Bitte geben Sie die Vorhabenträgerin an.");
      require(given(legal.filing_municipality), "filing_municipality",
              "Bitte geben Sie die Gemeinde an, bei der Einwendungen auch erhoben werden können (§ 73 Abs. 4 Satz 1 "
              "VwVfG).");
      break;
    case Type::kBaugb32:
      require(!legal.plan_type.empty(), "plan_type",
              "Bitte wählen Sie die Art des Bauleitplans (Flächennutzungsplan oder Bebauungsplan).");
      require(given(legal.environmental_info), "environmental_info",
              "Bitte geben Sie an, welche Arten umweltbezogener Informationen verfügbar sind (§ 3 Abs. 2 Satz 4 "
              "BauGB).");
      require(given(procedure.documents_location), "documents_location",
              "Bitte geben Sie Art und Ort der weiteren leicht zu erreichenden Zugangsmöglichkeit an (§ 3 Abs. 2 "
              "Satz 2 und Satz 4 Nr. 4 BauGB).");
      break;
    case Type::kBaugb42:
      require(!legal.plan_type.empty(), "plan_type",
              "Bitte wählen Sie die Art des Bauleitplans (Flächennutzungsplan oder Bebauungsplan).");
      break;
    case Type::kBaugb31:
    case Type::kConsultation:
      break;
  }
  return missing;
}

std::string AnnouncementVersionText(const AnnouncementVersion& version, const AnnouncementVersion* previous) {
  std::string head = "Fassung " + std::to_string(version.version) + ", veröffentlicht am " +
                     FormatBerlinDateTime(version.published_at);
  if (previous) {
    head += ". Berichtigung: Diese Fassung ersetzt die Fassung " + std::to_string(previous->version) + " vom " +
            FormatBerlinDateTime(previous->published_at);
  }
  return head + ".\n\n" + version.text;
}

std::optional<db::UnixSeconds> ParseBerlinDateTime(std::string_view text) {
  // "YYYY-MM-DDTHH:MM", browsers may add ":SS".
  if (text.size() == 19 && text.substr(16, 3) == ":00") text = text.substr(0, 16);
  if (text.size() != 16 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':') return std::nullopt;
  auto date = law::ParseIsoDate(text.substr(0, 10));
  if (!date || !law::CheckSupportedDate(*date, "Datum")) return std::nullopt;
  int hour = -1;
  int minute = -1;
  auto parse = [](std::string_view digits, int& value) {
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() && end == digits.data() + digits.size();
  };
  if (!parse(text.substr(11, 2), hour) || !parse(text.substr(14, 2), minute) || hour > 23 || minute > 59 || hour < 0 ||
      minute < 0) {
    return std::nullopt;
  }
  db::UnixSeconds wall = law::DaysBetween(kEpoch, *date) * 86400LL + hour * 3600 + minute * 60;
  // Summer time if the instant so read is in summer time; otherwise winter time.
  if (IsSummer(wall - 7200)) return wall - 7200;
  return wall - 3600;
}

std::string FormatBerlinDateTime(db::UnixSeconds at) {
  LocalTime local = ToBerlin(at);
  return law::FormatGerman(local.date) + ", " + TwoDigits(local.hour) + ":" + TwoDigits(local.minute) + " Uhr";
}

std::string FormatBerlinDateTimeInput(db::UnixSeconds at) {
  LocalTime local = ToBerlin(at);
  return law::FormatIso(local.date) + "T" + TwoDigits(local.hour) + ":" + TwoDigits(local.minute);
}

}  // namespace mw::procedures
