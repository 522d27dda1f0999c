// PostgreSQL specifics: result conversion, reconnecting, aborted transactions.
#include <gtest/gtest.h>

#include <cmath>
#include <latch>
#include <thread>

#include "platform/db/database.hpp"
#include "platform/db/postgres_database.hpp"
#include "support/test_db.hpp"

namespace mw::db {
namespace {

using ::mw::testing::Engine;

constexpr unsigned int kTextOid = 25;
constexpr unsigned int kDateOid = 1082;

TEST(PostgresTextToValueTest, ConvertsByColumnType) {
  EXPECT_EQ(std::get<std::int64_t>(PostgresTextToValue("42", 23)), 42);
  EXPECT_EQ(std::get<std::int64_t>(PostgresTextToValue("-7", 21)), -7);
  EXPECT_EQ(std::get<std::int64_t>(PostgresTextToValue("-9223372036854775808", 20)),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(std::get<std::int64_t>(PostgresTextToValue("4294967295", 26)), 4294967295);
  EXPECT_EQ(std::get<std::int64_t>(PostgresTextToValue("t", 16)), 1);
  EXPECT_EQ(std::get<std::int64_t>(PostgresTextToValue("f", 16)), 0);
  EXPECT_EQ(std::get<double>(PostgresTextToValue("1.25", 1700)), 1.25);
  EXPECT_EQ(std::get<double>(PostgresTextToValue("2.5", 700)), 2.5);
  EXPECT_EQ(std::get<double>(PostgresTextToValue("-1e+300", 701)), -1e300);
  EXPECT_TRUE(std::isnan(std::get<double>(PostgresTextToValue("NaN", 701))));
  EXPECT_EQ(std::get<double>(PostgresTextToValue("-Infinity", 701)), -INFINITY);
  EXPECT_EQ(std::get<Blob>(PostgresTextToValue("\\x00ff41", 17)).bytes, std::string("\0\xff" "A", 3));
  EXPECT_EQ(std::get<Blob>(PostgresTextToValue("\\x", 17)).bytes, "");
  EXPECT_EQ(std::get<std::string>(PostgresTextToValue("Grüße", kTextOid)), "Grüße");
  EXPECT_EQ(std::get<std::string>(PostgresTextToValue("2024-02-29", kDateOid)), "2024-02-29");
}

TEST(PostgresTextToValueTest, RefusesTextThatDoesNotFitTheType) {
  EXPECT_THROW(PostgresTextToValue("4x", 23), DatabaseError);
  EXPECT_THROW(PostgresTextToValue("", 20), DatabaseError);
  EXPECT_THROW(PostgresTextToValue("yes", 16), DatabaseError);
  EXPECT_THROW(PostgresTextToValue("\\x0", 17), DatabaseError);
  EXPECT_THROW(PostgresTextToValue("\\xzz", 17), DatabaseError);
  EXPECT_THROW(PostgresTextToValue("\\000", 17), DatabaseError);  // escape format is not used
}

TEST(PostgresOpenTest, UnreachableServerIsDatabaseError) {
  EXPECT_THROW(Database::Open("postgresql://postgres@127.0.0.1:1/postgres", Options{.timeout_ms = 1000}),
               DatabaseError);
}

class PostgresTest : public ::mw::testing::EngineTest {
 protected:
  bool WithMigrations() const override { return false; }
};

TEST_P(PostgresTest, ResultTypesAreConverted) {
  auto row = *db_->Read([](Tx& tx) {
    return tx.QueryOne(
        "SELECT TRUE, FALSE, 7::smallint, 1.25::numeric, 2.5::real, 'x'::varchar, NULL::integer, "
        "'\\x00ff'::bytea, 3::oid, DATE '2024-02-29'",
        {});
  });
  EXPECT_EQ(row.Int(0), 1);
  EXPECT_EQ(row.Int(1), 0);
  EXPECT_EQ(row.Int(2), 7);
  EXPECT_EQ(row.Real(3), 1.25);
  EXPECT_EQ(row.Real(4), 2.5);
  EXPECT_EQ(row.Text(5), "x");
  EXPECT_TRUE(row.IsNull(6));
  EXPECT_EQ(row.Bytes(7), std::string("\0\xff", 2));
  EXPECT_EQ(row.Int(8), 3);
  EXPECT_EQ(row.Text(9), "2024-02-29");
}

TEST_P(PostgresTest, EveryConstraintClassIsConstraintError) {
  db_->Write([](Tx& tx) {
    tx.Exec("CREATE TABLE parent (id INTEGER PRIMARY KEY)", {});
    tx.Exec(
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id), "
        "size INTEGER NOT NULL CHECK (size > 0))",
        {});
  });
  auto insert_child = [&](const Params& params) {
    db_->Write([&](Tx& tx) { tx.Exec("INSERT INTO child (id, parent_id, size) VALUES (?, ?, ?)", params); });
  };
  EXPECT_THROW(insert_child({1, 99, 1}), ConstraintError);       // foreign key
  EXPECT_THROW(insert_child({1, nullptr, nullptr}), ConstraintError);  // not null
  EXPECT_THROW(insert_child({1, nullptr, 0}), ConstraintError);  // check
}

TEST_P(PostgresTest, ACaughtStatementErrorStillFailsTheWrite) {
  db_->Write([](Tx& tx) { tx.Exec("CREATE TABLE item (slug TEXT PRIMARY KEY)", {}); });
  db_->Write([](Tx& tx) { tx.Exec("INSERT INTO item (slug) VALUES ('a')", {}); });
  // PostgreSQL aborts the whole transaction on an error; committing would silently roll back instead.
  EXPECT_THROW(db_->Write([](Tx& tx) {
    tx.Exec("INSERT INTO item (slug) VALUES ('b')", {});
    try {
      tx.Exec("INSERT INTO item (slug) VALUES ('a')", {});
    } catch (const ConstraintError&) {
    }
  }),
               DatabaseError);
  EXPECT_EQ(db_->Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM item", {})->Int(0); }), 1);
}

TEST_P(PostgresTest, ReconnectsAfterTheServerDroppedItsConnections) {
  const std::string application = "mw_reconnect_" + std::to_string(::getpid());
  auto db = Database::Open(url_ + "&application_name=" + application, Options{.pool_size = 3});
  // Fill the pool with three connections.
  std::vector<std::thread> threads;
  std::latch inside(3);
  for (int thread_idx = 0; thread_idx < 3; ++thread_idx) {
    threads.emplace_back([&] {
      db->Read([&](Tx&) { inside.arrive_and_wait(); });
    });
  }
  for (auto& thread : threads) thread.join();

  const auto terminated = db_->Read([&](Tx& tx) {
    return tx.Query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                    {application}).size();
  });
  EXPECT_EQ(terminated, 3u);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(db->Ping());
  db->Write([](Tx& tx) { tx.Exec("CREATE TABLE after_reconnect (x INTEGER)", {}); });
  EXPECT_EQ(db->Read([](Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM after_reconnect", {})->Int(0); }), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, PostgresTest, ::testing::Values(Engine::kPostgres),
                         ::mw::testing::EngineParamName);

}  // namespace
}  // namespace mw::db
