// The start page, tenant sections and each tenant's administration (roles, audit log).
#include <charconv>
#include <fstream>
#include <sstream>
#include <variant>

#include "platform/accounts/second_factor.hpp"
#include "platform/audit/audit.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/site/pages.hpp"
#include "platform/site/participation.hpp"

namespace mw::site {
namespace {

constexpr int kAuditPageSize = 50;

std::string KindLabel(const Services& services, std::string_view locale, std::string_view kind) {
  return services.renderer.T(locale, "tenant.kind." + std::string(kind));
}

boost::json::object TenantSummary(const Services& services, std::string_view locale, const tenancy::Tenant& tenant) {
  return {{"slug", tenant.slug}, {"name", tenant.name}, {"kind_label", KindLabel(services, locale, tenant.kind)}};
}

// The tenant of the path, or the 404 to answer.
std::variant<tenancy::Tenant, http::Response> TenantOf(Services& services, const http::Request& request,
                                                        std::string_view locale) {
  std::string slug = request.PathParam("tenant");
  auto tenant = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, slug); });
  if (!tenant) return ErrorResponse(services, request, 404, services.renderer.T(locale, "error.unknown_tenant"));
  return *tenant;
}

bool IsTenantAdmin(Services& services, const Visitor& visitor, const tenancy::Tenant& tenant) {
  const accounts::User* user = visitor.user();
  if (!user) return false;
  if (user->is_platform_admin) return true;
  return services.db.Read(
      [&](db::Tx& tx) { return accounts::HasRole(tx, user->id, tenant.id, accounts::Role::kAdmin); });
}

// Resolves the tenant and checks that the visitor administers it. Returns the response to send if not.
std::variant<tenancy::Tenant, http::Response> AdministeredTenant(Services& services, Visitor& visitor,
                                                                 const http::Request& request) {
  if (!visitor.logged_in()) return LoginRequired(visitor, request);
  auto tenant = TenantOf(services, request, visitor.locale);
  if (std::holds_alternative<http::Response>(tenant)) return tenant;
  if (!IsTenantAdmin(services, visitor, std::get<tenancy::Tenant>(tenant))) {
    return ErrorResponse(services, request, 403, services.renderer.T(visitor.locale, "error.forbidden"));
  }
  return tenant;
}

http::Response ShowTenantAdmin(Services& services, Visitor& visitor, const http::Request& request,
                               const tenancy::Tenant& tenant, const std::vector<Error>& errors,
                               boost::json::object values, int status) {
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}}};
  boost::json::array members;
  auto list = services.db.Read([&](db::Tx& tx) { return accounts::MembersOf(tx, tenant.id); });
  for (const auto& member : list) {
    std::string role(accounts::RoleName(member.role));
    members.push_back(boost::json::object{{"user_id", member.user.id},
                                          {"name", member.user.name},
                                          {"email", member.user.email},
                                          {"role", role},
                                          {"role_label", services.renderer.T(visitor.locale, "role." + role)}});
  }
  model["members"] = std::move(members);
  boost::json::array roles;
  for (auto role : accounts::AllRoles()) {
    std::string name(accounts::RoleName(role));
    bool selected = values.contains("role") && values.at("role").as_string() == name;
    roles.push_back(boost::json::object{
        {"value", name}, {"label", services.renderer.T(visitor.locale, "role." + name)}, {"selected", selected}});
  }
  model["roles"] = std::move(roles);
  model["values"] = std::move(values);
  model["links"] = boost::json::object{{"audit", "/" + tenant.slug + "/verwaltung/protokoll"},
                                       {"settings", "/" + tenant.slug + "/verwaltung/einstellungen"}};
  AddErrors(model, errors);
  return RenderPage(services, visitor, request, "admin_tenant", std::move(model),
                    services.renderer.T(visitor.locale, "admin_tenant.title"),
                    {.status = status,
                     .tenant = &tenant,
                     .breadcrumbs = {{tenant.name, "/" + tenant.slug, true},
                                     {services.renderer.T(visitor.locale, "admin_tenant.title"), ""}}});
}

http::Response ShowTenantSettings(Services& services, Visitor& visitor, const http::Request& request,
                                  const tenancy::Tenant& tenant, const tenancy::TenantContact& values,
                                  const std::vector<Error>& errors, int status) {
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}, {"logo_url", tenant.logo_path}}},
      {"values", boost::json::object{{"name", values.name},
                                     {"contact_email", values.contact_email},
                                     {"contact_phone", values.contact_phone},
                                     {"address", values.address},
                                     {"website", values.website}}}};
  model["require_second_factor"] =
      request.method == http::Method::kPost
          ? !request.Form("require_second_factor").empty()
          : services.db.Read([&](db::Tx& tx) { return accounts::TenantRequiresSecondFactor(tx, tenant.id); });
  AddErrors(model, errors);
  return RenderPage(
      services, visitor, request, "admin_tenant_settings", std::move(model),
      services.renderer.T(visitor.locale, "admin_tenant_settings.title"),
      {.status = status,
       .tenant = &tenant,
       .breadcrumbs = {{tenant.name, "/" + tenant.slug, true},
                       {services.renderer.T(visitor.locale, "admin_tenant.title"), "/" + tenant.slug + "/verwaltung"},
                       {services.renderer.T(visitor.locale, "admin_tenant_settings.title"), ""}}});
}

std::string ReadSmallFile(const std::filesystem::path& path, std::size_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(limit + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

// A phone number as written ("0351 564-0") in the form a tel: link needs ("0351564-0"): digits, '+' and the
// visual separators '-' and '.' that RFC 3966 allows; spaces, slashes and brackets go.
std::string TelUri(std::string_view phone) {
  std::string out;
  for (char c : phone) {
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') out.push_back(c);
  }
  return out;
}

// The offers of every format, for one tenant or all, as the offer_list partial expects them.
boost::json::array CollectOffers(Services& services, db::Tx& tx, std::optional<std::int64_t> tenant_id,
                                 std::string_view locale) {
  constexpr int kMaxOffers = 24;
  boost::json::array out;
  for (const auto& source : services.offer_sources) {
    for (const auto& offer : source(tx, tenant_id, locale, kMaxOffers)) {
      if (static_cast<int>(out.size()) >= kMaxOffers) break;
      out.push_back(boost::json::object{{"title", offer.title},
                                        {"href", offer.href},
                                        {"tenant_name", tenant_id ? "" : offer.tenant_name},
                                        {"format_label", offer.format_label},
                                        {"status_label", offer.status_label}});
    }
  }
  return out;
}

http::Response ShowHome(Services& services, Visitor& visitor, const http::Request& request) {
  boost::json::array offers;
  auto tenants = services.db.Read([&](db::Tx& tx) {
    offers = CollectOffers(services, tx, std::nullopt, visitor.locale);
    return tenancy::ListAll(tx);
  });
  // The hierarchy, three levels deep: Länder (and other top-level tenants), their Kreise and Behörden, and the
  // Gemeinden of each Kreis.
  boost::json::array top_level;
  for (const auto& tenant : tenants) {
    if (tenant.parent_id) continue;
    boost::json::object entry = TenantSummary(services, visitor.locale, tenant);
    entry["land_name"] = std::string(tenancy::LandName(tenant.land));
    boost::json::array children;
    for (const auto& child : tenants) {
      if (child.parent_id != tenant.id) continue;
      boost::json::object child_entry = TenantSummary(services, visitor.locale, child);
      // Every level carries its own (maybe empty) list, so that a template section never falls back to the
      // parent's children.
      boost::json::array grandchildren;
      for (const auto& grandchild : tenants) {
        if (grandchild.parent_id != child.id) continue;
        boost::json::object leaf = TenantSummary(services, visitor.locale, grandchild);
        leaf["children"] = boost::json::array{};
        grandchildren.push_back(std::move(leaf));
      }
      child_entry["children"] = std::move(grandchildren);
      children.push_back(std::move(child_entry));
    }
    entry["children"] = std::move(children);
    top_level.push_back(std::move(entry));
  }
  boost::json::object model{{"tenants", std::move(top_level)}, {"offers", std::move(offers)}};
  if (!services.participation_sources.empty()) {
    // #14 item 1: "what affects me?" — the place search leads to the list of all participation.
    boost::json::array radii;
    for (int radius : kRadiusChoicesKm) {
      radii.push_back(boost::json::object{
          {"value", std::to_string(radius)},
          {"label", services.renderer.T(visitor.locale, "participation.radius_km", {{"km", std::to_string(radius)}})},
          {"selected", radius == kDefaultRadiusKm}});
    }
    model["place_form"] = boost::json::object{{"radii", std::move(radii)}};
  }
  // What one can do here, from the formats registered (#14 item 6).
  auto activities = FormatPhrases(services, visitor.locale, &Section::activity_key);
  model["intro"] = activities.empty() ? services.renderer.T(visitor.locale, "home.intro_none")
                                      : services.renderer.T(visitor.locale, "home.intro",
                                                            {{"activities", JoinedPhrases(services, visitor.locale,
                                                                                          activities)}});
  return RenderPage(services, visitor, request, "home", std::move(model),
                    services.renderer.T(visitor.locale, "home.title"));
}

// The tenant's page for `visitor`, or its 404.
http::Response ShowTenant(Services& services, Visitor& visitor, const http::Request& request) {
  auto found = TenantOf(services, request, visitor.locale);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  boost::json::object model;
  services.db.Read([&](db::Tx& tx) {
    model["tenant"] = boost::json::object{{"slug", tenant.slug},
                                          {"name", tenant.name},
                                          {"kind_label", KindLabel(services, visitor.locale, tenant.kind)},
                                          {"land_name", std::string(tenancy::LandName(tenant.land))},
                                          {"ags", tenant.ags},
                                          {"contact_email", tenant.contact_email},
                                          {"contact_phone", tenant.contact_phone},
                                          {"contact_phone_tel", TelUri(tenant.contact_phone)},
                                          {"address", tenant.address},
                                          {"website", tenant.website},
                                          {"logo_url", tenant.logo_path}};
    if (tenant.parent_id) {
      if (auto parent = tenancy::FindById(tx, *tenant.parent_id)) {
        model["parent"] = boost::json::object{{"slug", parent->slug}, {"name", parent->name}};
      }
    }
    boost::json::array children;
    for (const auto& child : tenancy::Children(tx, tenant.id)) {
      children.push_back(TenantSummary(services, visitor.locale, child));
    }
    model["children"] = std::move(children);
    model["offers"] = CollectOffers(services, tx, tenant.id, visitor.locale);
  });
  model["is_admin"] = IsTenantAdmin(services, visitor, tenant);
  boost::json::array sections;
  for (const auto& section : services.sections) {
    if (section.tenant_path.empty()) continue;
    sections.push_back(boost::json::object{{"label", services.renderer.T(visitor.locale, section.label_key)},
                                           {"href", "/" + tenant.slug + section.tenant_path}});
  }
  model["has_sections"] = !sections.empty();
  model["sections"] = std::move(sections);
  return RenderPage(services, visitor, request, "tenant", std::move(model), tenant.name, {.tenant = &tenant});
}

}  // namespace

// The start page and the tenants' pages are the same for every visitor without session: from the page cache. The
// start page lists every format's offers and the tenants (kAllScope); a tenant's page its own offers, its children
// and its contact data.
http::Response GetHome(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  // The same for logged-in visitors but for the header (SharedWith::kEveryone).
  auto shared = ServeSharedPage(services, visitor, request, {std::string(kOffersScope)},
                                [&](Visitor& anonymous) { return ShowHome(services, anonymous, request); },
                                SharedWith::kEveryone);
  if (shared) return std::move(*shared);
  return ShowHome(services, visitor, request);
}

http::Response GetTenant(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  // The tenant's scope needs its id; an unknown slug is answered by the render (a 404, never kept).
  auto tenant = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, request.PathParam("tenant")); });
  if (tenant) {
    auto shared = ServeSharedPage(services, visitor, request, {TenantScope(tenant->id), std::string(kOffersScope)},
                                  [&](Visitor& anonymous) { return ShowTenant(services, anonymous, request); });
    if (shared) return std::move(*shared);
  }
  return ShowTenant(services, visitor, request);
}

http::Response GetTenantAdmin(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto found = AdministeredTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  return ShowTenantAdmin(services, visitor, request, std::get<tenancy::Tenant>(found), {},
                         {{"email", ""}, {"role", "editor"}}, 200);
}

http::Response PostTenantGrant(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto found = AdministeredTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  std::string email = request.Form("email");
  std::string role_name = request.Form("role");
  boost::json::object values{{"email", email}, {"role", role_name}};
  auto role = accounts::ParseRole(role_name);
  if (!role) {
    return ShowTenantAdmin(services, visitor, request, tenant,
                           {Error{ErrorKind::kInvalid, services.renderer.T(visitor.locale, "admin_tenant.unknown_role"), "role"}},
                           std::move(values), 422);
  }
  auto granted = services.db.Write([&](db::Tx& tx) -> Status {
    auto user = accounts::FindUserByEmail(tx, email);
    if (!user) {
      return Fail(ErrorKind::kNotFound, services.renderer.T(visitor.locale, "admin_tenant.unknown_user"), "email");
    }
    auto status = accounts::Grant(tx, user->id, tenant.id, *role, now);
    if (!status) return status;
    audit::Record(tx,
                  audit::Entry{.actor_user_id = visitor.user()->id,
                               .actor_label = visitor.user()->email,
                               .tenant_id = tenant.id,
                               .action = "role.grant",
                               .object = "user:" + std::to_string(user->id),
                               .detail = role_name,
                               .remote_ip = request.remote_ip},
                  now);
    return status;
  });
  if (!granted) {
    return ShowTenantAdmin(services, visitor, request, tenant, {granted.error()}, std::move(values),
                           StatusFor(granted.error().kind) == 404 ? 422 : StatusFor(granted.error().kind));
  }
  return RedirectWithFlash(visitor, "/" + tenant.slug + "/verwaltung", "flash.role_granted");
}

namespace {

// The member and role a removal names (?user_id=…&role=… on the confirmation page, the same fields in its form), or
// nullopt if either is malformed.
struct RoleToRevoke {
  std::int64_t user_id = 0;
  accounts::Role role = accounts::Role::kEditor;
};
std::optional<RoleToRevoke> ParseRoleToRevoke(std::string_view user_id_text, std::string_view role_name) {
  auto role = accounts::ParseRole(role_name);
  std::int64_t user_id = 0;
  auto [end, error] = std::from_chars(user_id_text.data(), user_id_text.data() + user_id_text.size(), user_id);
  if (!role || error != std::errc() || end != user_id_text.data() + user_id_text.size() || user_id <= 0) {
    return std::nullopt;
  }
  return RoleToRevoke{user_id, *role};
}

}  // namespace

// Removing a role asks first: a page (no script) that names the person and the role, with the form that removes it.
// A role the person does not hold (any more) leads back to the list with the notice that there was nothing to remove.
http::Response GetTenantRevoke(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto found = AdministeredTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  const std::string admin_path = "/" + tenant.slug + "/verwaltung";
  // Without a question (the header's language switch keeps the path alone): back to the list of roles.
  if (request.Query("user_id").empty() && request.Query("role").empty()) return RedirectWithFlash(visitor, admin_path);
  auto asked = ParseRoleToRevoke(request.Query("user_id"), request.Query("role"));
  if (!asked) return ErrorResponse(services, request, 400, services.renderer.T(visitor.locale, "error.bad_form"));
  std::optional<accounts::User> member;
  std::int64_t admins = 0;
  services.db.Read([&](db::Tx& tx) {
    for (const auto& grant : accounts::MembersOf(tx, tenant.id)) {
      if (grant.role == accounts::Role::kAdmin) ++admins;
      if (grant.user.id == asked->user_id && grant.role == asked->role) member = grant.user;
    }
  });
  if (!member) return RedirectWithFlash(visitor, admin_path, "flash.role_not_granted");
  std::string role(accounts::RoleName(asked->role));
  std::string role_label = services.renderer.T(visitor.locale, "role." + role);
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
      {"user_id", asked->user_id},
      {"role", role},
      {"question", services.renderer.T(visitor.locale, "admin_tenant_revoke.question",
                                       {{"name", member->name}, {"email", member->email}, {"role", role_label},
                                        {"tenant", tenant.name}})},
      {"last_admin", asked->role == accounts::Role::kAdmin && admins <= 1},
      {"cancel_href", admin_path}};
  std::string title = services.renderer.T(visitor.locale, "admin_tenant_revoke.title");
  return RenderPage(services, visitor, request, "admin_tenant_revoke", std::move(model), title,
                    {.tenant = &tenant,
                     .breadcrumbs = {{tenant.name, "/" + tenant.slug},
                                     {services.renderer.T(visitor.locale, "admin_tenant.title"), admin_path},
                                     {title, ""}}});
}

http::Response PostTenantRevoke(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto found = AdministeredTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto asked = ParseRoleToRevoke(request.Form("user_id"), request.Form("role"));
  if (!asked) return ErrorResponse(services, request, 400, services.renderer.T(visitor.locale, "error.bad_form"));
  auto outcome = services.db.Write([&](db::Tx& tx) {
    auto revoked = accounts::Revoke(tx, asked->user_id, tenant.id, asked->role);
    if (revoked != accounts::RevokeOutcome::kRevoked) return revoked;
    audit::Record(tx,
                  audit::Entry{.actor_user_id = visitor.user()->id,
                               .actor_label = visitor.user()->email,
                               .tenant_id = tenant.id,
                               .action = "role.revoke",
                               .object = "user:" + std::to_string(asked->user_id),
                               .detail = std::string(accounts::RoleName(asked->role)),
                               .remote_ip = request.remote_ip},
                  now);
    return revoked;
  });
  std::string_view flash = outcome == accounts::RevokeOutcome::kRevoked     ? "flash.role_revoked"
                           : outcome == accounts::RevokeOutcome::kLastAdmin ? "flash.role_last_admin"
                                                                            : "flash.role_not_granted";
  return RedirectWithFlash(visitor, "/" + tenant.slug + "/verwaltung", flash);
}

http::Response GetTenantAudit(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto found = AdministeredTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  std::int64_t before = 0;
  try {
    if (!request.Query("vor").empty()) before = std::stoll(request.Query("vor"));
  } catch (const std::exception&) {
    return ErrorResponse(services, request, 400, services.renderer.T(visitor.locale, "error.bad_form"));
  }
  auto entries = services.db.Read([&](db::Tx& tx) { return audit::List(tx, tenant.id, before, kAuditPageSize); });
  boost::json::array rows;
  for (const auto& entry : entries) {
    rows.push_back(boost::json::object{{"time", FormatTime(entry.at, visitor.locale)},
                                       {"actor", entry.actor_label},
                                       {"action", entry.action},
                                       {"detail", entry.object + (entry.detail.empty() ? "" : " – " + entry.detail)}});
  }
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"entries", std::move(rows)}};
  if (static_cast<int>(entries.size()) == kAuditPageSize) {
    model["next_page_href"] = "/" + tenant.slug + "/verwaltung/protokoll?vor=" + std::to_string(entries.back().id);
  }
  return RenderPage(
      services, visitor, request, "admin_audit", std::move(model),
      services.renderer.T(visitor.locale, "admin_audit.title"),
      {.tenant = &tenant,
       .breadcrumbs = {{tenant.name, "/" + tenant.slug, true},
                       {services.renderer.T(visitor.locale, "admin_tenant.title"), "/" + tenant.slug + "/verwaltung"},
                       {services.renderer.T(visitor.locale, "admin_audit.title"), ""}}});
}

http::Response GetTenantSettings(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto found = AdministeredTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  return ShowTenantSettings(services, visitor, request, tenant,
                            {tenant.name, tenant.contact_email, tenant.contact_phone, tenant.address, tenant.website},
                            {}, 200);
}

http::Response PostTenantSettings(Services& services, http::Request& request) {
  Visitor visitor = ResolveVisitor(services, request);
  auto found = AdministeredTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  if (!CsrfValid(visitor, request)) return CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  tenancy::TenantContact contact{request.Form("name"), request.Form("contact_email"), request.Form("contact_phone"),
                                 request.Form("address"), request.Form("website")};
  // The logo arrives as a temporary file; only a non-empty file part counts as a new logo.
  std::optional<std::string> logo;
  for (const auto& file : request.files) {
    if (file.field != "logo" || file.size == 0) continue;
    if (file.size > tenancy::kMaxLogoBytes) {
      return ShowTenantSettings(services, visitor, request, tenant, contact,
                                {Error{ErrorKind::kTooLarge, "Das Logo ist zu groß (höchstens 512 KB).", "logo"}}, 413);
    }
    logo = ReadSmallFile(file.path, tenancy::kMaxLogoBytes);
  }
  if (logo && !tenancy::SniffLogoType(*logo)) {
    return ShowTenantSettings(
        services, visitor, request, tenant, contact,
        {Error{ErrorKind::kInvalid, "Das Logo muss ein Bild im Format PNG, JPEG oder WebP sein.", "logo"}}, 422);
  }
  bool remove_logo = !request.Form("remove_logo").empty();
  // Asking the role holders for the second factor (#15 item 4): whoever turns it on must have it, or they would shut
  // themselves out of this very page.
  bool require_second_factor = !request.Form("require_second_factor").empty();
  if (require_second_factor && !visitor.user()->is_platform_admin &&
      !services.db.Read([&](db::Tx& tx) { return accounts::HasTotp(tx, visitor.user()->id); })) {
    return ShowTenantSettings(
        services, visitor, request, tenant, contact,
        {Error{ErrorKind::kInvalid, services.renderer.T(visitor.locale, "admin_tenant_settings.second_factor_first"),
               "require_second_factor"}},
        422);
  }
  auto saved = services.db.Write([&](db::Tx& tx) -> Status {
    accounts::SetTenantRequiresSecondFactor(tx, tenant.id, require_second_factor);
    auto status = tenancy::UpdateContact(tx, tenant.id, contact);
    if (!status) return status;
    if (logo) {
      status = tenancy::SetLogo(tx, tenant, std::move(*logo), now);  // checked above, so it cannot fail here
      if (!status) return status;
    } else if (remove_logo) {
      tenancy::RemoveLogo(tx, tenant);
    }
    // The tenant's contact data and logo show on its pages, its logo also on the start page and its neighbours'.
    TouchPages(tx, {std::string(kAllScope)});
    audit::Record(tx,
                  audit::Entry{.actor_user_id = visitor.user()->id,
                               .actor_label = visitor.user()->email,
                               .tenant_id = tenant.id,
                               .action = "tenant.settings",
                               .object = "tenant:" + tenant.slug,
                               .detail = logo ? "logo" : (remove_logo ? "logo entfernt" : ""),
                               .remote_ip = request.remote_ip},
                  now);
    return status;
  });
  if (!saved) {
    return ShowTenantSettings(services, visitor, request, tenant, contact, {saved.error()},
                              StatusFor(saved.error().kind) == 413 ? 413 : 422);
  }
  return RedirectWithFlash(visitor, "/" + tenant.slug + "/verwaltung/einstellungen", "flash.settings_saved");
}

http::Response GetTenantLogo(Services& services, http::Request& request) {
  auto logo = services.db.Read([&](db::Tx& tx) { return tenancy::FindLogo(tx, request.PathParam("tenant")); });
  if (!logo) return ErrorResponse(services, request, 404, "Dieser Mandant hat kein Logo.");
  std::string etag = "\"" + logo->sha256.substr(0, 32) + "\"";
  http::Response response;
  if (request.Header("if-none-match") == etag) {
    response.status = 304;
  } else {
    response.body = std::move(logo->bytes);
    response.SetHeader("Content-Type", logo->content_type);
  }
  response.SetHeader("ETag", etag);
  response.SetHeader("Cache-Control", "public, max-age=300");
  return response;
}

}  // namespace mw::site
