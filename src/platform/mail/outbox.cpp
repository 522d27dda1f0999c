#include "platform/mail/outbox.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "platform/core/text.hpp"

namespace mw::mail {
namespace {

constexpr std::size_t kMaxErrorBytes = 1000;

constexpr std::string_view kEntryColumns =
    "id, created_at, to_address, to_name, subject, body_text, body_html, category, tenant_id, state, attempts, "
    "next_attempt_at, last_error, sent_at, claimed_by, claimed_until";

MailState ParseState(std::string_view name) {
  if (name == "pending") return MailState::kPending;
  if (name == "sent") return MailState::kSent;
  if (name == "failed") return MailState::kFailed;
  throw std::logic_error("mail_outbox: unknown state " + std::string(name));
}

OutboxEntry EntryFromRow(const db::Row& row) {
  OutboxEntry entry;
  entry.id = row.Int(0);
  entry.created_at = row.Int(1);
  entry.mail.to_address = row.Text(2);
  entry.mail.to_name = row.Text(3);
  entry.mail.subject = row.Text(4);
  entry.mail.body_text = row.Text(5);
  entry.mail.body_html = row.OptText(6);
  entry.mail.category = row.Text(7);
  entry.mail.tenant_id = row.OptInt(8);
  entry.state = ParseState(row.Text(9));
  entry.attempts = static_cast<int>(row.Int(10));
  entry.next_attempt_at = row.Int(11);
  entry.last_error = row.OptText(12);
  entry.sent_at = row.OptInt(13);
  entry.claimed_by = row.OptText(14);
  entry.claimed_until = row.OptInt(15);
  return entry;
}


std::vector<OutboxEntry> ClaimDue(db::Database& db, db::UnixSeconds now, std::string_view holder, int batch_size) {
  return db.Write([&](db::Tx& tx) {
    // SQLite has one writer, so the select and update cannot interleave with another claim. On PostgreSQL the
    // subquery locks the rows it picks and skips rows another claim has locked; the outer WHERE repeats the
    // condition so that a row changed by a concurrent claim is re-checked and left alone.
    std::string lock = tx.dialect() == db::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
    std::string sql =
        "UPDATE mail_outbox SET claimed_by = ?, claimed_until = ? "
        "WHERE id IN (SELECT id FROM mail_outbox "
        "WHERE state = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) "
        "ORDER BY next_attempt_at, id LIMIT ?" +
        lock +
        ") AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < ?) "
        "RETURNING " +
        std::string(kEntryColumns);
    auto rows = tx.Query(sql, {holder, now + kClaimSeconds, now, now, batch_size, now});
    std::vector<OutboxEntry> claimed;
    claimed.reserve(rows.size());
    for (const db::Row& row : rows) claimed.push_back(EntryFromRow(row));
    std::sort(claimed.begin(), claimed.end(), [](const OutboxEntry& a, const OutboxEntry& b) { return a.id < b.id; });
    return claimed;
  });
}

void RecordSent(db::Database& db, const OutboxEntry& entry, db::UnixSeconds now, std::string_view holder) {
  db.Write([&](db::Tx& tx) {
    tx.Exec(
        "UPDATE mail_outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, "
        "claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
        {now, entry.id, holder});
  });
}

void RecordFailure(db::Database& db, const OutboxEntry& entry, db::UnixSeconds now, std::string_view holder,
                   const std::string& error) {
  int attempts = entry.attempts + 1;
  bool give_up = attempts >= kMaxAttempts;
  db::UnixSeconds next_attempt_at = give_up ? now : now + RetryDelaySeconds(attempts);
  db.Write([&](db::Tx& tx) {
    tx.Exec(
        "UPDATE mail_outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
        "claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
        {MailStateName(give_up ? MailState::kFailed : MailState::kPending), attempts, next_attempt_at,
         CutText(error, kMaxErrorBytes, kCutMark, kMaxErrorBytes), entry.id, holder});
  });
  if (give_up) {
    spdlog::error("mail {} to <{}> given up after {} attempts: {}", entry.id, entry.mail.to_address, attempts, error);
  } else {
    spdlog::warn("mail {} to <{}> failed (attempt {}), next attempt in {} s: {}", entry.id, entry.mail.to_address,
                 attempts, next_attempt_at - now, error);
  }
}

// RunOutboxOnce; if `stop` becomes true, the mails not yet sent are handed back (claims cleared) for another
// process or the next start, and only the ones processed are counted.
int ProcessBatch(db::Database& db, Sender& sender, db::UnixSeconds now, std::string_view holder, int batch_size,
                 const std::atomic<bool>* stop) {
  if (batch_size <= 0) return 0;
  std::vector<OutboxEntry> claimed = ClaimDue(db, now, holder, batch_size);
  std::size_t processed = 0;
  for (; processed < claimed.size(); ++processed) {
    if (stop && stop->load()) break;
    const OutboxEntry& entry = claimed[processed];
    // The Date header is the time the mail was enqueued, so a retried mail is byte-for-byte the same message.
    OutgoingMail outgoing{entry.id, entry.mail, entry.created_at, ""};
    Status sent = Fail(ErrorKind::kUnavailable, "Unbekannter Fehler beim Versand.");
    try {
      sent = sender.Send(outgoing);
    } catch (const std::exception& e) {
      sent = Fail(ErrorKind::kUnavailable, std::string("Interner Fehler beim Versand: ") + e.what());
    }
    if (sent) {
      RecordSent(db, entry, now, holder);
    } else {
      RecordFailure(db, entry, now, holder, sent.error().message);
    }
  }
  if (processed < claimed.size()) {
    db.Write([&](db::Tx& tx) {
      for (std::size_t index = processed; index < claimed.size(); ++index) {
        tx.Exec("UPDATE mail_outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                {claimed[index].id, holder});
      }
    });
  }
  return static_cast<int>(processed);
}

}  // namespace

std::string_view MailStateName(MailState state) {
  switch (state) {
    case MailState::kPending:
      return "pending";
    case MailState::kSent:
      return "sent";
    case MailState::kFailed:
      return "failed";
  }
  throw std::logic_error("MailStateName: bad state");
}

std::int64_t RetryDelaySeconds(int failed_attempts) {
  static constexpr std::int64_t kDelays[] = {60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600};
  int index = std::clamp(failed_attempts, 1, static_cast<int>(std::size(kDelays))) - 1;
  return kDelays[index];
}

Result<std::int64_t> Enqueue(db::Tx& tx, const Mail& mail, db::UnixSeconds now) {
  if (Status valid = ValidateMail(mail); !valid) return std::unexpected(valid.error());
  auto row = tx.QueryOne(
      "INSERT INTO mail_outbox (created_at, to_address, to_name, subject, body_text, body_html, state, attempts, "
      "next_attempt_at, category, tenant_id) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING id",
      {now, mail.to_address, mail.to_name, mail.subject, mail.body_text, mail.body_html, now, mail.category,
       mail.tenant_id});
  if (!row) throw db::DatabaseError("mail_outbox: INSERT returned no id");
  return row->Int(0);
}

int RunOutboxOnce(db::Database& db, Sender& sender, db::UnixSeconds now, std::string_view holder, int batch_size) {
  return ProcessBatch(db, sender, now, holder, batch_size, nullptr);
}

std::vector<OutboxEntry> ListRecent(db::Database& db, int limit, std::optional<std::int64_t> tenant_id) {
  limit = std::clamp(limit, 1, 1000);
  return db.Read([&](db::Tx& tx) {
    std::string columns(kEntryColumns);
    std::vector<db::Row> rows =
        tenant_id ? tx.Query("SELECT " + columns + " FROM mail_outbox WHERE tenant_id = ? ORDER BY id DESC LIMIT ?",
                             {*tenant_id, limit})
                  : tx.Query("SELECT " + columns + " FROM mail_outbox ORDER BY id DESC LIMIT ?", {limit});
    std::vector<OutboxEntry> entries;
    entries.reserve(rows.size());
    for (const db::Row& row : rows) entries.push_back(EntryFromRow(row));
    return entries;
  });
}

Result<OutboxEntry> Get(db::Database& db, std::int64_t id) {
  auto row = db.Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT " + std::string(kEntryColumns) + " FROM mail_outbox WHERE id = ?", {id});
  });
  if (!row) return Fail(ErrorKind::kNotFound, "Diese E-Mail gibt es nicht (mehr).");
  return EntryFromRow(*row);
}

int PurgeOld(db::Tx& tx, db::UnixSeconds sent_before) {
  return static_cast<int>(tx.Exec("DELETE FROM mail_outbox WHERE (state = 'sent' AND sent_at < ?) "
                                  "OR (state = 'failed' AND created_at < ?)",
                                  {sent_before, sent_before}));
}

int DeleteMailsTo(db::Tx& tx, std::string_view address) {
  return static_cast<int>(
      tx.Exec("DELETE FROM mail_outbox WHERE lower(to_address) = lower(?)", {std::string(address)}));
}

OutboxWorker::OutboxWorker(db::Database& db, Sender& sender, jobs::Clock clock, std::string holder)
    : OutboxWorker(db, sender, std::move(clock), std::move(holder), Options{}) {}

OutboxWorker::OutboxWorker(db::Database& db, Sender& sender, jobs::Clock clock, std::string holder, Options options)
    : db_(db), sender_(sender), clock_(std::move(clock)), holder_(std::move(holder)), options_(options) {}

OutboxWorker::~OutboxWorker() {
  Stop();
}

void OutboxWorker::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  stop_requested_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_all();
}

void OutboxWorker::Stop() {
  stop_requested_ = true;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutboxWorker::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    notified_ = false;
    lock.unlock();
    int processed = 0;
    try {
      processed = ProcessBatch(db_, sender_, clock_(), holder_, options_.batch_size, &stop_requested_);
    } catch (const std::exception& e) {
      spdlog::error("mail outbox: {}", e.what());
    }
    lock.lock();
    if (processed >= options_.batch_size) continue;  // probably more waiting
    wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || notified_; });
  }
}

}  // namespace mw::mail
