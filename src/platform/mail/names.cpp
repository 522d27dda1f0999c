#include "platform/mail/names.hpp"

#include <algorithm>

#include "platform/core/text.hpp"

namespace mw::mail {
namespace {

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether a word of a name looks like a web or mail address.
bool LooksLikeAddress(std::string_view word) {
  if (word.find("://") != std::string_view::npos || word.find('@') != std::string_view::npos) return true;
  std::string lower = AsciiLower(word);
  if (lower.starts_with("www.")) return true;
  // A dotted host name: a dot followed by a top-level label of two or more letters at the end ("example.org",
  // "evil.de/login"); initials such as "h.c." or "J.R." end with a dot and stay.
  std::string_view host = word.substr(0, word.find_first_of("/?#:"));
  auto dot = host.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string_view tld = host.substr(dot + 1);
  return tld.size() >= 2 && std::all_of(tld.begin(), tld.end(), IsAsciiLetter);
}

}  // namespace

std::string MailName(std::string_view name) {
  if (!IsValidUtf8(name)) return {};
  // Breaks and invisible characters become spaces, then the words that look like addresses go.
  std::string plain;
  for (std::size_t at = 0; at < name.size();) {
    const std::size_t start = at;
    if (IsInvisible(NextCodePoint(name, at))) {
      plain += ' ';
    } else {
      plain.append(name.substr(start, at - start));
    }
  }
  std::string out;
  std::size_t start = 0;
  while (start < plain.size()) {
    auto end = plain.find(' ', start);
    if (end == std::string::npos) end = plain.size();
    std::string_view word = std::string_view(plain).substr(start, end - start);
    if (!word.empty() && !LooksLikeAddress(word)) out += (out.empty() ? "" : " ") + std::string(word);
    start = end + 1;
  }
  if (Utf8Length(out) <= kMaxMailNameChars) return out;
  std::string cut = CutText(out, kMaxMailNameChars - 1);
  while (!cut.empty() && cut.back() == ' ') cut.pop_back();
  return cut + "…";
}

std::string MaskedAddress(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || !IsValidUtf8(address)) return "…";
  std::size_t first = 0;
  NextCodePoint(address, first);
  return std::string(address.substr(0, first)) + "…" + std::string(address.substr(at));
}

}  // namespace mw::mail
