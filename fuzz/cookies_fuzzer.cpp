// Fuzz target for ParseCookies: never fails, keeps at most 100 cookies, names are tokens, values are valid UTF-8
// without control characters.
//
// fuzz-sources: src/platform/http/parsers.cpp src/platform/core/text.cpp
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "platform/core/text.hpp"
#include "platform/http/parsers.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

bool IsTokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto cookies = mw::http::ParseCookies(input);
  Check(cookies.size() <= 100);
  for (const auto& [name, value] : cookies) {
    Check(!name.empty());
    for (char c : name) Check(IsTokenChar(c));
    Check(mw::IsValidUtf8(value));
    for (char c : value) Check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);
    Check(input.find(name) != std::string_view::npos && input.find(value) != std::string_view::npos);
  }
  return 0;
}
