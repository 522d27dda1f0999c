#include "platform/tenancy/tenants.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::tenancy {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kLaender{{
    {"BW", "Baden-Württemberg"},
    {"BY", "Bayern"},
    {"BE", "Berlin"},
    {"BB", "Brandenburg"},
    {"HB", "Bremen"},
    {"HH", "Hamburg"},
    {"HE", "Hessen"},
    {"MV", "Mecklenburg-Vorpommern"},
    {"NI", "Niedersachsen"},
    {"NW", "Nordrhein-Westfalen"},
    {"RP", "Rheinland-Pfalz"},
    {"SL", "Saarland"},
    {"SN", "Sachsen"},
    {"ST", "Sachsen-Anhalt"},
    {"SH", "Schleswig-Holstein"},
    {"TH", "Thüringen"},
}};

// Top-level paths of the platform. A tenant slug equal to one of them would be unreachable.
// Top-level paths of the platform and the formats: a tenant may not take one as its slug.
constexpr std::array<std::string_view, 27> kReserved{
    "api",          "static",         "healthz",   "readyz",         "metrics",   "anmelden",
    "abmelden",     "registrieren",   "konto",     "passwort-vergessen", "passwort-neu", "verwaltung",
    "barrierefreiheit", "impressum",  "datenschutz", "leichte-sprache", "favicon.ico", "robots.txt",
    "login",        "logout",         "admin",     "mitwirken",      "petitionen", "verfahren",
    "verfahren.atom", "stellungnahmen", "beteiligung",
};

constexpr std::string_view kSelectColumns =
    "SELECT id, slug, name, kind, land, parent_id, ags, contact_email, contact_phone, address, website, logo_path, "
    "created_at FROM tenant ";

Tenant FromRow(const db::Row& row) {
  Tenant tenant;
  tenant.id = row.Int(0);
  tenant.slug = row.Text(1);
  tenant.name = row.Text(2);
  tenant.kind = row.Text(3);
  tenant.land = row.Text(4);
  tenant.parent_id = row.OptInt(5);
  tenant.ags = row.Text(6);
  tenant.contact_email = row.Text(7);
  tenant.contact_phone = row.Text(8);
  tenant.address = row.Text(9);
  tenant.website = row.Text(10);
  tenant.logo_path = row.Text(11);
  tenant.created_at = row.Int(12);
  return tenant;
}

bool IsValidSlug(std::string_view slug) {
  if (slug.size() < 2 || slug.size() > 40) return false;
  if (slug.front() == '-' || slug.back() == '-') return false;
  return std::all_of(slug.begin(), slug.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status ValidateName(std::string_view name) {
  if (auto text = CheckText(name, "name", "Der Name"); !text) return text;
  if (Utf8Length(name) < 2 || Utf8Length(name) > 200) {
    return Fail(ErrorKind::kInvalid, "Der Name muss 2 bis 200 Zeichen lang sein.", "name");
  }
  return Ok{};
}

Status ValidateWebsite(std::string_view website) {
  if (!website.empty() && website.rfind("https://", 0) != 0 && website.rfind("http://", 0) != 0) {
    return Fail(ErrorKind::kInvalid, "Die Website muss mit https:// oder http:// beginnen.", "website");
  }
  return Ok{};
}

}  // namespace

bool IsLandCode(std::string_view code) {
  return std::any_of(kLaender.begin(), kLaender.end(), [&](const auto& land) { return land.first == code; });
}

std::string_view LandName(std::string_view code) {
  for (const auto& [land_code, name] : kLaender) {
    if (land_code == code) return name;
  }
  return {};
}

const std::vector<std::string>& LandCodes() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> out;
    for (const auto& land : kLaender) out.emplace_back(land.first);
    return out;
  }();
  return codes;
}

const std::vector<std::string>& TenantKinds() {
  static const std::vector<std::string> kinds{"land", "kreis", "gemeinde", "behoerde"};
  return kinds;
}

bool IsTenantKind(std::string_view kind) {
  const auto& kinds = TenantKinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool IsReservedSlug(std::string_view slug) {
  return std::find(kReserved.begin(), kReserved.end(), slug) != kReserved.end();
}

Result<Tenant> CreateTenant(db::Tx& tx, const NewTenant& in, db::UnixSeconds now) {
  if (!IsValidSlug(in.slug)) {
    return Fail(ErrorKind::kInvalid,
                "Die Kurzbezeichnung muss 2 bis 40 Zeichen lang sein und darf nur Kleinbuchstaben a–z, Ziffern und "
                "Bindestriche enthalten.",
                "slug");
  }
  if (IsReservedSlug(in.slug)) {
    return Fail(ErrorKind::kInvalid, "Diese Kurzbezeichnung ist für die Plattform reserviert.", "slug");
  }
  std::string name(Trim(in.name));
  if (auto valid = ValidateName(name); !valid) return std::unexpected(valid.error());
  if (!IsTenantKind(in.kind)) return Fail(ErrorKind::kInvalid, "Die Art des Mandanten ist unbekannt.", "kind");
  if (!IsLandCode(in.land)) return Fail(ErrorKind::kInvalid, "Das Bundesland ist unbekannt.", "land");
  if (!in.ags.empty() && (in.ags.size() < 2 || in.ags.size() > 12 || !IsDigits(in.ags))) {
    return Fail(ErrorKind::kInvalid, "Der Amtliche Gemeindeschlüssel besteht aus 2 bis 12 Ziffern.", "ags");
  }
  std::string website(Trim(in.website));
  if (auto valid = ValidateWebsite(website); !valid) return std::unexpected(valid.error());
  std::optional<std::int64_t> parent_id;
  if (in.kind == "land" && !in.parent_slug.empty()) {
    return Fail(ErrorKind::kInvalid, "Ein Land hat keinen übergeordneten Mandanten.", "parent");
  }
  if (!in.parent_slug.empty()) {
    auto parent = FindBySlug(tx, in.parent_slug);
    if (!parent) return Fail(ErrorKind::kInvalid, "Den übergeordneten Mandanten gibt es nicht.", "parent");
    if (parent->land != in.land) {
      return Fail(ErrorKind::kInvalid, "Der übergeordnete Mandant liegt in einem anderen Bundesland.", "parent");
    }
    parent_id = parent->id;
  }
  auto row = tx.QueryOne(
      "INSERT INTO tenant (slug, name, kind, land, parent_id, ags, contact_email, contact_phone, address, website, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING id",
      {in.slug, name, in.kind, in.land, parent_id, in.ags, std::string(Trim(in.contact_email)),
       std::string(Trim(in.contact_phone)), std::string(Trim(in.address)), website, now});
  if (!row) return Fail(ErrorKind::kConflict, "Diese Kurzbezeichnung ist schon vergeben.", "slug");
  return *FindById(tx, row->Int(0));
}

Status UpdateContact(db::Tx& tx, std::int64_t tenant_id, const TenantContact& contact) {
  std::string name(Trim(contact.name));
  std::string email(Trim(contact.contact_email));
  std::string website(Trim(contact.website));
  if (auto valid = ValidateName(name); !valid) return valid;
  std::vector<Error> errors;
  if (!email.empty()) CheckEmailField(errors, email, "contact_email", false);
  CheckTextField(errors, contact.contact_phone, "contact_phone", "", "Die Telefonnummer", 500, false);
  CheckTextField(errors, contact.address, "address", "", "Die Anschrift", 500, false, TextLines::kMulti);
  CheckTextField(errors, website, "website", "", "Die Website", 500, false);
  if (!errors.empty()) return std::unexpected(std::move(errors.front()));
  if (auto valid = ValidateWebsite(website); !valid) return valid;
  tx.Exec("UPDATE tenant SET name = ?, contact_email = ?, contact_phone = ?, address = ?, website = ? WHERE id = ?",
          {name, email, std::string(Trim(contact.contact_phone)), std::string(Trim(contact.address)), website,
           tenant_id});
  return Ok{};
}

std::optional<std::string> SniffLogoType(std::string_view bytes) {
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP") return "image/webp";
  return std::nullopt;
}

Status SetLogo(db::Tx& tx, const Tenant& tenant, std::string bytes, db::UnixSeconds now) {
  if (bytes.size() > kMaxLogoBytes) {
    return Fail(ErrorKind::kTooLarge, "Das Logo ist zu groß (höchstens 512 KB).", "logo");
  }
  auto type = SniffLogoType(bytes);
  if (!type) {
    return Fail(ErrorKind::kInvalid, "Das Logo muss ein Bild im Format PNG, JPEG oder WebP sein.", "logo");
  }
  std::string hash = Sha256Hex(bytes);
  tx.Exec("DELETE FROM tenant_logo WHERE tenant_id = ?", {tenant.id});
  tx.Exec("INSERT INTO tenant_logo (tenant_id, content_type, sha256, bytes, updated_at) VALUES (?, ?, ?, ?, ?)",
          {tenant.id, *type, hash, db::Blob{std::move(bytes)}, now});
  tx.Exec("UPDATE tenant SET logo_path = ? WHERE id = ?", {"/" + tenant.slug + "/logo?v=" + hash.substr(0, 12), tenant.id});
  return Ok{};
}

void RemoveLogo(db::Tx& tx, const Tenant& tenant) {
  tx.Exec("DELETE FROM tenant_logo WHERE tenant_id = ?", {tenant.id});
  tx.Exec("UPDATE tenant SET logo_path = '' WHERE id = ?", {tenant.id});
}

std::optional<Logo> FindLogo(db::Tx& tx, std::string_view slug) {
  auto row = tx.QueryOne("SELECT l.content_type, l.sha256, l.bytes FROM tenant_logo l JOIN tenant t ON t.id = "
                         "l.tenant_id WHERE t.slug = ?",
                         {slug});
  if (!row) return std::nullopt;
  return Logo{row->Text(0), row->Text(1), row->Bytes(2)};
}

std::optional<Tenant> FindBySlug(db::Tx& tx, std::string_view slug) {
  auto row = tx.QueryOne(std::string(kSelectColumns) + "WHERE slug = ?", {slug});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::optional<Tenant> FindById(db::Tx& tx, std::int64_t id) {
  auto row = tx.QueryOne(std::string(kSelectColumns) + "WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return FromRow(*row);
}

std::vector<Tenant> ListAll(db::Tx& tx) {
  std::vector<Tenant> out;
  for (const auto& row : tx.Query(std::string(kSelectColumns) +
                                      "ORDER BY CASE kind WHEN 'land' THEN 0 WHEN 'behoerde' THEN 1 "
                                      "WHEN 'kreis' THEN 2 ELSE 3 END, name",
                                  {})) {
    out.push_back(FromRow(row));
  }
  return out;
}

std::vector<TenantName> ListNames(db::Tx& tx) {
  std::vector<TenantName> out;
  for (const auto& row : tx.Query("SELECT id, slug, name FROM tenant", {})) {
    out.push_back({.id = row.Int(0), .slug = row.Text(1), .name = row.Text(2)});
  }
  std::ranges::sort(out, [](const TenantName& a, const TenantName& b) { return a.name < b.name; });
  return out;
}

std::vector<Tenant> Children(db::Tx& tx, std::int64_t parent_id) {
  std::vector<Tenant> out;
  for (const auto& row : tx.Query(std::string(kSelectColumns) + "WHERE parent_id = ? ORDER BY name", {parent_id})) {
    out.push_back(FromRow(row));
  }
  return out;
}

}  // namespace mw::tenancy
