// Files of the weighing table (Abwägungstabelle): CSV for German Excel, XLSX (libxlsxwriter) and PDF (cairo + pango,
// A4 landscape, DejaVu Sans). The cells arrive translated and, for the public version, anonymised. No database.
//
//   auto pdf = procedures::TablePdf("Abwägungstabelle", "Windpark …", {{"Nr.", 1}, {"Abwägung", 3}}, rows);
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mw::procedures {

// UTF-8 with a byte order mark, ';' between cells, CRLF lines: what German Excel opens correctly.
std::string TableCsv(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);

// Characters of a cell in TableXlsx: Excel holds at most 32,767; a longer text is cut at a code point and ends " […]".
inline constexpr std::size_t kMaxCellChars = 32'000;

// One worksheet `sheet_name` (at most 31 characters are used) with a bold, frozen, filterable header; every cell a
// string (never a formula), at most kMaxCellChars. nullopt if writing failed.
std::optional<std::string> TableXlsx(const std::vector<std::string>& header,
                                     const std::vector<std::vector<std::string>>& rows, const std::string& sheet_name);

struct PdfColumn {
  std::string header;
  double weight = 1;  // share of the page width
};
// A PDF, A4 landscape: `title` and `subtitle` on the first page, the table with its header repeated on every page
// and rows that continue on the next page when they do not fit; page numbers at the foot. nullopt if cairo failed.
std::optional<std::string> TablePdf(const std::string& title, const std::string& subtitle,
                                    const std::vector<PdfColumn>& columns,
                                    const std::vector<std::vector<std::string>>& rows);

}  // namespace mw::procedures
