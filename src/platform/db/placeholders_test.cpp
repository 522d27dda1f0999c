#include "platform/db/placeholders.hpp"

#include <gtest/gtest.h>

namespace mw::db {
namespace {

struct PlaceholderCase {
  const char* name;
  const char* sql;
  const char* expected;
  std::size_t placeholders;
};

const PlaceholderCase kCases[] = {
    {"none", "SELECT 1", "SELECT 1", 0},
    {"empty", "", "", 0},
    {"in order", "INSERT INTO t (a, b, c) VALUES (?, ?, ?)", "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)", 3},
    {"adjacent", "SELECT ?||?", "SELECT $1||$2", 2},
    {"ten and more", "SELECT ?,?,?,?,?,?,?,?,?,?,?", "SELECT $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11", 11},
    {"string", "SELECT '?' || ?", "SELECT '?' || $1", 1},
    {"string with doubled quote", "SELECT 'it''s ?' , ?", "SELECT 'it''s ?' , $1", 1},
    {"doubled quote at the end", "SELECT '?''', ?", "SELECT '?''', $1", 1},
    {"empty string", "SELECT '', ?", "SELECT '', $1", 1},
    {"standard string keeps backslash", "SELECT 'a\\', ?", "SELECT 'a\\', $1", 1},
    {"escape string", "SELECT E'\\'?', ?", "SELECT E'\\'?', $1", 1},
    {"lower-case escape string", "SELECT e'\\\\', ?", "SELECT e'\\\\', $1", 1},
    {"identifier ending in e is no escape string", "SELECT name'a\\', ?", "SELECT name'a\\', $1", 1},
    {"quoted identifier", "SELECT \"ident?\" FROM t WHERE x = ?", "SELECT \"ident?\" FROM t WHERE x = $1", 1},
    {"quoted identifier with doubled quote", "SELECT \"a\"\"?\" , ?", "SELECT \"a\"\"?\" , $1", 1},
    {"dollar quote", "SELECT $$ ? 'x $$, ?", "SELECT $$ ? 'x $$, $1", 1},
    {"tagged dollar quote", "DO $body$ BEGIN ? $$ ? END $body$; SELECT ?",
     "DO $body$ BEGIN ? $$ ? END $body$; SELECT $1", 1},
    {"positional parameter is no dollar quote", "SELECT $1, ?", "SELECT $1, $1", 1},
    {"dollar inside an identifier", "SELECT a$b$ FROM t WHERE x = ?", "SELECT a$b$ FROM t WHERE x = $1", 1},
    {"line comment", "SELECT ? -- what?\n, ?", "SELECT $1 -- what?\n, $2", 2},
    {"line comment at the end", "SELECT ? -- why?", "SELECT $1 -- why?", 1},
    {"block comment", "SELECT /* ? */ ?", "SELECT /* ? */ $1", 1},
    {"nested block comment", "SELECT /* a /* ? */ ? */ ?", "SELECT /* a /* ? */ ? */ $1", 1},
    {"minus is no comment", "SELECT 3-?", "SELECT 3-$1", 1},
    {"slash is no comment", "SELECT 6/?", "SELECT 6/$1", 1},
    {"unterminated string", "SELECT '?", "SELECT '?", 0},
    {"unterminated comment", "SELECT ? /* ?", "SELECT $1 /* ?", 1},
    {"utf-8 around", "SELECT 'Grüße?' AS \"Straße\", ?", "SELECT 'Grüße?' AS \"Straße\", $1", 1},
};

class RewritePlaceholdersTest : public ::testing::TestWithParam<PlaceholderCase> {};

TEST_P(RewritePlaceholdersTest, Rewrites) {
  const PlaceholderCase& c = GetParam();
  const RewrittenSql rewritten = RewritePlaceholders(c.sql);
  EXPECT_EQ(rewritten.sql, c.expected) << c.sql;
  EXPECT_EQ(rewritten.placeholders, c.placeholders) << c.sql;
}

INSTANTIATE_TEST_SUITE_P(Cases, RewritePlaceholdersTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<PlaceholderCase>& info) {
                           std::string name;
                           for (const char c : std::string_view(info.param.name)) {
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace mw::db
