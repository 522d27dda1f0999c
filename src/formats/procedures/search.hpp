// German full-text search of statements: the words of a text as Snowball German stems (libstemmer), and the query
// forms of both engines. Pure, no I/O.
//
// SQLite indexes the stems computed here in an FTS5 table (default unicode61 tokenizer), and a query's words are
// stemmed the same way, so that the Snowball German stemmer runs on both sides — equivalent to an FTS5 tokenizer
// that stems, without registering one on every connection. PostgreSQL stems with its own `german` configuration
// (the same Snowball algorithm). On both, every query word must match (AND) and matches as a prefix of a stem, so
// that "Lärm" also finds the compound "Lärmbelästigung".
//
//   procedures::GermanStems("Die Bäume sind gefährdet");  // "die baum sind gefahrdet"
//   procedures::Fts5Query("Bäume Lärm");                  // "\"baum\"* AND \"larm\"*"
//   procedures::PgTsQuery("Bäume Lärm");                  // "Bäume:* & Lärm:*" (for to_tsquery('german', ?))
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mw::procedures {

// At most this many words of a query are used; the rest is ignored.
inline constexpr std::size_t kMaxQueryWords = 12;
inline constexpr std::size_t kMaxQueryChars = 200;

// The words of `text` (runs of letters and digits; any non-ASCII character other than punctuation, spaces and
// symbols counts as a letter), lower-cased (ASCII, Latin-1 letters and ẞ).
std::vector<std::string> Words(std::string_view text);

// The Snowball German stem of a lower-case word (umlauts become plain vowels, "ß" becomes "ss": "bäume" → "baum").
std::string GermanStem(std::string_view word);

// The stems of every word of `text`, separated by single spaces: what the SQLite index holds.
std::string GermanStems(std::string_view text);

// An FTS5 MATCH expression for `query`: every word's stem as a quoted prefix term, joined by AND; "" if the query has
// no words.
std::string Fts5Query(std::string_view query);

// A to_tsquery('german', …) expression for `query`: every word (letters and digits only) with :* joined by &; "" if
// the query has no words.
std::string PgTsQuery(std::string_view query);

}  // namespace mw::procedures
