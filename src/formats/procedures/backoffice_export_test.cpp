// The weighing table's spreadsheet: what a case worker sees when opening it — columns that fit, real dates in local
// time, the header kept and filterable.
#include "formats/procedures/backoffice_export.hpp"

#include <gtest/gtest.h>

#include "support/http_client.hpp"

namespace mw::procedures {
namespace {

const std::vector<SheetColumn> kColumns{{"Nummer", SheetColumnKind::kShort},
                                        {"Eingang", SheetColumnKind::kDateTime},
                                        {"Gruppe", SheetColumnKind::kName},
                                        {"Stellungnahme", SheetColumnKind::kText}};

TEST(SheetTest, ColumnsAreAsWideAsTheirContentAndTextIsWide) {
  std::vector<std::vector<SheetCell>> rows{
      {{"GRI-2026-00042"}, {"01.07.2026, 12:00 Uhr", 1'782'900'000}, {""}, {"Kurz."}},
      {{"GRI-2026-00043"}, {"01.07.2026, 12:00 Uhr", 1'782'900'000}, {std::string(80, 'x')}, {std::string(500, 'y')}},
  };
  auto widths = SheetColumnWidths(kColumns, rows);
  ASSERT_EQ(widths.size(), 4u);
  EXPECT_EQ(widths[0], 16) << "the reference and two characters for the filter button";
  EXPECT_EQ(widths[1], 18) << "a date cell shows TT.MM.JJJJ hh:mm, not its text";
  EXPECT_EQ(widths[2], kMaxNameWidth) << "a long name is cut by the width, not the sheet";
  EXPECT_EQ(widths[3], kTextWidth);
  // An empty column is still as wide as its header.
  auto empty = SheetColumnWidths(kColumns, {});
  EXPECT_EQ(empty[0], 8);
  EXPECT_EQ(empty[2], kMinColumnWidth + 2);
}

TEST(SheetTest, TimesAreExcelDatesInGermanLocalTime) {
  // 2026-07-01 10:00 UTC is 12:00 in Berlin (summer time), 2026-01-15 09:30 UTC is 10:30 (winter time).
  EXPECT_DOUBLE_EQ(ExcelLocalTime(1'782'900'000), 46'204.5);
  EXPECT_DOUBLE_EQ(ExcelLocalTime(1'768'469'400), 46'037.4375);
}

TEST(SheetTest, TheWorkbookHoldsWidthsDatesAFrozenFilteredHeaderAndTheTexts) {
  std::vector<std::vector<SheetCell>> rows{
      {{"GRI-2026-00042"}, {"01.07.2026, 12:00 Uhr", 1'782'900'000}, {"Gruppe 3"}, {"Die Bäume bleiben stehen."}},
      {{"GRI-2026-00043"}, {"ohne Datum"}, {""}, {"=HYPERLINK(\"x\")"}},
  };
  auto xlsx = TableXlsx(kColumns, rows, "Abwägung: Windpark");
  ASSERT_TRUE(xlsx.has_value());
  const std::string sheet = mw::testing::ZipEntry(*xlsx, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet.empty());
  EXPECT_NE(sheet.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos);
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:D3\"/>"), std::string::npos);
  EXPECT_NE(sheet.find("<col min=\"1\" max=\"1\" width=\"16.7109375\""), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<col min=\"4\" max=\"4\" width=\"60.7109375\""), std::string::npos);
  EXPECT_NE(sheet.find("<v>46204.5</v>"), std::string::npos) << "the date is a number, not a string";
  EXPECT_EQ(sheet.find("01.07.2026, 12:00 Uhr"), std::string::npos);
  EXPECT_NE(sheet.find("ohne Datum"), std::string::npos) << "a time that is not known stays text";
  EXPECT_NE(sheet.find("Die Bäume bleiben stehen."), std::string::npos);
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << "never a formula";
  const std::string styles = mw::testing::ZipEntry(*xlsx, "xl/styles.xml");
  EXPECT_NE(styles.find("formatCode=\"dd.mm.yyyy hh:mm\""), std::string::npos);
  EXPECT_NE(styles.find("<b/>"), std::string::npos) << "the header is bold";
  EXPECT_NE(mw::testing::ZipEntry(*xlsx, "xl/workbook.xml").find("name=\"Abwägung  Windpark\""), std::string::npos);
}

}  // namespace
}  // namespace mw::procedures
