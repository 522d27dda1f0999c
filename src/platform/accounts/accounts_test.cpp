// Tests of the accounts module on both database engines: personal API tokens (labels, the limit per account,
// listing without secrets, revoking only one's own), what a password reset or change ends, unlock links, and
// organisation membership by invitation (accepting, declining, leaving).
#include "platform/accounts/accounts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
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

class CredentialTest : public ApiTokenTest {
 protected:
  int LiveSessions(std::int64_t user_id) {
    return static_cast<int>(db_->Read([&](db::Tx& tx) {
      return tx.QueryOne("SELECT COUNT(*) FROM user_session WHERE user_id = ?", {user_id})->Int(0);
    }));
  }
};

TEST_P(CredentialTest, ResetEndsOtherResetLinksSessionsAndOnRequestApiTokens) {
  auto erika = MakeUser("erika@example.org");
  auto otto = MakeUser("otto@example.org");
  std::string first, second, api, otto_api;
  db_->Write([&](db::Tx& tx) {
    first = StartPasswordReset(tx, "erika@example.org", kNow)->token;
    second = StartPasswordReset(tx, "erika@example.org", kNow + 1)->token;
    api = CreateApiToken(tx, erika.id, "Skript", kNow);
    otto_api = CreateApiToken(tx, otto.id, "Ottos Skript", kNow);
    CreateSession(tx, erika, kNow);
    CreateSession(tx, erika, kNow);
    CreateSession(tx, otto, kNow);
  });
  auto reset = db_->Write([&](db::Tx& tx) { return ResetPassword(tx, second, "neu", true, kNow + 10); });
  ASSERT_TRUE(reset) << reset.error().message;
  EXPECT_EQ(reset->ended.sessions, 2);
  EXPECT_EQ(reset->ended.reset_tokens, 1);
  EXPECT_EQ(reset->ended.api_tokens, 1);
  db_->Read([&](db::Tx& tx) {
    EXPECT_FALSE(IsResetTokenValid(tx, first, kNow + 11)) << "an older reset link no longer works";
    EXPECT_FALSE(FindUserByApiToken(tx, api, kNow + 11));
    EXPECT_TRUE(FindUserByApiToken(tx, otto_api, kNow + 11)) << "another account's token stays";
  });
  EXPECT_EQ(LiveSessions(erika.id), 0);
  EXPECT_EQ(LiveSessions(otto.id), 1);
}

TEST_P(CredentialTest, ResetKeepsApiTokensWhenNotAskedAndWorksOnce) {
  auto erika = MakeUser("erika@example.org");
  std::string token, api;
  db_->Write([&](db::Tx& tx) {
    token = StartPasswordReset(tx, "erika@example.org", kNow)->token;
    api = CreateApiToken(tx, erika.id, "Skript", kNow);
  });
  auto reset = db_->Write([&](db::Tx& tx) { return ResetPassword(tx, token, "neu", false, kNow + 10); });
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->ended.api_tokens, 0);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return FindUserByApiToken(tx, api, kNow + 11); }));
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return ResetPassword(tx, token, "noch", false, kNow + 12); }));
}

TEST_P(CredentialTest, PasswordChangeKeepsOnlyTheCurrentSession) {
  auto erika = MakeUser("erika@example.org");
  Session current, other;
  std::string reset, api;
  db_->Write([&](db::Tx& tx) {
    current = CreateSession(tx, erika, kNow);
    other = CreateSession(tx, erika, kNow);
    reset = StartPasswordReset(tx, "erika@example.org", kNow)->token;
    api = CreateApiToken(tx, erika.id, "Skript", kNow);
  });
  auto ended =
      db_->Write([&](db::Tx& tx) { return ChangePassword(tx, erika.id, "neu", current.token_hash, true, kNow + 5); });
  EXPECT_EQ(ended.sessions, 1);
  EXPECT_EQ(ended.api_tokens, 1);
  db_->Read([&](db::Tx& tx) {
    EXPECT_TRUE(FindSession(tx, current.token, kNow + 6));
    EXPECT_FALSE(FindSession(tx, other.token, kNow + 6));
    EXPECT_FALSE(IsResetTokenValid(tx, reset, kNow + 6));
    EXPECT_FALSE(FindUserByApiToken(tx, api, kNow + 6));
    EXPECT_EQ(FindCredentials(tx, "erika@example.org")->password_hash, "neu");
  });
}

TEST_P(CredentialTest, UnlockLinksWorkOnceForExistingAccountsOnly) {
  auto erika = MakeUser("erika@example.org");
  auto ticket = db_->Write([&](db::Tx& tx) { return StartUnlock(tx, "Erika@Example.org", kNow); });
  ASSERT_TRUE(ticket);
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return StartUnlock(tx, "niemand@example.org", kNow); }));
  auto unlocked = db_->Write([&](db::Tx& tx) { return ConsumeUnlock(tx, ticket->token, kNow + 1); });
  ASSERT_TRUE(unlocked);
  EXPECT_EQ(unlocked->id, erika.id);
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return ConsumeUnlock(tx, ticket->token, kNow + 2); }));
  auto late = db_->Write([&](db::Tx& tx) { return StartUnlock(tx, "erika@example.org", kNow); });
  EXPECT_FALSE(db_->Write(
      [&](db::Tx& tx) { return ConsumeUnlock(tx, late->token, kNow + kUnlockTokenLifetime + 1); }));
}

// An ended session is told apart from a live one and from an unknown one for a day, so that a form sent after the
// session's end can be kept as a draft for its owner (site/drafts.hpp); then the purge deletes it.
TEST_P(CredentialTest, AnEndedSessionIsKeptADayForItsOwnerAndThenPurged) {
  User erika = MakeUser("erika@example.org");
  Session idle = db_->Write([&](db::Tx& tx) { return CreateSession(tx, erika, kNow); });
  Session live = db_->Write([&](db::Tx& tx) { return CreateSession(tx, erika, kNow); });
  db::UnixSeconds after_idle = kNow + kSessionIdleLifetime + 60;
  db_->Write([&](db::Tx& tx) { TouchSession(tx, live.token_hash, after_idle - 120); });
  db_->Read([&](db::Tx& tx) {
    EXPECT_FALSE(FindSession(tx, idle.token, after_idle));
    auto ended = FindEndedSession(tx, idle.token, after_idle);
    ASSERT_TRUE(ended);
    EXPECT_EQ(ended->user_id, erika.id);
    EXPECT_EQ(ended->csrf_token, idle.csrf_token);
    EXPECT_FALSE(FindEndedSession(tx, live.token, after_idle)) << "a live session has not ended";
    EXPECT_FALSE(FindEndedSession(tx, "unknown-token", after_idle));
  });
  db_->Write([&](db::Tx& tx) { EXPECT_EQ(PurgeExpiredSessions(tx, after_idle), 0); });
  db::UnixSeconds a_day_later = kNow + kSessionIdleLifetime + kEndedSessionKept + 1;
  db_->Read([&](db::Tx& tx) { EXPECT_FALSE(FindEndedSession(tx, idle.token, a_day_later)); });
  db_->Write([&](db::Tx& tx) { EXPECT_EQ(PurgeExpiredSessions(tx, a_day_later), 1); });
  // The other session ended later and is still kept.
  db_->Read([&](db::Tx& tx) { EXPECT_TRUE(FindEndedSession(tx, live.token, a_day_later)); });
  // Logout deletes at once: nothing is left to keep a draft for.
  db_->Write([&](db::Tx& tx) { DeleteSession(tx, live.token); });
  db_->Read([&](db::Tx& tx) { EXPECT_FALSE(FindEndedSession(tx, live.token, kNow + 30 * 86400)); });
}

class InvitationTest : public ApiTokenTest {
 protected:
  // An organisation registered by `admin_email`, its first member and administrator.
  User MakeOrganisation(const std::string& admin_email, const std::string& name) {
    auto created = db_->Write([&](db::Tx& tx) {
      Registration form{.name = "Karl Lehmann", .email = admin_email, .password = "Richtig-langes-Passwort-1",
                        .password_confirm = "Richtig-langes-Passwort-1", .as_organisation = true,
                        .organisation_name = name, .consent = true};
      return Register(tx, form, "hash", kNow);
    });
    EXPECT_TRUE(created.has_value());
    return created->user;
  }
  std::vector<User> Members(std::int64_t organisation_id) {
    return db_->Read([&](db::Tx& tx) { return FindOrganisation(tx, organisation_id)->members; });
  }
};

TEST_P(InvitationTest, OnlyTheInvitedAccountJoinsAndOnlyByAccepting) {
  auto admin = MakeOrganisation("toeb@verband.example", "Umweltverband e. V.");
  auto erika = MakeUser("erika@example.org");
  auto otto = MakeUser("otto@example.org");
  auto invitation = db_->Write(
      [&](db::Tx& tx) { return InviteToOrganisation(tx, *admin.organisation_id, admin.id, " Erika@Example.org", kNow); });
  ASSERT_TRUE(invitation);
  EXPECT_EQ(invitation->email, "erika@example.org");
  EXPECT_EQ(Members(*admin.organisation_id).size(), 1u) << "an invitation alone makes nobody a member";
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return OpenInvitations(tx, *admin.organisation_id, kNow); }), 1);

  auto shown = db_->Read([&](db::Tx& tx) { return FindInvitation(tx, invitation->token, kNow + 1); });
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->organisation_name, "Umweltverband e. V.");

  auto wrong = db_->Write([&](db::Tx& tx) { return AcceptInvitation(tx, invitation->token, otto, kNow + 2); });
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::kForbidden);
  auto accepted = db_->Write([&](db::Tx& tx) { return AcceptInvitation(tx, invitation->token, erika, kNow + 3); });
  ASSERT_TRUE(accepted) << accepted.error().message;
  auto members = Members(*admin.organisation_id);
  ASSERT_EQ(members.size(), 2u);
  auto joined = db_->Read([&](db::Tx& tx) { return FindUserById(tx, erika.id); });
  EXPECT_EQ(joined->organisation_id, admin.organisation_id);
  EXPECT_FALSE(joined->is_org_admin);
  auto again = db_->Write([&](db::Tx& tx) { return AcceptInvitation(tx, invitation->token, erika, kNow + 4); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kNotFound) << "a link works once";
}

TEST_P(InvitationTest, DeclinedExpiredAndSupersededInvitationsAddNobody) {
  auto admin = MakeOrganisation("toeb@verband.example", "Umweltverband e. V.");
  auto erika = MakeUser("erika@example.org");
  Invitation first, second, third;
  db_->Write([&](db::Tx& tx) {
    first = *InviteToOrganisation(tx, *admin.organisation_id, admin.id, "erika@example.org", kNow);
    second = *InviteToOrganisation(tx, *admin.organisation_id, admin.id, "erika@example.org", kNow + 1);
  });
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return AcceptInvitation(tx, first.token, erika, kNow + 2); }))
      << "a newer invitation replaces the older link";
  ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return DeclineInvitation(tx, second.token, erika, kNow + 3); }));
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return AcceptInvitation(tx, second.token, erika, kNow + 4); }));
  db_->Write([&](db::Tx& tx) {
    third = *InviteToOrganisation(tx, *admin.organisation_id, admin.id, "erika@example.org", kNow + 5);
  });
  EXPECT_FALSE(db_->Write(
      [&](db::Tx& tx) { return AcceptInvitation(tx, third.token, erika, kNow + 5 + kInvitationLifetime); }));
  EXPECT_EQ(Members(*admin.organisation_id).size(), 1u);
  auto bad = db_->Write([&](db::Tx& tx) { return InviteToOrganisation(tx, *admin.organisation_id, admin.id, "x", kNow); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "email");
}

TEST_P(InvitationTest, AMemberOfAnotherOrganisationMustLeaveFirst) {
  auto first = MakeOrganisation("a@verband.example", "Verband A");
  auto second = MakeOrganisation("b@verein.example", "Verein B");
  auto invitation = db_->Write([&](db::Tx& tx) {
    return InviteToOrganisation(tx, *second.organisation_id, second.id, "a@verband.example", kNow);
  });
  auto refused = db_->Write([&](db::Tx& tx) { return AcceptInvitation(tx, invitation->token, first, kNow + 1); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(Members(*second.organisation_id).size(), 1u);
}

TEST_P(InvitationTest, TheLastAdminMayLeaveAndAPlatformAdminNamesANewOne) {
  auto admin = MakeOrganisation("toeb@verband.example", "Umweltverband e. V.");
  auto erika = MakeUser("erika@example.org");
  db_->Write([&](db::Tx& tx) {
    auto invitation = InviteToOrganisation(tx, *admin.organisation_id, admin.id, "erika@example.org", kNow);
    ASSERT_TRUE(AcceptInvitation(tx, invitation->token, erika, kNow));
  });
  auto left = db_->Write([&](db::Tx& tx) { return LeaveOrganisation(tx, admin.id); });
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->organisation_without_admin);
  EXPECT_FALSE(left->organisation_deleted);
  db_->Read([&](db::Tx& tx) {
    EXPECT_FALSE(FindUserById(tx, admin.id)->organisation_id);
    auto orphaned = OrganisationsWithoutAdmin(tx);
    ASSERT_EQ(orphaned.size(), 1u);
    EXPECT_EQ(orphaned.front().name, "Umweltverband e. V.");
  });
  auto named = db_->Write([&](db::Tx& tx) { return SetOrganisationAdmin(tx, "erika@example.org"); });
  ASSERT_TRUE(named);
  EXPECT_TRUE(named->is_org_admin);
  EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return OrganisationsWithoutAdmin(tx); }).empty());
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return SetOrganisationAdmin(tx, "toeb@verband.example"); }))
      << "only members can be named";

  auto last = db_->Write([&](db::Tx& tx) { return LeaveOrganisation(tx, erika.id); });
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->organisation_deleted);
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return FindOrganisation(tx, *admin.organisation_id); }));
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return LeaveOrganisation(tx, erika.id); }));
}

TEST_P(InvitationTest, DeletingAnAccountDeletesTheInvitationsToItsAddress) {
  auto admin = MakeOrganisation("toeb@verband.example", "Umweltverband e. V.");
  auto erika = MakeUser("erika@example.org");
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(InviteToOrganisation(tx, *admin.organisation_id, admin.id, "erika@example.org", kNow));
    DeleteAccount(tx, erika.id);
  });
  auto rows = db_->Read([&](db::Tx& tx) {
    return tx.QueryOne("SELECT COUNT(*) FROM organisation_invitation WHERE email = ?", {"erika@example.org"})->Int(0);
  });
  EXPECT_EQ(rows, 0);
}

// #14 item 10: a tenant never loses its last administrator by a role's removal, not even by two removals at once.
class RoleTest : public ApiTokenTest {
 protected:
  std::int64_t MakeTenant() {
    auto tenant = db_->Write([&](db::Tx& tx) {
      return tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Grimma", .kind = "gemeinde", .land = "SN"}, kNow);
    });
    EXPECT_TRUE(tenant.has_value());
    return tenant->id;
  }
};

TEST_P(RoleTest, TheLastAdminRoleIsNotRemovedAndTheOutcomeSaysWhy) {
  auto tenant_id = MakeTenant();
  auto erika = MakeUser("erika@example.org");
  auto otto = MakeUser("otto@example.org");
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(Grant(tx, erika.id, tenant_id, Role::kAdmin, kNow));
    ASSERT_TRUE(Grant(tx, otto.id, tenant_id, Role::kEditor, kNow));
  });
  auto revoke = [&](const User& user, Role role) {
    return db_->Write([&](db::Tx& tx) { return Revoke(tx, user.id, tenant_id, role); });
  };
  EXPECT_EQ(revoke(erika, Role::kAdmin), RevokeOutcome::kLastAdmin);
  EXPECT_EQ(revoke(otto, Role::kAdmin), RevokeOutcome::kNotGranted);
  EXPECT_EQ(revoke(otto, Role::kEditor), RevokeOutcome::kRevoked);
  EXPECT_EQ(revoke(otto, Role::kEditor), RevokeOutcome::kNotGranted) << "only once";
  db_->Write([&](db::Tx& tx) { ASSERT_TRUE(Grant(tx, otto.id, tenant_id, Role::kAdmin, kNow)); });
  EXPECT_EQ(revoke(erika, Role::kAdmin), RevokeOutcome::kRevoked) << "another admin remains";
  EXPECT_EQ(revoke(otto, Role::kAdmin), RevokeOutcome::kLastAdmin);
  db_->Read([&](db::Tx& tx) { EXPECT_TRUE(HasRole(tx, otto.id, tenant_id, Role::kAdmin)); });
}

TEST_P(RoleTest, TwoAdminsRemovingEachOtherAtOnceLeaveOne) {
  auto tenant_id = MakeTenant();
  for (int round = 0; round < 10; ++round) {
    auto erika = MakeUser("erika" + std::to_string(round) + "@example.org");
    auto otto = MakeUser("otto" + std::to_string(round) + "@example.org");
    db_->Write([&](db::Tx& tx) {
      tx.Exec("DELETE FROM role_grant WHERE tenant_id = ?", {tenant_id});
      ASSERT_TRUE(Grant(tx, erika.id, tenant_id, Role::kAdmin, kNow));
      ASSERT_TRUE(Grant(tx, otto.id, tenant_id, Role::kAdmin, kNow));
    });
    RevokeOutcome first{};
    RevokeOutcome second{};
    std::thread one([&] { first = db_->Write([&](db::Tx& tx) { return Revoke(tx, erika.id, tenant_id, Role::kAdmin); }); });
    std::thread two([&] { second = db_->Write([&](db::Tx& tx) { return Revoke(tx, otto.id, tenant_id, Role::kAdmin); }); });
    one.join();
    two.join();
    std::vector<RevokeOutcome> outcomes{first, second};
    std::sort(outcomes.begin(), outcomes.end());
    EXPECT_EQ(outcomes, (std::vector<RevokeOutcome>{RevokeOutcome::kRevoked, RevokeOutcome::kLastAdmin}));
    auto admins = db_->Read([&](db::Tx& tx) {
      return tx.QueryOne("SELECT COUNT(*) FROM role_grant WHERE tenant_id = ? AND role = 'admin'", {tenant_id})->Int(0);
    });
    EXPECT_EQ(admins, 1);
  }
}

// #14 item 10: an address change takes effect only by its link, once, with the newest link only, and never onto an
// address another account took in the meantime.
TEST_P(RoleTest, AnAddressChangeNeedsItsLinkAndNeverTakesAnotherAccountsAddress) {
  auto erika = MakeUser("erika@example.org");
  auto own = db_->Write([&](db::Tx& tx) { return StartEmailChange(tx, erika, "ERIKA@example.org", kNow); });
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().field, "new_email");
  auto first = db_->Write([&](db::Tx& tx) { return StartEmailChange(tx, erika, "neu@example.org", kNow); });
  auto second = db_->Write([&](db::Tx& tx) { return StartEmailChange(tx, erika, "neu@example.org", kNow + 1); });
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return ConfirmEmailChange(tx, first->token, kNow + 2); }))
      << "only the newest link works";
  MakeUser("neu@example.org");
  auto taken = db_->Write([&](db::Tx& tx) { return ConfirmEmailChange(tx, second->token, kNow + 3); });
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().kind, ErrorKind::kConflict);
  db_->Read([&](db::Tx& tx) { EXPECT_EQ(FindUserById(tx, erika.id)->email, "erika@example.org"); });

  auto third = db_->Write([&](db::Tx& tx) { return StartEmailChange(tx, erika, "erika.neu@example.org", kNow + 4); });
  ASSERT_TRUE(third);
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) {
    return ConfirmEmailChange(tx, third->token, kNow + 4 + kEmailChangeLifetime);
  })) << "expired";
  auto fourth = db_->Write([&](db::Tx& tx) { return StartEmailChange(tx, erika, "erika.neu@example.org", kNow + 5); });
  auto confirmed = db_->Write([&](db::Tx& tx) { return ConfirmEmailChange(tx, fourth->token, kNow + 6); });
  ASSERT_TRUE(confirmed) << confirmed.error().message;
  EXPECT_EQ(confirmed->user.email, "erika@example.org");
  EXPECT_EQ(confirmed->new_email, "erika.neu@example.org");
  db_->Read([&](db::Tx& tx) { EXPECT_EQ(FindUserById(tx, erika.id)->email, "erika.neu@example.org"); });
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return ConfirmEmailChange(tx, fourth->token, kNow + 7); })) << "once";
}

MW_INSTANTIATE_FOR_ENGINES(CredentialTest);
MW_INSTANTIATE_FOR_ENGINES(RoleTest);
MW_INSTANTIATE_FOR_ENGINES(InvitationTest);

}  // namespace
}  // namespace mw::accounts
