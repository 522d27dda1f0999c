// Pure parts of the documents: the availability summary (gaps), the CSV, the demo PDF, the per-procedure limit.
#include "formats/procedures/availability.hpp"

#include <gtest/gtest.h>

#include "formats/procedures/documents_pdf.hpp"
#include "formats/procedures/uploads.hpp"

namespace mw::procedures {
namespace {

DocumentCheck Check(db::UnixSeconds at, bool ok) {
  return DocumentCheck{.document_id = 7, .version = 1, .checked_at = at, .ok = ok, .http_status = ok ? 200 : 503,
                       .sha256_match = ok};
}

TEST(DocumentAvailabilityTest, RegularChecksLeaveNoGap) {
  std::vector<DocumentCheck> checks;
  for (db::UnixSeconds at = 1000; at <= 10'000; at += 900) checks.push_back(Check(at, true));
  auto summary = Summarise(checks, 900, 500, 10'100);
  EXPECT_EQ(summary.checks, static_cast<int>(checks.size()));
  EXPECT_EQ(summary.failures, 0);
  EXPECT_EQ(summary.first, 1000);
  EXPECT_TRUE(summary.gaps.empty());
}

TEST(DocumentAvailabilityTest, FailuresAndMissingChecksAreGaps) {
  // ok at 1000, failures at 1900 and 2800, ok at 3700: no successful check for 2700 s > 2 * 900.
  std::vector<DocumentCheck> checks{Check(1000, true), Check(1900, false), Check(2800, false), Check(3700, true)};
  auto summary = Summarise(checks, 900, 1000, 4000);
  EXPECT_EQ(summary.failures, 2);
  ASSERT_EQ(summary.gaps.size(), 1u);
  EXPECT_EQ(summary.gaps[0].from, 1000);
  EXPECT_EQ(summary.gaps[0].to, 3700);
  // The job stopped: the time since the last check up to `until` is a gap too, and so is a late first check.
  auto stopped = Summarise({Check(5000, true)}, 900, 0, 10'000);
  ASSERT_EQ(stopped.gaps.size(), 2u);
  EXPECT_EQ(stopped.gaps[0].from, 0);
  EXPECT_EQ(stopped.gaps[1].to, 10'000);
  EXPECT_EQ(Summarise({}, 900, 0, 10'000).gaps.size(), 1u) << "no checks at all prove nothing";
}

TEST(DocumentAvailabilityTest, CsvHasEveryCheckAndQuotes) {
  auto check = Check(1'780'000'000, false);
  check.error = "HTTP 503, \"down\"";
  std::string csv = ChecksCsv({Check(1'780'000'000, true), check}, [](std::int64_t) { return "=Antrag, Teil 1"; });
  EXPECT_EQ(csv.rfind("document_id,document_title,version,checked_at,", 0), 0u);
  EXPECT_NE(csv.find("7,\"'=Antrag, Teil 1\",1,2026-05-28T20:26:40Z,1780000000,1,200,0,1,\r\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",0,503,0,0,\"HTTP 503, \"\"down\"\"\"\r\n"), std::string::npos) << csv;
}

TEST(DocumentAvailabilityTest, DemoPdfIsAcceptedAndItsCrossReferenceIsRight) {
  std::string pdf = MinimalPdf({"Schallimmissionsprognose", "Fassung 2 (korrigiert) – Prüfung"});
  EXPECT_EQ(SniffUpload(pdf.substr(0, kSniffBytes), "x.pdf"), "application/pdf");
  auto startxref = pdf.rfind("startxref\n");
  ASSERT_NE(startxref, std::string::npos);
  std::size_t xref = std::stoul(pdf.substr(startxref + 10));
  EXPECT_EQ(pdf.substr(xref, 5), "xref\n");
  // Every object offset in the table points at "N 0 obj".
  std::size_t entry = pdf.find("0000000000 65535 f \n", xref) + 20;
  for (int object = 1; object <= 5; ++object, entry += 20) {
    std::size_t offset = std::stoul(pdf.substr(entry, 10));
    EXPECT_EQ(pdf.substr(offset, std::to_string(object).size() + 6), std::to_string(object) + " 0 obj") << object;
  }
  EXPECT_NE(pdf.find("(Fassung 2 \\(korrigiert\\) ? Pr\xFC" "fung)"), std::string::npos);
}

TEST(DocumentAvailabilityTest, ProcedureTotalIsLimited) {
  EXPECT_TRUE(CheckProcedureTotal(10, 90, 100).has_value());
  auto over = CheckProcedureTotal(10, 91, 100);
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().kind, ErrorKind::kTooLarge);
}

}  // namespace
}  // namespace mw::procedures
