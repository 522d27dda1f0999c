#include "platform/db/database.hpp"

#include <atomic>

#include <spdlog/spdlog.h>

#include "platform/db/postgres_database.hpp"
#include "platform/db/sqlite_database.hpp"

namespace mw::db {

Database::Database() {
  static std::atomic<std::uint64_t> next_instance_id{1};
  instance_id_ = next_instance_id.fetch_add(1);
}

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
