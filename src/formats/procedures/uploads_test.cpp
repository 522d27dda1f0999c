// Uploads are recognised by their content: a PDF must start with %PDF, a ZIP is only an office document by name.
#include "formats/procedures/uploads.hpp"

#include <gtest/gtest.h>

#include <string>

#include "formats/procedures/documents_pdf.hpp"

namespace mw::procedures {
namespace {

TEST(ProcedureUploads, SniffsByContent) {
  EXPECT_EQ(SniffUpload("%PDF-1.7\n...", "antrag.pdf"), "application/pdf");
  EXPECT_EQ(SniffUpload("%PDF-1.4", "no-extension"), "application/pdf");
  EXPECT_FALSE(SniffUpload("<html>%PDF-", "antrag.pdf").has_value());
  EXPECT_EQ(SniffUpload(std::string("\x89PNG\r\n\x1a\n", 8) + "rest", "plan.png"), "image/png");
  EXPECT_EQ(SniffUpload("\xff\xd8\xff\xe0", "foto.jpg"), "image/jpeg");
  EXPECT_EQ(SniffUpload("PK\x03\x04....", "Begründung.DOCX"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_FALSE(SniffUpload("PK\x03\x04....", "archiv.zip").has_value());
  EXPECT_EQ(SniffUpload("Grüße aus Grimma", "brief.txt"), "text/plain; charset=utf-8");
  EXPECT_FALSE(SniffUpload("Grüße", "brief.html").has_value());
  EXPECT_FALSE(SniffUpload(std::string("a\0b", 3), "binary.txt").has_value());
  EXPECT_FALSE(SniffUpload("<svg onload=alert(1)>", "bild.svg").has_value());
  EXPECT_FALSE(SniffUpload("MZ\x90\x00", "setup.exe").has_value());
  EXPECT_FALSE(SniffUpload("", "leer.txt").has_value());
}

TEST(ProcedureUploads, SafeFileNames) {
  EXPECT_EQ(SafeFileName("C:\\Users\\kim\\Einwendung.pdf"), "Einwendung.pdf");
  EXPECT_EQ(SafeFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(SafeFileName("a\"b\r\nc.pdf"), "abc.pdf");
  EXPECT_EQ(SafeFileName(""), "datei");
  EXPECT_EQ(SafeFileName(".."), "datei");
  EXPECT_EQ(SafeFileName(std::string(300, 'x')).size(), 200u);
  EXPECT_EQ(SafeFileName(std::string(199, 'x') + "ä").size(), 199u);
}

TEST(ProcedureUploads, AFileNameLosesInvisibleAndDirectionChangingCharacters) {
  // "Rechnung<RLO>fdp.exe" shows as "Rechnungexe.pdf" in a right-to-left-aware display.
  EXPECT_EQ(SafeFileName("Rechnung\u202Efdp.exe"), "Rechnungfdp.exe");
  for (std::string invisible : {"\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C",
                                "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\uFEFF", "\u00AD",
                                "\u061C", "\u2060", "\u0085", "\U000E0041"}) {
    EXPECT_EQ(SafeFileName("Plan" + invisible + "1.pdf"), "Plan1.pdf") << invisible;
  }
  EXPECT_EQ(SafeFileName("Begründung – Teil 2.pdf"), "Begründung – Teil 2.pdf");
}

TEST(ProcedureUploads, TheStoredNameEndsInTheRecognisedType) {
  EXPECT_EQ(FileNameForType("x.exe", "application/pdf"), "x.pdf");
  EXPECT_EQ(FileNameForType("Antrag.PDF", "application/pdf"), "Antrag.PDF");
  EXPECT_EQ(FileNameForType("Plan", "application/pdf"), "Plan.pdf");
  EXPECT_EQ(FileNameForType("Stand 1.2.2026", "application/pdf"), "Stand 1.2.2026.pdf");
  EXPECT_EQ(FileNameForType("foto.jpeg", "image/jpeg"), "foto.jpeg");
  EXPECT_EQ(FileNameForType("foto.html", "image/jpeg"), "foto.jpg");
  EXPECT_EQ(FileNameForType("bild.pdf", "image/png"), "bild.png");
  EXPECT_EQ(FileNameForType("liste.csv", "text/csv; charset=utf-8"), "liste.csv");
  std::string longest = FileNameForType(std::string(198, 'x') + ".exe", "application/pdf");
  EXPECT_LE(longest.size(), 200u);
  EXPECT_TRUE(longest.ends_with(".pdf"));
}

TEST(ProcedureUploads, APdfMustBeComplete) {
  // A real PDF of our own writer and one with a cross-reference stream instead of a table.
  const std::string pdf = MinimalPdf({"Begründung zum Bebauungsplan"});
  EXPECT_TRUE(IsCompletePdf(pdf));
  const std::string body = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  const std::string stream = body + "12 0 obj\n<< /Type /XRef >>\nstream\nendstream\nendobj\nstartxref\n" +
                             std::to_string(body.size()) + "\n%%EOF\n";
  EXPECT_TRUE(IsCompletePdf(stream));
  // Readers forgive an offset a few bytes off (line ends changed after writing), and bytes after %%EOF.
  std::string shifted = pdf;
  const auto offset_at = shifted.rfind("startxref\n") + 10;
  const auto offset = std::stoull(shifted.substr(offset_at));
  shifted.replace(offset_at, std::to_string(offset).size(), std::to_string(offset + 3));
  EXPECT_TRUE(IsCompletePdf(shifted));
  EXPECT_TRUE(IsCompletePdf(pdf + std::string(100, '\0')));

  EXPECT_FALSE(IsCompletePdf("%PDF-<html><script>alert(1)</script>" + pdf.substr(8))) << "no version";
  EXPECT_FALSE(IsCompletePdf("%PDF-1.4\n<html><script>alert(1)</script></html>")) << "no trailer";
  // An HTML page behind "%PDF-1.4" with a made-up trailer: the offset points at no cross-reference.
  EXPECT_FALSE(IsCompletePdf("%PDF-1.4\n<html><script>alert(1)</script></html>\nstartxref\n0\n%%EOF\n"));
  EXPECT_FALSE(IsCompletePdf("%PDF-1.4\n<html><body>" + std::string(200, 'x') +
                             "</body></html>\nstartxref\n100\n%%EOF\n"));
  EXPECT_FALSE(IsCompletePdf(pdf.substr(0, pdf.rfind("%%EOF")))) << "no %%EOF";
  EXPECT_FALSE(IsCompletePdf(pdf.substr(0, pdf.rfind("startxref")) + "%%EOF")) << "no startxref";
  EXPECT_FALSE(IsCompletePdf(pdf.substr(0, pdf.rfind("startxref")) + "startxref\nabc\n%%EOF")) << "no offset";
  EXPECT_FALSE(IsCompletePdf(pdf.substr(0, pdf.rfind("startxref")) + "startxref\n99999\n%%EOF"))
      << "an offset beyond the end";
  EXPECT_FALSE(IsCompletePdf(pdf.substr(0, pdf.size() / 2))) << "cut off during the upload";
  EXPECT_FALSE(IsCompletePdf(pdf + std::string(2000, ' '))) << "%%EOF not within the last 1024 bytes";
}

TEST(ProcedureUploads, SizeLabels) {
  EXPECT_EQ(SizeLabel(12, "de"), "12 Bytes");
  EXPECT_EQ(SizeLabel(830'000, "de"), "830 kB");
  EXPECT_EQ(SizeLabel(1'234'567, "de"), "1,2 MB");
  EXPECT_EQ(SizeLabel(1'234'567, "en"), "1.2 MB");
}

}  // namespace
}  // namespace mw::procedures
