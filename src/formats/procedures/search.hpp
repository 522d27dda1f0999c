// German full-text search of statements: the words of a text as Snowball German stems (libstemmer), and the query
// forms of both engines. Pure, no I/O.
//
// SQLite indexes the stems computed here in an FTS5 table (default unicode61 tokenizer), and a query's words are
// stemmed the same way, so that the Snowball German stemmer runs on both sides — equivalent to an FTS5 tokenizer
// that stems, without registering one on every connection. Every indexed term carries its procedure ("3816x" +
// stem), and so does every query term: a search scans only the terms of its own procedure (a prefix query "larm"*
// does not merge the postings of the whole installation) and can never match another procedure's statement. PostgreSQL stems with its own `german` configuration
// (the same Snowball algorithm). On both, every query word must match (AND) and matches as a prefix of a stem, so
// that "Lärm" also finds the compound "Lärmbelästigung".
//
//   procedures::GermanStems("Die Bäume sind gefährdet");  // "die baum sind gefahrdet"
//   procedures::ProcedureStems(7, "Die Bäume");           // "7xdie 7xbaum"
//   procedures::Fts5Query(7, "Bäume Lärm");               // "\"7xbaum\"* AND \"7xlarm\"*"
//   procedures::PgTsQuery("Bäume Lärm");                  // "Bäume:* & Lärm:*" (for to_tsquery('german', ?))
#pragma once

#include <cstdint>
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

// What the SQLite index holds for a statement of procedure `procedure_id`: the stems of `text` (GermanStems), each
// prefixed by the procedure's id and "x". The id ends at the first "x" (it has only digits), so the terms of one
// procedure are never a prefix of another's. "" if the text has no words.
std::string ProcedureStems(std::int64_t procedure_id, std::string_view text);

// An FTS5 MATCH expression for `query` within procedure `procedure_id`: every word's stem with the procedure's prefix
// (ProcedureStems) as a quoted prefix term, joined by AND; "" if the query has no words.
std::string Fts5Query(std::int64_t procedure_id, std::string_view query);

// A to_tsquery('german', …) expression for `query`: every word (letters and digits only) with :* joined by &; "" if
// the query has no words.
std::string PgTsQuery(std::string_view query);

// A piece of a search snippet: plain text, or a word the search found (shown marked, <mark>).
struct SnippetSegment {
  std::string text;
  bool hit = false;
};

// About `max_chars` code points of `text` around the first word the search for `query` finds — a word whose stem
// begins with a query word's stem, as both engines match — with every such word a hit segment: what the inbox shows
// under a statement it found. Cut at words, with "…" at a cut end; line breaks become spaces. Empty if no word of
// `text` matches (a statement found by its reference). The segments hold text, never markup: the page escapes them.
//
//   SearchSnippet("Der Lärm der Anlage stört.", "Lärm");  // {"Der ", false}, {"Lärm", true}, {" der Anlage stört.",
//   false}
std::vector<SnippetSegment> SearchSnippet(std::string_view text, std::string_view query, std::size_t max_chars = 240);

}  // namespace mw::procedures
