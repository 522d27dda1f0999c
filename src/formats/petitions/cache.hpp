// Petitions: the hot read path. A petition that goes viral is read tens of thousands of times a second; these
// lookups answer from memory and reload what they keep at most once per freshness period, instead of reading the
// database for every request.
//
//   auto tenant = petitions::CachedTenant(services, "grimma");
//   auto petition = petitions::CachedPetition(services, 42);   // public petitions only
//   petitions::Forget(services, 42);                            // after a write that changes what pages show
//   petitions::ForgetPetitions(db);                              // after a fold or another change of many
//   auto page = petitions::CachedAnonymousPage(services, 42, "de", render);  // the page without a visitor
//   auto kept = petitions::PeekAnonymousPage(services, 42, "de");            // only if fresh; never loads
//   http::Response response = petitions::WithVisitorToken(*page, site::CsrfForPage(visitor));  // masked afresh
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
// - The rendered petition page for anonymous visitors (per petition and locale) is kept the same way, fresh for
//   kPetitionFreshness; as it is rendered from the snapshots above, what it shows is at most twice that behind.
//   Forget, ForgetSettings and ForgetPetitions drop it too.
// - Thread-safe; bounded (kMaxCachedEntries per kind; when full, stale entries go first, then the older half).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "formats/petitions/settings.hpp"
#include "formats/petitions/store.hpp"
#include "platform/http/message.hpp"
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
// A page as every anonymous visitor (no session, no notice) sees it, rendered with `csrf_placeholder` (a random
// token that occurs nowhere else in the page) where each visitor's CSRF token goes, and without cookies.
struct AnonymousPage {
  std::string path;  // the request path it was rendered for
  std::string csrf_placeholder;
  http::Response response;
};

// The anonymous petition page of `petition_id` in `locale`: the kept one, or what `render` returns (called when
// there is none or it is stale, by one request at a time; see the contract above).
std::shared_ptr<const AnonymousPage> CachedAnonymousPage(site::Services& services, std::int64_t petition_id,
                                                         std::string_view locale,
                                                         const std::function<AnonymousPage()>& render);
// The kept anonymous page of `petition_id` in `locale` if it is fresh, else nullptr. Never reads the database, never
// renders and never waits for another thread's reload, so an HTTP I/O thread may call it (see http::FastHandler).
std::shared_ptr<const AnonymousPage> PeekAnonymousPage(site::Services& services, std::int64_t petition_id,
                                                       std::string_view locale);
// `page`'s response with `csrf` in place of the placeholder, byte for byte what rendering the page with `csrf` as
// the token would give if `csrf` needs no HTML escaping (letters, digits, '-' and '_'). Sets no cookies.
http::Response WithVisitorToken(const AnonymousPage& page, std::string_view csrf);

// Drops what is kept of petition `id` in this process, so that the next read sees a change just written.
void Forget(site::Services& services, std::int64_t petition_id);
// Drops the tenant's settings kept in this process, so that the next read sees settings just saved.
void ForgetSettings(site::Services& services, std::int64_t tenant_id);
// Drops every petition kept in this process for `db` (after a job changed many, e.g. folded counts or closed
// expired petitions), so that this process shows the change at once.
void ForgetPetitions(db::Database& db);

}  // namespace mw::petitions
