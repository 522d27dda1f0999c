#include "app/demo_scale.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/demo.hpp"
#include "formats/petitions/demo_scale.hpp"
#include "formats/procedures/demo_scale.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/accounts/second_factor.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/seeded_random.hpp"
#include "platform/core/text.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::app {
namespace {

constexpr std::uint64_t kSeed = 20261207;
constexpr const char* kLandSlug = "nrw";

// Place names from parts, as German places are named: "Ober" + "linden" + "hausen".
constexpr std::array<std::string_view, 10> kPrefixes{"", "", "", "", "Ober", "Nieder", "Groß", "Klein", "Alt", "Neu"};
constexpr std::array<std::string_view, 24> kStems{"Linden", "Eichen", "Birken", "Buchen", "Hohen",  "Roden",
                                                  "Wester", "Oster",  "Sonnen", "Mühl",   "Stein",  "Wald",
                                                  "Bruch",  "Fried",  "Hilde",  "Kalk",   "Rosen",  "Lauter",
                                                  "Wiesen", "Brunn",  "Elsen",  "Marien", "Berg",   "Holz"};
constexpr std::array<std::string_view, 16> kSuffixes{"dorf",  "hausen", "heim", "feld",  "berg",   "bach",
                                                     "kirchen", "stadt", "hagen", "rode", "ingen",  "beck",
                                                     "winkel", "brück", "horst", "scheid"};

std::string PlaceName(SeededRandom& random) {
  std::string prefix(random.Pick(kPrefixes));
  std::string stem(random.Pick(kStems));
  if (!prefix.empty()) {
    // "Ober" + "Linden" → "Oberlinden"; the stem's capital goes lower case (all stems begin with an ASCII capital).
    stem[0] = static_cast<char>(stem[0] - 'A' + 'a');
  }
  return prefix + stem + std::string(random.Pick(kSuffixes));
}

std::string Slug(std::string_view name) {
  std::string out;
  for (char c : GermanToAscii(name)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 36);
}

std::int64_t Scaled(std::int64_t full, double factor, std::int64_t at_least) {
  return std::max(at_least, static_cast<std::int64_t>(std::llround(static_cast<double>(full) * factor)));
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

std::optional<ScaleCounts> ParseScale(std::string_view text) {
  double factor = 0;
  if (text == "land") {
    factor = 1;
  } else if (text == "small") {
    factor = 0.01;
  } else {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), factor);
    if (error != std::errc{} || end != text.data() + text.size() || !(factor > 0) || factor > 1) return std::nullopt;
  }
  // At least: the Land, one authority, one Kreis and three Gemeinden; every procedure type in every stage; every
  // petition state.
  return ScaleCounts{.tenants = Scaled(kLandScale.tenants, factor, 6),
                     .procedures = Scaled(kLandScale.procedures, factor, 24),
                     .statements = Scaled(kLandScale.statements, factor, 100),
                     .petitions = Scaled(kLandScale.petitions, factor, 14),
                     .signatures = Scaled(kLandScale.signatures, factor, 200)};
}

ScaleCounts LoadScaleDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url, const ScaleCounts& counts,
                          std::ostream& log) {
  if (db.Read([](db::Tx& tx) { return tenancy::FindBySlug(tx, kLandSlug).has_value(); })) {
    log << "Land-Demodaten sind schon geladen (Mandant " << kLandSlug << "); nichts erzeugt.\n";
    return {};
  }
  auto started = std::chrono::steady_clock::now();
  SeededRandom random(kSeed);
  if (db.dialect() == db::Dialect::kSqlite) {
    // The bulk inserts touch indexes with random keys (token hashes, e-mail addresses) all over tables of millions of
    // rows, in transactions of 100,000 rows and more: with SQLite's default 2 MB page cache of the writer connection
    // the dirty pages would spill into the WAL again and again within one transaction. 2 GiB at most, for this
    // process only (the connection ends with it).
    db.Write([](db::Tx& tx) { tx.Exec("PRAGMA cache_size = -2097152", {}); });
  }

  // Tenants: the Land, Bezirksregierungen (about 2 %), Kreise (about 12 %) and the rest Gemeinden, each Gemeinde in
  // a Kreis, with AGS in the Land's key 05.
  const std::int64_t authorities = std::max<std::int64_t>(1, std::llround(counts.tenants * 5.0 / 260));
  const std::int64_t districts = std::max<std::int64_t>(1, std::llround(counts.tenants * 31.0 / 260));
  const std::int64_t municipalities = std::max<std::int64_t>(1, counts.tenants - 1 - authorities - districts);
  std::vector<tenancy::NewTenant> planned;
  planned.push_back({.slug = kLandSlug, .name = "Land Nordrhein-Westfalen", .kind = "land", .land = "NW", .ags = "05",
                     .contact_email = "beteiligung@nrw.example", .address = "Horionplatz 1, 40213 Düsseldorf"});
  std::set<std::string> slugs{kLandSlug};
  std::set<std::string> names;
  auto unique_name = [&](std::string_view kind) {
    for (;;) {
      std::string name = std::string(kind) + " " + PlaceName(random);
      std::string slug = Slug(name.substr(name.find(' ') + 1));
      if (kind == "Kreis") slug = "kreis-" + slug;
      if (names.insert(name).second && slugs.insert(slug).second) return std::pair{name, slug};
    }
  };
  for (std::int64_t authority_idx = 0; authority_idx < authorities; ++authority_idx) {
    auto [name, slug] = unique_name("Bezirksregierung");
    planned.push_back({.slug = "bezreg-" + slug, .name = name, .kind = "behoerde", .land = "NW",
                       .parent_slug = kLandSlug, .contact_email = "poststelle@" + slug + ".example"});
  }
  std::vector<std::pair<std::string, std::string>> district_keys;  // slug, AGS
  for (std::int64_t district_idx = 0; district_idx < districts; ++district_idx) {
    auto [name, slug] = unique_name("Kreis");
    std::string ags = "05" + std::to_string(1 + district_idx % 9) + std::to_string(10 + district_idx / 9 % 90);
    district_keys.emplace_back(slug, ags);
    planned.push_back({.slug = slug, .name = name, .kind = "kreis", .land = "NW", .parent_slug = kLandSlug,
                       .ags = ags, .contact_email = "beteiligung@" + slug + ".example"});
  }
  for (std::int64_t municipality_idx = 0; municipality_idx < municipalities; ++municipality_idx) {
    auto [name, slug] = unique_name(random.Chance(0.3) ? "Stadt" : "Gemeinde");
    const auto& [district_slug, district_ags] = district_keys[municipality_idx % district_keys.size()];
    std::string number = std::to_string(1000 + municipality_idx / district_keys.size() % 999).substr(1);
    planned.push_back({.slug = slug, .name = name, .kind = "gemeinde", .land = "NW", .parent_slug = district_slug,
                       .ags = district_ags + number, .contact_email = "rathaus@" + slug + ".example",
                       .contact_phone = "0" + std::to_string(random.Between(2000, 6999)) + " " +
                                        std::to_string(random.Between(100, 999)) + "-0",
                       .address = "Rathausplatz 1, " + std::to_string(random.Between(40210, 59969)) + " " +
                                  name.substr(name.find(' ') + 1)});
  }

  const std::string hash = HashPassword(kDemoPassword);
  std::vector<tenancy::Tenant> tenants;
  std::map<std::int64_t, std::int64_t> case_workers;
  std::vector<std::int64_t> initiators;
  db.Write([&](db::Tx& tx) {
    for (const auto& tenant : planned) {
      auto created = tenancy::CreateTenant(tx, tenant, now);
      if (!created) throw std::runtime_error("scale demo tenant " + tenant.slug + ": " + created.error().message);
      audit::Record(tx, {.actor_label = "demo", .tenant_id = created->id, .action = "tenant.create",
                         .object = "tenant:" + tenant.slug, .detail = tenant.name}, now);
      auto user = accounts::CreateConfirmedUser(tx, "sachbearbeitung@" + tenant.slug + ".example",
                                                "Sachbearbeitung " + created->name, hash, now);
      if (!user) throw std::runtime_error("scale demo case worker: " + user.error().message);
      if (auto granted = accounts::Grant(tx, user->id, created->id, accounts::Role::kCaseWorker, now); !granted) {
        throw std::runtime_error(granted.error().message);
      }
      case_workers[created->id] = user->id;
      tenants.push_back(*created);
    }
    if (!accounts::FindUserByEmail(tx, "admin@mitwirken.example")) {
      auto admin = accounts::CreateConfirmedUser(tx, "admin@mitwirken.example", "Petra Betrieb", hash, now);
      if (!admin) throw std::runtime_error(admin.error().message);
      accounts::SetPlatformAdmin(tx, admin->id, true);
      accounts::EnableTotpWithSecret(tx, admin->id, kDemoAdminTotpSecret, now);
    }
    for (int initiator_idx = 1; initiator_idx <= 50; ++initiator_idx) {
      std::string email = "initiative" + std::to_string(initiator_idx) + "@buerger.example";
      auto user = accounts::FindUserByEmail(tx, email);
      if (!user) {
        auto created = accounts::CreateConfirmedUser(tx, email, "Bürgerinitiative " + std::to_string(initiator_idx),
                                                     hash, now);
        if (!created) throw std::runtime_error(created.error().message);
        user = *created;
      }
      initiators.push_back(user->id);
    }
  });
  log << "Mandanten und Konten: " << tenants.size() << " Mandanten in " << Seconds(started) << " s\n" << std::flush;

  ScaleCounts made{.tenants = static_cast<std::int64_t>(tenants.size())};
  auto part = std::chrono::steady_clock::now();
  auto procedures = procedures::LoadScaleDemo(
      db, now, base_url,
      {.tenants = tenants, .case_workers = case_workers, .procedures = counts.procedures,
       .statements = counts.statements, .seed = kSeed + 1});
  made.procedures = procedures.procedures;
  made.statements = procedures.statements;
  log << "Verfahren: " << procedures.procedures << " mit " << procedures.documents << " Dokumenten und "
      << procedures.statements << " Stellungnahmen in " << Seconds(part) << " s\n" << std::flush;

  part = std::chrono::steady_clock::now();
  std::vector<std::int64_t> tenant_ids;
  for (const auto& tenant : tenants) tenant_ids.push_back(tenant.id);
  auto petitions = petitions::LoadScaleDemo(db, now,
                                            {.tenant_ids = tenant_ids, .initiator_ids = initiators,
                                             .petitions = counts.petitions, .signatures = counts.signatures,
                                             .seed = kSeed + 2});
  made.petitions = petitions.petitions;
  made.signatures = petitions.signatures;
  log << "Petitionen: " << petitions.petitions << " mit " << petitions.signatures << " bestätigten Unterschriften in "
      << Seconds(part) << " s\n";
  log << "Zusammen: " << Seconds(started) << " s\n" << std::flush;
  return made;
}

}  // namespace mw::app
