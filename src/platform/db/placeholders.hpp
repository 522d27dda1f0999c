// Rewriting the `?` placeholders of portable SQL into PostgreSQL's $1, $2, ... A pure function, no I/O.
//
//   auto rewritten = mw::db::RewritePlaceholders("SELECT id FROM tenant WHERE slug = ? AND name <> '?'");
//   // rewritten.sql == "SELECT id FROM tenant WHERE slug = $1 AND name <> '?'", rewritten.placeholders == 1
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mw::db {

struct RewrittenSql {
  std::string sql;
  std::size_t placeholders = 0;  // number of `?` replaced
};

// Replaces every `?` that stands outside a string ('...' with '' escapes, E'...' with backslash escapes), a quoted
// identifier ("..."), a dollar-quoted string ($$...$$, $tag$...$tag$) and a comment (-- to end of line, /* */
// nested) by $1, $2, ... in order. Everything else is copied unchanged; unterminated quotes or comments run to the
// end (the server reports the syntax error).
RewrittenSql RewritePlaceholders(std::string_view sql);

}  // namespace mw::db
