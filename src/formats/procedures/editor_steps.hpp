// What the editors' pages and API share: the rules of what may change in a procedure after publication, and the
// writes (create, edit, the steps of a procedure's life), each with its audit entry in the same transaction.
//
//   auto created = procedures::CreateProcedure(services, user, tenant, input, {.remote_ip = ip, .channel = "api"});
//   auto published = procedures::TakeEditorStep(services, user, id, EditorStep::kPublish, {}, {.remote_ip = ip});
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

// Who acts and how, for the audit entry.
struct ActedBy {
  std::string remote_ip;
  std::string channel;  // "" for the pages, "api" for the API: the audit entry's detail
};

// Creates a draft of `tenant` from `input` (validated here: ValidateProcedure and PlanDates at the tenant's Land and
// AGS on today's date) and records "procedure.create". kForbidden unless `user` may edit the tenant's procedures;
// kInvalid errors (several at once) for the form.
std::expected<Procedure, std::vector<Error>> CreateProcedure(site::Services& services, const accounts::User& user,
                                                             const tenancy::Tenant& tenant, const ProcedureInput& input,
                                                             const ActedBy& acted_by);

// Whether a procedure in `phase` may still be edited: drafts, published procedures and those in their hearing.
bool IsEditable(Phase phase);

// The input to store when an editor changes `procedure` to `edited`. While a draft, everything as given. Once
// published the type, the IED/UVP flags, the first day of display and the announcement day stay as they are (they
// were announced); `edited.display_end` nullopt keeps the last day of display; a last day before the stored one is
// refused (the display may be extended, never shortened).
std::expected<ProcedureInput, std::vector<Error>> MergeEdit(const Procedure& procedure, ProcedureInput edited);

// Applies an edit (MergeEdit, ValidateProcedure, PlanDates; once published the objection period may not end earlier
// than before) and records "procedure.update". kConflict for a decided or archived procedure.
std::expected<Procedure, std::vector<Error>> EditProcedure(site::Services& services, const accounts::User& user,
                                                           std::int64_t id, const ProcedureInput& edited,
                                                           const ActedBy& acted_by);

// The steps of a procedure's life after the draft.
enum class EditorStep {
  kPublish,       // draft → published                 "procedure.publish"
  kSetHearing,    // date and place of the hearing     "procedure.hearing.set"  (types with HasHearing)
  kStartHearing,  // published → hearing               "procedure.hearing.start" (types with HasHearing)
  kDecide,        // published/hearing → decided       "procedure.decide" (and the mail to those who took part)
  kArchive,       // decided → archived                "procedure.archive"
};
// "publish", "hearing", "start-hearing", "decide", "archive" (the API's step names).
std::string_view EditorStepName(EditorStep step);
std::optional<EditorStep> ParseEditorStep(std::string_view name);

struct StepInput {
  std::optional<db::UnixSeconds> hearing_at;  // kSetHearing; nullopt with an empty place clears the hearing
  std::string hearing_place;
  DecisionInput decision;  // kDecide (ValidateDecision)
};

// Takes `step` on procedure `id` for `user` in one write with its audit entry. kNotFound, kForbidden (not an editor
// of the procedure's tenant), kConflict (the phase does not allow the step), kInvalid with field.
Result<Procedure> TakeEditorStep(site::Services& services, const accounts::User& user, std::int64_t id, EditorStep step,
                                 const StepInput& input, const ActedBy& acted_by);

// editor_api.cpp: POST /api/v1/tenants/{slug}/procedures, POST /api/v1/procedures/{id}/publish and
// POST /api/v1/procedures/{id}/steps/{step}; called by RegisterEditorRoutes.
void RegisterEditorApiRoutes(http::Router& router, site::Services& services);

}  // namespace mw::procedures
