// The deadline engine through its two doors: the JSON API on a real server and the command line.
#include "app/deadlines.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/http_client.hpp"

namespace mw::app {
namespace {

class DeadlineApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::Router router;
    RegisterDeadlineApi(router);
    http::ServerOptions options;
    options.listen_port = 0;
    options.access_log = false;
    server_ = std::make_unique<http::Server>(std::move(router), options);
    server_->Start();
  }
  void TearDown() override { server_->Stop(); }

  boost::json::value GetJson(const std::string& target, int expected_status) {
    auto response = mw::testing::Send(server_->port(), "GET", target);
    EXPECT_EQ(response.status, expected_status) << target << ": " << response.body;
    return boost::json::parse(response.body);
  }

  std::unique_ptr<http::Server> server_;
};

TEST_F(DeadlineApiTest, WorkedExampleOfLegalMdInSachsenAndSachsenAnhalt) {
  auto saxony = GetJson("/api/v1/deadlines?rule=bimschg&land=SN&display_start=2025-10-06", 200).as_object();
  EXPECT_EQ(saxony.at("display_end").as_string(), "2025-11-05");
  EXPECT_EQ(saxony.at("objection_end").as_string(), "2025-11-20") << "19.11.2025 is Buß- und Bettag in Sachsen";
  bool explained = false;
  for (const auto& line : saxony.at("explanation").as_array()) {
    explained = explained || std::string(line.as_string()).find("Buß- und Bettag") != std::string::npos;
  }
  EXPECT_TRUE(explained);
  auto anhalt = GetJson("/api/v1/deadlines?rule=bimschg&land=ST&display_start=2025-10-06", 200).as_object();
  EXPECT_EQ(anhalt.at("objection_end").as_string(), "2025-11-19");
  EXPECT_TRUE(anhalt.at("warnings").is_array());
}

TEST_F(DeadlineApiTest, LongerDisplayMovesTheObjectionPeriod) {
  auto dates =
      GetJson("/api/v1/deadlines?rule=vwvfg-73&land=SN&display_start=2025-10-06&display_end=2025-11-10", 200).as_object();
  EXPECT_EQ(dates.at("display_end").as_string(), "2025-11-10");
  EXPECT_EQ(dates.at("objection_end").as_string(), "2025-11-24");
}

TEST_F(DeadlineApiTest, HolidaysOfALand) {
  auto holidays = GetJson("/api/v1/holidays?land=SN&year=2025", 200).as_array();
  bool buss_und_bettag = false;
  for (const auto& holiday : holidays) {
    if (holiday.at("date").as_string() == "2025-11-19") buss_und_bettag = true;
  }
  EXPECT_TRUE(buss_und_bettag);
  auto berlin = GetJson("/api/v1/holidays?land=BE&year=2025", 200).as_array();
  EXPECT_NE(boost::json::serialize(berlin).find("2025-03-08"), std::string::npos) << "Frauentag";
}

TEST_F(DeadlineApiTest, BadParametersGetProblemDetails) {
  for (std::string target : {"/api/v1/deadlines?rule=gibtsnicht&land=SN&display_start=2025-10-06",
                             "/api/v1/deadlines?rule=bimschg&land=XX&display_start=2025-10-06",
                             "/api/v1/deadlines?rule=bimschg&land=SN&display_start=2025-02-30",
                             "/api/v1/deadlines?rule=bimschg&land=SN&display_start=1990-01-02",
                             "/api/v1/deadlines?rule=bimschg&land=SN&display_start=2025-10-06&display_end=2025-10-20",
                             "/api/v1/deadlines?rule=bimschg&land=SN", "/api/v1/holidays?land=SN&year=zwanzig",
                             "/api/v1/holidays?land=SN&year=2101", "/api/v1/holidays?land=QQ&year=2025"}) {
    auto response = mw::testing::Send(server_->port(), "GET", target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_NE(response.Header("content-type").find("application/problem+json"), std::string::npos);
    auto detail = boost::json::parse(response.body).as_object().at("detail").as_string();
    EXPECT_FALSE(detail.empty()) << target;
  }
}

TEST(DeadlineJson, SameAnswerAsTheEngineForEveryRule) {
  for (std::string rule : {"bimschg", "bimschg-ied", "bimschg-uvp", "baugb-3-2", "baugb-4-2", "vwvfg-73"}) {
    auto json = DeadlinesJson({.rule = rule, .land = "NW", .display_start = "2026-01-05"});
    ASSERT_TRUE(json) << rule << ": " << json.error().message;
    auto object = boost::json::parse(*json).as_object();
    for (const char* key : {"display_start", "display_end", "objection_end", "warnings", "explanation"}) {
      EXPECT_TRUE(object.contains(key)) << rule << " " << key;
    }
    EXPECT_EQ(object.at("display_start").as_string(), "2026-01-05");
  }
  auto uvp = boost::json::parse(*DeadlinesJson({.rule = "bimschg-uvp", .land = "NW", .display_start = "2026-01-05"}));
  EXPECT_EQ(uvp.at("display_end").as_string(), "2026-02-04");
  EXPECT_EQ(uvp.at("objection_end").as_string(), "2026-03-04");
}

}  // namespace
}  // namespace mw::app
