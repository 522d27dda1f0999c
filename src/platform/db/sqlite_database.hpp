// The SQLite backend of Database. Private to the db module; use Database::Open.
//
// One writer connection (synchronous=FULL) owned by one writer thread that group-commits: it takes every queued
// Write, runs each in its own savepoint inside one BEGIN IMMEDIATE transaction and commits once. Readers use a pool
// of query_only connections; WAL mode lets them read while the writer writes.
#pragma once

#include <memory>
#include <string>

#include "platform/db/database.hpp"

namespace mw::db {

// `path` is a file path; its parent directory is created if missing. Throws DatabaseError if the file cannot be
// opened or put into WAL mode.
std::unique_ptr<Database> OpenSqlite(const std::string& path, const Options& options);

}  // namespace mw::db
