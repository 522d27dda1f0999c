// The back office's storage on both engines: German full-text search, inbox filters and sort, work state, tags,
// sections with responses, RespondToStatements, text blocks, the weighing table.
#include "formats/procedures/backoffice_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "formats/procedures/handlers.hpp"
#include "formats/procedures/search.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/test_db.hpp"

namespace mw::procedures {
namespace {

class BackofficeStoreTest : public mw::testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    db_->Write([&](db::Tx& tx) {
      tenant_id_ = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now_)->id;
      other_tenant_id_ = tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_)->id;
      worker_ = *accounts::CreateConfirmedUser(tx, "sb@example.org", "Sam Bearbeiter", "x", now_);
    });
    ProcedureInput input{.type = Type::kBimschg,
                         .title = "Windpark Grimma",
                         .description = "Vier Windenergieanlagen",
                         .display_start = {2025, 10, 6}};
    auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
    procedure_ = db_->Write([&](db::Tx& tx) { return Create(tx, tenant_id_, std::nullopt, input, *dates, now_); });
  }

  Statement Add(std::string text, std::string name, db::UnixSeconds received_at,
                Channel channel = Channel::kOnline) {
    Submission submission{.input = {.text = std::move(text), .name = std::move(name), .address = "Markt 1"},
                          .channel = channel,
                          .received_at = received_at};
    return db_->Write([&](db::Tx& tx) { return Submit(tx, procedure_, submission, now_); });
  }

  // The authors listed by the inbox of `procedure` (default: procedure_), read in a snapshot: nothing is indexed on
  // the way, what Submit stored must be searchable as it is.
  std::vector<std::string> References(const InboxFilter& filter, std::optional<std::int64_t> procedure = {}) {
    auto page = db_->Read([&](db::Tx& tx) { return ListInbox(tx, procedure.value_or(procedure_.id), filter); });
    std::vector<std::string> out;
    for (const auto& row : page.rows) out.push_back(row.statement.author_name);
    return out;
  }

  db::UnixSeconds now_ = 1'760'000'000;  // 2025-10-09
  std::int64_t tenant_id_ = 0;
  std::int64_t other_tenant_id_ = 0;
  accounts::User worker_;
  Procedure procedure_;
};

TEST_P(BackofficeStoreTest, SearchFindsGermanWordForms) {
  Add("Die Windenergieanlage steht zu nah an unserem Haus.", "Anna", now_);
  Add("Viele alte Bäume würden gefällt, der Rotmilan ist gefährdet.", "Bernd", now_ + 1);
  Add("Wir sind durch den Lärm der Straße belästigt; Lärmschutzwände fehlen.", "Clara", now_ + 2);
  EXPECT_EQ(References({.text = "Windenergieanlagen"}), (std::vector<std::string>{"Anna"}));
  EXPECT_EQ(References({.text = "Baum"}), (std::vector<std::string>{"Bernd"}));
  EXPECT_EQ(References({.text = "gefährdet Rotmilan"}), (std::vector<std::string>{"Bernd"}));
  EXPECT_EQ(References({.text = "Lärm"}), (std::vector<std::string>{"Clara"}));
  EXPECT_EQ(References({.text = "Lärmschutzwand"}), (std::vector<std::string>{"Clara"}));
  EXPECT_EQ(References({.text = "Straßen"}), (std::vector<std::string>{"Clara"}));
  EXPECT_TRUE(References({.text = "Kernkraftwerk"}).empty());
  EXPECT_TRUE(References({.text = "?!"}).empty());
  // A statement is searchable as soon as it is stored (no write before the search); the name is searchable too.
  Add("Noch eine Windenergieanlage.", "Dora", now_ + 3);
  EXPECT_EQ(References({.text = "windenergieanlagen"}), (std::vector<std::string>{"Anna", "Dora"}));
  EXPECT_EQ(References({.text = "Dora"}), (std::vector<std::string>{"Dora"}));
}

// #14 item 4: the inbox's search field finds a statement by the reference on its receipt, in the old form (issued
// before the prefixes, still printed on receipts people keep) and the new one, as typed (any case, spaces).
TEST_P(BackofficeStoreTest, SearchFindsOldAndNewReferences) {
  db_->Write([&](db::Tx& tx) {
    tx.Exec("INSERT INTO procedure_statement (procedure_id, tenant_id, reference, channel, author_name, text, "
            "received_at, sha256, created_at) VALUES (?, ?, '2025-00001', 'paper', 'Alt', 'Brief', ?, '', ?)",
            {procedure_.id, tenant_id_, now_, now_});
    tx.Exec("INSERT INTO procedure_reference_counter (tenant_id, year, last) VALUES (?, 2025, 1)", {tenant_id_});
  });
  Statement added = Add("Die Windenergieanlage steht zu nah.", "Neu", now_ + 1);
  ASSERT_EQ(added.reference, "GRI-2025-00002");
  EXPECT_EQ(References({.text = "2025-00001"}), (std::vector<std::string>{"Alt"}));
  EXPECT_EQ(References({.text = " gri-2025-00002 "}), (std::vector<std::string>{"Neu"}));
  EXPECT_EQ(References({.text = "GRI-2025-00001"}), (std::vector<std::string>{}));
  EXPECT_EQ(References({.text = "Windenergieanlage"}), (std::vector<std::string>{"Neu"}));
}

// A search never shows another procedure's statements, of the same tenant or another, with the same words — also
// when one procedure's id begins with the other's digits (the terms carry the procedure: "1x…" is not "12x…").
TEST_P(BackofficeStoreTest, SearchStaysInItsProcedure) {
  ProcedureInput input{.type = Type::kBimschg, .title = "Windpark", .description = "", .display_start = {2025, 10, 6}};
  auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
  std::vector<Procedure> others;
  const std::string first_digits = std::to_string(procedure_.id);
  db_->Write([&](db::Tx& tx) {
    others.push_back(Create(tx, tenant_id_, std::nullopt, input, *dates, now_));        // same tenant
    others.push_back(Create(tx, other_tenant_id_, std::nullopt, input, *dates, now_));  // another tenant
    // …and one whose id starts with procedure_'s (ids grow by one: at most 10 * id more).
    for (;;) {
      Procedure made = Create(tx, tenant_id_, std::nullopt, input, *dates, now_);
      if (std::to_string(made.id).starts_with(first_digits)) {
        others.push_back(made);
        break;
      }
    }
  });
  Add("Der Lärm der Windenergieanlage stört.", "Anna", now_);
  for (const auto& other : others) {
    Submission submission{.input = {.text = "Der Lärm der Windenergieanlagen und Lärmschutz.", .name = "Fremd " +
                                    std::to_string(other.id), .address = "Markt 2"}};
    db_->Write([&](db::Tx& tx) { return Submit(tx, other, submission, now_); });
  }
  EXPECT_EQ(References({.text = "Lärm"}), (std::vector<std::string>{"Anna"}));
  EXPECT_EQ(References({.text = "Windenergieanlage Lärm"}), (std::vector<std::string>{"Anna"}));
  EXPECT_TRUE(References({.text = "Lärmschutz"}).empty());
  EXPECT_TRUE(References({.text = "Fremd"}).empty());
  auto count = db_->Read([&](db::Tx& tx) { return ListInbox(tx, procedure_.id, {.text = "Lärm"}).total; });
  EXPECT_EQ(count, 1);
  for (const auto& other : others) {
    EXPECT_EQ(References({.text = "Lärm"}, other.id), (std::vector<std::string>{"Fremd " + std::to_string(other.id)}))
        << other.id;
    EXPECT_TRUE(References({.text = "Anna"}, other.id).empty()) << other.id;
  }
}

// A search by text alone in the order received finds its page walking the statements in that order (SQLite): the
// same pages and count as the search with another filter beside it, in both directions, across the slices it reads
// (more statements than a slice, received in another order than stored, several on the same second).
TEST_P(BackofficeStoreTest, TextSearchPagesAreTheSameWhicheverWayTheyAreFound) {
  db_->Write([&](db::Tx& tx) {
    for (int i = 0; i < 700; ++i) {
      std::string text = i % 3 == 0 ? "Der Lärm ist zu laut, Nummer " : "Die Bäume, Nummer ";
      Submission submission{.input = {.text = text + std::to_string(i), .name = "P" + std::to_string(i)},
                            .received_at = now_ - (i * 7919 % 700) / 2};  // out of order; pairs on one second
      Submit(tx, procedure_, submission, now_);
    }
  });
  for (bool descending : {false, true}) {
    for (auto [offset, limit] : {std::pair{0, 50}, {50, 50}, {200, 30}, {220, 50}, {233, 5}, {0, 500}}) {
      InboxFilter alone{.text = "Lärm", .descending = descending, .limit = limit, .offset = offset};
      InboxFilter beside = alone;
      beside.late = false;  // none is late: the same statements, found by the general query
      auto [found, total] = db_->Read([&](db::Tx& tx) {
        auto page = ListInbox(tx, procedure_.id, alone);
        return std::pair{page.rows, page.total};
      });
      auto expected = db_->Read([&](db::Tx& tx) { return ListInbox(tx, procedure_.id, beside); });
      EXPECT_EQ(total, 234);
      EXPECT_EQ(total, expected.total);
      ASSERT_EQ(found.size(), expected.rows.size()) << offset << " " << limit << " " << descending;
      for (std::size_t i = 0; i < found.size(); ++i) {
        EXPECT_EQ(found[i].statement.id, expected.rows[i].statement.id) << offset << " " << i;
      }
      EXPECT_EQ(found.size(), static_cast<std::size_t>(std::clamp(234 - offset, 0, limit)));
    }
  }
  EXPECT_TRUE(References({.text = "Lärm", .offset = 234}).empty());
  EXPECT_TRUE(References({.text = "Kernkraftwerk"}).empty());
}

TEST_P(BackofficeStoreTest, InboxFiltersAndSorts) {
  auto a = Add("Text A", "Anna", now_ + 30);
  auto b = Add("Text B", "Bernd", now_ + 10, Channel::kPaper);
  auto c = Add("Text C", "Clara", now_ + 20);
  auto late = Add("Text D", "Dora", EndOfDay(procedure_.objection_end) + 100);
  EXPECT_TRUE(late.late);
  db_->Write([&](db::Tx& tx) {
    SetWork(tx, a.id, WorkStatus::kDone, worker_.id, worker_.id, now_);
    SetWork(tx, c.id, WorkStatus::kInProgress, std::nullopt, worker_.id, now_);
    SetStatementTags(tx, procedure_.id, b.id, {"Lärm", "Verkehr"});
    SetStatementTags(tx, procedure_.id, c.id, {"Lärm"});
  });
  EXPECT_EQ(References({}), (std::vector<std::string>{"Bernd", "Clara", "Anna", "Dora"}));
  EXPECT_EQ(References({.descending = true}), (std::vector<std::string>{"Dora", "Anna", "Clara", "Bernd"}));
  EXPECT_EQ(References({.sort = InboxSort::kReference}), (std::vector<std::string>{"Anna", "Bernd", "Clara", "Dora"}));
  EXPECT_EQ(References({.sort = InboxSort::kStatus}), (std::vector<std::string>{"Bernd", "Dora", "Clara", "Anna"}));
  EXPECT_EQ(References({.status = WorkStatus::kNew}), (std::vector<std::string>{"Bernd", "Dora"}));
  EXPECT_EQ(References({.assignee_id = worker_.id}), (std::vector<std::string>{"Anna"}));
  EXPECT_EQ(References({.assignee_id = 0}), (std::vector<std::string>{"Bernd", "Clara", "Dora"}));
  EXPECT_EQ(References({.late = true}), (std::vector<std::string>{"Dora"}));
  EXPECT_EQ(References({.channel = Channel::kPaper}), (std::vector<std::string>{"Bernd"}));
  auto tags = db_->Read([&](db::Tx& tx) { return TagsOfProcedure(tx, procedure_.id); });
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].name, "Lärm");
  EXPECT_EQ(tags[0].statements, 2);
  EXPECT_EQ(References({.tag_id = tags[0].id}), (std::vector<std::string>{"Bernd", "Clara"}));
  EXPECT_EQ(References({.limit = 2, .offset = 2}), (std::vector<std::string>{"Anna", "Dora"}));
  auto page = db_->Read([&](db::Tx& tx) { return ListInbox(tx, procedure_.id, {.limit = 1}); });
  EXPECT_EQ(page.total, 4);
  ASSERT_EQ(page.rows.size(), 1u);
  EXPECT_EQ(page.rows[0].tags, (std::vector<std::string>{"Lärm", "Verkehr"}));
  auto work = db_->Read([&](db::Tx& tx) { return WorkOf(tx, a.id); });
  EXPECT_EQ(work.status, WorkStatus::kDone);
  EXPECT_EQ(work.assignee_name, "Sam Bearbeiter");
  // Withdrawn ones can be shown or hidden.
  Submission own{.input = {.text = "Zurück", .name = "Eva"}, .user_id = worker_.id};
  auto eva = db_->Write([&](db::Tx& tx) { return Submit(tx, procedure_, own, now_ + 40); });
  ASSERT_TRUE(db_->Write([&](db::Tx& tx) { return Withdraw(tx, eva.id, worker_.id, now_); }).has_value());
  EXPECT_EQ(References({.withdrawn = true}), (std::vector<std::string>{"Eva"}));
  EXPECT_EQ(References({.withdrawn = false}).size(), 4u);
}

TEST_P(BackofficeStoreTest, SplitKeepsTheTextAndCarriesResponses) {
  auto s = Add("Erstens zu laut. Zweitens zu hoch.", "Anna", now_);
  auto whole = db_->Read([&](db::Tx& tx) { return SectionsOf(tx, s.id); });
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].position, 0);
  db_->Write([&](db::Tx& tx) { SetResponses(tx, s.id, {{0, "Zur Kenntnis."}}, worker_.id, now_); });
  db_->Write([&](db::Tx& tx) { SplitStatement(tx, s.id, {"Erstens zu laut.", "Zweitens zu hoch."}, now_); });
  auto split = db_->Read([&](db::Tx& tx) { return SectionsOf(tx, s.id); });
  ASSERT_EQ(split.size(), 2u);
  EXPECT_EQ(split[0].position, 1);
  EXPECT_EQ(split[0].excerpt, "Erstens zu laut.");
  EXPECT_EQ(split[0].response, "Zur Kenntnis.");
  EXPECT_EQ(split[0].response_by, worker_.id);
  EXPECT_EQ(split[1].response, "");
  db_->Write([&](db::Tx& tx) { SetResponses(tx, s.id, {{2, "Die Höhe ist zulässig."}, {7, "ignoriert"}}, worker_.id, now_); });
  auto table = db_->Read([&](db::Tx& tx) { return WeighingTable(tx, procedure_.id); });
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[1].section.response, "Die Höhe ist zulässig.");
  EXPECT_EQ(table[1].sections, 2);
  // The statement itself is unchanged.
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return FindStatement(tx, s.id); })->text, "Erstens zu laut. Zweitens zu hoch.");
  // Unsplitting keeps the first response for the whole statement.
  db_->Write([&](db::Tx& tx) { SplitStatement(tx, s.id, {"Erstens zu laut. Zweitens zu hoch."}, now_); });
  auto again = db_->Read([&](db::Tx& tx) { return SectionsOf(tx, s.id); });
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].position, 0);
  EXPECT_EQ(again[0].response, "Zur Kenntnis.");
  table = db_->Read([&](db::Tx& tx) { return WeighingTable(tx, procedure_.id); });
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table[0].section.excerpt, "Erstens zu laut. Zweitens zu hoch.");
}

TEST_P(BackofficeStoreTest, RespondToStatementsAnswersAllAndMarksThemDone) {
  auto a = Add("Gleicher Text", "Anna", now_);
  auto b = Add("Gleicher Text. Und mehr.", "Bernd", now_ + 1);
  auto other = Add("Anderer Text", "Clara", now_ + 2);
  db_->Write([&](db::Tx& tx) { SplitStatement(tx, b.id, {"Gleicher Text.", "Und mehr."}, now_); });
  db_->Write([&](db::Tx& tx) {
    RespondToStatements(tx, procedure_.id, {a.id, b.id, 999'999}, "Gemeinsame Antwort.", worker_, now_);
  });
  auto table = db_->Read([&](db::Tx& tx) { return WeighingTable(tx, procedure_.id); });
  ASSERT_EQ(table.size(), 4u);
  EXPECT_EQ(table[0].section.response, "Gemeinsame Antwort.");
  EXPECT_EQ(table[0].status, WorkStatus::kDone);
  EXPECT_EQ(table[1].section.response, "Gemeinsame Antwort.");
  EXPECT_EQ(table[2].section.response, "Gemeinsame Antwort.");
  EXPECT_EQ(table[3].statement.id, other.id);
  EXPECT_EQ(table[3].section.response, "");
  EXPECT_EQ(table[3].status, WorkStatus::kNew);
  auto entries = db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_id_, 0, 10); });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "statement.respond");
  EXPECT_NE(entries[0].detail.find(a.reference), std::string::npos);
}

TEST_P(BackofficeStoreTest, TextBlocksBelongToTheirTenant) {
  auto block = db_->Write([&](db::Tx& tx) { return CreateTextBlock(tx, tenant_id_, {" Lärm ", "Richtwerte eingehalten."}, now_); });
  EXPECT_EQ(block.title, "Lärm");
  db_->Write([&](db::Tx& tx) { CreateTextBlock(tx, tenant_id_, {"Artenschutz", "Abschaltzeiten."}, now_); });
  auto blocks = db_->Read([&](db::Tx& tx) { return TextBlocksOf(tx, tenant_id_); });
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].title, "Artenschutz");
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return FindTextBlock(tx, other_tenant_id_, block.id); }).has_value());
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) {
    return UpdateTextBlock(tx, other_tenant_id_, block.id, {"X", "Y"}, now_);
  }).has_value());
  auto updated = db_->Write([&](db::Tx& tx) { return UpdateTextBlock(tx, tenant_id_, block.id, {"Schall", "Neu."}, now_ + 5); });
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->text, "Neu.");
  EXPECT_FALSE(db_->Write([&](db::Tx& tx) { return DeleteTextBlock(tx, other_tenant_id_, block.id); }));
  EXPECT_TRUE(db_->Write([&](db::Tx& tx) { return DeleteTextBlock(tx, tenant_id_, block.id); }));
  EXPECT_EQ(db_->Read([&](db::Tx& tx) { return TextBlocksOf(tx, tenant_id_); }).size(), 1u);
}

MW_INSTANTIATE_FOR_ENGINES(BackofficeStoreTest);

// Migration 0218 on an installation that has statements: those the old inbox had indexed (stems without the
// procedure) are re-indexed with it, those never searched wait and are indexed once (SQLite); PostgreSQL computes
// the stored vector of every row.
class SearchMigrationTest : public mw::testing::EngineTest {
 protected:
  bool WithMigrations() const override { return false; }

  // The project's migrations but 0218, in a folder of their own: the schema as before 0218, with the later columns
  // the code of today writes (the migrator applies a missing version whatever came after it).
  std::filesystem::path MigrationsWithout0218() {
    auto root = std::filesystem::temp_directory_path() /
                ("mw-before-0218-" + std::to_string(::getpid()) + "-" + mw::testing::EngineName(engine()));
    std::filesystem::remove_all(root);
    for (std::string dialect : {"sqlite", "postgres"}) {
      std::filesystem::create_directories(root / dialect);
      for (const auto& file : std::filesystem::directory_iterator(mw::testing::MigrationsDir() / dialect)) {
        std::string name = file.path().filename().string();
        if (name.ends_with(".sql") && !name.starts_with("0218")) {
          std::filesystem::copy_file(file.path(), root / dialect / name);
        }
      }
    }
    return root;
  }
};

TEST_P(SearchMigrationTest, StatementsStoredBeforeAreFoundAfterwards) {
  auto before = MigrationsWithout0218();
  db_->Migrate(before);
  std::filesystem::remove_all(before);
  const db::UnixSeconds now = 1'760'000'000;
  Procedure procedure;
  Procedure other;
  Statement searched;
  Statement never_searched;
  db_->Write([&](db::Tx& tx) {
    auto tenant = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now)->id;
    ProcedureInput input{.type = Type::kBimschg, .title = "Windpark", .display_start = {2025, 10, 6}};
    auto dates = PlanDates(input, "SN", "", {2025, 9, 1});
    procedure = Create(tx, tenant, std::nullopt, input, *dates, now);
    other = Create(tx, tenant, std::nullopt, input, *dates, now);
    auto submit = [&](const Procedure& to, std::string text, std::string name) {
      return Submit(tx, to, {.input = {.text = std::move(text), .name = std::move(name), .address = "Markt 1"}}, now);
    };
    searched = submit(procedure, "Die Bäume am Hang werden gefällt.", "Anna");
    never_searched = submit(procedure, "Der Lärm der Baustelle.", "Bernd");
    submit(other, "Bäume und Lärm.", "Clara");
    if (tx.dialect() == db::Dialect::kSqlite) {
      // What the index held before 0218: the stems without the procedure, for the statements of inboxes that had
      // been opened since they came in; nothing for the others.
      tx.Exec("DELETE FROM procedure_statement_fts", {});
      tx.Exec("INSERT INTO procedure_statement_fts (rowid, stems) VALUES (?, ?)",
              {searched.id, GermanStems("Anna  " + searched.text)});
    }
  });
  EXPECT_EQ(db_->Migrate(mw::testing::MigrationsDir()), 1);

  auto authors = [&](const std::string& text) {
    auto page = db_->Read([&](db::Tx& tx) { return ListInbox(tx, procedure.id, {.text = text}); });
    std::vector<std::string> out;
    for (const auto& row : page.rows) out.push_back(row.statement.author_name);
    return out;
  };
  EXPECT_EQ(authors("Baum"), (std::vector<std::string>{"Anna"}));
  EXPECT_EQ(authors("Anna"), (std::vector<std::string>{"Anna"}));
  if (engine() == mw::testing::Engine::kSqlite) {
    EXPECT_TRUE(db_->Read([&](db::Tx& tx) { return HasUnindexedStatements(tx, procedure.id); }));
    EXPECT_TRUE(authors("Lärm").empty()) << "not indexed yet";
    db_->Write([&](db::Tx& tx) { IndexUnindexedStatements(tx, procedure.id); });
  }
  EXPECT_FALSE(db_->Read([&](db::Tx& tx) { return HasUnindexedStatements(tx, procedure.id); }));
  EXPECT_EQ(authors("Lärm"), (std::vector<std::string>{"Bernd"}));
  EXPECT_EQ(authors("Baustelle"), (std::vector<std::string>{"Bernd"}));
  // A statement stored after the migration is searchable at once; the other procedure's never show.
  db_->Write([&](db::Tx& tx) {
    Submit(tx, procedure, {.input = {.text = "Lärmschutzwände fehlen.", .name = "Dora", .address = "Markt 3"}}, now);
  });
  EXPECT_EQ(authors("Lärm"), (std::vector<std::string>{"Bernd", "Dora"}));
  EXPECT_TRUE(authors("Clara").empty());
}

MW_INSTANTIATE_FOR_ENGINES(SearchMigrationTest);

}  // namespace
}  // namespace mw::procedures
