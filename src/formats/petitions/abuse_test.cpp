// The moderators' checks through a real HTTP server on both engines: only the tenant's moderators see the groups of
// signatures (and each view is audited); a group is invalidated by form with a reason and undone by button, the
// shown count following exactly; forged, empty, overlong and malformed requests are refused with nothing changed;
// the JSON API does the same for scripts.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "formats/petitions/abuse_store.hpp"
#include "formats/petitions/handlers.hpp"
#include "formats/petitions/pages.hpp"
#include "formats/petitions/site_fixture_test.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/server.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

class AbusePagesTest : public PetitionSiteTest {
 protected:
  void SetUp() override {
    now_ = 1'780'002'000;  // the start of an hour, for the groups per hour
    PetitionSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_->Write([&](db::Tx& tx) {
      other_tenant_ = *tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_);
    });
    moderator_ = CreateUser("moderator@example.org", "Mo Derator", accounts::Role::kModerator);
    petition_ = PublishedPetition("Radweg an der Leipziger Straße");
    page_ = PetitionPath("grimma", petition_.id) + "/pruefung";
  }

  // A signature of `email` from `ip`, confirmed if `confirm`.
  void Sign(const std::string& email, const std::string& ip, bool confirm) {
    ValidSignature signature{.name = "Kim", .email_normalized = email, .postcode = "04668"};
    auto added = db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition_.id, signature, ip, now_); });
    ASSERT_TRUE(added.has_value()) << email;
    if (confirm) {
      ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, added->token, now_ + 1); }).has_value());
    }
  }

  // Three from a disposable provider out of one network (two confirmed, one pending), two ordinary people.
  void SignSome() {
    Sign("bot1@wegwerf.example", "198.51.100.1", true);
    Sign("bot2@wegwerf.example", "198.51.100.2", true);
    Sign("bot3@wegwerf.example", "198.51.100.3", false);
    Sign("anna@post.example", "192.0.2.10", true);
    Sign("ben@post.example", "2001:db8:1::5", true);
    FoldCountsNow(*db_);
  }

  std::int64_t ShownCount() {
    return db_->Read([&](db::Tx& tx) { return Find(tx, petition_.id)->confirmed_count; });
  }
  std::int64_t Invalidated() {
    return db_->Read([&](db::Tx& tx) {
      return tx
          .QueryOne("SELECT COUNT(*) FROM petition_signature WHERE petition_id = ? AND state = 'invalidated'",
                    {petition_.id})
          ->Int(0);
    });
  }
  std::vector<Invalidation> Batches() {
    return db_->Read([&](db::Tx& tx) { return ListInvalidations(tx, petition_.id); });
  }
  // The actions in the audit log, newest first.
  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    for (const auto& entry : db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 50); })) {
      actions.push_back(entry.action);
    }
    return actions;
  }

  tenancy::Tenant other_tenant_;
  accounts::User moderator_;
  Petition petition_;
  std::string page_;
};

TEST_P(AbusePagesTest, OnlyTheTenantsModeratorsSeeTheChecks) {
  SignSome();
  Browser visitor(port());
  auto anonymous = visitor.Get(page_);
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location").rfind("/anmelden?next=", 0), 0u) << anonymous.Header("location");

  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get(page_).status, 403);

  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  EXPECT_EQ(moderator.Get(PetitionPath("grimma", petition_.id + 100) + "/pruefung").status, 404);
  // A petition of another tenant: not found under this tenant, forbidden under its own.
  auto elsewhere = PublishedPetition("Anderswo", other_tenant_.id);
  EXPECT_EQ(moderator.Get(PetitionPath("grimma", elsewhere.id) + "/pruefung").status, 404);
  EXPECT_EQ(moderator.Get(PetitionPath("naunhof", elsewhere.id) + "/pruefung").status, 403);
  EXPECT_TRUE(AuditActions().empty()) << "nothing was shown, nothing recorded";

  // Nobody else can invalidate either.
  auto refused = citizen.Submit(PetitionPath("grimma", petition_.id), page_ + "/sperren",
                                {{"domain", "wegwerf.example"}, {"reason", "Test"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Invalidated(), 0);
}

// What stands out is said in words (#14 item 11): an ordinary hour gets no finding; a wave of 30 signatures out of one
// network an hour later is a busy hour and one network, each with the link to its group.
TEST_P(AbusePagesTest, WhatStandsOutIsSaidInWords) {
  SignSome();
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto quiet = moderator.Get(page_);
  ASSERT_EQ(quiet.status, 200);
  EXPECT_NE(quiet.body.find("Nichts Auffälliges"), std::string::npos);

  now_ += 3600;
  for (int index = 0; index < 30; ++index) {
    Sign("welle" + std::to_string(index) + "@post.example", "203.0.113." + std::to_string(index + 1), true);
  }
  FoldCountsNow(*db_);
  auto shown = moderator.Get(page_);
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body.find("Nichts Auffälliges"), std::string::npos);
  EXPECT_NE(shown.body.find("30 Unterschriften in einer Stunde – 6-mal so viele"), std::string::npos) << shown.body;
  EXPECT_NE(shown.body.find("30 der 30 Unterschriften dieser Stunde kamen aus demselben Netz 203.0.113.0/24"),
            std::string::npos);
  EXPECT_NE(shown.body.find("netz=203.0.113.0/24"), std::string::npos) << "a link narrows the page to the network";
  EXPECT_NE(shown.body.find("Ein Netz ist der vordere Teil der Internetadresse"), std::string::npos);
}

TEST_P(AbusePagesTest, ModeratorSeesAccessibleGroupsAndEachViewIsAudited) {
  SignSome();
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  auto shown = moderator.Get(page_);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_NE(shown.body.find("<h1 class=\"kern-heading-x-large\">Unterschriften prüfen</h1>"), std::string::npos);
  EXPECT_NE(shown.body.find("wegwerf.example"), std::string::npos);
  EXPECT_NE(shown.body.find("198.51.100.0/24"), std::string::npos);
  EXPECT_NE(shown.body.find("2001:db8:1::/48"), std::string::npos);
  EXPECT_NE(shown.body.find("<caption"), std::string::npos);
  EXPECT_NE(shown.body.find("scope=\"col\""), std::string::npos);
  EXPECT_NE(shown.body.find("scope=\"row\""), std::string::npos);
  EXPECT_EQ(shown.body.find("<script"), std::string::npos);
  EXPECT_EQ(shown.body.find("style="), std::string::npos);
  EXPECT_EQ(shown.body.find("/sperren\""), std::string::npos) << "no invalidation form before a group is chosen";
  // The largest domain group leads its table.
  auto domains = shown.body.find("id=\"domains-titel\"");
  ASSERT_NE(domains, std::string::npos);
  EXPECT_LT(shown.body.find("wegwerf.example", domains), shown.body.find("post.example", domains));
  auto actions = AuditActions();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions.front(), "petition.signatures.groups.read");

  auto filtered = moderator.Get(page_ + "?domain=wegwerf.example");
  ASSERT_EQ(filtered.status, 200);
  EXPECT_NE(filtered.body.find("action=\"" + page_ + "/sperren\""), std::string::npos);
  EXPECT_NE(filtered.body.find("3 Unterschriften für ungültig erklären"), std::string::npos);
  EXPECT_EQ(AuditActions().size(), 2u);

  auto malformed = moderator.Get(page_ + "?netz=198.51.100.0/16");
  EXPECT_EQ(malformed.status, 422);
  EXPECT_NE(malformed.body.find("IPv4-Präfix /24"), std::string::npos);
  EXPECT_NE(malformed.body.find("href=\"#prefix\""), std::string::npos);

  auto english = moderator.Get(page_ + "?lang=en");
  ASSERT_EQ(english.status, 200);
  EXPECT_NE(english.body.find("Check signatures"), std::string::npos);
}

TEST_P(AbusePagesTest, GroupIsInvalidatedByFormAndUndoneByButtonWithTheCountExact) {
  SignSome();
  ASSERT_EQ(ShownCount(), 4);
  Browser moderator(port());
  Login(moderator, "moderator@example.org");
  std::string group_page = page_ + "?domain=wegwerf.example";
  const mw::testing::FormFields group{{"domain", "wegwerf.example"}, {"netz", ""}, {"von", ""}, {"bis", ""}};
  auto with = [&](mw::testing::FormFields fields, std::string reason) {
    fields.emplace_back("reason", std::move(reason));
    return fields;
  };

  // Refused, with nothing changed: no CSRF token, no reason, too long a reason, a malformed network.
  auto forged = moderator.Post(page_ + "/sperren", mw::testing::FormEncode(with(group, "Wegwerfadressen")));
  EXPECT_EQ(forged.status, 403);
  auto no_reason = moderator.Submit(group_page, page_ + "/sperren", with(group, "  "));
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_NE(no_reason.body.find("Bitte geben Sie einen Grund an."), std::string::npos);
  EXPECT_NE(no_reason.body.find("aria-invalid=\"true\""), std::string::npos);
  auto overlong = moderator.Submit(group_page, page_ + "/sperren", with(group, std::string(1001, 'x')));
  EXPECT_EQ(overlong.status, 422);
  EXPECT_NE(overlong.body.find("höchstens 1000 Zeichen"), std::string::npos);
  auto bad_network = moderator.Submit(group_page, page_ + "/sperren", {{"netz", "198.51.100/24"}, {"reason", "Serie"}});
  EXPECT_EQ(bad_network.status, 422);
  EXPECT_NE(bad_network.body.find("IPv4-Präfix /24"), std::string::npos);
  auto everything = moderator.Submit(group_page, page_ + "/sperren", {{"reason", "Alles"}});
  EXPECT_EQ(everything.status, 422);
  EXPECT_NE(everything.body.find("Bitte grenzen Sie die Gruppe ein"), std::string::npos);
  EXPECT_EQ(Invalidated(), 0);
  EXPECT_EQ(ShownCount(), 4);
  EXPECT_TRUE(Batches().empty());

  // The petition page is read (and kept) before the batch, and shows the new count after it.
  std::string petition_page = PetitionPath("grimma", petition_.id);
  Browser visitor(port());
  EXPECT_NE(visitor.Get(petition_page).body.find("4 von 1000 Unterschriften"), std::string::npos);
  auto invalidated = moderator.Submit(group_page, page_ + "/sperren", with(group, "Wegwerfadressen aus einem Netz"));
  ASSERT_EQ(invalidated.status, 303) << invalidated.body;
  EXPECT_EQ(invalidated.Header("location"), page_);
  EXPECT_EQ(Invalidated(), 3);
  EXPECT_EQ(ShownCount(), 2);
  EXPECT_NE(visitor.Get(petition_page).body.find("2 von 1000 Unterschriften"), std::string::npos);
  FoldCountsNow(*db_);
  EXPECT_EQ(ShownCount(), 2);
  auto actions = AuditActions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "petition.signatures.invalidate"), 1)
      << "one batch; the refused requests left none";
  EXPECT_EQ(actions.front(), "petition.signatures.invalidate");
  auto audit = db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 1); }).front();
  EXPECT_EQ(audit.actor_label, "moderator@example.org");
  EXPECT_NE(audit.detail.find("Wegwerfadressen aus einem Netz"), std::string::npos);
  EXPECT_NE(audit.detail.find("\"signatures\":3"), std::string::npos);

  auto batches = Batches();
  ASSERT_EQ(batches.size(), 1u);
  std::string undo = page_ + "/sperren/" + std::to_string(batches.front().id) + "/zuruecknehmen";
  auto listed = moderator.Get(page_);
  EXPECT_NE(listed.body.find("Die Unterschriften der Gruppe wurden für ungültig erklärt."), std::string::npos);
  EXPECT_NE(listed.body.find("action=\"" + undo + "\""), std::string::npos);
  EXPECT_NE(listed.body.find("Wegwerfadressen aus einem Netz"), std::string::npos);

  EXPECT_EQ(moderator.Post(undo, "").status, 403) << "the undo needs the CSRF token too";
  EXPECT_EQ(moderator.Submit(page_, page_ + "/sperren/999999/zuruecknehmen", {}).status, 404);
  auto undone = moderator.Submit(page_, undo, {});
  ASSERT_EQ(undone.status, 303) << undone.body;
  EXPECT_EQ(Invalidated(), 0);
  EXPECT_EQ(ShownCount(), 4);
  FoldCountsNow(*db_);
  EXPECT_EQ(ShownCount(), 4);
  EXPECT_EQ(AuditActions().front(), "petition.signatures.revert");
  EXPECT_TRUE(Batches().front().reverted_at.has_value());
  auto after = moderator.Get(page_);
  EXPECT_NE(after.body.find("Zurückgenommen am"), std::string::npos);
  EXPECT_EQ(after.body.find("action=\"" + undo + "\""), std::string::npos);
  auto twice = moderator.Submit(page_, undo, {});
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body.find("bereits zurückgenommen"), std::string::npos);
  EXPECT_EQ(ShownCount(), 4);

  // A batch is undone only under its own petition.
  auto elsewhere = PublishedPetition("Zweite Petition");
  std::string foreign = PetitionPath("grimma", elsewhere.id) + "/pruefung/sperren/" +
                        std::to_string(batches.front().id) + "/zuruecknehmen";
  EXPECT_EQ(moderator.Submit(page_, foreign, {}).status, 404);
}

TEST_P(AbusePagesTest, ApiListsGroupsInvalidatesAndUndoesForModeratorTokens) {
  SignSome();
  const mw::testing::HeaderList json{{"Content-Type", "application/json"}};
  auto citizen_auth =
      mw::testing::HeaderList{{"Content-Type", "application/json"}, {"Authorization", "Bearer " + ApiToken(citizen_)}};
  auto moderator_auth = mw::testing::HeaderList{{"Content-Type", "application/json"},
                                                {"Authorization", "Bearer " + ApiToken(moderator_)}};
  std::string base = "/api/v1/petitions/" + std::to_string(petition_.id);

  EXPECT_EQ(mw::testing::Send(port(), "GET", base + "/signature-groups").status, 401);
  EXPECT_EQ(mw::testing::Send(port(), "GET", base + "/signature-groups", citizen_auth).status, 403);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/petitions/999999/signature-groups", moderator_auth).status, 404);
  auto groups = mw::testing::Send(port(), "GET", base + "/signature-groups?prefix=198.51.100.0/24", moderator_auth);
  ASSERT_EQ(groups.status, 200) << groups.body;
  auto groups_json = boost::json::parse(groups.body).as_object();
  EXPECT_EQ(groups_json.at("selected").at("total").as_int64(), 3);
  EXPECT_EQ(groups_json.at("by_domain").as_array().at(0).at("domain").as_string(), "wegwerf.example");
  EXPECT_EQ(groups_json.at("criteria").at("prefix").as_string(), "198.51.100.0/24");
  EXPECT_EQ(AuditActions().front(), "petition.signatures.groups.read");
  EXPECT_EQ(mw::testing::Send(port(), "GET", base + "/signature-groups?prefix=nonsense", moderator_auth).status, 422);

  auto forbidden = mw::testing::Send(port(), "POST", base + "/invalidations", citizen_auth,
                                     R"({"domain":"wegwerf.example","reason":"Test"})");
  EXPECT_EQ(forbidden.status, 403);
  auto no_reason = mw::testing::Send(port(), "POST", base + "/invalidations", moderator_auth,
                                     R"({"domain":"wegwerf.example","reason":""})");
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_NE(no_reason.body.find("\"field\":\"reason\""), std::string::npos);
  auto bad_prefix = mw::testing::Send(port(), "POST", base + "/invalidations", moderator_auth,
                                      R"({"prefix":"2001:db8::/64","reason":"Test"})");
  EXPECT_EQ(bad_prefix.status, 422);
  EXPECT_EQ(mw::testing::Send(port(), "POST", base + "/invalidations", moderator_auth, R"({"from":"gestern"})").status,
            400);
  EXPECT_EQ(Invalidated(), 0);

  auto created = mw::testing::Send(port(), "POST", base + "/invalidations", moderator_auth,
                                   R"({"domain":"wegwerf.example","prefix":"198.51.100.0/24","reason":"Serie"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto batch = boost::json::parse(created.body).as_object();
  EXPECT_EQ(batch.at("signatures").as_int64(), 3);
  EXPECT_EQ(batch.at("confirmed").as_int64(), 2);
  EXPECT_TRUE(batch.at("reverted_at").is_null());
  EXPECT_EQ(ShownCount(), 2);
  auto listed = mw::testing::Send(port(), "GET", base + "/invalidations", moderator_auth);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(boost::json::parse(listed.body).as_array().size(), 1u);

  std::string revert = "/api/v1/invalidations/" + std::to_string(batch.at("id").as_int64()) + "/revert";
  EXPECT_EQ(mw::testing::Send(port(), "POST", revert, citizen_auth).status, 403);
  EXPECT_EQ(mw::testing::Send(port(), "POST", "/api/v1/invalidations/999999/revert", moderator_auth).status, 404);
  auto reverted = mw::testing::Send(port(), "POST", revert, moderator_auth);
  ASSERT_EQ(reverted.status, 200) << reverted.body;
  EXPECT_FALSE(boost::json::parse(reverted.body).at("reverted_at").is_null());
  EXPECT_EQ(ShownCount(), 4);
  EXPECT_EQ(mw::testing::Send(port(), "POST", revert, moderator_auth).status, 409);
  EXPECT_EQ(AuditActions().front(), "petition.signatures.revert");
}

MW_INSTANTIATE_FOR_ENGINES(AbusePagesTest);

}  // namespace
}  // namespace mw::petitions
