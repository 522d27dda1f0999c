// Files of the weighing table (Abwägungstabelle): CSV for German Excel, XLSX (libxlsxwriter) and PDF (cairo + pango,
// A4 landscape, DejaVu Sans). The cells arrive translated and, for the public version, anonymised. No database.
//
//   auto pdf = procedures::TablePdf("Abwägungstabelle", "Windpark …", {{"Nr.", 1}, {"Abwägung", 3}}, rows);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mw::procedures {

// UTF-8 with a byte order mark, ';' between cells, CRLF lines: what German Excel opens correctly.
std::string TableCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

// Characters of a cell in TableXlsx: Excel holds at most 32,767; a longer text is cut at a code point and ends " […]".
inline constexpr std::size_t kMaxCellChars = 32'000;

// What a spreadsheet column holds, which decides its width and format: short values (references, flags, numbers),
// times (an Excel date cell), names, and long text (wrapped).
enum class SheetColumnKind { kShort, kDateTime, kName, kText };
struct SheetColumn {
  std::string header;
  SheetColumnKind kind = SheetColumnKind::kShort;
};
// A cell: its text, and in a kDateTime column the instant (Unix seconds; TableXlsx writes it as an Excel date in
// local time, Europe/Berlin; `text` is what CSV and PDF show). A kDateTime cell without `at` is written as text.
struct SheetCell {
  std::string text;
  std::optional<std::int64_t> at;
};

// Widths of the columns in Excel's character units: short columns and times as wide as their widest value or
// header (within kMinColumnWidth … kMaxShortWidth), names up to kMaxNameWidth, text kTextWidth (names and text are
// wrapped).
inline constexpr double kMinColumnWidth = 6;
inline constexpr double kMaxShortWidth = 24;
inline constexpr double kMaxNameWidth = 32;
inline constexpr double kTextWidth = 60;
std::vector<double> SheetColumnWidths(const std::vector<SheetColumn>& columns,
                                      const std::vector<std::vector<SheetCell>>& rows);

// Excel's serial date (days since 1899-12-30, the time of day as the fraction) of the local time in Europe/Berlin at
// the Unix time `at`: what the portal shows.
double ExcelLocalTime(std::int64_t at);

// One worksheet `sheet_name` (at most 31 characters are used) with a bold, frozen, filterable header; columns as wide
// as SheetColumnWidths says, text wrapped; times as dates ("TT.MM.JJJJ hh:mm"), every other cell a string (never a
// formula), at most kMaxCellChars. nullopt if writing failed.
std::optional<std::string> TableXlsx(const std::vector<SheetColumn>& columns,
                                     const std::vector<std::vector<SheetCell>>& rows, const std::string& sheet_name);

struct PdfColumn {
  std::string header;
  double weight = 1;  // share of the page width
  // Lines break only between words, never inside one (references): a word wider than the column runs over its edge.
  bool keep_words = false;
};
// A PDF, A4 landscape: `title` and `subtitle` on the first page, the table with its header repeated on every page
// and rows that continue on the next page when they do not fit; page numbers at the foot. nullopt if cairo failed.
std::optional<std::string> TablePdf(const std::string& title, const std::string& subtitle,
                                    const std::vector<PdfColumn>& columns,
                                    const std::vector<std::vector<std::string>>& rows);

}  // namespace mw::procedures
