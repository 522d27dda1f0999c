// The petition pages: list, new petition, petition page with the signing form, confirmation of a signature, and
// the moderators' queue. Every form works without JavaScript; every write is durable before the answer.
#include "formats/petitions/pages.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <set>
#include <ctime>
#include <variant>

#include "formats/petitions/handlers.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/mail/names.hpp"
#include "platform/site/context.hpp"
#include "platform/site/mails.hpp"
#include "platform/site/page_cache.hpp"

namespace mw::petitions {
namespace {

using site::Services;
using site::Visitor;

constexpr int kListLimit = 100;

std::string T(const Services& services, const Visitor& visitor, std::string_view key,
              const std::map<std::string, std::string>& args = {}) {
  return services.renderer.T(visitor.locale, key, args);
}

// The tenant of the path, or the 404 to answer.
std::variant<tenancy::Tenant, http::Response> TenantOf(Services& services, const Visitor& visitor,
                                                       const http::Request& request) {
  auto tenant = FindTenant(services, request.PathParam("tenant"));
  if (!tenant) return site::ErrorResponse(services, request, 404, T(services, visitor, "error.unknown_tenant"));
  return *tenant;
}

// The visitor and the tenant of the path: what every handler under /{tenant}/petitionen starts with.
struct Entered {
  Visitor visitor;
  tenancy::Tenant tenant;
};
enum class Login { kOptional, kRequired };

// Resolves visitor and tenant, or gives the response to send instead: the login page when `login` is required and
// the visitor is not logged in, the 404 for an unknown tenant.
std::variant<Entered, http::Response> Enter(Services& services, const http::Request& request, Login login) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (login == Login::kRequired && !visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto found = TenantOf(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  return Entered{std::move(visitor), std::move(std::get<tenancy::Tenant>(found))};
}

// The petition of the path if it belongs to `tenant` and the visitor may see it, or the 404 to answer.
std::variant<Petition, http::Response> PetitionOf(Services& services, const Visitor& visitor,
                                                  const http::Request& request, const tenancy::Tenant& tenant) {
  auto id = ParseId(request.PathParam("id"));
  std::optional<Petition> petition;
  if (id) petition = FindPublicPetition(services, *id);
  if (petition && petition->tenant_id != tenant.id) petition.reset();
  if (id && !petition && visitor.user()) {
    petition = services.db.Read([&](db::Tx& tx) -> std::optional<Petition> {
      auto found = Find(tx, *id);
      if (!found || found->tenant_id != tenant.id) return std::nullopt;
      if (IsPublic(found->state)) return found;
      // Before publication (and after a rejection) only the initiators and the moderators see it.
      const accounts::User* user = visitor.user();
      if (user && (found->initiator_user_id == user->id || MayModerate(tx, *user, tenant.id))) return found;
      for (const auto& co : CoInitiators(tx, found->id)) {
        if (user && co.user_id == user->id) return found;
      }
      return std::nullopt;
    });
  }
  if (!petition) return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.not_found"));
  return *petition;
}

bool VisitorMayModerate(Services& services, const Visitor& visitor, const tenancy::Tenant& tenant) {
  const accounts::User* user = visitor.user();
  return user && services.db.Read([&](db::Tx& tx) { return MayModerate(tx, *user, tenant.id); });
}

// Tenant admins and platform admins set the tenant's petition settings.
bool VisitorMayAdminister(Services& services, const Visitor& visitor, const tenancy::Tenant& tenant) {
  const accounts::User* user = visitor.user();
  return user && (user->is_platform_admin || services.db.Read([&](db::Tx& tx) {
           return accounts::HasRole(tx, user->id, tenant.id, accounts::Role::kAdmin);
         }));
}

// The trail to a page of the tenant's petitions; `last_written`: the last step is a petition's title.
std::vector<web::Crumb> Crumbs(const Services& services, const Visitor& visitor, const tenancy::Tenant& tenant,
                               std::string last, bool last_written = false) {
  return {{tenant.name, "/" + tenant.slug, true},
          {T(services, visitor, "petitions.list_title"), "/" + tenant.slug + "/petitionen"},
          {std::move(last), "", last_written}};
}

// What the petition page shows besides the petition: the signing form's values and errors, or the committee's
// response form's.
struct ShowOptions {
  boost::json::object values;
  std::vector<Error> errors;
  int status = 200;
  std::string response_draft;  // the committee's response text after a failed submit
};

boost::json::array Initiators(Services& services, const Petition& petition) {
  boost::json::array names;
  services.db.Read([&](db::Tx& tx) {
    if (petition.initiator_user_id) {
      if (auto user = accounts::FindUserById(tx, *petition.initiator_user_id))
        names.push_back(boost::json::object{{"name", user->name}});
    }
    for (const auto& co : CoInitiators(tx, petition.id)) names.push_back(boost::json::object{{"name", co.name}});
  });
  return names;
}

// #14 item 2, the deadline in front: "Unterzeichnung bis Donnerstag, 31.12.2026, 14:30 Uhr – noch 24 Tage" while a petition can be
// signed, "" otherwise. Kept pages are at most kSharedPageMaxAge old, so the days left are never a day behind.
std::string SigningDeadline(const Services& services, const Visitor& visitor, const Petition& petition,
                            db::UnixSeconds now) {
  if (!IsOpenForSigning(petition.state, petition.closes_at, now)) return "";
  const int days = DaysLeftToSign(*petition.closes_at, now);
  const std::string left = days <= 1 ? T(services, visitor, "petitions.last_day")
                                     : T(services, visitor, "petitions.days_left", {{"n", std::to_string(days)}});
  return T(services, visitor, "petitions.deadline",
           {{"date", site::FormatDeadline(services, *petition.closes_at, visitor.locale)}, {"left", left}});
}

http::Response ShowPetition(Services& services, Visitor& visitor, const http::Request& request,
                            const tenancy::Tenant& tenant, const Petition& petition, ShowOptions options) {
  db::UnixSeconds now = services.now();
  const Settings settings = SettingsOf(services, tenant.id);
  const std::string base = PetitionPath(tenant.slug, petition.id);
  std::string count = std::to_string(petition.confirmed_count);
  std::string quorum = std::to_string(petition.quorum);
  boost::json::object item{
      {"id", petition.id},
      {"title", petition.title},
      {"demand", petition.demand},
      {"justification", petition.justification},
      {"addressee", petition.addressee},
      {"state_label", StateLabel(services, visitor.locale, petition.state)},
      {"count", petition.confirmed_count},
      // <progress> may not go past its max: a petition beyond its quorum shows a full bar.
      {"progress_value", std::min(petition.confirmed_count, petition.quorum)},
      {"quorum", petition.quorum},
      {"percent", QuorumPercent(petition.confirmed_count, petition.quorum)},
      {"progress_label", T(services, visitor, "petitions.progress", {{"count", count}, {"quorum", quorum}})}};
  if (petition.closes_at) item["closes"] = site::FormatTime(*petition.closes_at, visitor.locale);
  item["deadline"] = SigningDeadline(services, visitor, petition, now);
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"can_sign", IsOpenForSigning(petition.state, petition.closes_at, now)},
                            {"require_address", settings.require_address},
                            {"sign_action", base + "/unterschreiben"},
                            {"initiators", Initiators(services, petition)}};
  // The chart of signatures per region exists for public petitions with signatures only.
  if (IsPublic(petition.state) && petition.confirmed_count > 0) model["regions_href"] = base + "/regionen";
  // After the signing period: whether the quorum was reached, the hand-over and the response.
  if (petition.state == State::kClosed || petition.state == State::kAnswered || petition.state == State::kArchived) {
    item["quorum_reached"] = petition.confirmed_count >= petition.quorum;
    if (petition.closed_at) item["closed"] = site::FormatTime(*petition.closed_at, visitor.locale);
  }
  if (petition.handed_over_at) item["handed_over"] = site::FormatTime(*petition.handed_over_at, visitor.locale);
  if (petition.responded_at) {
    item["response"] = petition.response_text;
    item["responded"] = site::FormatTime(*petition.responded_at, visitor.locale);
  }
  model["petition"] = std::move(item);

  const accounts::User* user = visitor.user();
  const bool is_initiator = user && petition.initiator_user_id == user->id;
  bool may_moderate = false;
  bool committee = false;
  if (user) {
    services.db.Read([&](db::Tx& tx) {
      may_moderate = MayModerate(tx, *user, tenant.id);
      committee = MayActForCommittee(tx, *user, tenant.id);
    });
  }
  // The initiator's draft: changes asked for, the invitation of co-initiators, editing and submitting.
  if (is_initiator && petition.state == State::kDraft) {
    boost::json::object owner{{"edit_href", base + "/bearbeiten"}, {"submit_action", base + "/einreichen"}};
    if (!petition.changes_requested.empty()) owner["changes_requested"] = petition.changes_requested;
    if (settings.co_initiators > 0) {
      owner["invite_url"] = services.config.base_url + base + "/mitmachen?token=" + petition.invite_token;
      owner["invite_limit"] =
          T(services, visitor, "petitions.invite_limit", {{"count", std::to_string(settings.co_initiators)}});
    }
    model["owner"] = std::move(owner);
  }
  if ((is_initiator || may_moderate) && petition.state == State::kRejected) {
    model["rejection"] =
        boost::json::object{{"reason", T(services, visitor, "petitions.reason." + petition.rejection_reason)},
                            {"text", petition.rejection_text}};
  }
  if (committee && IsPublic(petition.state)) {
    boost::json::object tools{{"data_href", base + "/daten"}};
    if (may_moderate) tools["check_href"] = base + "/pruefung";
    if (may_moderate && petition.state == State::kPublished) tools["close_action"] = base + "/schliessen";
    if (petition.state == State::kClosed && !petition.handed_over_at) tools["hand_over_action"] = base + "/uebergeben";
    if (petition.state == State::kClosed && petition.handed_over_at) {
      tools["respond_action"] = base + "/antwort";
      tools["response_draft"] = options.response_draft;
    }
    if (petition.state == State::kClosed || petition.state == State::kAnswered) {
      tools["archive_action"] = base + "/archivieren";
    }
    model["committee"] = std::move(tools);
  }

  if (options.values.empty() && user) options.values = {{"name", user->name}, {"email", user->email}};
  model["values"] = std::move(options.values);
  model["email_from_account"] = visitor.logged_in();
  site::AddErrors(model, options.errors);
  std::string title =
      options.errors.empty() ? petition.title : T(services, visitor, "petitions.error_prefix") + petition.title;
  return site::RenderPage(services, visitor, request, "petitions_show", std::move(model), title,
                          {.status = options.status,
                           .tenant = &tenant,
                           .breadcrumbs = Crumbs(services, visitor, tenant, petition.title, true)});
}

// The form of a new petition, or of the initiator's draft (`editing`, action on `petition_id`).
http::Response ShowDraftForm(Services& services, Visitor& visitor, const http::Request& request,
                             const tenancy::Tenant& tenant, const Draft& draft, const std::vector<Error>& errors,
                             int status, std::optional<std::int64_t> petition_id = std::nullopt) {
  const bool editing = petition_id.has_value();
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"editing", editing},
                            {"action", editing ? PetitionPath(tenant.slug, *petition_id) + "/bearbeiten"
                                               : "/" + tenant.slug + "/petitionen/neu"},
                            {"values", boost::json::object{{"title", draft.title},
                                                           {"demand", draft.demand},
                                                           {"justification", draft.justification},
                                                           {"addressee", draft.addressee}}}};
  site::AddErrors(model, errors);
  std::string title = T(services, visitor, editing ? "petitions.edit_title" : "petitions.new_title");
  return site::RenderPage(
      services, visitor, request, "petitions_new", std::move(model),
      errors.empty() ? title : T(services, visitor, "petitions.error_prefix") + title,
      {.status = status, .tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, title)});
}

http::Response ShowModeration(Services& services, Visitor& visitor, const http::Request& request,
                              const tenancy::Tenant& tenant, const std::vector<Error>& errors, int status) {
  auto queue = services.db.Read([&](db::Tx& tx) { return List(tx, tenant.id, {State::kInModeration}, kListLimit); });
  boost::json::array items;
  // The whole petition as it would be published, with the terms in force and the end of the signing period if it
  // were published now (#14 item 11): the moderators decide on what the public will see. One "now" for the page.
  const db::UnixSeconds now = services.now();
  for (const auto& petition : queue) {
    std::string base = PetitionPath(tenant.slug, petition.id);
    boost::json::object item{{"id", petition.id},
                             {"title", petition.title},
                             {"demand", petition.demand},
                             {"justification", petition.justification},
                             {"addressee", petition.addressee},
                             {"quorum", std::to_string(petition.quorum)},
                             {"period_days", std::to_string(petition.period_days)},
                             {"closes_if_published_now",
                              site::FormatDeadline(services, ClosesAt(now, petition.period_days), visitor.locale)},
                             {"href", base},
                             {"created", site::FormatTime(petition.created_at, visitor.locale)},
                             {"publish_action", base + "/freigeben"},
                             {"reject_action", base + "/ablehnen"},
                             {"changes_action", base + "/aenderungen"}};
    // What the initiator asked for where it differs from what is in force (the tenant's settings).
    boost::json::array terms;
    if (petition.requested_quorum && *petition.requested_quorum != petition.quorum) {
      terms.push_back(boost::json::object{{"label", T(services, visitor, "petitions.terms_quorum")},
                                          {"requested", std::to_string(*petition.requested_quorum)},
                                          {"in_force", std::to_string(petition.quorum)}});
    }
    if (petition.requested_period_days && *petition.requested_period_days != petition.period_days) {
      terms.push_back(boost::json::object{{"label", T(services, visitor, "petitions.terms_period")},
                                          {"requested", std::to_string(*petition.requested_period_days)},
                                          {"in_force", std::to_string(petition.period_days)}});
    }
    item["has_requested_terms"] = !terms.empty();
    item["requested_terms"] = std::move(terms);
    for (const auto& error : errors) {
      if (error.field == "confirm-" + std::to_string(petition.id)) item["confirm_error"] = error.message;
    }
    items.push_back(std::move(item));
  }
  boost::json::array reasons;
  for (const auto& reason : RejectionReasons()) {
    reasons.push_back(
        boost::json::object{{"value", reason}, {"label", T(services, visitor, "petitions.reason." + reason)}});
  }
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"petitions", std::move(items)},
                            {"reasons", std::move(reasons)}};
  site::AddErrors(model, errors);
  std::string title = T(services, visitor, "petitions.moderation_title");
  return site::RenderPage(
      services, visitor, request, "petitions_moderation", std::move(model), title,
      {.status = status, .tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, title)});
}

// Resolves tenant and visitor for the moderators' pages; the response to send if the visitor may not moderate.
std::variant<tenancy::Tenant, http::Response> ModeratedTenant(Services& services, Visitor& visitor,
                                                              const http::Request& request) {
  if (!visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto tenant = TenantOf(services, visitor, request);
  if (std::holds_alternative<http::Response>(tenant)) return tenant;
  if (!VisitorMayModerate(services, visitor, std::get<tenancy::Tenant>(tenant))) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "error.forbidden"));
  }
  return tenant;
}

audit::Entry AuditEntry(const Visitor& visitor, const http::Request& request, std::int64_t tenant_id,
                        std::string action, std::int64_t petition_id, std::string detail = {}) {
  return {.actor_user_id = visitor.user()->id,
          .actor_label = visitor.user()->email,
          .tenant_id = tenant_id,
          .action = std::move(action),
          .object = "petition:" + std::to_string(petition_id),
          .detail = std::move(detail),
          .remote_ip = request.remote_ip};
}

// --- handlers ---

// The list filters: query value, translation key, states. "pruefung" only for moderators.
struct ListFilter {
  std::string_view value;
  std::string_view label_key;
  std::vector<State> states;
};
const std::vector<ListFilter>& ListFilters() {
  static const std::vector<ListFilter> kFilters{
      {"", "petitions.filter.all", {State::kPublished, State::kClosed, State::kAnswered, State::kArchived}},
      {"offen", "petitions.filter.open", {State::kPublished}},
      {"pruefung", "petitions.filter.moderation", {State::kInModeration}},
      {"beantwortet", "petitions.filter.answered", {State::kAnswered}},
      {"beendet", "petitions.filter.closed", {State::kClosed, State::kArchived}},
  };
  return kFilters;
}

http::Response ShowList(Services& services, Visitor& visitor, const http::Request& request,
                        const tenancy::Tenant& tenant) {
  const bool may_moderate = VisitorMayModerate(services, visitor, tenant);
  const std::string chosen = request.Query("status");
  const ListFilter* filter = nullptr;
  boost::json::array filters;
  const std::string list_path = "/" + tenant.slug + "/petitionen";
  for (const auto& candidate : ListFilters()) {
    if (candidate.value == "pruefung" && !may_moderate) continue;
    if (candidate.value == chosen) filter = &candidate;
    filters.push_back(boost::json::object{
        {"label", T(services, visitor, std::string(candidate.label_key))},
        {"href", candidate.value.empty() ? list_path : list_path + "?status=" + std::string(candidate.value)},
        {"current", candidate.value == chosen}});
  }
  if (!filter) return site::ErrorResponse(services, request, 400, T(services, visitor, "petitions.bad_filter"));
  auto list = services.db.Read([&](db::Tx& tx) { return List(tx, tenant.id, filter->states, kListLimit); });
  const db::UnixSeconds now = services.now();
  boost::json::array items;
  for (const auto& petition : list) {
    items.push_back(boost::json::object{{"title", petition.title},
                                        {"href", PetitionPath(tenant.slug, petition.id)},
                                        {"state_label", StateLabel(services, visitor.locale, petition.state)},
                                        {"deadline", SigningDeadline(services, visitor, petition, now)},
                                        {"progress_label", T(services, visitor, "petitions.progress",
                                                             {{"count", std::to_string(petition.confirmed_count)},
                                                              {"quorum", std::to_string(petition.quorum)}})}});
  }
  const Settings settings = SettingsOf(services, tenant.id);
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"petitions", std::move(items)},
                            {"filters", std::move(filters)},
                            {"enabled", settings.enabled},
                            {"feed_href", list_path + "/feed.atom"}};
  if (settings.enabled) model["new_href"] = list_path + "/neu";
  if (may_moderate) model["moderation_href"] = list_path + "/moderation";
  if (VisitorMayAdminister(services, visitor, tenant)) model["settings_href"] = list_path + "/einstellungen";
  std::string title = T(services, visitor, "petitions.list_title");
  return site::RenderPage(services, visitor, request, "petitions_list", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = {{tenant.name, "/" + tenant.slug, true}, {title, ""}}});
}

http::Response GetList(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto shared =
      site::ServeSharedPage(services, visitor, request, {std::string(kPetitionsScope), site::TenantScope(tenant.id)},
                            [&](Visitor& anonymous) {
                              auto fresh = TenantOf(services, anonymous, request);
                              if (auto* response = std::get_if<http::Response>(&fresh)) {
                                return std::move(*response);
                              }
                              return ShowList(services, anonymous, request, std::get<tenancy::Tenant>(fresh));
                            });
  if (shared) return std::move(*shared);
  return ShowList(services, visitor, request, tenant);
}

// The tenant's public petitions as an Atom feed, newest first; an entry is updated by its response. Escaped with
// XmlEscape, which also keeps control characters stored before the input check from making the feed malformed.
// The tenant's Atom feed, in German (xml:lang="de") for every visitor.
http::Response RenderFeed(Services& services, const tenancy::Tenant& tenant) {
  auto list = services.db.Read([&](db::Tx& tx) {
    return List(tx, tenant.id, {State::kPublished, State::kClosed, State::kAnswered, State::kArchived}, 50);
  });
  const std::string base = services.config.base_url;
  const std::string list_url = base + "/" + tenant.slug + "/petitionen";
  db::UnixSeconds newest = 0;
  std::string entries;
  for (const auto& petition : list) {
    db::UnixSeconds updated = std::max({petition.published_at.value_or(petition.created_at),
                                        petition.closed_at.value_or(0), petition.responded_at.value_or(0)});
    newest = std::max(newest, updated);
    std::string url = base + PetitionPath(tenant.slug, petition.id);
    std::string summary = StateLabel(services, "de", petition.state) + " — " + petition.demand;
    if (petition.responded_at)
      summary += "\n\n" + services.renderer.T("de", "petitions.response_title") + ": " + petition.response_text;
    entries += "<entry><id>" + XmlEscape(url) + "</id><title>" + XmlEscape(petition.title) +
               "</title><link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(url) + "\"/><published>" +
               IsoUtc(petition.published_at.value_or(petition.created_at)) + "</published><updated>" + IsoUtc(updated) +
               "</updated><summary>" + XmlEscape(summary) + "</summary></entry>\n";
  }
  std::string body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xml:lang=\"de\"><id>" +
      XmlEscape(list_url) + "</id><title>" +
      XmlEscape(services.renderer.T("de", "petitions.feed_title", {{"tenant", tenant.name}})) +
      "</title><link rel=\"self\" href=\"" + XmlEscape(list_url + "/feed.atom") +
      "\"/><link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(list_url) + "\"/><author><name>" +
      XmlEscape(tenant.name) + "</name></author><updated>" + IsoUtc(newest ? newest : services.now()) +
      "</updated>\n" + entries + "</feed>\n";
  http::Response response;
  response.status = 200;
  response.SetHeader("Content-Type", "application/atom+xml; charset=utf-8");
  response.body = std::move(body);
  return response;
}

// The feed is the same for everyone: kept like the pages (site/page_cache.hpp), answered on the I/O thread.
http::Response GetFeed(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  const tenancy::Tenant& tenant = std::get<Entered>(entered).tenant;
  return site::ServeSharedResource(services, request, {std::string(kPetitionsScope), site::TenantScope(tenant.id)},
                                   [&] { return RenderFeed(services, tenant); });
}

http::Response GetNew(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!SettingsOf(services, tenant.id).enabled) {
    return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.disabled"));
  }
  return ShowDraftForm(services, visitor, request, tenant, {}, {}, 200);
}

Draft DraftFromForm(const http::Request& request) {
  return {.title = request.Form("title"),
          .demand = request.Form("demand"),
          .justification = request.Form("justification"),
          .addressee = request.Form("addressee")};
}

http::Response PostNew(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  const Settings settings = SettingsOf(services, tenant.id);
  if (!settings.enabled) return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.disabled"));
  Draft draft = DraftFromForm(request);
  draft.quorum = settings.quorum;
  draft.period_days = settings.period_days;
  auto errors = ValidateDraft(draft);
  if (!errors.empty()) return ShowDraftForm(services, visitor, request, tenant, draft, errors, 422);
  db::UnixSeconds now = services.now();
  // The petition starts as a draft: the initiator may invite co-initiators and then submits it.
  auto created = services.db.Write([&](db::Tx& tx) -> Result<Petition> {
    auto petition = CreateDraft(tx, tenant.id, visitor.user()->id, draft, now);
    if (petition) audit::Record(tx, AuditEntry(visitor, request, tenant.id, "petition.create", petition->id), now);
    return petition;
  });
  if (!created) return ShowDraftForm(services, visitor, request, tenant, draft, {created.error()}, 422);
  return site::RedirectWithFlash(visitor, PetitionPath(tenant.slug, created->id), "petitions.flash_drafted");
}

// The initiator's own draft of the path, or the response to send.
std::variant<Petition, http::Response> OwnDraft(Services& services, Visitor& visitor, const http::Request& request,
                                                const tenancy::Tenant& tenant) {
  auto visible = PetitionOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&visible)) return std::move(*response);
  const auto& petition = std::get<Petition>(visible);
  if (petition.initiator_user_id != visitor.user()->id) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "error.forbidden"));
  }
  if (petition.state != State::kDraft) {
    return site::ErrorResponse(services, request, 409, T(services, visitor, "petitions.not_a_draft"));
  }
  return petition;
}

http::Response EditDraft(Services& services, http::Request& request, bool save) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto own = OwnDraft(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&own)) return std::move(*response);
  const auto& petition = std::get<Petition>(own);
  if (!save) {
    return ShowDraftForm(services, visitor, request, tenant,
                         {.title = petition.title,
                          .demand = petition.demand,
                          .justification = petition.justification,
                          .addressee = petition.addressee},
                         {}, 200, petition.id);
  }
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  Draft draft = DraftFromForm(request);
  auto errors = ValidateDraft(draft);
  if (!errors.empty()) return ShowDraftForm(services, visitor, request, tenant, draft, errors, 422, petition.id);
  auto saved = services.db.Write([&](db::Tx& tx) { return UpdateDraft(tx, petition.id, draft); });
  if (!saved) return ShowDraftForm(services, visitor, request, tenant, draft, {saved.error()}, 422, petition.id);
  return site::RedirectWithFlash(visitor, PetitionPath(tenant.slug, petition.id), "petitions.flash_saved");
}

http::Response GetEdit(Services& services, http::Request& request) {
  return EditDraft(services, request, false);
}
http::Response PostEdit(Services& services, http::Request& request) {
  return EditDraft(services, request, true);
}

// The invitation link of co-initiators: a page with a button (GET changes nothing), the POST joins.
http::Response Join(Services& services, http::Request& request, bool join) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto id = ParseId(request.PathParam("id"));
  std::string token = join ? request.Form("token") : request.Query("token");
  auto petition = services.db.Read([&](db::Tx& tx) -> std::optional<Petition> {
    auto candidate = id ? Find(tx, *id) : std::nullopt;
    // Without the right token a draft stays invisible.
    if (!candidate || candidate->tenant_id != tenant.id || candidate->invite_token.empty() ||
        !ConstantTimeEquals(candidate->invite_token, token)) {
      return std::nullopt;
    }
    return candidate;
  });
  if (!petition) return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.invite_invalid"));
  const std::string title = T(services, visitor, "petitions.join_title");
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"petition_title", petition->title},
                            {"demand", petition->demand},
                            {"token", token},
                            {"action", PetitionPath(tenant.slug, petition->id) + "/mitmachen"}};
  if (join) {
    if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
    const Settings settings = SettingsOf(services, tenant.id);
    db::UnixSeconds now = services.now();
    auto joined = services.db.Write([&](db::Tx& tx) -> Status {
      auto status = JoinAsCoInitiator(tx, petition->id, visitor.user()->id, token, settings.co_initiators, now);
      if (status) audit::Record(tx, AuditEntry(visitor, request, tenant.id, "petition.join", petition->id), now);
      return status;
    });
    if (joined) {
      return site::RedirectWithFlash(visitor, PetitionPath(tenant.slug, petition->id), "petitions.flash_joined");
    }
    model["problem"] = joined.error().message;
    return site::RenderPage(services, visitor, request, "petitions_join", std::move(model), title,
                            {.status = site::StatusFor(joined.error().kind),
                             .tenant = &tenant,
                             .breadcrumbs = Crumbs(services, visitor, tenant, title)});
  }
  return site::RenderPage(services, visitor, request, "petitions_join", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, title)});
}

http::Response GetJoin(Services& services, http::Request& request) {
  return Join(services, request, false);
}
http::Response PostJoin(Services& services, http::Request& request) {
  return Join(services, request, true);
}

http::Response GetPetition(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto show = [&](Visitor& viewer, const tenancy::Tenant& of) -> http::Response {
    auto visible = PetitionOf(services, viewer, request, of);
    if (auto* response = std::get_if<http::Response>(&visible)) return std::move(*response);
    return ShowPetition(services, viewer, request, of, std::get<Petition>(visible), {});
  };
  // A visitor without session and notice gets the page all of them share (site/page_cache.hpp).
  if (auto id = ParseId(request.PathParam("id"))) {
    auto shared = site::ServeSharedPage(services, visitor, request, {PetitionScope(*id), site::TenantScope(tenant.id)},
                                        [&](Visitor& anonymous) {
                                          // Read again under the page's generations, so that a change committed
                                          // meanwhile is not kept.
                                          auto fresh = TenantOf(services, anonymous, request);
                                          if (auto* response = std::get_if<http::Response>(&fresh))
                                            return std::move(*response);
                                          return show(anonymous, std::get<tenancy::Tenant>(fresh));
                                        });
    if (shared) return std::move(*shared);
  }
  return show(visitor, tenant);
}

http::Response PostSign(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto visible = PetitionOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&visible)) return std::move(*response);
  const auto& petition = std::get<Petition>(visible);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::string done = PetitionPath(tenant.slug, petition.id) + "/gesendet";
  // People leave the hidden field empty; a bot that fills it is told the same as a person and nothing is stored.
  if (!request.Form("website").empty()) return site::RedirectWithFlash(visitor, done);
  db::UnixSeconds now = services.now();
  const Settings settings = SettingsOf(services, tenant.id);
  SignatureInput input{.name = request.Form("name"),
                       .email = request.Form("email"),
                       .postcode = request.Form("postcode"),
                       .address = request.Form("address"),
                       .show_public = request.Form("show_public") == "yes",
                       .notify = request.Form("notify") == "yes",
                       .consent = request.Form("consent") == "yes"};
  // A logged-in citizen signs with the account's address, so that the account, too, signs only once.
  if (visitor.user()) input.email = visitor.user()->email;
  boost::json::object values{{"name", input.name},
                             {"email", input.email},
                             {"postcode", input.postcode},
                             {"address", input.address},
                             {"show_public", input.show_public},
                             {"notify", input.notify},
                             {"consent", input.consent}};
  auto signature = ValidateSignature(input, /*require_consent=*/true, settings.require_address);
  if (!signature) {
    return ShowPetition(services, visitor, request, tenant, petition,
                        {.values = std::move(values), .errors = signature.error(), .status = 422});
  }
  if (!SigningAllowed(services, request.remote_ip, signature->email_normalized, now)) {
    return site::ErrorResponse(services, request, 429, T(services, visitor, "error.rate_limited"));
  }
  auto added = SignAndQueueMail(services, petition, *signature, visitor.locale, request.remote_ip, now);
  if (!added) {
    int status = site::StatusFor(added.error().kind);
    if (status == 404) return site::ErrorResponse(services, request, 404, added.error().message);
    return ShowPetition(services, visitor, request, tenant, petition,
                        {.values = std::move(values), .errors = {added.error()}, .status = status});
  }
  return site::RedirectWithFlash(visitor, done);
}

http::Response GetSigned(Services& services, http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto petition = PetitionOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&petition)) return std::move(*response);
  const auto& shown = std::get<Petition>(petition);
  boost::json::object model{{"title", shown.title}, {"href", PetitionPath(tenant.slug, shown.id)}};
  std::string title = T(services, visitor, "petitions.signed_title");
  return site::RenderPage(services, visitor, request, "petitions_signed", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, title)});
}

http::Response GetConfirm(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  // Only the button (POST) confirms: mail scanners open links on their own.
  return site::RenderPage(services, visitor, request, "petitions_confirm",
                          {{"pending", true}, {"token", request.Query("token")}},
                          T(services, visitor, "petitions.confirm_title"));
}

http::Response PostConfirm(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  db::UnixSeconds now = services.now();
  auto confirmed = services.db.Write([&](db::Tx& tx) -> Result<std::pair<ConfirmedSignature, std::string>> {
    auto signature = ConfirmSignature(tx, request.Form("token"), now);
    if (!signature) return std::unexpected(signature.error());
    auto petition = Find(tx, signature->petition_id);
    auto tenant = tenancy::FindById(tx, petition->tenant_id);
    return std::pair{*signature, PetitionPath(tenant->slug, petition->id)};
  });
  boost::json::object model{{"ok", confirmed.has_value()}};
  if (confirmed) {
    model["message"] = T(services, visitor, "petitions.confirm_success");
    model["href"] = confirmed->second;
  } else {
    model["message"] = confirmed.error().message;
  }
  return site::RenderPage(services, visitor, request, "petitions_confirm", std::move(model),
                          T(services, visitor, "petitions.confirm_title"),
                          {.status = confirmed ? 200 : site::StatusFor(confirmed.error().kind)});
}

http::Response GetModeration(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto found = ModeratedTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  return ShowModeration(services, visitor, request, std::get<tenancy::Tenant>(found), {}, 200);
}

// A step of the petition's life from a form: the moderators' queue (publish, reject, request changes) or the
// petition page (submit, close, hand over, respond, archive).
http::Response PostStep(Services& services, http::Request& request, Step step) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto id = ParseId(request.PathParam("id"));
  if (!id) return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.not_found"));
  StepInput input{.reason = request.Form("reason"),
                  .text = step == Step::kRespond ? request.Form("response") : request.Form("text")};
  // Publishing is asked once more (#14 item 11): the moderator confirms having read the whole petition and what
  // becomes final — it is public, can be signed and its text no longer changes. Only a moderator is shown the queue
  // again; anyone else is refused by TakeStep as before.
  if (step == Step::kPublish && request.Form("confirm") != "yes" && VisitorMayModerate(services, visitor, tenant)) {
    Error unconfirmed{.kind = ErrorKind::kInvalid,
                      .message = T(services, visitor, "petitions.publish_confirm_missing"),
                      .field = "confirm-" + std::to_string(*id)};
    return ShowModeration(services, visitor, request, tenant, {unconfirmed}, 422);
  }
  auto taken =
      TakeStep(services, *visitor.user(), *id, step, input, {.tenant_id = tenant.id, .remote_ip = request.remote_ip});
  const bool from_queue = step == Step::kPublish || step == Step::kReject || step == Step::kRequestChanges;
  const std::string queue = "/" + tenant.slug + "/petitionen/moderation";
  if (!taken) {
    Error error = taken.error();
    int status = site::StatusFor(error.kind);
    if (status == 404 || status == 403) return site::ErrorResponse(services, request, status, error.message);
    if (from_queue) {
      // The queue has forms per petition; the summary links to the field of the right one.
      if (step == Step::kRequestChanges && error.field == "text") error.field = "changes";
      if (!error.field.empty()) error.field += "-" + std::to_string(*id);
      return ShowModeration(services, visitor, request, tenant, {error}, status == 409 ? 409 : 422);
    }
    auto petition = services.db.Read([&](db::Tx& tx) { return Find(tx, *id); });
    if (!petition) return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.not_found"));
    return ShowPetition(services, visitor, request, tenant, *petition,
                        {.errors = {error}, .status = status == 409 ? 409 : 422, .response_draft = input.text});
  }
  static const std::map<Step, std::string_view> kFlash{
      {Step::kSubmit, "petitions.flash_submitted"}, {Step::kPublish, "petitions.flash_published"},
      {Step::kReject, "petitions.flash_rejected"},  {Step::kRequestChanges, "petitions.flash_changes"},
      {Step::kClose, "petitions.flash_closed"},     {Step::kHandOver, "petitions.flash_handed_over"},
      {Step::kRespond, "petitions.flash_answered"}, {Step::kArchive, "petitions.flash_archived"}};
  return site::RedirectWithFlash(visitor, from_queue ? queue : PetitionPath(tenant.slug, *id), kFlash.at(step));
}

http::Response ShowSettings(Services& services, Visitor& visitor, const http::Request& request,
                            const tenancy::Tenant& tenant, const Settings& settings, const std::vector<Error>& errors,
                            int status) {
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"action", "/" + tenant.slug + "/petitionen/einstellungen"},
                            {"values", boost::json::object{{"enabled", settings.enabled},
                                                           {"quorum", settings.quorum},
                                                           {"period_days", settings.period_days},
                                                           {"require_address", settings.require_address},
                                                           {"co_initiators", settings.co_initiators},
                                                           {"retention_days", settings.retention_days}}}};
  site::AddErrors(model, errors);
  std::string title = T(services, visitor, "petitions.settings_title");
  return site::RenderPage(
      services, visitor, request, "petitions_settings", std::move(model),
      errors.empty() ? title : T(services, visitor, "petitions.error_prefix") + title,
      {.status = status, .tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, title)});
}

// A whole number from a form field, or -1 (which validation refuses, naming the range) for anything else.
std::int64_t FormNumber(const http::Request& request, std::string_view field) {
  std::string text(Trim(request.Form(field)));
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return -1;
  return value;
}

http::Response SettingsPage(Services& services, http::Request& request, bool save) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  if (!VisitorMayAdminister(services, visitor, tenant)) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "error.forbidden"));
  }
  if (!save) {
    auto settings = services.db.Read([&](db::Tx& tx) { return LoadSettings(tx, tenant.id); });
    return ShowSettings(services, visitor, request, tenant, settings, {}, 200);
  }
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto clamp_int = [](std::int64_t value) { return static_cast<int>(std::clamp<std::int64_t>(value, -1, 1'000'000)); };
  Settings settings{.enabled = request.Form("enabled") == "yes",
                    .quorum = FormNumber(request, "quorum"),
                    .period_days = clamp_int(FormNumber(request, "period_days")),
                    .require_address = request.Form("require_address") == "yes",
                    .co_initiators = clamp_int(FormNumber(request, "co_initiators")),
                    .retention_days = clamp_int(FormNumber(request, "retention_days"))};
  auto errors = ValidateSettings(settings);
  if (!errors.empty()) return ShowSettings(services, visitor, request, tenant, settings, errors, 422);
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    SaveSettings(tx, tenant.id, settings);
    // The settings show on every petition page of the tenant (e.g. the address fields of the form).
    site::TouchPages(tx, {site::TenantScope(tenant.id)});
    audit::Record(tx,
                  {.actor_user_id = visitor.user()->id,
                   .actor_label = visitor.user()->email,
                   .tenant_id = tenant.id,
                   .action = "petition.settings",
                   .object = "tenant:" + std::to_string(tenant.id),
                   .detail = "enabled=" + std::to_string(settings.enabled) + " quorum=" +
                             std::to_string(settings.quorum) + " period_days=" + std::to_string(settings.period_days) +
                             " require_address=" + std::to_string(settings.require_address) +
                             " co_initiators=" + std::to_string(settings.co_initiators) +
                             " retention_days=" + std::to_string(settings.retention_days),
                   .remote_ip = request.remote_ip},
                  now);
  });
  return site::RedirectWithFlash(visitor, "/" + tenant.slug + "/petitionen/einstellungen", "petitions.flash_settings");
}

http::Response GetSettings(Services& services, http::Request& request) {
  return SettingsPage(services, request, false);
}
http::Response PostSettings(Services& services, http::Request& request) {
  return SettingsPage(services, request, true);
}

std::vector<site::Offer> PublishedOffers(const Services& services, db::Tx& tx, std::optional<std::int64_t> tenant_id,
                                         std::string_view locale, int limit) {
  std::vector<site::Offer> offers;
  std::map<std::int64_t, std::optional<tenancy::Tenant>> tenants;
  for (const auto& petition : List(tx, tenant_id, {State::kPublished}, limit)) {
    auto& tenant = tenants[petition.tenant_id];
    if (!tenant) tenant = tenancy::FindById(tx, petition.tenant_id);
    if (!tenant) continue;
    std::string until = petition.closes_at ? site::FormatTime(*petition.closes_at, locale) : "";
    offers.push_back({.title = petition.title,
                      .href = PetitionPath(tenant->slug, petition.id),
                      .tenant_name = tenant->name,
                      .format_label = services.renderer.T(locale, "petitions.format_label"),
                      .status_label = services.renderer.T(locale, "petitions.offer_status", {{"date", until}})});
  }
  return offers;
}

// The petitions open for signing as entries of the participation list: where a petition is, is where its tenant is.
site::ParticipationList OpenParticipation(const Services& services, db::Tx& tx, const site::ParticipationQuery& query) {
  std::optional<std::vector<std::int64_t>> tenant_ids;
  if (query.box) tenant_ids = query.tenant_ids;
  site::ParticipationList out;
  if (tenant_ids && tenant_ids->empty()) return out;
  out.total = CountOpen(tx, tenant_ids);
  std::map<std::int64_t, std::optional<tenancy::Tenant>> tenants;
  for (const auto& petition : ListOpen(tx, tenant_ids, query.limit)) {
    auto& tenant = tenants[petition.tenant_id];
    if (!tenant) tenant = tenancy::FindById(tx, petition.tenant_id);
    if (!tenant) continue;
    std::string until = petition.closes_at ? site::FormatDeadline(services, *petition.closes_at, query.locale) : "";
    out.entries.push_back({.kind = std::string(kPetitionsScope),
                           .kind_label = services.renderer.T(query.locale, "petitions.format_label"),
                           .title = petition.title,
                           .href = PetitionPath(tenant->slug, petition.id),
                           .tenant_id = tenant->id,
                           .tenant_name = tenant->name,
                           .status_label = services.renderer.T(query.locale, "petitions.offer_status", {{"date", until}}),
                           .ends_at = petition.closes_at});
  }
  return out;
}

}  // namespace

bool MayActForCommittee(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id) {
  return MayModerate(tx, user, tenant_id) || accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kCaseWorker);
}

bool MayModerate(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id) {
  return user.is_platform_admin || accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kModerator) ||
         accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kAdmin);
}

std::optional<tenancy::Tenant> FindTenant(Services& services, std::string_view slug) {
  return services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, std::string(slug)); });
}

std::optional<Petition> FindPublicPetition(Services& services, std::int64_t id) {
  auto petition = services.db.Read([&](db::Tx& tx) { return Find(tx, id); });
  if (!petition || !IsPublic(petition->state)) return std::nullopt;
  return petition;
}

Settings SettingsOf(Services& services, std::int64_t tenant_id) {
  return services.db.Read([&](db::Tx& tx) { return LoadSettings(tx, tenant_id); });
}

std::string PetitionScope(std::int64_t petition_id) {
  return "petition:" + std::to_string(petition_id);
}

void TouchPetitionPages(db::Tx& tx, const std::vector<std::int64_t>& petition_ids) {
  if (petition_ids.empty()) return;
  std::vector<std::string> scopes{std::string(kPetitionsScope), std::string(site::kOffersScope)};
  for (std::int64_t petition_id : petition_ids) scopes.push_back(PetitionScope(petition_id));
  site::TouchPages(tx, scopes);
}

std::string StateLabel(const Services& services, std::string_view locale, State state) {
  return services.renderer.T(locale, "petitions.state." + std::string(StateName(state)));
}

std::string PetitionPath(std::string_view tenant_slug, std::int64_t id) {
  return "/" + std::string(tenant_slug) + "/petitionen/" + std::to_string(id);
}

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

bool SigningAllowed(Services& services, const std::string& ip, const std::string& email, db::UnixSeconds now) {
  return services.limiter.Allow("petition-sign-ip:" + ip, kSignPerIp, now) &&
         // Per person, not per spelling: aliases of one mailbox share the limit (and so do its mails).
         services.limiter.Allow("petition-sign-email:" + SignerKey(email), kSignPerEmail, now);
}

Result<NewSignature> SignAndQueueMail(Services& services, const Petition& petition, const ValidSignature& signature,
                                      std::string_view locale, const std::string& ip, db::UnixSeconds now) {
  auto added = services.db.Write([&](db::Tx& tx) -> Result<NewSignature> {
    auto created = AddSignature(tx, petition.id, signature, ip, now);
    if (!created) return created;
    auto tenant = tenancy::FindById(tx, petition.tenant_id);
    const std::string petition_url =
        services.config.base_url + PetitionPath(tenant ? tenant->slug : "", petition.id);
    // A signer needs no account; the mail is addressed like one. Whoever typed the name may not own the address:
    // the mail quotes it only as MailName gives it.
    accounts::User recipient{
        .email = signature.email_normalized, .name = mail::MailName(signature.name), .locale = std::string(locale)};
    // Signed already: the owner of the address hears it, the sender is told the same as for a new signature.
    auto mail = created->already_signed
                    ? site::ComposeMail(services, "petition_already_signed", recipient,
                                        {{"petition_title", petition.title}, {"petition_url", petition_url}},
                                        "petition-signature")
                    : site::ComposeMail(
                          services, "petition_confirm", recipient,
                          {{"petition_title", petition.title},
                           {"petition_url", petition_url},
                           {"confirm_url",
                            services.config.base_url + "/petitionen/bestaetigen?token=" + created->token}},
                          "petition-signature");
    mail.tenant_id = petition.tenant_id;
    site::QueueMail(tx, mail, now);
    return created;
  });
  if (added && services.notify_outbox) services.notify_outbox();
  return added;
}

void Register(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // The justification may have 10,000 characters, up to four bytes each.
  http::RouteOptions form{.body_limit = 64 * 1024, .field_limit = 48 * 1024};
  http::RouteOptions json{.body_limit = 64 * 1024};

  // A visitor without session gets the kept shared page on the I/O thread when there is a current one; a session
  // and everything else goes to the handler on a worker.
  const http::RouteOptions shared_page{.fast = site::SharedPageFast(services)};
  router.Add(Method::kGet, "/{tenant}/petitionen", bind(GetList), shared_page);
  router.Add(Method::kGet, "/{tenant}/petitionen/feed.atom", bind(GetFeed), {.fast = site::SharedResourceFast(services)});
  router.Add(Method::kGet, "/{tenant}/petitionen/neu", bind(GetNew));
  router.Add(Method::kPost, "/{tenant}/petitionen/neu", bind(PostNew), form);
  router.Add(Method::kGet, "/{tenant}/petitionen/moderation", bind(GetModeration));
  router.Add(Method::kGet, "/{tenant}/petitionen/einstellungen", bind(GetSettings));
  router.Add(Method::kPost, "/{tenant}/petitionen/einstellungen", bind(PostSettings), form);
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}", bind(GetPetition), shared_page);
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/bearbeiten", bind(GetEdit));
  router.Add(Method::kPost, "/{tenant}/petitionen/{id}/bearbeiten", bind(PostEdit), form);
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/mitmachen", bind(GetJoin));
  router.Add(Method::kPost, "/{tenant}/petitionen/{id}/mitmachen", bind(PostJoin), form);
  router.Add(Method::kPost, "/{tenant}/petitionen/{id}/unterschreiben", bind(PostSign), form);
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/gesendet", bind(GetSigned));
  // The steps, each a form posting to the petition's path; the committee's response may be long.
  http::RouteOptions response_form{.body_limit = 128 * 1024, .field_limit = 96 * 1024};
  const std::pair<std::string_view, Step> kStepPaths[] = {
      {"einreichen", Step::kSubmit}, {"freigeben", Step::kPublish},
      {"ablehnen", Step::kReject},   {"aenderungen", Step::kRequestChanges},
      {"schliessen", Step::kClose},  {"uebergeben", Step::kHandOver},
      {"antwort", Step::kRespond},   {"archivieren", Step::kArchive}};
  for (const auto& [path, step] : kStepPaths) {
    router.Add(
        Method::kPost, "/{tenant}/petitionen/{id}/" + std::string(path),
        [&services, step](http::Request& request) { return PostStep(services, request, step); },
        step == Step::kRespond ? response_form : form);
  }
  router.Add(Method::kGet, "/petitionen/bestaetigen", bind(GetConfirm));
  router.Add(Method::kPost, "/petitionen/bestaetigen", bind(PostConfirm), form);

  router.Add(Method::kGet, "/api/v1/petitions", bind(ApiList));
  router.Add(Method::kGet, "/api/v1/petitions/{id}", bind(ApiGet));
  router.Add(Method::kPost, "/api/v1/petitions/{id}/signatures", bind(ApiSign), json);
  router.Add(Method::kGet, "/api/v1/petitions/{id}/signatures", bind(ApiSignatures));
  for (Step step : {Step::kSubmit, Step::kPublish, Step::kReject, Step::kRequestChanges, Step::kClose, Step::kHandOver,
                    Step::kRespond, Step::kArchive}) {
    router.Add(
        Method::kPost, "/api/v1/petitions/{id}/" + std::string(StepName(step)),
        [&services, step](http::Request& request) { return ApiStep(services, request, step); }, json);
  }
  router.Add(Method::kPost, "/api/v1/signatures/confirm", bind(ApiConfirm), json);
  router.Add(Method::kPost, "/api/v1/tenants/{slug}/petitions", bind(ApiCreate), json);

  RegisterAbuseRoutes(router, services);
  RegisterDataRoutes(router, services);

  services.sections.push_back({.label_key = "petitions.list_title",
                               .href = "",
                               .tenant_path = "/petitionen",
                               .activity_key = "petitions.section_activity",
                               .account_key = "petitions.section_account",
                               .easy_language_key = "petitions.section_easy_language"});
  services.offer_sources.push_back(
      [&services](db::Tx& tx, std::optional<std::int64_t> tenant_id, std::string_view locale, int limit) {
        return PublishedOffers(services, tx, tenant_id, locale, limit);
      });
  // "Meine Aufgaben" (#14 item 10): the moderation queue of each tenant the person moderates (as MayModerate:
  // moderators and the tenant's administration).
  services.task_sources.push_back([&services](db::Tx& tx, const site::TaskQuery& query) {
    std::vector<site::Task> tasks;
    std::set<std::int64_t> listed;
    for (const auto& grant : *query.roles) {
      if (grant.role != accounts::Role::kModerator && grant.role != accounts::Role::kAdmin) continue;
      if (!listed.insert(grant.tenant_id).second) continue;
      tasks.push_back({.tenant_id = grant.tenant_id,
                       .label = services.renderer.T(query.locale, "petitions.tasks.moderation"),
                       .count = CountInState(tx, grant.tenant_id, State::kInModeration),
                       .href = "/" + grant.tenant_slug + "/petitionen/moderation"});
    }
    return tasks;
  });
  // The kind is the format's page-cache scope too: /beteiligung is kept until a petition's write touches it.
  services.participation_sources.push_back(
      {.kind = std::string(kPetitionsScope),
       .label_key = "petitions.list_title",
       .list = [&services](db::Tx& tx, const site::ParticipationQuery& query) {
         return OpenParticipation(services, tx, query);
       }});
}

void AddJobs(jobs::Scheduler& scheduler, db::Database& db) {
  // One transaction that marks what it counts, so two folds at once would still count each signature once; the
  // short lease only bounds how long the counts stand still when a node dies in the middle of a fold (the default
  // would be 62 s).
  scheduler.Add(
      "petitions-fold-counts", 1, [&db](db::UnixSeconds) { FoldCountsNow(db); }, /*lease_seconds=*/10);
  scheduler.Add("petitions-close-expired", 60, [&db](db::UnixSeconds) { CloseExpiredNow(db); });
  AddDataJobs(scheduler, db);
}

void CloseExpiredNow(db::Database& db) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  db.Write([&](db::Tx& tx) {
    std::vector<std::int64_t> closed;
    CloseExpired(tx, now, &closed);
    TouchPetitionPages(tx, closed);
  });
}

void FoldCountsNow(db::Database& db) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  // The folded counts show on the petitions' pages at once in this process and within a poll in the others.
  db.Write([&](db::Tx& tx) {
    std::vector<std::int64_t> counted;
    FoldCounts(tx, now, &counted);
    TouchPetitionPages(tx, counted);
  });
}

}  // namespace mw::petitions
