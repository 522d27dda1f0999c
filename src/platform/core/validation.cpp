#include "platform/core/validation.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>

#include "platform/core/text.hpp"

namespace mw {
namespace {

std::string CodePointName(char32_t code_point) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "U+";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(code_point >> shift) & 0xF];
  return out;
}

std::optional<Error> FindForbidden(std::string_view value, std::string_view field, std::string_view subject,
                                   TextLines lines) {
  auto fail = [&](std::string message) {
    return Error{ErrorKind::kInvalid, std::string(subject) + " " + message, std::string(field)};
  };
  if (!IsValidUtf8(value)) {
    return fail("enthält ungültige Zeichen.");
  }
  auto position = [&](std::size_t byte) { return std::to_string(Utf8Length(value.substr(0, byte)) + 1); };
  auto reversing = [&](char32_t code_point, std::size_t byte) {
    return fail("enthält ein unsichtbares Zeichen, das die Schreibrichtung ändert (" + CodePointName(code_point) +
                ", an Stelle " + position(byte) + "). Bitte entfernen Sie es.");
  };
  // Explicit bidi controls: none in a single-line field (a name or title has no use for them, and one would turn
  // the text after it round wherever it is shown); in a multi-line field only in pairs that close within their line
  // (right-to-left passages pasted from a word processor), so that none reaches beyond its line.
  struct Open {
    char32_t code_point;
    std::size_t byte;
  };
  std::vector<Open> open;
  auto unclosed = [&]() -> std::optional<Error> {
    if (open.empty()) return std::nullopt;
    return reversing(open.front().code_point, open.front().byte);
  };
  std::size_t pos = 0;
  while (pos < value.size()) {
    const std::size_t start = pos;
    const char32_t code_point = NextCodePoint(value, pos);
    const bool line_break = code_point == U'\n' || (code_point == U'\r' && pos < value.size() && value[pos] == '\n');
    if (line_break || code_point == U'\t') {
      if (lines == TextLines::kMulti) {
        if (line_break) {
          if (auto error = unclosed()) return error;
        }
        continue;
      }
      return fail(line_break ? "darf keinen Zeilenumbruch enthalten." : "darf keinen Tabulator enthalten.");
    }
    if (IsForbiddenInText(code_point)) {
      return fail("enthält ein unsichtbares Steuerzeichen (" + CodePointName(code_point) + ", an Stelle " +
                  position(start) + "). Bitte entfernen Sie es.");
    }
    if (!IsBidiControl(code_point)) continue;
    if (lines == TextLines::kSingle) return reversing(code_point, start);
    // PDF (U+202C) closes the newest embedding or override, PDI (U+2069) the newest isolate.
    const bool isolate = code_point >= 0x2066;
    if (code_point != 0x202C && code_point != 0x2069) {
      open.push_back({code_point, start});
    } else if (!open.empty() && (open.back().code_point >= 0x2066) == isolate) {
      open.pop_back();
    } else {
      return reversing(code_point, start);
    }
  }
  return unclosed();
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// atext of RFC 5322 section 3.2.3.
bool IsAtext(char c) {
  return IsAlnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool ValidDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  int labels = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return IsAlnum(c) || c == '-'; })) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

// What is wrong with a trimmed, non-empty `address`, as a sentence, or nullopt.
std::optional<std::string> EmailProblem(std::string_view address) {
  if (address.size() > 254) return "Sie darf höchstens 254 Zeichen lang sein.";
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return "Es fehlt das @ (zum Beispiel name@beispiel.de).";
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.empty()) return "Vor dem @ fehlt der Name (zum Beispiel name@beispiel.de).";
  if (local.size() > 64) return "Vor dem @ dürfen höchstens 64 Zeichen stehen.";
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return "Vor dem @ darf kein Punkt am Anfang oder Ende und keine zwei Punkte hintereinander stehen.";
  }
  if (!std::all_of(local.begin(), local.end(), [](char c) { return IsAtext(c) || c == '.'; })) {
    return "Vor dem @ steht ein Zeichen, das in E-Mail-Adressen nicht erlaubt ist (erlaubt sind Buchstaben ohne "
           "Umlaute, Ziffern und . _ - +).";
  }
  if (!ValidDomain(domain)) return "Nach dem @ muss eine Domain mit Punkt stehen, zum Beispiel beispiel.de.";
  return std::nullopt;
}

}  // namespace

Status CheckText(std::string_view value, std::string_view field, std::string_view subject, TextLines lines) {
  if (auto error = FindForbidden(value, field, subject, lines)) return std::unexpected(std::move(*error));
  return Ok{};
}

void CheckTextField(std::vector<Error>& errors, std::string_view value, std::string_view field,
                    std::string_view missing_message, std::string_view subject, std::size_t max_chars, bool required,
                    TextLines lines) {
  std::string_view trimmed = Trim(value);
  // The surrounding whitespace is not part of the length, but a form feed or vertical tab there is still refused.
  auto error = FindForbidden(trimmed, field, subject, lines);
  if (!error) error = FindForbidden(value, field, subject, TextLines::kMulti);
  if (error) {
    errors.push_back(std::move(*error));
  } else if (required && trimmed.empty()) {
    errors.push_back({ErrorKind::kInvalid, std::string(missing_message), std::string(field)});
  } else if (Utf8Length(trimmed) > max_chars) {
    errors.push_back({ErrorKind::kInvalid,
                      std::string(subject) + " darf höchstens " + std::to_string(max_chars) + " Zeichen lang sein.",
                      std::string(field)});
  }
}

bool IsValidEmailAddress(std::string_view address) {
  return !address.empty() && !EmailProblem(address);
}

void CheckEmailField(std::vector<Error>& errors, std::string_view value, std::string_view field, bool required) {
  const std::string_view trimmed = Trim(value);
  if (auto error = FindForbidden(trimmed, field, "Die E-Mail-Adresse", TextLines::kSingle)) {
    errors.push_back(std::move(*error));
  } else if (trimmed.empty()) {
    if (required) {
      errors.push_back({ErrorKind::kInvalid, "Bitte geben Sie Ihre E-Mail-Adresse an.", std::string(field)});
    }
  } else if (auto problem = EmailProblem(trimmed)) {
    errors.push_back(
        {ErrorKind::kInvalid, "Bitte geben Sie eine gültige E-Mail-Adresse an. " + *problem, std::string(field)});
  }
}

Status CheckEmailAddress(std::string_view value, std::string_view field) {
  std::vector<Error> errors;
  CheckEmailField(errors, value, field, true);
  if (!errors.empty()) return std::unexpected(std::move(errors.front()));
  return Ok{};
}

}  // namespace mw
