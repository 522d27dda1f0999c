// Formal procedures in the database: procedures and their statements/objections (migrations 0200). Every function
// takes the caller's transaction; writes belong in db.Write so that they are durable before the answer.
//
//   auto procedure = db.Write([&](db::Tx& tx) { return procedures::Create(tx, tenant.id, editor.id, input, dates, now); });
//   auto receipt = db.Write([&](db::Tx& tx) { return procedures::Submit(tx, *procedure, submission, now); });
//   receipt->reference;  // "GRI-2026-00042": the tenant's prefix, the year, the tenant's number of the year
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/procedures/decision.hpp"
#include "formats/procedures/model.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

struct Procedure {
  std::int64_t id = 0;
  std::int64_t tenant_id = 0;
  Type type = Type::kConsultation;
  std::string title;
  std::string description;
  std::string applicant;
  bool ied = false;
  bool uvp = false;
  Phase phase = Phase::kDraft;
  std::optional<law::Date> announcement;
  law::Date display_start;
  law::Date display_end;
  law::Date objection_end;
  db::UnixSeconds closes_at = 0;  // EndOfDay(objection_end)
  std::vector<std::string> explanation;
  std::vector<std::string> warnings;
  std::string documents_location;
  std::optional<db::UnixSeconds> hearing_at;
  std::string hearing_place;
  bool publish_statements = false;
  std::string decision_text;  // the operative part of the decision (or how the procedure ended)
  Outcome decision_outcome = Outcome::kGranted;
  std::string decision_remedies;     // Rechtsbehelfsbelehrung
  bool decision_conditions = false;  // the approval carries conditions (§ 10 Abs. 8 Satz 2 BImSchG)
  std::optional<db::UnixSeconds> decided_at;  // the notice of the decision is published on its local day
  bool result_published = false;
  std::string geometry;
  std::optional<double> lat;
  std::optional<double> lon;
  // The bounding box of the geometry (migration 0222), nullopt without one or when it is larger than
  // kMaxAreaSpanDegrees: then the procedure is where its authority is (its tenant's AGS).
  std::optional<places::Box> area;
  std::optional<std::int64_t> created_by;
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> published_at;
  db::UnixSeconds updated_at = 0;
  LegalDetails legal;

  // The status on `today` (model.hpp StatusOn).
  Status StatusOn(law::Date today) const;
};

// The page cache's scopes (site/page_cache.hpp) of the format: its Land-wide pages (the overview, the map, the
// lists and feeds) and one procedure's pages.
inline constexpr std::string_view kProceduresScope = "procedures";
std::string ProcedureScope(std::int64_t procedure_id);
// Inside a write that changes what a procedure's public pages show (its fields, phase, documents, published result):
// makes them, the lists and the offers be rendered again, in every process. The writes below call it themselves.
void TouchProcedurePages(db::Tx& tx, std::int64_t procedure_id);

// Creates a draft from a validated input and its planned dates.
Procedure Create(db::Tx& tx, std::int64_t tenant_id, std::optional<std::int64_t> created_by,
                 const ProcedureInput& input, const Dates& dates, db::UnixSeconds now);
// Replaces the editable fields and dates of a procedure (any phase; the caller checks what may change).
std::optional<Procedure> Update(db::Tx& tx, std::int64_t id, const ProcedureInput& input, const Dates& dates,
                                db::UnixSeconds now);
std::optional<Procedure> Find(db::Tx& tx, std::int64_t id);

// Moves a procedure to `to` if CanTransition allows it: publishing sets published_at, deciding sets decided_at and
// the decision (validated by the caller, ValidateDecision). kNotFound or kConflict otherwise.
Result<Procedure> SetPhase(db::Tx& tx, std::int64_t id, Phase to, db::UnixSeconds now,
                           const DecisionInput& decision = {});
// Sets the hearing (Erörterungstermin): time and place; nullopt clears it.
std::optional<Procedure> SetHearing(db::Tx& tx, std::int64_t id, std::optional<db::UnixSeconds> at,
                                    const std::string& place, db::UnixSeconds now);
// Publishes (or withdraws) the weighing result.
std::optional<Procedure> SetResultPublished(db::Tx& tx, std::int64_t id, bool published, db::UnixSeconds now);

// One published version of a procedure's announcement (Bekanntmachung), frozen: never changed, never deleted.
struct AnnouncementVersion {
  std::int64_t procedure_id = 0;
  int version = 0;  // 1 at publication, then one more per correction
  std::string text;
  db::UnixSeconds published_at = 0;
};
// Adds the next version of the announcement of `procedure_id` if `text` differs from the latest one (or there is
// none yet) and returns it; nullopt if the text is unchanged.
std::optional<AnnouncementVersion> FreezeAnnouncement(db::Tx& tx, std::int64_t procedure_id, const std::string& text,
                                                      db::UnixSeconds now);
// All versions, oldest first.
std::vector<AnnouncementVersion> AnnouncementVersions(db::Tx& tx, std::int64_t procedure_id);
std::optional<AnnouncementVersion> FindAnnouncementVersion(db::Tx& tx, std::int64_t procedure_id, int version);

// One row of a published weighing result as the public sees it (redacted, without personal data).
struct ResultRow {
  std::string number;     // "3" or "3 (2/4)" for a section of a split statement
  std::string submitter;  // "Privatperson" or an organisation that agreed to be named
  std::string excerpt;    // the published excerpt, or the note that the text is not published
  std::string response;   // the authority's response (Abwägung)
  bool operator==(const ResultRow&) const = default;
};
// One published version of a procedure's weighing result, frozen: never changed, never deleted (migration 0215).
struct ResultVersion {
  std::int64_t procedure_id = 0;
  int version = 0;  // 1 at the first publication, then one more per corrected publication
  std::vector<ResultRow> rows;
  db::UnixSeconds published_at = 0;
};
// The input a stored procedure's dates follow from without the ends the authority chose (no display_end, no shortened
// objection end): PlanDates of it gives the law's own dates, to compare the stored ones with.
ProcedureInput StatutoryInputOf(const Procedure& procedure);

// Adds the next version of the weighing result of `procedure_id` if `rows` differ from the latest one (or there is
// none yet) and returns it; nullopt if unchanged.
std::optional<ResultVersion> FreezeResult(db::Tx& tx, std::int64_t procedure_id, const std::vector<ResultRow>& rows,
                                          std::optional<std::int64_t> published_by, db::UnixSeconds now);
// All versions, oldest first (each with its rows).
std::vector<ResultVersion> ResultVersions(db::Tx& tx, std::int64_t procedure_id);

// Which procedures to list. Empty fields do not filter.
// An area wider or taller than this (in degrees, about 28 km north–south) is a region rather than a place: such a
// procedure is found where its authority is. The bound also keeps the place search's prefilter a narrow band.
inline constexpr double kMaxAreaSpanDegrees = 0.25;

struct ListFilter {
  std::optional<std::int64_t> tenant_id;
  std::vector<std::int64_t> tenant_ids;  // any of these (a region: a Kreis and its Gemeinden)
  std::optional<Type> type;
  bool public_only = true;               // not drafts
  std::optional<law::Date> open_on;      // objection period not yet over on this day (and published)
  // The status a visitor sees on `status_on` (Procedure::StatusOn), worked out in SQL from phase and dates so that
  // paging and counts hold for any number of procedures.
  std::optional<Status> status;
  law::Date status_on;
  std::string text;                      // in title or description (case-insensitive for ASCII)
  bool newest_published_first = false;   // order by the day of publication (feeds) instead of the display
  bool soonest_end_first = false;        // order by the last day for statements (the participation list)
  std::optional<places::Box> area_meets; // the area shares a point with this box (place search)
  bool without_area = false;             // no area: where its tenant is
  std::optional<std::vector<std::int64_t>> ids;  // only these (a place filter's exact matches; empty: none)
  int limit = 100;
  int offset = 0;
};
// Newest display first (or newest publication first, see newest_published_first).
std::vector<Procedure> List(db::Tx& tx, const ListFilter& filter);
// How many procedures `filter` selects, regardless of its limit and offset.
std::int64_t Count(db::Tx& tx, const ListFilter& filter);
// `filter` with its text search done once: the ids of the procedures whose title or description holds the text (the
// trigram index on SQLite, pg_trgm on PostgreSQL) put in as `ids`, so that a List and a Count of the same filter do
// not both search. Unchanged when the text is shorter than three characters or more than `max_matches` procedures hold
// it.
ListFilter WithTextMatched(db::Tx& tx, ListFilter filter, int max_matches = 1000);
// How many of the tenant's procedures are drafts (not yet announced; from procedure_tenant_phase).
std::int64_t CountDrafts(db::Tx& tx, std::int64_t tenant_id);

// A procedure's id and area, for the place filter's exact test.
struct Located {
  std::int64_t id = 0;
  std::optional<places::Box> area;
};
// The public procedures whose area meets `box`, and those without area of one of `tenant_ids`: index reads only
// (migration 0222), at most `limit` of each.
std::vector<Located> LocatedNear(db::Tx& tx, const places::Box& box, const std::vector<std::int64_t>& tenant_ids,
                                 int limit);

struct Statement {
  std::int64_t id = 0;
  std::int64_t procedure_id = 0;
  std::int64_t tenant_id = 0;
  std::string reference;
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> organisation_id;
  std::string organisation_name;
  Channel channel = Channel::kOnline;
  std::string author_name;
  std::string author_address;
  std::string author_email;
  std::string text;
  std::optional<std::int64_t> document_id;
  std::string page;
  db::UnixSeconds received_at = 0;
  std::string sha256;
  // The late flag that counts: the case worker's override if there is one, else what the receipt time gave.
  bool late = false;
  bool late_by_receipt = false;  // received after the objection period's last day
  // A case worker's decision on the late flag (night letter box, portal outage), with reason, who and when.
  std::optional<bool> late_override;
  std::string late_override_reason;
  std::optional<std::int64_t> late_override_by;
  std::optional<db::UnixSeconds> late_override_at;
  // § 12 Abs. 2 der 9. BImSchV: name and address are to be made unrecognisable before forwarding to the applicant.
  bool conceal_from_applicant = false;
  bool withdrawn = false;
  std::optional<db::UnixSeconds> withdrawn_at;
  std::optional<std::int64_t> entered_by;
  bool publish_consent = false;       // an organisation agrees to be named
  bool publish_text_consent = false;  // the author agrees that the text may be published without name and address
  std::int64_t signatories = 1;
  // § 17 VwVfG: the common representative named on a list (name, occupation, address; see Representative).
  std::string representative;
  std::string representative_occupation;
  std::string representative_address;
  db::UnixSeconds created_at = 0;

  Representative RepresentativeOf() const {
    return {representative, representative_occupation, representative_address};
  }
};

// Whether `statement` reached the authority after the procedure was decided: stored and flagged like any other, but
// never part of a published weighing result.
inline bool ReceivedAfterDecision(const Procedure& procedure, const Statement& statement) {
  return procedure.decided_at && statement.received_at > *procedure.decided_at;
}

// A statement to store: the validated input plus who and how.
struct Submission {
  StatementInput input;  // validated (ValidateStatement)
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> organisation_id;
  std::string organisation_name;
  std::string author_email;
  Channel channel = Channel::kOnline;
  std::optional<db::UnixSeconds> received_at;  // paper/mail: the day it arrived; online: now
  std::optional<std::int64_t> entered_by;      // the case worker who entered a paper statement
  bool publish_consent = false;
  bool publish_text_consent = false;
  std::int64_t signatories = 1;
  Representative representative;  // validated (ValidateRepresentative)
  bool conceal_from_applicant = false;  // § 12 Abs. 2 der 9. BImSchV
};

// The reference prefix of tenant `tenant_id` ("GRI"): the one it has, or else the first of ReferencePrefixCandidates
// (model.hpp) that no other tenant holds, stored now (migration 0223) and never changed. Safe against a concurrent
// first statement of another tenant with the same candidate: the insert waits for it and takes the next one.
std::string ReferencePrefixOf(db::Tx& tx, std::int64_t tenant_id, db::UnixSeconds now);

// Stores a statement with the next reference number of the procedure's tenant for the year it was received (with the
// tenant's prefix, FormatReference: unique across the installation), its
// SHA-256 and the late flag (received after the objection period's last day), and indexes it for the back office's
// full-text search (backoffice_store.hpp IndexStatement) in the same transaction. Never refuses a late statement.
Statement Submit(db::Tx& tx, const Procedure& procedure, const Submission& submission, db::UnixSeconds now);
std::optional<Statement> FindStatement(db::Tx& tx, std::int64_t id);
// The statements with these (distinct) ids in one query, in the order of `ids`; ids without a statement are left
// out.
std::vector<Statement> StatementsWithIds(db::Tx& tx, const std::vector<std::int64_t>& ids);
// A procedure's statements in the order received (withdrawn ones too; the caller decides what to show).
std::vector<Statement> StatementsOf(db::Tx& tx, std::int64_t procedure_id);
// A person's own statements, newest first.
std::vector<Statement> StatementsByUser(db::Tx& tx, std::int64_t user_id);
inline constexpr std::size_t kMaxLateReasonChars = 1'000;
// Sets (late = true/false) or removes (nullopt: the receipt time counts again) a case worker's override of the late
// flag, with the reason (required, at most kMaxLateReasonChars). kNotFound, or kInvalid (field "late_reason") with a
// German message. The caller records the audit entry in the same write.
Result<Statement> OverrideLate(db::Tx& tx, std::int64_t statement_id, std::optional<bool> late,
                               const std::string& reason, std::int64_t actor_id, db::UnixSeconds now);
// Withdraws a statement of `user_id`. kNotFound (not theirs), kConflict (already withdrawn), or kConflict with field
// "period" once the objection period is over (at `now` ≥ closes_at): the statements are then the basis of the
// weighing and the hearing, and a published result must not change under them.
Result<Statement> Withdraw(db::Tx& tx, std::int64_t statement_id, std::int64_t user_id, db::UnixSeconds now);

}  // namespace mw::procedures
