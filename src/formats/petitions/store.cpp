#include "formats/petitions/store.hpp"

#include <map>
#include <string>

#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/mail/names.hpp"

namespace mw::petitions {
namespace {

constexpr std::string_view kColumns =
    "id, tenant_id, initiator_user_id, title, demand, justification, addressee, state, quorum, period_days, "
    "created_at, published_at, closes_at, rejection_reason, rejection_text, confirmed_count, invite_token, "
    "changes_requested, closed_at, handed_over_at, response_text, responded_at, requested_quorum, "
    "requested_period_days";

Petition FromRow(const db::Row& row) {
  Petition petition;
  petition.id = row.Int(0);
  petition.tenant_id = row.Int(1);
  petition.initiator_user_id = row.OptInt(2);
  petition.title = row.Text(3);
  petition.demand = row.Text(4);
  petition.justification = row.Text(5);
  petition.addressee = row.Text(6);
  petition.state = ParseState(row.Text(7)).value_or(State::kDraft);
  petition.quorum = row.Int(8);
  petition.period_days = static_cast<int>(row.Int(9));
  petition.created_at = row.Int(10);
  petition.published_at = row.OptInt(11);
  petition.closes_at = row.OptInt(12);
  petition.rejection_reason = row.Text(13);
  petition.rejection_text = row.Text(14);
  petition.confirmed_count = row.Int(15);
  petition.invite_token = row.Text(16);
  petition.changes_requested = row.Text(17);
  petition.closed_at = row.OptInt(18);
  petition.handed_over_at = row.OptInt(19);
  petition.response_text = row.Text(20);
  petition.responded_at = row.OptInt(21);
  petition.requested_quorum = row.OptInt(22);
  if (auto days = row.OptInt(23)) petition.requested_period_days = static_cast<int>(*days);
  return petition;
}

// Moves `id` from one of the states that allow `to` into `to`; the caller sets the other columns.
Status Transition(db::Tx& tx, std::int64_t id, State to) {
  auto petition = Find(tx, id);
  if (!petition) return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
  if (!CanTransition(petition->state, to)) {
    return Fail(ErrorKind::kConflict, "Das ist im jetzigen Stand der Petition nicht möglich.");
  }
  // The state in the WHERE clause makes a concurrent change of the same petition lose instead of overwrite.
  std::int64_t changed = tx.Exec("UPDATE petition SET state = ? WHERE id = ? AND state = ?",
                                 {std::string(StateName(to)), id, std::string(StateName(petition->state))});
  if (changed != 1) return Fail(ErrorKind::kConflict, "Die Petition wurde gerade geändert. Bitte laden Sie neu.");
  return Ok{};
}

}  // namespace

Result<Petition> CreateDraft(db::Tx& tx, std::int64_t tenant_id, std::int64_t initiator_user_id, const Draft& draft,
                             db::UnixSeconds now) {
  auto errors = ValidateDraft(draft);
  if (!errors.empty()) return std::unexpected(errors.front());
  auto row = tx.QueryOne(
      "INSERT INTO petition (tenant_id, initiator_user_id, title, demand, justification, addressee, state, quorum, "
      "period_days, created_at, invite_token, requested_quorum, requested_period_days) "
      "VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?) RETURNING id",
      {tenant_id, initiator_user_id, std::string(Trim(draft.title)), std::string(Trim(draft.demand)),
       std::string(Trim(draft.justification)), std::string(Trim(draft.addressee)), draft.quorum, draft.period_days, now,
       RandomToken(), draft.requested_quorum, draft.requested_period_days});
  return *Find(tx, row->Int(0));
}

std::optional<Petition> Find(db::Tx& tx, std::int64_t id) {
  auto row = tx.QueryOne("SELECT " + std::string(kColumns) + " FROM petition WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::vector<Petition> List(db::Tx& tx, std::optional<std::int64_t> tenant_id, std::vector<State> states, int limit) {
  std::string sql = "SELECT " + std::string(kColumns) + " FROM petition WHERE 1 = 1";
  db::Params params;
  if (tenant_id) {
    sql += " AND tenant_id = ?";
    params.emplace_back(*tenant_id);
  }
  if (!states.empty()) {
    sql += " AND state IN (";
    for (std::size_t state_idx = 0; state_idx < states.size(); ++state_idx) {
      sql += state_idx == 0 ? "?" : ", ?";
      params.emplace_back(std::string(StateName(states[state_idx])));
    }
    sql += ")";
  }
  sql += " ORDER BY COALESCE(published_at, created_at) DESC, id DESC LIMIT ?";
  params.emplace_back(limit);
  std::vector<Petition> out;
  for (const auto& row : tx.Query(sql, params)) out.push_back(FromRow(row));
  return out;
}

namespace {

std::string OpenWhere(const std::optional<std::vector<std::int64_t>>& tenant_ids, db::Params& params) {
  std::string where = " WHERE state = 'published'";
  if (tenant_ids) {
    where += " AND tenant_id IN (NULL";
    for (std::int64_t tenant_id : *tenant_ids) {
      where += ", ?";
      params.emplace_back(tenant_id);
    }
    where += ")";
  }
  return where;
}

}  // namespace

std::int64_t CountInState(db::Tx& tx, std::int64_t tenant_id, State state) {
  return tx.QueryOne("SELECT COUNT(*) FROM petition WHERE tenant_id = ? AND state = ?",
                     {tenant_id, std::string(StateName(state))})
      ->Int(0);
}

std::vector<Petition> ListOpen(db::Tx& tx, const std::optional<std::vector<std::int64_t>>& tenant_ids, int limit) {
  db::Params params;
  std::string sql = "SELECT " + std::string(kColumns) + " FROM petition" + OpenWhere(tenant_ids, params) +
                    " ORDER BY closes_at IS NULL, closes_at, id DESC LIMIT ?";
  params.emplace_back(limit);
  std::vector<Petition> out;
  for (const auto& row : tx.Query(sql, params)) out.push_back(FromRow(row));
  return out;
}

std::int64_t CountOpen(db::Tx& tx, const std::optional<std::vector<std::int64_t>>& tenant_ids) {
  db::Params params;
  return tx.QueryOne("SELECT COUNT(*) FROM petition" + OpenWhere(tenant_ids, params), params)->Int(0);
}

Status UpdateDraft(db::Tx& tx, std::int64_t id, const Draft& draft) {
  auto errors = ValidateDraft(draft);
  if (!errors.empty()) return std::unexpected(errors.front());
  auto petition = Find(tx, id);
  if (!petition) return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
  if (tx.Exec("UPDATE petition SET title = ?, demand = ?, justification = ?, addressee = ? WHERE id = ? AND "
              "state = 'draft'",
              {std::string(Trim(draft.title)), std::string(Trim(draft.demand)), std::string(Trim(draft.justification)),
               std::string(Trim(draft.addressee)), id}) != 1) {
    return Fail(ErrorKind::kConflict, "Nur ein Entwurf kann geändert werden.");
  }
  return Ok{};
}

std::vector<CoInitiator> CoInitiators(db::Tx& tx, std::int64_t petition_id) {
  std::vector<CoInitiator> out;
  for (const auto& row : tx.Query("SELECT c.user_id, u.name, c.joined_at FROM petition_coinitiator c "
                                  "JOIN app_user u ON u.id = c.user_id WHERE c.petition_id = ? "
                                  "ORDER BY c.joined_at, c.user_id",
                                  {petition_id})) {
    out.push_back({row.Int(0), row.Text(1), row.Int(2)});
  }
  return out;
}

Status JoinAsCoInitiator(db::Tx& tx, std::int64_t petition_id, std::int64_t user_id, std::string_view token,
                         int max_co_initiators, db::UnixSeconds now) {
  auto petition = Find(tx, petition_id);
  // Compared in constant time: the token is the only thing that guards the draft.
  if (!petition || petition->invite_token.empty() || !ConstantTimeEquals(petition->invite_token, token)) {
    return Fail(ErrorKind::kInvalid, "Der Einladungslink ist ungültig.");
  }
  if (petition->state != State::kDraft) {
    return Fail(ErrorKind::kConflict,
                "Die Petition ist schon eingereicht; Mitinitiatoren können nicht mehr beitreten.");
  }
  if (petition->initiator_user_id == user_id) {
    return Fail(ErrorKind::kConflict, "Sie haben diese Petition selbst gestartet.");
  }
  if (tx.QueryOne("SELECT 1 FROM petition_coinitiator WHERE petition_id = ? AND user_id = ?", {petition_id, user_id})) {
    return Ok{};
  }
  auto joined = tx.QueryOne("SELECT COUNT(*) FROM petition_coinitiator WHERE petition_id = ?", {petition_id});
  if (joined->Int(0) >= max_co_initiators) {
    return Fail(ErrorKind::kConflict, "Die Petition hat schon so viele Mitinitiatoren, wie möglich sind.");
  }
  tx.Exec("INSERT INTO petition_coinitiator (petition_id, user_id, joined_at) VALUES (?, ?, ?)",
          {petition_id, user_id, now});
  return Ok{};
}

Status SubmitForModeration(db::Tx& tx, std::int64_t id, db::UnixSeconds now) {
  auto status = Transition(tx, id, State::kInModeration);
  if (status) tx.Exec("UPDATE petition SET submitted_at = ?, changes_requested = '' WHERE id = ?", {now, id});
  return status;
}

Status RequestChanges(db::Tx& tx, std::int64_t id, std::string_view text) {
  if (auto problem = CheckNote(text, kMaxNoteChars, true, "text")) {
    problem->message =
        "Bitte schreiben Sie, was geändert werden soll (höchstens " + std::to_string(kMaxNoteChars) + " Zeichen).";
    return std::unexpected(*problem);
  }
  auto petition = Find(tx, id);
  if (petition && petition->state != State::kInModeration) {
    return Fail(ErrorKind::kConflict, "Das ist im jetzigen Stand der Petition nicht möglich.");
  }
  auto status = Transition(tx, id, State::kDraft);
  if (status) tx.Exec("UPDATE petition SET changes_requested = ? WHERE id = ?", {std::string(Trim(text)), id});
  return status;
}

Result<Petition> Publish(db::Tx& tx, std::int64_t id, db::UnixSeconds now) {
  auto status = Transition(tx, id, State::kPublished);
  if (!status) return std::unexpected(status.error());
  auto petition = Find(tx, id);
  tx.Exec("UPDATE petition SET published_at = ?, closes_at = ? WHERE id = ?",
          {now, ClosesAt(now, petition->period_days), id});
  return *Find(tx, id);
}

const std::vector<std::string>& RejectionReasons() {
  static const std::vector<std::string> kReasons{"netiquette", "not_competent", "duplicate", "unclear", "other"};
  return kReasons;
}

Status Reject(db::Tx& tx, std::int64_t id, std::string_view reason, std::string_view text) {
  bool known = false;
  for (const auto& candidate : RejectionReasons()) known = known || candidate == reason;
  if (!known) return Fail(ErrorKind::kInvalid, "Bitte wählen Sie einen Grund für die Ablehnung.", "reason");
  if (auto problem = CheckNote(text, kMaxNoteChars, false, "text")) return std::unexpected(std::move(*problem));
  auto status = Transition(tx, id, State::kRejected);
  if (status) {
    tx.Exec("UPDATE petition SET rejection_reason = ?, rejection_text = ? WHERE id = ?",
            {std::string(reason), std::string(Trim(text)), id});
  }
  return status;
}

Status Close(db::Tx& tx, std::int64_t id, db::UnixSeconds now) {
  auto status = Transition(tx, id, State::kClosed);
  if (status) tx.Exec("UPDATE petition SET closed_at = ? WHERE id = ?", {now, id});
  return status;
}

int CloseExpired(db::Tx& tx, db::UnixSeconds now, std::vector<std::int64_t>* closed_ids) {
  // closed_at is when the period ended, not when the job noticed.
  auto closed = tx.Query(
      "UPDATE petition SET state = 'closed', closed_at = closes_at WHERE state = 'published' AND closes_at <= ? "
      "RETURNING id",
      {now});
  if (closed_ids) {
    for (const auto& row : closed) closed_ids->push_back(row.Int(0));
  }
  return static_cast<int>(closed.size());
}

Status HandOver(db::Tx& tx, std::int64_t id, db::UnixSeconds now) {
  auto petition = Find(tx, id);
  if (!petition) return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
  if (tx.Exec("UPDATE petition SET handed_over_at = ? WHERE id = ? AND state = 'closed' AND handed_over_at IS NULL",
              {now, id}) != 1) {
    return Fail(ErrorKind::kConflict, "Nur eine abgeschlossene, noch nicht übergebene Petition kann übergeben werden.");
  }
  return Ok{};
}

Status Respond(db::Tx& tx, std::int64_t id, std::string_view text, db::UnixSeconds now) {
  if (auto problem = CheckNote(text, kMaxResponseChars, true, "response")) {
    problem->message =
        "Bitte geben Sie die Stellungnahme ein (höchstens " + std::to_string(kMaxResponseChars) + " Zeichen).";
    return std::unexpected(*problem);
  }
  auto petition = Find(tx, id);
  if (!petition) return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
  if (!petition->handed_over_at) {
    return Fail(ErrorKind::kConflict, "Die Petition muss erst an den Ausschuss übergeben werden.");
  }
  auto status = Transition(tx, id, State::kAnswered);
  if (status) {
    tx.Exec("UPDATE petition SET response_text = ?, responded_at = ? WHERE id = ?", {std::string(Trim(text)), now, id});
  }
  return status;
}

Status Archive(db::Tx& tx, std::int64_t id) {
  return Transition(tx, id, State::kArchived);
}

std::vector<Recipient> ResponseRecipients(db::Tx& tx, std::int64_t petition_id) {
  std::vector<Recipient> out;
  for (const auto& row : tx.Query("SELECT email_normalized, name FROM petition_signature WHERE petition_id = ? AND "
                                  "state = 'confirmed' AND notify = 1 ORDER BY id",
                                  {petition_id})) {
    out.push_back({row.Text(0), mail::MailName(row.Text(1))});
  }
  return out;
}

Result<NewSignature> AddSignature(db::Tx& tx, std::int64_t petition_id, const ValidSignature& signature,
                                  std::string_view ip, db::UnixSeconds now) {
  auto petition = tx.QueryOne("SELECT state, closes_at FROM petition WHERE id = ?", {petition_id});
  auto state = petition ? ParseState(petition->Text(0)) : std::nullopt;
  if (!state || !IsPublic(*state)) return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
  if (!IsOpenForSigning(*state, petition->OptInt(1), now)) {
    return Fail(ErrorKind::kConflict, "Diese Petition kann nicht mehr unterzeichnet werden.");
  }
  const std::string key = SignerKey(signature.email_normalized);
  // An unconfirmed signature does not hold the key: the new one replaces it.
  tx.Exec("DELETE FROM petition_signature WHERE petition_id = ? AND email_key = ? AND state = 'pending'",
          {petition_id, key});
  NewSignature out;
  out.token = RandomToken();
  // Without a conflict target: a concurrent signature of the same key, or an old row of the same address, ends here
  // as "already signed" rather than as an error.
  auto row = tx.QueryOne(
      "INSERT INTO petition_signature (petition_id, email_normalized, email_key, name, postcode, address, "
      "show_public, notify, token_hash, state, created_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) "
      "ON CONFLICT DO NOTHING RETURNING id",
      {petition_id, signature.email_normalized, key, signature.name, signature.postcode, signature.address,
       signature.show_public, signature.notify, Sha256Hex(out.token), now, std::string(ip)});
  if (!row) return NewSignature{.already_signed = true};
  out.id = row->Int(0);
  return out;
}

Result<ConfirmedSignature> ConfirmSignature(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  auto row = tx.QueryOne(
      "SELECT s.id, s.petition_id, s.state, s.created_at, p.state, p.closes_at FROM petition_signature s "
      "JOIN petition p ON p.id = s.petition_id WHERE s.token_hash = ?",
      {Sha256Hex(token)});
  const std::string invalid = "Der Link ist ungültig oder abgelaufen.";
  if (!row) return Fail(ErrorKind::kInvalid, invalid);
  ConfirmedSignature out{row->Int(0), row->Int(1)};
  std::string state = row->Text(2);
  if (state == "confirmed") return out;
  if (state != "pending" || row->Int(3) + kPendingSignatureLifetime <= now) return Fail(ErrorKind::kInvalid, invalid);
  auto petition_state = ParseState(row->Text(4));
  if (!petition_state || !IsOpenForSigning(*petition_state, row->OptInt(5), now)) {
    return Fail(ErrorKind::kConflict, "Diese Petition kann nicht mehr unterzeichnet werden.");
  }
  tx.Exec("UPDATE petition_signature SET state = 'confirmed', confirmed_at = ? WHERE id = ? AND state = 'pending'",
          {now, out.id});
  return out;
}

std::int64_t FoldCounts(db::Tx& tx, db::UnixSeconds now, std::vector<std::int64_t>* petition_ids) {
  // Mark first and add what was marked: a confirmation committed between two statements can then neither be lost
  // nor counted twice.
  auto marked = tx.Query(
      "UPDATE petition_signature SET counted = 1 WHERE state = 'confirmed' AND counted = 0 RETURNING petition_id", {});
  std::map<std::int64_t, std::int64_t> per_petition;
  for (const auto& row : marked) ++per_petition[row.Int(0)];
  for (const auto& [petition_id, added] : per_petition) {
    tx.Exec("UPDATE petition SET confirmed_count = confirmed_count + ?, counted_at = ? WHERE id = ?",
            {added, now, petition_id});
    if (petition_ids) petition_ids->push_back(petition_id);
  }
  return static_cast<std::int64_t>(marked.size());
}

std::vector<SignatureRecord> ListSignatures(db::Tx& tx, std::int64_t petition_id) {
  std::vector<SignatureRecord> out;
  for (const auto& row :
       tx.Query("SELECT id, email_normalized, name, postcode, address, show_public, notify, state, created_at, "
                "confirmed_at FROM petition_signature WHERE petition_id = ? ORDER BY id",
                {petition_id})) {
    out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5) != 0, row.Int(6) != 0,
                   row.Text(7), row.Int(8), row.OptInt(9)});
  }
  return out;
}

}  // namespace mw::petitions
