// The moderators' tools against manipulated signing: signatures per hour by e-mail domain and network prefix, and
// bulk invalidation of suspicious signatures (audited, reversible).
//
//   GET  /{tenant}/petitionen/{id}/pruefung?domain=…&netz=…&von=…&bis=…   the overview, filtered to a group
//   POST /{tenant}/petitionen/{id}/pruefung/sperren                       invalidates the group (reason required)
//   POST /{tenant}/petitionen/{id}/pruefung/sperren/{batch}/zuruecknehmen  undoes a batch
//   GET  /api/v1/petitions/{id}/signature-groups, GET|POST /api/v1/petitions/{id}/invalidations,
//   POST /api/v1/invalidations/{id}/revert                                 the same for scripts (moderator token)
//
// Showing the groups shows personal data (e-mail domains, networks), so every view is recorded in the audit log,
// like every batch and every undo.
#include <map>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "formats/petitions/abuse_findings.hpp"
#include "formats/petitions/abuse_store.hpp"
#include "formats/petitions/handlers.hpp"
#include "platform/audit/audit.hpp"
#include "platform/site/context.hpp"

namespace mw::petitions {
namespace {

using site::Services;
using site::Visitor;

// Groups per table on the page and in the API.
constexpr int kGroupLimit = 50;

std::string T(const Services& services, const Visitor& visitor, std::string_view key,
              const std::map<std::string, std::string>& args = {}) {
  return services.renderer.T(visitor.locale, key, args);
}

std::string CheckPath(std::string_view tenant_slug, std::int64_t petition_id) {
  return PetitionPath(tenant_slug, petition_id) + "/pruefung";
}

// The query string of the page for `criteria` ("" without any).
std::string CriteriaQuery(const SignatureCriteria& criteria) {
  std::string query;
  auto add = [&](std::string_view name, const std::string& value) {
    query += (query.empty() ? "?" : "&") + std::string(name) + "=" + site::QueryEscape(value);
  };
  if (criteria.domain) add("domain", *criteria.domain);
  if (criteria.prefix) add("netz", *criteria.prefix);
  if (criteria.from_hour) add("von", std::to_string(*criteria.from_hour));
  if (criteria.to_hour) add("bis", std::to_string(*criteria.to_hour));
  return query;
}

// "E-Mail-Domain wegwerf.example · Netz 192.0.2.0/24 · 26.11.2026, 10:00 Uhr bis 26.11.2026, 11:00 Uhr"
std::string DescribeCriteria(const Services& services, std::string_view locale, const SignatureCriteria& criteria) {
  std::vector<std::string> parts;
  auto t = [&](std::string_view key, const std::map<std::string, std::string>& args) {
    return services.renderer.T(locale, key, args);
  };
  if (criteria.domain) parts.push_back(t("petitions.abuse.criteria_domain", {{"domain", *criteria.domain}}));
  if (criteria.prefix) parts.push_back(t("petitions.abuse.criteria_prefix", {{"prefix", *criteria.prefix}}));
  if (criteria.from_hour || criteria.to_hour) {
    std::string from = criteria.from_hour ? site::FormatTime(*criteria.from_hour, locale) : "…";
    std::string to = criteria.to_hour ? site::FormatTime(*criteria.to_hour + 3600, locale) : "…";
    parts.push_back(t("petitions.abuse.criteria_period", {{"from", from}, {"to", to}}));
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : " · ") + part;
  return out;
}

boost::json::object CountsJson(const StateCounts& counts) {
  return {{"total", counts.total()},
          {"pending", counts.pending},
          {"confirmed", counts.confirmed},
          {"invalidated", counts.invalidated}};
}

audit::Entry AuditEntry(const accounts::User& user, const std::string& remote_ip, std::int64_t tenant_id,
                        std::string action, std::int64_t petition_id, std::string detail) {
  return {.actor_user_id = user.id,
          .actor_label = user.email,
          .tenant_id = tenant_id,
          .action = std::move(action),
          .object = "petition:" + std::to_string(petition_id),
          .detail = std::move(detail),
          .remote_ip = remote_ip};
}

std::string BatchDetail(const Invalidation& batch, std::string_view via) {
  boost::json::object detail{{"invalidation", batch.id},
                             {"criteria", boost::json::parse(CriteriaJson(batch.criteria))},
                             {"signatures", batch.signature_count},
                             {"confirmed", batch.confirmed_count},
                             {"reason", batch.reason}};
  if (!via.empty()) detail["via"] = via;
  return boost::json::serialize(detail);
}

// --- pages ---

struct PageTarget {
  Visitor visitor;
  tenancy::Tenant tenant;
  Petition petition;
};

// Login, tenant, moderator role and petition of the path, in that order; or the response to send instead.
std::variant<PageTarget, http::Response> ResolvePage(Services& services, const http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  if (!visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto tenant = FindTenant(services, request.PathParam("tenant"));
  if (!tenant) return site::ErrorResponse(services, request, 404, T(services, visitor, "error.unknown_tenant"));
  const accounts::User& user = *visitor.user();
  if (!services.db.Read([&](db::Tx& tx) { return MayModerate(tx, user, tenant->id); })) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "error.forbidden"));
  }
  auto id = ParseId(request.PathParam("id"));
  std::optional<Petition> petition;
  if (id) petition = services.db.Read([&](db::Tx& tx) { return Find(tx, *id); });
  if (!petition || petition->tenant_id != tenant->id) {
    return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.not_found"));
  }
  return PageTarget{std::move(visitor), std::move(*tenant), std::move(*petition)};
}

boost::json::array GroupRows(const Services& services, const Visitor& visitor, const std::string& base,
                             const SignatureCriteria& criteria, const std::vector<SignatureGroup>& groups,
                             std::string_view dimension) {
  boost::json::array rows;
  for (const auto& group : groups) {
    // The link narrows the page to this group: its hour, and its domain or network besides the filters set.
    SignatureCriteria narrowed = criteria;
    narrowed.from_hour = group.hour;
    narrowed.to_hour = group.hour;
    if (dimension == "domain" && !group.key.empty()) narrowed.domain = group.key;
    if (dimension == "prefix" && !group.key.empty()) narrowed.prefix = group.key;
    boost::json::object row = CountsJson(group.counts);
    row["hour"] = site::FormatTime(group.hour, visitor.locale);
    row["key"] = group.key.empty() ? T(services, visitor, "petitions.abuse.unknown") : group.key;
    row["href"] = base + CriteriaQuery(narrowed);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The findings (abuse_findings.hpp) as sentences, each with the link that narrows the page to its group.
boost::json::array FindingRows(const Services& services, const Visitor& visitor, const std::string& base,
                               const SignatureCriteria& criteria, const std::vector<Finding>& findings) {
  boost::json::array rows;
  for (const auto& finding : findings) {
    const SignatureGroup& group = finding.group;
    SignatureCriteria narrowed = criteria;
    narrowed.from_hour = group.hour;
    narrowed.to_hour = group.hour;
    std::map<std::string, std::string> args{
        {"hour", T(services, visitor, "petitions.abuse.criteria_period",
                   {{"from", site::FormatTime(group.hour, visitor.locale)},
                    {"to", site::FormatTime(group.hour + 3600, visitor.locale)}})},
        {"total", std::to_string(group.counts.total())},
        {"pending", std::to_string(group.counts.pending)},
        {"hour_total", std::to_string(finding.hour_total)},
        {"usual", std::to_string(finding.usual)},
        {"key", group.key}};
    std::string_view key;
    switch (finding.kind) {
      case Finding::Kind::kBusyHour:
        key = "petitions.abuse.finding_busy_hour";
        if (finding.usual > 0) args["factor"] = std::to_string(group.counts.total() / finding.usual);
        else key = "petitions.abuse.finding_busy_hour_quiet";
        break;
      case Finding::Kind::kOneNetwork:
        key = "petitions.abuse.finding_network";
        narrowed.prefix = group.key;
        break;
      case Finding::Kind::kOneDomain:
        key = "petitions.abuse.finding_domain";
        narrowed.domain = group.key;
        break;
      case Finding::Kind::kUnconfirmed:
        key = "petitions.abuse.finding_unconfirmed";
        break;
    }
    rows.push_back(boost::json::object{{"text", T(services, visitor, key, args)},
                                       {"href", base + CriteriaQuery(narrowed)}});
  }
  return rows;
}

http::Response ShowCheck(Services& services, PageTarget& target, const http::Request& request,
                         const SignatureCriteria& criteria, boost::json::object values,
                         const std::vector<Error>& errors, int status) {
  const Visitor& visitor = target.visitor;
  const tenancy::Tenant& tenant = target.tenant;
  const Petition& petition = target.petition;
  db::UnixSeconds now = services.now();
  std::string detail = CriteriaJson(criteria);
  auto [overview, batches, duplicates] = services.db.Write([&](db::Tx& tx) {
    audit::Record(tx,
                  AuditEntry(*visitor.user(), request.remote_ip, tenant.id, "petition.signatures.groups.read",
                             petition.id, detail),
                  now);
    return std::tuple{SummariseSignatures(tx, petition.id, criteria, kGroupLimit), ListInvalidations(tx, petition.id),
                      FindLikelyDuplicates(tx, petition.id, kGroupLimit)};
  });
  boost::json::array duplicate_rows;
  for (const auto& group : duplicates) {
    std::string domains;
    for (const auto& domain : group.domains) domains += (domains.empty() ? "" : ", ") + domain;
    duplicate_rows.push_back(boost::json::object{{"name", group.name},
                                                 {"postcode", group.postcode},
                                                 {"signatures", group.signatures},
                                                 {"confirmed", group.confirmed},
                                                 {"domains", domains}});
  }
  std::string base = CheckPath(tenant.slug, petition.id);
  boost::json::array from_hours;
  boost::json::array to_hours;
  for (auto hour : overview.hours) {
    std::string label = site::FormatTime(hour, visitor.locale);
    from_hours.push_back(
        boost::json::object{{"value", hour}, {"label", label}, {"selected", criteria.from_hour == hour}});
    to_hours.push_back(boost::json::object{{"value", hour},
                                           {"label", site::FormatTime(hour + 3600, visitor.locale)},
                                           {"selected", criteria.to_hour == hour}});
  }
  boost::json::array batch_rows;
  for (const auto& batch : batches) {
    boost::json::object row{{"id", batch.id},
                            {"created", site::FormatTime(batch.created_at, visitor.locale)},
                            {"actor", batch.actor_label},
                            {"reason", batch.reason},
                            {"criteria", DescribeCriteria(services, visitor.locale, batch.criteria)},
                            {"signatures", batch.signature_count},
                            {"confirmed", batch.confirmed_count},
                            {"active", !batch.reverted_at.has_value()}};
    if (batch.reverted_at) {
      row["reverted"] =
          T(services, visitor, "petitions.abuse.reverted_on",
            {{"date", site::FormatTime(*batch.reverted_at, visitor.locale)}, {"actor", batch.reverted_by_label}});
    } else {
      row["revert_action"] = base + "/sperren/" + std::to_string(batch.id) + "/zuruecknehmen";
    }
    batch_rows.push_back(std::move(row));
  }
  boost::json::array findings = FindingRows(services, visitor, base, criteria, FindUnusual(overview, now));
  // The form carries the criteria as they were understood; the fields show what was typed.
  boost::json::object selected = CountsJson(overview.selected);
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"petition", boost::json::object{{"id", petition.id},
                                                             {"title", petition.title},
                                                             {"href", PetitionPath(tenant.slug, petition.id)},
                                                             {"count", petition.confirmed_count}}},
                            {"filter_action", base},
                            {"reset_href", base},
                            {"values", std::move(values)},
                            {"from_hours", std::move(from_hours)},
                            {"to_hours", std::move(to_hours)},
                            {"filtered", !criteria.empty()},
                            {"criteria_label", DescribeCriteria(services, visitor.locale, criteria)},
                            {"selected", std::move(selected)},
                            {"findings", findings},
                            {"has_findings", !findings.empty()},
                            {"by_hour", GroupRows(services, visitor, base, criteria, overview.by_hour, "hour")},
                            {"by_domain", GroupRows(services, visitor, base, criteria, overview.by_domain, "domain")},
                            {"by_prefix", GroupRows(services, visitor, base, criteria, overview.by_prefix, "prefix")},
                            {"batches", std::move(batch_rows)},
                            {"duplicates", std::move(duplicate_rows)}};
  if (!criteria.empty() && overview.selected.pending + overview.selected.confirmed > 0) {
    model["invalidate"] = boost::json::object{
        {"action", base + "/sperren"},
        {"domain", criteria.domain.value_or("")},
        {"prefix", criteria.prefix.value_or("")},
        {"from", criteria.from_hour ? std::to_string(*criteria.from_hour) : ""},
        {"to", criteria.to_hour ? std::to_string(*criteria.to_hour) : ""},
        {"button", T(services, visitor, "petitions.abuse.invalidate_button",
                     {{"count", std::to_string(overview.selected.pending + overview.selected.confirmed)}})}};
  }
  site::AddErrors(model, errors);
  std::string title = T(services, visitor, "petitions.abuse.title");
  std::string page_title = errors.empty() ? title : T(services, visitor, "petitions.error_prefix") + title;
  return site::RenderPage(
      services, target.visitor, request, "petitions_abuse", std::move(model), page_title,
      {.status = status,
       .tenant = &tenant,
       .breadcrumbs = {{tenant.name, "/" + tenant.slug, true},
                       {T(services, visitor, "petitions.list_title"), "/" + tenant.slug + "/petitionen"},
                       {petition.title, PetitionPath(tenant.slug, petition.id), true},
                       {title, ""}}});
}

CriteriaInput InputFrom(const http::Request& request, bool form) {
  auto get = [&](std::string_view key) { return form ? request.Form(key) : request.Query(key); };
  return {.domain = get("domain"), .prefix = get("netz"), .from = get("von"), .to = get("bis")};
}

boost::json::object ValuesFrom(const CriteriaInput& input, std::string_view reason) {
  return {
      {"domain", input.domain}, {"prefix", input.prefix}, {"from", input.from}, {"to", input.to}, {"reason", reason}};
}

http::Response GetCheck(Services& services, http::Request& request) {
  auto resolved = ResolvePage(services, request);
  if (auto* response = std::get_if<http::Response>(&resolved)) return std::move(*response);
  auto& target = std::get<PageTarget>(resolved);
  CriteriaInput input = InputFrom(request, /*form=*/false);
  auto criteria = ParseCriteria(input);
  if (!criteria) {
    return ShowCheck(services, target, request, {}, ValuesFrom(input, ""), {criteria.error()}, 422);
  }
  return ShowCheck(services, target, request, *criteria, ValuesFrom(input, ""), {}, 200);
}

http::Response PostInvalidate(Services& services, http::Request& request) {
  auto resolved = ResolvePage(services, request);
  if (auto* response = std::get_if<http::Response>(&resolved)) return std::move(*response);
  auto& target = std::get<PageTarget>(resolved);
  if (!site::CsrfValid(target.visitor, request)) return site::CsrfFailure(services, target.visitor, request);
  CriteriaInput input = InputFrom(request, /*form=*/true);
  std::string reason = request.Form("reason");
  auto criteria = ParseCriteria(input);
  if (!criteria) {
    return ShowCheck(services, target, request, {}, ValuesFrom(input, reason), {criteria.error()}, 422);
  }
  const accounts::User& user = *target.visitor.user();
  db::UnixSeconds now = services.now();
  auto batch = services.db.Write([&](db::Tx& tx) -> Result<Invalidation> {
    auto created = InvalidateSignatures(tx, target.petition.id, *criteria, reason, {user.id, user.email}, now);
    if (!created) return created;
    audit::Record(tx,
                  AuditEntry(user, request.remote_ip, target.tenant.id, "petition.signatures.invalidate",
                             target.petition.id, BatchDetail(*created, "")),
                  now);
    TouchPetitionPages(tx, {target.petition.id});
    return created;
  });
  if (!batch) {
    int status = site::StatusFor(batch.error().kind);
    return ShowCheck(services, target, request, *criteria, ValuesFrom(input, reason), {batch.error()},
                     status == 409 ? 409 : 422);
  }
  return site::RedirectWithFlash(target.visitor, CheckPath(target.tenant.slug, target.petition.id),
                                 "petitions.abuse.flash_invalidated");
}

http::Response PostRevert(Services& services, http::Request& request) {
  auto resolved = ResolvePage(services, request);
  if (auto* response = std::get_if<http::Response>(&resolved)) return std::move(*response);
  auto& target = std::get<PageTarget>(resolved);
  if (!site::CsrfValid(target.visitor, request)) return site::CsrfFailure(services, target.visitor, request);
  const accounts::User& user = *target.visitor.user();
  auto batch_id = ParseId(request.PathParam("batch"));
  db::UnixSeconds now = services.now();
  auto reverted = services.db.Write([&](db::Tx& tx) -> Result<Invalidation> {
    auto batch = batch_id ? FindInvalidation(tx, *batch_id) : std::nullopt;
    if (!batch || batch->petition_id != target.petition.id) {
      return Fail(ErrorKind::kNotFound, "Diese Sperre gibt es nicht.");
    }
    auto undone = RevertInvalidation(tx, batch->id, {user.id, user.email}, now);
    if (!undone) return undone;
    audit::Record(tx,
                  AuditEntry(user, request.remote_ip, target.tenant.id, "petition.signatures.revert",
                             target.petition.id, BatchDetail(*undone, "")),
                  now);
    TouchPetitionPages(tx, {target.petition.id});
    return undone;
  });
  if (!reverted) {
    int status = site::StatusFor(reverted.error().kind);
    if (status == 404) return site::ErrorResponse(services, request, 404, reverted.error().message);
    return ShowCheck(services, target, request, {}, ValuesFrom({}, ""), {reverted.error()}, status);
  }
  return site::RedirectWithFlash(target.visitor, CheckPath(target.tenant.slug, target.petition.id),
                                 "petitions.abuse.flash_reverted");
}

// --- API ---

http::Response Problem(int status, std::string_view detail) {
  std::string_view title = status == 404   ? "Nicht gefunden"
                           : status == 409 ? "Konflikt"
                           : status == 403 ? "Nicht erlaubt"
                           : status == 401 ? "Nicht angemeldet"
                                           : "Ungültige Angaben";
  return http::Response::Problem(status, title, detail);
}

// Invalid input is 422 with the field, as in the rest of the petitions API.
http::Response ProblemFor(const Error& error) {
  int status = error.kind == ErrorKind::kInvalid ? 422 : site::StatusFor(error.kind);
  if (error.field.empty()) return Problem(status, error.message);
  boost::json::object body{
      {"type", "about:blank"},
      {"title", "Ungültige Angaben"},
      {"status", status},
      {"detail", error.message},
      {"errors", boost::json::array{boost::json::object{{"field", error.field}, {"message", error.message}}}}};
  auto response = http::Response::Json(status, boost::json::serialize(body));
  response.SetHeader("Content-Type", "application/problem+json");
  return response;
}

http::Response Unauthorized() {
  auto response = Problem(401, "Bitte senden Sie ein gültiges persönliches API-Token als Authorization: Bearer.");
  response.SetHeader("WWW-Authenticate", "Bearer");
  return response;
}

// The petition of the path if `user` may moderate it, else the error to answer (in a transaction of the caller).
Result<Petition> ModeratedPetition(db::Tx& tx, const accounts::User& user, std::optional<std::int64_t> id) {
  auto petition = id ? Find(tx, *id) : std::nullopt;
  if (!petition) return Fail(ErrorKind::kNotFound, "Diese Petition gibt es nicht.");
  if (!MayModerate(tx, user, petition->tenant_id)) {
    return Fail(ErrorKind::kForbidden, "Nur die Moderation des Mandanten darf Unterschriften prüfen und sperren.");
  }
  return *petition;
}

boost::json::array GroupsJson(const std::vector<SignatureGroup>& groups, std::string_view key_name) {
  boost::json::array out;
  for (const auto& group : groups) {
    boost::json::object item = CountsJson(group.counts);
    item["hour"] = group.hour;
    if (!key_name.empty()) item[key_name] = group.key;
    out.push_back(std::move(item));
  }
  return out;
}

boost::json::object InvalidationJson(const Invalidation& batch) {
  boost::json::object out{{"id", batch.id},
                          {"petition_id", batch.petition_id},
                          {"criteria", boost::json::parse(CriteriaJson(batch.criteria))},
                          {"reason", batch.reason},
                          {"actor", batch.actor_label},
                          {"signatures", batch.signature_count},
                          {"confirmed", batch.confirmed_count},
                          {"created_at", batch.created_at},
                          {"reverted_at", nullptr}};
  if (batch.reverted_at) out["reverted_at"] = *batch.reverted_at;
  return out;
}

http::Response ApiSignatureGroups(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return Unauthorized();
  auto criteria = ParseCriteria({.domain = request.Query("domain"),
                                 .prefix = request.Query("prefix"),
                                 .from = request.Query("from"),
                                 .to = request.Query("to")});
  auto id = ParseId(request.PathParam("id"));
  db::UnixSeconds now = services.now();
  auto overview = services.db.Write([&](db::Tx& tx) -> Result<SignatureOverview> {
    auto petition = ModeratedPetition(tx, *user, id);
    if (!petition) return std::unexpected(petition.error());
    if (!criteria) return std::unexpected(criteria.error());
    audit::Record(tx,
                  AuditEntry(*user, request.remote_ip, petition->tenant_id, "petition.signatures.groups.read",
                             petition->id, CriteriaJson(*criteria)),
                  now);
    return SummariseSignatures(tx, petition->id, *criteria, kGroupLimit);
  });
  if (!overview) return ProblemFor(overview.error());
  boost::json::object out{{"petition_id", *id},
                          {"criteria", boost::json::parse(CriteriaJson(*criteria))},
                          {"selected", CountsJson(overview->selected)},
                          {"by_hour", GroupsJson(overview->by_hour, "")},
                          {"by_domain", GroupsJson(overview->by_domain, "domain")},
                          {"by_prefix", GroupsJson(overview->by_prefix, "prefix")}};
  return http::Response::Json(200, boost::json::serialize(out));
}

http::Response ApiListInvalidations(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return Unauthorized();
  auto id = ParseId(request.PathParam("id"));
  auto batches = services.db.Read([&](db::Tx& tx) -> Result<std::vector<Invalidation>> {
    auto petition = ModeratedPetition(tx, *user, id);
    if (!petition) return std::unexpected(petition.error());
    return ListInvalidations(tx, petition->id);
  });
  if (!batches) return ProblemFor(batches.error());
  boost::json::array out;
  for (const auto& batch : *batches) out.push_back(InvalidationJson(batch));
  return http::Response::Json(200, boost::json::serialize(out));
}

// A string member ("" when absent or null); nullopt for another type.
std::optional<std::string> StringMember(const boost::json::object& body, std::string_view key) {
  auto* value = body.if_contains(key);
  if (!value || value->is_null()) return std::string();
  if (!value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

// An hour member as text for ParseCriteria ("" when absent or null); nullopt for anything but an integer.
std::optional<std::string> HourMember(const boost::json::object& body, std::string_view key) {
  auto* value = body.if_contains(key);
  if (!value || value->is_null()) return std::string();
  if (!value->is_int64()) return std::nullopt;
  return std::to_string(value->as_int64());
}

http::Response ApiInvalidate(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return Unauthorized();
  boost::system::error_code parse_error;
  auto parsed = boost::json::parse(request.body, parse_error);
  if (parse_error || !parsed.is_object()) {
    return http::Response::Problem(400, "Ungültige Anfrage",
                                   "Der Inhalt muss ein JSON-Objekt mit den beschriebenen Feldern sein.");
  }
  const auto& body = parsed.as_object();
  auto domain = StringMember(body, "domain");
  auto prefix = StringMember(body, "prefix");
  auto reason = StringMember(body, "reason");
  auto from = HourMember(body, "from");
  auto to = HourMember(body, "to");
  if (!domain || !prefix || !reason || !from || !to) {
    return http::Response::Problem(400, "Ungültige Anfrage",
                                   "domain, prefix und reason sind Zeichenketten, from und to ganze Zahlen.");
  }
  auto id = ParseId(request.PathParam("id"));
  auto criteria = ParseCriteria({.domain = *domain, .prefix = *prefix, .from = *from, .to = *to});
  db::UnixSeconds now = services.now();
  auto batch = services.db.Write([&](db::Tx& tx) -> Result<Invalidation> {
    auto petition = ModeratedPetition(tx, *user, id);
    if (!petition) return std::unexpected(petition.error());
    if (!criteria) return std::unexpected(criteria.error());
    auto created = InvalidateSignatures(tx, petition->id, *criteria, *reason, {user->id, user->email}, now);
    if (!created) return created;
    audit::Record(tx,
                  AuditEntry(*user, request.remote_ip, petition->tenant_id, "petition.signatures.invalidate",
                             petition->id, BatchDetail(*created, "api")),
                  now);
    TouchPetitionPages(tx, {petition->id});
    return created;
  });
  if (!batch) return ProblemFor(batch.error());
  auto response = http::Response::Json(201, boost::json::serialize(InvalidationJson(*batch)));
  response.SetHeader("Location", "/api/v1/invalidations/" + std::to_string(batch->id));
  return response;
}

http::Response ApiRevert(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return Unauthorized();
  auto id = ParseId(request.PathParam("id"));
  db::UnixSeconds now = services.now();
  auto reverted = services.db.Write([&](db::Tx& tx) -> Result<Invalidation> {
    auto batch = id ? FindInvalidation(tx, *id) : std::nullopt;
    if (!batch) return Fail(ErrorKind::kNotFound, "Diese Sperre gibt es nicht.");
    auto petition = ModeratedPetition(tx, *user, batch->petition_id);
    if (!petition) return std::unexpected(petition.error());
    auto undone = RevertInvalidation(tx, batch->id, {user->id, user->email}, now);
    if (!undone) return undone;
    audit::Record(tx,
                  AuditEntry(*user, request.remote_ip, petition->tenant_id, "petition.signatures.revert", petition->id,
                             BatchDetail(*undone, "api")),
                  now);
    TouchPetitionPages(tx, {petition->id});
    return undone;
  });
  if (!reverted) return ProblemFor(reverted.error());
  return http::Response::Json(200, boost::json::serialize(InvalidationJson(*reverted)));
}

}  // namespace

void RegisterAbuseRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // The reason has at most 1000 characters of up to four bytes.
  http::RouteOptions form{.body_limit = 16 * 1024, .field_limit = 8 * 1024};
  http::RouteOptions json{.body_limit = 16 * 1024};
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/pruefung", bind(GetCheck));
  router.Add(Method::kPost, "/{tenant}/petitionen/{id}/pruefung/sperren", bind(PostInvalidate), form);
  router.Add(Method::kPost, "/{tenant}/petitionen/{id}/pruefung/sperren/{batch}/zuruecknehmen", bind(PostRevert), form);
  router.Add(Method::kGet, "/api/v1/petitions/{id}/signature-groups", bind(ApiSignatureGroups));
  router.Add(Method::kGet, "/api/v1/petitions/{id}/invalidations", bind(ApiListInvalidations));
  router.Add(Method::kPost, "/api/v1/petitions/{id}/invalidations", bind(ApiInvalidate), json);
  router.Add(Method::kPost, "/api/v1/invalidations/{id}/revert", bind(ApiRevert), json);
}

}  // namespace mw::petitions
