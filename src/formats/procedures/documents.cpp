// Documents of procedures: the editors' page (chapters, uploads, versions, taking documents off the public list), the
// public downloads, the JSON API, the availability job and its export, DocumentChapters for the public page.
// Storage: document_store.hpp; checks and summaries: availability.hpp; decisions: docs/procedures/documents.md.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "formats/procedures/availability.hpp"
#include "formats/procedures/document_store.hpp"
#include "formats/procedures/documents_pdf.hpp"
#include "formats/procedures/handlers.hpp"
#include "formats/procedures/uploads.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::procedures {
namespace {

using http::Method;
using http::Request;
using http::Response;
using site::Services;

// Route limits: one file plus a few short text fields.
constexpr std::uint64_t kUploadBodyLimit = kMaxDocumentBytes + 256 * 1024;
constexpr std::uint64_t kUploadFieldLimit = 4 * 1024;

std::string DocumentsPath(std::string_view tenant_slug, std::int64_t procedure_id) {
  return ProcedurePath(tenant_slug, procedure_id) + "/dokumente";
}
std::string DocumentHref(std::string_view tenant_slug, std::int64_t procedure_id, std::int64_t document_id) {
  return DocumentsPath(tenant_slug, procedure_id) + "/" + std::to_string(document_id);
}
std::string VersionHref(std::string_view tenant_slug, std::int64_t procedure_id, std::int64_t document_id,
                        std::int64_t number) {
  return DocumentHref(tenant_slug, procedure_id, document_id) + "/v/" + std::to_string(number);
}

std::string Text(const Services& services, std::string_view locale, std::string_view key,
                 const std::map<std::string, std::string>& args = {}) {
  return services.renderer.T(locale, "procedures.documents." + std::string(key), args);
}

// Trimmed text of at most `max` characters, or the German message for `field`.
Result<std::string> ShortText(std::string_view value, std::size_t max, bool required, std::string field,
                              std::string_view what, TextLines lines = TextLines::kSingle) {
  std::string text(Trim(value));
  // `what` is either the object of "Bitte geben Sie … an." ("einen Titel") or a subject ("Die Anmerkung").
  const bool is_subject = what.starts_with("D");
  if (auto valid = CheckText(text, field, is_subject ? what : std::string_view("Die Angabe"), lines); !valid) {
    return std::unexpected(valid.error());
  }
  if (required && text.empty()) return Fail(ErrorKind::kInvalid, "Bitte geben Sie " + std::string(what) + " an.", field);
  if (Utf8Length(text) > max) {
    return Fail(ErrorKind::kInvalid,
                std::string(what) + " ist zu lang (höchstens " + std::to_string(max) + " Zeichen).", field);
  }
  return text;
}

int StatusOf(const Error& error) { return site::StatusFor(error.kind) == 413 ? 413 : site::StatusFor(error.kind) == 404 ? 404 : 422; }

// ---- the per-process file cache of downloads ---------------------------------------------------------------------

// Versions are immutable, so a download is written once from its database chunks to a private file named by its
// SHA-256 and served from there by the server's file streaming (memory per download: one chunk). The directory is
// per user (0700, checked on every use), so that no other account on the machine can place a file in it.
std::optional<std::filesystem::path> CacheDir() {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("mitwirken-dokumente-" + std::to_string(::geteuid()));
  std::error_code ec;
  std::filesystem::create_directory(dir, ec);
  struct stat info {};
  if (::lstat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || info.st_uid != ::geteuid()) return std::nullopt;
  if ((info.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0) return std::nullopt;
  return dir;
}

std::optional<std::filesystem::path> CachedFile(Services& services, const DocumentVersion& version) {
  auto dir = CacheDir();
  if (!dir) return std::nullopt;
  std::filesystem::path path = *dir / (version.sha256 + "-" + std::to_string(version.size));
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == version.size) return path;
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::filesystem::path temporary = *dir / (version.sha256 + ".tmp" + std::to_string(random()));
  Sha256Stream hash;
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return std::nullopt;
    services.db.Read([&](db::Tx& tx) {
      ReadChunks(tx, version.id, [&](std::string_view bytes) {
        hash.Update(bytes);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      });
    });
    if (!out.flush()) {
      std::filesystem::remove(temporary, ec);
      return std::nullopt;
    }
  }
  if (hash.HexDigest() != version.sha256) {
    std::filesystem::remove(temporary, ec);
    throw std::runtime_error("stored document version " + std::to_string(version.id) + " fails its SHA-256");
  }
  std::filesystem::rename(temporary, path, ec);  // atomic; a concurrent writer wrote the same bytes
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return std::nullopt;
  }
  return path;
}

// Whether the bytes about to be served as a PDF are a complete one (IsCompletePdf), read from the cached file or the
// body: versions stored before that check existed are judged when they are served.
bool ServesCompletePdf(const Response& response, std::uint64_t size) {
  if (!response.file) return IsCompletePdf(response.body);
  std::ifstream in(*response.file, std::ios::binary);
  auto read_at = [&in](std::uint64_t offset, std::size_t count) {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    std::string bytes(count, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(count));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
  };
  return IsCompletePdf(read_at(0, kSniffBytes), read_at(size > kPdfTailBytes ? size - kPdfTailBytes : 0, kPdfTailBytes),
                       size, read_at);
}

// "filename*=UTF-8''…" (RFC 6266/8187) with an ASCII fallback. Shown in the browser ("inline") only for a complete
// PDF; every other file is downloaded ("attachment"), so that no upload is ever rendered as a page of the portal.
std::string ContentDisposition(const std::string& filename, std::string_view content_type, bool complete_pdf) {
  std::string safe = FileNameForType(SafeFileName(filename), content_type);
  std::string ascii;
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : safe) {
    auto byte = static_cast<unsigned char>(c);
    ascii += byte < 0x80 ? c : '_';
    if (std::isalnum(byte) || c == '.' || c == '-' || c == '_' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xf];
    }
  }
  return std::string(complete_pdf ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
         encoded;
}

// ---- shared lookups ------------------------------------------------------------------------------------------------

struct EditContext {
  Entered entered;
  Procedure procedure;
};
// The procedure of the path for an editor of its tenant, or the response (login, 404, 403).
std::variant<EditContext, Response> ForEditor(Services& services, const Request& request, bool back_office = false) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<Response>(&entered)) return std::move(*response);
  auto& found = std::get<Entered>(entered);
  auto procedure = ProcedureOf(services, found.visitor, request, found.tenant);
  if (auto* response = std::get_if<Response>(&procedure)) return std::move(*response);
  bool allowed = services.db.Read([&](db::Tx& tx) {
    return back_office ? MayWork(tx, *found.visitor.user(), found.tenant.id)
                       : MayEdit(tx, *found.visitor.user(), found.tenant.id);
  });
  if (!allowed) {
    return site::ErrorResponse(services, request, 403, Text(services, found.visitor.locale, "forbidden"));
  }
  return EditContext{std::move(found), std::move(std::get<Procedure>(procedure))};
}

std::vector<web::Crumb> Crumbs(const tenancy::Tenant& tenant, const Procedure& procedure, std::string title) {
  return {{tenant.name, "/" + tenant.slug, true},
          {procedure.title, ProcedurePath(tenant.slug, procedure.id), true},
          {std::move(title), ""}};
}

// ---- the editors' page ------------------------------------------------------------------------------------------

struct UploadForm {
  std::string document;  // "" (new) or a document id
  std::string title;
  std::string chapter;
  std::string new_chapter;
  std::string note;
};

Response ShowManage(Services& services, EditContext& context, const Request& request, const UploadForm& form,
                    const std::vector<Error>& errors, int status) {
  auto& visitor = context.entered.visitor;
  const auto& tenant = context.entered.tenant;
  const auto& procedure = context.procedure;
  const std::string& locale = visitor.locale;
  boost::json::object model{{"procedure", ProcedureModel(services, locale, procedure, tenant)}};
  boost::json::array chapters;
  boost::json::array chapter_options;
  boost::json::array document_options;
  services.db.Read([&](db::Tx& tx) {
    auto documents = DocumentsOf(tx, procedure.id, true);
    for (const auto& chapter : ChaptersOf(tx, procedure.id)) {
      boost::json::array items;
      for (const auto& document : documents) {
        if (document.chapter_id != chapter.id) continue;
        boost::json::array versions;
        for (const auto& version : VersionsOf(tx, document.id)) {
          versions.push_back(boost::json::object{
              {"number", version.number},
              {"href", VersionHref(tenant.slug, procedure.id, document.id, version.number)},
              {"filename", version.filename},
              {"size_label", SizeLabel(version.size, locale)},
              {"uploaded_at", site::FormatTime(version.uploaded_at, locale)},
              {"sha256", version.sha256},
              {"note", version.note},
              {"current", version.number == document.current_version},
              {"public", version.superseded_public},
              {"public_action", VersionHref(tenant.slug, procedure.id, document.id, version.number) + "/oeffentlich"},
              {"public_input_id",
               "oeffentlich-" + std::to_string(document.id) + "-" + std::to_string(version.number)},
          });
        }
        std::string base = DocumentHref(tenant.slug, procedure.id, document.id);
        items.push_back(boost::json::object{
            {"id", document.id},
            {"title", document.title},
            {"href", base},
            {"removed", document.removed_at.has_value()},
            {"remove_action", base + "/entfernen"},
            {"restore_action", base + "/wiederherstellen"},
            {"versions", std::move(versions)},
        });
        document_options.push_back(boost::json::object{
            {"id", std::to_string(document.id)},
            {"title", document.title},
            {"selected", form.document == std::to_string(document.id)}});
      }
      chapter_options.push_back(boost::json::object{{"id", std::to_string(chapter.id)},
                                                    {"title", chapter.title},
                                                    {"selected", form.chapter == std::to_string(chapter.id)}});
      chapters.push_back(boost::json::object{
          {"id", chapter.id},
          {"title", chapter.title},
          {"input_id", "kapitel-" + std::to_string(chapter.id)},
          {"rename_action", DocumentsPath(tenant.slug, procedure.id) + "/kapitel/" + std::to_string(chapter.id)},
          {"documents", std::move(items)},
      });
    }
  });
  model["chapters"] = std::move(chapters);
  model["chapter_options"] = std::move(chapter_options);
  model["document_options"] = std::move(document_options);
  model["action"] = DocumentsPath(tenant.slug, procedure.id);
  model["chapter_action"] = DocumentsPath(tenant.slug, procedure.id) + "/kapitel";
  model["availability_href"] = DocumentsPath(tenant.slug, procedure.id) + "/verfuegbarkeit";
  model["values"] = boost::json::object{{"document", form.document},
                                        {"title", form.title},
                                        {"new_chapter", form.new_chapter},
                                        {"note", form.note}};
  site::AddErrors(model, errors);
  std::string title = Text(services, locale, "title");
  return site::RenderPage(services, visitor, request, "procedures_documents_manage", std::move(model),
                          errors.empty() ? title : "Fehler: " + title,
                          {.status = status, .tenant = &tenant, .breadcrumbs = Crumbs(tenant, procedure, title)});
}

Response GetManage(Services& services, Request& request) {
  auto found = ForEditor(services, request);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  return ShowManage(services, std::get<EditContext>(found), request, {}, {}, 200);
}

// The uploaded file of field "file" (one non-empty part), or the error.
Result<const http::UploadedFile*> FilePart(const Request& request) {
  for (const auto& file : request.files) {
    if (file.field != "file") continue;
    if (file.size == 0) return Fail(ErrorKind::kInvalid, "Bitte wählen Sie eine Datei aus; sie darf nicht leer sein.", "file");
    if (file.size > kMaxDocumentBytes) {
      return Fail(ErrorKind::kTooLarge, "Die Datei ist zu groß: höchstens 100 MB je Datei.", "file");
    }
    return &file;
  }
  return Fail(ErrorKind::kInvalid, "Bitte wählen Sie eine Datei aus.", "file");
}

struct UploadRequest {
  std::int64_t procedure_id = 0;
  std::optional<std::int64_t> document_id;
  std::optional<std::int64_t> chapter_id;  // or chapter_title
  std::string chapter_title;
  std::string title;
  std::string note;
  const http::UploadedFile* file = nullptr;
};

// Checks, stores and audits one upload (page and API share it).
Result<StoredVersion> StoreUpload(Services& services, const UploadRequest& input, const accounts::User& user,
                                  std::int64_t tenant_id, const std::string& remote_ip) {
  auto facts = CheckUpload(input.file->path, input.file->filename);
  if (!facts) return std::unexpected(facts.error());
  db::UnixSeconds now = services.now();
  return services.db.Write([&](db::Tx& tx) -> Result<StoredVersion> {
    auto total = CheckProcedureTotal(StoredBytes(tx, input.procedure_id), facts->size);
    if (!total) return std::unexpected(total.error());
    NewVersion version{.procedure_id = input.procedure_id,
                       .document_id = input.document_id,
                       .title = input.title,
                       .facts = *facts,
                       .uploaded_by = user.id,
                       .note = input.note};
    if (!input.document_id) {
      if (input.chapter_id) {
        version.chapter_id = *input.chapter_id;
      } else {
        version.chapter_id = EnsureChapter(tx, input.procedure_id, input.chapter_title, now).id;
      }
    }
    auto stored = AddVersion(tx, version, FileSource(input.file->path), now);
    if (!stored) return stored;
    audit::Record(tx,
                  audit::Entry{.actor_user_id = user.id,
                               .actor_label = user.email,
                               .tenant_id = tenant_id,
                               .action = "procedure.document.upload",
                               .object = "procedure_document:" + std::to_string(stored->document.id),
                               .detail = "Verfahren " + std::to_string(input.procedure_id) + ", Fassung " +
                                         std::to_string(stored->version.number) + ", " + stored->version.filename +
                                         ", SHA-256 " + stored->version.sha256,
                               .remote_ip = remote_ip},
                  now);
    return stored;
  });
}

Response PostUpload(Services& services, Request& request) {
  auto found = ForEditor(services, request);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  auto& context = std::get<EditContext>(found);
  auto& visitor = context.entered.visitor;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  UploadForm form{request.Form("document"), request.Form("title"), request.Form("chapter"), request.Form("new_chapter"),
                  request.Form("note")};
  std::vector<Error> errors;
  UploadRequest input{.procedure_id = context.procedure.id};
  int status = 422;
  auto file = FilePart(request);
  if (!file) {
    errors.push_back(file.error());
    status = StatusOf(file.error());
  } else {
    input.file = *file;
  }
  if (!form.document.empty()) {
    input.document_id = ParseId(form.document);
    if (!input.document_id) errors.push_back({ErrorKind::kInvalid, "Bitte wählen Sie ein Dokument aus.", "document"});
  }
  auto title = ShortText(form.title, kMaxDocumentTitleChars, !input.document_id && form.document.empty(), "title",
                         "einen Titel");
  if (title) input.title = *title; else errors.push_back(title.error());
  auto note = ShortText(form.note, kMaxVersionNoteChars, false, "note", "Die Anmerkung", TextLines::kMulti);
  if (note) input.note = *note; else errors.push_back(note.error());
  if (form.document.empty()) {
    auto new_chapter = ShortText(form.new_chapter, kMaxChapterTitleChars, false, "new_chapter", "Der Kapiteltitel");
    if (!new_chapter) {
      errors.push_back(new_chapter.error());
    } else if (!new_chapter->empty()) {
      input.chapter_title = *new_chapter;
    } else if (auto chapter_id = ParseId(form.chapter)) {
      input.chapter_id = chapter_id;
    } else {
      errors.push_back({ErrorKind::kInvalid, "Bitte wählen Sie ein Kapitel oder legen Sie ein neues an.", "chapter"});
    }
  }
  if (errors.empty()) {
    auto stored = StoreUpload(services, input, *visitor.user(), context.entered.tenant.id, request.remote_ip);
    if (stored) {
      return site::RedirectWithFlash(visitor, DocumentsPath(context.entered.tenant.slug, context.procedure.id),
                                     "procedures.documents.flash_uploaded");
    }
    errors.push_back(stored.error());
    status = StatusOf(stored.error());
  }
  return ShowManage(services, context, request, form, errors, status);
}

Response PostChapter(Services& services, Request& request) {
  auto found = ForEditor(services, request);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  auto& context = std::get<EditContext>(found);
  auto& visitor = context.entered.visitor;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::optional<std::int64_t> chapter_id;
  if (!request.PathParam("chapter").empty()) {
    chapter_id = ParseId(request.PathParam("chapter"));
    if (!chapter_id) return site::ErrorResponse(services, request, 404, Text(services, visitor.locale, "not_found"));
  }
  auto title = ShortText(request.Form("title"), kMaxChapterTitleChars, true, chapter_id ? "kapitel-" + std::to_string(*chapter_id) : "chapter_title", "einen Kapiteltitel");
  if (!title) return ShowManage(services, context, request, {}, {title.error()}, 422);
  db::UnixSeconds now = services.now();
  bool done = services.db.Write([&](db::Tx& tx) {
    std::int64_t id = 0;
    if (chapter_id) {
      auto chapter = FindChapter(tx, *chapter_id);
      if (!chapter || chapter->procedure_id != context.procedure.id) return false;
      RenameChapter(tx, *chapter_id, *title);
      id = *chapter_id;
    } else {
      id = EnsureChapter(tx, context.procedure.id, *title, now).id;
    }
    audit::Record(tx,
                  audit::Entry{.actor_user_id = visitor.user()->id,
                               .actor_label = visitor.user()->email,
                               .tenant_id = context.entered.tenant.id,
                               .action = chapter_id ? "procedure.document.chapter_rename"
                                                    : "procedure.document.chapter_create",
                               .object = "procedure_document_chapter:" + std::to_string(id),
                               .detail = *title,
                               .remote_ip = request.remote_ip},
                  now);
    return true;
  });
  if (!done) return site::ErrorResponse(services, request, 404, Text(services, visitor.locale, "not_found"));
  return site::RedirectWithFlash(visitor, DocumentsPath(context.entered.tenant.slug, context.procedure.id),
                                 "procedures.documents.flash_chapter");
}

Response PostRemoved(Services& services, Request& request, bool removed) {
  auto found = ForEditor(services, request);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  auto& context = std::get<EditContext>(found);
  auto& visitor = context.entered.visitor;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto document_id = ParseId(request.PathParam("document"));
  db::UnixSeconds now = services.now();
  bool done = document_id && services.db.Write([&](db::Tx& tx) {
    auto document = FindDocument(tx, *document_id);
    if (!document || document->procedure_id != context.procedure.id) return false;
    if (SetRemoved(tx, document->id, removed, visitor.user()->id, now)) {
      audit::Record(tx,
                    audit::Entry{.actor_user_id = visitor.user()->id,
                                 .actor_label = visitor.user()->email,
                                 .tenant_id = context.entered.tenant.id,
                                 .action = removed ? "procedure.document.remove" : "procedure.document.restore",
                                 .object = "procedure_document:" + std::to_string(document->id),
                                 .detail = document->title,
                                 .remote_ip = request.remote_ip},
                    now);
    }
    return true;
  });
  if (!done) return site::ErrorResponse(services, request, 404, Text(services, visitor.locale, "not_found"));
  return site::RedirectWithFlash(visitor, DocumentsPath(context.entered.tenant.slug, context.procedure.id),
                                 removed ? "procedures.documents.flash_removed" : "procedures.documents.flash_restored");
}

// A superseded version made public or not public again (checkbox "public" on the editors' page).
Response PostVersionPublic(Services& services, Request& request) {
  auto found = ForEditor(services, request);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  auto& context = std::get<EditContext>(found);
  auto& visitor = context.entered.visitor;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto document_id = ParseId(request.PathParam("document"));
  auto number = ParseId(request.PathParam("version"));
  const bool make_public = request.Form("public") == "yes";
  db::UnixSeconds now = services.now();
  bool done = document_id && number && services.db.Write([&](db::Tx& tx) {
    auto document = FindDocument(tx, *document_id);
    if (!document || document->procedure_id != context.procedure.id || *number == document->current_version ||
        !SetSupersededPublic(tx, document->id, *number, make_public)) {
      return false;
    }
    audit::Record(tx,
                  audit::Entry{.actor_user_id = visitor.user()->id,
                               .actor_label = visitor.user()->email,
                               .tenant_id = context.entered.tenant.id,
                               .action = make_public ? "procedure.document.version_public"
                                                     : "procedure.document.version_private",
                               .object = "procedure_document:" + std::to_string(document->id),
                               .detail = "Fassung " + std::to_string(*number) + " von " + document->title,
                               .remote_ip = request.remote_ip},
                  now);
    return true;
  });
  if (!done) return site::ErrorResponse(services, request, 404, Text(services, visitor.locale, "not_found"));
  return site::RedirectWithFlash(visitor, DocumentsPath(context.entered.tenant.slug, context.procedure.id),
                                 make_public ? "procedures.documents.flash_version_public"
                                             : "procedures.documents.flash_version_private");
}

// ---- downloads ----------------------------------------------------------------------------------------------------

Response Download(Services& services, Request& request, bool by_version) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<Response>(&entered)) return std::move(*response);
  auto& found = std::get<Entered>(entered);
  auto procedure = ProcedureOf(services, found.visitor, request, found.tenant);
  if (auto* response = std::get_if<Response>(&procedure)) return std::move(*response);
  const auto& proc = std::get<Procedure>(procedure);
  auto document_id = ParseId(request.PathParam("document"));
  std::optional<std::int64_t> number;
  if (by_version) {
    number = ParseId(request.PathParam("version"));
    if (!number) document_id.reset();
  }
  struct Found {
    Document document;
    DocumentVersion version;
    bool back_office = false;
  };
  auto lookup = !document_id ? std::nullopt : services.db.Read([&](db::Tx& tx) -> std::optional<Found> {
    auto document = FindDocument(tx, *document_id);
    if (!document || document->procedure_id != proc.id) return std::nullopt;
    const accounts::User* user = found.visitor.user();
    bool back_office = user && MayWork(tx, *user, found.tenant.id);
    if (document->removed_at && !back_office) return std::nullopt;
    auto version = number ? FindVersion(tx, document->id, *number) : std::optional<DocumentVersion>(document->current);
    // A superseded version is public only if the editors left it so.
    if (!version || (!back_office && !IsPublicVersion(*document, *version))) return std::nullopt;
    return Found{std::move(*document), std::move(*version), back_office};
  });
  if (!lookup) {
    return site::ErrorResponse(services, request, 404, Text(services, found.visitor.locale, "not_found"));
  }
  const auto& version = lookup->version;
  const bool shared =
      IsPublic(proc.phase) && !lookup->document.removed_at && IsPublicVersion(lookup->document, lookup->version);
  Response response;
  std::string etag = "\"" + version.sha256 + "\"";
  response.SetHeader("ETag", etag);
  response.SetHeader("Cache-Control", !shared  ? "private, no-cache"
                                      : number ? "public, max-age=86400"
                                               : "public, no-cache");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  auto if_none_match = request.Header("if-none-match");
  if (if_none_match && (*if_none_match == etag || *if_none_match == "*")) {
    response.status = 304;
    return response;
  }
  response.SetHeader("Content-Type", version.content_type);
  auto file = CachedFile(services, version);
  if (file) {
    response.file = *file;
  } else {
    // No private cache directory: the whole file in memory (at most kMaxDocumentBytes).
    services.db.Read([&](db::Tx& tx) {
      ReadChunks(tx, version.id, [&](std::string_view bytes) { response.body.append(bytes); });
    });
  }
  bool complete_pdf = version.content_type == "application/pdf" && ServesCompletePdf(response, version.size);
  response.SetHeader("Content-Disposition", ContentDisposition(version.filename, version.content_type, complete_pdf));
  return response;
}

// ---- availability ------------------------------------------------------------------------------------------------

Response GetAvailability(Services& services, Request& request, bool csv) {
  auto found = ForEditor(services, request, /*back_office=*/true);
  if (auto* response = std::get_if<Response>(&found)) return std::move(*response);
  auto& context = std::get<EditContext>(found);
  auto& visitor = context.entered.visitor;
  const auto& tenant = context.entered.tenant;
  const auto& procedure = context.procedure;
  const std::string& locale = visitor.locale;
  auto [documents, checks] = services.db.Read([&](db::Tx& tx) {
    return std::make_pair(DocumentsOf(tx, procedure.id, true), ChecksOf(tx, procedure.id));
  });
  auto title_of = [&](std::int64_t id) {
    for (const auto& document : documents) {
      if (document.id == id) return document.title;
    }
    return std::string();
  };
  if (csv) {
    Response response;
    response.body = "\xEF\xBB\xBF" + ChecksCsv(checks, title_of);
    response.SetHeader("Content-Type", "text/csv; charset=utf-8");
    response.SetHeader("Content-Disposition", "attachment; filename=\"verfuegbarkeit-verfahren-" +
                                                  std::to_string(procedure.id) + ".csv\"");
    response.SetHeader("Cache-Control", "private, no-store");
    return response;
  }
  const db::UnixSeconds period_start = EndOfDay(law::AddDays(procedure.display_start, -1));
  const db::UnixSeconds period_end = EndOfDay(procedure.objection_end);
  const db::UnixSeconds until = std::min(services.now(), period_end);
  boost::json::array rows;
  for (const auto& document : documents) {
    std::vector<DocumentCheck> own;
    for (const auto& check : checks) {
      if (check.document_id == document.id) own.push_back(check);
    }
    auto summary = Summarise(own, kCheckIntervalSeconds, period_start, until);
    boost::json::array gaps;
    for (const auto& gap : summary.gaps) {
      gaps.push_back(boost::json::object{{"from", site::FormatTime(gap.from, locale)},
                                         {"to", site::FormatTime(gap.to, locale)}});
    }
    rows.push_back(boost::json::object{
        {"title", document.title},
        {"version", document.current_version},
        {"removed", document.removed_at.has_value()},
        {"checks", summary.checks},
        {"failures", summary.failures},
        {"first", summary.first ? site::FormatTime(*summary.first, locale) : std::string("–")},
        {"last", summary.last ? site::FormatTime(*summary.last, locale) : std::string("–")},
        {"complete", summary.checks > 0 && summary.gaps.empty()},
        {"gaps", std::move(gaps)},
    });
  }
  boost::json::object model{
      {"procedure", ProcedureModel(services, locale, procedure, tenant)},
      {"documents", std::move(rows)},
      {"interval_minutes", kCheckIntervalSeconds / 60},
      {"period_start", site::FormatTime(period_start, locale)},
      {"period_end", site::FormatTime(period_end, locale)},
      {"until", site::FormatTime(until, locale)},
      {"csv_href", DocumentsPath(tenant.slug, procedure.id) + "/verfuegbarkeit.csv"},
      {"documents_href", DocumentsPath(tenant.slug, procedure.id)},
  };
  std::string title = Text(services, locale, "availability.title");
  return site::RenderPage(services, visitor, request, "procedures_documents_availability", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = Crumbs(tenant, procedure, title)});
}

// ---- API --------------------------------------------------------------------------------------------------------

boost::json::object DocumentJson(const Services& services, const Document& document, const std::string& chapter,
                                 std::string_view tenant_slug) {
  std::string href = DocumentHref(tenant_slug, document.procedure_id, document.id);
  return boost::json::object{
      {"id", document.id},
      {"title", document.title},
      {"chapter", chapter},
      {"version", document.current_version},
      {"filename", document.current.filename},
      {"content_type", document.current.content_type},
      {"size", document.current.size},
      {"sha256", document.current.sha256},
      {"uploaded_at", document.current.uploaded_at},
      {"href", href},
      {"url", services.config.base_url + href},
  };
}

Response ApiList(Services& services, Request& request) {
  auto user = site::ApiUser(services, request);
  auto id = ParseId(request.PathParam("id"));
  auto found = id ? FindVisible(services, user ? &*user : nullptr, *id) : std::nullopt;
  if (!found) return ApiError({ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."});
  boost::json::array out;
  services.db.Read([&](db::Tx& tx) {
    auto chapters = ChaptersOf(tx, found->procedure.id);
    for (const auto& document : DocumentsOf(tx, found->procedure.id, false)) {
      std::string chapter;
      for (const auto& item : chapters) {
        if (item.id == document.chapter_id) chapter = item.title;
      }
      out.push_back(DocumentJson(services, document, chapter, found->tenant.slug));
    }
  });
  return Response::Json(200, boost::json::serialize(boost::json::object{{"documents", std::move(out)}}));
}

Response ApiUpload(Services& services, Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return ApiUnauthorized();
  auto id = ParseId(request.PathParam("id"));
  auto found = id ? FindVisible(services, &*user, *id) : std::nullopt;
  if (!found) return ApiError({ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."});
  if (!services.db.Read([&](db::Tx& tx) { return MayEdit(tx, *user, found->tenant.id); })) {
    return ApiError({ErrorKind::kForbidden, "Sie dürfen die Dokumente dieses Verfahrens nicht ändern."});
  }
  UploadRequest input{.procedure_id = found->procedure.id};
  std::vector<Error> errors;
  auto file = FilePart(request);
  if (!file) return ApiError(file.error());
  input.file = *file;
  if (!request.Form("document").empty()) {
    input.document_id = ParseId(request.Form("document"));
    if (!input.document_id) errors.push_back({ErrorKind::kInvalid, "Die Dokumentnummer ist ungültig.", "document"});
  }
  auto title = ShortText(request.Form("title"), kMaxDocumentTitleChars, !input.document_id, "title", "einen Titel");
  if (title) input.title = *title; else errors.push_back(title.error());
  auto note = ShortText(request.Form("note"), kMaxVersionNoteChars, false, "note", "Die Anmerkung", TextLines::kMulti);
  if (note) input.note = *note; else errors.push_back(note.error());
  auto chapter = ShortText(request.Form("chapter"), kMaxChapterTitleChars, false, "chapter", "Der Kapiteltitel");
  if (chapter) input.chapter_title = chapter->empty() ? "Unterlagen" : *chapter; else errors.push_back(chapter.error());
  if (!errors.empty()) return ApiInvalid(errors);
  auto stored = StoreUpload(services, input, *user, found->tenant.id, request.remote_ip);
  if (!stored) return ApiError(stored.error());
  std::string href = DocumentHref(found->tenant.slug, found->procedure.id, stored->document.id);
  auto response = Response::Json(201, boost::json::serialize(boost::json::object{
                                          {"id", stored->document.id},
                                          {"version", stored->version.number},
                                          {"sha256", stored->version.sha256},
                                          {"size", stored->version.size},
                                          {"content_type", stored->version.content_type},
                                          {"href", href},
                                          {"version_href", VersionHref(found->tenant.slug, found->procedure.id,
                                                                       stored->document.id, stored->version.number)},
                                      }));
  response.SetHeader("Location", services.config.base_url + href);
  return response;
}

}  // namespace

void RegisterDocumentRoutes(http::Router& router, Services& services) {
  auto bind = [&services](auto fn) { return [&services, fn](Request& request) { return fn(services, request); }; };
  // Only editors of the procedure's tenant send documents: everyone else is refused before the file is read.
  const http::RouteOptions upload{.body_limit = kUploadBodyLimit,
                                  .multipart = true,
                                  .field_limit = kUploadFieldLimit,
                                  .max_files = 1,
                                  .before_body = site::FormGate(services, MayEditInPathTenant())};
  http::RouteOptions api_upload = upload;
  api_upload.before_body = site::ApiGate(services, MayEditPathProcedure());
  const std::string base = "/{tenant}/verfahren/{id}/dokumente";
  router.Add(Method::kGet, base, bind(GetManage));
  router.Add(Method::kPost, base, bind(PostUpload), upload);
  router.Add(Method::kPost, base + "/kapitel", bind(PostChapter));
  router.Add(Method::kPost, base + "/kapitel/{chapter}", bind(PostChapter));
  router.Add(Method::kPost, base + "/{document}/entfernen",
             bind([](Services& s, Request& r) { return PostRemoved(s, r, true); }));
  router.Add(Method::kPost, base + "/{document}/wiederherstellen",
             bind([](Services& s, Request& r) { return PostRemoved(s, r, false); }));
  router.Add(Method::kGet, base + "/verfuegbarkeit",
             bind([](Services& s, Request& r) { return GetAvailability(s, r, false); }));
  router.Add(Method::kGet, base + "/verfuegbarkeit.csv",
             bind([](Services& s, Request& r) { return GetAvailability(s, r, true); }));
  router.Add(Method::kGet, base + "/{document}", bind([](Services& s, Request& r) { return Download(s, r, false); }));
  router.Add(Method::kGet, base + "/{document}/v/{version}",
             bind([](Services& s, Request& r) { return Download(s, r, true); }));
  router.Add(Method::kPost, base + "/{document}/v/{version}/oeffentlich", bind(PostVersionPublic));
  router.Add(Method::kGet, "/api/v1/procedures/{id}/documents", bind(ApiList));
  router.Add(Method::kPost, "/api/v1/procedures/{id}/documents", bind(ApiUpload), api_upload);
  // The availability job only gets the database (AddDocumentJobs): it learns the public address from here.
  services.db.Write([&](db::Tx& tx) { SaveOrigin(tx, services.config.base_url, services.now()); });
}

void AddDocumentJobs(jobs::Scheduler& scheduler, db::Database& db) {
  scheduler.Add(std::string(kCheckJobName), kCheckIntervalSeconds, [&db](db::UnixSeconds now) {
    std::string base_url = db.Read([](db::Tx& tx) { return LoadOrigin(tx); });
    if (base_url.empty()) {
      throw std::runtime_error("Keine öffentliche Adresse bekannt: der Server ist noch nie gestartet worden.");
    }
    CheckDocuments(db, base_url, CurlFetch, now);
  });
}

boost::json::array DocumentChapters(const Services& services, db::Tx& tx, const Procedure& procedure,
                                    std::string_view tenant_slug, std::string_view locale) {
  boost::json::array out;
  auto documents = DocumentsOf(tx, procedure.id, false);
  for (const auto& chapter : ChaptersOf(tx, procedure.id)) {
    boost::json::array items;
    for (const auto& document : documents) {
      if (document.chapter_id != chapter.id) continue;
      items.push_back(boost::json::object{
          {"id", document.id},
          {"title", document.title},
          {"href", DocumentHref(tenant_slug, procedure.id, document.id)},
          {"content_type", document.current.content_type},
          {"size_label", SizeLabel(document.current.size, locale)},
          {"version", document.current_version},
          {"sha256", document.current.sha256},
          {"uploaded_at", site::FormatTime(document.current.uploaded_at, locale)},
      });
    }
    if (items.empty()) continue;
    out.push_back(boost::json::object{{"title", chapter.title}, {"documents", std::move(items)}});
  }
  (void)services;
  return out;
}

void LoadDocumentDemo(db::Database& db, db::UnixSeconds now) {
  struct DemoFile {
    std::string_view chapter;
    std::string_view title;
    std::string_view filename;
    std::vector<std::string> lines;
  };
  struct DemoSet {
    std::string_view procedure_title;
    std::vector<DemoFile> files;
  };
  const std::vector<DemoSet> demo{
      {"Windpark Naunhof-Ost: Genehmigung von vier Windenergieanlagen",
       {{"Antrag", "Antrag nach § 4 BImSchG", "Antrag.pdf",
         {"Antrag auf Genehmigung nach § 4 BImSchG", "Windkraft Muldental GmbH", "Vier Windenergieanlagen östlich von Naunhof"}},
        {"Gutachten", "Schallimmissionsprognose", "Schallgutachten.pdf",
         {"Schallimmissionsprognose", "Fassung 1", "Beurteilungspegel an den Immissionsorten IO 1 bis IO 9"}},
        {"Gutachten", "Schattenwurfprognose", "Schattenwurf.pdf",
         {"Schattenwurfprognose", "Astronomisch maximal mögliche Beschattungsdauer"}},
        {"Pläne", "Lageplan der Anlagenstandorte", "Lageplan.pdf",
         {"Lageplan", "Maßstab 1:5000 (Demonstration)"}}}},
      {"Bebauungsplan Nr. 42 „Wohnen am Mühlgraben“",
       {{"Planzeichnung", "Planzeichnung (Entwurf)", "Planzeichnung.pdf",
         {"Bebauungsplan Nr. 42 – Planzeichnung", "Entwurf zur Veröffentlichung nach § 3 Abs. 2 BauGB"}},
        {"Begründung", "Begründung mit Umweltbericht", "Begruendung.pdf",
         {"Begründung zum Bebauungsplan Nr. 42", "Teil B: Umweltbericht"}}}},
      {"Ortsumgehung Grimma im Zuge der B 107: Planfeststellung",
       {{"Erläuterungsbericht", "Erläuterungsbericht", "Erlaeuterungsbericht.pdf",
         {"Erläuterungsbericht", "Ortsumgehung Grimma, B 107, 4,8 km"}}}},
  };
  for (const auto& set : demo) {
    db.Write([&](db::Tx& tx) {
      std::optional<Procedure> procedure;
      for (auto& item : List(tx, {.public_only = false, .limit = 1000})) {
        if (item.title == set.procedure_title) procedure = std::move(item);
      }
      if (!procedure || !DocumentsOf(tx, procedure->id, true).empty()) return;  // missing, or loaded before
      for (const auto& file : set.files) {
        std::string pdf = MinimalPdf(file.lines);
        auto chapter = EnsureChapter(tx, procedure->id, std::string(file.chapter), now);
        UploadFacts facts{.filename = std::string(file.filename),
                          .content_type = "application/pdf",
                          .size = pdf.size(),
                          .sha256 = Sha256Hex(pdf)};
        auto stored = AddVersion(tx,
                                 {.procedure_id = procedure->id,
                                  .chapter_id = chapter.id,
                                  .title = std::string(file.title),
                                  .facts = facts},
                                 StringSource(pdf), now - 9 * 86400);
        if (stored && file.filename == "Schallgutachten.pdf") {
          // A second version: the corrected report, as after a remark of the authority.
          std::vector<std::string> lines = file.lines;
          lines[1] = "Fassung 2 (korrigierte Immissionsorte)";
          std::string second = MinimalPdf(lines);
          UploadFacts facts2{.filename = "Schallgutachten-2.pdf",
                             .content_type = "application/pdf",
                             .size = second.size(),
                             .sha256 = Sha256Hex(second)};
          (void)AddVersion(tx,
                           {.procedure_id = procedure->id,
                            .document_id = stored->document.id,
                            .facts = facts2,
                            .note = "Immissionsorte IO 4 und IO 7 korrigiert"},
                           StringSource(second), now - 2 * 86400);
        }
      }
    });
  }
}

}  // namespace mw::procedures
