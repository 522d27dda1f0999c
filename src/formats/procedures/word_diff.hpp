// What a statement of a mass objection says beyond the common text (#14 item 8, "enthält eigenen Inhalt"): a
// word-level comparison. Pure, no I/O.
//
//   auto diff = procedures::WordDiff("Der Windpark ist zu nah.", "Ich bin Anna. Der Windpark ist viel zu nah.");
//   // {"Ich bin Anna. ", own}, {"Der Windpark ist ", shared}, {"viel ", own}, {"zu nah.", shared}
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mw::procedures {

// A piece of a text compared with the common text: words both have (in the same order), or words of its own.
struct DiffSegment {
  std::string text;
  bool own = false;
};

// Beyond this many words in the part where the texts differ (after the words they begin and end with alike), a text
// is not compared word by word: the work grows with the product of both parts' lengths.
inline constexpr std::size_t kMaxDiffWords = 600;

// `text` in segments: runs of words that `common` also has, in the same order (a longest common subsequence of the
// words; words compared exactly), and runs of `text`'s own words. Each segment carries the whitespace after its
// words, so that the segments together are `text`. Words of `common` that `text` lacks are not shown. nullopt if the
// differing parts are longer than kMaxDiffWords words.
std::optional<std::vector<DiffSegment>> WordDiff(std::string_view common, std::string_view text);

// Whether `text` has words of its own or lacks words of `common`, whitespace aside.
bool DiffersFrom(std::string_view common, std::string_view text);

}  // namespace mw::procedures
