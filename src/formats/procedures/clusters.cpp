// Mass objections (Masseneinwendungen): the case workers' list of clusters of near-identical statements, one cluster
// with its members and the forms to split, merge, name (label, § 17 VwVfG representative) and answer it once for all
// members; "neu gruppieren"; the API GET /api/v1/procedures/{id}/clusters; the job that re-clusters procedures with
// new statements; demo data. Every view (member lists show names) and every change is audited.
#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "formats/procedures/backoffice_store.hpp"
#include "formats/procedures/cluster_store.hpp"
#include "formats/procedures/handlers.hpp"
#include "formats/procedures/word_diff.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/text.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::procedures {
namespace {

using site::Services;
using site::Visitor;

constexpr std::size_t kExcerptChars = 240;
constexpr int kJobBatch = 20;

std::string ListPath(std::string_view tenant_slug, std::int64_t procedure_id) {
  return ProcedurePath(tenant_slug, procedure_id) + "/bearbeitung/gruppen";
}

std::string ClusterPath(std::string_view tenant_slug, std::int64_t procedure_id, std::int64_t cluster_id) {
  return ListPath(tenant_slug, procedure_id) + "/" + std::to_string(cluster_id);
}

// The first kExcerptChars characters of `text`, with "…" if cut.
std::string Excerpt(std::string_view text) { return CutText(text, kExcerptChars + 2, " …"); }

void Audit(db::Tx& tx, const accounts::User& user, const std::string& remote_ip, std::int64_t tenant_id,
           std::string action, std::string object, std::string detail, db::UnixSeconds now) {
  audit::Record(tx,
                {.actor_user_id = user.id,
                 .actor_label = user.email,
                 .tenant_id = tenant_id,
                 .action = std::move(action),
                 .object = std::move(object),
                 .detail = std::move(detail),
                 .remote_ip = remote_ip},
                now);
}

std::string ClusterObject(std::int64_t cluster_id) { return "procedure_cluster:" + std::to_string(cluster_id); }

// --- access ---

using Target = BackofficeTarget;

// Logged in (else the login), the tenant exists (404), the visitor works in its back office (403), the procedure is
// the tenant's (404).
std::variant<Target, http::Response> ClusterAccess(Services& services, const http::Request& request) {
  return EnterBackoffice(services, request, "procedures.clusters.forbidden");
}

std::vector<web::Crumb> Crumbs(const Services& services, const Visitor& visitor, const Target& target, std::string last,
                               bool list_link) {
  std::vector<web::Crumb> crumbs{{target.tenant.name, "/" + target.tenant.slug, true},
                                 {target.procedure.title, ProcedurePath(target.tenant.slug, target.procedure.id), true},
                                 {T(services, visitor, "procedures.clusters.inbox"),
                                  ProcedurePath(target.tenant.slug, target.procedure.id) + "/bearbeitung"}};
  if (list_link) {
    crumbs.emplace_back(T(services, visitor, "procedures.clusters.title"),
                        ListPath(target.tenant.slug, target.procedure.id));
  }
  crumbs.emplace_back(std::move(last), "");
  return crumbs;
}

boost::json::object ProcedureRef(const Target& target) {
  return {{"id", target.procedure.id},
          {"title", target.procedure.title},
          {"href", ProcedurePath(target.tenant.slug, target.procedure.id)}};
}

std::string ClusterName(const Services& services, const Visitor& visitor, const StatementCluster& cluster) {
  return cluster.label.empty() ? T(services, visitor, "procedures.clusters.unnamed", {{"id", std::to_string(cluster.id)}})
                               : cluster.label;
}

// --- the list ---

http::Response GetList(Services& services, http::Request& request) {
  auto access = ClusterAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<Target>(access);
  db::UnixSeconds now = services.now();
  struct Data {
    std::vector<StatementCluster> clusters;
    std::map<std::int64_t, std::string> first_text;
    std::int64_t submitted = 0;
    std::optional<db::UnixSeconds> clustered_at;
  };
  Data data = services.db.Write([&](db::Tx& tx) {
    Data out;
    out.clusters = ClustersOf(tx, target.procedure.id);
    for (const auto& cluster : out.clusters) {
      auto row = tx.QueryOne("SELECT text FROM procedure_statement WHERE id = ?", {cluster.statement_ids.front()});
      if (row) out.first_text[cluster.id] = row->Text(0);
    }
    out.submitted = tx.QueryOne("SELECT COUNT(*) FROM procedure_statement WHERE procedure_id = ? AND state = 'submitted'",
                                {target.procedure.id})
                        ->Int(0);
    if (auto run = tx.QueryOne("SELECT clustered_at FROM procedure_cluster_run WHERE procedure_id = ?",
                               {target.procedure.id})) {
      out.clustered_at = run->Int(0);
    }
    Audit(tx, *target.visitor.user(), request.remote_ip, target.tenant.id, "procedure.clusters.view",
          "procedure:" + std::to_string(target.procedure.id), std::to_string(out.clusters.size()) + " Gruppen", now);
    return out;
  });
  boost::json::array clusters;
  std::int64_t clustered = 0;
  for (const auto& cluster : data.clusters) {
    clustered += cluster.size();
    clusters.push_back(boost::json::object{
        {"id", cluster.id},
        {"href", ClusterPath(target.tenant.slug, target.procedure.id, cluster.id)},
        {"name", ClusterName(services, target.visitor, cluster)},
        {"size", cluster.size()},
        {"signatories", cluster.signatories},
        {"excerpt", Excerpt(data.first_text[cluster.id])},
        {"representative", cluster.representative},
        {"needs_representative", cluster.NeedsRepresentative()},
        {"answered", cluster.answered_at.has_value()},
        {"answered_at",
         cluster.answered_at ? site::FormatTime(*cluster.answered_at, target.visitor.locale) : std::string()}});
  }
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", target.tenant.slug}, {"name", target.tenant.name}}},
      {"procedure", ProcedureRef(target)},
      {"inbox_href", ProcedurePath(target.tenant.slug, target.procedure.id) + "/bearbeitung"},
      {"recluster_action", ListPath(target.tenant.slug, target.procedure.id) + "/neu-gruppieren"},
      {"clusters", std::move(clusters)},
      {"summary", T(services, target.visitor, "procedures.clusters.summary",
                    {{"submitted", std::to_string(data.submitted)},
                     {"clustered", std::to_string(clustered)},
                     {"clusters", std::to_string(data.clusters.size())}})},
      {"clustered_at", data.clustered_at ? site::FormatTime(*data.clustered_at, target.visitor.locale) : std::string()}};
  std::string title = T(services, target.visitor, "procedures.clusters.title");
  return site::RenderPage(services, target.visitor, request, "procedures_clusters_list", std::move(model), title,
                          {.tenant = &target.tenant,
                           .breadcrumbs = Crumbs(services, target.visitor, target, title, /*list_link=*/false)});
}

http::Response PostRecluster(Services& services, http::Request& request) {
  auto access = ClusterAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<Target>(access);
  if (!site::CsrfValid(target.visitor, request)) return site::CsrfFailure(services, target.visitor, request);
  db::UnixSeconds now = services.now();
  ClusterRun run = Recluster(services.db, target.procedure.id, now);
  services.db.Write([&](db::Tx& tx) {
    Audit(tx, *target.visitor.user(), request.remote_ip, target.tenant.id, "procedure.clusters.recluster",
          "procedure:" + std::to_string(target.procedure.id),
          std::to_string(run.statements) + " Stellungnahmen, " + std::to_string(run.clusters) + " Gruppen, " +
              std::to_string(run.created) + " neu, " + std::to_string(run.changed) + " Zuordnungen geändert",
          now);
  });
  return site::RedirectWithFlash(target.visitor, ListPath(target.tenant.slug, target.procedure.id),
                                 "procedures.clusters.flash_reclustered");
}

// --- one cluster ---

struct ShowOptions {
  std::vector<Error> errors;
  boost::json::object values;
  int status = 200;
};

http::Response RenderCluster(Services& services, http::Request& request, Target& target, std::int64_t cluster_id,
                             ShowOptions options = {}) {
  db::UnixSeconds now = services.now();
  struct Data {
    std::optional<StatementCluster> cluster;
    std::vector<Statement> members;
    std::vector<StatementCluster> others;
    std::vector<std::int64_t> own_response;  // members answered on their own (not with the cluster's answer)
  };
  Data data = services.db.Write([&](db::Tx& tx) {
    Data out;
    out.cluster = FindCluster(tx, target.procedure.id, cluster_id);
    if (!out.cluster) return out;
    for (std::int64_t id : out.cluster->statement_ids) {
      if (auto statement = FindStatement(tx, id)) out.members.push_back(std::move(*statement));
    }
    out.own_response = StatementsWithOwnResponse(tx, out.cluster->statement_ids, out.cluster->response);
    out.others = ClustersOf(tx, target.procedure.id);
    std::erase_if(out.others, [&](const StatementCluster& other) { return other.id == cluster_id; });
    Audit(tx, *target.visitor.user(), request.remote_ip, target.tenant.id, "procedure.cluster.view",
          ClusterObject(cluster_id), std::to_string(out.members.size()) + " Stellungnahmen mit Namen", now);
    return out;
  });
  const auto& locale = target.visitor.locale;
  if (!data.cluster) {
    return site::ErrorResponse(services, request, 404, T(services, target.visitor, "procedures.clusters.not_found"));
  }
  const StatementCluster& cluster = *data.cluster;
  std::string base = ClusterPath(target.tenant.slug, target.procedure.id, cluster.id);
  // The common text is the first member's (as the list's excerpt): shown once; each other member shows what it says
  // beyond it ("enthält eigenen Inhalt"), its own words marked.
  const std::string common_text = data.members.empty() ? std::string() : data.members.front().text;
  boost::json::array members;
  for (const auto& statement : data.members) {
    std::string name = statement.author_name.empty() ? statement.organisation_name : statement.author_name;
    const bool is_common = &statement == &data.members.front();
    const bool own_content = !is_common && DiffersFrom(common_text, statement.text);
    boost::json::array diff;
    bool diff_too_long = false;
    if (own_content) {
      if (auto segments = WordDiff(common_text, statement.text)) {
        for (auto& segment : *segments) {
          diff.push_back(boost::json::object{{"text", std::move(segment.text)}, {"own", segment.own}});
        }
      } else {
        diff_too_long = true;
      }
    }
    members.push_back(boost::json::object{{"id", statement.id},
                                          {"reference", statement.reference},
                                          {"name", name},
                                          {"received", site::FormatTime(statement.received_at, locale)},
                                          {"late", statement.late},
                                          {"signatories", statement.signatories},
                                          {"representative", RepresentativeLine(statement.RepresentativeOf())},
                                          {"text", statement.text},
                                          {"is_common", is_common},
                                          {"own_content", own_content},
                                          {"diff", std::move(diff)},
                                          {"diff_too_long", diff_too_long},
                                          {"href", ProcedurePath(target.tenant.slug, target.procedure.id) +
                                                       "/bearbeitung/" + std::to_string(statement.id)}});
  }
  // Members with a response of their own: the answer form names them and asks whether to keep or replace it.
  boost::json::array own_responses;
  for (const auto& statement : data.members) {
    if (!std::binary_search(data.own_response.begin(), data.own_response.end(), statement.id)) continue;
    own_responses.push_back(boost::json::object{{"reference", statement.reference},
                                                {"href", ProcedurePath(target.tenant.slug, target.procedure.id) +
                                                             "/bearbeitung/" + std::to_string(statement.id)}});
  }
  boost::json::array others;
  for (const auto& other : data.others) {
    others.push_back(boost::json::object{
        {"id", other.id},
        {"label", ClusterName(services, target.visitor, other) + " (" +
                      T(services, target.visitor, "procedures.clusters.size_label",
                        {{"size", std::to_string(other.size())}}) +
                      ")"}});
  }
  boost::json::object values{{"label", cluster.label},
                             {"representative", cluster.representative},
                             {"representative_occupation", cluster.representative_occupation},
                             {"representative_address", cluster.representative_address},
                             {"response", cluster.response},
                             {"own", ""}};
  for (const auto& [key, value] : options.values) values[key] = value;
  std::string name = ClusterName(services, target.visitor, cluster);
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", target.tenant.slug}, {"name", target.tenant.name}}},
      {"procedure", ProcedureRef(target)},
      {"list_href", ListPath(target.tenant.slug, target.procedure.id)},
      {"cluster",
       boost::json::object{
           {"id", cluster.id},
           {"name", name},
           {"label", cluster.label},
           {"representative", RepresentativeLine(cluster.RepresentativeOf())},
           {"size", cluster.size()},
           {"signatories", cluster.signatories},
           {"manual", cluster.manual},
           {"needs_representative", cluster.NeedsRepresentative()},
           {"answered", cluster.answered_at.has_value()},
           {"answered_at", cluster.answered_at ? site::FormatTime(*cluster.answered_at, locale) : std::string()},
           {"response", cluster.response}}},
      {"members", std::move(members)},
      {"common_text", common_text},
      {"common_reference", data.members.empty() ? std::string() : data.members.front().reference},
      {"own_responses", std::move(own_responses)},
      {"others", std::move(others)},
      {"split_action", base + "/aufteilen"},
      {"merge_action", base + "/zusammenfuehren"},
      {"details_action", base + "/angaben"},
      {"answer_action", base + "/antworten"},
      {"values", std::move(values)}};
  site::AddErrors(model, options.errors);
  // The forms came back with what was sent and not saved: leaving the page asks first (unsaved-warning.js).
  model["has_errors"] = !options.errors.empty();
  std::string title = T(services, target.visitor, "procedures.clusters.show_title", {{"name", name}});
  if (!options.errors.empty()) title = T(services, target.visitor, "procedures.clusters.error_prefix") + title;
  return site::RenderPage(services, target.visitor, request, "procedures_clusters_show", std::move(model), title,
                          {.status = options.status,
                           .tenant = &target.tenant,
                           .breadcrumbs = Crumbs(services, target.visitor, target, name, /*list_link=*/true),
                           .scripts = {std::string(kUnsavedWarningScript)}});
}

std::optional<std::int64_t> ClusterIdOf(const http::Request& request) { return ParseId(request.PathParam("cid")); }

http::Response ClusterNotFound(Services& services, const http::Request& request, const Visitor& visitor) {
  return site::ErrorResponse(services, request, 404, T(services, visitor, "procedures.clusters.not_found"));
}

http::Response GetCluster(Services& services, http::Request& request) {
  auto access = ClusterAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<Target>(access);
  auto cluster_id = ClusterIdOf(request);
  if (!cluster_id) return ClusterNotFound(services, request, target.visitor);
  return RenderCluster(services, request, target, *cluster_id);
}

// The common frame of the cluster forms: access, CSRF, the cluster id; `act` runs in one write with its audit entry
// and returns the cluster to show next (or the problem). `values` refill the form after an error.
template <typename Act>
http::Response PostClusterForm(Services& services, http::Request& request, boost::json::object values, Act act) {
  auto access = ClusterAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<Target>(access);
  if (!site::CsrfValid(target.visitor, request)) return site::CsrfFailure(services, target.visitor, request);
  auto cluster_id = ClusterIdOf(request);
  if (!cluster_id) return ClusterNotFound(services, request, target.visitor);
  db::UnixSeconds now = services.now();
  auto result = services.db.Write(
      [&](db::Tx& tx) -> Result<std::pair<std::int64_t, std::string>> { return act(tx, target, *cluster_id, now); });
  if (!result) {
    if (result.error().kind == ErrorKind::kNotFound) return ClusterNotFound(services, request, target.visitor);
    return RenderCluster(services, request, target, *cluster_id,
                         {.errors = {result.error()}, .values = std::move(values), .status = 422});
  }
  return site::RedirectWithFlash(target.visitor,
                                 ClusterPath(target.tenant.slug, target.procedure.id, result->first), result->second);
}

http::Response PostSplit(Services& services, http::Request& request) {
  std::vector<std::int64_t> chosen;
  bool bad_id = false;
  for (auto [it, end] = request.form.equal_range("statement"); it != end; ++it) {
    auto id = ParseId(it->second);
    if (id) {
      chosen.push_back(*id);
    } else {
      bad_id = true;
    }
  }
  std::string into = request.Form("target");
  return PostClusterForm(
      services, request, {},
      [&](db::Tx& tx, Target& target, std::int64_t cluster_id,
          db::UnixSeconds now) -> Result<std::pair<std::int64_t, std::string>> {
        if (bad_id) return Fail(ErrorKind::kInvalid, "Die Auswahl der Stellungnahmen ist ungültig.", "statement");
        if (into != "new" && into != "none") {
          return Fail(ErrorKind::kInvalid, "Bitte wählen Sie, wohin die Stellungnahmen kommen.", "target-new");
        }
        auto split = SplitCluster(tx, target.procedure.id, cluster_id, chosen, into == "new",
                                  target.visitor.user()->id, now);
        if (!split) return std::unexpected(split.error());
        std::string detail = std::to_string(chosen.size()) + " Stellungnahmen " +
                             (into == "new" ? "in neue Gruppe " + std::to_string(split->id) : "aus der Gruppe genommen");
        Audit(tx, *target.visitor.user(), request.remote_ip, target.tenant.id, "procedure.cluster.split",
              ClusterObject(cluster_id), detail, now);
        return std::pair{into == "new" ? split->id : cluster_id, std::string("procedures.clusters.flash_split")};
      });
}

http::Response PostMerge(Services& services, http::Request& request) {
  auto other = ParseId(request.Form("other"));
  return PostClusterForm(
      services, request, {},
      [&](db::Tx& tx, Target& target, std::int64_t cluster_id,
          db::UnixSeconds now) -> Result<std::pair<std::int64_t, std::string>> {
        if (!other) return Fail(ErrorKind::kInvalid, "Bitte wählen Sie die Gruppe, die hinzukommt.", "other");
        auto merged = MergeClusters(tx, target.procedure.id, cluster_id, *other, now);
        if (!merged) {
          if (merged.error().kind == ErrorKind::kNotFound && FindCluster(tx, target.procedure.id, cluster_id)) {
            return Fail(ErrorKind::kInvalid, "Die gewählte Gruppe gibt es nicht mehr.", "other");
          }
          return std::unexpected(merged.error());
        }
        Audit(tx, *target.visitor.user(), request.remote_ip, target.tenant.id, "procedure.cluster.merge",
              ClusterObject(cluster_id), "Gruppe " + std::to_string(*other) + " hinzugefügt", now);
        return std::pair{cluster_id, std::string("procedures.clusters.flash_merged")};
      });
}

http::Response PostDetails(Services& services, http::Request& request) {
  std::string label = request.Form("label");
  Representative representative{request.Form("representative"), request.Form("representative_occupation"),
                                 request.Form("representative_address")};
  return PostClusterForm(
      services, request,
      {{"label", label},
       {"representative", representative.name},
       {"representative_occupation", representative.occupation},
       {"representative_address", representative.address}},
      [&](db::Tx& tx, Target& target, std::int64_t cluster_id,
          db::UnixSeconds now) -> Result<std::pair<std::int64_t, std::string>> {
        auto saved = SetClusterDetails(tx, target.procedure.id, cluster_id, label, representative, now);
        if (!saved) return std::unexpected(saved.error());
        Audit(tx, *target.visitor.user(), request.remote_ip, target.tenant.id, "procedure.cluster.details",
              ClusterObject(cluster_id),
              "Bezeichnung: " + saved->label + "; Vertretung (§ 17 VwVfG): " +
                  RepresentativeLine(saved->RepresentativeOf()),
              now);
        return std::pair{cluster_id, std::string("procedures.clusters.flash_saved")};
      });
}

// The answer for all members. A member answered on its own (a response that is not the cluster's earlier answer) is
// never overwritten without asking: then `own` must say "keep" (those members keep theirs) or "replace".
http::Response PostAnswer(Services& services, http::Request& request) {
  std::string response = request.Form("response");
  std::string own = request.Form("own");
  return PostClusterForm(
      services, request, {{"response", response}, {"own", own}},
      [&](db::Tx& tx, Target& target, std::int64_t cluster_id,
          db::UnixSeconds now) -> Result<std::pair<std::int64_t, std::string>> {
        const accounts::User& user = *target.visitor.user();
        auto before = FindCluster(tx, target.procedure.id, cluster_id);
        if (!before) return Fail(ErrorKind::kNotFound, "Diese Gruppe gibt es nicht.");
        auto own_response = StatementsWithOwnResponse(tx, before->statement_ids, before->response);
        if (!own_response.empty() && own != "keep" && own != "replace") {
          return Fail(ErrorKind::kInvalid,
                      "Einige Stellungnahmen dieser Gruppe haben schon eine eigene Abwägung. Bitte wählen Sie, ob sie "
                      "diese behalten oder ob die gemeinsame Antwort sie ersetzt.",
                      "own");
        }
        auto answered = RecordClusterAnswer(tx, target.procedure.id, cluster_id, response, user.id, now);
        if (!answered) return std::unexpected(answered.error());
        std::vector<std::int64_t> answer = answered->statement_ids;
        if (own == "keep") {
          std::erase_if(answer, [&](std::int64_t id) {
            return std::binary_search(own_response.begin(), own_response.end(), id);
          });
        }
        RespondToStatements(tx, target.procedure.id, answer, answered->response, user, now);
        std::size_t kept = answered->statement_ids.size() - answer.size();
        Audit(tx, user, request.remote_ip, target.tenant.id, "procedure.cluster.respond", ClusterObject(cluster_id),
              "Antwort für " + std::to_string(answer.size()) + " Stellungnahmen" +
                  (kept ? ", " + std::to_string(kept) + " behalten ihre eigene Abwägung" : std::string()) +
                  (own == "replace" && !own_response.empty()
                       ? ", " + std::to_string(own_response.size()) + " eigene Abwägungen ersetzt"
                       : std::string()),
              now);
        return std::pair{cluster_id, std::string("procedures.clusters.flash_answered")};
      });
}

// --- API ---

http::Response ApiClusters(Services& services, http::Request& request) {
  auto user = site::ApiUser(services, request);
  if (!user) return ApiUnauthorized();
  auto id = ParseId(request.PathParam("id"));
  if (!id) return ApiError({ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht."});
  db::UnixSeconds now = services.now();
  auto clusters = services.db.Write([&](db::Tx& tx) -> Result<std::vector<StatementCluster>> {
    auto procedure = Find(tx, *id);
    if (!procedure) return Fail(ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht.");
    if (!MayWork(tx, *user, procedure->tenant_id)) {
      if (!IsPublic(procedure->phase)) return Fail(ErrorKind::kNotFound, "Dieses Verfahren gibt es nicht.");
      return Fail(ErrorKind::kForbidden, "Die Gruppen der Stellungnahmen sieht nur die Sachbearbeitung der Behörde.");
    }
    auto out = ClustersOf(tx, *id);
    Audit(tx, *user, request.remote_ip, procedure->tenant_id, "procedure.clusters.read", "procedure:" + std::to_string(*id),
          "api: " + std::to_string(out.size()) + " Gruppen", now);
    return out;
  });
  if (!clusters) return ApiError(clusters.error());
  boost::json::array items;
  for (const auto& cluster : *clusters) {
    boost::json::array ids;
    for (std::int64_t statement_id : cluster.statement_ids) ids.push_back(statement_id);
    items.push_back(boost::json::object{
        {"id", cluster.id},
        {"size", cluster.size()},
        {"label", cluster.label},
        {"representative", cluster.representative},
        {"representative_occupation", cluster.representative_occupation},
        {"representative_address", cluster.representative_address},
        {"signatories", cluster.signatories},
        {"answered_at", cluster.answered_at ? boost::json::value(*cluster.answered_at) : boost::json::value(nullptr)},
        {"statement_ids", std::move(ids)}});
  }
  return http::Response::Json(200, boost::json::serialize(boost::json::object{{"items", std::move(items)}}));
}

}  // namespace

void RegisterClusterRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // The split form lists every member (ids of up to 20 digits each); the answer carries up to 50,000 characters.
  http::RouteOptions form{.body_limit = 64 * 1024, .field_limit = 8 * 1024};
  // The large ones only from the back office: everyone else is refused before the body is read.
  http::RouteOptions split{
      .body_limit = 4 * 1024 * 1024, .field_limit = 1024, .before_body = site::FormGate(services, MayWorkInPathTenant())};
  http::RouteOptions answer{
      .body_limit = 512 * 1024, .field_limit = 256 * 1024, .before_body = site::FormGate(services, MayWorkInPathTenant())};
  const std::string base = "/{tenant}/verfahren/{id}/bearbeitung/gruppen";
  router.Add(Method::kGet, base, bind(GetList));
  router.Add(Method::kPost, base + "/neu-gruppieren", bind(PostRecluster), form);
  router.Add(Method::kGet, base + "/{cid}", bind(GetCluster));
  router.Add(Method::kPost, base + "/{cid}/aufteilen", bind(PostSplit), split);
  router.Add(Method::kPost, base + "/{cid}/zusammenfuehren", bind(PostMerge), form);
  router.Add(Method::kPost, base + "/{cid}/angaben", bind(PostDetails), form);
  router.Add(Method::kPost, base + "/{cid}/antworten", bind(PostAnswer), answer);
  router.Add(Method::kGet, "/api/v1/procedures/{id}/clusters", bind(ApiClusters));
}

void AddClusterJobs(jobs::Scheduler& scheduler, db::Database& db) {
  // Every minute, under the scheduler's lease: procedures whose statements changed since their last run. A lease of
  // ten minutes covers a run over 100,000 statements (about 2 s of grouping plus the writes).
  scheduler.Add(
      "procedures-cluster", 60, [&db](db::UnixSeconds now) { ReclusterDue(db, now, kJobBatch); }, 600);
}

}  // namespace mw::procedures
