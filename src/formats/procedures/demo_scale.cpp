// Land-scale demo data of the procedures format (demo_scale.hpp).
#include "formats/procedures/demo_scale.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "formats/procedures/announcement.hpp"
#include "formats/procedures/cluster_store.hpp"
#include "formats/procedures/document_store.hpp"
#include "formats/procedures/documents_pdf.hpp"
#include "formats/procedures/search.hpp"
#include "formats/procedures/store.hpp"
#include "formats/procedures/weighing.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/seeded_random.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

constexpr std::array<std::string_view, 24> kFirstNames{
    "Anna",  "Ben",    "Clara", "David",  "Emma",  "Felix",  "Greta", "Hannes", "Ida",    "Jonas",  "Katharina", "Lukas",
    "Marie", "Niklas", "Olga",  "Paul",   "Rita",  "Stefan", "Tanja", "Ulrich", "Vera",   "Werner", "Yasemin",   "Zoe"};
constexpr std::array<std::string_view, 24> kLastNames{
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber",  "Meyer",   "Wagner",  "Becker",
    "Schulz", "Hoffmann", "Koch",     "Bauer",   "Richter", "Klein",  "Wolf",    "Schröder",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Yilmaz",  "Kowalski"};
constexpr std::array<std::string_view, 12> kStreets{"Hauptstraße",  "Kirchweg",    "Lindenallee", "Am Markt",
                                                    "Bahnhofstraße", "Mühlenweg",   "Schulstraße", "Gartenstraße",
                                                    "Waldweg",      "Am Sportplatz", "Ringstraße",  "Feldstraße"};
constexpr std::array<std::string_view, 14> kFieldNames{"Am Mühlenbach", "Auf der Heide", "Lindenhof",  "Am Sonnenhang",
                                                       "Kirchfeld",     "Westlich der Bahn", "Alte Ziegelei",
                                                       "Im Bruch",      "An der Aue",    "Gewerbegebiet Nord",
                                                       "Am Wasserturm", "Schulzentrum",  "Hofwiese",   "Am Stadtpark"};
constexpr std::array<std::string_view, 10> kConsultationTopics{
    "Lärmaktionsplan",           "Radverkehrskonzept",          "Klimaschutzkonzept",
    "Nahverkehrsplan",           "Satzung über die Gestaltung der Innenstadt", "Schulentwicklungsplan",
    "Spielplatzkonzept",         "Einzelhandelskonzept",        "Hitzeaktionsplan",
    "Friedhofssatzung"};
constexpr std::array<std::string_view, 8> kBimschgPlants{
    "Windpark", "Biogasanlage", "Kompostieranlage", "Tierhaltungsanlage", "Holzheizkraftwerk",
    "Bauschuttrecyclinganlage", "Asphaltmischanlage", "Batteriespeicher"};
constexpr std::array<std::string_view, 6> kInfrastructure{"Ortsumgehung", "Neubau der Landesstraße",
                                                          "Ausbau der Bahnstrecke", "Hochwasserschutzdeich",
                                                          "Radschnellweg", "Regenrückhaltebecken"};

// Sentences of statements as people write them; a statement is a few of them (or many).
constexpr std::array<std::string_view, 32> kSentences{
    "Ich wohne in unmittelbarer Nähe des Plangebiets und befürchte eine erhebliche Zunahme des Verkehrslärms.",
    "Die Lärmbelastung in den Nachtstunden ist schon heute kaum zu ertragen.",
    "Bitte prüfen Sie, ob die Zufahrt nicht über die bestehende Kreisstraße geführt werden kann.",
    "Im Gutachten fehlt eine Aussage zu den Fledermäusen, die im alten Baumbestand leben.",
    "Der Rotmilan brütet seit Jahren am Waldrand; die artenschutzrechtliche Prüfung berücksichtigt das nicht.",
    "Die geplante Bebauung versiegelt wertvolle Ackerflächen, die für die Landwirtschaft verloren gehen.",
    "Ich bitte darum, die alten Eichen entlang des Weges zu erhalten.",
    "Die Entwässerung des Gebiets ist nicht ausreichend geplant; schon heute laufen bei Starkregen Keller voll.",
    "Das Grundwasser steht hier sehr hoch, eine Tiefgarage halte ich für bedenklich.",
    "Für Kinder fehlt ein sicherer Schulweg mit Querungshilfe.",
    "Der Schattenwurf der Anlagen trifft unser Wohnhaus in den Wintermonaten am Nachmittag.",
    "Die Abstände zur Wohnbebauung sind zu gering bemessen.",
    "Ich begrüße das Vorhaben grundsätzlich, bitte aber um eine bessere Anbindung an den Busverkehr.",
    "Es fehlen ausreichend Stellplätze für Fahrräder und Lastenräder.",
    "Die Geschosshöhe passt nicht zur umgebenden Bebauung mit Einfamilienhäusern.",
    "Der Geruch aus der Anlage wird bei Westwind bis in die Ortsmitte ziehen.",
    "Die Berechnung der Immissionen geht von veralteten Verkehrszahlen aus.",
    "Während der Bauzeit muss die Erreichbarkeit der Geschäfte gesichert sein.",
    "Bitte sehen Sie einen Grünzug mit Spielplatz vor, wie er im Flächennutzungsplan vorgesehen war.",
    "Die Kaltluftschneise vom Hang in die Innenstadt darf nicht verbaut werden.",
    "Der Landwirtschaftsbetrieb muss seine Flächen nördlich der Trasse weiterhin erreichen können.",
    "Ich rege an, die Photovoltaik auf den Dächern verbindlich festzusetzen.",
    "Die Kosten für die Erschließung dürfen nicht auf die Anlieger umgelegt werden.",
    "Der Lkw-Verkehr zur Anlage soll nicht durch das Wohngebiet fahren.",
    "Die Unterlagen waren online nur schwer zu finden; bitte verlinken Sie sie auf der Startseite.",
    "Die Brücke über den Bach verschattet mein Grundstück erheblich.",
    "Bitte berücksichtigen Sie die Hochwassergefahrenkarte bei der Abgrenzung des Baugebiets.",
    "Die Ausgleichsflächen liegen weit entfernt und nützen der Natur vor Ort nichts.",
    "Ich bitte um eine Erörterung der Einwendungen in einer öffentlichen Versammlung am Abend.",
    "Die Zahl der Wohnungen ist für die vorhandene Kita und Grundschule zu hoch.",
    "Der Baumschutz während der Bauarbeiten muss im Vertrag mit dem Vorhabenträger geregelt werden.",
    "Die Beleuchtung der Anlage stört nachtaktive Insekten und die Anwohnerinnen und Anwohner."};

// A form letter (Sammeleinwendung): many people send the same text with their own name.
constexpr std::string_view kFormLetter =
    "Hiermit erhebe ich Einwendungen gegen das Vorhaben. Die Belastung durch Lärm und Verkehr ist für die "
    "Anwohnerinnen und Anwohner nicht zumutbar, der Artenschutz ist nicht ausreichend geprüft und die Alternativen "
    "wurden nicht ernsthaft untersucht. Ich fordere, den Antrag abzulehnen.";

std::string Name(SeededRandom& random) {
  return std::string(random.Pick(kFirstNames)) + " " + std::string(random.Pick(kLastNames));
}

// A deterministic ASCII e-mail local part for a name ("Jürgen Groß" → "juergen.gross").
std::string MailLocal(std::string_view name) {
  std::string out;
  for (char c : GermanToAscii(name)) {
    if (c == ' ') {
      out += '.';
    } else if (static_cast<unsigned char>(c) < 0x80) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string StatementText(SeededRandom& random, std::string_view name) {
  // Mostly short, some long, a few very long (the texts of associations and lawyers).
  std::int64_t sentences = 1;
  double kind = random.Unit();
  if (kind < 0.55) {
    sentences = random.Between(1, 3);
  } else if (kind < 0.9) {
    sentences = random.Between(4, 10);
  } else if (kind < 0.99) {
    sentences = random.Between(11, 30);
  } else {
    sentences = random.Between(60, 150);
  }
  std::string text;
  const bool letter = sentences > 3 && random.Chance(0.6);
  if (letter) text = "Sehr geehrte Damen und Herren,\n\n";
  for (std::int64_t sentence_idx = 0; sentence_idx < sentences; ++sentence_idx) {
    if (sentence_idx > 0) text += sentence_idx % 5 == 0 ? "\n\n" : " ";
    text += random.Pick(kSentences);
  }
  if (letter) text += "\n\nMit freundlichen Grüßen\n" + std::string(name);
  return text;
}

std::string PostalAddress(SeededRandom& random, const tenancy::Tenant& tenant) {
  std::string place = tenant.name.substr(tenant.name.find(' ') + 1);
  return std::string(random.Pick(kStreets)) + " " + std::to_string(random.Between(1, 120)) + ", " +
         std::to_string(random.Between(40210, 59969)) + " " + place;
}

// The place of a tenant's name without its kind ("Gemeinde Eichenhausen" → "Eichenhausen").
std::string Place(const tenancy::Tenant& tenant) {
  auto space = tenant.name.find(' ');
  return space == std::string::npos ? tenant.name : tenant.name.substr(space + 1);
}

// Where a tenant lies: a fixed point per tenant inside North Rhine-Westphalia's bounding box.
std::pair<double, double> Centre(const tenancy::Tenant& tenant) {
  SeededRandom random(static_cast<std::uint64_t>(tenant.id) * 7919 + 17);
  return {50.45 + random.Unit() * 1.9, 6.1 + random.Unit() * 3.1};
}

// Which tenants take procedures of which type: the Land consultations, authorities and Kreise approvals and
// Planfeststellungen, municipalities their Bauleitpläne.
bool Suits(const tenancy::Tenant& tenant, Type type) {
  switch (type) {
    case Type::kConsultation: return true;
    case Type::kBaugb31:
    case Type::kBaugb32:
    case Type::kBaugb42: return tenant.kind == "gemeinde" || tenant.kind == "kreis";
    case Type::kBimschg:
    case Type::kVwvfg73: return tenant.kind == "behoerde" || tenant.kind == "kreis";
  }
  return true;
}

struct Generated {
  ProcedureInput input;
  Phase phase = Phase::kPublished;
};

Generated GenerateProcedure(SeededRandom& random, const tenancy::Tenant& tenant, Type type, std::int64_t number,
                            law::Date today) {
  Generated out;
  ProcedureInput& input = out.input;
  input.type = type;
  const std::string place = Place(tenant);
  const std::string field(random.Pick(kFieldNames));
  switch (type) {
    case Type::kConsultation:
      input.title = std::string(random.Pick(kConsultationTopics)) + " " + place + " " + std::to_string(2020 + number % 12);
      input.description = "Der Entwurf liegt zur Beteiligung aus. " + place +
                          " bittet Bürgerinnen und Bürger, Verbände und Behörden um Stellungnahmen und Hinweise.";
      break;
    case Type::kBaugb31:
      input.title = "Flächennutzungsplan " + place + ", " + std::to_string(number % 40 + 1) + ". Änderung „" + field +
                    "“: frühzeitige Beteiligung";
      input.description = "Vor dem Entwurf bittet " + place + " um Hinweise und Ideen zur Änderung im Bereich „" +
                          field + "“.";
      input.legal.plan_type = std::string(kPlanFnp);
      break;
    case Type::kBaugb32:
    case Type::kBaugb42:
      input.title = "Bebauungsplan Nr. " + std::to_string(number % 300 + 1) + " „" + field + "“" +
                    (type == Type::kBaugb42 ? " (Träger öffentlicher Belange)" : "");
      input.description = "Der Entwurf sieht ein Wohngebiet mit " + std::to_string(random.Between(12, 400)) +
                          " Wohnungen, Grünflächen und einer Erschließung über die " +
                          std::string(random.Pick(kStreets)) + " vor. Die Begründung mit Umweltbericht liegt bei.";
      input.legal.plan_type = std::string(kPlanBplan);
      input.legal.environmental_info =
          "Schutzgut Mensch: Schallgutachten Straßenverkehr\nSchutzgut Tiere und Pflanzen: Biotopkartierung\n"
          "Schutzgut Wasser: Entwässerungskonzept";
      input.publish_statements = random.Chance(0.3);
      break;
    case Type::kBimschg: {
      std::string plant(random.Pick(kBimschgPlants));
      input.title = plant + " " + place + "-" + std::string(random.Pick(std::array<std::string_view, 4>{
                                                        "Nord", "Ost", "Süd", "West"})) +
                    ": Genehmigung nach § 4 BImSchG";
      input.description = "Die Vorhabenträgerin beantragt die Genehmigung für Errichtung und Betrieb (" + plant +
                          "). Antrag, Gutachten und Stellungnahmen der Fachbehörden liegen aus.";
      input.applicant = plant + " " + place + " GmbH & Co. KG";
      input.ied = random.Chance(0.3);
      input.uvp = !input.ied && random.Chance(0.5);
      input.legal = {.site = place + ", Gemarkung " + place + ", Flur " + std::to_string(random.Between(1, 30)),
                     .installation = plant + " nach Anhang 1 der 4. BImSchV",
                     .operation_start = std::to_string(today.year + 1 + number % 3),
                     .reports = "Schallimmissionsprognose, artenschutzrechtlicher Fachbeitrag"};
      break;
    }
    case Type::kVwvfg73:
      input.title = std::string(random.Pick(kInfrastructure)) + " " + place + ": Planfeststellung";
      input.description = "Die Pläne zeigen Trasse, Lärmschutz, landschaftspflegerische Maßnahmen und die "
                          "betroffenen Grundstücke.";
      input.applicant = "Landesbetrieb Straßenbau, Regionalniederlassung " + place;
      input.uvp = random.Chance(0.6);
      input.legal = {.filing_municipality = tenant.name, .filing_ags = tenant.ags.size() == 8 ? tenant.ags : ""};
      break;
  }
  input.documents_location = tenant.name + ", Rathaus, " + std::string(random.Pick(kStreets)) + " 1, Zimmer " +
                             std::to_string(random.Between(1, 320));
  auto [lat, lon] = Centre(tenant);
  lat += (random.Unit() - 0.5) * 0.08;
  lon += (random.Unit() - 0.5) * 0.12;
  char geometry[120];
  std::snprintf(geometry, sizeof geometry, R"({"type":"Point","coordinates":[%.4f,%.4f]})", lon, lat);
  input.geometry = geometry;

  // When: 12 % still to come (some of them drafts), 18 % running, the rest over — up to three years back.
  double when = random.Unit();
  if (when < 0.12) {
    input.display_start = law::AddDays(today, static_cast<int>(random.Between(1, 60)));
    out.phase = random.Chance(0.3) ? Phase::kDraft : Phase::kPublished;
  } else if (when < 0.30) {
    input.display_start = law::AddDays(today, -static_cast<int>(random.Between(0, 25)));
  } else {
    input.display_start = law::AddDays(today, -static_cast<int>(random.Between(40, 1100)));
    double stage = random.Unit();
    if (stage < 0.25) {
      out.phase = Phase::kPublished;  // evaluation
    } else if (stage < 0.4 && HasHearing(type)) {
      out.phase = Phase::kHearing;
    } else if (stage < 0.8) {
      out.phase = Phase::kDecided;
    } else {
      out.phase = Phase::kArchived;
    }
  }
  if (type == Type::kBimschg || type == Type::kVwvfg73 || type == Type::kBaugb32 || type == Type::kBaugb42) {
    input.announcement = law::AddDays(input.display_start, -10);
  }
  return out;
}

db::UnixSeconds Noon(law::Date day) { return EndOfDay(day) - 12 * 3600; }

// One procedure with its document(s), in the caller's transaction. nullopt if the law's dates refuse the input.
std::optional<Procedure> StoreProcedure(db::Tx& tx, SeededRandom& random, const tenancy::Tenant& tenant,
                                        const Generated& generated, std::string_view base_url, db::UnixSeconds now,
                                        std::int64_t* documents) {
  const law::Date today = LocalDate(now);
  auto dates = PlanDates(generated.input, tenant.land, tenant.ags, today);
  if (!dates) return std::nullopt;
  const law::Date start = dates->display_start;
  const db::UnixSeconds created_at = std::min(now - 3600, Noon(law::AddDays(start, -20)));
  Procedure procedure = Create(tx, tenant.id, std::nullopt, generated.input, *dates, created_at);

  // The documents: an application or draft, and for most a report or plan too; now and then a second version.
  const std::int64_t files = random.Between(1, 3);
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kFiles{
      std::pair{"Antrag und Erläuterung", "Erlaeuterung.pdf"}, std::pair{"Gutachten", "Gutachten.pdf"},
      std::pair{"Lageplan", "Lageplan.pdf"}};
  for (std::int64_t file_idx = 0; file_idx < files; ++file_idx) {
    auto chapter = EnsureChapter(tx, procedure.id, file_idx == 2 ? "Pläne" : "Unterlagen", created_at);
    std::string pdf = MinimalPdf({std::string(kFiles[file_idx].first), procedure.title, tenant.name,
                                  "Stand: " + law::FormatIso(start)});
    auto stored = AddVersion(tx,
                             {.procedure_id = procedure.id,
                              .chapter_id = chapter.id,
                              .title = std::string(kFiles[file_idx].first),
                              .facts = {.filename = std::string(kFiles[file_idx].second),
                                        .content_type = "application/pdf",
                                        .size = pdf.size(),
                                        .sha256 = Sha256Hex(pdf)}},
                             StringSource(pdf), created_at);
    if (!stored) throw std::runtime_error("scale demo document: " + stored.error().message);
    ++*documents;
  }
  if (generated.phase == Phase::kDraft) return procedure;

  if (procedure.type == Type::kBimschg) {
    db::UnixSeconds hearing = Noon(law::AddDays(dates->objection_end, 21)) - 3 * 3600;
    procedure = *SetHearing(tx, procedure.id, hearing, "Stadthalle " + Place(tenant), created_at);
  }
  const db::UnixSeconds published_at = std::min(now - 60, Noon(law::AddDays(start, -9)));
  auto published = SetPhase(tx, procedure.id, Phase::kPublished, published_at);
  if (!published) throw std::runtime_error("scale demo publish: " + published.error().message);
  FreezeAnnouncement(tx, procedure.id,
                     AnnouncementText(*published, tenant,
                                      std::string(base_url) + "/" + tenant.slug + "/verfahren/" +
                                          std::to_string(procedure.id)),
                     published_at);
  procedure = *published;
  const db::UnixSeconds after_period = Noon(law::AddDays(dates->objection_end, 1));
  if (generated.phase == Phase::kHearing) {
    procedure = *SetPhase(tx, procedure.id, Phase::kHearing, std::min(now, after_period + 20 * 86400));
  }
  if (generated.phase == Phase::kDecided || generated.phase == Phase::kArchived) {
    const db::UnixSeconds decided_at = std::min(now - 30, after_period + random.Between(20, 90) * 86400);
    auto decided = SetPhase(tx, procedure.id, Phase::kDecided, decided_at,
                            {.operative_part = "Die Stellungnahmen wurden ausgewertet und abgewogen. Die Entscheidung "
                                               "ist am " + law::FormatIso(LocalDate(decided_at)) + " ergangen."});
    if (decided) procedure = *decided;
    if (decided && random.Chance(0.5)) {
      if (auto shown = SetResultPublished(tx, procedure.id, true, decided_at)) procedure = *shown;
    }
    if (decided && generated.phase == Phase::kArchived) {
      if (auto archived = SetPhase(tx, procedure.id, Phase::kArchived, std::min(now - 10, decided_at + 180 * 86400))) {
        procedure = *archived;
      }
    }
  }
  return procedure;
}

// The statements of the procedures that have begun, as multi-row INSERTs of kBatchRows rows each, kRowsPerWrite rows
// per transaction (large: some indexes have keys all over the table, and each transaction rewrites the pages it
// touched). References run per tenant and year as Submit numbers them; the counters are set at the end.
class StatementWriter {
 public:
  static constexpr std::size_t kBatchRows = 200;
  static constexpr std::size_t kRowsPerWrite = 100'000;

  explicit StatementWriter(db::Database& db) : db_(db) {}

  struct Row {
    std::int64_t procedure_id;
    std::int64_t tenant_id;
    std::string reference;
    std::string reference_prefix;
    Channel channel;
    std::string name;
    std::string address;
    std::string email;
    std::string text;
    db::UnixSeconds received_at;
    bool late;
    std::int64_t signatories;
    bool publish_text_consent;
    std::optional<std::pair<WorkStatus, std::optional<std::int64_t>>> work;  // status and assignee
  };

  void Add(Row row) {
    rows_.push_back(std::move(row));
    if (rows_.size() >= kRowsPerWrite) Flush();
  }

  void Flush() {
    if (rows_.empty()) return;
    db_.Write([&](db::Tx& tx) {
      for (std::size_t first = 0; first < rows_.size(); first += kBatchRows) {
        InsertBatch(tx, first, std::min(rows_.size(), first + kBatchRows));
      }
    });
    written_ += static_cast<std::int64_t>(rows_.size());
    rows_.clear();
  }

  std::int64_t written() const { return written_; }

 private:
  void InsertBatch(db::Tx& tx, std::size_t first, std::size_t end) {
    std::string sql =
        "INSERT INTO procedure_statement (procedure_id, tenant_id, reference, channel, author_name, author_address, "
        "author_email, text, received_at, sha256, late, signatories, publish_text_consent, created_at, reference_prefix) "
        "VALUES ";
    db::Params params;
    params.reserve((end - first) * 15);
    for (std::size_t row_idx = first; row_idx < end; ++row_idx) {
      const Row& row = rows_[row_idx];
      sql += row_idx == first ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                              : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      params.insert(params.end(), {row.procedure_id, row.tenant_id, row.reference, ChannelName(row.channel), row.name,
                                   row.address, row.email, row.text, row.received_at, ContentSha256(row.text),
                                   row.late, row.signatories, row.publish_text_consent, row.received_at,
                                   row.reference_prefix});
    }
    sql += " RETURNING id, tenant_id, reference";
    // Match the ids to the rows by (tenant, reference), unique by the table's constraint: RETURNING does not promise
    // the order of the VALUES.
    std::map<std::pair<std::int64_t, std::string>, std::int64_t> ids;
    for (const auto& returned : tx.Query(sql, params)) {
      ids.emplace(std::pair{returned.Int(1), returned.Text(2)}, returned.Int(0));
    }
    std::string fts_sql = "INSERT INTO procedure_statement_fts (rowid, stems) VALUES ";
    db::Params fts_params;
    std::string work_sql =
        "INSERT INTO procedure_statement_work (statement_id, status, assignee_id, updated_by, updated_at) VALUES ";
    db::Params work_params;
    for (std::size_t row_idx = first; row_idx < end; ++row_idx) {
      const Row& row = rows_[row_idx];
      const std::int64_t id = ids.at({row.tenant_id, row.reference});
      if (tx.dialect() == db::Dialect::kSqlite) {  // PostgreSQL indexes by its expression index itself
        fts_sql += fts_params.empty() ? "(?, ?)" : ", (?, ?)";
        // What IndexStatement (Submit) indexes: name, organisation (none here) and text, with the procedure.
        fts_params.insert(fts_params.end(), {id, ProcedureStems(row.procedure_id, row.name + " " + " " + row.text)});
      }
      if (row.work) {
        work_sql += work_params.empty() ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
        work_params.insert(work_params.end(), {id, WorkStatusName(row.work->first), row.work->second,
                                               row.work->second, row.received_at + 7 * 86400});
      }
    }
    if (!fts_params.empty()) tx.Exec(fts_sql, fts_params);
    if (!work_params.empty()) tx.Exec(work_sql, work_params);
  }

  db::Database& db_;
  std::vector<Row> rows_;
  std::int64_t written_ = 0;
};

}  // namespace

constexpr int kClusterRunsBatch = 200;

ScaleDemoMade LoadScaleDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url, const ScaleDemo& input) {
  if (input.tenants.empty()) throw std::invalid_argument("scale demo: no tenants");
  SeededRandom random(input.seed);
  const law::Date today = LocalDate(now);
  ScaleDemoMade made;

  // Procedures: every type in turn, each at a tenant that takes that type.
  std::vector<Procedure> begun;  // public and begun: they receive statements
  std::map<std::int64_t, const tenancy::Tenant*> tenant_of;
  for (const auto& tenant : input.tenants) tenant_of[tenant.id] = &tenant;
  constexpr std::int64_t kProceduresPerWrite = 100;
  for (std::int64_t first = 0; first < input.procedures; first += kProceduresPerWrite) {
    db.Write([&](db::Tx& tx) {
      for (std::int64_t number = first; number < std::min(input.procedures, first + kProceduresPerWrite); ++number) {
        const Type type = AllTypes()[static_cast<std::size_t>(number) % AllTypes().size()];
        const tenancy::Tenant* tenant = &random.Pick(input.tenants);
        for (int attempt = 0; attempt < 20 && !Suits(*tenant, type); ++attempt) tenant = &random.Pick(input.tenants);
        Generated generated = GenerateProcedure(random, *tenant, type, number, today);
        auto procedure = StoreProcedure(tx, random, *tenant, generated, base_url, now, &made.documents);
        if (!procedure) continue;
        ++made.procedures;
        if (procedure->phase != Phase::kDraft && procedure->display_start <= today) begun.push_back(*procedure);
      }
    });
  }
  if (begun.empty() || input.statements <= 0) return made;

  // Statements: most procedures get a few dozen, some hundreds, a few (mass objections) thousands.
  std::vector<double> weights;
  double total_weight = 0;
  for (std::size_t procedure_idx = 0; procedure_idx < begun.size(); ++procedure_idx) {
    double weight = random.Chance(0.005) ? 300 : random.Chance(0.02) ? 40 : random.Chance(0.1) ? 6 : 1;
    weight *= 0.5 + random.Unit();
    weights.push_back(weight);
    total_weight += weight;
  }
  std::map<std::pair<std::int64_t, int>, std::int64_t> last_reference;  // (tenant, year) → last number
  std::map<std::int64_t, std::string> prefix_of;  // tenant → reference prefix
  db.Write([&](db::Tx& tx) {
    for (const auto& procedure : begun) {
      if (!prefix_of.contains(procedure.tenant_id)) {
        prefix_of[procedure.tenant_id] = ReferencePrefixOf(tx, procedure.tenant_id, now);
      }
    }
  });
  StatementWriter writer(db);
  std::int64_t assigned = 0;
  for (std::size_t procedure_idx = 0; procedure_idx < begun.size(); ++procedure_idx) {
    const Procedure& procedure = begun[procedure_idx];
    const tenancy::Tenant& tenant = *tenant_of.at(procedure.tenant_id);
    std::int64_t count = procedure_idx + 1 == begun.size()
                             ? input.statements - assigned
                             : static_cast<std::int64_t>(std::llround(weights[procedure_idx] / total_weight *
                                                                      static_cast<double>(input.statements)));
    count = std::clamp<std::int64_t>(count, 0, input.statements - assigned);
    assigned += count;
    const db::UnixSeconds opens = EndOfDay(procedure.display_start) - 86400 + 7 * 3600;
    const db::UnixSeconds closes = std::min(now - 60, procedure.closes_at - 1);
    const bool evaluated = procedure.phase != Phase::kPublished;
    auto case_worker = input.case_workers.find(procedure.tenant_id);
    const bool mass = count > 2000;
    for (std::int64_t statement_idx = 0; statement_idx < count; ++statement_idx) {
      StatementWriter::Row row{.procedure_id = procedure.id, .tenant_id = procedure.tenant_id};
      row.name = Name(random);
      double channel = random.Unit();
      row.channel = channel < 0.85 ? Channel::kOnline : channel < 0.95 ? Channel::kMail : Channel::kPaper;
      row.address = RequiresNameAndAddress(procedure.type) || random.Chance(0.5) ? PostalAddress(random, tenant) : "";
      if (row.channel == Channel::kOnline) {
        row.email = MailLocal(row.name) + "." + std::to_string(statement_idx + 1) + "@example.org";
      }
      row.text = mass && random.Chance(0.6) ? std::string(kFormLetter) + "\n\n" + row.name : StatementText(random, row.name);
      // A few arrive after the period: flagged late, stored all the same.
      row.received_at = random.Chance(0.03) ? std::min(now - 30, procedure.closes_at + random.Between(0, 10 * 86400))
                                            : opens + random.Between(0, std::max<db::UnixSeconds>(0, closes - opens));
      row.late = IsLate(row.received_at, procedure.objection_end);
      row.signatories = row.channel == Channel::kPaper && random.Chance(0.1) ? random.Between(2, 400) : 1;
      row.publish_text_consent = procedure.publish_statements && random.Chance(0.7);
      const int year = LocalDate(row.received_at).year;
      row.reference_prefix = prefix_of.at(procedure.tenant_id);
      row.reference = FormatReference(row.reference_prefix, year, ++last_reference[{procedure.tenant_id, year}]);
      if (evaluated || random.Chance(0.3)) {
        std::optional<std::int64_t> assignee;
        if (case_worker != input.case_workers.end()) assignee = case_worker->second;
        WorkStatus status = evaluated && random.Chance(0.8) ? WorkStatus::kDone
                            : random.Chance(0.5)            ? WorkStatus::kInProgress
                                                            : WorkStatus::kNew;
        row.work = std::pair{status, assignee};
      }
      writer.Add(std::move(row));
    }
  }
  writer.Flush();
  made.statements = writer.written();
  db.Write([&](db::Tx& tx) {
    for (const auto& [key, last] : last_reference) {
      tx.Exec("INSERT INTO procedure_reference_counter (tenant_id, year, last) VALUES (?, ?, ?) "
              "ON CONFLICT (tenant_id, year) DO UPDATE SET last = CASE WHEN procedure_reference_counter.last > "
              "excluded.last THEN procedure_reference_counter.last ELSE excluded.last END",
              {key.first, key.second, last});
    }
  });
  // The groups of similar statements as the clustering job keeps them: without this, a fresh Land-scale
  // installation would spend its first two hours catching up (20 procedures a minute), and whatever is measured on
  // it meanwhile would measure that. Bounded, in case a procedure stayed due.
  const std::size_t runs = begun.size() / kClusterRunsBatch + 2;
  for (std::size_t run = 0; run < runs && ReclusterDue(db, now, kClusterRunsBatch) > 0; ++run) {
  }
  return made;
}

}  // namespace mw::procedures
