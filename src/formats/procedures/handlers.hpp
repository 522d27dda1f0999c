// Internal to the procedures module: what the parts of the format share, and the seams between them. Each part lives
// in files of its own and is called from pages.cpp:
//
//   part          files                         routes
//   common        common.cpp                    (helpers below)
//   editor        editor*.cpp                   /{tenant}/verfahren/neu, …/{id}/bearbeiten, steps; API create/publish
//   public        public*.cpp                   /verfahren, /verfahren/karte, /verfahren.atom, subscriptions,
//                                               /{tenant}/verfahren/{id} (the detail page), published statements
//   documents     documents*.cpp                uploads, versions, downloads, availability records
//   statements    statements*.cpp, receipt*     the statement form, receipts (page, mail, PDF), own statements
//   backoffice    backoffice*.cpp               inbox, search, status, sections, weighing table exports
//   clusters      clusters*.cpp, minhash*       mass objections: grouping, review, answering once
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json.hpp>

#include "formats/procedures/pdf_renders.hpp"
#include "formats/procedures/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/http/message.hpp"
#include "platform/http/server.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/site/context.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {

// ---- common.cpp ------------------------------------------------------------------------------------------------

// Whether `user` may create, edit and publish the tenant's procedures: its editors and admins, platform admins.
bool MayEdit(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id);
// Whether `user` works in the tenant's back office (sees submissions with personal data): its case workers, editors
// and admins, platform admins.
bool MayWork(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id);
// The same as body gate permissions (site::FormGate, site::ApiGate), decided from the request header before a large
// body is read: MayEdit / MayWork in the tenant of the path ({tenant}), or MayEdit in the tenant of the procedure
// {id} (the API's paths name no tenant; an unknown procedure is refused).
site::Permission MayEditInPathTenant();
site::Permission MayWorkInPathTenant();
site::Permission MayEditPathProcedure();

// The script that asks before a page with changed forms marked data-unsaved-warning is left (#14 item 8;
// progressive: the forms work without it). Pages with such forms name it in PageOptions::scripts.
inline constexpr std::string_view kUnsavedWarningScript = "/static/js/unsaved-warning.js";

// "/grimma/verfahren/12".
std::string ProcedurePath(std::string_view tenant_slug, std::int64_t id);
// A positive decimal id, or nullopt.
std::optional<std::int64_t> ParseId(std::string_view text);
// Today at the authority's seat (Europe/Berlin) according to services.now().
law::Date Today(const site::Services& services);
// The translated label of a type, status or channel: procedures.type.<name>, procedures.status.<name>, ….
std::string TypeLabel(const site::Services& services, std::string_view locale, Type type);
std::string StatusLabel(const site::Services& services, std::string_view locale, Status status);
// "07.12.2026" (de) or "2026-12-07" (en).
std::string DateLabel(law::Date date, std::string_view locale);
// The translation of `key` in the visitor's language, with {name} placeholders from `args`.
std::string T(const site::Services& services, const site::Visitor& visitor, std::string_view key,
              const std::map<std::string, std::string>& args = {});
// Lines of text (the explanations and warnings of computed dates) as a JSON array of strings.
boost::json::array JsonLines(const std::vector<std::string>& lines);

// The visitor and the tenant of the path: what every handler under /{tenant}/verfahren starts with.
struct Entered {
  site::Visitor visitor;
  tenancy::Tenant tenant;
};
enum class Login { kOptional, kRequired };
// Resolves visitor and tenant, or gives the response to send instead: the login page when `login` is required and
// the visitor is not logged in, the 404 for an unknown tenant.
std::variant<Entered, http::Response> Enter(site::Services& services, const http::Request& request, Login login);
// The procedure of the path parameter "id" if it belongs to `tenant` and the visitor may see it (drafts only for the
// tenant's editors and back office), or the 404 to answer.
std::variant<Procedure, http::Response> ProcedureOf(site::Services& services, const site::Visitor& visitor,
                                                    const http::Request& request, const tenancy::Tenant& tenant);
// The procedure of the path opened in its tenant's back office, drafts included.
struct BackofficeTarget {
  site::Visitor visitor;
  tenancy::Tenant tenant;
  Procedure procedure;
};
// Resolves visitor, tenant and procedure for the back office's pages, or gives the response to send instead: the
// login page for a visitor not logged in, 404 for an unknown tenant, 403 with the text of locale key `forbidden_key`
// if the visitor does not work in the tenant's back office (MayWork), 404 if the path's "id" is not a procedure of
// the tenant.
std::variant<BackofficeTarget, http::Response> EnterBackoffice(site::Services& services, const http::Request& request,
                                                               std::string_view forbidden_key);
// The same for API calls: the procedure of path parameter "id" and its tenant if `user` (may be null) may see it.
struct Found {
  Procedure procedure;
  tenancy::Tenant tenant;
};
std::optional<Found> FindVisible(site::Services& services, const accounts::User* user, std::int64_t id);

// A procedure as the API shows it (GET /api/v1/procedures/{id}): id, tenant, type, title, description, applicant,
// ied, uvp, phase, status, dates (ISO), explanation, warnings, hearing, geometry, url.
// The frozen versions of a procedure's announcement as links for a page, oldest first: version, date, href
// (`procedure_base` + "/bekanntmachung/N"), correction (version > 1).
boost::json::array AnnouncementVersionLinks(const std::vector<AnnouncementVersion>& versions,
                                            const std::string& procedure_base, std::string_view locale);

boost::json::object ProcedureJson(const site::Services& services, const Procedure& procedure,
                                  const tenancy::Tenant& tenant);
// A procedure for page templates: the same plus translated labels and German/English dates (see docs/procedures.md).
boost::json::object ProcedureModel(const site::Services& services, std::string_view locale,
                                   const Procedure& procedure, const tenancy::Tenant& tenant);

// A JSON body of an API request, or the 400 problem to answer.
std::variant<boost::json::object, http::Response> JsonBody(site::Services& services, const http::Request& request);
// The problem+json answer for `error` (status from its kind; 422 for a refused field; `errors` [{field, message}]).
http::Response ApiError(const Error& error);
// 422 with every problem of a form (ValidateProcedure, ValidateStatement).
http::Response ApiInvalid(const std::vector<Error>& errors);
// 401 with WWW-Authenticate: Bearer, for a call without a valid personal API token.
http::Response ApiUnauthorized();
// The answer for a PDF from RenderedPdf (pdf_renders.hpp): 200 application/pdf with `disposition` and
// `cache_control`; 503 with Retry-After when every render slot was taken; 500 if it could not be written.
http::Response PdfAnswer(site::Services& services, const http::Request& request, const site::Visitor& visitor,
                         const PdfResult& pdf, const std::string& disposition, const std::string& cache_control);
// A string field of a JSON body ("" if absent or null); nullopt if present with another type.
std::optional<std::string> StringField(const boost::json::object& body, std::string_view key);

// ---- the parts -------------------------------------------------------------------------------------------------

// editor.cpp: create/edit procedures, steps of their life (publish, hearing, decision, archive), announcement text;
// API POST /api/v1/tenants/{slug}/procedures, POST /api/v1/procedures/{id}/publish.
void RegisterEditorRoutes(http::Router& router, site::Services& services);
// public.cpp: overview, map, detail page, Atom, subscriptions, published statements and results; API
// GET /api/v1/procedures, GET /api/v1/procedures/{id}. Also the offer source.
void RegisterPublicRoutes(http::Router& router, site::Services& services);
void AddPublicJobs(jobs::Scheduler& scheduler, site::Services& services);
// documents.cpp: uploads (pages and POST /api/v1/procedures/{id}/documents), downloads, availability job and export.
void RegisterDocumentRoutes(http::Router& router, site::Services& services);
void AddDocumentJobs(jobs::Scheduler& scheduler, db::Database& db);
// The documents of a procedure for its public page, grouped in chapters: [{title, documents: [{id, title, href,
// content_type, size_label, version, sha256, uploaded_at}]}] (only current versions). Runs in the caller's read.
boost::json::array DocumentChapters(const site::Services& services, db::Tx& tx, const Procedure& procedure,
                                    std::string_view tenant_slug, std::string_view locale);
// statements.cpp: the statement form, receipts (page, mail, PDF), the submitter's own statements and withdrawal;
// API POST/GET /api/v1/procedures/{id}/statements. Also the export source (a person's statements).
void RegisterStatementRoutes(http::Router& router, site::Services& services);
// backoffice.cpp: the case workers' inbox and weighing (Abwägung), exports of the weighing table; the published
// weighing result.
void RegisterBackofficeRoutes(http::Router& router, site::Services& services);
// The authority's response (Abwägung) to each of `statement_ids` (of one procedure) set to `text` at once — what a
// mass objection's cluster answers for all its members. Marks them done; records one audit entry. Runs in the
// caller's write.
void RespondToStatements(db::Tx& tx, std::int64_t procedure_id, const std::vector<std::int64_t>& statement_ids,
                         const std::string& text, const accounts::User& actor, db::UnixSeconds now);
// tasks.cpp: the format's part of "Meine Aufgaben" (site::TaskSource): new statements nobody is assigned to and
// those assigned to the person, per procedure of the tenants where they work; drafts for editors; their own
// statements.
void RegisterTaskSource(site::Services& services);
// clusters.cpp: mass objections; API GET /api/v1/procedures/{id}/clusters.
void RegisterClusterRoutes(http::Router& router, site::Services& services);
void AddClusterJobs(jobs::Scheduler& scheduler, db::Database& db);

// Demo data of the parts, called by LoadDemo after the procedures exist (each finds its demo procedures by title).
// The demo procedures themselves (first); `base_url` is the portal's address in their frozen announcements.
void LoadEditorDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url);
void LoadDocumentDemo(db::Database& db, db::UnixSeconds now);
void LoadStatementDemo(db::Database& db, db::UnixSeconds now);
void LoadBackofficeDemo(db::Database& db, db::UnixSeconds now);
void LoadClusterDemo(db::Database& db, db::UnixSeconds now);
void LoadPublicDemo(db::Database& db, db::UnixSeconds now);

}  // namespace mw::procedures
