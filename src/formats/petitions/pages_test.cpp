// End-to-end tests of petitions through a real HTTP server on both engines: a citizen starts a petition, a moderator
// publishes it, a visitor signs without JavaScript and confirms by button, and the folded count shows it; bad input,
// a second signature and unpublished petitions are refused with nothing stored; the JSON API does the same.
#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <regex>
#include <set>

#include "formats/petitions/handlers.hpp"
#include "formats/petitions/handlers.hpp"
#include "formats/petitions/pages.hpp"
#include "formats/petitions/settings.hpp"
#include "formats/petitions/site_fixture_test.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/server.hpp"
#include "platform/core/text.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/site/context.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

using mw::testing::HttpResponse;

class PetitionPagesTest : public PetitionSiteTest {
 protected:
  void SetUp() override {
    PetitionSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    moderator_ = CreateUser("moderator@example.org", "Mo Derator", accounts::Role::kModerator);
  }

  std::size_t SignatureCount(std::int64_t petition_id) {
    return db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition_id); }).size();
  }

  std::vector<mail::OutboxEntry> Outbox() { return mail::ListRecent(*db_, 100, std::nullopt); }

  accounts::User moderator_;
};

std::string TokenFromMail(const std::string& text) {
  static const std::regex kLink(R"(/petitionen/bestaetigen\?token=([A-Za-z0-9_-]+))");
  std::smatch match;
  if (!std::regex_search(text, match, kLink)) return {};
  return match[1];
}

std::int64_t IdFromLocation(const std::string& location) {
  auto slash = location.rfind('/');
  return std::stoll(location.substr(slash + 1));
}

TEST_P(PetitionPagesTest, CitizenStartsModeratorPublishesVisitorSignsAndConfirms) {
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  ASSERT_EQ(citizen.Get("/grimma/petitionen/neu").status, 200);
  auto created = citizen.Submit("/grimma/petitionen/neu", "/grimma/petitionen/neu",
                                {{"title", "Mehr Bänke im Stadtpark"},
                                 {"demand", "Die Stadt stellt zehn Bänke auf."},
                                 {"justification", "Ältere Menschen brauchen Pausen."},
                                 {"addressee", "Stadtrat Grimma"}});
  ASSERT_EQ(created.status, 303) << created.body;
  std::string page = created.Header("location");
  std::int64_t id = IdFromLocation(page);
  auto draft = citizen.Get(page);
  ASSERT_EQ(draft.status, 200) << "the initiator sees the draft";

  // A co-initiator joins by the invitation link from the draft page: the GET only shows a button.
  static const std::regex kInvite(
      R"re(value="http://portal\.test(/grimma/petitionen/\d+/mitmachen\?token=[A-Za-z0-9_-]+)")re");
  std::smatch invite;
  ASSERT_TRUE(std::regex_search(draft.body, invite, kInvite)) << draft.body;
  CreateUser("co@example.org", "Co Initiatorin");
  Browser co(port());
  Login(co, "co@example.org");
  ASSERT_EQ(co.Get(invite[1].str()).status, 200);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return CoInitiators(tx, id); }).empty());
  auto joined = co.Submit(invite[1].str(), page + "/mitmachen", {{"token", "falsch"}});
  EXPECT_EQ(joined.status, 404) << "with a wrong token nothing is joined";
  std::string token_value = invite[1].str().substr(invite[1].str().find("token=") + 6);
  joined = co.Submit(invite[1].str(), page + "/mitmachen", {{"token", token_value}});
  ASSERT_EQ(joined.status, 303) << joined.body;
  ASSERT_EQ(db_->Read([&](db::Tx& tx) { return CoInitiators(tx, id); }).size(), 1u);
  auto seen_by_co = co.Get(page);
  EXPECT_EQ(seen_by_co.status, 200) << "a co-initiator sees the draft they joined";
  EXPECT_EQ(seen_by_co.body.find(page + "/einreichen"), std::string::npos) << "only the initiator submits it";

  Browser visitor(port());
  EXPECT_EQ(visitor.Get(page).status, 404) << "not public as a draft";
  EXPECT_EQ(visitor.Get(invite[1].str()).status, 303) << "joining needs an account";
  auto submitted = citizen.Submit(page, page + "/einreichen", {});
  ASSERT_EQ(submitted.status, 303) << submitted.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, id); })->state, State::kInModeration);
  EXPECT_EQ(visitor.Get(page).status, 404) << "not public before moderation";
  EXPECT_EQ(visitor.Get("/grimma/petitionen/moderation").status, 303) << "login required";
  EXPECT_EQ(citizen.Get("/grimma/petitionen/moderation").status, 403);
  // Publishing without the confirmation shows the queue again, but only to a moderator: a citizen is refused.
  auto not_theirs = citizen.Submit(page, page + "/freigeben", {});
  EXPECT_EQ(not_theirs.status, 403);
  EXPECT_EQ(not_theirs.body.find("Petitionen prüfen"), std::string::npos);

  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto queue = moderator.Get("/grimma/petitionen/moderation");
  ASSERT_EQ(queue.status, 200);
  EXPECT_NE(queue.body.find("Mehr Bänke im Stadtpark"), std::string::npos);
  // The whole petition, with the terms in force and when its signing would end if published now.
  EXPECT_NE(queue.body.find("Zeichnungsfrist"), std::string::npos) << queue.body;
  EXPECT_NE(queue.body.find("Stadtrat"), std::string::npos) << "the addressee";
  // Publishing asks first: without the confirmation nothing is published.
  auto unconfirmed = moderator.Submit("/grimma/petitionen/moderation", page + "/freigeben", {});
  EXPECT_EQ(unconfirmed.status, 422);
  EXPECT_NE(unconfirmed.body.find("href=\"#confirm-" + std::to_string(id) + "\""), std::string::npos);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, id); })->state, State::kInModeration);
  auto published = moderator.Submit("/grimma/petitionen/moderation", page + "/freigeben", {{"confirm", "yes"}});
  ASSERT_EQ(published.status, 303) << published.body;
  auto audit = db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 10); });
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.front().action, "petition.publish");
  EXPECT_EQ(audit.front().actor_label, "moderator@example.org");

  auto shown = visitor.Get(page);
  ASSERT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("0 von 1000 Unterschriften"), std::string::npos);
  EXPECT_NE(shown.body.find("Co Initiatorin"), std::string::npos) << "co-initiators are named";
  // #14 item 2: the end of the signing period in front, with the days left, on the page and in the list.
  const Petition stored = *db_->Read([&](db::Tx& tx) { return Find(tx, id); });
  const std::string days_left = "noch " + std::to_string(stored.period_days) + " Tage";
  std::time_t closes = static_cast<std::time_t>(*stored.closes_at);
  std::tm local{};
  localtime_r(&closes, &local);
  const char* weekdays[] = {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"};
  const std::string until = std::string("Unterzeichnung bis ") + weekdays[local.tm_wday] + ", " +
                            site::FormatTime(*stored.closes_at, "de") + " – " + days_left;
  EXPECT_NE(shown.body.find(until), std::string::npos) << until;
  EXPECT_NE(shown.body.find(days_left), std::string::npos) << days_left;
  EXPECT_NE(visitor.Get("/grimma/petitionen").body.find(days_left), std::string::npos);
  // Initiator and co-initiator were told by mail.
  std::size_t status_mails = 0;
  for (const auto& entry : Outbox())
    status_mails += entry.mail.subject.find("Neuigkeiten zu Ihrer Petition") != std::string::npos;
  EXPECT_EQ(status_mails, 2u);
  EXPECT_NE(shown.body.find("<progress"), std::string::npos);
  EXPECT_NE(visitor.Get("/grimma/petitionen").body.find("Mehr Bänke im Stadtpark"), std::string::npos);
  EXPECT_NE(visitor.Get("/grimma").body.find(page), std::string::npos) << "an offer on the tenant page";

  auto signed_up = visitor.Submit(page, page + "/unterschreiben",
                                  {{"name", "Kim Muster"},
                                   {"email", "Kim@Example.org"},
                                   {"postcode", "04668"},
                                   {"show_public", "yes"},
                                   {"consent", "yes"},
                                   {"website", ""}});
  ASSERT_EQ(signed_up.status, 303) << signed_up.body;
  EXPECT_EQ(signed_up.Header("location"), page + "/gesendet");
  EXPECT_EQ(visitor.Get(page + "/gesendet").status, 200);

  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 3u);
  EXPECT_EQ(outbox.front().mail.to_address, "kim@example.org") << "newest first";
  std::string token = TokenFromMail(outbox.front().mail.body_text);
  ASSERT_FALSE(token.empty()) << outbox.front().mail.body_text;

  // Opening the link only shows the button.
  auto button = visitor.Get("/petitionen/bestaetigen?token=" + token);
  ASSERT_EQ(button.status, 200);
  EXPECT_NE(button.body.find("action=\"/petitionen/bestaetigen\""), std::string::npos);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ListSignatures(tx, id); }).front().state, "pending");
  auto confirmed =
      visitor.Submit("/petitionen/bestaetigen?token=" + token, "/petitionen/bestaetigen", {{"token", token}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ListSignatures(tx, id); }).front().state, "confirmed");

  // The shown count is folded in batches; the fold touches the page, which shows the count at once.
  EXPECT_NE(visitor.Get(page).body.find("0 von 1000 Unterschriften"), std::string::npos);
  FoldCountsNow(*db_);
  EXPECT_NE(visitor.Get(page).body.find("1 von 1000 Unterschriften"), std::string::npos);

  // The same address again, in other letters: answered like a new signature, nothing stored; the owner of the
  // address is mailed that it had signed already.
  auto again =
      visitor.Submit(page, page + "/unterschreiben",
                     {{"name", "Kim M."}, {"email", "KIM@example.ORG"}, {"postcode", "04668"}, {"consent", "yes"}});
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(again.Header("location"), page + "/gesendet");
  EXPECT_EQ(SignatureCount(id), 1u);
  auto after = Outbox();
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(after.front().mail.subject, "Sie haben diese Petition bereits unterzeichnet");
  EXPECT_TRUE(TokenFromMail(after.front().mail.body_text).empty());
}

// #14 item 10: "Meine Aufgaben" shows a moderator how many petitions wait in the tenant's moderation queue, with
// the way to it; once nothing waits, there is nothing to do.
TEST_P(PetitionPagesTest, MyTasksShowsTheModeratorTheModerationQueue) {
  std::vector<std::int64_t> ids;
  db_->Write([&](db::Tx& tx) {
    for (std::string title : {"Mehr Bänke", "Mehr Bäume"}) {
      auto created = CreateDraft(tx, tenant_.id, citizen_.id, {.title = title, .demand = "F", .justification = "B"}, now_);
      EXPECT_TRUE(SubmitForModeration(tx, created->id, now_).has_value());
      ids.push_back(created->id);
    }
    (void)CreateDraft(tx, tenant_.id, citizen_.id, {.title = "Noch ein Entwurf", .demand = "F", .justification = "B"},
                      now_);
  });
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto tasks = moderator.Get("/aufgaben");
  ASSERT_EQ(tasks.status, 200);
  EXPECT_NE(tasks.body.find("href=\"/grimma/petitionen/moderation\">Petitionen, die auf Prüfung warten (2)</a>"),
            std::string::npos)
      << tasks.body;
  EXPECT_EQ(moderator.Get("/grimma/petitionen/moderation").status, 200);
  for (auto id : ids) {
    ASSERT_EQ(
        moderator
            .Submit("/grimma/petitionen/moderation", PetitionPath("grimma", id) + "/freigeben", {{"confirm", "yes"}})
            .status,
        303);
  }
  tasks = moderator.Get("/aufgaben");
  EXPECT_EQ(tasks.body.find("/grimma/petitionen/moderation"), std::string::npos);
  EXPECT_NE(tasks.body.find("Nichts zu tun"), std::string::npos);

  Browser citizen(port());
  Login(citizen, citizen_.email);
  EXPECT_EQ(citizen.Get("/aufgaben").body.find("/petitionen/moderation"), std::string::npos) << "not a moderator";
}

TEST_P(PetitionPagesTest, ModeratorRejectsWithAReasonFromTheList) {
  auto id = db_->Write([&](db::Tx& tx) {
    auto created =
        CreateDraft(tx, tenant_.id, citizen_.id, {.title = "Unklar", .demand = "F", .justification = "B"}, now_);
    EXPECT_TRUE(SubmitForModeration(tx, created->id, now_).has_value());
    return created->id;
  });
  std::string page = PetitionPath("grimma", id);
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto without_reason = moderator.Submit("/grimma/petitionen/moderation", page + "/ablehnen", {{"text", "Warum?"}});
  EXPECT_EQ(without_reason.status, 422);
  EXPECT_NE(without_reason.body.find("href=\"#reason-" + std::to_string(id) + "\""), std::string::npos);
  auto rejected = moderator.Submit("/grimma/petitionen/moderation", page + "/ablehnen",
                                   {{"reason", "unclear"}, {"text", "Bitte genauer beschreiben."}});
  ASSERT_EQ(rejected.status, 303) << rejected.body;
  auto petition = db_->Read([&](db::Tx& tx) { return Find(tx, id); });
  EXPECT_EQ(petition->state, State::kRejected);
  EXPECT_EQ(petition->rejection_reason, "unclear");
  auto audit = db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 1); });
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit.front().action, "petition.reject");
  Browser visitor(port());
  EXPECT_EQ(visitor.Get(page).status, 404);
}

TEST_P(PetitionPagesTest, LoggedInCitizenSignsWithTheAccountAddressOnce) {
  auto petition = PublishedPetition();
  std::string page = PetitionPath("grimma", petition.id);
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto form = citizen.Get(page);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"citizen@example.org\""), std::string::npos) << "prefilled from the account";
  const std::vector<std::pair<std::string, std::string>> fields{
      {"name", "Cora Citizen"}, {"email", "other@example.org"}, {"postcode", "04668"}, {"consent", "yes"}};
  ASSERT_EQ(citizen.Submit(page, page + "/unterschreiben", fields).status, 303);
  auto signatures = db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition.id); });
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_EQ(signatures.front().email_normalized, "citizen@example.org");
  // Signing again is answered the same (nothing tells whether an address signed); nothing is added.
  EXPECT_EQ(citizen.Submit(page, page + "/unterschreiben", fields).status, 303);
  EXPECT_EQ(SignatureCount(petition.id), 1u);
}

TEST_P(PetitionPagesTest, BadInputIsRefusedInGermanAndNothingIsStored) {
  auto petition = PublishedPetition();
  std::string page = PetitionPath("grimma", petition.id);
  Browser visitor(port());
  auto bad_email = visitor.Submit(page, page + "/unterschreiben",
                                  {{"name", "Kim"}, {"email", "kim@"}, {"postcode", "04668"}, {"consent", "yes"}});
  EXPECT_EQ(bad_email.status, 422);
  EXPECT_NE(bad_email.body.find("Bitte geben Sie eine gültige E-Mail-Adresse an."), std::string::npos);
  EXPECT_NE(bad_email.body.find("aria-invalid=\"true\""), std::string::npos);
  auto long_name = visitor.Submit(
      page, page + "/unterschreiben",
      {{"name", std::string(201, 'x')}, {"email", "kim@example.org"}, {"postcode", "04668"}, {"consent", "yes"}});
  EXPECT_EQ(long_name.status, 422);
  EXPECT_NE(long_name.body.find("Ihr Name darf höchstens 200 Zeichen lang sein."), std::string::npos);
  auto no_consent = visitor.Submit(page, page + "/unterschreiben",
                                   {{"name", "Kim"}, {"email", "kim@example.org"}, {"postcode", "4668"}});
  EXPECT_EQ(no_consent.status, 422);
  EXPECT_NE(no_consent.body.find("fünf Ziffern"), std::string::npos);
  // A bot filling the hidden field is told the same as a person, and nothing is stored.
  auto bot = visitor.Submit(page, page + "/unterschreiben",
                            {{"name", "Bot"},
                             {"email", "bot@example.org"},
                             {"postcode", "04668"},
                             {"consent", "yes"},
                             {"website", "http://spam.example"}});
  EXPECT_EQ(bot.status, 303);
  EXPECT_EQ(SignatureCount(petition.id), 0u);
  EXPECT_TRUE(Outbox().empty());

  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto overlong = citizen.Submit("/grimma/petitionen/neu", "/grimma/petitionen/neu",
                                 {{"title", std::string(201, 'T')}, {"demand", "F"}, {"justification", "B"}});
  EXPECT_EQ(overlong.status, 422);
  EXPECT_NE(overlong.body.find("Der Titel darf höchstens 200 Zeichen lang sein."), std::string::npos);
}

TEST_P(PetitionPagesTest, UnpublishedAndClosedPetitionsCannotBeSigned) {
  auto draft = db_->Write([&](db::Tx& tx) {
    auto created = CreateDraft(tx, tenant_.id, citizen_.id, {.title = "T", .demand = "F", .justification = "B"}, now_);
    EXPECT_TRUE(SubmitForModeration(tx, created->id, now_).has_value());
    return *created;
  });
  auto closed = PublishedPetition("Beendet");
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(Close(tx, closed.id, now_).has_value()); });

  // The visitor takes the form (and its CSRF token) from an open petition and sends it to the others.
  std::string open_page = PetitionPath("grimma", PublishedPetition("Offen").id);
  Browser visitor(port());
  const std::vector<std::pair<std::string, std::string>> fields{
      {"name", "Kim"}, {"email", "kim@example.org"}, {"postcode", "04668"}, {"consent", "yes"}};
  auto unpublished = visitor.Submit(open_page, PetitionPath("grimma", draft.id) + "/unterschreiben", fields);
  EXPECT_EQ(unpublished.status, 404);
  auto ended = visitor.Submit(open_page, PetitionPath("grimma", closed.id) + "/unterschreiben", fields);
  EXPECT_EQ(ended.status, 409);
  EXPECT_EQ(SignatureCount(draft.id), 0u);
  EXPECT_EQ(SignatureCount(closed.id), 0u);

  auto api = mw::testing::Send(port(), "POST", "/api/v1/petitions/" + std::to_string(closed.id) + "/signatures",
                               {{"Content-Type", "application/json"}},
                               R"({"name":"Kim","email":"kim@example.org","postcode":"04668","public":false})");
  EXPECT_EQ(api.status, 409);
  EXPECT_EQ(SignatureCount(closed.id), 0u);
}

TEST_P(PetitionPagesTest, ApiCreatesPublishesSignsAndConfirms) {
  const mw::testing::HeaderList json{{"Content-Type", "application/json"}};
  auto citizen_auth =
      mw::testing::HeaderList{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + ApiToken(citizen_)}};
  auto moderator_auth = mw::testing::HeaderList{{"Content-Type", "application/json"},
                                                {"Authorization", "Bearer " + ApiToken(moderator_)}};

  EXPECT_EQ(mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", json, "{}").status, 401);
  auto created = mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", citizen_auth,
                                   R"({"title":"Spielplatz sanieren","demand":"Neue Geräte",
                                       "justification":"Die alten sind kaputt.","quorum":50,"period_days":28})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto created_json = boost::json::parse(created.body).as_object();
  std::int64_t id = created_json.at("id").as_int64();
  EXPECT_EQ(created_json.at("quorum").as_int64(), kDefaultQuorum) << "the tenant's quorum, not the one asked for";
  EXPECT_EQ(created_json.at("period_days").as_int64(), kDefaultPeriodDays);
  std::string base = "/api/v1/petitions/" + std::to_string(id);
  EXPECT_EQ(mw::testing::Send(port(), "GET", base).status, 404) << "not public before publication";

  auto refused = mw::testing::Send(port(), "POST", base + "/publish", citizen_auth);
  EXPECT_EQ(refused.status, 403);
  auto published = mw::testing::Send(port(), "POST", base + "/publish", moderator_auth);
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(boost::json::parse(published.body).at("state").as_string(), "published");
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/publish", moderator_auth).status, 409);

  auto signed_up = mw::testing::Send(port(), "POST", base + "/signatures", json,
                                     R"({"name":"Kim Muster","email":"Kim@Example.org","postcode":"04668",
                                         "public":true})");
  ASSERT_EQ(signed_up.status, 202) << signed_up.body;
  auto signature = boost::json::parse(signed_up.body).as_object();
  EXPECT_EQ(signature.at("state").as_string(), "pending");
  auto invalid = mw::testing::Send(port(), "POST", base + "/signatures", json,
                                   R"({"name":"Kim","email":"kein-mail","postcode":"04668","public":false})");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("gültige E-Mail-Adresse"), std::string::npos);
  auto overlong = mw::testing::Send(
      port(), "POST", base + "/signatures", json,
      R"({"name":")" + std::string(201, 'x') + R"(","email":"x@example.org","postcode":"04668","public":false})");
  EXPECT_EQ(overlong.status, 422);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/signatures", json, "[1,2]").status, 400);
  EXPECT_EQ(SignatureCount(id), 1u);

  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u) << "the initiator's notice of publication and the signer's confirmation";
  std::string token = TokenFromMail(outbox.front().mail.body_text);
  ASSERT_FALSE(token.empty());
  auto confirmed =
      mw::testing::Send(port(), "POST", "/api/v1/signatures/confirm", json, R"({"token":")" + token + R"("})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(mw::testing::Send(port(), "POST", "/api/v1/signatures/confirm", json, R"({"token":"falsch"})").status, 400);

  FoldCountsNow(*db_);
  auto shown = mw::testing::Send(port(), "GET", base);
  ASSERT_EQ(shown.status, 200);
  auto shown_json = boost::json::parse(shown.body).as_object();
  EXPECT_EQ(shown_json.at("signature_count").as_int64(), 1);
  EXPECT_EQ(shown_json.at("quorum").as_int64(), kDefaultQuorum);
  EXPECT_EQ(shown_json.at("state").as_string(), "published");
  auto listed = mw::testing::Send(port(), "GET", "/api/v1/petitions");
  EXPECT_NE(listed.body.find("Spielplatz sanieren"), std::string::npos);

  EXPECT_EQ(mw::testing::Send(port(), "GET", base + "/signatures", citizen_auth).status, 403);
  auto signatures = mw::testing::Send(port(), "GET", base + "/signatures", moderator_auth);
  ASSERT_EQ(signatures.status, 200);
  auto list = boost::json::parse(signatures.body).as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].at("state").as_string(), "confirmed");
  EXPECT_EQ(list[0].at("email").as_string(), "kim@example.org");
}

TEST_P(PetitionPagesTest, ModeratorRequestsChangesAndTheInitiatorRevisesAndResubmits) {
  auto id = db_->Write([&](db::Tx& tx) {
    auto created = CreateDraft(tx, tenant_.id, citizen_.id,
                               {.title = "Parkbänke", .demand = "Bänke", .justification = "Weil"}, now_);
    EXPECT_TRUE(SubmitForModeration(tx, created->id, now_).has_value());
    return created->id;
  });
  std::string page = PetitionPath("grimma", id);
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto empty = moderator.Submit("/grimma/petitionen/moderation", page + "/aenderungen", {{"text", " "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("href=\"#changes-" + std::to_string(id) + "\""), std::string::npos);
  auto asked = moderator.Submit("/grimma/petitionen/moderation", page + "/aenderungen",
                                {{"text", "Bitte nennen Sie den Park."}});
  ASSERT_EQ(asked.status, 303) << asked.body;
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, id); })->state, State::kDraft);
  EXPECT_NE(Outbox().front().mail.body_text.find("Bitte nennen Sie den Park."), std::string::npos);

  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto draft = citizen.Get(page);
  EXPECT_NE(draft.body.find("Bitte nennen Sie den Park."), std::string::npos);
  Browser other(port());
  Login(other, "moderator@example.org");
  EXPECT_EQ(other.Get(page + "/bearbeiten").status, 403) << "only the initiator edits";
  auto too_long = citizen.Submit(page + "/bearbeiten", page + "/bearbeiten",
                                 {{"title", std::string(201, 'x')}, {"demand", "Bänke"}, {"justification", "Weil"}});
  EXPECT_EQ(too_long.status, 422);
  auto saved = citizen.Submit(page + "/bearbeiten", page + "/bearbeiten",
                              {{"title", "Bänke im Stadtpark"}, {"demand", "Zehn Bänke"}, {"justification", "Weil"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  ASSERT_EQ(citizen.Submit(page, page + "/einreichen", {}).status, 303);
  auto petition = db_->Read([&](db::Tx& tx) { return Find(tx, id); });
  EXPECT_EQ(petition->state, State::kInModeration);
  EXPECT_EQ(petition->title, "Bänke im Stadtpark");
  EXPECT_TRUE(petition->changes_requested.empty());
  EXPECT_EQ(citizen.Get(page + "/bearbeiten").status, 409) << "no edits once submitted";
}

TEST_P(PetitionPagesTest, QuorumReachedHandedOverAndTheResponseIsMailedToSignersWhoAskedForIt) {
  Petition petition = db_->Write([&](db::Tx& tx) {
    auto draft = CreateDraft(tx, tenant_.id, citizen_.id,
                             {.title = "Schwimmbad", .demand = "Öffnen", .justification = "Sommer", .quorum = 2}, now_);
    EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
    return *Publish(tx, draft->id, now_);
  });
  std::string page = PetitionPath("grimma", petition.id);
  Browser visitor(port());
  for (auto [email, notify] : {std::pair{"a@example.org", "yes"}, {"b@example.org", ""}}) {
    ASSERT_EQ(
        visitor
            .Submit(page, page + "/unterschreiben",
                    {{"name", email}, {"email", email}, {"postcode", "04668"}, {"notify", notify}, {"consent", "yes"}})
            .status,
        303);
  }
  for (const auto& entry : Outbox()) {
    std::string token = TokenFromMail(entry.mail.body_text);
    db_->Write([&](db::Tx& tx) { ASSERT_TRUE(ConfirmSignature(tx, token, now_).has_value()); });
  }
  FoldCountsNow(*db_);
  now_ += petition.period_days * 24 * 3600;
  // What the closing job does, at the test's clock: close and touch the pages.
  db_->Write([&](db::Tx& tx) {
    std::vector<std::int64_t> closed;
    EXPECT_EQ(CloseExpired(tx, now_, &closed), 1);
    TouchPetitionPages(tx, closed);
  });
  now_ += 60;

  Browser clerk(port());
  CreateUser("ausschuss@example.org", "Aus Schuss", accounts::Role::kCaseWorker);
  Login(clerk, "ausschuss@example.org");
  auto closed = clerk.Get(page);
  ASSERT_EQ(closed.status, 200);
  EXPECT_NE(closed.body.find("Das Quorum wurde erreicht."), std::string::npos) << closed.body;
  EXPECT_EQ(clerk.Submit(page, page + "/antwort", {{"response", "Zu früh"}}).status, 409)
      << "a response needs the hand-over first";
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Submit(page, page + "/uebergeben", {}).status, 403) << "the initiator is not the committee";
  ASSERT_EQ(clerk.Submit(page, page + "/uebergeben", {}).status, 303);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); })->handed_over_at.has_value());
  auto empty = clerk.Submit(page, page + "/antwort", {{"response", ""}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Bitte geben Sie die Stellungnahme ein"), std::string::npos);
  std::size_t before = Outbox().size();
  ASSERT_EQ(clerk.Submit(page, page + "/antwort", {{"response", "Das Bad öffnet am 1. Juni."}}).status, 303);

  auto answered = db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); });
  EXPECT_EQ(answered->state, State::kAnswered);
  std::vector<std::string> response_mails;
  auto outbox = Outbox();
  for (std::size_t mail_idx = 0; mail_idx + before < outbox.size(); ++mail_idx) {
    if (outbox[mail_idx].mail.subject.starts_with("Antwort auf die Petition")) {
      response_mails.push_back(outbox[mail_idx].mail.to_address);
      EXPECT_NE(outbox[mail_idx].mail.body_text.find("Das Bad öffnet am 1. Juni."), std::string::npos);
    }
  }
  EXPECT_EQ(response_mails, std::vector<std::string>{"a@example.org"}) << "only the signer who asked for it";
  now_ += 5;
  auto shown = visitor.Get(page);
  EXPECT_NE(shown.body.find("Das Bad öffnet am 1. Juni."), std::string::npos);
  auto audit = db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 5); });
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.front().action, "petition.respond");
  ASSERT_EQ(clerk.Submit(page, page + "/archivieren", {}).status, 303);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); })->state, State::kArchived);
}

TEST_P(PetitionPagesTest, TenantAdminSwitchesPetitionsOffAndAsksForTheFullAddress) {
  CreateUser("admin@example.org", "Ad Min", accounts::Role::kAdmin);
  auto petition = PublishedPetition();
  std::string page = PetitionPath("grimma", petition.id);
  Browser admin(port());
  Login(admin, "admin@example.org");
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  EXPECT_EQ(moderator.Get("/grimma/petitionen/einstellungen").status, 403);
  ASSERT_EQ(admin.Get("/grimma/petitionen/einstellungen").status, 200);
  auto bad =
      admin.Submit("/grimma/petitionen/einstellungen", "/grimma/petitionen/einstellungen",
                   {{"quorum", "viele"}, {"period_days", "42"}, {"co_initiators", "5"}, {"retention_days", "365"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Das Quorum muss zwischen"), std::string::npos);
  auto saved = admin.Submit("/grimma/petitionen/einstellungen", "/grimma/petitionen/einstellungen",
                            {{"quorum", "500"},
                             {"period_days", "28"},
                             {"require_address", "yes"},
                             {"co_initiators", "2"},
                             {"retention_days", "180"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto settings = db_->Read([&](db::Tx& tx) { return LoadSettings(tx, tenant_.id); });
  EXPECT_FALSE(settings.enabled);
  EXPECT_EQ(settings.quorum, 500);
  EXPECT_TRUE(settings.require_address);
  EXPECT_EQ(settings.retention_days, 180);

  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get("/grimma/petitionen/neu").status, 404) << "switched off: no new petitions";
  EXPECT_EQ(citizen.Get("/grimma/petitionen").body.find("/grimma/petitionen/neu"), std::string::npos);
  const mw::testing::HeaderList token{{"Content-Type", "application/json"},
                                      {"Authorization", "Bearer " + ApiToken(citizen_)}};
  EXPECT_EQ(mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", token,
                              R"({"title":"T","demand":"D","justification":"J"})")
                .status,
            403);

  // The running petition keeps collecting, now with the full address.
  Browser visitor(port());
  auto form = visitor.Get(page);
  EXPECT_NE(form.body.find("id=\"address\""), std::string::npos);
  auto without =
      visitor.Submit(page, page + "/unterschreiben",
                     {{"name", "Kim"}, {"email", "kim@example.org"}, {"postcode", "04668"}, {"consent", "yes"}});
  EXPECT_EQ(without.status, 422);
  EXPECT_NE(without.body.find("Bitte geben Sie Ihre Anschrift an"), std::string::npos);
  EXPECT_EQ(SignatureCount(petition.id), 0u);
  auto with = visitor.Submit(page, page + "/unterschreiben",
                             {{"name", "Kim"},
                              {"email", "kim@example.org"},
                              {"postcode", "04668"},
                              {"address", "Markt 1, Grimma"},
                              {"consent", "yes"}});
  EXPECT_EQ(with.status, 303);
  auto stored = db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition.id); });
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.front().address, "Markt 1, Grimma");

  // Switched on again (the checkbox sent), a draft gets the tenant's quorum.
  ASSERT_EQ(admin
                .Submit("/grimma/petitionen/einstellungen", "/grimma/petitionen/einstellungen",
                        {{"enabled", "yes"},
                         {"quorum", "500"},
                         {"period_days", "28"},
                         {"co_initiators", "2"},
                         {"retention_days", "180"}})
                .status,
            303);
  now_ += 60;
  auto created = citizen.Submit("/grimma/petitionen/neu", "/grimma/petitionen/neu",
                                {{"title", "Neu"}, {"demand", "D"}, {"justification", "J"}});
  ASSERT_EQ(created.status, 303) << created.body;
  auto drafted = db_->Read([&](db::Tx& tx) { return Find(tx, IdFromLocation(created.Header("location"))); });
  EXPECT_EQ(drafted->quorum, 500);
  EXPECT_EQ(drafted->period_days, 28);
}

TEST_P(PetitionPagesTest, ListFiltersAndTheAtomFeed) {
  auto open = PublishedPetition("Offene Petition");
  auto ended = PublishedPetition("Beendete Petition");
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(Close(tx, ended.id, now_).has_value()); });
  now_ += 60;
  Browser visitor(port());
  auto all = visitor.Get("/grimma/petitionen");
  EXPECT_NE(all.body.find("Offene Petition"), std::string::npos);
  EXPECT_NE(all.body.find("Beendete Petition"), std::string::npos);
  auto only_open = visitor.Get("/grimma/petitionen?status=offen");
  EXPECT_NE(only_open.body.find("Offene Petition"), std::string::npos);
  EXPECT_EQ(only_open.body.find("Beendete Petition"), std::string::npos);
  EXPECT_NE(only_open.body.find("aria-current=\"page\""), std::string::npos);
  auto only_closed = visitor.Get("/grimma/petitionen?status=beendet");
  EXPECT_EQ(only_closed.body.find("Offene Petition"), std::string::npos);
  EXPECT_NE(only_closed.body.find("Beendete Petition"), std::string::npos);
  EXPECT_EQ(visitor.Get("/grimma/petitionen?status=pruefung").status, 400) << "only for moderators";
  EXPECT_EQ(visitor.Get("/grimma/petitionen?status=<x>").status, 400);
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  EXPECT_EQ(moderator.Get("/grimma/petitionen?status=pruefung").status, 200);

  auto feed = visitor.Get("/grimma/petitionen/feed.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.Header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(feed.body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""), std::string::npos);
  EXPECT_NE(feed.body.find("<title>Offene Petition</title>"), std::string::npos);
  EXPECT_NE(feed.body.find("http://portal.test/grimma/petitionen/" + std::to_string(open.id)), std::string::npos);
  EXPECT_EQ(visitor.Get("/nirgendwo/petitionen/feed.atom").status, 404);
  EXPECT_TRUE(feed.HeaderValues("set-cookie").empty()) << "the kept feed is the same for everyone";
  EXPECT_EQ(moderator.Get("/grimma/petitionen/feed.atom").body, feed.body) << "with a session too";
}

// Control characters a person cannot have meant, refused with 422 and the field named: in the forms (error summary)
// and in the API (problem+json).
const std::vector<std::pair<std::string, std::string>> kControlCharacters = {
    {"U+0000", std::string("Kim\0", 4)},    {"U+0007", "Kim\x07"},        {"U+001B", "Kim \x1B[2J"},
    {"U+0085", "Kim\xC2\x85Muster"},        {"U+009B", "Kim \xC2\x9B" "31m"}, {"U+FFFE", "Kim \xEF\xBF\xBE"},
};

TEST_P(PetitionPagesTest, FormsAndApiRefuseControlCharactersWithTheFieldNamed) {
  auto petition = PublishedPetition();
  const std::string page = PetitionPath("grimma", petition.id);
  const std::string api = "/api/v1/petitions/" + std::to_string(petition.id) + "/signatures";
  const mw::testing::HeaderList json{{"Content-Type", "application/json"}};
  const auto citizen_auth =
      mw::testing::HeaderList{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + ApiToken(citizen_)}};
  Browser visitor(port());
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto json_string = [](const std::string& value) { return boost::json::serialize(boost::json::value(value)); };
  auto expect_problem = [](const mw::testing::HttpResponse& response, const std::string& field,
                           const std::string& what) {
    EXPECT_EQ(response.status, 422) << field << " " << what << " " << response.body;
    EXPECT_EQ(response.Header("content-type"), "application/problem+json") << field;
    EXPECT_NE(response.body.find("\"field\":\"" + field + "\""), std::string::npos) << response.body;
    EXPECT_NE(response.body.find(what), std::string::npos) << response.body;
  };
  for (const auto& [code_point, value] : kControlCharacters) {
    const bool nul = code_point == "U+0000";  // the form parser already stops NUL with 400
    for (const std::string field : {"name", "address"}) {
      std::vector<std::pair<std::string, std::string>> fields{
          {"name", "Kim"}, {"email", "kim@example.org"}, {"postcode", "04668"}, {"address", "Markt 1"},
          {"consent", "yes"}};
      for (auto& [key, old] : fields) {
        if (key == field) old = value;
      }
      auto signed_form = visitor.Submit(page, page + "/unterschreiben", fields);
      EXPECT_EQ(signed_form.status, nul ? 400 : 422) << field << " " << code_point;
      if (!nul) EXPECT_NE(signed_form.body.find("href=\"#" + field + "\""), std::string::npos) << field;
      std::string body = R"({"name":"Kim","email":"kim@example.org","postcode":"04668","address":"Markt 1"})";
      body.replace(body.find("\"" + field + "\":\"") + field.size() + 3,
                   field == "name" ? 5 : 9, json_string(value));
      expect_problem(mw::testing::Send(port(), "POST", api, json, body), field, code_point);
    }
    expect_problem(mw::testing::Send(port(), "POST", api, json,
                                     R"({"name":"Kim","email":)" + json_string("kim" + value.substr(3) + "@x.de") +
                                         R"(,"postcode":"04668"})"),
                   "email", code_point);
    auto created = citizen.Submit("/grimma/petitionen/neu", "/grimma/petitionen/neu",
                                  {{"title", "Radweg " + value}, {"demand", "Bauen\r\nbitte"}, {"justification", "B"}});
    EXPECT_EQ(created.status, nul ? 400 : 422) << code_point;
    if (!nul) EXPECT_NE(created.body.find("href=\"#title\""), std::string::npos);
    expect_problem(mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", citizen_auth,
                                     R"({"title":"Radweg","demand":)" + json_string("Bauen " + value) +
                                         R"(,"justification":"Sicherheit","quorum":50,"period_days":28})"),
                   "demand", code_point);
  }
  for (const std::string& email :
       std::vector<std::string>{"a..b@x.de", std::string(65, 'k') + "@example.org", "kim@localhost"}) {
    expect_problem(mw::testing::Send(port(), "POST", api, json,
                                     R"({"name":"Kim","email":")" + email + R"(","postcode":"04668"})"),
                   "email", "gültige E-Mail-Adresse");
  }
  EXPECT_EQ(SignatureCount(petition.id), 0u);
  EXPECT_TRUE(Outbox().empty());
  // Multi-line fields keep their line breaks and tabs.
  auto multi_line = mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", citizen_auth,
                                      R"({"title":"Radweg","demand":"Erstens\r\n\tbauen\nZweitens",)"
                                      R"("justification":"Sicherheit","quorum":50,"period_days":28})");
  EXPECT_EQ(multi_line.status, 201) << multi_line.body;
}

// Text stored before the check: the feed stays well-formed XML, and a signer whose stored address the outbox refuses
// does not keep the response from the others.
TEST_P(PetitionPagesTest, StoredControlCharactersBreakNeitherTheFeedNorTheResponseMails) {
  Petition petition = db_->Write([&](db::Tx& tx) {
    auto draft = CreateDraft(tx, tenant_.id, citizen_.id,
                             {.title = "Bad", .demand = "Öffnen", .justification = "Sommer", .quorum = 2}, now_);
    EXPECT_TRUE(draft.has_value());
    // As stored before the check (the store itself now refuses such text).
    tx.Exec("UPDATE petition SET title = ?, demand = ? WHERE id = ?",
            {std::string("Bad \x1B[31m\xC2\x85 <auf> & \xEF\xBF\xBF"), std::string("Öffnen\x07"), draft->id});
    EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
    return *Publish(tx, draft->id, now_);
  });
  auto feed = Browser(port()).Get("/grimma/petitionen/feed.atom");
  ASSERT_EQ(feed.status, 200);
  EXPECT_TRUE(IsValidUtf8(feed.body));
  std::size_t pos = 0;
  while (pos < feed.body.size()) {
    char32_t code_point = NextCodePoint(feed.body, pos);
    EXPECT_TRUE(code_point == U'\n' || !IsForbiddenInText(code_point))
        << "U+" << std::hex << static_cast<std::uint32_t>(code_point);
  }
  EXPECT_NE(feed.body.find("&lt;auf&gt; &amp;"), std::string::npos);

  db_->Write([&](db::Tx& tx) {
    for (const std::string& email : std::vector<std::string>{"a..b@x.de", "kim@example.org",
                                                             std::string(65, 'l') + "@example.org", "lea@example.org"}) {
      auto added = AddSignature(tx, petition.id,
                                {.name = "Signer\x1B", .email_normalized = email, .postcode = "04668", .notify = true},
                                "192.0.2.1", now_);
      ASSERT_TRUE(added.has_value()) << email;
      ASSERT_TRUE(ConfirmSignature(tx, added->token, now_).has_value());
    }
    FoldCounts(tx, now_);
    ASSERT_TRUE(Close(tx, petition.id, now_).has_value());
    ASSERT_TRUE(HandOver(tx, petition.id, now_).has_value());
  });
  Browser clerk(port());
  CreateUser("ausschuss@example.org", "Aus Schuss", accounts::Role::kCaseWorker);
  Login(clerk, "ausschuss@example.org");
  const std::string page = PetitionPath("grimma", petition.id);
  ASSERT_EQ(clerk.Get(page).status, 200);
  ASSERT_EQ(clerk.Submit(page, page + "/antwort", {{"response", "Das Bad öffnet."}}).status, 303);
  std::set<std::string> mailed;
  for (const auto& entry : Outbox()) {
    if (entry.mail.category != "petition-response") continue;
    mailed.insert(entry.mail.to_address);
    EXPECT_EQ(entry.mail.to_name.find('\x1B'), std::string::npos);
    EXPECT_EQ(entry.mail.body_text.find('\x1B'), std::string::npos);
  }
  EXPECT_EQ(mailed, (std::set<std::string>{"kim@example.org", "lea@example.org"}));
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); })->state, State::kAnswered);
}

TEST_P(PetitionPagesTest, ApiTakesEveryStepForTheRightRoleOnly) {
  const mw::testing::HeaderList citizen{{"Content-Type", "application/json"},
                                        {"Authorization", "Bearer " + ApiToken(citizen_)}};
  const mw::testing::HeaderList moderator{{"Content-Type", "application/json"},
                                          {"Authorization", "Bearer " + ApiToken(moderator_)}};
  auto created = mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", citizen,
                                   R"({"title":"Bibliothek","demand":"Länger öffnen","justification":"Lernen",
                                       "draft":true})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::int64_t id = boost::json::parse(created.body).at("id").as_int64();
  std::string base = "/api/v1/petitions/" + std::to_string(id);
  EXPECT_EQ(boost::json::parse(created.body).at("state").as_string(), "draft");
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/submit", moderator).status, 403) << "the initiator submits";
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/submit", citizen).status, 200);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/request-changes", moderator, R"({"text":""})").status, 422);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/request-changes", moderator, R"({"text":5})").status, 400);
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/request-changes", moderator, R"({"text":"Genauer"})").status,
            200);
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/submit", citizen).status, 200);
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/publish", moderator).status, 200);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/close", citizen).status, 403);
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/close", moderator).status, 200);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/respond", moderator, R"({"text":"Nein"})").status, 409);
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/hand-over", moderator).status, 200);
  auto answered = mw::testing::Send(port(), "POST", base + "/respond", moderator, R"({"text":"Ab Mai bis 22 Uhr."})");
  ASSERT_EQ(answered.status, 200) << answered.body;
  auto body = boost::json::parse(answered.body).as_object();
  EXPECT_EQ(body.at("state").as_string(), "answered");
  EXPECT_EQ(body.at("response").as_string(), "Ab Mai bis 22 Uhr.");
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/reject", moderator, R"({"reason":"other"})").status, 409);
  EXPECT_EQ(mw::testing::Send(port(), "POST", "/api/v1/petitions/999999/publish", moderator).status, 404);
  auto audit = db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 20); });
  std::vector<std::string> actions;
  for (const auto& entry : audit) actions.insert(actions.begin(), entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"petition.create", "petition.submit", "petition.request-changes",
                                               "petition.submit", "petition.publish", "petition.close",
                                               "petition.hand-over", "petition.respond"}));
}

MW_INSTANTIATE_FOR_ENGINES(PetitionPagesTest);

}  // namespace
}  // namespace mw::petitions
