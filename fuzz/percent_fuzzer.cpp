// Fuzz target for PercentDecode. The first byte chooses whether '+' means space. On success the result is valid
// UTF-8 without NUL, and escaping every byte of it decodes back to the same text.
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

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool plus_is_space = (data[0] & 1) != 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto decoded = mw::http::PercentDecode(input, plus_is_space);
  if (!decoded) {
    Check(decoded.error().kind == mw::ErrorKind::kInvalid && !decoded.error().message.empty());
    return 0;
  }
  Check(decoded->size() <= input.size());
  Check(mw::IsValidUtf8(*decoded));
  Check(decoded->find('\0') == std::string::npos);
  if (!plus_is_space) Check(input.find('%') != std::string_view::npos || *decoded == input);

  static constexpr char kHex[] = "0123456789abcdef";
  std::string escaped;
  for (char c : *decoded) {
    const auto byte = static_cast<unsigned char>(c);
    escaped += '%';
    escaped += kHex[byte >> 4];
    escaped += kHex[byte & 0xF];
  }
  auto again = mw::http::PercentDecode(escaped, plus_is_space);
  Check(again.has_value() && *again == *decoded);
  return 0;
}
