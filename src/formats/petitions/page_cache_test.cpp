// The petition page as anonymous visitors get it from the platform's page cache (site/page_cache.hpp), on both
// engines: byte for byte what a fresh render with their token gives, in both languages; kept until a write touches
// it (a step, a fold of counts, saved settings) and then rendered again at once; never used for logged-in visitors,
// visitors with a notice, or error pages.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <optional>

#include "formats/petitions/handlers.hpp"
#include "formats/petitions/pages.hpp"
#include "formats/petitions/site_fixture_test.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/server.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

using mw::testing::HttpResponse;

class PetitionPageCacheTest : public PetitionSiteTest {
 protected:
  void SetUp() override {
    PetitionSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_->Write([&](db::Tx& tx) {
      auto draft = CreateDraft(tx, tenant_.id, citizen_.id,
                               {.title = "Radweg an der Leipziger Straße",
                                .demand = "Radweg bauen",
                                .justification = "Sicherheit & <Schulweg>"},
                               now_);
      EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
      petition_id_ = Publish(tx, draft->id, now_)->id;
    });
    path_ = "/grimma/petitionen/" + std::to_string(petition_id_);
  }

  HttpResponse Get(const std::string& target, const std::string& cookies) {
    return mw::testing::Send(server_->port(), "GET", target, {{"Cookie", cookies}});
  }

  // A signature confirmed by its link, not yet folded into the shown count.
  void SignAndConfirm(const std::string& email) {
    auto valid = ValidateSignature({.name = "Kim", .email = email, .postcode = "04668", .consent = true});
    ASSERT_TRUE(valid.has_value());
    db_->Write([&](db::Tx& tx) {
      auto signature = AddSignature(tx, petition_id_, *valid, "192.0.2.1", now_);
      ASSERT_TRUE(signature.has_value());
      ASSERT_TRUE(ConfirmSignature(tx, signature->token, now_).has_value());
    });
  }

  // A write that the page does not know of (no touch): a kept page still shows what it showed.

  // The initiator's name is read for every render; a page that still shows the old one was not rendered again.
  void RenameInitiator(const std::string& name) {
    db_->Write([&](db::Tx& tx) { tx.Exec("UPDATE app_user SET name = ? WHERE id = ?", {name, citizen_.id}); });
  }

  std::int64_t petition_id_ = 0;
  std::string path_;
};

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST_P(PetitionPageCacheTest, AnonymousVisitorsGetExactlyWhatAFreshRenderGivesInBothLanguages) {
  for (const std::string locale : {"de", "en"}) {
    SCOPED_TRACE(locale);
    const std::string shared_token = RandomToken();
    // A token with a '.' is put into the page by the renderer itself: this visitor's page is rendered for them.
    const std::string fresh_token = RandomToken(24) + ".fresh";
    auto shared = Get(path_, "mw_lang=" + locale + "; mw_csrf=" + shared_token);
    auto again = Get(path_, "mw_lang=" + locale + "; mw_csrf=" + shared_token);
    auto fresh = Get(path_, "mw_lang=" + locale + "; mw_csrf=" + fresh_token);
    ASSERT_EQ(shared.status, 200);
    ASSERT_EQ(fresh.status, 200);
    // Every response carries the token masked afresh (BREACH): compared with the masks taken off.
    EXPECT_NE(shared.body, again.body);
    EXPECT_EQ(shared.body.find(shared_token), std::string::npos) << "the secret itself is in no page";
    const std::string shared_page = mw::testing::UnmaskCsrfFields(shared.body);
    const std::string fresh_page = mw::testing::UnmaskCsrfFields(fresh.body);
    ASSERT_NE(fresh_page.find(fresh_token), std::string::npos);
    EXPECT_NE(shared_page.find("value=\"" + shared_token + "\""), std::string::npos) << "the visitor's own token";
    EXPECT_EQ(shared_page, ReplaceAll(fresh_page, fresh_token, shared_token));
    EXPECT_EQ(mw::testing::UnmaskCsrfFields(again.body), shared_page);
    EXPECT_EQ(shared.Header("content-language"), locale);
    EXPECT_EQ(shared.Header("cache-control"), fresh.Header("cache-control"));
    EXPECT_EQ(shared.Header("content-type"), fresh.Header("content-type"));
  }
}

TEST_P(PetitionPageCacheTest, AVisitorWithoutTokenGetsANewOneInThePageAndTheCookie) {
  auto first = Get(path_, "");
  auto second = Get(path_, "");
  for (const auto* response : {&first, &second}) {
    ASSERT_EQ(response->status, 200);
    auto cookies = response->HeaderValues("set-cookie");
    ASSERT_EQ(cookies.size(), 1u);
    ASSERT_EQ(cookies[0].rfind("mw_csrf=", 0), 0u);
    std::string token = cookies[0].substr(8, cookies[0].find(';') - 8);
    EXPECT_NE(mw::testing::UnmaskCsrfFields(response->body).find("value=\"" + token + "\""), std::string::npos);
  }
  EXPECT_NE(first.body, second.body) << "each visitor has a token of their own";
}

TEST_P(PetitionPageCacheTest, ThePageIsKeptUntilAWriteTouchesItAndThenShowsTheWriteAtOnce) {
  const std::string cookies = "mw_csrf=" + RandomToken();
  ASSERT_NE(Get(path_, cookies).body.find("Cora Citizen"), std::string::npos);
  ASSERT_NE(Get(path_, cookies).body.find("0 von"), std::string::npos);
  RenameInitiator("Cora Umbenannt");
  EXPECT_NE(Get(path_, cookies).body.find("Cora Citizen"), std::string::npos) << "the kept page";

  // The fold job adds confirmed signatures to the count: the page shows it on the next request.
  SignAndConfirm("kim@example.org");
  EXPECT_NE(Get(path_, cookies).body.find("0 von"), std::string::npos) << "confirmed, not yet counted";
  FoldCountsNow(*db_);
  auto after_fold = Get(path_, cookies);
  EXPECT_NE(after_fold.body.find("1 von"), std::string::npos) << "at once after the fold";
  EXPECT_NE(after_fold.body.find("Cora Umbenannt"), std::string::npos) << "rendered again";

  // A fold that counts nothing touches nothing.
  const auto renders = site::PageCacheOf(*db_).renders();
  FoldCountsNow(*db_);
  Get(path_, cookies);
  EXPECT_EQ(site::PageCacheOf(*db_).renders(), renders);

  // Without any write, a page is rendered again after its max age (what changes with the date alone).
  RenameInitiator("Cora Später");
  now_ += site::kSharedPageMaxAge;
  EXPECT_NE(Get(path_, cookies).body.find("Cora Später"), std::string::npos);
}

TEST_P(PetitionPageCacheTest, AModeratorsStepShowsAtOnce) {
  const std::string cookies = "mw_csrf=" + RandomToken();
  ASSERT_EQ(Get(path_, cookies).status, 200);
  ASSERT_NE(Get(path_, cookies).body.find("unterschreiben-titel"), std::string::npos) << "the signing form";
  auto moderator = CreateUser("moderator@example.org", "Mo Derator", accounts::Role::kModerator);
  auto closed = TakeStep(*services_, moderator, petition_id_, Step::kClose, {}, {.tenant_id = tenant_.id});
  ASSERT_TRUE(closed.has_value()) << closed.error().message;
  EXPECT_EQ(Get(path_, cookies).body.find("unterschreiben-titel"), std::string::npos)
      << "no signing form on a closed petition";
}

TEST_P(PetitionPageCacheTest, LoggedInVisitorsAndNoticesAreNeverServedTheSharedPage) {
  ASSERT_EQ(Get(path_, "mw_csrf=" + RandomToken()).status, 200);  // the shared page exists

  mw::testing::FormBrowser citizen(server_->port());
  auto login = citizen.Submit("/anmelden", "/anmelden",
                              {{"email", "citizen@example.org"}, {"password", std::string(kTestPassword)}});
  ASSERT_EQ(login.status, 303) << login.body;
  auto own = citizen.Get(path_);
  ASSERT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("citizen@example.org"), std::string::npos) << "the signing form filled from the account";
  EXPECT_EQ(own.Header("cache-control"), "private, no-store");

  auto notice = Get(path_, "mw_csrf=" + RandomToken() + "; mw_flash=flash.logged_out");
  ASSERT_EQ(notice.status, 200);
  EXPECT_NE(notice.body.find("Sie sind jetzt abgemeldet."), std::string::npos);
  EXPECT_EQ(Get(path_, "mw_csrf=" + RandomToken()).body.find("Sie sind jetzt abgemeldet."), std::string::npos)
      << "the notice is not kept for others";
}

TEST_P(PetitionPageCacheTest, ErrorPagesAndOtherSpellingsOfThePathAreRenderedForTheRequest) {
  const std::string cookies = "mw_csrf=" + RandomToken();
  ASSERT_EQ(Get(path_, cookies).status, 200);
  EXPECT_EQ(Get("/grimma/petitionen/999999", cookies).status, 404);
  EXPECT_EQ(Get("/andere/petitionen/" + std::to_string(petition_id_), cookies).status, 404);
  auto zero = Get("/grimma/petitionen/0" + std::to_string(petition_id_), cookies);
  if (zero.status == 200) {
    EXPECT_NE(zero.body.find("/grimma/petitionen/0" + std::to_string(petition_id_)), std::string::npos)
        << "the page of the path asked for";
  }
}

// The fast handler of the page's route, as the server calls it on an I/O thread; `router_` only holds it.
class PetitionPageFastPathTest : public PetitionPageCacheTest {
 protected:
  void SetUp() override {
    PetitionPageCacheTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Register(router_, *services_);
    match_ = router_.Find(http::Method::kGet, path_);
    ASSERT_NE(match_.options, nullptr);
    ASSERT_TRUE(match_.options->fast) << "the petition page has a fast handler";
  }

  http::Request MakeRequest(const std::string& path, std::map<std::string, std::string> cookies) {
    http::Request request;
    request.method_name = "GET";
    request.target = path;
    request.path = path;
    request.cookies = std::move(cookies);
    request.path_params = router_.Find(http::Method::kGet, path).params;
    return request;
  }

  std::optional<http::Response> Fast(const std::string& path, std::map<std::string, std::string> cookies) {
    return match_.options->fast(MakeRequest(path, std::move(cookies)));
  }

  http::Router router_;
  http::Router::Match match_;
};

TEST_P(PetitionPageFastPathTest, GivesThePageTheWorkerGivesAndOnlyFromAFreshKeptPage) {
  const std::string token = RandomToken();
  EXPECT_FALSE(Fast(path_, {{"mw_csrf", token}})) << "nothing kept yet: the worker renders";
  EXPECT_EQ(site::PageCacheOf(*db_).renders(), 0) << "peeking renders nothing";

  // A token with a '.' is put into the page by the renderer itself: the worker renders this visitor's page.
  const std::string fresh_token = RandomToken(24) + ".fresh";
  http::Request fresh_request = MakeRequest(path_, {{"mw_csrf", fresh_token}});
  auto fresh = (*match_.handler)(fresh_request);
  auto worker = Get(path_, "mw_csrf=" + token);  // keeps the shared page
  ASSERT_EQ(worker.status, 200);

  auto fast = Fast(path_, {{"mw_csrf", token}});
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->status, 200);
  EXPECT_EQ(mw::testing::UnmaskCsrfFields(fast->BodyText()),
            ReplaceAll(mw::testing::UnmaskCsrfFields(fresh.body), fresh_token, token));
  EXPECT_EQ(fast->GetHeader("Content-Language"), fresh.GetHeader("Content-Language"));
  EXPECT_EQ(fast->GetHeader("Cache-Control"), fresh.GetHeader("Cache-Control"));
  EXPECT_EQ(fast->GetHeader("Content-Type"), fresh.GetHeader("Content-Type"));
  EXPECT_TRUE(fast->cookies.empty()) << "the visitor had a token";

  auto without_token = Fast(path_, {});
  ASSERT_TRUE(without_token);
  ASSERT_EQ(without_token->cookies.size(), 1u);
  EXPECT_EQ(without_token->cookies[0].name, "mw_csrf");
  EXPECT_NE(mw::testing::UnmaskCsrfFields(without_token->BodyText()).find("value=\"" + without_token->cookies[0].value + "\""),
            std::string::npos);

  EXPECT_FALSE(Fast(path_, {{"mw_lang", "en"}, {"mw_csrf", token}})) << "no English page kept yet";

  now_ += site::kSharedPageMaxAge;
  EXPECT_FALSE(Fast(path_, {{"mw_csrf", token}})) << "too old: the worker renders it again";
  ASSERT_EQ(Get(path_, "mw_csrf=" + token).status, 200);
  EXPECT_TRUE(Fast(path_, {{"mw_csrf", token}}));
  db_->Write([&](db::Tx& tx) { TouchPetitionPages(tx, {petition_id_}); });
  EXPECT_FALSE(Fast(path_, {{"mw_csrf", token}})) << "touched by a write";
}

TEST_P(PetitionPageFastPathTest, FallsThroughForSessionsNoticesAndOtherPaths) {
  const std::string token = RandomToken();
  ASSERT_EQ(Get(path_, "mw_csrf=" + token).status, 200);  // the shared page exists
  ASSERT_TRUE(Fast(path_, {{"mw_csrf", token}}));

  EXPECT_FALSE(Fast(path_, {{"mw_csrf", token}, {"mw_session", RandomToken()}})) << "a session is read by a worker";
  EXPECT_FALSE(Fast(path_, {{"mw_csrf", token}, {"mw_flash", "flash.logged_out"}})) << "a notice";
  EXPECT_FALSE(Fast(path_, {{"mw_csrf", token + ".x"}})) << "a token HTML escaping might change";
  EXPECT_FALSE(Fast("/grimma/petitionen/0" + std::to_string(petition_id_), {{"mw_csrf", token}}));
  EXPECT_FALSE(Fast("/andere/petitionen/" + std::to_string(petition_id_), {{"mw_csrf", token}}));
  EXPECT_FALSE(Fast("/grimma/petitionen/999999", {{"mw_csrf", token}}));
}

MW_INSTANTIATE_FOR_ENGINES(PetitionPageCacheTest);
MW_INSTANTIATE_FOR_ENGINES(PetitionPageFastPathTest);

}  // namespace
}  // namespace mw::petitions
