#include "formats/procedures/receipt.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "formats/procedures/model.hpp"
#include "formats/procedures/pdf_support.hpp"

namespace mw::procedures {
namespace {

ReceiptDocument Example(std::string text) {
  return {.sender = "Stadt Grimma",
          .title = "Eingangsbestätigung",
          .subtitle = "Bebauungsplan Nr. 42 „Wohnen am Mühlgraben“",
          .fields = {{"Eingangsnummer", "2026-00042"},
                     {"Eingegangen am", "28.05.2026, 10:46 Uhr"},
                     {"Prüfsumme (SHA-256)", std::string(64, 'a')}},
          .note = "Die Eingabe ist nach dem Ende der Frist eingegangen (§ 3 Abs. 2 BauGB).",
          .text_heading = "Text der Stellungnahme",
          .text = std::move(text),
          .footer = "mitwirken",
          .page_label = "Seite"};
}

TEST(ReceiptPdfTest, WritesAPdfWithGermanText) {
  auto pdf = ReceiptPdf(Example("Äußerst wichtig: Grünflächen erhalten – „so“ § 1."));
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->find("%%EOF"), std::string::npos);
  EXPECT_GT(pdf->size(), 3000u);
  EXPECT_NE(pdf->find("DejaVu"), std::string::npos) << "the font is embedded";
}

TEST(ReceiptPdfTest, ALongTextRunsOverSeveralPages) {
  std::string paragraph = "Die Lärmschutzwand endet zu früh; die Wohnbebauung am Mühlweg bleibt ungeschützt. ";
  std::string long_text;
  for (int paragraph_idx = 0; paragraph_idx < 400; ++paragraph_idx) long_text += paragraph + "\n";
  auto short_pdf = ReceiptPdf(Example("Kurz."));
  auto long_pdf = ReceiptPdf(Example(long_text));
  ASSERT_TRUE(short_pdf && long_pdf);
  EXPECT_GT(long_pdf->size(), short_pdf->size() + 10000);
  EXPECT_NE(long_pdf->find("/Count "), std::string::npos);
  EXPECT_EQ(short_pdf->find("/Count 1\n") == std::string::npos && short_pdf->find("/Count 1 ") == std::string::npos,
            false)
      << "a short receipt is one page";
}

TEST(ReceiptPdfTest, AStatementOfOneEndlessWordIsLaidOutInBoundedWork) {
  // The longest statement the form takes, as one word: Pango would wrap it character by character in time growing
  // faster than its length. The writer must hand it over with a break opportunity every kMaxUnbrokenChars.
  std::size_t longest = 0;
  std::size_t laid_out = 0;
  ObserveLayoutTextForTesting([&](std::string_view text) {
    longest = std::max(longest, LongestUnbrokenRun(text));
    laid_out += text.size();
  });
  auto pdf = ReceiptPdf(Example(std::string(kMaxStatementChars, 'w')));
  ObserveLayoutTextForTesting(nullptr);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_GE(laid_out, kMaxStatementChars);
  EXPECT_LE(longest, kMaxUnbrokenChars);
}

TEST(ReceiptPdfTest, EmptyFieldsAndTextStillGiveAPdf) {
  auto pdf = ReceiptPdf({});
  ASSERT_TRUE(pdf.has_value());
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace mw::procedures
