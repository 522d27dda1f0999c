// Signing and the steps through a real HTTP server on both engines, from the security and privacy review: whether an
// address signed is not told to the sender (no oracle), one signature per person whatever the spelling of the
// address, names in official mails short and plain, the tenant's quorum and period in force, and no step that skips
// the state machine.
#include <gtest/gtest.h>

#include <regex>

#include "formats/petitions/handlers.hpp"
#include "formats/petitions/settings.hpp"
#include "formats/petitions/site_fixture_test.hpp"
#include "formats/petitions/store.hpp"
#include "platform/core/text.hpp"
#include "platform/mail/names.hpp"
#include "platform/mail/outbox.hpp"
#include "support/http_client.hpp"

namespace mw::petitions {
namespace {

class PetitionSigningTest : public PetitionSiteTest {
 protected:
  void SetUp() override {
    PetitionSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    moderator_ = CreateUser("moderator@example.org", "Mo Derator", accounts::Role::kModerator);
  }

  std::vector<SignatureRecord> Signatures(std::int64_t petition_id) {
    return db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition_id); });
  }
  // Newest first.
  std::vector<mail::OutboxEntry> Outbox() { return mail::ListRecent(*db_, 100, std::nullopt); }

  mw::testing::HttpResponse ApiSign(std::int64_t petition_id, const std::string& name, const std::string& email) {
    boost::json::object body{{"name", name}, {"email", email}, {"postcode", "04668"}, {"notify", true}};
    return mw::testing::Send(port(), "POST", "/api/v1/petitions/" + std::to_string(petition_id) + "/signatures",
                             {{"Content-Type", "application/json"}}, boost::json::serialize(body));
  }

  void ConfirmNewest() {
    static const std::regex kLink(R"(/petitionen/bestaetigen\?token=([A-Za-z0-9_-]+))");
    std::smatch match;
    std::string text = Outbox().front().mail.body_text;
    ASSERT_TRUE(std::regex_search(text, match, kLink)) << text;
    auto confirmed = mw::testing::Send(port(), "POST", "/api/v1/signatures/confirm",
                                       {{"Content-Type", "application/json"}}, R"({"token":")" + match[1].str() + "\"}");
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  }

  accounts::User moderator_;
};

TEST_P(PetitionSigningTest, ApiAnswersASecondSignatureLikeTheFirstAndMailsTheOwner) {
  auto petition = PublishedPetition();
  auto first = ApiSign(petition.id, "Max Muster", "max.muster@gmail.com");
  ASSERT_EQ(first.status, 202) << first.body;
  ConfirmNewest();
  const std::size_t mails_before = Outbox().size();

  // Another spelling of the same Gmail mailbox.
  auto second = ApiSign(petition.id, "Max Muster", "MaxMuster+petition@googlemail.com");
  EXPECT_EQ(second.status, first.status);
  EXPECT_EQ(second.body, first.body) << "nothing tells the sender that the address had signed";
  EXPECT_EQ(second.Header("content-type"), first.Header("content-type"));
  ASSERT_EQ(Signatures(petition.id).size(), 1u);
  EXPECT_EQ(Signatures(petition.id).front().email_normalized, "max.muster@gmail.com");

  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), mails_before + 1) << "a mail either way";
  EXPECT_EQ(outbox.front().mail.to_address, "maxmuster+petition@googlemail.com");
  EXPECT_EQ(outbox.front().mail.subject, "Sie haben diese Petition bereits unterzeichnet");
  EXPECT_NE(outbox.front().mail.body_text.find("bereits unterzeichnet"), std::string::npos);
  EXPECT_EQ(outbox.front().mail.body_text.find("bestaetigen?token="), std::string::npos);
}

TEST_P(PetitionSigningTest, FormAnswersASecondSignatureLikeTheFirst) {
  auto petition = PublishedPetition();
  std::string page = PetitionPath("grimma", petition.id);
  Browser visitor(port());
  auto sign = [&](const std::string& email) {
    return visitor.Submit(page, page + "/unterschreiben",
                          {{"name", "Kim Muster"}, {"email", email}, {"postcode", "04668"}, {"consent", "yes"}});
  };
  auto first = sign("kim@posteo.de");
  ASSERT_EQ(first.status, 303) << first.body;
  ConfirmNewest();
  auto second = sign("Kim+petition@posteo.de");
  EXPECT_EQ(second.status, 303) << second.body;
  EXPECT_EQ(second.Header("location"), first.Header("location"));
  auto shown = visitor.Get(second.Header("location"));
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("Bitte bestätigen Sie Ihre Unterschrift"), std::string::npos);
  EXPECT_EQ(Signatures(petition.id).size(), 1u);
  EXPECT_EQ(Outbox().front().mail.subject, "Sie haben diese Petition bereits unterzeichnet");
}

TEST_P(PetitionSigningTest, MailsQuoteTheSignersNameShortAndPlainAndNeverFirst) {
  auto petition = PublishedPetition();
  // A line break in a name is refused at the door (the platform's text check, 422 with the field named) ...
  auto refused = ApiSign(petition.id, "Gewinnspiel!\r\nIhr Konto wird gesperrt", "opfer@example.org");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("\"field\":\"name\""), std::string::npos) << refused.body;
  // ... and a name that passes it is still quoted short and plain, after a greeting of our own.
  const std::string name = "Gewinnspiel! Ihr Konto wird gesperrt: https://evil.example/login www.evil.example " +
                           std::string(100, 'x');
  auto signed_up = ApiSign(petition.id, name, "opfer@example.org");
  ASSERT_EQ(signed_up.status, 202) << signed_up.body;
  auto confirm = Outbox().front().mail;
  EXPECT_TRUE(confirm.body_text.starts_with("Guten Tag,\n")) << confirm.body_text;
  EXPECT_EQ(confirm.body_text.find("evil.example"), std::string::npos) << confirm.body_text;
  EXPECT_EQ(confirm.body_text.find("Gewinnspiel!\r"), std::string::npos);
  EXPECT_EQ(confirm.body_text.find(std::string(60, 'x')), std::string::npos) << "cut to 60 characters";
  EXPECT_NE(confirm.body_text.find("Angegebener Name: Gewinnspiel! Ihr Konto wird gesperrt: xxx"), std::string::npos)
      << confirm.body_text;
  EXPECT_EQ(confirm.to_name.find_first_of("\r\n"), std::string::npos);
  EXPECT_LE(Utf8Length(confirm.to_name), mail::kMaxMailNameChars);
  ConfirmNewest();

  // The committee's response to the signers who asked for it: the same plain name.
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(Close(tx, petition.id, now_).has_value());
    ASSERT_TRUE(HandOver(tx, petition.id, now_).has_value());
  });
  auto clerk = CreateUser("clerk@example.org", "Cleo Clerk", accounts::Role::kCaseWorker);
  auto answered = TakeStep(*services_, clerk, petition.id, Step::kRespond, {.text = "Danke."}, {});
  ASSERT_TRUE(answered.has_value()) << answered.error().message;
  auto response = Outbox().front().mail;
  ASSERT_EQ(response.to_address, "opfer@example.org");
  EXPECT_TRUE(response.body_text.starts_with("Guten Tag,\n")) << response.body_text;
  EXPECT_EQ(response.to_name.find("evil.example"), std::string::npos);
  EXPECT_EQ(response.body_text.find("evil.example"), std::string::npos);
}

TEST_P(PetitionSigningTest, ModeratorsSeeLikelyDuplicatesAndNothingIsDeleted) {
  auto petition = PublishedPetition();
  ASSERT_EQ(ApiSign(petition.id, "Kim Muster", "kim@gmx.de").status, 202);
  ASSERT_EQ(ApiSign(petition.id, "kim  MUSTER", "kim.muster@web.de").status, 202);
  ASSERT_EQ(ApiSign(petition.id, "Kai Muster", "kai@web.de").status, 202);
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto check = moderator.Get(PetitionPath("grimma", petition.id) + "/pruefung");
  ASSERT_EQ(check.status, 200) << check.body;
  auto section = check.body.find("Mögliche Doppelunterschriften");
  ASSERT_NE(section, std::string::npos);
  std::string rest = check.body.substr(section);
  EXPECT_NE(rest.find("Kim Muster"), std::string::npos);
  EXPECT_NE(rest.find("gmx.de, web.de"), std::string::npos);
  EXPECT_EQ(rest.substr(0, rest.find("</table>")).find("Kai Muster"), std::string::npos);
  EXPECT_EQ(Signatures(petition.id).size(), 3u);
}

TEST_P(PetitionSigningTest, TheTenantsQuorumAndPeriodWinOverTheOnesAsked) {
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(SaveSettings(tx, tenant_.id, {.quorum = 300, .period_days = 30}).has_value());
  });
  const mw::testing::HeaderList citizen{{"Content-Type", "application/json"},
                                        {"Authorization", "Bearer " + ApiToken(citizen_)}};
  auto created = mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", citizen,
                                   R"({"title":"Freibad","demand":"Länger öffnen","justification":"Sommer",
                                       "quorum":5,"period_days":365})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = boost::json::parse(created.body).as_object();
  EXPECT_EQ(body.at("quorum").as_int64(), 300);
  EXPECT_EQ(body.at("period_days").as_int64(), 30);
  std::int64_t id = body.at("id").as_int64();
  auto stored = db_->Read([&](db::Tx& tx) { return Find(tx, id); });
  EXPECT_EQ(stored->requested_quorum, 5);
  EXPECT_EQ(stored->requested_period_days, 365);
  EXPECT_EQ(mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", citizen,
                              R"({"title":"T","demand":"F","justification":"B","quorum":0})")
                .status,
            422);

  // The moderators see what was asked for beside what is in force.
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto queue = moderator.Get("/grimma/petitionen/moderation");
  ASSERT_EQ(queue.status, 200);
  EXPECT_NE(queue.body.find("Quorum (Unterschriften): beantragt 5, es gilt 300"), std::string::npos) << queue.body;
  EXPECT_NE(queue.body.find("Zeichnungsfrist (Tage): beantragt 365, es gilt 30"), std::string::npos);

  // Published, the petition runs for the tenant's period.
  auto published = TakeStep(*services_, moderator_, id, Step::kPublish, {}, {});
  ASSERT_TRUE(published.has_value());
  EXPECT_EQ(*published->closes_at - *published->published_at, 30 * 24 * 3600);

  // The form takes no quorum at all.
  Browser form(port());
  Login(form, "citizen@example.org");
  auto drafted = form.Submit("/grimma/petitionen/neu", "/grimma/petitionen/neu",
                             {{"title", "Bänke"}, {"demand", "Aufstellen"}, {"justification", "Pausen"},
                              {"quorum", "5"}, {"period_days", "365"}});
  ASSERT_EQ(drafted.status, 303);
  auto from_form = db_->Read([&](db::Tx& tx) {
    return Find(tx, std::stoll(drafted.Header("location").substr(drafted.Header("location").rfind('/') + 1)));
  });
  EXPECT_EQ(from_form->quorum, 300);
  EXPECT_EQ(from_form->period_days, 30);
}

TEST_P(PetitionSigningTest, NoStepSkipsTheStateMachine) {
  const mw::testing::HeaderList citizen{{"Content-Type", "application/json"},
                                        {"Authorization", "Bearer " + ApiToken(citizen_)}};
  const mw::testing::HeaderList moderator{{"Content-Type", "application/json"},
                                          {"Authorization", "Bearer " + ApiToken(moderator_)}};
  auto created = mw::testing::Send(port(), "POST", "/api/v1/tenants/grimma/petitions", citizen,
                                   R"({"title":"Entwurf","demand":"F","justification":"B","draft":true})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::int64_t id = boost::json::parse(created.body).at("id").as_int64();
  std::string base = "/api/v1/petitions/" + std::to_string(id);
  auto state = [&] { return db_->Read([&](db::Tx& tx) { return Find(tx, id); })->state; };

  // A moderator cannot publish (nor reject, nor send back) the initiator's unsubmitted draft: not by the API …
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/publish", moderator).status, 409);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/reject", moderator, R"({"reason":"other"})").status, 409);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/request-changes", moderator, R"({"text":"x"})").status, 409);
  EXPECT_EQ(state(), State::kDraft);
  // … nor by the form.
  Browser page(port());
  Login(page, "moderator@example.org");
  std::string path = PetitionPath("grimma", id);
  auto published = page.Submit("/grimma/petitionen/moderation", path + "/freigeben", {{"confirm", "yes"}});
  EXPECT_EQ(published.status, 409) << published.body;
  EXPECT_EQ(state(), State::kDraft);
  auto submitted_by_moderator = mw::testing::Send(port(), "POST", base + "/submit", moderator);
  EXPECT_EQ(submitted_by_moderator.status, 403);
  EXPECT_TRUE(Outbox().empty()) << "the initiator was told nothing happened";

  // The other steps from the wrong state: closing, handing over, responding, archiving a draft.
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/close", moderator).status, 409);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/hand-over", moderator).status, 409);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/respond", moderator, R"({"text":"Ja"})").status, 409);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/archive", moderator).status, 409);
  EXPECT_EQ(state(), State::kDraft);

  // In order it works.
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/submit", citizen).status, 200);
  ASSERT_EQ(mw::testing::Send(port(), "POST", base + "/publish", moderator).status, 200);
  EXPECT_EQ(state(), State::kPublished);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/submit", citizen).status, 409);
}

MW_INSTANTIATE_FOR_ENGINES(PetitionSigningTest);

}  // namespace
}  // namespace mw::petitions
