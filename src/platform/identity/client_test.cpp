// The HTTP side against a provider played by the project's own server on the loopback interface: discovery, JWKS,
// token endpoint and userinfo, the whole exchange once, and a provider that is down, slow, too talkative or
// answers garbage.
#include "platform/identity/client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <boost/json/serialize.hpp>

#include "platform/http/server.hpp"
#include "platform/identity/claims.hpp"
#include "platform/identity/test_tokens.hpp"

namespace mw::identity {
namespace {

constexpr std::int64_t kNow = 1'796'000'000;

const testing::TestKey& Key() {
  static const testing::TestKey key = testing::MakeEcKey("ec-1");
  return key;
}

// The provider: what it was asked, and the issuer under which it answers.
struct FakeProvider {
  std::atomic<int> jwks_fetches{0};
  std::atomic<int> token_requests{0};
  std::string issuer;  // set once the port is known, before any request
  std::string last_token_body;
  std::string last_authorization;
  std::string nonce;
};

std::string DiscoveryFor(const std::string& issuer, const std::string& base) {
  return boost::json::serialize(boost::json::object{{"issuer", issuer},
                                                    {"authorization_endpoint", base + "/auth"},
                                                    {"token_endpoint", base + "/token"},
                                                    {"jwks_uri", base + "/certs"},
                                                    {"userinfo_endpoint", base + "/userinfo"},
                                                    {"code_challenge_methods_supported", {"S256"}}});
}

http::Router MakeProvider(FakeProvider& provider) {
  http::Router router;
  router.Add(http::Method::kGet, "/.well-known/openid-configuration", [&provider](http::Request&) {
    return http::Response::Json(200, DiscoveryFor(provider.issuer, provider.issuer));
  });
  router.Add(http::Method::kGet, "/certs", [&provider](http::Request&) {
    ++provider.jwks_fetches;
    return http::Response::Json(200, testing::PublicJwks({&Key()}));
  });
  router.Add(http::Method::kPost, "/token", [&provider](http::Request& request) {
    ++provider.token_requests;
    provider.last_token_body = request.body;
    provider.last_authorization = request.Header("authorization").value_or("");
    if (request.Form("code") != "der-code") return http::Response::Json(400, R"({"error":"invalid_grant"})");
    const boost::json::object claims = {{"iss", provider.issuer},    {"sub", "s-1"}, {"aud", "portal"},
                                        {"exp", kNow + 300},         {"iat", kNow},  {"nonce", provider.nonce},
                                        {"acr", "eidas-substantial"}};
    return http::Response::Json(
        200, boost::json::serialize(boost::json::object{
                 {"id_token", testing::Sign(Key(), claims)}, {"access_token", "at-123"}, {"token_type", "Bearer"}}));
  });
  router.Add(http::Method::kGet, "/userinfo", [](http::Request& request) {
    if (request.Header("authorization") != "Bearer at-123") return http::Response::Json(401, "{}");
    return http::Response::Json(
        200, R"({"sub":"s-1","name":"Erika Mustermann","email":"erika@example.org","email_verified":true,)"
             R"("address":{"postal_code":"04668"}})");
  });
  // Providers that misbehave, each under an issuer of its own.
  router.Add(http::Method::kGet, "/kaputt/.well-known/openid-configuration",
             [](http::Request&) { return http::Response::Html(200, "<html><body>Wartungsarbeiten</body></html>"); });
  router.Add(http::Method::kGet, "/anders/.well-known/openid-configuration", [&provider](http::Request&) {
    return http::Response::Json(200, DiscoveryFor("https://boese.example", provider.issuer));
  });
  router.Add(http::Method::kGet, "/gross/.well-known/openid-configuration",
             [](http::Request&) { return http::Response::Json(200, std::string(300 * 1024, ' ') + "{}"); });
  router.Add(http::Method::kGet, "/langsam/.well-known/openid-configuration", [&provider](http::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    return http::Response::Json(200, DiscoveryFor(provider.issuer + "/langsam", provider.issuer));
  });
  router.Add(http::Method::kGet, "/fehler/.well-known/openid-configuration",
             [](http::Request&) { return http::Response::Text(503, "Service Unavailable"); });
  return router;
}

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<http::Server>(
        MakeProvider(fake_),
        http::ServerOptions{.listen_port = 0, .access_log = false, .shutdown_grace = std::chrono::seconds(0)});
    server_->Listen();
    fake_.issuer = "http://127.0.0.1:" + std::to_string(server_->port());
    server_->Start();
    provider_.key = "lokal";
    provider_.display_name = "Testanbieter";
    provider_.issuer = fake_.issuer;
    provider_.client_id = "portal";
    provider_.client_secret = "geheim";
    provider_.scopes = {"openid", "profile", "email"};
    provider_.acr_levels = {{"eidas-substantial", TrustLevel::kSubstantial}};
  }
  void TearDown() override { server_->Stop(); }

  ProviderConfig WithIssuerPath(std::string_view path) const {
    ProviderConfig provider = provider_;
    provider.issuer += path;
    return provider;
  }

  FakeProvider fake_;
  std::unique_ptr<http::Server> server_;
  ProviderConfig provider_;
  CurlHttpClient http_{CurlOptions{.timeout = std::chrono::milliseconds(700), .max_response_bytes = 64 * 1024}};
};

TEST_F(ClientTest, TheWholeExchangeWithALoopbackProvider) {
  auto metadata = FetchDiscovery(http_, provider_);
  ASSERT_TRUE(metadata.has_value()) << metadata.error().message;
  EXPECT_EQ(metadata->jwks_uri, fake_.issuer + "/certs");

  const LoginStart start = NewLoginStart();
  fake_.nonce = start.nonce;
  auto tokens = RedeemCode(http_, provider_, *metadata, "der-code", "https://portal.example/cb", start.code_verifier);
  ASSERT_TRUE(tokens.has_value()) << tokens.error().message;
  EXPECT_NE(fake_.last_token_body.find("code_verifier=" + start.code_verifier), std::string::npos);
  EXPECT_EQ(fake_.last_authorization.rfind("Basic ", 0), 0u);

  HttpJwksSource source(http_, provider_, metadata->jwks_uri);
  JwksCache keys(source);
  auto id_token = keys.Verify(tokens->id_token, provider_, start.nonce, kNow + 1);
  ASSERT_TRUE(id_token.has_value()) << id_token.error().message;
  EXPECT_EQ(id_token->trust_level, TrustLevel::kSubstantial);
  EXPECT_EQ(fake_.jwks_fetches, 1);

  auto userinfo = FetchUserinfo(http_, provider_, *metadata, tokens->access_token, id_token->subject);
  ASSERT_TRUE(userinfo.has_value()) << userinfo.error().message;
  const Identity person = MapClaims(provider_, *id_token, *userinfo);
  EXPECT_EQ(person.subject, "s-1");
  EXPECT_EQ(person.name, "Erika Mustermann");
  EXPECT_TRUE(person.email_verified);
  EXPECT_EQ(person.postcode, "04668");

  // The userinfo of another person is refused.
  auto other = FetchUserinfo(http_, provider_, *metadata, tokens->access_token, "s-2");
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().field, "sub");
}

TEST_F(ClientTest, AReplayedOrWrongCodeIsAClearRefusal) {
  auto metadata = FetchDiscovery(http_, provider_);
  ASSERT_TRUE(metadata.has_value());
  auto tokens = RedeemCode(http_, provider_, *metadata, "alter-code", "https://portal.example/cb", "v");
  ASSERT_FALSE(tokens.has_value());
  EXPECT_EQ(tokens.error().kind, ErrorKind::kUnauthorized);
  EXPECT_EQ(fake_.token_requests, 1);
}

TEST_F(ClientTest, AProviderThatMisbehavesGivesAClearError) {
  struct Case {
    std::string issuer_path;
    ErrorKind kind;
    std::string message_part;
  };
  for (const Case& bad : {Case{"/kaputt", ErrorKind::kUnavailable, "unbrauchbare Antwort"},
                          Case{"/anders", ErrorKind::kInvalid, "nennt sich „https://boese.example“"},
                          Case{"/gross", ErrorKind::kTooLarge, "zu große Antwort"},
                          Case{"/langsam", ErrorKind::kUnavailable, "nicht erreichbar"},
                          Case{"/fehler", ErrorKind::kUnavailable, "HTTP 503"},
                          Case{"/gibt-es-nicht", ErrorKind::kUnavailable, "HTTP 404"}}) {
    auto metadata = FetchDiscovery(http_, WithIssuerPath(bad.issuer_path));
    ASSERT_FALSE(metadata.has_value()) << bad.issuer_path;
    EXPECT_EQ(metadata.error().kind, bad.kind) << bad.issuer_path << ": " << metadata.error().message;
    EXPECT_NE(metadata.error().message.find(bad.message_part), std::string::npos) << metadata.error().message;
    EXPECT_NE(metadata.error().message.find("Testanbieter"), std::string::npos) << metadata.error().message;
  }
}

TEST(Client, AProviderThatIsDownIsNamed) {
  // Nothing listens on port 1 of the loopback interface.
  ProviderConfig provider;
  provider.display_name = "Servicekonto";
  provider.issuer = "http://127.0.0.1:1";
  CurlHttpClient http;
  auto metadata = FetchDiscovery(http, provider);
  ASSERT_FALSE(metadata.has_value());
  EXPECT_EQ(metadata.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(metadata.error().message,
            "Der Anmeldedienst „Servicekonto“ ist gerade nicht erreichbar. Bitte versuchen Sie es später noch einmal.");
}

TEST(Client, OnlyHttpsAndLoopbackAddressesAreFetched) {
  ProviderConfig provider;
  provider.display_name = "Servicekonto";
  CurlHttpClient http;
  for (const char* url : {"http://example.org/", "file:///etc/passwd", "gopher://127.0.0.1/"}) {
    auto reply = http.Send(HttpCall{.url = url}, provider);
    ASSERT_FALSE(reply.has_value()) << url;
    EXPECT_EQ(reply.error().kind, ErrorKind::kInvalid) << url;
  }
}

}  // namespace
}  // namespace mw::identity
