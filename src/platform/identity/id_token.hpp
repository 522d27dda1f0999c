// Verification of a provider's ID token (OpenID Connect Core 1.0, section 3.1.3.7) against its JSON Web Key Set.
// cjose does the JOSE work (JWS, JWK); this module decides which algorithms and keys are acceptable and checks the
// claims. "now" is a parameter: nothing here reads the clock.
//
//   HttpJwksSource source(http, provider, metadata.jwks_uri);  // client.hpp; tests give their own source
//   JwksCache keys(source);                                     // one per provider, kept for the process
//   auto token = keys.Verify(tokens.id_token, provider, start.nonce, now);
//   if (!token) return LoginFailed(token.error());  // German sentence; error().field names the rule ("exp", "aud")
//   token->subject, token->trust_level
//
// Accepted: RS256/384/512, PS256/384/512 with an RSA key of at least 2048 bits, ES256/384/512 with a key on the
// matching curve. Refused: "none", every HS* (a public key used as an HMAC secret is the classic confusion), any
// other or unknown algorithm, a token with `crit` header parameters, encrypted tokens (JWE).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/core/result.hpp"
#include "platform/identity/config.hpp"

namespace mw::identity {

inline constexpr std::int64_t kClockSkewSeconds = 60;
inline constexpr std::size_t kMaxIdTokenBytes = 16 * 1024;
inline constexpr std::size_t kMaxJwksKeys = 50;

// A provider's signing keys as cjose imported them. Keys of a type it cannot use for signatures (kty other than RSA
// and EC, `use` other than "sig") are left out; a set with none left is an error.
class Jwks {
 public:
  struct Key;

  static Result<Jwks> Parse(std::string_view document, const ProviderConfig& provider);

  Jwks(Jwks&&) noexcept;
  Jwks& operator=(Jwks&&) noexcept;
  ~Jwks();

  std::size_t size() const { return keys_.size(); }
  // The key with this `kid` that may verify `alg` (any key that may, when `kid` is empty and it is the only one);
  // nullptr when there is none.
  const Key* Find(std::string_view kid, std::string_view alg) const;

 private:
  Jwks() = default;
  std::vector<std::unique_ptr<Key>> keys_;
};

// What a verified ID token says.
struct IdToken {
  std::string subject;  // `sub`: the person at this provider, stable
  std::string acr;      // empty when the provider sent none
  TrustLevel trust_level = TrustLevel::kBasic;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  boost::json::object claims;  // every claim, for the claim mapping
};

// Verifies signature and claims: `iss` equal to the provider's issuer, `aud` naming the client (and `azp` the client
// when there are several audiences or it is present), `exp` not passed and `iat` not in the future (each with
// kClockSkewSeconds), `nonce` equal to the one sent, `sub` present. Errors are kUnauthorized, field = the rule.
Result<IdToken> VerifyIdToken(std::string_view token, const Jwks& keys, const ProviderConfig& provider,
                              std::string_view nonce, std::int64_t now);

// What a verified logout token says (OpenID Connect Back-Channel Logout 1.0, section 2.4): whose sessions at the
// provider ended — the person (`sub`), the provider's session (`sid`), or both; at least one is present.
struct LogoutToken {
  std::string subject;
  std::string sid;
  std::string jti;
  std::int64_t issued_at = 0;
};

inline constexpr std::string_view kBackChannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";
// A logout token older than this (by `iat`) is refused: it is sent at once when the session ends.
inline constexpr std::int64_t kMaxLogoutTokenAgeSeconds = 10 * 60;

// Verifies a logout token with the same keys and algorithms as an ID token, and its own claim rules: `iss` and `aud`
// as for an ID token, `iat` present, not in the future and at most kMaxLogoutTokenAgeSeconds old, `exp` (if sent) not
// passed, `jti` present, `events` an object holding kBackChannelLogoutEvent with an object value, no `nonce` (so that
// an ID token cannot pass as a logout token), and `sub` and/or `sid`. Errors are kUnauthorized, field = the rule.
Result<LogoutToken> VerifyLogoutToken(std::string_view token, const Jwks& keys, const ProviderConfig& provider,
                                      std::int64_t now);

// Where a provider's JWKS document comes from (HttpJwksSource in client.hpp fetches the jwks_uri).
class JwksSource {
 public:
  virtual ~JwksSource() = default;
  virtual Result<std::string> FetchJwks() = 0;
};

// A provider's keys, fetched on first use and kept. Fetched again when older than kMaxAgeSeconds, and once when a
// token names a key the cache does not hold (the provider rotated its keys) — but not sooner than
// kMinRefreshSeconds after the last fetch, so that tokens with made-up `kid`s cannot make the portal hammer the
// provider. Thread-safe; a fetch holds the lock, so concurrent logins wait for one fetch.
class JwksCache {
 public:
  static constexpr std::int64_t kMaxAgeSeconds = 24 * 60 * 60;
  static constexpr std::int64_t kMinRefreshSeconds = 10;

  // `source` must outlive the cache.
  explicit JwksCache(JwksSource& source) : source_(source) {}
  JwksCache(const JwksCache&) = delete;
  JwksCache& operator=(const JwksCache&) = delete;

  Result<IdToken> Verify(std::string_view token, const ProviderConfig& provider, std::string_view nonce,
                         std::int64_t now);
  // The same for a logout token (VerifyLogoutToken's rules).
  Result<LogoutToken> VerifyLogout(std::string_view token, const ProviderConfig& provider, std::int64_t now);

 private:
  // The token's payload once its signature is verified by a key of the cache (fetched as Verify describes).
  Result<boost::json::object> SignedClaims(std::string_view token, const ProviderConfig& provider, std::int64_t now);

  Status Refresh(const ProviderConfig& provider, std::int64_t now);

  JwksSource& source_;
  std::mutex mutex_;
  std::unique_ptr<Jwks> keys_;
  std::int64_t fetched_at_ = 0;
  std::int64_t attempted_at_ = 0;
};

}  // namespace mw::identity
