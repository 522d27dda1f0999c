#include "formats/procedures/uploads.hpp"

#include <algorithm>
#include <array>
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

}  // namespace

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

std::string SafeFileName(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '"' || c == '\\' || c == '/') continue;
    out += c;
  }
  if (!IsValidUtf8(out)) out.clear();
  if (out.size() > 200) {
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
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
