// Fuzz target for the request target (wire::ParseTarget: path and query of every request, straight from the
// socket) and for the Accept-Encoding header (wire::AcceptsGzip).
//
// A target that ParseTarget accepts was printable ASCII without '#'; its path starts with '/', is valid UTF-8
// without NUL and has no "." or ".." segment; its query keys and values are valid UTF-8 without NUL. Writing the
// result out again (every byte but '/' percent-encoded) and parsing that gives the same path and query.
//
// fuzz-sources: src/platform/http/wire.cpp src/platform/http/parsers.cpp src/platform/core/text.cpp
// fuzz-libs: -lz
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/core/text.hpp"
#include "platform/http/wire.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

std::string Encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (keep_slash && c == '/') {
      out += c;
      continue;
    }
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

bool HasDotSegment(std::string_view path) {
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment == "." || segment == "..") return true;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)mw::http::wire::AcceptsGzip(input);

  auto target = mw::http::wire::ParseTarget(input);
  if (!target) {
    Check(!target.error().message.empty());
    return 0;
  }
  for (unsigned char c : input) Check(c > 0x20 && c < 0x7f && c != '#');
  const std::string& path = target->path;
  Check(!path.empty() && path.front() == '/');
  Check(mw::IsValidUtf8(path) && path.find('\0') == std::string::npos);
  Check(!HasDotSegment(path));
  std::string query;
  for (const auto& [key, value] : target->query) {
    Check(mw::IsValidUtf8(key) && mw::IsValidUtf8(value));
    Check(key.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
    query += Encode(key, false) + "=" + Encode(value, false) + "&";
  }

  auto again = mw::http::wire::ParseTarget(Encode(path, true) + "?" + query);
  Check(again.has_value());
  Check(again->path == path && again->query == target->query);
  return 0;
}
