#include "platform/core/crypto.hpp"

#include <pthread.h>
#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace mw {

namespace {

// Changed in a forked child, so that it drops the random bytes it inherited from its parent.
std::atomic<unsigned> g_fork_generation{0};

}  // namespace

void InitCrypto() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    pthread_atfork(nullptr, nullptr, [] { g_fork_generation.fetch_add(1); });
  });
}

namespace {

// Random bytes for tokens (session, CSRF, the mask of every page's CSRF token) from a per-thread buffer that
// libsodium's randombytes_buf (the kernel's getrandom) fills 4 KiB at a time: one system call per hundred tokens
// instead of one or two per page. Bytes handed out are wiped from the buffer; a forked child refills before use.
void FillRandom(unsigned char* out, std::size_t size) {
  constexpr std::size_t kBufferBytes = 4096;
  if (size > kBufferBytes / 16) {
    randombytes_buf(out, size);
    return;
  }
  thread_local unsigned char buffer[kBufferBytes];
  thread_local std::size_t used = kBufferBytes;
  thread_local unsigned generation = 0;
  if (const unsigned now = g_fork_generation.load(std::memory_order_relaxed); now != generation) {
    generation = now;
    used = kBufferBytes;
  }
  while (size > 0) {
    if (used == kBufferBytes) {
      randombytes_buf(buffer, kBufferBytes);
      used = 0;
    }
    const std::size_t taken = std::min(size, kBufferBytes - used);
    std::memcpy(out, buffer + used, taken);
    sodium_memzero(buffer + used, taken);
    used += taken;
    out += taken;
    size -= taken;
  }
}

std::string Base64Url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

std::string RandomToken(std::size_t bytes) {
  InitCrypto();
  std::vector<unsigned char> raw(bytes);
  FillRandom(raw.data(), raw.size());
  return Base64Url(raw.data(), raw.size());
}

std::string Sha256Hex(std::string_view data) {
  InitCrypto();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

std::string Sha256Base64Url(std::string_view data) {
  InitCrypto();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Base64Url(digest, sizeof digest);
}

std::string HashPassword(std::string_view password) {
  InitCrypto();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  InitCrypto();
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string MaskToken(std::string_view secret) {
  InitCrypto();
  std::vector<unsigned char> raw(2 * secret.size());
  FillRandom(raw.data(), secret.size());
  for (std::size_t byte_idx = 0; byte_idx < secret.size(); ++byte_idx) {
    raw[secret.size() + byte_idx] = raw[byte_idx] ^ static_cast<unsigned char>(secret[byte_idx]);
  }
  return Base64Url(raw.data(), raw.size());
}

std::optional<std::string> UnmaskToken(std::string_view masked) {
  constexpr std::size_t kMaxMaskedChars = 512;
  if (masked.empty() || masked.size() > kMaxMaskedChars) return std::nullopt;
  InitCrypto();
  std::vector<unsigned char> raw(masked.size());
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(raw.data(), raw.size(), masked.data(), masked.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != masked.data() + masked.size() || length == 0 || length % 2 != 0) {
    return std::nullopt;
  }
  const std::size_t half = length / 2;
  std::string secret(half, '\0');
  for (std::size_t byte_idx = 0; byte_idx < half; ++byte_idx) {
    secret[byte_idx] = static_cast<char>(raw[byte_idx] ^ raw[half + byte_idx]);
  }
  return secret;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace mw
