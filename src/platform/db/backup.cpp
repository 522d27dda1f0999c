#include "platform/db/backup.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "platform/db/database.hpp"

extern char** environ;

namespace mw::db {
namespace {

bool IsPostgresUrl(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

// Makes `file` durable under its final name: fsync the file, rename it, fsync the folder.
void SyncAndRename(const std::filesystem::path& temporary, const std::filesystem::path& file) {
  const int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw DatabaseError(fmt::format("backup: cannot sync {}", temporary.string()));
  }
  ::close(fd);
  std::error_code error;
  std::filesystem::rename(temporary, file, error);
  if (error) throw DatabaseError(fmt::format("backup: cannot rename {}: {}", temporary.string(), error.message()));
  const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void RefuseExisting(const std::filesystem::path& file) {
  if (std::filesystem::exists(file)) {
    throw DatabaseError(fmt::format("backup: {} exists already; a backup never overwrites a file", file.string()));
  }
}

// ---- SQLite -------------------------------------------------------------------------------------------------------

using SqliteHandle = std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)>;

SqliteHandle OpenSqliteFile(const std::filesystem::path& path, int flags) {
  sqlite3* handle = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  SqliteHandle owned(handle, sqlite3_close_v2);
  if (rc != SQLITE_OK) {
    throw DatabaseError(fmt::format("SQLite: cannot open {}: {}", path.string(),
                                    handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(handle, 10'000);
  return owned;
}

// Copies every page of `source` into `target` in one step, that is in one read transaction of the source: the copy
// is the state of one moment, while other connections (the serving processes) keep writing through the WAL.
void CopyPages(sqlite3* source, sqlite3* target, const std::string& what) {
  for (int attempt = 0;; ++attempt) {
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", source, "main");
    if (backup == nullptr) throw DatabaseError(fmt::format("{}: {}", what, sqlite3_errmsg(target)));
    const int rc = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (rc == SQLITE_DONE && finished == SQLITE_OK) return;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    throw DatabaseError(fmt::format("{}: {}", what, sqlite3_errstr(rc != SQLITE_DONE ? rc : finished)));
  }
}

std::string QueryText(sqlite3* handle, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(handle, sql, -1, &statement, nullptr) != SQLITE_OK) {
    throw DatabaseError(fmt::format("SQLite: {}", sqlite3_errmsg(handle)));
  }
  std::string text;
  if (sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0) != nullptr) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  return text;
}

void BackupSqlite(const std::string& path, const std::filesystem::path& file) {
  if (!std::filesystem::exists(path)) throw DatabaseError(fmt::format("backup: there is no database at {}", path));
  RefuseExisting(file);
  const std::filesystem::path temporary = file.string() + ".partial";
  std::filesystem::remove(temporary);
  {
    // Opened for writing (never written): a reader of a WAL database needs the shared-memory file.
    SqliteHandle source = OpenSqliteFile(path, SQLITE_OPEN_READWRITE);
    SqliteHandle target = OpenSqliteFile(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    CopyPages(source.get(), target.get(), "backup");
    // The copy leaves WAL mode, so that the backup is one self-contained file.
    QueryText(target.get(), "PRAGMA journal_mode = DELETE");
  }
  SyncAndRename(temporary, file);
}

void RestoreSqlite(const std::string& path, const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) throw DatabaseError(fmt::format("restore: there is no backup {}", file.string()));
  if (std::filesystem::exists(path) && std::filesystem::file_size(path) > 0) {
    throw DatabaseError(fmt::format("restore: {} is not empty; restore only into a new database", path));
  }
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    if (std::filesystem::exists(path + suffix)) {
      throw DatabaseError(fmt::format("restore: {}{} exists; restore only into a new database", path, suffix));
    }
  }
  SqliteHandle source = OpenSqliteFile(file, SQLITE_OPEN_READONLY);
  const std::string integrity = QueryText(source.get(), "PRAGMA integrity_check");
  if (integrity != "ok") throw DatabaseError(fmt::format("restore: {} is damaged: {}", file.string(), integrity));
  if (QueryText(source.get(), "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
          .empty()) {
    throw DatabaseError(fmt::format("restore: {} is no backup of mitwirken (no schema_migrations)", file.string()));
  }
  if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
    std::filesystem::create_directories(parent);
  }
  SqliteHandle target = OpenSqliteFile(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  CopyPages(source.get(), target.get(), "restore");
}

// ---- PostgreSQL ---------------------------------------------------------------------------------------------------

// The environment for pg_dump/pg_restore: this process's, plus the connection settings of `url` as libpq's PG*
// variables — so the password never appears on a command line that other users of the machine could read.
std::vector<std::string> PostgresEnvironment(const std::string& url) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(url.c_str(), &error),
                                                                      PQconninfoFree);
  if (!parsed) {
    std::string message = error != nullptr ? error : "not a connection URL";
    PQfreemem(error);
    throw DatabaseError("PostgreSQL: " + message);
  }
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> defaults(PQconndefaults(), PQconninfoFree);
  std::vector<std::string> environment;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    if (!std::string_view(*variable).starts_with("PG")) environment.emplace_back(*variable);
  }
  for (const PQconninfoOption* option = parsed.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    for (const PQconninfoOption* known = defaults.get(); known->keyword != nullptr; ++known) {
      if (std::string_view(known->keyword) == option->keyword && known->envvar != nullptr) {
        environment.push_back(fmt::format("{}={}", known->envvar, option->val));
      }
    }
  }
  return environment;
}

// Runs `program` with `arguments` and `environment`; returns its exit status (-1 if it could not start).
int Run(const std::vector<std::string>& arguments, const std::vector<std::string>& environment) {
  std::vector<char*> argv;
  for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& variable : environment) envp.push_back(const_cast<char*>(variable.c_str()));
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), envp.data()) != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void RunOrThrow(const std::vector<std::string>& arguments, const std::string& url, const std::string& what) {
  const int status = Run(arguments, PostgresEnvironment(url));
  if (status == -1) {
    throw DatabaseError(fmt::format("{}: {} could not be started (apt-get install postgresql-client)", what,
                                    arguments.front()));
  }
  if (status != 0) throw DatabaseError(fmt::format("{}: {} failed with exit status {}", what, arguments.front(), status));
}

void BackupPostgres(const std::string& url, const std::filesystem::path& file) {
  RefuseExisting(file);
  const std::filesystem::path temporary = file.string() + ".partial";
  std::filesystem::remove(temporary);
  // The custom format: compressed, and pg_restore can check it and restore it in one transaction.
  RunOrThrow({"pg_dump", "--format=custom", "--no-password", "--file=" + temporary.string()}, url, "backup");
  SyncAndRename(temporary, file);
}

void RestorePostgres(const std::string& url, const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) throw DatabaseError(fmt::format("restore: there is no backup {}", file.string()));
  {
    auto db = Database::Open(url, {.pool_size = 1});
    const std::int64_t tables = db->Read([](Tx& tx) {
      return tx
          .QueryOne("SELECT COUNT(*) FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
                    {})
          ->Int(0);
    });
    if (tables > 0) {
      throw DatabaseError(fmt::format("restore: the database has {} table(s); restore only into an empty database",
                                      tables));
    }
  }
  RunOrThrow({"pg_restore", "--list", "--file=/dev/null", file.string()}, url, "restore (checking the backup)");
  RunOrThrow({"pg_restore", "--no-password", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              "--dbname=" + std::string("postgresql://"), file.string()},
             url, "restore");
}

}  // namespace

void Backup(const std::string& url, const std::filesystem::path& file) {
  if (IsPostgresUrl(url)) {
    BackupPostgres(url, file);
  } else {
    BackupSqlite(url, file);
  }
}

void Restore(const std::string& url, const std::filesystem::path& file) {
  if (IsPostgresUrl(url)) {
    RestorePostgres(url, file);
  } else {
    RestoreSqlite(url, file);
  }
}

}  // namespace mw::db
