// The place search over the participation list (#14 item 1) with the procedures format on both engines, through a
// real HTTP server: /beteiligung and GET /api/v1/participation, a procedure found by its own area or by its
// authority's AGS, the API's limits, and the page cache showing a new procedure at once.
#include <gtest/gtest.h>

#include <string>

#include <boost/json.hpp>

#include "formats/procedures/site_fixture_test.hpp"
#include "platform/places/places.hpp"

namespace mw::procedures {
namespace {

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// Real lines of gazetteer/gemeinden.tsv: Grimma with Naunhof and Leipzig beside it, Görlitz 157 km east, two Aachs.
constexpr std::string_view kGazetteer =
    "14626110\tGörlitz, Stadt\t02826,02827,02828\t51.1553\t14.9880\n"
    "14713000\tLeipzig, Stadt\t04109,04103,04105\t51.3383\t12.3779\n"
    "14729160\tGrimma, Stadt\t04668\t51.2355\t12.7271\n"
    "14729300\tNaunhof, Stadt\t04683\t51.2773\t12.5882\n"
    "08335001\tAach, Stadt\t78267\t47.8428\t8.8557\n"
    "07235001\tAach\t54298\t49.7915\t6.6011\n";

// A polygon of about 1 km across, 2–4 km east of Grimma's centre.
constexpr std::string_view kAreaNearGrimma =
    R"({"type":"Polygon","coordinates":[[[12.76,51.23],[12.78,51.23],[12.78,51.24],[12.76,51.24],[12.76,51.23]]]})";

class ParticipationTest : public ProcedureSiteTest {
 protected:
  void SetUp() override {
    ProcedureSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto gazetteer = places::Gazetteer::Parse(kGazetteer);
    ASSERT_TRUE(gazetteer);
    services_->gazetteer = std::make_shared<places::Gazetteer>(std::move(*gazetteer));
  }
  void RegisterFormatRoutes(http::Router& router) override { RegisterPublicRoutes(router, *services_); }
  bool RateLimited() const override { return false; }

  void CreateTenants(db::Tx& tx) override {
    land_ = *tenancy::CreateTenant(
        tx, {.slug = "sachsen", .name = "Freistaat Sachsen", .kind = "land", .land = "SN", .ags = "14"}, now_);
    kreis_ = *tenancy::CreateTenant(tx,
                                    {.slug = "landkreis-leipzig", .name = "Landkreis Leipzig", .kind = "kreis",
                                     .land = "SN", .parent_slug = "sachsen", .ags = "14729"},
                                    now_);
    grimma_ = *tenancy::CreateTenant(tx,
                                     {.slug = "grimma", .name = "Stadt Grimma", .land = "SN",
                                      .parent_slug = "landkreis-leipzig", .ags = "14729160"},
                                     now_);
    goerlitz_ = *tenancy::CreateTenant(
        tx, {.slug = "goerlitz", .name = "Stadt Görlitz", .land = "SN", .parent_slug = "sachsen", .ags = "14626110"},
        now_);
    tenant_ = grimma_;
  }

  // A published procedure of `tenant` in participation, with `geometry` (none if empty).
  Procedure Make(const tenancy::Tenant& tenant, std::string title, std::string_view geometry) {
    const law::Date today = LocalDate(now_);
    ProcedureInput input{.type = Type::kBaugb32,
                         .title = std::move(title),
                         .description = "Beschreibung",
                         .display_start = law::AddDays(today, -3),
                         .geometry = std::string(geometry)};
    auto dates = PlanDates(input, "SN", "", today);
    EXPECT_TRUE(dates.has_value());
    return db_->Write([&](db::Tx& tx) {
      Procedure procedure = Create(tx, tenant.id, std::nullopt, input, *dates, now_);
      return *SetPhase(tx, procedure.id, Phase::kPublished, now_);
    });
  }

  mw::testing::HttpResponse Get(const std::string& target) { return mw::testing::Send(port(), "GET", target); }

  tenancy::Tenant land_, kreis_, grimma_, goerlitz_;
};

TEST_P(ParticipationTest, AProcedureWithItsOwnAreaNearGrimmaIsFoundForGrimmaAndNotForGoerlitz) {
  // Run by the Land (whose AGS covers Görlitz too): its area decides, not its authority.
  Make(land_, "Ortsumgehung Grimma-Ost", kAreaNearGrimma);
  auto near_grimma = Get("/beteiligung?place=Grimma&radius=10");
  ASSERT_EQ(near_grimma.status, 200) << near_grimma.body;
  EXPECT_TRUE(Contains(near_grimma.body, "Ortsumgehung Grimma-Ost"));
  EXPECT_TRUE(Contains(near_grimma.body, "Im Umkreis von 10 km um Grimma"));
  EXPECT_TRUE(Contains(near_grimma.body, "etwa 2 km entfernt"));
  auto near_goerlitz = Get("/beteiligung?place=G%C3%B6rlitz&radius=10");
  ASSERT_EQ(near_goerlitz.status, 200);
  EXPECT_FALSE(Contains(near_goerlitz.body, "Ortsumgehung Grimma-Ost"));
  EXPECT_TRUE(Contains(near_goerlitz.body, "keine laufende Beteiligung"));
  // By postcode and in lower case, the same place.
  EXPECT_TRUE(Contains(Get("/beteiligung?place=04668&radius=5").body, "Ortsumgehung Grimma-Ost"));
  EXPECT_TRUE(Contains(Get("/beteiligung?place=grimma&radius=5").body, "Ortsumgehung Grimma-Ost"));
  // Leipzig is 27 km away: not within 10 km, within 50.
  EXPECT_FALSE(Contains(Get("/beteiligung?place=Leipzig&radius=10").body, "Ortsumgehung Grimma-Ost"));
  EXPECT_TRUE(Contains(Get("/beteiligung?place=Leipzig&radius=50").body, "Ortsumgehung Grimma-Ost"));
}

TEST_P(ParticipationTest, AProcedureOfAKreisWithoutAreaIsFoundAtEveryGemeindeInIt) {
  Make(kreis_, "Abfallwirtschaftsplan des Landkreises", "");
  Make(goerlitz_, "Parkraumkonzept Görlitz", "");
  auto grimma = Get("/beteiligung?place=Grimma&radius=5");
  EXPECT_TRUE(Contains(grimma.body, "Abfallwirtschaftsplan des Landkreises"));
  EXPECT_FALSE(Contains(grimma.body, "Parkraumkonzept Görlitz"));
  EXPECT_TRUE(Contains(Get("/beteiligung?place=Naunhof&radius=5").body, "Abfallwirtschaftsplan des Landkreises"));
  auto goerlitz = Get("/beteiligung?place=Goerlitz&radius=5");
  EXPECT_FALSE(Contains(goerlitz.body, "Abfallwirtschaftsplan des Landkreises"));
  EXPECT_TRUE(Contains(goerlitz.body, "Parkraumkonzept Görlitz"));
  // Without a place: everything, with the type filter's kinds.
  auto all = Get("/beteiligung");
  EXPECT_TRUE(Contains(all.body, "Abfallwirtschaftsplan des Landkreises"));
  EXPECT_TRUE(Contains(all.body, "Parkraumkonzept Görlitz"));
  EXPECT_TRUE(Contains(all.body, "<option value=\"procedures\""));
  EXPECT_EQ(Get("/beteiligung?type=surveys").status, 422);
}

TEST_P(ParticipationTest, AnUnknownPlaceIsAskedAgainAndSeveralPlacesAreAChoice) {
  auto unknown = Get("/beteiligung?place=Nirgendwo&radius=10");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(Contains(unknown.body, "mw-error-summary"));
  EXPECT_TRUE(Contains(unknown.body, "Einen Ort „Nirgendwo“ kennen wir nicht"));
  EXPECT_TRUE(Contains(unknown.body, "href=\"#place\""));
  EXPECT_TRUE(Contains(unknown.body, "value=\"Nirgendwo\""));
  auto two = Get("/beteiligung?place=Aach&radius=10");
  ASSERT_EQ(two.status, 200);
  EXPECT_TRUE(Contains(two.body, "Welchen meinen Sie?"));
  EXPECT_TRUE(Contains(two.body, "/beteiligung?place=54298%20Aach&amp;radius=10"));
  EXPECT_TRUE(Contains(two.body, "/beteiligung?place=78267%20Aach&amp;radius=10"));
  EXPECT_EQ(Get("/beteiligung?place=78267%20Aach&radius=10").status, 200);
  EXPECT_EQ(Get("/beteiligung?place=Grimma&radius=1000").status, 422);
  // A page past the last one is said in the summary without a link: the form has no field for it.
  auto far = Get("/beteiligung?offset=5000");
  EXPECT_EQ(far.status, 422);
  EXPECT_TRUE(Contains(far.body, "mw-error-summary"));
  EXPECT_FALSE(Contains(far.body, "href=\"#offset\""));
}

TEST_P(ParticipationTest, TheApiFindsByCoordinatesOrPlaceAndChecksItsLimits) {
  Make(land_, "Ortsumgehung Grimma-Ost", kAreaNearGrimma);
  Make(kreis_, "Abfallwirtschaftsplan des Landkreises", "");
  auto near = Get("/api/v1/participation?near=51.2355,12.7271&radius_km=10");
  ASSERT_EQ(near.status, 200) << near.body;
  auto body = boost::json::parse(near.body).as_object();
  EXPECT_EQ(body.at("total").as_int64(), 2);
  const auto& first = body.at("items").as_array().at(0).as_object();
  EXPECT_EQ(first.at("type").as_string(), "procedures");
  EXPECT_TRUE(Contains(std::string(first.at("url").as_string()), "http://portal.test/"));
  auto by_place = Get("/api/v1/participation?place=04668&radius_km=5&type=procedures");
  ASSERT_EQ(by_place.status, 200) << by_place.body;
  EXPECT_EQ(boost::json::parse(by_place.body).at("total").as_int64(), 2);
  auto far = boost::json::parse(Get("/api/v1/participation?near=51.1553,14.9880&radius_km=10").body);
  EXPECT_EQ(far.at("total").as_int64(), 0);

  for (std::string_view bad : {"near=91,12", "near=51.2", "near=abc,12.7", "radius_km=abc&place=Grimma",
                               "limit=x", "near=51.2,12.7&place=Grimma"}) {
    auto response = Get("/api/v1/participation?" + std::string(bad));
    EXPECT_EQ(response.status, 400) << bad << ": " << response.body;
    EXPECT_TRUE(Contains(response.Header("content-type"), "application/problem+json")) << bad;
  }
  for (std::string_view unprocessable : {"place=Grimma&radius_km=0", "place=Grimma&radius_km=201", "place=Nirgendwo",
                                         "type=surveys", "limit=101", "place=Aach"}) {
    auto response = Get("/api/v1/participation?" + std::string(unprocessable));
    EXPECT_EQ(response.status, 422) << unprocessable << ": " << response.body;
    EXPECT_TRUE(Contains(response.Header("content-type"), "application/problem+json")) << unprocessable;
  }
  auto too_long = Get("/api/v1/participation?place=" + std::string(101, 'a'));
  EXPECT_EQ(too_long.status, 422);
}

TEST_P(ParticipationTest, TheKeptPageShowsANewProcedureAtOnce) {
  auto before = Get("/beteiligung?place=Grimma&radius=10");
  ASSERT_EQ(before.status, 200);
  EXPECT_FALSE(Contains(before.body, "Neuer Radweg an der Mulde"));
  // Kept now: the same page again comes from the cache …
  EXPECT_FALSE(Contains(Get("/beteiligung?place=Grimma&radius=10").body, "Neuer Radweg an der Mulde"));
  // … until a procedure is written.
  Make(grimma_, "Neuer Radweg an der Mulde", "");
  EXPECT_TRUE(Contains(Get("/beteiligung?place=Grimma&radius=10").body, "Neuer Radweg an der Mulde"));
}

TEST_P(ParticipationTest, TheOverviewAndTheMapFilterByPlace) {
  Make(land_, "Ortsumgehung Grimma-Ost", kAreaNearGrimma);
  Make(kreis_, "Abfallwirtschaftsplan des Landkreises", "");
  Make(goerlitz_, "Parkraumkonzept Görlitz", "");
  auto overview = Get("/verfahren?place=Grimma&radius=10");
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_TRUE(Contains(overview.body, "Ortsumgehung Grimma-Ost"));
  EXPECT_TRUE(Contains(overview.body, "Abfallwirtschaftsplan des Landkreises"));
  EXPECT_FALSE(Contains(overview.body, "Parkraumkonzept Görlitz"));
  EXPECT_TRUE(Contains(overview.body, "value=\"Grimma\""));
  auto map = Get("/verfahren/karte?place=Grimma&radius=10");
  ASSERT_EQ(map.status, 200);
  EXPECT_TRUE(Contains(map.body, "data-near=\"51.23550,12.72710,10\""));
  EXPECT_TRUE(Contains(map.body, "/verfahren.geojson?place=Grimma&amp;radius=10"));
  auto geojson = Get("/verfahren.geojson?place=Grimma&radius=10");
  EXPECT_TRUE(Contains(geojson.body, "Ortsumgehung Grimma-Ost"));
  EXPECT_FALSE(Contains(geojson.body, "Parkraumkonzept Görlitz"));
  // An unknown place: the form again with the error, above the list without the place filter.
  auto unknown = Get("/verfahren?place=Nirgendwo");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_TRUE(Contains(unknown.body, "mw-error-summary"));
  EXPECT_TRUE(Contains(unknown.body, "href=\"#filter-place\""));
  EXPECT_TRUE(Contains(unknown.body, "kennen wir nicht"));
  EXPECT_TRUE(Contains(unknown.body, "value=\"Nirgendwo\""));
  EXPECT_TRUE(Contains(unknown.body, "Parkraumkonzept Görlitz"));
  // The API and the GeoJSON answer 422 for it.
  EXPECT_EQ(Get("/api/v1/procedures?place=Nirgendwo").status, 422);
}

MW_INSTANTIATE_FOR_ENGINES(ParticipationTest);

}  // namespace
}  // namespace mw::procedures
