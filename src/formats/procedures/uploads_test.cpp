// Uploads are recognised by their content: a PDF must start with %PDF, a ZIP is only an office document by name.
#include "formats/procedures/uploads.hpp"

#include <gtest/gtest.h>

#include <string>

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
  const std::string tail = "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n500\n%%EOF\n";
  const std::string head = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>";
  EXPECT_TRUE(IsCompletePdf(head, tail, 1000));
  EXPECT_TRUE(IsCompletePdf("%PDF-2.0\n", "startxref\r\n17\r\n%%EOF", 100));
  EXPECT_FALSE(IsCompletePdf("%PDF-<html><script>alert(1)</script>", tail, 1000)) << "no version";
  EXPECT_FALSE(IsCompletePdf("%PDF-1.4\n<html>", "</html>", 1000)) << "no trailer";
  EXPECT_FALSE(IsCompletePdf(head, "startxref\n500\n", 1000)) << "no %%EOF";
  EXPECT_FALSE(IsCompletePdf(head, "%%EOF", 1000)) << "no startxref";
  EXPECT_FALSE(IsCompletePdf(head, "startxref\nabc\n%%EOF", 1000)) << "no offset";
  EXPECT_FALSE(IsCompletePdf(head, tail, 400)) << "an offset beyond the end";
  // Trailing bytes after %%EOF (some writers add a line or zeros) are fine within the last 1024 bytes.
  EXPECT_TRUE(IsCompletePdf(head, tail + std::string(100, '\0'), 1000));
  EXPECT_FALSE(IsCompletePdf(head, tail + std::string(2000, ' '), 3000));
}

TEST(ProcedureUploads, SizeLabels) {
  EXPECT_EQ(SizeLabel(12, "de"), "12 Bytes");
  EXPECT_EQ(SizeLabel(830'000, "de"), "830 kB");
  EXPECT_EQ(SizeLabel(1'234'567, "de"), "1,2 MB");
  EXPECT_EQ(SizeLabel(1'234'567, "en"), "1.2 MB");
}

}  // namespace
}  // namespace mw::procedures
