// German stems for the full-text search: the word forms a case worker types find the forms the citizens wrote.
#include "formats/procedures/search.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

TEST(GermanSearchTest, WordsAreLowerCasedWithUmlauts) {
  EXPECT_EQ(Words("Die BÄUME, „Straße“ – 12 Ölfässer!"),
            (std::vector<std::string>{"die", "bäume", "straße", "12", "ölfässer"}));
}

TEST(GermanSearchTest, SnowballGermanJoinsWordForms) {
  EXPECT_EQ(GermanStem("windenergieanlagen"), GermanStem("windenergieanlage"));
  EXPECT_EQ(GermanStem("bäume"), GermanStem("baum"));
  EXPECT_EQ(GermanStem("wälder"), GermanStem("wald"));
  EXPECT_EQ(GermanStem("gefährdungen"), GermanStem("gefährdung"));
  // Snowball keeps the participle apart from the noun: "gefährdet" → "gefahrdet", "Gefährdung" → "gefahrd".
  EXPECT_NE(GermanStem("gefährdet"), GermanStem("gefährdung"));
  EXPECT_EQ(GermanStems("Die Bäume sind gefährdet"), "die baum sind gefahrdet");
}

TEST(GermanSearchTest, QueriesArePrefixTermsOfStems) {
  EXPECT_EQ(Fts5Query(7, "Bäume Lärm"), "\"7xbaum\"* AND \"7xlarm\"*");
  EXPECT_EQ(PgTsQuery("Bäume Lärm"), "bäume:* & lärm:*");
  EXPECT_EQ(Fts5Query(7, " \"' OR * "), "\"7xor\"*");  // operators are words, quotes are dropped
  EXPECT_EQ(Fts5Query(7, "!!!"), "");
  EXPECT_EQ(PgTsQuery("a & b | !c"), "a:* & b:* & c:*");
}

// The index's terms and a query's terms carry the procedure, so that a prefix query stays in its procedure: procedure
// 38's term for "16…" is "38x16…", never "3816x…".
TEST(GermanSearchTest, IndexedTermsCarryTheirProcedure) {
  EXPECT_EQ(ProcedureStems(3816, "Die Bäume sind gefährdet"), "3816xdie 3816xbaum 3816xsind 3816xgefahrdet");
  EXPECT_EQ(ProcedureStems(38, "16 Bäume"), "38x16 38xbaum");
  EXPECT_EQ(ProcedureStems(3816, "?!"), "");
  EXPECT_FALSE(ProcedureStems(38, "16 Bäume").starts_with("3816x"));
  EXPECT_EQ(Fts5Query(3816, "Baum"), "\"3816xbaum\"*");
}

TEST(GermanSearchTest, LongQueriesAreCut) {
  std::string many;
  for (int i = 0; i < 30; ++i) many += "wort" + std::to_string(i) + " ";
  EXPECT_EQ(Words(many).size(), 30u);
  std::string pg = PgTsQuery(many);
  EXPECT_EQ(static_cast<std::size_t>(std::count(pg.begin(), pg.end(), '&')), kMaxQueryWords - 1);
}

// #14 item 8: the inbox shows where a search found a statement — the words marked as the search matched them (stem
// prefixes: "Lärm" finds "Lärmbelästigung" and "lärmt"), in a short excerpt cut at words.
std::string Marked(const std::vector<SnippetSegment>& segments) {
  std::string out;
  for (const auto& segment : segments) out += segment.hit ? "[" + segment.text + "]" : segment.text;
  return out;
}

TEST(GermanSearchTest, SnippetsMarkTheWordsTheSearchFound) {
  EXPECT_EQ(Marked(SearchSnippet("Der Lärm der Anlage stört.", "Lärm")), "Der [Lärm] der Anlage stört.");
  EXPECT_EQ(Marked(SearchSnippet("Die Lärmbelästigung nachts:\nes lärmt!", "lärm")),
            "Die [Lärmbelästigung] nachts: es [lärmt]!");
  EXPECT_EQ(Marked(SearchSnippet("Viele BÄUME werden gefällt, ein Baum bleibt.", "Bäume gefällt")),
            "Viele [BÄUME] werden [gefällt], ein [Baum] bleibt.");
  EXPECT_TRUE(SearchSnippet("Der Rotmilan brütet.", "Lärm").empty()) << "no hit, no snippet";
  EXPECT_TRUE(SearchSnippet("Der Rotmilan brütet.", "?!").empty());
  EXPECT_EQ(Marked(SearchSnippet("Straße und Strasse", "Straße")), "[Straße] und [Strasse]");
}

TEST(GermanSearchTest, SnippetsAreShortAndCutAtWords) {
  std::string before;
  for (int i = 0; i < 100; ++i) before += "vorher" + std::to_string(i) + " ";
  std::string after;
  for (int i = 0; i < 100; ++i) after += " nachher" + std::to_string(i);
  auto segments = SearchSnippet(before + "Windenergieanlage" + after, "Windenergie", 120);
  std::string marked = Marked(segments);
  EXPECT_TRUE(marked.starts_with("… vorher")) << marked;
  EXPECT_TRUE(marked.ends_with(" …")) << marked;
  EXPECT_NE(marked.find("[Windenergieanlage]"), std::string::npos);
  EXPECT_LE(Utf8Length(marked), 130u);
  EXPECT_EQ(marked.find("vorher9 "), std::string::npos) << "far from the hit";
  // One endless word: shown in part, valid UTF-8.
  std::string endless;
  for (int i = 0; i < 20'000; ++i) endless += "ä";
  auto long_word = SearchSnippet(endless, endless.substr(0, 40));
  ASSERT_EQ(long_word.size(), 1u);
  EXPECT_TRUE(long_word[0].hit);
  EXPECT_LE(Utf8Length(long_word[0].text), 240u);
  EXPECT_TRUE(IsValidUtf8(long_word[0].text));
}

}  // namespace
}  // namespace mw::procedures
