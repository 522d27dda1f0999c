// #14 item 3, "never lose the work": a statement sent after the citizen's session has ended is kept as their draft
// (site/drafts.hpp) and comes back filled in after the login; a forged request keeps nothing; the draft is its owner's
// alone and lives a day at most. On both engines, through a real server.
#include "formats/procedures/statements_fixture_test.hpp"
#include "platform/site/drafts.hpp"

namespace mw::procedures {
namespace {

using mw::testing::MultipartPart;

class StatementDraftTest : public StatementSiteTest {
 protected:
  // The statement form as a citizen fills it in, with an attachment.
  static std::vector<MultipartPart> Written(const std::string& csrf) {
    std::vector<MultipartPart> parts{{.name = "text", .data = std::string(kLongText)},
                                     {.name = "name", .data = "Cora Citizen"},
                                     {.name = "address", .data = "Markt 1, 04668 Grimma"},
                                     {.name = "page", .data = "S. 12"},
                                     {.name = "consent", .data = "yes"},
                                     {.name = "attachments",
                                      .data = "Anlage als Text",
                                      .filename = "anlage.txt",
                                      .content_type = "text/plain"}};
    if (!csrf.empty()) parts.insert(parts.begin(), MultipartPart{.name = "csrf", .data = csrf});
    return parts;
  }

  // Posts `parts` to the form with the browser's cookies (whatever its session's state) and `headers`.
  mw::testing::HttpResponse Send(Browser& browser, const Procedure& procedure, const std::vector<MultipartPart>& parts,
                                 mw::testing::HeaderList headers = {}) {
    auto body = mw::testing::BuildMultipart(parts);
    headers.emplace_back("Content-Type", body.content_type);
    mw::testing::HttpConnection connection(port());
    connection.SetCookieJar(&browser.jar());
    return connection.Request("POST", FormPath(procedure), headers, body.body);
  }

  // A citizen logged in who opened the form (for its token), then let the session run out.
  std::string OpenFormAndLetTheSessionEnd(Browser& citizen, const Procedure& procedure) {
    Login(citizen, "citizen@example.org");
    auto form = citizen.Get(FormPath(procedure));
    EXPECT_EQ(form.status, 200);
    std::string csrf = citizen.csrf();
    now_ += accounts::kSessionIdleLifetime + 60;
    return csrf;
  }

  static constexpr std::string_view kLongText =
      "Zum Entwurf des Bebauungsplans „Mühlenviertel“: Die Zufahrt über die Mühlgasse ist für Rettungswagen zu eng.";
};

TEST_P(StatementDraftTest, TextWrittenWhileTheSessionEndedComesBackAfterTheLoginAndIsNotReceivedUntilSent) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  std::string csrf = OpenFormAndLetTheSessionEnd(citizen, procedure);
  // Reading the procedure's page in another tab after the end does not lose the way to keep the text.
  auto page = citizen.Get("/grimma/verfahren/" + std::to_string(procedure.id));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Anmelden"), std::string::npos) << "shown as logged out";

  auto sent = Send(citizen, procedure, Written(csrf));
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.Header("location"), "/anmelden?next=" + FormPath(procedure));
  ASSERT_TRUE(citizen.jar().Get("mw_draft"));
  // A draft is not a submission: nothing is received, no receipt is mailed.
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM mail_outbox"), 0);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM form_draft WHERE user_id = ?", {citizen_.id}), 1);

  auto login_page = citizen.Get(sent.Header("location"));
  ASSERT_EQ(login_page.status, 200);
  EXPECT_NE(login_page.body.find("noch nicht abgesandt"), std::string::npos) << login_page.body;

  now_ += 3600;
  auto login = citizen.Submit(sent.Header("location"), "/anmelden",
                              {{"email", "citizen@example.org"},
                               {"password", std::string(kTestPassword)},
                               {"next", FormPath(procedure)}});
  ASSERT_EQ(login.status, 303);
  EXPECT_EQ(login.Header("location"), FormPath(procedure));

  auto form = citizen.Get(FormPath(procedure));
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Rettungswagen"), std::string::npos) << "the text is back";
  EXPECT_NE(form.body.find("Markt 1, 04668 Grimma"), std::string::npos);
  EXPECT_NE(form.body.find("Noch nicht abgesandt"), std::string::npos);
  auto consent_at = form.body.find("id=\"consent\"");
  ASSERT_NE(consent_at, std::string::npos);
  std::string consent_box = form.body.substr(consent_at, form.body.find('>', consent_at) - consent_at);
  EXPECT_EQ(consent_box.find("checked"), std::string::npos) << "consent is given with the submission, not kept";
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM form_draft"), 0) << "deleted once shown";
  EXPECT_EQ(citizen.jar().Get("mw_draft").value_or(""), "") << "the cookie goes with the draft";
  auto again = citizen.Get(FormPath(procedure));
  EXPECT_EQ(again.body.find("Noch nicht abgesandt"), std::string::npos) << "shown once";

  // The submission counts from when it is sent.
  auto submitted = PostForm(citizen, procedure,
                            {{.name = "text", .data = std::string(kLongText)}, {.name = "consent", .data = "yes"}});
  ASSERT_EQ(submitted.status, 303) << submitted.body;
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement WHERE received_at = ?", {now_.load()}), 1);
}

// A CSRF failure must not plant text in someone's form: without the ended session's own token, from another site, or
// without any session, nothing is kept.
TEST_P(StatementDraftTest, AForgedPostAfterTheSessionEndKeepsNothing) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  OpenFormAndLetTheSessionEnd(citizen, procedure);

  auto without_token = Send(citizen, procedure, Written(""));
  EXPECT_EQ(without_token.status, 303);
  EXPECT_EQ(without_token.Header("location"), "/anmelden?next=" + FormPath(procedure));

  // The token of the attacker's own session is not the citizen's.
  Browser attacker(port());
  Login(attacker, "case@example.org");
  attacker.Get(FormPath(procedure));
  auto foreign_token = Send(citizen, procedure, Written(attacker.csrf()));
  EXPECT_EQ(foreign_token.status, 303);

  auto cross_site = Send(citizen, procedure, Written(""), {{"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(cross_site.status, 403);

  Browser anonymous(port());
  anonymous.Get(FormPath(procedure));
  auto no_session = Send(anonymous, procedure, Written(anonymous.csrf()));
  EXPECT_EQ(no_session.status, 303);

  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM form_draft"), 0);
  EXPECT_FALSE(citizen.jar().Get("mw_draft"));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM procedure_statement"), 0);
}

// A form too large to keep (its fields over site::kMaxDraftBytes as JSON: control characters take six bytes each
// there) is not lost in silence: the login page says that nothing was kept and how to get the text back.
TEST_P(StatementDraftTest, AFormTooLargeToKeepIsSaidToBeNotKept) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  std::string csrf = OpenFormAndLetTheSessionEnd(citizen, procedure);
  auto sent = Send(citizen, procedure,
                   {{.name = "csrf", .data = csrf},
                    {.name = "text", .data = std::string(190'000, '\x01')},
                    {.name = "consent", .data = "yes"}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.Header("location"), "/anmelden?next=" + FormPath(procedure));
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM form_draft"), 0);
  EXPECT_FALSE(citizen.jar().Get("mw_draft"));
  auto login_page = citizen.Get(sent.Header("location"));
  ASSERT_EQ(login_page.status, 200);
  EXPECT_NE(login_page.body.find("zu lang, um ihn für Sie aufzubewahren"), std::string::npos) << login_page.body;
  EXPECT_EQ(login_page.body.find("noch nicht abgesandt, aber für Sie aufbewahrt"), std::string::npos);
}

// Someone else who logs in in the same browser does not see the draft (it holds the citizen's name and address); it
// waits for its owner, for a day at most.
TEST_P(StatementDraftTest, ADraftIsShownOnlyToItsOwnerAndDeletedAfterADay) {
  auto procedure = MakeProcedure(Type::kConsultation, -3);
  Browser citizen(port());
  std::string csrf = OpenFormAndLetTheSessionEnd(citizen, procedure);
  ASSERT_EQ(Send(citizen, procedure, Written(csrf)).status, 303);
  ASSERT_EQ(CountRows("SELECT COUNT(*) FROM form_draft"), 1);

  Login(citizen, "case@example.org");
  auto other = citizen.Get(FormPath(procedure));
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.body.find("Rettungswagen"), std::string::npos);
  EXPECT_EQ(other.body.find("Markt 1, 04668 Grimma"), std::string::npos);
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM form_draft"), 1) << "kept for its owner";

  db::UnixSeconds a_day_later = now_ + site::kDraftLifetime + 1;
  db_->Write([&](db::Tx& tx) { EXPECT_EQ(site::PurgeExpiredDrafts(tx, now_), 0); });
  db_->Write([&](db::Tx& tx) { EXPECT_EQ(site::PurgeExpiredDrafts(tx, a_day_later), 1); });
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM form_draft"), 0);
}

MW_INSTANTIATE_FOR_ENGINES(StatementDraftTest);

}  // namespace
}  // namespace mw::procedures
