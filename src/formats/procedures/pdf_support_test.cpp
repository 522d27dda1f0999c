// Text handed to Pango gets a break opportunity in every run of more than kMaxUnbrokenChars characters, and nothing
// else changes.
#include "formats/procedures/pdf_support.hpp"

#include <gtest/gtest.h>

#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kZeroWidthSpace = "\xE2\x80\x8B";

std::string WithoutZeroWidthSpaces(std::string text) {
  for (auto pos = text.find(kZeroWidthSpace); pos != std::string::npos; pos = text.find(kZeroWidthSpace, pos)) {
    text.erase(pos, kZeroWidthSpace.size());
  }
  return text;
}

TEST(PdfTextTest, OrdinaryTextIsLeftAsItIs) {
  const std::string text =
      "Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung – die Lärmschutzwand endet zu früh.";
  EXPECT_EQ(WithBreakOpportunities(text), text);
  EXPECT_EQ(LongestUnbrokenRun("ab cd\nefghi"), 5u);
  EXPECT_EQ(LongestUnbrokenRun("Maß Straße"), 6u);
}

TEST(PdfTextTest, EndlessWordsGetABreakOpportunityEveryFewCharacters) {
  for (std::string unit : {"a", "ä", "€", "\xF0\x9F\x98\x80"}) {
    std::string word;
    for (int idx = 0; idx < 50'000; ++idx) word += unit;
    std::string broken = WithBreakOpportunities("Anfang " + word + " Ende");
    EXPECT_LE(LongestUnbrokenRun(broken), kMaxUnbrokenChars) << unit;
    EXPECT_TRUE(IsValidUtf8(broken)) << unit;
    EXPECT_EQ(WithoutZeroWidthSpaces(broken), "Anfang " + word + " Ende") << "only invisible breaks are added";
  }
  std::string exactly(kMaxUnbrokenChars, 'x');
  EXPECT_EQ(WithBreakOpportunities(exactly), exactly);
  EXPECT_EQ(WithBreakOpportunities(exactly + "y"), exactly + std::string(kZeroWidthSpace) + "y");
}

}  // namespace
}  // namespace mw::procedures
