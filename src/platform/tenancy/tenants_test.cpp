#include "platform/tenancy/tenants.hpp"

#include <gtest/gtest.h>

#include "support/test_db.hpp"

namespace mw::tenancy {
namespace {

constexpr db::UnixSeconds kNow = 1'780'000'000;

class TenantsTest : public mw::testing::EngineTest {
 protected:
  Result<Tenant> Create(NewTenant tenant) {
    return db_->Write([&](db::Tx& tx) { return CreateTenant(tx, tenant, kNow); });
  }
};

TEST_P(TenantsTest, BuildsTheHierarchyOfALand) {
  ASSERT_TRUE(Create({.slug = "sachsen", .name = "Freistaat Sachsen", .kind = "land", .land = "SN", .ags = "14"}));
  ASSERT_TRUE(Create({.slug = "landkreis-leipzig", .name = "Landkreis Leipzig", .kind = "kreis", .land = "SN",
                      .parent_slug = "sachsen", .ags = "14729"}));
  auto grimma = Create({.slug = "grimma", .name = "Stadt Grimma", .kind = "gemeinde", .land = "SN",
                        .parent_slug = "landkreis-leipzig", .ags = "14729160", .website = "https://www.grimma.de"});
  ASSERT_TRUE(grimma) << grimma.error().message;
  db_->Read([&](db::Tx& tx) {
    auto all = ListAll(tx);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all.front().slug, "sachsen") << "Länder first";
    auto kreis = FindBySlug(tx, "landkreis-leipzig");
    auto children = Children(tx, kreis->id);
    ASSERT_EQ(children.size(), 1u);
    EXPECT_EQ(children.front().name, "Stadt Grimma");
    EXPECT_EQ(FindById(tx, grimma->id)->ags, "14729160");
  });
}

TEST_P(TenantsTest, RejectsWhatWouldBreakTheSite) {
  ASSERT_TRUE(Create({.slug = "sachsen", .name = "Freistaat Sachsen", .kind = "land", .land = "SN"}));
  struct Case {
    NewTenant tenant;
    ErrorKind kind;
    std::string field;
  };
  std::vector<Case> cases{
      {{.slug = "sachsen", .name = "Doppelt", .kind = "land", .land = "SN"}, ErrorKind::kConflict, "slug"},
      {{.slug = "Grimma", .name = "Großbuchstaben", .land = "SN"}, ErrorKind::kInvalid, "slug"},
      {{.slug = "-grimma", .name = "Bindestrich vorn", .land = "SN"}, ErrorKind::kInvalid, "slug"},
      {{.slug = "g", .name = "Zu kurz", .land = "SN"}, ErrorKind::kInvalid, "slug"},
      {{.slug = "anmelden", .name = "Reserviert", .land = "SN"}, ErrorKind::kInvalid, "slug"},
      {{.slug = "static", .name = "Reserviert", .land = "SN"}, ErrorKind::kInvalid, "slug"},
      {{.slug = "ort", .name = "X", .land = "SN"}, ErrorKind::kInvalid, "name"},
      {{.slug = "ort", .name = "Ort", .kind = "dorf", .land = "SN"}, ErrorKind::kInvalid, "kind"},
      {{.slug = "ort", .name = "Ort", .land = "XX"}, ErrorKind::kInvalid, "land"},
      {{.slug = "ort", .name = "Ort", .land = "SN", .ags = "14a"}, ErrorKind::kInvalid, "ags"},
      {{.slug = "ort", .name = "Ort", .land = "SN", .parent_slug = "gibt-es-nicht"}, ErrorKind::kInvalid, "parent"},
      {{.slug = "ort", .name = "Ort", .land = "BY", .parent_slug = "sachsen"}, ErrorKind::kInvalid, "parent"},
      {{.slug = "bayern", .name = "Bayern", .kind = "land", .land = "BY", .parent_slug = "sachsen"},
       ErrorKind::kInvalid, "parent"},
      {{.slug = "ort", .name = "Ort", .land = "SN", .website = "javascript:alert(1)"}, ErrorKind::kInvalid, "website"},
  };
  for (const auto& test_case : cases) {
    auto result = Create(test_case.tenant);
    ASSERT_FALSE(result) << test_case.tenant.slug << " / " << test_case.field;
    EXPECT_EQ(result.error().kind, test_case.kind) << test_case.field;
    EXPECT_EQ(result.error().field, test_case.field) << result.error().message;
    EXPECT_FALSE(result.error().message.empty());
  }
  EXPECT_EQ(db_->Read([](db::Tx& tx) { return ListAll(tx).size(); }), 1u);
}

TEST(Laender, AllSixteenCodes) {
  EXPECT_EQ(LandCodes().size(), 16u);
  for (std::string code : {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH",
                           "TH"}) {
    EXPECT_TRUE(IsLandCode(code)) << code;
    EXPECT_FALSE(LandName(code).empty());
  }
  EXPECT_EQ(LandName("TH"), "Thüringen");
  EXPECT_FALSE(IsLandCode("sn"));
}

MW_INSTANTIATE_FOR_ENGINES(TenantsTest);

}  // namespace
}  // namespace mw::tenancy
