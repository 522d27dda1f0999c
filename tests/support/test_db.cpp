#include "support/test_db.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>
#include <stdexcept>

#include <fmt/format.h>

namespace mw::testing {
namespace {

// The value of an environment variable, or empty.
std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::filesystem::path NewTempDirectory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "mw-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

std::string UniqueSchemaName() {
  static std::atomic<int> counter{0};
  static const unsigned int run = std::random_device{}();
  return fmt::format("mw_test_{}_{:08x}_{}", static_cast<long>(getpid()), run, ++counter);
}

// `url` with the connection option that makes `schema` the search path (and so the place new tables go).
std::string WithSearchPath(const std::string& url, const std::string& schema) {
  const char separator = url.find('?') == std::string::npos ? '?' : '&';
  return fmt::format("{}{}options=-csearch_path%3D{}", url, separator, schema);
}

// One connection to the test database for creating schemas, shared by all tests of the process.
void CreateSchema(const std::string& base_url, const std::string& schema) {
  static std::mutex mutex;
  static std::unique_ptr<db::Database> admin;
  std::lock_guard lock(mutex);
  if (!admin) admin = db::Database::Open(base_url, db::Options{.pool_size = 1});
  admin->Write([&](db::Tx& tx) { tx.Exec(fmt::format("CREATE SCHEMA {}", schema), {}); });
}

// GTEST_SKIP returns from the function it is in, so it lives in a void function of its own; the test is marked
// skipped all the same.
void MarkSkipped(const std::string& reason) { GTEST_SKIP() << reason; }

}  // namespace

std::string EngineName(Engine engine) { return engine == Engine::kSqlite ? "Sqlite" : "Postgres"; }

void PrintTo(Engine engine, std::ostream* os) { *os << EngineName(engine); }

std::string EngineParamName(const ::testing::TestParamInfo<Engine>& info) { return EngineName(info.param); }

std::filesystem::path SourceDir() { return MW_SOURCE_DIR; }

std::filesystem::path MigrationsDir() { return SourceDir() / "migrations"; }

bool EngineAvailable(Engine engine) { return engine == Engine::kSqlite || !Env("MITWIRKEN_TEST_PG_URL").empty(); }

std::string EngineUnavailableReason(Engine engine) {
  if (EngineAvailable(engine)) return "";
  return "PostgreSQL tests need MITWIRKEN_TEST_PG_URL (start a server with "
         "`scripts/test-postgres.sh start /tmp/mw-pg 55432` and export the URL it prints)";
}

bool PostgresRequired() { return Env("MITWIRKEN_REQUIRE_PG") == "1"; }

FreshDatabase CreateFreshDatabase(Engine engine, bool migrate) {
  if (!EngineAvailable(engine)) {
    if (PostgresRequired()) throw std::runtime_error(EngineUnavailableReason(engine) + " (MITWIRKEN_REQUIRE_PG=1)");
    MarkSkipped(EngineUnavailableReason(engine));
    return {};
  }
  FreshDatabase fresh;
  if (engine == Engine::kSqlite) {
    fresh.url = (NewTempDirectory() / "mitwirken.db").string();
  } else {
    const std::string base_url = Env("MITWIRKEN_TEST_PG_URL");
    const std::string schema = UniqueSchemaName();
    CreateSchema(base_url, schema);
    fresh.url = WithSearchPath(base_url, schema);
  }
  fresh.db = db::Database::Open(fresh.url, db::Options{});
  if (migrate) fresh.db->Migrate(MigrationsDir());
  return fresh;
}

FreshDatabase CreateWholeDatabase(Engine engine) {
  if (!EngineAvailable(engine)) {
    if (PostgresRequired()) throw std::runtime_error(EngineUnavailableReason(engine) + " (MITWIRKEN_REQUIRE_PG=1)");
    MarkSkipped(EngineUnavailableReason(engine));
    return {};
  }
  FreshDatabase fresh;
  if (engine == Engine::kSqlite) {
    fresh.url = (NewTempDirectory() / "mitwirken.db").string();
    return fresh;
  }
  const std::string base_url = Env("MITWIRKEN_TEST_PG_URL");
  const std::string name = UniqueSchemaName();
  {
    // CREATE DATABASE cannot run in a transaction, and Database runs everything in one: plain libpq.
    std::unique_ptr<PGconn, decltype(&PQfinish)> connection(PQconnectdb(base_url.c_str()), PQfinish);
    if (PQstatus(connection.get()) != CONNECTION_OK) {
      throw std::runtime_error(std::string("PostgreSQL: ") + PQerrorMessage(connection.get()));
    }
    std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexec(connection.get(), fmt::format("CREATE DATABASE {}", name).c_str()), PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      throw std::runtime_error(std::string("PostgreSQL: ") + PQerrorMessage(connection.get()));
    }
  }
  // The base URL with the new database's name as its path: postgresql://user@host:port/NAME?options.
  const std::size_t authority = base_url.find("://") + 3;
  const std::size_t path = base_url.find('/', authority);
  const std::size_t query = base_url.find('?', authority);
  fresh.url = base_url.substr(0, std::min(path, query)) + "/" + name +
              (query == std::string::npos ? "" : base_url.substr(query));
  return fresh;
}

std::unique_ptr<db::Database> OpenFreshDatabase(Engine engine, bool migrate) {
  return CreateFreshDatabase(engine, migrate).db;
}

void EngineTest::SetUp() {
  MW_SKIP_UNLESS_AVAILABLE(GetParam());
  FreshDatabase fresh = CreateFreshDatabase(GetParam(), WithMigrations());
  db_ = std::move(fresh.db);
  url_ = std::move(fresh.url);
}

}  // namespace mw::testing
