// Uploaded files of the procedures format (documents and statement attachments): what we accept, recognised by the
// content and never by the name or the declared type. Pure, no I/O.
//
//   auto type = procedures::SniffUpload(first_bytes, "Antrag.pdf");   // "application/pdf", or nullopt
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mw::procedures {

// Bytes needed from the start of a file to recognise it.
inline constexpr std::size_t kSniffBytes = 4096;

// The content type of a file whose first bytes are `head` (at least min(size, kSniffBytes) of them), or nullopt for
// anything not accepted. Accepted: PDF ("%PDF-"), PNG, JPEG, OpenDocument and Office Open XML (a ZIP whose name
// ends .odt/.ods/.odg/.docx/.xlsx/.pptx — a ZIP is only accepted with one of these names, and gets that type),
// plain text (valid UTF-8 without NUL bytes, name ending .txt or .csv). SVG, HTML and executables are refused.
std::optional<std::string> SniffUpload(std::string_view head, std::string_view filename);

// A file name safe for Content-Disposition and display: the last path component, control characters, quotes,
// backslashes and slashes removed, at most 200 bytes (cut at a UTF-8 boundary), "datei" if nothing is left.
std::string SafeFileName(std::string_view name);

// "1,2 MB" / "1.2 MB", "830 kB", "12 Bytes" in `locale` ("de" or "en").
std::string SizeLabel(std::uint64_t bytes, std::string_view locale);

}  // namespace mw::procedures
