// The redaction review of statements (migration 0212): per statement the case worker's decision whether and in which
// redacted form it is published. Nothing a person wrote is published without this decision (issue #12 item 13). Every
// function takes the caller's transaction.
//
//   db.Write([&](db::Tx& tx) {
//     procedures::SavePublication(tx, {.statement_id = id, .state = PublicationState::kPublished,
//                                      .redacted_text = text, .spans = *spans, .reviewed_by = user.id}, now);
//   });
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "formats/procedures/store.hpp"
#include "platform/db/database.hpp"
#include "platform/redaction/redaction.hpp"

namespace mw::procedures {

enum class PublicationState { kPublished, kWithheld };

struct Publication {
  std::int64_t statement_id = 0;
  PublicationState state = PublicationState::kWithheld;
  std::string redacted_text;             // the text as published (Apply(original, spans))
  std::vector<redaction::Span> spans;    // byte offsets of the blackouts in the original text
  std::string note;
  std::optional<std::int64_t> reviewed_by;
  std::string reviewer_name;             // filled on reading
  db::UnixSeconds reviewed_at = 0;
};

// Stores the decision, replacing an earlier one of the statement.
void SavePublication(db::Tx& tx, const Publication& publication, db::UnixSeconds now);
std::optional<Publication> FindPublication(db::Tx& tx, std::int64_t statement_id);
// The decisions on the statements of a procedure, by statement id.
std::map<std::int64_t, Publication> PublicationsOf(db::Tx& tx, std::int64_t procedure_id);

// The personal data known of a statement, fed to redaction::Suggest: author, address, e-mail, the § 17
// representative of the signatories (name, occupation and address), and the organisation unless it agreed to be
// named.
std::vector<std::string> KnownPersonalData(const Statement& statement);
// The same plus the common representative (§ 17 VwVfG: name, occupation, address) of the mass-objection cluster the
// statement belongs to.
std::vector<std::string> KnownPersonalData(db::Tx& tx, const Statement& statement);

// The redaction review's first proposal: the automatic suggestions for `statement`'s text, given what is `known`.
std::vector<redaction::Span> SuggestedSpans(const Statement& statement, const std::vector<std::string>& known);
std::vector<redaction::Span> SuggestedSpans(const Statement& statement);

// The spans as stored: JSON [[begin, end, "kind"], …]. Unreadable entries are skipped when reading.
std::string SpansToJson(const std::vector<redaction::Span>& spans);
std::vector<redaction::Span> SpansFromJson(const std::string& json);

}  // namespace mw::procedures
