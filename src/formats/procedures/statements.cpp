// Statements and objections (Stellungnahmen, Einwendungen) and their receipts (Eingangsbestätigungen): the form
// /{tenant}/verfahren/{id}/stellungnahme, the receipt page, its PDF and mail, the submitter's own statements under
// /stellungnahmen with withdrawal, and the API POST/GET /api/v1/procedures/{id}/statements, GET
// /api/v1/statements/{id}. A statement is durable (one db.Write with its attachments, audit entry and receipt mail)
// before the answer; a late one is stored and flagged, never refused.
#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <variant>

#include "formats/procedures/handlers.hpp"
#include "formats/procedures/receipt.hpp"
#include "formats/procedures/statements_store.hpp"
#include "formats/procedures/uploads.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"
#include "platform/site/context.hpp"
#include "platform/site/drafts.hpp"
#include "platform/site/mails.hpp"

namespace mw::procedures {
namespace {

using site::Services;
using site::Visitor;

// Online submissions per account and hour. Generous: a citizen may comment on several chapters one by one. Case
// workers' entries of paper statements are never limited (campaigns of form letters arrive by the hundred).
constexpr limits::Rule kSubmitRule{.limit = 20, .window_seconds = 3600};
constexpr std::int64_t kMaxSignatories = 1'000'000;
// A statement's receipt that tells a date in the future is refused (a typo in the year), with a little slack for
// clocks.
constexpr db::UnixSeconds kFutureSlack = 300;

std::string StatementsBase(std::string_view tenant_slug, std::int64_t procedure_id, std::int64_t statement_id) {
  return ProcedurePath(tenant_slug, procedure_id) + "/stellungnahmen/" + std::to_string(statement_id);
}
std::string ReceiptPath(std::string_view tenant_slug, std::int64_t procedure_id, std::int64_t statement_id) {
  return StatementsBase(tenant_slug, procedure_id, statement_id) + "/eingang";
}

// The day a paper statement arrived ("2026-11-20": the start of that day at the authority's seat, so that the late
// flag follows the day) or the instant ("2026-11-20T10:15:00Z", "…+01:00"; a zone is required).
std::optional<db::UnixSeconds> ParseReceivedAt(std::string_view text) {
  if (text.size() == 10) {
    auto date = law::ParseIsoDate(text);
    if (!date) return std::nullopt;
    return EndOfDay(law::AddDays(*date, -1));
  }
  static const std::regex kDateTime(
      R"(^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, kDateTime)) return std::nullopt;
  auto date = law::ParseIsoDate(match[1].str());
  if (!date) return std::nullopt;
  int hour = std::stoi(match[2].str());
  int minute = std::stoi(match[3].str());
  int second = match[4].matched ? std::stoi(match[4].str()) : 0;
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  db::UnixSeconds offset = 0;
  std::string zone = match[5].str();
  if (zone != "Z") {
    int zone_hours = std::stoi(zone.substr(1, 2));
    int zone_minutes = std::stoi(zone.substr(4, 2));
    if (zone_hours > 14 || zone_minutes > 59) return std::nullopt;
    offset = (zone_hours * 3600 + zone_minutes * 60) * (zone[0] == '-' ? -1 : 1);
  }
  return law::DaysBetween({1970, 1, 1}, *date) * 86400LL + hour * 3600 + minute * 60 + second - offset;
}

// The ids of the documents a statement may refer to (DocumentChapters of the documents part).
std::set<std::int64_t> DocumentIds(const boost::json::array& chapters) {
  std::set<std::int64_t> ids;
  for (const auto& chapter : chapters) {
    const auto* documents = chapter.is_object() ? chapter.as_object().if_contains("documents") : nullptr;
    if (!documents || !documents->is_array()) continue;
    for (const auto& document : documents->as_array()) {
      const auto* id = document.is_object() ? document.as_object().if_contains("id") : nullptr;
      if (id && id->is_int64()) ids.insert(id->as_int64());
    }
  }
  return ids;
}

// The title of document `id` among the chapters, or "".
std::string DocumentTitle(const boost::json::array& chapters, std::int64_t id) {
  for (const auto& chapter : chapters) {
    const auto* documents = chapter.is_object() ? chapter.as_object().if_contains("documents") : nullptr;
    if (!documents || !documents->is_array()) continue;
    for (const auto& document : documents->as_array()) {
      if (!document.is_object()) continue;
      const auto& object = document.as_object();
      const auto* found = object.if_contains("id");
      const auto* title = object.if_contains("title");
      if (found && found->is_int64() && found->as_int64() == id && title && title->is_string()) {
        return std::string(title->as_string());
      }
    }
  }
  return {};
}

boost::json::array Chapters(Services& services, const Procedure& procedure, const tenancy::Tenant& tenant,
                            std::string_view locale) {
  return services.db.Read(
      [&](db::Tx& tx) { return DocumentChapters(services, tx, procedure, tenant.slug, locale); });
}

// An uploaded attachment, read and recognised.
struct UploadedAttachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

std::string ReadFile(const std::filesystem::path& path, std::uint64_t limit) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(limit + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

// The attachments of a form, or the problem with them (field "attachments").
std::variant<std::vector<UploadedAttachment>, Error> ReadAttachments(const http::Request& request) {
  std::vector<UploadedAttachment> out;
  for (const auto& file : request.files) {
    // A file input without a chosen file sends an empty part.
    if (file.field != "attachments" || (file.size == 0 && file.filename.empty())) continue;
    std::string name = SafeFileName(file.filename);
    if (static_cast<int>(out.size()) >= kMaxAttachments) {
      return Error{ErrorKind::kTooLarge,
                   "Sie können höchstens " + std::to_string(kMaxAttachments) + " Anlagen beifügen.", "attachments"};
    }
    if (file.size > kMaxAttachmentBytes) {
      return Error{ErrorKind::kTooLarge, "Die Anlage „" + name + "“ ist größer als 10 MB.", "attachments"};
    }
    if (file.size == 0) return Error{ErrorKind::kInvalid, "Die Anlage „" + name + "“ ist leer.", "attachments"};
    std::string bytes = ReadFile(file.path, kMaxAttachmentBytes);
    auto type = SniffUpload(std::string_view(bytes).substr(0, kSniffBytes), file.filename);
    if (!type) {
      return Error{ErrorKind::kInvalid,
                   "Die Anlage „" + name +
                       "“ hat ein Format, das wir nicht annehmen. Möglich sind PDF, PNG, JPEG, OpenDocument- und "
                       "Office-Dateien (.odt, .ods, .docx, .xlsx …) sowie Text (.txt, .csv).",
                   "attachments"};
    }
    if (*type == "application/pdf" && !IsCompletePdf(bytes)) {
      return Error{ErrorKind::kInvalid, "Die Anlage „" + name + "“ " + std::string(kIncompletePdfMessage),
                   "attachments"};
    }
    name = FileNameForType(name, *type);
    out.push_back({std::move(name), std::move(*type), std::move(bytes)});
  }
  return out;
}

// The receipt mail (de/en by the submitter's locale) with reference, time, SHA-256, the late flag and the links to
// the receipt page and its PDF. The platform's mails carry no attachments, so the PDF is linked.
void QueueReceiptMail(const Services& services, db::Tx& tx, const accounts::User& user, const tenancy::Tenant& tenant,
                      const Procedure& procedure, const Statement& statement,
                      const std::vector<Attachment>& attachments, db::UnixSeconds now) {
  std::string locale = user.locale == "en" ? "en" : "de";
  std::string receipt_url = services.config.base_url + ReceiptPath(tenant.slug, procedure.id, statement.id);
  boost::json::array files;
  for (const auto& attachment : attachments) {
    files.push_back(boost::json::object{{"filename", attachment.filename}, {"sha256", attachment.sha256}});
  }
  auto mail = site::ComposeMail(services, "procedures_statements_receipt", user,
                                {{"procedure_title", procedure.title},
                                 {"tenant_name", tenant.name},
                                 {"objection", TakesObjections(procedure.type)},
                                 {"reference", statement.reference},
                                 {"received_at", site::FormatTime(statement.received_at, locale)},
                                 {"sha256", statement.sha256},
                                 {"late", statement.late},
                                 {"objection_end", DateLabel(procedure.objection_end, locale)},
                                 {"attachments", std::move(files)},
                                 {"receipt_url", receipt_url},
                                 {"pdf_url", receipt_url + ".pdf"}},
                                "procedure-statement-receipt");
  mail.tenant_id = tenant.id;
  site::QueueMail(tx, mail, now);
}

// ---- the form ----------------------------------------------------------------------------------------------------

struct FormState {
  boost::json::object values;
  std::vector<Error> errors;
  int status = 200;
  bool draft_restored = false;  // the values are a draft kept over the end of a session
};

// What a form sent after the session's end keeps as the citizen's draft (site/drafts.hpp): what they wrote and chose,
// never attachments (they are not kept anywhere but with a submission) and never a consent, which is given with the
// submission itself.
boost::json::object DraftFields(const http::Request& request) {
  boost::json::object fields;
  for (std::string_view key : {"text", "name", "address", "document_id", "page"}) {
    fields[key] = request.Form(key);
  }
  fields["on_behalf"] = request.Form("on_behalf") == "yes";
  fields["conceal_from_applicant"] = request.Form("conceal_from_applicant") == "yes";
  return fields;
}

std::string FormTitle(const Services& services, const Visitor& visitor, const Procedure& procedure) {
  return T(services, visitor,
           TakesObjections(procedure.type) ? "procedures.statements.form_title_objection"
                                           : "procedures.statements.form_title");
}

http::Response ShowForm(Services& services, Visitor& visitor, const http::Request& request,
                        const tenancy::Tenant& tenant, const Procedure& procedure, FormState state) {
  const accounts::User& user = *visitor.user();
  db::UnixSeconds now = services.now();
  boost::json::array chapters = Chapters(services, procedure, tenant, visitor.locale);
  std::string selected = state.values.contains("document_id") && state.values["document_id"].is_string()
                             ? std::string(state.values["document_id"].as_string())
                             : std::string();
  boost::json::array groups;
  for (const auto& chapter : chapters) {
    if (!chapter.is_object()) continue;
    boost::json::array options;
    const auto* documents = chapter.as_object().if_contains("documents");
    if (documents && documents->is_array()) {
      for (const auto& document : documents->as_array()) {
        if (!document.is_object()) continue;
        const auto& object = document.as_object();
        const auto* id = object.if_contains("id");
        const auto* title = object.if_contains("title");
        if (!id || !id->is_int64() || !title || !title->is_string()) continue;
        options.push_back(boost::json::object{{"id", id->as_int64()},
                                              {"title", title->as_string()},
                                              {"selected", std::to_string(id->as_int64()) == selected}});
      }
    }
    const auto* title = chapter.as_object().if_contains("title");
    groups.push_back(boost::json::object{{"title", title && title->is_string() ? title->as_string() : ""},
                                         {"documents", std::move(options)}});
  }
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
      {"procedure", ProcedureModel(services, visitor.locale, procedure, tenant)},
      {"action", ProcedurePath(tenant.slug, procedure.id) + "/stellungnahme"},
      {"objection", TakesObjections(procedure.type)},
      {"requires_name_and_address", RequiresNameAndAddress(procedure.type)},
      {"late", IsLate(now, procedure.objection_end)},
      {"late_note", T(services, visitor, "procedures.statements.late_note",
                      {{"date", DateLabel(procedure.objection_end, visitor.locale)}})},
      {"preclusion", HasPreclusion(procedure.type)},
      {"chapters", std::move(groups)},
      {"max_files", kMaxAttachments},
      {"publishes", procedure.publish_statements},
      {"conceals", procedure.type == Type::kBimschg},
      {"values", std::move(state.values)},
      {"draft_restored", state.draft_restored},
  };
  if (user.organisation_id) {
    auto organisation = services.db.Read([&](db::Tx& tx) { return accounts::FindOrganisation(tx, *user.organisation_id); });
    if (organisation) model["organisation"] = boost::json::object{{"name", organisation->name}};
  }
  site::AddErrors(model, state.errors);
  std::string title = FormTitle(services, visitor, procedure);
  return site::RenderPage(
      services, visitor, request, "procedures_statements_form", std::move(model),
      (state.errors.empty() ? "" : T(services, visitor, "procedures.statements.error_prefix")) + title,
      {.status = state.status,
       .tenant = &tenant,
       .breadcrumbs = {{tenant.name, "/" + tenant.slug, true},
                       {procedure.title, ProcedurePath(tenant.slug, procedure.id), true},
                       {title, ""}}});
}

// The procedure of the path for the form: public procedures only (drafts are a 404 for everyone here).
std::variant<Procedure, http::Response> PublicProcedureOf(Services& services, const Visitor& visitor,
                                                          const http::Request& request,
                                                          const tenancy::Tenant& tenant) {
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* procedure = std::get_if<Procedure>(&found); procedure && !IsPublic(procedure->phase)) {
    return site::ErrorResponse(services, request, 404, T(services, visitor, "procedures.not_found"));
  }
  return found;
}

// #12 item 9: a Planfeststellung whose objections the portal may not take (TakesOnlineSubmissions): a 409 that
// explains the written way, never the form. The procedure's page explains it too and offers no link here.
std::optional<http::Response> WrittenFormOnly(Services& services, const Visitor& visitor,
                                              const http::Request& request, const Procedure& procedure) {
  if (TakesOnlineSubmissions(procedure.type, procedure.legal)) return std::nullopt;
  return site::ErrorResponse(services, request, 409, T(services, visitor, "procedures.statements.written_form_only"));
}

http::Response GetForm(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = PublicProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  if (auto refused = WrittenFormOnly(services, visitor, request, std::get<Procedure>(found))) return std::move(*refused);
  // Back after a login that the end of the session asked for: the form as the citizen had written it.
  if (auto draft = site::TakeDraft(services, visitor, request)) {
    boost::json::object values;
    for (std::string_view key : {"text", "name", "address", "document_id", "page"}) {
      const auto* value = draft->if_contains(key);
      values[key] = value && value->is_string() ? value->as_string() : "";
    }
    for (std::string_view key : {"on_behalf", "conceal_from_applicant"}) {
      const auto* value = draft->if_contains(key);
      values[key] = value && value->is_bool() && value->as_bool();
    }
    return ShowForm(services, visitor, request, tenant, std::get<Procedure>(found),
                    {.values = std::move(values), .draft_restored = true});
  }
  return ShowForm(services, visitor, request, tenant, std::get<Procedure>(found),
                  {.values = {{"name", visitor.user()->name}}});
}

http::Response PostForm(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = PublicProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const Procedure& procedure = std::get<Procedure>(found);
  if (!visitor.logged_in()) {
    if (auto refused = WrittenFormOnly(services, visitor, request, procedure)) return std::move(*refused);
    // The session ended while the citizen was writing: what they wrote is kept for them as a draft, not received
    // (the period counts the submission they make after logging in). Only with the ended session's own token.
    if (auto owner = site::EndedSessionOwner(services, request)) {
      return site::KeepDraftAndLogin(services, visitor, request, *owner, DraftFields(request));
    }
    return site::LoginRequired(visitor, request);
  }
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  if (auto refused = WrittenFormOnly(services, visitor, request, procedure)) return std::move(*refused);
  const accounts::User& user = *visitor.user();
  db::UnixSeconds now = services.now();

  bool on_behalf = user.organisation_id && request.Form("on_behalf") == "yes";
  bool publish_consent = on_behalf && request.Form("publish_consent") == "yes";
  bool consent = request.Form("consent") == "yes";
  bool publish_text_consent = request.Form("publish_text_consent") == "yes";
  // § 12 Abs. 2 der 9. BImSchV: only BImSchG objections are forwarded to the applicant.
  bool conceal = procedure.type == Type::kBimschg && request.Form("conceal_from_applicant") == "yes";
  std::string document_text = request.Form("document_id");
  boost::json::object values{{"text", request.Form("text")},         {"name", request.Form("name")},
                             {"address", request.Form("address")},   {"document_id", document_text},
                             {"page", request.Form("page")},         {"on_behalf", on_behalf},
                             {"publish_consent", publish_consent},   {"consent", consent},
                             {"publish_text_consent", publish_text_consent},
                             {"conceal_from_applicant", conceal}};
  StatementInput input{.text = request.Form("text"),
                       .name = request.Form("name"),
                       .address = request.Form("address"),
                       .page = request.Form("page")};
  std::vector<Error> errors;
  if (!document_text.empty()) {
    auto document_id = ParseId(document_text);
    if (!document_id || !DocumentIds(Chapters(services, procedure, tenant, visitor.locale)).contains(*document_id)) {
      errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.statements.error_document"),
                        "document_id"});
    } else {
      input.document_id = document_id;
    }
  }
  auto validated = ValidateStatement(input, RequiresNameAndAddress(procedure.type));
  if (!validated) errors.insert(errors.begin(), validated.error().begin(), validated.error().end());
  auto attachments = ReadAttachments(request);
  if (auto* error = std::get_if<Error>(&attachments)) errors.push_back(*error);
  if (!consent) {
    errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.statements.error_consent"), "consent"});
  }
  if (!errors.empty()) {
    return ShowForm(services, visitor, request, tenant, procedure,
                    {.values = std::move(values), .errors = std::move(errors), .status = 422});
  }
  if (!services.limiter.Allow("procedure-statement-user:" + std::to_string(user.id), kSubmitRule, now)) {
    return site::ErrorResponse(services, request, 429, T(services, visitor, "procedures.statements.rate_limited"));
  }
  auto& files = std::get<std::vector<UploadedAttachment>>(attachments);
  Statement statement = services.db.Write([&](db::Tx& tx) {
    Submission submission{.input = *validated,
                          .user_id = user.id,
                          .author_email = user.email,
                          .channel = Channel::kOnline,
                          .publish_consent = publish_consent,
                          .publish_text_consent = publish_text_consent,
                          .conceal_from_applicant = conceal};
    if (on_behalf) {
      auto organisation = accounts::FindOrganisation(tx, *user.organisation_id);
      if (organisation) {
        submission.organisation_id = organisation->id;
        submission.organisation_name = organisation->name;
      }
    }
    Statement stored = Submit(tx, procedure, submission, now);
    std::vector<Attachment> stored_files;
    int position = 0;
    for (const auto& file : files) {
      stored_files.push_back(AddAttachment(tx, stored.id, ++position, file.filename, file.content_type, file.bytes, now));
    }
    audit::Record(tx,
                  {.actor_user_id = user.id,
                   .actor_label = user.email,
                   .tenant_id = tenant.id,
                   .action = "statement.submit",
                   .object = "statement:" + std::to_string(stored.id),
                   .detail = "online" + std::string(stored.late ? ", verspätet" : "") +
                             (stored_files.empty() ? "" : ", " + std::to_string(stored_files.size()) + " Anlagen"),
                   .remote_ip = request.remote_ip},
                  now);
    QueueReceiptMail(services, tx, user, tenant, procedure, stored, stored_files, now);
    return stored;
  });
  if (services.notify_outbox) services.notify_outbox();
  return site::RedirectWithFlash(visitor, ReceiptPath(tenant.slug, procedure.id, statement.id),
                                 "procedures.statements.flash_submitted");
}

// ---- receipts ----------------------------------------------------------------------------------------------------

// A statement the visitor may see, with what its pages need.
struct Shown {
  Visitor visitor;
  tenancy::Tenant tenant;
  Procedure procedure;
  Statement statement;
  std::vector<Attachment> attachments;
  bool is_submitter = false;
};

// The statement of the path for its submitter or the tenant's back office (a view by the back office is audited as
// `audit_action`), or the response to send instead (login, 404 for everyone else).
std::variant<Shown, http::Response> ShownStatement(Services& services, const http::Request& request,
                                                   std::string_view audit_action) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  Procedure& procedure = std::get<Procedure>(found);
  auto statement_id = ParseId(request.PathParam("statement"));
  const accounts::User& user = *visitor.user();
  struct Access {
    Statement statement;
    std::vector<Attachment> attachments;
    bool is_submitter = false;
  };
  std::optional<Access> access;
  if (statement_id) {
    access = services.db.Read([&](db::Tx& tx) -> std::optional<Access> {
      auto statement = FindStatement(tx, *statement_id);
      if (!statement || statement->procedure_id != procedure.id) return std::nullopt;
      bool is_submitter = statement->user_id && *statement->user_id == user.id;
      if (!is_submitter && !MayWork(tx, user, tenant.id)) return std::nullopt;
      return Access{*statement, AttachmentsOf(tx, statement->id), is_submitter};
    });
  }
  if (!access) {
    return site::ErrorResponse(services, request, 404, T(services, visitor, "procedures.statements.not_found"));
  }
  if (!access->is_submitter) {
    services.db.Write([&](db::Tx& tx) {
      audit::Record(tx,
                    {.actor_user_id = user.id,
                     .actor_label = user.email,
                     .tenant_id = tenant.id,
                     .action = std::string(audit_action),
                     .object = "statement:" + std::to_string(access->statement.id),
                     .detail = "",
                     .remote_ip = request.remote_ip},
                    services.now());
    });
  }
  return Shown{std::move(visitor), std::move(tenant), std::move(procedure), std::move(access->statement),
               std::move(access->attachments), access->is_submitter};
}

std::string ChannelLabel(const Services& services, std::string_view locale, Channel channel) {
  return services.renderer.T(locale, "procedures.channel." + std::string(ChannelName(channel)));
}

std::string LateNote(const Services& services, std::string_view locale, const Procedure& procedure) {
  return services.renderer.T(locale,
                             HasPreclusion(procedure.type) ? "procedures.statements.late_explained_preclusion"
                                                           : "procedures.statements.late_explained",
                             {{"date", DateLabel(procedure.objection_end, locale)}});
}

http::Response GetReceipt(Services& services, http::Request& request) {
  auto found = ShownStatement(services, request, "statement.view");
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  auto& shown = std::get<Shown>(found);
  const std::string& locale = shown.visitor.locale;
  const std::string base = StatementsBase(shown.tenant.slug, shown.procedure.id, shown.statement.id);
  boost::json::array attachments;
  for (const auto& attachment : shown.attachments) {
    attachments.push_back(boost::json::object{{"filename", attachment.filename},
                                              {"size_label", SizeLabel(attachment.size, locale)},
                                              {"sha256", attachment.sha256},
                                              {"href", base + "/anlagen/" + std::to_string(attachment.position)}});
  }
  const Statement& statement = shown.statement;
  std::string document_title;
  if (statement.document_id) {
    document_title = DocumentTitle(Chapters(services, shown.procedure, shown.tenant, locale), *statement.document_id);
  }
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", shown.tenant.slug}, {"name", shown.tenant.name}}},
      {"procedure", boost::json::object{{"title", shown.procedure.title},
                                        {"href", ProcedurePath(shown.tenant.slug, shown.procedure.id)}}},
      {"objection", TakesObjections(shown.procedure.type)},
      {"statement",
       boost::json::object{{"reference", statement.reference},
                           {"received_at", site::FormatTime(statement.received_at, locale)},
                           {"received_at_iso", IsoUtc(statement.received_at)},
                           {"sha256", statement.sha256},
                           {"late", statement.late},
                           {"channel_label", ChannelLabel(services, locale, statement.channel)},
                           {"withdrawn", statement.withdrawn},
                           {"withdrawn_at", statement.withdrawn_at ? site::FormatTime(*statement.withdrawn_at, locale)
                                                                   : std::string()},
                           {"author_name", statement.author_name},
                           {"author_address", statement.author_address},
                           {"organisation_name", statement.organisation_name},
                           {"document_title", document_title},
                           {"page", statement.page},
                           {"signatories", statement.signatories > 1 ? std::to_string(statement.signatories) : ""},
                           {"representative", RepresentativeLine(statement.RepresentativeOf())},
                           {"text", statement.text}}},
      {"late_note", LateNote(services, locale, shown.procedure)},
      {"attachments", std::move(attachments)},
      {"pdf_href", base + "/eingang.pdf"},
      {"is_submitter", shown.is_submitter},
  };
  if (shown.is_submitter) model["mine_href"] = "/stellungnahmen";
  if (shown.is_submitter && !statement.withdrawn && services.now() < shown.procedure.closes_at) {
    model["withdraw_href"] = base + "/zurueckziehen";
  }
  std::string title = T(services, shown.visitor, "procedures.statements.receipt_title");
  return site::RenderPage(
      services, shown.visitor, request, "procedures_statements_receipt", std::move(model), title,
      {.tenant = &shown.tenant,
       .breadcrumbs = {{shown.tenant.name, "/" + shown.tenant.slug, true},
                       {shown.procedure.title, ProcedurePath(shown.tenant.slug, shown.procedure.id)},
                       {title, ""}}});
}

http::Response GetReceiptPdf(Services& services, http::Request& request) {
  auto found = ShownStatement(services, request, "statement.view");
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  auto& shown = std::get<Shown>(found);
  const std::string& locale = shown.visitor.locale;
  auto t = [&](std::string_view key) { return T(services, shown.visitor, key); };
  const Statement& statement = shown.statement;
  // Everything that was submitted, in the order of the receipt page (#14 item 4): who, to whom, when, how, about what.
  std::vector<std::pair<std::string, std::string>> fields{
      {t("procedures.statements.reference"), statement.reference},
      {t("procedures.statements.authority"), shown.tenant.name},
      {t("procedures.statements.procedure"), shown.procedure.title},
      {t("procedures.statements.received_at"),
       site::FormatTime(statement.received_at, locale) + " (" + IsoUtc(statement.received_at) + ")"},
      {t("procedures.statements.channel"), ChannelLabel(services, locale, statement.channel)},
      {t("procedures.statements.in_time"),
       statement.late ? t("procedures.statements.late_yes") : t("procedures.statements.late_no")}};
  auto add = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) fields.emplace_back(t(key), value);
  };
  add("procedures.statements.author", statement.author_name);
  add("procedures.statements.field_address", statement.author_address);
  add("procedures.statements.organisation", statement.organisation_name);
  add("procedures.statements.representative", RepresentativeLine(statement.RepresentativeOf()));
  add("procedures.statements.signatories", statement.signatories > 1 ? std::to_string(statement.signatories) : "");
  if (statement.document_id) {
    add("procedures.statements.document",
        DocumentTitle(Chapters(services, shown.procedure, shown.tenant, locale), *statement.document_id));
  }
  add("procedures.statements.page", statement.page);
  add("procedures.statements.sha256", statement.sha256);
  if (statement.withdrawn && statement.withdrawn_at) {
    add("procedures.statements.withdrawn_at", site::FormatTime(*statement.withdrawn_at, locale));
  }
  ReceiptDocument receipt{
      .sender = shown.tenant.name,
      .title = t("procedures.statements.receipt_title"),
      .subtitle = shown.procedure.title,
      .fields = std::move(fields),
      .note = statement.late ? LateNote(services, locale, shown.procedure) : std::string(),
      .text_heading = t(TakesObjections(shown.procedure.type) ? "procedures.statements.text_heading_objection"
                                                              : "procedures.statements.text_heading"),
      .text = statement.text,
      .footer = t("procedures.statements.pdf_footer"),
      .page_label = t("procedures.statements.pdf_page"),
      .attachments_heading = t("procedures.statements.attachments_heading"),
      .language = locale,
  };
  for (const auto& attachment : shown.attachments) {
    receipt.attachments.push_back(
        {attachment.filename, SizeLabel(attachment.size, locale) + "\nSHA-256: " + attachment.sha256});
  }
  PdfFingerprint key("receipt");
  key.Add(receipt.sender).Add(receipt.title).Add(receipt.subtitle).Add(receipt.note).Add(receipt.text_heading);
  key.Add(receipt.text).Add(receipt.footer).Add(receipt.page_label);
  for (const auto& [label, value] : receipt.fields) key.Add(label).Add(value);
  key.Add(receipt.attachments_heading).Add(receipt.language);
  for (const auto& attachment : receipt.attachments) key.Add(attachment.name).Add(attachment.details);
  auto pdf = RenderedPdf(key.Hex(), [&]() -> std::optional<std::string> {
    auto written = ReceiptPdf(receipt);
    if (!written) return std::nullopt;
    return std::move(*written);
  });
  return PdfAnswer(services, request, shown.visitor, pdf,
                   "inline; filename=\"Eingangsbestaetigung-" + statement.reference + ".pdf\"", "private, no-store");
}

http::Response GetAttachment(Services& services, http::Request& request) {
  auto found = ShownStatement(services, request, "statement.attachment.view");
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  auto& shown = std::get<Shown>(found);
  auto position = ParseId(request.PathParam("position"));
  std::optional<std::pair<Attachment, std::string>> file;
  if (position && *position <= kMaxAttachments) {
    file = services.db.Read(
        [&](db::Tx& tx) { return AttachmentWithBytes(tx, shown.statement.id, static_cast<int>(*position)); });
  }
  if (!file) return site::ErrorResponse(services, request, 404, T(services, shown.visitor, "error.not_found"));
  http::Response response{.status = 200, .body = std::move(file->second)};
  response.SetHeader("Content-Type", file->first.content_type);
  response.SetHeader("Content-Disposition", "attachment; filename=\"anlage-" + std::to_string(*position) +
                                                "\"; filename*=UTF-8''" +
                                                site::QueryEscape(FileNameForType(SafeFileName(file->first.filename),
                                                                                  file->first.content_type)));
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Cache-Control", "private, no-store");
  response.cookies = shown.visitor.cookies;
  return response;
}

// ---- own statements and withdrawal --------------------------------------------------------------------------------

http::Response GetMine(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto own = services.db.Read([&](db::Tx& tx) { return OwnStatements(tx, visitor.user()->id); });
  boost::json::array items;
  for (const auto& item : own) {
    const Statement& statement = item.statement;
    std::string status = statement.withdrawn ? "withdrawn" : statement.late ? "late" : "submitted";
    boost::json::object entry{
        {"reference", statement.reference},
        {"procedure_title", item.procedure_title},
        {"procedure_href", ProcedurePath(item.tenant_slug, statement.procedure_id)},
        {"tenant_name", item.tenant_name},
        {"received_at", site::FormatTime(statement.received_at, visitor.locale)},
        {"status_label", T(services, visitor, "procedures.statements.state_" + status)},
        {"organisation_name", statement.organisation_name},
        {"receipt_href", ReceiptPath(item.tenant_slug, statement.procedure_id, statement.id)},
        {"procedure_status",
         StatusLabel(services, visitor.locale, StatusOn(item.phase, item.display_start, item.objection_end, Today(services)))},
    };
    // #14 item 4: hear back — the published result, with the authority's response to every statement.
    if (item.result_published) {
      entry["result_href"] = ProcedurePath(item.tenant_slug, statement.procedure_id) + "/ergebnis";
    }
    // As on the receipt page: only while a withdrawal is possible (until the period ends; Withdraw refuses after).
    if (!statement.withdrawn && services.now() < item.closes_at) {
      entry["withdraw_href"] = StatementsBase(item.tenant_slug, statement.procedure_id, statement.id) + "/zurueckziehen";
    }
    items.push_back(std::move(entry));
  }
  std::string title = T(services, visitor, "procedures.statements.mine_title");
  return site::RenderPage(services, visitor, request, "procedures_statements_mine",
                          {{"statements", std::move(items)}, {"procedures_href", "/verfahren"}}, title,
                          {.breadcrumbs = {{T(services, visitor, "procedures.statements.account"), "/konto"},
                                           {title, ""}}});
}

http::Response ShowWithdraw(Services& services, Shown& shown, const http::Request& request) {
  const std::string base = StatementsBase(shown.tenant.slug, shown.procedure.id, shown.statement.id);
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", shown.tenant.slug}, {"name", shown.tenant.name}}},
      {"procedure", boost::json::object{{"title", shown.procedure.title},
                                        {"href", ProcedurePath(shown.tenant.slug, shown.procedure.id)}}},
      {"objection", TakesObjections(shown.procedure.type)},
      {"statement", boost::json::object{{"reference", shown.statement.reference},
                                        {"received_at", site::FormatTime(shown.statement.received_at,
                                                                         shown.visitor.locale)}}},
      {"action", base + "/zurueckziehen"},
      {"receipt_href", base + "/eingang"},
  };
  std::string title = T(services, shown.visitor, "procedures.statements.withdraw_title");
  return site::RenderPage(services, shown.visitor, request, "procedures_statements_withdraw", std::move(model), title,
                          {.tenant = &shown.tenant,
                           .breadcrumbs = {{T(services, shown.visitor, "procedures.statements.mine_title"),
                                            "/stellungnahmen"},
                                           {title, ""}}});
}

http::Response GetWithdraw(Services& services, http::Request& request) {
  auto found = ShownStatement(services, request, "statement.view");
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  auto& shown = std::get<Shown>(found);
  // Only the submitter withdraws; the back office sees the receipt instead.
  if (!shown.is_submitter) {
    return site::ErrorResponse(services, request, 404, T(services, shown.visitor, "procedures.statements.not_found"));
  }
  if (shown.statement.withdrawn) {
    return site::ErrorResponse(services, request, 409,
                               T(services, shown.visitor, "procedures.statements.already_withdrawn"));
  }
  if (services.now() >= shown.procedure.closes_at) {
    return site::ErrorResponse(services, request, 409,
                               T(services, shown.visitor, "procedures.statements.withdraw_period_over"));
  }
  return ShowWithdraw(services, shown, request);
}

http::Response PostWithdraw(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const Procedure& procedure = std::get<Procedure>(found);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto statement_id = ParseId(request.PathParam("statement"));
  if (!statement_id) {
    return site::ErrorResponse(services, request, 404, T(services, visitor, "procedures.statements.not_found"));
  }
  const accounts::User& user = *visitor.user();
  db::UnixSeconds now = services.now();
  auto withdrawn = services.db.Write([&](db::Tx& tx) -> Result<Statement> {
    auto statement = FindStatement(tx, *statement_id);
    if (!statement || statement->procedure_id != procedure.id) {
      return Fail(ErrorKind::kNotFound, T(services, visitor, "procedures.statements.not_found"));
    }
    auto result = Withdraw(tx, *statement_id, user.id, now);
    if (!result) return result;
    audit::Record(tx,
                  {.actor_user_id = user.id,
                   .actor_label = user.email,
                   .tenant_id = tenant.id,
                   .action = "statement.withdraw",
                   .object = "statement:" + std::to_string(result->id),
                   .detail = "",
                   .remote_ip = request.remote_ip},
                  now);
    return result;
  });
  if (!withdrawn) {
    int status = site::StatusFor(withdrawn.error().kind);
    std::string message = withdrawn.error().field == "period"
                              ? T(services, visitor, "procedures.statements.withdraw_period_over")
                          : status == 409 ? T(services, visitor, "procedures.statements.already_withdrawn")
                                          : T(services, visitor, "procedures.statements.not_found");
    return site::ErrorResponse(services, request, status, message);
  }
  return site::RedirectWithFlash(visitor, "/stellungnahmen", "procedures.statements.flash_withdrawn");
}

// ---- API -----------------------------------------------------------------------------------------------------------

boost::json::object StatementJson(const Services& services, const Statement& statement,
                                  const std::vector<Attachment>& attachments, const tenancy::Tenant& tenant) {
  boost::json::array files;
  for (const auto& attachment : attachments) {
    files.push_back(boost::json::object{{"position", attachment.position},
                                        {"filename", attachment.filename},
                                        {"content_type", attachment.content_type},
                                        {"size", attachment.size},
                                        {"sha256", attachment.sha256}});
  }
  auto optional = [](const std::optional<std::int64_t>& value) {
    return value ? boost::json::value(*value) : boost::json::value(nullptr);
  };
  return boost::json::object{
      {"id", statement.id},
      {"procedure_id", statement.procedure_id},
      {"tenant", tenant.slug},
      {"reference", statement.reference},
      {"received_at", IsoUtc(statement.received_at)},
      {"sha256", statement.sha256},
      {"late", statement.late},
      {"state", statement.withdrawn ? "withdrawn" : "submitted"},
      {"withdrawn_at", statement.withdrawn_at ? boost::json::value(IsoUtc(*statement.withdrawn_at))
                                              : boost::json::value(nullptr)},
      {"channel", ChannelName(statement.channel)},
      {"user_id", optional(statement.user_id)},
      {"entered_by", optional(statement.entered_by)},
      {"organisation_id", optional(statement.organisation_id)},
      {"organisation_name", statement.organisation_name},
      {"publish_consent", statement.publish_consent},
      {"publish_text_consent", statement.publish_text_consent},
      {"name", statement.author_name},
      {"address", statement.author_address},
      {"email", statement.author_email},
      {"text", statement.text},
      {"document_id", optional(statement.document_id)},
      {"page", statement.page},
      {"signatories", statement.signatories},
      {"representative", statement.representative},
      {"representative_occupation", statement.representative_occupation},
      {"representative_address", statement.representative_address},
      {"attachments", std::move(files)},
      {"receipt_url", services.config.base_url + ReceiptPath(tenant.slug, statement.procedure_id, statement.id)},
  };
}

// A boolean field (false if absent or null); nullopt if present with another type.
std::optional<bool> BoolField(const boost::json::object& body, std::string_view key) {
  auto* value = body.if_contains(key);
  if (!value || value->is_null()) return false;
  if (!value->is_bool()) return std::nullopt;
  return value->as_bool();
}

http::Response PostApiStatement(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return ApiUnauthorized();
  auto id = ParseId(request.PathParam("id"));
  std::optional<Found> found;
  if (id) found = FindVisible(services, &*user, *id);
  if (!found || !IsPublic(found->procedure.phase)) {
    return ApiError({ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."});
  }
  const Procedure& procedure = found->procedure;
  const tenancy::Tenant& tenant = found->tenant;
  auto parsed = JsonBody(services, request);
  if (auto* response = std::get_if<http::Response>(&parsed)) return std::move(*response);
  const auto& body = std::get<boost::json::object>(parsed);
  db::UnixSeconds now = services.now();

  std::vector<Error> errors;
  auto text_field = [&](std::string_view key) {
    auto value = StringField(body, key);
    if (!value) {
      errors.push_back({ErrorKind::kInvalid, "Das Feld „" + std::string(key) + "“ muss ein Text sein.", std::string(key)});
      return std::string();
    }
    return *value;
  };
  std::string channel_name = text_field("channel");
  auto channel = ParseChannel(channel_name.empty() ? "online" : channel_name);
  if (!channel) {
    return ApiError({ErrorKind::kInvalid, "Der Eingangsweg muss „online“, „paper“ oder „mail“ sein.", "channel"});
  }
  bool entered_by_back_office = *channel != Channel::kOnline;
  if (!entered_by_back_office && !TakesOnlineSubmissions(procedure.type, procedure.legal)) {
    return ApiError({ErrorKind::kConflict,
                     "Einwendungen in diesem Planfeststellungsverfahren sind schriftlich oder zur Niederschrift zu "
                     "erheben (§ 73 Abs. 4 Satz 1 VwVfG); das Verfahren nennt keine Vorschrift, die sie über das Portal "
                     "zulässt. Die Sachbearbeitung erfasst schriftliche Einwendungen mit channel „paper“.",
                     "channel"});
  }
  if (entered_by_back_office &&
      !services.db.Read([&](db::Tx& tx) { return MayWork(tx, *user, tenant.id); })) {
    return ApiError({ErrorKind::kForbidden,
                     "Stellungnahmen auf Papier oder per E-Mail erfasst nur die Sachbearbeitung der Behörde."});
  }
  StatementInput input{.text = text_field("text"),
                       .name = text_field("name"),
                       .address = text_field("address"),
                       .page = text_field("page")};
  std::string received_text = text_field("received_at");
  Representative representative{text_field("representative"), text_field("representative_occupation"),
                                 text_field("representative_address")};
  std::optional<db::UnixSeconds> received_at;
  if (entered_by_back_office) {
    received_at = ParseReceivedAt(received_text);
    if (!received_at) {
      errors.push_back({ErrorKind::kInvalid,
                        "Bitte geben Sie das Eingangsdatum als ISO-Datum (2026-11-20) oder Zeitpunkt mit Zeitzone "
                        "(2026-11-20T10:15:00Z) an.",
                        "received_at"});
    } else if (*received_at > now + kFutureSlack) {
      errors.push_back({ErrorKind::kInvalid, "Das Eingangsdatum liegt in der Zukunft.", "received_at"});
    }
  } else if (!received_text.empty() || body.contains("signatories") || !representative.empty()) {
    errors.push_back({ErrorKind::kInvalid,
                      "Eingangsdatum, Unterzeichnende und Vertretung gibt nur die Sachbearbeitung bei Stellungnahmen "
                      "auf Papier oder per E-Mail an.",
                      received_text.empty() ? (representative.empty() ? "signatories" : "representative")
                                            : "received_at"});
  }
  // § 17 Abs. 1 VwVfG: name, occupation and address of a natural person, or no representative at all.
  auto valid_representative = ValidateRepresentative(representative);
  std::int64_t signatories = 1;
  if (const auto* value = body.if_contains("signatories"); value && !value->is_null()) {
    if (!value->is_int64() || value->as_int64() < 1 || value->as_int64() > kMaxSignatories) {
      errors.push_back({ErrorKind::kInvalid, "Die Zahl der Unterzeichnenden muss eine ganze Zahl ab 1 sein.",
                        "signatories"});
    } else {
      signatories = value->as_int64();
    }
  }
  if (!valid_representative) {
    errors.insert(errors.end(), valid_representative.error().begin(), valid_representative.error().end());
  }
  if (const auto* value = body.if_contains("document_id"); value && !value->is_null()) {
    if (!value->is_int64() ||
        !DocumentIds(Chapters(services, procedure, tenant, "de")).contains(value->as_int64())) {
      errors.push_back({ErrorKind::kInvalid, "Dieses Dokument gehört nicht zu dem Verfahren.", "document_id"});
    } else {
      input.document_id = value->as_int64();
    }
  }
  auto on_behalf = BoolField(body, "on_behalf_of_organisation");
  auto publish_consent = BoolField(body, "publish_consent");
  auto publish_text_consent = BoolField(body, "publish_text_consent");
  if (!on_behalf || !publish_consent || !publish_text_consent) {
    errors.push_back({ErrorKind::kInvalid,
                      "„on_behalf_of_organisation“, „publish_consent“ und „publish_text_consent“ sind true oder false.",
                      !on_behalf ? "on_behalf_of_organisation"
                                 : (!publish_consent ? "publish_consent" : "publish_text_consent")});
  } else if (*on_behalf && (entered_by_back_office || !user->organisation_id)) {
    errors.push_back({ErrorKind::kInvalid, "Sie gehören keiner Organisation an, für die Sie einreichen könnten.",
                      "on_behalf_of_organisation"});
  }
  auto validated = ValidateStatement(input, RequiresNameAndAddress(procedure.type));
  if (!validated) errors.insert(errors.begin(), validated.error().begin(), validated.error().end());
  if (!errors.empty()) return ApiInvalid(errors);
  if (!entered_by_back_office &&
      !services.limiter.Allow("procedure-statement-user:" + std::to_string(user->id), kSubmitRule, now)) {
    auto response = ApiError({ErrorKind::kRateLimited,
                              "Sie haben in der letzten Stunde sehr viele Stellungnahmen eingereicht. Bitte versuchen "
                              "Sie es später noch einmal."});
    response.SetHeader("Retry-After", "3600");
    return response;
  }
  Statement statement = services.db.Write([&](db::Tx& tx) {
    Submission submission{.input = *validated, .channel = *channel, .publish_text_consent = *publish_text_consent};
    if (entered_by_back_office) {
      submission.received_at = received_at;
      submission.entered_by = user->id;
      submission.signatories = signatories;
      submission.representative = *valid_representative;
    } else {
      submission.user_id = user->id;
      submission.author_email = user->email;
      if (*on_behalf) {
        if (auto organisation = accounts::FindOrganisation(tx, *user->organisation_id)) {
          submission.organisation_id = organisation->id;
          submission.organisation_name = organisation->name;
          submission.publish_consent = *publish_consent;
        }
      }
    }
    Statement stored = Submit(tx, procedure, submission, now);
    audit::Record(tx,
                  {.actor_user_id = user->id,
                   .actor_label = user->email,
                   .tenant_id = tenant.id,
                   .action = "statement.submit",
                   .object = "statement:" + std::to_string(stored.id),
                   .detail = std::string(ChannelName(stored.channel)) + ", API" +
                             (stored.late ? ", verspätet" : "") +
                             (stored.signatories > 1 ? ", " + std::to_string(stored.signatories) + " Unterzeichnende"
                                                     : ""),
                   .remote_ip = request.remote_ip},
                  now);
    if (!entered_by_back_office) QueueReceiptMail(services, tx, *user, tenant, procedure, stored, {}, now);
    return stored;
  });
  if (!entered_by_back_office && services.notify_outbox) services.notify_outbox();
  boost::json::object out{
      {"id", statement.id},
      {"procedure_id", procedure.id},
      {"reference", statement.reference},
      {"received_at", IsoUtc(statement.received_at)},
      {"sha256", statement.sha256},
      {"late", statement.late},
      {"channel", ChannelName(statement.channel)},
      {"receipt_url", services.config.base_url + ReceiptPath(tenant.slug, procedure.id, statement.id)},
  };
  auto response = http::Response::Json(201, boost::json::serialize(out));
  response.SetHeader("Location", "/api/v1/statements/" + std::to_string(statement.id));
  return response;
}

http::Response GetApiStatements(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return ApiUnauthorized();
  auto id = ParseId(request.PathParam("id"));
  std::optional<Found> found;
  if (id) found = FindVisible(services, &*user, *id);
  if (!found) return ApiError({ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."});
  db::UnixSeconds now = services.now();
  auto listed = services.db.Write([&](db::Tx& tx) -> std::optional<boost::json::array> {
    if (!MayWork(tx, *user, found->tenant.id)) return std::nullopt;
    auto attachments = AttachmentsOfProcedure(tx, found->procedure.id);
    boost::json::array items;
    for (const auto& statement : StatementsOf(tx, found->procedure.id)) {
      auto files = attachments.find(statement.id);
      items.push_back(StatementJson(services, statement,
                                    files == attachments.end() ? std::vector<Attachment>{} : files->second,
                                    found->tenant));
    }
    audit::Record(tx,
                  {.actor_user_id = user->id,
                   .actor_label = user->email,
                   .tenant_id = found->tenant.id,
                   .action = "statement.list",
                   .object = "procedure:" + std::to_string(found->procedure.id),
                   .detail = std::to_string(items.size()) + " Stellungnahmen",
                   .remote_ip = request.remote_ip},
                  now);
    return items;
  });
  if (!listed) {
    return ApiError({ErrorKind::kForbidden, "Die Stellungnahmen sieht nur die Sachbearbeitung der Behörde."});
  }
  boost::json::object out{{"procedure_id", found->procedure.id}, {"count", listed->size()}, {"items", std::move(*listed)}};
  return http::Response::Json(200, boost::json::serialize(out));
}

http::Response GetApiStatement(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return ApiUnauthorized();
  auto id = ParseId(request.PathParam("id"));
  db::UnixSeconds now = services.now();
  std::optional<boost::json::object> shown;
  if (id) {
    shown = services.db.Write([&](db::Tx& tx) -> std::optional<boost::json::object> {
      auto statement = FindStatement(tx, *id);
      if (!statement) return std::nullopt;
      bool is_submitter = statement->user_id && *statement->user_id == user->id;
      if (!is_submitter && !MayWork(tx, *user, statement->tenant_id)) return std::nullopt;
      auto tenant = tenancy::FindById(tx, statement->tenant_id);
      if (!tenant) return std::nullopt;
      if (!is_submitter) {
        audit::Record(tx,
                      {.actor_user_id = user->id,
                       .actor_label = user->email,
                       .tenant_id = statement->tenant_id,
                       .action = "statement.view",
                       .object = "statement:" + std::to_string(statement->id),
                       .detail = "API",
                       .remote_ip = request.remote_ip},
                      now);
      }
      return StatementJson(services, *statement, AttachmentsOf(tx, statement->id), *tenant);
    });
  }
  if (!shown) return ApiError({ErrorKind::kNotFound, "Diese Stellungnahme gibt es nicht."});
  return http::Response::Json(200, boost::json::serialize(*shown));
}

// ---- data export -----------------------------------------------------------------------------------------------

void ExportStatements(db::Tx& tx, const accounts::User& user, boost::json::object& out) {
  boost::json::array items;
  for (const auto& own : OwnStatements(tx, user.id)) {
    const Statement& statement = own.statement;
    boost::json::array files;
    for (const auto& attachment : AttachmentsOf(tx, statement.id)) {
      files.push_back(boost::json::object{{"filename", attachment.filename},
                                          {"content_type", attachment.content_type},
                                          {"size", attachment.size},
                                          {"sha256", attachment.sha256}});
    }
    items.push_back(boost::json::object{
        {"reference", statement.reference},
        {"procedure_id", statement.procedure_id},
        {"procedure_title", own.procedure_title},
        {"tenant", own.tenant_slug},
        {"received_at", IsoUtc(statement.received_at)},
        {"channel", ChannelName(statement.channel)},
        {"name", statement.author_name},
        {"address", statement.author_address},
        {"email", statement.author_email},
        {"organisation_name", statement.organisation_name},
        {"publish_consent", statement.publish_consent},
        {"publish_text_consent", statement.publish_text_consent},
        {"text", statement.text},
        {"page", statement.page},
        {"sha256", statement.sha256},
        {"late", statement.late},
        {"state", statement.withdrawn ? "withdrawn" : "submitted"},
        {"withdrawn_at", statement.withdrawn_at ? boost::json::value(IsoUtc(*statement.withdrawn_at))
                                                : boost::json::value(nullptr)},
        {"attachments", std::move(files)},
    });
  }
  out["procedures"] = boost::json::object{{"statements", std::move(items)}};
}

}  // namespace

void RegisterStatementRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // The statement's text in UTF-8 (up to 4 bytes a character) plus the other fields; attachments as files.
  constexpr std::uint64_t kTextField = kMaxStatementChars * 4 + 1024;
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/stellungnahme", bind(GetForm));
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/stellungnahme", bind(PostForm),
             {.body_limit = kMaxAttachments * kMaxAttachmentBytes + kTextField + 64 * 1024,
              .multipart = true,
              .field_limit = kTextField,
              .max_files = kMaxAttachments + 1,
              .before_body = site::DraftKeepingFormGate(services)});
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/stellungnahmen/{statement}/eingang", bind(GetReceipt));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/stellungnahmen/{statement}/eingang.pdf", bind(GetReceiptPdf));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/stellungnahmen/{statement}/anlagen/{position}",
             bind(GetAttachment));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/stellungnahmen/{statement}/zurueckziehen", bind(GetWithdraw));
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/stellungnahmen/{statement}/zurueckziehen", bind(PostWithdraw));
  router.Add(Method::kGet, "/stellungnahmen", bind(GetMine));

  // JSON escapes may take six bytes per character.
  router.Add(Method::kPost, "/api/v1/procedures/{id}/statements", bind(PostApiStatement),
             {.body_limit = kMaxStatementChars * 6 + 64 * 1024, .before_body = site::ApiGate(services)});
  router.Add(Method::kGet, "/api/v1/procedures/{id}/statements", bind(GetApiStatements));
  router.Add(Method::kGet, "/api/v1/statements/{id}", bind(GetApiStatement));

  services.export_sources.push_back(ExportStatements);
}

}  // namespace mw::procedures
