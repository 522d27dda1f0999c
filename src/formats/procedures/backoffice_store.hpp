// The back office's tables (migration 0205): the work state of statements, tags, sections with the authority's
// responses (Abwägung), the tenant's text blocks and the German full-text search. Every function takes the caller's
// transaction; writes belong in db.Write.
//
//   auto page = db.Read([&](db::Tx& tx) {   // statements are searchable from the transaction that stored them
//     return procedures::ListInbox(tx, procedure.id, {.text = "Windenergieanlagen", .limit = 50});
//   });
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "formats/procedures/store.hpp"
#include "formats/procedures/weighing.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

struct WorkState {
  WorkStatus status = WorkStatus::kNew;
  std::optional<std::int64_t> assignee_id;
  std::string assignee_name;
  std::optional<db::UnixSeconds> updated_at;
};

// A section of a statement. Position 0 is the whole statement (a statement never split); 1, 2, … the sections of a
// split, whose excerpts together are the statement's text.
struct Section {
  int position = 0;
  std::string excerpt;  // empty for position 0: the statement's text
  std::string response;
  std::optional<std::int64_t> response_by;
  std::optional<db::UnixSeconds> response_at;
};

struct Tag {
  std::int64_t id = 0;
  std::string name;
  std::int64_t statements = 0;  // how many statements carry it
};

enum class InboxSort { kReceived, kReference, kStatus };

// Which statements of a procedure the inbox shows. Empty fields do not filter.
struct InboxFilter {
  std::optional<WorkStatus> status;
  std::optional<std::int64_t> assignee_id;  // 0: unassigned
  std::optional<std::int64_t> tag_id;
  std::optional<bool> late;
  std::optional<Channel> channel;
  std::optional<bool> withdrawn;
  // Full-text search (search.hpp), every word must match; a reference (model.hpp AsReference, old or new form) finds
  // that statement.
  std::string text;
  InboxSort sort = InboxSort::kReceived;
  bool descending = false;
  int limit = 50;
  int offset = 0;
};

struct InboxRow {
  Statement statement;
  WorkState work;
  std::vector<std::string> tags;
};

struct InboxPage {
  std::vector<InboxRow> rows;
  std::int64_t total = 0;  // matching statements, all pages
};

// SQLite: adds the statement's German stems, with its procedure (search.hpp ProcedureStems), to the full-text index.
// Submit calls it in the transaction that stores the statement, and statements never change their text, so the index
// is always complete. PostgreSQL keeps its vector in the row itself (migration 0218): nothing to do.
void IndexStatement(db::Tx& tx, const Statement& statement);

// SQLite: whether statements of the procedure stored before migration 0218 still wait for the index (only those
// whose inbox was not opened since they came in). A look-up in a small table; false on PostgreSQL.
bool HasUnindexedStatements(db::Tx& tx, std::int64_t procedure_id);
// Indexes the procedure's waiting statements (once, in a write) and forgets them.
void IndexUnindexedStatements(db::Tx& tx, std::int64_t procedure_id);

InboxPage ListInbox(db::Tx& tx, std::int64_t procedure_id, const InboxFilter& filter);

// Where a statement stands in the inbox as `filter` shows it (its limit and offset aside): the statements before and
// after it, its position (1-based; 0 if the filter does not show it) and how many the filter shows. For a statement's
// page, "vorherige / nächste".
struct InboxNeighbours {
  std::optional<std::int64_t> previous;
  std::optional<std::int64_t> next;
  std::int64_t position = 0;
  std::int64_t total = 0;
};
InboxNeighbours NeighboursInInbox(db::Tx& tx, std::int64_t procedure_id, const InboxFilter& filter,
                                  std::int64_t statement_id);

// What waits in a tenant's inboxes, for "Meine Aufgaben" (/aufgaben): per procedure taking or weighing statements
// (phase published or hearing), the submitted statements that are new and assigned to nobody, and those assigned to
// `user_id` that are not done. Procedures where neither waits are left out; at most `limit`, by title. Read from
// procedure_tenant_phase, procedure_statement_state and the work table's primary key.
struct WaitingStatements {
  std::int64_t procedure_id = 0;
  std::string title;
  std::int64_t unassigned = 0;
  std::int64_t assigned_to_user = 0;
};
std::vector<WaitingStatements> WaitingInInboxes(db::Tx& tx, std::int64_t tenant_id, std::int64_t user_id, int limit);

// Of `statement_ids`, those that are statements of the procedure (ascending, each once).
std::vector<std::int64_t> StatementsOfProcedure(db::Tx& tx, std::int64_t procedure_id,
                                                const std::vector<std::int64_t>& statement_ids);

WorkState WorkOf(db::Tx& tx, std::int64_t statement_id);
// Sets status and assignee of a statement.
// `by` is the case worker (nullopt: the system, e.g. demo data).
void SetWork(db::Tx& tx, std::int64_t statement_id, WorkStatus status, std::optional<std::int64_t> assignee_id,
             std::optional<std::int64_t> by, db::UnixSeconds now);

// The procedure's tags by name, with the number of statements carrying each.
std::vector<Tag> TagsOfProcedure(db::Tx& tx, std::int64_t procedure_id);
std::vector<std::string> TagsOfStatement(db::Tx& tx, std::int64_t statement_id);
// Replaces the statement's tags by `names` (created in the procedure where new). Tags nobody carries any more stay
// (a case worker's vocabulary for the procedure).
void SetStatementTags(db::Tx& tx, std::int64_t procedure_id, std::int64_t statement_id,
                      const std::vector<std::string>& names);

// The statement's sections in order: its split sections, or the one whole-statement section (position 0).
std::vector<Section> SectionsOf(db::Tx& tx, std::int64_t statement_id);
// Splits a statement into `excerpts` (weighing.hpp SplitSections; one excerpt means "not split"). Responses already
// written move with the order: the first response to the first section and so on; responses beyond the new number of
// sections are dropped.
void SplitStatement(db::Tx& tx, std::int64_t statement_id, const std::vector<std::string>& excerpts,
                    db::UnixSeconds now);
// Of `statement_ids`, those with a response of their own: a section whose response is neither empty nor `common` (the
// answer given for all of them before, e.g. a cluster's). Ascending. What answering many at once must not overwrite
// without asking.
std::vector<std::int64_t> StatementsWithOwnResponse(db::Tx& tx, const std::vector<std::int64_t>& statement_ids,
                                                    const std::string& common);
// Sets the response of each section position in `responses` that the statement has; other positions are ignored.
void SetResponses(db::Tx& tx, std::int64_t statement_id, const std::map<int, std::string>& responses,
                  std::optional<std::int64_t> by, db::UnixSeconds now);

struct TextBlock {
  std::int64_t id = 0;
  std::int64_t tenant_id = 0;
  std::string title;
  std::string text;
  db::UnixSeconds updated_at = 0;
};
std::vector<TextBlock> TextBlocksOf(db::Tx& tx, std::int64_t tenant_id);
// The block if it is the tenant's.
std::optional<TextBlock> FindTextBlock(db::Tx& tx, std::int64_t tenant_id, std::int64_t id);
TextBlock CreateTextBlock(db::Tx& tx, std::int64_t tenant_id, const TextBlockInput& input, db::UnixSeconds now);
std::optional<TextBlock> UpdateTextBlock(db::Tx& tx, std::int64_t tenant_id, std::int64_t id,
                                         const TextBlockInput& input, db::UnixSeconds now);
bool DeleteTextBlock(db::Tx& tx, std::int64_t tenant_id, std::int64_t id);

// One line of the weighing table (Abwägungstabelle): a section of a statement with its response.
struct WeighingRow {
  Statement statement;
  Section section;  // excerpt filled with the statement's text for position 0
  int sections = 1;  // how many sections the statement has
  WorkStatus status = WorkStatus::kNew;
  std::vector<std::string> tags;
};
// Every section of every statement of the procedure in the order received; withdrawn statements left out.
std::vector<WeighingRow> WeighingTable(db::Tx& tx, std::int64_t procedure_id);

}  // namespace mw::procedures
