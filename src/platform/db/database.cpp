#include "platform/db/database.hpp"

#include <spdlog/spdlog.h>

#include "platform/db/postgres_database.hpp"
#include "platform/db/sqlite_database.hpp"

namespace mw::db {

bool Database::Ping() {
  try {
    return Read([](Tx& tx) { return tx.QueryOne("SELECT 1", {})->Int(0) == 1; });
  } catch (const std::exception& error) {
    spdlog::warn("database: ping failed: {}", error.what());
    return false;
  }
}

std::unique_ptr<Database> Database::Open(const std::string& url, const Options& options) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return OpenPostgres(url, options);
  return OpenSqlite(url, options);
}

}  // namespace mw::db
