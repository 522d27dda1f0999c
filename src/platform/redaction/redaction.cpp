// Redaction suggestions: hand-written scanners over the UTF-8 bytes (no std::regex, whose backtracking is slow and may
// exhaust the stack on the long texts a statement may have). Each scanner marks byte ranges; Suggest tags them with
// their kind. Case-insensitive matching runs on a folded copy of the text of the same byte length (ASCII and Ä, Ö, Ü
// lowered), so offsets in the copy are offsets in the text.
#include "platform/redaction/redaction.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

namespace mw::redaction {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Same byte length as `text`: ASCII upper case and Ä, Ö, Ü (C3 84, C3 96, C3 9C) lowered.
std::string Fold(std::string_view text) {
  std::string out(text);
  for (std::size_t at = 0; at < out.size(); ++at) {
    char& c = out[at];
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    } else if (static_cast<unsigned char>(c) == 0xC3 && at + 1 < out.size()) {
      auto next = static_cast<unsigned char>(out[at + 1]);
      if (next == 0x84 || next == 0x96 || next == 0x9C) out[at + 1] = static_cast<char>(next + 0x20);
    }
  }
  return out;
}

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
  // Whole words only: a needle that starts or ends inside a UTF-8 sequence would cut a code point.
  if (IsContinuation(needle.front())) return;
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
    const std::string folded = Fold(TrimView(entry));
    std::string_view whole = folded;
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

// The end of the word (letters, digits, '-') that starts at `at`.
std::size_t WordEnd(std::string_view text, std::size_t at) {
  while (at < text.size() && (IsWordOrDigit(text[at]) || text[at] == '-')) ++at;
  return at;
}

std::size_t SkipSpaces(std::string_view text, std::size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  return at;
}

// A parcel number: "123", "45/12", "12/3a".
std::size_t ParcelNumberEnd(std::string_view text, std::size_t at) {
  if (at >= text.size() || !IsDigit(text[at])) return at;
  std::size_t end = at;
  while (end < text.size() && IsDigit(text[end])) ++end;
  if (end + 1 < text.size() && text[end] == '/' && IsDigit(text[end + 1])) {
    ++end;
    while (end < text.size() && IsDigit(text[end])) ++end;
  }
  if (end < text.size() && IsAsciiLetter(text[end]) && (end + 1 >= text.size() || !IsWordOrDigit(text[end + 1]))) {
    ++end;
  }
  if (end < text.size() && IsWordByte(text[end])) return at;  // "12ha" is no parcel
  return end;
}

constexpr std::array kParcelWords{"flurstück", "flurstücke", "flurstücks", "flurstücken", "flst.", "flst",
                                  "flurstücksnummer", "flurstücksnr.", "flur"};
constexpr std::array kNumberWords{"nr.", "nr", "nummer", "nummern"};
constexpr std::array kListJoins{"und", "u.", "bis", "sowie", "oder"};

// "Flurstück 123/4", "Flst. 45/12", "Flst.-Nr. 45/12", "Flurstücke 12, 13 und 14", "Flur 3": the numbers after the
// word (the word stays, so the text still says that a parcel is meant). "Gemarkung Grimma": the name after it.
void MarkParcels(std::string_view folded, std::vector<Range>& out) {
  for (std::size_t at = 0; at < folded.size(); ++at) {
    if (!IsWordByte(folded[at]) || (at > 0 && (IsWordOrDigit(folded[at - 1]) || IsContinuation(folded[at])))) {
      continue;
    }
    std::size_t word_end = WordEnd(folded, at);
    std::size_t dotted = word_end < folded.size() && folded[word_end] == '.' ? word_end + 1 : word_end;
    std::string_view word = folded.substr(at, word_end - at);
    std::string_view word_dot = folded.substr(at, dotted - at);
    if (word == "gemarkung") {
      std::size_t name = SkipSpaces(folded, word_end);
      std::size_t name_end = name;
      // One or two words of the name ("Grimma", "Groß Bothen").
      for (int words = 0; words < 2 && name_end < folded.size() && IsWordByte(folded[name_end]); ++words) {
        std::size_t end = WordEnd(folded, name_end);
        if (words == 1 && IsOneOf(folded.substr(name_end, end - name_end), kListJoins)) break;
        if (words == 1 && folded.substr(name_end, end - name_end) == "flur") break;
        std::size_t next = SkipSpaces(folded, end);
        out.emplace_back(name, end);
        name_end = next;
        if (end == next || next >= folded.size() || !IsWordByte(folded[next])) break;
      }
      at = word_end;
      continue;
    }
    const bool parcel_word = IsOneOf(word, kParcelWords) || IsOneOf(word_dot, kParcelWords) ||
                             (word.starts_with("flst") && word.size() <= 8);  // "flst.-nr."
    if (!parcel_word) continue;
    std::size_t cursor = dotted;
    // "Flst.-Nr." and "Flurstück Nr.".
    if (cursor < folded.size() && folded[cursor] == '-') ++cursor;
    std::size_t number_word = SkipSpaces(folded, cursor);
    std::size_t number_word_end = WordEnd(folded, number_word);
    if (number_word_end < folded.size() && folded[number_word_end] == '.') ++number_word_end;
    if (IsOneOf(folded.substr(number_word, number_word_end - number_word), kNumberWords)) cursor = number_word_end;
    std::size_t first = SkipSpaces(folded, cursor);
    std::size_t end = ParcelNumberEnd(folded, first);
    if (end == first) continue;
    std::size_t last = end;
    // Further numbers of a list: ", 13", " und 14", " bis 17".
    while (true) {
      std::size_t next = last;
      if (next < folded.size() && folded[next] == ',') ++next;
      next = SkipSpaces(folded, next);
      std::size_t join_end = WordEnd(folded, next);
      if (join_end < folded.size() && folded[join_end] == '.') ++join_end;
      if (join_end > next && IsOneOf(folded.substr(next, join_end - next), kListJoins)) next = SkipSpaces(folded, join_end);
      std::size_t number_end = ParcelNumberEnd(folded, next);
      if (number_end == next || next == last) break;
      last = number_end;
    }
    out.emplace_back(first, last);
    at = last;
  }
}

// Words of health data (Art. 9 GDPR), lower case, whole words. The word is suggested, not its sentence: the case
// worker sees the sentence and can black out more; blacking out whole sentences by default would hide objections.
constexpr std::array kHealthWords{
    "krankheit", "krankheiten", "krank", "kranke", "kranken", "erkrankt", "erkrankte", "erkrankung", "erkrankungen",
    "diagnose", "diagnosen", "diagnostiziert", "asthma", "asthmatiker", "asthmatikerin", "allergie", "allergien",
    "allergiker", "allergikerin", "allergisch", "behinderung", "behinderungen", "behindert", "behinderte",
    "behinderten", "schwerbehindert", "schwerbehinderte", "schwerbehinderung", "rollstuhl", "rollstuhlfahrer",
    "rollstuhlfahrerin", "schwanger", "schwangere", "schwangerschaft", "depression", "depressionen", "depressiv",
    "krebs", "krebserkrankung", "tumor", "therapie", "therapien", "medikament", "medikamente", "medikamenten",
    "pflegebedürftig", "pflegegrad", "demenz", "dement", "tinnitus", "migräne", "herzkrank", "herzinfarkt",
    "schlaganfall", "operation", "operiert", "chronisch", "psychisch", "psychiatrisch", "epilepsie", "diabetes",
    "lungenkrank", "atemwegserkrankung", "schlafstörungen", "schlafstörung"};

void MarkHealth(std::string_view folded, std::vector<Range>& out) {
  for (std::size_t at = 0; at < folded.size(); ++at) {
    if (!IsWordByte(folded[at]) || IsContinuation(folded[at]) || (at > 0 && IsWordOrDigit(folded[at - 1]))) continue;
    std::size_t end = at;
    while (end < folded.size() && IsWordByte(folded[end])) ++end;
    if (end < folded.size() && IsDigit(folded[end])) {
      at = end;
      continue;
    }
    std::string_view word = folded.substr(at, end - at);
    if (std::ranges::find(kHealthWords, word) != kHealthWords.end()) out.emplace_back(at, end);
    at = end;
  }
}

constexpr std::array kPersonTitles{"herr", "herrn", "frau", "familie", "fam.", "nachbar", "nachbarin", "nachbarn",
                                   "nachbars", "eheleute", "ehepaar"};
constexpr std::array kAcademic{"dr.", "prof.", "von", "van", "de"};
// Offices, not names: "Frau Bürgermeisterin" names nobody private.
constexpr std::array kOffices{"bürgermeister", "bürgermeisterin", "landrat", "landrätin", "vorsitzende",
                              "vorsitzender", "präsident", "präsidentin", "minister", "ministerin", "abgeordnete",
                              "abgeordneter", "pfarrer", "pfarrerin"};

// "Herr Meier", "Frau Dr. Anna Schmidt", "Familie Krause", "Nachbarin Ute Lehmann": the capitalised words (at most
// two, and a title or "von" between) after the form of address.
void MarkThirdPersons(std::string_view text, std::string_view folded, std::vector<Range>& out) {
  for (std::size_t at = 0; at < folded.size(); ++at) {
    if (!IsWordByte(folded[at]) || IsContinuation(folded[at]) || (at > 0 && IsWordOrDigit(folded[at - 1]))) continue;
    std::size_t end = WordEnd(folded, at);
    std::size_t dotted = end < folded.size() && folded[end] == '.' ? end + 1 : end;
    if (!StartsUpper(text, at) ||
        !(IsOneOf(folded.substr(at, end - at), kPersonTitles) || IsOneOf(folded.substr(at, dotted - at), kPersonTitles))) {
      at = end;
      continue;
    }
    std::size_t cursor = SkipSpaces(folded, dotted);
    std::size_t name_begin = cursor;
    std::size_t name_end = cursor;
    int names = 0;
    while (names < 2 && cursor < folded.size()) {
      std::size_t word_end = WordEnd(folded, cursor);
      std::size_t word_dot = word_end < folded.size() && folded[word_end] == '.' ? word_end + 1 : word_end;
      if (word_end == cursor) break;
      // "Dr.", "von", and a second form of address ("Nachbarin Frau Brandt") stand before the name.
      if (IsOneOf(folded.substr(cursor, word_dot - cursor), kAcademic) ||
          (names == 0 && (IsOneOf(folded.substr(cursor, word_end - cursor), kPersonTitles) ||
                          IsOneOf(folded.substr(cursor, word_dot - cursor), kPersonTitles)))) {
        cursor = SkipSpaces(folded, word_dot);
        continue;
      }
      if (!StartsUpper(text, cursor) || IsDigit(folded[cursor]) ||
          IsOneOf(folded.substr(cursor, word_end - cursor), kOffices)) {
        break;
      }
      if (names == 0) name_begin = cursor;
      name_end = word_end;
      ++names;
      std::size_t next = SkipSpaces(folded, word_end);
      if (next == word_end) break;  // a comma or full stop ends the name
      cursor = next;
    }
    if (names > 0) out.emplace_back(name_begin, name_end);
    at = std::max(end, name_end);
  }
}

constexpr std::array kKindNames{"known",     "email",  "phone",  "postcode",     "street",
                                "signature", "parcel", "health", "third_person", "manual"};

// Moves a boundary inside a UTF-8 sequence back to the sequence's first byte.
std::size_t CodePointStart(std::string_view text, std::size_t at) {
  at = std::min(at, text.size());
  while (at > 0 && at < text.size() && IsContinuation(text[at])) --at;
  return at;
}
std::size_t CodePointEnd(std::string_view text, std::size_t at) {
  at = std::min(at, text.size());
  while (at < text.size() && IsContinuation(text[at])) ++at;
  return at;
}

// Failure table of Knuth-Morris-Pratt.
std::vector<std::size_t> Failure(std::string_view pattern) {
  std::vector<std::size_t> table(pattern.size(), 0);
  std::size_t length = 0;
  for (std::size_t index = 1; index < pattern.size(); ++index) {
    while (length > 0 && pattern[index] != pattern[length]) length = table[length - 1];
    if (pattern[index] == pattern[length]) ++length;
    table[index] = length;
  }
  return table;
}

// The first occurrence of `pattern` (non-empty) in `text` at or after `from`, in O(text + pattern).
std::size_t FindFrom(std::string_view text, std::string_view pattern, std::size_t from) {
  if (from > text.size() || pattern.size() > text.size() - from) return std::string_view::npos;
  const auto table = Failure(pattern);
  std::size_t matched = 0;
  for (std::size_t at = from; at < text.size(); ++at) {
    while (matched > 0 && text[at] != pattern[matched]) matched = table[matched - 1];
    if (text[at] == pattern[matched]) ++matched;
    if (matched == pattern.size()) return at + 1 - pattern.size();
  }
  return std::string_view::npos;
}

// `text` with CRLF and CR as LF, and for each byte of the result its offset in `text` (one more entry: the end).
std::pair<std::string, std::vector<std::size_t>> NormaliseLineBreaks(std::string_view text) {
  std::string out;
  std::vector<std::size_t> offsets;
  out.reserve(text.size());
  offsets.reserve(text.size() + 1);
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] == '\r') {
      offsets.push_back(at);
      out.push_back('\n');
      if (at + 1 < text.size() && text[at + 1] == '\n') ++at;
      continue;
    }
    offsets.push_back(at);
    out.push_back(text[at]);
  }
  offsets.push_back(text.size());
  return {std::move(out), std::move(offsets)};
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

}  // namespace

std::string_view KindName(Kind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

std::optional<Kind> KindFromName(std::string_view name) {
  for (std::size_t index = 0; index < kKindNames.size(); ++index) {
    if (kKindNames[index] == name) return static_cast<Kind>(index);
  }
  return std::nullopt;
}

std::vector<Span> Suggest(std::string_view text, const std::vector<std::string>& known) {
  const std::string folded = Fold(text);
  std::vector<Span> spans;
  std::vector<Range> found;
  const auto take = [&](Kind kind) {
    for (const auto& [begin, end] : found) {
      std::size_t from = CodePointStart(text, begin);
      std::size_t to = CodePointEnd(text, end);
      if (from < to) spans.push_back({from, to, kind});
    }
    found.clear();
  };
  MarkKnown(folded, known, found);
  take(Kind::kKnown);
  MarkEmails(text, found);
  take(Kind::kEmail);
  MarkPhones(text, found);
  take(Kind::kPhone);
  MarkPostcodes(text, found);
  take(Kind::kPostcode);
  MarkStreets(text, found);
  take(Kind::kStreet);
  MarkSignatures(folded, found);
  take(Kind::kSignature);
  MarkParcels(folded, found);
  take(Kind::kParcel);
  MarkHealth(folded, found);
  take(Kind::kHealth);
  MarkThirdPersons(text, folded, found);
  take(Kind::kThirdPerson);
  std::ranges::sort(spans, [](const Span& a, const Span& b) {
    return std::tie(a.begin, a.end, a.kind) < std::tie(b.begin, b.end, b.kind);
  });
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const Span& a, const Span& b) { return a.begin == b.begin && a.end == b.end; }),
              spans.end());
  return spans;
}

std::vector<Span> Merge(std::vector<Span> spans) {
  std::ranges::sort(spans, [](const Span& a, const Span& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (span.begin >= span.end) continue;
    if (!merged.empty() && span.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, span.end);
    } else {
      merged.push_back(span);
    }
  }
  return merged;
}

std::string Apply(std::string_view text, const std::vector<Span>& spans) {
  std::vector<Span> clipped;
  clipped.reserve(spans.size());
  for (Span span : spans) {
    span.begin = CodePointStart(text, span.begin);
    span.end = CodePointEnd(text, span.end);
    if (span.begin < span.end) clipped.push_back(span);
  }
  std::string out;
  out.reserve(text.size());
  std::size_t written = 0;
  for (const Span& span : Merge(std::move(clipped))) {
    out.append(text.substr(written, span.begin - written));
    out.append(kMark);
    written = span.end;
  }
  out.append(text.substr(written));
  return out;
}

std::vector<Span> Within(const std::vector<Span>& spans, std::size_t begin, std::size_t end) {
  std::vector<Span> out;
  for (const Span& span : spans) {
    std::size_t from = std::max(span.begin, begin);
    std::size_t to = std::min(span.end, end);
    if (from < to) out.push_back({from - begin, to - begin, span.kind});
  }
  return out;
}

std::optional<std::vector<Span>> MatchRedaction(std::string_view original, std::string_view redacted) {
  auto [source, offsets] = NormaliseLineBreaks(original);
  const std::string edited = NormaliseLineBreaks(redacted).first;
  std::size_t low = 0;
  std::size_t high = source.size();
  while (low < high && IsSpace(source[low])) ++low;
  while (high > low && IsSpace(source[high - 1])) --high;
  std::string_view text = std::string_view(source).substr(low, high - low);
  std::string_view pattern = edited;
  while (!pattern.empty() && IsSpace(pattern.front())) pattern.remove_prefix(1);
  while (!pattern.empty() && IsSpace(pattern.back())) pattern.remove_suffix(1);

  // The literal pieces between the marks: text = piece0 X1 piece1 … Xk piecek with each X non-empty.
  std::vector<std::string_view> pieces;
  for (std::size_t from = 0;;) {
    std::size_t mark = pattern.find(kMark, from);
    if (mark == std::string_view::npos) {
      pieces.push_back(pattern.substr(from));
      break;
    }
    pieces.push_back(pattern.substr(from, mark - from));
    from = mark + kMark.size();
  }
  // Marks next to each other stand for one blackout.
  if (pieces.size() > 2) {
    std::vector<std::string_view> kept{pieces.front()};
    for (std::size_t index = 1; index + 1 < pieces.size(); ++index) {
      if (!pieces[index].empty()) kept.push_back(pieces[index]);
    }
    kept.push_back(pieces.back());
    pieces = std::move(kept);
  }
  if (pieces.size() == 1) {
    if (pieces[0] != text) return std::nullopt;
    return std::vector<Span>{};
  }
  if (!text.starts_with(pieces.front())) return std::nullopt;
  std::vector<Span> spans;
  std::size_t cursor = pieces.front().size();  // where the next blackout starts
  for (std::size_t index = 1; index + 1 < pieces.size(); ++index) {
    std::string_view piece = pieces[index];
    // Leftmost is exact: a later occurrence never leaves more room for the rest.
    std::size_t found = FindFrom(text, piece, cursor + 1);
    if (found == std::string_view::npos) return std::nullopt;
    spans.push_back({cursor, found, Kind::kManual});
    cursor = found + piece.size();
  }
  std::string_view last = pieces.back();
  if (text.size() < cursor + 1 + last.size() || !text.ends_with(last)) return std::nullopt;
  spans.push_back({cursor, text.size() - last.size(), Kind::kManual});
  for (Span& span : spans) {
    span.begin = offsets[low + span.begin];
    span.end = offsets[low + span.end];
    if (span.begin >= span.end) return std::nullopt;
    if ((span.begin < original.size() && IsContinuation(original[span.begin])) ||
        (span.end < original.size() && IsContinuation(original[span.end]))) {
      return std::nullopt;  // a mark inside a character: the rest of the character would be changed
    }
  }
  return spans;
}

}  // namespace mw::redaction
