#include "formats/petitions/abuse_store.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

#include <boost/json.hpp>

#include "formats/petitions/model.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::petitions {
namespace {

constexpr db::UnixSeconds kHour = 3600;
// Ids per UPDATE … WHERE id IN (…): well below SQLite's limit of bound parameters.
constexpr std::size_t kIdsPerStatement = 500;

// The e-mail domain in SQL ("" for an anonymised signature, whose address is gone); views and invalidation both
// compare with it, so that they always mean the same group.
std::string DomainSql(const db::Tx& tx) {
  std::string at =
      tx.dialect() == db::Dialect::kPostgres ? "strpos(email_normalized, '@')" : "instr(email_normalized, '@')";
  return "CASE WHEN " + at + " > 0 THEN substr(email_normalized, " + at + " + 1) ELSE '' END";
}

// The conditions of `criteria` that SQL can check (all but the prefix), appended to `sql` and `params`.
void AddSqlConditions(const db::Tx& tx, const SignatureCriteria& criteria, std::string& sql, db::Params& params) {
  if (criteria.from_hour) {
    sql += " AND created_at >= ?";
    params.emplace_back(*criteria.from_hour);
  }
  if (criteria.to_hour) {
    sql += " AND created_at < ?";
    params.emplace_back(*criteria.to_hour + kHour);
  }
  if (criteria.domain) {
    sql += " AND " + DomainSql(tx) + " = ?";
    params.emplace_back(*criteria.domain);
  }
}

std::optional<db::UnixSeconds> ParseHour(std::string_view text) {
  text = Trim(text);
  std::int64_t seconds = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || seconds < 0) return std::nullopt;
  return seconds - seconds % kHour;
}

bool IsPlausibleDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253 || !IsValidUtf8(domain)) return false;
  if (domain.front() == '.' || domain.back() == '.' || domain.front() == '-') return false;
  return std::none_of(domain.begin(), domain.end(), [](unsigned char c) {
    return c <= 0x20 || c == 0x7f || c == '@' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
           c == '\\' || c == '/' || c == '%' || c == '\'';
  });
}

// The canonical prefix of a network given as "address/bits" (bits 24 for IPv4, 48 for IPv6), or nullopt.
std::optional<std::string> ParsePrefix(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string address(text.substr(0, slash));
  std::string_view bits = text.substr(slash + 1);
  bool v6 = address.find(':') != std::string::npos;
  if (bits != (v6 ? "48" : "24")) return std::nullopt;
  std::string canonical = NetworkPrefix(address);
  if (canonical.empty()) return std::nullopt;
  return canonical;
}

Invalidation FromRow(const db::Row& row) {
  Invalidation out;
  out.id = row.Int(0);
  out.petition_id = row.Int(1);
  out.actor_user_id = row.OptInt(2);
  out.actor_label = row.Text(3);
  out.reason = row.Text(4);
  out.criteria = CriteriaFromJson(row.Text(5));
  out.signature_count = row.Int(6);
  out.confirmed_count = row.Int(7);
  out.created_at = row.Int(8);
  out.reverted_at = row.OptInt(9);
  out.reverted_by_label = row.Text(10);
  return out;
}

constexpr std::string_view kColumns =
    "id, petition_id, actor_user_id, actor_label, reason, criteria, signature_count, confirmed_count, created_at, "
    "reverted_at, reverted_by_label";

void Add(StateCounts& counts, std::string_view state, std::int64_t number) {
  if (state == "pending") counts.pending += number;
  if (state == "confirmed") counts.confirmed += number;
  if (state == "invalidated") counts.invalidated += number;
}

// The groups of `groups`, the largest first, at most `limit`.
std::vector<SignatureGroup> Largest(const std::map<std::pair<db::UnixSeconds, std::string>, StateCounts>& groups,
                                    int limit) {
  std::vector<SignatureGroup> out;
  out.reserve(groups.size());
  for (const auto& [key, counts] : groups) out.push_back({key.first, key.second, counts});
  std::sort(out.begin(), out.end(), [](const SignatureGroup& left, const SignatureGroup& right) {
    return std::make_tuple(-left.counts.total(), -left.hour, left.key) <
           std::make_tuple(-right.counts.total(), -right.hour, right.key);
  });
  if (out.size() > static_cast<std::size_t>(std::max(limit, 0))) out.resize(static_cast<std::size_t>(limit));
  return out;
}

}  // namespace

Result<SignatureCriteria> ParseCriteria(const CriteriaInput& input) {
  SignatureCriteria criteria;
  std::string domain = AsciiLower(Trim(input.domain));
  if (!domain.empty() && domain.front() == '@') domain.erase(0, 1);
  if (!Trim(input.domain).empty()) {
    if (!IsPlausibleDomain(domain)) {
      return Fail(ErrorKind::kInvalid,
                  "Bitte geben Sie die E-Mail-Domain ohne Namen an, zum Beispiel „wegwerf.example“.", "domain");
    }
    criteria.domain = domain;
  }
  std::string_view prefix = Trim(input.prefix);
  if (!prefix.empty()) {
    auto canonical = ParsePrefix(prefix);
    if (!canonical) {
      return Fail(ErrorKind::kInvalid,
                  "Bitte geben Sie das Netz als IPv4-Präfix /24 (zum Beispiel 192.0.2.0/24) oder als IPv6-Präfix /48 "
                  "(zum Beispiel 2001:db8:1::/48) an.",
                  "prefix");
    }
    criteria.prefix = *canonical;
  }
  if (!Trim(input.from).empty()) {
    criteria.from_hour = ParseHour(input.from);
    if (!criteria.from_hour) return Fail(ErrorKind::kInvalid, "Bitte wählen Sie den Beginn aus der Liste.", "from");
  }
  if (!Trim(input.to).empty()) {
    criteria.to_hour = ParseHour(input.to);
    if (!criteria.to_hour) return Fail(ErrorKind::kInvalid, "Bitte wählen Sie das Ende aus der Liste.", "to");
  }
  if (criteria.from_hour && criteria.to_hour && *criteria.to_hour < *criteria.from_hour) {
    return Fail(ErrorKind::kInvalid, "Das Ende des Zeitraums darf nicht vor seinem Beginn liegen.", "to");
  }
  return criteria;
}

std::string CriteriaJson(const SignatureCriteria& criteria) {
  boost::json::object out;
  if (criteria.domain) out["domain"] = *criteria.domain;
  if (criteria.prefix) out["prefix"] = *criteria.prefix;
  if (criteria.from_hour) out["from"] = *criteria.from_hour;
  if (criteria.to_hour) out["to"] = *criteria.to_hour;
  return boost::json::serialize(out);
}

SignatureCriteria CriteriaFromJson(std::string_view json) {
  SignatureCriteria criteria;
  boost::system::error_code error;
  auto value = boost::json::parse(json, error);
  if (error || !value.is_object()) return criteria;
  const auto& object = value.as_object();
  if (auto* domain = object.if_contains("domain"); domain && domain->is_string()) {
    criteria.domain = std::string(domain->as_string());
  }
  if (auto* prefix = object.if_contains("prefix"); prefix && prefix->is_string()) {
    criteria.prefix = std::string(prefix->as_string());
  }
  if (auto* from = object.if_contains("from"); from && from->is_int64()) criteria.from_hour = from->as_int64();
  if (auto* to = object.if_contains("to"); to && to->is_int64()) criteria.to_hour = to->as_int64();
  return criteria;
}

std::string NetworkPrefix(std::string_view ip) {
  std::string address(Trim(ip));
  unsigned char bytes[16] = {};
  char text[INET6_ADDRSTRLEN] = {};
  if (inet_pton(AF_INET, address.c_str(), bytes) == 1) {
    bytes[3] = 0;
    inet_ntop(AF_INET, bytes, text, sizeof text);
    return std::string(text) + "/24";
  }
  if (inet_pton(AF_INET6, address.c_str(), bytes) != 1) return "";
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(std::begin(kMapped), std::end(kMapped), bytes)) {
    unsigned char v4[4] = {bytes[12], bytes[13], bytes[14], 0};
    inet_ntop(AF_INET, v4, text, sizeof text);
    return std::string(text) + "/24";
  }
  std::fill(bytes + 6, bytes + 16, 0);
  inet_ntop(AF_INET6, bytes, text, sizeof text);
  return std::string(text) + "/48";
}

SignatureOverview SummariseSignatures(db::Tx& tx, std::int64_t petition_id, const SignatureCriteria& criteria,
                                      int limit) {
  SignatureOverview out;
  for (const auto& row :
       tx.Query("SELECT DISTINCT created_at / 3600 FROM petition_signature WHERE petition_id = ? ORDER BY 1",
                {petition_id})) {
    out.hours.push_back(row.Int(0) * kHour);
  }
  // Grouped by address as well: the prefix is computed here, and a wave from few addresses collapses to few rows.
  std::string domain = DomainSql(tx);
  std::string sql =
      "SELECT created_at / 3600, " + domain + ", ip, state, COUNT(*) FROM petition_signature WHERE petition_id = ?";
  db::Params params{petition_id};
  AddSqlConditions(tx, criteria, sql, params);
  sql += " GROUP BY created_at / 3600, " + domain + ", ip, state";
  std::map<std::pair<db::UnixSeconds, std::string>, StateCounts> hours;
  std::map<std::pair<db::UnixSeconds, std::string>, StateCounts> domains;
  std::map<std::pair<db::UnixSeconds, std::string>, StateCounts> prefixes;
  for (const auto& row : tx.Query(sql, params)) {
    std::string prefix = NetworkPrefix(row.Text(2));
    if (criteria.prefix && prefix != *criteria.prefix) continue;
    db::UnixSeconds hour = row.Int(0) * kHour;
    std::string state = row.Text(3);
    std::int64_t number = row.Int(4);
    Add(hours[{hour, ""}], state, number);
    Add(domains[{hour, row.Text(1)}], state, number);
    Add(prefixes[{hour, prefix}], state, number);
    Add(out.selected, state, number);
  }
  out.by_hour = Largest(hours, limit);
  out.by_domain = Largest(domains, limit);
  out.by_prefix = Largest(prefixes, limit);
  return out;
}

Result<Invalidation> InvalidateSignatures(db::Tx& tx, std::int64_t petition_id, const SignatureCriteria& criteria,
                                          std::string_view reason, const Actor& actor, db::UnixSeconds now) {
  // Everything is checked before the first write: a failed Write callback is still committed.
  if (!tx.QueryOne("SELECT id FROM petition WHERE id = ?", {petition_id})) {
    return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
  }
  if (criteria.empty()) {
    return Fail(ErrorKind::kInvalid, "Bitte grenzen Sie die Gruppe ein: nach E-Mail-Domain, Netz oder Zeitraum.",
                "criteria");
  }
  std::string_view trimmed = Trim(reason);
  if (trimmed.empty()) return Fail(ErrorKind::kInvalid, "Bitte geben Sie einen Grund an.", "reason");
  if (auto text = CheckText(trimmed, "reason", "Der Grund", TextLines::kMulti); !text) return std::unexpected(text.error());
  if (Utf8Length(trimmed) > kMaxInvalidationReasonChars) {
    return Fail(ErrorKind::kInvalid, "Der Grund darf höchstens 1000 Zeichen lang sein.", "reason");
  }
  std::string sql = "SELECT id, ip FROM petition_signature WHERE petition_id = ? AND state <> 'invalidated'";
  db::Params params{petition_id};
  AddSqlConditions(tx, criteria, sql, params);
  std::vector<std::int64_t> ids;
  for (const auto& row : tx.Query(sql, params)) {
    if (criteria.prefix && NetworkPrefix(row.Text(1)) != *criteria.prefix) continue;
    ids.push_back(row.Int(0));
  }
  const std::string nothing = "In dieser Gruppe gibt es keine gültigen Unterschriften.";
  if (ids.empty()) return Fail(ErrorKind::kInvalid, nothing, "criteria");

  auto batch = tx.QueryOne(
      "INSERT INTO petition_invalidation (petition_id, actor_user_id, actor_label, reason, criteria, signature_count, "
      "confirmed_count, created_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?) RETURNING id",
      {petition_id, actor.user_id, actor.label, std::string(trimmed), CriteriaJson(criteria), now});
  std::int64_t batch_id = batch->Int(0);
  // The state each row had when this UPDATE took it decides what is subtracted, so that a confirmation or a fold
  // committed meanwhile (PostgreSQL re-reads a row it waited for) is neither lost nor subtracted twice.
  std::int64_t invalidated = 0;
  std::int64_t confirmed = 0;
  std::int64_t folded = 0;
  for (std::size_t start = 0; start < ids.size(); start += kIdsPerStatement) {
    std::size_t end = std::min(ids.size(), start + kIdsPerStatement);
    std::string update =
        "UPDATE petition_signature SET state = 'invalidated', state_before_invalidation = state, invalidation_id = ? "
        "WHERE petition_id = ? AND state <> 'invalidated' AND id IN (";
    db::Params update_params{batch_id, petition_id};
    for (std::size_t id_idx = start; id_idx < end; ++id_idx) {
      update += id_idx == start ? "?" : ", ?";
      update_params.emplace_back(ids[id_idx]);
    }
    update += ") RETURNING state_before_invalidation, counted";
    for (const auto& row : tx.Query(update, update_params)) {
      ++invalidated;
      if (row.Text(0) == "confirmed") {
        ++confirmed;
        if (row.Int(1) == 1) ++folded;
      }
    }
  }
  if (invalidated == 0) {
    // Another moderator took the same signatures a moment ago.
    tx.Exec("DELETE FROM petition_invalidation WHERE id = ?", {batch_id});
    return Fail(ErrorKind::kInvalid, nothing, "criteria");
  }
  tx.Exec("UPDATE petition_invalidation SET signature_count = ?, confirmed_count = ? WHERE id = ?",
          {invalidated, confirmed, batch_id});
  if (folded > 0) {
    tx.Exec("UPDATE petition SET confirmed_count = confirmed_count - ? WHERE id = ?", {folded, petition_id});
  }
  return *FindInvalidation(tx, batch_id);
}

Result<Invalidation> RevertInvalidation(db::Tx& tx, std::int64_t invalidation_id, const Actor& actor,
                                        db::UnixSeconds now) {
  auto batch = FindInvalidation(tx, invalidation_id);
  if (!batch) return Fail(ErrorKind::kNotFound, "Diese Sperre gibt es nicht.");
  const std::string undone = "Diese Sperre wurde bereits zurückgenommen.";
  if (batch->reverted_at) return Fail(ErrorKind::kConflict, undone);
  // The condition on reverted_at lets only one of two concurrent undos through.
  std::int64_t changed = tx.Exec(
      "UPDATE petition_invalidation SET reverted_at = ?, reverted_by_user_id = ?, reverted_by_label = ? "
      "WHERE id = ? AND reverted_at IS NULL",
      {now, actor.user_id, actor.label, invalidation_id});
  if (changed != 1) return Fail(ErrorKind::kConflict, undone);
  std::int64_t folded = 0;
  for (const auto& row :
       tx.Query("UPDATE petition_signature SET state = state_before_invalidation, state_before_invalidation = NULL, "
                "invalidation_id = NULL WHERE invalidation_id = ? RETURNING state, counted",
                {invalidation_id})) {
    // Confirmed and folded before the batch: back into the count. Confirmed but not folded: the next fold adds it.
    if (row.Text(0) == "confirmed" && row.Int(1) == 1) ++folded;
  }
  if (folded > 0) {
    tx.Exec("UPDATE petition SET confirmed_count = confirmed_count + ? WHERE id = ?", {folded, batch->petition_id});
  }
  return *FindInvalidation(tx, invalidation_id);
}

std::optional<Invalidation> FindInvalidation(db::Tx& tx, std::int64_t invalidation_id) {
  auto row =
      tx.QueryOne("SELECT " + std::string(kColumns) + " FROM petition_invalidation WHERE id = ?", {invalidation_id});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::vector<Invalidation> ListInvalidations(db::Tx& tx, std::int64_t petition_id) {
  std::vector<Invalidation> out;
  for (const auto& row : tx.Query("SELECT " + std::string(kColumns) +
                                      " FROM petition_invalidation WHERE petition_id = ? ORDER BY created_at DESC, "
                                      "id DESC",
                                  {petition_id})) {
    out.push_back(FromRow(row));
  }
  return out;
}

std::vector<LikelyDuplicate> FindLikelyDuplicates(db::Tx& tx, std::int64_t petition_id, int limit) {
  std::map<std::pair<std::string, std::string>, LikelyDuplicate> groups;  // (postcode, NameKey)
  for (const auto& row : tx.Query("SELECT name, postcode, email_normalized, state FROM petition_signature "
                                  "WHERE petition_id = ? AND state <> 'invalidated' AND name <> '' ORDER BY id",
                                  {petition_id})) {
    std::string key = NameKey(row.Text(0));
    if (key.empty()) continue;
    auto& group = groups[{row.Text(1), key}];
    if (group.signatures == 0) {
      group.name = row.Text(0);
      group.postcode = row.Text(1);
    }
    ++group.signatures;
    if (row.Text(3) == "confirmed") ++group.confirmed;
    std::string email = row.Text(2);
    std::string domain = email.substr(email.rfind('@') + 1);
    if (std::find(group.domains.begin(), group.domains.end(), domain) == group.domains.end()) {
      group.domains.push_back(domain);
    }
  }
  std::vector<LikelyDuplicate> out;
  for (auto& [key, group] : groups) {
    if (group.signatures < 2) continue;
    std::sort(group.domains.begin(), group.domains.end());
    out.push_back(std::move(group));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LikelyDuplicate& a, const LikelyDuplicate& b) { return a.signatures > b.signatures; });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(limit);
  return out;
}

}  // namespace mw::petitions
