#include "platform/places/places.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace mw::places {
namespace {

// A few real lines of gazetteer/gemeinden.tsv.
constexpr std::string_view kSample =
    "# ags\tname\tpostcodes\tlat\tlon\n"
    "14626110\tGörlitz, Stadt\t02826,02827,02828\t51.1553\t14.9880\n"
    "14713000\tLeipzig, Stadt\t04109,04103,04105\t51.3383\t12.3779\n"
    "14729160\tGrimma, Stadt\t04668\t51.2355\t12.7271\n"
    "14729300\tNaunhof, Stadt\t04683\t51.2773\t12.5882\n"
    "14523010\tAdorf/Vogtl., Stadt\t08626\t50.3209\t12.2554\n"
    "08335001\tAach, Stadt\t78267\t47.8428\t8.8557\n"
    "07235001\tAach\t54298\t49.7915\t6.6011\n"
    "12053000\tFrankfurt (Oder), Stadt\t15230,15232\t52.3471\t14.5506\n"
    "06412000\tFrankfurt am Main, Stadt\t60311\t50.1106\t8.6821\n"
    "14522180\tÖderan, Stadt\t09569\t50.8603\t13.1665\n";

Gazetteer Sample() {
  auto gazetteer = Gazetteer::Parse(kSample);
  EXPECT_TRUE(gazetteer) << (gazetteer ? "" : gazetteer.error().message);
  return std::move(*gazetteer);
}

std::vector<std::string> Agss(const std::vector<const Place*>& found) {
  std::vector<std::string> out;
  for (const Place* place : found) out.push_back(place->ags);
  return out;
}

TEST(PlacesTest, FindsAPlaceByItsPostcode) {
  auto gazetteer = Sample();
  EXPECT_EQ(Agss(gazetteer.Find("04668")), std::vector<std::string>{"14729160"});
  EXPECT_EQ(Agss(gazetteer.Find(" 02827 ")), std::vector<std::string>{"14626110"});
  EXPECT_TRUE(gazetteer.Find("04669").empty());
  EXPECT_TRUE(gazetteer.Find("0466").empty());
}

TEST(PlacesTest, FindsANameWhateverItsCaseUmlautsOrOfficialSuffix) {
  auto gazetteer = Sample();
  for (std::string_view query : {"Grimma", "grimma", "GRIMMA", "Grimma, Stadt", "  Grimma "}) {
    EXPECT_EQ(Agss(gazetteer.Find(query)), std::vector<std::string>{"14729160"}) << query;
  }
  for (std::string_view query : {"Görlitz", "görlitz", "GÖRLITZ", "Goerlitz", "Gorlitz"}) {
    EXPECT_EQ(Agss(gazetteer.Find(query)), std::vector<std::string>{"14626110"}) << query;
  }
  EXPECT_EQ(Agss(gazetteer.Find("oederan")), std::vector<std::string>{"14522180"});
  EXPECT_EQ(gazetteer.Find("Grimma")[0]->name, "Grimma");
  EXPECT_TRUE(gazetteer.Find("Grimmen").empty());
  EXPECT_TRUE(gazetteer.Find("").empty());
}

TEST(PlacesTest, ANameBeginningAPlacesNameAsAWordFindsIt) {
  auto gazetteer = Sample();
  EXPECT_EQ(Agss(gazetteer.Find("Adorf")), std::vector<std::string>{"14523010"});
  EXPECT_EQ(Agss(gazetteer.Find("Adorf/Vogtl.")), std::vector<std::string>{"14523010"});
  // Two Frankfurts: a choice, sorted by name.
  EXPECT_EQ(Agss(gazetteer.Find("frankfurt")), (std::vector<std::string>{"12053000", "06412000"}));
  EXPECT_TRUE(gazetteer.Find("Frank").empty());
}

TEST(PlacesTest, SeveralPlacesOfOneNameAreAChoiceThatThePostcodeDecides) {
  auto gazetteer = Sample();
  auto both = gazetteer.Find("Aach");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0]->Label(), "54298 Aach");
  EXPECT_EQ(both[1]->Label(), "78267 Aach");
  EXPECT_EQ(Agss(gazetteer.Find("78267 Aach")), std::vector<std::string>{"08335001"});
  EXPECT_EQ(Agss(gazetteer.Find("08335001")), std::vector<std::string>{"08335001"});
}

TEST(PlacesTest, DistancesAreGreatCircleKilometres) {
  auto gazetteer = Sample();
  const Point grimma = gazetteer.ByAgs("14729160")->point;
  const Point leipzig = gazetteer.ByAgs("14713000")->point;
  const Point goerlitz = gazetteer.ByAgs("14626110")->point;
  EXPECT_NEAR(DistanceKm(grimma, leipzig), 26.8, 0.3);
  EXPECT_NEAR(DistanceKm(grimma, goerlitz), 157.0, 2.0);
  EXPECT_DOUBLE_EQ(DistanceKm(grimma, grimma), 0.0);
  // To a box: 0 inside, the nearest edge outside.
  Box around_grimma = BoxAround(grimma, 5);
  EXPECT_DOUBLE_EQ(DistanceKm(grimma, around_grimma), 0.0);
  EXPECT_NEAR(DistanceKm({grimma.lat + 0.1, grimma.lon}, BoxOf(grimma)), 11.1, 0.1);
}

TEST(PlacesTest, WithinARadiusNearestFirst) {
  auto gazetteer = Sample();
  const Point grimma = gazetteer.ByAgs("14729160")->point;
  EXPECT_EQ(Agss(gazetteer.Within(grimma, 10)), std::vector<std::string>{"14729160"});
  EXPECT_EQ(Agss(gazetteer.Within(grimma, 30)), (std::vector<std::string>{"14729160", "14729300", "14713000"}));
  // The box around a circle holds the circle.
  Box box = BoxAround(grimma, 30);
  for (const Place* place : gazetteer.Within(grimma, 30)) EXPECT_TRUE(Meets(box, BoxOf(place->point)));
}

TEST(PlacesTest, AMalformedLineIsAnErrorNamingIt) {
  EXPECT_FALSE(Gazetteer::Parse("1472916\tGrimma\t04668\t51.2\t12.7\n"));
  EXPECT_FALSE(Gazetteer::Parse("14729160\tGrimma\t4668\t51.2\t12.7\n"));
  EXPECT_FALSE(Gazetteer::Parse("14729160\tGrimma\t04668\t91.2\t12.7\n"));
  EXPECT_FALSE(Gazetteer::Parse("14729160\tGrimma\t04668\t51,2\t12.7\n"));
  auto twice = Gazetteer::Parse("14729160\tGrimma\t04668\t51.2\t12.7\n14729160\tGrimma\t04668\t51.2\t12.7\n");
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message.find("Zeile 2"), std::string::npos);
}

TEST(PlacesTest, TheShippedGazetteerReadsAndKnowsSaxony) {
  std::ifstream in(std::string(MW_SOURCE_DIR) + "/gazetteer/gemeinden.tsv", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto gazetteer = Gazetteer::Parse(text.str());
  ASSERT_TRUE(gazetteer) << gazetteer.error().message;
  EXPECT_GT(gazetteer->size(), 10000u);
  EXPECT_EQ(Agss(gazetteer->Find("Grimma")), std::vector<std::string>{"14729160"});
  // 04668 is Grimma's, and also that of two smaller municipalities beside it: a choice.
  auto by_postcode = Agss(gazetteer->Find("04668"));
  EXPECT_NE(std::find(by_postcode.begin(), by_postcode.end(), "14729160"), by_postcode.end());
  EXPECT_EQ(Agss(gazetteer->Find("04668 Grimma")), std::vector<std::string>{"14729160"});
  EXPECT_EQ(Agss(gazetteer->Find("Görlitz")), std::vector<std::string>{"14626110"});
  EXPECT_FALSE(gazetteer->Find("04103").empty());  // one of Leipzig's many
}

}  // namespace
}  // namespace mw::places
