// Ids that SQLite never hands out twice. A rowid table without AUTOINCREMENT gives a new row max(id) + 1, so when
// the newest row is deleted its id comes back — and whatever still names that id (audit entries, exports, links in
// old mails) then points at someone else. PostgreSQL's sequences never go back; SQLite needs AUTOINCREMENT.
//
// A table created without it cannot be altered to have it; a SQLite migration names such tables in a line
//   -- sqlite: never-reuse-ids TABLE TABLE …
// and Database::Migrate rebuilds each with AUTOINCREMENT (same columns, rows, ids, indexes and triggers) before the
// rest of the file runs. Private to the db module; pure text work, no I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mw::db {

// The tables named in the "-- sqlite: never-reuse-ids" lines of a migration script, in order (none if it has none).
// Throws DatabaseError on a name that is not a plain identifier ([a-z_][a-z0-9_]*).
std::vector<std::string> NeverReuseIdTables(std::string_view script);

// `create_sql` (a CREATE TABLE statement as sqlite_schema keeps it) with AUTOINCREMENT after its
// "id INTEGER PRIMARY KEY". Throws DatabaseError unless there is exactly one such column definition; returns the text
// unchanged if it has AUTOINCREMENT already.
std::string WithAutoincrement(std::string_view create_sql);

}  // namespace mw::db
