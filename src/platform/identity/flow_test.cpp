// The pure pieces of the code flow: PKCE, the authorization address, the token request, discovery, the token
// endpoint's answer, and the claim mapping.
#include "platform/identity/flow.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "platform/identity/claims.hpp"
#include "platform/identity/test_tokens.hpp"

namespace mw::identity {
namespace {

// Client id and secret with characters that must be encoded.
ProviderConfig Provider() {
  ProviderConfig provider = testing::TestProvider();
  provider.client_id = "mitwirken portal";
  provider.client_secret = "ge:heim&+";
  return provider;
}

ProviderMetadata Metadata() {
  return {.issuer = "https://login.sachsen.example/realms/amt24",
          .authorization_endpoint = "https://login.sachsen.example/auth?kc_idp_hint=eid",
          .token_endpoint = "https://login.sachsen.example/token",
          .jwks_uri = "https://login.sachsen.example/certs"};
}

std::map<std::string, std::string> QueryOf(std::string_view address) {
  auto url = boost::urls::parse_uri(address);
  EXPECT_TRUE(url.has_value()) << address;
  std::map<std::string, std::string> query;
  for (const auto& param : url->params()) {
    EXPECT_FALSE(query.contains(param.key)) << param.key;
    query[param.key] = param.value;
  }
  return query;
}

TEST(Flow, EveryLoginStartIsFreshAndTheChallengeIsS256) {
  std::set<std::string> seen;
  for (int attempt = 0; attempt < 20; ++attempt) {
    LoginStart start = NewLoginStart();
    for (const std::string* value : {&start.state, &start.nonce, &start.code_verifier}) {
      EXPECT_EQ(value->size(), 43u);  // 256 bits; RFC 7636 wants 43 to 128 characters
      EXPECT_TRUE(seen.insert(*value).second);
    }
  }
  EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Flow, TheAuthorizationUrlCarriesEveryParameterEncoded) {
  const LoginStart start{
      .state = "st/ate+1", .nonce = "n&once=2", .code_verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"};
  const std::string address =
      AuthorizationUrl(Metadata(), Provider(),
                       {.redirect_uri = "https://mitwirken.example/anmelden/servicekonto/zurueck?x=1&y=ä",
                        .start = start,
                        .acr_values = "urn:eid:substanziell"});
  EXPECT_EQ(address.rfind("https://login.sachsen.example/auth?kc_idp_hint=eid&response_type=code&", 0), 0u) << address;
  EXPECT_EQ(address.find(' '), std::string::npos);
  EXPECT_EQ(address.find('+'), std::string::npos);
  const auto query = QueryOf(address);
  EXPECT_EQ(query.at("kc_idp_hint"), "eid");
  EXPECT_EQ(query.at("response_type"), "code");
  EXPECT_EQ(query.at("client_id"), "mitwirken portal");
  EXPECT_EQ(query.at("redirect_uri"), "https://mitwirken.example/anmelden/servicekonto/zurueck?x=1&y=ä");
  EXPECT_EQ(query.at("scope"), "openid profile email");
  EXPECT_EQ(query.at("state"), "st/ate+1");
  EXPECT_EQ(query.at("nonce"), "n&once=2");
  EXPECT_EQ(query.at("code_challenge"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_EQ(query.at("code_challenge_method"), "S256");
  EXPECT_EQ(query.at("acr_values"), "urn:eid:substanziell");
  EXPECT_FALSE(query.contains("code_verifier"));  // the verifier never leaves the portal with the browser
}

TEST(Flow, TheTokenRequestAuthenticatesTheClient) {
  const TokenRequest basic =
      BuildTokenRequest(Metadata(), Provider(), "c0de/+=", "https://mitwirken.example/cb", "ver");
  EXPECT_EQ(basic.url, "https://login.sachsen.example/token");
  EXPECT_EQ(basic.body,
            "grant_type=authorization_code&code=c0de%2F%2B%3D&redirect_uri=https%3A%2F%2Fmitwirken.example%2Fcb"
            "&code_verifier=ver&client_id=mitwirken%20portal");
  // RFC 6749, 2.3.1: base64("mitwirken%20portal:ge%3Aheim%26%2B").
  EXPECT_NE(std::find(basic.headers.begin(), basic.headers.end(),
                      "Authorization: Basic bWl0d2lya2VuJTIwcG9ydGFsOmdlJTNBaGVpbSUyNiUyQg=="),
            basic.headers.end());
  ProviderConfig post = Provider();
  post.client_auth = ClientAuth::kClientSecretPost;
  const TokenRequest in_body = BuildTokenRequest(Metadata(), post, "c", "https://m.example/cb", "v");
  EXPECT_TRUE(in_body.body.ends_with("&client_secret=ge%3Aheim%26%2B"));
  for (const auto& header : in_body.headers) EXPECT_EQ(header.rfind("Authorization", 0), std::string::npos);
}

std::string Discovery(std::string_view issuer, std::string_view extra = "") {
  return R"({"issuer":")" + std::string(issuer) +
         R"(","authorization_endpoint":"https://login.sachsen.example/auth","token_endpoint":"https://login.sachsen.example/token",)"
         R"("jwks_uri":"https://login.sachsen.example/certs","userinfo_endpoint":"https://login.sachsen.example/userinfo",)"
         R"("end_session_endpoint":"https://login.sachsen.example/logout","response_types_supported":["code"])" +
         std::string(extra) + "}";
}

TEST(Flow, ADiscoveryDocumentGivesTheEndpoints) {
  auto metadata = ParseDiscovery(
      Discovery(Provider().issuer, R"(,"code_challenge_methods_supported":["plain","S256"])"), Provider());
  ASSERT_TRUE(metadata.has_value()) << metadata.error().message;
  EXPECT_EQ(metadata->authorization_endpoint, "https://login.sachsen.example/auth");
  EXPECT_EQ(metadata->token_endpoint, "https://login.sachsen.example/token");
  EXPECT_EQ(metadata->jwks_uri, "https://login.sachsen.example/certs");
  EXPECT_EQ(metadata->userinfo_endpoint, "https://login.sachsen.example/userinfo");
  EXPECT_EQ(metadata->end_session_endpoint, "https://login.sachsen.example/logout");
  EXPECT_EQ(DiscoveryUrl("https://id.example/realms/sn/"),
            "https://id.example/realms/sn/.well-known/openid-configuration");
}

TEST(Flow, AnIssuerMismatchInDiscoveryIsRefused) {
  for (const char* issuer : {"https://login.sachsen.example/realms/amt24/",
                             "https://LOGIN.sachsen.example/realms/amt24", "https://boese.example/realms/amt24"}) {
    auto metadata = ParseDiscovery(Discovery(issuer), Provider());
    ASSERT_FALSE(metadata.has_value()) << issuer;
    EXPECT_EQ(metadata.error().field, "issuer");
    EXPECT_NE(metadata.error().message.find("Servicekonto Sachsen"), std::string::npos);
  }
}

TEST(Flow, GarbageDiscoveryIsRefused) {
  const std::string issuer = Provider().issuer;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<html><body>Wartungsarbeiten</body></html>", ""},
      {"", ""},
      {"[1,2]", ""},
      {"{\"issuer\":", ""},
      {R"({"issuer":")" + issuer + R"("})", "authorization_endpoint"},
      {R"({"issuer":7})", "issuer"},
      {Discovery(issuer, R"(,"jwks_uri":"http://login.sachsen.example/certs")"), "jwks_uri"},
      {Discovery(issuer, R"x(,"token_endpoint":"javascript:alert(1)")x"), "token_endpoint"},
      {Discovery(issuer, R"(,"code_challenge_methods_supported":["plain"])"), "code_challenge_methods_supported"},
  };
  for (const auto& [document, field] : cases) {
    // Duplicate members: Boost.JSON keeps the last, as the test documents intend.
    auto metadata = ParseDiscovery(document, Provider());
    ASSERT_FALSE(metadata.has_value()) << document;
    EXPECT_EQ(metadata.error().kind, ErrorKind::kUnavailable) << document;
    EXPECT_EQ(metadata.error().field, field) << document;
    EXPECT_NE(metadata.error().message.find("unbrauchbare Antwort"), std::string::npos) << metadata.error().message;
  }
}

TEST(Flow, TheTokenEndpointsAnswerIsChecked) {
  auto good =
      ParseTokenResponse(200, R"({"id_token":"a.b.c","access_token":"at-1","token_type":"bearer"})", Provider());
  ASSERT_TRUE(good.has_value()) << good.error().message;
  EXPECT_EQ(good->id_token, "a.b.c");
  EXPECT_EQ(good->access_token, "at-1");
  auto replayed = ParseTokenResponse(400, R"({"error":"invalid_grant"})", Provider());
  ASSERT_FALSE(replayed.has_value());
  EXPECT_EQ(replayed.error().kind, ErrorKind::kUnauthorized);
  EXPECT_NE(replayed.error().message.find("noch einmal an"), std::string::npos);
  EXPECT_EQ(ParseTokenResponse(500, "Internal Server Error", Provider()).error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(ParseTokenResponse(200, "<html>", Provider()).error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(ParseTokenResponse(200, R"({"access_token":"x","token_type":"Bearer"})", Provider()).error().field,
            "id_token");
  EXPECT_EQ(ParseTokenResponse(200, R"({"id_token":"a.b.c","access_token":"x","token_type":"mac"})", Provider())
                .error()
                .field,
            "access_token");
  EXPECT_EQ(
      ParseTokenResponse(200, R"({"id_token":"a.b.c","access_token":"x\r\nHost: b","token_type":"Bearer"})", Provider())
          .error()
          .field,
      "access_token");
}

TEST(Claims, TheMappingReadsIdTokenThenUserinfo) {
  ProviderConfig provider = Provider();
  provider.claims.name = "name";
  provider.claims.postcode = "address.postal_code";
  IdToken token{.subject = "s-1", .trust_level = TrustLevel::kSubstantial};
  token.claims = {
      {"sub", "s-1"}, {"name", "Erika Mustermann"}, {"email", "erika@example.org"}, {"email_verified", true}};
  const boost::json::object userinfo = {
      {"sub", "s-1"},
      {"name", "Überschrieben?"},
      {"address", {{"formatted", "Markt 1\n04668 Grimma"}, {"postal_code", "04668"}}}};
  const Identity person = MapClaims(provider, token, userinfo);
  EXPECT_EQ(person.provider, "servicekonto");
  EXPECT_EQ(person.subject, "s-1");
  EXPECT_EQ(person.trust_level, TrustLevel::kSubstantial);
  EXPECT_EQ(person.name, "Erika Mustermann");
  EXPECT_EQ(person.email, "erika@example.org");
  EXPECT_TRUE(person.email_verified);
  EXPECT_EQ(person.address, "Markt 1\n04668 Grimma");
  EXPECT_EQ(person.postcode, "04668");
}

TEST(Claims, AnEmailIsConfirmedOnlyWhenTheProviderSaysSo) {
  IdToken token{.subject = "s-1"};
  token.claims = {{"sub", "s-1"}, {"email", "erika@example.org"}};
  EXPECT_FALSE(MapClaims(Provider(), token, {}).email_verified);
  token.claims["email_verified"] = "true";  // a string is not a yes
  EXPECT_FALSE(MapClaims(Provider(), token, {}).email_verified);
  // The userinfo's email_verified does not confirm the ID token's e-mail.
  EXPECT_FALSE(MapClaims(Provider(), token, {{"email_verified", true}}).email_verified);
  token.claims.erase("email");
  token.claims.erase("email_verified");
  EXPECT_TRUE(MapClaims(Provider(), token, {{"email", "e@example.org"}, {"email_verified", true}}).email_verified);
}

TEST(Claims, UnusableValuesAreLeftEmpty) {
  IdToken token{.subject = "s-1"};
  token.claims = {{"name", 42}, {"email", std::string(600, 'a')}, {"address", "kein Objekt"}};
  const Identity person = MapClaims(Provider(), token, {});
  EXPECT_EQ(person.name, "");
  EXPECT_EQ(person.email, "");
  EXPECT_EQ(person.postcode, "");
  EXPECT_FALSE(person.email_verified);
}

}  // namespace
}  // namespace mw::identity
