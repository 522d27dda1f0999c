// A mass objection's members compared with the common text: the words a member adds are its own content.
#include "formats/procedures/word_diff.hpp"

#include <gtest/gtest.h>

namespace mw::procedures {
namespace {

// The text with its own words in [brackets].
std::string Marked(const std::vector<DiffSegment>& segments) {
  std::string out;
  for (const auto& segment : segments) out += segment.own ? "[" + segment.text + "]" : segment.text;
  return out;
}

TEST(WordDiffTest, OwnWordsAreMarkedAndTheTextStaysWhole) {
  auto diff = WordDiff("Der Windpark ist zu nah.", "Ich bin Anna. Der Windpark ist viel zu nah.");
  ASSERT_TRUE(diff.has_value());
  EXPECT_EQ(Marked(*diff), "[Ich bin Anna. ]Der Windpark ist [viel ]zu nah.");
  ASSERT_EQ(diff->size(), 4u);
  EXPECT_TRUE((*diff)[0].own);
  EXPECT_FALSE((*diff)[1].own);
}

TEST(WordDiffTest, MissingWordsAreNotOwnContentAndWhitespaceIsKept) {
  auto diff = WordDiff("Der Windpark ist viel zu nah am Ort.", "  Der Windpark\nist zu nah am Ort.");
  ASSERT_TRUE(diff.has_value());
  EXPECT_EQ(Marked(*diff), "  Der Windpark\nist zu nah am Ort.");
  EXPECT_EQ(Marked(*WordDiff("a b c", "a b c")), "a b c");
  EXPECT_EQ(Marked(*WordDiff("", "Alles eigen")), "[Alles eigen]");
  EXPECT_TRUE(WordDiff("a b", "")->empty());
}

TEST(WordDiffTest, DiffersIgnoresWhitespaceOnly) {
  EXPECT_FALSE(DiffersFrom("Der Windpark ist zu nah.", " Der  Windpark\nist zu nah. "));
  EXPECT_TRUE(DiffersFrom("Der Windpark ist zu nah.", "Der Windpark ist nah."));
  EXPECT_TRUE(DiffersFrom("Der Windpark ist zu nah.", "Der Windpark ist zu nah. Gruß"));
}

TEST(WordDiffTest, LongTextsDifferingEverywhereAreNotComparedWordByWord) {
  std::string common;
  std::string text;
  for (std::size_t idx = 0; idx <= kMaxDiffWords; ++idx) {
    common += "gemeinsam" + std::to_string(idx) + " ";
    text += "eigen" + std::to_string(idx) + " ";
  }
  EXPECT_FALSE(WordDiff(common, text).has_value());
  // Long but alike except a name at the beginning: the shared beginning and end cost nothing.
  auto named = WordDiff(common, "Anna " + common);
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ((*named)[0].text, "Anna ");
  EXPECT_TRUE((*named)[0].own);
  EXPECT_EQ(named->size(), 2u);
}

}  // namespace
}  // namespace mw::procedures
