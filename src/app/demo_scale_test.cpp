// `mitwirken demo --scale`: the generator at a tiny factor writes the counts it promises (every tenant kind, procedure
// type, phase and petition state, a document per procedure, folded signature counts), the same data on every run,
// and the pages people use on such an installation answer.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <vector>
#include <string>

#include "app/demo_scale.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/test_db.hpp"

namespace mw::app {
namespace {

TEST(ScaleDemo, ParsesLandSmallAndFactorsOnly) {
  auto land = ParseScale("land");
  ASSERT_TRUE(land);
  EXPECT_EQ(land->tenants, 260);
  EXPECT_EQ(land->procedures, 5'600);
  EXPECT_EQ(land->statements, 500'000);
  EXPECT_EQ(land->petitions, 2'000);
  EXPECT_EQ(land->signatures, 3'000'000);
  auto small = ParseScale("small");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->procedures, 56);
  EXPECT_EQ(small->signatures, 30'000);
  auto tiny = ParseScale("0.0001");
  ASSERT_TRUE(tiny);
  EXPECT_EQ(tiny->tenants, 6) << "at least one tenant of every kind";
  EXPECT_EQ(tiny->procedures, 24) << "at least every type in every stage";
  EXPECT_EQ(tiny->petitions, 14) << "at least every state twice";
  for (const char* bad : {"", "gross", "0", "-1", "1.5", "0.5x", "nan"}) EXPECT_FALSE(ParseScale(bad)) << bad;
}

class ScaleDemoTest : public mw::testing::EngineTest {
 protected:
  mw::testing::CliResult Generate(const std::string& url) {
    return mw::testing::RunMitwirken({"--db", url, "demo", "--scale", "0.001"});
  }
};

// What a run wrote, independent of ids and of the clock: the tenants, procedure titles and statement texts in order.
std::string Fingerprint(db::Database& db) {
  return db.Read([](db::Tx& tx) {
    std::string out;
    for (const char* sql : {"SELECT slug || name || ags FROM tenant ORDER BY id",
                            "SELECT type || title || phase FROM procedure ORDER BY id",
                            "SELECT reference || sha256 FROM procedure_statement ORDER BY id",
                            "SELECT title || state || confirmed_count FROM petition ORDER BY id"}) {
      for (const auto& row : tx.Query(sql, {})) out += row.Text(0) + "\n";
    }
    return out;
  });
}

TEST_P(ScaleDemoTest, TinyScaleHasEveryKindWithDocumentsStatementsAndFoldedSignatures) {
  auto run = Generate(url_);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  db_->Read([&](db::Tx& tx) {
    auto count = [&](const std::string& sql) { return tx.QueryOne(sql, {})->Int(0); };
    EXPECT_EQ(count("SELECT COUNT(*) FROM tenant"), 6);
    for (const char* kind : {"land", "behoerde", "kreis", "gemeinde"}) {
      EXPECT_GE(count(std::string("SELECT COUNT(*) FROM tenant WHERE kind = '") + kind + "'"), 1) << kind;
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM procedure"), 24);
    for (const char* type : {"consultation", "baugb-3-1", "baugb-3-2", "baugb-4-2", "bimschg", "vwvfg-73"}) {
      EXPECT_GE(count(std::string("SELECT COUNT(*) FROM procedure WHERE type = '") + type + "'"), 1) << type;
    }
    EXPECT_GE(count("SELECT COUNT(DISTINCT phase) FROM procedure"), 3) << "spread over phases";
    EXPECT_EQ(count("SELECT COUNT(*) FROM procedure p WHERE NOT EXISTS (SELECT 1 FROM procedure_document d "
                    "JOIN procedure_document_version v ON v.document_id = d.id WHERE d.procedure_id = p.id "
                    "AND v.content_type = 'application/pdf')"),
              0)
        << "every procedure has a PDF";
    EXPECT_EQ(count("SELECT COUNT(*) FROM procedure_statement"), 500);
    EXPECT_EQ(count("SELECT COUNT(*) FROM procedure_statement s JOIN procedure p ON p.id = s.procedure_id "
                    "WHERE p.phase = 'draft'"),
              0)
        << "no statements on drafts";
    EXPECT_GT(count("SELECT COUNT(DISTINCT LENGTH(text)) FROM procedure_statement"), 50) << "varied lengths";
    if (tx.dialect() == db::Dialect::kSqlite) {
      EXPECT_EQ(count("SELECT COUNT(*) FROM procedure_statement_fts"), 500) << "every statement searchable";
    }
    EXPECT_EQ(count("SELECT COUNT(*) FROM procedure p WHERE EXISTS (SELECT 1 FROM procedure_statement s WHERE "
                    "s.procedure_id = p.id) AND NOT EXISTS (SELECT 1 FROM procedure_cluster_run r WHERE "
                    "r.procedure_id = p.id)"),
              0)
        << "grouped as the clustering job keeps them, not left for the first hours of serving";
    EXPECT_EQ(count("SELECT COUNT(*) FROM petition"), 14);
    EXPECT_EQ(count("SELECT COUNT(DISTINCT state) FROM petition"), 7) << "every state";
    EXPECT_EQ(count("SELECT COUNT(*) FROM petition_signature WHERE state = 'confirmed' AND counted = 1"), 3'000);
    EXPECT_EQ(count("SELECT CAST(COALESCE(SUM(confirmed_count), 0) AS BIGINT) FROM petition"), 3'000) << "counts folded";
    EXPECT_EQ(count("SELECT COUNT(*) FROM petition p WHERE confirmed_count <> (SELECT COUNT(*) FROM "
                    "petition_signature s WHERE s.petition_id = p.id AND s.state = 'confirmed')"),
              0);
  });
  auto again = Generate(url_);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(db_->Read([](db::Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM procedure", {})->Int(0); }), 24)
      << "a second run adds nothing";

  // The same data in another database of the other engine: deterministic, and the same on both engines.
  auto other = mw::testing::CreateFreshDatabase(mw::testing::Engine::kSqlite);
  ASSERT_TRUE(other.db);
  ASSERT_EQ(Generate(other.url).exit_code, 0);
  EXPECT_EQ(Fingerprint(*other.db), Fingerprint(*db_));
}

TEST_P(ScaleDemoTest, PublicPagesSearchAndTheInboxAnswerOnGeneratedData) {
  ASSERT_EQ(Generate(url_).exit_code, 0);
  auto [tenant_slug, procedure_id] = db_->Read([](db::Tx& tx) {
    auto row = tx.QueryOne(
        "SELECT t.slug, p.id FROM procedure p JOIN tenant t ON t.id = p.tenant_id WHERE EXISTS (SELECT 1 FROM "
        "procedure_statement s WHERE s.procedure_id = p.id) ORDER BY (SELECT COUNT(*) FROM procedure_statement s "
        "WHERE s.procedure_id = p.id) DESC, p.id LIMIT 1",
        {});
    return std::pair{row->Text(0), row->Int(1)};
  });
  auto servers = mw::testing::SpawnServers(1, url_, "mw-scale");
  ASSERT_TRUE(mw::testing::WaitUntilAllReady(servers)) << mw::testing::ReadWholeFile(servers[0].log_file);
  mw::testing::CookieJar jar;
  auto get = [&](const std::string& target, std::string_view method = "GET", std::string body = {}) {
    mw::testing::HttpConnection connection(servers[0].port);
    connection.SetCookieJar(&jar);
    mw::testing::HeaderList headers;
    if (!body.empty()) headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return connection.Request(method, target, headers, body);
  };
  for (const std::string& target : std::vector<std::string>{"/", "/verfahren", "/verfahren?type=bimschg&status=evaluation",
                                   "/verfahren?q=Bebauungsplan", "/verfahren?region=nrw&open=1", "/" + tenant_slug,
                                   "/" + tenant_slug + "/verfahren", "/" + tenant_slug + "/petitionen",
                                   "/" + tenant_slug + "/verfahren/" + std::to_string(procedure_id)}) {
    auto page = get(target);
    EXPECT_EQ(page.status, 200) << target;
  }
  auto search = get("/verfahren?q=Bebauungsplan");
  EXPECT_NE(search.body.find("Bebauungsplan Nr."), std::string::npos) << "the search finds generated plans";

  // The place search over every format (#14 item 1), with the shipped gazetteer: generated procedures lie in NRW.
  for (const std::string& target : std::vector<std::string>{"/beteiligung", "/beteiligung?place=K%C3%B6ln&radius=50",
                                                            "/verfahren?place=K%C3%B6ln&radius=50",
                                                            "/verfahren/karte?place=D%C3%BCsseldorf&radius=25"}) {
    EXPECT_EQ(get(target).status, 200) << target;
  }
  auto near = get("/api/v1/participation?near=51.45,7.65&radius_km=200&limit=5");
  ASSERT_EQ(near.status, 200) << near.body;
  EXPECT_EQ(near.body.find("\"total\":0"), std::string::npos) << "nothing found in all of NRW: " << near.body;

  // The tenant's case worker logs in and opens the inbox of the procedure with the most statements, with a search.
  auto form = get("/anmelden");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(form.body, match, std::regex(R"re(name="csrf" value="([^"]+)")re")));
  auto login = get("/anmelden", "POST",
                   "email=sachbearbeitung%40" + tenant_slug + ".example&password=Demo-Passwort-2026&csrf=" +
                       match[1].str());
  ASSERT_EQ(login.status, 303) << login.body;
  const std::string inbox = "/" + tenant_slug + "/verfahren/" + std::to_string(procedure_id) + "/bearbeitung";
  auto all = get(inbox);
  EXPECT_EQ(all.status, 200) << all.body;
  auto found = get(inbox + "?q=L%C3%A4rm&status=new");
  EXPECT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(mw::testing::StopServers(servers), 0);
}

MW_INSTANTIATE_FOR_ENGINES(ScaleDemoTest);

}  // namespace
}  // namespace mw::app
