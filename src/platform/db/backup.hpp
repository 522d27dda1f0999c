// Backup and restore of a whole installation's database — with it every document, since documents are stored in the
// database (issue #13, item 5). Safe while the portal serves:
//   SQLite      SQLite's online backup API copies every page in one read transaction, so the copy is the state of
//               one moment; writers go on meanwhile (WAL). The backup file is itself a SQLite database.
//   PostgreSQL  pg_dump (Debian's postgresql-client) in its custom format; it reads in one snapshot, so the dump is
//               the state of one moment too.
// Either way every write acknowledged before the backup started is in it. Restore goes into an empty database only
// (no table in it yet), so that it can never mix two installations; afterwards `Migrate` brings an older backup's
// schema up to date. A backup restores into the same engine it came from.
//
//   db::Backup("data/mitwirken.db", "/var/backups/mitwirken-2026-12-06.db");
//   db::Restore("postgresql://mitwirken@/mitwirken_neu", "/var/backups/mitwirken-2026-12-06.dump");
#pragma once

#include <filesystem>
#include <string>

namespace mw::db {

// Writes a backup of the database at `url` (a SQLite path or a postgresql:// URL, as Database::Open takes) to
// `file`, which must not exist yet. The file appears complete or not at all (written beside it, synced, renamed).
// Throws DatabaseError on any failure, naming what failed.
void Backup(const std::string& url, const std::filesystem::path& file);

// Restores `file` (made by Backup from the same engine) into the database at `url`, which must be empty: for SQLite
// the file must not exist or be empty, for PostgreSQL the database must have no tables. Checks the backup first
// (SQLite: integrity check; PostgreSQL: pg_restore --list). Throws DatabaseError naming what is wrong.
void Restore(const std::string& url, const std::filesystem::path& file);

}  // namespace mw::db
