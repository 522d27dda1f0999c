// The petitions' data without a server: small regions are suppressed so that no small number can be computed, CSV
// cells never run as formulas, and on both engines the deletion after the retention period anonymises the signers
// while the counts stay.
#include "formats/petitions/data_store.hpp"

#include <gtest/gtest.h>

#include "formats/petitions/pages.hpp"
#include "formats/petitions/settings.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

constexpr db::UnixSeconds kDay = 24 * 3600;

std::int64_t Sum(const std::vector<RegionCount>& regions) {
  std::int64_t sum = 0;
  for (const auto& region : regions) sum += region.count;
  return sum;
}

std::vector<std::string> Names(const std::vector<RegionCount>& regions) {
  std::vector<std::string> names;
  for (const auto& region : regions) names.push_back(region.region);
  return names;
}

struct SuppressionCase {
  std::string what;
  std::vector<RegionCount> counts;
  std::vector<std::string> shown;
  std::int64_t suppressed;
};

TEST(RegionSuppressionTest, SmallRegionsAreHiddenAndCannotBeComputedFromTheTotal) {
  const std::vector<SuppressionCase> cases{
      {"all large", {{"04", 12}, {"01", 5}}, {"01", "04"}, 0},
      {"two small ones hide each other", {{"04", 12}, {"01", 3}, {"09", 1}}, {"04"}, 4},
      {"one small one takes the smallest large one with it",
       {{"04", 12}, {"01", 6}, {"09", 2}, {"02", 7}},
       {"02", "04"},
       8},
      {"a tie among the large ones is broken by region", {{"04", 6}, {"01", 6}, {"09", 1}}, {"04"}, 7},
      {"a single small region alone", {{"04", 3}}, {}, 3},
      {"a postcode that is no region counts as small", {{"04", 12}, {"01", 9}, {"x", 1}}, {"04"}, 10},
      {"nothing", {}, {}, 0},
  };
  for (const auto& test : cases) {
    RegionStats stats = SuppressSmallRegions(test.counts);
    EXPECT_EQ(Names(stats.shown), test.shown) << test.what;
    EXPECT_EQ(stats.suppressed_count, test.suppressed) << test.what;
    EXPECT_EQ(stats.total, Sum(test.counts)) << test.what;
    EXPECT_EQ(stats.total - Sum(stats.shown), stats.suppressed_count) << test.what;
    for (const auto& region : stats.shown) EXPECT_GE(region.count, kRegionMinimum) << test.what;
  }
}

TEST(CsvRowTest, FormulasBecomeTextAndSeparatorsAreQuoted) {
  EXPECT_EQ(CsvRow({"1", "Kim Muster", "04668"}, ';'), "1;Kim Muster;04668\r\n");
  EXPECT_EQ(CsvRow({"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"}, ';'),
            "\"'=HYPERLINK(\"\"http://x\"\")\";'+1;'-2;'@SUM(A1)\r\n");
  EXPECT_EQ(CsvRow({"Muster; Kim", "Zeile\nzwei", "a,b"}, ';'), "\"Muster; Kim\";\"Zeile\nzwei\";a,b\r\n");
  EXPECT_EQ(CsvRow({"a,b", ""}, ','), "\"a,b\",\r\n");
  EXPECT_EQ(CsvRow({"\tcmd"}, ','), "'\tcmd\r\n");
}

TEST(DeletionDueAtTest, CountsFromTheClosingAndFallsBackToTheEndOfThePeriod) {
  EXPECT_EQ(DeletionDueAt(1'000, 5'000, 30), 1'000 + 30 * kDay);
  EXPECT_EQ(DeletionDueAt(std::nullopt, 5'000, 30), 5'000 + 30 * kDay);
  EXPECT_EQ(DeletionDueAt(std::nullopt, std::nullopt, 30), std::nullopt);
}

class PetitionDataStoreTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    db_->Write([&](db::Tx& tx) {
      tenant_id_ = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_)->id;
      user_id_ = accounts::CreateConfirmedUser(tx, "ini@example.org", "Ini Tiator", "x", now_)->id;
    });
  }

  Petition Published(const std::string& title) {
    return db_->Write([&](db::Tx& tx) {
      auto draft = CreateDraft(tx, tenant_id_, user_id_,
                               {.title = title, .demand = "Radweg bauen", .justification = "Sicherheit"}, now_);
      EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
      return *Publish(tx, draft->id, now_);
    });
  }

  // Signs and, unless `confirm` is false, confirms; returns the confirmation token.
  std::string Sign(std::int64_t petition_id, const std::string& email, const std::string& postcode,
                   bool confirm = true) {
    return db_->Write([&](db::Tx& tx) {
      auto added =
          AddSignature(tx, petition_id, {.name = "Kim " + email, .email_normalized = email, .postcode = postcode},
                       "192.0.2.7", now_);
      EXPECT_TRUE(added.has_value()) << email;
      if (confirm) {
        EXPECT_TRUE(ConfirmSignature(tx, added->token, now_ + 60).has_value());
      }
      return added->token;
    });
  }

  void CloseAt(std::int64_t petition_id, std::optional<db::UnixSeconds> closed_at) {
    db_->Write([&](db::Tx& tx) {
      tx.Exec("UPDATE petition SET state = 'closed', closed_at = ? WHERE id = ?", {closed_at, petition_id});
    });
  }

  db::UnixSeconds now_ = 1'780'000'000;
  std::int64_t tenant_id_ = 0;
  std::int64_t user_id_ = 0;
};

TEST_P(PetitionDataStoreTest, RegionsCountConfirmedSignaturesByTheFirstTwoDigits) {
  auto petition = Published("Mehr Radwege");
  Sign(petition.id, "a@example.org", "04668");
  Sign(petition.id, "b@example.org", "04109");
  Sign(petition.id, "c@example.org", "01067");
  Sign(petition.id, "d@example.org", "99084", /*confirm=*/false);
  auto regions = db_->Read([&](db::Tx& tx) { return CountRegions(tx, petition.id); });
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0].region, "01");
  EXPECT_EQ(regions[0].count, 1);
  EXPECT_EQ(regions[1].region, "04");
  EXPECT_EQ(regions[1].count, 2);
  auto states = db_->Read([&](db::Tx& tx) { return CountByState(tx, petition.id); });
  EXPECT_EQ(states, (std::vector<std::pair<std::string, std::int64_t>>{{"confirmed", 3}, {"pending", 1}}));
}

TEST_P(PetitionDataStoreTest, PersonalDataIsDeletedAfterTheRetentionPeriodAndTheCountsStay) {
  auto closed = Published("Beendet");
  std::vector<std::string> tokens;
  for (int signer_idx = 0; signer_idx < 5; ++signer_idx) {
    tokens.push_back(
        Sign(closed.id, "s" + std::to_string(signer_idx) + "@example.org", "0466" + std::to_string(signer_idx)));
  }
  Sign(closed.id, "pending@example.org", "01067", /*confirm=*/false);
  FoldCountsNow(*db_);
  auto open = Published("Läuft noch");
  Sign(open.id, "s0@example.org", "04668");
  db::UnixSeconds closed_at = now_ + 10 * kDay;
  CloseAt(closed.id, closed_at);
  auto regions_before = db_->Read([&](db::Tx& tx) { return CountRegions(tx, closed.id); });

  // One day before the default retention period (365 days) ends nothing happens.
  auto early = DeletePersonalDataDue(*db_, closed_at + 364 * kDay, /*batch_size=*/2);
  EXPECT_EQ(early.petitions, 0);
  EXPECT_EQ(early.signatures, 0);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ListSignatureRows(tx, closed.id); }).front().name, "Kim s0@example.org");

  db::UnixSeconds due = closed_at + 365 * kDay;
  auto run = DeletePersonalDataDue(*db_, due, /*batch_size=*/2);
  EXPECT_EQ(run.petitions, 1);
  EXPECT_EQ(run.signatures, 6);

  auto rows = db_->Read([&](db::Tx& tx) { return ListSignatureRows(tx, closed.id); });
  ASSERT_EQ(rows.size(), 6u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.name, "");
    EXPECT_EQ(row.email, "");
    EXPECT_EQ(row.address, "");
    EXPECT_EQ(row.postcode.size(), 2u);
    EXPECT_FALSE(row.show_public);
  }
  EXPECT_EQ(rows.front().state, "confirmed") << "states and times stay";
  auto raw = db_->Read([&](db::Tx& tx) {
    return tx.Query("SELECT email_normalized, ip, token_hash FROM petition_signature WHERE petition_id = ?",
                    {closed.id});
  });
  for (const auto& row : raw) {
    EXPECT_TRUE(row.Text(0).starts_with("deleted:")) << row.Text(0);
    EXPECT_EQ(row.Text(1), "");
    EXPECT_TRUE(row.Text(2).starts_with("deleted:"));
  }
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return CountRegions(tx, closed.id); }).size(), regions_before.size());
  EXPECT_EQ(Sum(db_->Read([&](db::Tx& tx) { return CountRegions(tx, closed.id); })), 5);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, closed.id); })->confirmed_count, 5);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return PersonalDataDeletedAt(tx, closed.id); }), due);
  // The old confirmation link no longer finds anything.
  auto confirm = db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, tokens.front(), due); });
  EXPECT_FALSE(confirm.has_value());

  // The open petition keeps its signer, whose address is still free for another petition.
  auto open_rows = db_->Read([&](db::Tx& tx) { return ListSignatureRows(tx, open.id); });
  ASSERT_EQ(open_rows.size(), 1u);
  EXPECT_EQ(open_rows.front().email, "s0@example.org");

  auto audit = db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 10); });
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "petition.personal_data.run");
  EXPECT_EQ(audit[1].action, "petition.personal_data.delete");
  EXPECT_EQ(audit[1].object, "petition:" + std::to_string(closed.id));
  EXPECT_EQ(audit[1].tenant_id, tenant_id_);
  EXPECT_NE(audit[1].detail.find("6 Unterschriften"), std::string::npos) << audit[1].detail;

  // A second run finds nothing more to do and leaves no entry.
  auto again = DeletePersonalDataDue(*db_, due + kDay);
  EXPECT_EQ(again.petitions, 0);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return audit::List(tx, std::nullopt, 0, 10); }).size(), audit.size());
}

TEST_P(PetitionDataStoreTest, TheTenantsRetentionPeriodAndTheEndOfThePeriodDecide) {
  db_->Write([&](db::Tx& tx) {
    Settings settings;
    settings.retention_days = 30;
    ASSERT_TRUE(SaveSettings(tx, tenant_id_, settings).has_value());
  });
  auto petition = Published("Ohne closed_at");
  Sign(petition.id, "a@example.org", "04668");
  CloseAt(petition.id, std::nullopt);  // closed before closed_at existed: the end of the period counts
  db::UnixSeconds closes_at = *petition.closes_at;
  EXPECT_EQ(DeletePersonalDataDue(*db_, closes_at + 29 * kDay).petitions, 0);
  EXPECT_EQ(DeletePersonalDataDue(*db_, closes_at + 30 * kDay).petitions, 1);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ListSignatureRows(tx, petition.id); }).front().name, "");
}

TEST_P(PetitionDataStoreTest, PersonalDataOfAPersonListsTheirPetitionsAndSignatures) {
  auto petition = Published("Meine Petition");
  Sign(petition.id, "ini@example.org", "04668");
  Sign(petition.id, "other@example.org", "04668");
  auto data = db_->Read([&](db::Tx& tx) { return PersonalDataOf(tx, user_id_, "ini@example.org"); });
  ASSERT_EQ(data.at("initiated").as_array().size(), 1u);
  EXPECT_EQ(data.at("initiated").as_array()[0].at("title").as_string(), "Meine Petition");
  auto signatures = data.at("signatures").as_array();
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_EQ(signatures[0].at("email").as_string(), "ini@example.org");
  EXPECT_EQ(signatures[0].at("postcode").as_string(), "04668");
  EXPECT_FALSE(signatures[0].as_object().contains("token_hash"));
}

MW_INSTANTIATE_FOR_ENGINES(PetitionDataStoreTest);

}  // namespace
}  // namespace mw::petitions
