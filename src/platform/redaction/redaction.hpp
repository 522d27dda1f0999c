// Redaction (Schwärzung) of texts people wrote, before an authority publishes them: automatic suggestions of what
// looks like personal data, applying blackouts, and checking that a reviewed text differs from the original only by
// blackouts. Pure, no I/O, knows no participation format. Used by every format that publishes what citizens wrote
// (statements in procedures; dialogues, reports, surveys later). Publishing statements with names has no legal basis
// (VGH Baden-Württemberg, 3 S 1813/19); special categories of data (Art. 9 GDPR) need particular care.
//
//   auto spans = redaction::Suggest(statement.text, {statement.author_name, statement.author_address});
//   std::string proposal = redaction::Apply(statement.text, spans);       // "Ich, […], wohne …"
//   auto reviewed = redaction::MatchRedaction(statement.text, edited);    // nullopt: words were added or changed
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mw::redaction {

// What replaces each blacked-out piece.
inline constexpr std::string_view kMark = "[…]";

enum class Kind {
  kKnown,        // the author's name (and its words), address, e-mail, representative (name, occupation, address)
  kEmail,        // any e-mail address
  kPhone,        // telephone and fax numbers
  kPostcode,     // a German postcode with the town after it
  kStreet,       // a street with house number
  kSignature,    // the name line under a closing formula
  kParcel,       // land parcel numbers (Flurstück, Flur, Gemarkung)
  kHealth,       // a word of health data (Art. 9 GDPR); the word, not its sentence, is suggested
  kThirdPerson,  // a name after "Herr", "Frau", "Familie", "Nachbar", …
  kManual,       // blacked out by a person (MatchRedaction)
};

// Stable lower-case name of a kind ("known", "email", …, "manual"), for storage and locale keys.
std::string_view KindName(Kind kind);
// The kind of a KindName; nullopt for anything else.
std::optional<Kind> KindFromName(std::string_view name);

// A piece of a text: bytes [begin, end), both on UTF-8 code point boundaries, begin < end.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
  Kind kind = Kind::kManual;
  bool operator==(const Span&) const = default;
};

// Suggested blackouts in `text` (UTF-8), sorted by begin (then end), identical spans once; spans of different kinds
// may overlap (Apply merges them). `known` holds the personal data the caller knows (name, address, e-mail,
// representative's name, occupation and address, organisation unless it agreed to be named): each is found as a whole word regardless of
// case, its comma-separated parts too, and for names each word of three letters or more. Linear in the text's size
// times the number of known strings and word lists; no regular expressions.
std::vector<Span> Suggest(std::string_view text, const std::vector<std::string>& known);

// Sorted, with overlapping and touching spans merged into one (the kind of the first).
std::vector<Span> Merge(std::vector<Span> spans);

// `text` with each merged span replaced by kMark. Spans beyond the text are clipped; a span boundary inside a UTF-8
// sequence is moved outwards to the code point's boundary.
std::string Apply(std::string_view text, const std::vector<Span>& spans);

// The spans of `spans` that fall into text[begin, end), clipped and shifted to start at 0: the blackouts of an
// excerpt taken from the original at `begin`.
std::vector<Span> Within(const std::vector<Span>& spans, std::size_t begin, std::size_t end);

// Whether `redacted` comes from `original` only by replacing non-empty pieces with kMark: nothing added, nothing
// reworded. If so, the replaced pieces as spans of `original` (kind kManual, sorted; marks next to each other count
// as one). Line breaks CRLF and CR count as LF on both sides, and whitespace at the very start and end is
// ignored (a textarea may drop a leading line break). Linear time (each literal piece is searched with
// Knuth-Morris-Pratt, leftmost first, which is exact for this pattern). A kMark that the original itself contains
// matches as a blackout of itself.
std::optional<std::vector<Span>> MatchRedaction(std::string_view original, std::string_view redacted);

}  // namespace mw::redaction
