// The receipt (Eingangsbestätigung) of a statement as a PDF: A4, the authority as sender, the title, the facts of the
// receipt as label/value rows (reference, received at, SHA-256 …), an optional note (e.g. why it is flagged late) and
// the whole text of the statement, over as many pages as it needs. Written with cairo and Pango ("DejaVu Sans", so
// that „ä ö ü ß § “ render) into memory; no file, no database. The caller gives every string already translated.
//
//   procedures::ReceiptDocument receipt{.sender = "Stadt Grimma", .title = "Eingangsbestätigung",
//                                       .subtitle = procedure.title,
//                                       .fields = {{"Aktenzeichen", "2026-00042"}, {"SHA-256", statement.sha256}},
//                                       .text_heading = "Ihre Stellungnahme", .text = statement.text};
//   auto pdf = procedures::ReceiptPdf(receipt);   // "%PDF-1.5 …", or kUnavailable if cairo failed
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "platform/core/result.hpp"

namespace mw::procedures {

struct ReceiptDocument {
  std::string sender;    // the tenant (authority) that received the statement
  std::string title;     // "Eingangsbestätigung"
  std::string subtitle;  // the procedure's title
  std::vector<std::pair<std::string, std::string>> fields;  // label, value
  std::string note;          // shown below the fields (e.g. the late flag's explanation); may be empty
  std::string text_heading;  // "Text Ihrer Stellungnahme"
  std::string text;          // the statement's text, in full
  std::string footer;        // small print at the bottom of every page, e.g. the portal and the date of printing
  std::string page_label;    // "Seite" / "Page": the footer adds "Seite 2"
};

// The PDF bytes of `receipt`. kUnavailable (with cairo's status) if cairo could not write it — never a half document.
Result<std::string> ReceiptPdf(const ReceiptDocument& receipt);

}  // namespace mw::procedures
