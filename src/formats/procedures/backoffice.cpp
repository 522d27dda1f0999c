// The back office of formal procedures (Abwägung): the case workers' inbox per procedure with filters, sort and
// German full-text search; one statement with its work state, tags, sections and the authority's responses; the
// tenant's text blocks; the weighing table (Abwägungstabelle) as CSV, XLSX and PDF; publishing the weighing result
// and its public page; the redaction review that decides whether and how a statement is published
// (nothing is published without it). Every view of personal data and every change is audited.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <variant>

#include "formats/procedures/backoffice_export.hpp"
#include "formats/procedures/backoffice_store.hpp"
#include "formats/procedures/cluster_store.hpp"
#include "formats/procedures/handlers.hpp"
#include "formats/procedures/participants.hpp"
#include "formats/procedures/publication_store.hpp"
#include "formats/procedures/search.hpp"
#include "formats/procedures/weighing.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"
#include "platform/redaction/redaction.hpp"
#include "platform/site/mails.hpp"

namespace mw::procedures {
namespace {

using site::Services;
using site::Visitor;

constexpr int kPageSize = 50;
// At most this many statements are changed by one bulk action in the inbox.
constexpr std::size_t kMaxBulkStatements = 500;
constexpr std::size_t kFirstWords = 18;
constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string InboxPath(std::string_view tenant_slug, std::int64_t procedure_id) {
  return ProcedurePath(tenant_slug, procedure_id) + "/bearbeitung";
}

std::string StatementPath(std::string_view tenant_slug, std::int64_t procedure_id, std::int64_t statement_id) {
  return InboxPath(tenant_slug, procedure_id) + "/" + std::to_string(statement_id);
}

std::string BlocksPath(std::string_view tenant_slug) { return "/" + std::string(tenant_slug) + "/verfahren/textbausteine"; }

boost::json::object TenantModel(const tenancy::Tenant& tenant) {
  return boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}};
}

void Audit(db::Tx& tx, const Visitor& visitor, const http::Request& request, std::int64_t tenant_id,
           std::string action, std::string object, std::string detail, db::UnixSeconds now) {
  audit::Record(tx,
                {.actor_user_id = visitor.user()->id,
                 .actor_label = visitor.user()->email,
                 .tenant_id = tenant_id,
                 .action = std::move(action),
                 .object = std::move(object),
                 .detail = std::move(detail),
                 .remote_ip = request.remote_ip},
                now);
}

// "Kim Muster (Umweltverband)", "Umweltverband" or "Kim Muster".
std::string Submitter(const Statement& statement) {
  if (statement.author_name.empty()) return statement.organisation_name;
  if (statement.organisation_name.empty()) return statement.author_name;
  return statement.author_name + " (" + statement.organisation_name + ")";
}

std::string PublicSubmitter(const Services& services, std::string_view locale, const Statement& statement) {
  if (statement.publish_consent && !statement.organisation_name.empty()) return statement.organisation_name;
  return services.renderer.T(locale, statement.organisation_name.empty()
                                         ? "procedures.backoffice.public_person"
                                         : "procedures.backoffice.public_organisation");
}

std::string WorkStatusLabel(const Services& services, std::string_view locale, WorkStatus status) {
  return services.renderer.T(locale, "procedures.backoffice.work_status." + std::string(WorkStatusName(status)));
}

std::string ChannelLabel(const Services& services, std::string_view locale, Channel channel) {
  return services.renderer.T(locale, "procedures.channel." + std::string(ChannelName(channel)));
}

std::string Joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// The participation is over: the weighing result may be published.
bool MayPublishResult(const Procedure& procedure, law::Date today) {
  Status status = procedure.StatusOn(today);
  return status == Status::kEvaluation || status == Status::kHearing || status == Status::kDecided ||
         status == Status::kArchived;
}

// --- access ---

using Target = BackofficeTarget;

// The back office of the path's procedure: logged in (else the login), the tenant exists (404), the visitor works in
// its back office (403), the procedure is the tenant's (404).
std::variant<Target, http::Response> BackofficeAccess(Services& services, const http::Request& request) {
  return EnterBackoffice(services, request, "procedures.backoffice.forbidden");
}

std::vector<web::Crumb> Crumbs(const Services& services, const Visitor& visitor, const tenancy::Tenant& tenant,
                               const Procedure& procedure, std::string last, bool inbox_link) {
  std::vector<web::Crumb> crumbs{{tenant.name, "/" + tenant.slug, true},
                                 {procedure.title, ProcedurePath(tenant.slug, procedure.id), true}};
  if (inbox_link) {
    crumbs.emplace_back(T(services, visitor, "procedures.backoffice.inbox_title"), InboxPath(tenant.slug, procedure.id));
  }
  crumbs.emplace_back(std::move(last), "");
  return crumbs;
}

// The people a statement can be assigned to: the tenant's case workers, editors and admins.
std::vector<accounts::User> Assignees(db::Tx& tx, std::int64_t tenant_id) {
  std::vector<accounts::User> out;
  std::set<std::int64_t> seen;
  for (const auto& member : accounts::MembersOf(tx, tenant_id)) {
    if (member.role == accounts::Role::kModerator) continue;
    if (seen.insert(member.user.id).second) out.push_back(member.user);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

boost::json::object Option(std::string value, std::string label, bool selected) {
  return boost::json::object{{"value", std::move(value)}, {"label", std::move(label)}, {"selected", selected}};
}

// --- the inbox ---

struct InboxQuery {
  InboxFilter filter;
  int page = 1;
  // The raw values, for the form and the links.
  std::map<std::string, std::string> values;
};

std::optional<bool> YesNo(std::string_view value) {
  if (value == "ja") return true;
  if (value == "nein") return false;
  return std::nullopt;
}

// The inbox's query parameters, or the German message of the first invalid one.
std::variant<InboxQuery, std::string> ParseInboxQuery(const http::Request& request, const accounts::User& user) {
  InboxQuery query;
  for (const char* key : {"q", "status", "zustaendig", "schlagwort", "verspaetet", "kanal", "zurueckgezogen",
                          "sortierung", "richtung", "seite"}) {
    query.values[key] = std::string(Trim(request.Query(key)));
  }
  auto& v = query.values;
  if (Utf8Length(v["q"]) > kMaxQueryChars) return "Der Suchbegriff ist zu lang.";
  query.filter.text = v["q"];
  if (!v["status"].empty()) {
    query.filter.status = ParseWorkStatus(v["status"]);
    if (!query.filter.status) return "Diesen Bearbeitungsstand gibt es nicht.";
  }
  if (v["zustaendig"] == "ich") {
    query.filter.assignee_id = user.id;
  } else if (v["zustaendig"] == "niemand") {
    query.filter.assignee_id = 0;
  } else if (!v["zustaendig"].empty()) {
    query.filter.assignee_id = ParseId(v["zustaendig"]);
    if (!query.filter.assignee_id) return "Die Zuständigkeit ist ungültig.";
  }
  if (!v["schlagwort"].empty()) {
    query.filter.tag_id = ParseId(v["schlagwort"]);
    if (!query.filter.tag_id) return "Das Schlagwort ist ungültig.";
  }
  for (auto [key, target] : {std::pair{"verspaetet", &query.filter.late}, {"zurueckgezogen", &query.filter.withdrawn}}) {
    if (v[key].empty()) continue;
    *target = YesNo(v[key]);
    if (!*target) return "Ein Filter hat einen ungültigen Wert.";
  }
  if (!v["kanal"].empty()) {
    query.filter.channel = ParseChannel(v["kanal"]);
    if (!query.filter.channel) return "Diesen Eingangsweg gibt es nicht.";
  }
  const std::string& sort = v["sortierung"];
  if (sort.empty() || sort == "eingang") {
    query.filter.sort = InboxSort::kReceived;
  } else if (sort == "nummer") {
    query.filter.sort = InboxSort::kReference;
  } else if (sort == "stand") {
    query.filter.sort = InboxSort::kStatus;
  } else {
    return "Diese Sortierung gibt es nicht.";
  }
  if (!v["richtung"].empty() && v["richtung"] != "auf" && v["richtung"] != "ab") return "Die Richtung ist ungültig.";
  query.filter.descending = v["richtung"] == "ab";
  if (!v["seite"].empty()) {
    auto page = ParseId(v["seite"]);
    if (!page || *page > 100'000) return "Diese Seite gibt es nicht.";
    query.page = static_cast<int>(*page);
  }
  query.filter.limit = kPageSize;
  query.filter.offset = (query.page - 1) * kPageSize;
  return query;
}

std::string InboxLink(const std::string& base, const std::map<std::string, std::string>& values, int page) {
  std::string out = base;
  char separator = '?';
  for (const auto& [key, value] : values) {
    if (key == "seite" || value.empty()) continue;
    out += separator + key + "=" + site::QueryEscape(value);
    separator = '&';
  }
  if (page > 1) out += separator + std::string("seite=") + std::to_string(page);
  return out;
}

// Where the search found a statement: SearchSnippet's segments for the template, which marks the hits (<mark>) and
// escapes every text. Empty without a search or for a statement found by its reference.
boost::json::array SnippetModel(const std::string& text, const std::string& query) {
  boost::json::array segments;
  if (Trim(query).empty() || AsReference(query)) return segments;
  for (auto& segment : SearchSnippet(text, query)) {
    segments.push_back(boost::json::object{{"text", std::move(segment.text)}, {"hit", segment.hit}});
  }
  return segments;
}

http::Response GetInbox(Services& services, http::Request& request) {
  auto access = BackofficeAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& [visitor, tenant, procedure] = std::get<Target>(access);
  auto parsed = ParseInboxQuery(request, *visitor.user());
  if (auto* message = std::get_if<std::string>(&parsed)) {
    return site::ErrorResponse(services, request, 400, *message);
  }
  auto& query = std::get<InboxQuery>(parsed);
  db::UnixSeconds now = services.now();
  struct Loaded {
    InboxPage page;
    std::vector<Tag> tags;
    std::vector<accounts::User> assignees;
  };
  // The list is read in a snapshot, beside the writes: statements are indexed when they are stored. Only statements
  // stored before migration 0218 that were never searched wait for the index; they are indexed once, in a write.
  auto list = [&](db::Tx& tx) {
    return Loaded{ListInbox(tx, procedure.id, query.filter), TagsOfProcedure(tx, procedure.id),
                  Assignees(tx, tenant.id)};
  };
  std::optional<Loaded> read = services.db.Read([&](db::Tx& tx) -> std::optional<Loaded> {
    if (HasUnindexedStatements(tx, procedure.id)) return std::nullopt;
    return list(tx);
  });
  if (!read) {  // nothing is added to the waiting statements after the migration: this happens once per procedure
    services.db.Write([&](db::Tx& tx) { IndexUnindexedStatements(tx, procedure.id); });
    read = services.db.Read(list);
  }
  Loaded& loaded = *read;
  // Every view of the names is recorded (docs/security.md): a small write of its own, committed before the page is
  // sent, with the other writes of the moment (group commit).
  std::vector<std::string> references;
  for (const auto& row : loaded.page.rows) references.push_back(row.statement.reference);
  services.db.Write([&](db::Tx& tx) {
    Audit(tx, visitor, request, tenant.id, "statement.list", "procedure:" + std::to_string(procedure.id),
          std::to_string(loaded.page.rows.size()) + " von " + std::to_string(loaded.page.total) +
              " Stellungnahmen (Name, Organisation): " + Joined(references, ", "),
          now);
  });

  std::string base = InboxPath(tenant.slug, procedure.id);
  const std::string& locale = visitor.locale;
  // A statement opened from the list keeps the list's filter and order for its "vorherige / nächste".
  const std::string filter_query = InboxLink("", query.values, 1);
  boost::json::array rows;
  for (const auto& row : loaded.page.rows) {
    const Statement& s = row.statement;
    rows.push_back(boost::json::object{{"id", s.id},
                                       {"reference", s.reference},
                                       {"href", StatementPath(tenant.slug, procedure.id, s.id) + filter_query},
                                       {"received", site::FormatTime(s.received_at, locale)},
                                       {"channel_label", ChannelLabel(services, locale, s.channel)},
                                       {"late", s.late},
                                       {"withdrawn", s.withdrawn},
                                       {"form_invalid", !MeetsWrittenForm(procedure.type, procedure.legal, s.channel)},
                                       {"author", Submitter(s)},
                                       {"status", WorkStatusName(row.work.status)},
                                       {"status_label", WorkStatusLabel(services, locale, row.work.status)},
                                       {"assignee", row.work.assignee_name},
                                       {"tags", Joined(row.tags, ", ")},
                                       {"first_words", FirstWords(s.text, kFirstWords)},
                                       {"snippet", SnippetModel(s.text, query.filter.text)}});
  }
  auto& v = query.values;
  boost::json::array status_options{Option("", T(services, visitor, "procedures.backoffice.filter_all"), false)};
  for (WorkStatus status : AllWorkStatuses()) {
    std::string name(WorkStatusName(status));
    status_options.push_back(Option(name, WorkStatusLabel(services, locale, status), v["status"] == name));
  }
  boost::json::array assignee_options{
      Option("", T(services, visitor, "procedures.backoffice.filter_all"), false),
      Option("ich", T(services, visitor, "procedures.backoffice.assignee_me"), v["zustaendig"] == "ich"),
      Option("niemand", T(services, visitor, "procedures.backoffice.assignee_none"), v["zustaendig"] == "niemand")};
  for (const auto& user : loaded.assignees) {
    std::string id = std::to_string(user.id);
    assignee_options.push_back(Option(id, user.name, v["zustaendig"] == id));
  }
  boost::json::array tag_options{Option("", T(services, visitor, "procedures.backoffice.filter_all"), false)};
  for (const auto& tag : loaded.tags) {
    std::string id = std::to_string(tag.id);
    tag_options.push_back(Option(id, tag.name + " (" + std::to_string(tag.statements) + ")", v["schlagwort"] == id));
  }
  auto yes_no = [&](const std::string& key) {
    return boost::json::array{Option("", T(services, visitor, "procedures.backoffice.filter_all"), false),
                              Option("ja", T(services, visitor, "procedures.backoffice.yes"), v[key] == "ja"),
                              Option("nein", T(services, visitor, "procedures.backoffice.no"), v[key] == "nein")};
  };
  boost::json::array channel_options{Option("", T(services, visitor, "procedures.backoffice.filter_all"), false)};
  for (Channel channel : {Channel::kOnline, Channel::kPaper, Channel::kMail}) {
    std::string name(ChannelName(channel));
    channel_options.push_back(Option(name, ChannelLabel(services, locale, channel), v["kanal"] == name));
  }
  boost::json::array sort_options{
      Option("eingang", T(services, visitor, "procedures.backoffice.sort_received"), v["sortierung"] == "eingang"),
      Option("nummer", T(services, visitor, "procedures.backoffice.sort_reference"), v["sortierung"] == "nummer"),
      Option("stand", T(services, visitor, "procedures.backoffice.sort_status"), v["sortierung"] == "stand")};
  boost::json::array order_options{
      Option("auf", T(services, visitor, "procedures.backoffice.order_ascending"), v["richtung"] != "ab"),
      Option("ab", T(services, visitor, "procedures.backoffice.order_descending"), v["richtung"] == "ab")};

  int pages = static_cast<int>((loaded.page.total + kPageSize - 1) / kPageSize);
  boost::json::object model{
      {"tenant", TenantModel(tenant)},
      {"procedure", boost::json::object{{"id", procedure.id},
                                        {"title", procedure.title},
                                        {"href", ProcedurePath(tenant.slug, procedure.id)},
                                        {"status_label", StatusLabel(services, locale, procedure.StatusOn(Today(services)))}}},
      {"action", base},
      {"values", boost::json::object{{"q", v["q"]}}},
      {"status_options", std::move(status_options)},
      {"assignee_options", std::move(assignee_options)},
      {"tag_options", std::move(tag_options)},
      {"late_options", yes_no("verspaetet")},
      {"withdrawn_options", yes_no("zurueckgezogen")},
      {"channel_options", std::move(channel_options)},
      {"sort_options", std::move(sort_options)},
      {"order_options", std::move(order_options)},
      {"rows", std::move(rows)},
      {"total", loaded.page.total},
      {"summary", T(services, visitor, "procedures.backoffice.summary",
                    {{"count", std::to_string(loaded.page.total)},
                     {"page", std::to_string(query.page)},
                     {"pages", std::to_string(std::max(pages, 1))}})},
      {"exports", boost::json::object{{"csv_href", base + "/abwaegung.csv"},
                                      {"applicant_href", procedure.type == Type::kBimschg
                                                             ? base + "/antragstellerin.csv"
                                                             : std::string()},
                                      {"xlsx_href", base + "/abwaegung.xlsx"},
                                      {"pdf_href", base + "/abwaegung.pdf"}}},
      {"clusters_href", base + "/gruppen"},
      {"text_blocks_href", BlocksPath(tenant.slug)},
  };
  // The bulk form: the selected rows get a status, an assignee or tags ("unverändert" keeps each).
  boost::json::array bulk_status{Option("", T(services, visitor, "procedures.backoffice.bulk_keep"), true)};
  for (WorkStatus status : AllWorkStatuses()) {
    bulk_status.push_back(
        Option(std::string(WorkStatusName(status)), WorkStatusLabel(services, locale, status), false));
  }
  boost::json::array bulk_assignee{
      Option("", T(services, visitor, "procedures.backoffice.bulk_keep"), true),
      Option("ich", T(services, visitor, "procedures.backoffice.assignee_me"), false),
      Option("niemand", T(services, visitor, "procedures.backoffice.assignee_none"), false)};
  for (const auto& user : loaded.assignees) bulk_assignee.push_back(Option(std::to_string(user.id), user.name, false));
  model["bulk"] = boost::json::object{{"action", InboxLink(base + "/sammelaktion", v, query.page)},
                                      {"status_options", std::move(bulk_status)},
                                      {"assignee_options", std::move(bulk_assignee)}};
  // After a bulk action (PostBulk): how many statements it changed.
  if (auto changed = ParseId(request.Query("geaendert"));
      changed && *changed <= static_cast<std::int64_t>(kMaxBulkStatements)) {
    model["changed_notice"] =
        *changed == 1 ? T(services, visitor, "procedures.backoffice.bulk_done_one")
                      : T(services, visitor, "procedures.backoffice.bulk_done", {{"count", std::to_string(*changed)}});
  }
  if (query.page > 1) model["previous_href"] = InboxLink(base, v, query.page - 1);
  if (query.page < pages) model["next_href"] = InboxLink(base, v, query.page + 1);
  bool may_publish = MayPublishResult(procedure, Today(services));
  boost::json::object result{{"published", procedure.result_published},
                             {"can_publish", may_publish && !procedure.result_published},
                             {"can_correct", may_publish && procedure.result_published},
                             {"action", base + "/ergebnis"},
                             {"public_href", ProcedurePath(tenant.slug, procedure.id) + "/ergebnis"}};
  if (!may_publish && !procedure.result_published) {
    result["not_yet"] = T(services, visitor, "procedures.backoffice.result_not_yet");
  }
  model["result"] = std::move(result);
  std::string title = T(services, visitor, "procedures.backoffice.inbox_title");
  return site::RenderPage(services, visitor, request, "procedures_backoffice_inbox", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, procedure, title, false)});
}

std::vector<ResultRow> BuildResultRows(const Services& services, db::Tx& tx, const Procedure& procedure);

// #14 item 4, § 3 Abs. 2 Satz 6 BauGB ("das Ergebnis ist mitzuteilen"): everyone who took part is told when the result
// of the weighing is published, and again when a changed version is (`version` > 1). In the publishing transaction.
void NotifyOfResult(Services& services, db::Tx& tx, const Procedure& procedure, const tenancy::Tenant& tenant,
                    int version, db::UnixSeconds now) {
  const std::string url = services.config.base_url + ProcedurePath(tenant.slug, procedure.id) + "/ergebnis";
  for (const accounts::User& addressee : ParticipantsToTell(tx, procedure)) {
    boost::json::object model{{"procedure_title", procedure.title},
                              {"tenant_name", tenant.name},
                              {"objection", TakesObjections(procedure.type)},
                              {"changed", version > 1},
                              {"has_account", addressee.id > 0},
                              {"result_url", url}};
    auto mail = site::ComposeMail(services, "procedures_result", addressee, std::move(model), "procedure-result");
    mail.tenant_id = procedure.tenant_id;
    site::QueueMailOrLog(tx, mail, now);
  }
}

http::Response PostPublishResult(Services& services, http::Request& request) {
  auto access = BackofficeAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& [visitor, tenant, procedure] = std::get<Target>(access);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::string choice = request.Form("publish");
  if (choice != "yes" && choice != "no") {
    return site::ErrorResponse(services, request, 400, T(services, visitor, "procedures.backoffice.bad_request"));
  }
  bool publish = choice == "yes";
  if (publish && !MayPublishResult(procedure, Today(services))) {
    return site::ErrorResponse(services, request, 409, T(services, visitor, "procedures.backoffice.result_not_yet"));
  }
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    std::string detail;
    if (publish) {
      // The result as published is frozen (issue #12 item 14): a new, dated version when it changed.
      auto current = Find(tx, procedure.id).value_or(procedure);
      auto frozen = FreezeResult(tx, procedure.id, BuildResultRows(services, tx, current), visitor.user()->id, now);
      detail = frozen ? "Fassung " + std::to_string(frozen->version) : "unverändert";
      if (frozen) NotifyOfResult(services, tx, current, tenant, frozen->version, now);
    }
    SetResultPublished(tx, procedure.id, publish, now);
    Audit(tx, visitor, request, tenant.id, publish ? "procedure.result.publish" : "procedure.result.withdraw",
          "procedure:" + std::to_string(procedure.id), detail, now);
  });
  return site::RedirectWithFlash(visitor, InboxPath(tenant.slug, procedure.id),
                                 publish ? "procedures.backoffice.flash_published"
                                         : "procedures.backoffice.flash_unpublished");
}

// --- bulk actions in the inbox ---

// The selected statements of the inbox (checkboxes "statement") get the same change: a status, an assignee, tags
// added. One write; an audit entry per statement; 303 back to the inbox with its filter and the number changed
// ("geaendert", shown as a notice). Without a selection or a change, with more than kMaxBulkStatements, with an id
// that is not a statement of the procedure or an invalid value nothing changes and a 4xx says why.
http::Response PostBulk(Services& services, http::Request& request) {
  auto access = BackofficeAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& [visitor, tenant, procedure] = std::get<Target>(access);
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto parsed = ParseInboxQuery(request, *visitor.user());
  if (auto* message = std::get_if<std::string>(&parsed)) {
    return site::ErrorResponse(services, request, 400, *message);
  }
  auto& query = std::get<InboxQuery>(parsed);
  auto refuse = [&](int status, std::string_view key) {
    return site::ErrorResponse(services, request, status, T(services, visitor, key));
  };
  std::vector<std::int64_t> ids;
  for (auto [it, end] = request.form.equal_range("statement"); it != end; ++it) {
    if (ids.size() == kMaxBulkStatements) return refuse(422, "procedures.backoffice.bulk_too_many");
    auto id = ParseId(it->second);
    if (!id) return refuse(400, "procedures.backoffice.bulk_bad_statement");
    ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) return refuse(422, "procedures.backoffice.bulk_none_selected");

  std::optional<WorkStatus> status;
  if (std::string field = request.Form("bulk_status"); !field.empty()) {
    status = ParseWorkStatus(field);
    if (!status) return refuse(400, "procedures.backoffice.bad_request");
  }
  std::optional<std::int64_t> assignee;  // 0: nobody
  if (std::string field = request.Form("bulk_assignee"); field == "ich") {
    assignee = visitor.user()->id;
  } else if (field == "niemand") {
    assignee = 0;
  } else if (!field.empty()) {
    assignee = ParseId(field);
    if (!assignee) return refuse(400, "procedures.backoffice.bad_request");
  }
  auto tags = ParseTags(request.Form("bulk_tag"));
  if (!tags) return site::ErrorResponse(services, request, 422, tags.error().message);
  if (!status && !assignee && tags->empty()) return refuse(422, "procedures.backoffice.bulk_nothing");

  db::UnixSeconds now = services.now();
  enum class Outcome { kDone, kBadStatement, kBadAssignee, kTooManyTags };
  Outcome outcome = services.db.Write([&](db::Tx& tx) {
    if (StatementsOfProcedure(tx, procedure.id, ids) != ids) return Outcome::kBadStatement;
    if (assignee && *assignee != 0) {
      auto user = accounts::FindUserById(tx, *assignee);
      if (!user || !MayWork(tx, *user, tenant.id)) return Outcome::kBadAssignee;
    }
    // The tags first, so that nothing is written when one statement would get too many.
    std::map<std::int64_t, std::vector<std::string>> merged_tags;
    if (!tags->empty()) {
      for (std::int64_t id : ids) {
        std::vector<std::string> merged = TagsOfStatement(tx, id);
        for (const auto& tag : *tags) {
          bool seen = false;
          for (const auto& existing : merged) seen = seen || IEquals(existing, tag);
          if (!seen) merged.push_back(tag);
        }
        if (merged.size() > kMaxTagsPerStatement) return Outcome::kTooManyTags;
        merged_tags[id] = std::move(merged);
      }
    }
    for (std::int64_t id : ids) {
      std::vector<std::string> changes;
      if (status || assignee) {
        WorkState work = WorkOf(tx, id);
        WorkStatus new_status = status.value_or(work.status);
        std::optional<std::int64_t> new_assignee = work.assignee_id;
        if (assignee) new_assignee = *assignee == 0 ? std::nullopt : assignee;
        SetWork(tx, id, new_status, new_assignee, visitor.user()->id, now);
        changes.push_back(std::string(WorkStatusName(new_status)) +
                          ", zuständig: " + (new_assignee ? "user:" + std::to_string(*new_assignee) : "-"));
      }
      if (auto merged = merged_tags.find(id); merged != merged_tags.end()) {
        SetStatementTags(tx, procedure.id, id, merged->second);
        changes.push_back("Schlagworte: " + Joined(merged->second, ", "));
      }
      Audit(tx, visitor, request, tenant.id, "statement.bulk", "statement:" + std::to_string(id),
            "Sammelaktion (" + std::to_string(ids.size()) + " Stellungnahmen): " + Joined(changes, "; "), now);
    }
    return Outcome::kDone;
  });
  switch (outcome) {
    case Outcome::kBadStatement:
      return refuse(400, "procedures.backoffice.bulk_bad_statement");
    case Outcome::kBadAssignee:
      return refuse(422, "procedures.backoffice.bad_assignee");
    case Outcome::kTooManyTags:
      return refuse(422, "procedures.backoffice.bulk_too_many_tags");
    case Outcome::kDone:
      break;
  }
  std::string location = InboxLink(InboxPath(tenant.slug, procedure.id), query.values, query.page);
  location +=
      (location.find('?') == std::string::npos ? "?" : "&") + std::string("geaendert=") + std::to_string(ids.size());
  return site::RedirectWithFlash(visitor, location);
}

// --- one statement ---

struct StatementTarget {
  Target target;
  Statement statement;
  // The inbox's filter and order the case worker came from (the inbox's query parameters, carried along by every link
  // and form of the statement's page), and the same as a query string ("?status=new&q=L%C3%A4rm", or "").
  InboxQuery inbox;
  std::string inbox_query;
  // The statement's page with the inbox's query: where its forms lead back to.
  std::string Here() const {
    return StatementPath(target.tenant.slug, target.procedure.id, statement.id) + inbox_query;
  }
};

std::variant<StatementTarget, http::Response> StatementAccess(Services& services, const http::Request& request) {
  auto access = BackofficeAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<Target>(access);
  auto parsed = ParseInboxQuery(request, *target.visitor.user());
  if (auto* message = std::get_if<std::string>(&parsed)) {
    return site::ErrorResponse(services, request, 400, *message);
  }
  auto sid = ParseId(request.PathParam("sid"));
  auto statement = sid ? services.db.Read([&](db::Tx& tx) { return FindStatement(tx, *sid); }) : std::nullopt;
  if (!statement || statement->procedure_id != target.procedure.id) {
    return site::ErrorResponse(services, request, 404,
                               T(services, target.visitor, "procedures.backoffice.statement_not_found"));
  }
  auto& inbox = std::get<InboxQuery>(parsed);
  std::string inbox_query = InboxLink("", inbox.values, 1);
  return StatementTarget{std::move(target), std::move(*statement), std::move(inbox), std::move(inbox_query)};
}

// What the statement page shows besides the statement, possibly with the form values of a failed or unsaved post.
struct StatementForm {
  std::optional<std::string> marked;                // the split textarea
  std::optional<std::string> tags;                  // the tags field
  std::map<int, std::string> responses;             // unsaved responses by section position
  std::optional<std::string> redacted;              // the redaction textarea
  std::optional<std::string> note;                  // the note on the publication decision
  std::optional<std::string> late_choice;           // the late override form: "in_time", "late", "receipt"
  std::optional<std::string> late_reason;
  std::vector<Error> errors;
  int status = 200;
};

// At most this many suggestions are listed one by one (all of them are applied to the proposed text).
constexpr std::size_t kMaxListedSuggestions = 200;

// The "Veröffentlichung" section: the decision so far, the author's consent, the automatic suggestions and the form.
boost::json::object PublicationModel(const Services& services, const std::string& locale, const Statement& s,
                                     const std::optional<Publication>& publication,
                                     const std::vector<std::string>& known, const StatementForm& form,
                                     const std::string& base, const std::string& inbox_query) {
  auto spans = SuggestedSpans(s, known);
  boost::json::array suggestions;
  for (const auto& span : spans) {
    if (suggestions.size() >= kMaxListedSuggestions) break;
    suggestions.push_back(boost::json::object{
        {"kind", services.renderer.T(locale, "procedures.redaction.kind." + std::string(redaction::KindName(span.kind)))},
        {"text", s.text.substr(span.begin, span.end - span.begin)}});
  }
  std::string state;
  bool published = publication && publication->state == PublicationState::kPublished;
  if (!publication) {
    state = services.renderer.T(locale, "procedures.redaction.state_none");
  } else {
    state = services.renderer.T(
        locale, published ? "procedures.redaction.state_published" : "procedures.redaction.state_withheld",
        {{"time", site::FormatTime(publication->reviewed_at, locale)},
         {"name", publication->reviewer_name.empty() ? "–" : publication->reviewer_name}});
  }
  std::string value = form.redacted ? *form.redacted
                      : published   ? publication->redacted_text
                                    : redaction::Apply(s.text, spans);
  return boost::json::object{
      {"action", base + "/veroeffentlichung" + inbox_query},
      {"state", state},
      {"published", published},
      {"consent", s.publish_text_consent},
      {"withdrawn", s.withdrawn},
      {"original", s.text},
      {"suggestions", std::move(suggestions)},
      {"has_suggestions", !spans.empty()},
      {"value", value},
      {"note", form.note ? *form.note : (publication ? publication->note : std::string())},
      {"unsaved", form.redacted.has_value() || form.note.has_value()},
  };
}

// The inbox page that shows the statement at `neighbours.position` (the first if the filter does not show it).
int InboxPageOf(const InboxNeighbours& neighbours) {
  return neighbours.position > 0 ? static_cast<int>((neighbours.position - 1) / kPageSize) + 1 : 1;
}

// "vorherige / nächste" on a statement's page: the statements before and after it in the inbox's filter and order,
// each link carrying the filter, and where it stands ("3 von 57").
boost::json::object BrowseModel(const Services& services, const Visitor& visitor, const StatementTarget& st,
                                const InboxNeighbours& neighbours) {
  const auto& tenant = st.target.tenant;
  const auto& procedure = st.target.procedure;
  boost::json::object browse{{"position", neighbours.position > 0
                                              ? T(services, visitor, "procedures.backoffice.browse_position",
                                                  {{"position", std::to_string(neighbours.position)},
                                                   {"total", std::to_string(neighbours.total)}})
                                              : T(services, visitor, "procedures.backoffice.browse_outside",
                                                  {{"total", std::to_string(neighbours.total)}})}};
  if (neighbours.previous) {
    browse["previous_href"] = StatementPath(tenant.slug, procedure.id, *neighbours.previous) + st.inbox_query;
  }
  if (neighbours.next) {
    browse["next_href"] = StatementPath(tenant.slug, procedure.id, *neighbours.next) + st.inbox_query;
  }
  return browse;
}

http::Response ShowStatement(Services& services, StatementTarget& st, const http::Request& request,
                             const StatementForm& form) {
  auto& [visitor, tenant, procedure] = st.target;
  const Statement& s = st.statement;
  const std::string& locale = visitor.locale;
  db::UnixSeconds now = services.now();
  struct Loaded {
    WorkState work;
    std::vector<std::string> tags;
    std::vector<Tag> known_tags;
    std::vector<Section> sections;
    std::vector<TextBlock> blocks;
    std::vector<accounts::User> assignees;
    std::optional<Publication> publication;
    std::vector<std::string> known;  // personal data to suggest for redaction
    std::string late_override_by;    // the name of the case worker who overrode the late flag
    InboxNeighbours neighbours;      // in the inbox the case worker came from
  };
  // Read in a snapshot beside the writes (the neighbours alone read the procedure's index: 11,690 entries at Land
  // scale), then the view is recorded in a small write of its own, committed before the page is sent — as the inbox
  // does. Inside the one writer's transaction the reads held up every write of the installation.
  Loaded loaded = services.db.Read([&](db::Tx& tx) {
    Loaded out{WorkOf(tx, s.id),        TagsOfStatement(tx, s.id), TagsOfProcedure(tx, procedure.id),
               SectionsOf(tx, s.id),    TextBlocksOf(tx, tenant.id), Assignees(tx, tenant.id),
               FindPublication(tx, s.id), KnownPersonalData(tx, s)};
    if (s.late_override_by) {
      if (auto user = accounts::FindUserById(tx, *s.late_override_by)) out.late_override_by = user->name;
    }
    out.neighbours = NeighboursInInbox(tx, procedure.id, st.inbox.filter, s.id);
    return out;
  });
  services.db.Write([&](db::Tx& tx) {
    Audit(tx, visitor, request, tenant.id, "statement.view", "statement:" + std::to_string(s.id),
          s.reference + " (Text, Name, Anschrift, E-Mail, Organisation)", now);
  });
  std::string base = StatementPath(tenant.slug, procedure.id, s.id);

  boost::json::array status_options;
  for (WorkStatus status : AllWorkStatuses()) {
    status_options.push_back(Option(std::string(WorkStatusName(status)), WorkStatusLabel(services, locale, status),
                                    status == loaded.work.status));
  }
  boost::json::array assignee_options{
      Option("", T(services, visitor, "procedures.backoffice.assignee_none"), !loaded.work.assignee_id)};
  bool assignee_listed = false;
  for (const auto& user : loaded.assignees) {
    bool selected = loaded.work.assignee_id == user.id;
    assignee_listed = assignee_listed || selected;
    assignee_options.push_back(Option(std::to_string(user.id), user.name, selected));
  }
  if (loaded.work.assignee_id && !assignee_listed) {
    assignee_options.push_back(Option(std::to_string(*loaded.work.assignee_id), loaded.work.assignee_name, true));
  }

  std::vector<std::string> excerpts;
  bool split = loaded.sections.front().position != 0;
  for (const auto& section : loaded.sections) excerpts.push_back(section.position == 0 ? s.text : section.excerpt);

  boost::json::array blocks;
  for (const auto& block : loaded.blocks) {
    blocks.push_back(boost::json::object{{"value", block.id}, {"label", block.title}});
  }
  boost::json::array sections;
  for (const auto& section : loaded.sections) {
    auto unsaved = form.responses.find(section.position);
    std::string position = std::to_string(section.position);
    boost::json::object item{
        {"position", section.position},
        {"field", "response-" + position},
        {"block_field", "block-" + position},
        {"label", split ? T(services, visitor, "procedures.backoffice.section_label",
                            {{"number", position}, {"count", std::to_string(loaded.sections.size())}})
                        : T(services, visitor, "procedures.backoffice.whole_statement")},
        {"excerpt", split ? section.excerpt : std::string()},
        {"response", unsaved != form.responses.end() ? unsaved->second : section.response}};
    if (section.response_at) item["response_at"] = site::FormatTime(*section.response_at, locale);
    sections.push_back(std::move(item));
  }
  boost::json::array known_tags;
  for (const auto& tag : loaded.known_tags) known_tags.push_back(boost::json::string(tag.name));

  boost::json::object statement{
      {"id", s.id},
      {"reference", s.reference},
      {"received", site::FormatTime(s.received_at, locale)},
      {"channel_label", ChannelLabel(services, locale, s.channel)},
      {"late", s.late},
      {"after_decision", ReceivedAfterDecision(procedure, s)},
      {"form_invalid", !MeetsWrittenForm(procedure.type, procedure.legal, s.channel)},
      {"conceal_from_applicant", s.conceal_from_applicant},
      {"withdrawn", s.withdrawn},
      {"withdrawn_at", s.withdrawn_at ? site::FormatTime(*s.withdrawn_at, locale) : std::string()},
      {"author_name", s.author_name},
      {"author_address", s.author_address},
      {"author_email", s.author_email},
      {"organisation_name", s.organisation_name},
      {"text", s.text},
      {"page", s.page},
      {"signatories", s.signatories},
      {"mass", s.signatories > 1},
      {"representative", RepresentativeLine(s.RepresentativeOf())},
      {"sha256", s.sha256}};
  // The late flag (Fristwahrung): by the receipt time, the override if any, and the form to change it.
  std::string late_choice = form.late_choice ? *form.late_choice
                            : !s.late_override ? "receipt"
                            : *s.late_override ? "late"
                                               : "in_time";
  boost::json::array late_options;
  for (std::string_view choice : {"receipt", "in_time", "late"}) {
    late_options.push_back(boost::json::object{
        {"value", choice},
        {"id", "late-" + std::string(choice)},
        {"label", T(services, visitor, "procedures.backoffice.late_choice." + std::string(choice))},
        {"checked", late_choice == choice}});
  }
  boost::json::object deadline{{"action", base + "/frist" + st.inbox_query},
                               {"by_receipt", T(services, visitor,
                                                s.late_by_receipt ? "procedures.backoffice.late_by_receipt_late"
                                                                  : "procedures.backoffice.late_by_receipt_in_time")},
                               {"overridden", s.late_override.has_value()},
                               {"options", std::move(late_options)},
                               {"reason", form.late_reason ? *form.late_reason : std::string()},
                               {"unsaved", form.late_reason.has_value()}};
  if (s.late_override) {
    deadline["override"] = T(
        services, visitor,
        *s.late_override ? "procedures.backoffice.late_override_late" : "procedures.backoffice.late_override_in_time",
        {{"name", loaded.late_override_by.empty() ? "–" : loaded.late_override_by},
         {"time", s.late_override_at ? site::FormatTime(*s.late_override_at, locale) : std::string("–")}});
    deadline["override_reason"] = s.late_override_reason;
  }
  boost::json::object model{
      {"tenant", TenantModel(tenant)},
      {"procedure",
       boost::json::object{
           {"id", procedure.id}, {"title", procedure.title}, {"href", ProcedurePath(tenant.slug, procedure.id)}}},
      {"statement", std::move(statement)},
      {"deadline", std::move(deadline)},
      {"inbox_href", InboxLink(InboxPath(tenant.slug, procedure.id), st.inbox.values, InboxPageOf(loaded.neighbours))},
      {"browse", BrowseModel(services, visitor, st, loaded.neighbours)},
      {"work", boost::json::object{{"action", base + "/stand" + st.inbox_query},
                                   {"status_options", std::move(status_options)},
                                   {"assignee_options", std::move(assignee_options)}}},
      {"tags", boost::json::object{{"action", base + "/schlagworte" + st.inbox_query},
                                   {"value", form.tags ? *form.tags : Joined(loaded.tags, ", ")},
                                   {"unsaved", form.tags.has_value()},
                                   {"known", Joined(
                                                 [&] {
                                                   std::vector<std::string> names;
                                                   for (const auto& tag : loaded.known_tags) names.push_back(tag.name);
                                                   return names;
                                                 }(),
                                                 ", ")}}},
      {"split", boost::json::object{{"action", base + "/abschnitte" + st.inbox_query},
                                    {"value", form.marked ? *form.marked : JoinSections(excerpts)},
                                    {"is_split", split},
                                    {"unsaved", form.marked.has_value()},
                                    {"count", loaded.sections.size()}}},
      {"weighing", boost::json::object{{"action", base + "/abwaegung" + st.inbox_query},
                                       {"sections", std::move(sections)},
                                       {"blocks", std::move(blocks)},
                                       {"blocks_href", BlocksPath(tenant.slug)},
                                       {"unsaved", !form.responses.empty()}}},
  };
  if (procedure.publish_statements) {
    model["publication"] =
        PublicationModel(services, locale, s, loaded.publication, loaded.known, form, base, st.inbox_query);
  }
  site::AddErrors(model, form.errors);
  std::string title = T(services, visitor, "procedures.backoffice.statement_title", {{"reference", s.reference}});
  return site::RenderPage(
      services, visitor, request, "procedures_backoffice_statement", std::move(model),
      form.errors.empty() ? title : T(services, visitor, "procedures.backoffice.error_prefix") + title,
      {.status = form.status,
       .tenant = &tenant,
       .breadcrumbs = Crumbs(services, visitor, tenant, procedure, title, true),
       .scripts = {std::string(kUnsavedWarningScript)}});
}

http::Response GetStatement(Services& services, http::Request& request) {
  auto access = StatementAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  return ShowStatement(services, std::get<StatementTarget>(access), request, {});
}

http::Response PostWork(Services& services, http::Request& request) {
  auto access = StatementAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& st = std::get<StatementTarget>(access);
  auto& [visitor, tenant, procedure] = st.target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto status = ParseWorkStatus(request.Form("status"));
  std::optional<std::int64_t> assignee;
  std::string assignee_field = request.Form("assignee");
  if (!assignee_field.empty()) assignee = ParseId(assignee_field);
  if (!status || (!assignee_field.empty() && !assignee)) {
    return site::ErrorResponse(services, request, 400, T(services, visitor, "procedures.backoffice.bad_request"));
  }
  db::UnixSeconds now = services.now();
  bool ok = services.db.Write([&](db::Tx& tx) {
    if (assignee) {
      auto user = accounts::FindUserById(tx, *assignee);
      if (!user || !MayWork(tx, *user, tenant.id)) return false;
    }
    SetWork(tx, st.statement.id, *status, assignee, visitor.user()->id, now);
    Audit(tx, visitor, request, tenant.id, "statement.work", "statement:" + std::to_string(st.statement.id),
          std::string(WorkStatusName(*status)) + ", zuständig: " + (assignee ? "user:" + std::to_string(*assignee) : "-"),
          now);
    return true;
  });
  if (!ok) {
    return ShowStatement(services, st, request,
                         {.errors = {{ErrorKind::kInvalid, T(services, visitor, "procedures.backoffice.bad_assignee"),
                                      "assignee"}},
                          .status = 422});
  }
  return site::RedirectWithFlash(visitor, st.Here(), "procedures.backoffice.flash_saved");
}

// Overrides the late flag of a statement (Fristwahrung) with a required reason, or gives it back to the receipt time;
// audited. The receipt, the back office and the weighing table then show the overridden flag.
http::Response PostLate(Services& services, http::Request& request) {
  auto access = StatementAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& st = std::get<StatementTarget>(access);
  auto& [visitor, tenant, procedure] = st.target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::string choice = request.Form("late");
  std::string reason = request.Form("late_reason");
  std::optional<bool> late;
  if (choice == "late") {
    late = true;
  } else if (choice == "in_time") {
    late = false;
  } else if (choice != "receipt") {
    return ShowStatement(services, st, request,
                         {.late_choice = std::string(), .late_reason = reason,
                          .errors = {{ErrorKind::kInvalid, T(services, visitor, "procedures.backoffice.late_choose"),
                                      "late"}},
                          .status = 422});
  }
  db::UnixSeconds now = services.now();
  auto saved = services.db.Write([&](db::Tx& tx) -> Result<Statement> {
    auto result = OverrideLate(tx, st.statement.id, late, reason, visitor.user()->id, now);
    if (!result) return result;
    Audit(tx, visitor, request, tenant.id, "statement.late_override", "statement:" + std::to_string(st.statement.id),
          st.statement.reference + ": " + (st.statement.late ? "verspätet" : "rechtzeitig") + " → " +
              (result->late ? "verspätet" : "rechtzeitig") +
              (late ? " (geändert)" : " (nach Eingangszeit)") + "; Grund: " + result->late_override_reason,
          now);
    return result;
  });
  if (!saved) {
    if (saved.error().kind == ErrorKind::kNotFound) {
      return site::ErrorResponse(services, request, 404,
                                 T(services, visitor, "procedures.backoffice.statement_not_found"));
    }
    return ShowStatement(services, st, request,
                         {.late_choice = choice, .late_reason = reason, .errors = {saved.error()}, .status = 422});
  }
  return site::RedirectWithFlash(visitor, st.Here(), "procedures.backoffice.flash_late_saved");
}

// Publishes the reviewed, redacted text of a statement or withholds it (redaction review). Publishing needs the
// author's consent and a text that differs from the original only by blackouts "[…]".
http::Response PostPublication(Services& services, http::Request& request) {
  auto access = StatementAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& st = std::get<StatementTarget>(access);
  auto& [visitor, tenant, procedure] = st.target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  const std::string decision = request.Form("decision");
  if (decision != "publish" && decision != "withhold") {
    return site::ErrorResponse(services, request, 400, T(services, visitor, "procedures.backoffice.bad_request"));
  }
  if (!procedure.publish_statements) {
    return site::ErrorResponse(services, request, 409, T(services, visitor, "procedures.redaction.not_published_procedure"));
  }
  const bool publish = decision == "publish";
  std::string redacted = request.Form("redacted");
  std::string note = request.Form("note");
  std::vector<Error> errors;
  CheckTextField(errors, note, "note", "", T(services, visitor, "procedures.redaction.note_subject"), 500, false);
  std::vector<redaction::Span> spans;
  if (publish) {
    if (st.statement.withdrawn) {
      return site::ErrorResponse(services, request, 409, T(services, visitor, "procedures.redaction.withdrawn"));
    }
    if (!st.statement.publish_text_consent) {
      errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.redaction.no_consent"), "redacted"});
    } else {
      const std::size_t before = errors.size();
      CheckTextField(errors, redacted, "redacted", T(services, visitor, "procedures.redaction.text_missing"),
                     T(services, visitor, "procedures.redaction.text_subject"), kMaxStatementChars, true,
                     TextLines::kMulti);
      if (errors.size() == before) {
        auto matched = redaction::MatchRedaction(st.statement.text, redacted);
        if (!matched) {
          errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.redaction.reworded"), "redacted"});
        } else {
          spans = std::move(*matched);
        }
      }
    }
  }
  if (!errors.empty()) {
    return ShowStatement(services, st, request,
                         {.redacted = std::move(redacted), .note = std::move(note), .errors = std::move(errors),
                          .status = 422});
  }
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    Publication publication{.statement_id = st.statement.id,
                            .state = publish ? PublicationState::kPublished : PublicationState::kWithheld,
                            .redacted_text = publish ? redaction::Apply(st.statement.text, spans) : std::string(),
                            .spans = spans,
                            .note = std::string(Trim(note)),
                            .reviewed_by = visitor.user()->id};
    SavePublication(tx, publication, now);
    Audit(tx, visitor, request, tenant.id, publish ? "statement.publish" : "statement.withhold",
          "statement:" + std::to_string(st.statement.id),
          st.statement.reference + (publish ? ", Schwärzungen: " + std::to_string(spans.size()) : std::string()),
          now);
    TouchProcedurePages(tx, procedure.id);
  });
  return site::RedirectWithFlash(
      visitor, st.Here(), publish ? "procedures.redaction.flash_published" : "procedures.redaction.flash_withheld");
}

http::Response PostTags(Services& services, http::Request& request) {
  auto access = StatementAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& st = std::get<StatementTarget>(access);
  auto& [visitor, tenant, procedure] = st.target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::string field = request.Form("tags");
  auto tags = ParseTags(field);
  if (!tags) return ShowStatement(services, st, request, {.tags = field, .errors = {tags.error()}, .status = 422});
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    SetStatementTags(tx, procedure.id, st.statement.id, *tags);
    Audit(tx, visitor, request, tenant.id, "statement.tags", "statement:" + std::to_string(st.statement.id),
          Joined(*tags, ", "), now);
  });
  return site::RedirectWithFlash(visitor, st.Here(), "procedures.backoffice.flash_saved");
}

http::Response PostSplit(Services& services, http::Request& request) {
  auto access = StatementAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& st = std::get<StatementTarget>(access);
  auto& [visitor, tenant, procedure] = st.target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::string marked = request.Form("sections");
  auto sections = SplitSections(st.statement.text, marked);
  if (!sections) {
    return ShowStatement(services, st, request, {.marked = marked, .errors = {sections.error()}, .status = 422});
  }
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    SplitStatement(tx, st.statement.id, *sections, now);
    Audit(tx, visitor, request, tenant.id, "statement.split", "statement:" + std::to_string(st.statement.id),
          std::to_string(sections->size()) + " Abschnitte", now);
  });
  return site::RedirectWithFlash(visitor, st.Here(), "procedures.backoffice.flash_split");
}

// Saves the responses of a statement's sections, or (button "insert" with a section position) shows the page again
// with the chosen text block appended to that section's response, without saving.
http::Response PostResponses(Services& services, http::Request& request) {
  auto access = StatementAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& st = std::get<StatementTarget>(access);
  auto& [visitor, tenant, procedure] = st.target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto sections = services.db.Read([&](db::Tx& tx) { return SectionsOf(tx, st.statement.id); });
  std::map<int, std::string> responses;
  std::vector<Error> errors;
  for (const auto& section : sections) {
    std::string field = "response-" + std::to_string(section.position);
    auto text = ValidateResponse(request.Form(field), field);
    if (!text) {
      errors.push_back(text.error());
      responses[section.position] = CutText(request.Form(field), kMaxResponseChars * 4, {}, kMaxResponseChars * 4);
    } else {
      responses[section.position] = *text;
    }
  }
  std::string insert = request.Form("insert");
  if (!insert.empty()) {
    std::int64_t position = -1;
    std::from_chars(insert.data(), insert.data() + insert.size(), position);
    auto block_id = ParseId(request.Form("block-" + insert));
    auto target = responses.find(static_cast<int>(position));
    if (target == responses.end() || !block_id) {
      errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.backoffice.choose_block"),
                        "block-" + (target == responses.end() ? std::to_string(sections.front().position) : insert)});
    } else {
      auto block = services.db.Read([&](db::Tx& tx) { return FindTextBlock(tx, tenant.id, *block_id); });
      if (!block) {
        errors.push_back({ErrorKind::kInvalid, T(services, visitor, "procedures.backoffice.choose_block"),
                          "block-" + insert});
      } else {
        if (!target->second.empty()) target->second += "\n\n";
        target->second += block->text;
      }
    }
    return ShowStatement(services, st, request,
                         {.responses = responses, .errors = errors, .status = errors.empty() ? 200 : 422});
  }
  if (!errors.empty()) {
    return ShowStatement(services, st, request, {.responses = responses, .errors = errors, .status = 422});
  }
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    SetResponses(tx, st.statement.id, responses, visitor.user()->id, now);
    Audit(tx, visitor, request, tenant.id, "statement.respond", "statement:" + std::to_string(st.statement.id),
          std::to_string(responses.size()) + " Abschnitte", now);
  });
  return site::RedirectWithFlash(visitor, st.Here(), "procedures.backoffice.flash_saved");
}

// --- text blocks ---

struct BlocksTarget {
  Visitor visitor;
  tenancy::Tenant tenant;
};

std::variant<BlocksTarget, http::Response> BlocksAccess(Services& services, const http::Request& request) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  bool may = services.db.Read([&](db::Tx& tx) { return MayWork(tx, *visitor.user(), tenant.id); });
  if (!may) {
    return site::ErrorResponse(services, request, 403, T(services, visitor, "procedures.backoffice.forbidden"));
  }
  return BlocksTarget{std::move(visitor), std::move(tenant)};
}

http::Response ShowBlocks(Services& services, BlocksTarget& target, const http::Request& request,
                          std::optional<TextBlock> editing, const TextBlockInput& values,
                          const std::vector<Error>& errors, int status) {
  auto& [visitor, tenant] = target;
  auto blocks = services.db.Read([&](db::Tx& tx) { return TextBlocksOf(tx, tenant.id); });
  std::string base = BlocksPath(tenant.slug);
  boost::json::array items;
  for (const auto& block : blocks) {
    items.push_back(boost::json::object{{"id", block.id},
                                        {"title", block.title},
                                        {"text", block.text},
                                        {"edit_href", base + "/" + std::to_string(block.id)},
                                        {"delete_action", base + "/" + std::to_string(block.id) + "/loeschen"},
                                        {"updated", site::FormatTime(block.updated_at, visitor.locale)}});
  }
  boost::json::object model{{"tenant", TenantModel(tenant)},
                            {"blocks", std::move(items)},
                            {"editing", editing.has_value()},
                            {"action", editing ? base + "/" + std::to_string(editing->id) : base},
                            {"new_href", base},
                            {"values", boost::json::object{{"title", values.title}, {"text", values.text}}}};
  site::AddErrors(model, errors);
  std::string title = T(services, visitor, "procedures.backoffice.blocks_title");
  return site::RenderPage(services, visitor, request, "procedures_backoffice_blocks", std::move(model),
                          errors.empty() ? title : T(services, visitor, "procedures.backoffice.error_prefix") + title,
                          {.status = status,
                           .tenant = &tenant,
                           .breadcrumbs = {{tenant.name, "/" + tenant.slug, true}, {title, ""}},
                           .scripts = {std::string(kUnsavedWarningScript)}});
}

http::Response GetBlocks(Services& services, http::Request& request) {
  auto access = BlocksAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  return ShowBlocks(services, std::get<BlocksTarget>(access), request, std::nullopt, {}, {}, 200);
}

// The tenant's block of the path parameter "bid", or nullopt.
std::optional<TextBlock> PathBlock(Services& services, const BlocksTarget& target, const http::Request& request) {
  auto id = ParseId(request.PathParam("bid"));
  if (!id) return std::nullopt;
  return services.db.Read([&](db::Tx& tx) { return FindTextBlock(tx, target.tenant.id, *id); });
}

http::Response GetBlock(Services& services, http::Request& request) {
  auto access = BlocksAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<BlocksTarget>(access);
  auto block = PathBlock(services, target, request);
  if (!block) {
    return site::ErrorResponse(services, request, 404, T(services, target.visitor, "procedures.backoffice.block_not_found"));
  }
  return ShowBlocks(services, target, request, block, {block->title, block->text}, {}, 200);
}

// Creates (no "bid") or updates a block.
http::Response PostBlock(Services& services, http::Request& request) {
  auto access = BlocksAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<BlocksTarget>(access);
  auto& [visitor, tenant] = target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  std::optional<TextBlock> existing;
  if (!request.PathParam("bid").empty()) {
    existing = PathBlock(services, target, request);
    if (!existing) {
      return site::ErrorResponse(services, request, 404, T(services, visitor, "procedures.backoffice.block_not_found"));
    }
  }
  TextBlockInput input{request.Form("title"), request.Form("text")};
  auto errors = ValidateTextBlock(input);
  if (!errors.empty()) return ShowBlocks(services, target, request, existing, input, errors, 422);
  db::UnixSeconds now = services.now();
  services.db.Write([&](db::Tx& tx) {
    std::int64_t id = existing ? existing->id : 0;
    if (existing) {
      UpdateTextBlock(tx, tenant.id, existing->id, input, now);
    } else {
      id = CreateTextBlock(tx, tenant.id, input, now).id;
    }
    Audit(tx, visitor, request, tenant.id, existing ? "procedure.text_block.update" : "procedure.text_block.create",
          "text_block:" + std::to_string(id), std::string(Trim(input.title)), now);
  });
  return site::RedirectWithFlash(visitor, BlocksPath(tenant.slug), "procedures.backoffice.flash_saved");
}

http::Response PostDeleteBlock(Services& services, http::Request& request) {
  auto access = BlocksAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<BlocksTarget>(access);
  auto& [visitor, tenant] = target;
  if (!site::CsrfValid(visitor, request)) return site::CsrfFailure(services, visitor, request);
  auto id = ParseId(request.PathParam("bid"));
  db::UnixSeconds now = services.now();
  bool deleted = id && services.db.Write([&](db::Tx& tx) {
    if (!DeleteTextBlock(tx, tenant.id, *id)) return false;
    Audit(tx, visitor, request, tenant.id, "procedure.text_block.delete", "text_block:" + std::to_string(*id), "",
          now);
    return true;
  });
  if (!deleted) {
    return site::ErrorResponse(services, request, 404, T(services, visitor, "procedures.backoffice.block_not_found"));
  }
  return site::RedirectWithFlash(visitor, BlocksPath(tenant.slug), "procedures.backoffice.flash_deleted");
}

// --- the weighing table ---

// The section's label in the table: "2/3", or "" for a statement that was not split.
std::string SectionNumber(const WeighingRow& row) {
  if (row.section.position == 0) return "";
  return std::to_string(row.section.position) + "/" + std::to_string(row.sections);
}

// The columns of the weighing table's files, in order; ExportRows gives a cell for each.
std::vector<SheetColumn> ExportColumns(const Services& services, std::string_view locale) {
  using Kind = SheetColumnKind;
  std::vector<SheetColumn> columns;
  for (auto [column, kind] : std::initializer_list<std::pair<std::string_view, Kind>>{{"reference", Kind::kShort},
                                                                                      {"received", Kind::kDateTime},
                                                                                      {"late", Kind::kShort},
                                                                                      {"written_form", Kind::kShort},
                                                                                      {"cluster", Kind::kName},
                                                                                      {"submitter", Kind::kName},
                                                                                      {"section", Kind::kShort},
                                                                                      {"text", Kind::kText},
                                                                                      {"response", Kind::kText},
                                                                                      {"tags", Kind::kName},
                                                                                      {"status", Kind::kShort}}) {
    columns.push_back({services.renderer.T(locale, "procedures.backoffice.column." + std::string(column)), kind});
  }
  return columns;
}
// Where ExportColumns puts what the PDF takes.
enum ExportColumn : std::size_t {
  kColumnReference = 0,
  kColumnSubmitter = 5,
  kColumnSection = 6,
  kColumnText = 7,
  kColumnResponse = 8,
  kColumnStatus = 10
};

// The name of each clustered statement's cluster (mass objection): its label, or "Gruppe 12".
std::map<std::int64_t, std::string> ClusterNames(const Services& services, std::string_view locale,
                                                 const std::vector<StatementCluster>& clusters) {
  std::map<std::int64_t, std::string> names;
  for (const auto& cluster : clusters) {
    std::string name = cluster.label.empty() ? services.renderer.T(std::string(locale), "procedures.clusters.unnamed",
                                                                   {{"id", std::to_string(cluster.id)}})
                                             : cluster.label;
    for (std::int64_t statement_id : cluster.statement_ids) names[statement_id] = name;
  }
  return names;
}

// What the weighing table's files are made of: the rows as read, and the clusters of the procedure.
struct ExportData {
  std::vector<WeighingRow> table;
  std::vector<StatementCluster> clusters;
};

std::vector<std::vector<SheetCell>> ExportRows(const Services& services, std::string_view locale,
                                               const Procedure& procedure, const ExportData& data) {
  std::string yes = services.renderer.T(std::string(locale), "procedures.backoffice.yes");
  std::string no = services.renderer.T(std::string(locale), "procedures.backoffice.no");
  auto clusters = ClusterNames(services, locale, data.clusters);
  std::vector<std::vector<SheetCell>> rows;
  for (const auto& row : data.table) {
    const Statement& statement = row.statement;
    auto cluster = clusters.find(statement.id);
    // "formgerecht": whether the channel meets the written form the procedure's law asks for (an e-mail or a case
    // worker's entry of one does not, model.hpp MeetsWrittenForm).
    bool written_form = MeetsWrittenForm(procedure.type, procedure.legal, statement.channel);
    rows.push_back({{statement.reference},
                    {site::FormatTime(statement.received_at, locale), statement.received_at},
                    {statement.late ? yes : no},
                    {written_form ? yes : no},
                    {cluster == clusters.end() ? std::string() : cluster->second},
                    {Submitter(statement)},
                    {SectionNumber(row)},
                    {row.section.excerpt},
                    {row.section.response},
                    {Joined(row.tags, ", ")},
                    {WorkStatusLabel(services, locale, row.status)}});
  }
  return rows;
}

std::vector<std::string> CellTexts(const std::vector<SheetCell>& cells) {
  std::vector<std::string> texts;
  for (const auto& cell : cells) texts.push_back(cell.text);
  return texts;
}

// The weighing PDF's cells (number, submitter, text, response, status): a mass objection's common text once, with
// its members' references (CombineClusterLines).
std::vector<std::vector<std::string>> WeighingPdfCells(const Services& services, std::string_view locale,
                                                       const ExportData& data,
                                                       const std::vector<std::vector<SheetCell>>& rows) {
  std::vector<PrintLine> lines;
  std::map<std::int64_t, std::int64_t> cluster_of;
  for (const auto& cluster : data.clusters) {
    for (std::int64_t statement_id : cluster.statement_ids) cluster_of[statement_id] = cluster.id;
  }
  for (std::size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
    const WeighingRow& source = data.table[row_idx];
    const auto& row = rows[row_idx];
    auto cluster = cluster_of.find(source.statement.id);
    std::string number =
        row[kColumnReference].text + (row[kColumnSection].text.empty() ? "" : " (" + row[kColumnSection].text + ")");
    lines.push_back(PrintLine{
        .statement_id = source.statement.id,
        .cluster_id = cluster == cluster_of.end() ? std::nullopt : std::optional<std::int64_t>(cluster->second),
        .whole = source.section.position == 0,
        .reference = number,
        .submitter = row[kColumnSubmitter].text,
        .text = row[kColumnText].text,
        .response = row[kColumnResponse].text,
        .status = row[kColumnStatus].text});
  }
  auto names = ClusterNames(services, locale, data.clusters);
  std::map<std::int64_t, std::string> cluster_names;
  for (const auto& cluster : data.clusters) {
    if (!cluster.statement_ids.empty()) cluster_names[cluster.id] = names[cluster.statement_ids.front()];
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& line : CombineClusterLines(lines)) {
    std::string submitter = line.submitter;
    std::string text = line.text;
    if (line.cluster_id) {
      submitter = services.renderer.T(
          std::string(locale), "procedures.backoffice.pdf_cluster",
          {{"name", cluster_names[*line.cluster_id]}, {"size", std::to_string(line.references.size())}});
      if (!line.own_wording.empty()) {
        text += "\n\n" + services.renderer.T(std::string(locale), "procedures.backoffice.pdf_own_wording",
                                             {{"references", Joined(line.own_wording, ", ")}});
      }
    }
    cells.push_back({Joined(line.references, ", "), submitter, text, line.response, line.status});
  }
  return cells;
}

std::string ExportFilename(std::int64_t procedure_id, std::string_view extension) {
  return "abwaegung-verfahren-" + std::to_string(procedure_id) + "." + std::string(extension);
}

http::Response Download(Visitor& visitor, std::string body, std::string content_type, const std::string& filename) {
  http::Response response;
  response.status = 200;
  response.body = std::move(body);
  response.SetHeader("Content-Type", std::move(content_type));
  response.SetHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  response.SetHeader("Cache-Control", "private, no-store");
  response.cookies = visitor.cookies;
  return response;
}

// The table and the clusters as read for an export, after recording the export in the audit log (one transaction).
ExportData ReadForExport(Services& services, Target& target, const http::Request& request, std::string_view format) {
  db::UnixSeconds now = services.now();
  return services.db.Write([&](db::Tx& tx) {
    ExportData data{WeighingTable(tx, target.procedure.id), ClustersOf(tx, target.procedure.id)};
    Audit(tx, target.visitor, request, target.tenant.id, "procedure.weighing.export",
          "procedure:" + std::to_string(target.procedure.id),
          std::string(format) + ": " + std::to_string(data.table.size()) +
              " Zeilen (Nummer, Eingang, Name, Organisation, Text, Abwägung)",
          now);
    return data;
  });
}

// The fingerprint of a table PDF: everything TablePdf is given (RenderedPdf keeps the PDF under it).
std::string TableKey(std::string_view kind, const std::string& title, const std::string& subtitle,
                     const std::vector<PdfColumn>& columns, const std::vector<std::vector<std::string>>& cells) {
  PdfFingerprint key(kind);
  key.Add(title).Add(subtitle);
  for (const auto& column : columns) {
    key.Add(column.header).Add(std::to_string(column.weight)).Add(column.keep_words ? "keep" : "");
  }
  for (const auto& row : cells) {
    key.Add(std::to_string(row.size()));
    for (const auto& cell : row) key.Add(cell);
  }
  return key.Hex();
}

http::Response ExportWeighing(Services& services, http::Request& request, std::string_view format) {
  auto access = BackofficeAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<Target>(access);
  auto& visitor = target.visitor;
  auto data = ReadForExport(services, target, request, format);
  auto columns = ExportColumns(services, visitor.locale);
  auto rows = ExportRows(services, visitor.locale, target.procedure, data);
  std::optional<std::string> body;
  std::string type;
  if (format == "csv") {
    std::vector<std::string> header;
    for (const auto& column : columns) header.push_back(column.header);
    std::vector<std::vector<std::string>> texts;
    for (const auto& row : rows) texts.push_back(CellTexts(row));
    body = TableCsv(header, texts);
    type = "text/csv; charset=utf-8";
  } else if (format == "xlsx") {
    body = TableXlsx(columns, rows, T(services, visitor, "procedures.backoffice.sheet_name"));
    type = std::string(kXlsxType);
  } else {
    // The PDF: number, submitter, section text, response, status. A reference is never broken across lines: its
    // column breaks lines between words only (a reference has no break opportunity: Unicode line breaking keeps a
    // hyphen with the digits after it) and is wide enough for "GRI-2026-00042 (2/3)". Hyphens stay plain hyphens so
    // that a reader's search finds the reference.
    std::vector<PdfColumn> pdf_columns{{columns[kColumnReference].header, 1.6, /*keep_words=*/true},
                                       {columns[kColumnSubmitter].header, 1.6},
                                       {columns[kColumnText].header, 4},
                                       {columns[kColumnResponse].header, 4},
                                       {columns[kColumnStatus].header, 1}};
    auto cells = WeighingPdfCells(services, visitor.locale, data, rows);
    std::string title = T(services, visitor, "procedures.backoffice.weighing_title");
    std::string subtitle = target.procedure.title + " – " + target.tenant.name;
    auto pdf = RenderedPdf(TableKey("weighing", title, subtitle, pdf_columns, cells),
                           [&] { return TablePdf(title, subtitle, pdf_columns, cells); });
    return PdfAnswer(services, request, visitor, pdf,
                     "attachment; filename=\"" + ExportFilename(target.procedure.id, format) + "\"",
                     "private, no-store");
  }
  if (!body) {
    return site::ErrorResponse(services, request, 500, T(services, visitor, "procedures.backoffice.export_failed"));
  }
  return Download(visitor, std::move(*body), type, ExportFilename(target.procedure.id, format));
}

// § 12 Abs. 2 der 9. BImSchV: the objections as forwarded to the applicant. Where the person asked for it, name and
// address are replaced by a note, and so are their occurrences in the text (the known personal data of the
// statement); withdrawn statements are left out. Audited.
http::Response ExportForApplicant(Services& services, http::Request& request) {
  auto access = BackofficeAccess(services, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  auto& target = std::get<Target>(access);
  auto& visitor = target.visitor;
  db::UnixSeconds now = services.now();
  auto statements = services.db.Write([&](db::Tx& tx) {
    auto all = StatementsOf(tx, target.procedure.id);
    std::erase_if(all, [](const Statement& statement) { return statement.withdrawn; });
    std::int64_t concealed = std::count_if(all.begin(), all.end(),
                                           [](const Statement& statement) { return statement.conceal_from_applicant; });
    Audit(tx, visitor, request, target.tenant.id, "procedure.applicant.export",
          "procedure:" + std::to_string(target.procedure.id),
          std::to_string(all.size()) + " Stellungnahmen, davon " + std::to_string(concealed) +
              " ohne Name und Anschrift (§ 12 Abs. 2 der 9. BImSchV)",
          now);
    return all;
  });
  std::vector<std::string> header;
  for (std::string_view column : {"reference", "received", "late", "name", "address", "text"}) {
    header.push_back(T(services, visitor, "procedures.backoffice.column." + std::string(column)));
  }
  const std::string concealed = T(services, visitor, "procedures.backoffice.concealed");
  std::string yes = T(services, visitor, "procedures.backoffice.yes");
  std::string no = T(services, visitor, "procedures.backoffice.no");
  std::vector<std::vector<std::string>> rows;
  for (const auto& statement : statements) {
    std::string name = statement.author_name.empty() ? statement.organisation_name : statement.author_name;
    std::string address = statement.author_address;
    std::string text = statement.text;
    if (statement.conceal_from_applicant) {
      auto spans = redaction::Suggest(text, {statement.author_name, statement.author_address, statement.author_email});
      std::erase_if(spans, [](const redaction::Span& span) { return span.kind != redaction::Kind::kKnown; });
      text = redaction::Apply(text, spans);
      name = concealed;
      address = address.empty() ? std::string() : concealed;
    }
    rows.push_back({statement.reference, site::FormatTime(statement.received_at, visitor.locale),
                    statement.late ? yes : no, name, address, text});
  }
  return Download(visitor, TableCsv(header, rows), "text/csv; charset=utf-8",
                  "einwendungen-antragstellerin-verfahren-" + std::to_string(target.procedure.id) + ".csv");
}

http::Response ExportCsv(Services& services, http::Request& request) { return ExportWeighing(services, request, "csv"); }
http::Response ExportXlsx(Services& services, http::Request& request) {
  return ExportWeighing(services, request, "xlsx");
}
http::Response ExportPdf(Services& services, http::Request& request) { return ExportWeighing(services, request, "pdf"); }

// --- the published result ---

// What the published result shows of an excerpt: nothing (`hidden`) unless the statement was published in the
// redaction review; then the excerpt with the blackouts made in the review, found where the excerpt stands in the
// original text (an excerpt that is not found is hidden too).
std::string PublishedExcerpt(const Statement& statement, const std::string& excerpt,
                             const std::map<std::int64_t, Publication>& publications, const std::string& hidden) {
  auto found = publications.find(statement.id);
  if (found == publications.end() || found->second.state != PublicationState::kPublished || excerpt.empty()) {
    return hidden;
  }
  std::size_t at = statement.text.find(excerpt);
  if (at == std::string::npos) return hidden;
  return redaction::Apply(excerpt, redaction::Within(found->second.spans, at, at + excerpt.size()));
}

// The weighing table as the public sees it, in German (the language of the publication): a number per statement,
// "Privatperson" or a named organisation, the excerpt only if the statement was published in the redaction review,
// the response with known personal data blacked out. Statements received after the decision are stored and flagged
// but never enter a published result.
std::vector<ResultRow> BuildResultRows(const Services& services, db::Tx& tx, const Procedure& procedure) {
  const std::string locale = "de";
  auto publications = PublicationsOf(tx, procedure.id);
  const std::string hidden = services.renderer.T(locale, "procedures.redaction.excerpt_hidden");
  std::vector<ResultRow> rows;
  int number = 0;
  std::int64_t last_statement = 0;
  for (const auto& row : WeighingTable(tx, procedure.id)) {
    if (ReceivedAfterDecision(procedure, row.statement)) continue;
    if (row.statement.id != last_statement) ++number;
    last_statement = row.statement.id;
    auto known = KnownPersonalData(row.statement);
    std::string section = SectionNumber(row);
    // The authority's response stays; only personal data known of the statement (and the like) is blacked out in
    // it, not health words, which a response uses in general terms.
    auto response_spans = redaction::Suggest(row.section.response, known);
    std::erase_if(response_spans, [](const redaction::Span& span) { return span.kind == redaction::Kind::kHealth; });
    rows.push_back(ResultRow{std::to_string(number) + (section.empty() ? "" : " (" + section + ")"),
                             PublicSubmitter(services, locale, row.statement),
                             PublishedExcerpt(row.statement, row.section.excerpt, publications, hidden),
                             redaction::Apply(row.section.response, response_spans)});
  }
  return rows;
}

// The published result of a procedure in the version asked for ("?fassung=N", else the latest), with every version
// for the list, or the 404 to answer. A result published before versions were stored is frozen at its first view.
struct PublishedResultView {
  Entered entered;
  Procedure procedure;
  std::vector<ResultVersion> versions;
  const ResultVersion* shown = nullptr;
};

std::variant<PublishedResultView, http::Response> PublishedResult(Services& services, const http::Request& request) {
  auto entered = Enter(services, request, Login::kOptional);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& state = std::get<Entered>(entered);
  auto id = ParseId(request.PathParam("id"));
  auto not_found = [&] {
    return site::ErrorResponse(services, request, 404,
                               T(services, state.visitor, "procedures.backoffice.result_not_found"));
  };
  auto found = services.db.Read([&](db::Tx& tx) -> std::optional<std::pair<Procedure, std::vector<ResultVersion>>> {
    auto procedure = id ? Find(tx, *id) : std::nullopt;
    if (!procedure || procedure->tenant_id != state.tenant.id || !IsPublic(procedure->phase) ||
        !procedure->result_published) {
      return std::nullopt;
    }
    return std::pair{*procedure, ResultVersions(tx, procedure->id)};
  });
  if (!found) return not_found();
  if (found->second.empty()) {
    found->second = services.db.Write([&](db::Tx& tx) {
      FreezeResult(tx, found->first.id, BuildResultRows(services, tx, found->first), std::nullopt, services.now());
      return ResultVersions(tx, found->first.id);
    });
  }
  PublishedResultView view{std::move(state), std::move(found->first), std::move(found->second), nullptr};
  if (view.versions.empty()) return not_found();
  view.shown = &view.versions.back();
  if (std::string wanted = request.Query("fassung"); !wanted.empty()) {
    auto number = ParseId(wanted);
    view.shown = nullptr;
    for (const auto& version : view.versions) {
      if (number && version.version == *number) view.shown = &version;
    }
    if (!view.shown) return not_found();
  }
  return view;
}

std::string ResultVersionLabel(const Services& services, const Visitor& visitor, const ResultVersion& version) {
  return T(services, visitor, "procedures.backoffice.result_version",
           {{"version", std::to_string(version.version)},
            {"date", DateLabel(LocalDate(version.published_at), visitor.locale)}});
}

http::Response GetResult(Services& services, http::Request& request) {
  auto result = PublishedResult(services, request);
  if (auto* response = std::get_if<http::Response>(&result)) return std::move(*response);
  auto& view = std::get<PublishedResultView>(result);
  auto& [visitor, tenant] = view.entered;
  const Procedure& procedure = view.procedure;
  const ResultVersion& shown = *view.shown;
  boost::json::array items;
  for (const auto& row : shown.rows) {
    items.push_back(boost::json::object{{"number", row.number},
                                        {"submitter", row.submitter},
                                        {"excerpt", row.excerpt},
                                        {"response", row.response}});
  }
  std::string path = ProcedurePath(tenant.slug, procedure.id);
  boost::json::array versions;
  for (auto version = view.versions.rbegin(); version != view.versions.rend(); ++version) {
    versions.push_back(boost::json::object{
        {"label", ResultVersionLabel(services, visitor, *version)},
        {"href", path + "/ergebnis?fassung=" + std::to_string(version->version)},
        {"current", version->version == shown.version}});
  }
  bool latest = shown.version == view.versions.back().version;
  std::string pdf_href = path + "/ergebnis.pdf" + (latest ? "" : "?fassung=" + std::to_string(shown.version));
  boost::json::object model{{"tenant", TenantModel(tenant)},
                            {"procedure", ProcedureModel(services, visitor.locale, procedure, tenant)},
                            {"rows", std::move(items)},
                            {"has_rows", !shown.rows.empty()},
                            {"version_label", ResultVersionLabel(services, visitor, shown)},
                            {"superseded", !latest},
                            {"latest_href", path + "/ergebnis"},
                            {"versions", std::move(versions)},
                            {"has_versions", view.versions.size() > 1},
                            {"pdf_href", pdf_href}};
  std::string title = T(services, visitor, "procedures.backoffice.result_title");
  return site::RenderPage(
      services, visitor, request, "procedures_backoffice_result", std::move(model), title,
      {.tenant = &tenant,
       .breadcrumbs = {{tenant.name, "/" + tenant.slug, true}, {procedure.title, path, true}, {title, ""}}});
}

http::Response GetResultPdf(Services& services, http::Request& request) {
  auto result = PublishedResult(services, request);
  if (auto* response = std::get_if<http::Response>(&result)) return std::move(*response);
  auto& view = std::get<PublishedResultView>(result);
  auto& [visitor, tenant] = view.entered;
  const Procedure& procedure = view.procedure;
  std::vector<PdfColumn> columns{{T(services, visitor, "procedures.backoffice.column.number"), 0.8},
                                 {T(services, visitor, "procedures.backoffice.column.submitter"), 1.4},
                                 {T(services, visitor, "procedures.backoffice.column.text"), 4},
                                 {T(services, visitor, "procedures.backoffice.column.response"), 4}};
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : view.shown->rows) cells.push_back({row.number, row.submitter, row.excerpt, row.response});
  std::string title = T(services, visitor, "procedures.backoffice.result_title");
  std::string subtitle =
      procedure.title + " – " + tenant.name + " – " + ResultVersionLabel(services, visitor, *view.shown);
  // Rendered once per version and language (the key is the frozen content), and only in a free render slot.
  auto pdf = RenderedPdf(TableKey("result", title, subtitle, columns, cells),
                         [&] { return TablePdf(title, subtitle, columns, cells); });
  return PdfAnswer(services, request, visitor, pdf,
                   "inline; filename=\"abwaegung-verfahren-" + std::to_string(procedure.id) + "-fassung-" +
                       std::to_string(view.shown->version) + ".pdf\"",
                   "no-cache");
}

}  // namespace

void RegisterBackofficeRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // Small forms; the split form carries the statement's text (up to 100,000 characters of up to four bytes); the
  // responses form up to kMaxSections responses.
  http::RouteOptions form{.body_limit = 64 * 1024, .field_limit = 64 * 1024};
  // The large ones only from the back office: everyone else is refused before the body is read.
  http::RouteOptions split{
      .body_limit = 512 * 1024, .field_limit = 480 * 1024, .before_body = site::FormGate(services, MayWorkInPathTenant())};
  http::RouteOptions responses{.body_limit = 2 * 1024 * 1024,
                               .field_limit = 96 * 1024,
                               .before_body = site::FormGate(services, MayWorkInPathTenant())};

  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bearbeitung", bind(GetInbox));
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/ergebnis", bind(PostPublishResult), form);
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/sammelaktion", bind(PostBulk), form);
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bearbeitung/abwaegung.csv", bind(ExportCsv));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bearbeitung/antragstellerin.csv", bind(ExportForApplicant));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bearbeitung/abwaegung.xlsx", bind(ExportXlsx));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bearbeitung/abwaegung.pdf", bind(ExportPdf));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/bearbeitung/{sid}", bind(GetStatement));
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/{sid}/stand", bind(PostWork), form);
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/{sid}/frist", bind(PostLate), form);
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/{sid}/schlagworte", bind(PostTags), form);
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/{sid}/abschnitte", bind(PostSplit), split);
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/{sid}/abwaegung", bind(PostResponses), responses);
  router.Add(Method::kPost, "/{tenant}/verfahren/{id}/bearbeitung/{sid}/veroeffentlichung", bind(PostPublication),
             split);
  router.Add(Method::kGet, "/{tenant}/verfahren/textbausteine", bind(GetBlocks));
  router.Add(Method::kPost, "/{tenant}/verfahren/textbausteine", bind(PostBlock), form);
  router.Add(Method::kGet, "/{tenant}/verfahren/textbausteine/{bid}", bind(GetBlock));
  router.Add(Method::kPost, "/{tenant}/verfahren/textbausteine/{bid}", bind(PostBlock), form);
  router.Add(Method::kPost, "/{tenant}/verfahren/textbausteine/{bid}/loeschen", bind(PostDeleteBlock), form);
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/ergebnis", bind(GetResult));
  router.Add(Method::kGet, "/{tenant}/verfahren/{id}/ergebnis.pdf", bind(GetResultPdf));
}

void RespondToStatements(db::Tx& tx, std::int64_t procedure_id, const std::vector<std::int64_t>& statement_ids,
                         const std::string& text, const accounts::User& actor, db::UnixSeconds now) {
  std::vector<std::string> references;
  std::optional<std::int64_t> tenant_id;
  for (std::int64_t id : statement_ids) {
    auto statement = FindStatement(tx, id);
    if (!statement || statement->procedure_id != procedure_id) continue;
    tenant_id = statement->tenant_id;
    std::map<int, std::string> responses;
    for (const auto& section : SectionsOf(tx, id)) responses[section.position] = text;
    SetResponses(tx, id, responses, actor.id, now);
    tx.Exec("INSERT INTO procedure_statement_work (statement_id, status, updated_by, updated_at) VALUES (?, 'done', ?, "
            "?) ON CONFLICT (statement_id) DO UPDATE SET status = 'done', updated_by = excluded.updated_by, "
            "updated_at = excluded.updated_at",
            {id, actor.id, now});
    references.push_back(statement->reference);
  }
  if (references.empty()) return;
  audit::Record(tx,
                {.actor_user_id = actor.id,
                 .actor_label = actor.email,
                 .tenant_id = tenant_id,
                 .action = "statement.respond",
                 .object = "procedure:" + std::to_string(procedure_id),
                 .detail = "Gemeinsame Abwägung für " + std::to_string(references.size()) +
                           " Stellungnahmen: " + Joined(references, ", ")},
                now);
}

void LoadBackofficeDemo(db::Database& db, db::UnixSeconds now) {
  struct DemoBlock {
    std::string_view title;
    std::string_view text;
  };
  const std::map<std::string_view, std::vector<DemoBlock>> blocks{
      {"grimma",
       {{"Hinweis zur Kenntnis genommen",
         "Der Hinweis wird zur Kenntnis genommen. Er betrifft nicht den Regelungsinhalt des Bebauungsplans."},
        {"Berücksichtigt: Grünzug",
         "Der Anregung wird gefolgt. Der Grünzug entlang des Mühlgrabens wird auf 15 m verbreitert."},
        {"Nicht berücksichtigt: Verkehr",
         "Der Anregung wird nicht gefolgt. Das Verkehrsgutachten zeigt, dass die Leipziger Straße den zusätzlichen "
         "Verkehr aufnehmen kann."}}},
      {"landesdirektion",
       {{"Schall: Richtwerte eingehalten",
         "Die Einwendung wird zurückgewiesen. Das Schallgutachten weist nach, dass die Immissionsrichtwerte der TA "
         "Lärm an allen maßgeblichen Immissionsorten eingehalten werden; eine Nebenbestimmung sichert die "
         "Abnahmemessung."},
        {"Artenschutz: Abschaltzeiten",
         "Der Einwendung wird teilweise gefolgt. Zum Schutz von Fledermäusen werden Abschaltzeiten als "
         "Nebenbestimmung festgesetzt."}}},
  };
  db.Write([&](db::Tx& tx) {
    for (const auto& [slug, items] : blocks) {
      auto tenant = tenancy::FindBySlug(tx, slug);
      if (!tenant || !TextBlocksOf(tx, tenant->id).empty()) continue;  // loaded before
      for (const auto& block : items) {
        CreateTextBlock(tx, tenant->id, {std::string(block.title), std::string(block.text)}, now);
      }
    }
  });

  // Work on the demo statements (another part loads them before): some in progress with tags, some answered.
  const std::vector<std::pair<std::string_view, std::vector<std::string>>> procedures{
      {"landesdirektion", {"Lärm", "Artenschutz", "Landschaftsbild"}},
      {"grimma", {"Verkehr", "Grünzug"}},
      {"sachsen", {"Beteiligung"}}};
  db.Write([&](db::Tx& tx) {
    for (const auto& [slug, tag_names] : procedures) {
      auto tenant = tenancy::FindBySlug(tx, slug);
      if (!tenant) continue;
      auto blocks_of = TextBlocksOf(tx, tenant->id);
      for (const auto& procedure : List(tx, {.tenant_id = tenant->id, .public_only = false, .limit = 100})) {
        auto statements = StatementsOf(tx, procedure.id);
        if (statements.empty() || !TagsOfProcedure(tx, procedure.id).empty()) continue;  // none, or loaded before
        std::int64_t index = 0;
        for (const auto& statement : statements) {
          if (statement.withdrawn) continue;
          ++index;
          SetStatementTags(tx, procedure.id, statement.id, {tag_names[index % tag_names.size()]});
          if (index % 3 == 1) {
            std::string response = blocks_of.empty() ? std::string("Die Stellungnahme wird zur Kenntnis genommen.")
                                                      : blocks_of[index % blocks_of.size()].text;
            std::map<int, std::string> responses;
            for (const auto& section : SectionsOf(tx, statement.id)) responses[section.position] = response;
            SetResponses(tx, statement.id, responses, std::nullopt, now);
            SetWork(tx, statement.id, WorkStatus::kDone, std::nullopt, std::nullopt, now);
          } else if (index % 3 == 2) {
            SetWork(tx, statement.id, WorkStatus::kInProgress, std::nullopt, std::nullopt, now);
          }
        }
        if (procedure.phase == Phase::kDecided) {
          // The decided consultation: every statement answered and the result published.
          for (const auto& statement : statements) {
            if (statement.withdrawn) continue;
            std::map<int, std::string> responses;
            for (const auto& section : SectionsOf(tx, statement.id)) {
              if (section.response.empty()) {
                responses[section.position] =
                    "Die Anregung wurde geprüft; der Gesetzentwurf sieht die Veröffentlichung im Internet vor.";
              }
            }
            SetResponses(tx, statement.id, responses, std::nullopt, now);
            SetWork(tx, statement.id, WorkStatus::kDone, std::nullopt, std::nullopt, now);
          }
          // Published here without a frozen version: the first view of the result freezes it as version 1
          // (as for results published before migration 0215). Correcting it in the back office adds version 2.
          SetResultPublished(tx, procedure.id, true, now);
          if (procedure.decided_at && now > *procedure.decided_at) {
            // A statement that arrived after the decision: stored and flagged, never in a published result.
            Statement after = Submit(tx, procedure,
                                     {.input = {.text = "Ich habe erst aus der Zeitung von dem Gesetz erfahren und "
                                                        "möchte noch anregen, die Fristen zu verlängern.",
                                                .name = "Rudi Nachzügler",
                                                .address = "Bahnhofstraße 3, 01067 Dresden"},
                                      .channel = Channel::kMail,
                                      .received_at = now},
                                     now);
            (void)after;
          }
        }
      }
    }
  });
}

}  // namespace mw::procedures
