#include "platform/db/postgres_database.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstring>
#include <set>
#include <string>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "platform/db/connection_pool.hpp"
#include "platform/db/migration_files.hpp"
#include "platform/db/placeholders.hpp"

namespace mw::db {
namespace {

// Prepared statements kept per connection; repositories use a fixed set of SQL strings, the limit guards against SQL
// built at run time (IN lists of varying length) filling the server's memory.
constexpr std::size_t kPreparedLimit = 512;

// Type oids from PostgreSQL's catalog (pg_type.dat); stable across versions.
constexpr unsigned int kBoolOid = 16;
constexpr unsigned int kByteaOid = 17;
constexpr unsigned int kInt8Oid = 20;
constexpr unsigned int kInt2Oid = 21;
constexpr unsigned int kInt4Oid = 23;
constexpr unsigned int kOidOid = 26;
constexpr unsigned int kFloat4Oid = 700;
constexpr unsigned int kFloat8Oid = 701;
constexpr unsigned int kNumericOid = 1700;

// Migrations of one schema are serialised across processes by this advisory lock.
constexpr const char* kMigrationLockKey = "hashtext('mitwirken.migrate.' || coalesce(current_schema(), ''))";

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// libpq messages end in a newline and may span lines (ERROR, DETAIL, HINT); one line reads better in a log.
std::string OneLine(std::string_view message) {
  std::string line(message);
  std::replace(line.begin(), line.end(), '\n', ' ');
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One libpq connection. Used by one thread at a time.
class PgConnection {
 public:
  static std::unique_ptr<PgConnection> Connect(const std::string& url, int timeout_ms) {
    // Keywords before "dbname" are defaults that the URL may override.
    const std::string timeout_seconds = std::to_string(std::max(1, (timeout_ms + 999) / 1000));
    const char* keywords[] = {"connect_timeout", "client_encoding", "dbname", nullptr};
    const char* values[] = {timeout_seconds.c_str(), "UTF8", url.c_str(), nullptr};
    PGconn* handle = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    if (handle == nullptr) throw DatabaseError("PostgreSQL: out of memory while connecting");
    auto connection = std::unique_ptr<PgConnection>(new PgConnection(handle));
    if (!connection->ok()) {
      throw DatabaseError(fmt::format("cannot connect to PostgreSQL: {}", OneLine(PQerrorMessage(handle))));
    }
    PQsetNoticeProcessor(
        handle, [](void*, const char* message) { spdlog::debug("postgres: {}", OneLine(message)); }, nullptr);
    // Results are decoded from the hex form of bytea. A commit must be durable before Write returns, whatever
    // the server's default; only "off" breaks that ("local", "remote_*" are at least as strict as "on").
    connection->ExecSimple(
        "SET bytea_output = hex; "
        "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'");
    return connection;
  }

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection() { PQfinish(handle_); }

  bool ok() const { return PQstatus(handle_) == CONNECTION_OK; }
  PGTransactionStatusType transaction_status() const { return PQtransactionStatus(handle_); }

  // Runs one statement with `?` placeholders. `affected` (if given) receives the number of rows changed.
  std::vector<Row> Query(std::string_view sql, const Params& params, std::int64_t* affected) {
    const RewrittenSql rewritten = RewritePlaceholders(sql);
    if (rewritten.placeholders != params.size()) {
      throw DatabaseError(fmt::format("PostgreSQL: the statement has {} parameters but {} were given [SQL: {}]",
                                      rewritten.placeholders, params.size(), sql));
    }
    const std::size_t count = params.size();
    std::vector<std::string> texts(count);
    std::vector<const char*> values(count, nullptr);
    std::vector<int> lengths(count, 0);
    std::vector<int> formats(count, 0);
    std::vector<Oid> types(count, 0);  // 0: the server infers the type from the context, as SQLite would accept it
    for (std::size_t param_idx = 0; param_idx < count; ++param_idx) {
      const Value& value = params[param_idx].value;
      if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        texts[param_idx] = std::to_string(*integer);
        values[param_idx] = texts[param_idx].c_str();
      } else if (const auto* real = std::get_if<double>(&value)) {
        texts[param_idx] = fmt::format("{}", *real);  // shortest form that reads back to the same double
        values[param_idx] = texts[param_idx].c_str();
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        // Text parameters are C strings for libpq, and PostgreSQL text cannot hold NUL anyway.
        if (text->find('\0') != std::string::npos) {
          throw DatabaseError(fmt::format("PostgreSQL: text parameter {} contains a NUL byte (use db::Blob) [SQL: {}]",
                                          param_idx + 1, sql));
        }
        values[param_idx] = text->c_str();
      } else if (const auto* blob = std::get_if<Blob>(&value)) {
        values[param_idx] = blob->bytes.data();
        lengths[param_idx] = static_cast<int>(blob->bytes.size());
        formats[param_idx] = 1;
        types[param_idx] = kByteaOid;
      }
    }
    const std::string* statement = Prepared(rewritten.sql, types, sql);
    ResultPtr result(statement != nullptr
                         ? PQexecPrepared(handle_, statement->c_str(), static_cast<int>(count), values.data(),
                                          lengths.data(), formats.data(), /*resultFormat=*/0)
                         : PQexecParams(handle_, rewritten.sql.c_str(), static_cast<int>(count), types.data(),
                                        values.data(), lengths.data(), formats.data(), /*resultFormat=*/0),
                     PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) ThrowError(result.get(), sql);
    if (affected != nullptr) {
      const char* tuples = PQcmdTuples(result.get());
      *affected = 0;
      std::from_chars(tuples, tuples + std::strlen(tuples), *affected);
    }
    return ReadRows(result.get());
  }

  // Runs one or more statements without parameters (simple query protocol). `sql_in_errors`: whether an error
  // message quotes the SQL (not for a whole migration file).
  void ExecSimple(const std::string& sql, bool sql_in_errors = true) {
    ResultPtr result(PQexec(handle_, sql.c_str()), PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    // PGRES_EMPTY_QUERY: only comments, e.g. a migration that has work on SQLite alone (autoincrement.hpp).
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
      ThrowError(result.get(), sql_in_errors ? std::string_view(sql) : std::string_view());
    }
  }

  // Commits the open transaction; throws if it did not commit.
  void Commit() {
    if (transaction_status() == PQTRANS_INERROR) {
      // A statement failed and the callback caught the exception; PostgreSQL would answer COMMIT with ROLLBACK.
      throw DatabaseError("PostgreSQL: the transaction was aborted by an earlier error, nothing was committed");
    }
    ResultPtr result(PQexec(handle_, "COMMIT"), PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) ThrowError(result.get(), "COMMIT");
    if (std::strcmp(PQcmdStatus(result.get()), "COMMIT") != 0) {
      throw DatabaseError(
          fmt::format("PostgreSQL: COMMIT answered {}, nothing was committed", PQcmdStatus(result.get())));
    }
  }

  // Ends an open transaction without throwing; used on error paths.
  void RollbackQuietly() {
    if (ok() && transaction_status() != PQTRANS_IDLE) PQclear(PQexec(handle_, "ROLLBACK"));
  }

 private:
  explicit PgConnection(PGconn* handle) : handle_(handle) {}

  // The name of the server-side prepared statement for `sql` with parameter types `types`, preparing it on first use,
  // so that the server parses and plans each statement once per connection instead of on every call; nullptr when
  // kPreparedLimit statements are prepared already (SQL built at run time), which then run unprepared. A prepared
  // statement belongs to the session and outlives the transaction it was prepared in, rolled back or not.
  const std::string* Prepared(const std::string& sql, const std::vector<Oid>& types, std::string_view original_sql) {
    std::string key = sql;
    for (Oid type : types) {
      key += '\0';
      key += std::to_string(type);
    }
    if (auto found = prepared_.find(key); found != prepared_.end()) return &found->second;
    if (prepared_.size() >= kPreparedLimit) return nullptr;
    std::string name = "mw_" + std::to_string(prepared_.size() + 1);
    ResultPtr result(PQprepare(handle_, name.c_str(), sql.c_str(), static_cast<int>(types.size()), types.data()),
                     PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) ThrowError(result.get(), original_sql);
    return &prepared_.emplace(std::move(key), std::move(name)).first->second;
  }

  [[noreturn]] void ThrowError(const PGresult* result, std::string_view sql) const {
    const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message =
        OneLine(result != nullptr && *PQresultErrorMessage(result) != '\0' ? PQresultErrorMessage(result)
                                                                           : PQerrorMessage(handle_));
    if (!sql.empty())
      message = fmt::format("PostgreSQL: {} [SQL: {}]", message, sql);
    else
      message = "PostgreSQL: " + message;
    // SQLSTATE class 23: integrity constraint violation (unique, foreign key, not null, check, exclusion).
    if (sqlstate != nullptr && std::strncmp(sqlstate, "23", 2) == 0) throw ConstraintError(message);
    throw DatabaseError(message);
  }

  static std::vector<Row> ReadRows(const PGresult* result) {
    const int row_count = PQntuples(result);
    const int column_count = PQnfields(result);
    std::vector<unsigned int> types(static_cast<std::size_t>(column_count));
    for (int column_idx = 0; column_idx < column_count; ++column_idx) types[column_idx] = PQftype(result, column_idx);
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(row_count));
    for (int row_idx = 0; row_idx < row_count; ++row_idx) {
      std::vector<Value> values;
      values.reserve(static_cast<std::size_t>(column_count));
      for (int column_idx = 0; column_idx < column_count; ++column_idx) {
        if (PQgetisnull(result, row_idx, column_idx)) {
          values.emplace_back(nullptr);
        } else {
          const std::string_view text(PQgetvalue(result, row_idx, column_idx),
                                      static_cast<std::size_t>(PQgetlength(result, row_idx, column_idx)));
          values.push_back(PostgresTextToValue(text, types[column_idx]));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  std::unordered_map<std::string, std::string> prepared_;  // by SQL and parameter types: statement name
  PGconn* handle_;
};

class PostgresTx final : public Tx {
 public:
  explicit PostgresTx(PgConnection& connection) : connection_(connection) {}
  Dialect dialect() const override { return Dialect::kPostgres; }
  std::vector<Row> Query(std::string_view sql, const Params& params) override {
    return connection_.Query(sql, params, nullptr);
  }
  std::int64_t Exec(std::string_view sql, const Params& params) override {
    std::int64_t affected = 0;
    connection_.Query(sql, params, &affected);
    return affected;
  }

 private:
  PgConnection& connection_;
};

// The PostgreSQL database a thread is currently writing to, to refuse a nested Write as the SQLite backend does.
thread_local const Database* current_write_database = nullptr;

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(const std::string& url, const Options& options)
      : pool_(static_cast<std::size_t>(options.pool_size),
              [url, timeout_ms = options.timeout_ms] { return PgConnection::Connect(url, timeout_ms); }),
        max_attempts_(std::max(options.pool_size, 1) + 1) {
    pool_.Acquire();  // a wrong URL or a server that is down fails here, not at the first request
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  int Migrate(const std::filesystem::path& dir) override {
    const std::vector<MigrationFile> files = ListMigrationFiles(dir, Dialect::kPostgres);
    auto connection = AcquireHealthy();
    int applied = 0;
    try {
      connection->ExecSimple(fmt::format("SELECT pg_advisory_lock({})", kMigrationLockKey));
      connection->ExecSimple(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at BIGINT NOT NULL)");
      std::set<std::int64_t> applied_versions;
      for (const Row& row : connection->Query("SELECT version FROM schema_migrations", {}, nullptr)) {
        applied_versions.insert(row.Int(0));
      }
      for (const MigrationFile& file : files) {
        if (applied_versions.contains(file.version)) continue;
        const std::string script = ReadMigrationFile(file);
        connection->ExecSimple("BEGIN");
        try {
          connection->ExecSimple(script, /*sql_in_errors=*/false);
        } catch (const std::exception& e) {
          throw DatabaseError(fmt::format("migration {} failed: {}", file.path.string(), e.what()));
        }
        const auto now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        connection->Query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                          {file.version, file.name, static_cast<std::int64_t>(now)}, nullptr);
        connection->Commit();
        ++applied;
        spdlog::info("database: applied migration {}", file.name);
      }
      connection->ExecSimple(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLockKey));
    } catch (...) {
      // A session-level advisory lock outlives the transaction: release it, or drop the connection.
      connection->RollbackQuietly();
      try {
        connection->ExecSimple(fmt::format("SELECT pg_advisory_unlock({})", kMigrationLockKey));
      } catch (...) {
        connection.Discard();
      }
      throw;
    }
    return applied;
  }

  WriteStats write_stats() const override {
    return WriteStats{.transactions = transactions_.load(), .callbacks = callbacks_.load(), .waiting = waiting_.load()};
  }

 protected:
  void RunRead(const std::function<void(Tx&)>& fn) override {
    // REPEATABLE READ: every query of the callback sees the same snapshot, as on SQLite. Read-only transactions
    // never fail with serialisation errors at this level.
    RunInTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  // Each Write is its own transaction on a pooled connection. Group commit could be added here the way the SQLite
  // backend does it (a queue, savepoints, one COMMIT), trading pool connections for fewer WAL flushes.
  void RunWrite(const std::function<void(Tx&)>& fn) override {
    if (current_write_database == this) {
      throw std::logic_error("Database::Write called inside a Write callback; it would wait for itself");
    }
    struct WritingGuard {
      explicit WritingGuard(const Database* database) : previous(current_write_database) {
        current_write_database = database;
      }
      ~WritingGuard() { current_write_database = previous; }
      const Database* previous;
    } writing(this);
    ++waiting_;
    struct WaitingGuard {
      std::atomic<std::int64_t>& waiting;
      ~WaitingGuard() { --waiting; }
    } waiting_guard{waiting_};
    ++callbacks_;
    RunInTransaction("BEGIN", fn);
    ++transactions_;
  }

 private:
  using Lease = ConnectionPool<PgConnection>::Lease;

  // A connection that is still connected (an idle one may have been closed by a server restart).
  Lease AcquireHealthy() {
    for (int attempt = 1;; ++attempt) {
      Lease lease = pool_.Acquire();
      if (lease->ok() || attempt >= max_attempts_) return lease;
      lease.Discard();
    }
  }

  // A connection inside a transaction opened by `begin_sql`. If the server closed an idle connection (restart,
  // idle timeout), nothing has happened yet, so the next connection is tried.
  Lease Begin(const char* begin_sql) {
    for (int attempt = 1;; ++attempt) {
      Lease lease = AcquireHealthy();
      try {
        lease->ExecSimple(begin_sql);
        return lease;
      } catch (const DatabaseError&) {
        if (lease->ok() || attempt >= max_attempts_) throw;
        lease.Discard();
      }
    }
  }

  void RunInTransaction(const char* begin_sql, const std::function<void(Tx&)>& fn) {
    Lease connection = Begin(begin_sql);
    try {
      PostgresTx tx(*connection);
      fn(tx);
      connection->Commit();
    } catch (...) {
      connection->RollbackQuietly();
      if (!connection->ok() || connection->transaction_status() != PQTRANS_IDLE) connection.Discard();
      throw;
    }
  }

  ConnectionPool<PgConnection> pool_;
  const int max_attempts_;
  std::atomic<std::int64_t> transactions_{0};
  std::atomic<std::int64_t> callbacks_{0};
  std::atomic<std::int64_t> waiting_{0};
};

}  // namespace

Value PostgresTextToValue(std::string_view text, unsigned int type_oid) {
  auto fail = [&]() -> DatabaseError {
    return DatabaseError(fmt::format("PostgreSQL: cannot read \"{}\" as a value of type oid {}", text, type_oid));
  };
  switch (type_oid) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t integer = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
      if (ec != std::errc() || ptr != text.data() + text.size()) throw fail();
      return integer;
    }
    case kBoolOid:
      if (text == "t") return std::int64_t{1};
      if (text == "f") return std::int64_t{0};
      throw fail();
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double real = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), real);
      if (ec != std::errc() || ptr != text.data() + text.size()) throw fail();
      return real;
    }
    case kByteaOid: {
      if (!text.starts_with("\\x") || text.size() % 2 != 0) throw fail();
      Blob blob;
      blob.bytes.reserve((text.size() - 2) / 2);
      for (std::size_t pos = 2; pos < text.size(); pos += 2) {
        const int high = HexDigit(text[pos]);
        const int low = HexDigit(text[pos + 1]);
        if (high < 0 || low < 0) throw fail();
        blob.bytes.push_back(static_cast<char>(high * 16 + low));
      }
      return blob;
    }
    default:
      return std::string(text);
  }
}

std::unique_ptr<Database> OpenPostgres(const std::string& url, const Options& options) {
  return std::make_unique<PostgresDatabase>(url, options);
}

}  // namespace mw::db
