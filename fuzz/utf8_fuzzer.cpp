// Fuzz target for the text utilities. IsValidUtf8 is compared with an independent decoder that computes each code
// point; Utf8Length, HtmlEscape, Trim, AsciiLower and IEquals are checked for the properties callers rely on.
//
// fuzz-sources: src/platform/core/text.cpp
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/core/text.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// Returns the number of code points, or -1 if `s` is not well-formed UTF-8.
long ReferenceDecode(std::string_view s) {
  long count = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const unsigned lead = static_cast<unsigned char>(s[pos]);
    std::size_t length = 0;
    unsigned code_point = 0;
    if ((lead & 0x80) == 0) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return -1;
    }
    if (pos + length > s.size()) return -1;
    for (std::size_t offset = 1; offset < length; ++offset) {
      const unsigned byte = static_cast<unsigned char>(s[pos + offset]);
      if ((byte & 0xC0) != 0x80) return -1;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    static constexpr unsigned kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < kMinimum[length] || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
      return -1;
    }
    pos += length;
    ++count;
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const long reference = ReferenceDecode(input);
  const bool valid = mw::IsValidUtf8(input);
  Check(valid == (reference >= 0));
  Check(mw::Utf8Length(input) <= input.size());
  if (valid) Check(mw::Utf8Length(input) == static_cast<std::size_t>(reference));

  const std::string escaped = mw::HtmlEscape(input);
  Check(mw::IsValidUtf8(escaped) == valid);
  Check(escaped.find_first_of("<>\"'") == std::string::npos);

  const std::string_view trimmed = mw::Trim(input);
  Check(trimmed.empty() || (trimmed.data() >= input.data() && trimmed.data() + trimmed.size() <= input.data() + size));

  const std::string lower = mw::AsciiLower(input);
  Check(lower.size() == input.size() && mw::IsValidUtf8(lower) == valid);
  Check(mw::IEquals(input, lower));
  return 0;
}
