// Demo data of the petitions format (called by the app's `demo` command after the platform's demo tenants exist).
#include <array>

#include "formats/petitions/pages.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::petitions {
namespace {

struct DemoPetition {
  std::string_view tenant_slug;
  Draft draft;
  int confirmed_signatures;
};

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
      const db::UnixSeconds published_at = now - 3 * 24 * 3600;
      auto draft = CreateDraft(tx, tenant->id, initiator->id, demo.draft, published_at - 3600);
      if (!draft || !SubmitForModeration(tx, draft->id, published_at - 1800) || !Publish(tx, draft->id, published_at)) {
        throw std::logic_error("demo petition could not be published");
      }
      for (int signer_idx = 0; signer_idx < demo.confirmed_signatures; ++signer_idx) {
        std::string_view name = kSignerNames[static_cast<std::size_t>(signer_idx) % kSignerNames.size()];
        ValidSignature signature{.name = std::string(name),
                                 .email_normalized = "unterstuetzer" + std::to_string(signer_idx + 1) + "@example.org",
                                 .postcode = signer_idx % 2 == 0 ? "04668" : "01067",
                                 .show_public = signer_idx % 3 == 0};
        db::UnixSeconds signed_at = published_at + 600 * (signer_idx + 1);
        auto added = AddSignature(tx, draft->id, signature, "", signed_at);
        if (!added || !ConfirmSignature(tx, added->token, signed_at + 60)) {
          throw std::logic_error("demo signature could not be stored");
        }
      }
      FoldCounts(tx, now);
    });
  }
}

}  // namespace mw::petitions
