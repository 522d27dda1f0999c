// The petitions part of the JSON API (/api/v1/…). Reading is public; creating needs a citizen's personal API token,
// publishing and the list of signatures a moderator's (Authorization: Bearer …). Errors are problem details with a
// German `detail` and, for invalid input, `errors` [{field, message}].
#include <boost/json.hpp>

#include "formats/petitions/handlers.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/text.hpp"
#include "platform/site/context.hpp"

namespace mw::petitions {
namespace {

using site::Services;

http::Response Problem(int status, std::string_view title, std::string_view detail,
                       const std::vector<Error>& errors = {}) {
  boost::json::object body{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  if (!errors.empty()) {
    boost::json::array list;
    for (const auto& error : errors)
      list.push_back(boost::json::object{{"field", error.field}, {"message", error.message}});
    body["errors"] = std::move(list);
  }
  auto response = http::Response::Json(status, boost::json::serialize(body));
  response.SetHeader("Content-Type", "application/problem+json");
  return response;
}

http::Response ProblemFor(const Error& error) {
  int status = site::StatusFor(error.kind);
  // A well-formed request whose field is refused: 422, as for the other validations of this API.
  if (status == 400 && !error.field.empty()) status = 422;
  std::string_view title = status == 404   ? "Nicht gefunden"
                           : status == 409 ? "Konflikt"
                           : status == 403 ? "Nicht erlaubt"
                                           : "Ungültige Angaben";
  return Problem(status, title, error.message, error.field.empty() ? std::vector<Error>{} : std::vector<Error>{error});
}

http::Response Unauthorized() {
  auto response = Problem(401, "Nicht angemeldet",
                          "Bitte senden Sie ein gültiges persönliches API-Token als Authorization: Bearer.");
  response.SetHeader("WWW-Authenticate", "Bearer");
  return response;
}

// The request body as a JSON object, or nullopt for anything else.
std::optional<boost::json::object> JsonBody(const http::Request& request) {
  boost::system::error_code error;
  auto value = boost::json::parse(request.body, error);
  if (error || !value.is_object()) return std::nullopt;
  return value.as_object();
}

http::Response BadJson() {
  return Problem(400, "Ungültige Anfrage", "Der Inhalt muss ein JSON-Objekt mit den beschriebenen Feldern sein.");
}

// A string field ("" if absent); nullopt if present with another type.
std::optional<std::string> StringField(const boost::json::object& body, std::string_view key) {
  auto* value = body.if_contains(key);
  if (!value || value->is_null()) return std::string();
  if (!value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

boost::json::object PetitionJson(const Petition& petition, const std::string& tenant_slug) {
  boost::json::object out{{"id", petition.id},
                          {"tenant", tenant_slug},
                          {"title", petition.title},
                          {"demand", petition.demand},
                          {"justification", petition.justification},
                          {"addressee", petition.addressee},
                          {"state", StateName(petition.state)},
                          {"quorum", petition.quorum},
                          {"signature_count", petition.confirmed_count},
                          {"period_days", petition.period_days},
                          {"published_at", nullptr},
                          {"closes_at", nullptr}};
  if (petition.published_at) out["published_at"] = *petition.published_at;
  if (petition.closes_at) out["closes_at"] = *petition.closes_at;
  out["quorum_reached"] = petition.confirmed_count >= petition.quorum;
  out["closed_at"] = petition.closed_at ? boost::json::value(*petition.closed_at) : nullptr;
  out["handed_over_at"] = petition.handed_over_at ? boost::json::value(*petition.handed_over_at) : nullptr;
  out["response"] = petition.responded_at ? boost::json::value(petition.response_text) : nullptr;
  out["responded_at"] = petition.responded_at ? boost::json::value(*petition.responded_at) : nullptr;
  return out;
}

std::string SlugOf(db::Tx& tx, std::int64_t tenant_id) {
  auto tenant = tenancy::FindById(tx, tenant_id);
  return tenant ? tenant->slug : "";
}

// The public petition of the path, or nullopt.
std::optional<Petition> PublicPetition(Services& services, const http::Request& request) {
  auto id = ParseId(request.PathParam("id"));
  if (!id) return std::nullopt;
  return FindPublicPetition(services, *id);
}

http::Response NotFound() {
  return Problem(404, "Nicht gefunden", "Diese Petition gibt es nicht.");
}

}  // namespace

http::Response ApiList(Services& services, http::Request& request) {
  std::vector<State> states{State::kPublished, State::kClosed, State::kAnswered, State::kArchived};
  if (!request.Query("state").empty()) {
    auto state = ParseState(request.Query("state"));
    if (!state || !IsPublic(*state)) {
      return Problem(400, "Ungültige Anfrage", "Der Zustand muss published, closed, answered oder archived sein.");
    }
    states = {*state};
  }
  boost::json::array out;
  services.db.Read([&](db::Tx& tx) {
    std::optional<std::int64_t> tenant_id;
    if (!request.Query("tenant").empty()) {
      auto tenant = tenancy::FindBySlug(tx, request.Query("tenant"));
      if (!tenant) return;
      tenant_id = tenant->id;
    }
    for (const auto& petition : List(tx, tenant_id, states, 500)) {
      out.push_back(PetitionJson(petition, SlugOf(tx, petition.tenant_id)));
    }
  });
  return http::Response::Json(200, boost::json::serialize(out));
}

http::Response ApiGet(Services& services, http::Request& request) {
  auto petition = PublicPetition(services, request);
  if (!petition) return NotFound();
  std::string slug = services.db.Read([&](db::Tx& tx) { return SlugOf(tx, petition->tenant_id); });
  return http::Response::Json(200, boost::json::serialize(PetitionJson(*petition, slug)));
}

http::Response ApiSign(Services& services, http::Request& request) {
  auto petition = PublicPetition(services, request);
  if (!petition) return NotFound();
  auto body = JsonBody(request);
  if (!body) return BadJson();
  auto name = StringField(*body, "name");
  auto email = StringField(*body, "email");
  auto postcode = StringField(*body, "postcode");
  auto address = StringField(*body, "address");
  auto* show_public = body->if_contains("public");
  auto* notify = body->if_contains("notify");
  if (!name || !email || !postcode || !address || (show_public && !show_public->is_bool()) ||
      (notify && !notify->is_bool())) {
    return BadJson();
  }
  SignatureInput input{.name = *name,
                       .email = *email,
                       .postcode = *postcode,
                       .address = *address,
                       .show_public = show_public && show_public->as_bool(),
                       .notify = notify && notify->as_bool()};
  const Settings settings = SettingsOf(services, petition->tenant_id);
  auto signature = ValidateSignature(input, /*require_consent=*/false, settings.require_address);
  if (!signature) {
    return Problem(422, "Ungültige Angaben", signature.error().front().message, signature.error());
  }
  db::UnixSeconds now = services.now();
  if (!SigningAllowed(services, request.remote_ip, signature->email_normalized, now)) {
    return Problem(429, "Zu viele Anfragen",
                   "Zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Minuten und versuchen Sie es erneut.");
  }
  auto added = SignAndQueueMail(services, *petition, *signature, "de", request.remote_ip, now);
  if (!added) return ProblemFor(added.error());
  // The same answer whether the address had signed already (then its owner is mailed that): no id, nothing that
  // tells the sender which it was.
  return http::Response::Json(202, R"({"state":"pending"})");
}

http::Response ApiConfirm(Services& services, http::Request& request) {
  auto body = JsonBody(request);
  if (!body) return BadJson();
  auto token = StringField(*body, "token");
  if (!token || token->empty()) return BadJson();
  db::UnixSeconds now = services.now();
  auto confirmed = services.db.Write([&](db::Tx& tx) { return ConfirmSignature(tx, *token, now); });
  if (!confirmed) return ProblemFor(confirmed.error());
  boost::json::object out{{"id", confirmed->id}, {"petition_id", confirmed->petition_id}, {"state", "confirmed"}};
  return http::Response::Json(200, boost::json::serialize(out));
}

http::Response ApiCreate(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return Unauthorized();
  auto tenant = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, request.PathParam("slug")); });
  if (!tenant) return Problem(404, "Nicht gefunden", "Diesen Mandanten gibt es nicht.");
  const Settings settings = services.db.Read([&](db::Tx& tx) { return LoadSettings(tx, tenant->id); });
  if (!settings.enabled) {
    return Problem(403, "Nicht erlaubt", "Bei diesem Mandanten sind Petitionen nicht eingerichtet.");
  }
  auto body = JsonBody(request);
  if (!body) return BadJson();
  auto title = StringField(*body, "title");
  auto demand = StringField(*body, "demand");
  auto justification = StringField(*body, "justification");
  auto addressee = StringField(*body, "addressee");
  if (!title || !demand || !justification || !addressee) return BadJson();
  Draft draft{.title = *title,
              .demand = *demand,
              .justification = *justification,
              .addressee = *addressee,
              .quorum = settings.quorum,
              .period_days = settings.period_days};
  // The tenant's quorum and period are in force; what the initiator asks for is only kept for the moderators.
  if (auto* quorum = body->if_contains("quorum"); quorum && !quorum->is_null()) {
    if (!quorum->is_int64()) return BadJson();
    draft.requested_quorum = quorum->as_int64();
  }
  if (auto* period = body->if_contains("period_days"); period && !period->is_null()) {
    if (!period->is_int64()) return BadJson();
    // Out of range becomes 0, which ValidateDraft refuses with the German message naming the range.
    std::int64_t days = period->as_int64();
    draft.requested_period_days = days < 1 || days > kMaxPeriodDays ? 0 : static_cast<int>(days);
  }
  // {"draft": true} keeps it a draft, for co-initiators to join before it is submitted.
  auto* keep_draft = body->if_contains("draft");
  if (keep_draft && !keep_draft->is_bool()) return BadJson();
  const bool submit = !(keep_draft && keep_draft->as_bool());
  auto errors = ValidateDraft(draft);
  if (!errors.empty()) return Problem(422, "Ungültige Angaben", errors.front().message, errors);
  db::UnixSeconds now = services.now();
  auto created = services.db.Write([&](db::Tx& tx) -> Result<Petition> {
    auto petition = CreateDraft(tx, tenant->id, user->id, draft, now);
    if (!petition) return petition;
    if (submit) {
      if (auto submitted = SubmitForModeration(tx, petition->id, now); !submitted) {
        return std::unexpected(submitted.error());
      }
    }
    audit::Record(tx,
                  {.actor_user_id = user->id,
                   .actor_label = user->email,
                   .tenant_id = tenant->id,
                   .action = submit ? "petition.submit" : "petition.create",
                   .object = "petition:" + std::to_string(petition->id),
                   .detail = "api",
                   .remote_ip = request.remote_ip},
                  now);
    return Find(tx, petition->id).value();
  });
  if (!created) return ProblemFor(created.error());
  auto response = http::Response::Json(201, boost::json::serialize(PetitionJson(*created, tenant->slug)));
  response.SetHeader("Location", "/api/v1/petitions/" + std::to_string(created->id));
  return response;
}

http::Response ApiStep(Services& services, http::Request& request, Step step) {
  auto user = site::ApiUser(services, request);
  if (!user) return Unauthorized();
  auto id = ParseId(request.PathParam("id"));
  if (!id) return NotFound();
  StepInput input;
  // publish, submit, close, hand-over and archive need no body; an empty one is fine.
  if (!Trim(request.body).empty()) {
    auto body = JsonBody(request);
    if (!body) return BadJson();
    auto reason = StringField(*body, "reason");
    auto text = StringField(*body, "text");
    if (!reason || !text) return BadJson();
    input = {.reason = *reason, .text = *text};
  }
  auto taken = TakeStep(services, *user, *id, step, input, {.remote_ip = request.remote_ip, .channel = "api"});
  if (!taken) return ProblemFor(taken.error());
  std::string slug = services.db.Read([&](db::Tx& tx) { return SlugOf(tx, taken->tenant_id); });
  return http::Response::Json(200, boost::json::serialize(PetitionJson(*taken, slug)));
}

http::Response ApiSignatures(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return Unauthorized();
  auto id = ParseId(request.PathParam("id"));
  if (!id) return NotFound();
  db::UnixSeconds now = services.now();
  // Reading personal data is audited, so the read happens in a write transaction with its audit entry.
  auto signatures = services.db.Write([&](db::Tx& tx) -> Result<std::vector<SignatureRecord>> {
    auto petition = Find(tx, *id);
    if (!petition) return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
    if (!MayActForCommittee(tx, *user, petition->tenant_id)) {
      return Fail(ErrorKind::kForbidden,
                  "Nur die Moderation und der Petitionsausschuss des Mandanten dürfen die Unterschriften sehen.");
    }
    audit::Record(tx,
                  {.actor_user_id = user->id,
                   .actor_label = user->email,
                   .tenant_id = petition->tenant_id,
                   .action = "petition.signatures.read",
                   .object = "petition:" + std::to_string(*id),
                   .detail = "api",
                   .remote_ip = request.remote_ip},
                  now);
    return ListSignatures(tx, *id);
  });
  if (!signatures) return ProblemFor(signatures.error());
  boost::json::array out;
  for (const auto& signature : *signatures) {
    boost::json::object item{{"id", signature.id},
                             {"state", signature.state},
                             {"name", signature.name},
                             {"email", signature.email_normalized},
                             {"postcode", signature.postcode},
                             {"address", signature.address},
                             {"notify", signature.notify},
                             {"public", signature.show_public},
                             {"created_at", signature.created_at},
                             {"confirmed_at", nullptr}};
    if (signature.confirmed_at) item["confirmed_at"] = *signature.confirmed_at;
    out.push_back(std::move(item));
  }
  return http::Response::Json(200, boost::json::serialize(out));
}

}  // namespace mw::petitions
