// Documents of formal procedures in the database (migration 0203): chapters, documents, their immutable versions and
// the bytes of each version in chunks of kChunkBytes, so that every server process of an installation serves them
// without a shared disk and no row or buffer grows with the file. Availability checks of the public downloads live
// here too. Every function takes the caller's transaction; writes belong in db.Write.
//
//   auto stored = db.Write([&](db::Tx& tx) {
//     return procedures::AddVersion(tx, {.procedure_id = 12, .chapter_id = chapter.id, .title = "Antrag", ...},
//                                   procedures::FileSource(upload.path), now);
//   });
//   procedures::ReadChunks(tx, stored->version.id, [&](std::string_view bytes) { out.write(...); });
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

// Bytes per stored chunk (one row of procedure_document_chunk).
inline constexpr std::size_t kChunkBytes = 1024 * 1024;
// Largest single file.
inline constexpr std::uint64_t kMaxDocumentBytes = 100ull * 1024 * 1024;
// Largest total of all versions of all documents of one procedure.
inline constexpr std::uint64_t kMaxProcedureBytes = 2ull * 1024 * 1024 * 1024;
inline constexpr std::size_t kMaxDocumentTitleChars = 300;
inline constexpr std::size_t kMaxChapterTitleChars = 200;
inline constexpr std::size_t kMaxVersionNoteChars = 1000;

struct DocumentChapter {
  std::int64_t id = 0;
  std::int64_t procedure_id = 0;
  std::string title;
  std::int64_t position = 0;
};

struct DocumentVersion {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::int64_t number = 0;
  std::string filename;
  std::string content_type;
  std::uint64_t size = 0;
  std::string sha256;  // hex
  db::UnixSeconds uploaded_at = 0;
  std::optional<std::int64_t> uploaded_by;
  std::string note;
  // Whether this version stays public once a newer one replaces it (the editors' choice; default not).
  bool superseded_public = false;
};

struct Document {
  std::int64_t id = 0;
  std::int64_t procedure_id = 0;
  std::int64_t chapter_id = 0;
  std::string title;
  std::int64_t current_version = 0;
  std::optional<db::UnixSeconds> removed_at;
  DocumentVersion current;  // the version numbered current_version
};

// SHA-256 over bytes that arrive in pieces (hex digest as Sha256Hex gives).
class Sha256Stream {
 public:
  Sha256Stream() { crypto_hash_sha256_init(&state_); }
  void Update(std::string_view bytes);
  std::string HexDigest();  // once

 private:
  crypto_hash_sha256_state state_;
};

// Chapters of a procedure by position.
std::vector<DocumentChapter> ChaptersOf(db::Tx& tx, std::int64_t procedure_id);
std::optional<DocumentChapter> FindChapter(db::Tx& tx, std::int64_t chapter_id);
// A new chapter at the end; or the existing chapter of that exact title.
DocumentChapter EnsureChapter(db::Tx& tx, std::int64_t procedure_id, const std::string& title, db::UnixSeconds now);
bool RenameChapter(db::Tx& tx, std::int64_t chapter_id, const std::string& title);

// Documents of a procedure with their current version, by chapter position and then id; removed ones only with
// `include_removed`.
std::vector<Document> DocumentsOf(db::Tx& tx, std::int64_t procedure_id, bool include_removed);
std::optional<Document> FindDocument(db::Tx& tx, std::int64_t document_id);
// Every version of a document, newest first.
std::vector<DocumentVersion> VersionsOf(db::Tx& tx, std::int64_t document_id);
std::optional<DocumentVersion> FindVersion(db::Tx& tx, std::int64_t document_id, std::int64_t number);
// Sum of the sizes of all versions of all documents of a procedure.
std::uint64_t StoredBytes(db::Tx& tx, std::int64_t procedure_id);

// Takes a document off the public list (or back onto it). The versions and their bytes stay.
bool SetRemoved(db::Tx& tx, std::int64_t document_id, bool removed, std::optional<std::int64_t> by,
                db::UnixSeconds now);

// Whether a superseded version of the document stays public; false if there is no such version.
bool SetSupersededPublic(db::Tx& tx, std::int64_t document_id, std::int64_t number, bool is_public);
// Whether visitors may download `version` of `document` (not removed): the current version, or a superseded one the
// editors left public.
bool IsPublicVersion(const Document& document, const DocumentVersion& version);

// Where the bytes of a new version come from: fills `buffer` with up to `max` bytes and returns how many (0 at the
// end). Throws on a read error.
using ByteSource = std::function<std::size_t(char* buffer, std::size_t max)>;
ByteSource FileSource(const std::filesystem::path& path);
ByteSource StringSource(std::string bytes);

// A file checked by CheckUpload, ready to store.
struct UploadFacts {
  std::string filename;      // SafeFileName of the client's name
  std::string content_type;  // from SniffUpload
  std::uint64_t size = 0;
  std::string sha256;
};
// Reads `path` once (in chunks, memory bounded): sniffs the type, counts the size, computes the SHA-256. Refuses
// (field "file", German message) an empty file (kInvalid), one over kMaxDocumentBytes (kTooLarge) and any type that
// SniffUpload does not accept (kInvalid; e.g. HTML named .pdf, a PDF without "%PDF-").
Result<UploadFacts> CheckUpload(const std::filesystem::path& path, std::string_view client_filename);
// kTooLarge if `size` more bytes would take the procedure over kMaxProcedureBytes (`stored` already there).
Status CheckProcedureTotal(std::uint64_t stored, std::uint64_t size, std::uint64_t limit = kMaxProcedureBytes);

struct NewVersion {
  std::int64_t procedure_id = 0;
  std::optional<std::int64_t> document_id;  // nullopt: a new document in chapter_id with title
  std::int64_t chapter_id = 0;
  std::string title;
  UploadFacts facts;
  std::optional<std::int64_t> uploaded_by;
  std::string note;
};
struct StoredVersion {
  Document document;
  DocumentVersion version;
};
// Stores the bytes of `source` as the next version of the document (or a new document) and makes it the current one;
// a new title replaces the old one. kNotFound if the document or chapter does not belong to the procedure (nothing
// written). Throws if `source` does not yield exactly facts.size bytes with facts.sha256 (so Write rolls back).
Result<StoredVersion> AddVersion(db::Tx& tx, const NewVersion& input, const ByteSource& source, db::UnixSeconds now);

// Calls `sink` with the chunks of a version in order, one query per chunk so that at most one chunk is in memory.
void ReadChunks(db::Tx& tx, std::int64_t version_id, const std::function<void(std::string_view)>& sink);

// ---- availability ----

struct DocumentCheck {
  std::int64_t document_id = 0;
  std::int64_t version = 0;
  db::UnixSeconds checked_at = 0;
  bool ok = false;
  int http_status = 0;
  std::int64_t milliseconds = 0;
  bool sha256_match = false;
  std::string error;
};
void RecordCheck(db::Tx& tx, const DocumentCheck& check);
// Checks of the documents of a procedure in time order (document id, then time).
std::vector<DocumentCheck> ChecksOf(db::Tx& tx, std::int64_t procedure_id);

// A document the availability job must check: in a published procedure whose display has begun and whose
// objection period is not over on `today` (ISO date), not removed.
struct CheckTarget {
  std::int64_t document_id = 0;
  std::int64_t version = 0;
  std::string sha256;
  std::string path;  // "/grimma/verfahren/12/dokumente/7"
};
std::vector<CheckTarget> DocumentsToCheck(db::Tx& tx, const std::string& today_iso);

// The public base URL the checks use (written by each server process at start-up), or "".
std::string LoadOrigin(db::Tx& tx);
void SaveOrigin(db::Tx& tx, const std::string& base_url, db::UnixSeconds now);

}  // namespace mw::procedures
