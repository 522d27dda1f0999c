#include "formats/procedures/publication_store.hpp"

#include <boost/json.hpp>

#include "formats/procedures/cluster_store.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

constexpr const char* kColumns =
    "p.statement_id, p.state, p.redacted_text, p.spans, p.note, p.reviewed_by, COALESCE(u.name, ''), p.reviewed_at "
    "FROM procedure_statement_publication p LEFT JOIN app_user u ON u.id = p.reviewed_by";

Publication PublicationFrom(const db::Row& row) {
  Publication p;
  p.statement_id = row.Int(0);
  p.state = row.Text(1) == "published" ? PublicationState::kPublished : PublicationState::kWithheld;
  p.redacted_text = row.Text(2);
  p.spans = SpansFromJson(row.Text(3));
  p.note = row.Text(4);
  p.reviewed_by = row.OptInt(5);
  p.reviewer_name = row.Text(6);
  p.reviewed_at = row.Int(7);
  return p;
}

}  // namespace

std::vector<std::string> KnownPersonalData(const Statement& statement) {
  // § 17 VwVfG: the representative's name, occupation and address identify a person as much as the author's.
  std::vector<std::string> known{statement.author_name,    statement.author_address,
                                 statement.author_email,   statement.representative,
                                 statement.representative_occupation, statement.representative_address};
  if (!statement.publish_consent) known.push_back(statement.organisation_name);
  std::erase_if(known, [](const std::string& value) { return Trim(value).empty(); });
  return known;
}

std::vector<std::string> KnownPersonalData(db::Tx& tx, const Statement& statement) {
  auto known = KnownPersonalData(statement);
  if (auto cluster_id = ClusterOfStatement(tx, statement.id)) {
    auto cluster = FindClusterDetails(tx, statement.procedure_id, *cluster_id);  // not its members
    if (cluster) {
      for (const std::string* value :
           {&cluster->representative, &cluster->representative_occupation, &cluster->representative_address}) {
        if (!Trim(*value).empty()) known.push_back(*value);
      }
    }
  }
  return known;
}

std::vector<redaction::Span> SuggestedSpans(const Statement& statement, const std::vector<std::string>& known) {
  return redaction::Suggest(statement.text, known);
}

std::vector<redaction::Span> SuggestedSpans(const Statement& statement) {
  return SuggestedSpans(statement, KnownPersonalData(statement));
}

std::string SpansToJson(const std::vector<redaction::Span>& spans) {
  boost::json::array out;
  for (const auto& span : spans) {
    out.push_back(boost::json::array{span.begin, span.end, std::string(redaction::KindName(span.kind))});
  }
  return boost::json::serialize(out);
}

std::vector<redaction::Span> SpansFromJson(const std::string& json) {
  std::vector<redaction::Span> out;
  boost::system::error_code error;
  auto value = boost::json::parse(json, error);
  if (error || !value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    const auto* entry = item.if_array();
    if (!entry || entry->size() != 3 || !(*entry)[0].is_number() || !(*entry)[1].is_number() ||
        !(*entry)[2].is_string()) {
      continue;
    }
    auto begin = (*entry)[0].to_number<std::int64_t>();
    auto end = (*entry)[1].to_number<std::int64_t>();
    auto kind = redaction::KindFromName((*entry)[2].as_string());
    if (begin < 0 || end <= begin || !kind) continue;
    out.push_back({static_cast<std::size_t>(begin), static_cast<std::size_t>(end), *kind});
  }
  return out;
}

void SavePublication(db::Tx& tx, const Publication& publication, db::UnixSeconds now) {
  tx.Exec(
      "INSERT INTO procedure_statement_publication (statement_id, state, redacted_text, spans, note, reviewed_by, "
      "reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (statement_id) DO UPDATE SET state = excluded.state, "
      "redacted_text = excluded.redacted_text, spans = excluded.spans, note = excluded.note, "
      "reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at",
      {publication.statement_id,
       std::string(publication.state == PublicationState::kPublished ? "published" : "withheld"),
       publication.redacted_text,
       SpansToJson(publication.spans), publication.note, publication.reviewed_by, now});
}

std::optional<Publication> FindPublication(db::Tx& tx, std::int64_t statement_id) {
  auto row = tx.QueryOne(std::string("SELECT ") + kColumns + " WHERE p.statement_id = ?", {statement_id});
  if (!row) return std::nullopt;
  return PublicationFrom(*row);
}

std::map<std::int64_t, Publication> PublicationsOf(db::Tx& tx, std::int64_t procedure_id) {
  std::map<std::int64_t, Publication> out;
  for (const auto& row : tx.Query(std::string("SELECT ") + kColumns +
                                      " JOIN procedure_statement s ON s.id = p.statement_id WHERE s.procedure_id = ?",
                                  {procedure_id})) {
    auto publication = PublicationFrom(row);
    out.emplace(publication.statement_id, std::move(publication));
  }
  return out;
}

}  // namespace mw::procedures
