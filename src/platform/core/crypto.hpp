// Cryptographic building blocks on libsodium: random tokens, SHA-256, Argon2id password hashes, constant-time
// comparison. Call InitCrypto() once at start-up (idempotent, thread-safe).
//
//   std::string token = mw::RandomToken();         // 43 URL-safe characters, 256 bits
//   std::string stored = mw::Sha256Hex(token);      // what the database keeps
//   std::string hash = mw::HashPassword("geheim");  // "$argon2id$v=19$..."
//   bool ok = mw::VerifyPassword(hash, "geheim");
//   std::string in_page = mw::MaskToken(csrf);      // different on every call
//   bool same = mw::UnmaskToken(in_page) == csrf;   // true
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mw {

void InitCrypto();

// `bytes` random bytes, base64url without padding.
std::string RandomToken(std::size_t bytes = 32);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// SHA-256 of `data`, base64url without padding (43 characters): the PKCE S256 code challenge (RFC 7636).
std::string Sha256Base64Url(std::string_view data);

// Argon2id (libsodium crypto_pwhash_str, interactive limits). Never fails except on memory exhaustion (throws).
std::string HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);

bool ConstantTimeEquals(std::string_view a, std::string_view b);

// A secret (a CSRF token) as it may appear in a compressed response: a fresh random pad and the secret XOR the pad,
// together base64url without padding (twice the secret's length in bytes). Every call gives a different text, so a
// page that also reflects a visitor's input leaks nothing about the secret through its compressed length (BREACH).
std::string MaskToken(std::string_view secret);
// The secret of a masked text, or nullopt if `masked` is not base64url of an even, non-zero number of bytes (at most
// 512 characters). Untrusted input.
std::optional<std::string> UnmaskToken(std::string_view masked);

}  // namespace mw
