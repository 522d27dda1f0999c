// The petitions' data through a real HTTP server on both engines: the committee downloads the signature list as CSV
// (German Excel, formulas neutralised) and XLSX, each download audited, everybody else refused; the statistics per
// postcode region hide small regions on the page and in the API; open data carries no personal data; a citizen's
// data export includes their petitions and signatures.
#include <gtest/gtest.h>

#include <atomic>

#include "formats/petitions/data_store.hpp"
#include "formats/petitions/handlers.hpp"
#include "formats/petitions/pages.hpp"
#include "formats/petitions/site_fixture_test.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/http/server.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

namespace mw::petitions {
namespace {

class PetitionDataTest : public PetitionSiteTest {
 protected:
  void SetUp() override {
    PetitionSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_->Write([&](db::Tx& tx) {
      other_tenant_ = *tenancy::CreateTenant(tx, {.slug = "naunhof", .name = "Stadt Naunhof", .land = "SN"}, now_);
    });
    committee_ = CreateUser("ausschuss@grimma.example", "Ada Ausschuss", accounts::Role::kCaseWorker);
    stranger_ = CreateUser("ausschuss@naunhof.example", "Nils Naunhof", accounts::Role::kCaseWorker, other_tenant_.id);
  }

  void Sign(std::int64_t petition_id, const std::string& name, const std::string& email, const std::string& postcode,
            bool confirm = true) {
    db_->Write([&](db::Tx& tx) {
      auto added = AddSignature(tx, petition_id,
                                {.name = name,
                                 .email_normalized = email,
                                 .postcode = postcode,
                                 .address = "Markt 1, " + postcode + " Grimma",
                                 .show_public = true},
                                "192.0.2.7", now_);
      ASSERT_TRUE(added.has_value()) << email;
      if (confirm) {
        ASSERT_TRUE(ConfirmSignature(tx, added->token, now_ + 60).has_value());
      }
    });
  }

  std::vector<audit::Entry> Audit() {
    return db_->Read([&](db::Tx& tx) { return audit::List(tx, tenant_.id, 0, 50); });
  }

  tenancy::Tenant other_tenant_;
  accounts::User committee_;
  accounts::User stranger_;
};

TEST_P(PetitionDataTest, CommitteeDownloadsTheSignatureListAndEveryDownloadIsAudited) {
  auto petition = PublishedPetition("Radweg an der Leipziger Straße");
  Sign(petition.id, "Kim Muster", "kim@example.org", "04668");
  Sign(petition.id, "=HYPERLINK(\"http://evil.example\";\"klick\")", "evil@example.org", "04109");
  Sign(petition.id, "Noch Offen", "pending@example.org", "01067", /*confirm=*/false);
  std::string base = PetitionPath("grimma", petition.id);

  Browser anonymous(port());
  auto login = anonymous.Get(base + "/unterschriften.csv");
  EXPECT_EQ(login.status, 303);
  EXPECT_TRUE(login.Header("location").starts_with("/anmelden")) << login.Header("location");
  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  EXPECT_EQ(citizen.Get(base + "/unterschriften.csv").status, 403);
  EXPECT_EQ(citizen.Get(base + "/unterschriften.xlsx").status, 403);
  EXPECT_EQ(citizen.Get(base + "/daten").status, 403);
  Browser stranger(port());
  Login(stranger, "ausschuss@naunhof.example");
  EXPECT_EQ(stranger.Get(base + "/unterschriften.csv").status, 403) << "the committee of another tenant";
  EXPECT_EQ(stranger.Get("/naunhof/petitionen/" + std::to_string(petition.id) + "/unterschriften.csv").status, 404)
      << "a petition of another tenant under the stranger's own tenant";
  EXPECT_TRUE(Audit().empty() || Audit().front().action != "petition.signatures.export");

  Browser committee(port());
  Login(committee, "ausschuss@grimma.example");
  auto page = committee.Get(base + "/daten");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("href=\"" + base + "/unterschriften.csv\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"" + base + "/unterschriften.xlsx\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"" + base + "/regionen\""), std::string::npos);
  EXPECT_EQ(committee.Get("/grimma/petitionen/999999/unterschriften.csv").status, 404);
  EXPECT_EQ(committee.Get("/grimma/petitionen/abc/daten").status, 404);
  EXPECT_EQ(committee.Get("/nirgendwo/petitionen/1/daten").status, 404);

  auto csv = committee.Get(base + "/unterschriften.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv.Header("content-disposition"),
            "attachment; filename=\"petition-" + std::to_string(petition.id) + "-unterschriften.csv\"");
  EXPECT_EQ(csv.Header("cache-control"), "private, no-store");
  std::string body = csv.Header("content-encoding") == "gzip" ? mw::testing::Gunzip(csv.body) : csv.body;
  ASSERT_TRUE(
      body.starts_with("\xEF\xBB\xBF"
                       "ID;Status;Name;E-Mail;Postleitzahl;Anschrift;Name öffentlich;"
                       "Unterzeichnet am;Bestätigt am\r\n"))
      << body;
  EXPECT_NE(body.find(";bestätigt;Kim Muster;kim@example.org;04668;Markt 1, 04668 Grimma;ja;"), std::string::npos)
      << body;
  EXPECT_NE(body.find(";unbestätigt;Noch Offen;pending@example.org;"), std::string::npos);
  EXPECT_NE(body.find(";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klick\"\")\";"), std::string::npos)
      << "the formula is shown as text";
  EXPECT_EQ(body.find(";=HYPERLINK"), std::string::npos);
  EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), 4) << "header and three signatures";

  auto xlsx = committee.Get(base + "/unterschriften.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.Header("content-disposition"),
            "attachment; filename=\"petition-" + std::to_string(petition.id) + "-unterschriften.xlsx\"");
  std::string workbook = xlsx.Header("content-encoding") == "gzip" ? mw::testing::Gunzip(xlsx.body) : xlsx.body;
  EXPECT_TRUE(workbook.starts_with("PK\x03\x04")) << "a ZIP container";
  EXPECT_GT(workbook.size(), 1000u);

  auto audit = Audit();
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "petition.signatures.export");
  EXPECT_TRUE(audit[0].detail.starts_with("xlsx: 3 Unterschriften")) << audit[0].detail;
  EXPECT_EQ(audit[0].actor_label, "ausschuss@grimma.example");
  EXPECT_EQ(audit[1].action, "petition.signatures.export");
  EXPECT_TRUE(audit[1].detail.starts_with("csv: 3 Unterschriften")) << audit[1].detail;
  EXPECT_EQ(audit[1].object, "petition:" + std::to_string(petition.id));
}

TEST_P(PetitionDataTest, RegionsHideSmallRegionsOnThePageAndInTheApi) {
  auto petition = PublishedPetition("Mehr Bänke");
  for (int signer_idx = 0; signer_idx < 6; ++signer_idx) {
    Sign(petition.id, "Leipzig", "l" + std::to_string(signer_idx) + "@example.org", "04668");
  }
  for (int signer_idx = 0; signer_idx < 5; ++signer_idx) {
    Sign(petition.id, "Dresden", "d" + std::to_string(signer_idx) + "@example.org", "01067");
  }
  Sign(petition.id, "Erfurt", "e0@example.org", "99084");
  Sign(petition.id, "Erfurt", "e1@example.org", "99085");
  Sign(petition.id, "Unbestätigt", "u@example.org", "39104", /*confirm=*/false);

  // 04: 6, 01: 5, 99: 2. The 99 alone would be total minus the others, so 01 is hidden with it.
  auto json = mw::testing::Send(port(), "GET", "/api/v1/petitions/" + std::to_string(petition.id) + "/regions");
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_EQ(json.Header("content-type"), "application/json");
  EXPECT_EQ(json.Header("access-control-allow-origin"), "*");
  auto data = boost::json::parse(json.body).as_object();
  EXPECT_EQ(data.at("total").as_int64(), 13);
  EXPECT_EQ(data.at("other").as_int64(), 7);
  auto regions = data.at("regions").as_array();
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].at("region").as_string(), "04");
  EXPECT_EQ(regions[0].at("signatures").as_int64(), 6);

  std::string api = "/api/v1/petitions/" + std::to_string(petition.id) + "/regions";
  auto csv = mw::testing::Send(port(), "GET", api + "?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body, "region,signatures\r\n04,6\r\nother,7\r\n");
  auto by_accept = mw::testing::Send(port(), "GET", api, {{"Accept", "text/csv"}});
  EXPECT_EQ(by_accept.body, csv.body);
  auto revalidated = mw::testing::Send(port(), "GET", api + "?format=csv", {{"If-None-Match", csv.Header("etag")}});
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_TRUE(revalidated.body.empty());
  EXPECT_EQ(mw::testing::Send(port(), "GET", api + "?format=xml").status, 400);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/petitions/999999/regions").status, 404);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/petitions/-1/regions").status, 404);

  Browser visitor(port());
  auto page = visitor.Get(PetitionPath("grimma", petition.id) + "/regionen");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<svg role=\"img\" aria-labelledby=\"regionen-grafik-titel\""), std::string::npos);
  EXPECT_NE(page.body.find("<caption"), std::string::npos);
  EXPECT_NE(page.body.find("<th class=\"kern-table__header\" scope=\"row\">04</th>"), std::string::npos);
  EXPECT_NE(page.body.find("Weitere Regionen (zusammengefasst)"), std::string::npos);
  EXPECT_EQ(page.body.find(">99<"), std::string::npos) << "the small region is not named";
  EXPECT_EQ(page.body.find(">01<"), std::string::npos) << "nor the one hidden with it";
  EXPECT_EQ(page.body.find("style="), std::string::npos);
  EXPECT_EQ(visitor.Get("/naunhof/petitionen/" + std::to_string(petition.id) + "/regionen").status, 404)
      << "only under its own tenant";
}

TEST_P(PetitionDataTest, UnpublishedPetitionsHaveNoStatisticsAndNoOpenData) {
  auto draft = db_->Write([&](db::Tx& tx) {
    auto created = CreateDraft(tx, tenant_.id, citizen_.id,
                               {.title = "Geheimer Entwurf", .demand = "F", .justification = "B"}, now_);
    EXPECT_TRUE(SubmitForModeration(tx, created->id, now_).has_value());
    return *created;
  });
  auto published = PublishedPetition("Spielplatz; \"sanieren\"");
  Sign(published.id, "Kim Muster", "kim@example.org", "04668");
  FoldCountsNow(*db_);

  Browser visitor(port());
  EXPECT_EQ(visitor.Get(PetitionPath("grimma", draft.id) + "/regionen").status, 404);
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/petitions/" + std::to_string(draft.id) + "/regions").status, 404);

  auto json = mw::testing::Send(port(), "GET", "/api/v1/opendata/petitions.json");
  ASSERT_EQ(json.status, 200);
  EXPECT_NE(json.Header("cache-control").find("public"), std::string::npos);
  auto list = boost::json::parse(json.body).as_array();
  ASSERT_EQ(list.size(), 1u);
  auto item = list[0].as_object();
  EXPECT_EQ(item.at("id").as_int64(), published.id);
  EXPECT_EQ(item.at("tenant").as_string(), "grimma");
  EXPECT_EQ(item.at("state").as_string(), "published");
  EXPECT_EQ(item.at("signature_count").as_int64(), 1);
  EXPECT_EQ(item.at("quorum").as_int64(), kDefaultQuorum);
  EXPECT_EQ(item.at("published_at").as_string(), "2026-05-28T20:26:40Z");
  EXPECT_EQ(item.size(), 8u) << "no other fields";
  EXPECT_EQ(json.body.find("Geheimer Entwurf"), std::string::npos);
  EXPECT_EQ(json.body.find("kim@example.org"), std::string::npos);
  EXPECT_EQ(json.body.find("Kim Muster"), std::string::npos);

  auto csv = mw::testing::Send(port(), "GET", "/api/v1/opendata/petitions.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(csv.body.starts_with("id,tenant,title,state,signature_count,quorum,published_at,closes_at\r\n"));
  EXPECT_NE(csv.body.find(std::to_string(published.id) + ",grimma,\"Spielplatz; \"\"sanieren\"\"\",published,1,"),
            std::string::npos)
      << csv.body;
  EXPECT_EQ(mw::testing::Send(port(), "GET", "/api/v1/opendata/petitions.csv", {{"If-None-Match", csv.Header("etag")}})
                .status,
            304);
}

TEST_P(PetitionDataTest, AccountExportIncludesThePersonsPetitionsAndSignatures) {
  auto own = PublishedPetition("Meine eigene Petition");
  auto other = PublishedPetition("Eine fremde Petition", std::nullopt, committee_.id);
  Sign(other.id, "Cora Citizen", "citizen@example.org", "04668");
  Sign(other.id, "Jemand Anderes", "anders@example.org", "04668");

  Browser citizen(port());
  Login(citizen, "citizen@example.org");
  auto exported = citizen.Get("/konto/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  std::string body = exported.Header("content-encoding") == "gzip" ? mw::testing::Gunzip(exported.body) : exported.body;
  auto data = boost::json::parse(body).as_object();
  EXPECT_EQ(data.at("account").at("email").as_string(), "citizen@example.org") << "the platform's part stays";
  auto petitions = data.at("petitions").as_object();
  auto initiated = petitions.at("initiated").as_array();
  ASSERT_EQ(initiated.size(), 1u);
  EXPECT_EQ(initiated[0].at("id").as_int64(), own.id);
  EXPECT_EQ(initiated[0].at("title").as_string(), "Meine eigene Petition");
  auto signatures = petitions.at("signatures").as_array();
  ASSERT_EQ(signatures.size(), 1u);
  EXPECT_EQ(signatures[0].at("petition_id").as_int64(), other.id);
  EXPECT_EQ(signatures[0].at("address").as_string(), "Markt 1, 04668 Grimma");
  EXPECT_EQ(body.find("anders@example.org"), std::string::npos) << "nobody else's signature";
}

MW_INSTANTIATE_FOR_ENGINES(PetitionDataTest);

}  // namespace
}  // namespace mw::petitions
