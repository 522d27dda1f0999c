// The editors' pages of the procedures format: the tenant's procedures with their drafts, the form to create and
// edit a procedure with its computed dates, the steps of its life (publish, hearing, decision, archive) as POST
// forms, and the announcement text (page and plain-text download). The API is in editor_api.cpp; the writes and the
// rules of what may change after publication in editor_steps.cpp.
#include <algorithm>
#include <variant>

#include "formats/procedures/announcement.hpp"
#include "formats/procedures/editor_steps.hpp"
#include "formats/procedures/handlers.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

using site::Services;
using site::Visitor;

std::string ListPath(const tenancy::Tenant& tenant) {
  return "/" + tenant.slug + "/verfahren/verwaltung";
}
std::string EditPath(const tenancy::Tenant& tenant, std::int64_t id) {
  return ProcedurePath(tenant.slug, id) + "/bearbeiten";
}

bool VisitorMayEdit(Services& services, const Visitor& visitor, const tenancy::Tenant& tenant) {
  const accounts::User* user = visitor.user();
  return user && services.db.Read([&](db::Tx& tx) { return MayEdit(tx, *user, tenant.id); });
}

bool VisitorMayWork(Services& services, const Visitor& visitor, const tenancy::Tenant& tenant) {
  const accounts::User* user = visitor.user();
  return user && services.db.Read([&](db::Tx& tx) { return MayWork(tx, *user, tenant.id); });
}

std::vector<web::Crumb> Crumbs(const Services& services, const Visitor& visitor, const tenancy::Tenant& tenant,
                               std::string last) {
  std::vector<web::Crumb> crumbs{{tenant.name, "/" + tenant.slug, true},
                                 {T(services, visitor, "procedures.editor.list_title"), ListPath(tenant)}};
  crumbs.emplace_back(std::move(last), "");
  return crumbs;
}

// A date of the form: "2026-12-07" (what <input type="date"> sends) or "07.12.2026".
std::optional<law::Date> ParseDateField(std::string_view text) {
  text = Trim(text);
  if (auto iso = law::ParseIsoDate(text)) return *iso;
  if (text.size() == 10 && text[2] == '.' && text[5] == '.') {
    std::string iso =
        std::string(text.substr(6, 4)) + "-" + std::string(text.substr(3, 2)) + "-" + std::string(text.substr(0, 2));
    if (auto parsed = law::ParseIsoDate(iso)) return *parsed;
  }
  return std::nullopt;
}

// The procedure form as submitted: the input, the values to refill and the problems of its dates and type.
struct FormInput {
  ProcedureInput input;
  boost::json::object values;
  std::vector<Error> errors;
};

// The form's values of the legal details (the fields that stay editable after publication).
boost::json::object LegalValues(const LegalDetails& legal) {
  return {{"plan_type", legal.plan_type},
          {"plan_fnp", legal.plan_type == kPlanFnp},
          {"plan_bplan", legal.plan_type == kPlanBplan},
          {"environmental_info", legal.environmental_info},
          {"site", legal.site},
          {"installation", legal.installation},
          {"operation_start", legal.operation_start},
          {"reports", legal.reports},
          {"cross_border", legal.cross_border},
          {"repeated", legal.repeated},
          {"repeated_scope", legal.repeated_scope},
          {"repeat_reason", legal.repeat_reason},
          {"online_objection_basis", legal.online_objection_basis},
          {"filing_municipality", legal.filing_municipality}};
}

// `fixed`: the procedure is published, type, flags, first day and announcement are not part of the form.
FormInput ReadForm(const http::Request& request, bool fixed) {
  FormInput form;
  auto& input = form.input;
  input.title = request.Form("title");
  input.description = request.Form("description");
  input.applicant = request.Form("applicant");
  input.documents_location = request.Form("documents_location");
  input.geometry = std::string(Trim(request.Form("geometry")));
  input.publish_statements = request.Form("publish_statements") == "yes";
  form.values = {{"title", input.title},
                 {"description", input.description},
                 {"applicant", input.applicant},
                 {"documents_location", input.documents_location},
                 {"geometry", input.geometry},
                 {"publish_statements", input.publish_statements}};
  auto bad_date = [&](std::string field) {
    form.errors.push_back(
        {ErrorKind::kInvalid, "Bitte geben Sie das Datum als TT.MM.JJJJ oder JJJJ-MM-TT an.", std::move(field)});
  };
  // A date field that may stay empty: kept for the form, then the date or a field error.
  auto optional_date = [&](const std::string& field) -> std::optional<law::Date> {
    const std::string text = request.Form(field);
    form.values[field] = text;
    if (Trim(text).empty()) return std::nullopt;
    if (auto date = ParseDateField(text)) return *date;
    bad_date(field);
    return std::nullopt;
  };
  if (!fixed) {
    const std::string type = request.Form("type");
    form.values["type"] = type;
    if (auto parsed = ParseType(type)) {
      input.type = *parsed;
    } else {
      form.errors.push_back({ErrorKind::kInvalid, "Bitte wählen Sie die Art des Verfahrens.", "type"});
    }
    input.ied = request.Form("ied") == "yes";
    input.uvp = request.Form("uvp") == "yes";
    form.values["ied"] = input.ied;
    form.values["uvp"] = input.uvp;
    const std::string start = request.Form("display_start");
    form.values["display_start"] = start;
    if (Trim(start).empty()) {
      form.errors.push_back({ErrorKind::kInvalid, "Bitte geben Sie den ersten Tag der Auslegung an.", "display_start"});
    } else if (auto date = ParseDateField(start)) {
      input.display_start = *date;
    } else {
      bad_date("display_start");
    }
    input.announcement = optional_date("announcement_date");
    input.legal.last_announcement = optional_date("last_announcement_date");
    input.legal.filing_ags = std::string(Trim(request.Form("filing_ags")));
    form.values["filing_ags"] = input.legal.filing_ags;
  }
  // What the announcement says beyond the dates (LegalDetails).
  LegalDetails& legal = input.legal;
  legal.plan_type = std::string(Trim(request.Form("plan_type")));
  legal.environmental_info = request.Form("environmental_info");
  legal.site = request.Form("site");
  legal.installation = request.Form("installation");
  legal.operation_start = request.Form("operation_start");
  legal.reports = request.Form("reports");
  legal.cross_border = request.Form("cross_border") == "yes";
  legal.repeated = request.Form("repeated") == "yes";
  legal.repeated_scope = request.Form("repeated_scope");
  legal.repeat_reason = request.Form("repeat_reason");
  legal.online_objection_basis = request.Form("online_objection_basis");
  legal.filing_municipality = request.Form("filing_municipality");
  for (auto& [key, value] : LegalValues(legal)) form.values[key] = value;
  legal.shortened_objection_end = optional_date("shortened_objection_end");
  input.display_end = optional_date("display_end");
  return form;
}

// The form's values of a stored procedure. The last day of display is only filled in when it differs from what the
// law gives without it, so that moving the first day of a draft moves the last day with it.
boost::json::object ValuesOf(const Procedure& procedure, const tenancy::Tenant& tenant, law::Date today) {
  auto defaults = PlanDates(StatutoryInputOf(procedure), tenant.land, tenant.ags, today);
  bool default_end = procedure.phase == Phase::kDraft && defaults && defaults->display_end == procedure.display_end;
  boost::json::object values{{"type", TypeName(procedure.type)},
          {"title", procedure.title},
          {"description", procedure.description},
          {"applicant", procedure.applicant},
          {"ied", procedure.ied},
          {"uvp", procedure.uvp},
          {"display_start", law::FormatIso(procedure.display_start)},
          {"display_end", default_end ? std::string() : law::FormatIso(procedure.display_end)},
          {"announcement_date", procedure.announcement ? law::FormatIso(*procedure.announcement) : std::string()},
          {"documents_location", procedure.documents_location},
          {"geometry", procedure.geometry},
          {"publish_statements", procedure.publish_statements},
          {"last_announcement_date",
           procedure.legal.last_announcement ? law::FormatIso(*procedure.legal.last_announcement) : std::string()},
          {"filing_ags", procedure.legal.filing_ags},
          {"shortened_objection_end", procedure.legal.shortened_objection_end
                                          ? law::FormatIso(*procedure.legal.shortened_objection_end)
                                          : std::string()}};
  for (auto& [key, value] : LegalValues(procedure.legal)) values[key] = value;
  return values;
}

// What the form page shows besides the procedure.
struct FormPage {
  boost::json::object values;
  std::vector<Error> errors;
  int status = 200;
  boost::json::object step_values;  // the hearing and decision fields after a failed step
};

http::Response ShowForm(Services& services, Visitor& visitor, const http::Request& request,
                        const tenancy::Tenant& tenant, const std::optional<Procedure>& procedure, FormPage page) {
  const bool editing = procedure.has_value();
  const bool fixed = editing && procedure->phase != Phase::kDraft;
  const bool editable = !editing || IsEditable(procedure->phase);
  const std::string chosen = page.values.contains("type") ? std::string(page.values["type"].as_string()) : "";
  boost::json::array types;
  for (Type type : AllTypes()) {
    types.push_back(boost::json::object{{"value", TypeName(type)},
                                        {"label", TypeLabel(services, visitor.locale, type)},
                                        {"selected", TypeName(type) == chosen}});
  }
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
      {"editing", editing},
      {"editable", editable},
      {"action", editing ? EditPath(tenant, procedure->id) : "/" + tenant.slug + "/verfahren/neu"},
      {"list_href", ListPath(tenant)},
      {"types", std::move(types)},
      {"values", std::move(page.values)}};
  if (editing) {
    const Procedure& stored = *procedure;
    const std::string base = ProcedurePath(tenant.slug, stored.id);
    boost::json::object item = ProcedureModel(services, visitor.locale, stored, tenant);
    item["phase_label"] = T(services, visitor, "procedures.editor.phase." + std::string(PhaseName(stored.phase)));
    item["warnings"] = JsonLines(stored.warnings);
    if (stored.hearing_at) item["hearing_at"] = FormatBerlinDateTime(*stored.hearing_at);
    if (stored.announcement) item["announcement_date"] = DateLabel(*stored.announcement, visitor.locale);
    model["procedure"] = std::move(item);
    if (fixed) {
      model["fixed"] = boost::json::object{{"type_label", TypeLabel(services, visitor.locale, stored.type)},
                                           {"display_start", DateLabel(stored.display_start, visitor.locale)},
                                           {"ied", stored.ied},
                                           {"uvp", stored.uvp}};
    }
    // Never empty (an empty object hides the section): errors of the steps link to it.
    boost::json::object steps{{"procedure_id", stored.id}};
    if (stored.phase == Phase::kDraft) steps["publish_action"] = base + "/veroeffentlichen";
    if (HasHearing(stored.type) && editable) {
      boost::json::object hearing{{"action", base + "/eroerterung"},
                                  {"at", stored.hearing_at ? FormatBerlinDateTimeInput(*stored.hearing_at) : ""},
                                  {"place", stored.hearing_place}};
      if (page.step_values.contains("hearing_at")) hearing["at"] = page.step_values["hearing_at"];
      if (page.step_values.contains("hearing_place")) hearing["place"] = page.step_values["hearing_place"];
      steps["hearing"] = std::move(hearing);
    }
    if (HasHearing(stored.type) && stored.phase == Phase::kPublished) {
      steps["start_hearing_action"] = base + "/eroerterung-beginnen";
    }
    if (stored.phase == Phase::kPublished || stored.phase == Phase::kHearing) {
      steps["decide_action"] = base + "/entscheiden";
      auto entered = [&](std::string_view key) {
        auto* value = page.step_values.if_contains(key);
        return value && value->is_string() ? std::string(value->as_string()) : std::string();
      };
      const std::string outcome = entered("outcome").empty() ? "granted" : entered("outcome");
      boost::json::array outcomes;
      for (Outcome option : {Outcome::kGranted, Outcome::kRejected, Outcome::kEnded}) {
        const std::string name(OutcomeName(option));
        outcomes.push_back({{"value", name},
                            {"label", services.renderer.T(visitor.locale, "procedures.editor.outcome." + name)},
                            {"checked", name == outcome}});
      }
      steps["decision"] = boost::json::object{{"notice", NoticeReplacesService(stored.type)},
                                              {"bimschg", stored.type == Type::kBimschg},
                                              {"outcomes", std::move(outcomes)},
                                              {"text", entered("decision_text")},
                                              {"remedies", entered("remedies")},
                                              {"conditions", entered("conditions") == "yes"}};
    }
    if (stored.phase == Phase::kDecided) steps["archive_action"] = base + "/archivieren";
    model["steps"] = std::move(steps);
    model["public_href"] = base;
    model["documents_href"] = base + "/dokumente";
    model["announcement"] = AnnouncementText(stored, tenant, services.config.base_url + base);
    model["announcement_href"] = base + "/bekanntmachung.txt";
    auto versions = services.db.Read([&](db::Tx& tx) { return AnnouncementVersions(tx, stored.id); });
    model["announcement_versions"] = AnnouncementVersionLinks(versions, base, visitor.locale);
    model["has_announcement_versions"] = !versions.empty();
  }
  // A problem without a field points to the form, or to the steps when there is no form.
  for (auto& error : page.errors) {
    if (error.field.empty()) error.field = editable ? "form" : "steps";
  }
  site::AddErrors(model, page.errors);
  std::string title = T(services, visitor, editing ? "procedures.editor.edit_title" : "procedures.editor.new_title");
  std::string heading = editing ? procedure->title : title;
  return site::RenderPage(
      services, visitor, request, "procedures_editor_form", std::move(model),
      page.errors.empty() ? title : T(services, visitor, "procedures.editor.error_prefix") + title,
      {.status = page.status, .tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, heading)});
}

// Resolves visitor and tenant and checks that the visitor edits the tenant's procedures, or gives the response.
std::variant<Entered, http::Response> EnterAsEditor(Services& services, const http::Request& request) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!VisitorMayEdit(services, visitor, tenant)) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "error.forbidden"));
  }
  return entered;
}

// --- handlers ---

http::Response GetList(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!VisitorMayWork(services, visitor, tenant)) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "error.forbidden"));
  }
  const bool may_edit = VisitorMayEdit(services, visitor, tenant);
  auto list = services.db.Read(
      [&](db::Tx& tx) { return List(tx, {.tenant_id = tenant.id, .public_only = false, .limit = 500}); });
  const law::Date today = Today(services);
  boost::json::array items;
  for (const auto& procedure : list) {
    Status status = procedure.StatusOn(today);
    boost::json::object item{{"title", procedure.title},
                             {"href", ProcedurePath(tenant.slug, procedure.id)},
                             {"type_label", TypeLabel(services, visitor.locale, procedure.type)},
                             {"status_label", StatusLabel(services, visitor.locale, status)},
                             {"display_start", DateLabel(procedure.display_start, visitor.locale)},
                             {"display_end", DateLabel(procedure.display_end, visitor.locale)},
                             {"objection_end", DateLabel(procedure.objection_end, visitor.locale)}};
    if (may_edit) item["edit_href"] = EditPath(tenant, procedure.id);
    items.push_back(std::move(item));
  }
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"procedures", std::move(items)},
                            {"public_href", "/" + tenant.slug + "/verfahren"}};
  if (may_edit) model["new_href"] = "/" + tenant.slug + "/verfahren/neu";
  std::string title = T(services, visitor, "procedures.editor.list_title");
  return site::RenderPage(services, visitor, request, "procedures_editor_list", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = {{tenant.name, "/" + tenant.slug, true}, {title, ""}}});
}

http::Response GetNew(Services& services, http::Request& request) {
  auto entered = EnterAsEditor(services, request);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  return ShowForm(services, visitor, request, tenant, std::nullopt,
                  {.values = {{"type", ""}, {"publish_statements", false}}});
}

http::Response PostNew(Services& services, http::Request& request) {
  auto entered = EnterAsEditor(services, request);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  FormInput form = ReadForm(request, /*fixed=*/false);
  auto errors = ValidateProcedure(form.input);
  errors.insert(errors.begin(), form.errors.begin(), form.errors.end());
  if (!errors.empty()) {
    return ShowForm(services, visitor, request, tenant, std::nullopt,
                    {.values = std::move(form.values), .errors = std::move(errors), .status = 422});
  }
  auto created = CreateProcedure(services, *visitor.user(), tenant, form.input, {.remote_ip = request.remote_ip});
  if (!created) {
    return ShowForm(services, visitor, request, tenant, std::nullopt,
                    {.values = std::move(form.values), .errors = created.error(), .status = 422});
  }
  return site::RedirectWithFlash(visitor, EditPath(tenant, created->id), "procedures.editor.flash_created");
}

http::Response GetEdit(Services& services, http::Request& request) {
  auto entered = EnterAsEditor(services, request);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& procedure = std::get<Procedure>(found);
  return ShowForm(services, visitor, request, tenant, procedure,
                  {.values = ValuesOf(procedure, tenant, Today(services))});
}

http::Response PostEdit(Services& services, http::Request& request) {
  auto entered = EnterAsEditor(services, request);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& procedure = std::get<Procedure>(found);
  const bool fixed = procedure.phase != Phase::kDraft;
  FormInput form = ReadForm(request, fixed);
  if (fixed) {
    // The announced fields are shown as text; refill them from the stored procedure.
    boost::json::object stored = ValuesOf(procedure, tenant, Today(services));
    for (const char* key : {"type", "ied", "uvp", "display_start", "announcement_date", "last_announcement_date",
                            "filing_ags"}) {
      form.values[key] = stored[key];
    }
  }
  std::vector<Error> errors = form.errors;
  if (errors.empty()) {
    auto saved = EditProcedure(services, *visitor.user(), procedure.id, form.input, {.remote_ip = request.remote_ip});
    if (saved) return site::RedirectWithFlash(visitor, EditPath(tenant, procedure.id), "procedures.editor.flash_saved");
    errors = saved.error();
  } else {
    auto more = ValidateProcedure(form.input);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  int status = errors.front().kind == ErrorKind::kConflict ? 409 : 422;
  return ShowForm(services, visitor, request, tenant, procedure,
                  {.values = std::move(form.values), .errors = std::move(errors), .status = status});
}

http::Response PostStep(Services& services, http::Request& request, EditorStep step) {
  auto entered = EnterAsEditor(services, request);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& procedure = std::get<Procedure>(found);
  StepInput input;
  boost::json::object step_values;
  std::optional<Error> problem;
  if (step == EditorStep::kSetHearing) {
    const std::string at = request.Form("hearing_at");
    input.hearing_place = request.Form("hearing_place");
    step_values = {{"hearing_at", at}, {"hearing_place", input.hearing_place}};
    if (!Trim(at).empty()) {
      input.hearing_at = ParseBerlinDateTime(Trim(at));
      if (!input.hearing_at) {
        problem =
            Error{ErrorKind::kInvalid, "Bitte geben Sie Datum und Uhrzeit als JJJJ-MM-TTTHH:MM an.", "hearing_at"};
      }
    }
  }
  if (step == EditorStep::kDecide) {
    const std::string outcome = request.Form("outcome");
    input.decision = {.outcome = ParseOutcome(outcome).value_or(Outcome::kGranted),
                      .operative_part = request.Form("decision_text"),
                      .remedies = request.Form("remedies"),
                      .conditions = request.Form("conditions") == "yes"};
    step_values = {{"outcome", outcome},
                   {"decision_text", input.decision.operative_part},
                   {"remedies", input.decision.remedies},
                   {"conditions", request.Form("conditions")}};
    if (!outcome.empty() && !ParseOutcome(outcome)) {
      problem = Error{ErrorKind::kInvalid, "Bitte wählen Sie, wie das Verfahren endet.", "outcome"};
    }
  }
  if (!problem) {
    auto taken = TakeEditorStep(services, *visitor.user(), procedure.id, step, input, {.remote_ip = request.remote_ip});
    if (taken) {
      // Flash keys are [a-z_.]: "start-hearing" becomes "start_hearing".
      std::string key = "procedures.editor.flash_step." + std::string(EditorStepName(step));
      std::replace(key.begin(), key.end(), '-', '_');
      return site::RedirectWithFlash(visitor, EditPath(tenant, procedure.id), key);
    }
    problem = taken.error();
  }
  // A problem without a field points to the steps' section.
  if (problem->field.empty()) problem->field = "steps";
  int status = site::StatusFor(problem->kind);
  if (status == 400) status = 422;
  return ShowForm(services, visitor, request, tenant, procedure,
                  {.values = ValuesOf(procedure, tenant, Today(services)),
                   .errors = {*problem},
                   .status = status,
                   .step_values = std::move(step_values)});
}

// The announcement as a plain-text file, for the official gazette and the notice board.
http::Response GetAnnouncement(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& procedure = std::get<Procedure>(found);
  // Once published, the announcement is the frozen latest version, never a text generated anew.
  auto versions = services.db.Read([&](db::Tx& tx) { return AnnouncementVersions(tx, procedure.id); });
  std::string text =
      versions.empty()
          ? AnnouncementText(procedure, tenant, services.config.base_url + ProcedurePath(tenant.slug, procedure.id))
          : AnnouncementVersionText(versions.back(), versions.size() > 1 ? &versions[versions.size() - 2] : nullptr);
  auto response = http::Response::Text(200, text);
  response.SetHeader("Content-Type", "text/plain; charset=utf-8");
  response.SetHeader("Content-Disposition",
                     "attachment; filename=\"bekanntmachung-" + std::to_string(procedure.id) + ".txt\"");
  if (!IsPublic(procedure.phase)) response.SetHeader("Cache-Control", "private, no-store");
  return response;
}

// The notice of the decision as plain text (DecisionNoticeText): /{tenant}/verfahren/{id}/entscheidung.txt, once
// decided. The decision's fields never change after the step, so the text is generated, not frozen.
http::Response GetDecisionNotice(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& procedure = std::get<Procedure>(found);
  if (!procedure.decided_at) return site::ErrorResponse(services, request, 404, T(services, visitor, "error.not_found"));
  auto response = http::Response::Text(
      200, DecisionNoticeText(procedure, tenant, services.config.base_url + ProcedurePath(tenant.slug, procedure.id)));
  response.SetHeader("Content-Type", "text/plain; charset=utf-8");
  response.SetHeader("Content-Disposition",
                     "attachment; filename=\"entscheidung-" + std::to_string(procedure.id) + ".txt\"");
  return response;
}

// One frozen version of the announcement, as plain text: /{tenant}/verfahren/{id}/bekanntmachung/{version}.
http::Response GetAnnouncementVersion(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto found = ProcedureOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& procedure = std::get<Procedure>(found);
  auto number = ParseId(request.PathParam("version"));
  std::optional<AnnouncementVersion> version;
  std::optional<AnnouncementVersion> previous;
  if (number && *number > 0 && *number < 1'000'000) {
    services.db.Read([&](db::Tx& tx) {
      version = FindAnnouncementVersion(tx, procedure.id, static_cast<int>(*number));
      if (version && version->version > 1) previous = FindAnnouncementVersion(tx, procedure.id, version->version - 1);
    });
  }
  if (!version) return site::ErrorResponse(services, request, 404, T(services, visitor, "error.not_found"));
  auto response = http::Response::Text(200, AnnouncementVersionText(*version, previous ? &*previous : nullptr));
  response.SetHeader("Content-Type", "text/plain; charset=utf-8");
  return response;
}

}  // namespace

void RegisterEditorRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // The geometry may have kMaxGeometryBytes and the description kMaxDescriptionChars of up to four bytes each;
  // URL encoding may triple every byte.
  constexpr std::uint64_t kFieldLimit = kMaxGeometryBytes + 16 * 1024;
  constexpr std::uint64_t kBodyLimit =
      3 * (kMaxGeometryBytes + 4 * (kMaxDescriptionChars + 2 * kMaxEnvironmentalInfoChars + 6 * kMaxDetailChars) +
           16 * 1024);
  // Editors only: everyone else is refused before the body is read.
  http::RouteOptions form{.body_limit = kBodyLimit,
                          .field_limit = kFieldLimit,
                          .before_body = site::FormGate(services, MayEditInPathTenant())};
  // The decision: the operative part and the remedies, each up to four bytes a character, URL encoding triples.
  http::RouteOptions step_form{.body_limit = 3 * (4 * (kMaxDescriptionChars + kMaxRemediesChars) + 8 * 1024),
                               .field_limit = 4 * kMaxDescriptionChars + 1024,
                               .before_body = site::FormGate(services, MayEditInPathTenant())};

  router.Add(Method::kGet, "/{tenant}/verfahren/verwaltung", bind(GetList));
  router.Add(Method::kGet, "/{tenant}/verfahren/neu", bind(GetNew));
  router.Add(Method::kPost, "/{tenant}/verfahren/neu", bind(PostNew), form);
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bearbeiten", bind(GetEdit));
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeiten", bind(PostEdit), form);
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bekanntmachung.txt", bind(GetAnnouncement));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/entscheidung.txt", bind(GetDecisionNotice));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bekanntmachung/{version}", bind(GetAnnouncementVersion));
  const std::pair<std::string_view, EditorStep> kStepPaths[] = {{"veroeffentlichen", EditorStep::kPublish},
                                                                {"eroerterung", EditorStep::kSetHearing},
                                                                {"eroerterung-beginnen", EditorStep::kStartHearing},
                                                                {"entscheiden", EditorStep::kDecide},
                                                                {"archivieren", EditorStep::kArchive}};
  for (const auto& [path, step] : kStepPaths) {
    router.Add(
        Method::kPost, "/{tenant}/verfahren/{id}/" + std::string(path),
        [&services, step](http::Request& request) { return PostStep(services, request, step); }, step_form);
  }
  RegisterEditorApiRoutes(router, services);
}

}  // namespace mw::procedures
