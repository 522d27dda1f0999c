// Petitions: the pure rules of the format — states and their transitions, the limits and German messages of the
// petition and signature forms, and the signing window. No I/O; "now" is a parameter.
//
//   auto errors = petitions::ValidateDraft({.title = "Mehr Radwege", .demand = "…", .justification = "…"});
//   auto signature = petitions::ValidateSignature({.name = "Kim", .email = "Kim@Example.org", .postcode = "04109",
//                                                  .consent = true});
//   bool open = petitions::IsOpenForSigning(petition_state, closes_at, now);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::petitions {

// The life of a petition. A draft is submitted to the tenant's moderators, who publish or reject it (or send it
// back to draft, "request changes"); a published petition collects signatures until it closes; the committee's
// response makes it answered; answered (or closed without response) petitions are archived in the end.
enum class State { kDraft, kInModeration, kPublished, kClosed, kAnswered, kArchived, kRejected };

// "draft", "in_moderation", "published", "closed", "answered", "archived", "rejected" (column petition.state).
std::string_view StateName(State state);
std::optional<State> ParseState(std::string_view name);
// Whether a petition in `from` may move to `to`.
bool CanTransition(State from, State to);
// Whether visitors without a role may see the petition (published and later, not rejected).
bool IsPublic(State state);

inline constexpr std::size_t kMaxTitleChars = 200;
inline constexpr std::size_t kMaxDemandChars = 2'000;
inline constexpr std::size_t kMaxJustificationChars = 10'000;
inline constexpr std::size_t kMaxAddresseeChars = 200;
inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxAddressChars = 300;      // street, house number and town of a signer
inline constexpr std::size_t kMaxResponseChars = 20'000;  // the committee's official response
inline constexpr std::size_t kMaxNoteChars = 2'000;       // a moderator's explanation (rejection, changes)
inline constexpr int kDefaultPeriodDays = 42;             // six weeks
inline constexpr int kMaxPeriodDays = 365;
inline constexpr std::int64_t kDefaultQuorum = 1'000;
inline constexpr std::int64_t kMaxQuorum = 100'000'000;
// An unconfirmed signature is void after this (and never blocks its address: a new signature replaces it).
inline constexpr db::UnixSeconds kPendingSignatureLifetime = 7 * 24 * 3600;

// The fields an initiator writes.
struct Draft {
  std::string title;
  std::string demand;         // Forderung
  std::string justification;  // Begründung
  std::string addressee;      // Adressat, e.g. "Stadtrat der Stadt Grimma"
  // In force: always the tenant's settings (the caller sets them), never what the initiator sends.
  std::int64_t quorum = kDefaultQuorum;
  int period_days = kDefaultPeriodDays;
  // What the initiator asked for (API), kept for the moderators to see; no effect on the petition.
  std::optional<std::int64_t> requested_quorum;
  std::optional<int> requested_period_days;
};

// Every problem of `draft` (field → German message); empty if valid. Title, demand and justification are required,
// the addressee is optional; text must be valid UTF-8 and within the limits above; quorum and period (also the
// requested ones) within their ranges.
std::vector<Error> ValidateDraft(const Draft& draft);

// A signing form as submitted.
struct SignatureInput {
  std::string name;
  std::string email;
  std::string postcode;
  std::string address;       // street, house number, town — where the tenant requires the full address
  bool show_public = false;  // "show my name publicly"
  bool notify = false;       // "mail me the official response"
  bool consent = false;      // privacy notice acknowledged
};

// A checked signature: trimmed name, normalised (lower-case) address, five-digit postcode.
struct ValidSignature {
  std::string name;
  std::string email_normalized;
  std::string postcode;
  std::string address;
  bool show_public = false;
  bool notify = false;
};

// The key under which a petition counts one signature per person (column petition_signature.email_key). The address
// (as ValidateSignature gives it) in Unicode NFKC with case folding; then, for providers known to deliver
// "name+tag@" to "name@" (Gmail, Outlook/Hotmail/Live, iCloud, Posteo, mailbox.org), the "+tag" removed, and for
// Gmail the dots of the local part removed and googlemail.com read as gmail.com. Other providers keep their "+":
// GMX and WEB.DE, for instance, do not deliver plus addresses to the mailbox, so there they are different addresses.
// The address itself is kept as given for sending; this key only decides "already signed". Example:
//   SignerKey("Max.Muster+petition@GoogleMail.com") == "maxmuster@gmail.com"
std::string SignerKey(std::string_view email);

// A name compared for likely duplicates: NFKC with case folding, every run of characters that are not letters or
// digits one separator, the words sorted — "Müller, Kim", "kim MÜLLER" and "Kim Müller" are one key.
std::string NameKey(std::string_view name);

// The signature, or every problem with it (field → German message). `require_consent` is false for API clients
// that collect consent themselves; `require_address` where the tenant asks for the full postal address (otherwise
// an address given is kept, within the limit).
std::expected<ValidSignature, std::vector<Error>> ValidateSignature(const SignatureInput& input,
                                                                    bool require_consent = true,
                                                                    bool require_address = false);

// A moderator's or committee's free text (explanation, response): valid UTF-8, at most `max_chars`, and not empty
// where `required`. The problem as kInvalid on `field`, or nullopt.
std::optional<Error> CheckNote(std::string_view text, std::size_t max_chars, bool required, std::string_view field);

// The end of the signing period: `period_days` full days after publication.
db::UnixSeconds ClosesAt(db::UnixSeconds published_at, int period_days);
// Whether a petition in `state` closing at `closes_at` accepts signatures at `now`.
bool IsOpenForSigning(State state, std::optional<db::UnixSeconds> closes_at, db::UnixSeconds now);
// The days of 24 hours left to sign at `now`, a begun one counted: 1 within the last 24 hours, 0 once closed.
int DaysLeftToSign(db::UnixSeconds closes_at, db::UnixSeconds now);

// Percent of the quorum reached, 0–100 (capped), for the progress bar.
int QuorumPercent(std::int64_t count, std::int64_t quorum);

}  // namespace mw::petitions
