// Fuzz target for MultipartBoundary (the Content-Type header of a form upload). A boundary it returns satisfies
// RFC 2046, and quoting it in a fresh header gives it back.
//
// fuzz-sources: src/platform/http/parsers.cpp src/platform/core/text.cpp
// fuzz-dict: fuzz/multipart.dict
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "platform/http/parsers.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto boundary = mw::http::MultipartBoundary(input);
  if (!boundary) {
    Check(boundary.error().kind == mw::ErrorKind::kInvalid);
    return 0;
  }
  Check(!boundary->empty() && boundary->size() <= 70 && boundary->back() != ' ');
  for (char c : *boundary) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    Check(alnum || (c != '\0' && std::strchr("'()+_,-./:=? ", c) != nullptr));
  }
  auto again = mw::http::MultipartBoundary("multipart/form-data; boundary=\"" + *boundary + "\"");
  Check(again.has_value() && *again == *boundary);
  return 0;
}
