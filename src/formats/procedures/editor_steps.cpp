// The editors' writes: create, edit with the rules after publication, and the steps of a procedure's life. Each
// write checks the permission and records its audit entry inside the same transaction.
#include "formats/procedures/editor_steps.hpp"


#include "formats/procedures/announcement.hpp"
#include "formats/procedures/participants.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"
#include "platform/site/mails.hpp"

namespace mw::procedures {
namespace {

using site::Services;

void Audit(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id, std::string action,
           std::int64_t procedure_id, const ActedBy& acted_by, db::UnixSeconds now) {
  audit::Record(tx,
                {.actor_user_id = user.id,
                 .actor_label = user.email,
                 .tenant_id = tenant_id,
                 .action = std::move(action),
                 .object = "procedure:" + std::to_string(procedure_id),
                 .detail = acted_by.channel,
                 .remote_ip = acted_by.remote_ip},
                now);
}

std::vector<Error> One(ErrorKind kind, std::string message, std::string field = {}) {
  return {Error{kind, std::move(message), std::move(field)}};
}

std::string_view AuditAction(EditorStep step) {
  switch (step) {
    case EditorStep::kPublish:
      return "procedure.publish";
    case EditorStep::kSetHearing:
      return "procedure.hearing.set";
    case EditorStep::kStartHearing:
      return "procedure.hearing.start";
    case EditorStep::kDecide:
      return "procedure.decide";
    case EditorStep::kArchive:
      return "procedure.archive";
  }
  return "procedure.step";
}

// Freezes the announcement of a published procedure as it now reads: a new dated version if the text changed
// (§ 27a VwVfG, § 3 Abs. 2 Satz 5 BauGB). Drafts have no published announcement.
void FreezeIfPublished(Services& services, db::Tx& tx, const Procedure& procedure, db::UnixSeconds now) {
  if (procedure.phase == Phase::kDraft) return;
  auto tenant = tenancy::FindById(tx, procedure.tenant_id);
  if (!tenant) return;
  FreezeAnnouncement(tx, procedure.id,
                     AnnouncementText(procedure, *tenant,
                                      services.config.base_url + ProcedurePath(tenant->slug, procedure.id)),
                     now);
}

// Tells everyone who took part that the decision was announced (§ 10 Abs. 7 Satz 1 BImSchG, § 74 Abs. 4 Satz 1 VwVfG:
// the decision goes to those who objected; § 3 Abs. 2 Satz 6 BauGB: the result is communicated): one mail per address
// (ParticipantsToTell). The mail points to the notice; it is not the formal service, which the notice replaces
// where the law allows (the mail says so). In the step's transaction, so the mails go out only if the decision holds.
void NotifyOfDecision(Services& services, db::Tx& tx, const Procedure& procedure, db::UnixSeconds now) {
  auto tenant = tenancy::FindById(tx, procedure.tenant_id);
  if (!tenant) return;
  const law::Date notice_day = LocalDate(procedure.decided_at.value_or(now));
  const auto display = DecisionDisplay(procedure.type, procedure.decision_outcome, notice_day);
  const std::string url = services.config.base_url + ProcedurePath(tenant->slug, procedure.id) + "#entscheidung";
  for (const accounts::User& addressee : ParticipantsToTell(tx, procedure)) {
    boost::json::object model{{"procedure_title", procedure.title},
                              {"tenant_name", tenant->name},
                              {"objection", TakesObjections(procedure.type)},
                              {std::string(OutcomeName(procedure.decision_outcome)), true},
                              {"has_remedies", !procedure.decision_remedies.empty()},
                              {"notice_day", law::FormatGerman(notice_day)},
                              {"procedure_url", url}};
    if (display) {
      model["display_first"] = law::FormatGerman(display->first);
      model["display_last"] = law::FormatGerman(display->last);
      // Those who objected count as served at the end (§ 10 Abs. 8 Satz 5 BImSchG); in a Planfeststellung they are
      // served individually (§ 74 Abs. 4 Satz 1 VwVfG) and the end counts for the other affected persons.
      model["served_by_notice"] = procedure.type == Type::kBimschg;
    }
    auto mail = site::ComposeMail(services, "procedures_decision", addressee, std::move(model), "procedure-decision");
    mail.tenant_id = procedure.tenant_id;
    // One address stored before the e-mail check must not keep the others from being told.
    site::QueueMailOrLog(tx, mail, now);
  }
}

// One error naming everything the announcement still lacks; its field is the first missing one.
Error IncompleteAnnouncement(const std::vector<Error>& missing) {
  std::string message = "Das Verfahren kann noch nicht veröffentlicht werden, weil die Bekanntmachung unvollständig ist:";
  for (const auto& error : missing) message += " " + error.message;
  return {ErrorKind::kInvalid, std::move(message), missing.front().field};
}

}  // namespace

std::expected<Procedure, std::vector<Error>> CreateProcedure(Services& services, const accounts::User& user,
                                                             const tenancy::Tenant& tenant, const ProcedureInput& input,
                                                             const ActedBy& acted_by) {
  auto errors = ValidateProcedure(input);
  if (!errors.empty()) return std::unexpected(std::move(errors));
  auto dates = PlanDates(input, tenant.land, tenant.ags, Today(services));
  if (!dates) return std::unexpected(std::vector<Error>{dates.error()});
  const db::UnixSeconds now = services.now();
  return services.db.Write([&](db::Tx& tx) -> std::expected<Procedure, std::vector<Error>> {
    if (!MayEdit(tx, user, tenant.id)) {
      return std::unexpected(One(ErrorKind::kForbidden, "Sie dürfen keine Verfahren dieses Mandanten anlegen."));
    }
    Procedure procedure = Create(tx, tenant.id, user.id, input, *dates, now);
    Audit(tx, user, tenant.id, "procedure.create", procedure.id, acted_by, now);
    return procedure;
  });
}

bool IsEditable(Phase phase) {
  return phase == Phase::kDraft || phase == Phase::kPublished || phase == Phase::kHearing;
}

std::expected<ProcedureInput, std::vector<Error>> MergeEdit(const Procedure& procedure, ProcedureInput edited) {
  if (!IsEditable(procedure.phase)) {
    return std::unexpected(One(ErrorKind::kConflict,
                               "Ein entschiedenes oder archiviertes Verfahren kann nicht mehr "
                               "geändert werden."));
  }
  if (procedure.phase == Phase::kDraft) return edited;
  edited.type = procedure.type;
  edited.ied = procedure.ied;
  edited.uvp = procedure.uvp;
  edited.display_start = procedure.display_start;
  edited.announcement = procedure.announcement;
  edited.legal.last_announcement = procedure.legal.last_announcement;
  // § 73 Abs. 4 VwVfG: the filing place's holidays count for the announced period; it stays as announced.
  edited.legal.filing_ags = procedure.legal.filing_ags;
  if (!edited.display_end) {
    edited.display_end = procedure.display_end;
  } else if (*edited.display_end < procedure.display_end) {
    return std::unexpected(One(ErrorKind::kInvalid,
                               "Die Auslegung ist bekannt gemacht und darf nicht verkürzt werden: Der letzte Tag muss "
                               "der " +
                                   law::FormatGerman(procedure.display_end) + " oder später sein.",
                               "display_end"));
  }
  return edited;
}

std::expected<Procedure, std::vector<Error>> EditProcedure(Services& services, const accounts::User& user,
                                                           std::int64_t id, const ProcedureInput& edited,
                                                           const ActedBy& acted_by) {
  const db::UnixSeconds now = services.now();
  const law::Date today = Today(services);
  return services.db.Write([&](db::Tx& tx) -> std::expected<Procedure, std::vector<Error>> {
    auto procedure = Find(tx, id);
    if (!procedure) return std::unexpected(One(ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."));
    if (!MayEdit(tx, user, procedure->tenant_id)) {
      return std::unexpected(One(ErrorKind::kForbidden, "Sie dürfen dieses Verfahren nicht bearbeiten."));
    }
    auto tenant = tenancy::FindById(tx, procedure->tenant_id);
    if (!tenant) return std::unexpected(One(ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."));
    auto input = MergeEdit(*procedure, edited);
    if (!input) return std::unexpected(input.error());
    auto errors = ValidateProcedure(*input);
    if (!errors.empty()) return std::unexpected(std::move(errors));
    auto dates = PlanDates(*input, tenant->land, tenant->ags, today);
    if (!dates) return std::unexpected(std::vector<Error>{dates.error()});
    if (procedure->phase != Phase::kDraft && dates->objection_end < procedure->objection_end) {
      return std::unexpected(One(ErrorKind::kInvalid,
                                 "Die bekannt gemachte Frist bis zum " + law::FormatGerman(procedure->objection_end) +
                                     " darf nicht verkürzt werden.",
                                 "display_end"));
    }
    if (procedure->phase != Phase::kDraft) {
      // A published announcement is corrected only by a new version, which must still be complete.
      Procedure corrected = *procedure;
      corrected.title = input->title;
      corrected.applicant = input->applicant;
      corrected.documents_location = input->documents_location;
      corrected.legal = input->legal;
      if (auto missing = MissingForPublication(corrected); !missing.empty()) return std::unexpected(std::move(missing));
    }
    auto updated = Update(tx, id, *input, *dates, now);
    if (!updated) return std::unexpected(One(ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."));
    FreezeIfPublished(services, tx, *updated, now);
    Audit(tx, user, procedure->tenant_id, "procedure.update", id, acted_by, now);
    return *updated;
  });
}

std::string_view EditorStepName(EditorStep step) {
  switch (step) {
    case EditorStep::kPublish:
      return "publish";
    case EditorStep::kSetHearing:
      return "hearing";
    case EditorStep::kStartHearing:
      return "start-hearing";
    case EditorStep::kDecide:
      return "decide";
    case EditorStep::kArchive:
      return "archive";
  }
  return "";
}

std::optional<EditorStep> ParseEditorStep(std::string_view name) {
  for (EditorStep step : {EditorStep::kPublish, EditorStep::kSetHearing, EditorStep::kStartHearing, EditorStep::kDecide,
                          EditorStep::kArchive}) {
    if (EditorStepName(step) == name) return step;
  }
  return std::nullopt;
}

Result<Procedure> TakeEditorStep(Services& services, const accounts::User& user, std::int64_t id, EditorStep step,
                                 const StepInput& input, const ActedBy& acted_by) {
  const db::UnixSeconds now = services.now();
  return services.db.Write([&](db::Tx& tx) -> Result<Procedure> {
    auto procedure = Find(tx, id);
    if (!procedure) return Fail(ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht.");
    if (!MayEdit(tx, user, procedure->tenant_id)) {
      return Fail(ErrorKind::kForbidden, "Sie dürfen dieses Verfahren nicht bearbeiten.");
    }
    Result<Procedure> result = Fail(ErrorKind::kConflict, "Dieser Schritt ist jetzt nicht möglich.");
    switch (step) {
      case EditorStep::kPublish:
        if (procedure->phase == Phase::kDraft) {
          if (auto missing = MissingForPublication(*procedure); !missing.empty()) {
            return std::unexpected(IncompleteAnnouncement(missing));
          }
        }
        result = SetPhase(tx, id, Phase::kPublished, now);
        if (!result) return Fail(ErrorKind::kConflict, "Nur ein Entwurf kann veröffentlicht werden.");
        FreezeIfPublished(services, tx, *result, now);
        break;
      case EditorStep::kSetHearing: {
        if (!HasHearing(procedure->type)) {
          return Fail(ErrorKind::kConflict, "Bei dieser Art von Verfahren gibt es keinen Erörterungstermin.");
        }
        if (!IsEditable(procedure->phase)) {
          return Fail(ErrorKind::kConflict,
                      "Nach der Entscheidung kann der Erörterungstermin nicht mehr geändert "
                      "werden.");
        }
        std::string place(Trim(input.hearing_place));
        if (auto valid = CheckText(place, "hearing_place", "Der Ort"); !valid) return std::unexpected(valid.error());
        if (Utf8Length(place) > kMaxHearingChars) {
          return Fail(ErrorKind::kInvalid,
                      "Der Ort darf höchstens " + std::to_string(kMaxHearingChars) + " Zeichen lang sein.",
                      "hearing_place");
        }
        if (input.hearing_at && place.empty()) {
          return Fail(ErrorKind::kInvalid, "Bitte geben Sie den Ort oder die Online-Adresse des Termins an.",
                      "hearing_place");
        }
        if (!input.hearing_at && !place.empty()) {
          return Fail(ErrorKind::kInvalid, "Bitte geben Sie Datum und Uhrzeit des Termins an.", "hearing_at");
        }
        if (!input.hearing_at && procedure->phase != Phase::kDraft && procedure->type == Type::kBimschg) {
          return Fail(ErrorKind::kInvalid,
                      "Der bekannt gemachte Erörterungstermin kann verlegt, aber nicht entfernt werden (§ 10 Abs. 4 "
                      "Nr. 3 BImSchG).",
                      "hearing_at");
        }
        auto set = SetHearing(tx, id, input.hearing_at, place, now);
        if (!set) return Fail(ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht.");
        FreezeIfPublished(services, tx, *set, now);
        result = *set;
        break;
      }
      case EditorStep::kStartHearing:
        if (!HasHearing(procedure->type)) {
          return Fail(ErrorKind::kConflict, "Bei dieser Art von Verfahren gibt es keinen Erörterungstermin.");
        }
        result = SetPhase(tx, id, Phase::kHearing, now);
        if (!result) return Fail(ErrorKind::kConflict, "Die Erörterung kann nur nach der Veröffentlichung beginnen.");
        break;
      case EditorStep::kDecide: {
        auto decision = ValidateDecision(procedure->type, input.decision);
        if (!decision) return std::unexpected(decision.error().front());
        result = SetPhase(tx, id, Phase::kDecided, now, *decision);
        if (!result) {
          return Fail(ErrorKind::kConflict, "Nur ein veröffentlichtes Verfahren kann entschieden werden.");
        }
        NotifyOfDecision(services, tx, *result, now);
        break;
      }
      case EditorStep::kArchive:
        result = SetPhase(tx, id, Phase::kArchived, now);
        if (!result) return Fail(ErrorKind::kConflict, "Nur ein entschiedenes Verfahren kann archiviert werden.");
        break;
    }
    Audit(tx, user, procedure->tenant_id, std::string(AuditAction(step)), id, acted_by, now);
    return result;
  });
}

}  // namespace mw::procedures
