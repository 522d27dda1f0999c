// The platform part of the JSON API (/api/v1/…): the caller's own account and the tenants. Authentication by
// personal API token (Authorization: Bearer …); errors as problem details.
#include <boost/json.hpp>

#include "platform/site/pages.hpp"

namespace mw::site {
namespace {

boost::json::object TenantJson(const tenancy::Tenant& tenant, const std::vector<tenancy::Tenant>& all) {
  boost::json::object out{{"slug", tenant.slug},     {"name", tenant.name},
                          {"kind", tenant.kind},     {"land", tenant.land},
                          {"ags", tenant.ags},       {"contact_email", tenant.contact_email},
                          {"website", tenant.website}, {"parent", nullptr}};
  for (const auto& candidate : all) {
    if (tenant.parent_id == candidate.id) out["parent"] = candidate.slug;
  }
  return out;
}

}  // namespace

http::Response ApiMe(Services& services, http::Request& request) {
  auto user = ApiUser(services, request);
  if (!user) {
    auto response = http::Response::Problem(401, "Nicht angemeldet",
                                            "Bitte senden Sie ein gültiges persönliches API-Token als "
                                            "Authorization: Bearer.");
    response.SetHeader("WWW-Authenticate", "Bearer");
    return response;
  }
  boost::json::array roles;
  services.db.Read([&](db::Tx& tx) {
    for (const auto& grant : accounts::RolesOf(tx, user->id)) {
      roles.push_back(boost::json::object{{"tenant", grant.tenant_slug}, {"role", accounts::RoleName(grant.role)}});
    }
  });
  boost::json::object out{{"id", user->id},
                          {"email", user->email},
                          {"name", user->name},
                          {"platform_admin", user->is_platform_admin},
                          {"roles", std::move(roles)}};
  return http::Response::Json(200, boost::json::serialize(out));
}

http::Response ApiTenants(Services& services, http::Request&) {
  auto tenants = services.db.Read([&](db::Tx& tx) { return tenancy::ListAll(tx); });
  boost::json::array out;
  for (const auto& tenant : tenants) out.push_back(TenantJson(tenant, tenants));
  return http::Response::Json(200, boost::json::serialize(out));
}

http::Response ApiTenant(Services& services, http::Request& request) {
  auto tenants = services.db.Read([&](db::Tx& tx) { return tenancy::ListAll(tx); });
  for (const auto& tenant : tenants) {
    if (tenant.slug == request.PathParam("slug")) {
      return http::Response::Json(200, boost::json::serialize(TenantJson(tenant, tenants)));
    }
  }
  return http::Response::Problem(404, "Nicht gefunden", "Diesen Mandanten gibt es nicht.");
}

}  // namespace mw::site
