// The installation's identity providers as the pages use them (#15, docs/identity.md): per provider its
// configuration, its discovery document (fetched on first use and kept; a provider that is down is asked again at the
// next login, so that it never stops the portal from starting) and its one JwksCache for the process.
//
//   auto config = identity::LoadIdentityConfig(path);                // serve --identity-config PATH
//   services.identity = std::make_shared<site::IdentityProviders>(std::move(*config),
//                                                                 std::make_unique<identity::CurlHttpClient>());
//   site::IdentityProvider* provider = services.identity->Find("servicekonto");
//   auto metadata = provider->Metadata();  // German error when the provider cannot be reached
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/identity/client.hpp"
#include "platform/identity/config.hpp"
#include "platform/identity/flow.hpp"
#include "platform/identity/id_token.hpp"

namespace mw::site {

class IdentityProvider {
 public:
  // `http` must outlive the provider.
  IdentityProvider(identity::ProviderConfig config, identity::HttpClient& http);
  IdentityProvider(const IdentityProvider&) = delete;
  IdentityProvider& operator=(const IdentityProvider&) = delete;

  const identity::ProviderConfig& config() const { return config_; }
  identity::HttpClient& http() { return http_; }

  // The discovery document, fetched once it is first needed and then kept; a failed fetch is not kept.
  Result<identity::ProviderMetadata> Metadata();
  // The discovery document if it has been fetched, without asking the provider (for the logout).
  std::optional<identity::ProviderMetadata> KnownMetadata();
  // The provider's keys; Metadata() must have succeeded before (nullptr otherwise).
  identity::JwksCache* Keys();

 private:
  identity::ProviderConfig config_;
  identity::HttpClient& http_;
  std::mutex mutex_;
  std::optional<identity::ProviderMetadata> metadata_;
  std::unique_ptr<identity::HttpJwksSource> jwks_source_;
  std::unique_ptr<identity::JwksCache> keys_;
};

class IdentityProviders {
 public:
  IdentityProviders(identity::IdentityConfig config, std::unique_ptr<identity::HttpClient> http);
  // For tests: a client the caller keeps alive.
  IdentityProviders(identity::IdentityConfig config, identity::HttpClient& http);

  IdentityProvider* Find(std::string_view key);  // nullptr when there is none
  const std::vector<std::unique_ptr<IdentityProvider>>& all() const { return providers_; }

 private:
  std::unique_ptr<identity::HttpClient> owned_http_;
  std::vector<std::unique_ptr<IdentityProvider>> providers_;
};

}  // namespace mw::site
