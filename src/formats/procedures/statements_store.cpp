#include "formats/procedures/statements_store.hpp"

#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {
namespace {

constexpr const char* kAttachmentColumns =
    "id, statement_id, position, filename, content_type, size, sha256, created_at";

Attachment AttachmentFrom(const db::Row& row) {
  return Attachment{.id = row.Int(0),
                    .statement_id = row.Int(1),
                    .position = static_cast<int>(row.Int(2)),
                    .filename = row.Text(3),
                    .content_type = row.Text(4),
                    .size = row.Int(5),
                    .sha256 = row.Text(6),
                    .created_at = row.Int(7)};
}

}  // namespace

Attachment AddAttachment(db::Tx& tx, std::int64_t statement_id, int position, const std::string& filename,
                         const std::string& content_type, const std::string& bytes, db::UnixSeconds now) {
  auto row = tx.QueryOne(
      "INSERT INTO procedure_statement_attachment (statement_id, position, filename, content_type, size, sha256, "
      "bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " +
          std::string(kAttachmentColumns),
      {statement_id, position, filename, content_type, static_cast<std::int64_t>(bytes.size()), Sha256Hex(bytes),
       db::Blob{bytes}, now});
  return AttachmentFrom(*row);
}

std::vector<Attachment> AttachmentsOf(db::Tx& tx, std::int64_t statement_id) {
  std::vector<Attachment> out;
  for (const auto& row : tx.Query(std::string("SELECT ") + kAttachmentColumns +
                                      " FROM procedure_statement_attachment WHERE statement_id = ? ORDER BY position",
                                  {statement_id})) {
    out.push_back(AttachmentFrom(row));
  }
  return out;
}

std::map<std::int64_t, std::vector<Attachment>> AttachmentsOfProcedure(db::Tx& tx, std::int64_t procedure_id) {
  std::map<std::int64_t, std::vector<Attachment>> out;
  for (const auto& row : tx.Query(
           "SELECT a.id, a.statement_id, a.position, a.filename, a.content_type, a.size, a.sha256, a.created_at "
           "FROM procedure_statement_attachment a JOIN procedure_statement s ON s.id = a.statement_id "
           "WHERE s.procedure_id = ? ORDER BY a.statement_id, a.position",
           {procedure_id})) {
    Attachment attachment = AttachmentFrom(row);
    out[attachment.statement_id].push_back(std::move(attachment));
  }
  return out;
}

std::optional<std::pair<Attachment, std::string>> AttachmentWithBytes(db::Tx& tx, std::int64_t statement_id,
                                                                      int position) {
  auto row = tx.QueryOne(std::string("SELECT ") + kAttachmentColumns +
                             ", bytes FROM procedure_statement_attachment WHERE statement_id = ? AND position = ?",
                         {statement_id, position});
  if (!row) return std::nullopt;
  return std::pair{AttachmentFrom(*row), row->Bytes(8)};
}

std::vector<OwnStatement> OwnStatements(db::Tx& tx, std::int64_t user_id) {
  std::vector<OwnStatement> out;
  std::map<std::int64_t, Procedure> procedures;
  std::map<std::int64_t, tenancy::Tenant> tenants;
  for (auto& statement : StatementsByUser(tx, user_id)) {
    auto procedure = procedures.find(statement.procedure_id);
    if (procedure == procedures.end()) {
      auto found = Find(tx, statement.procedure_id);
      if (!found) continue;
      procedure = procedures.emplace(statement.procedure_id, std::move(*found)).first;
    }
    auto tenant = tenants.find(statement.tenant_id);
    if (tenant == tenants.end()) {
      auto found = tenancy::FindById(tx, statement.tenant_id);
      if (!found) continue;
      tenant = tenants.emplace(statement.tenant_id, std::move(*found)).first;
    }
    const Procedure& of = procedure->second;
    out.push_back(OwnStatement{std::move(statement), of.title, tenant->second.slug, tenant->second.name, of.closes_at,
                               of.phase, of.display_start, of.objection_end, of.result_published});
  }
  return out;
}

std::int64_t CountOwnStatements(db::Tx& tx, std::int64_t user_id) {
  return tx.QueryOne("SELECT COUNT(*) FROM procedure_statement WHERE user_id = ?", {user_id})->Int(0);
}

}  // namespace mw::procedures
