// Database::Migrate on both engines, and the naming rules of migration files.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "platform/db/autoincrement.hpp"
#include "platform/db/database.hpp"
#include "platform/db/migration_files.hpp"
#include "support/test_db.hpp"

namespace mw::db {
namespace {

// A migrations folder of its own per test, with the same files for both dialects.
class MigrationsFolder {
 public:
  MigrationsFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mw-migrations-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = pattern;
    std::filesystem::create_directories(root_ / "sqlite");
    std::filesystem::create_directories(root_ / "postgres");
  }
  ~MigrationsFolder() { std::filesystem::remove_all(root_); }

  void Add(const std::string& name, const std::string& sql) {
    for (const char* dialect : {"sqlite", "postgres"}) std::ofstream(root_ / dialect / name) << sql;
  }
  void Add(Dialect dialect, const std::string& name, const std::string& sql) {
    std::ofstream(root_ / (dialect == Dialect::kSqlite ? "sqlite" : "postgres") / name) << sql;
  }
  void Remove(const std::string& name) {
    for (const char* dialect : {"sqlite", "postgres"}) std::filesystem::remove(root_ / dialect / name);
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

class MigrateTest : public ::mw::testing::EngineTest {
 protected:
  bool WithMigrations() const override { return false; }

  // Three migrations whose numeric order differs from their lexical order (9 < 10), each needing the one before.
  void AddFirstThree() {
    folder_.Add("1_tenant.sql",
                "-- Mandanten; a comment with a ; semicolon\n"
                "CREATE TABLE tenant (id INTEGER PRIMARY KEY, slug TEXT NOT NULL);\n"
                "INSERT INTO tenant (id, slug) VALUES (1, 'köln;');\n");
    folder_.Add("9_tenant_name.sql", "ALTER TABLE tenant ADD COLUMN name TEXT;\nUPDATE tenant SET name = 'Köln';\n");
    folder_.Add("10_tenant_index.sql", "CREATE UNIQUE INDEX tenant_name ON tenant (name);\n");
  }

  std::vector<std::pair<std::int64_t, std::string>> Applied() {
    return db_->Read([](Tx& tx) {
      std::vector<std::pair<std::int64_t, std::string>> applied;
      for (const Row& row : tx.Query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version", {})) {
        EXPECT_GT(row.Int(2), 1'600'000'000);
        applied.emplace_back(row.Int(0), row.Text(1));
      }
      return applied;
    });
  }

  bool TableExists(const std::string& table) {
    try {
      db_->Read([&](Tx& tx) { tx.Query("SELECT COUNT(*) FROM " + table, {}); });
      return true;
    } catch (const DatabaseError&) {
      return false;
    }
  }

  MigrationsFolder folder_;
};

TEST_P(MigrateTest, AppliesInNumericOrderOnce) {
  AddFirstThree();
  folder_.Add("README.md", "not a migration");
  EXPECT_EQ(db_->Migrate(folder_.root()), 3);
  const std::vector<std::pair<std::int64_t, std::string>> expected = {
      {1, "1_tenant.sql"}, {9, "9_tenant_name.sql"}, {10, "10_tenant_index.sql"}};
  EXPECT_EQ(Applied(), expected);
  EXPECT_EQ(db_->Read([](Tx& tx) { return tx.QueryOne("SELECT slug, name FROM tenant", {})->Text(1); }), "Köln");

  EXPECT_EQ(db_->Migrate(folder_.root()), 0);
  EXPECT_EQ(Applied(), expected);

  folder_.Add("11_tenant_more.sql", "INSERT INTO tenant (id, slug, name) VALUES (2, 'bonn', 'Bonn');");
  EXPECT_EQ(db_->Migrate(folder_.root()), 1);
  EXPECT_EQ(Applied().size(), 4u);
}

TEST_P(MigrateTest, BrokenMigrationThrowsNamingTheFileAndStaysUnapplied) {
  AddFirstThree();
  folder_.Add("12_broken.sql",
              "CREATE TABLE half (x INTEGER);\n"
              "INSERT INTO no_such_table VALUES (1);\n");
  try {
    db_->Migrate(folder_.root());
    FAIL() << "no exception";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("12_broken.sql"), std::string::npos) << e.what();
  }
  // The three before it are in; nothing of the broken one is.
  EXPECT_EQ(Applied().size(), 3u);
  EXPECT_FALSE(TableExists("half"));

  folder_.Remove("12_broken.sql");
  folder_.Add("12_fixed.sql", "CREATE TABLE half (x INTEGER);\n");
  EXPECT_EQ(db_->Migrate(folder_.root()), 1);
  EXPECT_TRUE(TableExists("half"));
}

TEST_P(MigrateTest, ConstraintViolationInAMigrationIsReportedLikeAnyFailure) {
  folder_.Add("1_t.sql", "CREATE TABLE t (x INTEGER UNIQUE); INSERT INTO t VALUES (1); INSERT INTO t VALUES (1);");
  EXPECT_THROW(db_->Migrate(folder_.root()), DatabaseError);
  EXPECT_FALSE(TableExists("t"));
}

TEST_P(MigrateTest, TwoProcessesMigratingAtOnceApplyEachFileOnce) {
  AddFirstThree();
  for (int number = 20; number < 30; ++number) {
    folder_.Add(std::to_string(number) + "_t.sql", "CREATE TABLE t" + std::to_string(number) + " (x INTEGER);");
  }
  auto other = Database::Open(url_, Options{.pool_size = 2});
  int applied_here = 0;
  int applied_there = 0;
  std::thread there([&] { applied_there = other->Migrate(folder_.root()); });
  applied_here = db_->Migrate(folder_.root());
  there.join();
  EXPECT_EQ(applied_here + applied_there, 13);
  EXPECT_EQ(Applied().size(), 13u);
}

TEST_P(MigrateTest, MissingFolderIsAnError) {
  EXPECT_THROW(db_->Migrate(folder_.root() / "nowhere"), DatabaseError);
}

TEST_P(MigrateTest, ProjectMigrationsApply) {
  const int applied = db_->Migrate(::mw::testing::MigrationsDir());
  EXPECT_GE(applied, 0);
  EXPECT_EQ(db_->Migrate(::mw::testing::MigrationsDir()), 0);
}

// Issue #11, item 15: a deleted newest row gave its id to the next one on SQLite, and whatever still named the id
// (audit entries, exports) then pointed at someone else. PostgreSQL's identity columns never go back; on SQLite a
// "-- sqlite: never-reuse-ids" line rebuilds the tables with AUTOINCREMENT, keeping rows, ids, references, indexes
// and triggers.
TEST_P(MigrateTest, TablesNamedNeverReuseIdsGiveNoIdTwice) {
  folder_.Add(Dialect::kSqlite, "1_schema.sql",
              "CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT);\n"
              "CREATE INDEX person_note ON person (note);\n"
              "CREATE TABLE entry (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES person(id) "
              "ON DELETE CASCADE, what TEXT NOT NULL);\n"
              "CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry BEGIN SELECT RAISE(ABORT, 'append only'); END;\n");
  folder_.Add(Dialect::kPostgres, "1_schema.sql",
              "CREATE TABLE person (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name TEXT NOT NULL "
              "UNIQUE, note TEXT);\n"
              "CREATE INDEX person_note ON person (note);\n"
              "CREATE TABLE entry (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, person_id BIGINT NOT NULL "
              "REFERENCES person(id) ON DELETE CASCADE, what TEXT NOT NULL);\n");
  ASSERT_EQ(db_->Migrate(folder_.root()), 1);
  const auto add_person = [&](const std::string& name) {
    return db_->Write([&](Tx& tx) {
      return tx.QueryOne("INSERT INTO person (name) VALUES (?) RETURNING id", {name})->Int(0);
    });
  };
  const std::int64_t erika = add_person("Erika");
  const std::int64_t otto = add_person("Otto");
  db_->Write([&](Tx& tx) {
    tx.Exec("INSERT INTO entry (person_id, what) VALUES (?, 'registered'), (?, 'registered'), (?, 'signed')",
            {erika, otto, otto});
  });

  folder_.Add("2_never_reuse_ids.sql", "-- ids of people are named in exports\n-- sqlite: never-reuse-ids person entry\n");
  ASSERT_EQ(db_->Migrate(folder_.root()), 1);

  // Rows, ids and the references to them are all there: the rebuild cascaded nothing.
  EXPECT_EQ(db_->Read([&](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM entry WHERE person_id = ?", {otto})->Int(0); }),
            2);
  EXPECT_EQ(db_->Read([&](Tx& tx) { return tx.QueryOne("SELECT name FROM person WHERE id = ?", {otto})->Text(0); }),
            "Otto");
  // The newest person goes; the next one gets a new id, and nothing of Otto's is attached to it.
  db_->Write([&](Tx& tx) { tx.Exec("DELETE FROM person WHERE id = ?", {otto}); });
  EXPECT_EQ(db_->Read([&](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM entry", {})->Int(0); }), 1)
      << "the reference still cascades after the rebuild";
  const std::int64_t anna = add_person("Anna");
  EXPECT_GT(anna, otto);
  // The unique constraint, the index and (on SQLite) the trigger came along.
  EXPECT_THROW(add_person("Erika"), ConstraintError);
  if (engine() == ::mw::testing::Engine::kSqlite) {
    const auto kept = db_->Read([](Tx& tx) {
      return tx.QueryOne("SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('person_note', 'entry_no_update')", {})
          ->Int(0);
    });
    EXPECT_EQ(kept, 2);
    EXPECT_ANY_THROW(db_->Write([](Tx& tx) { tx.Exec("UPDATE entry SET what = 'changed'", {}); }));
    EXPECT_FALSE(TableExists("mw_rebuild_person"));
  }
  // Foreign keys are on again for every later write.
  EXPECT_THROW(db_->Write([](Tx& tx) { tx.Exec("INSERT INTO entry (person_id, what) VALUES (999, 'x')", {}); }),
               ConstraintError);
}

TEST_P(MigrateTest, NeverReuseIdsOfAMissingTableFailsTheMigration) {
  folder_.Add(Dialect::kSqlite, "1_ids.sql", "-- sqlite: never-reuse-ids no_such_table\n");
  folder_.Add(Dialect::kPostgres, "1_ids.sql", "-- nothing to do on PostgreSQL\n");
  if (engine() == ::mw::testing::Engine::kSqlite) {
    EXPECT_THROW(db_->Migrate(folder_.root()), DatabaseError);
    EXPECT_TRUE(Applied().empty());
  } else {
    EXPECT_EQ(db_->Migrate(folder_.root()), 1);
  }
}

// Every table of the project whose rows are named by an `id` gets it only once: the guard for new tables.
TEST_P(MigrateTest, EveryIdTableOfTheProjectNeverReusesIds) {
  if (engine() != ::mw::testing::Engine::kSqlite) GTEST_SKIP() << "PostgreSQL's identity columns never go back";
  db_->Migrate(::mw::testing::MigrationsDir());
  const auto tables = db_->Read([](Tx& tx) {
    std::vector<std::pair<std::string, std::string>> found;
    for (const Row& row : tx.Query("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL", {})) {
      found.emplace_back(row.Text(0), row.Text(1));
    }
    return found;
  });
  int checked = 0;
  for (const auto& [name, sql] : tables) {
    if (name.find("_fts_") != std::string::npos) continue;  // FTS5's own tables
    if (sql.find("CHECK (id = 1)") != std::string::npos) continue;  // a table of one row
    std::string rebuilt;
    try {
      rebuilt = WithAutoincrement(sql);
    } catch (const DatabaseError&) {
      continue;  // no `id INTEGER PRIMARY KEY` (a key of text, or one that is a reference)
    }
    if (rebuilt != sql) {
      ADD_FAILURE() << name << " hands out ids again after a deletion: create it with AUTOINCREMENT (or name it in a "
                               "\"-- sqlite: never-reuse-ids\" migration line)";
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

MW_INSTANTIATE_FOR_ENGINES(MigrateTest);

TEST(NeverReuseIdsTest, DirectiveLinesNameTheTables) {
  EXPECT_TRUE(NeverReuseIdTables("CREATE TABLE t (id INTEGER PRIMARY KEY);").empty());
  const std::vector<std::string> expected = {"petition", "petition_signature", "audit_log"};
  EXPECT_EQ(NeverReuseIdTables("-- about it\n-- sqlite: never-reuse-ids petition  petition_signature\n"
                               "-- sqlite: never-reuse-ids audit_log\n"),
            expected);
  EXPECT_THROW(NeverReuseIdTables("-- sqlite: never-reuse-ids petition; DROP TABLE x\n"), DatabaseError);
  EXPECT_THROW(NeverReuseIdTables("-- sqlite: never-reuse-ids \"Petition\"\n"), DatabaseError);
}

TEST(NeverReuseIdsTest, AutoincrementGoesAfterTheIdColumnOnly) {
  EXPECT_EQ(WithAutoincrement("CREATE TABLE t (\n  id   INTEGER PRIMARY KEY,\n  name TEXT)"),
            "CREATE TABLE t (\n  id   INTEGER PRIMARY KEY AUTOINCREMENT,\n  name TEXT)");
  EXPECT_EQ(WithAutoincrement("CREATE TABLE t(id integer primary key, tenant_id INTEGER)"),
            "CREATE TABLE t(id integer primary key AUTOINCREMENT, tenant_id INTEGER)");
  const std::string done = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)";
  EXPECT_EQ(WithAutoincrement(done), done);
  // No id column of that kind (a key that is also a reference), or two: not rewritten by guessing.
  EXPECT_THROW(WithAutoincrement("CREATE TABLE t (tenant_id INTEGER PRIMARY KEY REFERENCES tenant(id))"),
               DatabaseError);
  EXPECT_THROW(WithAutoincrement("CREATE TABLE t (id TEXT PRIMARY KEY)"), DatabaseError);
}

TEST(MigrationFilesTest, VersionComesFromTheNumberBeforeTheUnderscore) {
  EXPECT_EQ(MigrationVersion("0001_tenants.sql"), 1);
  EXPECT_EQ(MigrationVersion("10_x.sql"), 10);
  EXPECT_EQ(MigrationVersion("0042_a_b_c.sql"), 42);
  EXPECT_EQ(MigrationVersion("tenants.sql"), -1);
  EXPECT_EQ(MigrationVersion("_tenants.sql"), -1);
  EXPECT_EQ(MigrationVersion("0001_.sql"), -1);
  EXPECT_EQ(MigrationVersion("00x1_a.sql"), -1);
  EXPECT_EQ(MigrationVersion("0001_a.txt"), -1);
}

TEST(MigrationFilesTest, BadNamesAndDuplicateNumbersAreErrors) {
  {
    MigrationsFolder folder;
    folder.Add("0001_a.sql", "");
    folder.Add("tenants.sql", "");
    EXPECT_THROW(ListMigrationFiles(folder.root(), Dialect::kSqlite), DatabaseError);
  }
  {
    MigrationsFolder folder;
    folder.Add("0001_a.sql", "");
    folder.Add("1_b.sql", "");
    EXPECT_THROW(ListMigrationFiles(folder.root(), Dialect::kPostgres), DatabaseError);
  }
  {
    MigrationsFolder folder;
    folder.Add("0002_b.sql", "");
    folder.Add("0001_a.sql", "");
    folder.Add(".gitkeep", "");
    const auto files = ListMigrationFiles(folder.root(), Dialect::kSqlite);
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].name, "0001_a.sql");
    EXPECT_EQ(files[1].version, 2);
  }
}

}  // namespace
}  // namespace mw::db
