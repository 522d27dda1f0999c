#include "platform/site/identity.hpp"

namespace mw::site {

IdentityProvider::IdentityProvider(identity::ProviderConfig config, identity::HttpClient& http)
    : config_(std::move(config)), http_(http) {}

Result<identity::ProviderMetadata> IdentityProvider::Metadata() {
  std::lock_guard lock(mutex_);
  if (metadata_) return *metadata_;
  auto fetched = identity::FetchDiscovery(http_, config_);
  if (!fetched) return std::unexpected(fetched.error());
  metadata_ = *fetched;
  jwks_source_ = std::make_unique<identity::HttpJwksSource>(http_, config_, metadata_->jwks_uri);
  keys_ = std::make_unique<identity::JwksCache>(*jwks_source_);
  return *metadata_;
}

std::optional<identity::ProviderMetadata> IdentityProvider::KnownMetadata() {
  std::lock_guard lock(mutex_);
  return metadata_;
}

identity::JwksCache* IdentityProvider::Keys() {
  std::lock_guard lock(mutex_);
  return keys_.get();
}

IdentityProviders::IdentityProviders(identity::IdentityConfig config, std::unique_ptr<identity::HttpClient> http)
    : IdentityProviders(std::move(config), *http) {
  owned_http_ = std::move(http);
}

IdentityProviders::IdentityProviders(identity::IdentityConfig config, identity::HttpClient& http) {
  for (auto& provider : config.providers) {
    providers_.push_back(std::make_unique<IdentityProvider>(std::move(provider), http));
  }
}

IdentityProvider* IdentityProviders::Find(std::string_view key) {
  for (auto& provider : providers_) {
    if (provider->config().key == key) return provider.get();
  }
  return nullptr;
}

}  // namespace mw::site
