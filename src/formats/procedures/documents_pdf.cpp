#include "formats/procedures/documents_pdf.hpp"

#include <cstdio>

namespace mw::procedures {
namespace {

// UTF-8 to a PDF literal string in WinAnsiEncoding (Latin-1 for the characters we use), with (, ) and \ escaped.
std::string PdfString(const std::string& utf8) {
  std::string out = "(";
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    auto byte = static_cast<unsigned char>(utf8[i]);
    unsigned code = byte;
    if (byte >= 0x80) {
      if ((byte & 0xE0) == 0xC0 && i + 1 < utf8.size()) {
        code = ((byte & 0x1F) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F);
        i += 1;
      } else {
        std::size_t extra = (byte & 0xF0) == 0xE0 ? 2 : 3;
        i += extra;
        code = '?';
      }
      if (code > 0xFF) code = '?';
    }
    if (code == '(' || code == ')' || code == '\\') out += '\\';
    if (code < 0x20) code = ' ';
    out += static_cast<char>(code);
  }
  return out + ")";
}

}  // namespace

std::string MinimalPdf(const std::vector<std::string>& lines) {
  std::string content = "BT\n/F1 16 Tf\n56 780 Td\n20 TL\n";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i == 1) content += "/F1 11 Tf\n16 TL\n";
    content += PdfString(lines[i]) + " Tj T*\n";
  }
  content += "ET\n";
  std::vector<std::string> objects{
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 "
      "R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
  };
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace mw::procedures
