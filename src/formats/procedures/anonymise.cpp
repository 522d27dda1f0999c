// Anonymisation of statements before publication: hand-written scanners over the UTF-8 bytes (no std::regex, whose
// backtracking is slow and may exhaust the stack on the 100,000 characters a statement may have). Each scanner marks
// byte ranges; overlapping and touching ranges are merged and each becomes one "[…]".
#include "formats/procedures/anonymise.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace mw::procedures {
namespace {

constexpr std::string_view kMark = "[…]";

using Range = std::pair<std::size_t, std::size_t>;  // [begin, end)

bool IsAsciiLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// Letters of any script count as word bytes: every byte of a multi-byte UTF-8 sequence does.
bool IsWordByte(char c) { return IsAsciiLetter(c) || static_cast<unsigned char>(c) >= 0x80; }
bool IsWordOrDigit(char c) { return IsWordByte(c) || IsDigit(c); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Starts with an upper-case letter: A–Z or Ä, Ö, Ü (UTF-8 C3 84, C3 96, C3 9C).
bool StartsUpper(std::string_view text, std::size_t at) {
  if (at >= text.size()) return false;
  char c = text[at];
  if (c >= 'A' && c <= 'Z') return true;
  if (static_cast<unsigned char>(c) == 0xC3 && at + 1 < text.size()) {
    auto next = static_cast<unsigned char>(text[at + 1]);
    return next == 0x84 || next == 0x96 || next == 0x9C;
  }
  return false;
}

bool EqualsFolded(std::string_view text, std::size_t at, std::string_view needle) {
  if (at + needle.size() > text.size()) return false;
  for (std::size_t index = 0; index < needle.size(); ++index) {
    if (Lower(text[at + index]) != Lower(needle[index])) return false;
  }
  return true;
}

bool EndsWithFolded(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && EqualsFolded(word, word.size() - suffix.size(), suffix);
}

// Whole-word, ASCII-case-insensitive occurrences of `needle`.
void MarkOccurrences(std::string_view text, std::string_view needle, std::vector<Range>& out) {
  if (needle.empty() || needle.size() > text.size()) return;
  const bool word_start = IsWordOrDigit(needle.front());
  const bool word_end = IsWordOrDigit(needle.back());
  for (std::size_t at = 0; at + needle.size() <= text.size(); ++at) {
    if (Lower(text[at]) != Lower(needle[0]) || !EqualsFolded(text, at, needle)) continue;
    const std::size_t end = at + needle.size();
    if (word_start && at > 0 && IsWordOrDigit(text[at - 1])) continue;
    if (word_end && end < text.size() && IsWordOrDigit(text[end])) continue;
    out.emplace_back(at, end);
  }
}

std::string_view TrimView(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ','; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// The known strings, their comma-separated segments (addresses: "Markt 1", "04668 Grimma") and, for names (no digit,
// no '@'), their words of three letters or more.
void MarkKnown(std::string_view text, const std::vector<std::string>& known, std::vector<Range>& out) {
  for (const auto& entry : known) {
    std::string_view whole = TrimView(entry);
    if (whole.size() < 2) continue;
    MarkOccurrences(text, whole, out);
    const bool is_name = std::ranges::none_of(whole, [](char c) { return IsDigit(c) || c == '@'; });
    std::size_t from = 0;
    while (from < whole.size()) {
      std::size_t comma = whole.find_first_of(",\n;", from);
      if (comma == std::string_view::npos) comma = whole.size();
      std::string_view segment = TrimView(whole.substr(from, comma - from));
      if (segment.size() >= 3 && segment.size() < whole.size()) MarkOccurrences(text, segment, out);
      from = comma + 1;
    }
    if (!is_name) continue;
    std::size_t at = 0;
    while (at < whole.size()) {
      while (at < whole.size() && !IsWordByte(whole[at])) ++at;
      std::size_t end = at;
      while (end < whole.size() && (IsWordByte(whole[end]) || whole[end] == '-')) ++end;
      std::string_view word = whole.substr(at, end - at);
      // Three letters or more (a UTF-8 letter counts by its bytes, so "Öz" is also taken: rather too much than
      // too little).
      if (word.size() >= 3) MarkOccurrences(text, word, out);
      at = end;
    }
  }
}

void MarkEmails(std::string_view text, std::vector<Range>& out) {
  const auto local = [](char c) { return IsAsciiLetter(c) || IsDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; };
  const auto domain = [](char c) { return IsAsciiLetter(c) || IsDigit(c) || c == '.' || c == '-'; };
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && local(text[begin - 1])) --begin;
    std::size_t end = at + 1;
    while (end < text.size() && domain(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    std::string_view host = text.substr(at + 1, end - at - 1);
    if (begin == at || host.find('.') == std::string_view::npos) continue;
    out.emplace_back(begin, end);
  }
}

// "0341 123456", "+49 (0)341 123-45", "0171/1234567": from a '+' or a leading 0 over digits, spaces, slashes,
// hyphens and brackets, with six digits or more.
void MarkPhones(std::string_view text, std::vector<Range>& out) {
  const auto part = [](char c) { return IsDigit(c) || c == ' ' || c == '/' || c == '-' || c == '(' || c == ')'; };
  std::size_t at = 0;
  while (at < text.size()) {
    const char c = text[at];
    const bool starts = (c == '+' && at + 1 < text.size() && IsDigit(text[at + 1])) ||
                        (c == '0') || (c == '(' && at + 1 < text.size() && text[at + 1] == '0');
    const bool boundary = at == 0 || !(IsWordOrDigit(text[at - 1]) || text[at - 1] == '.' || text[at - 1] == ',');
    if (!starts || !boundary) {
      ++at;
      continue;
    }
    std::size_t end = at + 1;
    while (end < text.size() && part(text[end])) ++end;
    while (end > at && !IsDigit(text[end - 1])) --end;
    const auto digits = std::count_if(text.begin() + static_cast<std::ptrdiff_t>(at),
                                      text.begin() + static_cast<std::ptrdiff_t>(end), IsDigit);
    // A number glued to letters ("0815abc") or a decimal ("0,5") is not a phone number.
    const bool glued = end < text.size() &&
                       (IsWordByte(text[end]) ||
                        ((text[end] == '.' || text[end] == ',') && end + 1 < text.size() && IsDigit(text[end + 1])));
    if (digits >= 6 && digits <= 17 && !glued) {
      out.emplace_back(at, end);
      at = end;
    } else {
      at = std::max(end, at + 1);
    }
  }
}

// The word (letters, '-', a final '.') that ends right before `end`, or an empty range.
Range WordBefore(std::string_view text, std::size_t end) {
  std::size_t stop = end;
  std::size_t begin = stop;
  if (begin > 0 && text[begin - 1] == '.') --begin;
  while (begin > 0 && (IsWordByte(text[begin - 1]) || text[begin - 1] == '-')) --begin;
  if (begin == stop || (stop - begin == 1 && text[begin] == '.')) return {end, end};
  return {begin, stop};
}

// "04668 Grimma", "01067 Dresden-Neustadt": five digits standing alone, a space and a capitalised word.
void MarkPostcodes(std::string_view text, std::vector<Range>& out) {
  for (std::size_t at = 0; at + 5 < text.size(); ++at) {
    if (!IsDigit(text[at]) || (at > 0 && IsWordOrDigit(text[at - 1]))) continue;
    std::size_t end = at;
    while (end < text.size() && IsDigit(text[end])) ++end;
    if (end - at != 5) {
      at = end;
      continue;
    }
    std::size_t word = end;
    while (word < text.size() && text[word] == ' ') ++word;
    if (word == end || !StartsUpper(text, word)) continue;
    std::size_t word_end = word;
    while (word_end < text.size() && (IsWordByte(text[word_end]) || text[word_end] == '-')) ++word_end;
    out.emplace_back(at, word_end);
    at = word_end;
  }
}

constexpr std::array kStreetSuffixes{"straße", "strasse", "str.", "weg", "gasse", "platz", "allee", "ring",
                                     "damm", "ufer", "chaussee", "steig", "stieg", "pfad", "markt", "promenade",
                                     "graben", "anger", "zeile", "hof", "siedlung", "berg", "plan", "winkel"};
constexpr std::array kStreetPrefixes{"am", "an", "im", "in", "auf", "zum", "zur", "hinter", "unter", "vor", "bei"};
constexpr std::array kArticles{"der", "dem", "den", "die"};

bool IsOneOf(std::string_view word, const auto& list) {
  return std::ranges::any_of(list, [&](std::string_view item) {
    return word.size() == item.size() && EqualsFolded(word, 0, item);
  });
}

// "Musterstraße 12", "Leipziger Str. 5a", "Am Markt 3a", "An der Kirche 7-9": a house number after a street name.
void MarkStreets(std::string_view text, std::vector<Range>& out) {
  for (std::size_t at = 1; at < text.size(); ++at) {
    if (!IsDigit(text[at]) || IsWordOrDigit(text[at - 1]) || text[at - 1] != ' ') continue;
    std::size_t end = at;
    while (end < text.size() && IsDigit(text[end])) ++end;
    if (end - at > 4) continue;
    if (end < text.size() && IsAsciiLetter(text[end]) && (end + 1 >= text.size() || !IsWordOrDigit(text[end + 1]))) {
      ++end;  // "3a"
    }
    if (end + 1 < text.size() && text[end] == '-' && IsDigit(text[end + 1])) {
      end += 1;
      while (end < text.size() && IsDigit(text[end])) ++end;
    }
    if (end < text.size() && IsWordOrDigit(text[end])) continue;
    Range street = WordBefore(text, at - 1);
    if (street.first == street.second || !StartsUpper(text, street.first)) continue;
    std::string_view word = text.substr(street.first, street.second - street.first);
    std::size_t begin = street.first;
    bool is_street = false;
    // A street word on its own ("Leipziger Straße"): take the word before it too.
    if (IsOneOf(word, kStreetSuffixes)) {
      is_street = true;
      if (begin >= 2 && text[begin - 1] == ' ') {
        Range before = WordBefore(text, begin - 1);
        if (before.first != before.second && StartsUpper(text, before.first)) begin = before.first;
      }
    } else if (std::ranges::any_of(kStreetSuffixes, [&](std::string_view suffix) {
                 return word.size() > suffix.size() && EndsWithFolded(word, suffix);
               })) {
      is_street = true;
    }
    // "Am Markt", "An der Kirche", "Zur Mühle".
    std::size_t cursor = begin;
    if (cursor >= 2 && text[cursor - 1] == ' ') {
      Range before = WordBefore(text, cursor - 1);
      std::string_view previous = text.substr(before.first, before.second - before.first);
      if (IsOneOf(previous, kArticles) && before.first >= 2 && text[before.first - 1] == ' ') {
        Range preposition = WordBefore(text, before.first - 1);
        std::string_view first = text.substr(preposition.first, preposition.second - preposition.first);
        if (IsOneOf(first, kStreetPrefixes) && StartsUpper(text, preposition.first)) {
          begin = preposition.first;
          is_street = true;
        }
      } else if (IsOneOf(previous, kStreetPrefixes) && StartsUpper(text, before.first)) {
        begin = before.first;
        is_street = true;
      }
    }
    if (is_street) out.emplace_back(begin, end);
    at = end;
  }
}

constexpr std::array kClosings{"mit freundlichen grüßen", "mit freundlichen grüssen", "mit freundlichem gruß",
                               "freundliche grüße",       "viele grüße",              "beste grüße",
                               "herzliche grüße",         "liebe grüße",              "hochachtungsvoll",
                               "mfg",                     "kind regards",             "best regards",
                               "yours sincerely",         "sincerely"};

// The first non-empty line after a closing formula: the name under the signature.
void MarkSignatures(std::string_view text, std::vector<Range>& out) {
  for (std::string_view closing : kClosings) {
    std::vector<Range> found;
    MarkOccurrences(text, closing, found);
    for (const auto& [begin, end] : found) {
      std::size_t cursor = end;
      while (cursor < text.size() && (text[cursor] == ',' || text[cursor] == '.' || text[cursor] == ' ' ||
                                      text[cursor] == '\t' || text[cursor] == '\r')) {
        ++cursor;
      }
      if (cursor >= text.size() || text[cursor] != '\n') continue;  // the formula must end its line
      while (cursor < text.size() && (text[cursor] == '\n' || text[cursor] == '\r' || text[cursor] == ' ')) ++cursor;
      std::size_t line_end = text.find('\n', cursor);
      if (line_end == std::string_view::npos) line_end = text.size();
      while (line_end > cursor && (text[line_end - 1] == '\r' || text[line_end - 1] == ' ')) --line_end;
      if (line_end > cursor && line_end - cursor <= 120) out.emplace_back(cursor, line_end);
    }
  }
}

}  // namespace

std::string Anonymise(std::string_view text, const std::vector<std::string>& known) {
  std::vector<Range> ranges;
  MarkKnown(text, known, ranges);
  MarkEmails(text, ranges);
  MarkPhones(text, ranges);
  MarkPostcodes(text, ranges);
  MarkStreets(text, ranges);
  MarkSignatures(text, ranges);
  if (ranges.empty()) return std::string(text);
  std::ranges::sort(ranges);
  std::string out;
  out.reserve(text.size());
  std::size_t written = 0;
  std::size_t index = 0;
  while (index < ranges.size()) {
    std::size_t begin = ranges[index].first;
    std::size_t end = ranges[index].second;
    while (++index < ranges.size() && ranges[index].first <= end) end = std::max(end, ranges[index].second);
    out.append(text.substr(written, begin - written));
    out.append(kMark);
    written = end;
  }
  out.append(text.substr(written));
  return out;
}

}  // namespace mw::procedures
