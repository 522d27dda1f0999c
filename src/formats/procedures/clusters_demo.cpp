// Demo data of the mass objections: into the BImSchG procedure "Windpark Naunhof-Ost" 60 objections on paper from two
// form letters (with small edits and different names) and one list under § 17 VwVfG with 73 signatories and their
// representative; then the clustering runs, so that the back office shows two clusters.
#include <array>
#include <string_view>

#include "formats/procedures/cluster_store.hpp"
#include "formats/procedures/handlers.hpp"
#include "formats/procedures/store.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kDemoTitle = "Windpark Naunhof-Ost: Genehmigung von vier Windenergieanlagen";

constexpr std::string_view kLetterNoise =
    "Hiermit erhebe ich Einwendungen gegen die Genehmigung der vier Windenergieanlagen östlich von Naunhof. Die "
    "Anlagen mit einer Gesamthöhe von 250 Metern stehen zu nah an der Wohnbebauung von Naunhof-Ost und Erdmannshain. "
    "Das Schallgutachten rechnet mit einem Abstand, der die tatsächliche Lage der Häuser am Ortsrand nicht "
    "berücksichtigt, und unterschätzt die nächtliche Belastung. Der Schattenwurf trifft nach der Prognose mehr als "
    "dreißig Stunden im Jahr die Gärten am Lindenweg. Ich fordere, die Genehmigung zu versagen oder zumindest einen "
    "Nachtbetrieb mit verringerter Leistung und eine Abschaltautomatik für den Schattenwurf vorzuschreiben. Außerdem "
    "bitte ich darum, ein unabhängiges Gutachten zur Schallausbreitung bei Inversionswetterlagen einzuholen, weil die "
    "Mulde den Schall an solchen Tagen weit trägt.";

constexpr std::string_view kLetterNature =
    "Ich wende mich gegen das Vorhaben der Windkraft Muldental GmbH, weil der artenschutzrechtliche Fachbeitrag "
    "unvollständig ist. Im Wald zwischen Naunhof und Ammelshain brütet seit Jahren ein Rotmilanpaar, dessen Horst "
    "weniger als einen Kilometer von der geplanten Anlage drei entfernt liegt. Die Kartierung wurde nur an vier Tagen "
    "im Frühjahr durchgeführt und erfasst die Flugwege zu den Nahrungsflächen auf den Feldern nicht. Auch die "
    "Fledermäuse, die entlang des Waldrands jagen, sind nicht ausreichend untersucht. Ich beantrage, die Kartierung "
    "über eine ganze Brutzeit zu wiederholen und die Anlage drei zu streichen.";

constexpr std::array<std::string_view, 60> kNames = {
    "Anja Richter", "Bernd Hoffmann", "Claudia Wagner", "Dieter Schulz", "Elke Becker", "Frank Neumann",
    "Gabriele Schwarz", "Heiko Zimmermann", "Ines Braun", "Jens Krüger", "Karin Hofmann", "Lars Hartmann",
    "Monika Lange", "Norbert Schmitt", "Olga Werner", "Peter Krause", "Renate Meier", "Steffen Lehmann",
    "Tanja Schmid", "Uwe Schulze", "Vera Maier", "Werner Köhler", "Yvonne Herrmann", "Andreas König",
    "Birgit Walter", "Christian Mayer", "Doris Huber", "Enrico Kaiser", "Franziska Fuchs", "Günter Peters",
    "Heike Lang", "Ingo Scholz", "Jana Möller", "Klaus Weiß", "Lena Jung", "Matthias Hahn", "Nicole Schubert",
    "Olaf Vogel", "Petra Friedrich", "Ralf Keller", "Sabine Günther", "Thomas Frank", "Ute Berger",
    "Volker Winkler", "Wiebke Roth", "Axel Beck", "Brigitte Lorenz", "Carsten Baumann", "Daniela Franke",
    "Erik Albrecht", "Frieda Schuster", "Gerd Simon", "Hannelore Ludwig", "Ivo Böhm", "Jutta Winter",
    "Kai Kraus", "Liane Martin", "Mario Schumacher", "Nadine Krämer", "Otto Vogt"};

constexpr std::array<std::string_view, 6> kStreets = {"Lindenweg", "Am Wald", "Erdmannshainer Straße",
                                                     "Ammelshainer Weg", "Bahnhofstraße", "Lindenstraße"};

// The letter with a name line, a greeting and a small edit that depends on `idx`.
std::string Variant(std::string_view letter, std::string_view name, int idx) {
  std::string text(letter);
  switch (idx % 4) {
    case 1: text += " Ich wohne selbst am Ortsrand und bin unmittelbar betroffen."; break;
    case 2: text = "Sehr geehrte Damen und Herren, " + text; break;
    case 3: text += " Bitte bestätigen Sie mir den Eingang dieses Schreibens."; break;
    default: break;
  }
  return "Mein Name ist " + std::string(name) + ". " + text + " Mit freundlichen Grüßen, " + std::string(name);
}

}  // namespace

void LoadClusterDemo(db::Database& db, db::UnixSeconds now) {
  auto procedure = db.Read([&](db::Tx& tx) -> std::optional<Procedure> {
    auto tenant = tenancy::FindBySlug(tx, "landesdirektion");
    if (!tenant) return std::nullopt;
    for (auto& found : List(tx, {.tenant_id = tenant->id, .public_only = false, .limit = 1000})) {
      if (found.title == kDemoTitle) return found;
    }
    return std::nullopt;
  });
  if (!procedure) return;
  db.Write([&](db::Tx& tx) {
    for (const auto& statement : StatementsOf(tx, procedure->id)) {
      if (statement.author_name == kNames[0] && statement.channel == Channel::kPaper) return;  // loaded before
    }
    for (int idx = 0; idx < static_cast<int>(kNames.size()); ++idx) {
      std::string_view name = kNames[static_cast<std::size_t>(idx)];
      std::string_view letter = idx < 36 ? kLetterNoise : kLetterNature;
      Submission submission{
          .input = {.text = Variant(letter, name, idx),
                    .name = std::string(name),
                    .address = std::string(kStreets[static_cast<std::size_t>(idx) % kStreets.size()]) + " " +
                               std::to_string(3 + idx) + ", 04683 Naunhof"},
          .channel = Channel::kPaper,
          .received_at = now - static_cast<db::UnixSeconds>(9 - idx % 9) * 86400 + idx * 60,
          // Every seventh asked that name and address be concealed from the applicant (§ 12 Abs. 2 9. BImSchV).
          .conceal_from_applicant = idx % 7 == 0};
      Submit(tx, *procedure, submission, now);
    }
    Submission list{
        .input = {.text = "Sammeleinwendung der Bürgerinitiative Gegenwind Naunhof (Unterschriftenliste mit 73 "
                          "Unterzeichnenden). " +
                          std::string(kLetterNature),
                  .name = "Bürgerinitiative Gegenwind Naunhof",
                  .address = "Lindenstraße 4, 04683 Naunhof"},
        .channel = Channel::kPaper,
        .received_at = now - 2 * 86400,
        .signatories = 73,
        .representative = {"Dr. Helga Brandt", "Ärztin", "Lindenstraße 4, 04683 Naunhof"}};
    Submit(tx, *procedure, list, now);
  });
  Recluster(db, procedure->id, now);
}

}  // namespace mw::procedures
