// The one way to talk to the database: a thin interface over SQLite (embedded default) and PostgreSQL (large
// installations, many server processes). No ORM; repositories write their own SQL.
//
// SQL is written once for both engines with `?` placeholders; the PostgreSQL backend rewrites them to $1, $2, ...
// (outside quoted strings, quoted identifiers, dollar quotes and comments; so the jsonb operators ?, ?| and ?& cannot
// be used — call jsonb_exists() and friends instead). PostgreSQL infers a parameter's type from its context; where
// there is none (`? IS NULL`, `SELECT ?`), write CAST(? AS BIGINT) / CAST(? AS TEXT), which SQLite accepts too.
// Keep to SQL both engines understand: INSERT ... RETURNING, ON CONFLICT DO NOTHING/UPDATE, integers for timestamps
// (Unix seconds) and booleans (0/1), TEXT for strings, BLOB/BYTEA via db::Blob. One statement per Query/Exec.
// Where the dialects differ, branch on Database::dialect().
//
//   auto db = mw::db::Database::Open("data/mitwirken.db", {});
//   db->Migrate(migrations_dir);
//   std::int64_t id = db->Write([&](mw::db::Tx& tx) {
//     return tx.QueryOne("INSERT INTO tenant (slug, name) VALUES (?, ?) RETURNING id", {slug, name})->Int(0);
//   });
//   auto rows = db->Read([&](mw::db::Tx& tx) { return tx.Query("SELECT slug FROM tenant ORDER BY slug", {}); });
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace mw::db {

enum class Dialect { kSqlite, kPostgres };

// Binary data (stored as BLOB in SQLite, BYTEA in PostgreSQL).
struct Blob {
  std::string bytes;
};

// A parameter or column value.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

// Helpers so that call sites can write {slug, 42, std::nullopt}.
struct Param {
  Value value;
  Param(std::nullptr_t) : value(nullptr) {}
  Param(std::nullopt_t) : value(nullptr) {}
  Param(int v) : value(static_cast<std::int64_t>(v)) {}
  Param(long v) : value(static_cast<std::int64_t>(v)) {}
  Param(long long v) : value(static_cast<std::int64_t>(v)) {}
  Param(unsigned v) : value(static_cast<std::int64_t>(v)) {}
  Param(bool v) : value(static_cast<std::int64_t>(v ? 1 : 0)) {}
  Param(double v) : value(v) {}
  Param(const char* v) : value(std::string(v)) {}
  Param(std::string_view v) : value(std::string(v)) {}
  // By value: copies an lvalue, moves an rvalue. (A second overload taking const std::string& would make every
  // std::string argument ambiguous.)
  Param(std::string v) : value(std::move(v)) {}
  Param(Blob v) : value(std::move(v)) {}
  template <typename T>
  Param(const std::optional<T>& v) : value(nullptr) {
    if (v) value = Param(*v).value;
  }
};
using Params = std::vector<Param>;

// One result row. Column access by index; the accessor converts (PostgreSQL delivers text, SQLite typed values).
// Accessing a NULL with Int/Text throws std::logic_error; use IsNull or the Opt variants.
//   Int:   an integer, or text that is an integer in full ("42", not "42abc").
//   Real:  a double, an integer, or text that is a number in full.
//   Text:  text; integers and doubles are formatted (shortest form that reads back the same).
//   Bytes: a blob or text.
// Anything else (a NULL, a blob read as Int, a column past the end) throws std::logic_error naming the column.
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool IsNull(std::size_t column) const;
  std::int64_t Int(std::size_t column) const;
  double Real(std::size_t column) const;
  std::string Text(std::size_t column) const;
  std::string Bytes(std::size_t column) const;  // BLOB/BYTEA content
  std::optional<std::int64_t> OptInt(std::size_t column) const;
  std::optional<double> OptReal(std::size_t column) const;
  std::optional<std::string> OptText(std::size_t column) const;
  std::optional<std::string> OptBytes(std::size_t column) const;
  const Value& Raw(std::size_t column) const { return values_.at(column); }

 private:
  std::vector<Value> values_;
};

// A unique, primary key or foreign key constraint was violated. Repositories that expect a conflict should prefer
// ON CONFLICT ... and check the returned rows; this exception is for the unexpected ones.
class ConstraintError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Any other database failure (connection lost, syntax error, disk full). Unexpected by definition.
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Database;

// A connection inside a transaction (Write) or a read-only snapshot (Read). Valid only inside the callback.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Dialect dialect() const = 0;
  // Runs a statement and returns all rows.
  virtual std::vector<Row> Query(std::string_view sql, const Params& params) = 0;
  // Runs a statement and returns the number of rows changed.
  virtual std::int64_t Exec(std::string_view sql, const Params& params) = 0;
  // The first row, if any.
  std::optional<Row> QueryOne(std::string_view sql, const Params& params) {
    auto rows = Query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  // Inside a Write: runs `fn` with the Database on the thread that called Write, after the transaction committed
  // and before Write returns; never if the callback throws or the commit fails. For in-memory state that must follow
  // a commit and never run ahead of it (e.g. site::TouchPages). Throws std::logic_error inside a Read.
  void AfterCommit(std::function<void(Database&)> fn) {
    if (!after_commit_) throw std::logic_error("Tx::AfterCommit outside of Database::Write");
    after_commit_->push_back(std::move(fn));
  }
  // Inside a Write: runs `fn` in this transaction after the Write callback returned (not if it threw), in the order
  // given; what it throws fails the Write like the callback's own exception. For statements that should come last,
  // e.g. one that takes a lock everybody shares until the commit. Throws std::logic_error inside a Read.
  void BeforeCommit(std::function<void(Tx&)> fn) {
    if (!before_commit_) throw std::logic_error("Tx::BeforeCommit outside of Database::Write");
    before_commit_->push_back(std::move(fn));
  }

 private:
  friend class Database;
  std::vector<std::function<void(Database&)>>* after_commit_ = nullptr;
  std::vector<std::function<void(Tx&)>>* before_commit_ = nullptr;
};

struct Options {
  // SQLite: number of reader connections. PostgreSQL: size of the connection pool. Connections are opened on first
  // demand; as many as the server's default worker threads, so that no handler waits for a connection.
  int pool_size = 16;
  // SQLite busy timeout and PostgreSQL connect timeout.
  int timeout_ms = 5000;
};

class Database {
 public:
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // `url` is a file path for SQLite (parent directory created if missing, ":memory:" not supported because readers
  // need their own connections) or a postgresql:// / postgres:// URL. Throws DatabaseError if it cannot connect.
  static std::unique_ptr<Database> Open(const std::string& url, const Options& options);

  virtual Dialect dialect() const = 0;

  // Applies the numbered migrations NNNN_name.sql from `dir`/sqlite or `dir`/postgres that are not yet applied,
  // each in its own transaction, recorded in table schema_migrations. Safe to call from several processes at once
  // (PostgreSQL: advisory lock). Returns the number applied. A file may hold several statements but no transaction
  // control (BEGIN/COMMIT) and nothing that cannot run inside a transaction (CREATE INDEX CONCURRENTLY, VACUUM).
  // A failing file stays unapplied and throws DatabaseError naming it; the files before it remain applied.
  virtual int Migrate(const std::filesystem::path& dir) = 0;

  // Runs `fn` in a read-only transaction on a reader connection, on the calling thread. All queries in `fn` see one
  // snapshot of committed data (SQLite: a deferred transaction in WAL mode; PostgreSQL: REPEATABLE READ READ ONLY).
  // Writing inside `fn` throws DatabaseError.
  template <typename F>
  auto Read(F&& fn) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    if constexpr (std::is_void_v<R>) {
      RunRead([&](Tx& tx) { fn(tx); });
    } else {
      std::optional<R> result;
      RunRead([&](Tx& tx) { result.emplace(fn(tx)); });
      return std::move(*result);
    }
  }

  // Runs `fn` in a write transaction and returns only after the transaction is committed and durable (SQLite:
  // synchronous=FULL, PostgreSQL: synchronous_commit). If `fn` throws, its changes are rolled back and the exception
  // is rethrown here. Writes from many threads are group-committed: the SQLite backend funnels them to one writer
  // thread that runs every queued callback in one transaction (each in its own savepoint) and commits once.
  // `fn` may therefore run on another thread; it must not block on other database calls. Calling Write from inside
  // a Write callback throws std::logic_error (on SQLite it would wait for itself). Do not catch a failed statement
  // inside `fn` and carry on: PostgreSQL has aborted the transaction by then, and Write throws DatabaseError.
  // If the COMMIT of a group fails (e.g. a deferred foreign key), every Write of that group throws.
  template <typename F>
  auto Write(F&& fn) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    std::vector<std::function<void(Database&)>> after_commit;
    // The hooks of this callback only: with group commit the Tx is shared by the callbacks of a batch.
    auto run = [&](Tx& tx, auto&& body) {
      std::vector<std::function<void(Tx&)>> before_commit;
      after_commit.clear();
      auto* outer_after = tx.after_commit_;
      auto* outer_before = tx.before_commit_;
      tx.after_commit_ = &after_commit;
      tx.before_commit_ = &before_commit;
      try {
        body();
        for (std::size_t hook_idx = 0; hook_idx < before_commit.size(); ++hook_idx) before_commit[hook_idx](tx);
      } catch (...) {
        tx.after_commit_ = outer_after;
        tx.before_commit_ = outer_before;
        throw;
      }
      tx.after_commit_ = outer_after;
      tx.before_commit_ = outer_before;
    };
    if constexpr (std::is_void_v<R>) {
      RunWrite([&](Tx& tx) { run(tx, [&] { fn(tx); }); });
      for (auto& hook : after_commit) hook(*this);
    } else {
      std::optional<R> result;
      RunWrite([&](Tx& tx) { run(tx, [&] { result.emplace(fn(tx)); }); });
      for (auto& hook : after_commit) hook(*this);
      return std::move(*result);
    }
  }

  // True if the database answers a trivial query (for /readyz).
  bool Ping();

  // A number unique to this Database object in this process, never reused (unlike its address), so that
  // per-database state kept elsewhere (e.g. a read cache keyed by it) cannot be mistaken for that of a later
  // Database opened at the same address.
  std::uint64_t instance_id() const { return instance_id_; }

  // Counters of the write path, for tests and metrics. With group commit (SQLite) transactions < callbacks under
  // load; on PostgreSQL each Write is its own transaction.
  struct WriteStats {
    std::int64_t transactions = 0;  // write transactions committed
    std::int64_t callbacks = 0;     // Write callbacks run (committed or rolled back)
    std::int64_t waiting = 0;       // Write calls not yet answered (queued or running) at this moment
  };
  virtual WriteStats write_stats() const = 0;

 protected:
  Database();
  virtual void RunRead(const std::function<void(Tx&)>& fn) = 0;
  virtual void RunWrite(const std::function<void(Tx&)>& fn) = 0;

 private:
  std::uint64_t instance_id_;
};

// Unix seconds. Only the outermost layer reads the clock; everything below takes "now" as a parameter.
using UnixSeconds = std::int64_t;

}  // namespace mw::db
