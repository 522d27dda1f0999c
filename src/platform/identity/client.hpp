// Talking to a provider over HTTP: discovery, JWKS, token endpoint, userinfo. The transport is an interface
// (HttpClient) so that the flow can be tested without a network; CurlHttpClient is the real one, with timeouts,
// a response size limit, no redirects and only the addresses CheckProviderUrl allows.
//
//   CurlHttpClient http;                                          // one per process is enough; thread-safe
//   auto metadata = FetchDiscovery(http, provider);
//   HttpJwksSource jwks(http, provider, metadata->jwks_uri);     // for the provider's JwksCache
//   auto tokens = RedeemCode(http, provider, *metadata, code, callback, start.code_verifier);
//   auto claims = FetchUserinfo(http, provider, *metadata, tokens->access_token, id_token.subject);
//
// Every error is a German sentence naming the provider: kUnavailable when it is down, slow, answers with an error
// status or with something that is not what was asked for; kTooLarge when the answer is over the limit.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "platform/core/result.hpp"
#include "platform/identity/config.hpp"
#include "platform/identity/flow.hpp"
#include "platform/identity/id_token.hpp"

namespace mw::identity {

struct HttpCall {
  bool post = false;
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent with POST
};

struct HttpReply {
  int status = 0;
  std::string body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // An answer with any status, or an error when there is none (kUnavailable) or it is too large (kTooLarge).
  // `provider` names the provider in the message.
  virtual Result<HttpReply> Send(const HttpCall& call, const ProviderConfig& provider) = 0;
};

struct CurlOptions {
  std::chrono::milliseconds timeout{10'000};  // the whole exchange
  std::chrono::milliseconds connect_timeout{3'000};
  std::size_t max_response_bytes = 512 * 1024;  // discovery and JWKS are a few KiB
};

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlOptions options = {});
  Result<HttpReply> Send(const HttpCall& call, const ProviderConfig& provider) override;

 private:
  CurlOptions options_;
};

// GET <issuer>/.well-known/openid-configuration, checked by ParseDiscovery.
Result<ProviderMetadata> FetchDiscovery(HttpClient& http, const ProviderConfig& provider);

// The provider's JWKS from its jwks_uri. `http` and `provider` must outlive the source.
class HttpJwksSource final : public JwksSource {
 public:
  HttpJwksSource(HttpClient& http, const ProviderConfig& provider, std::string jwks_uri)
      : http_(http), provider_(provider), jwks_uri_(std::move(jwks_uri)) {}
  Result<std::string> FetchJwks() override;

 private:
  HttpClient& http_;
  const ProviderConfig& provider_;
  std::string jwks_uri_;
};

// Exchanges the authorization code at the token endpoint (BuildTokenRequest, ParseTokenResponse).
Result<TokenResponse> RedeemCode(HttpClient& http, const ProviderConfig& provider, const ProviderMetadata& metadata,
                                 std::string_view code, std::string_view redirect_uri, std::string_view code_verifier);

// The userinfo claims for the access token. Their `sub` must be the ID token's (OpenID Connect Core 1.0, section
// 5.3.2), or the answer is refused (kUnauthorized, field "sub").
Result<boost::json::object> FetchUserinfo(HttpClient& http, const ProviderConfig& provider,
                                          const ProviderMetadata& metadata, std::string_view access_token,
                                          std::string_view subject);

}  // namespace mw::identity
