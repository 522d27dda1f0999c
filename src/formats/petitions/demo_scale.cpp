// Land-scale demo data of the petitions format (demo_scale.hpp).
#include "formats/petitions/demo_scale.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>

#include "formats/petitions/model.hpp"
#include "formats/petitions/store.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/seeded_random.hpp"

namespace mw::petitions {
namespace {

constexpr std::array<std::string_view, 20> kFirstNames{"Anna", "Ben",   "Clara", "David", "Emma",  "Felix", "Greta",
                                                       "Hannes", "Ida", "Jonas", "Lea",   "Lukas", "Marie", "Mehmet",
                                                       "Nina", "Paul",  "Sophie", "Tim",  "Vera",  "Yusuf"};
constexpr std::array<std::string_view, 20> kLastNames{"Mueller", "Schmidt",  "Schneider", "Fischer", "Weber",
                                                       "Meyer",   "Wagner",   "Becker",    "Schulz",  "Hoffmann",
                                                       "Koch",    "Bauer",    "Richter",   "Klein",   "Wolf",
                                                       "Neumann", "Schwarz",  "Braun",     "Krueger", "Demir"};
constexpr std::array<std::string_view, 4> kDomains{"example.org", "example.com", "example.net", "mail.example"};
constexpr std::array<std::string_view, 3> kNetworks{"192.0.2.", "198.51.100.", "203.0.113."};  // RFC 5737

struct Topic {
  std::string_view title;
  std::string_view demand;
  std::string_view justification;
};
constexpr std::array<Topic, 10> kTopics{{
    {"Sichere Radwege in", "Die Verwaltung plant durchgehende, baulich getrennte Radwege an allen Hauptstraßen.",
     "Viele Kinder und Berufstätige fahren täglich mit dem Rad auf schmalen Fahrbahnen."},
    {"Erhalt des Freibads in", "Das Freibad bleibt geöffnet und wird bis 2030 saniert.",
     "Das Bad ist der einzige Ort, an dem Kinder hier schwimmen lernen können."},
    {"Mehr Straßenbäume in", "Die Verwaltung pflanzt jedes Jahr 200 zusätzliche Straßenbäume.",
     "Bäume spenden Schatten, kühlen die Straßen im Sommer und verbessern die Luft."},
    {"Busverbindung am Wochenende in", "Samstags und sonntags fährt der Bus im Stundentakt.",
     "Ohne Auto kommt man am Wochenende weder zum Einkaufen noch zu Verwandten."},
    {"Tempo 30 vor Schulen und Kitas in", "Vor allen Schulen und Kitas gilt ganztägig Tempo 30.",
     "Langsamer Verkehr schützt Kinder auf dem Schulweg."},
    {"Offene Bibliothek am Sonntag in", "Die Stadtbibliothek öffnet sonntags von 11 bis 17 Uhr.",
     "Familien und Berufstätige haben unter der Woche kaum Zeit für die Bibliothek."},
    {"Kein Gewerbegebiet auf der Aue in", "Die Auenwiesen bleiben unbebaut und werden Naturschutzgebiet.",
     "Die Aue schützt vor Hochwasser und ist Lebensraum seltener Vögel."},
    {"Barrierefreier Bahnhof in", "Der Bahnhof erhält Aufzüge an allen Bahnsteigen.",
     "Menschen mit Rollstuhl, Rollator oder Kinderwagen kommen heute nicht zum Zug."},
    {"Kostenloses Schulmittagessen in", "Alle Grundschulkinder erhalten ein kostenloses Mittagessen.",
     "Ein warmes Mittagessen hilft beim Lernen und entlastet Familien."},
    {"Jugendzentrum erhalten in", "Das Jugendzentrum bleibt in städtischer Trägerschaft geöffnet.",
     "Jugendliche brauchen einen Ort, an dem sie sich ohne Konsumzwang treffen können."},
}};

// The order of the first petitions, so that even a tiny scale has every state; then by these weights.
constexpr std::array<State, 7> kEveryState{State::kPublished, State::kClosed,       State::kAnswered, State::kArchived,
                                           State::kInModeration, State::kDraft, State::kRejected};

State PickState(SeededRandom& random, std::int64_t number) {
  if (number < static_cast<std::int64_t>(kEveryState.size())) return kEveryState[static_cast<std::size_t>(number)];
  double pick = random.Unit();
  if (pick < 0.30) return State::kPublished;
  if (pick < 0.45) return State::kClosed;
  if (pick < 0.70) return State::kAnswered;
  if (pick < 0.85) return State::kArchived;
  if (pick < 0.90) return State::kInModeration;
  if (pick < 0.95) return State::kDraft;
  return State::kRejected;
}

bool Collects(State state) {
  return state == State::kPublished || state == State::kClosed || state == State::kAnswered ||
         state == State::kArchived;
}

// Confirmed signatures as multi-row INSERTs, counted = 0 like any confirmed signature; the caller folds them.
void InsertSignatures(db::Tx& tx, SeededRandom& random, std::int64_t petition_id, std::int64_t first,
                      std::int64_t end, db::UnixSeconds from, db::UnixSeconds until) {
  constexpr std::int64_t kBatchRows = 400;
  for (std::int64_t batch = first; batch < end; batch += kBatchRows) {
    const std::int64_t batch_end = std::min(end, batch + kBatchRows);
    std::string sql =
        "INSERT INTO petition_signature (petition_id, email_normalized, email_key, name, postcode, show_public, "
        "notify, token_hash, state, counted, created_at, confirmed_at, ip) VALUES ";
    db::Params params;
    params.reserve(static_cast<std::size_t>(batch_end - batch) * 12);
    for (std::int64_t signer_idx = batch; signer_idx < batch_end; ++signer_idx) {
      std::string_view first_name = random.Pick(kFirstNames);
      std::string_view last_name = random.Pick(kLastNames);
      std::string email = std::string(first_name) + "." + std::string(last_name) + "." +
                          std::to_string(signer_idx + 1) + "@" + std::string(random.Pick(kDomains));
      std::transform(email.begin(), email.end(), email.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
      // North Rhine-Westphalia's postcode regions 32, 33 and 40–59.
      std::int64_t region = random.Chance(0.1) ? random.Between(32, 33) : random.Between(40, 59);
      std::string postcode = std::to_string(region * 1000 + random.Between(0, 999));
      const db::UnixSeconds created_at = from + random.Between(0, std::max<db::UnixSeconds>(0, until - from));
      sql += signer_idx == batch ? "(?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', 0, ?, ?, ?)"
                                 : ", (?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', 0, ?, ?, ?)";
      params.insert(params.end(),
                    {petition_id, email, SignerKey(email), std::string(first_name) + " " + std::string(last_name),
                     postcode, random.Chance(0.3), random.Chance(0.4),
                     // Deterministic and unique; the token itself is never handed out (the signature is confirmed).
                     Sha256Hex("scale-demo:" + std::to_string(petition_id) + ":" + std::to_string(signer_idx)),
                     created_at, std::min(until, created_at + random.Between(60, 6 * 3600)),
                     std::string(random.Pick(kNetworks)) + std::to_string(random.Between(1, 254))});
    }
    tx.Exec(sql, params);
  }
}

}  // namespace

ScaleDemoMade LoadScaleDemo(db::Database& db, db::UnixSeconds now, const ScaleDemo& input) {
  if (input.tenant_ids.empty() || input.initiator_ids.empty()) {
    throw std::invalid_argument("scale demo: no tenants or initiators");
  }
  SeededRandom random(input.seed);
  ScaleDemoMade made;
  constexpr db::UnixSeconds kDay = 86400;

  struct Planned {
    State state;
    double weight;
  };
  std::vector<Planned> plan;
  double total_weight = 0;
  for (std::int64_t number = 0; number < input.petitions; ++number) {
    State state = PickState(random, number);
    // Most petitions gather a few hundred signatures, some tens of thousands, a handful a Land-wide movement.
    double weight = 0;
    if (Collects(state)) {
      weight = random.Chance(0.01) ? 200 : random.Chance(0.05) ? 20 : random.Chance(0.3) ? 3 : 1;
      weight *= 0.5 + random.Unit();
    }
    plan.push_back({state, weight});
    total_weight += weight;
  }

  // First every petition in its final state (small transactions through the store's steps), then the signatures of
  // all of them in a few large transactions: the token hashes and addresses of the signatures are indexed with
  // random keys, and a transaction of a few thousand rows would rewrite (WAL) about one index page per row.
  struct Collecting {
    std::int64_t id;
    std::int64_t signatures;
    db::UnixSeconds from;
    db::UnixSeconds until;
  };
  std::vector<Collecting> collecting_petitions;
  std::int64_t signatures_left = input.signatures;
  std::int64_t last_collecting = -1;
  for (std::int64_t number = 0; number < input.petitions; ++number) {
    if (plan[static_cast<std::size_t>(number)].weight > 0) last_collecting = number;
  }
  constexpr std::int64_t kPetitionsPerWrite = 50;
  for (std::int64_t first = 0; first < input.petitions; first += kPetitionsPerWrite) {
    db.Write([&](db::Tx& tx) {
      for (std::int64_t number = first; number < std::min(input.petitions, first + kPetitionsPerWrite); ++number) {
        const Planned& planned = plan[static_cast<std::size_t>(number)];
        const std::int64_t tenant_id = random.Pick(input.tenant_ids);
        const Topic& topic = random.Pick(kTopics);
        Draft draft{.title = std::string(topic.title) + " – Anliegen Nr. " + std::to_string(number + 1),
                    .demand = std::string(topic.demand),
                    .justification = std::string(topic.justification),
                    .addressee = "Rat der Gemeinde",
                    .quorum = std::array<std::int64_t, 5>{250, 500, 1'000, 2'500, 10'000}[random.Below(5)],
                    .period_days = static_cast<int>(random.Between(28, 90))};
        const bool collecting = planned.state == State::kPublished;
        const db::UnixSeconds published_at =
            collecting ? now - random.Between(1, draft.period_days - 1) * kDay - random.Between(0, kDay - 1)
                       : now - (draft.period_days + random.Between(20, 900)) * kDay;
        const std::int64_t initiator = random.Pick(input.initiator_ids);
        auto created = CreateDraft(tx, tenant_id, initiator, draft, published_at - 2 * kDay);
        if (!created) throw std::runtime_error("scale demo petition: " + created.error().message);
        ++made.petitions;
        const std::int64_t id = created->id;
        if (planned.state == State::kDraft) continue;
        if (!SubmitForModeration(tx, id, published_at - kDay)) throw std::logic_error("scale demo: submit");
        if (planned.state == State::kInModeration) continue;
        if (planned.state == State::kRejected) {
          if (!Reject(tx, id, "not_competent", "Für dieses Anliegen ist der Kreis zuständig.")) {
            throw std::logic_error("scale demo: reject");
          }
          continue;
        }
        if (!Publish(tx, id, published_at)) throw std::logic_error("scale demo: publish");
        const db::UnixSeconds closes_at = ClosesAt(published_at, draft.period_days);
        std::int64_t signatures = std::min(
            signatures_left,
            static_cast<std::int64_t>(std::llround(planned.weight / total_weight * static_cast<double>(input.signatures))));
        if (number == last_collecting) signatures = signatures_left;  // whatever rounding left over
        signatures_left -= signatures;
        collecting_petitions.push_back({id, signatures, published_at, std::min(now - 60, closes_at - 60)});
        if (collecting) continue;
        if (!Close(tx, id, closes_at)) throw std::logic_error("scale demo: close");
        if (planned.state == State::kClosed) continue;
        if (!HandOver(tx, id, closes_at + 5 * kDay) ||
            !Respond(tx, id,
                     "Der Rat hat die Petition beraten und beschlossen, dem Anliegen in Teilen zu folgen. Die "
                     "Verwaltung berichtet im nächsten Jahr über die Umsetzung.",
                     closes_at + 40 * kDay)) {
          throw std::logic_error("scale demo: answer");
        }
        if (planned.state == State::kArchived && !Archive(tx, id)) throw std::logic_error("scale demo: archive");
      }
    });
  }

  // The signatures, kSignaturesPerWrite rows per transaction, folded into the counts in the same transaction by the
  // format's own FoldCounts, as the job does.
  constexpr std::int64_t kSignaturesPerWrite = 250'000;
  std::size_t petition_idx = 0;
  std::int64_t done_of_petition = 0;
  while (petition_idx < collecting_petitions.size()) {
    db.Write([&](db::Tx& tx) {
      std::int64_t in_write = 0;
      while (petition_idx < collecting_petitions.size() && in_write < kSignaturesPerWrite) {
        const Collecting& petition = collecting_petitions[petition_idx];
        const std::int64_t take = std::min(petition.signatures - done_of_petition, kSignaturesPerWrite - in_write);
        InsertSignatures(tx, random, petition.id, done_of_petition, done_of_petition + take, petition.from,
                         petition.until);
        in_write += take;
        done_of_petition += take;
        if (done_of_petition == petition.signatures) {
          ++petition_idx;
          done_of_petition = 0;
        }
      }
      made.signatures += FoldCounts(tx, now);
    });
  }
  return made;
}

}  // namespace mw::petitions
