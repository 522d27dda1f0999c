// The pieces of the authorization code flow with PKCE (OpenID Connect Core 1.0, section 3.1; RFC 7636), all pure but
// for the random values: what the portal keeps for the callback (state, nonce, code verifier), the address it sends
// the browser to, the token request, and the provider's discovery document.
//
//   auto metadata = ParseDiscovery(document, provider);                 // fetched by FetchDiscovery (client.hpp)
//   LoginStart start = NewLoginStart();                                 // keep it with the visitor's session
//   std::string to = AuthorizationUrl(*metadata, provider, {.redirect_uri = callback, .start = start});
//   ... the provider redirects back with ?code=…&state=… ; compare state with ConstantTimeEquals
//   TokenRequest request = BuildTokenRequest(*metadata, provider, code, callback, start.code_verifier);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/identity/config.hpp"

namespace mw::identity {

// What one login attempt keeps until the provider sends the browser back: `state` ties the callback to the attempt,
// `nonce` ties the ID token to it, and `code_verifier` proves to the token endpoint that the portal asked for the
// code (its S256 challenge went out with the browser). Each is 256 random bits, base64url (43 characters).
struct LoginStart {
  std::string state;
  std::string nonce;
  std::string code_verifier;
};

LoginStart NewLoginStart();
// The S256 code challenge of a verifier: base64url(SHA-256(verifier)) without padding.
std::string PkceChallenge(std::string_view code_verifier);

// What the provider's discovery document (/.well-known/openid-configuration) says the portal needs.
struct ProviderMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string jwks_uri;
  std::string userinfo_endpoint;     // empty: the provider has none
  std::string end_session_endpoint;  // empty: no RP-initiated logout
};

// The discovery document's address for an issuer ("https://id.example/realms/sn" →
// "https://id.example/realms/sn/.well-known/openid-configuration").
std::string DiscoveryUrl(std::string_view issuer);

// Parses and checks a discovery document: a JSON object whose `issuer` equals the configured issuer exactly, with
// authorization, token and JWKS endpoints (https, or http on the loopback host); if it lists
// `code_challenge_methods_supported`, S256 must be among them. Errors are kInvalid with a German sentence naming
// the provider.
Result<ProviderMetadata> ParseDiscovery(std::string_view document, const ProviderConfig& provider);

struct AuthorizationRequest {
  std::string redirect_uri;  // the portal's callback, as registered with the provider
  LoginStart start;
  std::string acr_values;  // optional: the level the provider is asked for (its own acr value)
};

// The authorization endpoint with response_type=code, client_id, redirect_uri, scope, state, nonce,
// code_challenge and code_challenge_method=S256 added to its query, every value percent-encoded.
std::string AuthorizationUrl(const ProviderMetadata& metadata, const ProviderConfig& provider,
                             const AuthorizationRequest& request);

// A POST to the token endpoint, ready to send.
struct TokenRequest {
  std::string url;
  std::string body;                  // application/x-www-form-urlencoded
  std::vector<std::string> headers;  // "Name: value" lines (the client's Basic authentication)
};

TokenRequest BuildTokenRequest(const ProviderMetadata& metadata, const ProviderConfig& provider, std::string_view code,
                               std::string_view redirect_uri, std::string_view code_verifier);

// What the token endpoint answers to a good request.
struct TokenResponse {
  std::string id_token;
  std::string access_token;  // may be empty when the provider sends none (then there is no userinfo)
};

// Parses the token endpoint's answer: 200 with a JSON object holding `id_token` (and `token_type` Bearer when an
// access token is sent); a provider's error answer (`{"error": "invalid_grant"}`) becomes a German sentence.
Result<TokenResponse> ParseTokenResponse(int status, std::string_view body, const ProviderConfig& provider);

// application/x-www-form-urlencoded / query value: everything but RFC 3986's unreserved characters percent-encoded.
std::string FormEncode(std::string_view value);

}  // namespace mw::identity
