// Petitions: the storage behind the moderators' checks against manipulated signing (Prüfung auf Manipulation).
// Signatures are counted per hour and e-mail domain and per hour and network prefix (IPv4 /24, IPv6 /48), so that a
// wave from one provider or one network stands out; a moderator then invalidates such a group in one batch
// (Sperre) with a reason, and may undo the batch later. Every function runs inside the caller's transaction.
//
//   auto criteria = petitions::ParseCriteria({.domain = "wegwerf.example", .from = "1780002000"});
//   auto overview = db.Read([&](db::Tx& tx) { return petitions::SummariseSignatures(tx, id, *criteria, 50); });
//   auto batch = db.Write([&](db::Tx& tx) {
//     return petitions::InvalidateSignatures(tx, id, *criteria, "Wegwerfadressen", {user.id, user.email}, now);
//   });
//   db.Write([&](db::Tx& tx) { return petitions::RevertInvalidation(tx, batch->id, {user.id, user.email}, now); });
//
// Hours are UTC hours (Unix seconds of the hour's start). Germany's offsets are whole hours, so each is also one
// hour of Europe/Berlin; pages label them in Europe/Berlin.
//
// The shown count stays exact (Petition::confirmed_count = confirmed signatures with counted = 1): a batch subtracts
// the confirmed signatures already folded, in one UPDATE of the petition, and keeps `counted` as it was; confirmed
// ones not yet folded are simply no longer folded (FoldCounts takes only state 'confirmed'). The undo restores each
// signature's previous state and adds back those that are confirmed and counted; the fold picks up the others.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::petitions {

// The longest reason a batch may carry, in characters.
inline constexpr std::size_t kMaxInvalidationReasonChars = 1000;

// The group a moderator looks at or invalidates; an absent part does not restrict.
struct SignatureCriteria {
  std::optional<std::string> domain;         // lower-case e-mail domain, e.g. "wegwerf.example"
  std::optional<std::string> prefix;         // canonical network prefix, "192.0.2.0/24" or "2001:db8:1::/48"
  std::optional<db::UnixSeconds> from_hour;  // start of the first hour
  std::optional<db::UnixSeconds> to_hour;    // start of the last hour (inclusive)

  bool empty() const { return !domain && !prefix && !from_hour && !to_hour; }
  friend bool operator==(const SignatureCriteria&, const SignatureCriteria&) = default;
};

// The criteria as sent by a form or query string; empty texts mean "any".
struct CriteriaInput {
  std::string domain;
  std::string prefix;
  std::string from;  // Unix seconds, rounded down to the hour
  std::string to;
};

// Checks and normalises `input`: kInvalid with the field ("domain", "prefix", "from", "to") and a German message for
// a malformed domain or prefix, an hour that is not a number, or a range that ends before it starts.
Result<SignatureCriteria> ParseCriteria(const CriteriaInput& input);

// The criteria as JSON text (stored with a batch, sent by the API) and back; "{}" for empty criteria.
std::string CriteriaJson(const SignatureCriteria& criteria);
SignatureCriteria CriteriaFromJson(std::string_view json);

// The network of an address as a canonical prefix: "192.0.2.0/24" for IPv4 (also IPv4-mapped IPv6), "2001:db8:1::/48"
// for IPv6; "" for an empty or unparseable address.
std::string NetworkPrefix(std::string_view ip);

struct StateCounts {
  std::int64_t pending = 0;
  std::int64_t confirmed = 0;
  std::int64_t invalidated = 0;

  std::int64_t total() const { return pending + confirmed + invalidated; }
};

// One group: an hour, and a domain or prefix ("" in the per-hour list and for signatures without an address).
struct SignatureGroup {
  db::UnixSeconds hour = 0;
  std::string key;
  StateCounts counts;
};

struct SignatureOverview {
  std::vector<SignatureGroup> by_hour;    // per hour
  std::vector<SignatureGroup> by_domain;  // per hour and e-mail domain
  std::vector<SignatureGroup> by_prefix;  // per hour and network prefix
  StateCounts selected;                   // every signature that meets the criteria
  std::vector<db::UnixSeconds> hours;     // every hour with signatures of the petition, oldest first
};

// The signatures of `petition_id` that meet `criteria`, counted per group. Each list holds at most `limit` groups,
// the largest first (ties: the later hour first, then by key), so that spikes lead.
SignatureOverview SummariseSignatures(db::Tx& tx, std::int64_t petition_id, const SignatureCriteria& criteria,
                                      int limit);

// Who acts: the account and its label (e-mail) for the batch record.
struct Actor {
  std::optional<std::int64_t> user_id;
  std::string label;
};

// A batch of invalidated signatures (Sperre).
struct Invalidation {
  std::int64_t id = 0;
  std::int64_t petition_id = 0;
  std::optional<std::int64_t> actor_user_id;
  std::string actor_label;
  std::string reason;
  SignatureCriteria criteria;
  std::int64_t signature_count = 0;  // signatures the batch invalidated
  std::int64_t confirmed_count = 0;  // of them confirmed at the time
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> reverted_at;
  std::string reverted_by_label;
};

// Invalidates every signature of `petition_id` that meets `criteria` and is not invalidated yet, as one batch, and
// subtracts the folded ones from the petition's count. Writes nothing when it fails: kNotFound for an unknown
// petition; kInvalid for empty criteria (field "criteria"), an empty or overlong reason (field "reason") or a group
// without valid signatures (field "criteria").
Result<Invalidation> InvalidateSignatures(db::Tx& tx, std::int64_t petition_id, const SignatureCriteria& criteria,
                                          std::string_view reason, const Actor& actor, db::UnixSeconds now);

// Undoes batch `invalidation_id`: each of its signatures gets back the state it had, and the count what was
// subtracted (exactly, also when folds ran in between). kNotFound for an unknown batch, kConflict for one undone
// already; nothing is written then.
Result<Invalidation> RevertInvalidation(db::Tx& tx, std::int64_t invalidation_id, const Actor& actor,
                                        db::UnixSeconds now);

// Signatures that may be one person signing twice under different addresses: the same name (NameKey) and the same
// postcode. Invalidated and anonymised signatures are left out. Nothing is changed: a moderator judges and, if need
// be, invalidates.
struct LikelyDuplicate {
  std::string name;                  // as the oldest signature of the group wrote it
  std::string postcode;
  std::int64_t signatures = 0;       // two or more
  std::int64_t confirmed = 0;
  std::vector<std::string> domains;  // the e-mail domains, distinct, sorted
};
// At most `limit` groups, the largest first (ties: by postcode, then name).
std::vector<LikelyDuplicate> FindLikelyDuplicates(db::Tx& tx, std::int64_t petition_id, int limit);

std::optional<Invalidation> FindInvalidation(db::Tx& tx, std::int64_t invalidation_id);
// The batches of a petition, newest first.
std::vector<Invalidation> ListInvalidations(db::Tx& tx, std::int64_t petition_id);

}  // namespace mw::petitions
