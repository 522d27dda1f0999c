// The receipt (Eingangsbestätigung) of a statement as a PDF: A4, the authority as sender, the title, the facts of the
// receipt as label/value rows (reference, received at, channel, name, address, the referenced document, SHA-256 …),
// an optional note (e.g. why it is flagged late), the attachments as a list (name, size, SHA-256) and the whole text
// of the statement, over as many pages as it needs. Written with cairo and Pango ("DejaVu Sans", so that „ä ö ü ß § “
// render) into memory; no file, no database. The caller gives every string already translated.
//
// A tagged PDF (PDF/UA's structure, as far as cairo 1.16 writes it): the structure tree Document › P (sender), H1
// (title), P (procedure), Table › TR › TH + TD (the fields), P (note), H2 + L › LI › Lbl + LBody (attachments), H2 + P
// per paragraph (the text); /MarkInfo << /Marked true >>, the title in the document information and shown as the
// window title (/ViewerPreferences << /DisplayDocTitle true >>), and the document's language (/Lang), which cairo has
// no call for: both are added to the catalog by an incremental update appended to cairo's file (WithCatalogEntries).
// The footer on every page is not part of the structure (cairo 1.16 cannot mark it as an artifact).
//
//   procedures::ReceiptDocument receipt{.sender = "Stadt Grimma", .title = "Eingangsbestätigung",
//                                       .subtitle = procedure.title,
//                                       .fields = {{"Aktenzeichen", "2026-00042"}, {"SHA-256", statement.sha256}},
//                                       .text_heading = "Ihre Stellungnahme", .text = statement.text};
//   auto pdf = procedures::ReceiptPdf(receipt);   // "%PDF-1.5 …", or kUnavailable if cairo failed
#pragma once

#include <optional>
#include <string>
#include <string_view>
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
  std::string attachments_heading;  // "Anlagen"; the list is left out when there are none
  struct Attachment {
    std::string name;
    std::string details;  // size and SHA-256, one per line
  };
  std::vector<Attachment> attachments;
  std::string language = "de";  // BCP 47 tag of the document's text (/Lang)
};

// The PDF bytes of `receipt`. kUnavailable (with cairo's status) if cairo could not write it — never a half document.
Result<std::string> ReceiptPdf(const ReceiptDocument& receipt);

// `pdf` (a complete file with a classic cross-reference table, as cairo writes it) with `entries` (PDF source, e.g.
// "/Lang (de)") added to its catalog by an incremental update: the catalog object again with the entries, a
// cross-reference section for it and a trailer pointing to the previous one (PDF 1.7, 7.5.6). The bytes before stay
// as they were. nullopt if the file's trailer or catalog cannot be found.
std::optional<std::string> WithCatalogEntries(std::string pdf, std::string_view entries);

}  // namespace mw::procedures
