// The public lists' filters, and what machines read: the Atom feeds, the GeoJSON of the map and the public JSON API
// GET /api/v1/procedures[/{id}].
#include <algorithm>
#include <charconv>

#include "formats/procedures/handlers.hpp"
#include "formats/procedures/public_internal.hpp"
#include "platform/core/text.hpp"
#include "platform/site/page_cache.hpp"

namespace mw::procedures {
namespace {

using site::Services;

Result<int> NumberParameter(const http::Request& request, std::string_view name, int min, int max, int fallback) {
  std::string text = request.Query(name);
  if (text.empty()) return fallback;
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Fail(ErrorKind::kInvalid,
                "Der Parameter " + std::string(name) + " muss eine ganze Zahl von " + std::to_string(min) + " bis " +
                    std::to_string(max) + " sein.",
                std::string(name));
  }
  return value;
}

http::Response Feed(Services& services, const http::Request& request, const std::optional<tenancy::Tenant>& tenant) {
  const std::string base = services.config.base_url;
  // The 50 published last, asked of SQL in that order (any number of procedures).
  std::vector<Listed> items = services.db.Read([&](db::Tx& tx) {
    ListFilter list{.public_only = true, .newest_published_first = true, .limit = 50};
    if (tenant) list.tenant_id = tenant->id;
    return WithTenants(tx, List(tx, list));
  });
  const std::string list_url = base + (tenant ? "/" + tenant->slug + "/verfahren" : "/verfahren");
  const std::string self_url = list_url + ".atom";
  db::UnixSeconds newest = 0;
  std::string entries;
  for (const auto& [procedure, owner] : items) {
    newest = std::max(newest, procedure.updated_at);
    const std::string url = base + ProcedurePath(owner.slug, procedure.id);
    const std::string summary =
        TypeLabel(services, "de", procedure.type) + " — " +
        StatusLabel(services, "de", procedure.StatusOn(Today(services))) + " — " +
        services.renderer.T("de", "procedures.public.feed_dates",
                            {{"start", DateLabel(procedure.display_start, "de")},
                             {"end", DateLabel(procedure.objection_end, "de")}}) +
        "\n\n" + procedure.description;
    entries += "<entry><id>" + XmlEscape(url) + "</id><title>" + XmlEscape(procedure.title) +
               "</title><link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(url) +
               "\"/><author><name>" + XmlEscape(owner.name) + "</name></author><published>" +
               IsoUtc(procedure.published_at.value_or(procedure.created_at)) + "</published><updated>" +
               IsoUtc(procedure.updated_at) + "</updated><summary>" + XmlEscape(summary) + "</summary></entry>\n";
  }
  const std::string title =
      tenant ? services.renderer.T("de", "procedures.public.feed_title_tenant", {{"tenant", tenant->name}})
             : services.renderer.T("de", "procedures.public.feed_title");
  std::string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
                     "xml:lang=\"de\"><id>" +
                     XmlEscape(list_url) + "</id><title>" + XmlEscape(title) + "</title><link rel=\"self\" href=\"" +
                     XmlEscape(self_url) + "\"/><link rel=\"alternate\" type=\"text/html\" href=\"" +
                     XmlEscape(list_url) + "\"/><author><name>" +
                     XmlEscape(tenant ? tenant->name : services.renderer.T("de", "site.name")) +
                     "</name></author><updated>" + IsoUtc(newest ? newest : services.now()) + "</updated>\n" +
                     entries + "</feed>\n";
  http::Response response;
  response.status = 200;
  response.SetHeader("Content-Type", "application/atom+xml; charset=utf-8");
  response.body = std::move(body);
  (void)request;
  return response;
}

// The feeds are the same for everyone: kept like the pages (site/page_cache.hpp), answered on the I/O thread.
http::Response GetLandFeed(Services& services, http::Request& request) {
  return site::ServeSharedResource(services, request, {std::string(kProceduresScope)},
                                   [&] { return Feed(services, request, {}); });
}

http::Response GetTenantFeed(Services& services, http::Request& request) {
  auto tenant = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, request.PathParam("tenant")); });
  if (!tenant) return site::ErrorResponse(services, request, 404, services.renderer.T("de", "error.unknown_tenant"));
  return site::ServeSharedResource(services, request, {std::string(kProceduresScope), site::TenantScope(tenant->id)},
                                   [&] {
                                     // Read again under the page's generations (a rename committed meanwhile).
                                     auto fresh = services.db.Read(
                                         [&](db::Tx& tx) { return tenancy::FindBySlug(tx, tenant->slug); });
                                     return Feed(services, request, fresh ? fresh : tenant);
                                   });
}

// A GeoJSON geometry object of `procedure` (a Feature's geometry is taken out), or null.
boost::json::value GeometryOf(const Procedure& procedure) {
  if (!procedure.geometry.empty()) {
    boost::system::error_code error;
    auto parsed = boost::json::parse(procedure.geometry, error);
    if (!error && parsed.is_object()) {
      auto& object = parsed.as_object();
      if (object.if_contains("type") && object.at("type") == "Feature" && object.if_contains("geometry")) {
        return object.at("geometry");
      }
      return parsed;
    }
  }
  if (procedure.lat && procedure.lon) {
    return boost::json::object{{"type", "Point"}, {"coordinates", boost::json::array{*procedure.lon, *procedure.lat}}};
  }
  return nullptr;
}

// GET /verfahren.geojson: the procedures of the filters (up to kMaxListed, not paged) as a FeatureCollection.
http::Response GetGeoJson(Services& services, http::Request& request) {
  std::string locale = request.Query("lang") == "en" ? "en" : "de";
  auto result = services.db.Read([&](db::Tx& tx) -> Result<ListResult> {
    auto filter = ParsePublicFilter(services, tx, request, kMaxListed);
    if (!filter) return std::unexpected(filter.error());
    filter->limit = kMaxListed;
    filter->offset = 0;
    return ListPublic(tx, *filter, Today(services));
  });
  if (!result) return ApiError(result.error());
  boost::json::array features;
  for (const auto& [procedure, tenant] : result->items) {
    boost::json::value geometry = GeometryOf(procedure);
    if (geometry.is_null()) continue;
    const Status status = procedure.StatusOn(Today(services));
    features.push_back(boost::json::object{
        {"type", "Feature"},
        {"id", procedure.id},
        {"geometry", std::move(geometry)},
        {"properties",
         {{"id", procedure.id},
          {"title", procedure.title},
          {"href", ProcedurePath(tenant.slug, procedure.id)},
          {"tenant", tenant.slug},
          {"tenant_name", tenant.name},
          {"type", TypeName(procedure.type)},
          {"type_label", TypeLabel(services, locale, procedure.type)},
          {"status", StatusName(status)},
          {"status_label", StatusLabel(services, locale, status)},
          {"objection_end", law::FormatIso(procedure.objection_end)},
          {"objection_end_label", DateLabel(procedure.objection_end, locale)}}}});
  }
  auto response = http::Response::Json(
      200, boost::json::serialize(boost::json::object{{"type", "FeatureCollection"}, {"features", features}}));
  response.SetHeader("Content-Type", "application/geo+json");
  return response;
}

// GET /api/v1/procedures
http::Response ApiList(Services& services, http::Request& request) {
  auto result = services.db.Read([&](db::Tx& tx) -> Result<std::pair<ListResult, PublicFilter>> {
    auto filter = ParsePublicFilter(services, tx, request, 100);
    if (!filter) return std::unexpected(filter.error());
    return std::pair{ListPublic(tx, *filter, Today(services)), *filter};
  });
  if (!result) return ApiError(result.error());
  boost::json::array items;
  for (const auto& [procedure, tenant] : result->first.items) items.push_back(ProcedureJson(services, procedure, tenant));
  return http::Response::Json(200, boost::json::serialize(boost::json::object{
                                       {"items", std::move(items)},
                                       {"total", result->first.total},
                                       {"limit", result->second.limit},
                                       {"offset", result->second.offset},
                                   }));
}

// GET /api/v1/procedures/{id}: drafts only with a token of the tenant's back office.
http::Response ApiGet(Services& services, http::Request& request) {
  std::optional<accounts::User> user;
  if (request.Header("authorization")) {
    user = site::ApiUser(services, request);
    if (!user) return ApiUnauthorized();
  }
  auto id = ParseId(request.PathParam("id"));
  std::optional<Found> found;
  if (id) found = FindVisible(services, user ? &*user : nullptr, *id);
  if (!found) return ApiError({ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."});
  boost::json::object body = ProcedureJson(services, found->procedure, found->tenant);
  body["documents"] = services.db.Read(
      [&](db::Tx& tx) { return DocumentChapters(services, tx, found->procedure, found->tenant.slug, "de"); });
  return http::Response::Json(200, boost::json::serialize(body));
}

}  // namespace

Result<PublicFilter> ParsePublicFilter(const Services& services, db::Tx& tx, const http::Request& request,
                                       int max_limit, bool with_place) {
  PublicFilter filter;
  auto place = with_place ? site::PlaceFromRequest(services, request, "place", "radius", false)
                          : Result<site::PlaceLookup>(site::PlaceLookup{});
  if (!place) return std::unexpected(place.error());
  if (!place->choices.empty()) {
    std::string names;
    for (const places::Place* choice : place->choices) names += (names.empty() ? "" : ", ") + choice->Label();
    return Fail(ErrorKind::kInvalid,
                "Mehrere Orte passen zu Ihrer Angabe: " + names + ". Bitte geben Sie die Postleitzahl dazu an.",
                "place");
  }
  if (place->search) {
    filter.place = std::string(Trim(request.Query("place")));
    filter.radius_km = static_cast<int>(place->search->radius_km);
    filter.near = place->search;
    const site::ParticipationQuery query = site::QueryFor(tx, *services.gazetteer, filter.near);
    for (const auto& located : LocatedNear(tx, *query.box, query.tenant_ids, kMaxNearCandidates)) {
      if (!located.area || places::DistanceKm(filter.near->centre, *located.area) <= filter.near->radius_km) {
        filter.near_ids.push_back(located.id);
      }
    }
  }
  if (std::string type = request.Query("type"); !type.empty()) {
    filter.type = ParseType(type);
    if (!filter.type) return Fail(ErrorKind::kInvalid, "Diese Verfahrensart gibt es nicht.", "type");
  }
  for (std::string_view name : {"tenant", "region"}) {
    std::string slug = request.Query(name);
    if (slug.empty()) continue;
    auto tenant = slug.size() <= 40 ? tenancy::FindBySlug(tx, slug) : std::nullopt;
    if (!tenant) return Fail(ErrorKind::kInvalid, "Diesen Mandanten gibt es nicht.", std::string(name));
    (name == "tenant" ? filter.tenant : filter.region) = std::move(tenant);
  }
  if (std::string status = request.Query("status"); !status.empty()) {
    filter.status = ParseStatus(status);
    if (!filter.status || *filter.status == Status::kDraft) {
      return Fail(ErrorKind::kInvalid, "Diesen Stand eines Verfahrens gibt es nicht.", "status");
    }
  }
  if (std::string open = request.Query("open"); !open.empty()) {
    if (open != "1" && open != "true" && open != "0" && open != "false") {
      return Fail(ErrorKind::kInvalid, "Der Parameter open ist true oder false.", "open");
    }
    filter.open = open == "1" || open == "true";
  }
  filter.q = std::string(Trim(request.Query("q")));
  if (!IsValidUtf8(filter.q) || Utf8Length(filter.q) > kMaxQueryChars) {
    return Fail(ErrorKind::kInvalid, "Der Suchtext darf höchstens 200 Zeichen lang sein.", "q");
  }
  auto limit = NumberParameter(request, "limit", 1, max_limit, std::min(kPageSize, max_limit));
  if (!limit) return std::unexpected(limit.error());
  auto offset = NumberParameter(request, "offset", 0, 1'000'000, 0);
  if (!offset) return std::unexpected(offset.error());
  filter.limit = *limit;
  filter.offset = *offset;
  return filter;
}

std::string FilterQuery(const PublicFilter& filter) {
  std::string query;
  auto add = [&](std::string_view key, std::string_view value) {
    query += query.empty() ? "?" : "&";
    query += std::string(key) + "=" + site::QueryEscape(value);
  };
  if (filter.type) add("type", TypeName(*filter.type));
  if (filter.tenant) add("tenant", filter.tenant->slug);
  if (filter.region) add("region", filter.region->slug);
  if (filter.status) add("status", StatusName(*filter.status));
  if (filter.open) add("open", "1");
  if (!filter.q.empty()) add("q", filter.q);
  if (filter.near) {
    add("place", filter.place);
    add("radius", std::to_string(filter.radius_km));
  }
  return query;
}

std::vector<Listed> WithTenants(db::Tx& tx, std::vector<Procedure> procedures) {
  std::vector<Listed> out;
  if (procedures.empty()) return out;
  // Only the tenants of these procedures (a page: at most a few dozen), not the installation's hundreds.
  std::map<std::int64_t, std::optional<tenancy::Tenant>> tenants;
  for (auto& procedure : procedures) {
    auto [tenant, added] = tenants.try_emplace(procedure.tenant_id);
    if (added) tenant->second = tenancy::FindById(tx, procedure.tenant_id);
    if (!tenant->second) continue;  // a procedure belongs to its tenant (foreign key): never
    out.push_back({std::move(procedure), *tenant->second});
  }
  return out;
}

ListResult ListPublic(db::Tx& tx, const PublicFilter& filter, law::Date today) {
  // One page and a count, both in SQL (status included): the overview reads the rows it shows, whatever the number
  // of procedures in the Land.
  ListFilter list{.type = filter.type,
                  .public_only = true,
                  .status = filter.status,
                  .status_on = today,
                  .text = filter.q,
                  .limit = filter.limit,
                  .offset = filter.offset};
  if (filter.open) list.open_on = today;
  std::vector<std::int64_t> ids;
  if (filter.region) ids = RegionTenantIds(tx, filter.region->id);
  if (filter.tenant) {
    if (filter.region && std::ranges::find(ids, filter.tenant->id) == ids.end()) return {};
    ids = {filter.tenant->id};
  }
  list.tenant_ids = std::move(ids);
  if (filter.near) list.ids = filter.near_ids;
  list = WithTextMatched(tx, std::move(list));  // the page and the count without searching twice
  return {WithTenants(tx, List(tx, list)), static_cast<std::size_t>(Count(tx, list))};
}

void RegisterFeedRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  const http::RouteOptions shared{.fast = site::SharedResourceFast(services)};
  router.Add(Method::kGet, "/verfahren.atom", bind(GetLandFeed), shared);
  router.Add(Method::kGet, "/{tenant}/verfahren.atom", bind(GetTenantFeed), shared);
  router.Add(Method::kGet, "/verfahren.geojson", bind(GetGeoJson));
  router.Add(Method::kGet, "/api/v1/procedures", bind(ApiList));
  router.Add(Method::kGet, "/api/v1/procedures/{id}", bind(ApiGet));
}

}  // namespace mw::procedures
