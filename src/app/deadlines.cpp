#include "app/deadlines.hpp"

#include <charconv>

#include <boost/json.hpp>

#include "law/holidays.hpp"
#include "law/periods.hpp"
#include "law/procedures.hpp"

namespace mw::app {
namespace {

Result<std::optional<law::Date>> OptionalDate(const std::string& text) {
  if (text.empty()) return std::optional<law::Date>();
  auto date = law::ParseIsoDate(text);
  if (!date) return std::unexpected(date.error());
  return std::optional<law::Date>(*date);
}

boost::json::array Strings(const std::vector<std::string>& lines) {
  boost::json::array out;
  for (const auto& line : lines) out.emplace_back(line);
  return out;
}

// Names the parameter in an error that came from the engine, so that the caller knows which input to fix.
Error WithField(Error error, std::string field) {
  if (error.field.empty()) error.field = std::move(field);
  return error;
}

http::Response Problem(const Error& error) {
  return http::Response::Problem(400, "Ungültige Anfrage", error.message);
}

}  // namespace

Result<std::string> DeadlinesJson(const DeadlineParams& params) {
  if (params.rule.empty()) return Fail(ErrorKind::kInvalid, "Bitte geben Sie die Verfahrensregel an (rule).", "rule");
  if (params.land.empty()) return Fail(ErrorKind::kInvalid, "Bitte geben Sie das Bundesland an (land).", "land");
  if (params.display_start.empty()) {
    return Fail(ErrorKind::kInvalid, "Bitte geben Sie den ersten Tag der Auslegung an (display_start).",
                "display_start");
  }
  law::DeadlineRequest request;
  request.rule = params.rule;
  request.land = params.land;
  request.ags = params.ags;
  auto start = law::ParseIsoDate(params.display_start);
  if (!start) return std::unexpected(WithField(start.error(), "display_start"));
  request.display_start = *start;
  auto end = OptionalDate(params.display_end);
  if (!end) return std::unexpected(WithField(end.error(), "display_end"));
  request.display_end = *end;
  auto announcement = OptionalDate(params.announcement);
  if (!announcement) return std::unexpected(WithField(announcement.error(), "announcement"));
  request.announcement = *announcement;
  if (!params.length.empty()) {
    auto length = law::ParseLength(params.length);
    if (!length) return std::unexpected(WithField(length.error(), "length"));
    request.length = *length;
  }
  auto dates = law::ComputeDeadlines(request);
  if (!dates) return std::unexpected(dates.error());
  boost::json::object out{
      {"rule", dates->rule},
      {"rule_title", dates->rule_title},
      {"land", dates->land},
      {"land_name", dates->land_name},
      {"display_start", law::FormatIso(dates->display_start)},
      {"minimum_display_end", law::FormatIso(dates->minimum_display_end)},
      {"display_end", law::FormatIso(dates->display_end)},
      {"nominal_objection_end", law::FormatIso(dates->nominal_objection_end)},
      {"objection_end", law::FormatIso(dates->objection_end)},
      {"warnings", Strings(dates->warnings)},
      {"explanation", Strings(dates->explanation)},
  };
  return boost::json::serialize(out);
}

Result<std::string> HolidaysJson(const std::string& land, const std::string& year_text, const std::string& ags) {
  int year = 0;
  auto [end, error] = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (year_text.empty() || error != std::errc() || end != year_text.data() + year_text.size()) {
    return Fail(ErrorKind::kInvalid, "Das Jahr muss eine Zahl sein, z. B. 2025.", "year");
  }
  auto holidays = law::Holidays(land, year, ags);
  if (!holidays) return std::unexpected(holidays.error());
  boost::json::array out;
  for (const auto& holiday : *holidays) {
    boost::json::object entry{{"date", law::FormatIso(holiday.date)}, {"name", holiday.name}};
    if (holiday.local) entry["local"] = true;
    out.push_back(std::move(entry));
  }
  return boost::json::serialize(out);
}

void RegisterDeadlineApi(http::Router& router) {
  router.Add(http::Method::kGet, "/api/v1/deadlines", [](http::Request& request) {
    auto json = DeadlinesJson({.rule = request.Query("rule"),
                               .land = request.Query("land"),
                               .display_start = request.Query("display_start"),
                               .display_end = request.Query("display_end"),
                               .announcement = request.Query("announcement"),
                               .ags = request.Query("ags"),
                               .length = request.Query("length")});
    return json ? http::Response::Json(200, std::move(*json)) : Problem(json.error());
  });
  router.Add(http::Method::kGet, "/api/v1/holidays", [](http::Request& request) {
    auto json = HolidaysJson(request.Query("land"), request.Query("year"), request.Query("ags"));
    return json ? http::Response::Json(200, std::move(*json)) : Problem(json.error());
  });
}

}  // namespace mw::app
