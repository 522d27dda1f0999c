// Fuzz target for the law module's parsers of form input: ParseIsoDate ("2025-11-19"), ParseLength ("P14D") and
// ParseLand ("SN"). A date it accepts exists and is written back exactly as given; a length has a count of at least
// one; a Land code names a Land whose code matches the input apart from case and surrounding spaces. Errors carry
// a message.
//
// fuzz-sources: src/law/date.cpp src/law/periods.cpp src/law/holidays.cpp src/platform/core/text.cpp
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "law/date.hpp"
#include "law/holidays.hpp"
#include "law/periods.hpp"
#include "platform/core/text.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (auto date = mw::law::ParseIsoDate(input)) {
    Check(mw::law::IsValidDate(*date));
    Check(mw::law::FormatIso(*date) == input);
  } else {
    Check(!date.error().message.empty());
  }

  if (auto length = mw::law::ParseLength(input)) {
    Check(length->count >= 1);
  } else {
    Check(!length.error().message.empty());
  }

  if (auto land = mw::law::ParseLand(input)) {
    Check(mw::IEquals(mw::law::LandCode(*land), mw::Trim(input)));
  } else {
    Check(!land.error().message.empty());
  }
  return 0;
}
