#include "platform/core/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <ctime>
#include <utility>

namespace mw {

namespace {

bool IsAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char LowerAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IsContinuation(std::uint8_t byte) {
  return (byte & 0xC0) == 0x80;
}

// The length of the well-formed UTF-8 sequence that starts at `pos` (which must be < size), or 0 if none does.
// Follows the table of well-formed byte sequences in the Unicode Standard (chapter 3, table 3-7): the range allowed for
// the second byte depends on the first, which is what excludes overlong forms, surrogates and code points above
// U+10FFFF without decoding them.
std::size_t SequenceLength(const std::uint8_t* bytes, std::size_t size, std::size_t pos) {
  const std::uint8_t lead = bytes[pos];
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  std::uint8_t second_min = 0x80;
  std::uint8_t second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead == 0xE0) {
    length = 3;
    second_min = 0xA0;  // below: overlong
  } else if (lead >= 0xE1 && lead <= 0xEC) {
    length = 3;
  } else if (lead == 0xED) {
    length = 3;
    second_max = 0x9F;  // above: surrogates U+D800..U+DFFF (and so CESU-8)
  } else if (lead >= 0xEE && lead <= 0xEF) {
    length = 3;
  } else if (lead == 0xF0) {
    length = 4;
    second_min = 0x90;  // below: overlong
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    length = 4;
  } else if (lead == 0xF4) {
    length = 4;
    second_max = 0x8F;  // above: beyond U+10FFFF
  } else {
    return 0;  // stray continuation byte, C0/C1 (always overlong) or F5..FF
  }
  if (size - pos < length) return 0;  // truncated
  const std::uint8_t second = bytes[pos + 1];
  if (second < second_min || second > second_max) return 0;
  for (std::size_t offset = 2; offset < length; ++offset) {
    if (!IsContinuation(bytes[pos + offset])) return 0;
  }
  return length;
}

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Calls `on_code_point(code_point, bytes)` for each well-formed code point of `s` and `on_invalid()` for each byte
// that does not start one.
template <typename OnCodePoint, typename OnInvalid>
void ForEachCodePoint(std::string_view s, OnCodePoint on_code_point, OnInvalid on_invalid) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (SequenceLength(bytes, s.size(), pos) == 0) {
      on_invalid();
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    const char32_t code_point = NextCodePoint(s, pos);
    on_code_point(code_point, s.substr(start, pos - start));
  }
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t length = SequenceLength(bytes, s.size(), pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

char32_t NextCodePoint(std::string_view s, std::size_t& pos) {
  const auto lead = static_cast<std::uint8_t>(s[pos]);
  std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  length = std::min(length, s.size() - pos);
  char32_t code_point = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (std::size_t offset = 1; offset < length; ++offset) {
    code_point = (code_point << 6) | (static_cast<std::uint8_t>(s[pos + offset]) & 0x3F);
  }
  pos += length;
  return code_point;
}

bool IsForbiddenInText(char32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F) || code_point == 0xFFFE ||
         code_point == 0xFFFF;
}

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsInvisible(char32_t c) {
  return IsForbiddenInText(c) ||
         c == 0x00AD ||                   // soft hyphen
         c == 0x034F ||                   // combining grapheme joiner
         c == 0x061C ||                   // Arabic letter mark
         c == 0x115F || c == 0x1160 ||    // Hangul fillers
         c == 0x17B4 || c == 0x17B5 ||    // Khmer inherent vowels
         c == 0x180E ||                   // Mongolian vowel separator
         (c >= 0x200B && c <= 0x200F) ||  // zero-width space, joiners, LRM, RLM
         (c >= 0x2028 && c <= 0x202E) ||  // line/paragraph separators, bidi embeddings and overrides
         (c >= 0x2060 && c <= 0x206F) ||  // word joiner, invisible operators, bidi isolates, deprecated formats
         c == 0x3164 || c == 0xFFA0 ||    // Hangul fillers
         c == 0xFEFF ||                   // byte order mark / zero-width no-break space
         (c >= 0xFFF0 && c <= 0xFFFB) ||  // interlinear annotations
         (c >= 0xE0000 && c <= 0xE0FFF);  // tags and variation selectors supplement
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  ForEachCodePoint(
      s,
      [&](char32_t code_point, std::string_view bytes) {
        switch (code_point) {
          case U'&':
            out += "&amp;";
            return;
          case U'<':
            out += "&lt;";
            return;
          case U'>':
            out += "&gt;";
            return;
          case U'"':
            out += "&quot;";
            return;
          case U'\'':
            out += "&apos;";
            return;
          case U'\t':
          case U'\n':
          case U'\r':
            out += bytes;
            return;
          default:
            if (IsForbiddenInText(code_point)) {
              out += kReplacementCharacter;
            } else {
              out += bytes;
            }
        }
      },
      [&] { out += kReplacementCharacter; });
  return out;
}

std::string ScrubText(std::string_view s, bool keep_line_breaks) {
  std::string out;
  out.reserve(s.size());
  ForEachCodePoint(
      s,
      [&](char32_t code_point, std::string_view bytes) {
        if (code_point == U'\t' || code_point == U'\n' || code_point == U'\r') {
          if (keep_line_breaks) {
            out += bytes;
          } else {
            out += ' ';
          }
        } else if (IsForbiddenInText(code_point)) {
          out += kReplacementCharacter;
        } else {
          out += bytes;
        }
      },
      [&] { out += kReplacementCharacter; });
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  std::size_t begin = 0;
  std::size_t end = s.size();
  while (begin < end && IsAsciiWhitespace(s[begin])) ++begin;
  while (end > begin && IsAsciiWhitespace(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

std::string GermanToAscii(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kSpellings{{
      {"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "Ae"}, {"Ö", "Oe"}, {"Ü", "Ue"}, {"ß", "ss"}}};
  std::string out;
  out.reserve(s.size());
  for (std::size_t at = 0; at < s.size();) {
    bool spelt = false;
    for (const auto& [letter, spelling] : kSpellings) {
      if (s.substr(at, letter.size()) == letter) {
        out += spelling;
        at += letter.size();
        spelt = true;
        break;
      }
    }
    if (!spelt) out += s[at++];
  }
  return out;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t char_idx = 0; char_idx < a.size(); ++char_idx) {
    if (LowerAscii(a[char_idx]) != LowerAscii(b[char_idx])) return false;
  }
  return true;
}

// Counts the bytes that start a code point. For invalid input the result is merely some number no larger than the
// byte count; callers validate first.
std::size_t Utf8Length(std::string_view s) {
  std::size_t count = 0;
  for (char c : s) {
    if (!IsContinuation(static_cast<std::uint8_t>(c))) ++count;
  }
  return count;
}

std::string CutText(std::string_view text, std::size_t max_chars, std::string_view mark, std::size_t max_bytes) {
  if (text.size() <= max_bytes && Utf8Length(text) <= max_chars) return std::string(text);
  const std::size_t mark_chars = Utf8Length(mark);
  if (mark_chars > max_chars || mark.size() > max_bytes) mark = {};
  const std::size_t keep_chars = max_chars - Utf8Length(mark);
  const std::size_t keep_bytes = max_bytes - mark.size();
  // Walk code point starts: `end` is the byte after the last whole code point kept.
  std::size_t end = 0;
  std::size_t chars = 0;
  while (end < text.size() && chars < keep_chars) {
    std::size_t next = end + 1;
    while (next < text.size() && IsContinuation(static_cast<std::uint8_t>(text[next]))) ++next;
    if (next > keep_bytes) break;
    end = next;
    ++chars;
  }
  std::string out(text.substr(0, end));
  out += mark;
  return out;
}

std::string IsoUtc(std::int64_t unix_seconds) {
  std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace mw
