// Small text utilities used across the platform: UTF-8 validation, HTML escaping, trimming, ASCII case folding,
// cutting text at a code point.
//
//   std::string cell = mw::CutText(statement.text, 32'000, mw::kCutMark);  // "… Lärm […]", never half a "ä"
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mw {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);

// The code point that starts at byte `pos` of valid UTF-8 `s`; advances `pos` past it. Callers validate first.
char32_t NextCodePoint(std::string_view s, std::size_t& pos);

// True for the code points no text field of mitwirken accepts whatever its kind: the C0 controls (U+0000–U+001F,
// including tab and line breaks — multi-line fields allow those separately), DEL, the C1 controls (U+0080–U+009F)
// and the noncharacters U+FFFE and U+FFFF.
bool IsForbiddenInText(char32_t code_point);

// True for the explicit bidirectional formatting characters: the embeddings and overrides U+202A–U+202E (LRE, RLE,
// PDF, LRO, RLO) and the isolates U+2066–U+2069 (LRI, RLI, FSI, PDI). They make text show in another order than it
// is stored ("Trojan Source", a file name "rechnung<U+202E>fdp.exe" shown as "rechnungexe.pdf"). The marks LRM, RLM and ALM
// only give a direction to neutral characters and are not among them.
bool IsBidiControl(char32_t code_point);

// True for what shows as nothing or moves the text around it, so that no name or file name should contain it:
// IsForbiddenInText's controls, the line and paragraph separators, zero-width and joining characters, the bidi
// marks and controls, the soft hyphen, fillers and invisible operators, the byte order mark, interlinear annotations
// and tag characters.
bool IsInvisible(char32_t code_point);

// Escapes text for XML 1.0 character data and attribute values (Atom feeds and any other XML we write): & < > " '
// become entities, and what XML 1.0 does not allow at all — C0 controls other than tab, LF and CR, the noncharacters
// U+FFFE/U+FFFF and bytes that are not valid UTF-8 — becomes U+FFFD, as do the discouraged C1 controls, so the
// document stays well-formed whatever the database holds. Not the same as HtmlEscape: an HTML parser forgives what an
// XML parser rejects.
std::string XmlEscape(std::string_view s);

// Makes stored text safe to hand on where control characters break things (mail headers and bodies, exports):
// bytes that are not valid UTF-8 and every code point IsForbiddenInText becomes U+FFFD, except that tab and line
// breaks are kept if `keep_line_breaks`, else become a space. Text that passed CheckText comes back unchanged.
std::string ScrubText(std::string_view s, bool keep_line_breaks);

std::string_view Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
// German letters spelt as without umlaut keys: "Jürgen Groß, Ölmühle" → "Juergen Gross, Oelmuehle" (ä ae, ö oe, ü ue,
// Ä Ae, Ö Oe, Ü Ue, ß ss). Every other byte is kept, so the result is ASCII only where the input had no other letters.
std::string GermanToAscii(std::string_view s);
bool IEquals(std::string_view a, std::string_view b);

// Number of Unicode code points in valid UTF-8 (for length limits a person understands).
std::size_t Utf8Length(std::string_view s);

// What CutText appends to show that text was cut.
inline constexpr std::string_view kCutMark = " […]";

// `text` unchanged if it has at most `max_chars` code points and `max_bytes` bytes; otherwise its longest prefix that
// ends at a code point boundary and, with `mark` appended, keeps both limits — followed by `mark`. The one way to
// shorten text (spreadsheet cells, excerpts, subjects, stored error messages): a cut inside a UTF-8 sequence makes
// broken UTF-8, which corrupts an XLSX file, is refused by PostgreSQL and shows as "�". If `mark` alone does not fit,
// the result is the prefix without it. For invalid UTF-8 the cut still never lands on a continuation byte.
std::string CutText(std::string_view text, std::size_t max_chars, std::string_view mark = {},
                    std::size_t max_bytes = static_cast<std::size_t>(-1));

// Unix seconds in UTC as ISO 8601 / RFC 3339, "2026-05-28T09:46:40Z": feeds, API answers, open data, exports.
std::string IsoUtc(std::int64_t unix_seconds);

}  // namespace mw
