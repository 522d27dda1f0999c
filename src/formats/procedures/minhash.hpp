// Near-duplicate detection for mass objections (Masseneinwendungen): form letters that many people sent with small
// edits are grouped into clusters. Pure logic, no I/O.
//
// The pipeline: Normalize (lower case incl. umlauts, punctuation removed, whitespace collapsed) → word shingles (three
// consecutive words, each hashed to 64 bits) → a MinHash signature of kHashes 32-bit minima → locality-sensitive
// hashing with kBands bands of kRows rows: two texts whose signatures agree in all rows of some band become a
// candidate pair → a candidate is accepted when its estimated Jaccard similarity (share of equal signature values) is
// at least Options::threshold → accepted pairs are joined (union-find) → clusters of two or more texts.
//
// The banding's S-curve: a pair of Jaccard similarity s becomes a candidate with probability 1 − (1 − s⁴)³², i.e.
// s = 0.3 → 23 %, 0.4 → 56 %, 0.5 → 87 %, 0.6 → 99 %, 0.7 → 99.99 %. Its steepest point is (1/32)^(1/4) ≈ 0.42,
// just below the default threshold 0.5, so that few true pairs are missed and few false candidates are verified.
// Within a cluster a text needs a candidate pair with only one other member (clusters are connected components).
//
// Texts with fewer words than a shingle are one shingle of all their words (so they cluster only with texts that are
// identical after normalisation); texts without any word (empty, punctuation only) are never clustered.
//
//   std::vector<std::string_view> texts = {...};
//   auto clusters = minhash::Cluster(texts, {.threshold = 0.5, .threads = 2});
//   clusters[0];  // {3, 17, 250, …}: indices into `texts`, ascending; clusters ordered by their first index
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mw::procedures::minhash {

inline constexpr int kShingleWords = 3;
inline constexpr int kBands = 32;
inline constexpr int kRows = 4;
inline constexpr int kHashes = kBands * kRows;  // 128
inline constexpr double kDefaultThreshold = 0.5;

// Lower-case words separated by single spaces: ASCII and Latin-1/Latin Extended-A letters lowered (Ä → ä, ẞ → ß),
// digits kept, punctuation, symbols and whitespace (incl. „“–… and no-break spaces) become separators. Invalid UTF-8
// bytes are separators too.
std::string Normalize(std::string_view text);

// The 64-bit hashes of the text's `words`-word shingles (after Normalize), sorted and unique. Fewer words than
// `words`: one shingle of all of them; no words: empty.
std::vector<std::uint64_t> Shingles(std::string_view text, int words = kShingleWords);

// The exact Jaccard similarity of two sorted, unique shingle sets (0 if both are empty).
double Jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// A MinHash signature: per row the minimum of that row's hash over all shingles. A text without shingles has every
// value 0xFFFFFFFF (see IsEmpty).
using Signature = std::array<std::uint32_t, kHashes>;

// The signature of `text` (Normalize and kShingleWords-word shingles inside).
Signature Sign(std::string_view text);
bool IsEmpty(const Signature& signature);
// The share of rows in which the signatures agree: an unbiased estimate of the Jaccard similarity.
double EstimatedJaccard(const Signature& a, const Signature& b);

struct Options {
  double threshold = kDefaultThreshold;  // estimated Jaccard similarity a candidate pair needs
  int threads = 1;                       // for signatures and banding; 2 on the portal's servers
};

// The signatures of all texts, computed by `threads` threads (each takes a contiguous part).
std::vector<Signature> SignAll(const std::vector<std::string_view>& texts, int threads);

// Clusters of signatures (indices, ascending; clusters ordered by their first index; only clusters of ≥ 2).
// Deterministic: the same input gives the same clusters whatever `threads`.
std::vector<std::vector<std::size_t>> ClusterSignatures(const std::vector<Signature>& signatures,
                                                        const Options& options);

// SignAll followed by ClusterSignatures.
std::vector<std::vector<std::size_t>> Cluster(const std::vector<std::string_view>& texts, const Options& options);

}  // namespace mw::procedures::minhash
