// The steps of a petition after it was written — submit, publish, reject, request changes, close, hand over to the
// committee, respond, archive — with their permission check, audit entry and mails, shared by the pages and the API.
#include <map>

#include "formats/petitions/handlers.hpp"
#include "platform/audit/audit.hpp"
#include "platform/site/mails.hpp"

namespace mw::petitions {
namespace {

constexpr unsigned Bit(State state) {
  return 1u << static_cast<unsigned>(state);
}

struct StepInfo {
  Step step;
  std::string_view name;    // API path segment and audit suffix
  std::string_view status;  // mail key of the initiator's notice; empty: no notice
  // The states the step may start from. Checked before anything else changes, for every caller (pages, API): a
  // moderator's publish never skips the initiator's submit, a response never skips the hand-over's state.
  unsigned from;  // Bit(state) | …
};

constexpr StepInfo kSteps[] = {
    {Step::kSubmit, "submit", "", Bit(State::kDraft)},
    {Step::kPublish, "publish", "published", Bit(State::kInModeration)},
    {Step::kReject, "reject", "rejected", Bit(State::kInModeration)},
    {Step::kRequestChanges, "request-changes", "changes", Bit(State::kInModeration)},
    {Step::kClose, "close", "", Bit(State::kPublished)},
    {Step::kHandOver, "hand-over", "handed_over", Bit(State::kClosed)},
    {Step::kRespond, "respond", "answered", Bit(State::kClosed)},
    {Step::kArchive, "archive", "", Bit(State::kClosed) | Bit(State::kAnswered)},
};

bool StartsFrom(const StepInfo& info, State state) {
  return (info.from & Bit(state)) != 0;
}

const StepInfo& InfoOf(Step step) {
  for (const auto& info : kSteps) {
    if (info.step == step) return info;
  }
  return kSteps[0];
}

// Whether `user` may take `step` on `petition`.
bool MayTake(db::Tx& tx, const accounts::User& user, const Petition& petition, Step step) {
  switch (step) {
    case Step::kSubmit:
      return petition.initiator_user_id == user.id;
    case Step::kPublish:
    case Step::kReject:
    case Step::kRequestChanges:
    case Step::kClose:
      return MayModerate(tx, user, petition.tenant_id);
    case Step::kHandOver:
    case Step::kRespond:
    case Step::kArchive:
      return MayActForCommittee(tx, user, petition.tenant_id);
  }
  return false;
}

Status Take(db::Tx& tx, const Petition& petition, Step step, const StepInput& input, db::UnixSeconds now) {
  switch (step) {
    case Step::kSubmit:
      return SubmitForModeration(tx, petition.id, now);
    case Step::kPublish: {
      auto published = Publish(tx, petition.id, now);
      if (!published) return std::unexpected(published.error());
      return Ok{};
    }
    case Step::kReject:
      return Reject(tx, petition.id, input.reason, input.text);
    case Step::kRequestChanges:
      return RequestChanges(tx, petition.id, input.text);
    case Step::kClose:
      return Close(tx, petition.id, now);
    case Step::kHandOver:
      return HandOver(tx, petition.id, now);
    case Step::kRespond:
      return Respond(tx, petition.id, input.text, now);
    case Step::kArchive:
      return Archive(tx, petition.id);
  }
  return Fail(ErrorKind::kInvalid, "Unbekannter Schritt.");
}

// Mails the initiator and the co-initiators what happened to their petition.
void QueueStatusMails(site::Services& services, db::Tx& tx, const Petition& petition, const StepInfo& info,
                      const StepInput& input, db::UnixSeconds now) {
  if (info.status.empty()) return;
  std::vector<std::int64_t> user_ids;
  if (petition.initiator_user_id) user_ids.push_back(*petition.initiator_user_id);
  for (const auto& co : CoInitiators(tx, petition.id)) user_ids.push_back(co.user_id);
  auto tenant = tenancy::FindById(tx, petition.tenant_id);
  for (std::int64_t user_id : user_ids) {
    auto user = accounts::FindUserById(tx, user_id);
    if (!user) continue;
    boost::json::object model{
        {"petition_title", petition.title},
        {"status_" + std::string(info.status), true},
        {"note", input.text},
        {"has_note", !input.text.empty()},
        {"petition_url", services.config.base_url + PetitionPath(tenant ? tenant->slug : "", petition.id)}};
    auto mail = site::ComposeMail(services, "petition_status", *user, std::move(model), "petition-status");
    mail.tenant_id = petition.tenant_id;
    site::QueueMailOrLog(tx, mail, now);
  }
}

// Mails the official response to every confirmed signer who asked for it. The mails go through the outbox in the
// same transaction as the response.
void QueueResponseMails(site::Services& services, db::Tx& tx, const Petition& petition, const StepInput& input,
                        db::UnixSeconds now) {
  auto tenant = tenancy::FindById(tx, petition.tenant_id);
  std::string url = services.config.base_url + PetitionPath(tenant ? tenant->slug : "", petition.id);
  for (const auto& recipient : ResponseRecipients(tx, petition.id)) {
    accounts::User addressee{.email = recipient.email, .name = recipient.name, .locale = "de"};
    auto mail = site::ComposeMail(services, "petition_response", addressee,
                                  {{"petition_title", petition.title},
                                   {"tenant_name", tenant ? tenant->name : ""},
                                   {"response", input.text},
                                   {"petition_url", url}},
                                  "petition-response");
    mail.tenant_id = petition.tenant_id;
    // A signer's address stored before the e-mail check must not keep the response from the others (or from
    // being given at all).
    site::QueueMailOrLog(tx, mail, now);
  }
}

}  // namespace

std::optional<Step> ParseStep(std::string_view name) {
  for (const auto& info : kSteps) {
    if (info.name == name) return info.step;
  }
  return std::nullopt;
}

std::string_view StepName(Step step) {
  return InfoOf(step).name;
}

Result<Petition> TakeStep(site::Services& services, const accounts::User& actor, std::int64_t petition_id, Step step,
                          const StepInput& input, const StepOrigin& origin) {
  const StepInfo& info = InfoOf(step);
  db::UnixSeconds now = services.now();
  auto taken = services.db.Write([&](db::Tx& tx) -> Result<Petition> {
    auto petition = Find(tx, petition_id);
    if (!petition || (origin.tenant_id && petition->tenant_id != *origin.tenant_id)) {
      return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
    }
    if (!MayTake(tx, actor, *petition, step)) {
      return Fail(ErrorKind::kForbidden, "Diesen Schritt dürfen Sie bei dieser Petition nicht ausführen.");
    }
    if (!StartsFrom(info, petition->state)) {
      return Fail(ErrorKind::kConflict, "Das ist im jetzigen Stand der Petition nicht möglich.");
    }
    if (auto status = Take(tx, *petition, step, input, now); !status) return std::unexpected(status.error());
    std::string detail = origin.channel;
    if (!input.reason.empty()) detail += (detail.empty() ? "" : "; ") + input.reason;
    if (!input.text.empty() && step != Step::kRespond) detail += (detail.empty() ? "" : ": ") + input.text;
    audit::Record(tx,
                  {.actor_user_id = actor.id,
                   .actor_label = actor.email,
                   .tenant_id = petition->tenant_id,
                   .action = "petition." + std::string(info.name),
                   .object = "petition:" + std::to_string(petition_id),
                   .detail = detail,
                   .remote_ip = origin.remote_ip},
                  now);
    QueueStatusMails(services, tx, *petition, info, input, now);
    if (step == Step::kRespond) QueueResponseMails(services, tx, *petition, input, now);
    TouchPetitionPages(tx, {petition_id});
    return Find(tx, petition_id).value();
  });
  if (taken && services.notify_outbox) services.notify_outbox();
  return taken;
}

}  // namespace mw::petitions
