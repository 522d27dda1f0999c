// Storage of procedures and statements on both engines: drafts, phases, listing, reference numbers per tenant and
// year, the late flag, withdrawal.
#include "formats/procedures/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <vector>

#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/test_db.hpp"

namespace mw::procedures {
namespace {

class ProcedureStoreTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    db_->Write([&](db::Tx& tx) {
      tenant_id_ = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_)->id;
      other_tenant_id_ = tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_)->id;
      user_id_ = accounts::CreateConfirmedUser(tx, "kim@example.org", "Kim Muster", "x", now_)->id;
    });
  }

  Procedure Draft(std::int64_t tenant_id, std::string title = "Windpark Grimma") {
    ProcedureInput input{.type = Type::kBimschg,
                         .title = std::move(title),
                         .description = "Errichtung von vier Windenergieanlagen",
                         .display_start = {2025, 10, 6},
                         .geometry = R"({"type":"Point","coordinates":[12.72,51.24]})"};
    auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
    return db_->Write([&](db::Tx& tx) { return Create(tx, tenant_id, user_id_, input, *dates, now_); });
  }

  Statement SubmitText(const Procedure& procedure, std::string text, db::UnixSeconds received_at) {
    Submission submission{.input = {.text = std::move(text), .name = "Kim Muster", .address = "Markt 1, Grimma"},
                          .user_id = user_id_,
                          .received_at = received_at};
    return db_->Write([&](db::Tx& tx) { return Submit(tx, procedure, submission, now_); });
  }

  db::UnixSeconds now_ = 1'760'000'000;  // 2025-10-09
  std::int64_t tenant_id_ = 0;
  std::int64_t other_tenant_id_ = 0;
  std::int64_t user_id_ = 0;
};

TEST_P(ProcedureStoreTest, CreatesADraftWithItsDates) {
  Procedure draft = Draft(tenant_id_);
  EXPECT_EQ(draft.phase, Phase::kDraft);
  EXPECT_EQ(draft.display_end, (law::Date{2025, 11, 5}));
  EXPECT_EQ(draft.objection_end, (law::Date{2025, 11, 20}));
  EXPECT_EQ(draft.closes_at, EndOfDay({2025, 11, 20}));
  EXPECT_FALSE(draft.explanation.empty());
  ASSERT_TRUE(draft.lat.has_value());
  EXPECT_DOUBLE_EQ(*draft.lat, 51.24);
  auto found = db_->Read([&](db::Tx& tx) { return Find(tx, draft.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->title, "Windpark Grimma");
  EXPECT_EQ(found->explanation, draft.explanation);
}

TEST_P(ProcedureStoreTest, PhasesFollowTheLifecycle) {
  Procedure draft = Draft(tenant_id_);
  auto decided = db_->Write([&](db::Tx& tx) { return SetPhase(tx, draft.id, Phase::kDecided, now_); });
  ASSERT_FALSE(decided.has_value());
  EXPECT_EQ(decided.error().kind, ErrorKind::kConflict);
  auto published = db_->Write([&](db::Tx& tx) { return SetPhase(tx, draft.id, Phase::kPublished, now_); });
  ASSERT_TRUE(published.has_value());
  EXPECT_EQ(published->published_at, now_);
  EXPECT_EQ(published->StatusOn({2025, 10, 10}), Status::kParticipation);
  auto done = db_->Write([&](db::Tx& tx) { return SetPhase(tx, draft.id, Phase::kDecided, now_ + 10,
                    {.outcome = Outcome::kRejected, .operative_part = " Abgelehnt ", .remedies = " Widerspruch … "}); });
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->decision_text, "Abgelehnt");
  EXPECT_EQ(done->decision_outcome, Outcome::kRejected);
  EXPECT_EQ(done->decision_remedies, "Widerspruch …");
  EXPECT_FALSE(done->decision_conditions);
  EXPECT_EQ(done->decided_at, now_ + 10);
  auto stored = db_->Read([&](db::Tx& tx) { return Find(tx, draft.id); });
  EXPECT_EQ(stored->decision_outcome, Outcome::kRejected);
  EXPECT_EQ(stored->decision_remedies, "Widerspruch …");
}

TEST_P(ProcedureStoreTest, ListsPublicProceduresWithFilters) {
  Procedure a = Draft(tenant_id_, "Windpark Grimma");
  Procedure b = Draft(other_tenant_id_, "Umgehungsstraße Naunhof");
  Draft(tenant_id_, "Noch ein Entwurf");
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(SetPhase(tx, a.id, Phase::kPublished, now_).has_value());
    ASSERT_TRUE(SetPhase(tx, b.id, Phase::kPublished, now_).has_value());
  });
  auto all = db_->Read([&](db::Tx& tx) { return List(tx, {}); });
  EXPECT_EQ(all.size(), 2u);
  auto grimma = db_->Read([&](db::Tx& tx) { return List(tx, {.tenant_id = tenant_id_}); });
  ASSERT_EQ(grimma.size(), 1u);
  EXPECT_EQ(grimma[0].id, a.id);
  auto with_drafts = db_->Read([&](db::Tx& tx) { return List(tx, {.tenant_id = tenant_id_, .public_only = false}); });
  EXPECT_EQ(with_drafts.size(), 2u);
  auto text = db_->Read([&](db::Tx& tx) { return List(tx, {.text = "NAUNHOF"}); });
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0].id, b.id);
  auto open = db_->Read([&](db::Tx& tx) { return List(tx, {.open_on = law::Date{2025, 11, 20}}); });
  EXPECT_EQ(open.size(), 2u);
  auto closed = db_->Read([&](db::Tx& tx) { return List(tx, {.open_on = law::Date{2025, 11, 21}}); });
  EXPECT_TRUE(closed.empty());
  auto region = db_->Read([&](db::Tx& tx) { return List(tx, {.tenant_ids = {other_tenant_id_}}); });
  ASSERT_EQ(region.size(), 1u);
  EXPECT_EQ(region[0].id, b.id);
}

// Searching once for the page and its count: the ids found replace the text, narrowed by ids already given (a
// place), and nothing changes when too many procedures match or the text is too short for the trigram indexes.
TEST_P(ProcedureStoreTest, TextSearchedOnceNarrowsGivenIdsAndStepsAsideWhenTooMany) {
  Procedure wind = Draft(tenant_id_, "Windpark Grimma");
  Procedure road = Draft(other_tenant_id_, "Umgehungsstraße Naunhof");
  db_->Read([&](db::Tx& tx) {
    ListFilter both = WithTextMatched(tx, {.text = "energieanlage"});
    EXPECT_TRUE(both.text.empty());
    ASSERT_TRUE(both.ids.has_value());
    EXPECT_EQ(std::set<std::int64_t>(both.ids->begin(), both.ids->end()), (std::set<std::int64_t>{wind.id, road.id}));
    ListFilter placed = WithTextMatched(tx, {.text = "energieanlage", .ids = std::vector<std::int64_t>{road.id, 999}});
    EXPECT_EQ(placed.ids, std::vector<std::int64_t>{road.id});
    ListFilter many = WithTextMatched(tx, {.text = "energieanlage"}, /*max_matches=*/1);
    EXPECT_EQ(many.text, "energieanlage");
    EXPECT_FALSE(many.ids.has_value());
    ListFilter none = WithTextMatched(tx, {.text = "xyzzy-nirgends"});
    ASSERT_TRUE(none.ids.has_value());
    EXPECT_TRUE(none.ids->empty());
    EXPECT_EQ(Count(tx, none), 0);
    EXPECT_EQ(WithTextMatched(tx, {.text = "wi"}).text, "wi");
  });
}

// The overview's search finds what a visitor typed anywhere in a title or description — inside a compound, in any
// case — from the index of migration 0220 on SQLite (three characters or more) and the trigram indexes on PostgreSQL,
// follows every edit of the texts at once, and takes a quote or a short word as plain text.
TEST_P(ProcedureStoreTest, TextSearchFindsPartsOfWordsAndFollowsEdits) {
  Procedure wind = Draft(tenant_id_, "Windpark Grimma");  // "Errichtung von vier Windenergieanlagen"
  Procedure road = Draft(other_tenant_id_, "Umgehungsstraße Naunhof");
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(SetPhase(tx, wind.id, Phase::kPublished, now_).has_value());
    ASSERT_TRUE(SetPhase(tx, road.id, Phase::kPublished, now_).has_value());
  });
  auto ids = [&](const std::string& text) {
    return db_->Read([&](db::Tx& tx) {
      std::vector<std::int64_t> out;
      for (const auto& procedure : List(tx, {.text = text})) out.push_back(procedure.id);
      EXPECT_EQ(Count(tx, {.text = text}), static_cast<std::int64_t>(out.size())) << text;
      // The overview searches once and lists and counts the ids it found: the same answer.
      ListFilter matched = WithTextMatched(tx, {.text = text});
      std::vector<std::int64_t> again;
      for (const auto& procedure : List(tx, matched)) again.push_back(procedure.id);
      EXPECT_EQ(again, out) << text;
      EXPECT_EQ(Count(tx, matched), static_cast<std::int64_t>(out.size())) << text;
      return out;
    });
  };
  using Ids = std::vector<std::int64_t>;
  EXPECT_EQ(ids("energieanlage").size(), 2u);  // inside a compound of the description both share
  EXPECT_EQ(ids("WINDPARK"), Ids{wind.id});
  EXPECT_EQ(ids("gehungsstraße n"), Ids{road.id});  // across words, as typed
  EXPECT_EQ(ids("straße grimma"), Ids{});
  EXPECT_EQ(ids("Wind\"park"), Ids{});  // a quote is a character, not syntax
  EXPECT_EQ(ids("of").size(), 1u);       // too short for a trigram: still found ("Naunhof")

  db_->Write([&](db::Tx& tx) {
    ProcedureInput input{.type = wind.type,
                         .title = "Solarpark Grimma",
                         .description = "Freiflächenanlage",
                         .display_start = wind.display_start,
                         .geometry = wind.geometry};
    auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
    ASSERT_TRUE(Update(tx, wind.id, input, *dates, now_).has_value());
  });
  EXPECT_EQ(ids("Windpark"), Ids{});
  EXPECT_EQ(ids("solarpark"), Ids{wind.id});
  EXPECT_EQ(ids("flächenanl"), Ids{wind.id});
  EXPECT_EQ(ids("energieanlage"), Ids{road.id});
}

// The status filter in SQL gives what Procedure::StatusOn gives in C++, on every day around the periods, and Count
// agrees with the rows; paging holds (the overview used to filter the status in C++ over the newest 2,000 rows only).
TEST_P(ProcedureStoreTest, StatusFilterAndCountAgreeWithStatusOnOnEveryDay) {
  // Displays from 6.10.2025 (objections until 20.11.2025, Buß- und Bettag moves nothing here), in every phase.
  std::vector<Procedure> all;
  for (int index = 0; index < 12; ++index) all.push_back(Draft(index % 2 ? tenant_id_ : other_tenant_id_));
  const std::vector<Phase> phases{Phase::kDraft,     Phase::kPublished, Phase::kPublished, Phase::kPublished,
                                  Phase::kPublished, Phase::kHearing,   Phase::kDecided,   Phase::kArchived,
                                  Phase::kPublished, Phase::kDecided,   Phase::kHearing,   Phase::kPublished};
  db_->Write([&](db::Tx& tx) {
    for (std::size_t index = 0; index < all.size(); ++index) {
      auto walk = [&](std::vector<Phase> path) {
        for (Phase phase : path) ASSERT_TRUE(SetPhase(tx, all[index].id, phase, now_).has_value());
      };
      switch (phases[index]) {
        case Phase::kDraft:
          break;
        case Phase::kPublished:
          walk({Phase::kPublished});
          break;
        case Phase::kHearing:
          walk({Phase::kPublished, Phase::kHearing});
          break;
        case Phase::kDecided:
          walk({Phase::kPublished, Phase::kDecided});
          break;
        case Phase::kArchived:
          walk({Phase::kPublished, Phase::kDecided, Phase::kArchived});
          break;
      }
      all[index] = *Find(tx, all[index].id);
    }
  });
  for (law::Date day : {law::Date{2025, 10, 5}, law::Date{2025, 10, 6}, law::Date{2025, 11, 20}, law::Date{2025, 11, 21},
                        law::Date{2026, 3, 1}}) {
    for (Status status : {Status::kDraft, Status::kAnnounced, Status::kParticipation, Status::kEvaluation,
                          Status::kHearing, Status::kDecided, Status::kArchived}) {
      std::vector<std::int64_t> expected;
      for (const auto& procedure : all) {
        if (procedure.StatusOn(day) == status) expected.push_back(procedure.id);
      }
      std::ranges::sort(expected, std::greater<>());  // same display start: newest id first
      ListFilter filter{.public_only = false, .status = status, .status_on = day};
      std::vector<std::int64_t> listed;
      for (const auto& procedure : db_->Read([&](db::Tx& tx) { return List(tx, filter); })) {
        listed.push_back(procedure.id);
      }
      EXPECT_EQ(listed, expected) << law::FormatIso(day) << " " << StatusName(status);
      EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Count(tx, filter); }), static_cast<std::int64_t>(expected.size()));
    }
  }
  // Paging: three at a time through the published ones in participation on 1.11.2025, the count unchanged.
  ListFilter page{.status = Status::kParticipation, .status_on = {2025, 11, 1}, .limit = 3};
  std::vector<std::int64_t> paged;
  for (page.offset = 0; page.offset < 9; page.offset += 3) {
    for (const auto& procedure : db_->Read([&](db::Tx& tx) { return List(tx, page); })) paged.push_back(procedure.id);
    EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Count(tx, page); }), 6);
  }
  EXPECT_EQ(paged.size(), 6u);
  std::ranges::sort(paged);
  EXPECT_EQ(std::ranges::adjacent_find(paged), paged.end()) << "no procedure on two pages";
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return Count(tx, {.tenant_id = tenant_id_}); }), 6) << "not the draft";
}

TEST_P(ProcedureStoreTest, StatementsGetReferencesWithTheTenantsPrefixPerYearAndALateFlag) {
  Procedure grimma = Draft(tenant_id_);
  Procedure naunhof = Draft(other_tenant_id_);
  db::UnixSeconds in_time = EndOfDay({2025, 11, 20}) - 1;
  Statement first = SubmitText(grimma, "Ich erhebe Einwendungen.", in_time);
  Statement second = SubmitText(grimma, "Zweite Einwendung.", in_time);
  Statement other = SubmitText(naunhof, "Andere Behörde.", in_time);
  Statement late = SubmitText(grimma, "Zu spät.", in_time + 1);
  Statement next_year = SubmitText(grimma, "Im neuen Jahr.", EndOfDay({2025, 12, 31}));
  EXPECT_EQ(first.reference, "GRI-2025-00001");
  EXPECT_EQ(second.reference, "GRI-2025-00002");
  EXPECT_EQ(other.reference, "NAU-2025-00001");
  EXPECT_EQ(late.reference, "GRI-2025-00003");
  EXPECT_EQ(next_year.reference, "GRI-2026-00001");
  EXPECT_FALSE(first.late);
  EXPECT_TRUE(late.late);
  EXPECT_TRUE(next_year.late);
  EXPECT_EQ(first.sha256, ContentSha256("Ich erhebe Einwendungen."));
  EXPECT_EQ(first.received_at, in_time);
  auto listed = db_->Read([&](db::Tx& tx) { return StatementsOf(tx, grimma.id); });
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].id, first.id);
  auto mine = db_->Read([&](db::Tx& tx) { return StatementsByUser(tx, user_id_); });
  EXPECT_EQ(mine.size(), 5u);
}

// #14 item 4: two authorities never hand out the same reference, even when their slugs begin alike, and the database
// refuses a second statement with a reference another tenant already gave.
TEST_P(ProcedureStoreTest, TwoTenantsStatementsNeverShareAReference) {
  const auto grimma_nord = db_->Write([&](db::Tx& tx) {
    return tenancy::CreateTenant(tx, {.slug = "stadt-grimmaer-land", .name = "Grimmaer Land", .land = "SN"}, now_)->id;
  });
  Procedure grimma = Draft(tenant_id_);
  Procedure nord = Draft(grimma_nord);
  Procedure naunhof = Draft(other_tenant_id_);
  db::UnixSeconds in_time = EndOfDay({2025, 11, 20}) - 1;
  std::vector<std::string> references;
  for (int round = 0; round < 3; ++round) {
    for (const Procedure* procedure : {&grimma, &nord, &naunhof}) {
      references.push_back(SubmitText(*procedure, "Einwendung " + std::to_string(round), in_time).reference);
    }
  }
  std::vector<std::string> sorted = references;
  std::ranges::sort(sorted);
  EXPECT_EQ(std::ranges::adjacent_find(sorted), sorted.end()) << "a reference was handed out twice";
  EXPECT_EQ(references[0], "GRI-2025-00001");
  EXPECT_EQ(references[1], "GRI2-2025-00001");  // "GRI" was taken: the next candidate, kept from now on
  EXPECT_EQ(references[4], "GRI2-2025-00002");
  // The prefix is chosen once: renaming the slug does not change it.
  db_->Write([&](db::Tx& tx) { tx.Exec("UPDATE tenant SET slug = 'neu' WHERE id = ?", {grimma_nord}); });
  EXPECT_EQ(SubmitText(nord, "Nach der Umbenennung", in_time).reference, "GRI2-2025-00004");
  // The constraint itself: another tenant's statement with a reference already issued is refused.
  EXPECT_THROW(db_->Write([&](db::Tx& tx) {
                 tx.Exec("INSERT INTO procedure_statement (procedure_id, tenant_id, reference, channel, text, "
                         "received_at, sha256, created_at, reference_prefix) "
                         "VALUES (?, ?, 'GRI-2025-00001', 'paper', 'x', ?, '', ?, 'NAU')",
                         {naunhof.id, other_tenant_id_, now_, now_});
               }),
               db::ConstraintError);
}

// References issued before the prefixes ("2025-00007", per tenant only) stay as they are and stay unique per tenant;
// two tenants may hold the same old one, and new references never collide with them.
TEST_P(ProcedureStoreTest, OldReferencesStayAndNewOnesContinueTheCount) {
  Procedure grimma = Draft(tenant_id_);
  Procedure naunhof = Draft(other_tenant_id_);
  db::UnixSeconds in_time = EndOfDay({2025, 11, 20}) - 1;
  db_->Write([&](db::Tx& tx) {
    for (const Procedure* procedure : {&grimma, &naunhof}) {
      tx.Exec("INSERT INTO procedure_statement (procedure_id, tenant_id, reference, channel, text, received_at, "
              "sha256, created_at) VALUES (?, ?, '2025-00007', 'paper', 'Alt', ?, '', ?)",
              {procedure->id, procedure->tenant_id, in_time, now_});
      tx.Exec("INSERT INTO procedure_reference_counter (tenant_id, year, last) VALUES (?, 2025, 7)",
              {procedure->tenant_id});
    }
  });
  EXPECT_EQ(SubmitText(grimma, "Neu", in_time).reference, "GRI-2025-00008");
  auto listed = db_->Read([&](db::Tx& tx) { return StatementsOf(tx, grimma.id); });
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference, "2025-00007");
}

TEST_P(ProcedureStoreTest, SubmittersWithdrawTheirOwnStatementsOnce) {
  Procedure procedure = Draft(tenant_id_);
  Statement statement = SubmitText(procedure, "Einwendung", now_);
  auto stranger = db_->Write([&](db::Tx& tx) { return Withdraw(tx, statement.id, user_id_ + 100, now_); });
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().kind, ErrorKind::kNotFound);
  auto withdrawn = db_->Write([&](db::Tx& tx) { return Withdraw(tx, statement.id, user_id_, now_ + 5); });
  ASSERT_TRUE(withdrawn.has_value());
  EXPECT_TRUE(withdrawn->withdrawn);
  EXPECT_EQ(withdrawn->withdrawn_at, now_ + 5);
  auto again = db_->Write([&](db::Tx& tx) { return Withdraw(tx, statement.id, user_id_, now_ + 6); });
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
}

MW_INSTANTIATE_FOR_ENGINES(ProcedureStoreTest);

}  // namespace
}  // namespace mw::procedures
