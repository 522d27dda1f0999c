#include "platform/mail/outbox.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "platform/jobs/scheduler.hpp"
#include "platform/mail/mime_test_util.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_db.hpp"

namespace mw::mail {
namespace {

using test_util::DecodeHeaderValue;
using test_util::DecodeQuotedPrintable;
using test_util::ParseMessage;

constexpr db::UnixSeconds kNow = 1'732'637'700;
constexpr std::string_view kSubject = "Bestätigung Ihrer Registrierung – Grüße";
constexpr std::string_view kBody = "Guten Tag Frau Müller,\n\nbitte bestätigen Sie Ihre Registrierung.\n\nGrüße\n";

Mail RegistrationMail(std::string to = "anna@example.org", std::optional<std::int64_t> tenant = std::nullopt) {
  return Mail{.to_address = std::move(to),
              .to_name = "Anna Müller",
              .subject = std::string(kSubject),
              .body_text = std::string(kBody),
              .category = "registration",
              .tenant_id = tenant};
}

// Records what it was asked to send; fails while `failures` > 0.
class FakeSender : public Sender {
 public:
  Status Send(const OutgoingMail& mail) override {
    std::lock_guard lock(mutex_);
    ++calls_;
    if (failures_ > 0) {
      --failures_;
      return Fail(ErrorKind::kUnavailable, "Der Mailserver war nicht erreichbar (Testfehler).");
    }
    sent_ids_.push_back(mail.id);
    return Ok{};
  }
  void FailNext(int n) {
    std::lock_guard lock(mutex_);
    failures_ = n;
  }
  int calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  std::vector<std::int64_t> sent_ids() {
    std::lock_guard lock(mutex_);
    return sent_ids_;
  }

 private:
  std::mutex mutex_;
  int calls_ = 0;
  int failures_ = 0;
  std::vector<std::int64_t> sent_ids_;
};

class OutboxTest : public testing::EngineTest {
 protected:
  std::int64_t EnqueueCommitted(const Mail& mail, db::UnixSeconds now = kNow) {
    auto id = db_->Write([&](db::Tx& tx) { return Enqueue(tx, mail, now); });
    EXPECT_TRUE(id) << id.error().message;
    return id.value_or(0);
  }
  OutboxEntry Entry(std::int64_t id) {
    auto entry = Get(*db_, id);
    EXPECT_TRUE(entry);
    return entry.value_or(OutboxEntry{});
  }
};

TEST_P(OutboxTest, MailOfARolledBackTransactionIsNeverSent) {
  EXPECT_THROW(db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(Enqueue(tx, RegistrationMail(), kNow));
    throw std::runtime_error("registration failed");
  }),
               std::runtime_error);
  EXPECT_TRUE(ListRecent(*db_, 10, std::nullopt).empty());
  FakeSender sender;
  EXPECT_EQ(RunOutboxOnce(*db_, sender, kNow + 3600, "holder-a", 10), 0);
  EXPECT_EQ(sender.calls(), 0);
}

TEST_P(OutboxTest, CommittedMailIsSentOverSmtpWithCorrectHeaders) {
  testing::SmtpSink sink;
  auto sender = MakeSender(sink.url(), "noreply@beteiligung.example", "Beteiligung Musterstadt");
  ASSERT_TRUE(sender);
  std::int64_t id = EnqueueCommitted(RegistrationMail());
  EXPECT_EQ(Entry(id).state, MailState::kPending);

  EXPECT_EQ(RunOutboxOnce(*db_, **sender, kNow + 1, "holder-a", 10), 1);
  ASSERT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(5)));
  auto received = sink.Messages().at(0);
  EXPECT_EQ(received.from, "noreply@beteiligung.example");
  EXPECT_EQ(received.recipients, std::vector<std::string>{"anna@example.org"});
  auto message = ParseMessage(received.data);
  EXPECT_EQ(DecodeHeaderValue(message.Header("Subject")), kSubject);
  EXPECT_EQ(DecodeHeaderValue(message.Header("To")), "Anna Müller <anna@example.org>");
  EXPECT_EQ(message.Header("From"), "Beteiligung Musterstadt <noreply@beteiligung.example>");
  EXPECT_EQ(message.Header("Date"), "Tue, 26 Nov 2024 16:15:00 +0000");
  EXPECT_EQ(message.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(DecodeQuotedPrintable(message.body), kBody);

  OutboxEntry entry = Entry(id);
  EXPECT_EQ(entry.state, MailState::kSent);
  EXPECT_EQ(entry.sent_at, kNow + 1);
  EXPECT_EQ(entry.attempts, 1);
  EXPECT_FALSE(entry.claimed_by);
  EXPECT_FALSE(entry.last_error);
  EXPECT_EQ(entry.mail.subject, kSubject);  // UTF-8 round-trips through the database

  EXPECT_EQ(RunOutboxOnce(*db_, **sender, kNow + 7200, "holder-a", 10), 0);  // sent once only
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_P(OutboxTest, TemporaryFailureIsRetriedAfterTheBackoffAndNotBefore) {
  testing::SmtpSink sink;
  sink.FailNextTransactions(1);
  auto sender = MakeSender(sink.url(), "noreply@beteiligung.example", "Portal");
  ASSERT_TRUE(sender);
  std::int64_t id = EnqueueCommitted(RegistrationMail());

  EXPECT_EQ(RunOutboxOnce(*db_, **sender, kNow, "holder-a", 10), 1);
  OutboxEntry failed = Entry(id);
  EXPECT_EQ(failed.state, MailState::kPending);
  EXPECT_EQ(failed.attempts, 1);
  EXPECT_EQ(failed.next_attempt_at, kNow + 60);
  ASSERT_TRUE(failed.last_error);
  EXPECT_NE(failed.last_error->find("451"), std::string::npos) << *failed.last_error;
  EXPECT_FALSE(failed.claimed_by);
  EXPECT_EQ(sink.failed_transactions(), 1);

  EXPECT_EQ(RunOutboxOnce(*db_, **sender, kNow + 59, "holder-a", 10), 0);
  EXPECT_TRUE(sink.Messages().empty());

  EXPECT_EQ(RunOutboxOnce(*db_, **sender, kNow + 60, "holder-a", 10), 1);
  ASSERT_EQ(sink.Messages().size(), 1u);
  OutboxEntry sent = Entry(id);
  EXPECT_EQ(sent.state, MailState::kSent);
  EXPECT_EQ(sent.attempts, 2);
  EXPECT_FALSE(sent.last_error);
}

TEST_P(OutboxTest, GivesUpAfterMaxAttemptsWithTheDocumentedBackoff) {
  FakeSender sender;
  sender.FailNext(100);
  std::int64_t id = EnqueueCommitted(RegistrationMail());
  const std::int64_t expected_delays[] = {60, 300, 1800, 7200, 21600};
  db::UnixSeconds now = kNow;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    ASSERT_EQ(RunOutboxOnce(*db_, sender, now, "holder-a", 10), 1) << "attempt " << attempt;
    OutboxEntry entry = Entry(id);
    EXPECT_EQ(entry.attempts, attempt);
    if (attempt < kMaxAttempts) {
      EXPECT_EQ(entry.state, MailState::kPending);
      EXPECT_EQ(entry.next_attempt_at - now, expected_delays[attempt - 1]);
      EXPECT_EQ(RunOutboxOnce(*db_, sender, entry.next_attempt_at - 1, "holder-a", 10), 0);
      now = entry.next_attempt_at;
    } else {
      EXPECT_EQ(entry.state, MailState::kFailed);
      ASSERT_TRUE(entry.last_error);
      EXPECT_NE(entry.last_error->find("Testfehler"), std::string::npos);
    }
  }
  EXPECT_EQ(RunOutboxOnce(*db_, sender, now + 365 * 86400, "holder-a", 10), 0);
  EXPECT_EQ(sender.calls(), kMaxAttempts);
}

TEST_P(OutboxTest, ConcurrentWorkersNeverSendTheSameMailTwice) {
  constexpr int kMails = 40;
  for (int i = 0; i < kMails; ++i) EnqueueCommitted(RegistrationMail("person" + std::to_string(i) + "@example.org"));

  // Two "processes": the fixture's Database and a second one opened on the same database.
  auto other = db::Database::Open(url_, {});
  FakeSender sender;
  auto work = [&](db::Database& db, std::string holder) {
    while (RunOutboxOnce(db, sender, kNow, holder, 3) > 0) {
    }
  };
  std::thread first(work, std::ref(*db_), "holder-a");
  std::thread second(work, std::ref(*other), "holder-b");
  std::thread third(work, std::ref(*db_), "holder-c");
  first.join();
  second.join();
  third.join();

  std::vector<std::int64_t> ids = sender.sent_ids();
  std::set<std::int64_t> unique(ids.begin(), ids.end());
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMails));
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kMails));
  for (const OutboxEntry& entry : ListRecent(*db_, 100, std::nullopt)) EXPECT_EQ(entry.state, MailState::kSent);
}

// A sender that looks into the outbox while "sending", as a second process would.
class ObservingSender : public Sender {
 public:
  explicit ObservingSender(std::function<void()> during_send) : during_send_(std::move(during_send)) {}
  Status Send(const OutgoingMail&) override {
    during_send_();
    return Ok{};
  }

 private:
  std::function<void()> during_send_;
};

TEST_P(OutboxTest, AClaimedMailWaitsForItsClaimToExpire) {
  std::int64_t id = EnqueueCommitted(RegistrationMail());
  FakeSender other;
  int observed = -1;
  ObservingSender sender([&] {
    observed = RunOutboxOnce(*db_, other, kNow, "holder-b", 10);
    OutboxEntry entry = Entry(id);
    EXPECT_EQ(entry.claimed_by, "holder-a");
    EXPECT_EQ(entry.claimed_until, kNow + kClaimSeconds);
  });
  EXPECT_EQ(RunOutboxOnce(*db_, sender, kNow, "holder-a", 10), 1);
  EXPECT_EQ(observed, 0);
  EXPECT_EQ(other.calls(), 0);

  // A holder that died after claiming: the mail is sent by another after the claim expires.
  std::int64_t orphan = EnqueueCommitted(RegistrationMail("bernd@example.org"));
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE mail_outbox SET claimed_by = 'dead', claimed_until = ? WHERE id = ?",
            {kNow + kClaimSeconds, orphan});
  });
  EXPECT_EQ(RunOutboxOnce(*db_, other, kNow + kClaimSeconds, "holder-b", 10), 0);
  EXPECT_EQ(RunOutboxOnce(*db_, other, kNow + kClaimSeconds + 1, "holder-b", 10), 1);
  EXPECT_EQ(other.sent_ids(), std::vector<std::int64_t>{orphan});
}

TEST_P(OutboxTest, EnqueueRejectsInvalidMailAndStoresNothing) {
  Mail bad = RegistrationMail();
  bad.subject = "Hallo\r\nBcc: victim@example.org";
  auto id = db_->Write([&](db::Tx& tx) { return Enqueue(tx, bad, kNow); });
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().kind, ErrorKind::kInvalid);
  EXPECT_EQ(id.error().field, "subject");
  EXPECT_TRUE(ListRecent(*db_, 10, std::nullopt).empty());
}

TEST_P(OutboxTest, ListRecentAndGetForTheAdminPage) {
  std::int64_t first = EnqueueCommitted(RegistrationMail("a@example.org", 1));
  std::int64_t second = EnqueueCommitted(RegistrationMail("b@example.org", 2));
  Mail html = RegistrationMail("c@example.org", 1);
  html.body_html = "<p>Grüße</p>";
  std::int64_t third = EnqueueCommitted(html, kNow + 5);

  auto all = ListRecent(*db_, 10, std::nullopt);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, third);
  EXPECT_EQ(all[1].id, second);
  EXPECT_EQ(all[2].id, first);
  EXPECT_EQ(ListRecent(*db_, 2, std::nullopt).size(), 2u);

  auto tenant_one = ListRecent(*db_, 10, 1);
  ASSERT_EQ(tenant_one.size(), 2u);
  EXPECT_EQ(tenant_one[0].id, third);
  EXPECT_EQ(tenant_one[1].id, first);

  OutboxEntry entry = Entry(third);
  EXPECT_EQ(entry.created_at, kNow + 5);
  EXPECT_EQ(entry.next_attempt_at, kNow + 5);
  EXPECT_EQ(entry.mail.to_address, "c@example.org");
  EXPECT_EQ(entry.mail.to_name, "Anna Müller");
  EXPECT_EQ(entry.mail.body_html, "<p>Grüße</p>");
  EXPECT_EQ(entry.mail.category, "registration");
  EXPECT_EQ(entry.mail.tenant_id, 1);
  EXPECT_EQ(entry.attempts, 0);
  EXPECT_FALSE(entry.sent_at);

  auto missing = Get(*db_, third + 1000);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
}

TEST_P(OutboxTest, WorkerSendsSoonAfterNotifyAndStopsPromptly) {
  testing::SmtpSink sink;
  auto sender = MakeSender(sink.url(), "noreply@beteiligung.example", "Portal");
  ASSERT_TRUE(sender);
  OutboxWorker worker(
      *db_, **sender, [] { return jobs::SystemNow(); }, "worker-a",
      OutboxWorker::Options{.batch_size = 10, .poll_interval = std::chrono::hours(1)});
  worker.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the first, empty poll
  EnqueueCommitted(RegistrationMail(), jobs::SystemNow());
  worker.Notify();
  EXPECT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(10)));

  auto before = std::chrono::steady_clock::now();
  worker.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
}

// A sender that takes its time, so that Stop arrives in the middle of a batch.
class SlowSender : public Sender {
 public:
  Status Send(const OutgoingMail&) override {
    ++started;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return Ok{};
  }
  std::atomic<int> started{0};
};

TEST_P(OutboxTest, StoppingTheWorkerHandsBackTheRestOfTheBatch) {
  for (int i = 0; i < 5; ++i) EnqueueCommitted(RegistrationMail("p" + std::to_string(i) + "@example.org"));
  SlowSender sender;
  OutboxWorker worker(
      *db_, sender, [] { return kNow; }, "worker-a",
      OutboxWorker::Options{.batch_size = 5, .poll_interval = std::chrono::hours(1)});
  worker.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sender.started.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  worker.Stop();
  int sent = 0;
  for (const OutboxEntry& entry : ListRecent(*db_, 10, std::nullopt)) {
    if (entry.state == MailState::kSent) {
      ++sent;
    } else {
      EXPECT_EQ(entry.state, MailState::kPending);
      EXPECT_FALSE(entry.claimed_by) << "mail " << entry.id << " is still claimed";
    }
  }
  EXPECT_EQ(sent, sender.started.load());
  EXPECT_LT(sent, 5);
  // Another process can send the rest at once.
  FakeSender other;
  EXPECT_EQ(RunOutboxOnce(*db_, other, kNow, "worker-b", 10), 5 - sent);
}

TEST_P(OutboxTest, SentMailsArePurgedAfterTheRetentionPeriodPendingOnesNever) {
  FakeSender sender;
  std::int64_t old_sent = EnqueueCommitted(RegistrationMail("alt@example.org"), kNow);
  ASSERT_EQ(RunOutboxOnce(*db_, sender, kNow, "holder-a", 10), 1);
  std::int64_t recent_sent = EnqueueCommitted(RegistrationMail("neu@example.org"), kNow + 20 * 86400);
  ASSERT_EQ(RunOutboxOnce(*db_, sender, kNow + 20 * 86400, "holder-a", 10), 1);
  // Still pending after a month (its first attempt failed and is not yet due again).
  std::int64_t pending = EnqueueCommitted(RegistrationMail("wartet@example.org"), kNow);
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ?", {kNow + 90 * 86400, pending});
  });

  db::UnixSeconds now = kNow + 31 * 86400;
  int purged = db_->Write([&](db::Tx& tx) { return PurgeOld(tx, now - kDefaultRetentionDays * 86400); });
  EXPECT_EQ(purged, 1);
  EXPECT_FALSE(Get(*db_, old_sent)) << "sent more than 30 days ago";
  EXPECT_TRUE(Get(*db_, recent_sent));
  EXPECT_TRUE(Get(*db_, pending)) << "a mail not yet sent is never purged";
}

TEST_P(OutboxTest, MailsToADeletedAccountsAddressAreDeleted) {
  std::int64_t first = EnqueueCommitted(RegistrationMail("anna@example.org"));
  std::int64_t second = EnqueueCommitted(RegistrationMail("Anna@Example.org"));
  std::int64_t other = EnqueueCommitted(RegistrationMail("bert@example.org"));
  EXPECT_EQ(db_->Write([&](db::Tx& tx) { return DeleteMailsTo(tx, "anna@example.org"); }), 2);
  EXPECT_FALSE(Get(*db_, first));
  EXPECT_FALSE(Get(*db_, second));
  EXPECT_TRUE(Get(*db_, other));
}

MW_INSTANTIATE_FOR_ENGINES(OutboxTest);

}  // namespace
}  // namespace mw::mail
