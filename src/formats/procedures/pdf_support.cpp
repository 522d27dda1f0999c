#include "formats/procedures/pdf_support.hpp"

#include <atomic>
#include <cstdint>
#include <mutex>

namespace mw::procedures {
namespace {

constexpr std::string_view kZeroWidthSpace = "\xE2\x80\x8B";

// The test hook: `observing` keeps the mutex off the path of every layout when no test watches.
std::atomic<bool> observing{false};
std::mutex observer_mutex;
std::function<void(std::string_view)> observer;

bool IsContinuation(char c) { return (static_cast<std::uint8_t>(c) & 0xC0) == 0x80; }

bool IsBreak(std::string_view text, std::size_t pos) {
  char c = text[pos];
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
         text.substr(pos, kZeroWidthSpace.size()) == kZeroWidthSpace;
}

}  // namespace

std::string WithBreakOpportunities(std::string_view text) {
  if (LongestUnbrokenRun(text) <= kMaxUnbrokenChars) return std::string(text);
  std::string out;
  out.reserve(text.size() + text.size() / kMaxUnbrokenChars * kZeroWidthSpace.size() + 4);
  std::size_t copied = 0;
  std::size_t run = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (IsContinuation(text[pos])) continue;
    if (IsBreak(text, pos)) {
      run = 0;
      continue;
    }
    if (run == kMaxUnbrokenChars) {
      out.append(text.substr(copied, pos - copied));
      out.append(kZeroWidthSpace);
      copied = pos;
      run = 0;
    }
    ++run;
  }
  out.append(text.substr(copied));
  return out;
}

std::size_t LongestUnbrokenRun(std::string_view text) {
  std::size_t run = 0;
  std::size_t longest = 0;
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (IsContinuation(text[pos])) continue;
    run = IsBreak(text, pos) ? 0 : run + 1;
    if (run > longest) longest = run;
  }
  return longest;
}

void SetLayoutText(PangoLayout* layout, std::string_view text) {
  std::string broken = WithBreakOpportunities(text);
  if (observing.load(std::memory_order_relaxed)) {
    std::lock_guard lock(observer_mutex);
    if (observer) observer(broken);
  }
  pango_layout_set_text(layout, broken.data(), static_cast<int>(broken.size()));
}

void ObserveLayoutTextForTesting(std::function<void(std::string_view)> new_observer) {
  std::lock_guard lock(observer_mutex);
  observing = static_cast<bool>(new_observer);
  observer = std::move(new_observer);
}

}  // namespace mw::procedures
