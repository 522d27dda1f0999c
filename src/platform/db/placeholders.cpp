#include "platform/db/placeholders.hpp"

#include <algorithm>
#include <string>

namespace mw::db {
namespace {

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$'; }

// If a dollar quote opens at `pos` ($$ or $tag$), its length (the delimiter), otherwise 0.
std::size_t DollarQuoteDelimiterLength(std::string_view sql, std::size_t pos) {
  if (pos > 0 && IsIdentifierChar(sql[pos - 1])) return 0;  // part of an identifier such as a$b
  std::size_t end = pos + 1;
  if (end < sql.size() && IsIdentifierStart(sql[end])) {
    ++end;
    while (end < sql.size() && IsIdentifierChar(sql[end]) && sql[end] != '$') ++end;
  }
  if (end < sql.size() && sql[end] == '$') return end - pos + 1;
  return 0;
}

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  RewrittenSql out;
  out.sql.reserve(sql.size() + 16);
  std::size_t pos = 0;
  // Copies sql[pos, end) and moves on.
  auto copy_to = [&](std::size_t end) {
    end = std::min(end, sql.size());
    out.sql.append(sql.substr(pos, end - pos));
    pos = end;
  };

  while (pos < sql.size()) {
    const char c = sql[pos];
    if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.placeholders);
      ++pos;
    } else if (c == '\'') {
      // E'...' strings treat backslash as an escape; in standard strings only '' escapes a quote.
      const bool backslash_escapes =
          pos > 0 && (sql[pos - 1] == 'E' || sql[pos - 1] == 'e') && (pos < 2 || !IsIdentifierChar(sql[pos - 2]));
      std::size_t end = pos + 1;
      while (end < sql.size()) {
        if (backslash_escapes && sql[end] == '\\') {
          end += 2;
        } else if (sql[end] == '\'') {
          if (end + 1 < sql.size() && sql[end + 1] == '\'') {
            end += 2;
          } else {
            ++end;
            break;
          }
        } else {
          ++end;
        }
      }
      copy_to(end);
    } else if (c == '"') {
      // "" inside an identifier is an escaped quote: scanning on from the second quote handles it.
      std::size_t end = sql.find('"', pos + 1);
      copy_to(end == std::string_view::npos ? sql.size() : end + 1);
    } else if (c == '-' && pos + 1 < sql.size() && sql[pos + 1] == '-') {
      std::size_t end = sql.find('\n', pos);
      copy_to(end == std::string_view::npos ? sql.size() : end + 1);
    } else if (c == '/' && pos + 1 < sql.size() && sql[pos + 1] == '*') {
      std::size_t depth = 1;
      std::size_t end = pos + 2;
      while (end < sql.size() && depth > 0) {
        if (sql.compare(end, 2, "/*") == 0) {
          ++depth;
          end += 2;
        } else if (sql.compare(end, 2, "*/") == 0) {
          --depth;
          end += 2;
        } else {
          ++end;
        }
      }
      copy_to(end);
    } else if (c == '$') {
      const std::size_t delimiter_length = DollarQuoteDelimiterLength(sql, pos);
      if (delimiter_length == 0) {
        copy_to(pos + 1);
      } else {
        const std::string_view delimiter = sql.substr(pos, delimiter_length);
        std::size_t close = sql.find(delimiter, pos + delimiter_length);
        copy_to(close == std::string_view::npos ? sql.size() : close + delimiter_length);
      }
    } else {
      copy_to(pos + 1);
    }
  }
  return out;
}

}  // namespace mw::db
