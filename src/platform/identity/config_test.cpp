// The providers' configuration file: a good file and every error an operator can make, each with a German sentence
// that names the place.
#include "platform/identity/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace mw::identity {
namespace {

constexpr std::string_view kExample = R"({
  "providers": [
    {
      "key": "servicekonto",
      "name": "Servicekonto Sachsen",
      "issuer": "https://login.sachsen.example/realms/amt24",
      "client_id": "mitwirken",
      "client_secret": "geheim",
      "scopes": ["openid", "profile", "email", "address"],
      "claims": {"name": "name", "email": "email", "postcode": "address.postal_code", "address": ""},
      "acr_levels": {"urn:eid:substanziell": "substantial", "urn:eid:hoch": "high", "urn:pw": "basic"}
    },
    {
      "key": "lokal-test",
      "name": "Testanbieter",
      "issuer": "http://127.0.0.1:9400",
      "client_id": "portal",
      "client_secret": "x",
      "client_auth": "client_secret_post"
    }
  ]
})";

TEST(IdentityConfig, AGoodFileGivesEveryProvider) {
  auto config = ParseIdentityConfig(kExample);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  ASSERT_EQ(config->providers.size(), 2u);
  const ProviderConfig* servicekonto = config->Find("servicekonto");
  ASSERT_NE(servicekonto, nullptr);
  EXPECT_EQ(servicekonto->display_name, "Servicekonto Sachsen");
  EXPECT_EQ(servicekonto->issuer, "https://login.sachsen.example/realms/amt24");
  EXPECT_EQ(servicekonto->scopes, (std::vector<std::string>{"openid", "profile", "email", "address"}));
  EXPECT_EQ(servicekonto->claims.postcode, "address.postal_code");
  EXPECT_EQ(servicekonto->claims.address, "");  // not sent by this provider
  EXPECT_EQ(servicekonto->claims.email, "email");
  EXPECT_EQ(servicekonto->client_auth, ClientAuth::kClientSecretBasic);
  EXPECT_EQ(servicekonto->LevelOfAcr("urn:eid:substanziell"), TrustLevel::kSubstantial);
  EXPECT_EQ(servicekonto->LevelOfAcr("urn:eid:hoch"), TrustLevel::kHigh);
  EXPECT_EQ(servicekonto->LevelOfAcr("urn:unbekannt"), TrustLevel::kBasic);
  const ProviderConfig* local = config->Find("lokal-test");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->scopes, (std::vector<std::string>{"openid", "profile", "email"}));
  EXPECT_EQ(local->client_auth, ClientAuth::kClientSecretPost);
  EXPECT_EQ(config->Find("bundid"), nullptr);
}

TEST(IdentityConfig, NoProvidersIsAnEmptyList) {
  auto config = ParseIdentityConfig(R"({"providers": []})");
  ASSERT_TRUE(config.has_value());
  EXPECT_TRUE(config->providers.empty());
}

std::string Provider(std::string_view extra_members, std::string_view issuer = "https://id.example") {
  return R"({"providers":[{"key":"bundid","name":"BundID","issuer":")" + std::string(issuer) +
         R"(","client_id":"c","client_secret":"s")" + std::string(extra_members) + "}]}";
}

struct BadFile {
  std::string json;
  std::string field;         // the place named
  std::string message_part;  // part of the German sentence
};

TEST(IdentityConfig, EveryMistakeIsNamed) {
  const std::vector<BadFile> cases = {
      {"kein json", "", "kein gültiges JSON"},
      {"[]", "", "kein gültiges JSON-Objekt"},
      {"{}", "providers", "fehlt"},
      {R"({"providers": {}})", "providers", "keine Liste"},
      {R"({"providers": [], "extra": 1})", "(oberste Ebene).extra", "unbekannt"},
      {R"({"providers": [42]})", "providers[0]", "Objekt"},
      {R"({"providers":[{"name":"x","issuer":"https://id.example","client_id":"c","client_secret":"s"}]})",
       "providers[0].key", "fehlt"},
      {R"({"providers":[{"key":"Bund ID","name":"x","issuer":"https://id.example","client_id":"c","client_secret":"s"}]})",
       "providers[0].key", "Kleinbuchstaben"},
      {Provider(R"(,"secret":"s")"), "providers[0].secret", "unbekannt"},
      {Provider("", "http://id.example"), "providers[0].issuer", "https://"},
      {Provider("", "ftp://id.example"), "providers[0].issuer", "https://"},
      {Provider("", "https://nutzer:pw@id.example"), "providers[0].issuer", "Benutzernamen"},
      {Provider("", "id.example"), "providers[0].issuer", "keine gültige Adresse"},
      {Provider("", "https://id.example/?realm=a"), "providers[0].issuer", "Abfrage"},
      {R"({"providers":[{"key":"a","name":"x","issuer":"https://id.example","client_id":"c"}]})",
       "providers[0].client_secret", "fehlt"},
      {R"({"providers":[{"key":"a","name":7,"issuer":"https://id.example","client_id":"c","client_secret":"s"}]})",
       "providers[0].name", "Text"},
      {Provider(R"(,"scopes":["profile","email"])"), "providers[0].scopes", "openid"},
      {Provider(R"(,"scopes":["open id"])"), "providers[0].scopes", "ungültigen Scope"},
      {Provider(R"(,"scopes":"openid")"), "providers[0].scopes", "Liste"},
      {Provider(R"(,"claims":{"plz":"postal_code"})"), "providers[0].claims.plz", "unbekannt"},
      {Provider(R"(,"claims":{"postcode":"address..x y"})"), "providers[0].claims.postcode", "Claim-Name"},
      {Provider(R"(,"acr_levels":{"urn:eid":"mittel"})"), "providers[0].acr_levels.urn:eid", "substantial"},
      {Provider(R"(,"acr_levels":["basic"])"), "providers[0].acr_levels", "Objekt"},
      {Provider(R"(,"client_auth":"private_key_jwt")"), "providers[0].client_auth", "client_secret_basic"},
  };
  for (const auto& bad : cases) {
    auto config = ParseIdentityConfig(bad.json);
    ASSERT_FALSE(config.has_value()) << bad.json;
    EXPECT_EQ(config.error().kind, ErrorKind::kInvalid) << bad.json;
    EXPECT_EQ(config.error().field, bad.field) << bad.json;
    EXPECT_NE(config.error().message.find(bad.message_part), std::string::npos)
        << bad.json << " → " << config.error().message;
  }
}

TEST(IdentityConfig, AKeyMayBeUsedOnce) {
  const std::string one = R"({"key":"a","name":"A","issuer":"https://id.example","client_id":"c","client_secret":"s"})";
  auto config = ParseIdentityConfig(R"({"providers":[)" + one + "," + one + "]}");
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().field, "providers[1].key");
  EXPECT_NE(config.error().message.find("mehrfach"), std::string::npos);
}

TEST(IdentityConfig, LoopbackIssuersAreAllowedOverHttp) {
  for (const char* issuer : {"http://127.0.0.1:9400", "http://localhost:8080/realms/test", "http://[::1]:9400"}) {
    EXPECT_TRUE(ParseIdentityConfig(Provider("", issuer)).has_value()) << issuer;
  }
  EXPECT_FALSE(ParseIdentityConfig(Provider("", "http://127.0.0.2")).has_value());
  EXPECT_FALSE(ParseIdentityConfig(Provider("", "http://localhost.example")).has_value());
}

TEST(IdentityConfig, AFileOverTheLimitIsRefused) {
  std::string huge = Provider("");
  huge.insert(huge.size() - 1, std::string(kMaxConfigBytes, ' '));
  auto config = ParseIdentityConfig(huge);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().kind, ErrorKind::kTooLarge);
}

TEST(IdentityConfig, LoadReadsTheFileAndNamesAMissingOne) {
  const auto path = std::filesystem::temp_directory_path() / ("identity-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << kExample;
  auto config = LoadIdentityConfig(path);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->providers.size(), 2u);
  std::ofstream(path) << std::string(kMaxConfigBytes + 10, ' ');
  EXPECT_EQ(LoadIdentityConfig(path).error().kind, ErrorKind::kTooLarge);
  std::filesystem::remove(path);
  auto missing = LoadIdentityConfig(path);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message.find(path.string()), std::string::npos);
}

TEST(IdentityConfig, TrustLevelsHaveTheirNames) {
  for (TrustLevel level : {TrustLevel::kBasic, TrustLevel::kSubstantial, TrustLevel::kHigh}) {
    EXPECT_EQ(ParseTrustLevel(TrustLevelName(level)), level);
  }
  EXPECT_EQ(ParseTrustLevel("Substantial"), std::nullopt);
}

}  // namespace
}  // namespace mw::identity
