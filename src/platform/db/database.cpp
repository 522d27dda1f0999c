#include "platform/db/database.hpp"

#include "platform/db/postgres_database.hpp"
#include "platform/db/sqlite_database.hpp"

namespace mw::db {

std::unique_ptr<Database> Database::Open(const std::string& url, const Options& options) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return OpenPostgres(url, options);
  return OpenSqlite(url, options);
}

}  // namespace mw::db
