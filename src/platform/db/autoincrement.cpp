#include "platform/db/autoincrement.hpp"

#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "platform/db/database.hpp"

namespace mw::db {

std::vector<std::string> NeverReuseIdTables(std::string_view script) {
  static constexpr std::string_view kDirective = "-- sqlite: never-reuse-ids";
  static const std::regex kIdentifier("[a-z_][a-z0-9_]*");
  std::vector<std::string> tables;
  std::istringstream lines{std::string(script)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(kDirective)) continue;
    std::istringstream names(line.substr(kDirective.size()));
    for (std::string name; names >> name;) {
      if (!std::regex_match(name, kIdentifier)) {
        throw DatabaseError(fmt::format("never-reuse-ids: \"{}\" is not a table name", name));
      }
      tables.push_back(name);
    }
  }
  return tables;
}

std::string WithAutoincrement(std::string_view create_sql) {
  // The column definition: "id" as a whole word (after "(", "," or white space), then INTEGER PRIMARY KEY.
  static const std::regex kIdColumn(R"((^|[(,\s])id\s+INTEGER\s+PRIMARY\s+KEY\b(\s+AUTOINCREMENT\b)?)",
                                    std::regex::icase);
  const std::string sql(create_sql);
  auto begin = std::sregex_iterator(sql.begin(), sql.end(), kIdColumn);
  const auto end = std::sregex_iterator();
  if (std::distance(begin, end) != 1) {
    throw DatabaseError(fmt::format("never-reuse-ids: no single \"id INTEGER PRIMARY KEY\" in: {}", sql));
  }
  const std::smatch& match = *begin;
  if (match[2].matched) return sql;
  const auto after = static_cast<std::size_t>(match.position(0) + match.length(0));
  return sql.substr(0, after) + " AUTOINCREMENT" + sql.substr(after);
}

}  // namespace mw::db
