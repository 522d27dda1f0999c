// Storage of petitions on both engines: the lifecycle in the database, one signature per address, confirmation by
// token, and the batched count.
#include "formats/petitions/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "formats/petitions/pages.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

class PetitionStoreTest : public mw::testing::EngineTest {
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

  Petition Published() {
    return db_->Write([&](db::Tx& tx) {
      auto draft = CreateDraft(tx, tenant_id_, user_id_,
                               {.title = "Mehr Radwege",
                                .demand = "Radweg bauen",
                                .justification = "Sicherheit",
                                .quorum = 10,
                                .period_days = 14},
                               now_);
      EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
      return *Publish(tx, draft->id, now_);
    });
  }

  ValidSignature Signer(std::string email) {
    return {.name = "Kim", .email_normalized = std::move(email), .postcode = "04668", .show_public = true};
  }

  db::UnixSeconds now_ = 1'780'000'000;
  std::int64_t tenant_id_ = 0;
  std::int64_t user_id_ = 0;
};

TEST_P(PetitionStoreTest, LifecycleFromDraftToClosed) {
  auto draft = db_->Write([&](db::Tx& tx) {
    return CreateDraft(tx, tenant_id_, user_id_, {.title = " Titel ", .demand = "F", .justification = "B"}, now_);
  });
  ASSERT_TRUE(draft.has_value());
  EXPECT_EQ(draft->state, State::kDraft);
  EXPECT_EQ(draft->title, "Titel");
  EXPECT_EQ(draft->quorum, kDefaultQuorum);

  // Publishing needs moderation first.
  auto early = db_->Write([&](db::Tx& tx) { return Publish(tx, draft->id, now_); });
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().kind, ErrorKind::kConflict);

  auto published = db_->Write([&](db::Tx& tx) {
    EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
    return Publish(tx, draft->id, now_ + 10);
  });
  ASSERT_TRUE(published.has_value());
  EXPECT_EQ(published->state, State::kPublished);
  EXPECT_EQ(published->published_at, now_ + 10);
  EXPECT_EQ(published->closes_at, now_ + 10 + 42 * 86400);

  auto listed = db_->Read([&](db::Tx& tx) { return List(tx, tenant_id_, {State::kPublished}, 10); });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.front().id, draft->id);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return List(tx, std::nullopt, {State::kDraft}, 10); }).empty());

  EXPECT_EQ(db_->Write([&](db::Tx& tx) { return CloseExpired(tx, now_ + 10 + 42 * 86400); }), 1);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, draft->id); })->state, State::kClosed);
}

TEST_P(PetitionStoreTest, RejectNeedsAKnownReason) {
  auto id = db_->Write([&](db::Tx& tx) {
    auto draft = CreateDraft(tx, tenant_id_, user_id_, {.title = "T", .demand = "F", .justification = "B"}, now_);
    EXPECT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
    return draft->id;
  });
  auto unknown = db_->Write([&](db::Tx& tx) { return Reject(tx, id, "boring", ""); });
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().field, "reason");
  ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return Reject(tx, id, "duplicate", "Gibt es schon."); }).has_value());
  auto rejected = db_->Read([&](db::Tx& tx) { return Find(tx, id); });
  EXPECT_EQ(rejected->state, State::kRejected);
  EXPECT_EQ(rejected->rejection_reason, "duplicate");
  EXPECT_EQ(rejected->rejection_text, "Gibt es schon.");
}

TEST_P(PetitionStoreTest, OneSignaturePerAddressAndOnlyOnPublishedPetitions) {
  auto petition = Published();
  auto first =
      db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition.id, Signer("kim@example.org"), "::1", now_); });
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->token.empty());
  auto second =
      db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition.id, Signer("kim@example.org"), "::1", now_); });
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition.id); }).size(), 1u);

  // After its lifetime an unconfirmed signature gives the address free again.
  auto later = db_->Write([&](db::Tx& tx) {
    return AddSignature(tx, petition.id, Signer("kim@example.org"), "::1", now_ + kPendingSignatureLifetime);
  });
  ASSERT_TRUE(later.has_value());
  auto expired =
      db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, first->token, now_ + kPendingSignatureLifetime); });
  EXPECT_FALSE(expired.has_value());

  auto draft = db_->Write([&](db::Tx& tx) {
    return CreateDraft(tx, tenant_id_, user_id_, {.title = "T", .demand = "F", .justification = "B"}, now_)->id;
  });
  auto unpublished = db_->Write([&](db::Tx& tx) { return AddSignature(tx, draft, Signer("a@example.org"), "", now_); });
  ASSERT_FALSE(unpublished.has_value());
  EXPECT_EQ(unpublished.error().kind, ErrorKind::kNotFound);
  auto too_late = db_->Write(
      [&](db::Tx& tx) { return AddSignature(tx, petition.id, Signer("b@example.org"), "", *petition.closes_at); });
  ASSERT_FALSE(too_late.has_value());
  EXPECT_EQ(too_late.error().kind, ErrorKind::kConflict);
}

TEST_P(PetitionStoreTest, ConfirmedSignaturesAreFoldedIntoTheCountInBatches) {
  auto petition = Published();
  std::vector<std::string> tokens;
  for (int signer_idx = 0; signer_idx < 5; ++signer_idx) {
    auto added = db_->Write([&](db::Tx& tx) {
      return AddSignature(tx, petition.id, Signer("s" + std::to_string(signer_idx) + "@example.org"), "", now_);
    });
    ASSERT_TRUE(added.has_value());
    tokens.push_back(added->token);
  }
  // Confirm 1, 3 and 4 (out of the order of signing), twice for 3: confirming is idempotent.
  for (int index : {3, 1, 3, 4}) {
    auto confirmed = db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, tokens[index], now_ + 5); });
    ASSERT_TRUE(confirmed.has_value());
    EXPECT_EQ(confirmed->petition_id, petition.id);
  }
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, "unknown", now_); }).has_value());
  // Nothing counted before the fold.
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); })->confirmed_count, 0);
  EXPECT_EQ(db_->Write([&](db::Tx& tx) { return FoldCounts(tx, now_ + 6); }), 3);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); })->confirmed_count, 3);
  // A second fold adds nothing; a later confirmation of an earlier signature is still counted.
  EXPECT_EQ(db_->Write([&](db::Tx& tx) { return FoldCounts(tx, now_ + 7); }), 0);
  ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, tokens[0], now_ + 8); }).has_value());
  EXPECT_EQ(db_->Write([&](db::Tx& tx) { return FoldCounts(tx, now_ + 9); }), 1);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); })->confirmed_count, 4);
  auto signatures = db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition.id); });
  ASSERT_EQ(signatures.size(), 5u);
  EXPECT_EQ(signatures[2].state, "pending");
  EXPECT_EQ(signatures[3].state, "confirmed");
}

TEST_P(PetitionStoreTest, FoldingWhileSignaturesAreConfirmedCountsEachExactlyOnce) {
  auto petition = Published();
  constexpr int kSigners = 60;
  std::vector<std::string> tokens;
  for (int signer_idx = 0; signer_idx < kSigners; ++signer_idx) {
    tokens.push_back(db_->Write([&](db::Tx& tx) {
                          return AddSignature(tx, petition.id,
                                              Signer("c" + std::to_string(signer_idx) + "@example.org"), "", now_);
                        })
                         ->token);
  }
  std::atomic<bool> done{false};
  std::thread folder([&] {
    while (!done.load()) db_->Write([&](db::Tx& tx) { FoldCounts(tx, now_); });
  });
  std::vector<std::thread> confirmers;
  for (int thread_idx = 0; thread_idx < 3; ++thread_idx) {
    confirmers.emplace_back([&, thread_idx] {
      for (int signer_idx = thread_idx; signer_idx < kSigners; signer_idx += 3) {
        db_->Write([&](db::Tx& tx) { EXPECT_TRUE(ConfirmSignature(tx, tokens[signer_idx], now_ + 1).has_value()); });
      }
    });
  }
  for (auto& thread : confirmers) thread.join();
  done = true;
  folder.join();
  db_->Write([&](db::Tx& tx) { FoldCounts(tx, now_ + 2); });
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Find(tx, petition.id); })->confirmed_count, kSigners);
}

TEST_P(PetitionStoreTest, DemoDataPublishesPetitionsWithCountedSignaturesOnce) {
  // Only "grimma" exists here; the demo skips the missing "sachsen".
  LoadDemo(*db_, now_);
  LoadDemo(*db_, now_);
  auto published = db_->Read([&](db::Tx& tx) { return List(tx, std::nullopt, {State::kPublished}, 10); });
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published.front().tenant_id, tenant_id_);
  EXPECT_GT(published.front().confirmed_count, 0);
  EXPECT_TRUE(IsOpenForSigning(published.front().state, published.front().closes_at, now_));
}

MW_INSTANTIATE_FOR_ENGINES(PetitionStoreTest);

}  // namespace
}  // namespace mw::petitions
