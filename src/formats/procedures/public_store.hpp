// The public part's tables (migration 0202): each tenant's map base layer and the e-mail subscriptions to new
// procedures of a region, plus the region and status filters of the public lists. Every function takes the caller's
// transaction; tokens are stored as SHA-256 hashes only.
//
//   auto token = procedures::Subscribe(tx, {.email = "kim@example.org", .region_tenant_id = grimma.id}, now);
//   // mail *token; later the POST of the confirmation page:
//   auto subscription = procedures::ConfirmSubscription(tx, token_from_form, now);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/procedures/store.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

// ---- map base layer ----------------------------------------------------------------------------------------------

inline constexpr std::size_t kMaxTileUrlBytes = 500;
inline constexpr std::size_t kMaxAttributionChars = 300;

struct MapSettings {
  std::string tile_url;     // a tile template with {z}, {x}, {y}, or a WMS base URL with its LAYERS parameter;
                            // empty: no base map (the areas and points on a plain background)
  std::string attribution;  // plain text
  bool is_default = true;   // no row: the installation's base map (`installation`, maybe none)
};
// The tenant's base layer, or `installation`'s (site::SiteConfig map_tile_url/map_attribution: the operator's choice,
// by default none — never a third party's tiles the operator did not choose).
MapSettings LoadMapSettings(db::Tx& tx, std::int64_t tenant_id, const MapSettings& installation);
// The base layer of the Land-wide map: the first tenant of kind "land" (by id), or `installation`'s.
MapSettings LandMapSettings(db::Tx& tx, const MapSettings& installation);
// Problems of a base layer a tenant admin entered (field → German message): an https:// URL of at most
// kMaxTileUrlBytes without quotes, spaces or control characters that is either a tile template ({z}, {x} and {y}) or
// a WMS URL (a LAYERS parameter); an attribution of 1–kMaxAttributionChars characters.
std::vector<Error> ValidateMapSettings(const MapSettings& settings);
void SaveMapSettings(db::Tx& tx, std::int64_t tenant_id, const MapSettings& settings, db::UnixSeconds now);

// ---- regions and status --------------------------------------------------------------------------------------------

// The tenant `root_id` and every tenant below it (Land → Kreis → Gemeinde via tenant.parent_id).
std::vector<std::int64_t> RegionTenantIds(db::Tx& tx, std::int64_t root_id);

// ---- subscriptions -----------------------------------------------------------------------------------------------

inline constexpr db::UnixSeconds kSubscriptionConfirmSeconds = 7 * 24 * 3600;

struct Subscription {
  std::int64_t id = 0;
  std::string email;
  std::optional<std::int64_t> region_tenant_id;  // nullopt: all tenants
  std::string locale = "de";
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> confirmed_at;
  std::optional<db::UnixSeconds> notified_until;
};
struct SubscriptionRequest {
  std::string email;  // validated and lower-cased by the caller
  std::optional<std::int64_t> region_tenant_id;
  std::string locale = "de";
};
// Records an unconfirmed subscription (or renews the token of an unconfirmed one for the same address and region)
// and returns the confirmation token to mail. nullopt when that address already has a confirmed subscription for
// the region: nothing to mail (the caller answers the same either way, so that no one learns who subscribed).
std::optional<std::string> Subscribe(db::Tx& tx, const SubscriptionRequest& request, db::UnixSeconds now);
// Confirms the subscription of `token` (valid kSubscriptionConfirmSeconds): from now on it is mailed procedures
// published after this moment. kNotFound for an unknown, used or expired token.
Result<Subscription> ConfirmSubscription(db::Tx& tx, std::string_view token, db::UnixSeconds now);
// A new unsubscribe token of `subscription_id` (one per mail, each valid until the subscription ends).
std::string NewUnsubscribeToken(db::Tx& tx, std::int64_t subscription_id, db::UnixSeconds now);
// Deletes the subscription of an unsubscribe `token` with its tokens. kNotFound for an unknown token.
Result<Subscription> Unsubscribe(db::Tx& tx, std::string_view token);
std::vector<Subscription> ConfirmedSubscriptions(db::Tx& tx);
void MarkNotified(db::Tx& tx, std::int64_t subscription_id, db::UnixSeconds until);
// Deletes unconfirmed subscriptions whose token expired. Returns how many.
int PurgeUnconfirmedSubscriptions(db::Tx& tx, db::UnixSeconds now);

}  // namespace mw::procedures
