// The petition pages: list, new petition, petition page with the signing form, confirmation of a signature, and
// the moderators' queue. Every form works without JavaScript; every write is durable before the answer.
#include "formats/petitions/pages.hpp"

#include <charconv>
#include <chrono>
#include <variant>

#include "formats/petitions/cache.hpp"
#include "formats/petitions/handlers.hpp"
#include "platform/audit/audit.hpp"
#include "platform/site/context.hpp"
#include "platform/site/mails.hpp"

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
  auto tenant = CachedTenant(services, request.PathParam("tenant"));
  if (!tenant) return site::ErrorResponse(services, request, 404, T(services, visitor, "error.unknown_tenant"));
  return *tenant;
}

// The petition of the path if it belongs to `tenant` and the visitor may see it, or the 404 to answer.
std::variant<Petition, http::Response> PetitionOf(Services& services, const Visitor& visitor,
                                                  const http::Request& request, const tenancy::Tenant& tenant) {
  auto id = ParseId(request.PathParam("id"));
  std::optional<Petition> petition;
  if (id) petition = CachedPetition(services, *id);
  if (petition && petition->tenant_id != tenant.id) petition.reset();
  if (id && !petition && visitor.user()) {
    petition = services.db.Read([&](db::Tx& tx) -> std::optional<Petition> {
      auto found = Find(tx, *id);
      if (!found || found->tenant_id != tenant.id) return std::nullopt;
      if (IsPublic(found->state)) return found;
      // Before publication (and after a rejection) only the initiator and the moderators see it.
      const accounts::User* user = visitor.user();
      if (user && (found->initiator_user_id == user->id || MayModerate(tx, *user, tenant.id))) return found;
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

std::vector<std::pair<std::string, std::string>> Crumbs(const Services& services, const Visitor& visitor,
                                                        const tenancy::Tenant& tenant, std::string last) {
  return {{tenant.name, "/" + tenant.slug},
          {T(services, visitor, "petitions.list_title"), "/" + tenant.slug + "/petitionen"},
          {std::move(last), ""}};
}

http::Response ShowPetition(Services& services, Visitor& visitor, const http::Request& request,
                            const tenancy::Tenant& tenant, const Petition& petition, boost::json::object values,
                            const std::vector<Error>& errors, int status) {
  db::UnixSeconds now = services.now();
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
      {"quorum", petition.quorum},
      {"percent", QuorumPercent(petition.confirmed_count, petition.quorum)},
      {"progress_label", T(services, visitor, "petitions.progress", {{"count", count}, {"quorum", quorum}})}};
  if (petition.closes_at) item["closes"] = site::FormatTime(*petition.closes_at, visitor.locale);
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"petition", std::move(item)},
                            {"can_sign", IsOpenForSigning(petition.state, petition.closes_at, now)},
                            {"sign_action", PetitionPath(tenant.slug, petition.id) + "/unterschreiben"}};
  if (values.empty() && visitor.user()) {
    values = {{"name", visitor.user()->name}, {"email", visitor.user()->email}};
  }
  model["values"] = std::move(values);
  model["email_from_account"] = visitor.logged_in();
  site::AddErrors(model, errors);
  std::string title = errors.empty() ? petition.title : T(services, visitor, "petitions.error_prefix") + petition.title;
  return site::RenderPage(
      services, visitor, request, "petitions_show", std::move(model), title,
      {.status = status, .tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, petition.title)});
}

http::Response ShowNewForm(Services& services, Visitor& visitor, const http::Request& request,
                           const tenancy::Tenant& tenant, const Draft& draft, const std::vector<Error>& errors,
                           int status) {
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"values", boost::json::object{{"title", draft.title},
                                                           {"demand", draft.demand},
                                                           {"justification", draft.justification},
                                                           {"addressee", draft.addressee}}}};
  site::AddErrors(model, errors);
  std::string title = T(services, visitor, "petitions.new_title");
  return site::RenderPage(
      services, visitor, request, "petitions_new", std::move(model),
      errors.empty() ? title : T(services, visitor, "petitions.error_prefix") + title,
      {.status = status, .tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, title)});
}

http::Response ShowModeration(Services& services, Visitor& visitor, const http::Request& request,
                              const tenancy::Tenant& tenant, const std::vector<Error>& errors, int status) {
  auto queue = services.db.Read([&](db::Tx& tx) { return List(tx, tenant.id, {State::kInModeration}, kListLimit); });
  boost::json::array items;
  for (const auto& petition : queue) {
    std::string base = PetitionPath(tenant.slug, petition.id);
    items.push_back(boost::json::object{{"id", petition.id},
                                        {"title", petition.title},
                                        {"demand", petition.demand},
                                        {"href", base},
                                        {"created", site::FormatTime(petition.created_at, visitor.locale)},
                                        {"publish_action", base + "/freigeben"},
                                        {"reject_action", base + "/ablehnen"}});
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

http::Response GetList(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto found = TenantOf(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  auto list = services.db.Read([&](db::Tx& tx) {
    return List(tx, tenant.id, {State::kPublished, State::kClosed, State::kAnswered}, kListLimit);
  });
  boost::json::array items;
  for (const auto& petition : list) {
    items.push_back(boost::json::object{{"title", petition.title},
                                        {"href", PetitionPath(tenant.slug, petition.id)},
                                        {"state_label", StateLabel(services, visitor.locale, petition.state)},
                                        {"progress_label", T(services, visitor, "petitions.progress",
                                                             {{"count", std::to_string(petition.confirmed_count)},
                                                              {"quorum", std::to_string(petition.quorum)}})}});
  }
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"petitions", std::move(items)},
                            {"new_href", "/" + tenant.slug + "/petitionen/neu"}};
  if (VisitorMayModerate(services, visitor, tenant)) {
    model["moderation_href"] = "/" + tenant.slug + "/petitionen/moderation";
  }
  std::string title = T(services, visitor, "petitions.list_title");
  return site::RenderPage(services, visitor, request, "petitions_list", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = {{tenant.name, "/" + tenant.slug}, {title, ""}}});
}

http::Response GetNew(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto found = TenantOf(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  return ShowNewForm(services, visitor, request, std::get<tenancy::Tenant>(found), {}, {}, 200);
}

http::Response PostNew(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto found = TenantOf(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  Draft draft{.title = request.Form("title"),
              .demand = request.Form("demand"),
              .justification = request.Form("justification"),
              .addressee = request.Form("addressee")};
  auto errors = ValidateDraft(draft);
  if (!errors.empty()) return ShowNewForm(services, visitor, request, tenant, draft, errors, 422);
  db::UnixSeconds now = services.now();
  // Co-initiators are not invited yet, so a new petition goes to the moderators at once.
  auto created = services.db.Write([&](db::Tx& tx) -> Result<Petition> {
    auto petition = CreateDraft(tx, tenant.id, visitor.user()->id, draft, now);
    if (!petition) return petition;
    if (auto submitted = SubmitForModeration(tx, petition->id, now); !submitted) {
      return std::unexpected(submitted.error());
    }
    audit::Record(tx, AuditEntry(visitor, request, tenant.id, "petition.submit", petition->id), now);
    return petition;
  });
  if (!created) return ShowNewForm(services, visitor, request, tenant, draft, {created.error()}, 422);
  return site::RedirectWithFlash(visitor, PetitionPath(tenant.slug, created->id), "petitions.flash_submitted");
}

http::Response GetPetition(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto found = TenantOf(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  auto petition = PetitionOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&petition)) return std::move(*response);
  return ShowPetition(services, visitor, request, tenant, std::get<Petition>(petition), {}, {}, 200);
}

http::Response PostSign(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto found = TenantOf(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  auto visible = PetitionOf(services, visitor, request, tenant);
  if (auto* response = std::get_if<http::Response>(&visible)) return std::move(*response);
  const auto& petition = std::get<Petition>(visible);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::string done = PetitionPath(tenant.slug, petition.id) + "/gesendet";
  // People leave the hidden field empty; a bot that fills it is told the same as a person and nothing is stored.
  if (!request.Form("website").empty()) return site::RedirectWithFlash(visitor, done);
  db::UnixSeconds now = services.now();
  SignatureInput input{.name = request.Form("name"),
                       .email = request.Form("email"),
                       .postcode = request.Form("postcode"),
                       .show_public = request.Form("show_public") == "yes",
                       .consent = request.Form("consent") == "yes"};
  // A logged-in citizen signs with the account's address, so that the account, too, signs only once.
  if (visitor.user()) input.email = visitor.user()->email;
  boost::json::object values{{"name", input.name},
                             {"email", input.email},
                             {"postcode", input.postcode},
                             {"show_public", input.show_public},
                             {"consent", input.consent}};
  auto signature = ValidateSignature(input);
  if (!signature) {
    return ShowPetition(services, visitor, request, tenant, petition, std::move(values), signature.error(), 422);
  }
  if (!SigningAllowed(services, request.remote_ip, signature->email_normalized, now)) {
    return site::ErrorResponse(services, request, 429, T(services, visitor, "error.rate_limited"));
  }
  auto added = SignAndQueueMail(services, petition, *signature, visitor.locale, request.remote_ip, now);
  if (!added) {
    int status = site::StatusFor(added.error().kind);
    if (status == 404) return site::ErrorResponse(services, request, 404, added.error().message);
    return ShowPetition(services, visitor, request, tenant, petition, std::move(values), {added.error()}, status);
  }
  return site::RedirectWithFlash(visitor, done);
}

http::Response GetSigned(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto found = TenantOf(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
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

// Publish or reject (`publish` false) from the moderators' queue.
http::Response PostDecision(Services& services, http::Request& request, bool publish) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto found = ModeratedTenant(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&found)) return std::move(*response);
  const auto& tenant = std::get<tenancy::Tenant>(found);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto id = ParseId(request.PathParam("id"));
  if (!id) return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.not_found"));
  db::UnixSeconds now = services.now();
  std::string reason = request.Form("reason");
  std::string text = request.Form("text");
  auto decided = services.db.Write([&](db::Tx& tx) -> Status {
    auto petition = Find(tx, *id);
    if (!petition || petition->tenant_id != tenant.id) {
      return Fail(ErrorKind::kNotFound, T(services, visitor, "petitions.not_found"));
    }
    if (publish) {
      auto published = Publish(tx, *id, now);
      if (!published) return std::unexpected(published.error());
      audit::Record(tx, AuditEntry(visitor, request, tenant.id, "petition.publish", *id), now);
    } else {
      auto rejected = Reject(tx, *id, reason, text);
      if (!rejected) return rejected;
      audit::Record(tx, AuditEntry(visitor, request, tenant.id, "petition.reject", *id, reason + ": " + text), now);
    }
    return Ok{};
  });
  if (!decided) {
    Error error = decided.error();
    int status = site::StatusFor(error.kind);
    if (status == 404) return site::ErrorResponse(services, request, 404, error.message);
    // The queue has one reject form per petition; the summary links to the field of the right one.
    if (!error.field.empty()) error.field += "-" + std::to_string(*id);
    return ShowModeration(services, visitor, request, tenant, {error}, status == 409 ? 409 : 422);
  }
  return site::RedirectWithFlash(visitor, "/" + tenant.slug + "/petitionen/moderation",
                                 publish ? "petitions.flash_published" : "petitions.flash_rejected");
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

}  // namespace

bool MayActForCommittee(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id) {
  return MayModerate(tx, user, tenant_id) || accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kCaseWorker);
}

bool MayModerate(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id) {
  return user.is_platform_admin || accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kModerator) ||
         accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kAdmin);
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
         services.limiter.Allow("petition-sign-email:" + email, kSignPerEmail, now);
}

Result<NewSignature> SignAndQueueMail(Services& services, const Petition& petition, const ValidSignature& signature,
                                      std::string_view locale, const std::string& ip, db::UnixSeconds now) {
  auto added = services.db.Write([&](db::Tx& tx) -> Result<NewSignature> {
    auto created = AddSignature(tx, petition.id, signature, ip, now);
    if (!created) return created;
    // A signer needs no account; the mail is addressed like one.
    accounts::User recipient{
        .email = signature.email_normalized, .name = signature.name, .locale = std::string(locale)};
    auto mail = site::ComposeMail(
        services, "petition_confirm", recipient,
        {{"petition_title", petition.title},
         {"confirm_url", services.config.base_url + "/petitionen/bestaetigen?token=" + created->token}},
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

  router.Add(Method::kGet, "/{tenant}/petitionen", bind(GetList));
  router.Add(Method::kGet, "/{tenant}/petitionen/neu", bind(GetNew));
  router.Add(Method::kPost, "/{tenant}/petitionen/neu", bind(PostNew), form);
  router.Add(Method::kGet, "/{tenant}/petitionen/moderation", bind(GetModeration));
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}", bind(GetPetition));
  router.Add(Method::kPost, "/{tenant}/petitionen/{id}/unterschreiben", bind(PostSign), form);
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/gesendet", bind(GetSigned));
  router.Add(
      Method::kPost, "/{tenant}/petitionen/{id}/freigeben",
      [&services](http::Request& request) { return PostDecision(services, request, true); }, form);
  router.Add(
      Method::kPost, "/{tenant}/petitionen/{id}/ablehnen",
      [&services](http::Request& request) { return PostDecision(services, request, false); }, form);
  router.Add(Method::kGet, "/petitionen/bestaetigen", bind(GetConfirm));
  router.Add(Method::kPost, "/petitionen/bestaetigen", bind(PostConfirm), form);

  router.Add(Method::kGet, "/api/v1/petitions", bind(ApiList));
  router.Add(Method::kGet, "/api/v1/petitions/{id}", bind(ApiGet));
  router.Add(Method::kPost, "/api/v1/petitions/{id}/signatures", bind(ApiSign), json);
  router.Add(Method::kGet, "/api/v1/petitions/{id}/signatures", bind(ApiSignatures));
  router.Add(Method::kPost, "/api/v1/petitions/{id}/publish", bind(ApiPublish), json);
  router.Add(Method::kPost, "/api/v1/signatures/confirm", bind(ApiConfirm), json);
  router.Add(Method::kPost, "/api/v1/tenants/{slug}/petitions", bind(ApiCreate), json);

  RegisterAbuseRoutes(router, services);
  RegisterDataRoutes(router, services);

  services.offer_sources.push_back(
      [&services](db::Tx& tx, std::optional<std::int64_t> tenant_id, std::string_view locale, int limit) {
        return PublishedOffers(services, tx, tenant_id, locale, limit);
      });
}

void AddJobs(jobs::Scheduler& scheduler, db::Database& db) {
  scheduler.Add("petitions-fold-counts", 1, [&db](db::UnixSeconds) { FoldCountsNow(db); });
  scheduler.Add("petitions-close-expired", 60, [&db](db::UnixSeconds) { CloseExpiredNow(db); });
  AddDataJobs(scheduler, db);
}

void CloseExpiredNow(db::Database& db) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  db.Write([&](db::Tx& tx) { CloseExpired(tx, now); });
}

void FoldCountsNow(db::Database& db) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  db.Write([&](db::Tx& tx) { FoldCounts(tx, now); });
}

}  // namespace mw::petitions
