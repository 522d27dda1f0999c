#include "formats/procedures/document_store.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "formats/procedures/uploads.hpp"

namespace mw::procedures {

// From store.hpp (not included: its Status would clash with the Result alias used here).
void TouchProcedurePages(db::Tx& tx, std::int64_t procedure_id);

namespace {

constexpr std::string_view kVersionColumns =
    "v.id, v.document_id, v.number, v.filename, v.content_type, v.size, v.sha256, v.uploaded_at, v.uploaded_by, "
    "v.note, v.superseded_public";

DocumentVersion VersionFrom(const db::Row& row, std::size_t first) {
  return DocumentVersion{.id = row.Int(first),
                         .document_id = row.Int(first + 1),
                         .number = row.Int(first + 2),
                         .filename = row.Text(first + 3),
                         .content_type = row.Text(first + 4),
                         .size = static_cast<std::uint64_t>(row.Int(first + 5)),
                         .sha256 = row.Text(first + 6),
                         .uploaded_at = row.Int(first + 7),
                         .uploaded_by = row.OptInt(first + 8),
                         .note = row.Text(first + 9),
                         .superseded_public = row.Int(first + 10) != 0};
}

// Document columns d.* (7) followed by the current version's columns.
const std::string& DocumentSelect() {
  static const std::string sql =
      "SELECT d.id, d.procedure_id, d.chapter_id, d.title, d.current_version, d.removed_at, 0, " +
      std::string(kVersionColumns) +
      " FROM procedure_document d JOIN procedure_document_version v ON v.document_id = d.id AND v.number = "
      "d.current_version ";
  return sql;
}

Document DocumentFrom(const db::Row& row) {
  return Document{.id = row.Int(0),
                  .procedure_id = row.Int(1),
                  .chapter_id = row.Int(2),
                  .title = row.Text(3),
                  .current_version = row.Int(4),
                  .removed_at = row.OptInt(5),
                  .current = VersionFrom(row, 7)};
}

DocumentChapter ChapterFrom(const db::Row& row) {
  return DocumentChapter{.id = row.Int(0), .procedure_id = row.Int(1), .title = row.Text(2), .position = row.Int(3)};
}

}  // namespace

void Sha256Stream::Update(std::string_view bytes) {
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256Stream::HexDigest() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

std::vector<DocumentChapter> ChaptersOf(db::Tx& tx, std::int64_t procedure_id) {
  std::vector<DocumentChapter> out;
  for (const auto& row : tx.Query("SELECT id, procedure_id, title, position FROM procedure_document_chapter "
                                  "WHERE procedure_id = ? ORDER BY position, id",
                                  {procedure_id})) {
    out.push_back(ChapterFrom(row));
  }
  return out;
}

std::optional<DocumentChapter> FindChapter(db::Tx& tx, std::int64_t chapter_id) {
  auto row = tx.QueryOne("SELECT id, procedure_id, title, position FROM procedure_document_chapter WHERE id = ?",
                         {chapter_id});
  if (!row) return std::nullopt;
  return ChapterFrom(*row);
}

DocumentChapter EnsureChapter(db::Tx& tx, std::int64_t procedure_id, const std::string& title, db::UnixSeconds now) {
  auto existing = tx.QueryOne(
      "SELECT id, procedure_id, title, position FROM procedure_document_chapter WHERE procedure_id = ? AND title = ? "
      "ORDER BY id LIMIT 1",
      {procedure_id, title});
  if (existing) return ChapterFrom(*existing);
  auto position = tx.QueryOne(
      "SELECT COALESCE(MAX(position), 0) + 1 FROM procedure_document_chapter WHERE procedure_id = ?", {procedure_id});
  auto row = tx.QueryOne(
      "INSERT INTO procedure_document_chapter (procedure_id, title, position, created_at) VALUES (?, ?, ?, ?) "
      "RETURNING id, procedure_id, title, position",
      {procedure_id, title, position->Int(0), now});
  TouchProcedurePages(tx, procedure_id);
  return ChapterFrom(*row);
}

bool RenameChapter(db::Tx& tx, std::int64_t chapter_id, const std::string& title) {
  auto row = tx.QueryOne("UPDATE procedure_document_chapter SET title = ? WHERE id = ? RETURNING procedure_id",
                         {title, chapter_id});
  if (row) TouchProcedurePages(tx, row->Int(0));
  return row.has_value();
}

std::vector<Document> DocumentsOf(db::Tx& tx, std::int64_t procedure_id, bool include_removed) {
  std::string sql = DocumentSelect() +
                    "JOIN procedure_document_chapter c ON c.id = d.chapter_id WHERE d.procedure_id = ?" +
                    (include_removed ? "" : " AND d.removed_at IS NULL") + " ORDER BY c.position, c.id, d.id";
  std::vector<Document> out;
  for (const auto& row : tx.Query(sql, {procedure_id})) out.push_back(DocumentFrom(row));
  return out;
}

std::optional<Document> FindDocument(db::Tx& tx, std::int64_t document_id) {
  auto row = tx.QueryOne(DocumentSelect() + "WHERE d.id = ?", {document_id});
  if (!row) return std::nullopt;
  return DocumentFrom(*row);
}

std::vector<DocumentVersion> VersionsOf(db::Tx& tx, std::int64_t document_id) {
  std::vector<DocumentVersion> out;
  for (const auto& row : tx.Query("SELECT " + std::string(kVersionColumns) +
                                      " FROM procedure_document_version v WHERE v.document_id = ? ORDER BY v.number "
                                      "DESC",
                                  {document_id})) {
    out.push_back(VersionFrom(row, 0));
  }
  return out;
}

std::optional<DocumentVersion> FindVersion(db::Tx& tx, std::int64_t document_id, std::int64_t number) {
  auto row = tx.QueryOne("SELECT " + std::string(kVersionColumns) +
                             " FROM procedure_document_version v WHERE v.document_id = ? AND v.number = ?",
                         {document_id, number});
  if (!row) return std::nullopt;
  return VersionFrom(*row, 0);
}

std::uint64_t StoredBytes(db::Tx& tx, std::int64_t procedure_id) {
  auto row = tx.QueryOne(
      "SELECT CAST(COALESCE(SUM(v.size), 0) AS BIGINT) FROM procedure_document_version v JOIN procedure_document d ON d.id = "
      "v.document_id WHERE d.procedure_id = ?",
      {procedure_id});
  return static_cast<std::uint64_t>(row->Int(0));
}

bool SetRemoved(db::Tx& tx, std::int64_t document_id, bool removed, std::optional<std::int64_t> by,
                db::UnixSeconds now) {
  auto row = removed ? tx.QueryOne(
                           "UPDATE procedure_document SET removed_at = ?, removed_by = ?, updated_at = ? "
                           "WHERE id = ? AND removed_at IS NULL RETURNING procedure_id",
                           {now, by, now, document_id})
                     : tx.QueryOne(
                           "UPDATE procedure_document SET removed_at = NULL, removed_by = NULL, updated_at = ? "
                           "WHERE id = ? AND removed_at IS NOT NULL RETURNING procedure_id",
                           {now, document_id});
  if (row) TouchProcedurePages(tx, row->Int(0));
  return row.has_value();
}

bool SetSupersededPublic(db::Tx& tx, std::int64_t document_id, std::int64_t number, bool is_public) {
  return tx.Exec("UPDATE procedure_document_version SET superseded_public = ? WHERE document_id = ? AND number = ?",
                 {is_public ? 1 : 0, document_id, number}) > 0;
}

bool IsPublicVersion(const Document& document, const DocumentVersion& version) {
  return version.number == document.current_version || version.superseded_public;
}

ByteSource FileSource(const std::filesystem::path& path) {
  auto stream = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (!*stream) throw std::runtime_error("cannot open upload " + path.string());
  return [stream](char* buffer, std::size_t max) -> std::size_t {
    stream->read(buffer, static_cast<std::streamsize>(max));
    if (stream->bad()) throw std::runtime_error("cannot read upload");
    return static_cast<std::size_t>(stream->gcount());
  };
}

ByteSource StringSource(std::string bytes) {
  auto data = std::make_shared<std::string>(std::move(bytes));
  auto offset = std::make_shared<std::size_t>(0);
  return [data, offset](char* buffer, std::size_t max) -> std::size_t {
    std::size_t n = std::min(max, data->size() - *offset);
    data->copy(buffer, n, *offset);
    *offset += n;
    return n;
  };
}

Result<UploadFacts> CheckUpload(const std::filesystem::path& path, std::string_view client_filename) {
  UploadFacts facts{.filename = SafeFileName(client_filename)};
  ByteSource source = FileSource(path);
  std::string buffer(kChunkBytes, '\0');
  std::string head;
  std::string tail;  // the last kPdfTailBytes
  Sha256Stream hash;
  while (std::size_t n = source(buffer.data(), buffer.size())) {
    std::string_view piece(buffer.data(), n);
    if (head.size() < kSniffBytes) head.append(piece.substr(0, kSniffBytes - head.size()));
    tail.append(piece.substr(piece.size() > kPdfTailBytes ? piece.size() - kPdfTailBytes : 0));
    if (tail.size() > kPdfTailBytes) tail.erase(0, tail.size() - kPdfTailBytes);
    hash.Update(piece);
    facts.size += n;
    if (facts.size > kMaxDocumentBytes) {
      return Fail(ErrorKind::kTooLarge, "Die Datei ist zu groß: höchstens 100 MB je Datei.", "file");
    }
  }
  if (facts.size == 0) return Fail(ErrorKind::kInvalid, "Die Datei ist leer.", "file");
  auto type = SniffUpload(head, facts.filename);
  if (!type) {
    return Fail(ErrorKind::kInvalid,
                "Dieses Dateiformat wird nicht angenommen. Erlaubt sind PDF (die Datei muss mit %PDF beginnen), PNG, "
                "JPEG, OpenDocument, Office-Dokumente (docx, xlsx, pptx) sowie Text und CSV.",
                "file");
  }
  auto read_at = [&path](std::uint64_t offset, std::size_t count) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    std::string bytes(count, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(count));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
  };
  if (*type == "application/pdf" && !IsCompletePdf(head, tail, facts.size, read_at)) {
    return Fail(ErrorKind::kInvalid, "Die Datei " + std::string(kIncompletePdfMessage), "file");
  }
  facts.content_type = *type;
  facts.filename = FileNameForType(facts.filename, facts.content_type);
  facts.sha256 = hash.HexDigest();
  return facts;
}

Status CheckProcedureTotal(std::uint64_t stored, std::uint64_t size, std::uint64_t limit) {
  if (stored + size > limit) {
    return Fail(ErrorKind::kTooLarge,
                "Für dieses Verfahren ist kein Speicherplatz mehr frei (höchstens 2 GB für alle Dokumente und "
                "Fassungen zusammen).",
                "file");
  }
  return Ok{};
}

Result<StoredVersion> AddVersion(db::Tx& tx, const NewVersion& input, const ByteSource& source, db::UnixSeconds now) {
  std::int64_t document_id = 0;
  std::int64_t number = 1;
  if (input.document_id) {
    auto row = tx.QueryOne("SELECT current_version, procedure_id FROM procedure_document WHERE id = ?",
                           {*input.document_id});
    if (!row || row->Int(1) != input.procedure_id) {
      return Fail(ErrorKind::kNotFound, "Dieses Dokument gibt es in diesem Verfahren nicht.", "document");
    }
    auto last = tx.QueryOne("SELECT COALESCE(MAX(number), 0) FROM procedure_document_version WHERE document_id = ?",
                            {*input.document_id});
    document_id = *input.document_id;
    number = last->Int(0) + 1;
  } else {
    auto chapter = FindChapter(tx, input.chapter_id);
    if (!chapter || chapter->procedure_id != input.procedure_id) {
      return Fail(ErrorKind::kNotFound, "Dieses Kapitel gibt es in diesem Verfahren nicht.", "chapter");
    }
    document_id = tx.QueryOne("INSERT INTO procedure_document (procedure_id, chapter_id, title, current_version, "
                              "created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?) RETURNING id",
                              {input.procedure_id, input.chapter_id, input.title, now, now})
                      ->Int(0);
  }
  const auto& facts = input.facts;
  std::int64_t version_id =
      tx.QueryOne("INSERT INTO procedure_document_version (document_id, number, filename, content_type, size, sha256, "
                  "uploaded_at, uploaded_by, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {document_id, number, facts.filename, facts.content_type, static_cast<std::int64_t>(facts.size),
                   facts.sha256, now, input.uploaded_by, input.note})
          ->Int(0);
  std::string buffer(kChunkBytes, '\0');
  Sha256Stream hash;
  std::uint64_t size = 0;
  std::int64_t seq = 0;
  for (;;) {
    // Fill a whole chunk (a source may return less than asked before its end).
    std::size_t filled = 0;
    while (filled < buffer.size()) {
      std::size_t n = source(buffer.data() + filled, buffer.size() - filled);
      if (n == 0) break;
      filled += n;
    }
    if (filled == 0) break;
    std::string_view piece(buffer.data(), filled);
    hash.Update(piece);
    size += filled;
    tx.Exec("INSERT INTO procedure_document_chunk (version_id, seq, bytes) VALUES (?, ?, ?)",
            {version_id, seq++, db::Blob{std::string(piece)}});
    if (filled < buffer.size()) break;
  }
  if (size != facts.size || hash.HexDigest() != facts.sha256) {
    // The checked file changed under us: unexpected, and the rows written above must be rolled back.
    throw std::runtime_error("document bytes differ from the checked upload");
  }
  if (input.document_id && !input.title.empty()) {
    tx.Exec("UPDATE procedure_document SET current_version = ?, updated_at = ?, title = ? WHERE id = ?",
            {number, now, input.title, document_id});
  } else {
    tx.Exec("UPDATE procedure_document SET current_version = ?, updated_at = ? WHERE id = ?", {number, now, document_id});
  }
  TouchProcedurePages(tx, input.procedure_id);
  auto document = FindDocument(tx, document_id);
  return StoredVersion{*document, document->current};
}

void ReadChunks(db::Tx& tx, std::int64_t version_id, const std::function<void(std::string_view)>& sink) {
  auto count = tx.QueryOne("SELECT COUNT(*) FROM procedure_document_chunk WHERE version_id = ?", {version_id});
  for (std::int64_t seq = 0; seq < count->Int(0); ++seq) {
    auto row = tx.QueryOne("SELECT bytes FROM procedure_document_chunk WHERE version_id = ? AND seq = ?",
                           {version_id, seq});
    if (!row) throw std::runtime_error("document chunk missing");
    std::string bytes = row->Bytes(0);
    sink(bytes);
  }
}

void RecordCheck(db::Tx& tx, const DocumentCheck& check) {
  tx.Exec("INSERT INTO procedure_document_check (document_id, version, checked_at, ok, http_status, milliseconds, "
          "sha256_match, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {check.document_id, check.version, check.checked_at, check.ok, check.http_status, check.milliseconds,
           check.sha256_match, check.error});
}

std::vector<DocumentCheck> ChecksOf(db::Tx& tx, std::int64_t procedure_id) {
  std::vector<DocumentCheck> out;
  for (const auto& row : tx.Query(
           "SELECT k.document_id, k.version, k.checked_at, k.ok, k.http_status, k.milliseconds, k.sha256_match, "
           "k.error FROM procedure_document_check k JOIN procedure_document d ON d.id = k.document_id "
           "WHERE d.procedure_id = ? ORDER BY k.document_id, k.checked_at, k.id",
           {procedure_id})) {
    out.push_back(DocumentCheck{.document_id = row.Int(0),
                                .version = row.Int(1),
                                .checked_at = row.Int(2),
                                .ok = row.Int(3) != 0,
                                .http_status = static_cast<int>(row.Int(4)),
                                .milliseconds = row.Int(5),
                                .sha256_match = row.Int(6) != 0,
                                .error = row.Text(7)});
  }
  return out;
}

std::vector<CheckTarget> DocumentsToCheck(db::Tx& tx, const std::string& today_iso) {
  std::vector<CheckTarget> out;
  for (const auto& row : tx.Query(
           "SELECT d.id, d.current_version, v.sha256, t.slug, p.id FROM procedure_document d "
           "JOIN procedure p ON p.id = d.procedure_id JOIN tenant t ON t.id = p.tenant_id "
           "JOIN procedure_document_version v ON v.document_id = d.id AND v.number = d.current_version "
           "WHERE d.removed_at IS NULL AND p.phase = 'published' AND p.display_start <= ? AND p.objection_end >= ? "
           "ORDER BY d.id",
           {today_iso, today_iso})) {
    out.push_back(CheckTarget{.document_id = row.Int(0),
                              .version = row.Int(1),
                              .sha256 = row.Text(2),
                              .path = "/" + row.Text(3) + "/verfahren/" + std::to_string(row.Int(4)) +
                                      "/dokumente/" + std::to_string(row.Int(0))});
  }
  return out;
}

std::string LoadOrigin(db::Tx& tx) {
  auto row = tx.QueryOne("SELECT base_url FROM procedure_document_origin WHERE id = 1", {});
  return row ? row->Text(0) : std::string();
}

void SaveOrigin(db::Tx& tx, const std::string& base_url, db::UnixSeconds now) {
  tx.Exec("INSERT INTO procedure_document_origin (id, base_url, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO "
          "UPDATE SET base_url = excluded.base_url, updated_at = excluded.updated_at",
          {base_url, now});
}

}  // namespace mw::procedures
