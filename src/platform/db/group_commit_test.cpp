// The SQLite writer's group commit: queued writes share one transaction, each in its own savepoint.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "platform/db/database.hpp"
#include "support/test_db.hpp"

namespace mw::db {
namespace {

using ::mw::testing::Engine;

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = ::mw::testing::OpenFreshDatabase(Engine::kSqlite, /*migrate=*/false);
    db_->Write([](Tx& tx) {
      tx.Exec("CREATE TABLE item (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE)", {});
      tx.Exec("CREATE TABLE parent (id INTEGER PRIMARY KEY)", {});
      tx.Exec(
          "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) DEFERRABLE "
          "INITIALLY DEFERRED)",
          {});
    });
  }

  // Runs `writes` on threads of their own while the writer is held inside a first callback until all of them are
  // queued, so that they form the next batch. Returns the number of transactions the batch took.
  std::int64_t RunAsOneBatch(const std::vector<std::function<void()>>& writes) {
    const Database::WriteStats before = db_->write_stats();
    std::vector<std::thread> threads;
    std::atomic<bool> holding = false;
    std::thread holder([&] {
      db_->Write([&](Tx&) {
        holding = true;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        // This callback and every write queued behind it.
        while (db_->write_stats().waiting < static_cast<std::int64_t>(writes.size()) + 1 &&
               std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      });
    });
    while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (const auto& write : writes) threads.emplace_back(write);
    holder.join();
    for (auto& thread : threads) thread.join();
    return db_->write_stats().transactions - before.transactions - 1;  // minus the holder's
  }

  std::int64_t Count(const std::string& table) {
    return db_->Read([&](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM " + table, {})->Int(0); });
  }

  std::unique_ptr<Database> db_;
};

TEST_F(GroupCommitTest, QueuedWritesCommitTogether) {
  std::vector<std::function<void()>> writes;
  for (int write_idx = 0; write_idx < 20; ++write_idx) {
    writes.emplace_back([this, write_idx] {
      db_->Write([&](Tx& tx) { tx.Exec("INSERT INTO item (slug) VALUES (?)", {"w" + std::to_string(write_idx)}); });
    });
  }
  EXPECT_EQ(RunAsOneBatch(writes), 1);
  EXPECT_EQ(Count("item"), 20);
}

TEST_F(GroupCommitTest, AFailingWriteInABatchLosesOnlyItsOwnWork) {
  std::atomic<int> errors = 0;
  std::vector<std::function<void()>> writes;
  for (int write_idx = 0; write_idx < 6; ++write_idx) {
    writes.emplace_back([&, write_idx] {
      try {
        db_->Write([&](Tx& tx) {
          tx.Exec("INSERT INTO item (slug) VALUES (?)", {"w" + std::to_string(write_idx)});
          if (write_idx == 3) throw std::runtime_error("refused");
        });
      } catch (const std::runtime_error&) {
        ++errors;
      }
    });
  }
  // A unique violation in the batch is rolled back to its savepoint as well.
  writes.emplace_back([&] {
    try {
      db_->Write([](Tx& tx) { tx.Exec("INSERT INTO item (slug) VALUES ('w0'), ('w0')", {}); });
    } catch (const ConstraintError&) {
      ++errors;
    }
  });
  EXPECT_EQ(RunAsOneBatch(writes), 1);
  EXPECT_EQ(errors, 2);
  EXPECT_EQ(Count("item"), 5);
  EXPECT_EQ(db_->Read([](Tx& tx) { return tx.Query("SELECT 1 FROM item WHERE slug = 'w3'", {}).size(); }), 0u);
}

TEST_F(GroupCommitTest, AFailedCommitReachesEveryCallerOfTheBatch) {
  std::atomic<int> constraint_errors = 0;
  std::vector<std::function<void()>> writes;
  writes.emplace_back([&] {
    try {
      db_->Write([](Tx& tx) { tx.Exec("INSERT INTO item (slug) VALUES ('innocent')", {}); });
    } catch (const ConstraintError&) {
      ++constraint_errors;
    }
  });
  writes.emplace_back([&] {
    try {
      // Deferred: only COMMIT notices the missing parent.
      db_->Write([](Tx& tx) { tx.Exec("INSERT INTO child (id, parent_id) VALUES (1, 99)", {}); });
    } catch (const ConstraintError&) {
      ++constraint_errors;
    }
  });
  EXPECT_EQ(RunAsOneBatch(writes), 0);
  EXPECT_EQ(constraint_errors, 2);
  EXPECT_EQ(Count("item"), 0);
  EXPECT_EQ(Count("child"), 0);
  // The writer recovers.
  db_->Write([](Tx& tx) { tx.Exec("INSERT INTO item (slug) VALUES ('later')", {}); });
  EXPECT_EQ(Count("item"), 1);
}

TEST_F(GroupCommitTest, UnderLightLoadABatchIsOneWrite) {
  const Database::WriteStats before = db_->write_stats();
  for (int write_idx = 0; write_idx < 5; ++write_idx) {
    db_->Write([&](Tx& tx) { tx.Exec("INSERT INTO item (slug) VALUES (?)", {"w" + std::to_string(write_idx)}); });
  }
  const Database::WriteStats after = db_->write_stats();
  EXPECT_EQ(after.transactions - before.transactions, 5);
  EXPECT_EQ(after.callbacks - before.callbacks, 5);
  EXPECT_EQ(after.waiting, 0);
}

TEST(SqliteOpenTest, CreatesTheParentDirectoryAndRefusesMemory) {
  std::string pattern = (std::filesystem::temp_directory_path() / "mw-open-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path file = std::filesystem::path(pattern) / "a" / "b" / "data.db";
  {
    auto db = Database::Open(file.string(), Options{});
    EXPECT_EQ(db->dialect(), Dialect::kSqlite);
    EXPECT_TRUE(db->Ping());
    EXPECT_EQ(db->Read([](Tx& tx) { return tx.QueryOne("PRAGMA journal_mode", {})->Text(0); }), "wal");
    EXPECT_EQ(db->Read([](Tx& tx) { return tx.QueryOne("PRAGMA foreign_keys", {})->Int(0); }), 1);
  }
  EXPECT_TRUE(std::filesystem::exists(file));
  std::filesystem::remove_all(pattern);
  EXPECT_THROW(Database::Open(":memory:", Options{}), DatabaseError);
  EXPECT_THROW(Database::Open("", Options{}), DatabaseError);
}

TEST(SqliteOpenTest, OneStatementPerCall) {
  auto db = ::mw::testing::OpenFreshDatabase(Engine::kSqlite, /*migrate=*/false);
  EXPECT_THROW(db->Write([](Tx& tx) { tx.Exec("CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER)", {}); }),
               DatabaseError);
  // A trailing semicolon or comment is fine.
  db->Write([](Tx& tx) { tx.Exec("CREATE TABLE a (x INTEGER); -- done", {}); });
}

}  // namespace
}  // namespace mw::db
