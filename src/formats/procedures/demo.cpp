// Demo data of the procedures format: one procedure of every type in the demo tenants, at every stage a visitor can
// see. The other parts' demo functions (documents, statements, back office, clusters) find these by title.
#include <optional>
#include <string_view>
#include <vector>

#include "formats/procedures/announcement.hpp"
#include "formats/procedures/handlers.hpp"
#include "formats/procedures/store.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {
namespace {

struct DemoProcedure {
  std::string_view tenant_slug;
  ProcedureInput input;
  int display_start_in_days;  // relative to today; negative: began in the past
  std::optional<int> announced_days_before_start;
  Phase phase = Phase::kPublished;
  DecisionInput decision;
  std::optional<int> display_days;  // a shortened display, counted from its first day
};

}  // namespace

void LoadEditorDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url) {
  const law::Date today = LocalDate(now);
  const std::vector<DemoProcedure> demo{
      {"landesdirektion",
       {.type = Type::kBimschg,
        .title = "Windpark Naunhof-Ost: Genehmigung von vier Windenergieanlagen",
        .description = "Die Windkraft Muldental GmbH beantragt die Genehmigung nach § 4 BImSchG für die Errichtung "
                       "und den Betrieb von vier Windenergieanlagen (Nabenhöhe 166 m, Gesamthöhe 250 m) östlich von "
                       "Naunhof. Antrag, Schallgutachten, Schattenwurfprognose und artenschutzrechtlicher "
                       "Fachbeitrag liegen aus.",
        .applicant = "Windkraft Muldental GmbH",
        .documents_location = "Landesdirektion Sachsen, Dienststelle Leipzig, Braustraße 2, 04107 Leipzig, Zimmer "
                              "204, Mo–Do 9–15 Uhr, Fr 9–12 Uhr; Stadtverwaltung Naunhof, Markt 1, 04683 Naunhof",
        .geometry = R"({"type":"Point","coordinates":[12.62,51.28]})",
        .legal = {.site = "Naunhof, Gemarkung Albrechtshain, Flurstücke 312/4, 315 und 318/1",
                  .installation = "4 Windenergieanlagen Typ V162, Nabenhöhe 166 m, Gesamthöhe 250 m, je 6,2 MW "
                                  "Nennleistung",
                  .operation_start = "3. Quartal 2028",
                  .reports = "Schallimmissionsprognose (Mai 2026), Schattenwurfprognose (Mai 2026), "
                             "artenschutzrechtlicher Fachbeitrag mit Raumnutzungsanalyse Rotmilan, Stellungnahme der "
                             "unteren Naturschutzbehörde des Landkreises Leipzig"}},
       -10,
       8},
      {"landkreis-leipzig",
       {.type = Type::kVwvfg73,
        .title = "Ortsumgehung Grimma im Zuge der B 107: Planfeststellung",
        .description = "Neubau der Ortsumgehung Grimma (4,8 km) mit zwei Brücken über die Mulde. Die Pläne zeigen "
                       "Trasse, Lärmschutz, landschaftspflegerische Maßnahmen und die betroffenen Grundstücke.",
        .applicant = "Landesamt für Straßenbau und Verkehr, Niederlassung Leipzig",
        .uvp = true,
        .documents_location = "Landratsamt Landkreis Leipzig, Stauffenbergstraße 4, 04552 Borna, Haus 1, Zimmer 12",
        .geometry = R"({"type":"Polygon","coordinates":[[[12.70,51.22],[12.76,51.22],[12.76,51.26],[12.70,51.26],[12.70,51.22]]]})",
        .legal = {.filing_municipality = "Stadt Grimma, Markt 16/17, 04668 Grimma", .filing_ags = "14729160"}},
       -75,
       8},
      {"grimma",
       {.type = Type::kBaugb32,
        .title = "Bebauungsplan Nr. 42 „Wohnen am Mühlgraben“",
        .description = "Der Entwurf sieht ein Wohngebiet mit etwa 60 Wohnungen, einer Kindertagesstätte und einem "
                       "Grünzug entlang des Mühlgrabens vor. Die Begründung mit Umweltbericht liegt bei.",
        .documents_location = "Öffentliche Auslegung der Unterlagen in der Stadtverwaltung Grimma, Markt 16/17, "
                              "04668 Grimma, Bauamt, 2. Obergeschoss, Mo–Fr 9–12 Uhr, Di und Do auch 13–18 Uhr",
        .geometry = R"({"type":"Point","coordinates":[12.725,51.238]})",
        .publish_statements = true,
        .legal = {.plan_type = std::string(kPlanBplan),
                  .environmental_info =
                      "Schutzgut Mensch: Schallgutachten Straßenverkehr, Erholungsnutzung am Mühlgraben\n"
                      "Schutzgut Tiere und Pflanzen: Biotopkartierung, Fledermaus- und Brutvogelerfassung\n"
                      "Schutzgut Boden und Fläche: Baugrundgutachten, Versiegelungsbilanz\n"
                      "Schutzgut Wasser: Hochwassergefahrenkarte Mulde, Entwässerungskonzept\n"
                      "Umweltbericht mit Eingriffs-Ausgleichs-Bilanz; Stellungnahme der unteren Wasserbehörde"}},
       -5,
       7},
      {"grimma",
       {.type = Type::kBaugb31,
        .title = "Flächennutzungsplan 2040: frühzeitige Beteiligung",
        .description = "Die Stadt Grimma stellt ihren Flächennutzungsplan neu auf und bittet schon vor dem Entwurf um "
                       "Hinweise und Ideen: Wo soll gewohnt, gearbeitet, erholt werden?",
        .geometry = R"({"type":"Point","coordinates":[12.73,51.24]})"},
       6,
       std::nullopt},
      {"leipzig",
       {.type = Type::kConsultation,
        .title = "Radverkehrsentwicklungsplan Leipzig 2030+",
        .description = "Der Entwurf des Radverkehrsentwicklungsplans beschreibt Hauptrouten, Abstellanlagen und "
                       "Sicherheitsmaßnahmen für die nächsten zehn Jahre. Die Stadt bittet um Stellungnahmen.",
        .geometry = R"({"type":"Point","coordinates":[12.37,51.34]})",
        .publish_statements = true},
       -3,
       std::nullopt},
      {"naunhof",
       {.type = Type::kBimschg,
        .title = "Biogasanlage Naunhof-Albrechtshain: wesentliche Änderung",
        .description = "Erweiterung der Biogasanlage um einen Gärrestespeicher und ein zweites Blockheizkraftwerk "
                       "(Anlage nach der Industrieemissions-Richtlinie).",
        .applicant = "Agrargenossenschaft Albrechtshain eG",
        .ied = true,
        .documents_location = "Stadtverwaltung Naunhof, Markt 1, 04683 Naunhof",
        .geometry = R"({"type":"Point","coordinates":[12.57,51.29]})",
        .legal = {.site = "Naunhof, Ortsteil Albrechtshain, Gemarkung Albrechtshain, Flurstück 77/2",
                  .installation = "Gärrestespeicher mit 6.000 m³ Fassungsvermögen und zweites Blockheizkraftwerk mit "
                                  "1,2 MW Feuerungswärmeleistung",
                  .operation_start = "Frühjahr 2027",
                  .reports = "Geruchsimmissionsprognose, Ausbreitungsrechnung Ammoniak und Stickstoffdeposition; "
                             "keine Empfehlungen anderer Behörden"}},
       -90,
       8,
       Phase::kHearing},
      {"sachsen",
       {.type = Type::kConsultation,
        .title = "Entwurf eines Gesetzes über die Beteiligung der Öffentlichkeit in Sachsen",
        .description = "Die Staatsregierung hat den Referentenentwurf zur Anhörung gestellt. Die Stellungnahmen sind "
                       "ausgewertet; der Kabinettsbeschluss ist veröffentlicht."},
       -120,
       std::nullopt,
       Phase::kDecided,
       {.operative_part = "Das Kabinett hat den Gesetzentwurf am 14. Oktober beschlossen und dem Landtag zugeleitet. "
                          "38 Stellungnahmen wurden ausgewertet; die Abwägung ist veröffentlicht."}},
      // A decided approval: the notice replaces service, with the whole decision published for two weeks
      // (§ 10 Abs. 8 BImSchG).
      {"landesdirektion",
       {.type = Type::kBimschg,
        .title = "Holzheizkraftwerk Wurzen: Genehmigung einer Anlage zur Verbrennung von Altholz",
        .description = "Die Stadtwerke Wurzen GmbH beantragt die Genehmigung nach § 4 BImSchG für ein "
                       "Holzheizkraftwerk mit 18 MW Feuerungswärmeleistung, das Altholz der Kategorien A I bis A III "
                       "verbrennt und Fernwärme in das Netz der Stadt einspeist.",
        .applicant = "Stadtwerke Wurzen GmbH",
        .ied = true,
        .documents_location = "Landesdirektion Sachsen, Dienststelle Leipzig, Braustraße 2, 04107 Leipzig, Zimmer "
                              "204, Mo–Do 9–15 Uhr, Fr 9–12 Uhr",
        .geometry = R"({"type":"Point","coordinates":[12.74,51.37]})",
        .legal = {.site = "Wurzen, Gewerbegebiet Nord, Gemarkung Wurzen, Flurstück 1021/7",
                  .installation = "Holzheizkraftwerk mit 18 MW Feuerungswärmeleistung, Altholzlager für 4.000 t",
                  .operation_start = "Herbst 2027",
                  .reports = "Immissionsprognose Luftschadstoffe, Schallimmissionsprognose, UVP-Vorprüfung; keine "
                             "Empfehlungen anderer Behörden"}},
       -150,
       8,
       Phase::kDecided,
       {.outcome = Outcome::kGranted,
        .operative_part = "1. Der Stadtwerke Wurzen GmbH wird die Genehmigung nach § 4 BImSchG für die Errichtung und "
                          "den Betrieb eines Holzheizkraftwerks mit 18 MW Feuerungswärmeleistung am Standort Wurzen, "
                          "Gewerbegebiet Nord, Flurstück 1021/7, erteilt.\n2. Die Genehmigung ergeht mit den "
                          "Nebenbestimmungen in Abschnitt III des Bescheids.\n3. Die Einwendungen werden "
                          "zurückgewiesen, soweit ihnen nicht durch die Nebenbestimmungen entsprochen wird.",
        .remedies = "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim "
                    "Verwaltungsgericht Leipzig, Rathenaustraße 40, 04179 Leipzig, erhoben werden.",
        .conditions = true}},
      // A repeated publication of a changed draft, shortened to three weeks (§ 4a Abs. 3 BauGB).
      {"grimma",
       {.type = Type::kBaugb32,
        .title = "Bebauungsplan Nr. 38 „Gewerbegebiet Grimma-Süd“, 2. Entwurf",
        .description = "Nach der ersten Veröffentlichung wurde die Gewerbefläche GE 2 verkleinert und ein "
                       "Pflanzstreifen zur Wohnbebauung am Lindenweg ergänzt. Stellungnahmen sind nur zu diesen "
                       "Änderungen möglich.",
        .documents_location = "Stadtverwaltung Grimma, Markt 16/17, 04668 Grimma, Bauamt, Mo–Fr 9–12 Uhr",
        .geometry = R"({"type":"Point","coordinates":[12.72,51.225]})",
        .legal = {.plan_type = std::string(kPlanBplan),
                  .environmental_info = "Schutzgut Mensch: Schallgutachten Gewerbelärm (ergänzt)\n"
                                        "Schutzgut Tiere und Pflanzen: Eingriffs-Ausgleichs-Bilanz für den "
                                        "Pflanzstreifen",
                  .repeated = true,
                  .repeated_scope = "Verkleinerung der Fläche GE 2 und Pflanzstreifen am Lindenweg",
                  .repeat_reason = "Geändert nach den Stellungnahmen der ersten Veröffentlichung; die Änderungen "
                                   "betreffen zwei Teilflächen und sind auf zwei Plänen dargestellt, drei Wochen "
                                   "genügen, um sie zu prüfen."}},
       -4,
       7,
       Phase::kPublished,
       {},
       21},
  };
  for (const auto& item : demo) {
    db.Write([&](db::Tx& tx) {
      auto tenant = tenancy::FindBySlug(tx, item.tenant_slug);
      if (!tenant) return;
      for (const auto& existing : List(tx, {.tenant_id = tenant->id, .public_only = false, .limit = 1000})) {
        if (existing.title == item.input.title) return;  // loaded before
      }
      ProcedureInput input = item.input;
      input.display_start = law::AddDays(today, item.display_start_in_days);
      if (item.display_days) input.display_end = law::AddDays(input.display_start, *item.display_days - 1);
      if (item.announced_days_before_start) {
        input.announcement = law::AddDays(input.display_start, -*item.announced_days_before_start);
      }
      auto dates = PlanDates(input, tenant->land, tenant->ags, today);
      if (!dates) return;
      Procedure procedure = Create(tx, tenant->id, std::nullopt, input, *dates, now);
      const db::UnixSeconds published_at =
          now + static_cast<db::UnixSeconds>(item.display_start_in_days - 8) * 86400;
      if (procedure.type == Type::kBimschg) {
        // § 10 Abs. 4 Nr. 3 BImSchG: the announcement sets the hearing, a few weeks after the objection period.
        db::UnixSeconds hearing =
            (law::DaysBetween({1970, 1, 1}, law::AddDays(dates->objection_end, 21)) * 86400LL) + 9 * 3600;
        auto place = item.phase == Phase::kHearing ? "Stadthalle Naunhof, Markt 1, 04683 Naunhof"
                                                   : "Landesdirektion Sachsen, Braustraße 2, 04107 Leipzig, Saal 1";
        procedure = *SetHearing(tx, procedure.id, hearing, place, now);
      }
      auto published = SetPhase(tx, procedure.id, Phase::kPublished, published_at);
      if (published) {
        // The announcement as published (§ 27a VwVfG): frozen with the day of publication.
        FreezeAnnouncement(tx, procedure.id,
                           AnnouncementText(*published, *tenant,
                                            std::string(base_url) + ProcedurePath(tenant->slug, procedure.id)),
                           published_at);
      }
      if (item.phase == Phase::kHearing) {
        (void)SetPhase(tx, procedure.id, Phase::kHearing, now);
      } else if (item.phase == Phase::kDecided) {
        (void)SetPhase(tx, procedure.id, Phase::kDecided, now, item.decision);
      }
      (void)published;
    });
  }
}

}  // namespace mw::procedures
