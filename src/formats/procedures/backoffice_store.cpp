#include "formats/procedures/backoffice_store.hpp"

#include <algorithm>
#include <utility>

#include "formats/procedures/search.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

std::string Placeholders(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += i ? ", ?" : "?";
  return out;
}

Section SectionFrom(const db::Row& row) {
  return Section{.position = static_cast<int>(row.Int(0)),
                 .excerpt = row.Text(1),
                 .response = row.Text(2),
                 .response_by = row.OptInt(3),
                 .response_at = row.OptInt(4)};
}

TextBlock BlockFrom(const db::Row& row) {
  return TextBlock{.id = row.Int(0),
                   .tenant_id = row.Int(1),
                   .title = row.Text(2),
                   .text = row.Text(3),
                   .updated_at = row.Int(4)};
}

constexpr const char* kBlockColumns = "id, tenant_id, title, text, updated_at";

// The ids of `matching` (sorted) that make up the page at `offset` of the procedure's statements in the order
// received: walks the index (procedure, received_at) a slice at a time, reading ids and times only, and stops when
// the page is full. The first page of a search that most statements match reads a few hundred index entries.
std::vector<std::int64_t> PageInReceivedOrder(db::Tx& tx, std::int64_t procedure_id,
                                              const std::vector<std::int64_t>& matching, bool descending, int offset,
                                              int limit) {
  constexpr int kSlice = 256;
  std::vector<std::int64_t> out;
  if (matching.empty()) return out;
  const std::string after = descending ? " AND (s.received_at < ? OR (s.received_at = ? AND s.id < ?))"
                                       : " AND (s.received_at > ? OR (s.received_at = ? AND s.id > ?))";
  const std::string order = descending ? " ORDER BY s.received_at DESC, s.id DESC" : " ORDER BY s.received_at, s.id";
  std::optional<std::pair<std::int64_t, std::int64_t>> last;  // (received_at, id) of the slice's last entry
  int skipped = 0;
  while (true) {
    db::Params params{procedure_id};
    if (last) params.insert(params.end(), {last->first, last->first, last->second});
    params.push_back(kSlice);
    auto slice = tx.Query("SELECT s.id, s.received_at FROM procedure_statement s WHERE s.procedure_id = ?" +
                              (last ? after : std::string()) + order + " LIMIT ?",
                          params);
    for (const auto& row : slice) {
      if (!std::ranges::binary_search(matching, row.Int(0))) continue;
      if (skipped < offset) {
        ++skipped;
        continue;
      }
      out.push_back(row.Int(0));
      if (std::cmp_equal(out.size(), limit)) return out;
    }
    if (std::cmp_less(slice.size(), kSlice)) return out;
    last = std::pair{slice.back().Int(1), slice.back().Int(0)};
  }
}

}  // namespace

void IndexStatement(db::Tx& tx, const Statement& statement) {
  if (tx.dialect() != db::Dialect::kSqlite) return;
  tx.Exec("INSERT INTO procedure_statement_fts (rowid, stems) VALUES (?, ?)",
          {statement.id, ProcedureStems(statement.procedure_id, statement.author_name + " " +
                                                                     statement.organisation_name + " " + statement.text)});
}

bool HasUnindexedStatements(db::Tx& tx, std::int64_t procedure_id) {
  if (tx.dialect() != db::Dialect::kSqlite) return false;
  return tx.QueryOne("SELECT 1 FROM procedure_statement_unindexed WHERE procedure_id = ? LIMIT 1", {procedure_id})
      .has_value();
}

void IndexUnindexedStatements(db::Tx& tx, std::int64_t procedure_id) {
  if (tx.dialect() != db::Dialect::kSqlite) return;
  auto waiting = tx.Query("SELECT u.statement_id FROM procedure_statement_unindexed u WHERE u.procedure_id = ?",
                          {procedure_id});
  for (const auto& row : waiting) {
    if (auto statement = FindStatement(tx, row.Int(0))) IndexStatement(tx, *statement);
  }
  tx.Exec("DELETE FROM procedure_statement_unindexed WHERE procedure_id = ?", {procedure_id});
}

std::vector<WaitingStatements> WaitingInInboxes(db::Tx& tx, std::int64_t tenant_id, std::int64_t user_id, int limit) {
  constexpr std::string_view kUnassigned =
      "SUM(CASE WHEN w.statement_id IS NULL OR (w.status = 'new' AND w.assignee_id IS NULL) THEN 1 ELSE 0 END)";
  constexpr std::string_view kAssigned = "SUM(CASE WHEN w.assignee_id = ? AND w.status <> 'done' THEN 1 ELSE 0 END)";
  std::vector<WaitingStatements> out;
  for (const auto& row : tx.Query(
           "SELECT p.id, p.title, " + std::string(kUnassigned) + ", " + std::string(kAssigned) +
               " FROM procedure p JOIN procedure_statement s ON s.procedure_id = p.id AND s.state = 'submitted' "
               "LEFT JOIN procedure_statement_work w ON w.statement_id = s.id "
               "WHERE p.tenant_id = ? AND p.phase IN ('published', 'hearing') GROUP BY p.id, p.title "
               "HAVING " + std::string(kUnassigned) + " > 0 OR " + std::string(kAssigned) + " > 0 "
               "ORDER BY p.title, p.id LIMIT ?",
           {user_id, tenant_id, user_id, limit})) {
    out.push_back({row.Int(0), row.Text(1), row.Int(2), row.Int(3)});
  }
  return out;
}

namespace {

// The inbox's filter as SQL: conditions (" AND …", none for an empty filter) over the statement s and its work row w,
// with their parameters; `fts_match` the SQLite full-text query if the text filters by one.
struct InboxWhere {
  std::string where;
  db::Params params;
  std::optional<std::string> fts_match;
};

InboxWhere InboxCondition(db::Tx& tx, std::int64_t procedure_id, const InboxFilter& filter) {
  std::string where;
  db::Params params;
  if (filter.status) {
    where += " AND COALESCE(w.status, 'new') = ?";
    params.push_back(WorkStatusName(*filter.status));
  }
  if (filter.assignee_id) {
    if (*filter.assignee_id == 0) {
      where += " AND w.assignee_id IS NULL";
    } else {
      where += " AND w.assignee_id = ?";
      params.push_back(*filter.assignee_id);
    }
  }
  if (filter.tag_id) {
    where += " AND EXISTS (SELECT 1 FROM procedure_statement_tag st WHERE st.statement_id = s.id AND st.tag_id = ?)";
    params.push_back(*filter.tag_id);
  }
  if (filter.late) {
    where += " AND COALESCE(s.late_override, s.late) = ?";
    params.push_back(*filter.late);
  }
  if (filter.channel) {
    where += " AND s.channel = ?";
    params.push_back(ChannelName(*filter.channel));
  }
  if (filter.withdrawn) {
    where += *filter.withdrawn ? " AND s.state = 'withdrawn'" : " AND s.state <> 'withdrawn'";
  }
  // With the text as the only filter, SQLite counts the matches in the index alone (ListInbox).
  std::optional<std::string> fts_match;
  if (auto reference = AsReference(filter.text)) {
    // A reference read off a receipt, old ("2026-00042") or new ("GRI-2026-00042"): that statement. Within one
    // procedure both forms are unique (one tenant's references).
    where += " AND s.reference = ?";
    params.push_back(*reference);
  } else if (!Trim(filter.text).empty()) {
    if (tx.dialect() == db::Dialect::kSqlite) {
      std::string match = Fts5Query(procedure_id, filter.text);
      if (match.empty()) {
        where += " AND 1 = 0";  // a query of punctuation only finds nothing
      } else {
        // The terms carry the procedure (search.hpp): the MATCH yields this procedure's statements only.
        where += " AND s.id IN (SELECT rowid FROM procedure_statement_fts WHERE procedure_statement_fts MATCH ?)";
        params.push_back(match);
        fts_match = match;
      }
    } else {
      std::string query = PgTsQuery(filter.text);
      if (query.empty()) {
        where += " AND 1 = 0";
      } else {
        where += " AND s.search_vector @@ to_tsquery('german', ?)";  // the stored vector (migration 0218)
        params.push_back(query);
        // Planned for the words searched, every time: from the sixth run of a prepared statement PostgreSQL may keep
        // a generic plan, which for this one ANDs the GIN index's matches of the whole installation (188,000 for
        // "Lärm" at Land scale, 50 ms) with the procedure's statements instead of filtering those (10 ms).
        tx.Exec("SET LOCAL plan_cache_mode = force_custom_plan", {});
      }
    }
  }
  return InboxWhere{std::move(where), std::move(params), std::move(fts_match)};
}

constexpr std::string_view kInboxFrom =
    " FROM procedure_statement s LEFT JOIN procedure_statement_work w ON w.statement_id = s.id "
    "LEFT JOIN app_user u ON u.id = w.assignee_id";

// The inbox's ORDER BY for `filter`: every order ends with the id, so that it is total.
std::string InboxOrder(const InboxFilter& filter) {
  std::string direction = filter.descending ? " DESC" : "";
  std::string order;
  switch (filter.sort) {
    case InboxSort::kReceived:
      order = " ORDER BY s.received_at" + direction + ", s.id" + direction;
      break;
    case InboxSort::kReference:
      order = " ORDER BY s.reference" + direction + ", s.id" + direction;
      break;
    case InboxSort::kStatus:
      order = " ORDER BY CASE COALESCE(w.status, 'new') WHEN 'new' THEN 0 WHEN 'in_progress' THEN 1 ELSE 2 END" +
              direction + ", s.received_at, s.id";
      break;
  }
  return order;
}

}  // namespace

InboxPage ListInbox(db::Tx& tx, std::int64_t procedure_id, const InboxFilter& filter) {
  auto [conditions, condition_params, fts_match] = InboxCondition(tx, procedure_id, filter);
  std::string where = " WHERE s.procedure_id = ?" + conditions;  // the page's own when its ids are known (below)
  db::Params params{procedure_id};
  params.insert(params.end(), condition_params.begin(), condition_params.end());
  const std::string from(kInboxFrom);
  InboxPage page;
  // The text alone, in the order received (the inbox's default): one search gives the count and the set, and the page
  // is found walking the procedure's statements in that order until it is full (PageInReceivedOrder).
  std::optional<std::vector<std::int64_t>> page_ids;
  // The joins never change the count (at most one work row per statement, one user per work row): the count reads
  // them only when it filters on the work state (3.5 ms instead of 0.4 ms for a procedure of 8,167 statements).
  const bool filters_work = filter.status.has_value() || filter.assignee_id.has_value();
  const bool text_only = fts_match && !filters_work && !filter.tag_id && !filter.late && !filter.channel &&
                         !filter.withdrawn;
  if (text_only && filter.sort == InboxSort::kReceived) {
    // Every row of the index is a statement (statements are never deleted) and its terms carry the procedure: the
    // matching ids from the index alone, searched once for the count and the page (at Land scale 7,736 of 11,690
    // statements hold "Lärm"; searching twice and building the set for the page cost twice as much).
    std::vector<std::int64_t> matching;
    for (const auto& row :
         tx.Query("SELECT rowid FROM procedure_statement_fts WHERE procedure_statement_fts MATCH ?", {*fts_match})) {
      matching.push_back(row.Int(0));
    }
    std::ranges::sort(matching);
    page.total = static_cast<std::int64_t>(matching.size());
    page_ids = PageInReceivedOrder(tx, procedure_id, matching, filter.descending, std::max(filter.offset, 0),
                                   std::clamp(filter.limit, 1, 500));
  } else if (text_only) {
    // The index's own count, without looking up the thousands of matching statement rows.
    page.total = tx.QueryOne("SELECT COUNT(*) FROM procedure_statement_fts WHERE procedure_statement_fts MATCH ?",
                             {*fts_match})
                     ->Int(0);
  } else {
    page.total = tx.QueryOne("SELECT COUNT(*)" + (filters_work ? from : std::string(" FROM procedure_statement s")) +
                                 where,
                             params)
                     ->Int(0);
  }

  std::string order = InboxOrder(filter);
  db::Params page_params = params;
  if (page_ids) {  // the page is known: its rows by id, in the same order
    if (page_ids->empty()) return page;
    where = " WHERE s.procedure_id = ? AND s.id IN (" + Placeholders(page_ids->size()) + ")";
    page_params = {procedure_id};
    for (auto id : *page_ids) page_params.push_back(id);
  }
  page_params.push_back(page_ids ? static_cast<int>(page_ids->size()) : std::clamp(filter.limit, 1, 500));
  page_params.push_back(page_ids ? 0 : std::max(filter.offset, 0));
  auto rows = tx.Query("SELECT s.id, COALESCE(w.status, 'new'), w.assignee_id, u.name, w.updated_at" + from + where +
                           order + " LIMIT ? OFFSET ?",
                       page_params);
  std::vector<std::int64_t> ids;
  for (const auto& row : rows) ids.push_back(row.Int(0));
  std::vector<Statement> statements = StatementsWithIds(tx, ids);  // one query for the page, in its order
  std::size_t next = 0;
  for (const auto& row : rows) {
    if (next == statements.size() || statements[next].id != row.Int(0)) continue;  // not there: left out
    page.rows.push_back(InboxRow{
        .statement = std::move(statements[next++]),
        .work = WorkState{.status = ParseWorkStatus(row.Text(1)).value_or(WorkStatus::kNew),
                          .assignee_id = row.OptInt(2),
                          .assignee_name = row.OptText(3).value_or(""),
                          .updated_at = row.OptInt(4)}});
  }
  if (!ids.empty()) {
    db::Params tag_params;
    for (auto id : ids) tag_params.push_back(id);
    auto tags = tx.Query("SELECT st.statement_id, t.name FROM procedure_statement_tag st JOIN procedure_tag t ON "
                         "t.id = st.tag_id WHERE st.statement_id IN (" + Placeholders(ids.size()) + ") ORDER BY t.name",
                         tag_params);
    for (const auto& tag : tags) {
      for (auto& row : page.rows) {
        if (row.statement.id == tag.Int(0)) row.tags.push_back(tag.Text(1));
      }
    }
  }
  return page;
}

InboxNeighbours NeighboursInInbox(db::Tx& tx, std::int64_t procedure_id, const InboxFilter& filter,
                                  std::int64_t statement_id) {
  auto condition = InboxCondition(tx, procedure_id, filter);
  // The statement itself is read with the others even where the filter no longer shows it (a case worker who
  // filtered "neu" and just set it "in Bearbeitung"): its neighbours are where it would stand. Only the ids, in the
  // inbox's order: some 10,000 small rows at most (one procedure's statements).
  // The work rows only where the filter or the order reads them: joining them costs more than the rest (Land scale).
  const bool reads_work = filter.status || filter.assignee_id || filter.sort == InboxSort::kStatus;
  const std::string from = reads_work ? std::string(kInboxFrom) : std::string(" FROM procedure_statement s");
  auto rows =
      tx.Query("SELECT s.id, CASE WHEN (1 = 1" + condition.where + ") THEN 1 ELSE 0 END" + from +
                   " WHERE s.procedure_id = ? AND ((1 = 1" + condition.where + ") OR s.id = ?)" + InboxOrder(filter),
               [&] {
                 // The CASE's conditions come first in the text, so their parameters do too.
                 db::Params ordered(condition.params);
                 ordered.push_back(procedure_id);
                 ordered.insert(ordered.end(), condition.params.begin(), condition.params.end());
                 ordered.push_back(statement_id);
                 return ordered;
               }());
  InboxNeighbours out;
  std::int64_t shown = 0;
  for (std::size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
    const bool matches = rows[row_idx].Int(1) == 1;
    if (matches) ++shown;
    if (rows[row_idx].Int(0) != statement_id) continue;
    if (matches) out.position = shown;
    if (row_idx > 0) out.previous = rows[row_idx - 1].Int(0);
    if (row_idx + 1 < rows.size()) out.next = rows[row_idx + 1].Int(0);
  }
  out.total = shown;
  return out;
}

std::vector<std::int64_t> StatementsOfProcedure(db::Tx& tx, std::int64_t procedure_id,
                                                const std::vector<std::int64_t>& statement_ids) {
  std::vector<std::int64_t> out;
  if (statement_ids.empty()) return out;
  db::Params params{procedure_id};
  for (auto id : statement_ids) params.push_back(id);
  for (const auto& row : tx.Query("SELECT id FROM procedure_statement WHERE procedure_id = ? AND id IN (" +
                                      Placeholders(statement_ids.size()) + ") ORDER BY id",
                                  params)) {
    out.push_back(row.Int(0));
  }
  return out;
}

WorkState WorkOf(db::Tx& tx, std::int64_t statement_id) {
  auto row = tx.QueryOne("SELECT w.status, w.assignee_id, u.name, w.updated_at FROM procedure_statement_work w "
                         "LEFT JOIN app_user u ON u.id = w.assignee_id WHERE w.statement_id = ?",
                         {statement_id});
  if (!row) return {};
  return WorkState{.status = ParseWorkStatus(row->Text(0)).value_or(WorkStatus::kNew),
                   .assignee_id = row->OptInt(1),
                   .assignee_name = row->OptText(2).value_or(""),
                   .updated_at = row->OptInt(3)};
}

void SetWork(db::Tx& tx, std::int64_t statement_id, WorkStatus status, std::optional<std::int64_t> assignee_id,
             std::optional<std::int64_t> by, db::UnixSeconds now) {
  tx.Exec("INSERT INTO procedure_statement_work (statement_id, status, assignee_id, updated_by, updated_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (statement_id) DO UPDATE SET status = excluded.status, "
          "assignee_id = excluded.assignee_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
          {statement_id, WorkStatusName(status), assignee_id, by, now});
}

std::vector<Tag> TagsOfProcedure(db::Tx& tx, std::int64_t procedure_id) {
  std::vector<Tag> out;
  for (const auto& row : tx.Query("SELECT t.id, t.name, (SELECT COUNT(*) FROM procedure_statement_tag st WHERE "
                                  "st.tag_id = t.id) FROM procedure_tag t WHERE t.procedure_id = ? ORDER BY t.name",
                                  {procedure_id})) {
    out.push_back(Tag{.id = row.Int(0), .name = row.Text(1), .statements = row.Int(2)});
  }
  return out;
}

std::vector<std::string> TagsOfStatement(db::Tx& tx, std::int64_t statement_id) {
  std::vector<std::string> out;
  for (const auto& row : tx.Query("SELECT t.name FROM procedure_statement_tag st JOIN procedure_tag t ON t.id = "
                                  "st.tag_id WHERE st.statement_id = ? ORDER BY t.name",
                                  {statement_id})) {
    out.push_back(row.Text(0));
  }
  return out;
}

void SetStatementTags(db::Tx& tx, std::int64_t procedure_id, std::int64_t statement_id,
                      const std::vector<std::string>& names) {
  tx.Exec("DELETE FROM procedure_statement_tag WHERE statement_id = ?", {statement_id});
  for (const auto& name : names) {
    tx.Exec("INSERT INTO procedure_tag (procedure_id, name) VALUES (?, ?) ON CONFLICT (procedure_id, name) DO NOTHING",
            {procedure_id, name});
    auto tag = tx.QueryOne("SELECT id FROM procedure_tag WHERE procedure_id = ? AND name = ?", {procedure_id, name});
    tx.Exec("INSERT INTO procedure_statement_tag (statement_id, tag_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            {statement_id, tag->Int(0)});
  }
}

std::vector<Section> SectionsOf(db::Tx& tx, std::int64_t statement_id) {
  std::vector<Section> out;
  for (const auto& row : tx.Query("SELECT position, excerpt, response, response_by, response_at FROM "
                                  "procedure_statement_section WHERE statement_id = ? ORDER BY position",
                                  {statement_id})) {
    out.push_back(SectionFrom(row));
  }
  if (out.empty()) out.push_back(Section{});
  return out;
}

void SplitStatement(db::Tx& tx, std::int64_t statement_id, const std::vector<std::string>& excerpts,
                    db::UnixSeconds /*now*/) {
  std::vector<Section> old = SectionsOf(tx, statement_id);
  std::vector<Section> answered;
  for (const auto& section : old) {
    if (!section.response.empty()) answered.push_back(section);
  }
  tx.Exec("DELETE FROM procedure_statement_section WHERE statement_id = ?", {statement_id});
  bool whole = excerpts.size() <= 1;
  std::size_t count = whole ? 1 : excerpts.size();
  for (std::size_t idx = 0; idx < count; ++idx) {
    int position = whole ? 0 : static_cast<int>(idx + 1);
    const Section* carried = idx < answered.size() ? &answered[idx] : nullptr;
    if (whole && !carried) continue;  // an unanswered whole statement needs no row
    tx.Exec("INSERT INTO procedure_statement_section (statement_id, position, excerpt, response, response_by, "
            "response_at) VALUES (?, ?, ?, ?, ?, ?)",
            {statement_id, position, whole ? std::string() : excerpts[idx],
             carried ? carried->response : std::string(), carried ? carried->response_by : std::nullopt,
             carried ? carried->response_at : std::nullopt});
  }
}

std::vector<std::int64_t> StatementsWithOwnResponse(db::Tx& tx, const std::vector<std::int64_t>& statement_ids,
                                                    const std::string& common) {
  std::vector<std::int64_t> out;
  // In chunks: a cluster may hold thousands of statements, more than an engine takes as parameters at once.
  constexpr std::size_t kChunk = 500;
  for (std::size_t from = 0; from < statement_ids.size(); from += kChunk) {
    std::size_t count = std::min(kChunk, statement_ids.size() - from);
    db::Params params{common};
    for (std::size_t idx = from; idx < from + count; ++idx) params.push_back(statement_ids[idx]);
    for (const auto& row :
         tx.Query("SELECT DISTINCT statement_id FROM procedure_statement_section WHERE response <> '' "
                  "AND response <> ? AND statement_id IN (" +
                      Placeholders(count) + ")",
                  params)) {
      out.push_back(row.Int(0));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

void SetResponses(db::Tx& tx, std::int64_t statement_id, const std::map<int, std::string>& responses,
                  std::optional<std::int64_t> by, db::UnixSeconds now) {
  for (const auto& section : SectionsOf(tx, statement_id)) {
    auto found = responses.find(section.position);
    if (found == responses.end() || found->second == section.response) continue;
    tx.Exec("INSERT INTO procedure_statement_section (statement_id, position, excerpt, response, response_by, "
            "response_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (statement_id, position) DO UPDATE SET "
            "response = excluded.response, response_by = excluded.response_by, response_at = excluded.response_at",
            {statement_id, section.position, section.excerpt, found->second, by, now});
  }
}

std::vector<TextBlock> TextBlocksOf(db::Tx& tx, std::int64_t tenant_id) {
  std::vector<TextBlock> out;
  for (const auto& row : tx.Query("SELECT " + std::string(kBlockColumns) +
                                      " FROM procedure_text_block WHERE tenant_id = ? ORDER BY title, id",
                                  {tenant_id})) {
    out.push_back(BlockFrom(row));
  }
  return out;
}

std::optional<TextBlock> FindTextBlock(db::Tx& tx, std::int64_t tenant_id, std::int64_t id) {
  auto row = tx.QueryOne("SELECT " + std::string(kBlockColumns) +
                             " FROM procedure_text_block WHERE tenant_id = ? AND id = ?",
                         {tenant_id, id});
  if (!row) return std::nullopt;
  return BlockFrom(*row);
}

TextBlock CreateTextBlock(db::Tx& tx, std::int64_t tenant_id, const TextBlockInput& input, db::UnixSeconds now) {
  auto row = tx.QueryOne("INSERT INTO procedure_text_block (tenant_id, title, text, created_at, updated_at) VALUES "
                         "(?, ?, ?, ?, ?) RETURNING " + std::string(kBlockColumns),
                         {tenant_id, std::string(Trim(input.title)), std::string(Trim(input.text)), now, now});
  return BlockFrom(*row);
}

std::optional<TextBlock> UpdateTextBlock(db::Tx& tx, std::int64_t tenant_id, std::int64_t id,
                                         const TextBlockInput& input, db::UnixSeconds now) {
  auto row = tx.QueryOne("UPDATE procedure_text_block SET title = ?, text = ?, updated_at = ? WHERE tenant_id = ? "
                         "AND id = ? RETURNING " + std::string(kBlockColumns),
                         {std::string(Trim(input.title)), std::string(Trim(input.text)), now, tenant_id, id});
  if (!row) return std::nullopt;
  return BlockFrom(*row);
}

bool DeleteTextBlock(db::Tx& tx, std::int64_t tenant_id, std::int64_t id) {
  return tx.Exec("DELETE FROM procedure_text_block WHERE tenant_id = ? AND id = ?", {tenant_id, id}) > 0;
}

std::vector<WeighingRow> WeighingTable(db::Tx& tx, std::int64_t procedure_id) {
  std::map<std::int64_t, std::vector<Section>> sections;
  for (const auto& row : tx.Query("SELECT x.statement_id, x.position, x.excerpt, x.response, x.response_by, "
                                  "x.response_at FROM procedure_statement_section x JOIN procedure_statement s ON "
                                  "s.id = x.statement_id WHERE s.procedure_id = ? ORDER BY x.statement_id, x.position",
                                  {procedure_id})) {
    sections[row.Int(0)].push_back(Section{.position = static_cast<int>(row.Int(1)),
                                           .excerpt = row.Text(2),
                                           .response = row.Text(3),
                                           .response_by = row.OptInt(4),
                                           .response_at = row.OptInt(5)});
  }
  std::map<std::int64_t, WorkStatus> statuses;
  for (const auto& row : tx.Query("SELECT w.statement_id, w.status FROM procedure_statement_work w JOIN "
                                  "procedure_statement s ON s.id = w.statement_id WHERE s.procedure_id = ?",
                                  {procedure_id})) {
    statuses[row.Int(0)] = ParseWorkStatus(row.Text(1)).value_or(WorkStatus::kNew);
  }
  std::map<std::int64_t, std::vector<std::string>> tags;
  for (const auto& row : tx.Query("SELECT st.statement_id, t.name FROM procedure_statement_tag st JOIN procedure_tag "
                                  "t ON t.id = st.tag_id WHERE t.procedure_id = ? ORDER BY t.name",
                                  {procedure_id})) {
    tags[row.Int(0)].push_back(row.Text(1));
  }
  std::vector<WeighingRow> out;
  for (auto& statement : StatementsOf(tx, procedure_id)) {
    if (statement.withdrawn) continue;
    std::vector<Section> own = sections.contains(statement.id) ? sections[statement.id] : std::vector<Section>{{}};
    for (auto& section : own) {
      if (section.position == 0) section.excerpt = statement.text;
      out.push_back(WeighingRow{.statement = statement,
                                .section = std::move(section),
                                .sections = static_cast<int>(own.size()),
                                .status = statuses.contains(statement.id) ? statuses[statement.id] : WorkStatus::kNew,
                                .tags = tags[statement.id]});
    }
  }
  return out;
}

}  // namespace mw::procedures
