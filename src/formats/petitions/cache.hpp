// Petitions: the hot read path. A petition that goes viral is read tens of thousands of times a second; these
// lookups answer from memory and reload what they keep at most once per freshness period, instead of reading the
// database for every request.
//
//   auto tenant = petitions::CachedTenant(services, "grimma");
//   auto petition = petitions::CachedPetition(services, 42);   // public petitions only
//   petitions::Forget(services, 42);                            // after a write that changes what pages show
//   petitions::ForgetPetitions(db);                              // after a fold or another change of many
//
// Contract:
// - Each entry (a tenant or settings, found or not found; a public petition) is a snapshot of the database, used
//   while younger (by Services::now()) than its freshness (kPetitionFreshness, kTenantFreshness, kSettingsFreshness).
//   The first request after that reloads it; requests arriving during the reload keep getting the previous snapshot
//   (one reload at a time per entry, never a stampede on the database). So a folded count shows at most
//   kPetitionFreshness plus one database read after the fold committed. A petition that is not public is not kept: it
//   shows as soon as it is published.
// - The state is per process and per Database object (several processes on one PostgreSQL database do not tell each
//   other): a write in this process calls Forget… so that its own next read sees the change at once; other processes
//   see it after the freshness.
// - Thread-safe; bounded (kMaxCachedEntries per kind; when full, stale entries go first, then the older half).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "formats/petitions/settings.hpp"
#include "formats/petitions/store.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::petitions {

// In seconds of Services::now(): an entry read at second T is used while now - T < freshness, so a petition is read
// from the database at most once a second per process.
inline constexpr db::UnixSeconds kPetitionFreshness = 1;
inline constexpr db::UnixSeconds kTenantFreshness = 5;
inline constexpr db::UnixSeconds kSettingsFreshness = 5;
inline constexpr std::size_t kMaxCachedEntries = 10'000;

// The tenant with `slug`, or nullopt.
std::optional<tenancy::Tenant> CachedTenant(site::Services& services, std::string_view slug);
// The petition `id` if it is public (IsPublic); nullopt for unknown and not (yet) public ones — callers that may
// show those (initiators, moderators) read them from the database.
std::optional<Petition> CachedPetition(site::Services& services, std::int64_t id);
// The tenant's petition settings.
Settings CachedSettings(site::Services& services, std::int64_t tenant_id);
// Drops what is kept of petition `id` in this process, so that the next read sees a change just written.
void Forget(site::Services& services, std::int64_t petition_id);
// Drops the tenant's settings kept in this process, so that the next read sees settings just saved.
void ForgetSettings(site::Services& services, std::int64_t tenant_id);
// Drops every petition kept in this process for `db` (after a job changed many, e.g. folded counts or closed
// expired petitions), so that this process shows the change at once.
void ForgetPetitions(db::Database& db);

}  // namespace mw::petitions
