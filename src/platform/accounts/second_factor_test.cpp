// The second factor: RFC 6238's test vectors for HMAC-SHA-1, the window of one step, codes used once, recovery codes
// used once, a tenant's requirement in HasRole — on both engines where stored.
#include "platform/accounts/second_factor.hpp"

#include <gtest/gtest.h>

#include "platform/accounts/accounts.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/test_db.hpp"

namespace mw::accounts {
namespace {

constexpr db::UnixSeconds kNow = 1'780'000'000;
// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
constexpr std::string_view kRfcSecret = "12345678901234567890";

struct RfcVector {
  std::int64_t time;
  std::string code;  // 8 digits, as the RFC lists them
};

TEST(TotpTest, MatchesTheTestVectorsOfRfc6238ForSha1) {
  const std::vector<RfcVector> vectors{{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
                                       {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& vector : vectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, vector.time / kTotpStepSeconds, 8), vector.code) << vector.time;
    // The six-digit code an app shows is the last six digits.
    EXPECT_EQ(TotpCode(kRfcSecret, vector.time / kTotpStepSeconds), vector.code.substr(2)) << vector.time;
  }
}

TEST(TotpTest, AcceptsOneStepEitherWayAndEachStepOnce) {
  std::int64_t step = kNow / kTotpStepSeconds;
  EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step), kNow, 0), step);
  EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), kNow, 0), step - 1);
  EXPECT_EQ(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), kNow, 0), step + 1);
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 2), kNow, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step + 2), kNow, 0));
  // Used once: a code of the last accepted step, or an earlier one, is refused.
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step), kNow, step));
  EXPECT_FALSE(MatchTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), kNow, step));
  // Typed with a space, as apps show it; anything else than six digits is no code.
  std::string code = TotpCode(kRfcSecret, step);
  EXPECT_EQ(MatchTotp(kRfcSecret, code.substr(0, 3) + " " + code.substr(3), kNow, 0), step);
  EXPECT_FALSE(MatchTotp(kRfcSecret, code.substr(1), kNow, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, code + "0", kNow, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, "12a456", kNow, 0));
  EXPECT_FALSE(MatchTotp(kRfcSecret, "", kNow, 0));
}

TEST(TotpTest, Base32AndTheAddressForTheApp) {
  EXPECT_EQ(Base32Encode(kRfcSecret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(Base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), std::string(kRfcSecret));
  EXPECT_FALSE(Base32Decode("not base32!"));
  EXPECT_EQ(GroupedForTyping("GEZDGNBVGY"), "GEZD GNBV GY");
  EXPECT_EQ(TotpUri("GEZD", "mitwirken Sachsen", "a@b.example"),
            "otpauth://totp/mitwirken%20Sachsen:a@b.example?secret=GEZD&issuer=mitwirken%20Sachsen&algorithm=SHA1"
            "&digits=6&period=30");
}

class SecondFactorTest : public mw::testing::EngineTest {
 protected:
  User MakeUser(const std::string& email) {
    auto user = db_->Write([&](db::Tx& tx) { return CreateConfirmedUser(tx, email, "Erika Muster", "hash", kNow); });
    EXPECT_TRUE(user.has_value());
    return *user;
  }
  std::string SecretOf(std::int64_t user_id) {
    auto state = db_->Read([&](db::Tx& tx) { return FindTotp(tx, user_id); });
    return *Base32Decode(state.secret_base32);
  }
};

TEST_P(SecondFactorTest, EnrolmentNeedsARightFirstCodeAndThenEachCodeCountsOnce) {
  User user = MakeUser("erika@example.org");
  auto begun = db_->Write([&](db::Tx& tx) { return BeginTotp(tx, user.id, kNow); });
  EXPECT_FALSE(begun.enabled);
  EXPECT_EQ(begun.secret_base32.size(), 32u);  // 20 bytes
  std::string secret = SecretOf(user.id);
  std::int64_t step = kNow / kTotpStepSeconds;
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return ConfirmTotp(tx, user.id, "000000", kNow); }) &&
               TotpCode(secret, step) != "000000");
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return HasTotp(tx, user.id); }));
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return ConfirmTotp(tx, user.id, TotpCode(secret, step), kNow); }));
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return HasTotp(tx, user.id); }));
  // The code that confirmed the enrolment cannot log in again (replay within the window).
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return UseTotp(tx, user.id, TotpCode(secret, step), kNow + 5); }));
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return UseTotp(tx, user.id, TotpCode(secret, step + 1), kNow + 30); }));
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return UseTotp(tx, user.id, TotpCode(secret, step + 1), kNow + 31); }));
  // A second enrolment does not replace an enabled authenticator.
  auto again = db_->Write([&](db::Tx& tx) { return BeginTotp(tx, user.id, kNow); });
  EXPECT_TRUE(again.enabled);
  EXPECT_EQ(SecretOf(user.id), secret);
}

TEST_P(SecondFactorTest, RecoveryCodesAreUsableOnceAndOnlyByTheirAccount) {
  User user = MakeUser("erika@example.org");
  User other = MakeUser("otto@example.org");
  auto codes = db_->Write([&](db::Tx& tx) { return NewRecoveryCodes(tx, user.id); });
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(codes[0].size(), 11u);
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return UseRecoveryCode(tx, other.id, codes[0], kNow); }));
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return UseRecoveryCode(tx, user.id, codes[0], kNow); }));
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return UseRecoveryCode(tx, user.id, codes[0], kNow); }));
  std::string typed = codes[1];
  for (char& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return UseRecoveryCode(tx, user.id, typed, kNow); }));
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return UnusedRecoveryCodes(tx, user.id); }), 8);
}

TEST_P(SecondFactorTest, ATenantThatAsksForTheSecondFactorCountsItsRolesOnlyWithIt) {
  User user = MakeUser("erika@example.org");
  auto tenant = db_->Write([&](db::Tx& tx) {
    return tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Grimma", .kind = "gemeinde", .land = "SN"}, kNow);
  });
  ASSERT_TRUE(tenant.has_value());
  db_->Write([&](db::Tx& tx) { (void)Grant(tx, user.id, tenant->id, Role::kEditor, kNow); });
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return HasRole(tx, user.id, tenant->id, Role::kEditor); }));
  db_->Write([&](db::Tx& tx) { SetTenantRequiresSecondFactor(tx, tenant->id, true); });
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return HasRole(tx, user.id, tenant->id, Role::kEditor); }));
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return IsGranted(tx, user.id, tenant->id, Role::kEditor); }));
  db_->Write([&](db::Tx& tx) { BeginTotp(tx, user.id, kNow); });
  std::string secret = SecretOf(user.id);
  db_->Write([&](db::Tx& tx) { ConfirmTotp(tx, user.id, TotpCode(secret, kNow / kTotpStepSeconds), kNow); });
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return HasRole(tx, user.id, tenant->id, Role::kEditor); }));
}

TEST_P(SecondFactorTest, ThePendingLoginStepIsBoundToTheBrowserAndEndsAfterFiveMinutes) {
  User user = MakeUser("erika@example.org");
  db_->Write([&](db::Tx& tx) { BeginSecondFactor(tx, "browser-a", user.id, "/verwaltung", kNow); });
  auto pending = db_->Read([&](db::Tx& tx) { return FindSecondFactor(tx, "browser-a", kNow + 60); });
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->user_id, user.id);
  EXPECT_EQ(pending->next_target, "/verwaltung");
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return FindSecondFactor(tx, "browser-b", kNow + 60); }));
  EXPECT_FALSE(
      db_->Read([&](db::Tx& tx) { return FindSecondFactor(tx, "browser-a", kNow + kSecondFactorPendingLifetime); }));
  EXPECT_EQ(db_->Write([&](db::Tx& tx) { return CountSecondFactorAttempt(tx, "browser-a"); }), 1);
}

MW_INSTANTIATE_FOR_ENGINES(SecondFactorTest);

}  // namespace
}  // namespace mw::accounts
