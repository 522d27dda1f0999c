// The mail outbox (transactional outbox): mails are rows in mail_outbox, inserted in the same transaction as the
// change that causes them, and sent afterwards by a worker. A registration and its confirmation mail therefore commit
// together or not at all, and mail survives restarts and SMTP outages. Any number of server processes may run the
// worker against one database: each mail is claimed by one process before it is sent.
//
//   auto id = db.Write([&](mw::db::Tx& tx) -> mw::Result<std::int64_t> {
//     CreateRegistration(tx, ...);
//     return mw::mail::Enqueue(tx, confirmation_mail, now);
//   });
//   if (id) worker.Notify();  // send soon rather than at the next poll
//
// Delivery is at least once: a process that dies after the SMTP server accepted a mail but before it recorded that
// leaves the mail to be sent again after its claim expires (kClaimSeconds).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/mail/mail.hpp"
#include "platform/mail/sender.hpp"

namespace mw::mail {

enum class MailState { kPending, kSent, kFailed };

// "pending", "sent", "failed": the values of column mail_outbox.state.
std::string_view MailStateName(MailState state);

// A mail is given up (state failed) after this many failed attempts.
inline constexpr int kMaxAttempts = 6;

// How long a worker may take to send the mails it claimed in one RunOutboxOnce. Another process may claim them after
// that, so batch_size times the sender's timeout must stay well below it.
inline constexpr std::int64_t kClaimSeconds = 15 * 60;

// The wait before the next attempt after `failed_attempts` failures: 1 min, 5 min, 30 min, 2 h, then 6 h.
std::int64_t RetryDelaySeconds(int failed_attempts);

// One row of the outbox, for the admin page.
struct OutboxEntry {
  std::int64_t id = 0;
  db::UnixSeconds created_at = 0;
  Mail mail;
  MailState state = MailState::kPending;
  int attempts = 0;
  db::UnixSeconds next_attempt_at = 0;
  std::optional<std::string> last_error;
  std::optional<db::UnixSeconds> sent_at;
  std::optional<std::string> claimed_by;
  std::optional<db::UnixSeconds> claimed_until;
};

// Validates `mail` (ValidateMail) and inserts it as pending, due at once. Call inside the transaction of the change
// that causes the mail; if that transaction rolls back, the mail is gone too. Returns the outbox id.
Result<std::int64_t> Enqueue(db::Tx& tx, const Mail& mail, db::UnixSeconds now);

// Claims up to `batch_size` due pending mails for `holder` (one Write), sends each outside any transaction, and
// records each result in its own Write: sent, or a failed attempt with the next attempt after RetryDelaySeconds, or
// failed for good after kMaxAttempts. Two concurrent calls (threads or processes) never claim the same mail. Returns
// the number of mails processed (sent or not). Sender errors are recorded, not thrown; database errors throw.
int RunOutboxOnce(db::Database& db, Sender& sender, db::UnixSeconds now, std::string_view holder, int batch_size);

// The `limit` (1..1000) most recent mails, newest first; only those of `tenant_id` if given.
std::vector<OutboxEntry> ListRecent(db::Database& db, int limit, std::optional<std::int64_t> tenant_id);

// One mail; kNotFound if there is no mail `id`.
Result<OutboxEntry> Get(db::Database& db, std::int64_t id);

// Mails hold personal data (names, addresses, links), so the outbox keeps them only as long as needed:
inline constexpr int kDefaultRetentionDays = 30;
// Deletes mails sent before `sent_before` and mails given up (failed) that were created before it; pending mails are
// never touched. Returns the number deleted. Runs inside the caller's transaction (a periodic job).
int PurgeOld(db::Tx& tx, db::UnixSeconds sent_before);
// Deletes every mail to `address` (case-insensitive), whatever its state: the account with this address was
// deleted (Art. 17 DSGVO). Returns the number deleted.
int DeleteMailsTo(db::Tx& tx, std::string_view address);

// Runs RunOutboxOnce in a background thread: at once again while batches come back full, otherwise every
// poll_interval or when notified.
class OutboxWorker {
 public:
  struct Options {
    int batch_size = 10;
    std::chrono::milliseconds poll_interval{1000};
  };

  // `db` and `sender` must outlive the worker. `holder` identifies this process (jobs::MakeHolderId).
  OutboxWorker(db::Database& db, Sender& sender, jobs::Clock clock, std::string holder);
  OutboxWorker(db::Database& db, Sender& sender, jobs::Clock clock, std::string holder, Options options);
  ~OutboxWorker();  // Stop()
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  void Start();
  // Wakes the worker now, e.g. after a transaction that enqueued a mail has committed. Cheap; any thread.
  void Notify();
  // Stops and joins the thread. Waits for a mail being sent (at most the sender's timeout); the rest of the batch
  // is handed back unsent. Idempotent.
  void Stop();

 private:
  void Loop();

  db::Database& db_;
  Sender& sender_;
  const jobs::Clock clock_;
  const std::string holder_;
  const Options options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool notified_ = false;
  std::atomic<bool> stop_requested_{false};  // read between two mails of a batch
  std::thread thread_;
};

}  // namespace mw::mail
