// Finding the migration files of one dialect: `dir`/sqlite/NNNN_name.sql or `dir`/postgres/NNNN_name.sql.
// Private to the db module; Database::Migrate applies them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "platform/db/database.hpp"

namespace mw::db {

struct MigrationFile {
  std::int64_t version = 0;  // the NNNN prefix
  std::string name;          // the file name, e.g. "0001_tenants.sql"
  std::filesystem::path path;
};

// The migrations for `dialect` below `dir`, sorted by version. Other files than *.sql are ignored (README, .gitkeep).
// Throws DatabaseError if the folder is missing, a *.sql file is not named NNNN_name.sql, or two share a version.
std::vector<MigrationFile> ListMigrationFiles(const std::filesystem::path& dir, Dialect dialect);

// The content of a migration file. Throws DatabaseError if it cannot be read.
std::string ReadMigrationFile(const MigrationFile& file);

// The number in front of the first underscore of "NNNN_name.sql", or -1 if `file_name` is not named so.
std::int64_t MigrationVersion(const std::string& file_name);

}  // namespace mw::db
