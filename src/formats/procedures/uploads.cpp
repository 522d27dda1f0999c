#include "formats/procedures/uploads.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && IEquals(text.substr(text.size() - suffix.size()), suffix);
}

// Whether `head` is valid UTF-8 apart from a character cut off at its end.
bool LooksLikeText(std::string_view head, bool complete) {
  if (head.find('\0') != std::string_view::npos) return false;
  if (IsValidUtf8(head)) return true;
  if (complete) return false;
  for (std::size_t cut = 1; cut <= 3 && cut < head.size(); ++cut) {
    if (IsValidUtf8(head.substr(0, head.size() - cut))) return true;
  }
  return false;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kZipTypes{{
    {".odt", "application/vnd.oasis.opendocument.text"},
    {".ods", "application/vnd.oasis.opendocument.spreadsheet"},
    {".odg", "application/vnd.oasis.opendocument.graphics"},
    {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
}};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kPlainTypes{{
    {"application/pdf", ".pdf"},
    {"image/png", ".png"},
    {"image/jpeg", ".jpg"},
    {"text/plain; charset=utf-8", ".txt"},
    {"text/csv; charset=utf-8", ".csv"},
}};

}  // namespace

std::string FileNameForType(std::string_view name, std::string_view content_type) {
  std::string_view extension;
  for (const auto& [type, suffix] : kPlainTypes) {
    if (type == content_type) extension = suffix;
  }
  for (const auto& [suffix, type] : kZipTypes) {
    if (type == content_type) extension = suffix;
  }
  if (extension.empty() || EndsWithIgnoringCase(name, extension) ||
      (extension == ".jpg" && EndsWithIgnoringCase(name, ".jpeg"))) {
    return std::string(name);
  }
  std::string_view stem = name;
  auto dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) {
    std::string_view old = name.substr(dot + 1);
    bool looks_like_extension = !old.empty() && old.size() <= 5 &&
                                std::all_of(old.begin(), old.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }) &&
                                std::any_of(old.begin(), old.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
    if (looks_like_extension) stem = name.substr(0, dot);
  }
  return CutText(stem, 200, {}, 200 - extension.size()) + std::string(extension);
}

std::optional<std::string> SniffUpload(std::string_view head, std::string_view filename) {
  if (StartsWith(head, "%PDF-")) return "application/pdf";
  if (StartsWith(head, "\x89PNG\r\n\x1a\n")) return "image/png";
  if (StartsWith(head, "\xff\xd8\xff")) return "image/jpeg";
  if (StartsWith(head, "PK\x03\x04")) {
    for (const auto& [suffix, type] : kZipTypes) {
      if (EndsWithIgnoringCase(filename, suffix)) return std::string(type);
    }
    return std::nullopt;
  }
  if (!head.empty() && (EndsWithIgnoringCase(filename, ".txt") || EndsWithIgnoringCase(filename, ".csv")) &&
      LooksLikeText(head, head.size() < kSniffBytes)) {
    return EndsWithIgnoringCase(filename, ".csv") ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
  }
  return std::nullopt;
}

bool IsCompletePdf(std::string_view head, std::string_view tail, std::uint64_t size, const ReadAt& read_at) {
  // "%PDF-" and a version: a digit, a dot, a digit.
  if (head.size() < 8 || !StartsWith(head, "%PDF-") || !IsDigit(head[5]) || head[6] != '.' || !IsDigit(head[7])) {
    return false;
  }
  if (tail.size() > kPdfTailBytes) tail = tail.substr(tail.size() - kPdfTailBytes);
  std::size_t eof = tail.rfind("%%EOF");
  if (eof == std::string_view::npos) return false;
  std::size_t startxref = tail.rfind("startxref", eof);
  if (startxref == std::string_view::npos) return false;
  // Between them: whitespace, the byte offset of the cross-reference section, whitespace.
  std::string_view between = Trim(tail.substr(startxref + 9, eof - startxref - 9));
  if (between.empty() || between.size() > 19) return false;
  std::uint64_t offset = 0;
  for (char c : between) {
    if (!IsDigit(c)) return false;
    offset = offset * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (offset >= size) return false;
  // The cross-reference section ("xref") or stream (an object, "12 0 obj") starts at the offset. Writers that
  // changed line ends afterwards leave it a few bytes off, which readers forgive: so look a little around it.
  constexpr std::uint64_t kSlack = 16;
  const std::uint64_t from = offset > kSlack ? offset - kSlack : 0;
  const std::string around = read_at(from, 64);
  auto blank = [](char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == '\0'; };
  // The keyword "xref" on its own (not the end of "startxref").
  for (std::size_t at = around.find("xref"); at != std::string::npos; at = around.find("xref", at + 1)) {
    const bool starts = at == 0 || blank(around[at - 1]);
    if (starts && (at + 4 == around.size() || blank(around[at + 4]))) return true;
  }
  for (std::size_t obj = around.find("obj"); obj != std::string::npos; obj = around.find("obj", obj + 1)) {
    // "<number> <number> obj"
    std::size_t at = obj;
    auto skip_blanks = [&] {
      std::size_t start = at;
      while (at > 0 && (around[at - 1] == ' ' || around[at - 1] == '\r' || around[at - 1] == '\n')) --at;
      return at < start;
    };
    auto skip_digits = [&] {
      std::size_t start = at;
      while (at > 0 && IsDigit(around[at - 1])) --at;
      return at < start;
    };
    if (skip_blanks() && skip_digits() && skip_blanks() && skip_digits()) return true;
  }
  return false;
}

bool IsCompletePdf(std::string_view bytes) {
  return IsCompletePdf(bytes.substr(0, kSniffBytes), bytes.substr(bytes.size() > kPdfTailBytes ? bytes.size() - kPdfTailBytes : 0),
                       bytes.size(), [bytes](std::uint64_t offset, std::size_t count) {
                         return std::string(bytes.substr(std::min<std::uint64_t>(offset, bytes.size()), count));
                       });
}

std::string SafeFileName(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  if (IsValidUtf8(name)) {
    // Control characters and what is invisible or turns the text around it (IsInvisible) would hide or reorder
    // what a person reads in a file name.
    for (std::size_t pos = 0; pos < name.size();) {
      const std::size_t start = pos;
      const char32_t code_point = NextCodePoint(name, pos);
      if (!IsInvisible(code_point) && code_point != '"' && code_point != '\\' && code_point != '/') {
        out.append(name.substr(start, pos - start));
      }
    }
  }
  out = CutText(out, 200, {}, 200);
  std::string_view trimmed = Trim(out);
  if (trimmed.empty() || trimmed == "." || trimmed == "..") return "datei";
  return std::string(trimmed);
}

std::string SizeLabel(std::uint64_t bytes, std::string_view locale) {
  char buffer[64];
  if (bytes < 1000) {
    std::snprintf(buffer, sizeof buffer, "%llu Bytes", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1000 * 1000) {
    std::snprintf(buffer, sizeof buffer, "%llu kB", static_cast<unsigned long long>((bytes + 500) / 1000));
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / 1e6);
  }
  std::string out = buffer;
  if (locale != "en") std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

}  // namespace mw::procedures
