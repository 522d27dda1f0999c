// Tests of the accounts module on both database engines. So far: personal API tokens (labels, the limit per
// account, listing without secrets, revoking only one's own).
#include "platform/accounts/accounts.hpp"

#include <gtest/gtest.h>

#include "platform/core/crypto.hpp"
#include "support/test_db.hpp"

namespace mw::accounts {
namespace {

constexpr db::UnixSeconds kNow = 1'780'000'000;

class ApiTokenTest : public mw::testing::EngineTest {
 protected:
  User MakeUser(const std::string& email) {
    auto user = db_->Write([&](db::Tx& tx) { return CreateConfirmedUser(tx, email, "Erika Muster", "hash", kNow); });
    EXPECT_TRUE(user.has_value());
    return *user;
  }
};

TEST(ApiTokenLabelTest, IsTrimmedAndChecked) {
  EXPECT_EQ(ValidateApiTokenLabel("  Auswertung mit R \t").value(), "Auswertung mit R");
  EXPECT_EQ(ValidateApiTokenLabel("Übersicht für die Gemeinderätin").value(), "Übersicht für die Gemeinderätin");
  EXPECT_EQ(ValidateApiTokenLabel(std::string(100, 'a')).value(), std::string(100, 'a'));
  std::string hundred_umlauts;
  for (int index = 0; index < 100; ++index) hundred_umlauts += "ä";
  EXPECT_TRUE(ValidateApiTokenLabel(hundred_umlauts)) << "the limit counts characters, not bytes";

  for (std::string_view bad : {"", "   ", "\t\n"}) {
    auto result = ValidateApiTokenLabel(bad);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(result.error().field, "label");
    EXPECT_NE(result.error().message.find("Bezeichnung"), std::string::npos);
  }
  auto long_label = ValidateApiTokenLabel(std::string(101, 'a'));
  ASSERT_FALSE(long_label);
  EXPECT_NE(long_label.error().message.find("höchstens 100 Zeichen"), std::string::npos);
  EXPECT_FALSE(ValidateApiTokenLabel("kaputt \xff\xfe"));
  EXPECT_FALSE(ValidateApiTokenLabel("mit\x01Steuerzeichen"));
  EXPECT_FALSE(ValidateApiTokenLabel("zwei\nZeilen"));
}

TEST_P(ApiTokenTest, CreatedTokenAuthenticatesAndIsListedWithoutItsSecret) {
  auto user = MakeUser("erika@example.org");
  auto created = db_->Write([&](db::Tx& tx) { return AddApiToken(tx, user.id, "  Auswertung  ", kNow); });
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GE(created->secret.size(), 40u);
  EXPECT_EQ(created->token.label, "Auswertung");
  EXPECT_EQ(created->token.id.size(), 16u);
  EXPECT_EQ(created->token.created_at, kNow);

  db_->Read([&](db::Tx& tx) {
    auto found = FindUserByApiToken(tx, created->secret, kNow + 10);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, user.id);
    auto tokens = ListApiTokens(tx, user.id, kNow + 10);
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0].id, created->token.id);
    EXPECT_EQ(tokens[0].label, "Auswertung");
    EXPECT_EQ(tokens[0].created_at, kNow);
    EXPECT_FALSE(tokens[0].expires_at);
    // The id is not the secret's beginning but that of its hash; the secret is stored nowhere.
    EXPECT_EQ(tokens[0].id, Sha256Hex(created->secret).substr(0, 16));
    auto stored = tx.Query("SELECT token_hash, label FROM user_token WHERE user_id = ?", {user.id});
    for (const auto& row : stored) {
      EXPECT_NE(row.Text(0), created->secret);
      EXPECT_EQ(row.Text(0).find(created->secret), std::string::npos);
    }
  });
}

TEST_P(ApiTokenTest, ListShowsOnlyTheUsersLiveApiTokensNewestFirst) {
  auto erika = MakeUser("erika@example.org");
  auto otto = MakeUser("otto@example.org");
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(AddApiToken(tx, erika.id, "alt", kNow));
    ASSERT_TRUE(AddApiToken(tx, erika.id, "neu", kNow + 60));
    ASSERT_TRUE(AddApiToken(tx, otto.id, "von Otto", kNow));
    // A password reset token is no API token.
    ASSERT_TRUE(StartPasswordReset(tx, "erika@example.org", kNow));
  });
  auto tokens = db_->Read([&](db::Tx& tx) { return ListApiTokens(tx, erika.id, kNow + 120); });
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].label, "neu");
  EXPECT_EQ(tokens[1].label, "alt");
}

TEST_P(ApiTokenTest, RevokingEndsTheTokenAndWorksOnlyForItsOwner) {
  auto erika = MakeUser("erika@example.org");
  auto otto = MakeUser("otto@example.org");
  auto created = db_->Write([&](db::Tx& tx) { return AddApiToken(tx, erika.id, "Skript", kNow); });
  ASSERT_TRUE(created);
  const std::string id = created->token.id;

  db_->Write([&](db::Tx& tx) {
    EXPECT_FALSE(RevokeApiToken(tx, otto.id, id, kNow + 1)) << "another user's token";
    EXPECT_FALSE(RevokeApiToken(tx, erika.id, "0123456789abcdef", kNow + 1));
    EXPECT_FALSE(RevokeApiToken(tx, erika.id, "", kNow + 1));
    EXPECT_FALSE(RevokeApiToken(tx, erika.id, "%", kNow + 1));
    EXPECT_FALSE(RevokeApiToken(tx, erika.id, id.substr(0, 15) + "%", kNow + 1)) << "no pattern matching";
    EXPECT_FALSE(RevokeApiToken(tx, erika.id, created->secret, kNow + 1));
  });
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return FindUserByApiToken(tx, created->secret, kNow + 2); }));

  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return RevokeApiToken(tx, erika.id, id, kNow + 3); }));
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return RevokeApiToken(tx, erika.id, id, kNow + 4); })) << "only once";
  db_->Read([&](db::Tx& tx) {
    EXPECT_FALSE(FindUserByApiToken(tx, created->secret, kNow + 5));
    EXPECT_TRUE(ListApiTokens(tx, erika.id, kNow + 5).empty());
  });
}

TEST_P(ApiTokenTest, AtMostTwentyActiveTokensPerAccount) {
  auto erika = MakeUser("erika@example.org");
  auto otto = MakeUser("otto@example.org");
  std::string first_id;
  db_->Write([&](db::Tx& tx) {
    for (int index = 0; index < kMaxActiveApiTokens; ++index) {
      auto created = AddApiToken(tx, erika.id, "Token " + std::to_string(index), kNow + index);
      ASSERT_TRUE(created) << index;
      if (index == 0) first_id = created->token.id;
    }
  });
  auto refused = db_->Write([&](db::Tx& tx) { return AddApiToken(tx, erika.id, "eins zu viel", kNow + 100); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_NE(refused.error().message.find("20 aktive API-Tokens"), std::string::npos);
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return AddApiToken(tx, otto.id, "Otto", kNow + 100); }))
      << "the limit is per account";

  ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return RevokeApiToken(tx, erika.id, first_id, kNow + 200); }));
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return AddApiToken(tx, erika.id, "wieder Platz", kNow + 300); }));
}

TEST_P(ApiTokenTest, InvalidLabelOrUnknownAccountCreatesNothing) {
  auto erika = MakeUser("erika@example.org");
  auto empty = db_->Write([&](db::Tx& tx) { return AddApiToken(tx, erika.id, "  ", kNow); });
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::kInvalid);
  auto unknown = db_->Write([&](db::Tx& tx) { return AddApiToken(tx, erika.id + 1000, "Skript", kNow); });
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
  auto count = db_->Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT COUNT(*) FROM user_token WHERE purpose = 'api'", {})->Int(0);
  });
  EXPECT_EQ(count, 0);
}

MW_INSTANTIATE_FOR_ENGINES(ApiTokenTest);

}  // namespace
}  // namespace mw::accounts
