// The petitions' data: the committee's export of the signature list (CSV for German Excel, XLSX) and its page, open
// data of all public petitions, confirmed signatures per postcode region (page with chart and table, JSON, CSV),
// the format's part of a person's data export, and the daily deletion of signers' personal data after the
// retention period.
#include <xlsxwriter.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <tuple>
#include <variant>

#include "formats/petitions/data_store.hpp"
#include "formats/petitions/handlers.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/site/context.hpp"

namespace mw::petitions {
namespace {

using site::Services;
using site::Visitor;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// Public, cacheable answers are recomputed at most this often per process.
constexpr db::UnixSeconds kPublicDataFreshness = 60;
constexpr int kOpenDataLimit = 100'000;
constexpr std::size_t kMaxCachedRegionStats = 10'000;

// Geometry of the regions chart (SVG user units).
// At most this wide on large screens (the SVG's height is fixed, so it never grows beyond 1:1); narrower screens
// scale it down as a whole.
constexpr int kChartWidth = 400;
constexpr int kChartLabelWidth = 88;
constexpr int kChartMaxBar = 232;
constexpr int kChartBarHeight = 30;
constexpr int kChartGap = 12;

std::string T(const Services& services, const Visitor& visitor, std::string_view key,
              const std::map<std::string, std::string>& args = {}) {
  return services.renderer.T(visitor.locale, key, args);
}

// "2026-11-26 14:05:00" in the server's local time (Europe/Berlin), which spreadsheets read as a date.
std::string LocalTimestamp(db::UnixSeconds at) {
  std::time_t time = static_cast<std::time_t>(at);
  std::tm local{};
  localtime_r(&time, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
  return buffer;
}

// "12,5" (de) or "12.5" (en): `part` of `whole` in percent with one decimal.
std::string Percent(std::int64_t part, std::int64_t whole, std::string_view locale) {
  if (whole <= 0) return "0";
  std::int64_t tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + (locale == "en" ? "." : ",") + std::to_string(tenths % 10);
}

// A strong validator of a body, for If-None-Match.
std::string EntityTag(std::string_view body) {
  return "\"" + Sha256Hex(body).substr(0, 32) + "\"";
}

bool MatchesIfNoneMatch(const http::Request& request, std::string_view tag) {
  auto header = request.Header("if-none-match");
  if (!header) return false;
  std::string_view rest = *header;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view candidate = Trim(rest.substr(0, comma));
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == "*" || candidate == tag) return true;
  }
  return false;
}

// A public data answer (open data, regions): cacheable by browsers and proxies, revalidated by its entity tag,
// readable from other origins.
http::Response PublicData(const http::Request& request, std::string body, std::string content_type) {
  std::string tag = EntityTag(body);
  http::Response response;
  if (MatchesIfNoneMatch(request, tag)) {
    response.status = 304;
  } else {
    response.status = 200;
    response.body = std::move(body);
    response.SetHeader("Content-Type", std::move(content_type));
  }
  response.SetHeader("ETag", tag);
  response.SetHeader("Cache-Control", "public, max-age=" + std::to_string(kPublicDataFreshness));
  response.SetHeader("Access-Control-Allow-Origin", "*");
  return response;
}

// A download of personal data: never cached, always saved as a file.
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

// The regions of public petitions, recomputed at most every kPublicDataFreshness seconds: a viral petition's
// statistics page must not group its signatures for every visitor. Owned by the routes that use it.
class RegionStatsCache {
 public:
  RegionStats Get(Services& services, std::int64_t petition_id) {
    db::UnixSeconds now = services.now();
    {
      std::lock_guard lock(mutex_);
      auto found = entries_.find(petition_id);
      if (found != entries_.end() && now >= found->second.first && now - found->second.first < kPublicDataFreshness) {
        return found->second.second;
      }
    }
    RegionStats stats =
        SuppressSmallRegions(services.db.Read([&](db::Tx& tx) { return CountRegions(tx, petition_id); }));
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxCachedRegionStats) entries_.clear();
    entries_[petition_id] = {now, stats};
    return stats;
  }

 private:
  std::mutex mutex_;
  std::map<std::int64_t, std::pair<db::UnixSeconds, RegionStats>> entries_;
};

// --- access ---

struct CommitteeTarget {
  tenancy::Tenant tenant;
  Petition petition;
};

// For the committee's page and exports: the visitor must be logged in (else 303 to the login), the tenant must exist
// (404), the visitor must act for its committee (403), and the petition must be the tenant's (404).
std::variant<CommitteeTarget, http::Response> CommitteeAccess(Services& services, Visitor& visitor,
                                                              const http::Request& request) {
  if (!visitor.logged_in()) return site::LoginRequired(visitor, request);
  auto tenant = FindTenant(services, request.PathParam("tenant"));
  if (!tenant) return site::ErrorResponse(services, request, 404, T(services, visitor, "error.unknown_tenant"));
  auto id = ParseId(request.PathParam("id"));
  const accounts::User& user = *visitor.user();
  auto petition = services.db.Read([&](db::Tx& tx) -> std::variant<Petition, int> {
    if (!MayActForCommittee(tx, user, tenant->id)) return 403;
    auto found = id ? Find(tx, *id) : std::nullopt;
    if (!found || found->tenant_id != tenant->id) return 404;
    return *found;
  });
  if (auto* status = std::get_if<int>(&petition)) {
    return site::ErrorResponse(
        services, request, *status,
        T(services, visitor, *status == 403 ? "petitions.data.committee_only" : "petitions.not_found"));
  }
  return CommitteeTarget{*tenant, std::get<Petition>(petition)};
}

// The public petition of the path (and, for pages, of the path's tenant), or nullopt.
std::optional<Petition> PublicPetition(Services& services, const http::Request& request,
                                       std::optional<std::int64_t> tenant_id) {
  auto id = ParseId(request.PathParam("id"));
  if (!id) return std::nullopt;
  auto petition = FindPublicPetition(services, *id);
  if (petition && tenant_id && petition->tenant_id != *tenant_id) return std::nullopt;
  return petition;
}

std::vector<web::Crumb> Crumbs(const Services& services, const Visitor& visitor, const tenancy::Tenant& tenant,
                               const Petition& petition, std::string last) {
  return {{tenant.name, "/" + tenant.slug, true},
          {T(services, visitor, "petitions.list_title"), "/" + tenant.slug + "/petitionen"},
          {petition.title, PetitionPath(tenant.slug, petition.id), true},
          {std::move(last), ""}};
}

std::string RegionsApiPath(std::int64_t petition_id) {
  return "/api/v1/petitions/" + std::to_string(petition_id) + "/regions";
}

// --- the committee ---

http::Response GetCommitteePage(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto access = CommitteeAccess(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  const auto& [tenant, petition] = std::get<CommitteeTarget>(access);
  auto [counts, deleted_at, retention_days] = services.db.Read([&](db::Tx& tx) {
    return std::tuple{CountByState(tx, petition.id), PersonalDataDeletedAt(tx, petition.id),
                      LoadSettings(tx, tenant.id).retention_days};
  });
  std::string base = PetitionPath(tenant.slug, petition.id);
  boost::json::array states;
  for (const auto& [state, count] : counts) {
    states.push_back(boost::json::object{{"label", T(services, visitor, "petitions.data.signature_state." + state)},
                                         {"count", count}});
  }
  boost::json::object item{{"id", petition.id},
                           {"title", petition.title},
                           {"href", base},
                           {"state_label", StateLabel(services, visitor.locale, petition.state)},
                           {"count", petition.confirmed_count}};
  boost::json::object model{{"tenant", boost::json::object{{"slug", tenant.slug}, {"name", tenant.name}}},
                            {"petition", std::move(item)},
                            {"states", std::move(states)},
                            {"csv_href", base + "/unterschriften.csv"},
                            {"xlsx_href", base + "/unterschriften.xlsx"},
                            {"retention_days", retention_days},
                            {"retention_rule", T(services, visitor, "petitions.data.retention_rule",
                                                 {{"days", std::to_string(retention_days)}})}};
  if (deleted_at) {
    model["deleted"] = site::FormatTime(*deleted_at, visitor.locale);
  } else if (petition.state == State::kClosed || petition.state == State::kAnswered ||
             petition.state == State::kArchived) {
    if (auto due = DeletionDueAt(petition.closed_at, petition.closes_at, retention_days)) {
      model["deletion_due"] = site::FormatTime(*due, visitor.locale);
    }
  }
  if (IsPublic(petition.state)) {
    model["regions_href"] = base + "/regionen";
    model["regions_csv_href"] = RegionsApiPath(petition.id) + "?format=csv";
    model["regions_json_href"] = RegionsApiPath(petition.id);
  }
  std::string title = T(services, visitor, "petitions.data.committee_title");
  return site::RenderPage(services, visitor, request, "petitions_data_committee", std::move(model), title,
                          {.tenant = &tenant, .breadcrumbs = Crumbs(services, visitor, tenant, petition, title)});
}

// The signature list as read for an export, after recording the export in the audit log (one transaction).
std::vector<SignatureRow> ReadForExport(Services& services, const Visitor& visitor, const http::Request& request,
                                        const CommitteeTarget& target, std::string_view format) {
  db::UnixSeconds now = services.now();
  return services.db.Write([&](db::Tx& tx) {
    auto rows = ListSignatureRows(tx, target.petition.id);
    audit::Record(tx,
                  {.actor_user_id = visitor.user()->id,
                   .actor_label = visitor.user()->email,
                   .tenant_id = target.tenant.id,
                   .action = "petition.signatures.export",
                   .object = "petition:" + std::to_string(target.petition.id),
                   .detail = std::string(format) + ": " + std::to_string(rows.size()) +
                             " Unterschriften (ID, Status, Name, E-Mail, Postleitzahl, Anschrift, öffentlich, "
                             "unterzeichnet, bestätigt)",
                   .remote_ip = request.remote_ip},
                  now);
    return rows;
  });
}

std::vector<std::string> ExportHeader(const Services& services, const Visitor& visitor) {
  std::vector<std::string> header;
  for (std::string_view column :
       {"id", "state", "name", "email", "postcode", "address", "public", "signed_at", "confirmed_at"}) {
    header.push_back(T(services, visitor, "petitions.data.column." + std::string(column)));
  }
  return header;
}

std::string ExportFilename(std::int64_t petition_id, std::string_view extension) {
  return "petition-" + std::to_string(petition_id) + "-unterschriften." + std::string(extension);
}

http::Response ExportCsv(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto access = CommitteeAccess(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  const auto& target = std::get<CommitteeTarget>(access);
  auto rows = ReadForExport(services, visitor, request, target, "csv");
  // German Excel opens a UTF-8 file with a byte order mark and semicolons as separators correctly.
  std::string body(kUtf8Bom);
  body += CsvRow(ExportHeader(services, visitor), ';');
  std::string yes = T(services, visitor, "petitions.data.yes");
  std::string no = T(services, visitor, "petitions.data.no");
  for (const auto& row : rows) {
    body += CsvRow({std::to_string(row.id), T(services, visitor, "petitions.data.signature_state." + row.state),
                    row.name, row.email, row.postcode, row.address, row.show_public ? yes : no,
                    LocalTimestamp(row.signed_at), row.confirmed_at ? LocalTimestamp(*row.confirmed_at) : ""},
                   ';');
  }
  return Download(visitor, std::move(body), "text/csv; charset=utf-8", ExportFilename(target.petition.id, "csv"));
}

// A file in the temporary directory that is removed with this object.
class TempFile {
 public:
  explicit TempFile(std::string_view extension)
      : path_(std::filesystem::temp_directory_path() / ("mw-export-" + RandomToken(16) + std::string(extension))) {}
  ~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

lxw_datetime ExcelTime(db::UnixSeconds at) {
  std::time_t time = static_cast<std::time_t>(at);
  std::tm local{};
  localtime_r(&time, &local);
  return {.year = local.tm_year + 1900,
          .month = local.tm_mon + 1,
          .day = local.tm_mday,
          .hour = local.tm_hour,
          .min = local.tm_min,
          .sec = static_cast<double>(local.tm_sec)};
}

// The rows as an .xlsx workbook with a bold, frozen, filterable header and real dates; nullopt if writing failed.
std::optional<std::string> BuildWorkbook(const std::vector<std::string>& header, const std::vector<SignatureRow>& rows,
                                         const std::map<std::string, std::string>& state_labels, const std::string& yes,
                                         const std::string& no, const std::string& sheet_name) {
  TempFile file(".xlsx");
  lxw_workbook_options options{.constant_memory = 1, .tmpdir = nullptr, .use_zip64 = 1};
  lxw_workbook* workbook = workbook_new_opt(file.path().c_str(), &options);
  if (!workbook) return std::nullopt;
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, sheet_name.c_str());
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "dd.mm.yyyy hh:mm:ss");
  for (std::size_t column_idx = 0; column_idx < header.size(); ++column_idx) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(column_idx), header[column_idx].c_str(), bold);
  }
  worksheet_set_column(sheet, 2, 5, 28, nullptr);
  worksheet_set_column(sheet, 7, 8, 20, nullptr);
  worksheet_freeze_panes(sheet, 1, 0);
  lxw_row_t row_idx = 0;
  for (const auto& row : rows) {
    ++row_idx;
    auto label = state_labels.find(row.state);
    // Cells are written as strings, never as formulas, whatever they start with; ScrubText keeps the sheet's XML
    // well-formed if stored text predates the input check.
    worksheet_write_number(sheet, row_idx, 0, static_cast<double>(row.id), nullptr);
    worksheet_write_string(sheet, row_idx, 1, label != state_labels.end() ? label->second.c_str() : row.state.c_str(),
                           nullptr);
    worksheet_write_string(sheet, row_idx, 2, ScrubText(row.name, true).c_str(), nullptr);
    worksheet_write_string(sheet, row_idx, 3, ScrubText(row.email, true).c_str(), nullptr);
    worksheet_write_string(sheet, row_idx, 4, ScrubText(row.postcode, true).c_str(), nullptr);
    worksheet_write_string(sheet, row_idx, 5, ScrubText(row.address, true).c_str(), nullptr);
    worksheet_write_string(sheet, row_idx, 6, row.show_public ? yes.c_str() : no.c_str(), nullptr);
    lxw_datetime signed_at = ExcelTime(row.signed_at);
    worksheet_write_datetime(sheet, row_idx, 7, &signed_at, date);
    if (row.confirmed_at) {
      lxw_datetime confirmed_at = ExcelTime(*row.confirmed_at);
      worksheet_write_datetime(sheet, row_idx, 8, &confirmed_at, date);
    }
  }
  worksheet_autofilter(sheet, 0, 0, row_idx, static_cast<lxw_col_t>(header.size() - 1));
  if (workbook_close(workbook) != LXW_NO_ERROR) return std::nullopt;
  std::ifstream in(file.path(), std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

http::Response ExportXlsx(Services& services, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto access = CommitteeAccess(services, visitor, request);
  if (auto* response = std::get_if<http::Response>(&access)) return std::move(*response);
  const auto& target = std::get<CommitteeTarget>(access);
  auto rows = ReadForExport(services, visitor, request, target, "xlsx");
  std::map<std::string, std::string> state_labels;
  for (std::string state : {"pending", "confirmed", "invalidated"}) {
    state_labels[state] = T(services, visitor, "petitions.data.signature_state." + state);
  }
  auto workbook =
      BuildWorkbook(ExportHeader(services, visitor), rows, state_labels, T(services, visitor, "petitions.data.yes"),
                    T(services, visitor, "petitions.data.no"), T(services, visitor, "petitions.data.sheet_name"));
  if (!workbook) {
    return site::ErrorResponse(services, request, 500, T(services, visitor, "petitions.data.export_failed"));
  }
  return Download(visitor, std::move(*workbook), std::string(kXlsxType), ExportFilename(target.petition.id, "xlsx"));
}

// --- signatures per region ---

http::Response GetRegionsPage(Services& services, RegionStatsCache& cache, http::Request& request) {
  Visitor visitor = site::ResolveVisitor(services, request);
  auto tenant = FindTenant(services, request.PathParam("tenant"));
  if (!tenant) return site::ErrorResponse(services, request, 404, T(services, visitor, "error.unknown_tenant"));
  auto petition = PublicPetition(services, request, tenant->id);
  if (!petition) return site::ErrorResponse(services, request, 404, T(services, visitor, "petitions.not_found"));
  RegionStats stats = cache.Get(services, petition->id);

  // One bar per shown region and one for the suppressed line, scaled to the largest.
  std::vector<std::pair<std::string, std::int64_t>> lines;
  for (const auto& region : stats.shown) lines.emplace_back(region.region, region.count);
  if (stats.suppressed_count > 0) {
    lines.emplace_back(T(services, visitor, "petitions.data.regions_other_short"), stats.suppressed_count);
  }
  std::int64_t largest = 1;
  for (const auto& line : lines) largest = std::max(largest, line.second);
  boost::json::array bars;
  int y = kChartGap;
  for (const auto& [label, count] : lines) {
    int width = std::max<int>(2, static_cast<int>(count * kChartMaxBar / largest));
    bars.push_back(boost::json::object{{"label", label},
                                       {"count", count},
                                       {"y", y},
                                       {"text_y", y + kChartBarHeight * 3 / 4},
                                       {"width", width},
                                       {"count_x", kChartLabelWidth + width + 8}});
    y += kChartBarHeight + kChartGap;
  }
  boost::json::array rows;
  for (const auto& region : stats.shown) {
    rows.push_back(boost::json::object{{"region", region.region},
                                       {"count", region.count},
                                       {"percent", Percent(region.count, stats.total, visitor.locale)}});
  }
  std::string count = std::to_string(stats.total);
  boost::json::object model{
      {"tenant", boost::json::object{{"slug", tenant->slug}, {"name", tenant->name}}},
      {"petition", boost::json::object{{"title", petition->title}, {"href", PetitionPath(tenant->slug, petition->id)}}},
      {"has_data", stats.total > 0},
      {"total", stats.total},
      {"minimum", kRegionMinimum},
      {"intro", T(services, visitor, "petitions.data.regions_intro", {{"minimum", std::to_string(kRegionMinimum)}})},
      {"chart", boost::json::object{{"width", kChartWidth},
                                    {"height", y},
                                    {"label_x", kChartLabelWidth - 12},
                                    {"bar_x", kChartLabelWidth},
                                    {"bar_height", kChartBarHeight},
                                    {"bars", std::move(bars)},
                                    {"description",
                                     T(services, visitor, "petitions.data.regions_chart_desc", {{"count", count}})}}},
      {"rows", std::move(rows)},
      {"csv_href", RegionsApiPath(petition->id) + "?format=csv"},
      {"json_href", RegionsApiPath(petition->id)}};
  if (stats.suppressed_count > 0) {
    model["suppressed"] = boost::json::object{
        {"count", stats.suppressed_count}, {"percent", Percent(stats.suppressed_count, stats.total, visitor.locale)}};
  }
  std::string title = T(services, visitor, "petitions.data.regions_title");
  return site::RenderPage(services, visitor, request, "petitions_regions", std::move(model), title,
                          {.tenant = &*tenant, .breadcrumbs = Crumbs(services, visitor, *tenant, *petition, title)});
}

http::Response ApiRegions(Services& services, RegionStatsCache& cache, http::Request& request) {
  std::string format = request.Query("format");
  if (format.empty()) {
    auto accept = request.Header("accept");
    format = accept && accept->find("text/csv") != std::string::npos ? "csv" : "json";
  }
  if (format != "csv" && format != "json") {
    return site::ErrorResponse(services, request, 400, "Das Format muss json oder csv sein.");
  }
  auto petition = PublicPetition(services, request, std::nullopt);
  if (!petition) return site::ErrorResponse(services, request, 404, "Diese Petition gibt es nicht.");
  RegionStats stats = cache.Get(services, petition->id);
  if (format == "csv") {
    std::string body = CsvRow({"region", "signatures"}, ',');
    for (const auto& region : stats.shown) body += CsvRow({region.region, std::to_string(region.count)}, ',');
    if (stats.suppressed_count > 0) body += CsvRow({"other", std::to_string(stats.suppressed_count)}, ',');
    return PublicData(request, std::move(body), "text/csv; charset=utf-8");
  }
  boost::json::array regions;
  for (const auto& region : stats.shown) {
    regions.push_back(boost::json::object{{"region", region.region}, {"signatures", region.count}});
  }
  boost::json::object out{{"petition_id", petition->id},
                          {"minimum", kRegionMinimum},
                          {"total", stats.total},
                          {"regions", std::move(regions)},
                          {"other", stats.suppressed_count}};
  return PublicData(request, boost::json::serialize(out), "application/json");
}

// --- open data ---

struct OpenDataPetition {
  Petition petition;
  std::string tenant_slug;
};

std::vector<OpenDataPetition> OpenDataPetitions(Services& services) {
  return services.db.Read([&](db::Tx& tx) {
    std::vector<OpenDataPetition> out;
    std::map<std::int64_t, std::string> slugs;
    for (auto& petition :
         List(tx, std::nullopt, {State::kPublished, State::kClosed, State::kAnswered, State::kArchived},
              kOpenDataLimit)) {
      auto [slug, inserted] = slugs.emplace(petition.tenant_id, "");
      if (inserted) {
        if (auto tenant = tenancy::FindById(tx, petition.tenant_id)) slug->second = tenant->slug;
      }
      out.push_back({std::move(petition), slug->second});
    }
    return out;
  });
}

http::Response OpenDataJson(Services& services, http::Request& request) {
  boost::json::array out;
  for (const auto& [petition, slug] : OpenDataPetitions(services)) {
    out.push_back(boost::json::object{
        {"id", petition.id},
        {"tenant", slug},
        {"title", petition.title},
        {"state", StateName(petition.state)},
        {"signature_count", petition.confirmed_count},
        {"quorum", petition.quorum},
        {"published_at", petition.published_at ? boost::json::value(IsoUtc(*petition.published_at)) : nullptr},
        {"closes_at", petition.closes_at ? boost::json::value(IsoUtc(*petition.closes_at)) : nullptr}});
  }
  return PublicData(request, boost::json::serialize(out), "application/json");
}

http::Response OpenDataCsv(Services& services, http::Request& request) {
  std::string body =
      CsvRow({"id", "tenant", "title", "state", "signature_count", "quorum", "published_at", "closes_at"}, ',');
  for (const auto& [petition, slug] : OpenDataPetitions(services)) {
    body += CsvRow({std::to_string(petition.id), slug, petition.title, std::string(StateName(petition.state)),
                    std::to_string(petition.confirmed_count), std::to_string(petition.quorum),
                    petition.published_at ? IsoUtc(*petition.published_at) : "",
                    petition.closes_at ? IsoUtc(*petition.closes_at) : ""},
                   ',');
  }
  return PublicData(request, std::move(body), "text/csv; charset=utf-8");
}

}  // namespace

void RegisterDataRoutes(http::Router& router, Services& services) {
  using http::Method;
  auto bind = [&services](http::Response (*handler)(Services&, http::Request&)) {
    return [&services, handler](http::Request& request) { return handler(services, request); };
  };
  // Shared by the routes below, alive as long as the router holds them.
  auto regions = std::make_shared<RegionStatsCache>();

  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/daten", bind(GetCommitteePage));
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/unterschriften.csv", bind(ExportCsv));
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/unterschriften.xlsx", bind(ExportXlsx));
  router.Add(Method::kGet, "/{tenant}/petitionen/{id}/regionen",
             [&services, regions](http::Request& request) { return GetRegionsPage(services, *regions, request); });
  router.Add(Method::kGet, "/api/v1/petitions/{id}/regions",
             [&services, regions](http::Request& request) { return ApiRegions(services, *regions, request); });
  router.Add(Method::kGet, "/api/v1/opendata/petitions.json", bind(OpenDataJson));
  router.Add(Method::kGet, "/api/v1/opendata/petitions.csv", bind(OpenDataCsv));

  services.export_sources.push_back([](db::Tx& tx, const accounts::User& user, boost::json::object& out) {
    out["petitions"] = PersonalDataOf(tx, user.id, AsciiLower(user.email));
  });
}

void AddDataJobs(jobs::Scheduler& scheduler, db::Database& db) {
  // Hourly: a retention period counted in days is then kept to the hour, and a run without due petitions is one
  // small query. The scheduler's lease keeps it to one process.
  scheduler.Add("petitions-delete-personal-data", 3600, [&db](db::UnixSeconds now) { DeletePersonalDataDue(db, now); });
}

}  // namespace mw::petitions
