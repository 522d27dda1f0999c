// The storage of the moderators' checks on both engines: networks and criteria are read strictly, signatures are
// grouped per hour by domain and network, and a batch of invalidations and its undo keep the shown count exact —
// also when folds run in between and while signatures are confirmed and folded concurrently.
#include "formats/petitions/abuse_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

TEST(NetworkPrefixTest, IsTheSlash24OrSlash48OfAnAddress) {
  struct Case {
    std::string ip;
    std::string prefix;
  };
  const std::vector<Case> cases{
      {"192.0.2.77", "192.0.2.0/24"},
      {"192.0.2.0", "192.0.2.0/24"},
      {"::ffff:192.0.2.77", "192.0.2.0/24"},
      {"2001:db8:1:2::5", "2001:db8:1::/48"},
      {"2001:db8::1", "2001:db8::/48"},
      {"2001:0DB8:0001:ffff::", "2001:db8:1::/48"},
      {"::1", "::/48"},
      {"", ""},
      {"kein-netz", ""},
      {"192.0.2.300", ""},
  };
  for (const auto& item : cases) EXPECT_EQ(NetworkPrefix(item.ip), item.prefix) << item.ip;
}

TEST(ParseCriteriaTest, NormalisesWhatItAcceptsAndNamesTheFieldOfWhatItRefuses) {
  auto parsed = ParseCriteria(
      {.domain = " @Wegwerf.Example ", .prefix = "198.51.100.9/24", .from = "1780001234", .to = "1780009999"});
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->domain, "wegwerf.example");
  EXPECT_EQ(parsed->prefix, "198.51.100.0/24");
  EXPECT_EQ(parsed->from_hour, 1779998400);
  EXPECT_EQ(parsed->to_hour, 1780009200);
  EXPECT_TRUE(ParseCriteria({}).value().empty());
  EXPECT_EQ(ParseCriteria({.prefix = "2001:db8:1:5::/48"})->prefix, "2001:db8:1::/48");

  struct Case {
    CriteriaInput input;
    std::string field;
  };
  const std::vector<Case> refused{
      {{.prefix = "192.0.2.0/16"}, "prefix"}, {{.prefix = "192.0.2.0"}, "prefix"},
      {{.prefix = "300.0.2.0/24"}, "prefix"}, {{.prefix = "2001:db8::/24"}, "prefix"},
      {{.prefix = "netz/24"}, "prefix"},      {{.domain = "a b.example"}, "domain"},
      {{.domain = "x@y.example"}, "domain"},  {{.domain = ".example"}, "domain"},
      {{.from = "gestern"}, "from"},          {{.to = "-3600"}, "to"},
      {{.from = "7200", .to = "3600"}, "to"},
  };
  for (const auto& item : refused) {
    auto result = ParseCriteria(item.input);
    ASSERT_FALSE(result.has_value()) << item.field;
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
    EXPECT_EQ(result.error().field, item.field);
    EXPECT_FALSE(result.error().message.empty());
  }
}

TEST(ParseCriteriaTest, CriteriaSurviveTheirJson) {
  SignatureCriteria criteria{.domain = "wegwerf.example", .prefix = "2001:db8:1::/48", .from_hour = 3600};
  EXPECT_EQ(CriteriaFromJson(CriteriaJson(criteria)), criteria);
  EXPECT_EQ(CriteriaJson({}), "{}");
}

class AbuseStoreTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    db_->Write([&](db::Tx& tx) {
      tenant_id_ = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_)->id;
      moderator_ = {accounts::CreateConfirmedUser(tx, "mod@example.org", "Mo", "x", now_)->id, "mod@example.org"};
      auto draft =
          CreateDraft(tx, tenant_id_, *moderator_.user_id,
                      {.title = "Mehr Radwege", .demand = "Radweg bauen", .justification = "Sicherheit"}, now_);
      ASSERT_TRUE(SubmitForModeration(tx, draft->id, now_).has_value());
      petition_id_ = Publish(tx, draft->id, now_)->id;
    });
  }

  // A signature of `email` from `ip` at `at`; confirmed if `confirm`. Returns its id.
  std::int64_t Sign(const std::string& email, const std::string& ip, db::UnixSeconds at, bool confirm) {
    ValidSignature signature{.name = "Kim", .email_normalized = email, .postcode = "04668"};
    auto added = db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition_id_, signature, ip, at); });
    EXPECT_TRUE(added.has_value()) << email;
    if (confirm) {
      EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return ConfirmSignature(tx, added->token, at + 60); }).has_value());
    }
    return added->id;
  }

  std::int64_t ShownCount() {
    return db_->Read([&](db::Tx& tx) { return Find(tx, petition_id_)->confirmed_count; });
  }
  void Fold() {
    db_->Write([&](db::Tx& tx) { FoldCounts(tx, now_); });
  }
  std::string StateOf(std::int64_t signature_id) {
    return db_->Read([&](db::Tx& tx) {
      return tx.QueryOne("SELECT state FROM petition_signature WHERE id = ?", {signature_id})->Text(0);
    });
  }
  std::int64_t Confirmed() {
    return db_->Read([&](db::Tx& tx) {
      return tx
          .QueryOne("SELECT COUNT(*) FROM petition_signature WHERE petition_id = ? AND state = 'confirmed'",
                    {petition_id_})
          ->Int(0);
    });
  }
  std::size_t Batches() {
    return db_->Read([&](db::Tx& tx) { return ListInvalidations(tx, petition_id_); }).size();
  }

  // A whole hour, so that the hours of the tests are plain.
  db::UnixSeconds now_ = 1'780'002'000;
  std::int64_t tenant_id_ = 0;
  std::int64_t petition_id_ = 0;
  Actor moderator_;
};

TEST_P(AbuseStoreTest, GroupsSignaturesPerHourByDomainAndNetworkWithTheLargestFirst) {
  db::UnixSeconds hour1 = now_;
  db::UnixSeconds hour2 = now_ + 3600;
  // Hour 1: three people from different places. Hour 2: a wave from one provider out of one /24, and one person.
  Sign("anna@post.example", "192.0.2.10", hour1 + 5, true);
  Sign("ben@mail.example", "2001:db8:1:1::1", hour1 + 600, false);
  Sign("cem@mail.example", "2001:db8:1:2::2", hour1 + 1200, true);
  for (int wave_idx = 0; wave_idx < 6; ++wave_idx) {
    Sign("bot" + std::to_string(wave_idx) + "@wegwerf.example", "198.51.100." + std::to_string(wave_idx + 1),
         hour2 + wave_idx * 60, wave_idx < 2);
  }
  Sign("dora@post.example", "203.0.113.5", hour2 + 3000, true);

  auto overview = db_->Read([&](db::Tx& tx) { return SummariseSignatures(tx, petition_id_, {}, 50); });
  EXPECT_EQ(overview.hours, (std::vector<db::UnixSeconds>{hour1, hour2}));
  EXPECT_EQ(overview.selected.total(), 10);
  EXPECT_EQ(overview.selected.confirmed, 5);
  EXPECT_EQ(overview.selected.pending, 5);
  ASSERT_EQ(overview.by_hour.size(), 2u);
  EXPECT_EQ(overview.by_hour[0].hour, hour2);
  EXPECT_EQ(overview.by_hour[0].counts.total(), 7);

  ASSERT_EQ(overview.by_domain.size(), 4u);
  EXPECT_EQ(overview.by_domain[0].hour, hour2);
  EXPECT_EQ(overview.by_domain[0].key, "wegwerf.example");
  EXPECT_EQ(overview.by_domain[0].counts.pending, 4);
  EXPECT_EQ(overview.by_domain[0].counts.confirmed, 2);
  EXPECT_EQ(overview.by_domain[1].key, "mail.example") << "two in hour 1 before the singles";
  EXPECT_EQ(overview.by_domain[1].counts.total(), 2);

  ASSERT_FALSE(overview.by_prefix.empty());
  EXPECT_EQ(overview.by_prefix[0].key, "198.51.100.0/24");
  EXPECT_EQ(overview.by_prefix[0].counts.total(), 6);
  EXPECT_EQ(overview.by_prefix[1].key, "2001:db8:1::/48") << "two IPv6 addresses of one /48 are one network";
  EXPECT_EQ(overview.by_prefix[1].counts.total(), 2);

  // Filters narrow every list; the hours to choose from stay.
  auto post =
      db_->Read([&](db::Tx& tx) { return SummariseSignatures(tx, petition_id_, {.domain = "post.example"}, 50); });
  EXPECT_EQ(post.selected.total(), 2);
  EXPECT_EQ(post.by_prefix.size(), 2u);
  EXPECT_EQ(post.hours.size(), 2u);
  auto network_in_hour2 = db_->Read([&](db::Tx& tx) {
    return SummariseSignatures(tx, petition_id_, {.prefix = "198.51.100.0/24", .from_hour = hour2, .to_hour = hour2},
                               50);
  });
  EXPECT_EQ(network_in_hour2.selected.total(), 6);
  ASSERT_EQ(network_in_hour2.by_domain.size(), 1u);
  EXPECT_EQ(network_in_hour2.by_domain[0].key, "wegwerf.example");
  auto hour1_only =
      db_->Read([&](db::Tx& tx) { return SummariseSignatures(tx, petition_id_, {.to_hour = hour1}, 50); });
  EXPECT_EQ(hour1_only.selected.total(), 3);
  auto limited = db_->Read([&](db::Tx& tx) { return SummariseSignatures(tx, petition_id_, {}, 1); });
  ASSERT_EQ(limited.by_domain.size(), 1u);
  EXPECT_EQ(limited.by_domain[0].key, "wegwerf.example");
}

TEST_P(AbuseStoreTest, AnonymisedSignaturesFormOneUnknownGroup) {
  // After the retention period a signature keeps its state and time but loses address and IP.
  for (const auto* email : {"a@post.example", "b@post.example"}) {
    std::int64_t id = Sign(email, "192.0.2.1", now_, true);
    db_->Write([&](db::Tx& tx) {
      tx.Exec("UPDATE petition_signature SET email_normalized = ?, ip = '' WHERE id = ?",
              {"deleted:" + std::to_string(id), id});
    });
  }
  auto overview = db_->Read([&](db::Tx& tx) { return SummariseSignatures(tx, petition_id_, {}, 50); });
  ASSERT_EQ(overview.by_domain.size(), 1u);
  EXPECT_EQ(overview.by_domain[0].key, "");
  EXPECT_EQ(overview.by_domain[0].counts.confirmed, 2);
  ASSERT_EQ(overview.by_prefix.size(), 1u);
  EXPECT_EQ(overview.by_prefix[0].key, "");
}

TEST_P(AbuseStoreTest, InvalidationAndUndoKeepTheShownCountExactAcrossFolds) {
  std::int64_t folded = Sign("a@wegwerf.example", "198.51.100.1", now_, true);
  std::int64_t other = Sign("d@post.example", "192.0.2.1", now_, true);
  Fold();
  std::int64_t unfolded = Sign("b@wegwerf.example", "198.51.100.2", now_ + 10, true);
  std::int64_t pending = Sign("c@wegwerf.example", "198.51.100.3", now_ + 20, false);
  ASSERT_EQ(ShownCount(), 2);

  auto batch = db_->Write([&](db::Tx& tx) {
    return InvalidateSignatures(tx, petition_id_, {.domain = "wegwerf.example"}, "  Wegwerfadressen  ", moderator_,
                                now_ + 100);
  });
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  EXPECT_EQ(batch->signature_count, 3);
  EXPECT_EQ(batch->confirmed_count, 2);
  EXPECT_EQ(batch->reason, "Wegwerfadressen");
  EXPECT_EQ(batch->actor_label, "mod@example.org");
  EXPECT_EQ(batch->criteria.domain, "wegwerf.example");
  EXPECT_FALSE(batch->reverted_at.has_value());
  EXPECT_EQ(ShownCount(), 1) << "the folded one is subtracted at once";
  for (auto id : {folded, unfolded, pending}) EXPECT_EQ(StateOf(id), "invalidated");
  EXPECT_EQ(StateOf(other), "confirmed");

  // A fold between invalidation and undo takes none of the invalidated signatures.
  Fold();
  EXPECT_EQ(ShownCount(), 1);
  // Nor does a second batch over the same group.
  auto again = db_->Write([&](db::Tx& tx) {
    return InvalidateSignatures(tx, petition_id_, {.domain = "wegwerf.example"}, "Nochmal", moderator_, now_ + 150);
  });
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().field, "criteria");
  EXPECT_EQ(Batches(), 1u);

  auto undone = db_->Write([&](db::Tx& tx) { return RevertInvalidation(tx, batch->id, moderator_, now_ + 200); });
  ASSERT_TRUE(undone.has_value()) << undone.error().message;
  EXPECT_EQ(undone->reverted_at, now_ + 200);
  EXPECT_EQ(undone->reverted_by_label, "mod@example.org");
  EXPECT_EQ(StateOf(folded), "confirmed");
  EXPECT_EQ(StateOf(unfolded), "confirmed");
  EXPECT_EQ(StateOf(pending), "pending");
  EXPECT_EQ(ShownCount(), 2) << "the folded one is back; the other waits for the fold";
  Fold();
  EXPECT_EQ(ShownCount(), 3);
  EXPECT_EQ(ShownCount(), Confirmed());
  Fold();
  EXPECT_EQ(ShownCount(), 3) << "nothing counted twice";

  // The pending one can still be confirmed after the undo.
  auto twice = db_->Write([&](db::Tx& tx) { return RevertInvalidation(tx, batch->id, moderator_, now_ + 300); });
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(ShownCount(), 3);
  auto unknown = db_->Write([&](db::Tx& tx) { return RevertInvalidation(tx, batch->id + 100, moderator_, now_); });
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kNotFound);
}

TEST_P(AbuseStoreTest, ANetworkAndAnHourRangeSelectExactlyTheirSignatures) {
  std::int64_t inside = Sign("x1@a.example", "198.51.100.7", now_ + 3600, true);
  std::int64_t other_hour = Sign("x2@a.example", "198.51.100.8", now_, true);
  std::int64_t other_network = Sign("x3@a.example", "198.51.101.7", now_ + 3700, true);
  Fold();
  auto batch = db_->Write([&](db::Tx& tx) {
    return InvalidateSignatures(tx, petition_id_,
                                {.prefix = "198.51.100.0/24", .from_hour = now_ + 3600, .to_hour = now_ + 3600},
                                "Serienunterschriften", moderator_, now_ + 7200);
  });
  ASSERT_TRUE(batch.has_value()) << batch.error().message;
  EXPECT_EQ(batch->signature_count, 1);
  EXPECT_EQ(StateOf(inside), "invalidated");
  EXPECT_EQ(StateOf(other_hour), "confirmed");
  EXPECT_EQ(StateOf(other_network), "confirmed");
  EXPECT_EQ(ShownCount(), 2);
}

TEST_P(AbuseStoreTest, RefusedInvalidationsWriteNothing) {
  std::int64_t signature = Sign("a@wegwerf.example", "198.51.100.1", now_, true);
  Fold();
  struct Case {
    std::string name;
    std::int64_t petition_id;
    SignatureCriteria criteria;
    std::string reason;
    ErrorKind kind;
    std::string field;
  };
  const SignatureCriteria group{.domain = "wegwerf.example"};
  const std::vector<Case> cases{
      {"empty reason", petition_id_, group, "   ", ErrorKind::kInvalid, "reason"},
      {"overlong reason", petition_id_, group, std::string(1001, 'x'), ErrorKind::kInvalid, "reason"},
      {"no criteria", petition_id_, {}, "Grund", ErrorKind::kInvalid, "criteria"},
      {"empty group", petition_id_, {.domain = "niemand.example"}, "Grund", ErrorKind::kInvalid, "criteria"},
      {"unknown petition", petition_id_ + 100, group, "Grund", ErrorKind::kNotFound, ""},
  };
  for (const auto& item : cases) {
    auto result = db_->Write([&](db::Tx& tx) {
      return InvalidateSignatures(tx, item.petition_id, item.criteria, item.reason, moderator_, now_);
    });
    ASSERT_FALSE(result.has_value()) << item.name;
    EXPECT_EQ(result.error().kind, item.kind) << item.name;
    EXPECT_EQ(result.error().field, item.field) << item.name;
  }
  EXPECT_EQ(Batches(), 0u);
  EXPECT_EQ(StateOf(signature), "confirmed");
  EXPECT_EQ(ShownCount(), 1);
  // Exactly 1000 characters (of two bytes each) are allowed.
  std::string longest;
  for (std::size_t char_idx = 0; char_idx < kMaxInvalidationReasonChars; ++char_idx) longest += "ä";
  EXPECT_TRUE(
      db_->Write([&](db::Tx& tx) { return InvalidateSignatures(tx, petition_id_, group, longest, moderator_, now_); })
          .has_value());
}

TEST_P(AbuseStoreTest, InvalidatingWhileSignaturesAreConfirmedAndFoldedStaysExact) {
  constexpr int kSigners = 40;
  std::vector<std::string> tokens;
  for (int signer_idx = 0; signer_idx < kSigners; ++signer_idx) {
    ValidSignature signature{.name = "Kim",
                             .email_normalized = "s" + std::to_string(signer_idx) +
                                                 (signer_idx % 2 == 0 ? "@wegwerf.example" : "@post.example"),
                             .postcode = "04668"};
    tokens.push_back(
        db_->Write([&](db::Tx& tx) { return AddSignature(tx, petition_id_, signature, "192.0.2.1", now_); })->token);
  }
  std::atomic<bool> done{false};
  std::thread folder([&] {
    while (!done.load()) Fold();
  });
  std::thread confirmer([&] {
    for (const auto& token : tokens) db_->Write([&](db::Tx& tx) { (void)ConfirmSignature(tx, token, now_ + 1); });
  });
  std::thread moderator([&] {
    // Invalidate and undo the even signers again and again while they are confirmed and folded.
    for (int round_idx = 0; round_idx < 6; ++round_idx) {
      auto batch = db_->Write([&](db::Tx& tx) {
        return InvalidateSignatures(tx, petition_id_, {.domain = "wegwerf.example"}, "Test", moderator_, now_ + 2);
      });
      if (batch) {
        db_->Write(
            [&](db::Tx& tx) { EXPECT_TRUE(RevertInvalidation(tx, batch->id, moderator_, now_ + 3).has_value()); });
      }
    }
    auto final_batch = db_->Write([&](db::Tx& tx) {
      return InvalidateSignatures(tx, petition_id_, {.domain = "wegwerf.example"}, "Ende", moderator_, now_ + 4);
    });
    EXPECT_TRUE(final_batch.has_value());
  });
  confirmer.join();
  moderator.join();
  done = true;
  folder.join();
  Fold();
  EXPECT_EQ(ShownCount(), Confirmed());
  EXPECT_GE(ShownCount(), kSigners / 2);
  // Signatures confirmed after the last batch are still valid; every one of the batch is invalid.
  auto remaining = db_->Read(
      [&](db::Tx& tx) { return SummariseSignatures(tx, petition_id_, {.domain = "wegwerf.example"}, 50).selected; });
  EXPECT_EQ(remaining.total(), kSigners / 2);
  EXPECT_EQ(ShownCount(), kSigners / 2 + remaining.confirmed);
}

MW_INSTANTIATE_FOR_ENGINES(AbuseStoreTest);

}  // namespace
}  // namespace mw::petitions
