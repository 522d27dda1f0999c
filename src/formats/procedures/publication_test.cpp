// The redaction review over HTTP on both engines: nothing a citizen wrote is on the public statements page or in the
// published weighing result until a case worker of the tenant has reviewed it, blacked out personal data with "[…]"
// (nothing else changed) and published it with the author's consent.
#include <gtest/gtest.h>

#include <algorithm>

#include "formats/procedures/backoffice_store.hpp"
#include "formats/procedures/cluster_store.hpp"
#include "formats/procedures/publication_store.hpp"
#include "formats/procedures/site_fixture_test.hpp"
#include "platform/mail/outbox.hpp"

namespace mw::procedures {
namespace {

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// All routes; tenant grimma with a case worker, a citizen and a case worker of another tenant; a published BImSchG
// procedure of grimma that publishes statements, whose objection period is over at now_, with three statements:
// Kim's (consented), Lee's (not consented) and a list with a § 17 representative entered on paper (consented).
class PublicationTest : public ProcedureSiteTest {
 protected:
  void SetUp() override {
    ProcedureSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    worker_ = CreateUser("sb@grimma.example", "Sam Bearbeiter", accounts::Role::kCaseWorker, tenant_.id);
    CreateUser("sb@naunhof.example", "Nora Naunhof", accounts::Role::kCaseWorker, other_.id);
    CreateUser("citizen@example.org", "Cora Citizen");
    ProcedureInput input{.type = Type::kBimschg,
                         .title = "Windpark Grimma",
                         .description = "Vier Windenergieanlagen",
                         .display_start = {2025, 10, 6},
                         .publish_statements = true};
    auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
    procedure_ = db_->Write([&](db::Tx& tx) {
      auto created = Create(tx, tenant_.id, std::nullopt, input, *dates, 1'759'000'000);
      return *SetPhase(tx, created.id, Phase::kPublished, 1'759'000'000);
    });
    kim_ = Add({.input = {.text = "Ich, Kim Muster, wohne neben der Anlage. Der Lärm ist zu laut.",
                          .name = "Kim Muster",
                          .address = "Markt 1, 04668 Grimma"},
                .author_email = "kim@example.org",
                .publish_text_consent = true});
    lee_ = Add({.input = {.text = "Viele Bäume werden gefällt, sagt Lee Lorbeer.",
                          .name = "Lee Lorbeer",
                          .address = "Markt 2, 04668 Grimma"},
                .author_email = "lee@example.org"});
    list_ = Add({.input = {.text = "Wir lehnen die Anlage ab. Ansprechpartnerin ist Petra Lange.",
                           .name = "Bürgerinitiative Gegenwind",
                           .address = "Am Anger 2, 04668 Grimma"},
                 .channel = Channel::kPaper,
                 .publish_text_consent = true,
                 .signatories = 63,
                 .representative = {"Petra Lange", "Landwirtin", "Am Anger 2, 04668 Grimma"}});
    now_ = 1'780'000'000;
  }

  bool RateLimited() const override { return false; }
  void CreateTenants(db::Tx& tx) override {
    ProcedureSiteTest::CreateTenants(tx);
    other_ = *tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_);
  }

  Statement Add(Submission submission) {
    submission.received_at = 1'760'000'000;
    return db_->Write([&](db::Tx& tx) { return Submit(tx, procedure_, submission, 1'760'000'000); });
  }

  std::string Base() const { return "/grimma/verfahren/" + std::to_string(procedure_.id); }
  std::string Page(const Statement& s) const { return Base() + "/bearbeitung/" + std::to_string(s.id); }
  std::string Action(const Statement& s) const { return Page(s) + "/veroeffentlichung"; }
  std::string PublicPage() const { return Base() + "/stellungnahmen"; }

  mw::testing::HttpResponse Decide(Browser& browser, const Statement& s, std::string decision, std::string text) {
    return browser.Submit(Page(s), Action(s), {{"decision", std::move(decision)}, {"redacted", std::move(text)}});
  }

  std::int64_t Audited(std::string_view action) {
    return CountRows("SELECT COUNT(*) FROM audit_log WHERE action = ?", {std::string(action)});
  }

  tenancy::Tenant other_;
  accounts::User worker_;
  Procedure procedure_;
  Statement kim_;
  Statement lee_;
  Statement list_;
};

TEST_P(PublicationTest, NothingIsPublicBeforeTheReview) {
  Browser visitor(port());
  auto page = visitor.Get(PublicPage());
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(Contains(page.body, "Der Lärm ist zu laut")) << page.body;
  EXPECT_FALSE(Contains(page.body, "Bäume"));
  EXPECT_FALSE(Contains(page.body, "lehnen die Anlage ab"));
  EXPECT_TRUE(Contains(page.body, "0 veröffentlichte Stellungnahmen"));
}

TEST_P(PublicationTest, ARedactedTextIsPublishedAndShownWithoutTheName) {
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  // The form proposes the text with the suggestions applied.
  auto review = worker.Get(Page(kim_));
  ASSERT_EQ(review.status, 200);
  EXPECT_TRUE(Contains(review.body, "Ich, […], wohne neben der Anlage.")) << review.body;
  EXPECT_TRUE(Contains(review.body, "Noch nicht geprüft"));

  auto published = Decide(worker, kim_, "publish", "Ich, […], wohne neben der Anlage. Der Lärm ist zu […].");
  ASSERT_EQ(published.status, 303) << published.body;
  EXPECT_EQ(Audited("statement.publish"), 1);

  Browser visitor(port());
  auto page = visitor.Get(PublicPage());
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "Ich, […], wohne neben der Anlage. Der Lärm ist zu […].")) << page.body;
  EXPECT_FALSE(Contains(page.body, "Kim"));
  EXPECT_FALSE(Contains(page.body, "Muster"));
  EXPECT_FALSE(Contains(page.body, "zu laut"));
  EXPECT_FALSE(Contains(page.body, "Bäume"));  // not reviewed: not shown
  EXPECT_TRUE(Contains(page.body, "1 veröffentlichte Stellungnahmen"));
  // The back office shows the decision and keeps the published text in the form.
  auto again = worker.Get(Page(kim_));
  EXPECT_TRUE(Contains(again.body, "Veröffentlicht am")) << again.body;
  EXPECT_TRUE(Contains(again.body, "Sam Bearbeiter"));
  EXPECT_TRUE(Contains(again.body, "Der Lärm ist zu […].</textarea>"));
}

TEST_P(PublicationTest, LineBreaksOfATextareaDoNotCount) {
  auto multi = Add({.input = {.text = "Erste Zeile.\nKim Muster\nLetzte Zeile.", .name = "Kim Muster"},
                    .publish_text_consent = true});
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  ASSERT_EQ(Decide(worker, multi, "publish", "Erste Zeile.\r\n[…]\r\nLetzte Zeile.").status, 303);
  auto stored = db_->Read([&](db::Tx& tx) { return FindPublication(tx, multi.id); });
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->redacted_text, "Erste Zeile.\n[…]\nLetzte Zeile.");
}

TEST_P(PublicationTest, WithoutTheAuthorsConsentNothingIsPublished) {
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  auto refused = Decide(worker, lee_, "publish", "Viele Bäume werden gefällt, sagt […].");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(Contains(refused.body, "Ohne Zustimmung der Verfasserin oder des Verfassers")) << refused.body;
  EXPECT_EQ(Audited("statement.publish"), 0);
  EXPECT_FALSE(Contains(Browser(port()).Get(PublicPage()).body, "Bäume"));
  // Withholding needs no consent.
  EXPECT_EQ(Decide(worker, lee_, "withhold", "").status, 303);
  EXPECT_EQ(Audited("statement.withhold"), 1);
}

TEST_P(PublicationTest, ARewordedTextIsRefused) {
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  for (std::string text : {"Ich, […], wohne neben der Anlage. Der Lärm ist erträglich.",
                           "Ich, […], wohne neben der Anlage. Der Lärm ist zu laut. Ich bin dafür.",
                           "Ich wohne neben der Anlage. Der Lärm ist zu laut.", ""}) {
    auto refused = Decide(worker, kim_, "publish", text);
    EXPECT_EQ(refused.status, 422) << text;
    if (!text.empty()) {
      EXPECT_TRUE(Contains(refused.body, "der Wortlaut muss bleiben")) << refused.body;
    }
  }
  EXPECT_FALSE(Contains(Browser(port()).Get(PublicPage()).body, "Anlage"));
  EXPECT_EQ(Audited("statement.publish"), 0);
}

TEST_P(PublicationTest, WithheldIsNotShownAndCanBePublishedLater) {
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  ASSERT_EQ(Decide(worker, kim_, "publish", "Ich, […], wohne neben der Anlage. Der Lärm ist zu laut.").status, 303);
  ASSERT_EQ(Decide(worker, kim_, "withhold", "").status, 303);
  Browser visitor(port());
  EXPECT_FALSE(Contains(visitor.Get(PublicPage()).body, "Der Lärm ist zu laut"));
  EXPECT_TRUE(Contains(worker.Get(Page(kim_)).body, "Zurückgehalten am"));
  ASSERT_EQ(Decide(worker, kim_, "publish", "Ich, […], wohne neben der Anlage. Der Lärm ist zu laut.").status, 303);
  EXPECT_TRUE(Contains(visitor.Get(PublicPage()).body, "Der Lärm ist zu laut"));
}

TEST_P(PublicationTest, OnlyTheTenantsCaseWorkersDecide) {
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Submit("/", Action(kim_), {{"decision", "publish"}, {"redacted", "Ich, […], wohne."}}).status, 403);
  Browser stranger(port());
  Login(stranger, "sb@naunhof.example");
  EXPECT_EQ(stranger.Submit("/", Action(kim_), {{"decision", "publish"}, {"redacted", "Ich, […], wohne."}}).status,
            403);
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  // Without the CSRF token.
  EXPECT_EQ(worker.Post(Action(kim_), "decision=withhold&redacted=").status, 403);
  EXPECT_EQ(Audited("statement.publish") + Audited("statement.withhold"), 0);
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return FindPublication(tx, kim_.id); }).has_value());
}

TEST_P(PublicationTest, AWithdrawnStatementIsNotPublished) {
  auto citizen = CreateUser("kim@example.org", "Kim Muster");
  auto own = Add({.input = {.text = "Ich ziehe das zurück.", .name = "Kim Muster"},
                  .user_id = citizen.id,
                  .publish_text_consent = true});
  // Withdrawn during the period (afterwards it could not be).
  ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return Withdraw(tx, own.id, citizen.id, 1'760'000'100).has_value(); }));
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  EXPECT_EQ(Decide(worker, own, "publish", "Ich ziehe das zurück.").status, 409);
  EXPECT_EQ(Audited("statement.publish"), 0);
}

TEST_P(PublicationTest, TheRepresentativesNameIsSuggested) {
  auto spans = SuggestedSpans(list_);
  bool found = false;
  for (const auto& span : spans) {
    found = found || (span.kind == redaction::Kind::kKnown &&
                      list_.text.substr(span.begin, span.end - span.begin) == "Petra Lange");
  }
  EXPECT_TRUE(found);
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  auto page = worker.Get(Page(list_));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "Bekannte Personendaten: „Petra Lange“")) << page.body;
  EXPECT_TRUE(Contains(page.body, "Ansprechpartnerin ist […].</textarea>"));
}

// § 17 VwVfG: occupation and address of the representative are known personal data as much as the name.
TEST_P(PublicationTest, TheRepresentativesOccupationAndAddressAreSuggested) {
  auto letter = Add({.input = {.text = "Unsere Vertreterin ist von Beruf Landwirtin. Post bitte an Am Anger 2, "
                                       "04668 Grimma.",
                               .name = "Bürgerinitiative Muldenaue",
                               .address = "Postfach 12, 04668 Grimma"},
                     .channel = Channel::kPaper,
                     .publish_text_consent = true,
                     .signatories = 63,
                     .representative = {"Petra Lange", "Landwirtin", "Am Anger 2, 04668 Grimma"}});
  auto known_text = [&](std::string_view wanted) {
    for (const auto& span : SuggestedSpans(letter)) {
      if (span.kind == redaction::Kind::kKnown && letter.text.substr(span.begin, span.end - span.begin) == wanted) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(known_text("Landwirtin"));
  EXPECT_TRUE(known_text("Am Anger 2, 04668 Grimma"));
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  auto page = worker.Get(Page(letter));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "von Beruf […]. Post bitte an […].</textarea>")) << page.body;
  EXPECT_TRUE(Contains(page.body, "Petra Lange, Landwirtin, Am Anger 2, 04668 Grimma")) << "shown in the back office";
}

TEST_P(PublicationTest, TheClustersCommonRepresentativeIsSuggested) {
  auto copy = Add({.input = {.text = "Wir lehnen die Anlage ab. Vertreten durch Rita Rabe.", .name = "Uwe Unterzeichner"},
                   .publish_text_consent = true});
  db_->Write([&](db::Tx& tx) {
    ApplyGroups(tx, procedure_.id, {{list_.id, copy.id}}, copy.id, 4, now_);
    auto clusters = ClustersOf(tx, procedure_.id);
    ASSERT_EQ(clusters.size(), 1u);
    ASSERT_TRUE(SetClusterDetails(tx, procedure_.id, clusters[0].id, "Gegenwind",
                                  {"Rita Rabe", "Hebamme", "Hainstraße 3, 04668 Grimma"}, now_)
                    .has_value());
  });
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  auto page = worker.Get(Page(copy));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "Bekannte Personendaten: „Rita Rabe“")) << page.body;
  EXPECT_TRUE(Contains(page.body, "Vertreten durch […].</textarea>"));
}

TEST_P(PublicationTest, TheResultShowsOnlyExcerptsOfPublishedStatements) {
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  db_->Write([&](db::Tx& tx) {
    RespondToStatements(tx, procedure_.id, {kim_.id, lee_.id, list_.id}, "Die Einwendung wurde geprüft.", worker_,
                        now_);
  });
  ASSERT_EQ(Decide(worker, kim_, "publish", "Ich, […], wohne neben der Anlage. Der Lärm ist zu laut.").status, 303);
  ASSERT_EQ(worker.Submit(Base() + "/bearbeitung", Base() + "/bearbeitung/ergebnis", {{"publish", "yes"}}).status,
            303);
  Browser visitor(port());
  auto result = visitor.Get(Base() + "/ergebnis");
  ASSERT_EQ(result.status, 200);
  EXPECT_TRUE(Contains(result.body, "Ich, […], wohne neben der Anlage. Der Lärm ist zu laut.")) << result.body;
  EXPECT_FALSE(Contains(result.body, "Kim"));
  EXPECT_FALSE(Contains(result.body, "Bäume"));
  EXPECT_FALSE(Contains(result.body, "lehnen die Anlage ab"));
  EXPECT_TRUE(Contains(result.body, "(Text nicht veröffentlicht)"));
  EXPECT_TRUE(Contains(result.body, "Die Einwendung wurde geprüft."));
  auto pdf = visitor.Get(Base() + "/ergebnis.pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_TRUE(pdf.body.starts_with("%PDF"));
}

// #14 item 4, § 3 Abs. 2 Satz 6 BauGB: everyone who took part and gave an address hears of the published result —
// once per version, not again when the same result is published again.
TEST_P(PublicationTest, EveryoneWhoTookPartIsToldWhenTheResultIsPublished) {
  Browser worker(port());
  Login(worker, "sb@grimma.example");
  db_->Write([&](db::Tx& tx) {
    RespondToStatements(tx, procedure_.id, {kim_.id, lee_.id, list_.id}, "Die Einwendung wurde geprüft.", worker_,
                        now_);
  });
  auto result_mails = [&] {
    std::vector<std::string> out;
    for (const auto& entry : mail::ListRecent(*db_, 100, std::nullopt)) {
      if (entry.mail.category != "procedure-result") continue;
      out.push_back(entry.mail.to_address + ": " + entry.mail.subject);
      EXPECT_NE(entry.mail.body_text.find("http://portal.test" + Base() + "/ergebnis"), std::string::npos)
          << entry.mail.body_text;
      EXPECT_EQ(entry.mail.tenant_id, tenant_.id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  auto publish = [&](std::string_view choice) {
    return worker.Submit(Base() + "/bearbeitung", Base() + "/bearbeitung/ergebnis", {{"publish", std::string(choice)}})
        .status;
  };
  ASSERT_EQ(publish("yes"), 303);
  // The paper list gave no e-mail address: it is told on paper by the back office.
  EXPECT_EQ(result_mails(), (std::vector<std::string>{"kim@example.org: Ergebnis veröffentlicht: Windpark Grimma",
                                                       "lee@example.org: Ergebnis veröffentlicht: Windpark Grimma"}));
  ASSERT_EQ(publish("no"), 303);
  ASSERT_EQ(publish("yes"), 303);
  EXPECT_EQ(result_mails().size(), 2u) << "the same result again: no new mail";
  // A withdrawn statement's author is not told of a changed version.
  db_->Write([&](db::Tx& tx) {
    tx.Exec("UPDATE procedure_statement SET state = 'withdrawn' WHERE id = ?", {lee_.id});
    RespondToStatements(tx, procedure_.id, {kim_.id}, "Die Einwendung wurde teilweise berücksichtigt.", worker_, now_);
  });
  ASSERT_EQ(publish("yes"), 303);
  EXPECT_EQ(result_mails(),
            (std::vector<std::string>{"kim@example.org: Ergebnis veröffentlicht: Windpark Grimma",
                                      "kim@example.org: Geändertes Ergebnis veröffentlicht: Windpark Grimma",
                                      "lee@example.org: Ergebnis veröffentlicht: Windpark Grimma"}));
}

MW_INSTANTIATE_FOR_ENGINES(PublicationTest);

}  // namespace
}  // namespace mw::procedures
