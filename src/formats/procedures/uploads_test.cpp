// Uploads are recognised by their content: a PDF must start with %PDF, a ZIP is only an office document by name.
#include "formats/procedures/uploads.hpp"

#include <gtest/gtest.h>

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

TEST(ProcedureUploads, SizeLabels) {
  EXPECT_EQ(SizeLabel(12, "de"), "12 Bytes");
  EXPECT_EQ(SizeLabel(830'000, "de"), "830 kB");
  EXPECT_EQ(SizeLabel(1'234'567, "de"), "1,2 MB");
  EXPECT_EQ(SizeLabel(1'234'567, "en"), "1.2 MB");
}

}  // namespace
}  // namespace mw::procedures
