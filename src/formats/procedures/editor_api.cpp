// The editors' part of the JSON API: create a procedure of a tenant, publish it and take the later steps. Every call
// needs a personal API token (Authorization: Bearer …) of an editor or admin of the tenant; errors are problem
// details with a German `detail` (common.cpp).
#include <boost/json.hpp>

#include "formats/procedures/editor_steps.hpp"
#include "formats/procedures/handlers.hpp"
#include "platform/core/text.hpp"
#include "platform/site/context.hpp"

namespace mw::procedures {
namespace {

using site::Services;

http::Response BadRequest(std::string_view detail) {
  return ApiError({ErrorKind::kInvalid, std::string(detail)});
}

// An optional boolean field: false if absent or null; nullopt if present with another type.
std::optional<bool> BoolField(const boost::json::object& body, std::string_view key) {
  auto* value = body.if_contains(key);
  if (!value || value->is_null()) return false;
  if (!value->is_bool()) return std::nullopt;
  return value->as_bool();
}

// The request body as a procedure input, or the answer (400 for wrong JSON types, 422 for refused values).
std::variant<ProcedureInput, http::Response> InputFromJson(const boost::json::object& body) {
  ProcedureInput input;
  auto type = StringField(body, "type");
  auto title = StringField(body, "title");
  auto description = StringField(body, "description");
  auto applicant = StringField(body, "applicant");
  auto location = StringField(body, "documents_location");
  auto start = StringField(body, "display_start");
  auto end = StringField(body, "display_end");
  auto announced = StringField(body, "announcement_date");
  auto ied = BoolField(body, "ied");
  auto uvp = BoolField(body, "uvp");
  auto publish = BoolField(body, "publish_statements");
  auto plan_type = StringField(body, "plan_type");
  auto environmental_info = StringField(body, "environmental_info");
  auto site = StringField(body, "site");
  auto installation = StringField(body, "installation");
  auto operation_start = StringField(body, "operation_start");
  auto reports = StringField(body, "reports");
  auto repeated_scope = StringField(body, "repeated_scope");
  auto repeat_reason = StringField(body, "repeat_reason");
  auto online_basis = StringField(body, "online_objection_basis");
  auto shortened_end = StringField(body, "shortened_objection_end");
  auto last_announced = StringField(body, "last_announcement_date");
  auto filing_municipality = StringField(body, "filing_municipality");
  auto filing_ags = StringField(body, "filing_ags");
  auto cross_border = BoolField(body, "cross_border");
  auto repeated = BoolField(body, "repeated");
  if (!type || !title || !description || !applicant || !location || !start || !end || !announced || !ied || !uvp ||
      !publish || !plan_type || !environmental_info || !site || !installation || !operation_start || !reports ||
      !repeated_scope || !repeat_reason || !shortened_end || !online_basis || !last_announced || !filing_municipality || !filing_ags ||
      !cross_border || !repeated) {
    return BadRequest(
        "Ein Feld hat den falschen Typ: Texte und Daten sind Zeichenketten, ied, uvp, publish_statements, "
        "cross_border und repeated Wahrheitswerte, geometry ein GeoJSON-Objekt.");
  }
  std::vector<Error> errors;
  if (auto parsed = ParseType(*type)) {
    input.type = *parsed;
  } else {
    errors.push_back({ErrorKind::kInvalid,
                      "Die Art des Verfahrens muss consultation, baugb-3-1, baugb-3-2, baugb-4-2, bimschg oder "
                      "vwvfg-73 sein.",
                      "type"});
  }
  auto date = [&](const std::string& text, std::string_view field, bool required) -> std::optional<law::Date> {
    if (text.empty()) {
      if (required) errors.push_back({ErrorKind::kInvalid, "Bitte geben Sie das Datum an.", std::string(field)});
      return std::nullopt;
    }
    auto parsed = law::ParseIsoDate(text);
    if (!parsed) {
      errors.push_back({ErrorKind::kInvalid, "Das Datum muss die Form JJJJ-MM-TT haben.", std::string(field)});
      return std::nullopt;
    }
    return *parsed;
  };
  if (auto first = date(*start, "display_start", true)) input.display_start = *first;
  input.display_end = date(*end, "display_end", false);
  input.announcement = date(*announced, "announcement_date", false);
  input.legal.last_announcement = date(*last_announced, "last_announcement_date", false);
  input.legal.plan_type = std::string(Trim(*plan_type));
  input.legal.environmental_info = *environmental_info;
  input.legal.site = *site;
  input.legal.installation = *installation;
  input.legal.operation_start = *operation_start;
  input.legal.reports = *reports;
  input.legal.repeated_scope = *repeated_scope;
  input.legal.repeat_reason = *repeat_reason;
  input.legal.online_objection_basis = *online_basis;
  input.legal.shortened_objection_end = date(*shortened_end, "shortened_objection_end", false);
  input.legal.filing_municipality = *filing_municipality;
  input.legal.filing_ags = std::string(Trim(*filing_ags));
  input.legal.cross_border = *cross_border;
  input.legal.repeated = *repeated;
  input.title = *title;
  input.description = *description;
  input.applicant = *applicant;
  input.documents_location = *location;
  input.ied = *ied;
  input.uvp = *uvp;
  input.publish_statements = *publish;
  if (auto* geometry = body.if_contains("geometry"); geometry && !geometry->is_null()) {
    if (geometry->is_object()) {
      input.geometry = boost::json::serialize(*geometry);
    } else if (geometry->is_string()) {
      input.geometry = std::string(geometry->as_string());
    } else {
      return BadRequest("geometry muss ein GeoJSON-Objekt sein.");
    }
  }
  auto more = ValidateProcedure(input);
  errors.insert(errors.end(), more.begin(), more.end());
  if (!errors.empty()) return ApiInvalid(errors);
  return input;
}

http::Response ProcedureResponse(Services& services, int status, std::int64_t id) {
  auto found = services.db.Read([&](db::Tx& tx) -> std::optional<Found> {
    auto procedure = Find(tx, id);
    if (!procedure) return std::nullopt;
    auto tenant = tenancy::FindById(tx, procedure->tenant_id);
    if (!tenant) return std::nullopt;
    return Found{std::move(*procedure), std::move(*tenant)};
  });
  if (!found) return ApiError({ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."});
  return http::Response::Json(status, boost::json::serialize(ProcedureJson(services, found->procedure, found->tenant)));
}

http::Response ApiCreate(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return ApiUnauthorized();
  auto tenant = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, request.PathParam("slug")); });
  if (!tenant) return ApiError({ErrorKind::kNotFound, "Diesen Mandanten gibt es nicht."});
  if (!services.db.Read([&](db::Tx& tx) { return MayEdit(tx, *user, tenant->id); })) {
    return ApiError({ErrorKind::kForbidden, "Nur die Redaktion des Mandanten darf Verfahren anlegen."});
  }
  auto body = JsonBody(services, request);
  if (auto* response = std::get_if<http::Response>(&body)) return std::move(*response);
  auto input = InputFromJson(std::get<boost::json::object>(body));
  if (auto* response = std::get_if<http::Response>(&input)) return std::move(*response);
  auto created = CreateProcedure(services, *user, *tenant, std::get<ProcedureInput>(input),
                                 {.remote_ip = request.remote_ip, .channel = "api"});
  if (!created) {
    const auto& errors = created.error();
    if (errors.size() == 1 && errors.front().field.empty()) return ApiError(errors.front());
    return ApiInvalid(errors);
  }
  auto response = http::Response::Json(201, boost::json::serialize(ProcedureJson(services, *created, *tenant)));
  response.SetHeader("Location", "/api/v1/procedures/" + std::to_string(created->id));
  return response;
}

http::Response ApiStep(Services& services, http::Request& request, std::optional<EditorStep> fixed_step) {
  auto user = site::ApiUser(services, request);
  if (!user) return ApiUnauthorized();
  auto id = ParseId(request.PathParam("id"));
  auto step = fixed_step ? fixed_step : ParseEditorStep(request.PathParam("step"));
  if (!id || !step || !FindVisible(services, &*user, *id)) {
    return ApiError({ErrorKind::kNotFound, "Dieses Verfahren oder diesen Schritt gibt es nicht."});
  }
  StepInput input;
  if (!Trim(request.body).empty()) {
    auto body = JsonBody(services, request);
    if (auto* response = std::get_if<http::Response>(&body)) return std::move(*response);
    const auto& object = std::get<boost::json::object>(body);
    auto place = StringField(object, "hearing_place");
    auto decision = StringField(object, "decision_text");
    auto remedies = StringField(object, "remedies");
    auto outcome_name = StringField(object, "outcome");
    auto conditions = BoolField(object, "conditions");
    if (!place || !decision || !remedies || !outcome_name || !conditions) {
      return BadRequest("hearing_place, decision_text, remedies und outcome müssen Zeichenketten sein, conditions ein "
                        "Wahrheitswert.");
    }
    auto outcome = outcome_name->empty() ? std::optional(Outcome::kGranted) : ParseOutcome(*outcome_name);
    if (!outcome) {
      return ApiError({ErrorKind::kInvalid, "outcome muss „granted“, „rejected“ oder „ended“ sein.", "outcome"});
    }
    input.hearing_place = *place;
    input.decision = {.outcome = *outcome, .operative_part = *decision, .remedies = *remedies, .conditions = *conditions};
    if (auto* at = object.if_contains("hearing_at"); at && !at->is_null()) {
      if (!at->is_int64()) return BadRequest("hearing_at muss eine Zeit in Unix-Sekunden sein.");
      input.hearing_at = at->as_int64();
    }
  }
  auto taken = TakeEditorStep(services, *user, *id, *step, input, {.remote_ip = request.remote_ip, .channel = "api"});
  if (!taken) return ApiError(taken.error());
  return ProcedureResponse(services, 200, taken->id);
}

}  // namespace

void RegisterEditorApiRoutes(http::Router& router, Services& services) {
  using http::Method;
  // Text fields of up to four bytes per character and the geometry, with room for JSON escapes.
  // Editors only: everyone else is refused before the body is read.
  http::RouteOptions create{
      .body_limit = kMaxGeometryBytes +
                    2 * 4 *
                        (kMaxDescriptionChars + kMaxTitleChars + kMaxApplicantChars + kMaxLocationChars +
                         2 * kMaxEnvironmentalInfoChars + 5 * kMaxDetailChars) +
                    16 * 1024,
      .before_body = site::ApiGate(services, site::HasTenantRole({accounts::Role::kEditor, accounts::Role::kAdmin},
                                                                  "slug"))};
  http::RouteOptions step{.body_limit = 2 * 4 * (kMaxDescriptionChars + kMaxRemediesChars + kMaxHearingChars) + 4 * 1024,
                          .before_body = site::ApiGate(services, MayEditPathProcedure())};
  router.Add(
      Method::kPost, "/api/v1/tenants/{slug}/procedures",
      [&services](http::Request& request) { return ApiCreate(services, request); }, create);
  router.Add(
      Method::kPost, "/api/v1/procedures/{id}/publish",
      [&services](http::Request& request) { return ApiStep(services, request, EditorStep::kPublish); }, step);
  router.Add(
      Method::kPost, "/api/v1/procedures/{id}/steps/{step}",
      [&services](http::Request& request) { return ApiStep(services, request, std::nullopt); }, step);
}

}  // namespace mw::procedures
