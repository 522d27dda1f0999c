// The announcement text per procedure type and Berlin wall-clock times. The sentences follow what the statutes
// require the announcement to say; the section on each type names its sources.
#include "formats/procedures/announcement.hpp"

#include <charconv>
#include <cstdio>

#include "law/date.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
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

void Paragraph(std::string& out, const std::string& text) {
  if (!out.empty()) out += "\n\n";
  out += text;
}

void Heading(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view kind) {
  out = "Öffentliche Bekanntmachung\n" + tenant.name;
  Paragraph(out, procedure.title);
  Paragraph(out, std::string(kind));
}

void Description(std::string& out, const Procedure& procedure) {
  if (!Trim(procedure.description).empty()) Paragraph(out, Trimmed(procedure.description));
}

// Where the documents are published and where else they can be seen.
void Display(std::string& out, const Procedure& procedure, std::string_view url, std::string_view what) {
  std::string text = std::string(what) + " werden vom " + Day(procedure.display_start) + " bis einschließlich " +
                     Day(procedure.display_end) + " im Internet veröffentlicht unter:\n" + std::string(url);
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

void Hearing(std::string& out, const Procedure& procedure) {
  if (procedure.hearing_at) {
    std::string text = "Erörterungstermin: " + FormatBerlinDateTime(*procedure.hearing_at);
    if (!Trimmed(procedure.hearing_place).empty()) text += ", " + Trimmed(procedure.hearing_place);
    text += ".";
    Paragraph(out, text);
  }
}

void BimschgText(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url) {
  Heading(out, procedure, tenant,
          "Genehmigungsverfahren nach § 10 des Bundes-Immissionsschutzgesetzes (BImSchG) mit Beteiligung der "
          "Öffentlichkeit nach der Neunten Verordnung zur Durchführung des BImSchG (9. BImSchV)");
  std::string applicant = Trimmed(procedure.applicant).empty() ? std::string("Die Antragstellerin")
                                                               : "Die Antragstellerin " + Trimmed(procedure.applicant);
  Paragraph(out, applicant + " hat bei " + tenant.name +
                     " die Genehmigung für folgendes Vorhaben beantragt: " + procedure.title + ".");
  Description(out, procedure);
  if (procedure.ied) {
    Paragraph(out, "Die Anlage ist eine Anlage nach der Industrieemissions-Richtlinie (Richtlinie 2010/75/EU).");
  }
  if (procedure.uvp) {
    Paragraph(out,
              "Für das Vorhaben besteht die Pflicht zur Durchführung einer Umweltverträglichkeitsprüfung. Der "
              "UVP-Bericht ist Teil der veröffentlichten Unterlagen.");
  }
  Paragraph(out, "1. Veröffentlichung der Unterlagen");
  Display(out, procedure, url, "Der Antrag und die Antragsunterlagen");
  Paragraph(out, "2. Einwendungen");
  HowToSubmit(out, procedure, tenant, url, "Einwendungen gegen das Vorhaben können", "erhoben werden");
  Paragraph(out,
            "Einwendungen müssen Namen und Anschrift der Person enthalten, die sie erhebt. Mit Ablauf der "
            "Einwendungsfrist sind für das Genehmigungsverfahren alle Einwendungen ausgeschlossen, die nicht auf "
            "besonderen privatrechtlichen Titeln beruhen (§ 10 Abs. 3 Satz 5 BImSchG).");
  Paragraph(out, "3. Erörterungstermin");
  Hearing(out, procedure);
  Paragraph(out, std::string(procedure.hearing_at ? "" : "Ein Termin zur Erörterung wird gesondert bekannt gemacht. ") +
                     "Ob der Erörterungstermin stattfindet, entscheidet die Genehmigungsbehörde nach Ablauf der "
                     "Einwendungsfrist nach ihrem Ermessen (§ 10 Abs. 6 BImSchG, § 12 Abs. 1 9. BImSchV); die "
                     "Entscheidung wird öffentlich bekannt gemacht. Findet er statt, werden die formgerecht erhobenen "
                     "Einwendungen auch bei Ausbleiben der Antragstellerin oder von Personen, die Einwendungen erhoben "
                     "haben, erörtert. Der Erörterungstermin entfällt, wenn keine rechtzeitigen Einwendungen erhoben "
                     "worden sind (§ 16 Abs. 1 9. BImSchV).");
  Paragraph(out, "4. Zustellung durch öffentliche Bekanntmachung");
  Paragraph(out,
            "Die Zustellung der Entscheidung über die Einwendungen kann durch öffentliche Bekanntmachung ersetzt "
            "werden, wenn mehr als 50 Zustellungen vorzunehmen sind (§ 10 Abs. 4 Nr. 4, Abs. 8 BImSchG).");
  Paragraph(out, "5. Weitergabe der Einwendungen");
  Paragraph(out,
            "Die Einwendungen werden der Antragstellerin und den beteiligten Behörden bekannt gegeben. Auf "
            "Verlangen der Person, die eine Einwendung erhebt, werden ihr Name und ihre Anschrift vorher "
            "unkenntlich gemacht, soweit diese Angaben zur Durchführung des Verfahrens nicht erforderlich sind "
            "(§ 12 Abs. 2 9. BImSchV).");
}

void PlanfeststellungText(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant,
                          std::string_view url) {
  Heading(out, procedure, tenant, "Planfeststellungsverfahren nach § 73 des Verwaltungsverfahrensgesetzes (VwVfG)");
  std::string applicant = Trimmed(procedure.applicant).empty() ? std::string("Die Vorhabenträgerin")
                                                               : "Die Vorhabenträgerin " + Trimmed(procedure.applicant);
  Paragraph(out, applicant + " hat für folgendes Vorhaben die Feststellung des Plans beantragt: " + procedure.title +
                     ". Anhörungsbehörde ist " + tenant.name + ".");
  Description(out, procedure);
  if (procedure.uvp) {
    Paragraph(out,
              "Für das Vorhaben besteht die Pflicht zur Durchführung einer Umweltverträglichkeitsprüfung. Der "
              "UVP-Bericht ist Teil der veröffentlichten Unterlagen.");
  }
  Paragraph(out, "1. Auslegung des Plans");
  Display(out, procedure, url, "Die Planunterlagen (Zeichnungen und Erläuterungen)");
  Paragraph(out, "2. Einwendungen");
  HowToSubmit(out, procedure, tenant, url,
              "Jede Person, deren Belange durch das Vorhaben berührt werden, kann "
              "Einwendungen gegen den Plan",
              "erheben");
  Paragraph(out,
            "Einwendungen müssen Namen und Anschrift der Person enthalten, die sie erhebt. Mit Ablauf der "
            "Einwendungsfrist sind alle Einwendungen ausgeschlossen, die nicht auf besonderen privatrechtlichen "
            "Titeln beruhen (§ 73 Abs. 4 Satz 3 VwVfG).");
  Paragraph(out, "3. Erörterungstermin");
  Hearing(out, procedure);
  Paragraph(out, std::string(procedure.hearing_at ? "" : "Ein Termin zur Erörterung wird gesondert bekannt gemacht. ") +
                     "Der Erörterungstermin wird mindestens eine Woche vorher ortsüblich bekannt gemacht (§ 73 Abs. 6 "
                     "VwVfG). Ob und in welcher Form er stattfindet, liegt im Rahmen des Fachplanungsrechts im "
                     "Ermessen der Anhörungsbehörde; er kann entfallen. Bei Ausbleiben eines Beteiligten kann auch "
                     "ohne ihn verhandelt werden.");
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

void Baugb32Text(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url) {
  Heading(out, procedure, tenant,
          "Veröffentlichung des Entwurfs eines Bauleitplans im Internet nach § 3 Abs. 2 des Baugesetzbuchs (BauGB)");
  Description(out, procedure);
  Display(out, procedure, url, "Der Entwurf, seine Begründung und die wesentlichen umweltbezogenen Stellungnahmen");
  Paragraph(out,
            "Welche Arten umweltbezogener Informationen verfügbar sind, ist auf der Seite des Verfahrens bei den "
            "Unterlagen aufgeführt.");
  HowToSubmit(out, procedure, tenant, url, "Stellungnahmen können während der Dauer der Veröffentlichungsfrist, also",
              "abgegeben werden");
  Paragraph(out,
            "Stellungnahmen sollen elektronisch übermittelt werden, können bei Bedarf aber auch auf anderem Weg "
            "abgegeben werden. Nicht fristgerecht abgegebene Stellungnahmen können bei der Beschlussfassung über "
            "den Bauleitplan unberücksichtigt bleiben (§ 3 Abs. 2 Satz 4 Nr. 3, § 4a Abs. 6 BauGB).");
}

void Baugb42Text(std::string& out, const Procedure& procedure, const tenancy::Tenant& tenant, std::string_view url) {
  Heading(out, procedure, tenant,
          "Beteiligung der Behörden und sonstigen Träger öffentlicher Belange nach § 4 Abs. 2 des Baugesetzbuchs "
          "(BauGB)");
  Description(out, procedure);
  Display(out, procedure, url, "Der Entwurf des Bauleitplans und die Begründung");
  HowToSubmit(out, procedure, tenant, url,
              "Die Behörden und sonstigen Träger öffentlicher Belange, deren "
              "Aufgabenbereich berührt werden kann, werden gebeten, ihre Stellungnahme",
              "abzugeben (§ 4 Abs. 2 BauGB)");
  Paragraph(out,
            "Nicht fristgerecht abgegebene Stellungnahmen können bei der Beschlussfassung über den Bauleitplan "
            "unberücksichtigt bleiben, sofern die Gemeinde den Inhalt nicht kannte und nicht hätte kennen müssen "
            "und der Inhalt für die Rechtmäßigkeit des Bauleitplans nicht von Bedeutung ist (§ 4a Abs. 6 BauGB).");
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
