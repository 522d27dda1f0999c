#include "formats/procedures/search.hpp"

#include <libstemmer.h>

#include <cstdint>
#include <memory>
#include <string>

#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

// Decodes the code point at `text[pos]` (valid UTF-8 is assumed; a broken byte counts as one code point) and moves
// `pos` past it.
char32_t NextCodePoint(std::string_view text, std::size_t& pos) {
  auto byte = static_cast<unsigned char>(text[pos]);
  int length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 1;
  if (pos + length > text.size()) length = 1;
  char32_t cp = length == 1 ? byte : length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F : byte & 0x07;
  for (int i = 1; i < length; ++i) cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  pos += length;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // Latin-1 punctuation and symbols are not
  if (cp == 0xD7 || cp == 0xF7) return false;                     // × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;                 // punctuation, currency, arrows, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;                 // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;                 // variation selectors
  if (cp >= 0x1F000) return false;                                // emoji and other symbols
  return true;
}

char32_t Lower(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;  // À–Þ
  if (cp == 0x1E9E) return 0xDF;                               // ẞ → ß
  return cp;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};

// One stemmer per thread: a sb_stemmer keeps state and may not be shared.
sb_stemmer* ThreadStemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(sb_stemmer_new("german", "UTF_8"));
  return stemmer.get();
}

std::vector<std::string> QueryWords(std::string_view query) {
  auto words = Words(CutText(query, kMaxQueryChars));
  if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
  return words;
}

// A word of a text: where it is (bytes) and its lower-case form.
struct WordAt {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string lower;
};

std::vector<WordAt> WordsAt(std::string_view text) {
  std::vector<WordAt> out;
  WordAt word;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t at = pos;
    char32_t cp = NextCodePoint(text, pos);
    if (IsWordChar(cp)) {
      if (word.lower.empty()) word.begin = at;
      AppendUtf8(word.lower, Lower(cp));
      word.end = pos;
    } else if (!word.lower.empty()) {
      out.push_back(std::move(word));
      word = WordAt{};
    }
  }
  if (!word.lower.empty()) out.push_back(std::move(word));
  return out;
}

// A lower-case word as the stemmer leaves its beginning: umlauts as plain vowels, "ß" as "ss". A stem is a prefix of
// it (the stemmer only folds these and takes endings off), so a word whose folded form does not begin with a query
// stem cannot match, and most words are passed over without stemming.
std::string Folded(std::string_view lower) {
  std::string out;
  std::size_t pos = 0;
  while (pos < lower.size()) {
    char32_t cp = NextCodePoint(lower, pos);
    if (cp == 0xE4) {  // ä
      out += 'a';
    } else if (cp == 0xF6) {  // ö
      out += 'o';
    } else if (cp == 0xFC) {  // ü
      out += 'u';
    } else if (cp == 0xDF) {  // ß
      out += "ss";
    } else {
      AppendUtf8(out, cp);
    }
  }
  return out;
}

bool MatchesStem(const WordAt& word, const std::vector<std::string>& stems) {
  const std::string folded = Folded(word.lower);
  for (const auto& stem : stems) {
    if (!folded.starts_with(stem)) continue;
    if (GermanStem(word.lower).starts_with(stem)) return true;
  }
  return false;
}

}  // namespace

std::vector<SnippetSegment> SearchSnippet(std::string_view text, std::string_view query, std::size_t max_chars) {
  std::vector<std::string> stems;
  for (const auto& word : QueryWords(query)) stems.push_back(GermanStem(word));
  if (stems.empty()) return {};
  auto words = WordsAt(text);
  std::size_t first = words.size();
  for (std::size_t word_idx = 0; word_idx < words.size(); ++word_idx) {
    if (MatchesStem(words[word_idx], stems)) {
      first = word_idx;
      break;
    }
  }
  if (first == words.size()) return {};
  // The window: from a word about a third of `max_chars` before the first hit to the last word that still fits.
  // The lengths grow a word at a time (each step measures only the characters it adds).
  std::size_t begin_word = first;
  std::size_t before = 0;  // characters from words[begin_word].begin to the first hit
  while (begin_word > 0) {
    const std::size_t longer = before + Utf8Length(text.substr(words[begin_word - 1].begin,
                                                               words[begin_word].begin - words[begin_word - 1].begin));
    if (longer > max_chars / 3) break;
    before = longer;
    --begin_word;
  }
  const std::size_t begin = words[begin_word].begin;
  std::size_t end_word = first;
  std::size_t length = Utf8Length(text.substr(begin, words[first].end - begin));  // of the window so far
  while (end_word + 1 < words.size()) {
    const std::size_t longer =
        length + Utf8Length(text.substr(words[end_word].end, words[end_word + 1].end - words[end_word].end));
    if (longer > max_chars) break;
    length = longer;
    ++end_word;
  }
  std::vector<SnippetSegment> out;
  auto plain = [&](std::string_view piece) {
    std::string cleaned;
    for (char c : piece) cleaned += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (cleaned.empty()) return;
    if (!out.empty() && !out.back().hit) {
      out.back().text += cleaned;
    } else {
      out.push_back({std::move(cleaned), false});
    }
  };
  if (begin_word > 0) plain("… ");
  std::size_t at = begin;
  for (std::size_t word_idx = begin_word; word_idx <= end_word; ++word_idx) {
    const WordAt& word = words[word_idx];
    if (word_idx != first && !MatchesStem(word, stems)) continue;
    plain(text.substr(at, word.begin - at));
    // A "word" longer than the snippet (a text without spaces) is shown in part.
    out.push_back({CutText(text.substr(word.begin, word.end - word.begin), max_chars, " …"), true});
    at = word.end;
  }
  plain(text.substr(at, words[end_word].end - at));
  // After the text's last word, what ends it (".", "!"): a few characters at most.
  if (end_word + 1 == words.size()) plain(CutText(text.substr(words[end_word].end), 8, ""));
  if (end_word + 1 < words.size()) plain(" …");
  // No plain text that is only spaces at either end.
  if (!out.empty() && !out.front().hit) {
    auto& front = out.front().text;
    front.erase(0, front.find_first_not_of(' '));
  }
  if (!out.empty() && !out.back().hit) {
    auto& back = out.back().text;
    back.erase(back.find_last_not_of(' ') + 1);
  }
  std::erase_if(out, [](const SnippetSegment& segment) { return segment.text.empty(); });
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = NextCodePoint(text, pos);
    if (IsWordChar(cp)) {
      AppendUtf8(word, Lower(cp));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::string GermanStem(std::string_view word) {
  sb_stemmer* stemmer = ThreadStemmer();
  if (!stemmer || word.empty()) return std::string(word);
  const sb_symbol* stem =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (!stem) return std::string(word);  // out of memory: the word itself still finds itself
  return std::string(reinterpret_cast<const char*>(stem), static_cast<std::size_t>(sb_stemmer_length(stemmer)));
}

std::string GermanStems(std::string_view text) {
  std::string out;
  for (const auto& word : Words(text)) {
    if (!out.empty()) out += ' ';
    out += GermanStem(word);
  }
  return out;
}

std::string ProcedureStems(std::int64_t procedure_id, std::string_view text) {
  const std::string prefix = std::to_string(procedure_id) + "x";
  std::string out;
  for (const auto& word : Words(text)) {
    if (!out.empty()) out += ' ';
    out += prefix + GermanStem(word);
  }
  return out;
}

std::string Fts5Query(std::int64_t procedure_id, std::string_view query) {
  const std::string prefix = std::to_string(procedure_id) + "x";
  std::string out;
  for (const auto& word : QueryWords(query)) {
    // A stem holds only word characters, never a double quote, so quoting it is safe.
    if (!out.empty()) out += " AND ";
    out += "\"" + prefix + GermanStem(word) + "\"*";
  }
  return out;
}

std::string PgTsQuery(std::string_view query) {
  std::string out;
  for (const auto& word : QueryWords(query)) {
    // Words hold only letters and digits, none of to_tsquery's operators.
    if (!out.empty()) out += " & ";
    out += word + ":*";
  }
  return out;
}

}  // namespace mw::procedures
