// Petitions: the storage and the pure rules behind the format's data — the committee's rows of a signature list,
// confirmed signatures per postcode region with small numbers suppressed, CSV cells that spreadsheets do not run as
// formulas, and the deletion of signers' personal data once the tenant's retention period after closing has passed.
//
//   auto regions = petitions::SuppressSmallRegions(petitions::CountRegions(tx, petition.id));
//   auto rows = petitions::ListSignatureRows(tx, petition.id);     // personal data: audit the read in the same tx
//   std::string line = petitions::CsvRow({"1", "=HYPERLINK(…)"}, ';');  // "1;'=HYPERLINK(…)\r\n"
//   petitions::DeletePersonalDataDue(db, now);                      // the daily job
//
// Deletion anonymises the signature rows in place (see migrations/*/0103_petition_data.sql): e-mail and token become
// "deleted:<id>", name, address and IP are emptied, the postcode keeps its first two digits. The petition's count,
// the rows' states and times and therefore the counts per region stay available afterwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "platform/db/database.hpp"

namespace mw::petitions {

// --- pure ---

// Regions with fewer confirmed signatures than this are not shown on their own (statistical confidentiality).
inline constexpr std::int64_t kRegionMinimum = 5;

struct RegionCount {
  std::string region;  // the first two digits of the postcode (Postleitregion), e.g. "04"
  std::int64_t count = 0;
};

struct RegionStats {
  std::vector<RegionCount> shown;     // ordered by region; each has at least the minimum
  std::int64_t suppressed_count = 0;  // the signatures of every region not shown, as one line
  std::int64_t total = 0;             // shown + suppressed
};

// Splits `counts` into regions shown and one suppressed line. Every region below `minimum` is suppressed. If that
// is exactly one region, the smallest shown region is suppressed with it, so that the small one cannot be computed
// as total minus the regions shown. Entries whose region is not two digits go into the suppressed line.
RegionStats SuppressSmallRegions(std::vector<RegionCount> counts, std::int64_t minimum = kRegionMinimum);

// One CSV record ending in CRLF (RFC 4180): cells containing the delimiter, a quote or a line break are quoted,
// quotes doubled; a cell starting with = + - @ (or tab or carriage return) gets a leading apostrophe, so that a
// spreadsheet shows it as text instead of running it as a formula.
std::string CsvRow(const std::vector<std::string>& cells, char delimiter);

// When a closed petition's personal data is due for deletion: `retention_days` after it closed (closed_at, or the
// end of the signing period closes_at if closed_at is unknown); nullopt if neither is known.
std::optional<db::UnixSeconds> DeletionDueAt(std::optional<db::UnixSeconds> closed_at,
                                             std::optional<db::UnixSeconds> closes_at, int retention_days);

// --- storage (inside the caller's transaction) ---

// Confirmed signatures of a petition per two-digit postcode region, ordered by region (before and after deletion).
std::vector<RegionCount> CountRegions(db::Tx& tx, std::int64_t petition_id);

// Signatures of a petition per state ("pending", "confirmed", "invalidated"); states without any are absent.
std::vector<std::pair<std::string, std::int64_t>> CountByState(db::Tx& tx, std::int64_t petition_id);

// One row of the committee's signature list. After deletion, name, e-mail, address are empty and the postcode has
// two digits.
struct SignatureRow {
  std::int64_t id = 0;
  std::string state;  // pending | confirmed | invalidated
  std::string name;
  std::string email;
  std::string postcode;
  std::string address;
  bool show_public = false;
  db::UnixSeconds signed_at = 0;
  std::optional<db::UnixSeconds> confirmed_at;
};
// Every signature of a petition, oldest first. Personal data: the caller audits the read.
std::vector<SignatureRow> ListSignatureRows(db::Tx& tx, std::int64_t petition_id);

// When the petition's personal data was deleted, or nullopt (also for an unknown petition).
std::optional<db::UnixSeconds> PersonalDataDeletedAt(db::Tx& tx, std::int64_t petition_id);

struct DueDeletion {
  std::int64_t petition_id = 0;
  std::int64_t tenant_id = 0;
  int retention_days = 0;
};
// Closed, answered and archived petitions whose personal data is due at `now` (DeletionDueAt with the tenant's
// retention_days) and not yet deleted, oldest first.
std::vector<DueDeletion> PetitionsDueForDeletion(db::Tx& tx, db::UnixSeconds now);

// Where a deletion run stands within a petition's signatures, in the order signed: the last one it anonymised.
struct SignatureCursor {
  db::UnixSeconds created_at = 0;
  std::int64_t id = 0;
};
// Anonymises up to `limit` not yet anonymised signatures of the petition that come after `cursor` in the order signed,
// and moves the cursor to the last of them; returns how many. Each batch starts where the last ended (the index on
// petition and time), so a petition's run reads each signature once: without the cursor every batch read again the
// ones anonymised before it, which made a run quadratic in the petition's size (docs/benchmarks.md, "Land scale").
std::int64_t AnonymiseSignatures(db::Tx& tx, std::int64_t petition_id, int limit, SignatureCursor& cursor);

// What the format holds about a person, for their data export: the petitions they initiated (text, state, dates,
// count), those they joined as co-initiator, and their signatures found by `email` (their account's address) with
// everything stored about each except the confirmation token's hash.
boost::json::object PersonalDataOf(db::Tx& tx, std::int64_t user_id, std::string_view email);

// --- the job ---

struct DeletionRun {
  int petitions = 0;            // petitions whose personal data was deleted in this run
  std::int64_t signatures = 0;  // signatures anonymised
};
// Deletes the personal data of every petition due at `now`: anonymises its signatures in batches of `batch_size`
// (one write each, so a petition with a million signatures does not hold the writer), then marks the petition and
// records it in the audit log (actor "system", tenant of the petition) in one write. A run that did anything also
// leaves one platform-wide audit entry. Safe to interrupt: the next run continues where this one stopped.
DeletionRun DeletePersonalDataDue(db::Database& db, db::UnixSeconds now, int batch_size = 5'000);

}  // namespace mw::petitions
