// The PostgreSQL backend of Database. Private to the db module; use Database::Open.
//
// A pool of connections (created on demand, replaced when broken). Read is REPEATABLE READ READ ONLY, Write a plain
// transaction on a pooled connection. Parameters go as text (blobs as binary bytea), results come back as text and
// are converted by column type.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "platform/db/database.hpp"

namespace mw::db {

// `url` is a postgresql:// or postgres:// URL as libpq understands it. Opens one connection right away and throws
// DatabaseError if that fails.
std::unique_ptr<Database> OpenPostgres(const std::string& url, const Options& options);

// A result field in text format as a Value, chosen by the column's type oid: integers and oid → int64, bool → 1/0,
// float4/float8/numeric → double, bytea (hex form "\x...") → Blob, anything else → string. Throws DatabaseError if
// the text does not fit the type.
Value PostgresTextToValue(std::string_view text, unsigned int type_oid);

}  // namespace mw::db
