// Petitions: the hot read path. A petition that goes viral is read tens of thousands of times a second; these
// lookups answer from memory where they can and fall back to the database.
//
//   auto tenant = petitions::CachedTenant(services, "grimma");
//   auto petition = petitions::CachedPetition(services, 42);   // public petitions only
//   petitions::Forget(services, 42);                            // after a write that changes what pages show
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "formats/petitions/settings.hpp"
#include "formats/petitions/store.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::petitions {

// The tenant with `slug`, or nullopt.
std::optional<tenancy::Tenant> CachedTenant(site::Services& services, std::string_view slug);
// The petition `id` if it is public (IsPublic); nullopt for unknown and not (yet) public ones — callers that may
// show those (initiators, moderators) read them from the database.
std::optional<Petition> CachedPetition(site::Services& services, std::int64_t id);
// The tenant's petition settings.
Settings CachedSettings(site::Services& services, std::int64_t tenant_id);
// Drops what is kept of petition `id` in this process, so that the next read sees a change just written.
void Forget(site::Services& services, std::int64_t petition_id);

}  // namespace mw::petitions
