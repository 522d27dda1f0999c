// Internal to the procedures module: what the PDF writers (receipts, the weighing table) share around cairo and
// pango — a cairo stream that collects the document in a string, owning handles of pango objects, and the one way to
// give a layout its text (SetLayoutText), which bounds Pango's work on text without spaces.
//
//   std::string bytes;
//   cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendToString, &bytes, width, height);
//   Layout layout(pango_cairo_create_layout(cr));
//   SetLayoutText(layout.get(), statement.text);
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace mw::procedures {

// A cairo_write_func_t: appends the bytes to the std::string that `closure` points to.
inline cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

// The longest run of characters without a break opportunity that the writers hand to Pango. Pango's wrapping
// (PANGO_WRAP_WORD_CHAR) of one unbroken run costs time growing faster than its length — 100,000 letters without a
// space took seconds of CPU per PDF —, so longer runs get a break opportunity every kMaxUnbrokenChars characters.
// Longer than any real word (the longest German compounds have about 70 letters) and than a SHA-256 in hex (64), so
// ordinary text and the checksums on a receipt are laid out as before.
inline constexpr std::size_t kMaxUnbrokenChars = 100;

// `text` with a zero-width space (U+200B, invisible, a break opportunity) after every kMaxUnbrokenChars code points
// that follow each other without whitespace or another zero-width space. Text without such runs is returned as is.
std::string WithBreakOpportunities(std::string_view text);

// The number of code points in the longest run of `text` without whitespace or zero-width space.
std::size_t LongestUnbrokenRun(std::string_view text);

// Sets the layout's text as WithBreakOpportunities(text). Every writer calls this instead of pango_layout_set_text.
void SetLayoutText(PangoLayout* layout, std::string_view text);

// For tests: called with every text SetLayoutText hands to Pango, in any thread of the process; nullptr to stop.
void ObserveLayoutTextForTesting(std::function<void(std::string_view)> observer);

}  // namespace mw::procedures
