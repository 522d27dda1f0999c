// ID token verification: every rule of OpenID Connect Core 1.0, section 3.1.3.7 the portal relies on, and the attacks
// on JOSE it must refuse, with keys cjose generates for the test.
#include "platform/identity/id_token.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "platform/identity/test_tokens.hpp"

namespace mw::identity {
namespace {

using testing::MakeEcKey;
using testing::MakeRsaKey;
using testing::PublicJwks;
using testing::Sign;
using testing::TestKey;

constexpr std::int64_t kNow = 1'796'000'000;
constexpr std::string_view kNonce = "n-0S6_WzA2Mj";

ProviderConfig Provider() {
  return testing::TestProvider();
}

boost::json::object Claims() {
  return {{"iss", "https://login.sachsen.example/realms/amt24"},
          {"sub", "248289761001"},
          {"aud", "mitwirken"},
          {"exp", kNow + 300},
          {"iat", kNow - 5},
          {"nonce", kNonce},
          {"acr", "urn:eid:substantial"},
          {"name", "Erika Mustermann"}};
}

// Keys are generated once: RSA generation takes a while.
const TestKey& Rsa() {
  static const TestKey key = MakeRsaKey("rsa-2026");
  return key;
}
const TestKey& Ec() {
  static const TestKey key = MakeEcKey("ec-2026");
  return key;
}

Jwks Keys() {
  auto keys = Jwks::Parse(PublicJwks({&Rsa(), &Ec()}), Provider());
  EXPECT_TRUE(keys.has_value());
  return std::move(*keys);
}

// The rule a token broke (the error's field), or "ok".
std::string Outcome(const std::string& token, std::int64_t now = kNow, std::string_view nonce = kNonce) {
  auto verified = VerifyIdToken(token, Keys(), Provider(), nonce, now);
  if (verified) return "ok";
  EXPECT_EQ(verified.error().kind, ErrorKind::kUnauthorized);
  EXPECT_NE(verified.error().message.find("Servicekonto Sachsen"), std::string::npos) << verified.error().message;
  return verified.error().field;
}

TEST(IdToken, AValidRs256TokenGivesTheSubjectAndTheMappedLevel) {
  auto verified = VerifyIdToken(Sign(Rsa(), Claims()), Keys(), Provider(), kNonce, kNow);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->subject, "248289761001");
  EXPECT_EQ(verified->acr, "urn:eid:substantial");
  EXPECT_EQ(verified->trust_level, TrustLevel::kSubstantial);
  EXPECT_EQ(verified->expires_at, kNow + 300);
  EXPECT_EQ(verified->claims.at("name").as_string(), "Erika Mustermann");
}

TEST(IdToken, AValidEs256TokenIsAccepted) {
  auto claims = Claims();
  claims["acr"] = "urn:eid:high";
  auto verified = VerifyIdToken(Sign(Ec(), claims), Keys(), Provider(), kNonce, kNow);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->trust_level, TrustLevel::kHigh);
}

TEST(IdToken, AnUnmappedOrMissingAcrIsBasic) {
  auto claims = Claims();
  claims["acr"] = "urn:something:else";
  EXPECT_EQ(VerifyIdToken(Sign(Rsa(), claims), Keys(), Provider(), kNonce, kNow)->trust_level, TrustLevel::kBasic);
  claims.erase("acr");
  EXPECT_EQ(VerifyIdToken(Sign(Rsa(), claims), Keys(), Provider(), kNonce, kNow)->trust_level, TrustLevel::kBasic);
}

TEST(IdToken, ATamperedPayloadFailsTheSignature) {
  const std::string token = Sign(Rsa(), Claims());
  auto forged_claims = Claims();
  forged_claims["sub"] = "jemand-anderes";
  const std::string forged_payload = testing::Base64Url(boost::json::serialize(forged_claims));
  const std::size_t first_dot = token.find('.');
  const std::size_t second_dot = token.find('.', first_dot + 1);
  const std::string tampered = token.substr(0, first_dot + 1) + forged_payload + token.substr(second_dot);
  EXPECT_EQ(Outcome(tampered), "signature");
  // A signature of the other key under the right kid fails too.
  EXPECT_EQ(Outcome(Sign(MakeEcKey("ec-2026"), Claims())), "signature");
}

TEST(IdToken, ExpiryAllowsTheClockSkewAndNoMore) {
  auto claims = Claims();
  claims["exp"] = kNow - 30;
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "ok");
  claims["exp"] = kNow - kClockSkewSeconds;
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "exp");
  claims["exp"] = kNow - 3600;
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "exp");
  claims.erase("exp");
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "exp");
  claims["exp"] = "morgen";
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "exp");
}

TEST(IdToken, IssuedInTheFutureBeyondTheSkewIsRefused) {
  auto claims = Claims();
  claims["iat"] = kNow + 30;
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "ok");
  claims["iat"] = kNow + kClockSkewSeconds + 1;
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "iat");
  claims.erase("iat");
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "iat");
}

TEST(IdToken, TheAudienceMustNameTheClient) {
  auto claims = Claims();
  claims["aud"] = "anderes-portal";
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "aud");
  claims.erase("aud");
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "aud");
  claims["aud"] = boost::json::array{"anderes-portal", "noch-eins"};
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "aud");
  // Several audiences: azp must name the client.
  claims["aud"] = boost::json::array{"mitwirken", "anderes-portal"};
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "azp");
  claims["azp"] = "anderes-portal";
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "azp");
  claims["azp"] = "mitwirken";
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "ok");
  claims["aud"] = boost::json::array{"mitwirken"};
  claims.erase("azp");
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "ok");
}

TEST(IdToken, TheIssuerMustMatchExactly) {
  auto claims = Claims();
  claims["iss"] = "https://login.sachsen.example/realms/amt24/";
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "iss");
  claims["iss"] = "https://boese.example";
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "iss");
  claims.erase("iss");
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "iss");
}

TEST(IdToken, TheNonceMustBeTheOneSent) {
  EXPECT_EQ(Outcome(Sign(Rsa(), Claims()), kNow, "ein-anderer-nonce"), "nonce");
  EXPECT_EQ(Outcome(Sign(Rsa(), Claims()), kNow, ""), "nonce");
  auto claims = Claims();
  claims.erase("nonce");
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "nonce");
}

TEST(IdToken, TheSubjectMustBePresent) {
  auto claims = Claims();
  claims.erase("sub");
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "sub");
  claims["sub"] = "";
  EXPECT_EQ(Outcome(Sign(Rsa(), claims)), "sub");
}

TEST(IdToken, AlgNoneIsRefused) {
  for (const char* alg : {"none", "None", "NONE"}) {
    EXPECT_EQ(Outcome(testing::Unsigned({{"alg", alg}, {"kid", "rsa-2026"}}, Claims())), "alg") << alg;
  }
  // Even with a signature part appended.
  EXPECT_EQ(Outcome(testing::Unsigned({{"alg", "none"}}, Claims()) + "AAAA"), "alg");
}

TEST(IdToken, Hs256WithThePublicKeyAsSecretIsRefused) {
  // The classic key confusion: the attacker knows the public key and uses it as HMAC secret.
  const std::string public_key = testing::PublicJwk(Rsa());
  testing::JwkPtr secret(
      cjose_jwk_create_oct_spec(reinterpret_cast<const std::uint8_t*>(public_key.data()), public_key.size(), nullptr));
  ASSERT_TRUE(secret);
  for (const char* alg : {"HS256", "HS384", "HS512"}) {
    const std::string token = Sign(secret.get(), Claims(), alg, "rsa-2026");
    ASSERT_FALSE(token.empty());
    EXPECT_EQ(Outcome(token), "alg") << alg;
  }
}

TEST(IdToken, UnknownAndMismatchedAlgorithmsAreRefused) {
  EXPECT_EQ(Outcome(testing::Unsigned({{"alg", "XS999"}, {"kid", "rsa-2026"}}, Claims()) + "AAAA"), "alg");
  EXPECT_EQ(Outcome(testing::Unsigned({{"kid", "rsa-2026"}}, Claims()) + "AAAA"), "alg");
  EXPECT_EQ(Outcome(testing::Unsigned({{"alg", "RS256"}, {"crit", boost::json::array{"exp"}}}, Claims()) + "AAAA"),
            "alg");
  // An RSA key cannot verify ES256, an EC key not RS256: no key is found.
  EXPECT_EQ(Outcome(Sign(Ec(), Claims(), "ES256", "rsa-2026")), "kid");
}

TEST(IdToken, GarbageIsRefusedWithoutCrashing) {
  for (const std::string& token : {std::string(), std::string("abc"), std::string("a.b.c"), std::string("..."),
                                   std::string("eyJhbGciOiJSUzI1NiJ9.e30.e30.e30.e30"),  // five parts: JWE
                                   std::string(kMaxIdTokenBytes + 1, 'a')}) {
    EXPECT_NE(Outcome(token), "ok") << token.substr(0, 40);
  }
  // A validly signed payload that is not a JSON object.
  cjose_header_t* header = cjose_header_new(nullptr);
  cjose_header_set(header, CJOSE_HDR_ALG, "RS256", nullptr);
  cjose_header_set(header, CJOSE_HDR_KID, "rsa-2026", nullptr);
  const std::string payload = "[1,2,3]";
  cjose_jws_t* jws = cjose_jws_sign(Rsa().jwk.get(), header, reinterpret_cast<const std::uint8_t*>(payload.data()),
                                    payload.size(), nullptr);
  const char* compact = nullptr;
  cjose_jws_export(jws, &compact, nullptr);
  EXPECT_EQ(Outcome(compact), "token");
  cjose_jws_release(jws);
  cjose_header_release(header);
}

TEST(IdToken, WithoutKidOnlyAnUnambiguousKeyIsUsed) {
  auto only_rsa = Jwks::Parse(PublicJwks({&Rsa()}), Provider());
  ASSERT_TRUE(only_rsa.has_value());
  const std::string token = Sign(Rsa().jwk.get(), Claims(), "RS256", "");
  EXPECT_TRUE(VerifyIdToken(token, *only_rsa, Provider(), kNonce, kNow).has_value());
  const TestKey second = MakeRsaKey("rsa-2025");
  auto two_rsa = Jwks::Parse(PublicJwks({&Rsa(), &second}), Provider());
  EXPECT_EQ(VerifyIdToken(token, *two_rsa, Provider(), kNonce, kNow).error().field, "kid");
}

TEST(IdToken, AJwksWithoutSupportedKeysIsRefused) {
  const ProviderConfig provider = Provider();
  const std::string okp =
      R"({"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";
  const std::string oct = R"({"kty":"oct","kid":"hmac","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"})";
  const std::string enc = R"({"kty":"RSA","use":"enc","kid":"x","n":"AQAB","e":"AQAB"})";
  for (const std::string& document :
       {"{\"keys\":[" + okp + "]}", "{\"keys\":[" + oct + "]}", "{\"keys\":[" + enc + "]}",
        std::string("{\"keys\":[]}"), std::string("{\"keys\":{}}"), std::string("<html>Wartung</html>"),
        std::string("{\"keys\":[{\"kty\":\"RSA\"}]}")}) {
    auto keys = Jwks::Parse(document, provider);
    ASSERT_FALSE(keys.has_value()) << document;
    EXPECT_EQ(keys.error().kind, ErrorKind::kUnavailable);
    EXPECT_EQ(keys.error().field, "jwks");
  }
  // Beside a supported key, an unsupported one is left out.
  std::string mixed = PublicJwks({&Rsa()});
  mixed.insert(std::string("{\"keys\":[").size(), okp + ",");
  auto keys = Jwks::Parse(mixed, provider);
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(keys->size(), 1u);
}

TEST(IdToken, RsaKeysShorterThan2048BitsAreNotUsed) {
  const TestKey weak = MakeRsaKey("weak", 1024);
  auto keys = Jwks::Parse(PublicJwks({&weak}), Provider());
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(VerifyIdToken(Sign(weak, Claims()), *keys, Provider(), kNonce, kNow).error().field, "kid");
}

// A JWKS source that counts its fetches and can be switched to another key set.
class CountingSource : public JwksSource {
 public:
  explicit CountingSource(std::string document) : document_(std::move(document)) {}
  Result<std::string> FetchJwks() override {
    ++fetches;
    if (down) return Fail(ErrorKind::kUnavailable, "Der Anmeldedienst ist gerade nicht erreichbar.");
    return document_;
  }
  void Publish(std::string document) { document_ = std::move(document); }
  int fetches = 0;
  bool down = false;

 private:
  std::string document_;
};

TEST(JwksCache, FetchesOnFirstUseAndKeepsTheKeys) {
  CountingSource source(PublicJwks({&Rsa(), &Ec()}));
  JwksCache cache(source);
  EXPECT_TRUE(cache.Verify(Sign(Rsa(), Claims()), Provider(), kNonce, kNow).has_value());
  EXPECT_TRUE(cache.Verify(Sign(Ec(), Claims()), Provider(), kNonce, kNow + 10).has_value());
  EXPECT_EQ(source.fetches, 1);
  // After a day the keys are fetched again.
  auto claims = Claims();
  claims["exp"] = kNow + JwksCache::kMaxAgeSeconds + 300;
  EXPECT_TRUE(cache.Verify(Sign(Rsa(), claims), Provider(), kNonce, kNow + JwksCache::kMaxAgeSeconds).has_value());
  EXPECT_EQ(source.fetches, 2);
}

TEST(JwksCache, AnUnknownKidTriggersExactlyOneRefreshThenFailsCleanly) {
  CountingSource source(PublicJwks({&Rsa()}));
  JwksCache cache(source);
  ASSERT_TRUE(cache.Verify(Sign(Rsa(), Claims()), Provider(), kNonce, kNow).has_value());
  ASSERT_EQ(source.fetches, 1);
  const TestKey stranger = MakeEcKey("unbekannt");
  auto later = Claims();
  later["exp"] = kNow + 3600;
  auto refused = cache.Verify(Sign(stranger, later), Provider(), kNonce, kNow + 60);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().field, "kid");
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(source.fetches, 2);
  // Made-up kids right after do not make the portal fetch again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(cache.Verify(Sign(stranger, later), Provider(), kNonce, kNow + 61).error().field, "kid");
  }
  EXPECT_EQ(source.fetches, 2);
  // The known key still works meanwhile.
  EXPECT_TRUE(cache.Verify(Sign(Rsa(), later), Provider(), kNonce, kNow + 62).has_value());
  EXPECT_EQ(source.fetches, 2);
}

TEST(JwksCache, ARotatedKeyIsFoundByTheRefresh) {
  CountingSource source(PublicJwks({&Rsa()}));
  JwksCache cache(source);
  ASSERT_TRUE(cache.Verify(Sign(Rsa(), Claims()), Provider(), kNonce, kNow).has_value());
  source.Publish(PublicJwks({&Ec()}));
  auto claims = Claims();
  claims["exp"] = kNow + 3600;
  auto verified = cache.Verify(Sign(Ec(), claims), Provider(), kNonce, kNow + 120);
  EXPECT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(source.fetches, 2);
}

TEST(JwksCache, RefusedTokensCauseNoFetchAndAProviderDownIsAClearError) {
  CountingSource source(PublicJwks({&Rsa()}));
  JwksCache cache(source);
  EXPECT_EQ(cache.Verify(testing::Unsigned({{"alg", "none"}}, Claims()), Provider(), kNonce, kNow).error().field,
            "alg");
  EXPECT_EQ(source.fetches, 0);
  source.down = true;
  auto down = cache.Verify(Sign(Rsa(), Claims()), Provider(), kNonce, kNow);
  ASSERT_FALSE(down.has_value());
  EXPECT_EQ(down.error().kind, ErrorKind::kUnavailable);
  source.down = false;
  source.Publish(R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})");
  auto unsupported = cache.Verify(Sign(Rsa(), Claims()), Provider(), kNonce, kNow + 1);
  ASSERT_FALSE(unsupported.has_value());
  EXPECT_EQ(unsupported.error().field, "jwks");
}

}  // namespace
}  // namespace mw::identity

namespace mw::identity {
namespace {

boost::json::object LogoutClaims() {
  return {{"iss", "https://login.sachsen.example/realms/amt24"},
          {"sub", "248289761001"},
          {"aud", "mitwirken"},
          {"iat", kNow - 5},
          {"exp", kNow + 120},
          {"jti", "bWJq"},
          {"sid", "08a5019c-17e1-4977-8f42-65a12843ea02"},
          {"events", {{std::string(kBackChannelLogoutEvent), boost::json::object{}}}}};
}

// The rule a logout token broke, or "ok".
std::string LogoutOutcome(const std::string& token, std::int64_t now = kNow) {
  auto verified = VerifyLogoutToken(token, Keys(), Provider(), now);
  if (verified) return "ok";
  EXPECT_EQ(verified.error().kind, ErrorKind::kUnauthorized);
  return verified.error().field;
}

// Back-channel logout tokens: the same keys and algorithms as ID tokens, their own claims (Back-Channel Logout 1.0,
// section 2.6).
TEST(LogoutTokenTest, EachRuleOfTheLogoutTokenIsChecked) {
  auto with = [](std::function<void(boost::json::object&)> change) {
    boost::json::object claims = LogoutClaims();
    change(claims);
    return Sign(Rsa(), claims);
  };
  EXPECT_EQ(LogoutOutcome(Sign(Rsa(), LogoutClaims())), "ok");
  EXPECT_EQ(LogoutOutcome(Sign(Ec(), LogoutClaims())), "ok");
  auto verified = VerifyLogoutToken(Sign(Rsa(), LogoutClaims()), Keys(), Provider(), kNow);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ(verified->subject, "248289761001");
  EXPECT_EQ(verified->sid, "08a5019c-17e1-4977-8f42-65a12843ea02");
  // sub alone or sid alone will do; neither will not.
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims.erase("sid"); })), "ok");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims.erase("sub"); })), "ok");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) {
              claims.erase("sub");
              claims.erase("sid");
            })),
            "sub");
  // An ID token (it has a nonce and no event) is no logout token.
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims["nonce"] = "n"; })), "nonce");
  EXPECT_EQ(LogoutOutcome(Sign(Rsa(), Claims())), "jti");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims.erase("events"); })), "events");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) {
              claims["events"] = {{"http://example.org/other", boost::json::object{}}};
            })),
            "events");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims.erase("jti"); })), "jti");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims["iss"] = "https://boese.example"; })), "iss");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims["aud"] = "anderer"; })), "aud");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims["iat"] = kNow - 3600; })), "iat");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims["iat"] = kNow + 3600; })), "iat");
  EXPECT_EQ(LogoutOutcome(with([](auto& claims) { claims["exp"] = kNow - 3600; })), "exp");
  // The algorithms an ID token may not use, a logout token may not either.
  EXPECT_EQ(LogoutOutcome(testing::Unsigned({{"alg", "none"}}, LogoutClaims())), "alg");
  std::string tampered = Sign(Rsa(), LogoutClaims());
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(LogoutOutcome(tampered), "signature");
}

}  // namespace
}  // namespace mw::identity
