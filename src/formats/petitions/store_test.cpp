// Storage of petitions on both engines: the lifecycle in the database, one signature per address, confirmation by
// token, and the batched count.
#include "formats/petitions/store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
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
  EXPECT_FALSE(first->already_signed);
  // Unconfirmed, the signature does not hold the address: signing again replaces it, and only the new link works.
  auto again =
      db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition.id, Signer("kim@example.org"), "::1", now_); });
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->already_signed);
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition.id); }).size(), 1u);
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, first->token, now_); }).has_value());
  ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, again->token, now_); }).has_value());
  // Confirmed, it does: a second signature is not added, and that is no error (the caller answers the same).
  auto second =
      db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition.id, Signer("kim@example.org"), "::1", now_); });
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->already_signed);
  EXPECT_TRUE(second->token.empty());
  auto signatures = db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition.id); });
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_EQ(signatures.front().state, "confirmed");

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

TEST_P(PetitionStoreTest, ThePersonNotTheSpellingOfTheAddressSignsOnce) {
  auto petition = Published();
  auto sign = [&](const std::string& email) {
    auto added = db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition.id, Signer(email), "::1", now_); });
    EXPECT_TRUE(added.has_value()) << email;
    if (added && !added->already_signed) {
      EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, added->token, now_); }).has_value());
    }
    return added && added->already_signed;
  };
  EXPECT_FALSE(sign("max.muster+petition@googlemail.com"));
  EXPECT_TRUE(sign("maxmuster@gmail.com")) << "Gmail ignores dots and +tags; googlemail.com is gmail.com";
  EXPECT_TRUE(sign("m.a.x.muster+zwei@gmail.com"));
  EXPECT_FALSE(sign("kim@posteo.de"));
  EXPECT_TRUE(sign("kim+liste@posteo.de"));
  EXPECT_FALSE(sign("kim@gmx.de"));
  EXPECT_FALSE(sign("kim+liste@gmx.de")) << "GMX delivers no plus addresses: another address";
  EXPECT_FALSE(sign("k.i.m@posteo.de")) << "dots matter outside Gmail";
  EXPECT_FALSE(sign("jörg@example.org"));
  EXPECT_TRUE(sign("jo\xcc\x88rg@example.org")) << "NFKC: the decomposed ö is the same";
  EXPECT_TRUE(sign("\xef\xbd\x8a\xc3\xb6rg@example.org")) << "NFKC: the full-width j is the same";
  // The address is kept as given, for the mails.
  auto signatures = db_->Read([&](db::Tx& tx) { return ListSignatures(tx, petition.id); });
  ASSERT_EQ(signatures.size(), 6u);
  EXPECT_EQ(signatures.front().email_normalized, "max.muster+petition@googlemail.com");
}

// The migration's backfill gives rows from before it the key new rows get, and keeps every row when old rows now
// share a key.
class SignerKeyMigrationTest : public mw::testing::EngineTest {
 protected:
  bool WithMigrations() const override { return false; }
};

TEST_P(SignerKeyMigrationTest, BackfillKeysExistingSignaturesAndKeepsTheirDuplicates) {
  namespace fs = std::filesystem;
  const fs::path before = fs::temp_directory_path() / ("mw-migrations-0103-" + RandomToken().substr(0, 12));
  for (std::string dialect : {"sqlite", "postgres"}) {
    fs::create_directories(before / dialect);
    for (const auto& entry : fs::directory_iterator(mw::testing::MigrationsDir() / dialect)) {
      if (entry.path().filename().string() < "0104") fs::copy_file(entry.path(), before / dialect / entry.path().filename());
    }
  }
  db_->Migrate(before);
  fs::remove_all(before);
  const db::UnixSeconds now = 1'780'000'000;
  const std::vector<std::string> addresses{"max.muster+a@googlemail.com", "kim+liste@gmx.de", "maxmuster@gmail.com",
                                           "kim+x@hotmail.de", "kim@live.com", "Anna@Example.org"};
  std::int64_t petition_id = db_->Write([&](db::Tx& tx) {
    auto tenant = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now);
    auto row = tx.QueryOne(
        "INSERT INTO petition (tenant_id, title, demand, justification, state, quorum, period_days, created_at, "
        "published_at, closes_at) VALUES (?, 'T', 'F', 'B', 'published', 10, 14, ?, ?, ?) RETURNING id",
        {tenant->id, now, now, now + 14 * 24 * 3600});
    for (std::size_t index = 0; index < addresses.size(); ++index) {
      tx.Exec("INSERT INTO petition_signature (petition_id, email_normalized, name, postcode, token_hash, state, "
              "created_at) VALUES (?, ?, 'Kim', '04668', ?, 'confirmed', ?)",
              {row->Int(0), addresses[index], "hash-" + std::to_string(index), now});
    }
    return row->Int(0);
  });
  db_->Migrate(mw::testing::MigrationsDir());
  auto keys = db_->Read([&](db::Tx& tx) {
    std::vector<std::string> out;
    for (const auto& row :
         tx.Query("SELECT email_key FROM petition_signature WHERE petition_id = ? ORDER BY id", {petition_id})) {
      out.push_back(row.Text(0));
    }
    return out;
  });
  ASSERT_EQ(keys.size(), addresses.size());
  for (std::size_t index = 0; index < addresses.size(); ++index) {
    if (index == 2) continue;
    EXPECT_EQ(keys[index], SignerKey(addresses[index])) << addresses[index];
  }
  // The third row is the first's person: kept, under a key of its own.
  EXPECT_EQ(keys[0], "maxmuster@gmail.com");
  EXPECT_NE(keys[2], keys[0]);
  // And the key now holds: that person cannot sign again.
  auto again = db_->Write([&](db::Tx& tx) {
    return AddSignature(tx, petition_id, {.name = "Max", .email_normalized = "max.muster@gmail.com", .postcode = "04668"},
                        "", now);
  });
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->already_signed);
}

MW_INSTANTIATE_FOR_ENGINES(SignerKeyMigrationTest);

MW_INSTANTIATE_FOR_ENGINES(PetitionStoreTest);

}  // namespace
}  // namespace mw::petitions
