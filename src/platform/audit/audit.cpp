#include "platform/audit/audit.hpp"

namespace mw::audit {

std::int64_t Record(db::Tx& tx, const Entry& entry, db::UnixSeconds now) {
  auto row = tx.QueryOne(
      "INSERT INTO audit_log (at, actor_user_id, actor_label, tenant_id, action, object, detail, remote_ip) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {now, entry.actor_user_id, entry.actor_label, entry.tenant_id, entry.action, entry.object, entry.detail,
       entry.remote_ip});
  return row->Int(0);
}

std::vector<Entry> List(db::Tx& tx, std::optional<std::int64_t> tenant_id, std::int64_t before_id, int limit) {
  std::string sql =
      "SELECT id, at, actor_user_id, actor_label, tenant_id, action, object, detail, remote_ip FROM audit_log "
      "WHERE (? = 0 OR id < ?)";
  db::Params params{before_id, before_id};
  if (tenant_id) {
    sql += " AND tenant_id = ?";
    params.emplace_back(*tenant_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(limit);
  std::vector<Entry> out;
  for (const auto& row : tx.Query(sql, params)) {
    out.push_back(Entry{row.Int(0), row.Int(1), row.OptInt(2), row.Text(3), row.OptInt(4), row.Text(5), row.Text(6),
                        row.Text(7), row.Text(8)});
  }
  return out;
}

}  // namespace mw::audit
