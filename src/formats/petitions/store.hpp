// Storage of petitions and their signatures. Every function runs inside the caller's transaction (db::Tx), so that
// a signature and its confirmation mail, or a moderation decision and its audit entry, commit together.
//
//   auto created = db.Write([&](db::Tx& tx) { return petitions::CreateDraft(tx, tenant.id, user.id, draft, now); });
//   auto signed_up = db.Write([&](db::Tx& tx) { return petitions::AddSignature(tx, id, signature, ip, now); });
//   db.Write([&](db::Tx& tx) { petitions::FoldCounts(tx, now); });   // every second or so
//
// The shown count (Petition::confirmed_count) is derived: confirmed signatures are rows, and FoldCounts adds those
// not yet counted to their petition's count in one pass — one UPDATE per petition with new confirmations, never
// one per signature.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/petitions/model.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::petitions {

struct Petition {
  std::int64_t id = 0;
  std::int64_t tenant_id = 0;
  std::optional<std::int64_t> initiator_user_id;
  std::string title;
  std::string demand;
  std::string justification;
  std::string addressee;
  State state = State::kDraft;
  std::int64_t quorum = kDefaultQuorum;  // in force: the tenant's when the petition was written
  int period_days = kDefaultPeriodDays;
  std::optional<std::int64_t> requested_quorum;  // what the initiator asked for, if anything (moderators see it)
  std::optional<int> requested_period_days;
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> published_at;
  std::optional<db::UnixSeconds> closes_at;
  std::string rejection_reason;
  std::string rejection_text;
  std::int64_t confirmed_count = 0;  // as of the last fold
  std::string invite_token;          // the secret of the co-initiators' invitation link (drafts only)
  std::string changes_requested;     // the moderators' request, while the draft is back with its initiator
  std::optional<db::UnixSeconds> closed_at;
  std::optional<db::UnixSeconds> handed_over_at;  // to the tenant's petition committee
  std::string response_text;                      // the committee's official response
  std::optional<db::UnixSeconds> responded_at;
};

// Validates `draft` (kInvalid with the first problem's field and message; use ValidateDraft for all of them) and
// stores it, with its quorum and period (the caller puts the tenant's in) and what was requested, as a draft of `initiator_user_id` in the tenant, with a fresh invitation secret for co-initiators.
Result<Petition> CreateDraft(db::Tx& tx, std::int64_t tenant_id, std::int64_t initiator_user_id, const Draft& draft,
                             db::UnixSeconds now);

std::optional<Petition> Find(db::Tx& tx, std::int64_t id);
// Newest first (by publication, then creation). `tenant_id` nullopt: all tenants.
std::vector<Petition> List(db::Tx& tx, std::optional<std::int64_t> tenant_id, std::vector<State> states, int limit);
// How many of the tenant's petitions are in `state` (from petition_tenant_state): the moderation queue's length.
std::int64_t CountInState(db::Tx& tx, std::int64_t tenant_id, State state);
// The petitions open for signing (published), of every tenant or (given) of `tenant_ids` only, the soonest end of
// the signing period first (none last), at most `limit` — the participation list (#14 item 1). CountOpen: how many.
std::vector<Petition> ListOpen(db::Tx& tx, const std::optional<std::vector<std::int64_t>>& tenant_ids, int limit);
std::int64_t CountOpen(db::Tx& tx, const std::optional<std::vector<std::int64_t>>& tenant_ids);

// Changes the text of a draft (its initiator, e.g. after the moderators requested changes). kConflict unless draft.
Status UpdateDraft(db::Tx& tx, std::int64_t id, const Draft& draft);

struct CoInitiator {
  std::int64_t user_id = 0;
  std::string name;
  db::UnixSeconds joined_at = 0;
};
std::vector<CoInitiator> CoInitiators(db::Tx& tx, std::int64_t petition_id);
// Adds `user_id` as co-initiator of a draft if `token` is its invitation secret. kInvalid for a wrong token,
// kConflict if the petition is no longer a draft, the user is its initiator, or `max_co_initiators` have joined;
// joining twice is fine.
Status JoinAsCoInitiator(db::Tx& tx, std::int64_t petition_id, std::int64_t user_id, std::string_view token,
                         int max_co_initiators, db::UnixSeconds now);

// State changes; kNotFound for an unknown petition, kConflict if the state does not allow the step.
// Submitting clears an earlier request for changes.
Status SubmitForModeration(db::Tx& tx, std::int64_t id, db::UnixSeconds now);
// Sends a petition in moderation back to its initiator as a draft, with what to change (required).
Status RequestChanges(db::Tx& tx, std::int64_t id, std::string_view text);
// Publishes a petition in moderation: the signing period starts now and ends after its period_days.
Result<Petition> Publish(db::Tx& tx, std::int64_t id, db::UnixSeconds now);
// Rejects a petition in moderation with a reason from RejectionReasons() and an optional explanation.
Status Reject(db::Tx& tx, std::int64_t id, std::string_view reason, std::string_view text);
Status Close(db::Tx& tx, std::int64_t id, db::UnixSeconds now);
// Closes every published petition whose period has ended; returns how many (a periodic job) and adds their ids to
// `closed_ids` if given.
int CloseExpired(db::Tx& tx, db::UnixSeconds now, std::vector<std::int64_t>* closed_ids = nullptr);
// Records the hand-over of a closed petition to the committee. kConflict unless closed and not handed over yet.
Status HandOver(db::Tx& tx, std::int64_t id, db::UnixSeconds now);
// Publishes the committee's response to a handed-over petition (required text); the petition is then answered.
Status Respond(db::Tx& tx, std::int64_t id, std::string_view text, db::UnixSeconds now);
// Archives an answered petition, or a closed one the committee will not answer.
Status Archive(db::Tx& tx, std::int64_t id);

struct Recipient {
  std::string email;
  std::string name;  // as MailName gives it
};
// The confirmed signers of a petition who asked to be mailed the response.
std::vector<Recipient> ResponseRecipients(db::Tx& tx, std::int64_t petition_id);

// The values of a rejection reason ("netiquette", "not_competent", "duplicate", "unclear", "other").
const std::vector<std::string>& RejectionReasons();

struct NewSignature {
  std::int64_t id = 0;
  std::string token;            // the secret for the confirmation link (only its hash is stored)
  bool already_signed = false;  // the person had signed already: nothing was added, id 0 and no token
};
// Appends a pending signature. One signature per person: the address's SignerKey decides. If that key has signed
// the petition already (confirmed, or invalidated by the moderators), nothing is added and `already_signed` is set —
// not an error, so that the answer to the sender is the same either way (whether an address signed is a political
// opinion of its owner); the caller mails the owner instead. An unconfirmed signature of the same key is replaced by
// the new one (its link stops working). kNotFound if the petition is unknown or not public, kConflict if it does not
// accept signatures (closed, period over).
Result<NewSignature> AddSignature(db::Tx& tx, std::int64_t petition_id, const ValidSignature& signature,
                                  std::string_view ip, db::UnixSeconds now);

struct ConfirmedSignature {
  std::int64_t id = 0;
  std::int64_t petition_id = 0;
};
// Confirms the signature of `token` (idempotent for an already confirmed one). kInvalid if the token is unknown,
// its signature was invalidated or expired unconfirmed; kConflict if the petition no longer accepts signatures.
Result<ConfirmedSignature> ConfirmSignature(db::Tx& tx, std::string_view token, db::UnixSeconds now);

// Adds every confirmed, not yet counted signature to its petition's confirmed_count and marks it counted.
// Returns the number of signatures folded. Exact under concurrent folds and confirmations: the signatures marked
// are the ones added. Adds the ids of the petitions whose count changed to `petition_ids` if given.
std::int64_t FoldCounts(db::Tx& tx, db::UnixSeconds now, std::vector<std::int64_t>* petition_ids = nullptr);

struct SignatureRecord {
  std::int64_t id = 0;
  std::string email_normalized;
  std::string name;
  std::string postcode;
  std::string address;
  bool show_public = false;
  bool notify = false;
  std::string state;  // pending | confirmed | invalidated
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> confirmed_at;
};
// All signatures of a petition, oldest first (for moderators and the committee; personal data).
std::vector<SignatureRecord> ListSignatures(db::Tx& tx, std::int64_t petition_id);

}  // namespace mw::petitions
