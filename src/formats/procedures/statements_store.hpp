// Storage of the statements part beyond store.hpp: the attachments of a statement (migration 0204, the bytes in the
// database beside the statement, so that both commit in one transaction) and the joins the pages need. Every
// function takes the caller's transaction.
//
//   db.Write([&](db::Tx& tx) {
//     auto statement = procedures::Submit(tx, procedure, submission, now);
//     procedures::AddAttachment(tx, statement.id, 1, "Stellungnahme.pdf", "application/pdf", bytes, now);
//   });
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "formats/procedures/store.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

// At most this many attachments per statement, each at most kMaxAttachmentBytes.
inline constexpr int kMaxAttachments = 5;
inline constexpr std::uint64_t kMaxAttachmentBytes = 10 * 1000 * 1000;

// An attachment without its bytes.
struct Attachment {
  std::int64_t id = 0;
  std::int64_t statement_id = 0;
  int position = 0;  // 1, 2, … in the order uploaded
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
  db::UnixSeconds created_at = 0;
};

// Stores one attachment (its SHA-256 is computed here). `filename` is already safe (SafeFileName), `content_type`
// the sniffed one.
Attachment AddAttachment(db::Tx& tx, std::int64_t statement_id, int position, const std::string& filename,
                         const std::string& content_type, const std::string& bytes, db::UnixSeconds now);
// A statement's attachments in order.
std::vector<Attachment> AttachmentsOf(db::Tx& tx, std::int64_t statement_id);
// The attachments of all statements of a procedure, by statement id.
std::map<std::int64_t, std::vector<Attachment>> AttachmentsOfProcedure(db::Tx& tx, std::int64_t procedure_id);
// One attachment with its bytes.
std::optional<std::pair<Attachment, std::string>> AttachmentWithBytes(db::Tx& tx, std::int64_t statement_id,
                                                                      int position);

// A person's statement with what the list of own statements shows of its procedure and tenant.
struct OwnStatement {
  Statement statement;
  std::string procedure_title;
  std::string tenant_slug;
  std::string tenant_name;
  db::UnixSeconds closes_at = 0;  // the procedure's: a withdrawal is possible before it
  // Where the procedure stands (StatusOn) and whether its weighing result is published.
  Phase phase = Phase::kDraft;
  law::Date display_start;
  law::Date objection_end;
  bool result_published = false;
};
// A person's own statements across tenants, newest first.
std::vector<OwnStatement> OwnStatements(db::Tx& tx, std::int64_t user_id);
// How many statements the person has given, withdrawn ones included (from procedure_statement_user).
std::int64_t CountOwnStatements(db::Tx& tx, std::int64_t user_id);

}  // namespace mw::procedures
