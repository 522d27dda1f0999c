// German stems for the full-text search: the word forms a case worker types find the forms the citizens wrote.
#include "formats/procedures/search.hpp"

#include <gtest/gtest.h>

#include <algorithm>

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

}  // namespace
}  // namespace mw::procedures
