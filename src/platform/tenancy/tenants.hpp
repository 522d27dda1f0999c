// Tenants (Mandanten): the Land, its Landkreise and kreisfreie Städte, Gemeinden and Landesbehörden, each with its
// own section /{slug}/… of the portal. This module owns the tenant table and its rules; it knows nothing of pages.
//
//   auto land = tenancy::CreateTenant(tx, {.slug = "sachsen", .name = "Freistaat Sachsen", .kind = "land",
//                                          .land = "SN", .ags = "14"}, now);
//   auto grimma = tenancy::FindBySlug(tx, "grimma");
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::tenancy {

struct Tenant {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  std::string kind;  // land | kreis | gemeinde | behoerde
  std::string land;  // two-letter code, e.g. "SN"
  std::optional<std::int64_t> parent_id;
  std::string ags;   // Amtlicher Gemeindeschlüssel (2 digits for a Land, 5 for a Kreis, 8 for a Gemeinde) or empty
  std::string contact_email;
  std::string contact_phone;
  std::string address;
  std::string website;
  std::string logo_path;
  std::int64_t created_at = 0;
};

struct NewTenant {
  std::string slug;
  std::string name;
  std::string kind = "gemeinde";
  std::string land;
  std::string parent_slug;  // empty: top level
  std::string ags;
  std::string contact_email;
  std::string contact_phone;
  std::string address;
  std::string website;
};

// The 16 Länder: code → German name. IsLandCode accepts exactly BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH.
bool IsLandCode(std::string_view code);
std::string_view LandName(std::string_view code);
const std::vector<std::string>& LandCodes();

bool IsTenantKind(std::string_view kind);
const std::vector<std::string>& TenantKinds();

// Slugs that would shadow the platform's own top-level paths (anmelden, static, api, …).
bool IsReservedSlug(std::string_view slug);

// Validates and inserts. Errors (kInvalid with the field, kConflict for a taken slug) carry German messages.
// Rules: slug 2–40 of [a-z0-9-], not starting/ending with '-', not reserved; name 2–200 characters; kind and land
// valid; a parent must exist and be in the same Land; a Land has no parent; AGS empty or 2–12 digits.
Result<Tenant> CreateTenant(db::Tx& tx, const NewTenant& tenant, db::UnixSeconds now);

// Contact data and name a tenant's admins maintain themselves (slug, kind, Land and parent stay with the platform).
struct TenantContact {
  std::string name;
  std::string contact_email;
  std::string contact_phone;
  std::string address;
  std::string website;
};
// Validates (same rules as CreateTenant; e-mail plausible if given; each field at most 500 characters) and saves.
Status UpdateContact(db::Tx& tx, std::int64_t tenant_id, const TenantContact& contact);

inline constexpr std::size_t kMaxLogoBytes = 512 * 1024;
// The image type of `bytes` by content ("image/png", "image/jpeg", "image/webp"), or nullopt. SVG is not accepted:
// it can carry script.
std::optional<std::string> SniffLogoType(std::string_view bytes);
struct Logo {
  std::string content_type;
  std::string sha256;
  std::string bytes;
};
// Replaces the logo (kInvalid if not a PNG, JPEG or WebP image, kTooLarge over kMaxLogoBytes) and points the
// tenant's logo_path at /{slug}/logo?v=<hash prefix>, so that caches see a new address for a new logo.
Status SetLogo(db::Tx& tx, const Tenant& tenant, std::string bytes, db::UnixSeconds now);
void RemoveLogo(db::Tx& tx, const Tenant& tenant);
std::optional<Logo> FindLogo(db::Tx& tx, std::string_view slug);

std::optional<Tenant> FindBySlug(db::Tx& tx, std::string_view slug);
std::optional<Tenant> FindById(db::Tx& tx, std::int64_t id);
// All tenants, Länder first, then by name.
std::vector<Tenant> ListAll(db::Tx& tx);
// A tenant as choices show it (region filters, selects): every tenant, sorted by name byte-wise (the same order on
// both engines, whatever PostgreSQL's collation). Reads three columns instead of ListAll's thirteen.
struct TenantName {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
};
std::vector<TenantName> ListNames(db::Tx& tx);
std::vector<Tenant> Children(db::Tx& tx, std::int64_t parent_id);

}  // namespace mw::tenancy
