// Fuzz target for ParseUrlEncoded (query strings and application/x-www-form-urlencoded bodies).
//
// On success the limits hold and every key and value is valid UTF-8 without NUL; encoding the result again and
// parsing that gives the same fields.
//
// fuzz-sources: src/platform/http/parsers.cpp src/platform/core/text.cpp
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/core/text.hpp"
#include "platform/http/parsers.hpp"

namespace {

constexpr std::size_t kMaxFields = 64;
constexpr std::size_t kMaxValue = 256;

void Check(bool condition) {
  if (!condition) std::abort();
}

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto fields = mw::http::ParseUrlEncoded(input, kMaxFields, kMaxValue);
  if (!fields) {
    Check(!fields.error().message.empty());
    Check(fields.error().kind == mw::ErrorKind::kInvalid || fields.error().kind == mw::ErrorKind::kTooLarge);
    return 0;
  }
  Check(fields->size() <= kMaxFields);
  std::string encoded;
  for (const auto& [key, value] : *fields) {
    Check(key.size() <= kMaxValue && value.size() <= kMaxValue);
    Check(mw::IsValidUtf8(key) && mw::IsValidUtf8(value));
    Check(key.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
    encoded += Encode(key) + "=" + Encode(value) + "&";
  }
  auto again = mw::http::ParseUrlEncoded(encoded, kMaxFields, kMaxValue);
  Check(again.has_value() && *again == *fields);
  return 0;
}
