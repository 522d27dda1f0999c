// Benchmark of the mass-objection clustering (issue #5: "Clustering 100,000 statements in ≤ 5 s on 2 cores"):
// generates synthetic statements — 30 form letters of about 250 words, each copied with random small edits (word
// substitutions, an inserted sentence, a different name and greeting), plus 40 % distinct texts from a vocabulary —
// and prints the time of signatures, LSH banding + verification + union-find, and the whole run.
//
//   build/cluster_bench [statements=100000] [threads=2]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "formats/procedures/minhash.hpp"

namespace {

using mw::procedures::minhash::ClusterSignatures;
using mw::procedures::minhash::SignAll;

std::vector<std::string> MakeVocabulary(std::mt19937& random) {
  static constexpr std::string_view kSyllables[] = {"wind", "an", "la", "ge", "schall", "gut", "ach", "ten", "vo",
                                                    "gel", "zug", "wald", "heim", "at", "stra", "ße", "bo", "den",
                                                    "lärm", "ruh", "e", "na", "tur", "schutz", "grund", "was", "ser",
                                                    "üb", "er", "ver", "kehr", "feld", "mi", "lan", "rot", "bau"};
  std::uniform_int_distribution<int> syllables(1, 4);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kSyllables) - 1);
  std::vector<std::string> words;
  for (int idx = 0; idx < 5000; ++idx) {
    std::string word;
    for (int count = syllables(random); count > 0; --count) word += kSyllables[pick(random)];
    words.push_back(std::move(word));
  }
  for (std::string_view common : {"und", "der", "die", "das", "nicht", "ist", "wir", "ich", "gegen", "für"}) {
    for (int copies = 0; copies < 50; ++copies) words.emplace_back(common);  // frequent function words
  }
  return words;
}

std::vector<std::string> Words(std::mt19937& random, const std::vector<std::string>& vocabulary, int count) {
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  std::vector<std::string> out;
  for (int idx = 0; idx < count; ++idx) out.push_back(vocabulary[pick(random)]);
  return out;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t idx = 0; idx < words.size(); ++idx) {
    if (idx > 0) out += idx % 14 == 0 ? ". " : " ";
    out += words[idx];
  }
  return out + ".";
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int statements = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  std::mt19937 random(20261207);
  const auto vocabulary = MakeVocabulary(random);
  std::vector<std::vector<std::string>> letters;
  for (int idx = 0; idx < 30; ++idx) letters.push_back(Words(random, vocabulary, 230 + idx));

  std::vector<std::string> texts;
  texts.reserve(static_cast<std::size_t>(statements));
  std::uniform_int_distribution<int> kind(0, 99);
  std::uniform_int_distribution<std::size_t> letter_pick(0, letters.size() - 1);
  std::uniform_int_distribution<std::size_t> word_pick(0, vocabulary.size() - 1);
  std::uniform_int_distribution<int> edits(0, 8);
  std::uniform_int_distribution<int> length(40, 400);
  int form_letters = 0;
  for (int idx = 0; idx < statements; ++idx) {
    if (kind(random) < 60) {
      ++form_letters;
      auto words = letters[letter_pick(random)];
      std::uniform_int_distribution<std::size_t> position(0, words.size() - 1);
      for (int count = edits(random); count > 0; --count) words[position(random)] = vocabulary[word_pick(random)];
      if (kind(random) < 50) {
        auto sentence = Words(random, vocabulary, 12);
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(position(random)), sentence.begin(), sentence.end());
      }
      texts.push_back("Sehr geehrte Damen und Herren, mein Name ist Person " + std::to_string(idx) + ". " +
                      Join(words) + " Mit freundlichen Grüßen Person " + std::to_string(idx));
    } else {
      texts.push_back(Join(Words(random, vocabulary, length(random))));
    }
  }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  std::size_t bytes = 0;
  for (const auto& text : texts) bytes += text.size();

  auto start = std::chrono::steady_clock::now();
  auto signatures = SignAll(views, threads);
  double signing = Seconds(start);
  auto banding_start = std::chrono::steady_clock::now();
  auto clusters = ClusterSignatures(signatures, {.threads = threads});
  double banding = Seconds(banding_start);
  double total = Seconds(start);

  std::size_t clustered = 0;
  for (const auto& cluster : clusters) clustered += cluster.size();
  std::printf("statements: %d (%d form-letter copies of 30 letters, %.1f MB of text), threads: %d\n", statements,
              form_letters, static_cast<double>(bytes) / 1e6, threads);
  std::printf("signatures:            %.3f s\n", signing);
  std::printf("LSH + verify + union:  %.3f s\n", banding);
  std::printf("total:                 %.3f s\n", total);
  std::printf("clusters: %zu with %zu statements (expected 30 with %d)\n", clusters.size(), clustered, form_letters);
  return clusters.size() == 30 && clustered == static_cast<std::size_t>(form_letters) ? 0 : 1;
}
