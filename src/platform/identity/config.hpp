// The identity providers of an installation (OpenID Connect: Servicekonto, BundID, Unternehmenskonto behind a Land's
// broker), read from a JSON file. Parsing is pure; only LoadIdentityConfig reads the file.
//
//   auto config = mw::identity::LoadIdentityConfig("/etc/mitwirken/identity.json");
//   if (!config) return Exit(config.error().message);  // a German sentence naming the field
//   const ProviderConfig* servicekonto = config->Find("servicekonto");
//
// The file's format is described in docs/identity.md.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/core/result.hpp"

namespace mw::identity {

// How sure the provider is of who logged in (eIDAS levels of assurance: niedrig, substanziell, hoch).
enum class TrustLevel { kBasic, kSubstantial, kHigh };

std::string_view TrustLevelName(TrustLevel level);  // "basic", "substantial", "high"
std::optional<TrustLevel> ParseTrustLevel(std::string_view name);

// Where a provider puts what the portal needs. Each entry is a claim name, or a dotted path into a claim that is an
// object ("address.postal_code"); empty: the provider does not send it.
struct ClaimMapping {
  std::string name = "name";
  std::string email = "email";
  std::string address = "address.formatted";
  std::string postcode = "address.postal_code";
};

// How the portal proves to the token endpoint that it is the client (OpenID Connect Core 1.0, section 9).
enum class ClientAuth { kClientSecretBasic, kClientSecretPost };

struct ProviderConfig {
  std::string key;           // slug in addresses and the database: a-z, 0-9 and '-', at most 32 characters
  std::string display_name;  // "Servicekonto Sachsen", shown on the login button
  std::string issuer;        // exactly as the provider's discovery document and ID tokens state it
  std::string client_id;
  std::string client_secret;
  std::vector<std::string> scopes;  // always holds "openid"
  ClaimMapping claims;
  // The provider's `acr` values and the trust level each stands for; an acr not listed counts as basic.
  std::vector<std::pair<std::string, TrustLevel>> acr_levels;
  ClientAuth client_auth = ClientAuth::kClientSecretBasic;

  TrustLevel LevelOfAcr(std::string_view acr) const;
};

struct IdentityConfig {
  std::vector<ProviderConfig> providers;

  const ProviderConfig* Find(std::string_view key) const;  // nullptr when there is none
};

// The largest configuration file read; a larger one is refused (it is not a list of providers).
inline constexpr std::size_t kMaxConfigBytes = 256 * 1024;

// Errors: kTooLarge over kMaxConfigBytes, kInvalid for everything else, `field` naming the place
// ("providers[1].issuer").
Result<IdentityConfig> ParseIdentityConfig(std::string_view json);
// Reads the file (at most kMaxConfigBytes) and parses it; kNotFound when it cannot be read.
Result<IdentityConfig> LoadIdentityConfig(const std::filesystem::path& path);

// An address the portal may talk to a provider at: https, or http on the loopback host (127.0.0.1, [::1],
// localhost: tests and a provider on the same machine). No user info, no fragment. `what` names it in the German
// message ("Die Adresse des Ausstellers").
Status CheckProviderUrl(std::string_view url, std::string_view what, std::string field = {});

}  // namespace mw::identity
