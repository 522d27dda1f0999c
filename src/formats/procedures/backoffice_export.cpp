#include "formats/procedures/backoffice_export.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "formats/procedures/model.hpp"
#include "formats/procedures/pdf_support.hpp"
#include "formats/procedures/weighing.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::size_t kMaxSheetNameChars = 31;

// A file in the temporary directory that is removed with this object (libxlsxwriter writes to a file).
class TempFile {
 public:
  explicit TempFile(std::string_view extension)
      : path_(std::filesystem::temp_directory_path() / ("mw-weighing-" + RandomToken(16) + std::string(extension))) {}
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A4 landscape in points, margins and type sizes.
constexpr double kPageWidth = 841.89;
constexpr double kPageHeight = 595.28;
constexpr double kMargin = 36;
constexpr double kCellPadding = 4;
constexpr double kFooterHeight = 20;

// One line of a laid-out cell, in points from the top left of the layout.
struct CellLine {
  PangoLayoutLine* line = nullptr;  // owned by the cell's layout
  double top = 0;
  double bottom = 0;
  double baseline = 0;
  double x = 0;
};
struct CellLines {
  Layout layout;
  std::vector<CellLine> lines;
  double height = 0;
};

CellLines LayOut(cairo_t* cr, const std::string& text, double width, const char* font, bool keep_words = false) {
  CellLines cell{Layout(pango_cairo_create_layout(cr)), {}, 0};
  PangoFontDescription* description = pango_font_description_from_string(font);
  pango_layout_set_font_description(cell.layout.get(), description);
  pango_font_description_free(description);
  pango_layout_set_width(cell.layout.get(), static_cast<int>(width * PANGO_SCALE));
  // PANGO_WRAP_WORD never breaks inside a word (a word too wide runs over); WORD_CHAR breaks one that does not fit.
  pango_layout_set_wrap(cell.layout.get(), keep_words ? PANGO_WRAP_WORD : PANGO_WRAP_WORD_CHAR);
  SetLayoutText(cell.layout.get(), text);
  PangoLayoutIter* iter = pango_layout_get_iter(cell.layout.get());
  do {
    int y0 = 0;
    int y1 = 0;
    pango_layout_iter_get_line_yrange(iter, &y0, &y1);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    cell.lines.push_back(CellLine{.line = pango_layout_iter_get_line_readonly(iter),
                                  .top = static_cast<double>(y0) / PANGO_SCALE,
                                  .bottom = static_cast<double>(y1) / PANGO_SCALE,
                                  .baseline = static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE,
                                  .x = static_cast<double>(logical.x) / PANGO_SCALE});
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  cell.height = cell.lines.empty() ? 0 : cell.lines.back().bottom;
  return cell;
}

// Draws the lines of `cell` whose layout range lies within [from, to) at page position y (for layout offset `from`):
// the part of a cell that fits on this page. Only those lines: drawing the whole layout clipped to the slice put
// every glyph of a long cell on every page it spans (work and file size growing with the square of its length).
void DrawLines(cairo_t* cr, const CellLines& cell, double x, double y, double from, double to) {
  for (const auto& line : cell.lines) {
    if (line.top < from) continue;
    if (line.bottom > to) break;
    cairo_move_to(cr, x + line.x, y - from + line.baseline);
    pango_cairo_show_layout_line(cr, line.line);
  }
}

// Texts and names wrap within their column's width; short values and dates fit it.
bool Wraps(SheetColumnKind kind) {
  return kind == SheetColumnKind::kText || kind == SheetColumnKind::kName;
}

}  // namespace

std::string TableCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string out(kUtf8Bom);
  out += CsvLine(header, ';');
  for (const auto& row : rows) out += CsvLine(row, ';');
  return out;
}

std::vector<double> SheetColumnWidths(const std::vector<SheetColumn>& columns,
                                      const std::vector<std::vector<SheetCell>>& rows) {
  std::vector<double> widths;
  for (std::size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    const SheetColumn& column = columns[column_idx];
    if (column.kind == SheetColumnKind::kText) {
      widths.push_back(kTextWidth);
      continue;
    }
    std::size_t widest = Utf8Length(column.header);
    for (const auto& row : rows) {
      if (column_idx >= row.size()) continue;
      const SheetCell& cell = row[column_idx];
      // A date cell shows "TT.MM.JJJJ hh:mm" whatever its text says.
      bool date = column.kind == SheetColumnKind::kDateTime && cell.at;
      widest = std::max(widest, date ? std::size_t{16} : Utf8Length(cell.text));
    }
    double limit = column.kind == SheetColumnKind::kName ? kMaxNameWidth : kMaxShortWidth;
    // Two characters more than the widest value: the header's filter button takes about that much.
    widths.push_back(std::clamp(static_cast<double>(widest) + 2, kMinColumnWidth, limit));
  }
  return widths;
}

double ExcelLocalTime(std::int64_t at) {
  // 25,569 days from Excel's day 0 (1899-12-30, so that its phantom 29 February 1900 is counted) to 1970-01-01.
  return 25'569.0 + static_cast<double>(LocalSeconds(at)) / 86'400.0;
}

std::optional<std::string> TableXlsx(const std::vector<SheetColumn>& columns,
                                     const std::vector<std::vector<SheetCell>>& rows, const std::string& sheet_name) {
  TempFile file(".xlsx");
  lxw_workbook_options options{.constant_memory = 1, .tmpdir = nullptr, .use_zip64 = 1};
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (!workbook) return std::nullopt;
  std::string name = CutText(sheet_name, kMaxSheetNameChars);
  for (char& c : name) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = ' ';
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* top = workbook_add_format(workbook);
  format_set_align(top, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* wrap = workbook_add_format(workbook);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "dd.mm.yyyy hh:mm");
  format_set_align(date, LXW_ALIGN_LEFT);
  format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
  // Widths before any cell: in constant-memory mode rows are written out as they are finished.
  std::vector<double> widths = SheetColumnWidths(columns, rows);
  for (std::size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    auto col = static_cast<lxw_col_t>(column_idx);
    worksheet_set_column(sheet, col, col, widths[column_idx], Wraps(columns[column_idx].kind) ? wrap : top);
    worksheet_write_string(sheet, 0, col, columns[column_idx].header.c_str(), bold);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  lxw_row_t row_idx = 0;
  for (const auto& row : rows) {
    ++row_idx;
    for (std::size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
      auto col = static_cast<lxw_col_t>(column_idx);
      const SheetCell& cell = row[column_idx];
      bool is_date = column_idx < columns.size() && columns[column_idx].kind == SheetColumnKind::kDateTime;
      if (is_date && cell.at) {
        worksheet_write_number(sheet, row_idx, col, ExcelLocalTime(*cell.at), date);
        continue;
      }
      bool is_text = column_idx < columns.size() && Wraps(columns[column_idx].kind);
      // An Excel cell holds at most 32,767 characters; a longer statement is cut in the spreadsheet only, at a code
      // point and marked (a cut inside a UTF-8 sequence made the whole file unreadable). Stored text may predate the
      // input check: ScrubText leaves only characters XML takes (libxlsxwriter passes bytes that are not UTF-8 on).
      std::string text = CutText(ScrubText(cell.text, /*keep_line_breaks=*/true), kMaxCellChars, kCutMark);
      worksheet_write_string(sheet, row_idx, col, text.c_str(), is_text ? wrap : top);
    }
  }
  if (!columns.empty()) worksheet_autofilter(sheet, 0, 0, row_idx, static_cast<lxw_col_t>(columns.size() - 1));
  if (workbook_close(workbook) != LXW_NO_ERROR) return std::nullopt;
  std::ifstream in(file.path(), std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<std::string> TablePdf(const std::string& title, const std::string& subtitle,
                                    const std::vector<PdfColumn>& columns,
                                    const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendToString, &out, kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return std::nullopt;
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_t* cr = cairo_create(surface);

  const double table_width = kPageWidth - 2 * kMargin;
  double total_weight = 0;
  for (const auto& column : columns) total_weight += column.weight;
  std::vector<double> x;
  std::vector<double> widths;
  double left = kMargin;
  for (const auto& column : columns) {
    double width = table_width * column.weight / total_weight;
    x.push_back(left);
    widths.push_back(width);
    left += width;
  }
  const double bottom = kPageHeight - kMargin - kFooterHeight;
  int page = 1;
  double y = kMargin;

  auto footer = [&] {
    CellLines number = LayOut(cr, std::to_string(page), 60, "DejaVu Sans 8");
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    DrawLines(cr, number, kPageWidth - kMargin - 10, kPageHeight - kMargin, 0, number.height);
    cairo_set_source_rgb(cr, 0, 0, 0);
  };
  auto header_row = [&] {
    std::vector<CellLines> cells;
    double height = 0;
    for (std::size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
      cells.push_back(
          LayOut(cr, columns[column_idx].header, widths[column_idx] - 2 * kCellPadding, "DejaVu Sans Bold 8"));
      height = std::max(height, cells.back().height);
    }
    height += 2 * kCellPadding;
    cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
    cairo_rectangle(cr, kMargin, y, table_width, height);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (std::size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
      DrawLines(cr, cells[column_idx], x[column_idx] + kCellPadding, y + kCellPadding, 0, cells[column_idx].height);
    }
    y += height;
  };
  auto new_page = [&] {
    footer();
    cairo_show_page(cr);
    ++page;
    y = kMargin;
    header_row();
  };

  CellLines heading = LayOut(cr, title, table_width, "DejaVu Sans Bold 14");
  DrawLines(cr, heading, kMargin, y, 0, heading.height);
  y += heading.height + 4;
  if (!subtitle.empty()) {
    CellLines sub = LayOut(cr, subtitle, table_width, "DejaVu Sans 9");
    DrawLines(cr, sub, kMargin, y, 0, sub.height);
    y += sub.height + 8;
  }
  header_row();

  cairo_set_line_width(cr, 0.5);
  for (const auto& row : rows) {
    std::vector<CellLines> cells;
    for (std::size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
      const std::string& text = column_idx < row.size() ? row[column_idx] : std::string();
      cells.push_back(
          LayOut(cr, text, widths[column_idx] - 2 * kCellPadding, "DejaVu Sans 8", columns[column_idx].keep_words));
    }
    // The row in slices: each page takes the whole lines of every cell that fit below y.
    std::vector<double> done(cells.size(), 0);  // layout offset drawn so far, per cell
    while (true) {
      double available = bottom - y - 2 * kCellPadding;
      bool fits_all = true;
      std::vector<double> until(cells.size(), 0);
      for (std::size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
        until[column_idx] = done[column_idx];
        for (const auto& line : cells[column_idx].lines) {
          const double top = line.top;
          const double end = line.bottom;
          if (top < done[column_idx]) continue;
          if (end - done[column_idx] <= available) {
            until[column_idx] = end;
          } else {
            fits_all = false;
            break;
          }
        }
      }
      bool progress = false;
      for (std::size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
        progress = progress || until[column_idx] > done[column_idx];
      }
      if (!progress && !fits_all) {
        if (y <= kMargin + 40) {
          // Not one line fits on an empty page: cannot happen with these sizes; stop rather than loop.
          break;
        }
        new_page();
        continue;
      }
      double slice = 0;
      for (std::size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
        slice = std::max(slice, until[column_idx] - done[column_idx]);
        DrawLines(cr, cells[column_idx], x[column_idx] + kCellPadding, y + kCellPadding, done[column_idx],
                  until[column_idx]);
        done[column_idx] = until[column_idx];
      }
      double height = slice + 2 * kCellPadding;
      cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
      for (std::size_t column_idx = 0; column_idx < cells.size(); ++column_idx) {
        cairo_rectangle(cr, x[column_idx], y, widths[column_idx], height);
      }
      cairo_stroke(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      y += height;
      if (fits_all) break;
      new_page();
    }
  }
  footer();
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  bool ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
  cairo_surface_destroy(surface);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace mw::procedures
