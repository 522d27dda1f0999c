// Durable before acknowledged: a write whose Write call returned survives the process being killed right after.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "platform/db/database.hpp"
#include "support/test_db.hpp"

namespace mw::db {
namespace {

class DurabilityTest : public ::mw::testing::EngineTest {
 protected:
  bool WithMigrations() const override { return false; }
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_->Write([](Tx& tx) { tx.Exec("CREATE TABLE ack (n BIGINT PRIMARY KEY)", {}); });
  }
};

// Reads one acknowledged number; false at end of input or after `timeout_ms` without data.
bool ReadAck(int fd, std::int64_t& n, int timeout_ms) {
  pollfd poll_fd{.fd = fd, .events = POLLIN, .revents = 0};
  if (poll(&poll_fd, 1, timeout_ms) <= 0) return false;
  auto* bytes = reinterpret_cast<char*>(&n);
  std::size_t got = 0;
  while (got < sizeof n) {
    const ssize_t r = read(fd, bytes + got, sizeof n - got);
    if (r <= 0) return false;
    got += static_cast<std::size_t>(r);
  }
  return true;
}

TEST_P(DurabilityTest, AcknowledgedWritesSurviveSigkill) {
  constexpr std::size_t kAcksBeforeKill = 300;
  constexpr int kWriterThreads = 4;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  db_.reset();  // no connection or thread of this process crosses the fork

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child writes from several threads (so that SQLite batches) and reports each number once Write returned.
    close(fds[0]);
    try {
      auto db = Database::Open(url_, Options{});
      std::vector<std::thread> threads;
      for (int thread_idx = 0; thread_idx < kWriterThreads; ++thread_idx) {
        threads.emplace_back([&, thread_idx] {
          for (std::int64_t n = thread_idx;; n += kWriterThreads) {
            db->Write([&](Tx& tx) { tx.Exec("INSERT INTO ack (n) VALUES (?)", {n}); });
            if (write(fds[1], &n, sizeof n) != sizeof n) _exit(2);
          }
        });
      }
      for (auto& thread : threads) thread.join();
    } catch (...) {
    }
    _exit(1);
  }

  close(fds[1]);
  std::set<std::int64_t> acknowledged;
  std::int64_t n = 0;
  while (acknowledged.size() < kAcksBeforeKill && ReadAck(fds[0], n, 30'000)) acknowledged.insert(n);
  kill(child, SIGKILL);
  while (ReadAck(fds[0], n, 30'000)) acknowledged.insert(n);  // what was in the pipe when it died
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer process ended on its own";
  ASSERT_GE(acknowledged.size(), kAcksBeforeKill);

  db_ = Database::Open(url_, Options{});
  std::set<std::int64_t> stored;
  db_->Read([&](Tx& tx) {
    for (const Row& row : tx.Query("SELECT n FROM ack", {})) stored.insert(row.Int(0));
  });
  std::size_t missing = 0;
  for (std::int64_t acked : acknowledged) missing += stored.contains(acked) ? 0 : 1;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
}

MW_INSTANTIATE_FOR_ENGINES(DurabilityTest);

}  // namespace
}  // namespace mw::db
