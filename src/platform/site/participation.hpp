// "Find what affects me" (#14 item 1): the place search over every format's open participation. A person types a
// place name or postcode ("Grimma", "04668") and a radius; the gazetteer (Services::gazetteer) gives the place's
// point and the municipalities within the radius; the formats (Services::participation_sources) give their open
// offers whose own area meets the circle's box or, without an area, whose tenant is one of those municipalities or
// the Kreis or Land around them (AGS prefix); the exact distance decides. Used by the list /beteiligung, its API
// /api/v1/participation, and the formats' own place filters (the procedures overview and map).
//
//   auto looked_up = site::LookUpPlace(*services.gazetteer, "Grimma", 10);
//   if (looked_up && looked_up->search) {
//     auto page = services.db.Read([&](db::Tx& tx) {
//       return site::FindParticipation(services, tx, looked_up->search, "", "de", 0, 20); });
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/http/message.hpp"
#include "platform/places/places.hpp"
#include "platform/site/site.hpp"

namespace mw::site {

inline constexpr std::size_t kMaxPlaceChars = 100;
inline constexpr int kMinRadiusKm = 1;
inline constexpr int kMaxRadiusKm = 200;
inline constexpr int kDefaultRadiusKm = 10;
// The radii the forms offer.
inline constexpr int kRadiusChoicesKm[] = {5, 10, 25, 50};

// Where to search: a circle, and the tenants whose places lie in it.
struct PlaceSearch {
  places::Point centre;
  double radius_km = kDefaultRadiusKm;
  std::string label;  // the place's name ("Grimma"), or the coordinates as given
};

// What a person typed, looked up: one place (`search`), or several of that name or postcode (`choices`, labelled
// "04668 Grimma" so that choosing one finds exactly it).
struct PlaceLookup {
  std::optional<PlaceSearch> search;
  std::vector<const places::Place*> choices;
};
// kInvalid with field "place" and a German sentence for text longer than kMaxPlaceChars or not UTF-8, and for a
// place the gazetteer does not know. The radius is the caller's (checked against kMinRadiusKm–kMaxRadiusKm).
Result<PlaceLookup> LookUpPlace(const places::Gazetteer& gazetteer, std::string_view text, double radius_km);

// The tenants whose places lie within the search's circle: a tenant with an AGS that is, or begins, the AGS of a
// municipality within the radius (or of the municipality nearest the centre, which holds it), so that a Kreis's
// and the Land's offers are found at every place inside them.
std::vector<std::int64_t> TenantsAround(db::Tx& tx, const places::Gazetteer& gazetteer, const PlaceSearch& search);

// The ParticipationQuery of a search (box and tenants), or of everywhere when `search` is nullopt.
ParticipationQuery QueryFor(db::Tx& tx, const places::Gazetteer& gazetteer, const std::optional<PlaceSearch>& search);

// True if an entry a source returned for `query` lies within the search: its own area within the radius, or (no
// area) its tenant is one of the query's tenants.
bool WithinSearch(const Participation& entry, const PlaceSearch& search);

struct FoundParticipation {
  Participation entry;
  std::optional<double> distance_km;  // from the search's centre to its own area
};
struct ParticipationPage {
  std::vector<FoundParticipation> entries;  // the page: soonest end first
  std::int64_t total = 0;                   // all that match
};
// One page of the open participation of every format (or of the format `kind` when not empty), near `search` or
// everywhere. Reads through the formats' sources, in the caller's read transaction.
ParticipationPage FindParticipation(Services& services, db::Tx& tx, const std::optional<PlaceSearch>& search,
                                    std::string_view kind, std::string_view locale, int offset, int limit);

// Reads place/near/radius_km from a request: `place_param` (a name, postcode, "postcode name" or AGS), or for the
// API `near` ("LAT,LON"), and the radius in km (`radius_param`, kMinRadiusKm–kMaxRadiusKm, default
// kDefaultRadiusKm). nullopt search and no choices when neither is given. kInvalid with the parameter as field.
Result<PlaceLookup> PlaceFromRequest(const Services& services, const http::Request& request,
                                     std::string_view place_param, std::string_view radius_param, bool allow_near);

// The page /beteiligung and GET /api/v1/participation (participation.cpp).
http::Response GetParticipation(Services& services, http::Request& request);
http::Response ApiParticipation(Services& services, http::Request& request);

}  // namespace mw::site
