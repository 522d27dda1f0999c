// Petitions in the participation list (#14 item 1) on both engines: a petition has no area of its own, so it is
// where its tenant is — a Kreis's petition at every Gemeinde in the Kreis, not elsewhere.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "formats/petitions/site_fixture_test.hpp"
#include "platform/places/places.hpp"

namespace mw::petitions {
namespace {

bool Contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

class PetitionParticipationTest : public PetitionSiteTest {
 protected:
  void SetUp() override {
    PetitionSiteTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto gazetteer = places::Gazetteer::Parse(
        "14626110\tGörlitz, Stadt\t02826\t51.1553\t14.9880\n"
        "14729160\tGrimma, Stadt\t04668\t51.2355\t12.7271\n");
    ASSERT_TRUE(gazetteer);
    services_->gazetteer = std::make_shared<places::Gazetteer>(std::move(*gazetteer));
    db_->Write([&](db::Tx& tx) {
      kreis_ = *tenancy::CreateTenant(
          tx, {.slug = "landkreis-leipzig", .name = "Landkreis Leipzig", .kind = "kreis", .land = "SN", .ags = "14729"},
          now_);
      goerlitz_ = *tenancy::CreateTenant(
          tx, {.slug = "goerlitz", .name = "Stadt Görlitz", .land = "SN", .ags = "14626110"}, now_);
    });
  }

  mw::testing::HttpResponse Get(const std::string& target) { return mw::testing::Send(port(), "GET", target); }

  tenancy::Tenant kreis_, goerlitz_;
};

TEST_P(PetitionParticipationTest, AKreissPetitionIsFoundAtAGemeindeInItAndNotElsewhere) {
  PublishedPetition("Mehr Busse im Landkreis", kreis_.id);
  PublishedPetition("Altstadtbrücke sanieren", goerlitz_.id);
  auto grimma = Get("/beteiligung?place=Grimma&radius=10&type=petitions");
  ASSERT_EQ(grimma.status, 200) << grimma.body;
  EXPECT_TRUE(Contains(grimma.body, "Mehr Busse im Landkreis"));
  EXPECT_TRUE(Contains(grimma.body, "Unterzeichnung bis"));
  EXPECT_FALSE(Contains(grimma.body, "Altstadtbrücke sanieren"));
  auto goerlitz = Get("/beteiligung?place=G%C3%B6rlitz&radius=10");
  EXPECT_FALSE(Contains(goerlitz.body, "Mehr Busse im Landkreis"));
  EXPECT_TRUE(Contains(goerlitz.body, "Altstadtbrücke sanieren"));

  auto api = Get("/api/v1/participation?place=04668&type=petitions");
  ASSERT_EQ(api.status, 200) << api.body;
  auto body = boost::json::parse(api.body).as_object();
  ASSERT_EQ(body.at("total").as_int64(), 1);
  const auto& item = body.at("items").as_array().at(0).as_object();
  EXPECT_EQ(item.at("title").as_string(), "Mehr Busse im Landkreis");
  EXPECT_TRUE(item.at("area").is_null());
  EXPECT_FALSE(item.at("ends_at").is_null());
  // Everywhere: both.
  EXPECT_EQ(boost::json::parse(Get("/api/v1/participation").body).at("total").as_int64(), 2);
}

MW_INSTANTIATE_FOR_ENGINES(PetitionParticipationTest);

}  // namespace
}  // namespace mw::petitions
