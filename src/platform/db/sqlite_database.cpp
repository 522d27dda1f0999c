#include "platform/db/sqlite_database.hpp"

#include <pthread.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <semaphore>
#include <set>
#include <span>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "platform/db/autoincrement.hpp"
#include "platform/db/connection_pool.hpp"
#include "platform/db/migration_files.hpp"

namespace mw::db {
namespace {

// Prepared statements kept per connection. Repositories use a fixed set of SQL strings; the limit only guards
// against SQL built at run time (IN lists of varying length) filling memory.
constexpr std::size_t kStatementCacheLimit = 512;

[[noreturn]] void ThrowSqliteError(sqlite3* handle, int code, std::string_view sql) {
  std::string message = sql.empty() ? fmt::format("SQLite: {}", sqlite3_errmsg(handle))
                                    : fmt::format("SQLite: {} [SQL: {}]", sqlite3_errmsg(handle), sql);
  if ((code & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(message);
  throw DatabaseError(message);
}

std::string Describe(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// One sqlite3 connection with its prepared statements. Used by one thread at a time.
class SqliteConnection {
 public:
  SqliteConnection(const std::string& path, int open_flags, int timeout_ms) {
    const int rc = sqlite3_open_v2(path.c_str(), &handle_, open_flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string message = handle_ != nullptr ? sqlite3_errmsg(handle_) : sqlite3_errstr(rc);
      sqlite3_close_v2(handle_);
      throw DatabaseError(fmt::format("cannot open SQLite database {}: {}", path, message));
    }
    sqlite3_extended_result_codes(handle_, 1);
    sqlite3_busy_timeout(handle_, timeout_ms);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;
  ~SqliteConnection() {
    ClearStatements();
    sqlite3_close_v2(handle_);
  }

  sqlite3* handle() const { return handle_; }
  bool in_transaction() const { return sqlite3_get_autocommit(handle_) == 0; }

  std::vector<Row> Query(std::string_view sql, const Params& params) {
    std::vector<Row> rows;
    Run(sql, params, [&](sqlite3_stmt* statement) { rows.push_back(ReadRow(statement)); });
    return rows;
  }

  std::int64_t Exec(std::string_view sql, const Params& params) {
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, so a CREATE TABLE would report it again;
    // the total tells whether this statement changed anything at all.
    const std::int64_t total_before = sqlite3_total_changes64(handle_);
    Run(sql, params, [](sqlite3_stmt*) {});
    if (sqlite3_total_changes64(handle_) == total_before) return 0;
    return sqlite3_changes64(handle_);
  }

  // Runs several statements separated by semicolons (a migration file); no parameters, no caching.
  void ExecScript(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(handle_, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error != nullptr ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      message = "SQLite: " + message;
      if ((sqlite3_extended_errcode(handle_) & 0xff) == SQLITE_CONSTRAINT) throw ConstraintError(message);
      throw DatabaseError(message);
    }
  }

  // Ends an open transaction without throwing; used on error paths.
  void RollbackQuietly() {
    if (in_transaction()) sqlite3_exec(handle_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  template <typename OnRow>
  void Run(std::string_view sql, const Params& params, OnRow on_row) {
    sqlite3_stmt* statement = Prepare(sql);
    // Leaves the cached statement ready for its next use, whatever happens below. Parameters are bound without
    // copying (SQLITE_STATIC), so the bindings must be cleared before `params` goes away.
    struct ResetGuard {
      sqlite3_stmt* statement;
      ~ResetGuard() {
        sqlite3_reset(statement);
        sqlite3_clear_bindings(statement);
      }
    } reset{statement};

    const auto expected = static_cast<std::size_t>(sqlite3_bind_parameter_count(statement));
    if (expected != params.size()) {
      throw DatabaseError(fmt::format("SQLite: the statement has {} parameters but {} were given [SQL: {}]", expected,
                                      params.size(), sql));
    }
    for (std::size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
      Bind(statement, static_cast<int>(param_idx + 1), params[param_idx].value, sql);
    }
    for (;;) {
      const int rc = sqlite3_step(statement);
      if (rc == SQLITE_ROW) {
        on_row(statement);
      } else if (rc == SQLITE_DONE) {
        return;
      } else {
        ThrowSqliteError(handle_, rc, sql);
      }
    }
  }

  void Bind(sqlite3_stmt* statement, int index, const Value& value, std::string_view sql) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(value)) {
      rc = sqlite3_bind_null(statement, index);
    } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(statement, index, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(statement, index, *real);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      // data() is never null, so an empty string binds as '' and not as NULL.
      rc = sqlite3_bind_text64(statement, index, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (const auto* blob = std::get_if<Blob>(&value)) {
      rc = sqlite3_bind_blob64(statement, index, blob->bytes.data(), blob->bytes.size(), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) ThrowSqliteError(handle_, rc, sql);
  }

  static Row ReadRow(sqlite3_stmt* statement) {
    const int columns = sqlite3_column_count(statement);
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int column_idx = 0; column_idx < columns; ++column_idx) {
      switch (sqlite3_column_type(statement, column_idx)) {
        case SQLITE_INTEGER:
          values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(statement, column_idx)));
          break;
        case SQLITE_FLOAT:
          values.emplace_back(sqlite3_column_double(statement, column_idx));
          break;
        case SQLITE_TEXT: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column_idx));
          const int size = sqlite3_column_bytes(statement, column_idx);
          values.emplace_back(std::string(text, static_cast<std::size_t>(size)));
          break;
        }
        case SQLITE_BLOB: {
          const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column_idx));
          const int size = sqlite3_column_bytes(statement, column_idx);
          values.emplace_back(Blob{size > 0 ? std::string(bytes, static_cast<std::size_t>(size)) : std::string()});
          break;
        }
        default:
          values.emplace_back(nullptr);
      }
    }
    return Row(std::move(values));
  }

  sqlite3_stmt* Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto found = statements_.find(key); found != statements_.end()) return found->second;

    sqlite3_stmt* statement = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(handle_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &statement, &tail);
    if (rc != SQLITE_OK) ThrowSqliteError(handle_, rc, sql);
    if (statement == nullptr) throw DatabaseError(fmt::format("SQLite: no statement in [SQL: {}]", sql));
    // One statement per call: a second one would silently not run.
    const char* end = sql.data() + sql.size();
    if (tail != nullptr && tail < end) {
      sqlite3_stmt* second = nullptr;
      rc = sqlite3_prepare_v2(handle_, tail, static_cast<int>(end - tail), &second, nullptr);
      sqlite3_finalize(second);
      if (rc != SQLITE_OK || second != nullptr) {
        sqlite3_finalize(statement);
        throw DatabaseError(fmt::format("SQLite: more than one statement in [SQL: {}]", sql));
      }
    }
    if (statements_.size() >= kStatementCacheLimit) ClearStatements();
    statements_.emplace(std::move(key), statement);
    return statement;
  }

  void ClearStatements() {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    statements_.clear();
  }

  sqlite3* handle_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(SqliteConnection& connection) : connection_(connection) {}
  Dialect dialect() const override { return Dialect::kSqlite; }
  std::vector<Row> Query(std::string_view sql, const Params& params) override {
    return connection_.Query(sql, params);
  }
  std::int64_t Exec(std::string_view sql, const Params& params) override { return connection_.Exec(sql, params); }
  SqliteConnection& connection() { return connection_; }

 private:
  SqliteConnection& connection_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(const std::string& path, const Options& options)
      : writer_connection_(OpenWriterConnection(path, options)),
        readers_(static_cast<std::size_t>(options.pool_size),
                 [path, timeout_ms = options.timeout_ms] { return OpenReaderConnection(path, timeout_ms); }) {
    writer_ = std::thread([this] { WriterLoop(); });
    pthread_setname_np(writer_.native_handle(), "mw-db-writer");
  }

  ~SqliteDatabase() override {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_ready_.notify_one();
    writer_.join();
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  int Migrate(const std::filesystem::path& dir) override {
    const std::vector<MigrationFile> files = ListMigrationFiles(dir, Dialect::kSqlite);
    RunAlone([](Tx& tx) {
      tx.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at BIGINT NOT NULL)",
          {});
    });
    std::set<std::int64_t> applied_versions;
    Read([&](Tx& tx) {
      for (const Row& row : tx.Query("SELECT version FROM schema_migrations", {})) applied_versions.insert(row.Int(0));
    });

    int applied = 0;
    for (const MigrationFile& file : files) {
      if (applied_versions.contains(file.version)) continue;
      const std::string script = ReadMigrationFile(file);
      // Tables to rebuild with AUTOINCREMENT (autoincrement.hpp): that needs the foreign keys off, as dropping the
      // old table would otherwise delete (or cascade to) the rows that refer to it.
      const std::vector<std::string> rebuild = NeverReuseIdTables(script);
      bool applied_now = false;
      const auto apply = [&](Tx& tx) {
        // Another process may have applied it since the read above; the write lock makes this check final.
        if (tx.QueryOne("SELECT 1 FROM schema_migrations WHERE version = ?", {file.version})) return;
        SqliteConnection& connection = static_cast<SqliteTx&>(tx).connection();
        try {
          for (const std::string& table : rebuild) RebuildWithAutoincrement(connection, table);
          connection.ExecScript(script);
          if (!rebuild.empty()) {
            const std::vector<Row> violations = connection.Query("PRAGMA foreign_key_check", {});
            if (!violations.empty()) {
              throw DatabaseError(fmt::format("{} row(s) of {} refer to rows that do not exist", violations.size(),
                                              violations.front().Text(0)));
            }
          }
        } catch (const std::exception& e) {
          throw DatabaseError(fmt::format("migration {} failed: {}", file.path.string(), e.what()));
        }
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                {file.version, file.name, static_cast<std::int64_t>(now)});
        applied_now = true;
      };
      Submit(apply, /*alone=*/true, /*foreign_keys_off=*/!rebuild.empty());
      if (applied_now) {
        ++applied;
        spdlog::info("database: applied migration {}", file.name);
      }
    }
    return applied;
  }

  WriteStats write_stats() const override {
    return WriteStats{
        .transactions = transactions_.load(), .callbacks = callbacks_.load(), .waiting = waiting_.load()};
  }

 protected:
  void RunRead(const std::function<void(Tx&)>& fn) override {
    auto reader = readers_.Acquire();
    try {
      reader->Exec("BEGIN", {});
      SqliteTx tx(*reader);
      fn(tx);
      reader->Exec("COMMIT", {});
    } catch (...) {
      reader->RollbackQuietly();
      if (reader->in_transaction()) reader.Discard();
      throw;
    }
  }

  void RunWrite(const std::function<void(Tx&)>& fn) override { Submit(fn, /*alone=*/false); }

 private:
  // A Write waiting for the writer thread. Lives on the caller's stack until `done` is released.
  struct WriteRequest {
    WriteRequest(const std::function<void(Tx&)>& fn, bool alone, bool foreign_keys_off)
        : fn(fn), alone(alone), foreign_keys_off(foreign_keys_off) {}
    const std::function<void(Tx&)>& fn;
    const bool alone;             // needs a transaction of its own (a migration)
    const bool foreign_keys_off;  // runs with PRAGMA foreign_keys = OFF (only with `alone`; it checks them itself)
    std::exception_ptr error;   // set by the writer before `done` is released
    std::binary_semaphore done{0};
  };

  static std::unique_ptr<SqliteConnection> OpenWriterConnection(const std::string& path, const Options& options) {
    auto connection = std::make_unique<SqliteConnection>(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                                         options.timeout_ms);
    const auto mode = connection->Query("PRAGMA journal_mode = WAL", {});
    if (mode.empty() || mode.front().Text(0) != "wal") {
      throw DatabaseError(fmt::format("SQLite database {} cannot be switched to WAL mode", path));
    }
    // FULL: a commit is on disk (WAL fsynced) before Write returns; legal records need that.
    connection->Exec("PRAGMA synchronous = FULL", {});
    connection->Exec("PRAGMA foreign_keys = ON", {});
    return connection;
  }

  static std::unique_ptr<SqliteConnection> OpenReaderConnection(const std::string& path, int timeout_ms) {
    auto connection = std::make_unique<SqliteConnection>(path, SQLITE_OPEN_READWRITE, timeout_ms);
    connection->Exec("PRAGMA query_only = ON", {});
    connection->Exec("PRAGMA foreign_keys = ON", {});
    return connection;
  }

  void RunAlone(const std::function<void(Tx&)>& fn) { Submit(fn, /*alone=*/true); }

  void Submit(const std::function<void(Tx&)>& fn, bool alone, bool foreign_keys_off = false) {
    if (std::this_thread::get_id() == writer_.get_id()) {
      throw std::logic_error("Database::Write called inside a Write callback; it would wait for itself");
    }
    WriteRequest request(fn, alone, alone && foreign_keys_off);
    {
      std::lock_guard lock(queue_mutex_);
      if (stopping_) throw DatabaseError("SQLite: the database is being closed");
      queue_.push_back(&request);
      ++waiting_;  // in the same step as queueing: whoever sees the count can rely on the queue holding them
    }
    queue_ready_.notify_one();
    request.done.acquire();
    --waiting_;
    if (request.error) std::rethrow_exception(request.error);
  }

  void WriterLoop() {
    std::vector<WriteRequest*> batch;
    for (;;) {
      batch.clear();
      {
        std::unique_lock lock(queue_mutex_);
        queue_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and every queued write has been answered
        // Everything queued, except that a request needing its own transaction ends the batch or is the batch.
        while (!queue_.empty()) {
          WriteRequest* next = queue_.front();
          if (next->alone && !batch.empty()) break;
          batch.push_back(next);
          queue_.pop_front();
          if (next->alone) break;
        }
      }
      if (batch.size() == 1 && batch.front()->foreign_keys_off) {
        RunWithoutForeignKeys(*batch.front());
      } else {
        RunBatch(batch);
      }
      // After release a request may be gone (its caller returns); nothing touches it afterwards.
      for (WriteRequest* request : batch) request->done.release();
    }
  }

  // Runs `batch` in as few transactions as possible (one, unless SQLite aborts a transaction midway) and sets the
  // error of every request whose work did not commit.
  void RunBatch(std::span<WriteRequest* const> batch) {
    SqliteConnection& connection = *writer_connection_;
    std::size_t next = 0;
    while (next < batch.size()) {
      try {
        connection.Exec("BEGIN IMMEDIATE", {});
      } catch (...) {
        const std::exception_ptr error = std::current_exception();
        for (; next < batch.size(); ++next) batch[next]->error = error;
        return;
      }
      std::vector<WriteRequest*> in_transaction;
      bool aborted = false;
      while (next < batch.size() && !aborted) {
        WriteRequest* request = batch[next++];
        RunInSavepoint(connection, *request);
        ++callbacks_;
        if (!connection.in_transaction()) {
          // SQLite rolled the whole transaction back (disk full, I/O error) or the callback ended it: the work of
          // the callbacks before this one is lost as well. The rest of the batch goes into a new transaction.
          if (!request->error) {
            request->error = std::make_exception_ptr(DatabaseError("a Write callback ended the transaction"));
          }
          const auto lost = std::make_exception_ptr(DatabaseError(fmt::format(
              "SQLite: write rolled back because the transaction was aborted: {}", Describe(request->error))));
          for (WriteRequest* earlier : in_transaction) {
            if (!earlier->error) earlier->error = lost;
          }
          aborted = true;
        } else {
          in_transaction.push_back(request);
        }
      }
      if (aborted) continue;
      try {
        connection.Exec("COMMIT", {});
        ++transactions_;
      } catch (...) {
        // E.g. a deferred foreign key: nothing of the batch is committed, so every caller learns it.
        const std::exception_ptr error = std::current_exception();
        for (WriteRequest* request : in_transaction) {
          if (!request->error) request->error = error;
        }
        connection.RollbackQuietly();
      }
    }
  }

  // Runs `request` alone with the foreign keys off (they can only be switched outside a transaction) and switches
  // them on again, whatever happened.
  void RunWithoutForeignKeys(WriteRequest& request) {
    SqliteConnection& connection = *writer_connection_;
    try {
      connection.Exec("PRAGMA foreign_keys = OFF", {});
    } catch (...) {
      request.error = std::current_exception();
      return;
    }
    WriteRequest* const batch[] = {&request};
    RunBatch(batch);
    try {
      connection.Exec("PRAGMA foreign_keys = ON", {});
    } catch (...) {
      if (!request.error) request.error = std::current_exception();
    }
  }

  // Rebuilds `table` with AUTOINCREMENT on its id column (autoincrement.hpp): the 12-step rebuild of SQLite's ALTER
  // TABLE documentation, inside the caller's transaction and with the foreign keys off. The old table is renamed
  // with legacy_alter_table on, so that the tables referring to it keep naming `table` — which is the new one.
  static void RebuildWithAutoincrement(SqliteConnection& connection, const std::string& table) {
    const std::vector<Row> found =
        connection.Query("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", {table});
    if (found.empty()) throw DatabaseError(fmt::format("never-reuse-ids: there is no table {}", table));
    const std::string create = found.front().Text(0);
    const std::string rebuilt = WithAutoincrement(create);
    if (rebuilt == create) return;
    // Its own indexes and triggers go with the old table; their statements are kept to make them anew.
    std::vector<std::string> dependents;
    for (const Row& row : connection.Query("SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND "
                                           "type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name",
                                           {table})) {
      dependents.push_back(row.Text(0));
    }
    const std::string old_name = "mw_rebuild_" + table;
    connection.Exec("PRAGMA legacy_alter_table = ON", {});
    try {
      connection.Exec(fmt::format("ALTER TABLE \"{}\" RENAME TO \"{}\"", table, old_name), {});
    } catch (...) {
      connection.Exec("PRAGMA legacy_alter_table = OFF", {});
      throw;
    }
    connection.Exec("PRAGMA legacy_alter_table = OFF", {});
    connection.Exec(rebuilt, {});
    // Same definition, so the same columns in the same order; the ids are copied, and sqlite_sequence starts at
    // the highest of them.
    connection.Exec(fmt::format("INSERT INTO \"{}\" SELECT * FROM \"{}\"", table, old_name), {});
    connection.Exec(fmt::format("DROP TABLE \"{}\"", old_name), {});
    for (const std::string& sql : dependents) connection.Exec(sql, {});
  }

  // Runs one callback inside a savepoint; if it throws, its changes are undone and its exception kept.
  static void RunInSavepoint(SqliteConnection& connection, WriteRequest& request) {
    try {
      connection.Exec("SAVEPOINT mw_write", {});
    } catch (...) {
      request.error = std::current_exception();
      return;
    }
    try {
      SqliteTx tx(connection);
      request.fn(tx);
      connection.Exec("RELEASE mw_write", {});
    } catch (...) {
      request.error = std::current_exception();
      if (connection.in_transaction()) {
        try {
          connection.Exec("ROLLBACK TO mw_write", {});
          connection.Exec("RELEASE mw_write", {});
        } catch (...) {
          connection.RollbackQuietly();  // RunBatch sees the ended transaction
        }
      }
    }
  }

  // Used only by the writer thread (and by the constructor before it starts).
  std::unique_ptr<SqliteConnection> writer_connection_;
  ConnectionPool<SqliteConnection> readers_;

  std::mutex queue_mutex_;
  std::condition_variable queue_ready_;
  std::deque<WriteRequest*> queue_;  // guarded by queue_mutex_
  bool stopping_ = false;            // guarded by queue_mutex_

  std::atomic<std::int64_t> transactions_{0};
  std::atomic<std::int64_t> callbacks_{0};
  std::atomic<std::int64_t> waiting_{0};

  std::thread writer_;  // started last, joined first
};

}  // namespace

std::unique_ptr<Database> OpenSqlite(const std::string& path, const Options& options) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
    throw DatabaseError(fmt::format("SQLite needs a file path, not \"{}\"", path));
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) throw DatabaseError(fmt::format("cannot create directory {}: {}", parent.string(), error.message()));
  }
  return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace mw::db
