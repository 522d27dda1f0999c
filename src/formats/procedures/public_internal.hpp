// Internal to the public part of the procedures format (public*.cpp): the filters of the public lists, shared by the
// pages, the GeoJSON, the Atom feed and the API.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "formats/procedures/handlers.hpp"
#include "formats/procedures/public_store.hpp"
#include "platform/jobs/batch.hpp"
#include "platform/site/participation.hpp"

namespace mw::procedures {

inline constexpr std::size_t kMaxQueryChars = 200;
inline constexpr int kPageSize = 20;
// How many procedures a list reads at most before filtering by status (the status follows from the dates, so it is
// filtered in C++); more than any Land has public at once.
inline constexpr int kMaxListed = 2000;
// How many procedures a place filter considers at most (each of: with an area in the box, without one of the tenants
// near): more than a Land has, so that a large radius at Land scale is not cut short.
inline constexpr int kMaxNearCandidates = 20000;

// The filters of /verfahren, /{tenant}/verfahren, /verfahren.geojson, /verfahren.atom and GET /api/v1/procedures.
struct PublicFilter {
  std::optional<Type> type;
  std::optional<tenancy::Tenant> tenant;  // exactly this tenant
  std::optional<tenancy::Tenant> region;  // this tenant and the tenants below it
  std::optional<Status> status;
  bool open = false;  // the period for statements has not ended yet
  std::string q;      // in title or description
  // A place filter (#14 item 1): the place as typed and the radius; `near` the place found, `near_ids` the public
  // procedures within the radius (their own area, or their authority's place).
  std::string place;
  int radius_km = site::kDefaultRadiusKm;
  std::optional<site::PlaceSearch> near;
  std::vector<std::int64_t> near_ids;
  int limit = kPageSize;
  int offset = 0;
};
// Reads type, tenant, region, status, open, q, limit (1–`max_limit`), offset/page from the query. kInvalid with the
// parameter as field for an unknown value.
// place and radius (a name or postcode the gazetteer knows; several places of that name are an error naming them).
// `with_place` false: place and radius are not read (the overview shows the rest when the place was unknown).
Result<PublicFilter> ParsePublicFilter(const site::Services& services, db::Tx& tx, const http::Request& request,
                                       int max_limit, bool with_place = true);
// The query string ("?type=…&region=…", or "") that selects `filter` (without limit/offset).
std::string FilterQuery(const PublicFilter& filter);

struct Listed {
  Procedure procedure;
  tenancy::Tenant tenant;
};
struct ListResult {
  std::vector<Listed> items;  // the page of `filter`
  std::size_t total = 0;      // all that match
};
ListResult ListPublic(db::Tx& tx, const PublicFilter& filter, law::Date today);
// `procedures` with their tenants, in the same order.
std::vector<Listed> WithTenants(db::Tx& tx, std::vector<Procedure> procedures);

// public_feeds.cpp: /verfahren.atom, /{tenant}/verfahren.atom, /verfahren.geojson, GET /api/v1/procedures[/{id}].
void RegisterFeedRoutes(http::Router& router, site::Services& services);

// public_subscriptions.cpp
void RegisterSubscriptionRoutes(http::Router& router, site::Services& services);
// The subscription page's form model: {action, values, regions}.
// `tenants`: tenancy::ListNames.
boost::json::object SubscriptionForm(const std::vector<tenancy::TenantName>& tenants, const site::Services& services,
                                     std::string_view locale, boost::json::object values);
// Mails every confirmed subscriber the procedures of their region published since their last mail, each in a
// transaction of its own. Returns the number of mails queued (done) and of subscribers whose mail failed (failed;
// logged, tried again at the next run).
jobs::BatchReport NotifySubscribers(site::Services& services, db::UnixSeconds now);

}  // namespace mw::procedures
