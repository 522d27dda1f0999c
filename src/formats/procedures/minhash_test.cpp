// Near-duplicate clustering without a database: normalisation, shingles, signatures, the done-when case of issue #5
// (1,000 statements from three form letters with small edits plus distinct texts → exactly three clusters),
// identical and short texts, determinism.
#include "formats/procedures/minhash.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace mw::procedures::minhash {
namespace {

const std::vector<std::string>& Vocabulary() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    for (std::string_view word :
         {"Windenergieanlage", "Lärm", "Schall", "Schattenwurf", "Abstand", "Wohnbebauung", "Gutachten", "Vogelzug",
          "Rotmilan", "Fledermaus", "Wald", "Landschaft", "Bild", "Heimat", "Gemeinde", "Naunhof", "Grimma", "Straße",
          "Verkehr", "Baustelle", "Zufahrt", "Grundwasser", "Boden", "Fundament", "Infraschall", "Gesundheit",
          "Kinder", "Schule", "Nachtruhe", "Beleuchtung", "Befeuerung", "Blinklicht", "Wertverlust", "Grundstück",
          "Eigentum", "Erholung", "Tourismus", "Radweg", "Wanderweg", "Jagd", "Landwirtschaft", "Acker", "Feldlerche",
          "Kranich", "Brutplatz", "Artenschutz", "Prüfung", "Genehmigung", "Antrag", "Behörde", "Unterlagen",
          "Auslegung", "Frist", "Einwendung", "Beteiligung", "Öffentlichkeit", "Bürger", "Rat", "Ortschaft",
          "Denkmal", "Kirche", "Sichtachse", "Höhe", "Rotor", "Nabe", "Turm", "Kran", "Transport", "Schwerlast",
          "Brücke", "Mulde", "Hochwasser", "Klima", "Strom", "Netz", "Leitung", "Umspannwerk", "Kabel", "Trasse",
          "ist", "nicht", "zu", "und", "oder", "aber", "sehr", "viel", "wenig", "groß", "klein", "nah", "fern",
          "wird", "wurde", "muss", "soll", "kann", "darf", "bitte", "hiermit", "deshalb", "weil", "wenn", "dass",
          "ich", "wir", "sie", "unser", "mein", "die", "der", "das", "den", "dem", "ein", "eine", "einen", "mit",
          "ohne", "für", "gegen", "über", "unter", "nach", "vor", "bei", "seit", "im", "am", "vom", "zum", "zur"}) {
      out.emplace_back(word);
    }
    for (int idx = 0; idx < 200; ++idx) out.push_back("Begriff" + std::to_string(idx));
    return out;
  }();
  return words;
}

std::string RandomWords(std::mt19937& random, int count) {
  const auto& vocabulary = Vocabulary();
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::string out;
  for (int idx = 0; idx < count; ++idx) {
    if (idx > 0) out += (idx % 12 == 0) ? ". " : " ";
    out += vocabulary[pick(random)];
  }
  return out + ".";
}

// A copy of `letter` with a few words replaced, maybe an inserted sentence and a different name.
std::string Edit(std::mt19937& random, const std::string& letter, int person) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < letter.size()) {
    std::size_t end = letter.find(' ', start);
    if (end == std::string::npos) end = letter.size();
    words.push_back(letter.substr(start, end - start));
    start = end + 1;
  }
  const auto& vocabulary = Vocabulary();
  std::uniform_int_distribution<std::size_t> pick_word(0, vocabulary.size() - 1);
  std::uniform_int_distribution<std::size_t> pick_position(0, words.size() - 1);
  int substitutions = std::uniform_int_distribution<int>(0, 6)(random);
  for (int idx = 0; idx < substitutions; ++idx) words[pick_position(random)] = vocabulary[pick_word(random)];
  std::string out = "Sehr geehrte Damen und Herren, mein Name ist Person" + std::to_string(person) + " Nachname" +
                    std::to_string(person * 7) + ".";
  std::size_t insert_at = std::uniform_int_distribution<int>(0, 1)(random) == 1 ? pick_position(random) : words.size();
  for (std::size_t idx = 0; idx < words.size(); ++idx) {
    if (idx == insert_at) out += " " + RandomWords(random, 10);
    out += " " + words[idx];
  }
  return out + " Mit freundlichen Grüßen, Person" + std::to_string(person);
}

TEST(MinhashTest, NormalizesCaseUmlautsPunctuationAndSpaces) {
  EXPECT_EQ(Normalize("  Ärger über  ÖFFENTLICHE Übel!!  „Straße“ – ẞ\t\n12,5 km…"),
            "ärger über öffentliche übel straße ß 12 5 km");
  EXPECT_EQ(Normalize("Łódź ŁÓDŹ"), "łódź łódź");
  EXPECT_EQ(Normalize("\xFF\xFEkaputt\xC3"), "kaputt");
  EXPECT_EQ(Normalize("...!?"), "");
}

TEST(MinhashTest, ShinglesAreThreeWordWindows) {
  EXPECT_EQ(Shingles("eins zwei drei vier").size(), 2u);
  EXPECT_EQ(Shingles("Eins, ZWEI; drei vier"), Shingles("eins zwei drei vier"));
  EXPECT_EQ(Shingles("nein").size(), 1u) << "a short text is one shingle";
  EXPECT_TRUE(Shingles(" - ").empty());
}

TEST(MinhashTest, EstimatedJaccardIsCloseToTheExactOne) {
  std::mt19937 random(7);
  std::string base = RandomWords(random, 250);
  for (int person = 0; person < 20; ++person) {
    std::string edited = Edit(random, base, person);
    double exact = Jaccard(Shingles(base), Shingles(edited));
    double estimated = EstimatedJaccard(Sign(base), Sign(edited));
    EXPECT_NEAR(estimated, exact, 0.15) << person;
    EXPECT_GT(exact, 0.6);
  }
  EXPECT_LT(EstimatedJaccard(Sign(RandomWords(random, 200)), Sign(RandomWords(random, 200))), 0.1);
}

TEST(MinhashTest, GroupsThreeFormLettersAmongDistinctTextsIntoExactlyThreeClusters) {
  std::mt19937 random(2026);
  std::vector<std::string> letters{RandomWords(random, 250), RandomWords(random, 220), RandomWords(random, 180)};
  std::vector<std::string> texts;
  std::vector<int> letter_of;  // -1: a distinct text
  for (int idx = 0; idx < 1000; ++idx) {
    int kind = idx % 5;  // 3 of 5 are form letters, 2 of 5 distinct
    if (kind < 3) {
      texts.push_back(Edit(random, letters[static_cast<std::size_t>(kind)], idx));
      letter_of.push_back(kind);
    } else {
      texts.push_back(RandomWords(random, std::uniform_int_distribution<int>(20, 300)(random)));
      letter_of.push_back(-1);
    }
  }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  auto clusters = Cluster(views, {.threads = 2});
  ASSERT_EQ(clusters.size(), 3u);
  std::set<int> seen_letters;
  for (const auto& cluster : clusters) {
    int letter = letter_of[cluster.front()];
    ASSERT_GE(letter, 0) << "a distinct text was clustered";
    seen_letters.insert(letter);
    EXPECT_EQ(cluster.size(), 200u) << "every copy of letter " << letter << " is in its cluster";
    for (std::size_t member : cluster) EXPECT_EQ(letter_of[member], letter);
    EXPECT_TRUE(std::is_sorted(cluster.begin(), cluster.end()));
  }
  EXPECT_EQ(seen_letters.size(), 3u);
  EXPECT_EQ(Cluster(views, {.threads = 1}), clusters) << "deterministic whatever the threads";
}

TEST(MinhashTest, IdenticalTextsClusterAndShortOnesOnlyWhenEqual) {
  std::vector<std::string_view> texts{"Ich bin gegen die Anlage.", "Ich bin gegen die Anlage!", "Nein.", "nein",
                                      "Ja.", "", "  ", "Ganz etwas anderes steht hier geschrieben."};
  auto clusters = Cluster(texts, {});
  ASSERT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters[0], (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(clusters[1], (std::vector<std::size_t>{2, 3}));
  EXPECT_TRUE(IsEmpty(Sign("")));
  EXPECT_FALSE(IsEmpty(Sign("ja")));
  EXPECT_TRUE(Cluster({}, {}).empty());
}

}  // namespace
}  // namespace mw::procedures::minhash
