#include "formats/procedures/receipt.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

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

// Draws the receipt page by page, keeping the vertical position and the open structure tags. A page break closes
// the tags inside Document and opens them again on the next page (a table or a paragraph continued as a second one),
// so that the footer drawn at the break never becomes part of a cell or a paragraph: it is Document's own content,
// between its elements (cairo 1.16 refuses the tag "Artifact" with CAIRO_STATUS_TAG_ERROR).
class PdfWriter {
 public:
  PdfWriter(cairo_t* cr, const ReceiptDocument& receipt) : cr_(cr), receipt_(receipt) {}

  // A structure element (cairo_tag_begin … cairo_tag_end) while it lives.
  class Tag {
   public:
    Tag(PdfWriter& writer, const char* name) : writer_(writer), name_(name) { writer_.Open(name_); }
    ~Tag() { writer_.Close(name_); }
    Tag(const Tag&) = delete;
    Tag& operator=(const Tag&) = delete;

   private:
    PdfWriter& writer_;
    const char* name_;
  };

  Layout MakeLayout(const char* font, double width, const std::string& text) {
    Layout layout(pango_cairo_create_layout(cr_));
    Font description(pango_font_description_from_string(font));
    pango_layout_set_font_description(layout.get(), description.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    // No hyphen where a word is broken between characters: a checksum or a reference split over two lines must
    // read (and copy, and extract) as it is, without a character that is not part of it.
    PangoAttrList* attributes = pango_attr_list_new();
    pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(layout.get(), attributes);
    pango_attr_list_unref(attributes);
    SetLayoutText(layout.get(), text);
    return layout;
  }

  static double HeightOf(PangoLayout* layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout, &width, &height);
    return static_cast<double>(height) / PANGO_SCALE;
  }

  // A new page first if `height` does not fit on this one (and this one has something on it). Call before opening
  // the element that is not to be split.
  void Reserve(double height) {
    if (y_ + height > kBottom && y_ > kMargin) NewPage();
  }

  void Paragraph(const char* tag, const char* font, const std::string& text, double space_after) {
    if (text.empty()) return;
    auto layout = MakeLayout(font, kContentWidth, text);
    double height = HeightOf(layout.get());
    Reserve(height);
    Tag element(*this, tag);
    cairo_move_to(cr_, kMargin, y_);
    pango_cairo_show_layout(cr_, layout.get());
    y_ += height + space_after;
  }

  // One row of the fields' table: the label as its header cell, the value as its data cell.
  void Field(const std::string& label, const std::string& value) {
    auto label_layout = MakeLayout("DejaVu Sans Bold 9.5", kLabelWidth, label);
    auto value_layout = MakeLayout("DejaVu Sans 9.5", kContentWidth - kLabelWidth - kGap, value);
    double height = std::max(HeightOf(label_layout.get()), HeightOf(value_layout.get()));
    Reserve(height);
    Tag row(*this, "TR");
    {
      Tag header(*this, "TH");
      cairo_move_to(cr_, kMargin, y_);
      pango_cairo_show_layout(cr_, label_layout.get());
    }
    {
      Tag data(*this, "TD");
      cairo_move_to(cr_, kMargin + kLabelWidth + kGap, y_);
      pango_cairo_show_layout(cr_, value_layout.get());
    }
    y_ += height + 5;
  }

  // One item of a list: a bullet as its label, the name and details as its body.
  void Item(const std::string& name, const std::string& details) {
    auto body = MakeLayout("DejaVu Sans 9.5", kContentWidth - 14, details.empty() ? name : name + "\n" + details);
    double height = HeightOf(body.get());
    Reserve(height);
    Tag item(*this, "LI");
    {
      Tag label(*this, "Lbl");
      auto bullet = MakeLayout("DejaVu Sans 9.5", 14, "•");
      cairo_move_to(cr_, kMargin, y_);
      pango_cairo_show_layout(cr_, bullet.get());
    }
    {
      Tag text(*this, "LBody");
      cairo_move_to(cr_, kMargin + 14, y_);
      pango_cairo_show_layout(cr_, body.get());
    }
    y_ += height + 5;
  }

  // A line between the parts: drawing only, outside every element but Document.
  void Rule() {
    Reserve(10);
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kMargin, y_ + 2);
    cairo_line_to(cr_, kPageWidth - kMargin, y_ + 2);
    cairo_stroke(cr_);
    y_ += 12;
  }

  // Long text: one P per paragraph of `text` (lines between blank lines; a blank line leaves space), each laid out
  // line by line, continuing on the next page where the page ends.
  void FlowingText(const std::string& text) {
    std::string paragraph;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = std::min(text.find('\n', start), text.size());
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) {
        if (!paragraph.empty()) FlowingParagraph(paragraph);
        paragraph.clear();
        if (end < text.size()) y_ += 6;
      } else {
        if (!paragraph.empty()) paragraph += '\n';
        paragraph += line;
      }
      start = end + 1;
    }
    if (!paragraph.empty()) FlowingParagraph(paragraph);
  }

  void NewPage() {
    // Close the elements inside Document, footer, next page, open them again.
    std::vector<const char*> reopen;
    while (open_.size() > 1) {
      reopen.push_back(open_.back());
      Close(open_.back());
    }
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
    for (auto it = reopen.rbegin(); it != reopen.rend(); ++it) Open(*it);
  }

  // The last footer, then the end of every element (Document too).
  void Finish() {
    Footer();
    while (!open_.empty()) Close(open_.back());
    cairo_show_page(cr_);
  }

  void Open(const char* name) {
    cairo_tag_begin(cr_, name, nullptr);
    open_.push_back(name);
  }
  void Close(const char* name) {
    cairo_tag_end(cr_, name);
    open_.pop_back();
  }

 private:
  void FlowingParagraph(const std::string& text) {
    auto layout = MakeLayout("DejaVu Sans 10", kContentWidth, text);
    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    Tag paragraph(*this, "P");
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
    y_ = bottom_of_last + 4;
  }

  void Footer() {
    std::string text = receipt_.sender;
    if (!receipt_.footer.empty()) text += " · " + receipt_.footer;
    text += " · " + receipt_.page_label + " " + std::to_string(page_);
    auto layout = MakeLayout("DejaVu Sans 7.5", kContentWidth, text);
    cairo_move_to(cr_, kMargin, kPageHeight - kMargin - HeightOf(layout.get()));
    pango_cairo_show_layout(cr_, layout.get());
  }

  cairo_t* cr_;
  const ReceiptDocument& receipt_;
  double y_ = kMargin;
  int page_ = 1;
  std::vector<const char*> open_;  // the structure tags open now, outermost first
};

// A PDF string literal of `text` (UTF-8) as UTF-16BE with its byte order mark, the form PDF text strings take.
std::string PdfTextString(std::string_view text) {
  std::string out = "<FEFF";
  gunichar2* utf16 = g_utf8_to_utf16(text.data(), static_cast<glong>(text.size()), nullptr, nullptr, nullptr);
  if (utf16 != nullptr) {
    char hex[8];
    for (const gunichar2* unit = utf16; *unit != 0; ++unit) {
      std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(*unit));
      out += hex;
    }
    g_free(utf16);
  }
  return out + ">";
}

}  // namespace

std::optional<std::string> WithCatalogEntries(std::string pdf, std::string_view entries) {
  const std::size_t startxref = pdf.rfind("startxref");
  const std::size_t trailer = pdf.rfind("trailer", startxref);
  if (startxref == std::string::npos || trailer == std::string::npos) return std::nullopt;
  const std::size_t trailer_open = pdf.find("<<", trailer);
  const std::size_t trailer_close = pdf.rfind(">>", startxref);
  if (trailer_open == std::string::npos || trailer_close == std::string::npos || trailer_close < trailer_open) {
    return std::nullopt;
  }
  const std::string trailer_dict = pdf.substr(trailer_open + 2, trailer_close - trailer_open - 2);
  long long previous = std::atoll(pdf.c_str() + startxref + std::strlen("startxref"));
  const std::size_t root = trailer_dict.find("/Root");
  if (root == std::string::npos || previous <= 0) return std::nullopt;
  const long long catalog_number = std::atoll(trailer_dict.c_str() + root + std::strlen("/Root"));
  if (catalog_number <= 0) return std::nullopt;
  const std::string object_start = "\n" + std::to_string(catalog_number) + " 0 obj";
  const std::size_t object = pdf.rfind(object_start);
  if (object == std::string::npos) return std::nullopt;
  const std::size_t dict_open = pdf.find("<<", object);
  const std::size_t object_end = pdf.find("endobj", object);
  if (dict_open == std::string::npos || object_end == std::string::npos || dict_open > object_end) return std::nullopt;
  const std::size_t dict_close = pdf.rfind(">>", object_end);
  if (dict_close == std::string::npos || dict_close < dict_open) return std::nullopt;
  const std::string catalog = pdf.substr(dict_open, dict_close - dict_open);  // "<< … " without the closing ">>"

  if (pdf.back() != '\n') pdf += '\n';
  const std::size_t offset = pdf.size();
  pdf += std::to_string(catalog_number) + " 0 obj\n" + catalog + "   " + std::string(entries) + "\n>>\nendobj\n";
  const std::size_t xref = pdf.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
  pdf += "xref\n" + std::to_string(catalog_number) + " 1\n" + entry;
  pdf += "trailer\n<<" + trailer_dict + "   /Prev " + std::to_string(previous) + "\n>>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

Result<std::string> ReceiptPdf(const ReceiptDocument& receipt) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendToString, &bytes, kPageWidth, kPageHeight);
  const std::string title = receipt.subtitle.empty() ? receipt.title : receipt.title + " – " + receipt.subtitle;
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, receipt.sender.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mitwirken");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  {
    PdfWriter writer(cr, receipt);
    writer.Open("Document");  // closed by Finish, after the last footer
    writer.Paragraph("P", "DejaVu Sans 9", receipt.sender, 18);
    writer.Paragraph("H1", "DejaVu Sans Bold 17", receipt.title, 4);
    writer.Paragraph("P", "DejaVu Sans 11", receipt.subtitle, 12);
    writer.Rule();
    if (!receipt.fields.empty()) {
      PdfWriter::Tag table(writer, "Table");
      for (const auto& [label, value] : receipt.fields) writer.Field(label, value);
    }
    if (!receipt.note.empty()) {
      writer.Rule();
      writer.Paragraph("P", "DejaVu Sans 9.5", receipt.note, 6);
    }
    if (!receipt.attachments.empty()) {
      writer.Rule();
      writer.Paragraph("H2", "DejaVu Sans Bold 11", receipt.attachments_heading, 6);
      PdfWriter::Tag list(writer, "L");
      for (const auto& attachment : receipt.attachments) writer.Item(attachment.name, attachment.details);
    }
    if (!receipt.text.empty()) {
      writer.Rule();
      writer.Paragraph("H2", "DejaVu Sans Bold 11", receipt.text_heading, 6);
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
  // What cairo 1.16 has no call for: the language of the text, and the title (not the file name) as the window's.
  auto completed = WithCatalogEntries(
      std::move(bytes), "/Lang " + PdfTextString(receipt.language) + "\n   /ViewerPreferences << /DisplayDocTitle true >>");
  if (!completed) {
    return Fail(ErrorKind::kUnavailable, "Die Eingangsbestätigung konnte nicht als PDF erstellt werden (Katalog).");
  }
  return std::move(*completed);
}

}  // namespace mw::procedures
