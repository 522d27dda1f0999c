// What the parts of the procedures format share: permissions, paths, labels, the visitor and procedure of a path,
// the API's JSON shapes and problem answers.
#include <charconv>

#include "formats/procedures/handlers.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {
namespace {

using site::Services;

http::Response Problem(int status, std::string_view title, std::string_view detail,
                       const std::vector<Error>& errors = {}) {
  boost::json::object body{{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
  if (!errors.empty()) {
    boost::json::array list;
    for (const auto& error : errors) {
      list.push_back(boost::json::object{{"field", error.field}, {"message", error.message}});
    }
    body["errors"] = std::move(list);
  }
  auto response = http::Response::Json(status, boost::json::serialize(body));
  response.SetHeader("Content-Type", "application/problem+json");
  return response;
}

}  // namespace

bool MayEdit(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id) {
  return user.is_platform_admin || accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kEditor) ||
         accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kAdmin);
}

bool MayWork(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id) {
  return MayEdit(tx, user, tenant_id) || accounts::HasRole(tx, user.id, tenant_id, accounts::Role::kCaseWorker);
}

site::Permission MayEditInPathTenant() {
  return site::HasTenantRole({accounts::Role::kEditor, accounts::Role::kAdmin});
}

site::Permission MayWorkInPathTenant() {
  return site::HasTenantRole({accounts::Role::kEditor, accounts::Role::kAdmin, accounts::Role::kCaseWorker});
}

site::Permission MayEditPathProcedure() {
  return [](db::Tx& tx, const accounts::User& user, const http::Request& request) {
    auto id = ParseId(request.PathParam("id"));
    auto procedure = id ? Find(tx, *id) : std::nullopt;
    return procedure && MayEdit(tx, user, procedure->tenant_id);
  };
}

std::string ProcedurePath(std::string_view tenant_slug, std::int64_t id) {
  return "/" + std::string(tenant_slug) + "/verfahren/" + std::to_string(id);
}

std::optional<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

law::Date Today(const Services& services) { return LocalDate(services.now()); }

std::string TypeLabel(const Services& services, std::string_view locale, Type type) {
  return services.renderer.T(locale, "procedures.type." + std::string(TypeName(type)));
}

std::string StatusLabel(const Services& services, std::string_view locale, Status status) {
  return services.renderer.T(locale, "procedures.status." + std::string(StatusName(status)));
}

std::string DateLabel(law::Date date, std::string_view locale) {
  return locale == "en" ? law::FormatIso(date) : law::FormatGerman(date);
}

std::string T(const Services& services, const site::Visitor& visitor, std::string_view key,
              const std::map<std::string, std::string>& args) {
  return services.renderer.T(visitor.locale, key, args);
}

boost::json::array JsonLines(const std::vector<std::string>& lines) {
  boost::json::array out;
  for (const auto& line : lines) out.push_back(boost::json::string(line));
  return out;
}

std::variant<Entered, http::Response> Enter(Services& services, const http::Request& request, Login login) {
  site::Visitor visitor = site::ResolveVisitor(services, request);
  if (login == Login::kRequired && !visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto tenant = services.db.Read([&](db::Tx& tx) { return tenancy::FindBySlug(tx, request.PathParam("tenant")); });
  if (!tenant) {
    return site::ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "error.unknown_tenant"));
  }
  return Entered{std::move(visitor), std::move(*tenant)};
}

std::variant<Procedure, http::Response> ProcedureOf(Services& services, const site::Visitor& visitor,
                                                    const http::Request& request, const tenancy::Tenant& tenant) {
  auto id = ParseId(request.PathParam("id"));
  std::optional<Procedure> procedure;
  if (id) {
    procedure = services.db.Read([&](db::Tx& tx) -> std::optional<Procedure> {
      auto found = Find(tx, *id);
      if (!found || found->tenant_id != tenant.id) return std::nullopt;
      if (IsPublic(found->phase)) return found;
      const accounts::User* user = visitor.user();
      if (user && MayWork(tx, *user, tenant.id)) return found;
      return std::nullopt;
    });
  }
  if (!procedure) {
    return site::ErrorResponse(services, request, 404, services.renderer.T(visitor.locale, "procedures.not_found"));
  }
  return *procedure;
}

std::variant<BackofficeTarget, http::Response> EnterBackoffice(Services& services, const http::Request& request,
                                                               std::string_view forbidden_key) {
  auto entered = Enter(services, request, Login::kRequired);
  if (auto* response = std::get_if<http::Response>(&entered)) return std::move(*response);
  auto& [visitor, tenant] = std::get<Entered>(entered);
  auto id = ParseId(request.PathParam("id"));
  auto found = services.db.Read([&](db::Tx& tx) -> std::variant<Procedure, int> {
    if (!MayWork(tx, *visitor.user(), tenant.id)) return 403;
    auto procedure = id ? Find(tx, *id) : std::nullopt;
    if (!procedure || procedure->tenant_id != tenant.id) return 404;
    return *procedure;
  });
  if (auto* status = std::get_if<int>(&found)) {
    return site::ErrorResponse(services, request, *status,
                               T(services, visitor, *status == 403 ? forbidden_key : "procedures.not_found"));
  }
  return BackofficeTarget{std::move(visitor), std::move(tenant), std::get<Procedure>(found)};
}

std::optional<Found> FindVisible(Services& services, const accounts::User* user, std::int64_t id) {
  return services.db.Read([&](db::Tx& tx) -> std::optional<Found> {
    auto procedure = Find(tx, id);
    if (!procedure) return std::nullopt;
    if (!IsPublic(procedure->phase) && !(user && MayWork(tx, *user, procedure->tenant_id))) return std::nullopt;
    auto tenant = tenancy::FindById(tx, procedure->tenant_id);
    if (!tenant) return std::nullopt;
    return Found{std::move(*procedure), std::move(*tenant)};
  });
}

boost::json::array AnnouncementVersionLinks(const std::vector<AnnouncementVersion>& versions,
                                            const std::string& procedure_base, std::string_view locale) {
  boost::json::array links;
  for (const auto& version : versions) {
    links.push_back(boost::json::object{{"version", version.version},
                                        {"date", site::FormatTime(version.published_at, locale)},
                                        {"href", procedure_base + "/bekanntmachung/" + std::to_string(version.version)},
                                        {"correction", version.version > 1}});
  }
  return links;
}

boost::json::object ProcedureJson(const Services& services, const Procedure& procedure,
                                  const tenancy::Tenant& tenant) {
  boost::json::object out{
      {"id", procedure.id},
      {"tenant", tenant.slug},
      {"tenant_name", tenant.name},
      {"type", TypeName(procedure.type)},
      {"title", procedure.title},
      {"description", procedure.description},
      {"applicant", procedure.applicant},
      {"ied", procedure.ied},
      {"uvp", procedure.uvp},
      {"phase", PhaseName(procedure.phase)},
      {"status", StatusName(procedure.StatusOn(Today(services)))},
      {"announcement_date", procedure.announcement ? boost::json::value(law::FormatIso(*procedure.announcement))
                                                   : boost::json::value(nullptr)},
      {"display_start", law::FormatIso(procedure.display_start)},
      {"display_end", law::FormatIso(procedure.display_end)},
      {"objection_end", law::FormatIso(procedure.objection_end)},
      {"explanation", JsonLines(procedure.explanation)},
      {"warnings", JsonLines(procedure.warnings)},
      {"documents_location", procedure.documents_location},
      {"hearing_at", procedure.hearing_at ? boost::json::value(*procedure.hearing_at) : boost::json::value(nullptr)},
      {"hearing_place", procedure.hearing_place},
      {"publish_statements", procedure.publish_statements},
      {"published_at",
       procedure.published_at ? boost::json::value(*procedure.published_at) : boost::json::value(nullptr)},
      {"decided_at", procedure.decided_at ? boost::json::value(*procedure.decided_at) : boost::json::value(nullptr)},
      {"decision",
       procedure.decided_at
           ? boost::json::value{{"outcome", OutcomeName(procedure.decision_outcome)},
                                {"text", procedure.decision_text},
                                {"remedies", procedure.decision_remedies},
                                {"conditions", procedure.decision_conditions}}
           : boost::json::value(nullptr)},
      {"url", services.config.base_url + ProcedurePath(tenant.slug, procedure.id)},
      {"plan_type", procedure.legal.plan_type},
      {"environmental_info", procedure.legal.environmental_info},
      {"site", procedure.legal.site},
      {"installation", procedure.legal.installation},
      {"operation_start", procedure.legal.operation_start},
      {"reports", procedure.legal.reports},
      {"cross_border", procedure.legal.cross_border},
      {"repeated", procedure.legal.repeated},
      {"repeated_scope", procedure.legal.repeated_scope},
      {"repeat_reason", procedure.legal.repeat_reason},
      {"online_objection_basis", procedure.legal.online_objection_basis},
      {"online_submissions", TakesOnlineSubmissions(procedure.type, procedure.legal)},
      {"shortened_objection_end", procedure.legal.shortened_objection_end
                                      ? boost::json::value(law::FormatIso(*procedure.legal.shortened_objection_end))
                                      : boost::json::value(nullptr)},
      {"last_announcement_date", procedure.legal.last_announcement
                                     ? boost::json::value(law::FormatIso(*procedure.legal.last_announcement))
                                     : boost::json::value(nullptr)},
      {"filing_municipality", procedure.legal.filing_municipality},
      {"filing_ags", procedure.legal.filing_ags},
  };
  if (!procedure.geometry.empty()) {
    boost::system::error_code ec;
    auto geometry = boost::json::parse(procedure.geometry, ec);
    out["geometry"] = ec ? boost::json::value(nullptr) : geometry;
  } else {
    out["geometry"] = nullptr;
  }
  return out;
}

namespace {

// "Mittwoch, 20.01.2027" / "Wednesday, 2027-01-20".
std::string DayLabel(const Services& services, std::string_view locale, law::Date day) {
  const std::string weekday = services.renderer.T(
      std::string(locale), "time.weekday_" + std::to_string(static_cast<int>(law::WeekdayOf(day))), {});
  return services.renderer.T(std::string(locale), "procedures.public.day",
                             {{"weekday", weekday}, {"date", DateLabel(day, locale)}});
}

// #14 item 2: the deadline in front — the day with weekday and the hour, the days left, and what the end means.
void AddDeadline(const Services& services, std::string_view locale, const Procedure& procedure, Status status,
                 boost::json::object& out) {
  auto t = [&](std::string_view key, const std::map<std::string, std::string>& args = {}) {
    return services.renderer.T(std::string(locale), std::string(key), args);
  };
  const std::string end_day = DayLabel(services, locale, procedure.objection_end);
  out["deadline_label"] = t("procedures.public.deadline_at", {{"day", end_day}});
  if (status == Status::kParticipation) {
    const int days = law::DaysBetween(Today(services), procedure.objection_end) + 1;
    out["days_left"] = days <= 1 ? t("procedures.public.last_day")
                                 : t("procedures.public.days_left", {{"n", std::to_string(days)}});
  }
  if (status == Status::kAnnounced) {
    out["submit_from"] = t(TakesObjections(procedure.type) ? "procedures.public.objections_from"
                                                           : "procedures.public.statements_from",
                           {{"day", DayLabel(services, locale, procedure.display_start)}});
  }
  if (status == Status::kAnnounced || status == Status::kParticipation) {
    // What the end of the period means, in plain words, before it comes.
    if (procedure.type == Type::kBimschg) {
      out["consequence"] = t("procedures.public.consequence_preclusion", {{"basis", "§ 10 Abs. 3 Satz 9 BImSchG"}});
    } else if (procedure.type == Type::kVwvfg73) {
      out["consequence"] = t("procedures.public.consequence_preclusion", {{"basis", "§ 73 Abs. 4 Satz 3 VwVfG"}});
    } else if (procedure.type == Type::kBaugb32 || procedure.type == Type::kBaugb42) {
      out["consequence"] = t("procedures.public.consequence_late_baugb");
    }
  }
  if (status == Status::kEvaluation || status == Status::kHearing || status == Status::kDecided ||
      status == Status::kArchived) {
    out["ended_label"] = t("procedures.public.period_ended", {{"day", end_day}});
  }
}

}  // namespace

boost::json::object ProcedureModel(const Services& services, std::string_view locale, const Procedure& procedure,
                                   const tenancy::Tenant& tenant) {
  Status status = procedure.StatusOn(Today(services));
  boost::json::object out{
      {"id", procedure.id},
      {"href", ProcedurePath(tenant.slug, procedure.id)},
      {"tenant_slug", tenant.slug},
      {"tenant_name", tenant.name},
      {"type", TypeName(procedure.type)},
      {"type_label", TypeLabel(services, locale, procedure.type)},
      {"title", procedure.title},
      {"description", procedure.description},
      {"applicant", procedure.applicant},
      {"ied", procedure.ied},
      {"uvp", procedure.uvp},
      {"status", StatusName(status)},
      {"status_label", StatusLabel(services, locale, status)},
      {"open", status == Status::kParticipation},
      {"display_start", DateLabel(procedure.display_start, locale)},
      {"display_end", DateLabel(procedure.display_end, locale)},
      {"objection_end", DateLabel(procedure.objection_end, locale)},
      {"display_start_iso", law::FormatIso(procedure.display_start)},
      {"objection_end_iso", law::FormatIso(procedure.objection_end)},
      {"takes_objections", TakesObjections(procedure.type)},
      {"requires_name_and_address", RequiresNameAndAddress(procedure.type)},
      {"documents_location", procedure.documents_location},
      {"has_hearing", procedure.hearing_at.has_value()},
      {"hearing_at", procedure.hearing_at ? site::FormatTime(*procedure.hearing_at, locale) : std::string()},
      {"hearing_place", procedure.hearing_place},
      {"decision_text", procedure.decision_text},
      {"explanation", JsonLines(procedure.explanation)},
  };
  AddDeadline(services, locale, procedure, status, out);
  return out;
}

std::variant<boost::json::object, http::Response> JsonBody(Services& /*services*/, const http::Request& request) {
  boost::system::error_code error;
  auto value = boost::json::parse(request.body, error);
  if (error || !value.is_object()) {
    return Problem(400, "Ungültige Anfrage", "Der Inhalt muss ein JSON-Objekt mit den beschriebenen Feldern sein.");
  }
  return std::move(value.as_object());
}

http::Response ApiError(const Error& error) {
  int status = site::StatusFor(error.kind);
  if (status == 400 && !error.field.empty()) status = 422;
  std::string_view title = status == 404   ? "Nicht gefunden"
                           : status == 409 ? "Konflikt"
                           : status == 403 ? "Nicht erlaubt"
                           : status == 401 ? "Nicht angemeldet"
                           : status == 413 ? "Zu groß"
                                           : "Ungültige Angaben";
  return Problem(status, title, error.message, error.field.empty() ? std::vector<Error>{} : std::vector<Error>{error});
}

http::Response ApiInvalid(const std::vector<Error>& errors) {
  return Problem(422, "Ungültige Angaben", errors.empty() ? "Die Angaben sind ungültig." : errors.front().message,
                 errors);
}

http::Response ApiUnauthorized() {
  auto response = Problem(401, "Nicht angemeldet",
                          "Bitte senden Sie ein gültiges persönliches API-Token als Authorization: Bearer.");
  response.SetHeader("WWW-Authenticate", "Bearer");
  return response;
}

http::Response PdfAnswer(site::Services& services, const http::Request& request, const site::Visitor& visitor,
                         const PdfResult& pdf, const std::string& disposition, const std::string& cache_control) {
  if (pdf.status == PdfStatus::kBusy) {
    auto response = site::ErrorResponse(services, request, 503, T(services, visitor, "procedures.pdf_busy"));
    response.SetHeader("Retry-After", std::to_string(kPdfRetryAfterSeconds));
    response.cookies = visitor.cookies;
    return response;
  }
  if (pdf.status == PdfStatus::kFailed || !pdf.bytes) {
    return site::ErrorResponse(services, request, 500, T(services, visitor, "procedures.pdf_failed"));
  }
  http::Response response{.status = 200, .body = *pdf.bytes};
  response.SetHeader("Content-Type", "application/pdf");
  response.SetHeader("Content-Disposition", disposition);
  response.SetHeader("Cache-Control", cache_control);
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.cookies = visitor.cookies;
  return response;
}

std::optional<std::string> StringField(const boost::json::object& body, std::string_view key) {
  auto* value = body.if_contains(key);
  if (!value || value->is_null()) return std::string();
  if (!value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

}  // namespace mw::procedures
