#include "platform/db/migration_files.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

namespace mw::db {

std::int64_t MigrationVersion(const std::string& file_name) {
  const std::string_view suffix = ".sql";
  if (!file_name.ends_with(suffix)) return -1;
  const std::size_t underscore = file_name.find('_');
  // At least one digit, an underscore and a name before ".sql".
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 >= file_name.size() - suffix.size()) {
    return -1;
  }
  std::int64_t version = 0;
  auto [ptr, ec] = std::from_chars(file_name.data(), file_name.data() + underscore, version);
  if (ec != std::errc() || ptr != file_name.data() + underscore) return -1;
  return version;
}

std::vector<MigrationFile> ListMigrationFiles(const std::filesystem::path& dir, Dialect dialect) {
  const std::filesystem::path folder = dir / (dialect == Dialect::kSqlite ? "sqlite" : "postgres");
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error)) {
    throw DatabaseError(fmt::format("migrations folder {} does not exist", folder.string()));
  }
  std::vector<MigrationFile> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !name.ends_with(".sql")) continue;
    const std::int64_t version = MigrationVersion(name);
    if (version < 0) {
      throw DatabaseError(fmt::format("migration {} is not named NNNN_name.sql", entry.path().string()));
    }
    files.push_back(MigrationFile{version, name, entry.path()});
  }
  std::sort(files.begin(), files.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.version < b.version; });
  for (std::size_t file_idx = 1; file_idx < files.size(); ++file_idx) {
    if (files[file_idx].version == files[file_idx - 1].version) {
      throw DatabaseError(fmt::format("migrations {} and {} have the same number", files[file_idx - 1].name,
                                      files[file_idx].name));
    }
  }
  return files;
}

std::string ReadMigrationFile(const MigrationFile& file) {
  std::ifstream in(file.path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) throw DatabaseError(fmt::format("cannot read migration {}", file.path.string()));
  return content.str();
}

}  // namespace mw::db
