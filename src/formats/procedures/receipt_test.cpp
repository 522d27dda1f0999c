#include "formats/procedures/receipt.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "formats/procedures/model.hpp"
#include "formats/procedures/pdf_support.hpp"
#include "formats/procedures/pdf_text_test.hpp"

namespace mw::procedures {
namespace {

ReceiptDocument Example(std::string text) {
  return {.sender = "Stadt Grimma",
          .title = "Eingangsbestätigung",
          .subtitle = "Bebauungsplan Nr. 42 „Wohnen am Mühlgraben“",
          .fields = {{"Eingangsnummer", "GRI-2026-00042"},
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

// #14 item 4: a tagged PDF — structure tree with the elements a screen reader navigates by, marked content, the
// language and the title — whose text can be extracted as written, every field, attachment and paragraph.
TEST(ReceiptPdfTest, IsATaggedPdfWhoseTextIsExtractable) {
  ReceiptDocument receipt = Example("Erster Absatz über die Lärmschutzwand.\n\nZweiter Absatz: „Bäume“ erhalten.");
  receipt.fields.push_back({"Postanschrift", "Markt 1, 04668 Grimma"});
  receipt.fields.push_back({"Bezug auf Dokument", "Begründung zum Bebauungsplan"});
  receipt.attachments_heading = "Anlagen";
  receipt.attachments = {{"Lageplan.pdf", "1,2 MB\nSHA-256: " + std::string(64, 'b')}};
  auto pdf = ReceiptPdf(receipt);
  ASSERT_TRUE(pdf.has_value()) << pdf.error().message;

  std::string dictionaries;
  for (const auto& dictionary : testing::PdfDictionaries(*pdf)) dictionaries += dictionary + "\n";
  EXPECT_NE(dictionaries.find("/Type /StructTreeRoot"), std::string::npos);
  EXPECT_NE(dictionaries.find("/MarkInfo << /Marked true >>"), std::string::npos);
  for (const char* element : {"/S /Document", "/S /H1", "/S /H2", "/S /P", "/S /Table", "/S /TR", "/S /TH", "/S /TD",
                              "/S /L", "/S /LI", "/S /Lbl", "/S /LBody"}) {
    EXPECT_NE(dictionaries.find(element), std::string::npos) << element;
  }
  // The catalog as the reader sees it (the last version, the incremental update): still tagged, with /Lang.
  auto objects = testing::PdfObjects(*pdf);
  const std::size_t root = pdf->rfind("/Root ");
  ASSERT_NE(root, std::string::npos);
  const std::string& catalog = objects[std::atoi(pdf->c_str() + root + 6)].dictionary;
  EXPECT_NE(catalog.find("/StructTreeRoot"), std::string::npos) << catalog;
  EXPECT_NE(catalog.find("/Lang <FEFF00640065>"), std::string::npos) << catalog;  // "de"
  EXPECT_NE(catalog.find("/DisplayDocTitle true"), std::string::npos) << catalog;
  EXPECT_NE(pdf->find("/Prev "), std::string::npos);
  EXPECT_EQ(pdf->substr(pdf->size() - 6), "%%EOF\n");

  const std::string text = testing::WithoutSpaces(testing::PdfText(*pdf));
  for (const std::string& expected : std::vector<std::string>{"Stadt Grimma", "Eingangsbestätigung", "Bebauungsplan Nr. 42 „Wohnen am Mühlgraben“", "GRI-2026-00042",
        "Markt 1, 04668 Grimma", "Begründung zum Bebauungsplan", "Lageplan.pdf", std::string(64, 'b'),
        "Erster Absatz über die Lärmschutzwand.", "Zweiter Absatz: „Bäume“ erhalten.", "Seite 1"}) {
    EXPECT_NE(text.find(testing::WithoutSpaces(expected)), std::string::npos) << expected << "\nin: " << text;
  }
}

// The catalog entries are added after cairo's file as an update: the bytes cairo wrote stay, the new catalog and
// its cross-reference entry point to each other.
TEST(ReceiptPdfTest, CatalogEntriesAreAnIncrementalUpdate) {
  const std::string original =
      "%PDF-1.5\n1 0 obj\n<< /Type /Catalog\n   /Pages 2 0 R\n>>\nendobj\nxref\n0 2\n"
      "0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2\n   /Root 1 0 R\n>>\nstartxref\n58\n%%EOF\n";
  auto updated = WithCatalogEntries(original, "/Lang (de)");
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ(updated->substr(0, original.size()), original);
  const std::string added = updated->substr(original.size());
  const std::size_t object = added.find("1 0 obj\n<< /Type /Catalog");
  ASSERT_NE(object, std::string::npos) << added;
  EXPECT_NE(added.find("/Pages 2 0 R"), std::string::npos);
  EXPECT_NE(added.find("/Lang (de)"), std::string::npos);
  char offset[16];
  std::snprintf(offset, sizeof offset, "%010zu", original.size() + object);
  EXPECT_NE(added.find(std::string("xref\n1 1\n") + offset + " 00000 n \n"), std::string::npos) << added;
  EXPECT_NE(added.find("/Prev 58"), std::string::npos);
  const std::size_t startxref = updated->rfind("startxref\n");
  EXPECT_EQ(updated->substr(std::stoul(updated->substr(startxref + 10)), 4), "xref");
  EXPECT_FALSE(WithCatalogEntries("not a pdf", "/Lang (de)"));
}

TEST(ReceiptPdfTest, EmptyFieldsAndTextStillGiveAPdf) {
  auto pdf = ReceiptPdf({});
  ASSERT_TRUE(pdf.has_value());
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace mw::procedures
