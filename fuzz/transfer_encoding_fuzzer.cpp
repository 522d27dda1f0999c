// Fuzz target for http::wire::TransferEncodingStatus: never crashes; answers only 0, 400 or 501; 0 only for a list
// whose one coding is "chunked"; the answer does not depend on how the list is split over header lines at commas.
//
// Input: header values separated by '\n'; the first byte's lowest bit chooses HTTP/1.0 (set) or HTTP/1.1.
//
// fuzz-sources: src/platform/http/wire.cpp src/platform/http/parsers.cpp src/platform/core/text.cpp
// fuzz-libs: -lz
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/text.hpp"
#include "platform/http/wire.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned version = (data[0] & 1) != 0 ? 10 : 11;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string_view> values;
  for (std::size_t start = 0;;) {
    const std::size_t newline = input.find('\n', start);
    values.push_back(input.substr(start, newline == std::string_view::npos ? std::string_view::npos : newline - start));
    if (newline == std::string_view::npos) break;
    start = newline + 1;
  }
  const int status = mw::http::wire::TransferEncodingStatus(values, version);
  Check(status == 0 || status == 400 || status == 501);
  if (version == 10) Check(status == 400);

  // The same list on one line (RFC 9110 5.3: several field lines are one comma-separated list).
  std::string joined;
  for (std::string_view value : values) {
    if (!joined.empty()) joined += ",";
    joined += value;
  }
  Check(mw::http::wire::TransferEncodingStatus({joined}, version) == status);
  if (status == 0) {
    // Exactly one non-empty element, and it is "chunked".
    int elements = 0;
    std::string_view rest = joined;
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view element = mw::Trim(rest.substr(0, comma));
      if (!element.empty()) {
        ++elements;
        Check(mw::IEquals(element, "chunked"));
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    Check(elements == 1);
  }
  return 0;
}
