// MinHash with LSH banding (see minhash.hpp for the pipeline and its parameters).
#include "formats/procedures/minhash.hpp"

#include <algorithm>
#include <numeric>
#include <thread>
#include <utility>

namespace mw::procedures::minhash {
namespace {

constexpr std::uint32_t kNoValue = 0xFFFFFFFFu;
// A bucket of one band compares a new text with at most this many texts of other clusters already in the bucket:
// buckets of a popular form letter hold thousands of texts, which must not cost thousands² comparisons.
constexpr std::size_t kMaxLeadersPerBucket = 8;

constexpr std::uint64_t Fmix64(std::uint64_t value) {
  value ^= value >> 33;
  value *= 0xff51afd7ed558ccdULL;
  value ^= value >> 33;
  value *= 0xc4ceb9fe1a85ec53ULL;
  value ^= value >> 33;
  return value;
}

constexpr std::uint32_t Fmix32(std::uint32_t value) {
  value ^= value >> 16;
  value *= 0x85ebca6bu;
  value ^= value >> 13;
  value *= 0xc2b2ae35u;
  value ^= value >> 16;
  return value;
}

// One seed per row; row i hashes a shingle h as Fmix32(h ^ seed[i]), a different bijection of 32 bits per row. One
// 64-bit hash per shingle and one cheap mix per row (vectorised below) instead of kHashes hash functions.
struct Seeds {
  std::array<std::uint32_t, kHashes> values{};
  constexpr Seeds() {
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (auto& value : values) {
      state = Fmix64(state + 0x9e3779b97f4a7c15ULL);
      value = static_cast<std::uint32_t>(state >> 32);
    }
  }
};
constexpr Seeds kSeeds;

// Appends the UTF-8 encoding of `code_point`.
void AppendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Decodes the code point at `pos` and advances `pos`; nullopt-like kNoValue for an invalid sequence (one byte eaten).
std::uint32_t DecodeUtf8(std::string_view text, std::size_t& pos) {
  auto byte = static_cast<unsigned char>(text[pos]);
  int length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || pos + length > text.size()) {
    ++pos;
    return kNoValue;
  }
  std::uint32_t code_point = length == 1 ? byte : length == 2 ? (byte & 0x1F) : length == 3 ? (byte & 0x0F) : (byte & 0x07);
  for (int idx = 1; idx < length; ++idx) {
    auto next = static_cast<unsigned char>(text[pos + idx]);
    if ((next & 0xC0) != 0x80) {
      ++pos;
      return kNoValue;
    }
    code_point = (code_point << 6) | (next & 0x3F);
  }
  pos += length;
  return code_point;
}

// The lower-case letter or digit that `code_point` counts as in a word, or kNoValue for a separator.
std::uint32_t WordCharacter(std::uint32_t code_point) {
  if (code_point < 0x80) {
    if (code_point >= 'A' && code_point <= 'Z') return code_point + 32;
    if ((code_point >= 'a' && code_point <= 'z') || (code_point >= '0' && code_point <= '9')) return code_point;
    return kNoValue;
  }
  if (code_point < 0xC0) {
    // Latin-1 punctuation and symbols (no-break space, «», §, °, …) except the letter-like ª µ º.
    return code_point == 0xAA || code_point == 0xB5 || code_point == 0xBA ? code_point : kNoValue;
  }
  if (code_point <= 0xFF) {
    if (code_point == 0xD7 || code_point == 0xF7) return kNoValue;  // × ÷
    if (code_point <= 0xDE) return code_point + 0x20;               // À–Þ → à–þ (Ä → ä, Ö → ö, Ü → ü)
    return code_point;                                              // ß and lower-case letters
  }
  if (code_point <= 0x17F) {  // Latin Extended-A: upper/lower pairs
    bool even_upper = (code_point <= 0x137) || (code_point >= 0x14A && code_point <= 0x177);
    bool odd_upper = (code_point >= 0x139 && code_point <= 0x148) || (code_point >= 0x179 && code_point <= 0x17E);
    if (even_upper && code_point % 2 == 0) return code_point + 1;
    if (odd_upper && code_point % 2 == 1) return code_point + 1;
    if (code_point == 0x178) return 0xFF;  // Ÿ → ÿ
    return code_point;
  }
  if (code_point == 0x1E9E) return 0xDF;  // ẞ → ß
  // Punctuation, symbols and spaces of the other blocks a German letter meets: general punctuation („“–…), currency,
  // letter-like symbols, arrows, mathematical and technical symbols, boxes, dingbats, CJK punctuation, full-width
  // punctuation, specials (U+FFFD).
  if ((code_point >= 0x2000 && code_point <= 0x2BFF) || (code_point >= 0x2E00 && code_point <= 0x2E7F) ||
      (code_point >= 0x3000 && code_point <= 0x303F) || (code_point >= 0xFE30 && code_point <= 0xFE4F) ||
      (code_point >= 0xFF00 && code_point <= 0xFF0F) || (code_point >= 0xFFF0 && code_point <= 0xFFFF) ||
      code_point == 0xFEFF) {
    return kNoValue;
  }
  return code_point;
}

// Calls `on_word(std::string_view)` for every normalised word of `text` in order.
template <typename F>
void ForEachWord(std::string_view text, F&& on_word) {
  std::string word;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto byte = static_cast<unsigned char>(text[pos]);
    std::uint32_t character;
    if (byte < 0x80) {  // fast path
      ++pos;
      character = WordCharacter(byte);
      if (character != kNoValue) {
        word.push_back(static_cast<char>(character));
        continue;
      }
    } else {
      std::uint32_t code_point = DecodeUtf8(text, pos);
      character = code_point == kNoValue ? kNoValue : WordCharacter(code_point);
      if (character != kNoValue) {
        AppendUtf8(word, character);
        continue;
      }
    }
    if (!word.empty()) {
      on_word(std::string_view(word));
      word.clear();
    }
  }
  if (!word.empty()) on_word(std::string_view(word));
}

std::uint64_t WordHash(std::string_view word) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a, finished by a strong mix
  for (char character : word) {
    hash ^= static_cast<unsigned char>(character);
    hash *= 0x100000001b3ULL;
  }
  return Fmix64(hash);
}

std::uint64_t Combine(std::uint64_t seed, std::uint64_t word) {
  return Fmix64(seed * 0x9e3779b97f4a7c15ULL + word);
}

// Calls `on_shingle(std::uint64_t)` for every shingle of `text` (repeats included); returns whether there was any.
template <typename F>
bool ForEachShingle(std::string_view text, int words, F&& on_shingle) {
  std::vector<std::uint64_t> window;
  window.reserve(static_cast<std::size_t>(words));
  std::size_t count = 0;
  ForEachWord(text, [&](std::string_view word) {
    std::uint64_t hash = WordHash(word);
    if (window.size() == static_cast<std::size_t>(words)) {
      std::move(window.begin() + 1, window.end(), window.begin());
      window.back() = hash;
    } else {
      window.push_back(hash);
    }
    ++count;
    if (window.size() == static_cast<std::size_t>(words)) {
      std::uint64_t shingle = static_cast<std::uint64_t>(words);
      for (std::uint64_t word_hash : window) shingle = Combine(shingle, word_hash);
      on_shingle(shingle);
    }
  });
  if (count == 0) return false;
  if (count < static_cast<std::size_t>(words)) {
    std::uint64_t shingle = static_cast<std::uint64_t>(words);
    for (std::uint64_t word_hash : window) shingle = Combine(shingle, word_hash);
    on_shingle(shingle);
  }
  return true;
}

// The hot loop: kHashes lanes of min(Fmix32(x ^ seed)). Compiled for AVX2 as well where the CPU has it.
__attribute__((target_clones("avx2", "default"))) void UpdateMinima(std::uint32_t* minima, std::uint32_t value) {
  for (int row = 0; row < kHashes; ++row) {
    std::uint32_t mixed = value ^ kSeeds.values[row];
    mixed ^= mixed >> 16;
    mixed *= 0x85ebca6bu;
    mixed ^= mixed >> 13;
    mixed *= 0xc2b2ae35u;
    mixed ^= mixed >> 16;
    minima[row] = mixed < minima[row] ? mixed : minima[row];
  }
}

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t size) : parent(size) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t Find(std::uint32_t item) {
    while (parent[item] != item) {
      parent[item] = parent[parent[item]];
      item = parent[item];
    }
    return item;
  }
  // The smaller root wins, so that the result does not depend on the order of unions.
  void Union(std::uint32_t a, std::uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (a < b) std::swap(a, b);
    parent[a] = b;
  }
};

// Runs fn(begin, end) over [0, size) in `threads` contiguous parts.
template <typename F>
void InParts(std::size_t size, int threads, F&& fn) {
  std::size_t parts = static_cast<std::size_t>(std::max(1, threads));
  if (parts == 1 || size < 2 * parts) {
    fn(std::size_t{0}, size);
    return;
  }
  std::vector<std::thread> workers;
  std::size_t step = (size + parts - 1) / parts;
  for (std::size_t begin = step; begin < size; begin += step) {
    workers.emplace_back([&fn, begin, end = std::min(size, begin + step)] { fn(begin, end); });
  }
  fn(std::size_t{0}, std::min(size, step));
  for (auto& worker : workers) worker.join();
}

}  // namespace

std::string Normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachWord(text, [&](std::string_view word) {
    if (!out.empty()) out.push_back(' ');
    out.append(word);
  });
  return out;
}

std::vector<std::uint64_t> Shingles(std::string_view text, int words) {
  std::vector<std::uint64_t> out;
  ForEachShingle(text, std::max(1, words), [&](std::uint64_t shingle) { out.push_back(shingle); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t common = 0;
  auto left = a.begin();
  auto right = b.begin();
  while (left != a.end() && right != b.end()) {
    if (*left < *right) {
      ++left;
    } else if (*right < *left) {
      ++right;
    } else {
      ++common;
      ++left;
      ++right;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

Signature Sign(std::string_view text) {
  Signature signature;
  signature.fill(kNoValue);
  ForEachShingle(text, kShingleWords, [&](std::uint64_t shingle) {
    UpdateMinima(signature.data(), static_cast<std::uint32_t>(shingle ^ (shingle >> 32)));
  });
  return signature;
}

bool IsEmpty(const Signature& signature) {
  return std::all_of(signature.begin(), signature.end(), [](std::uint32_t value) { return value == kNoValue; });
}

double EstimatedJaccard(const Signature& a, const Signature& b) {
  int equal = 0;
  for (int row = 0; row < kHashes; ++row) equal += a[row] == b[row] ? 1 : 0;
  return static_cast<double>(equal) / kHashes;
}

std::vector<Signature> SignAll(const std::vector<std::string_view>& texts, int threads) {
  std::vector<Signature> signatures(texts.size());
  InParts(texts.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t idx = begin; idx < end; ++idx) signatures[idx] = Sign(texts[idx]);
  });
  return signatures;
}

std::vector<std::vector<std::size_t>> ClusterSignatures(const std::vector<Signature>& signatures,
                                                        const Options& options) {
  const std::size_t count = signatures.size();
  std::vector<std::uint32_t> present;  // texts with shingles
  present.reserve(count);
  for (std::size_t idx = 0; idx < count; ++idx) {
    if (!IsEmpty(signatures[idx])) present.push_back(static_cast<std::uint32_t>(idx));
  }
  // Per band: (key of the band's rows, text), sorted, so that equal keys are adjacent buckets.
  using Entry = std::pair<std::uint64_t, std::uint32_t>;
  std::vector<std::vector<Entry>> bands(kBands);
  InParts(kBands, options.threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t band = begin; band < end; ++band) {
      auto& entries = bands[band];
      entries.reserve(present.size());
      for (std::uint32_t text : present) {
        std::uint64_t key = band;
        for (int row = 0; row < kRows; ++row) {
          key = Combine(key, signatures[text][band * kRows + static_cast<std::size_t>(row)]);
        }
        entries.emplace_back(key, text);
      }
      std::sort(entries.begin(), entries.end());
    }
  });

  UnionFind sets(count);
  std::vector<std::uint32_t> leaders;
  for (const auto& entries : bands) {
    for (std::size_t start = 0; start < entries.size();) {
      std::size_t stop = start + 1;
      while (stop < entries.size() && entries[stop].first == entries[start].first) ++stop;
      if (stop - start >= 2) {
        leaders.clear();
        for (std::size_t pos = start; pos < stop; ++pos) {
          std::uint32_t text = entries[pos].second;
          std::uint32_t root = sets.Find(text);
          bool joined = std::any_of(leaders.begin(), leaders.end(),
                                    [&](std::uint32_t leader) { return sets.Find(leader) == root; });
          for (std::size_t idx = 0; !joined && idx < leaders.size(); ++idx) {
            if (EstimatedJaccard(signatures[text], signatures[leaders[idx]]) >= options.threshold) {
              sets.Union(text, leaders[idx]);
              joined = true;
            }
          }
          if (!joined && leaders.size() < kMaxLeadersPerBucket) leaders.push_back(text);
        }
      }
      start = stop;
    }
  }

  std::vector<std::vector<std::size_t>> by_root(count);
  for (std::uint32_t text : present) by_root[sets.Find(text)].push_back(text);
  std::vector<std::vector<std::size_t>> clusters;
  // Roots are the smallest member (see Union), and members were added in ascending order.
  for (auto& members : by_root) {
    if (members.size() >= 2) clusters.push_back(std::move(members));
  }
  return clusters;
}

std::vector<std::vector<std::size_t>> Cluster(const std::vector<std::string_view>& texts, const Options& options) {
  return ClusterSignatures(SignAll(texts, options.threads), options);
}

}  // namespace mw::procedures::minhash
