#include "formats/procedures/receipt.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "formats/procedures/pdf_support.hpp"

namespace mw::procedures {
namespace {

// A4 in PostScript points, margins of 20 mm.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 56.693;
constexpr double kFooterSpace = 28.0;  // kept free above the bottom margin for the footer
constexpr double kLabelWidth = 136.0;  // about 48 mm
constexpr double kGap = 8.0;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kBottom = kPageHeight - kMargin - kFooterSpace;

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};
using Font = std::unique_ptr<PangoFontDescription, FontDeleter>;

// Draws the receipt page by page, keeping the vertical position.
class PdfWriter {
 public:
  PdfWriter(cairo_t* cr, const ReceiptDocument& receipt) : cr_(cr), receipt_(receipt) {}

  Layout MakeLayout(const char* font, double width, const std::string& text) {
    Layout layout(pango_cairo_create_layout(cr_));
    Font description(pango_font_description_from_string(font));
    pango_layout_set_font_description(layout.get(), description.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    SetLayoutText(layout.get(), text);
    return layout;
  }

  static double HeightOf(PangoLayout* layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout, &width, &height);
    return static_cast<double>(height) / PANGO_SCALE;
  }

  // A block that is not split across pages (title, one field): a new page first if it does not fit.
  void Block(PangoLayout* layout, double x, double height) {
    if (y_ + height > kBottom && y_ > kMargin) NewPage();
    cairo_move_to(cr_, x, y_);
    pango_cairo_show_layout(cr_, layout);
  }

  void Paragraph(const char* font, const std::string& text, double space_after) {
    if (text.empty()) return;
    auto layout = MakeLayout(font, kContentWidth, text);
    double height = HeightOf(layout.get());
    Block(layout.get(), kMargin, height);
    y_ += height + space_after;
  }

  void Field(const std::string& label, const std::string& value) {
    auto label_layout = MakeLayout("DejaVu Sans Bold 9.5", kLabelWidth, label);
    auto value_layout = MakeLayout("DejaVu Sans 9.5", kContentWidth - kLabelWidth - kGap, value);
    double height = std::max(HeightOf(label_layout.get()), HeightOf(value_layout.get()));
    Block(label_layout.get(), kMargin, height);
    cairo_move_to(cr_, kMargin + kLabelWidth + kGap, y_);
    pango_cairo_show_layout(cr_, value_layout.get());
    y_ += height + 5;
  }

  void Rule() {
    if (y_ + 10 > kBottom) NewPage();
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kMargin, y_ + 2);
    cairo_line_to(cr_, kPageWidth - kMargin, y_ + 2);
    cairo_stroke(cr_);
    y_ += 12;
  }

  // Long text: line by line, continuing on the next page where the page ends.
  void FlowingText(const std::string& text) {
    if (text.empty()) return;
    auto layout = MakeLayout("DejaVu Sans 10", kContentWidth, text);
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    double page_offset = 0;  // layout position that sits at `top`
    double top = y_;
    double bottom_of_last = y_;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
      double line_bottom = line_top + static_cast<double>(logical.height) / PANGO_SCALE;
      if (top + line_bottom - page_offset > kBottom) {
        NewPage();
        top = y_;
        page_offset = line_top;
      }
      double baseline = static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE;
      cairo_move_to(cr_, kMargin, top + baseline - page_offset);
      pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(iter));
      bottom_of_last = top + line_bottom - page_offset;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    y_ = bottom_of_last + 6;
  }

  void Footer() {
    std::string text = receipt_.sender;
    if (!receipt_.footer.empty()) text += " · " + receipt_.footer;
    text += " · " + receipt_.page_label + " " + std::to_string(page_);
    auto layout = MakeLayout("DejaVu Sans 7.5", kContentWidth, text);
    cairo_move_to(cr_, kMargin, kPageHeight - kMargin - HeightOf(layout.get()));
    pango_cairo_show_layout(cr_, layout.get());
  }

  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  void Finish() {
    Footer();
    cairo_show_page(cr_);
  }

 private:
  cairo_t* cr_;
  const ReceiptDocument& receipt_;
  double y_ = kMargin;
  int page_ = 1;
};

}  // namespace

Result<std::string> ReceiptPdf(const ReceiptDocument& receipt) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendToString, &bytes, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 (receipt.title + " – " + receipt.subtitle).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, receipt.sender.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mitwirken");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  {
    PdfWriter writer(cr, receipt);
    writer.Paragraph("DejaVu Sans 9", receipt.sender, 18);
    writer.Paragraph("DejaVu Sans Bold 17", receipt.title, 4);
    writer.Paragraph("DejaVu Sans 11", receipt.subtitle, 12);
    writer.Rule();
    for (const auto& [label, value] : receipt.fields) writer.Field(label, value);
    if (!receipt.note.empty()) {
      writer.Rule();
      writer.Paragraph("DejaVu Sans 9.5", receipt.note, 6);
    }
    if (!receipt.text.empty()) {
      writer.Rule();
      writer.Paragraph("DejaVu Sans Bold 11", receipt.text_heading, 6);
      writer.FlowingText(receipt.text);
    }
    writer.Finish();
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Fail(ErrorKind::kUnavailable, std::string("Die Eingangsbestätigung konnte nicht als PDF erstellt werden (") +
                                             cairo_status_to_string(status) + ").");
  }
  return bytes;
}

}  // namespace mw::procedures
