// PDFs rendered for requests (the receipt of a statement, the published result of a procedure): each is kept in this
// process by a fingerprint of everything it shows, so that it is rendered once per change and not once per request,
// and at most kPdfRenderSlots renders run at once; a request that finds every slot taken gets kBusy (the handler
// answers 503 with Retry-After) instead of waiting in an unbounded queue of CPU-bound work.
//
//   PdfFingerprint key("result");
//   key.Add(visitor.locale); for (const auto& cell : cells) key.Add(cell);
//   auto pdf = procedures::RenderedPdf(key.Hex(), [&] { return TablePdf(title, subtitle, columns, cells); });
//   if (pdf.status == PdfStatus::kBusy) return PdfBusyResponse(...);
//
// Contract: the key must change whenever anything the PDF shows changes — it is built from the very data read from
// the database for this request, so a change by any server process (PostgreSQL) shows at the next request without
// anyone telling the cache. Entries are evicted least recently used beyond kMaxCachedPdfBytes. Thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mw::procedures {

inline constexpr int kPdfRenderSlots = 2;
inline constexpr std::size_t kMaxCachedPdfBytes = 64 * 1024 * 1024;
inline constexpr int kPdfRetryAfterSeconds = 5;

// A SHA-256 over length-prefixed parts: distinct sequences of parts give distinct keys.
class PdfFingerprint {
 public:
  explicit PdfFingerprint(std::string_view kind);
  PdfFingerprint& Add(std::string_view part);
  std::string Hex() const;

 private:
  std::string buffer_;
};

enum class PdfStatus { kReady, kBusy, kFailed };
struct PdfResult {
  PdfStatus status = PdfStatus::kFailed;
  std::shared_ptr<const std::string> bytes;  // set when kReady
};

// The kept PDF of `key`, or the one `render` makes in a free slot (then kept); kBusy if no slot is free, kFailed if
// `render` gave nullopt (not kept).
PdfResult RenderedPdf(const std::string& key, const std::function<std::optional<std::string>()>& render);

// For tests: the number of render slots (kPdfRenderSlots by default; 0 makes every render kBusy), and dropping every
// kept PDF of this process.
void SetPdfRenderSlotsForTesting(int slots);
void ForgetPdfsForTesting();

}  // namespace mw::procedures
