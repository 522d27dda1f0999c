// The back office's pure rules: splitting without changing the text, tags, text blocks, CSV cells.
#include "formats/procedures/weighing.hpp"

#include <gtest/gtest.h>

#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kText = "Die Anlagen sind zu laut.\n\nDer Rotmilan brütet im Wald.\nBitte prüfen.";

TEST(WeighingTest, SplitsAtSeparatorLines) {
  auto sections = SplitSections(kText, "Die Anlagen sind zu laut.\n ---  \nDer Rotmilan brütet im Wald.\r\n---\nBitte prüfen.");
  ASSERT_TRUE(sections.has_value()) << sections.error().message;
  EXPECT_EQ(*sections, (std::vector<std::string>{"Die Anlagen sind zu laut.", "Der Rotmilan brütet im Wald.",
                                                 "Bitte prüfen."}));
  EXPECT_EQ(JoinSections(*sections),
            "Die Anlagen sind zu laut.\n---\nDer Rotmilan brütet im Wald.\n---\nBitte prüfen.");
}

TEST(WeighingTest, TheTextMustStayAsItIs) {
  auto changed = SplitSections(kText, "Die Anlagen sind leise.\n---\nDer Rotmilan brütet im Wald.\nBitte prüfen.");
  ASSERT_FALSE(changed.has_value());
  EXPECT_EQ(changed.error().field, "sections");
  auto shortened = SplitSections(kText, "Die Anlagen sind zu laut.");
  EXPECT_FALSE(shortened.has_value());
  EXPECT_FALSE(SplitSections(kText, "").has_value());
  auto unsplit = SplitSections(kText, std::string(kText));
  ASSERT_TRUE(unsplit.has_value());
  EXPECT_EQ(unsplit->size(), 1u);
}

TEST(WeighingTest, TooManySectionsAreRefused) {
  std::string text;
  std::string marked;
  for (std::size_t i = 0; i <= kMaxSections; ++i) {
    text += "Satz " + std::to_string(i) + ". ";
    marked += "Satz " + std::to_string(i) + ".\n---\n";
  }
  EXPECT_FALSE(SplitSections(text, marked).has_value());
}

TEST(WeighingTest, TagsAreTrimmedAndUnique) {
  auto tags = ParseTags(" Lärm, Artenschutz,,lärm , Verkehr");
  ASSERT_TRUE(tags.has_value());
  EXPECT_EQ(*tags, (std::vector<std::string>{"Lärm", "Artenschutz", "Verkehr"}));
  auto dup = ParseTags("Verkehr, verkehr");
  ASSERT_TRUE(dup.has_value());
  EXPECT_EQ(dup->size(), 1u);
  EXPECT_FALSE(ParseTags(std::string(61, 'x')).has_value());
}

TEST(WeighingTest, TextBlocksNeedTitleAndText) {
  EXPECT_TRUE(ValidateTextBlock({"Titel", "Text"}).empty());
  auto errors = ValidateTextBlock({" ", ""});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "title");
  EXPECT_EQ(errors[1].field, "text");
  EXPECT_FALSE(ValidateResponse(std::string(kMaxResponseChars + 1, 'a'), "response-0").has_value());
  EXPECT_EQ(*ValidateResponse("  Ja. ", "response-0"), "Ja.");
}

TEST(WeighingTest, CsvCellsAreQuotedAndDefused) {
  EXPECT_EQ(CsvLine({"a", "b;c", "=SUMME(A1)", "x\"y", "-1"}, ';'), "a;\"b;c\";'=SUMME(A1);\"x\"\"y\";'-1\r\n");
  EXPECT_EQ(FirstWords("eins  zwei\ndrei vier", 3), "eins zwei drei …");
  EXPECT_EQ(FirstWords("eins zwei", 3), "eins zwei");
  // A teaser of one endless word is cut at a character, never inside a UTF-8 sequence.
  std::string word;
  for (int idx = 0; idx < 50'000; ++idx) word += "ä";
  std::string teaser = FirstWords(word, 18);
  EXPECT_TRUE(IsValidUtf8(teaser));
  EXPECT_EQ(Utf8Length(teaser), 202u);
  EXPECT_TRUE(teaser.ends_with(" …"));
}

// A mass objection in the weighing PDF: the members that got the same answer are one line with the common text once
// and every member's reference; a member answered on its own, or split into sections, keeps its own line.
TEST(WeighingTest, ClusterMembersWithTheSameAnswerArePrintedOnce) {
  auto line = [](std::int64_t id, std::optional<std::int64_t> cluster, std::string text, std::string response,
                 bool whole = true) {
    return PrintLine{.statement_id = id,
                     .cluster_id = cluster,
                     .whole = whole,
                     .reference = "GRI-2026-0000" + std::to_string(id),
                     .submitter = "Person " + std::to_string(id),
                     .text = std::move(text),
                     .response = std::move(response),
                     .status = "erledigt"};
  };
  const std::string letter = "Der Windpark ist zu nah am Ort.";
  auto printed = CombineClusterLines({
      line(1, 7, letter, "Der Abstand ist eingehalten."),
      line(2, std::nullopt, "Eine eigene Stellungnahme.", "Geprüft."),
      line(3, 7, "Der Windpark  ist zu nah\nam Ort.", "Der Abstand ist eingehalten."),
      line(4, 7, letter + " Ich wohne dort.", "Der Abstand ist eingehalten."),
      line(5, 7, letter, "Eine eigene Antwort für Nummer 5."),
      line(6, 7, letter, "Der Abstand ist eingehalten.", /*whole=*/false),
      line(8, 9, letter, ""),
  });
  ASSERT_EQ(printed.size(), 5u);
  EXPECT_EQ(printed[0].references, (std::vector<std::string>{"GRI-2026-00001", "GRI-2026-00003", "GRI-2026-00004"}));
  EXPECT_EQ(printed[0].cluster_id, 7);
  EXPECT_EQ(printed[0].text, letter);
  EXPECT_EQ(printed[0].response, "Der Abstand ist eingehalten.");
  EXPECT_TRUE(printed[0].submitter.empty()) << "a cluster's line names no single person";
  EXPECT_EQ(printed[0].own_wording, std::vector<std::string>{"GRI-2026-00004"}) << "whitespace is not wording";
  EXPECT_EQ(printed[1].references, std::vector<std::string>{"GRI-2026-00002"});
  EXPECT_FALSE(printed[1].cluster_id.has_value());
  EXPECT_EQ(printed[1].submitter, "Person 2");
  EXPECT_EQ(printed[2].references, std::vector<std::string>{"GRI-2026-00005"}) << "its own answer is kept";
  EXPECT_FALSE(printed[2].cluster_id.has_value()) << "alone, it is an ordinary line";
  EXPECT_EQ(printed[3].references, std::vector<std::string>{"GRI-2026-00006"}) << "a split statement keeps its lines";
  EXPECT_EQ(printed[4].references, std::vector<std::string>{"GRI-2026-00008"});
  EXPECT_EQ(printed[4].submitter, "Person 8");
}

}  // namespace
}  // namespace mw::procedures
