// A small deterministic pseudo-random generator (SplitMix64) for generated demo and benchmark data: the same seed
// gives the same sequence on every platform and compiler (unlike the standard library's distributions, whose results
// are implementation-defined). Not for anything secret — tokens come from crypto.hpp.
//
//   mw::SeededRandom random(20261207);
//   std::size_t pick = random.Below(names.size());
//   bool rare = random.Chance(0.05);
#pragma once

#include <cstdint>
#include <iterator>

namespace mw {

class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound); 0 if bound is 0. (The modulo bias is irrelevant for demo data.)
  std::uint64_t Below(std::uint64_t bound) { return bound == 0 ? 0 : Next() % bound; }
  // Uniform in [low, high] (low <= high).
  std::int64_t Between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(high - low) + 1));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double probability) { return Unit() < probability; }
  // One element of a non-empty array or vector.
  template <typename Container>
  const auto& Pick(const Container& items) {
    return items[Below(std::size(items))];
  }

 private:
  std::uint64_t state_;
};

}  // namespace mw
