#include "platform/identity/id_token.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <cjose/cjose.h>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "platform/core/crypto.hpp"
#include "platform/identity/json.hpp"

namespace mw::identity {

struct Jwks::Key {
  std::unique_ptr<cjose_jwk_t, decltype(&cjose_jwk_release)> jwk{nullptr, cjose_jwk_release};
  std::string kid;
  std::string alg;  // the key's own `alg`, if it names one
  cjose_jwk_kty_t kty = CJOSE_JWK_KTY_RSA;
  cjose_jwk_ec_curve curve = CJOSE_JWK_EC_INVALID;
  std::size_t bits = 0;
};

namespace {

constexpr std::size_t kMinRsaBits = 2048;
constexpr std::size_t kMaxSubjectChars = 255;

struct JwsDeleter {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
using JwsPtr = std::unique_ptr<cjose_jws_t, JwsDeleter>;

std::unexpected<Error> Rejected(const ProviderConfig& provider, std::string_view why, std::string field) {
  return Fail(ErrorKind::kUnauthorized,
              "Die Anmeldung bei „" + provider.display_name + "“ konnte nicht bestätigt werden: " + std::string(why),
              std::move(field));
}

bool IsRsaAlg(std::string_view alg) {
  return alg == "RS256" || alg == "RS384" || alg == "RS512" || alg == "PS256" || alg == "PS384" || alg == "PS512";
}

std::optional<cjose_jwk_ec_curve> CurveOfAlg(std::string_view alg) {
  if (alg == "ES256") return CJOSE_JWK_EC_P_256;
  if (alg == "ES384") return CJOSE_JWK_EC_P_384;
  if (alg == "ES512") return CJOSE_JWK_EC_P_521;
  return std::nullopt;
}

bool MayVerify(const Jwks::Key& key, std::string_view alg) {
  if (!key.alg.empty() && key.alg != alg) return false;
  if (IsRsaAlg(alg)) return key.kty == CJOSE_JWK_KTY_RSA && key.bits >= kMinRsaBits;
  const auto curve = CurveOfAlg(alg);
  return curve && key.kty == CJOSE_JWK_KTY_EC && key.curve == *curve;
}

// The protected header, read before cjose sees the token so that "none" and HS* are refused by name.
std::optional<boost::json::object> DecodeHeader(std::string_view token) {
  const std::string_view segment = token.substr(0, token.find('.'));
  std::uint8_t* decoded = nullptr;
  std::size_t length = 0;
  if (!cjose_base64url_decode(segment.data(), segment.size(), &decoded, &length, nullptr)) return std::nullopt;
  std::optional<boost::json::object> header =
      ParseJsonObject(std::string_view(reinterpret_cast<const char*>(decoded), length));
  cjose_get_dealloc()(decoded);
  return header;
}

struct ImportedToken {
  JwsPtr jws;
  std::string alg;
  std::string kid;
};

Result<ImportedToken> ImportToken(std::string_view token, const ProviderConfig& provider) {
  if (token.empty() || token.size() > kMaxIdTokenBytes) {
    return Rejected(provider, "Das ID-Token fehlt oder ist zu groß.", "token");
  }
  if (std::count(token.begin(), token.end(), '.') != 2) {
    return Rejected(provider, "Das ID-Token ist kein signiertes Token (JWS).", "token");
  }
  const auto header = DecodeHeader(token);
  if (!header) return Rejected(provider, "Der Kopf des ID-Tokens ist unlesbar.", "token");
  const boost::json::string* alg = StringMember(*header, "alg");
  if (alg == nullptr || !(IsRsaAlg(*alg) || CurveOfAlg(*alg))) {
    return Rejected(provider,
                    "Das ID-Token ist mit einem nicht zugelassenen Verfahren signiert („" +
                        (alg ? std::string(alg->subview().substr(0, 20)) : std::string("?")) + "“).",
                    "alg");
  }
  if (header->contains("crit")) {
    return Rejected(provider, "Das ID-Token verlangt Erweiterungen, die das Portal nicht kennt (crit).", "alg");
  }
  const boost::json::value* kid = header->if_contains("kid");
  if (kid != nullptr && !kid->is_string())
    return Rejected(provider, "Die Schlüsselkennung (kid) ist kein Text.", "kid");
  cjose_err error{};
  JwsPtr jws(cjose_jws_import(token.data(), token.size(), &error));
  if (!jws) return Rejected(provider, "Das ID-Token ist unlesbar.", "token");
  // cjose reads the header itself; it must see the algorithm checked above.
  const char* cjose_alg = cjose_header_get(cjose_jws_get_protected(jws.get()), CJOSE_HDR_ALG, &error);
  if (cjose_alg == nullptr || *alg != cjose_alg)
    return Rejected(provider, "Der Kopf des ID-Tokens ist widersprüchlich.", "alg");
  return ImportedToken{
      .jws = std::move(jws), .alg = std::string(*alg), .kid = kid ? std::string(kid->get_string()) : std::string()};
}

std::optional<std::int64_t> NumericDate(const boost::json::object& claims, std::string_view name) {
  const boost::json::value* value = claims.if_contains(name);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  if (value->is_double() && value->get_double() > -1e15 && value->get_double() < 1e15) {
    return static_cast<std::int64_t>(value->get_double());
  }
  return std::nullopt;
}

Status CheckAudience(const boost::json::object& claims, const ProviderConfig& provider) {
  const boost::json::value* aud = claims.if_contains("aud");
  bool names_client = false;
  std::size_t audiences = 0;
  if (aud != nullptr && aud->is_string()) {
    names_client = aud->get_string() == provider.client_id;
    audiences = 1;
  } else if (aud != nullptr && aud->is_array()) {
    for (const auto& entry : aud->get_array()) {
      names_client = names_client || (entry.is_string() && entry.get_string() == provider.client_id);
    }
    audiences = aud->get_array().size();
  }
  if (!names_client) return Rejected(provider, "Das ID-Token ist nicht für dieses Portal ausgestellt (aud).", "aud");
  const boost::json::string* azp = StringMember(claims, "azp");
  if ((audiences > 1 && azp == nullptr) || (claims.contains("azp") && (azp == nullptr || *azp != provider.client_id))) {
    return Rejected(provider, "Das ID-Token wurde für einen anderen Empfänger ausgestellt (azp).", "azp");
  }
  return Ok{};
}

Result<IdToken> CheckClaims(const boost::json::object& claims, const ProviderConfig& provider, std::string_view nonce,
                            std::int64_t now) {
  const boost::json::string* iss = StringMember(claims, "iss");
  if (iss == nullptr || *iss != provider.issuer) {
    return Rejected(provider, "Das ID-Token stammt von einem anderen Aussteller (iss).", "iss");
  }
  if (auto audience = CheckAudience(claims, provider); !audience) return std::unexpected(audience.error());
  const auto expires_at = NumericDate(claims, "exp");
  if (!expires_at || now >= *expires_at + kClockSkewSeconds) {
    return Rejected(provider, "Das ID-Token ist abgelaufen. Bitte melden Sie sich noch einmal an.", "exp");
  }
  const auto issued_at = NumericDate(claims, "iat");
  if (!issued_at || *issued_at > now + kClockSkewSeconds) {
    return Rejected(provider, "Das ID-Token ist in der Zukunft ausgestellt (iat); geht eine der Uhren falsch?", "iat");
  }
  const boost::json::string* sent_nonce = StringMember(claims, "nonce");
  if (nonce.empty() || sent_nonce == nullptr || !ConstantTimeEquals(*sent_nonce, nonce)) {
    return Rejected(provider, "Das ID-Token gehört nicht zu dieser Anmeldung (nonce).", "nonce");
  }
  const boost::json::string* subject = StringMember(claims, "sub");
  if (subject == nullptr || subject->empty() || subject->size() > kMaxSubjectChars) {
    return Rejected(provider, "Das ID-Token nennt keine gültige Kennung der Person (sub).", "sub");
  }
  IdToken token{.subject = std::string(*subject), .issued_at = *issued_at, .expires_at = *expires_at, .claims = claims};
  if (const boost::json::string* acr = StringMember(claims, "acr")) token.acr = std::string(*acr);
  token.trust_level = provider.LevelOfAcr(token.acr);
  return token;
}

// The payload of a token whose signature `key` verifies.
Result<boost::json::object> SignedPayload(const ImportedToken& imported, const Jwks::Key& key,
                                          const ProviderConfig& provider) {
  cjose_err error{};
  if (!cjose_jws_verify(imported.jws.get(), key.jwk.get(), &error)) {
    return Rejected(provider, "Die Signatur des ID-Tokens ist ungültig.", "signature");
  }
  std::uint8_t* plaintext = nullptr;
  std::size_t length = 0;
  if (!cjose_jws_get_plaintext(imported.jws.get(), &plaintext, &length, &error)) {
    return Rejected(provider, "Der Inhalt des ID-Tokens ist unlesbar.", "token");
  }
  // The plaintext belongs to the JWS.
  auto claims = ParseJsonObject(std::string_view(reinterpret_cast<const char*>(plaintext), length));
  if (!claims) return Rejected(provider, "Der Inhalt des ID-Tokens ist kein JSON-Objekt.", "token");
  return std::move(*claims);
}

Result<LogoutToken> CheckLogoutClaims(const boost::json::object& claims, const ProviderConfig& provider,
                                      std::int64_t now) {
  const auto refused = [&](std::string_view why, std::string rule) {
    return Fail(ErrorKind::kUnauthorized,
                "Die Abmeldung von „" + provider.display_name + "“ wurde nicht angenommen: " + std::string(why),
                std::move(rule));
  };
  const boost::json::string* iss = StringMember(claims, "iss");
  if (iss == nullptr || *iss != provider.issuer)
    return refused("Sie stammt von einem anderen Aussteller (iss).", "iss");
  if (auto audience = CheckAudience(claims, provider); !audience) {
    return refused("Sie ist nicht für dieses Portal ausgestellt (aud).", "aud");
  }
  const auto issued_at = NumericDate(claims, "iat");
  if (!issued_at || *issued_at > now + kClockSkewSeconds ||
      *issued_at < now - kMaxLogoutTokenAgeSeconds - kClockSkewSeconds) {
    return refused("Sie ist zu alt oder in der Zukunft ausgestellt (iat).", "iat");
  }
  if (claims.contains("exp")) {
    const auto expires_at = NumericDate(claims, "exp");
    if (!expires_at || now >= *expires_at + kClockSkewSeconds) return refused("Sie ist abgelaufen (exp).", "exp");
  }
  const boost::json::string* jti = StringMember(claims, "jti");
  if (jti == nullptr || jti->empty()) return refused("Ihr fehlt die Kennung (jti).", "jti");
  const boost::json::value* events = claims.if_contains("events");
  const boost::json::value* event =
      events != nullptr && events->is_object() ? events->get_object().if_contains(kBackChannelLogoutEvent) : nullptr;
  if (event == nullptr || !event->is_object()) return refused("Sie ist kein Abmelde-Ereignis (events).", "events");
  if (claims.contains("nonce")) return refused("Sie enthält eine Nonce und ist damit kein Abmelde-Token.", "nonce");
  const boost::json::string* subject = StringMember(claims, "sub");
  const boost::json::string* sid = StringMember(claims, "sid");
  if ((subject == nullptr || subject->empty()) && (sid == nullptr || sid->empty())) {
    return refused("Sie nennt weder die Person (sub) noch die Sitzung (sid).", "sub");
  }
  if ((subject != nullptr && subject->size() > kMaxSubjectChars) ||
      (sid != nullptr && sid->size() > kMaxSubjectChars)) {
    return refused("Die Kennung der Person oder Sitzung ist zu lang.", "sub");
  }
  return LogoutToken{.subject = subject ? std::string(*subject) : std::string(),
                     .sid = sid ? std::string(*sid) : std::string(),
                     .jti = std::string(*jti),
                     .issued_at = *issued_at};
}

std::unexpected<Error> UnknownKey(const ProviderConfig& provider) {
  return Rejected(provider, "Das ID-Token ist mit einem Schlüssel signiert, den der Dienst nicht veröffentlicht (kid).",
                  "kid");
}

}  // namespace

Jwks::Jwks(Jwks&&) noexcept = default;
Jwks& Jwks::operator=(Jwks&&) noexcept = default;
Jwks::~Jwks() = default;

Result<Jwks> Jwks::Parse(std::string_view document, const ProviderConfig& provider) {
  const auto unusable = [&](std::string_view why) {
    return Fail(
        ErrorKind::kUnavailable,
        "Die Schlüssel des Anmeldedienstes „" + provider.display_name + "“ sind unbrauchbar: " + std::string(why),
        "jwks");
  };
  const auto root = ParseJsonObject(document);
  const boost::json::value* list = root ? root->if_contains("keys") : nullptr;
  if (list == nullptr || !list->is_array()) return unusable("Der Schlüsselsatz (JWKS) ist kein JSON mit „keys“.");
  if (list->get_array().size() > kMaxJwksKeys) return unusable("Der Schlüsselsatz (JWKS) enthält zu viele Schlüssel.");
  Jwks jwks;
  for (const auto& entry : list->get_array()) {
    if (!entry.is_object()) continue;
    const boost::json::string* kty = StringMember(entry.get_object(), "kty");
    const boost::json::string* use = StringMember(entry.get_object(), "use");
    if (kty == nullptr || (*kty != "RSA" && *kty != "EC")) continue;  // oct never belongs in a public key set
    if (entry.get_object().contains("use") && (use == nullptr || *use != "sig")) continue;
    const std::string json = boost::json::serialize(entry);
    cjose_err error{};
    auto key = std::make_unique<Key>();
    key->jwk.reset(cjose_jwk_import(json.data(), json.size(), &error));
    if (!key->jwk) continue;
    key->kty = cjose_jwk_get_kty(key->jwk.get(), &error);
    key->bits = cjose_jwk_get_keysize(key->jwk.get(), &error);
    if (key->kty == CJOSE_JWK_KTY_EC) key->curve = cjose_jwk_EC_get_curve(key->jwk.get(), &error);
    if (const char* kid = cjose_jwk_get_kid(key->jwk.get(), &error)) key->kid = kid;
    if (const boost::json::string* alg = StringMember(entry.get_object(), "alg")) key->alg = std::string(*alg);
    jwks.keys_.push_back(std::move(key));
  }
  if (jwks.keys_.empty()) return unusable("Der Schlüsselsatz (JWKS) enthält keinen unterstützten Signaturschlüssel.");
  return jwks;
}

const Jwks::Key* Jwks::Find(std::string_view kid, std::string_view alg) const {
  const Key* found = nullptr;
  for (const auto& key : keys_) {
    if (!kid.empty() && key->kid != kid) continue;
    if (!MayVerify(*key, alg)) continue;
    if (!kid.empty()) return key.get();
    if (found != nullptr) return nullptr;  // without a kid only an unambiguous key will do
    found = key.get();
  }
  return found;
}

namespace {

// The payload of a JWS from `provider`, signed by one of `keys` (the same checks for ID and logout tokens).
Result<boost::json::object> VerifiedPayload(std::string_view token, const Jwks& keys, const ProviderConfig& provider) {
  auto imported = ImportToken(token, provider);
  if (!imported) return std::unexpected(imported.error());
  const Jwks::Key* key = keys.Find(imported->kid, imported->alg);
  if (key == nullptr) return UnknownKey(provider);
  return SignedPayload(*imported, *key, provider);
}

}  // namespace

Result<IdToken> VerifyIdToken(std::string_view token, const Jwks& keys, const ProviderConfig& provider,
                              std::string_view nonce, std::int64_t now) {
  auto claims = VerifiedPayload(token, keys, provider);
  if (!claims) return std::unexpected(claims.error());
  return CheckClaims(*claims, provider, nonce, now);
}

Result<LogoutToken> VerifyLogoutToken(std::string_view token, const Jwks& keys, const ProviderConfig& provider,
                                      std::int64_t now) {
  auto claims = VerifiedPayload(token, keys, provider);
  if (!claims) return std::unexpected(claims.error());
  return CheckLogoutClaims(*claims, provider, now);
}

Status JwksCache::Refresh(const ProviderConfig& provider, std::int64_t now) {
  attempted_at_ = now;
  auto document = source_.FetchJwks();
  if (!document) return std::unexpected(document.error());
  auto parsed = Jwks::Parse(*document, provider);
  if (!parsed) return std::unexpected(parsed.error());
  keys_ = std::make_unique<Jwks>(std::move(*parsed));
  fetched_at_ = now;
  return Ok{};
}

Result<boost::json::object> JwksCache::SignedClaims(std::string_view token, const ProviderConfig& provider,
                                                    std::int64_t now) {
  // Garbage and refused algorithms are turned away before any fetch.
  auto imported = ImportToken(token, provider);
  if (!imported) return std::unexpected(imported.error());
  std::lock_guard lock(mutex_);
  if (!keys_ || now - fetched_at_ >= kMaxAgeSeconds) {
    if (auto refreshed = Refresh(provider, now); !refreshed && !keys_) return std::unexpected(refreshed.error());
  }
  const Jwks::Key* key = keys_->Find(imported->kid, imported->alg);
  if (key == nullptr && now - attempted_at_ >= kMinRefreshSeconds) {
    if (auto refreshed = Refresh(provider, now); !refreshed) return std::unexpected(refreshed.error());
    key = keys_->Find(imported->kid, imported->alg);
  }
  if (key == nullptr) return UnknownKey(provider);
  return SignedPayload(*imported, *key, provider);
}

Result<IdToken> JwksCache::Verify(std::string_view token, const ProviderConfig& provider, std::string_view nonce,
                                  std::int64_t now) {
  auto claims = SignedClaims(token, provider, now);
  if (!claims) return std::unexpected(claims.error());
  return CheckClaims(*claims, provider, nonce, now);
}

Result<LogoutToken> JwksCache::VerifyLogout(std::string_view token, const ProviderConfig& provider, std::int64_t now) {
  auto claims = SignedClaims(token, provider, now);
  if (!claims) return std::unexpected(claims.error());
  return CheckLogoutClaims(*claims, provider, now);
}

}  // namespace mw::identity
