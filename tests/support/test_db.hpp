// Test databases for both engines: a fresh, empty SQLite file or PostgreSQL schema per test.
//
// PostgreSQL tests run when MITWIRKEN_TEST_PG_URL is set (scripts/test-postgres.sh prints one) and are skipped
// otherwise; with MITWIRKEN_REQUIRE_PG=1 a missing URL fails them instead (CI).
//
//   class TenantStoreTest : public mw::testing::EngineTest {};
//   TEST_P(TenantStoreTest, CreatesTenant) { auto id = db_->Write(...); ... }
//   MW_INSTANTIATE_FOR_ENGINES(TenantStoreTest);
//
// Inside namespace mw, `testing::` means mw::testing: write ::testing:: for GoogleTest.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "platform/db/database.hpp"

namespace mw::testing {

enum class Engine { kSqlite, kPostgres };

// "Sqlite" or "Postgres" (test name suffixes).
std::string EngineName(Engine engine);
// So that GoogleTest prints the engine's name in failure messages.
void PrintTo(Engine engine, std::ostream* os);

// The source checkout (MW_SOURCE_DIR) and its migrations folder.
std::filesystem::path SourceDir();
std::filesystem::path MigrationsDir();

// Whether tests can use `engine` now (SQLite always; PostgreSQL if MITWIRKEN_TEST_PG_URL is set).
bool EngineAvailable(Engine engine);
// Why it is not: a sentence for the skip or failure message.
std::string EngineUnavailableReason(Engine engine);
// True if MITWIRKEN_REQUIRE_PG=1: a missing PostgreSQL is a failure, not a skip.
bool PostgresRequired();

// An empty database plus the URL that opens the same one (for tests that start server processes on it).
struct FreshDatabase {
  std::unique_ptr<db::Database> db;
  std::string url;
};

// A new empty database of `engine`, with the project's migrations (MigrationsDir()) applied if `migrate`:
//   SQLite: a file in a new temporary directory.
//   PostgreSQL: a new uniquely named schema in the MITWIRKEN_TEST_PG_URL database; `url` selects it through
//   options=-csearch_path=<schema>. Schemas are not dropped (the test cluster is thrown away).
// If the engine is unavailable: marks the current test skipped (or failed, see PostgresRequired) and returns an
// empty FreshDatabase; the caller then returns (`if (!fresh.db) return;`). Use the MW_SKIP_UNLESS_AVAILABLE macro
// before it to stop in one line.
FreshDatabase CreateFreshDatabase(Engine engine, bool migrate = true);
std::unique_ptr<db::Database> OpenFreshDatabase(Engine engine, bool migrate = true);

// Like CreateFreshDatabase, but on PostgreSQL a whole new database (CREATE DATABASE) instead of a schema: for tests
// of what works on a whole database (backup and restore). Not opened: `db` stays empty; open `url` when needed.
FreshDatabase CreateWholeDatabase(Engine engine);

// A test parameterised by engine; SetUp opens a fresh database into db_ (or skips). A subclass that overrides SetUp
// calls EngineTest::SetUp() first and returns if IsSkipped() || HasFatalFailure().
class EngineTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override;
  // Whether SetUp applies the project's migrations; tests of the db layer itself say no.
  virtual bool WithMigrations() const { return true; }
  Engine engine() const { return GetParam(); }

  std::unique_ptr<db::Database> db_;
  std::string url_;  // opens the same database (second process, second Database object)
};

// The GoogleTest name generator for Engine parameters.
std::string EngineParamName(const ::testing::TestParamInfo<Engine>& info);

}  // namespace mw::testing

// Skips (or, for a required PostgreSQL, fails) the current test if `engine` is unavailable. In a TEST body or SetUp.
#define MW_SKIP_UNLESS_AVAILABLE(engine)                                                 \
  do {                                                                                   \
    if (!::mw::testing::EngineAvailable(engine)) {                                       \
      if (::mw::testing::PostgresRequired()) {                                           \
        FAIL() << ::mw::testing::EngineUnavailableReason(engine);                        \
      } else {                                                                           \
        GTEST_SKIP() << ::mw::testing::EngineUnavailableReason(engine);                  \
      }                                                                                  \
    }                                                                                    \
  } while (false)

// Instantiates the TEST_P suite `suite` (usually derived from EngineTest) for SQLite and PostgreSQL, named
// Engines/suite.Test/Sqlite and Engines/suite.Test/Postgres.
#define MW_INSTANTIATE_FOR_ENGINES(suite)                                                                   \
  INSTANTIATE_TEST_SUITE_P(Engines, suite,                                                                  \
                           ::testing::Values(::mw::testing::Engine::kSqlite, ::mw::testing::Engine::kPostgres), \
                           ::mw::testing::EngineParamName)
