// Formal procedures: the pure rules of the format — procedure types and what the law asks of each, the phases of a
// procedure's life and the status a visitor sees on a given day, the dates from the deadline engine, the limits and
// German messages of the forms, reference numbers and the late flag of statements. No I/O; "today" and "now" are
// parameters.
//
//   procedures::ProcedureInput input{.type = Type::kBimschg, .title = "Windpark Naunhof", .description = "…",
//                                    .display_start = {2026, 12, 7}};
//   auto planned = procedures::PlanDates(input, "SN", "14729300", /*today=*/{2026, 11, 26});
//   planned->display_end;      // 2027-01-06: one month (§ 10 Abs. 3 S. 2 BImSchG)
//   planned->objection_end;    // 2027-01-20: two weeks after the display
//   procedures::StatusOn(Phase::kPublished, *planned, {2026, 12, 10});  // Status::kParticipation
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "law/date.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"
#include "platform/places/places.hpp"

namespace mw::procedures {

// The procedure types of the portal (column procedure.type, the API's `type`).
enum class Type {
  kConsultation,  // Anhörung/Verfahren: draft law, ordinance, statute, concept — no statutory period
  kBaugb31,       // § 3 Abs. 1 BauGB: early public participation — no statutory period
  kBaugb32,       // § 3 Abs. 2 BauGB: publication of the draft plan
  kBaugb42,       // § 4 Abs. 2 BauGB: Träger öffentlicher Belange
  kBimschg,       // § 10 BImSchG with the 9. BImSchV (flags: IED installation, UVP-pflichtig)
  kVwvfg73,       // Planfeststellung, § 73 VwVfG (flag: UVP-pflichtig)
};
// "consultation", "baugb-3-1", "baugb-3-2", "baugb-4-2", "bimschg", "vwvfg-73".
std::string_view TypeName(Type type);
std::optional<Type> ParseType(std::string_view name);
const std::vector<Type>& AllTypes();

// The deadline engine's rule for a procedure of `type` (law::FindProcedureRule): "free" for consultations and early
// participation, "bimschg-ied"/"bimschg-uvp" for BImSchG with the flags (one month for objections), "vwvfg-73-uvp".
std::string_view LawRule(Type type, bool ied, bool uvp);
// Objections/statements must carry name and postal address (§ 10 Abs. 3 BImSchG with § 12 9. BImSchV, § 73 Abs. 4
// VwVfG: an objection must let the authority know who raises it). Other types take them optionally.
bool RequiresNameAndAddress(Type type);
// The type knows an Erörterungstermin (BImSchG § 10 Abs. 6, § 73 Abs. 6 VwVfG).
bool HasHearing(Type type);
// Submissions are called objections (Einwendungen) rather than statements (Stellungnahmen).
bool TakesObjections(Type type);
// Later objections are precluded (§ 10 Abs. 3 Satz 9 BImSchG, § 73 Abs. 4 Satz 3 VwVfG) — the announcement says so. Late
// submissions are still stored and flagged, never refused.
bool HasPreclusion(Type type);

// The phases of a procedure's life as stored (column procedure.phase). Announced, participation and evaluation are
// not stored: they follow from the dates (see StatusOn), so that no job has to flip them at midnight.
enum class Phase { kDraft, kPublished, kHearing, kDecided, kArchived };
std::string_view PhaseName(Phase phase);  // "draft", "published", "hearing", "decided", "archived"
std::optional<Phase> ParsePhase(std::string_view name);
// Draft → published → (hearing) → decided → archived; a published procedure may also be decided without a hearing.
bool CanTransition(Phase from, Phase to);

// What a visitor sees: draft → announced → participation (display and objection period) → evaluation → hearing →
// decided → archived.
enum class Status { kDraft, kAnnounced, kParticipation, kEvaluation, kHearing, kDecided, kArchived };
std::string_view StatusName(Status status);  // "draft", "announced", "participation", "evaluation", "hearing", …
std::optional<Status> ParseStatus(std::string_view name);

// The legally derived dates of a procedure, with their explanation and warnings (German sentences).
struct Dates {
  law::Date display_start;
  law::Date display_end;
  law::Date objection_end;  // the last day on which a submission is in time
  std::vector<std::string> explanation;
  std::vector<std::string> warnings;
};
// The status on `today` (the local date at the authority's seat).
Status StatusOn(Phase phase, law::Date display_start, law::Date objection_end, law::Date today);
// Whether visitors without a role see the procedure (every phase but draft).
bool IsPublic(Phase phase);

inline constexpr std::size_t kMaxTitleChars = 300;
inline constexpr std::size_t kMaxDescriptionChars = 20'000;
inline constexpr std::size_t kMaxApplicantChars = 300;
inline constexpr std::size_t kMaxLocationChars = 1'000;   // where the documents can also be seen on paper
inline constexpr std::size_t kMaxHearingChars = 1'000;    // place or online address of the hearing
inline constexpr std::size_t kMaxGeometryBytes = 200'000;  // GeoJSON of a point or area
// About 25 printed pages: more than any statement typed into a form needs; longer texts come as attachments. Also the
// bound of the work of laying out a receipt or a weighing table (docs/security.md, "Files and PDFs").
inline constexpr std::size_t kMaxStatementChars = 50'000;
inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxAddressChars = 500;
inline constexpr std::size_t kMaxPageChars = 50;
inline constexpr std::size_t kMaxDetailChars = 1'000;             // site, installation, operation start, municipality
inline constexpr std::size_t kMaxEnvironmentalInfoChars = 10'000;  // types of environmental information, reports
// Without a display_end, procedures without a statutory period run this long.
inline constexpr int kDefaultFreeDays = 30;

// The plan of a Bauleitplanung (§ 1 Abs. 2 BauGB): Flächennutzungsplan or Bebauungsplan (column plan_type).
inline constexpr std::string_view kPlanFnp = "fnp";
inline constexpr std::string_view kPlanBplan = "bplan";
bool IsBauleitplanung(Type type);  // § 3 Abs. 1, § 3 Abs. 2, § 4 Abs. 2 BauGB

// What the announcement must say beyond the dates, per type (migration 0210; see docs/procedures/legal.md).
struct LegalDetails {
  std::string plan_type;           // BauGB: kPlanFnp, kPlanBplan or "" (not given)
  // § 3 Abs. 2 Satz 4 BauGB: the types of environmental information available, one topic per line with its keywords
  // ("Schutzgut Tiere und Pflanzen: Artenschutzgutachten, Brutvögel").
  std::string environmental_info;
  std::string site;             // BImSchG: the site of the installation (Standort)
  std::string installation;     // BImSchG: kind and size of the installation (Art und Umfang)
  std::string operation_start;  // BImSchG: expected start of operation (voraussichtlicher Zeitpunkt)
  std::string reports;          // BImSchG: the reports and recommendations relevant to the decision that are available
  bool cross_border = false;    // BImSchG (§ 11a 9. BImSchV), BauGB (§ 4a Abs. 4): neighbouring states take part
  // A repeated participation after the draft, plan or application was changed (law::Repetition: § 4a Abs. 3 BauGB,
  // § 73 Abs. 8 VwVfG, § 22 UVPG, § 8 Abs. 2 der 9. BImSchV).
  bool repeated = false;
  // The changed parts the participation is limited to (§ 4a Abs. 3 Satz 2 BauGB: may; § 22 Abs. 1 Satz 3 UVPG: must);
  // "" = on all.
  std::string repeated_scope;
  // Why the participation is repeated, and why a period is shortened (required with `repeated`; in the explanation).
  std::string repeat_reason;
  // § 22 Abs. 1 Satz 2 UVPG: the shortened last day of the period after the display (repeated Planfeststellung with
  // UVP only).
  std::optional<law::Date> shortened_objection_end;
  // Planfeststellung: the provision (sector or Land law) that lets objections be raised through the portal instead of
  // in writing or for the record (§ 73 Abs. 4 Satz 1 VwVfG); "" = none, the portal takes no online objections.
  std::string online_objection_basis;
  // § 9 Abs. 2 9. BImSchV: the day of the last of several announcements (gazette, website, newspaper).
  std::optional<law::Date> last_announcement;
  // § 73 Abs. 4 Satz 1 VwVfG: the Gemeinde where the plan is displayed and objections may also be filed, and its AGS
  // (its holidays count for the end of the objection period).
  std::string filing_municipality;
  std::string filing_ags;
};

// The law regulates a repeated participation after a change for the type (LegalDetails::repeated).
bool IsRepeatable(Type type);

// A procedure as an editor writes it.
struct ProcedureInput {
  Type type = Type::kConsultation;
  std::string title;
  std::string description;
  std::string applicant;  // Vorhabenträger (BImSchG, Planfeststellung); the authority itself otherwise
  bool ied = false;       // BImSchG: installation under the Industrial Emissions Directive
  bool uvp = false;       // BImSchG, § 73 VwVfG: UVP-pflichtig
  law::Date display_start;
  std::optional<law::Date> display_end;
  std::optional<law::Date> announcement;  // day of the announcement (Bekanntmachung), to check the lead time
  std::string documents_location;         // where the documents can also be seen (address, opening hours)
  std::string geometry;                   // GeoJSON (Point, Polygon, MultiPolygon, Feature), may be empty
  bool publish_statements = false;        // statements are published after the redaction review
  LegalDetails legal;
};

// Every problem of `input` except the dates (field → German message); empty if valid.
std::vector<Error> ValidateProcedure(const ProcedureInput& input);

// The dates of `input` at an authority in `land` (a municipality's 8-digit `ags` narrows local holidays) from the deadline engine. Procedures
// without a statutory period run until display_end or kDefaultFreeDays. A display starting before `today` is
// allowed (importing a running procedure) with a warning. kInvalid with `field` on a date the law does not allow.
Result<Dates> PlanDates(const ProcedureInput& input, std::string_view land, std::string_view ags, law::Date today);

// A GeoJSON geometry the map can show: a Point, Polygon or MultiPolygon (or a Feature holding one), coordinates as
// [longitude, latitude] within the world. Returns the centre point as {lat, lon} for the map marker, or the problem.
struct LatLon {
  double lat = 0;
  double lon = 0;
};
Result<LatLon> CheckGeometry(std::string_view geojson);
// Where a valid geometry lies: its centre (as CheckGeometry) and its bounding box (a point's is the point), for the
// place search (#14 item 1: a procedure belongs to the places its area touches).
struct GeometryPlace {
  LatLon centre;
  places::Box box;
};
Result<GeometryPlace> LocateGeometry(std::string_view geojson);

// The first second after the end of `day` at the authority's seat (Europe/Berlin, with summer time): a submission
// received before it is in time.
db::UnixSeconds EndOfDay(law::Date day);
// The local date (Europe/Berlin) at `at`.
law::Date LocalDate(db::UnixSeconds at);
// The local time (Europe/Berlin) at `at` as seconds since 1970-01-01 00:00 local time: what a clock at the
// authority's seat shows, counted like a Unix time (for spreadsheets, which know no time zones).
db::UnixSeconds LocalSeconds(db::UnixSeconds at);
// Whether a submission received at `received_at` is late for a period whose last day is `objection_end`.
bool IsLate(db::UnixSeconds received_at, law::Date objection_end);

// A statement or objection as submitted.
struct StatementInput {
  std::string text;
  std::string name;
  std::string address;  // postal address
  std::optional<std::int64_t> document_id;
  std::string page;  // page or chapter reference within the document, free text ("S. 12", "Kap. 3.2")
};
// The statement with trimmed fields, or every problem (field → German message). Name and address are required
// where `require_name_and_address`.
std::expected<StatementInput, std::vector<Error>> ValidateStatement(const StatementInput& input,
                                                                    bool require_name_and_address);

// The common representative (gemeinsamer Vertreter) of a list or of identical copies signed by more than 50 persons
// (§ 17 Abs. 1 Satz 1 VwVfG): named with name, occupation (Beruf) and address, and only a natural person can be one
// (§ 17 Abs. 1 Satz 3 VwVfG). All three empty: none was named.
struct Representative {
  std::string name;
  std::string occupation;
  std::string address;
  bool empty() const { return name.empty() && occupation.empty() && address.empty(); }
  // All three given (what § 17 Abs. 1 Satz 1 asks); a list without it may be disregarded (§ 17 Abs. 2 VwVfG).
  bool complete() const { return !name.empty() && !occupation.empty() && !address.empty(); }
};
inline constexpr std::size_t kMaxOccupationChars = 200;
// The representative with trimmed fields, or every problem (fields "representative", "representative_occupation",
// "representative_address"; German messages). Nothing given is valid (no representative). Once anything is given,
// the safer reading of § 17 Abs. 1 VwVfG applies: name (at least first and last name), occupation and address (with
// a house number or postcode) are all required, and a name that reads like an organisation ("e.V.", "GmbH",
// "Bürgerinitiative", "…verein", …) is refused, since only a natural person can be the representative.
std::expected<Representative, std::vector<Error>> ValidateRepresentative(const Representative& input);
// "Dr. Helga Brandt, Ärztin, Lindenstraße 4, 04683 Naunhof": the representative on one line ("" if none).
std::string RepresentativeLine(const Representative& representative);

// How a statement reached the authority (column procedure_statement.channel).
enum class Channel { kOnline, kPaper, kMail };
std::string_view ChannelName(Channel channel);  // "online", "paper", "mail"
std::optional<Channel> ParseChannel(std::string_view name);

// The written form (#12 item 9). A Planfeststellung takes objections "schriftlich oder zur Niederschrift" (§ 73 Abs. 4
// Satz 1 VwVfG); a web form or a plain e-mail does not replace that form (§ 3a Abs. 2 VwVfG; BVerwG, 7 B 79.10). So
// the portal takes a Planfeststellung's objections online only where the procedure names the provision that allows it
// (LegalDetails::online_objection_basis). An identification that replaces the written form (eID through the Land's
// identity service, § 3a Abs. 2 Satz 4 Nr. 1 VwVfG) would be the other way; the portal has none yet (issue #15).
// The other types take statements or objections electronically by their own law (§ 10 Abs. 3 Satz 8 BImSchG
// "schriftlich oder elektronisch", § 3 Abs. 2 BauGB, informal consultations).
bool TakesOnlineSubmissions(Type type, const LegalDetails& legal);
// Whether a submission that reached the authority by `channel` meets the form its law asks: false for a
// Planfeststellung's objection by plain e-mail, or online without such a provision.
bool MeetsWrittenForm(Type type, const LegalDetails& legal, Channel channel);

// The receipt's reference number (Aktenzeichen des Eingangs): the tenant's reference prefix, the year of receipt and
// the tenant's running number of that year, "GRI-2026-00042". Unique across the installation because every tenant has
// a prefix of its own (store.hpp ReferencePrefixOf). References issued before the prefixes ("2026-00042", per tenant
// and year only) keep their form: they are printed on receipts people keep and are never rewritten.
std::string FormatReference(std::string_view prefix, int year, std::int64_t number);
// The prefixes a tenant with `slug` may get, best first; the store takes the first one no other tenant holds. The rule:
// the first three letters (a–z) of the slug's words, upper-cased, after dropping a leading word that only names the
// kind of authority ("landkreis-leipzig" → "LEI", "stadt-grimma" → "GRI"; fewer than three letters are filled with
// "X"); then the same with 2 … 99 appended ("LEI2"); last "T" and the tenant's id, which no other tenant can have.
std::vector<std::string> ReferencePrefixCandidates(std::string_view slug, std::int64_t tenant_id);
// `text` as a reference if it has the form of one (old "2026-00042" or new "GRI-2026-00042", any case, surrounded by
// spaces), upper-cased and trimmed, for looking a statement up by what a person read off a receipt; else nullopt.
std::optional<std::string> AsReference(std::string_view text);
// The SHA-256 of a statement's content (hex): of its text exactly as stored, so that a submitter can check the
// receipt against the text they kept.
std::string ContentSha256(std::string_view text);

}  // namespace mw::procedures
