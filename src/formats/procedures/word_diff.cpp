#include "formats/procedures/word_diff.hpp"

#include <algorithm>
#include <cstdint>

namespace mw::procedures {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// A word (a run without whitespace) and the whitespace after it, as parts of the text.
struct Token {
  std::string_view word;
  std::string_view with_space;
};

// The tokens of `text`; whitespace before the first word belongs to no token and is returned in `leading`.
std::vector<Token> Tokens(std::string_view text, std::string_view& leading) {
  std::vector<Token> out;
  std::size_t pos = 0;
  while (pos < text.size() && IsSpace(text[pos])) ++pos;
  leading = text.substr(0, pos);
  while (pos < text.size()) {
    std::size_t end = pos;
    while (end < text.size() && !IsSpace(text[end])) ++end;
    std::size_t after = end;
    while (after < text.size() && IsSpace(text[after])) ++after;
    out.push_back({text.substr(pos, end - pos), text.substr(pos, after - pos)});
    pos = after;
  }
  return out;
}

void Append(std::vector<DiffSegment>& out, std::string_view text, bool own) {
  if (text.empty()) return;
  if (!out.empty() && out.back().own == own) {
    out.back().text += text;
  } else {
    out.push_back({std::string(text), own});
  }
}

}  // namespace

std::optional<std::vector<DiffSegment>> WordDiff(std::string_view common, std::string_view text) {
  std::string_view ignored;
  std::string_view leading;
  const std::vector<Token> a = Tokens(common, ignored);
  const std::vector<Token> b = Tokens(text, leading);
  // The words both begin and end with are shared without comparing further (a mass objection's texts mostly
  // differ in a name at the beginning or a greeting at the end).
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix].word == b[prefix].word) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix].word == b[b.size() - 1 - suffix].word) {
    ++suffix;
  }
  const std::size_t n = a.size() - prefix - suffix;
  const std::size_t m = b.size() - prefix - suffix;
  if (n > kMaxDiffWords || m > kMaxDiffWords) return std::nullopt;

  // lengths[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
  std::vector<std::vector<std::uint16_t>> lengths(n + 1, std::vector<std::uint16_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lengths[i][j] = a[prefix + i].word == b[prefix + j].word ? static_cast<std::uint16_t>(lengths[i + 1][j + 1] + 1)
                                                               : std::max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  std::vector<DiffSegment> out;
  Append(out, leading, false);
  for (std::size_t idx = 0; idx < prefix; ++idx) Append(out, b[idx].with_space, false);
  std::size_t i = 0;
  std::size_t j = 0;
  while (j < m) {
    if (i < n && a[prefix + i].word == b[prefix + j].word) {
      Append(out, b[prefix + j].with_space, false);
      ++i;
      ++j;
    } else if (i < n && lengths[i + 1][j] >= lengths[i][j + 1]) {
      ++i;  // a word of the common text that this text lacks
    } else {
      Append(out, b[prefix + j].with_space, true);
      ++j;
    }
  }
  for (std::size_t idx = b.size() - suffix; idx < b.size(); ++idx) Append(out, b[idx].with_space, false);
  return out;
}

bool DiffersFrom(std::string_view common, std::string_view text) {
  std::string_view ignored;
  auto a = Tokens(common, ignored);
  auto b = Tokens(text, ignored);
  if (a.size() != b.size()) return true;
  for (std::size_t idx = 0; idx < a.size(); ++idx) {
    if (a[idx].word != b[idx].word) return true;
  }
  return false;
}

}  // namespace mw::procedures
