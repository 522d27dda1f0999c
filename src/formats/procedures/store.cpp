#include "formats/procedures/store.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <unordered_map>
#include <utility>

#include <boost/json.hpp>

#include "formats/procedures/backoffice_store.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {
namespace {

constexpr const char* kProcedureColumns =
    "id, tenant_id, type, title, description, applicant, ied, uvp, phase, announcement_date, display_start, "
    "display_end, objection_end, closes_at, explanation, warnings, documents_location, hearing_at, hearing_place, "
    "publish_statements, decision_text, decided_at, result_published, geometry, lat, lon, created_by, created_at, "
    "published_at, updated_at, plan_type, environmental_info, site, installation, operation_start, reports, "
    "cross_border, repeated, repeated_scope, last_announcement_date, filing_municipality, filing_ags, "
    "decision_outcome, decision_remedies, decision_conditions, repeat_reason, shortened_objection_end, online_objection_basis, "
    "area_min_lat, area_min_lon, area_max_lat, area_max_lon";

constexpr const char* kStatementColumns =
    "id, procedure_id, tenant_id, reference, user_id, organisation_id, organisation_name, channel, author_name, "
    "author_address, author_email, text, document_id, page, received_at, sha256, late, state, withdrawn_at, "
    "entered_by, publish_consent, signatories, representative, created_at, publish_text_consent, representative_occupation, representative_address, "
    "late_override, late_override_reason, late_override_by, late_override_at, conceal_from_applicant";

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) {
    if (!out.empty()) out += '\n';
    out += line;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

law::Date DateOf(const std::string& iso) {
  auto parsed = law::ParseIsoDate(iso);
  return parsed ? *parsed : law::Date{};
}

Procedure ProcedureFrom(const db::Row& row) {
  Procedure p;
  p.id = row.Int(0);
  p.tenant_id = row.Int(1);
  p.type = ParseType(row.Text(2)).value_or(Type::kConsultation);
  p.title = row.Text(3);
  p.description = row.Text(4);
  p.applicant = row.Text(5);
  p.ied = row.Int(6) != 0;
  p.uvp = row.Int(7) != 0;
  p.phase = ParsePhase(row.Text(8)).value_or(Phase::kDraft);
  if (!row.IsNull(9)) p.announcement = DateOf(row.Text(9));
  p.display_start = DateOf(row.Text(10));
  p.display_end = DateOf(row.Text(11));
  p.objection_end = DateOf(row.Text(12));
  p.closes_at = row.Int(13);
  p.explanation = SplitLines(row.Text(14));
  p.warnings = SplitLines(row.Text(15));
  p.documents_location = row.Text(16);
  p.hearing_at = row.OptInt(17);
  p.hearing_place = row.Text(18);
  p.publish_statements = row.Int(19) != 0;
  p.decision_text = row.Text(20);
  p.decided_at = row.OptInt(21);
  p.result_published = row.Int(22) != 0;
  p.geometry = row.Text(23);
  p.lat = row.OptReal(24);
  p.lon = row.OptReal(25);
  p.created_by = row.OptInt(26);
  p.created_at = row.Int(27);
  p.published_at = row.OptInt(28);
  p.updated_at = row.Int(29);
  p.legal.plan_type = row.Text(30);
  p.legal.environmental_info = row.Text(31);
  p.legal.site = row.Text(32);
  p.legal.installation = row.Text(33);
  p.legal.operation_start = row.Text(34);
  p.legal.reports = row.Text(35);
  p.legal.cross_border = row.Int(36) != 0;
  p.legal.repeated = row.Int(37) != 0;
  p.legal.repeated_scope = row.Text(38);
  if (!row.IsNull(39)) p.legal.last_announcement = DateOf(row.Text(39));
  p.legal.filing_municipality = row.Text(40);
  p.legal.filing_ags = row.Text(41);
  p.decision_outcome = ParseOutcome(row.Text(42)).value_or(Outcome::kGranted);
  p.decision_remedies = row.Text(43);
  p.decision_conditions = row.Int(44) != 0;
  p.legal.repeat_reason = row.Text(45);
  if (!row.IsNull(46)) p.legal.shortened_objection_end = DateOf(row.Text(46));
  p.legal.online_objection_basis = row.Text(47);
  if (!row.IsNull(48) && !row.IsNull(49) && !row.IsNull(50) && !row.IsNull(51)) {
    p.area = places::Box{row.Real(48), row.Real(49), row.Real(50), row.Real(51)};
  }
  return p;
}

Statement StatementFrom(const db::Row& row) {
  Statement s;
  s.id = row.Int(0);
  s.procedure_id = row.Int(1);
  s.tenant_id = row.Int(2);
  s.reference = row.Text(3);
  s.user_id = row.OptInt(4);
  s.organisation_id = row.OptInt(5);
  s.organisation_name = row.Text(6);
  s.channel = ParseChannel(row.Text(7)).value_or(Channel::kOnline);
  s.author_name = row.Text(8);
  s.author_address = row.Text(9);
  s.author_email = row.Text(10);
  s.text = row.Text(11);
  s.document_id = row.OptInt(12);
  s.page = row.Text(13);
  s.received_at = row.Int(14);
  s.sha256 = row.Text(15);
  s.late_by_receipt = row.Int(16) != 0;
  s.withdrawn = row.Text(17) == "withdrawn";
  s.withdrawn_at = row.OptInt(18);
  s.entered_by = row.OptInt(19);
  s.publish_consent = row.Int(20) != 0;
  s.signatories = row.Int(21);
  s.representative = row.Text(22);
  s.created_at = row.Int(23);
  s.publish_text_consent = row.Int(24) != 0;
  s.representative_occupation = row.Text(25);
  s.representative_address = row.Text(26);
  if (!row.IsNull(27)) s.late_override = row.Int(27) != 0;
  s.late_override_reason = row.Text(28);
  s.late_override_by = row.OptInt(29);
  s.late_override_at = row.OptInt(30);
  s.conceal_from_applicant = row.Int(31) != 0;
  s.late = s.late_override.value_or(s.late_by_receipt);
  return s;
}

std::string Select(const char* columns, const char* table, const std::string& rest) {
  return std::string("SELECT ") + columns + " FROM " + table + " " + rest;
}

// The location of a geometry for the map and the place search, if one is given and valid.
std::optional<GeometryPlace> LocationOf(const std::string& geometry) {
  if (Trim(geometry).empty()) return std::nullopt;
  auto located = LocateGeometry(geometry);
  if (!located) return std::nullopt;
  return *located;
}

// The area columns' values: the box, or NULLs for no geometry or one too large to be a place (see kMaxAreaSpanDegrees).
std::array<std::optional<double>, 4> AreaColumns(const std::optional<GeometryPlace>& location) {
  if (!location) return {};
  const places::Box& box = location->box;
  if (box.max_lat - box.min_lat > kMaxAreaSpanDegrees || box.max_lon - box.min_lon > kMaxAreaSpanDegrees) return {};
  return {box.min_lat, box.min_lon, box.max_lat, box.max_lon};
}

std::optional<std::string> OptIso(const std::optional<law::Date>& date) {
  if (!date) return std::nullopt;
  return law::FormatIso(*date);
}

// The legal details' columns, for INSERT and UPDATE (in the order of AddLegalParams).
constexpr const char* kLegalColumns =
    "plan_type, environmental_info, site, installation, operation_start, reports, cross_border, repeated, "
    "repeated_scope, last_announcement_date, filing_municipality, filing_ags, repeat_reason, shortened_objection_end, "
    "online_objection_basis";

void AddLegalParams(db::Params& params, const LegalDetails& legal) {
  auto trimmed = [](const std::string& text) { return std::string(Trim(text)); };
  params.push_back(trimmed(legal.plan_type));
  params.push_back(trimmed(legal.environmental_info));
  params.push_back(trimmed(legal.site));
  params.push_back(trimmed(legal.installation));
  params.push_back(trimmed(legal.operation_start));
  params.push_back(trimmed(legal.reports));
  params.push_back(legal.cross_border);
  params.push_back(legal.repeated);
  params.push_back(trimmed(legal.repeated_scope));
  params.push_back(OptIso(legal.last_announcement));
  params.push_back(trimmed(legal.filing_municipality));
  params.push_back(trimmed(legal.filing_ags));
  params.push_back(trimmed(legal.repeat_reason));
  params.push_back(OptIso(legal.shortened_objection_end));
  params.push_back(trimmed(legal.online_objection_basis));
}

void SetLegal(db::Tx& tx, std::int64_t id, const LegalDetails& legal) {
  std::string sql = "UPDATE procedure SET ";
  std::string_view columns = kLegalColumns;
  bool first = true;
  while (!columns.empty()) {
    auto comma = columns.find(',');
    std::string_view column = Trim(columns.substr(0, comma));
    columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 1);
    if (!first) sql += ", ";
    sql += std::string(column) + " = ?";
    first = false;
  }
  sql += " WHERE id = ?";
  db::Params params;
  AddLegalParams(params, legal);
  params.push_back(id);
  tx.Exec(sql, params);
}

AnnouncementVersion AnnouncementFrom(const db::Row& row) {
  return {row.Int(0), static_cast<int>(row.Int(1)), row.Text(2), row.Int(3)};
}

}  // namespace

Status Procedure::StatusOn(law::Date today) const {
  return procedures::StatusOn(phase, display_start, objection_end, today);
}

std::string ProcedureScope(std::int64_t procedure_id) {
  return "procedure:" + std::to_string(procedure_id);
}

void TouchProcedurePages(db::Tx& tx, std::int64_t procedure_id) {
  site::TouchPages(tx, {ProcedureScope(procedure_id), std::string(kProceduresScope), std::string(site::kOffersScope)});
}

Procedure Create(db::Tx& tx, std::int64_t tenant_id, std::optional<std::int64_t> created_by,
                 const ProcedureInput& input, const Dates& dates, db::UnixSeconds now) {
  auto location = LocationOf(input.geometry);
  auto centre = location ? std::optional<LatLon>(location->centre) : std::nullopt;
  auto area = AreaColumns(location);
  auto row = tx.QueryOne(
      "INSERT INTO procedure (tenant_id, type, title, description, applicant, ied, uvp, phase, announcement_date, "
      "display_start, display_end, objection_end, closes_at, explanation, warnings, documents_location, "
      "publish_statements, geometry, lat, lon, created_by, created_at, updated_at, area_min_lat, area_min_lon, "
      "area_max_lat, area_max_lon) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " +
          std::string(kProcedureColumns),
      {tenant_id, TypeName(input.type), std::string(Trim(input.title)), std::string(Trim(input.description)),
       std::string(Trim(input.applicant)), input.ied, input.uvp, OptIso(input.announcement),
       law::FormatIso(dates.display_start), law::FormatIso(dates.display_end), law::FormatIso(dates.objection_end),
       EndOfDay(dates.objection_end), Lines(dates.explanation), Lines(dates.warnings),
       std::string(Trim(input.documents_location)), input.publish_statements, std::string(Trim(input.geometry)),
       centre ? std::optional<double>(centre->lat) : std::nullopt,
       centre ? std::optional<double>(centre->lon) : std::nullopt, created_by, now, now, area[0], area[1], area[2],
       area[3]});
  const std::int64_t id = row->Int(0);
  SetLegal(tx, id, input.legal);
  TouchProcedurePages(tx, id);
  return *Find(tx, id);
}

std::optional<Procedure> Update(db::Tx& tx, std::int64_t id, const ProcedureInput& input, const Dates& dates,
                                db::UnixSeconds now) {
  auto location = LocationOf(input.geometry);
  auto centre = location ? std::optional<LatLon>(location->centre) : std::nullopt;
  auto area = AreaColumns(location);
  auto row = tx.QueryOne(
      "UPDATE procedure SET type = ?, title = ?, description = ?, applicant = ?, ied = ?, uvp = ?, "
      "announcement_date = ?, display_start = ?, display_end = ?, objection_end = ?, closes_at = ?, explanation = ?, "
      "warnings = ?, documents_location = ?, publish_statements = ?, geometry = ?, lat = ?, lon = ?, updated_at = ?, "
      "area_min_lat = ?, area_min_lon = ?, area_max_lat = ?, area_max_lon = ? "
      "WHERE id = ? RETURNING " +
          std::string(kProcedureColumns),
      {TypeName(input.type), std::string(Trim(input.title)), std::string(Trim(input.description)),
       std::string(Trim(input.applicant)), input.ied, input.uvp, OptIso(input.announcement),
       law::FormatIso(dates.display_start), law::FormatIso(dates.display_end), law::FormatIso(dates.objection_end),
       EndOfDay(dates.objection_end), Lines(dates.explanation), Lines(dates.warnings),
       std::string(Trim(input.documents_location)), input.publish_statements, std::string(Trim(input.geometry)),
       centre ? std::optional<double>(centre->lat) : std::nullopt,
       centre ? std::optional<double>(centre->lon) : std::nullopt, now, area[0], area[1], area[2], area[3], id});
  if (!row) return std::nullopt;
  SetLegal(tx, id, input.legal);
  TouchProcedurePages(tx, id);
  return Find(tx, id);
}

std::optional<Procedure> Find(db::Tx& tx, std::int64_t id) {
  auto row = tx.QueryOne(Select(kProcedureColumns, "procedure", "WHERE id = ?"), {id});
  if (!row) return std::nullopt;
  return ProcedureFrom(*row);
}

Result<Procedure> SetPhase(db::Tx& tx, std::int64_t id, Phase to, db::UnixSeconds now,
                           const DecisionInput& decision) {
  auto procedure = Find(tx, id);
  if (!procedure) return Fail(ErrorKind::kNotFound, "Das Verfahren gibt es nicht.");
  if (!CanTransition(procedure->phase, to)) {
    return Fail(ErrorKind::kConflict, "Das Verfahren kann aus seinem jetzigen Stand nicht dorthin wechseln.");
  }
  std::string sql = "UPDATE procedure SET phase = ?, updated_at = ?";
  db::Params params{PhaseName(to), now};
  if (to == Phase::kPublished) {
    sql += ", published_at = ?";
    params.push_back(now);
  }
  if (to == Phase::kDecided) {
    sql += ", decided_at = ?, decision_text = ?, decision_outcome = ?, decision_remedies = ?, decision_conditions = ?";
    params.push_back(now);
    params.push_back(std::string(Trim(decision.operative_part)));
    params.push_back(OutcomeName(decision.outcome));
    params.push_back(std::string(Trim(decision.remedies)));
    params.push_back(decision.conditions ? 1 : 0);
  }
  sql += " WHERE id = ? AND phase = ? RETURNING " + std::string(kProcedureColumns);
  params.push_back(id);
  params.push_back(PhaseName(procedure->phase));
  auto row = tx.QueryOne(sql, params);
  if (!row) return Fail(ErrorKind::kConflict, "Das Verfahren wurde gerade geändert. Bitte laden Sie die Seite neu.");
  Procedure changed = ProcedureFrom(*row);
  TouchProcedurePages(tx, changed.id);
  return changed;
}

std::optional<Procedure> SetHearing(db::Tx& tx, std::int64_t id, std::optional<db::UnixSeconds> at,
                                    const std::string& place, db::UnixSeconds now) {
  auto row = tx.QueryOne("UPDATE procedure SET hearing_at = ?, hearing_place = ?, updated_at = ? WHERE id = ? "
                         "RETURNING " + std::string(kProcedureColumns),
                         {at, std::string(Trim(place)), now, id});
  if (!row) return std::nullopt;
  Procedure changed = ProcedureFrom(*row);
  TouchProcedurePages(tx, changed.id);
  return changed;
}

std::optional<Procedure> SetResultPublished(db::Tx& tx, std::int64_t id, bool published, db::UnixSeconds now) {
  auto row = tx.QueryOne("UPDATE procedure SET result_published = ?, updated_at = ? WHERE id = ? RETURNING " +
                             std::string(kProcedureColumns),
                         {published, now, id});
  if (!row) return std::nullopt;
  Procedure changed = ProcedureFrom(*row);
  TouchProcedurePages(tx, changed.id);
  return changed;
}

namespace {

// An FTS5 string (a phrase) that matches `text` as it stands, quotes included: with the trigram tokenizer of migration
// 0220 it matches every title or description that contains `text`, in any case.
std::string TrigramPhrase(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The WHERE clause of `filter` with its parameters (without order, limit and offset).
std::string ListWhere(db::Dialect dialect, const ListFilter& filter, db::Params& params) {
  std::string where = "WHERE 1 = 1";
  if (filter.tenant_id) {
    where += " AND tenant_id = ?";
    params.push_back(*filter.tenant_id);
  }
  if (!filter.tenant_ids.empty()) {
    where += " AND tenant_id IN (";
    for (std::size_t i = 0; i < filter.tenant_ids.size(); ++i) {
      where += i ? ", ?" : "?";
      params.push_back(filter.tenant_ids[i]);
    }
    where += ")";
  }
  if (filter.type) {
    where += " AND type = ?";
    params.push_back(TypeName(*filter.type));
  }
  if (filter.public_only) where += " AND phase <> 'draft'";
  if (filter.open_on) {
    where += " AND phase = 'published' AND objection_end >= ?";
    params.push_back(law::FormatIso(*filter.open_on));
  }
  if (filter.status) {
    // StatusOn in SQL: dates are stored as ISO text, which compares like the dates. A published procedure is
    // announced before its first day, in participation up to the last day for statements, in evaluation after it.
    const std::string day = law::FormatIso(filter.status_on);
    switch (*filter.status) {
      case Status::kAnnounced:
        where += " AND phase = 'published' AND display_start > ?";
        params.push_back(day);
        break;
      case Status::kParticipation:
        where += " AND phase = 'published' AND display_start <= ? AND objection_end >= ?";
        params.push_back(day);
        params.push_back(day);
        break;
      case Status::kEvaluation:
        where += " AND phase = 'published' AND display_start <= ? AND objection_end < ?";
        params.push_back(day);
        params.push_back(day);
        break;
      case Status::kDraft:
        where += " AND phase = ?";
        params.push_back(PhaseName(Phase::kDraft));
        break;
      case Status::kHearing:
        where += " AND phase = ?";
        params.push_back(PhaseName(Phase::kHearing));
        break;
      case Status::kDecided:
        where += " AND phase = ?";
        params.push_back(PhaseName(Phase::kDecided));
        break;
      case Status::kArchived:
        where += " AND phase = ?";
        params.push_back(PhaseName(Phase::kArchived));
        break;
    }
  }
  if (filter.area_meets) {
    // A band of latitudes from the index (migration 0222; no area spans more than kMaxAreaSpanDegrees), then the box.
    const places::Box& box = *filter.area_meets;
    where += " AND area_min_lat BETWEEN ? AND ? AND area_max_lat >= ? AND area_min_lon <= ? AND area_max_lon >= ?";
    params.push_back(box.min_lat - kMaxAreaSpanDegrees);
    params.push_back(box.max_lat);
    params.push_back(box.min_lat);
    params.push_back(box.max_lon);
    params.push_back(box.min_lon);
  }
  if (filter.without_area) where += " AND area_min_lat IS NULL";
  if (filter.ids) {
    where += " AND id IN (NULL";
    for (std::int64_t id : *filter.ids) {
      where += ", ?";
      params.push_back(id);
    }
    where += ")";
  }
  if (dialect == db::Dialect::kSqlite && Utf8Length(filter.text) >= 3) {
    // The trigram index (migration 0220): the same substrings as the LIKE below, without reading every row.
    where += " AND id IN (SELECT rowid FROM procedure_search_fts WHERE procedure_search_fts MATCH ?)";
    params.push_back(TrigramPhrase(filter.text));
  } else if (!filter.text.empty()) {
    // PostgreSQL: served by the trigram indexes of migration 0220. SQLite: fewer than three characters, no trigram.
    where += " AND (LOWER(title) LIKE ? OR LOWER(description) LIKE ?)";
    std::string pattern = "%" + AsciiLower(filter.text) + "%";
    params.push_back(pattern);
    params.push_back(pattern);
  }
  return where;
}

}  // namespace

std::vector<Procedure> List(db::Tx& tx, const ListFilter& filter) {
  db::Params params;
  const std::string order = filter.soonest_end_first        ? " ORDER BY objection_end, id"
                            : filter.newest_published_first ? " ORDER BY COALESCE(published_at, created_at) DESC, id DESC"
                                                            : " ORDER BY display_start DESC, id DESC";
  // The page is chosen among the index's entries (migration 0221 holds every column the filters and the order read),
  // then only its rows are read: sorting the whole rows of every match for 20 of them read thousands at Land scale.
  std::string where = "WHERE id IN (SELECT id FROM procedure " + ListWhere(tx.dialect(), filter, params) + order +
                      " LIMIT ? OFFSET ?)" + order;
  params.push_back(filter.limit);
  params.push_back(filter.offset);
  std::vector<Procedure> out;
  for (const auto& row : tx.Query(Select(kProcedureColumns, "procedure", where), params)) {
    out.push_back(ProcedureFrom(row));
  }
  return out;
}

std::int64_t Count(db::Tx& tx, const ListFilter& filter) {
  db::Params params;
  std::string where = ListWhere(tx.dialect(), filter, params);
  return tx.QueryOne("SELECT COUNT(*) FROM procedure " + where, params)->Int(0);
}

ListFilter WithTextMatched(db::Tx& tx, ListFilter filter, int max_matches) {
  // Below three characters no trigram index helps (a scan either way): left to the two queries.
  if (Utf8Length(filter.text) < 3) return filter;
  db::Params params;
  const std::string where = ListWhere(tx.dialect(), ListFilter{.public_only = false, .text = filter.text}, params);
  params.push_back(max_matches + 1);
  std::vector<std::int64_t> matched;
  for (const auto& row : tx.Query("SELECT id FROM procedure " + where + " LIMIT ?", params)) {
    matched.push_back(row.Int(0));
  }
  if (std::cmp_greater(matched.size(), max_matches)) return filter;
  if (filter.ids) {  // already narrowed (a place): both must hold
    std::ranges::sort(matched);
    std::erase_if(*filter.ids, [&](std::int64_t id) { return !std::ranges::binary_search(matched, id); });
  } else {
    filter.ids = std::move(matched);
  }
  filter.text.clear();
  return filter;
}

std::vector<Located> LocatedNear(db::Tx& tx, const places::Box& box, const std::vector<std::int64_t>& tenant_ids,
                                 int limit) {
  std::vector<Located> out;
  ListFilter with_area{.public_only = true, .area_meets = box};
  db::Params params;
  std::string where = ListWhere(tx.dialect(), with_area, params);
  params.push_back(limit);
  for (const auto& row : tx.Query("SELECT id, area_min_lat, area_min_lon, area_max_lat, area_max_lon FROM procedure " +
                                      where + " LIMIT ?",
                                  params)) {
    out.push_back({row.Int(0), places::Box{row.Real(1), row.Real(2), row.Real(3), row.Real(4)}});
  }
  if (tenant_ids.empty()) return out;
  ListFilter without_area{.tenant_ids = tenant_ids, .public_only = true, .without_area = true};
  params.clear();
  where = ListWhere(tx.dialect(), without_area, params);
  params.push_back(limit);
  for (const auto& row : tx.Query("SELECT id FROM procedure " + where + " LIMIT ?", params)) {
    out.push_back({row.Int(0), std::nullopt});
  }
  return out;
}

std::string ReferencePrefixOf(db::Tx& tx, std::int64_t tenant_id, db::UnixSeconds now) {
  auto held = [&]() -> std::optional<std::string> {
    auto row = tx.QueryOne("SELECT prefix FROM procedure_reference_prefix WHERE tenant_id = ?", {tenant_id});
    if (!row) return std::nullopt;
    return row->Text(0);
  };
  if (auto prefix = held()) return *prefix;
  auto tenant = tenancy::FindById(tx, tenant_id);
  for (const auto& candidate : ReferencePrefixCandidates(tenant ? tenant->slug : std::string_view(), tenant_id)) {
    // DO NOTHING on either key: the prefix is another tenant's, or this tenant got one in a concurrent write.
    if (tx.QueryOne("INSERT INTO procedure_reference_prefix (tenant_id, prefix, created_at) VALUES (?, ?, ?) "
                    "ON CONFLICT DO NOTHING RETURNING prefix",
                    {tenant_id, candidate, now})) {
      return candidate;
    }
    if (auto prefix = held()) return *prefix;
  }
  throw db::DatabaseError("no reference prefix left for tenant " + std::to_string(tenant_id));
}

Statement Submit(db::Tx& tx, const Procedure& procedure, const Submission& submission, db::UnixSeconds now) {
  db::UnixSeconds received_at = submission.received_at.value_or(now);
  int year = LocalDate(received_at).year;
  const std::string prefix = ReferencePrefixOf(tx, procedure.tenant_id, now);
  auto counter = tx.QueryOne(
      "INSERT INTO procedure_reference_counter (tenant_id, year, last) VALUES (?, ?, 1) "
      "ON CONFLICT (tenant_id, year) DO UPDATE SET last = procedure_reference_counter.last + 1 RETURNING last",
      {procedure.tenant_id, year});
  const StatementInput& input = submission.input;
  auto row = tx.QueryOne(
      "INSERT INTO procedure_statement (procedure_id, tenant_id, reference, user_id, organisation_id, "
      "organisation_name, channel, author_name, author_address, author_email, text, document_id, page, received_at, "
      "sha256, late, entered_by, publish_consent, signatories, representative, created_at, publish_text_consent, "
      "representative_occupation, representative_address, conceal_from_applicant, reference_prefix) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " +
          std::string(kStatementColumns),
      {procedure.id, procedure.tenant_id, FormatReference(prefix, year, counter->Int(0)), submission.user_id,
       submission.organisation_id, submission.organisation_name, ChannelName(submission.channel), input.name,
       input.address, submission.author_email, input.text, input.document_id, input.page, received_at,
       ContentSha256(input.text), IsLate(received_at, procedure.objection_end), submission.entered_by,
       submission.publish_consent, submission.signatories, submission.representative.name, now,
       submission.publish_text_consent, submission.representative.occupation, submission.representative.address,
       submission.conceal_from_applicant, prefix});
  Statement statement = StatementFrom(*row);
  IndexStatement(tx, statement);  // searchable in the inbox from this transaction on
  return statement;
}

std::optional<Statement> FindStatement(db::Tx& tx, std::int64_t id) {
  auto row = tx.QueryOne(Select(kStatementColumns, "procedure_statement", "WHERE id = ?"), {id});
  if (!row) return std::nullopt;
  return StatementFrom(*row);
}

std::vector<Statement> StatementsWithIds(db::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::vector<Statement> out;
  if (ids.empty()) return out;
  std::string placeholders;
  db::Params params;
  for (auto id : ids) {
    placeholders += params.empty() ? "?" : ", ?";
    params.push_back(id);
  }
  std::unordered_map<std::int64_t, Statement> found;
  for (const auto& row : tx.Query(Select(kStatementColumns, "procedure_statement", "WHERE id IN (" + placeholders + ")"),
                                  params)) {
    Statement statement = StatementFrom(row);
    found.emplace(statement.id, std::move(statement));
  }
  for (auto id : ids) {
    if (auto it = found.find(id); it != found.end()) out.push_back(std::move(it->second));
  }
  return out;
}

std::vector<Statement> StatementsOf(db::Tx& tx, std::int64_t procedure_id) {
  std::vector<Statement> out;
  for (const auto& row : tx.Query(Select(kStatementColumns, "procedure_statement",
                                         "WHERE procedure_id = ? ORDER BY received_at, id"),
                                  {procedure_id})) {
    out.push_back(StatementFrom(row));
  }
  return out;
}

std::vector<Statement> StatementsByUser(db::Tx& tx, std::int64_t user_id) {
  std::vector<Statement> out;
  for (const auto& row : tx.Query(Select(kStatementColumns, "procedure_statement",
                                         "WHERE user_id = ? ORDER BY received_at DESC, id DESC"),
                                  {user_id})) {
    out.push_back(StatementFrom(row));
  }
  return out;
}

Result<Statement> OverrideLate(db::Tx& tx, std::int64_t statement_id, std::optional<bool> late,
                               const std::string& reason, std::int64_t actor_id, db::UnixSeconds now) {
  std::vector<Error> errors;
  CheckTextField(errors, reason, "late_reason",
                 "Bitte begründen Sie die Änderung der Fristwahrung (zum Beispiel: Einwurf in den Nachtbriefkasten "
                 "vor Mitternacht, Ausfall des Portals am letzten Tag der Frist).",
                 "Die Begründung", kMaxLateReasonChars, true, TextLines::kMulti);
  if (!errors.empty()) return std::unexpected(errors.front());
  if (!FindStatement(tx, statement_id)) return Fail(ErrorKind::kNotFound, "Diese Stellungnahme gibt es nicht.");
  std::optional<std::int64_t> value;
  if (late) value = *late ? 1 : 0;
  auto row = tx.QueryOne("UPDATE procedure_statement SET late_override = ?, late_override_reason = ?, "
                         "late_override_by = ?, late_override_at = ? WHERE id = ? RETURNING " +
                             std::string(kStatementColumns),
                         {value, std::string(Trim(reason)), actor_id, now, statement_id});
  return StatementFrom(*row);
}

Result<Statement> Withdraw(db::Tx& tx, std::int64_t statement_id, std::int64_t user_id, db::UnixSeconds now) {
  auto statement = FindStatement(tx, statement_id);
  if (!statement || statement->user_id != user_id) {
    return Fail(ErrorKind::kNotFound, "Diese Stellungnahme gibt es nicht.");
  }
  if (statement->withdrawn) return Fail(ErrorKind::kConflict, "Die Stellungnahme ist bereits zurückgezogen.");
  auto procedure = tx.QueryOne("SELECT closes_at FROM procedure WHERE id = ?", {statement->procedure_id});
  if (procedure && now >= procedure->Int(0)) {
    return Fail(ErrorKind::kConflict,
                "Die Frist für Stellungnahmen ist abgelaufen. Danach kann eine Stellungnahme nicht mehr über das "
                "Portal zurückgezogen werden; bitte wenden Sie sich schriftlich an die Behörde.",
                "period");
  }
  auto row = tx.QueryOne("UPDATE procedure_statement SET state = 'withdrawn', withdrawn_at = ? "
                         "WHERE id = ? AND state = 'submitted' RETURNING " + std::string(kStatementColumns),
                         {now, statement_id});
  if (!row) return Fail(ErrorKind::kConflict, "Die Stellungnahme ist bereits zurückgezogen.");
  return StatementFrom(*row);
}

}  // namespace mw::procedures

namespace mw::procedures {

std::optional<AnnouncementVersion> FreezeAnnouncement(db::Tx& tx, std::int64_t procedure_id, const std::string& text,
                                                      db::UnixSeconds now) {
  auto latest = tx.QueryOne(
      "SELECT procedure_id, version, text, published_at FROM procedure_announcement WHERE procedure_id = ? "
      "ORDER BY version DESC LIMIT 1",
      {procedure_id});
  int version = 1;
  if (latest) {
    if (latest->Text(2) == text) return std::nullopt;
    version = static_cast<int>(latest->Int(1)) + 1;
  }
  tx.Exec("INSERT INTO procedure_announcement (procedure_id, version, text, published_at) VALUES (?, ?, ?, ?)",
          {procedure_id, version, text, now});
  return AnnouncementVersion{procedure_id, version, text, now};
}

std::vector<AnnouncementVersion> AnnouncementVersions(db::Tx& tx, std::int64_t procedure_id) {
  std::vector<AnnouncementVersion> out;
  for (const auto& row : tx.Query("SELECT procedure_id, version, text, published_at FROM procedure_announcement "
                                  "WHERE procedure_id = ? ORDER BY version",
                                  {procedure_id})) {
    out.push_back(AnnouncementFrom(row));
  }
  return out;
}

std::optional<AnnouncementVersion> FindAnnouncementVersion(db::Tx& tx, std::int64_t procedure_id, int version) {
  auto row = tx.QueryOne("SELECT procedure_id, version, text, published_at FROM procedure_announcement "
                         "WHERE procedure_id = ? AND version = ?",
                         {procedure_id, version});
  if (!row) return std::nullopt;
  return AnnouncementFrom(*row);
}

}  // namespace mw::procedures

namespace mw::procedures {
namespace {

std::string RowsToJson(const std::vector<ResultRow>& rows) {
  boost::json::array out;
  for (const auto& row : rows) {
    out.push_back(boost::json::object{{"number", row.number},
                                      {"submitter", row.submitter},
                                      {"excerpt", row.excerpt},
                                      {"response", row.response}});
  }
  return boost::json::serialize(out);
}

std::vector<ResultRow> RowsFromJson(const std::string& json) {
  std::vector<ResultRow> rows;
  boost::system::error_code error;
  auto parsed = boost::json::parse(json, error);
  if (error || !parsed.is_array()) return rows;
  auto text = [](const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
  };
  for (const auto& item : parsed.as_array()) {
    if (!item.is_object()) continue;
    const auto& object = item.as_object();
    rows.push_back({text(object, "number"), text(object, "submitter"), text(object, "excerpt"),
                    text(object, "response")});
  }
  return rows;
}

}  // namespace

std::optional<ResultVersion> FreezeResult(db::Tx& tx, std::int64_t procedure_id, const std::vector<ResultRow>& rows,
                                          std::optional<std::int64_t> published_by, db::UnixSeconds now) {
  std::string json = RowsToJson(rows);
  auto latest = tx.QueryOne("SELECT version, rows_json FROM procedure_result_version WHERE procedure_id = ? "
                            "ORDER BY version DESC LIMIT 1",
                            {procedure_id});
  int version = 1;
  if (latest) {
    if (latest->Text(1) == json) return std::nullopt;
    version = static_cast<int>(latest->Int(0)) + 1;
  }
  tx.Exec("INSERT INTO procedure_result_version (procedure_id, version, rows_json, published_at, published_by) "
          "VALUES (?, ?, ?, ?, ?)",
          {procedure_id, version, json, now, published_by});
  TouchProcedurePages(tx, procedure_id);
  return ResultVersion{procedure_id, version, rows, now};
}

std::vector<ResultVersion> ResultVersions(db::Tx& tx, std::int64_t procedure_id) {
  std::vector<ResultVersion> out;
  for (const auto& row : tx.Query("SELECT procedure_id, version, rows_json, published_at FROM "
                                  "procedure_result_version WHERE procedure_id = ? ORDER BY version",
                                  {procedure_id})) {
    out.push_back({row.Int(0), static_cast<int>(row.Int(1)), RowsFromJson(row.Text(2)), row.Int(3)});
  }
  return out;
}

ProcedureInput StatutoryInputOf(const Procedure& procedure) {
  ProcedureInput input{.type = procedure.type,
                       .ied = procedure.ied,
                       .uvp = procedure.uvp,
                       .display_start = procedure.display_start,
                       .announcement = procedure.announcement};
  input.legal = procedure.legal;
  input.legal.shortened_objection_end.reset();
  return input;
}

std::int64_t CountDrafts(db::Tx& tx, std::int64_t tenant_id) {
  return tx.QueryOne("SELECT COUNT(*) FROM procedure WHERE tenant_id = ? AND phase = 'draft'", {tenant_id})->Int(0);
}

}  // namespace mw::procedures
