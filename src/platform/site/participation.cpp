// The place search over every format's open participation (#14 item 1): the list /beteiligung and its API.
#include "platform/site/participation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

#include <boost/json.hpp>

#include "platform/core/text.hpp"
#include "platform/site/context.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::site {
namespace {

constexpr int kPageSize = 20;
constexpr int kMaxApiLimit = 100;
// A list is paged over at most this many entries (the formats are asked for offset + page entries each).
constexpr int kMaxOffset = 2000;
// Candidates a format gives for one place search at most (a box of 200 km radius at Land scale holds all of them).
constexpr int kMaxCandidates = 10000;

std::optional<int> ParseInt(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> ParseDouble(std::string_view text) {
  text = Trim(text);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string Fixed(double value, int decimals) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

bool SoonerEnd(const Participation& a, const Participation& b) {
  if (a.ends_at.has_value() != b.ends_at.has_value()) return a.ends_at.has_value();
  if (a.ends_at && *a.ends_at != *b.ends_at) return *a.ends_at < *b.ends_at;
  if (a.title != b.title) return a.title < b.title;
  return a.href < b.href;
}

const ParticipationSource* SourceOf(const Services& services, std::string_view kind) {
  for (const auto& source : services.participation_sources) {
    if (source.kind == kind) return &source;
  }
  return nullptr;
}

// Type, place and radius of the page or the API, checked.
struct ListRequest {
  std::string kind;  // empty: every format
  std::string place_text;
  int radius_km = kDefaultRadiusKm;
  PlaceLookup lookup;
  int offset = 0;
  int limit = kPageSize;
};

Result<ListRequest> ReadListRequest(const Services& services, const http::Request& request, bool api) {
  ListRequest out;
  out.kind = request.Query("type");
  if (!out.kind.empty() && !SourceOf(services, out.kind)) {
    return Fail(ErrorKind::kInvalid, "Diese Art der Beteiligung gibt es nicht.", "type");
  }
  out.place_text = std::string(Trim(request.Query("place")));
  auto lookup = PlaceFromRequest(services, request, "place", api ? "radius_km" : "radius", api);
  if (!lookup) return std::unexpected(lookup.error());
  out.lookup = std::move(*lookup);
  if (out.lookup.search) out.radius_km = static_cast<int>(out.lookup.search->radius_km);
  else if (auto radius = ParseInt(request.Query(api ? "radius_km" : "radius"))) out.radius_km = *radius;
  for (auto [name, max, target] : {std::tuple{"offset", kMaxOffset, &out.offset},
                                   std::tuple{"limit", api ? kMaxApiLimit : kPageSize, &out.limit}}) {
    std::string text = request.Query(name);
    if (text.empty() || (!api && std::string_view(name) == "limit")) continue;
    auto value = ParseInt(text);
    const int min = std::string_view(name) == "limit" ? 1 : 0;
    if (!value || *value < min || *value > max) {
      return Fail(ErrorKind::kInvalid,
                  "Der Parameter " + std::string(name) + " muss eine ganze Zahl von " + std::to_string(min) +
                      " bis " + std::to_string(max) + " sein.",
                  name);
    }
    *target = *value;
  }
  return out;
}

std::string ListQuery(const ListRequest& list, std::string_view place) {
  std::string query;
  auto add = [&](std::string_view key, std::string_view value) {
    query += query.empty() ? "?" : "&";
    query += std::string(key) + "=" + QueryEscape(value);
  };
  if (!place.empty()) {
    add("place", place);
    add("radius", std::to_string(list.radius_km));
  }
  if (!list.kind.empty()) add("type", list.kind);
  return query;
}

std::string KindLabel(const Services& services, std::string_view locale, const ParticipationSource& source) {
  return services.renderer.T(locale, source.label_key);
}

// ---- the page ------------------------------------------------------------------------------------------------------

http::Response RenderParticipation(Services& services, Visitor& visitor, const http::Request& request) {
  const std::string& locale = visitor.locale;
  auto T = [&](std::string_view key, const std::map<std::string, std::string>& values = {}) {
    return services.renderer.T(locale, std::string(key), values);
  };
  auto read = ReadListRequest(services, request, false);
  std::vector<Error> errors;
  ListRequest list;
  if (read) {
    list = std::move(*read);
  } else {
    errors.push_back(read.error());
    // The error summary links to the form's fields only: the page offset is in the address, not in the form.
    if (errors.back().field == "offset") errors.back().field.clear();
    list.place_text = std::string(Trim(request.Query("place")));
    if (auto radius = ParseInt(request.Query("radius"))) list.radius_km = *radius;
    if (SourceOf(services, request.Query("type"))) list.kind = request.Query("type");
  }
  if (!IsValidUtf8(list.place_text) || Utf8Length(list.place_text) > kMaxPlaceChars) list.place_text.clear();

  boost::json::array radii;
  for (int radius : kRadiusChoicesKm) {
    radii.push_back(boost::json::object{{"value", std::to_string(radius)},
                                        {"label", T("participation.radius_km", {{"km", std::to_string(radius)}})},
                                        {"selected", radius == list.radius_km}});
  }
  boost::json::array types{
      boost::json::object{{"value", ""}, {"label", T("participation.type_all")}, {"selected", list.kind.empty()}}};
  for (const auto& source : services.participation_sources) {
    types.push_back(boost::json::object{{"value", source.kind},
                                        {"label", KindLabel(services, locale, source)},
                                        {"selected", source.kind == list.kind}});
  }
  boost::json::object model{
      {"form", boost::json::object{{"place", list.place_text}, {"radii", std::move(radii)}, {"types", std::move(types)}}},
  };
  int status = 200;
  if (!errors.empty()) {
    status = 422;
    // The fields' ids in the form are their names.
    AddErrors(model, errors);
  } else if (!list.lookup.choices.empty()) {
    boost::json::array choices;
    for (const places::Place* place : list.lookup.choices) {
      ListRequest chosen = list;
      choices.push_back(boost::json::object{{"label", place->Label()},
                                            {"href", "/beteiligung" + ListQuery(chosen, place->Label())}});
    }
    model["choices"] = std::move(choices);
    model["choice_title"] = T("participation.choice_title", {{"place", list.place_text}});
  } else {
    ParticipationPage page = services.db.Read([&](db::Tx& tx) {
      return FindParticipation(services, tx, list.lookup.search, list.kind, locale, list.offset, kPageSize);
    });
    boost::json::array entries;
    for (const auto& found : page.entries) {
      boost::json::object entry{{"kind_label", found.entry.kind_label}, {"title", found.entry.title},
                                {"href", found.entry.href},             {"tenant_name", found.entry.tenant_name},
                                {"status_label", found.entry.status_label}};
      if (found.distance_km) {
        entry["distance_label"] =
            *found.distance_km < 1 ? T("participation.distance_here")
                                   : T("participation.distance", {{"km", Fixed(*found.distance_km, 0)}});
      }
      entries.push_back(std::move(entry));
    }
    model["entries"] = std::move(entries);
    model["show_results"] = true;
    model["results_title"] =
        list.lookup.search ? T("participation.results_near", {{"km", std::to_string(list.radius_km)},
                                                              {"place", list.lookup.search->label}})
                           : T("participation.results_all");
    model["total_label"] = T(page.total == 1 ? "participation.total_one" : "participation.total",
                             {{"count", std::to_string(page.total)}});
    const std::string query = ListQuery(list, list.lookup.search ? list.place_text : "");
    auto page_href = [&](int offset) {
      return "/beteiligung" + (query.empty() ? "?" : query + "&") + "offset=" + std::to_string(offset);
    };
    if (list.offset > 0) model["prev_href"] = page_href(std::max(0, list.offset - kPageSize));
    if (list.offset + static_cast<int>(page.entries.size()) < page.total && list.offset + kPageSize <= kMaxOffset) {
      model["next_href"] = page_href(list.offset + kPageSize);
    }
  }
  return RenderPage(services, visitor, request, "participation", std::move(model), T("participation.title"),
                    {.status = status, .breadcrumbs = {{T("participation.title"), ""}}});
}

}  // namespace

// ---- the search ----------------------------------------------------------------------------------------------------

Result<PlaceLookup> LookUpPlace(const places::Gazetteer& gazetteer, std::string_view text, double radius_km) {
  text = Trim(text);
  if (!IsValidUtf8(text) || Utf8Length(text) > kMaxPlaceChars) {
    return Fail(ErrorKind::kInvalid,
                "Der Ort darf höchstens " + std::to_string(kMaxPlaceChars) + " Zeichen lang sein.", "place");
  }
  auto found = gazetteer.Find(text);
  if (found.empty()) {
    return Fail(ErrorKind::kInvalid,
                "Einen Ort „" + std::string(text) +
                    "“ kennen wir nicht. Bitte geben Sie den Namen einer Gemeinde oder eine Postleitzahl ein.",
                "place");
  }
  PlaceLookup lookup;
  if (found.size() > 1) {
    lookup.choices = std::move(found);
    return lookup;
  }
  lookup.search = PlaceSearch{.centre = found.front()->point, .radius_km = radius_km, .label = found.front()->name};
  return lookup;
}

std::vector<std::int64_t> TenantsAround(db::Tx& tx, const places::Gazetteer& gazetteer, const PlaceSearch& search) {
  auto within = gazetteer.Within(search.centre, search.radius_km);
  if (within.empty()) {
    // The point lies in some municipality whose own point is farther away: the nearest one stands for it.
    const places::Place* nearest = nullptr;
    double nearest_km = 0;
    for (const auto& place : gazetteer.all()) {
      const double km = places::DistanceKm(search.centre, place.point);
      if (!nearest || km < nearest_km) nearest = &place, nearest_km = km;
    }
    if (nearest && nearest_km <= search.radius_km + 25) within.push_back(nearest);
  }
  std::vector<std::int64_t> ids;
  if (within.empty()) return ids;
  for (const auto& tenant : tenancy::ListAll(tx)) {
    if (tenant.ags.empty()) continue;
    const bool inside = std::any_of(within.begin(), within.end(),
                                    [&](const places::Place* place) { return place->ags.starts_with(tenant.ags); });
    if (inside) ids.push_back(tenant.id);
  }
  return ids;
}

ParticipationQuery QueryFor(db::Tx& tx, const places::Gazetteer& gazetteer, const std::optional<PlaceSearch>& search) {
  ParticipationQuery query;
  if (search) {
    query.box = places::BoxAround(search->centre, search->radius_km);
    query.tenant_ids = TenantsAround(tx, gazetteer, *search);
  }
  return query;
}

bool WithinSearch(const Participation& entry, const PlaceSearch& search) {
  return !entry.area || places::DistanceKm(search.centre, *entry.area) <= search.radius_km;
}

ParticipationPage FindParticipation(Services& services, db::Tx& tx, const std::optional<PlaceSearch>& search,
                                    std::string_view kind, std::string_view locale, int offset, int limit) {
  ParticipationQuery query = QueryFor(tx, *services.gazetteer, search);
  query.locale = std::string(locale);
  query.now = services.now();
  // Everywhere: each format gives its first offset + limit by end, with its count; near a place: every candidate,
  // of which the exact distance keeps some.
  query.limit = search ? kMaxCandidates : offset + limit;
  std::vector<Participation> all;
  std::int64_t total = 0;
  for (const auto& source : services.participation_sources) {
    if (!kind.empty() && source.kind != kind) continue;
    ParticipationList listed = source.list(tx, query);
    if (!search) total += listed.total;
    for (auto& entry : listed.entries) {
      if (search && !WithinSearch(entry, *search)) continue;
      all.push_back(std::move(entry));
    }
  }
  std::sort(all.begin(), all.end(), SoonerEnd);
  if (search) total = static_cast<std::int64_t>(all.size());
  ParticipationPage page;
  page.total = total;
  for (std::size_t index = static_cast<std::size_t>(offset);
       index < all.size() && page.entries.size() < static_cast<std::size_t>(limit); ++index) {
    FoundParticipation found{.entry = std::move(all[index])};
    if (search && found.entry.area) found.distance_km = places::DistanceKm(search->centre, *found.entry.area);
    page.entries.push_back(std::move(found));
  }
  return page;
}

Result<PlaceLookup> PlaceFromRequest(const Services& services, const http::Request& request,
                                     std::string_view place_param, std::string_view radius_param, bool allow_near) {
  int radius_km = kDefaultRadiusKm;
  if (std::string text = request.Query(radius_param); !text.empty()) {
    auto radius = ParseInt(text);
    if (!radius || *radius < kMinRadiusKm || *radius > kMaxRadiusKm) {
      return Fail(ErrorKind::kInvalid,
                  "Der Umkreis muss eine ganze Zahl von " + std::to_string(kMinRadiusKm) + " bis " +
                      std::to_string(kMaxRadiusKm) + " Kilometern sein.",
                  std::string(radius_param));
    }
    radius_km = *radius;
  }
  const std::string place = request.Query(place_param);
  const std::string near = allow_near ? request.Query("near") : std::string();
  if (!place.empty() && !near.empty()) {
    return Fail(ErrorKind::kInvalid, "Bitte geben Sie entweder einen Ort oder Koordinaten an, nicht beides.", "near");
  }
  if (!near.empty()) {
    const std::size_t comma = near.find(',');
    std::optional<double> lat, lon;
    if (near.size() <= 64 && comma != std::string::npos) {
      lat = ParseDouble(std::string_view(near).substr(0, comma));
      lon = ParseDouble(std::string_view(near).substr(comma + 1));
    }
    if (!lat || !lon || !places::IsValid({*lat, *lon})) {
      return Fail(ErrorKind::kInvalid,
                  "Der Parameter near erwartet Breite und Länge in Grad, durch ein Komma getrennt (z. B. "
                  "near=51.2355,12.7271), die Breite von -90 bis 90, die Länge von -180 bis 180.",
                  "near");
    }
    PlaceLookup lookup;
    lookup.search = PlaceSearch{.centre = {*lat, *lon}, .radius_km = static_cast<double>(radius_km),
                                .label = Fixed(*lat, 4) + ", " + Fixed(*lon, 4)};
    return lookup;
  }
  if (Trim(place).empty()) return PlaceLookup{};
  auto lookup = LookUpPlace(*services.gazetteer, place, radius_km);
  if (!lookup) {
    Error error = lookup.error();
    error.field = std::string(place_param);
    return std::unexpected(error);
  }
  return lookup;
}

// GET /beteiligung: every open participation, with the place search and the type filter. The same for every
// visitor without session: from the page cache, kept until a format's offers change.
http::Response GetParticipation(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  std::vector<std::string> scopes{std::string(kOffersScope)};
  for (const auto& source : services.participation_sources) scopes.push_back(source.kind);
  auto shared = ServeSharedPage(services, visitor, request, scopes,
                                [&](Visitor& anonymous) { return RenderParticipation(services, anonymous, request); });
  if (shared) return std::move(*shared);
  return RenderParticipation(services, visitor, request);
}

// GET /api/v1/participation?near=LAT,LON&radius_km=R | ?place=NAME|POSTCODE, &type=, &limit=, &offset=.
http::Response ApiParticipation(Services& services, http::Request& request) {
  auto list = ReadListRequest(services, request, true);
  if (!list) {
    // A parameter that is not a number or not a pair of coordinates is malformed (400); one out of its limits, an
    // unknown place or type cannot be processed (422).
    const Error& error = list.error();
    const bool malformed =
        (error.field == "near") ||
        ((error.field == "radius_km" || error.field == "limit" || error.field == "offset") &&
         !ParseInt(request.Query(error.field)));
    auto response = http::Response::Problem(malformed ? 400 : 422, "Ungültige Angaben", error.message);
    return response;
  }
  if (!list->lookup.choices.empty()) {
    std::string names;
    boost::json::array choices;
    for (const places::Place* place : list->lookup.choices) {
      names += (names.empty() ? "" : ", ") + place->Label();
      choices.push_back(boost::json::object{{"place", place->Label()}, {"ags", place->ags}});
    }
    boost::json::object body{{"type", "about:blank"},
                             {"title", "Mehrdeutiger Ort"},
                             {"status", 422},
                             {"detail", "Mehrere Orte passen zu „" + list->place_text + "“: " + names +
                                            ". Bitte geben Sie einen davon als place an."},
                             {"choices", std::move(choices)}};
    http::Response response = http::Response::Json(422, boost::json::serialize(body));
    response.SetHeader("Content-Type", "application/problem+json");
    return response;
  }
  ParticipationPage page = services.db.Read([&](db::Tx& tx) {
    return FindParticipation(services, tx, list->lookup.search, list->kind, "de", list->offset, list->limit);
  });
  boost::json::array items;
  for (const auto& found : page.entries) {
    const Participation& entry = found.entry;
    boost::json::object item{{"type", entry.kind},
                             {"type_label", entry.kind_label},
                             {"title", entry.title},
                             {"url", services.config.base_url + entry.href},
                             {"tenant", entry.tenant_name},
                             {"status", entry.status_label},
                             {"ends_at", entry.ends_at ? boost::json::value(IsoUtc(*entry.ends_at)) : nullptr},
                             {"distance_km", found.distance_km ? boost::json::value(std::round(*found.distance_km * 10) / 10)
                                                               : nullptr}};
    if (entry.area) {
      item["area"] = boost::json::array{entry.area->min_lon, entry.area->min_lat, entry.area->max_lon,
                                        entry.area->max_lat};
    } else {
      item["area"] = nullptr;
    }
    items.push_back(std::move(item));
  }
  boost::json::object body{{"items", std::move(items)},
                           {"total", page.total},
                           {"limit", list->limit},
                           {"offset", list->offset}};
  if (list->lookup.search) {
    const PlaceSearch& search = *list->lookup.search;
    body["near"] = boost::json::object{{"label", search.label},
                                       {"lat", search.centre.lat},
                                       {"lon", search.centre.lon},
                                       {"radius_km", search.radius_km}};
  }
  return http::Response::Json(200, boost::json::serialize(body));
}

}  // namespace mw::site
