// db::Backup and db::Restore on both engines (issue #13, item 5): a backup taken while writes go on holds every
// write acknowledged before it started, restores into an empty database only, and never overwrites a file.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "platform/db/backup.hpp"
#include "platform/db/database.hpp"
#include "support/test_db.hpp"

namespace mw::db {
namespace {

class BackupTest : public ::testing::TestWithParam<::mw::testing::Engine> {
 protected:
  void SetUp() override {
    MW_SKIP_UNLESS_AVAILABLE(GetParam());
    source_ = ::mw::testing::CreateWholeDatabase(GetParam()).url;
    target_ = ::mw::testing::CreateWholeDatabase(GetParam()).url;
    std::string pattern = (std::filesystem::temp_directory_path() / "mw-backup-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
  }
  void TearDown() override {
    if (!folder_.empty()) std::filesystem::remove_all(folder_);
  }

  static std::int64_t Count(Database& db, std::int64_t up_to) {
    return db.Read([&](Tx& tx) {
      return tx.QueryOne("SELECT COUNT(*) FROM backup_probe WHERE id <= ?", {up_to})->Int(0);
    });
  }

  std::string source_;
  std::string target_;
  std::filesystem::path folder_;
};

TEST_P(BackupTest, EverythingAcknowledgedBeforeTheBackupIsInItWhileWritesGoOn) {
  auto db = Database::Open(source_, {});
  db->Migrate(::mw::testing::MigrationsDir());
  db->Write([](Tx& tx) {
    tx.Exec("CREATE TABLE backup_probe (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)", {});
  });

  // A writer that keeps committing rows (as signatures come in while the backup runs); `acknowledged` is the
  // highest id whose Write has returned, i.e. whose commit is durable.
  std::atomic<std::int64_t> acknowledged{0};
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (std::int64_t id = 1; !stop.load(); ++id) {
      db->Write([&](Tx& tx) {
        tx.Exec("INSERT INTO backup_probe (id, payload) VALUES (?, ?)", {id, std::string(200, 'x')});
      });
      acknowledged.store(id);
    }
  });
  while (acknowledged.load() < 200) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::int64_t before = acknowledged.load();
  const std::filesystem::path file = folder_ / "sicherung";
  Backup(source_, file);
  while (acknowledged.load() < before + 100) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop.store(true);
  writer.join();
  const std::int64_t written = acknowledged.load();

  EXPECT_TRUE(std::filesystem::exists(file));
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));
  Restore(target_, file);
  auto restored = Database::Open(target_, {});
  EXPECT_EQ(restored->Migrate(::mw::testing::MigrationsDir()), 0) << "the schema came along, up to date";
  EXPECT_EQ(Count(*restored, before), before) << "every write acknowledged before the backup is in it";
  const std::int64_t in_backup = Count(*restored, written);
  EXPECT_GE(in_backup, before);
  EXPECT_LT(in_backup, written) << "the writes after the backup are not (the writer went on by 100 rows)";
  // One moment's state: the rows in the backup are exactly 1..n, without a gap.
  EXPECT_EQ(Count(*restored, in_backup), in_backup);
  // The restored database works for writes, with the next id after the highest one it holds.
  restored->Write([&](Tx& tx) {
    tx.Exec("INSERT INTO backup_probe (id, payload) VALUES (?, 'nach der Wiederherstellung')", {in_backup + 1});
  });
}

TEST_P(BackupTest, NeverOverwritesAndRestoresOnlyIntoAnEmptyDatabase) {
  auto db = Database::Open(source_, {});
  db->Migrate(::mw::testing::MigrationsDir());
  db->Write([](Tx& tx) { tx.Exec("CREATE TABLE backup_probe (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)", {}); });
  const std::filesystem::path file = folder_ / "sicherung";
  Backup(source_, file);
  EXPECT_THROW(Backup(source_, file), DatabaseError) << "an existing file is never overwritten";

  Restore(target_, file);
  EXPECT_THROW(Restore(target_, file), DatabaseError) << "a second restore into the now full database";
  EXPECT_THROW(Restore(target_, folder_ / "gibt-es-nicht"), DatabaseError);

  // Not a backup at all: refused before anything is written.
  const std::string other = ::mw::testing::CreateWholeDatabase(GetParam()).url;
  std::ofstream(folder_ / "kaputt") << "keine Sicherung";
  EXPECT_THROW(Restore(other, folder_ / "kaputt"), DatabaseError);
  auto untouched = Database::Open(other, {});
  EXPECT_EQ(untouched->Migrate(::mw::testing::MigrationsDir()) > 0, true) << "the database stayed empty";
}

INSTANTIATE_TEST_SUITE_P(Engines, BackupTest,
                         ::testing::Values(::mw::testing::Engine::kSqlite, ::mw::testing::Engine::kPostgres),
                         ::mw::testing::EngineParamName);

}  // namespace
}  // namespace mw::db
