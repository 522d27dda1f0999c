// Uploaded files of the procedures format (documents and statement attachments): what we accept, recognised by the
// content and never by the name or the declared type. Pure, no I/O.
//
//   auto type = procedures::SniffUpload(first_bytes, "Antrag.pdf");   // "application/pdf", or nullopt
#pragma once

#include <cstdint>
#include <functional>
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

// Bytes needed from the end of a file to check that a PDF is complete (PDF readers look for %%EOF in the last 1024).
inline constexpr std::size_t kPdfTailBytes = 1024;

// Reads up to `count` bytes of the file being judged from byte `offset` (fewer at its end).
using ReadAt = std::function<std::string(std::uint64_t offset, std::size_t count)>;

// Whether a file that SniffUpload took for a PDF is one a PDF reader can open, judged by its first bytes `head` (as
// for SniffUpload), its last bytes `tail` (up to kPdfTailBytes), its `size` and the bytes at the offset the trailer
// names (`read_at`): "%PDF-" with a version ("1.4", "2.0"); at the end "startxref", a byte offset within the file and
// "%%EOF"; and at that offset the cross-reference section ("xref") or stream ("12 0 obj"), give or take a few bytes,
// as readers forgive. Refuses e.g. an HTML page that merely starts with "%PDF-" and ends with a made-up trailer, or a
// file cut off during the upload.
bool IsCompletePdf(std::string_view head, std::string_view tail, std::uint64_t size, const ReadAt& read_at);
// The same for a file held in memory.
bool IsCompletePdf(std::string_view bytes);
// The German message for a file that starts like a PDF but is not a complete one (field "file"/"attachments").
inline constexpr std::string_view kIncompletePdfMessage =
    "ist kein vollständiges PDF-Dokument: Es fehlen die Angaben, mit denen ein PDF-Programm die Datei öffnet "
    "(„startxref“, „%%EOF“ und das Verzeichnis „xref“, auf das sie zeigen). Bitte speichern oder exportieren Sie die "
    "Datei erneut als PDF.";

// A file name safe for Content-Disposition and display: the last path component; control characters, quotes,
// backslashes, slashes and invisible or direction-changing characters (zero-width spaces and joiners, bidi marks,
// embeddings, overrides and isolates, the byte order mark …, which can make "rechnung<U+202E>fdp.exe" look like
// "rechnungexe.pdf") removed; at most 200 bytes (cut at a UTF-8 boundary); "datei" if nothing is left.
std::string SafeFileName(std::string_view name);

// `name` (a SafeFileName) ending in the extension of `content_type` (as SniffUpload gives it): a file recognised as
// a PDF is stored and served as "….pdf" whatever it was called ("x.exe" → "x.pdf", "Plan" → "Plan.pdf"); a name
// that already has a right extension (".jpeg" for a JPEG too) stays. The last extension is replaced if it looks
// like one (1–5 letters and digits with a letter), else the extension is appended. At most 200 bytes.
std::string FileNameForType(std::string_view name, std::string_view content_type);

// "1,2 MB" / "1.2 MB", "830 kB", "12 Bytes" in `locale` ("de" or "en").
std::string SizeLabel(std::uint64_t bytes, std::string_view locale);

}  // namespace mw::procedures
