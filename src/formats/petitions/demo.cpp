// Demo data of the petitions format (called by the app's `demo` command after the platform's demo tenants exist).
#include <array>

#include "formats/petitions/pages.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::petitions {
namespace {

// How far a demo petition has come.
enum class Stage { kPublished, kInModeration, kAnswered };

struct DemoPetition {
  std::string_view tenant_slug;
  Draft draft;
  int confirmed_signatures;
  Stage stage = Stage::kPublished;
  int published_days_ago = 3;
  std::string_view response;
};

// Postcodes of Saxony in several two-digit regions, so that the region chart has something to show.
constexpr std::array<std::string_view, 6> kPostcodes{"04668", "04109", "01067", "04668", "09111", "04275"};

constexpr std::array<std::string_view, 8> kSignerNames{"Anna Schulze",  "Ben Richter",  "Clara Wolf",
                                                       "David Neumann", "Emma Schwarz", "Felix Zimmermann",
                                                       "Greta Krüger",  "Hannes Braun"};

}  // namespace

void LoadDemo(db::Database& db, db::UnixSeconds now) {
  const std::vector<DemoPetition> petitions{
      {"grimma",
       {.title = "Sichere Radverbindung zwischen Grimma und Nerchau",
        .demand = "Die Stadt Grimma plant gemeinsam mit dem Landkreis einen durchgehenden, beleuchteten Radweg "
                  "entlang der Staatsstraße nach Nerchau und beginnt mit dem Bau bis 2028.",
        .justification = "Viele Schülerinnen, Schüler und Berufstätige fahren täglich mit dem Rad auf der schmalen "
                         "Fahrbahn. Ein eigener Radweg macht den Weg sicher und entlastet die Straße.",
        .addressee = "Stadtrat der Stadt Grimma",
        .quorum = 500},
       6},
      {"sachsen",
       {.title = "Kostenloses Schulmittagessen in ganz Sachsen",
        .demand = "Der Freistaat Sachsen finanziert ab dem Schuljahr 2027/28 ein kostenloses Mittagessen für alle "
                  "Schülerinnen und Schüler an öffentlichen Grundschulen.",
        .justification = "Ein warmes Mittagessen hilft beim Lernen und entlastet Familien. Mehrere Länder zeigen, "
                         "dass es sich organisieren lässt.",
        .addressee = "Sächsischer Landtag",
        .quorum = 10'000},
       8},
      {"grimma",
       {.title = "Längere Öffnungszeiten im Freibad Grimma",
        .demand = "Das Freibad öffnet in den Sommerferien täglich von 7 bis 21 Uhr.",
        .justification = "Berufstätige und Frühschwimmer können das Bad zu den jetzigen Zeiten kaum nutzen.",
        .addressee = "Stadtrat der Stadt Grimma",
        .quorum = 30},
       36,
       Stage::kAnswered,
       50,
       "Der Stadtrat hat die Petition am 12. November beraten. Ab der nächsten Saison öffnet das Freibad in den "
       "Sommerferien werktags von 7 bis 20 Uhr; eine Öffnung bis 21 Uhr ist mit dem vorhandenen Personal nicht "
       "möglich. Wir danken allen, die sich beteiligt haben."},
      {"leipzig",
       {.title = "Mehr Straßenbäume in der Leipziger Innenstadt",
        .demand = "Die Stadt Leipzig pflanzt bis 2030 in der Innenstadt 1.000 zusätzliche Straßenbäume.",
        .justification = "Bäume spenden Schatten, kühlen die Straßen im Sommer und verbessern die Luft.",
        .addressee = "Stadtrat der Stadt Leipzig",
        .quorum = 2'000},
       24},
      {"landkreis-leipzig",
       {.title = "Busverbindung am Wochenende zwischen Naunhof und Grimma",
        .demand = "Der Landkreis bestellt samstags und sonntags einen Stundentakt auf der Buslinie.",
        .justification = "Ohne Auto kommt man am Wochenende weder zum Einkaufen noch zu Verwandten.",
        .addressee = "Kreistag des Landkreises Leipzig",
        .quorum = 1'000},
       0,
       Stage::kInModeration},
      // For the Free State's moderator (moderation@sachsen.example): a petition waiting in the queue.
      {"sachsen",
       {.title = "Barrierefreie Bahnhöfe im ländlichen Raum",
        .demand = "Der Freistaat Sachsen sorgt dafür, dass bis 2032 jeder Bahnhof mit mehr als 500 Ein- und "
                  "Aussteigenden am Tag stufenlos erreichbar ist.",
        .justification = "Menschen im Rollstuhl, mit Rollator oder Kinderwagen kommen an vielen Bahnhöfen nicht "
                         "auf den Bahnsteig. Ohne stufenlosen Zugang bleibt ihnen die Bahn verschlossen.",
        .addressee = "Sächsischer Landtag",
        .quorum = 5'000},
       0,
       Stage::kInModeration},
  };
  // The initiator is a demo account without a known password: the petitions are shown, not edited.
  std::string hash = HashPassword(RandomToken());
  for (const auto& demo : petitions) {
    db.Write([&](db::Tx& tx) {
      auto tenant = tenancy::FindBySlug(tx, demo.tenant_slug);
      if (!tenant) return;
      for (const auto& existing : List(tx, tenant->id, {}, 1000)) {
        if (existing.title == demo.draft.title) return;  // loaded before
      }
      auto initiator = accounts::FindUserByEmail(tx, "initiative@buerger.example");
      if (!initiator) {
        auto created =
            accounts::CreateConfirmedUser(tx, "initiative@buerger.example", "Bürgerinitiative Demo", hash, now);
        if (!created) return;
        initiator = *created;
      }
      const db::UnixSeconds published_at = now - demo.published_days_ago * 24 * 3600;
      auto draft = CreateDraft(tx, tenant->id, initiator->id, demo.draft, published_at - 3600);
      if (!draft || !SubmitForModeration(tx, draft->id, published_at - 1800)) {
        throw std::logic_error("demo petition could not be submitted");
      }
      if (demo.stage == Stage::kInModeration) return;
      if (!Publish(tx, draft->id, published_at)) throw std::logic_error("demo petition could not be published");
      for (int signer_idx = 0; signer_idx < demo.confirmed_signatures; ++signer_idx) {
        std::string_view name = kSignerNames[static_cast<std::size_t>(signer_idx) % kSignerNames.size()];
        ValidSignature signature{
            .name = std::string(name),
            .email_normalized = "unterstuetzer" + std::to_string(signer_idx + 1) + "@example.org",
            .postcode = std::string(kPostcodes[static_cast<std::size_t>(signer_idx) % kPostcodes.size()]),
            .show_public = signer_idx % 3 == 0,
            .notify = signer_idx % 2 == 0};
        db::UnixSeconds signed_at = published_at + 600 * (signer_idx + 1);
        // Documentation addresses (RFC 5737), a few signers behind one network as in a town hall.
        std::string ip = "192.0.2." + std::to_string(10 + signer_idx % 7);
        auto added = AddSignature(tx, draft->id, signature, ip, signed_at);
        if (!added || !ConfirmSignature(tx, added->token, signed_at + 60)) {
          throw std::logic_error("demo signature could not be stored");
        }
      }
      if (demo.stage == Stage::kAnswered) {
        FoldCounts(tx, now);
        CloseExpired(tx, now);
        const db::UnixSeconds closed_at = ClosesAt(published_at, demo.draft.period_days);
        if (!HandOver(tx, draft->id, closed_at + 3 * 24 * 3600) ||
            !Respond(tx, draft->id, demo.response, closed_at + 6 * 24 * 3600)) {
          throw std::logic_error("demo petition could not be answered");
        }
      }
      FoldCounts(tx, now);
    });
  }
}

}  // namespace mw::petitions
