#include "platform/audit/audit.hpp"

#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace mw::audit {
namespace {

class AuditTest : public mw::testing::EngineTest {};

TEST_P(AuditTest, RecordsAndPagesNewestFirstPerTenant) {
  db_->Write([](db::Tx& tx) {
    for (int entry_idx = 0; entry_idx < 5; ++entry_idx) {
      Record(tx, {.actor_label = "cli", .tenant_id = entry_idx % 2, .action = "test." + std::to_string(entry_idx)},
             1'000 + entry_idx);
    }
  });
  auto tenant_one = db_->Read([](db::Tx& tx) { return List(tx, 1, 0, 10); });
  ASSERT_EQ(tenant_one.size(), 2u);
  EXPECT_EQ(tenant_one[0].action, "test.3");
  EXPECT_EQ(tenant_one[1].action, "test.1");
  EXPECT_EQ(tenant_one[0].at, 1'003);
  auto page = db_->Read([](db::Tx& tx) { return List(tx, std::nullopt, 0, 2); });
  ASSERT_EQ(page.size(), 2u);
  auto next = db_->Read([&](db::Tx& tx) { return List(tx, std::nullopt, page.back().id, 10); });
  ASSERT_EQ(next.size(), 3u);
  EXPECT_EQ(next.front().action, "test.2");
}

TEST_P(AuditTest, TheLogIsAppendOnly) {
  db_->Write([](db::Tx& tx) { Record(tx, {.actor_label = "cli", .action = "tenant.create"}, 1'000); });
  EXPECT_ANY_THROW(db_->Write([](db::Tx& tx) { tx.Exec("UPDATE audit_log SET action = 'nichts'", {}); }));
  EXPECT_ANY_THROW(db_->Write([](db::Tx& tx) { tx.Exec("DELETE FROM audit_log", {}); }));
  auto entries = db_->Read([](db::Tx& tx) { return List(tx, std::nullopt, 0, 10); });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries.front().action, "tenant.create");
}

MW_INSTANTIATE_FOR_ENGINES(AuditTest);

}  // namespace
}  // namespace mw::audit
