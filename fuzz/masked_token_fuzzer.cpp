// Fuzz target for UnmaskToken (the CSRF field of every form, straight from the body) and MaskToken: unmasking
// never crashes; what it returns is half as long as the bytes it decoded; masking any secret of up to 192 bytes
// and unmasking gives the secret back, and masking a secret of 16 bytes or more twice never gives the same text.
//
// fuzz-sources: src/platform/core/crypto.cpp
// fuzz-libs: -lsodium
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "platform/core/crypto.hpp"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto secret = mw::UnmaskToken(input)) {
    Check(!secret->empty());
    Check(input.size() <= 512);
    // base64url without padding: 4 characters per 3 bytes, rounded up.
    Check(input.size() == (secret->size() * 2 * 4 + 2) / 3);
    Check(mw::UnmaskToken(mw::MaskToken(*secret)) == secret);
  }
  if (!input.empty() && input.size() <= 192) {
    const std::string first = mw::MaskToken(input);
    Check(mw::UnmaskToken(first) == std::string(input));
    if (input.size() >= 16) Check(mw::MaskToken(input) != first);  // a fresh pad of 128 bits or more
  }
  return 0;
}
