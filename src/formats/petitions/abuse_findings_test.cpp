// What looks unusual in a petition's signatures (abuse_findings.hpp): busy hours against the other hours, one network
// or one domain filling an hour, signatures still unconfirmed a day later — and nothing for an ordinary petition.
#include "formats/petitions/abuse_findings.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace mw::petitions {
namespace {

constexpr db::UnixSeconds kHour = 3600;
constexpr db::UnixSeconds kStart = 1'780'000'000 / kHour * kHour;

SignatureGroup Group(int hour_index, std::string key, std::int64_t pending, std::int64_t confirmed) {
  return {.hour = kStart + hour_index * kHour,
          .key = std::move(key),
          .counts = {.pending = pending, .confirmed = confirmed, .invalidated = 0}};
}

// Ten ordinary hours of 8 signatures each, all confirmed, from many networks and domains.
SignatureOverview Ordinary() {
  SignatureOverview overview;
  for (int hour = 0; hour < 10; ++hour) {
    overview.by_hour.push_back(Group(hour, "", 0, 8));
    overview.by_domain.push_back(Group(hour, "gmx.de", 0, 3));
    overview.by_prefix.push_back(Group(hour, "192.0.2.0/24", 0, 1));
    overview.hours.push_back(kStart + hour * kHour);
    overview.selected.confirmed += 8;
  }
  return overview;
}

std::vector<Finding::Kind> Kinds(const std::vector<Finding>& findings) {
  std::vector<Finding::Kind> kinds;
  for (const auto& finding : findings) kinds.push_back(finding.kind);
  return kinds;
}

TEST(AbuseFindingsTest, AnOrdinaryPetitionHasNone) {
  EXPECT_TRUE(FindUnusual(Ordinary(), kStart + 30 * kHour).empty());
  EXPECT_TRUE(FindUnusual(SignatureOverview{}, kStart).empty());
}

TEST(AbuseFindingsTest, AWaveFromOneNetworkIsABusyHourAndOneNetwork) {
  SignatureOverview overview = Ordinary();
  // Hour 10: 300 signatures, 280 of them out of one /24, most confirmed.
  overview.by_hour.insert(overview.by_hour.begin(), Group(10, "", 20, 280));
  overview.by_prefix.insert(overview.by_prefix.begin(), Group(10, "198.51.100.0/24", 10, 270));
  overview.hours.push_back(kStart + 10 * kHour);
  overview.selected.confirmed += 280;
  overview.selected.pending += 20;
  auto findings = FindUnusual(overview, kStart + 40 * kHour);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, Finding::Kind::kBusyHour) << "the larger group first";
  EXPECT_EQ(findings[0].group.counts.total(), 300);
  EXPECT_EQ(findings[0].usual, 8) << "the other hours' average, without the busy hour";
  EXPECT_EQ(findings[1].kind, Finding::Kind::kOneNetwork);
  EXPECT_EQ(findings[1].group.key, "198.51.100.0/24");
  EXPECT_EQ(findings[1].hour_total, 300);
}

TEST(AbuseFindingsTest, ABigProvidersShareOfAnHourIsNotAFinding) {
  SignatureOverview overview = Ordinary();
  overview.by_hour[3] = Group(3, "", 0, 40);
  overview.by_domain[3] = Group(3, "gmx.de", 0, 16);  // 40 %: ordinary for a big provider
  overview.selected.confirmed += 32;
  auto kinds = Kinds(FindUnusual(overview, kStart + 40 * kHour));
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), Finding::Kind::kOneDomain), 0);
  overview.by_domain[3] = Group(3, "wegwerf.example", 0, 36);  // 90 %
  kinds = Kinds(FindUnusual(overview, kStart + 40 * kHour));
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), Finding::Kind::kOneDomain), 1);
}

TEST(AbuseFindingsTest, UnconfirmedSignaturesCountOnlyADayAfterTheirHour) {
  SignatureOverview overview = Ordinary();
  overview.by_hour[5] = Group(5, "", 19, 1);
  const db::UnixSeconds hour_end = kStart + 6 * kHour;
  EXPECT_TRUE(FindUnusual(overview, hour_end + 3600).empty()) << "people confirm within hours; not yet unusual";
  auto findings = FindUnusual(overview, hour_end + 24 * kHour);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, Finding::Kind::kUnconfirmed);
  EXPECT_EQ(findings[0].group.counts.pending, 19);
}

TEST(AbuseFindingsTest, SmallGroupsAndASingleHourAreNotCompared) {
  SignatureOverview single;
  single.by_hour.push_back(Group(0, "", 0, 500));
  single.hours.push_back(kStart);
  single.selected.confirmed = 500;
  EXPECT_TRUE(FindUnusual(single, kStart + 40 * kHour).empty()) << "one hour has no other hours to differ from";
  SignatureOverview overview = Ordinary();
  overview.by_prefix[2] = Group(2, "203.0.113.0/24", 0, 8);  // the whole hour, but only 8
  EXPECT_TRUE(FindUnusual(overview, kStart + 40 * kHour).empty());
}

TEST(AbuseFindingsTest, AtMostTheGivenNumberLargestFirst) {
  SignatureOverview overview;
  // Hour h: h + 1 signatures, all from one domain; with groups of 5 and more counting, hours 4 to 9 qualify.
  for (int hour = 0; hour < 10; ++hour) {
    overview.by_hour.push_back(Group(hour, "", 0, hour + 1));
    overview.by_domain.push_back(Group(hour, "wegwerf.example", 0, hour + 1));
    overview.hours.push_back(kStart + hour * kHour);
    overview.selected.confirmed += hour + 1;
  }
  FindingRules rules{.min_group = 5, .max_findings = 3};
  auto findings = FindUnusual(overview, kStart + 40 * kHour, rules);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].group.counts.total(), 10);
  EXPECT_EQ(findings[1].group.counts.total(), 9);
  EXPECT_EQ(findings[2].group.counts.total(), 8);
  for (const auto& finding : findings) EXPECT_EQ(finding.kind, Finding::Kind::kOneDomain);
}

}  // namespace
}  // namespace mw::petitions
