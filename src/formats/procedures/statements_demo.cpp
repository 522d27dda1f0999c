// Demo statements: Anna Schmidt's (online; one withdrawn), the Umweltverband's on behalf of the organisation, and the
// Planfeststellung's objections, which arrive in writing and are entered by the Landkreis' case worker — one of them a
// list with 63 signatories and a representative (§ 17 VwVfG), one by plain e-mail (marked: written form not met), one
// from the night letter box ruled in time, one late. On the Bebauungsplan, which publishes statements, two
// consented and were published after the redaction review (one with blackouts), one did not consent and stays
// unpublished. Loaded once: skipped when Anna already has statements.
#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "formats/procedures/handlers.hpp"
#include "formats/procedures/publication_store.hpp"
#include "formats/procedures/statements_store.hpp"
#include "platform/audit/audit.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kWindpark = "Windpark Naunhof-Ost: Genehmigung von vier Windenergieanlagen";
constexpr std::string_view kBypass = "Ortsumgehung Grimma im Zuge der B 107: Planfeststellung";
constexpr std::string_view kCycling = "Radverkehrsentwicklungsplan Leipzig 2030+";
constexpr std::string_view kPlan = "Bebauungsplan Nr. 42 „Wohnen am Mühlgraben“";
constexpr std::string_view kLaw = "Entwurf eines Gesetzes über die Beteiligung der Öffentlichkeit in Sachsen";

// The demo's redaction review: published with every automatic suggestion blacked out.
void PublishReviewed(db::Tx& tx, const Statement& statement, db::UnixSeconds now) {
  auto spans = SuggestedSpans(statement, KnownPersonalData(tx, statement));
  SavePublication(tx,
                  {.statement_id = statement.id,
                   .state = PublicationState::kPublished,
                   .redacted_text = redaction::Apply(statement.text, spans),
                   .spans = spans},
                  now);
}

std::optional<Procedure> ByTitle(db::Tx& tx, std::string_view title) {
  for (const auto& procedure : List(tx, {.public_only = false, .limit = 1000})) {
    if (procedure.title == title) return procedure;
  }
  return std::nullopt;
}

void Record(db::Tx& tx, const accounts::User& actor, const Statement& statement, std::string_view action,
            db::UnixSeconds now) {
  audit::Record(tx,
                {.actor_user_id = actor.id,
                 .actor_label = actor.email,
                 .tenant_id = statement.tenant_id,
                 .action = std::string(action),
                 .object = "statement:" + std::to_string(statement.id),
                 .detail = "Demodaten"},
                now);
}

}  // namespace

void LoadStatementDemo(db::Database& db, db::UnixSeconds now) {
  db.Write([&](db::Tx& tx) {
    auto anna = accounts::FindUserByEmail(tx, "anna.schmidt@buerger.example");
    if (!anna || !StatementsByUser(tx, anna->id).empty()) return;
    auto windpark = ByTitle(tx, kWindpark);
    auto bypass = ByTitle(tx, kBypass);
    auto cycling = ByTitle(tx, kCycling);
    auto plan = ByTitle(tx, kPlan);
    const std::string anna_address = "Lindenstraße 12, 04683 Naunhof";

    if (windpark) {
      Statement statement = Submit(
          tx, *windpark,
          {.input = {.text = "Sehr geehrte Damen und Herren,\n\nich wohne etwa 900 m von der geplanten Anlage WEA 3 "
                             "entfernt. Das Schallgutachten rechnet für meinen Ort mit 44 dB(A) nachts; der "
                             "Richtwert für ein allgemeines Wohngebiet liegt bei 40 dB(A). Ich bitte, die "
                             "Immissionsorte in der Lindenstraße neu zu berechnen und einen schallreduzierten "
                             "Nachtbetrieb festzusetzen.\n\nMit freundlichen Grüßen\nAnna Schmidt",
                     .name = "Anna Schmidt",
                     .address = anna_address,
                     .page = "Schallgutachten, S. 23"},
           .user_id = anna->id,
           .author_email = anna->email,
           .received_at = now - 3 * 86400},
          now - 3 * 86400);
      Record(tx, *anna, statement, "statement.submit", now - 3 * 86400);
      AddAttachment(tx, statement.id, 1, "Messprotokoll.txt", "text/plain; charset=utf-8",
                    "Eigene Messung am 12. Mai, 23:00 Uhr, Lindenstraße 12: 41 dB(A) bei Westwind 4 m/s.\n",
                    now - 3 * 86400);
    }
    if (plan) {
      Statement reviewed = Submit(
          tx, *plan,
          {.input = {.text = "Die geplante Zufahrt über den Mühlgraben führt direkt an meinem Grundstück (Flurstück "
                             "214/3) vorbei. Meine Nachbarin Frau Ilse Brandt hat Asthma und leidet schon heute unter "
                             "dem Baustellenstaub. Ich bitte, die Zufahrt von Norden zu führen.\n\nMit freundlichen "
                             "Grüßen\nAnna Schmidt",
                     .name = "Anna Schmidt",
                     .address = anna_address},
           .user_id = anna->id,
           .author_email = anna->email,
           .received_at = now - 3 * 86400,
           .publish_text_consent = true},
          now - 3 * 86400);
      Record(tx, *anna, reviewed, "statement.submit", now - 3 * 86400);
      PublishReviewed(tx, reviewed, now - 2 * 86400);
      (void)Submit(tx, *plan,
                   {.input = {.text = "Die Geschosshöhe von vier Etagen passt nicht in die Umgebung am Mühlgraben. "
                                      "Bitte veröffentlichen Sie meine Stellungnahme nicht.",
                              .name = "Jonas Vogel",
                              .address = "Mühlgraben 9, 04668 Grimma"},
                    .channel = Channel::kMail,
                    .received_at = now - 2 * 86400},
                   now - 2 * 86400);
    }
    if (cycling) {
      Statement statement =
          Submit(tx, *cycling,
                 {.input = {.text = "Die Hauptroute 4 sollte über die Karl-Heine-Straße statt über die Lützner "
                                    "Straße führen.",
                            .name = "Anna Schmidt"},
                  .user_id = anna->id,
                  .author_email = anna->email,
                  .received_at = now - 2 * 86400},
                 now - 2 * 86400);
      Record(tx, *anna, statement, "statement.submit", now - 2 * 86400);
      if (Withdraw(tx, statement.id, anna->id, now - 86400)) {
        Record(tx, *anna, statement, "statement.withdraw", now - 86400);
      }
    }

    // The decided consultation of the Land: statements from its (past) period, answered and published by the back
    // office's demo.
    if (auto law = ByTitle(tx, kLaw)) {
      const db::UnixSeconds during = EndOfDay(law->display_start) + 5 * 86400;
      Statement statement = Submit(
          tx, *law,
          {.input = {.text = "Die Bekanntmachungen sollten zusätzlich in Leichter Sprache erscheinen. Mein Nachbar "
                             "Klaus Becker (Tel. 0341 1234567) kann Amtsdeutsch kaum lesen.",
                     .name = "Anna Schmidt",
                     .address = anna_address},
           .user_id = anna->id,
           .author_email = anna->email,
           .received_at = during},
          during);
      Record(tx, *anna, statement, "statement.submit", during);
      for (const auto& [name, text] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
               {"Jonas Vogel", "Beteiligungsverfahren sollten immer auch eine Online-Versammlung anbieten. Schreiben "
                               "Sie mir gern an jonas.vogel@example.org."},
               {"Maria Kaiser", "Ich begrüße, dass Unterlagen künftig dauerhaft im Internet stehen sollen."}}) {
        (void)Submit(tx, *law,
                     {.input = {.text = std::string(text), .name = std::string(name)},
                      .channel = Channel::kMail,
                      .received_at = during + 86400},
                     during + 86400);
      }
    }

    auto association = accounts::FindUserByEmail(tx, "stellungnahmen@umweltverband.example");
    if (association && association->organisation_id) {
      auto organisation = accounts::FindOrganisation(tx, *association->organisation_id);
      for (const auto& procedure : {windpark, plan}) {
        if (!procedure || !organisation) continue;
        Statement statement = Submit(
            tx, *procedure,
            {.input = {.text = "Stellungnahme des Verbands: Die artenschutzrechtliche Prüfung erfasst den "
                               "Rotmilan-Horst am Waldrand nicht. Wir fordern eine Raumnutzungsanalyse über eine "
                               "volle Brutsaison und Abschaltzeiten während der Mahd.",
                       .name = association->name,
                       .address = "Umweltverband Muldental e. V., Am Park 3, 04668 Grimma"},
             .user_id = association->id,
             .organisation_id = organisation->id,
             .organisation_name = organisation->name,
             .author_email = association->email,
             .received_at = now - 86400,
             .publish_consent = true,
             .publish_text_consent = true},
            now - 86400);
        Record(tx, *association, statement, "statement.submit", now - 86400);
        if (procedure->publish_statements) PublishReviewed(tx, statement, now - 3600);
      }
    }

    auto case_worker = accounts::FindUserByEmail(tx, "sachbearbeitung@lk-leipzig.example");
    if (bypass && case_worker) {
      struct Paper {
        std::string_view name;
        std::string_view address;
        std::string_view text;
        std::int64_t signatories;
        Representative representative;
        Channel channel;
      };
      const Paper letters[] = {
          {"Horst Weber", "Mühlweg 7, 04668 Grimma",
           "Die Brücke über die Mulde verschattet mein Grundstück. Ich bitte um eine andere Gradiente.", 1, {},
           Channel::kPaper},
          {"Bürgerinitiative Muldenaue", "c/o Petra Lange, Am Anger 2, 04668 Grimma",
           "Wir lehnen die Trasse durch die Muldenaue ab (Unterschriftenliste mit 63 Unterschriften).", 63,
           {"Petra Lange", "Landwirtin", "Am Anger 2, 04668 Grimma"}, Channel::kPaper},
          {"Landwirtschaftsbetrieb Kühn", "Dorfstraße 1, 04668 Grimma-Großbothen",
           "Die Zufahrt zu unseren Flächen nördlich der Trasse muss erhalten bleiben.", 1, {}, Channel::kMail},
      };
      // Received on days within the objection period.
      db::UnixSeconds received = EndOfDay(law::AddDays(bypass->objection_end, -6));
      for (const auto& letter : letters) {
        Statement statement = Submit(tx, *bypass,
                                     {.input = {.text = std::string(letter.text),
                                                .name = std::string(letter.name),
                                                .address = std::string(letter.address)},
                                      .channel = letter.channel,
                                      .received_at = received,
                                      .entered_by = case_worker->id,
                                      .signatories = letter.signatories,
                                      .representative = letter.representative},
                                     now - 86400);
        Record(tx, *case_worker, statement, "statement.submit", now - 86400);
        received += 86400;
      }
      // A letter from the night letter box, stamped the morning after the last day: late by its receipt time, ruled
      // in time by the case worker (issue #12 item 12).
      Statement night = Submit(tx, *bypass,
                               {.input = {.text = "Die Lärmschutzwand am Mühlweg muss bis zur Bebauung reichen.",
                                          .name = "Gisela Nachtigall",
                                          .address = "Mühlweg 11, 04668 Grimma"},
                                .channel = Channel::kPaper,
                                .received_at = EndOfDay(bypass->objection_end) + 7 * 3600,
                                .entered_by = case_worker->id},
                               now - 86400);
      Record(tx, *case_worker, night, "statement.submit", now - 86400);
      // A letter a week after the period: flagged late, stored all the same. (The portal takes this Planfeststellung's
      // objections in writing or for the record only, #12 item 9; so they reach it through the case worker.)
      Statement late = Submit(tx, *bypass,
                              {.input = {.text = "Ich erhebe Einwendungen gegen die Lage der Lärmschutzwand im "
                                                 "Abschnitt 2: Sie endet 200 m vor der Wohnbebauung am Mühlweg.",
                                         .name = "Anna Schmidt",
                                         .address = "Lindenstraße 12, 04683 Naunhof",
                                         .page = "Lageplan Blatt 4"},
                               .channel = Channel::kPaper,
                               .received_at = std::min(EndOfDay(bypass->objection_end) + 7 * 86400, now - 3600),
                               .entered_by = case_worker->id},
                              now - 3600);
      Record(tx, *case_worker, late, "statement.submit", now - 3600);
      if (OverrideLate(tx, night.id, false,
                       "Einwurf in den Nachtbriefkasten am letzten Tag der Frist vor Mitternacht (Vermerk der "
                       "Poststelle); Eingangsstempel vom Folgetag.",
                       case_worker->id, now - 86400)) {
        Record(tx, *case_worker, night, "statement.late_override", now - 86400);
      }
    }
  });
}

}  // namespace mw::procedures
