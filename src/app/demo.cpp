#include "app/demo.hpp"

#include <stdexcept>

#include "formats/petitions/pages.hpp"
#include "formats/procedures/pages.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/accounts/second_factor.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::app {
namespace {

struct DemoUser {
  const char* email;
  const char* name;
  const char* description;
  const char* tenant;  // nullptr: no role
  accounts::Role role;
  bool platform_admin = false;
};

}  // namespace

std::vector<DemoAccount> LoadDemoData(db::Database& db, db::UnixSeconds now, std::string_view base_url) {
  const std::vector<tenancy::NewTenant> tenants{
      {.slug = "sachsen", .name = "Freistaat Sachsen", .kind = "land", .land = "SN", .ags = "14",
       .contact_email = "beteiligung@sachsen.example", .contact_phone = "0351 564-0",
       .address = "Archivstraße 1, 01097 Dresden", .website = "https://www.sachsen.example"},
      {.slug = "landesdirektion", .name = "Landesdirektion Sachsen", .kind = "behoerde", .land = "SN",
       .parent_slug = "sachsen", .contact_email = "poststelle@lds.example", .contact_phone = "0371 532-0",
       .address = "Altchemnitzer Straße 41, 09120 Chemnitz"},
      {.slug = "landkreis-leipzig", .name = "Landkreis Leipzig", .kind = "kreis", .land = "SN",
       .parent_slug = "sachsen", .ags = "14729", .contact_email = "beteiligung@lk-leipzig.example",
       .contact_phone = "03433 241-0", .address = "Stauffenbergstraße 4, 04552 Borna"},
      {.slug = "leipzig", .name = "Stadt Leipzig", .kind = "kreis", .land = "SN", .parent_slug = "sachsen",
       .ags = "14713000", .contact_email = "buergerbeteiligung@leipzig.example", .contact_phone = "0341 123-0",
       .address = "Martin-Luther-Ring 4–6, 04109 Leipzig"},
      {.slug = "grimma", .name = "Stadt Grimma", .kind = "gemeinde", .land = "SN",
       .parent_slug = "landkreis-leipzig", .ags = "14729160", .contact_email = "stadtplanung@grimma.example",
       .contact_phone = "03437 9858-0", .address = "Markt 16/17, 04668 Grimma"},
      {.slug = "naunhof", .name = "Stadt Naunhof", .kind = "gemeinde", .land = "SN",
       .parent_slug = "landkreis-leipzig", .ags = "14729300", .contact_email = "info@naunhof.example",
       .address = "Markt 1, 04683 Naunhof"},
  };
  const std::vector<DemoUser> users{
      {"admin@mitwirken.example", "Petra Betrieb", "Plattform-Administration", nullptr, accounts::Role::kAdmin, true},
      {"verwaltung@grimma.example", "Jens Hofmann", "Mandanten-Admin der Stadt Grimma", "grimma",
       accounts::Role::kAdmin},
      {"redaktion@grimma.example", "Sabine Krause", "Redaktion der Stadt Grimma", "grimma", accounts::Role::kEditor},
      {"sachbearbeitung@lk-leipzig.example", "Thomas Weber", "Sachbearbeitung im Landkreis Leipzig",
       "landkreis-leipzig", accounts::Role::kCaseWorker},
      {"moderation@sachsen.example", "Aylin Demir", "Moderation für den Freistaat Sachsen", "sachsen",
       accounts::Role::kModerator},
      {"anna.schmidt@buerger.example", "Anna Schmidt", "Bürgerin ohne Rolle", nullptr, accounts::Role::kAdmin},
  };

  std::string hash = HashPassword(kDemoPassword);
  std::vector<DemoAccount> accounts_out;
  db.Write([&](db::Tx& tx) {
    for (const auto& tenant : tenants) {
      if (tenancy::FindBySlug(tx, tenant.slug)) continue;
      auto created = tenancy::CreateTenant(tx, tenant, now);
      if (!created) throw std::runtime_error("demo tenant " + tenant.slug + ": " + created.error().message);
      audit::Record(tx, {.actor_label = "demo", .tenant_id = created->id, .action = "tenant.create",
                         .object = "tenant:" + tenant.slug, .detail = tenant.name}, now);
    }
    for (const auto& demo : users) {
      auto user = accounts::FindUserByEmail(tx, demo.email);
      if (!user) {
        auto created = accounts::CreateConfirmedUser(tx, demo.email, demo.name, hash, now);
        if (!created) throw std::runtime_error(std::string("demo user ") + demo.email + ": " + created.error().message);
        user = *created;
        if (demo.platform_admin) {
          accounts::SetPlatformAdmin(tx, user->id, true);
          accounts::EnableTotpWithSecret(tx, user->id, kDemoAdminTotpSecret, now);
        }
        if (demo.tenant) {
          auto tenant = tenancy::FindBySlug(tx, demo.tenant);
          auto granted = accounts::Grant(tx, user->id, tenant->id, demo.role, now);
          if (!granted) throw std::runtime_error(granted.error().message);
          audit::Record(tx, {.actor_label = "demo", .tenant_id = tenant->id, .action = "role.grant",
                             .object = "user:" + std::to_string(user->id),
                             .detail = std::string(accounts::RoleName(demo.role))}, now);
        }
      }
      accounts_out.push_back({demo.email, demo.description});
    }
    // An organisation (Träger öffentlicher Belange) with two member accounts.
    if (!accounts::FindUserByEmail(tx, "stellungnahmen@umweltverband.example")) {
      accounts::Registration registration{.name = "Karl Lehmann",
                                          .email = "stellungnahmen@umweltverband.example",
                                          .password = kDemoPassword,
                                          .password_confirm = kDemoPassword,
                                          .as_organisation = true,
                                          .organisation_name = "Landesverband Umwelt Sachsen e. V.",
                                          .consent = true};
      auto account = accounts::Register(tx, registration, hash, now);
      if (!account) throw std::runtime_error("demo organisation: " + account.error().message);
      accounts::ConfirmEmail(tx, account->confirm_token, now);
      auto member = accounts::CreateConfirmedUser(tx, "referentin@umweltverband.example", "Mia Fischer", hash, now);
      if (member) accounts::AddOrganisationMember(tx, *account->user.organisation_id, member->email);
    }
    accounts_out.push_back({"stellungnahmen@umweltverband.example", "Organisation (TöB), Verwaltung der Mitglieder"});
    accounts_out.push_back({"referentin@umweltverband.example", "Mitglied derselben Organisation"});
  });
  // Each format brings its own demo data on top of the tenants and accounts.
  petitions::LoadDemo(db, now);
  procedures::LoadDemo(db, now, base_url);
  return accounts_out;
}

}  // namespace mw::app
