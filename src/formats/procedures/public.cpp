// Public pages of the procedures format: the procedure page (served to anonymous visitors from the page cache), the
// tenant's and the Land-wide lists with filters, the map view, the published statements and the tenant admins' map
// settings. Feeds and API are in public_feeds.cpp, subscriptions in public_subscriptions.cpp.
#include <algorithm>
#include <cstdio>
#include <map>

#include "formats/procedures/announcement.hpp"
#include "formats/procedures/publication_store.hpp"
#include "formats/procedures/handlers.hpp"
#include "formats/procedures/public_internal.hpp"
#include "formats/procedures/public_store.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/site/page_cache.hpp"

namespace mw::procedures {
namespace {

using site::Services;
using site::Visitor;

std::string Coordinate(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.5f", value);
  return buffer;
}

// The operator's base map for the whole installation (`serve --map-tiles`), maybe none.
MapSettings InstallationMap(const Services& services) {
  return {.tile_url = services.config.map_tile_url, .attribution = services.config.map_attribution};
}

// The map element's data: base layer (none: "tile_url" is empty and the page says so), and what to show (a geometry
// or a GeoJSON address).
boost::json::object MapModel(const MapSettings& settings) {
  return {{"tile_url", settings.tile_url}, {"attribution", settings.attribution}};
}

// The tile server of `settings` as a Content-Security-Policy source ("https://tiles.example.org"; a "{s}"
// subdomain becomes "*"), or empty.
std::string TileSource(const MapSettings& settings) {
  const std::string& url = settings.tile_url;
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  std::string origin = url.substr(0, url.find_first_of("/?#", scheme + 3));
  if (auto s = origin.find("{s}"); s != std::string::npos) origin.replace(s, 3, "*");
  return origin;
}

// Page options with the format's stylesheet, and with Leaflet, the map script and the tile server where the page
// shows a map.
site::PageOptions WithAssets(site::PageOptions options, const MapSettings* map) {
  options.stylesheets.push_back("/static/css/procedures.css");
  if (map) {
    options.stylesheets.push_back("/static/vendor/leaflet/leaflet.css");
    options.scripts = {"/static/vendor/leaflet/leaflet.js", "/static/js/procedures-map.js"};
    if (std::string source = TileSource(*map); !source.empty()) options.extra_image_sources.push_back(source);
  }
  return options;
}

// ---- the procedure page ----------------------------------------------------------------------------------------

http::Response ShowProcedure(Services& services, Visitor& visitor, const http::Request& request,
                             const tenancy::Tenant& tenant, const Procedure& procedure) {
  const std::string& locale = visitor.locale;
  const Status status = procedure.StatusOn(Today(services));
  const std::string base = ProcedurePath(tenant.slug, procedure.id);
  boost::json::object model{{"tenant", {{"slug", tenant.slug}, {"name", tenant.name}}}};
  boost::json::object shown = ProcedureModel(services, locale, procedure, tenant);
  shown["is_draft"] = procedure.phase == Phase::kDraft;
  shown["decided"] = !procedure.decision_text.empty();
  shown["has_explanation"] = !procedure.explanation.empty();
  if (procedure.decided_at) shown["decided_at"] = site::FormatTime(*procedure.decided_at, locale);
  if (procedure.decided_at) {
    // The notice of the decision (§ 10 Abs. 8 BImSchG, § 74 Abs. 4 VwVfG); its full text is entscheidung.txt.
    const law::Date notice_day = LocalDate(*procedure.decided_at);
    boost::json::object decision{
        {std::string(OutcomeName(procedure.decision_outcome)), true},
        {"notice_day", DateLabel(notice_day, locale)},
        {"remedies", procedure.decision_remedies},
        {"conditions", procedure.decision_conditions},
        {"notice_href", base + "/entscheidung.txt"}};
    if (auto display = DecisionDisplay(procedure.type, procedure.decision_outcome, notice_day)) {
      decision["display_first"] = DateLabel(display->first, locale);
      decision["display_last"] = DateLabel(display->last, locale);
      decision["bimschg"] = procedure.type == Type::kBimschg;
    }
    shown["decision"] = std::move(decision);
  }
  model["procedure"] = std::move(shown);

  bool may_work = false;
  bool may_edit = false;
  boost::json::array chapters;
  MapSettings map_settings;
  services.db.Read([&](db::Tx& tx) {
    if (const auto* user = visitor.user()) {
      may_work = MayWork(tx, *user, tenant.id);
      may_edit = MayEdit(tx, *user, tenant.id);
    }
    chapters = DocumentChapters(services, tx, procedure, tenant.slug, locale);
    // § 27a VwVfG, § 3 Abs. 2 Satz 5 BauGB: the announcement as published, every version.
    auto announcements = AnnouncementVersions(tx, procedure.id);
    model["has_announcements"] = !announcements.empty();
    model["announcements"] = AnnouncementVersionLinks(announcements, base, locale);
    map_settings = LoadMapSettings(tx, tenant.id, InstallationMap(services));
  });
  model["chapters"] = std::move(chapters);

  boost::json::object links;
  if (status == Status::kParticipation || status == Status::kEvaluation || status == Status::kHearing) {
    if (TakesOnlineSubmissions(procedure.type, procedure.legal)) {
      links["statement_href"] = base + "/stellungnahme";
      links["statement_label"] = T(services, visitor,
                                   TakesObjections(procedure.type) ? "procedures.public.objection_link"
                                                                   : "procedures.public.statement_link");
      // #14 item 3: the offline channel beside the form.
      links["offline"] = T(services, visitor,
                           TakesObjections(procedure.type) ? "procedures.public.offline_objection"
                                                           : "procedures.public.offline_statement",
                           {{"authority", WrittenTo(tenant)}});
    } else {
      // #12 item 9: in writing or for the record only (§ 73 Abs. 4 Satz 1 VwVfG), at the authority or the Gemeinde.
      boost::json::array where{boost::json::string(WrittenTo(tenant))};
      if (!Trim(procedure.legal.filing_municipality).empty()) {
        where.push_back(boost::json::string(Trim(procedure.legal.filing_municipality)));
      }
      links["written_only"] = boost::json::object{{"where", std::move(where)},
                                                  {"until", DateLabel(procedure.objection_end, locale)}};
    }
    links["late"] = status != Status::kParticipation;
  }
  if (may_work) links["work_href"] = base + "/bearbeitung";
  if (may_edit) links["edit_href"] = base + "/bearbeiten";
  if (may_edit) links["documents_href"] = base + "/dokumente";
  if (procedure.publish_statements) links["statements_href"] = base + "/stellungnahmen";
  if (procedure.result_published) links["result_href"] = base + "/ergebnis";
  model["links"] = std::move(links);

  if (procedure.lat && procedure.lon) {
    boost::json::object map = MapModel(map_settings);
    map["geometry"] = procedure.geometry;
    map["lat"] = Coordinate(*procedure.lat);
    map["lon"] = Coordinate(*procedure.lon);
    map["osm_href"] = "https://www.openstreetmap.org/?mlat=" + Coordinate(*procedure.lat) +
                      "&mlon=" + Coordinate(*procedure.lon) + "#map=14/" + Coordinate(*procedure.lat) + "/" +
                      Coordinate(*procedure.lon);
    model["map"] = std::move(map);
  }
  model["list_href"] = "/" + tenant.slug + "/verfahren";
  std::string title = procedure.title;
  const bool has_map = procedure.lat && procedure.lon;
  return site::RenderPage(
      services, visitor, request, "procedures_public_show", std::move(model), title,
      WithAssets(
          {.tenant = &tenant,
           .breadcrumbs = {{tenant.name, "/" + tenant.slug, true},
                           {T(services, visitor, "procedures.public.list_title"), "/" + tenant.slug + "/verfahren"},
                           {title, "", true}}},
          has_map ? &map_settings : nullptr));
}

http::Response GetProcedure(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto show = [&](Visitor& viewer, const tenancy::Tenant& of) -> http::Response {
    auto visible = ProcedureOf(services, viewer, request, of);
    if (auto* response = std::get_if<http::Response>(&visible)) return std::move(*response);
    return ShowProcedure(services, viewer, request, of, std::get<Procedure>(visible));
  };
  // A visitor without session and notice gets the page all of them share (site/page_cache.hpp).
  if (auto id = ParseId(request.PathParam("id"))) {
    auto shared = site::ServeSharedPage(
        services, visitor, request, {ProcedureScope(*id), site::TenantScope(tenant.id)}, [&](Visitor& anonymous) {
          // Read again under the page's generations, so that a change committed meanwhile is not kept.
          auto fresh = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, tenant.slug); });
          if (!fresh)
            return site::ErrorResponse(services, request, 404, T(services, anonymous, "error.unknown_tenant"));
          return show(anonymous, *fresh);
        });
    if (shared) return std::move(*shared);
  }
  return show(visitor, tenant);
}

// ---- lists -------------------------------------------------------------------------------------------------------

boost::json::array Options(const std::vector<std::pair<std::string, std::string>>& values, std::string_view current,
                           const std::string& all_label) {
  boost::json::array out{boost::json::object{{"value", ""}, {"label", all_label}, {"selected", current.empty()}}};
  for (const auto& [value, label] : values) {
    out.push_back(boost::json::object{{"value", value}, {"label", label}, {"selected", value == current}});
  }
  return out;
}

// The model of the lists (/verfahren, /verfahren/karte, /{tenant}/verfahren); see docs/procedures/public.md.
boost::json::object ListModel(Services& services, const Visitor& visitor, const std::vector<tenancy::TenantName>& tenants,
                              const PublicFilter& filter, const std::string& path, const ListResult& result) {
  const std::string& locale = visitor.locale;
  std::vector<std::pair<std::string, std::string>> types;
  for (Type type : AllTypes()) types.emplace_back(std::string(TypeName(type)), TypeLabel(services, locale, type));
  std::vector<std::pair<std::string, std::string>> regions;
  for (const auto& tenant : tenants) regions.emplace_back(tenant.slug, tenant.name);
  std::vector<std::pair<std::string, std::string>> statuses;
  for (Status status : {Status::kAnnounced, Status::kParticipation, Status::kEvaluation, Status::kHearing,
                        Status::kDecided, Status::kArchived}) {
    statuses.emplace_back(std::string(StatusName(status)), StatusLabel(services, locale, status));
  }
  const std::string all = T(services, visitor, "procedures.public.filter_all");
  boost::json::object filters{
      {"action", path},
      {"types", Options(types, filter.type ? TypeName(*filter.type) : "", all)},
      {"regions", Options(regions, filter.region ? filter.region->slug : "", all)},
      {"statuses", Options(statuses, filter.status ? StatusName(*filter.status) : "", all)},
      {"open", filter.open},
      {"q", filter.q},
      {"tenant", filter.tenant ? filter.tenant->slug : ""},
      {"place", filter.place},
  };
  boost::json::array radii;
  for (int radius : site::kRadiusChoicesKm) {
    radii.push_back(boost::json::object{{"value", std::to_string(radius)},
                                        {"label", T(services, visitor, "participation.radius_km",
                                                    {{"km", std::to_string(radius)}})},
                                        {"selected", radius == filter.radius_km}});
  }
  filters["radii"] = std::move(radii);
  boost::json::array items;
  for (const auto& [procedure, tenant] : result.items) {
    boost::json::object item = ProcedureModel(services, locale, procedure, tenant);
    item.erase("description");
    item.erase("explanation");
    items.push_back(std::move(item));
  }
  const std::string query = FilterQuery(filter);
  const auto page_href = [&](int offset) {
    std::string href = path + (query.empty() ? "?" : query + "&") + "offset=" + std::to_string(offset);
    return href;
  };
  boost::json::object model{
      {"filters", std::move(filters)},
      {"procedures", std::move(items)},
      {"total_label", T(services, visitor, "procedures.public.total", {{"count", std::to_string(result.total)}})},
  };
  if (filter.offset > 0) model["prev_href"] = page_href(std::max(0, filter.offset - filter.limit));
  if (filter.offset + static_cast<int>(result.items.size()) < static_cast<int>(result.total)) {
    model["next_href"] = page_href(filter.offset + filter.limit);
  }
  return model;
}

std::optional<http::Response> BadFilter(Services& services, const http::Request& request,
                                        const Result<PublicFilter>& filter) {
  if (filter) return std::nullopt;
  return site::ErrorResponse(services, request, 400, filter.error().message);
}

// GET /verfahren and /verfahren/karte: the Land-wide overview (the map view adds the map above the same list, which
// is what a visitor without JavaScript sees).
http::Response RenderOverview(Services& services, Visitor& visitor, const http::Request& request, bool map_view) {
  auto filter = services.db.Read([&](db::Tx& tx) { return ParsePublicFilter(services, tx, request, kPageSize); });
  // An unknown place (or radius) is asked again in the filter form, above the list without the place filter.
  std::optional<Error> place_error;
  if (!filter && (filter.error().field == "place" || filter.error().field == "radius")) {
    place_error = filter.error();
    filter = services.db.Read(
        [&](db::Tx& tx) { return ParsePublicFilter(services, tx, request, kPageSize, /*with_place=*/false); });
  }
  if (auto bad = BadFilter(services, request, filter)) return std::move(*bad);
  const std::string path = map_view ? "/verfahren/karte" : "/verfahren";
  MapSettings map_settings;
  boost::json::object model = services.db.Read([&](db::Tx& tx) {
    auto result = ListPublic(tx, *filter, Today(services));
    const auto tenants = tenancy::ListNames(tx);  // the region filter's choices
    boost::json::object built = ListModel(services, visitor, tenants, *filter, path, result);
    if (map_view) {
      map_settings = LandMapSettings(tx, InstallationMap(services));
      boost::json::object map = MapModel(map_settings);
      map["geojson_href"] = "/verfahren.geojson" + FilterQuery(*filter);
      if (filter->near) {
        map["near"] = Coordinate(filter->near->centre.lat) + "," + Coordinate(filter->near->centre.lon) + "," +
                      std::to_string(filter->radius_km);
      }
      built["map"] = std::move(map);
    } else {
      // The subscription form has a page of its own, with the region filtered here chosen.
      std::string href = "/verfahren/abonnieren";
      if (filter->region) href += "?region=" + site::QueryEscape(filter->region->slug);
      built["subscribe"] = boost::json::object{{"href", std::move(href)}};
    }
    return built;
  });
  const std::string query = FilterQuery(*filter);
  model["map_view"] = map_view;
  model["list_href"] = "/verfahren" + query;
  model["map_href"] = "/verfahren/karte" + query;
  model["feed_href"] = "/verfahren.atom";
  model["geojson_href"] = "/verfahren.geojson" + query;
  model["land_wide"] = true;
  if (place_error) {
    model["filters"].as_object()["place"] = std::string(Trim(request.Query("place")));
    model["place_error"] = place_error->message;
    site::AddErrors(model, {Error{place_error->kind, place_error->message,
                                  place_error->field == "place" ? "filter-place" : "filter-radius"}});
  }
  std::string title = T(services, visitor, map_view ? "procedures.public.map_title" : "procedures.public.overview_title");
  return site::RenderPage(services, visitor, request, "procedures_public_list", std::move(model), title,
                          WithAssets({.status = place_error ? 422 : 200,
                                      .breadcrumbs = {{T(services, visitor, "procedures.public.overview_title"),
                                                       "/verfahren"},
                                                      {title, ""}}},
                                     map_view ? &map_settings : nullptr));
}

// The overview is the same for every visitor but for the header (nothing in it depends on who is logged in): from
// the page cache, with a logged-in visitor's own header put in.
http::Response Overview(Services& services, http::Request& request, bool map_view) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto shared =
      site::ServeSharedPage(services, visitor, request, {std::string(kProceduresScope)},
                            [&](Visitor& anonymous) { return RenderOverview(services, anonymous, request, map_view); },
                            site::SharedWith::kEveryone);
  if (shared) return std::move(*shared);
  return RenderOverview(services, visitor, request, map_view);
}

http::Response GetOverview(Services& services, http::Request& request) { return Overview(services, request, false); }
http::Response GetMap(Services& services, http::Request& request) { return Overview(services, request, true); }

bool MayAdminister(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id) {
  return user.is_platform_admin || accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kAdmin);
}

// GET /{tenant}/verfahren: the tenant's public procedures (with drafts for its back office).
http::Response ShowTenantList(Services& services, Visitor& visitor, const http::Request& request,
                              const tenancy::Tenant& tenant) {
  auto filter = services.db.Read([&](db::Tx& tx) { return ParsePublicFilter(services, tx, request, kPageSize); });
  if (auto bad = BadFilter(services, request, filter)) return std::move(*bad);
  filter->tenant = tenant;
  filter->region.reset();
  const std::string path = "/" + tenant.slug + "/verfahren";
  boost::json::object model = services.db.Read([&](db::Tx& tx) {
    auto result = ListPublic(tx, *filter, Today(services));
    // A tenant's list has no region filter (its template shows it only Land-wide).
    boost::json::object built = ListModel(services, visitor, {}, *filter, path, result);
    if (const auto* user = visitor.user()) {
      if (MayEdit(tx, *user, tenant.id)) built["new_href"] = path + "/neu";
      if (MayWork(tx, *user, tenant.id)) built["manage_href"] = path + "/verwaltung";
      if (MayAdminister(tx, *user, tenant.id)) built["settings_href"] = path + "/karteneinstellungen";
    }
    return built;
  });
  model["tenant"] = {{"slug", tenant.slug}, {"name", tenant.name}};
  model["feed_href"] = path + ".atom";
  model["land_href"] = "/verfahren?tenant=" + tenant.slug;
  model["map_href"] = "/verfahren/karte?tenant=" + tenant.slug;
  model["geojson_href"] = "/verfahren.geojson?tenant=" + tenant.slug;
  std::string title = T(services, visitor, "procedures.public.list_title");
  return site::RenderPage(
      services, visitor, request, "procedures_public_list", std::move(model), title,
      WithAssets({.tenant = &tenant, .breadcrumbs = {{tenant.name, "/" + tenant.slug, true}, {title, ""}}}, nullptr));
}

http::Response GetTenantList(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto shared = site::ServeSharedPage(
      services, visitor, request, {std::string(kProceduresScope), site::TenantScope(tenant.id)},
      [&](Visitor& anonymous) {
        auto fresh = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, tenant.slug); });
        if (!fresh) return site::ErrorResponse(services, request, 404, T(services, anonymous, "error.unknown_tenant"));
        return ShowTenantList(services, anonymous, request, *fresh);
      });
  if (shared) return std::move(*shared);
  return ShowTenantList(services, visitor, request, tenant);
}

// ---- published statements -------------------------------------------------------------------------------------

http::Response GetStatements(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto visible = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&visible)) return std::move(*response);
  const Procedure& procedure = std::get<Procedure>(visible);
  if (!procedure.publish_statements) {
    return site::ErrorResponse(services, request, 404, T(services, visitor, "procedures.public.statements_not_published"));
  }
  int page = 1;
  if (std::string text = request.Query("seite"); !text.empty()) {
    auto parsed = ParseId(text);
    if (!parsed || *parsed > 100'000) {
      return site::ErrorResponse(services, request, 400, T(services, visitor, "procedures.public.bad_page"));
    }
    page = static_cast<int>(*parsed);
  }
  // Only what a case worker reviewed and published (redaction review), in the redacted form stored then.
  std::map<std::int64_t, Publication> publications;
  auto statements = services.db.Read([&](db::Tx& tx) {
    publications = PublicationsOf(tx, procedure.id);
    return StatementsOf(tx, procedure.id);
  });
  std::erase_if(statements, [&](const Statement& statement) {
    auto found = publications.find(statement.id);
    return statement.withdrawn || found == publications.end() || found->second.state != PublicationState::kPublished;
  });
  const std::size_t total = statements.size();
  const std::size_t from = std::min(total, static_cast<std::size_t>(page - 1) * kPageSize);
  const std::size_t to = std::min(total, from + kPageSize);
  boost::json::array items;
  for (std::size_t index = from; index < to; ++index) {
    const Statement& statement = statements[index];
    const bool named = statement.publish_consent && !statement.organisation_name.empty();
    items.push_back(boost::json::object{
        {"reference", statement.reference},
        {"received", DateLabel(LocalDate(statement.received_at), visitor.locale)},
        {"author", named ? statement.organisation_name : T(services, visitor, "procedures.public.private_person")},
        {"text", publications.at(statement.id).redacted_text},
        {"late", statement.late},
    });
  }
  const std::string base = ProcedurePath(tenant.slug, procedure.id);
  boost::json::object model{
      {"tenant", {{"slug", tenant.slug}, {"name", tenant.name}}},
      {"procedure", {{"title", procedure.title}, {"href", base}}},
      {"statements", std::move(items)},
      {"total_label", T(services, visitor, "procedures.public.statements_total", {{"count", std::to_string(total)}})},
  };
  if (page > 1) model["prev_href"] = base + "/stellungnahmen?seite=" + std::to_string(page - 1);
  if (to < total) model["next_href"] = base + "/stellungnahmen?seite=" + std::to_string(page + 1);
  std::string title = T(services, visitor, "procedures.public.statements_title");
  return site::RenderPage(
      services, visitor, request, "procedures_public_statements", std::move(model), title,
      {.tenant = &tenant,
       .breadcrumbs = {{tenant.name, "/" + tenant.slug, true}, {procedure.title, base, true}, {title, ""}}});
}

// ---- map settings ------------------------------------------------------------------------------------------------

http::Response MapSettingsPage(Services& services, http::Request& request, bool post) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  const accounts::User& user = *visitor.user();
  auto settings = services.db.Read([&](db::Tx& tx) -> std::optional<MapSettings> {
    if (!MayAdminister(tx, user, tenant.id)) return std::nullopt;
    return LoadMapSettings(tx, tenant.id, InstallationMap(services));
  });
  if (!settings) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "procedures.public.settings_forbidden"));
  }
  const std::string action = "/" + tenant.slug + "/verfahren/karteneinstellungen";
  std::vector<Error> errors;
  if (post) {
    if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
    MapSettings entered_settings{.tile_url = std::string(Trim(request.Form("tile_url"))),
                                 .attribution = request.Form("attribution"),
                                 .is_default = false};
    errors = ValidateMapSettings(entered_settings);
    if (errors.empty()) {
      const db::UnixSeconds now = services.now();
      services.db.Write([&](db::Tx& tx) {
        SaveMapSettings(tx, tenant.id, entered_settings, now);
        audit::Record(tx,
                      {.actor_user_id = user.id,
                       .actor_label = user.email,
                       .tenant_id = tenant.id,
                       .action = "procedure.map_settings",
                       .object = "tenant:" + std::to_string(tenant.id),
                       .detail = entered_settings.tile_url,
                       .remote_ip = request.remote_ip},
                      now);
      });
      return site::RedirectWithFlash(visitor, action, "procedures.public.settings_saved");
    }
    settings = entered_settings;
  }
  boost::json::object model{
      {"tenant", {{"slug", tenant.slug}, {"name", tenant.name}}},
      {"action", action},
      {"values", {{"tile_url", settings->tile_url}, {"attribution", settings->attribution}}},
      {"is_default", settings->is_default},
      {"default_tile_url", services.config.map_tile_url},
  };
  site::AddErrors(model, errors);
  std::string title = T(services, visitor, "procedures.public.settings_title");
  return site::RenderPage(
      services, visitor, request, "procedures_public_map_settings", std::move(model), title,
      {.status = errors.empty() ? 200 : 422,
       .tenant = &tenant,
       .breadcrumbs = {{tenant.name, "/" + tenant.slug, true},
                       {T(services, visitor, "procedures.public.list_title"), "/" + tenant.slug + "/verfahren"},
                       {title, ""}}});
}

http::Response GetMapSettings(Services& services, http::Request& request) {
  return MapSettingsPage(services, request, false);
}
http::Response PostMapSettings(Services& services, http::Request& request) {
  return MapSettingsPage(services, request, true);
}

// ---- offers and jobs ---------------------------------------------------------------------------------------------

std::vector<site::Offer> CurrentOffers(const Services& services, db::Tx& tx, std::optional<std::int64_t> tenant_id,
                                       std::string_view locale, int limit) {
  std::vector<site::Offer> offers;
  const law::Date today = Today(services);
  std::map<std::int64_t, std::optional<tenancy::Tenant>> tenants;
  for (const auto& procedure : List(tx, {.tenant_id = tenant_id, .public_only = true, .limit = kMaxListed})) {
    if (static_cast<int>(offers.size()) >= limit) break;
    const Status status = procedure.StatusOn(today);
    if (status != Status::kParticipation && status != Status::kAnnounced) continue;
    auto& tenant = tenants[procedure.tenant_id];
    if (!tenant) tenant = tenancy::FindById(tx, procedure.tenant_id);
    if (!tenant) continue;
    std::string status_label =
        status == Status::kParticipation
            ? services.renderer.T(locale, "procedures.public.offer_open",
                                  {{"date", DateLabel(procedure.objection_end, locale)}})
            : services.renderer.T(locale, "procedures.public.offer_announced",
                                  {{"date", DateLabel(procedure.display_start, locale)}});
    offers.push_back({.title = procedure.title,
                      .href = ProcedurePath(tenant->slug, procedure.id),
                      .tenant_name = tenant->name,
                      .format_label = services.renderer.T(locale, "procedures.format_label"),
                      .status_label = std::move(status_label)});
  }
  return offers;
}

// The procedures open now (announced or in participation) as entries of the participation list: where a procedure
// is, is its map area (migration 0222), or its authority's place when it has none.
site::ParticipationList OpenParticipation(const Services& services, db::Tx& tx, const site::ParticipationQuery& query) {
  const law::Date today = LocalDate(query.now);
  const ListFilter open{.public_only = true, .open_on = today, .soonest_end_first = true, .limit = query.limit};
  site::ParticipationList out;
  std::vector<Procedure> found;
  if (!query.box) {
    found = List(tx, open);
    out.total = Count(tx, open);
  } else {
    // The candidates from the index alone (the areas in the box's band of latitudes, and those without area of the
    // tenants near), then the open ones among them by id: a filter on the phase first would read every published
    // procedure's row to look at its area.
    ListFilter near = open;
    near.ids.emplace();
    for (const auto& located : LocatedNear(tx, *query.box, query.tenant_ids, query.limit)) near.ids->push_back(located.id);
    found = List(tx, near);
    out.total = static_cast<std::int64_t>(found.size());
  }
  std::map<std::int64_t, std::optional<tenancy::Tenant>> tenants;
  const std::string kind_label = services.renderer.T(query.locale, "procedures.format_label");
  for (const auto& procedure : found) {
    auto& tenant = tenants[procedure.tenant_id];
    if (!tenant) tenant = tenancy::FindById(tx, procedure.tenant_id);
    if (!tenant) continue;
    const bool announced = procedure.StatusOn(today) == Status::kAnnounced;
    out.entries.push_back(
        {.kind = std::string(kProceduresScope),
         .kind_label = kind_label,
         .title = procedure.title,
         .href = ProcedurePath(tenant->slug, procedure.id),
         .tenant_id = tenant->id,
         .tenant_name = tenant->name,
         .status_label = announced ? services.renderer.T(query.locale, "procedures.public.offer_announced",
                                                         {{"date", DateLabel(procedure.display_start, query.locale)}})
                                   : services.renderer.T(query.locale, "procedures.public.offer_open",
                                                         {{"date", DateLabel(procedure.objection_end, query.locale)}}),
         .ends_at = procedure.closes_at,
         .area = procedure.area});
  }
  return out;
}

}  // namespace

void RegisterPublicRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  http::RouteOptions form{.body_limit = 16 * 1024, .field_limit = 8 * 1024};
  // A visitor without session gets the kept shared page on the I/O thread when there is a current one; everything
  // else (a session, an outdated or missing page) goes to the handler on a worker.
  const http::RouteOptions shared_page{.fast = site::SharedPageFast(services)};
  router.Add(Method::kGet, "/verfahren", bind(GetOverview), shared_page);
  router.Add(Method::kGet, "/verfahren/karte", bind(GetMap), shared_page);
  router.Add(Method::kGet, "/{tenant}/verfahren", bind(GetTenantList), shared_page);
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}", bind(GetProcedure), shared_page);
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/stellungnahmen", bind(GetStatements));
  router.Add(Method::kGet, "/{tenant}/verfahren/karteneinstellungen", bind(GetMapSettings));
  router.Add(Method::kPost, "/{tenant}/verfahren/karteneinstellungen", bind(PostMapSettings), form);
  RegisterFeedRoutes(router, services);
  RegisterSubscriptionRoutes(router, services);

  services.sections.push_back({.label_key = "procedures.nav",
                               .href = "/verfahren",
                               .tenant_path = "/verfahren",
                               .activity_key = "procedures.section_activity",
                               .account_key = "procedures.section_account",
                               .easy_language_key = "procedures.section_easy_language"});
  services.offer_sources.push_back(
      [&services](db::Tx& tx, std::optional<std::int64_t> tenant_id, std::string_view locale, int limit) {
        return CurrentOffers(services, tx, tenant_id, locale, limit);
      });
  // The kind is the format's page-cache scope too: /beteiligung is kept until a procedure's write touches it.
  services.participation_sources.push_back(
      {.kind = std::string(kProceduresScope),
       .label_key = "procedures.nav",
       .list = [&services](db::Tx& tx, const site::ParticipationQuery& query) {
         return OpenParticipation(services, tx, query);
       }});
}

void AddPublicJobs(jobs::Scheduler& scheduler, Services& services) {
  scheduler.Add("procedures-subscription-mails", 600, [&services](db::UnixSeconds now) {
    services.db.Write([&](db::Tx& tx) { PurgeUnconfirmedSubscriptions(tx, now); });
    NotifySubscribers(services, now);
  });
}

void LoadPublicDemo(db::Database& db, db::UnixSeconds now) {
  db.Write([&](db::Tx& tx) {
    for (const auto& subscription : ConfirmedSubscriptions(tx)) {
      if (subscription.email == "anna.schmidt@buerger.example") return;  // loaded before
    }
    auto region = tenancy::FindBySlug(tx, "landkreis-leipzig");
    auto token = Subscribe(
        tx, {.email = "anna.schmidt@buerger.example", .region_tenant_id = region ? std::optional(region->id) : std::nullopt},
        now);
    if (token) (void)ConfirmSubscription(tx, *token, now);
  });
}

}  // namespace mw::procedures
