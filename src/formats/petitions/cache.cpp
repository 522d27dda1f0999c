#include "formats/petitions/cache.hpp"

namespace mw::petitions {

std::optional<tenancy::Tenant> CachedTenant(site::Services& services, std::string_view slug) {
  return services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, std::string(slug)); });
}

std::optional<Petition> CachedPetition(site::Services& services, std::int64_t id) {
  auto petition = services.db.Read([&](db::Tx& tx) { return Find(tx, id); });
  if (!petition || !IsPublic(petition->state)) return std::nullopt;
  return petition;
}

Settings CachedSettings(site::Services& services, std::int64_t tenant_id) {
  return services.db.Read([&](db::Tx& tx) { return LoadSettings(tx, tenant_id); });
}

void Forget(site::Services&, std::int64_t) {}

}  // namespace mw::petitions
