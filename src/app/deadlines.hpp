// The deadline engine (src/law) as the command line and the JSON API offer it: parameters as strings in, one JSON
// document out, errors as German sentences. The CLI (`mitwirken deadline`, `mitwirken holidays`) and the API
// (`GET /api/v1/deadlines`, `GET /api/v1/holidays`) share these functions, so both give the same answer.
//
//   auto json = app::DeadlinesJson({.rule = "bimschg", .land = "SN", .display_start = "2025-10-06"});
//   // {"display_start":"2025-10-06","display_end":"2025-11-05","objection_end":"2025-11-20",...}
#pragma once

#include <string>

#include "platform/core/result.hpp"
#include "platform/http/server.hpp"

namespace mw::app {

struct DeadlineParams {
  std::string rule;
  std::string land;
  std::string display_start;
  std::string display_end;   // optional
  std::string announcement;  // optional
  std::string ags;           // optional
  std::string length;        // optional, rule "free" only: P14D, P2W, P1M, P1Y
};

// One JSON object with display_start, display_end, objection_end (ISO dates), minimum_display_end,
// nominal_objection_end, rule, rule_title, land, land_name, warnings and explanation (arrays of German sentences).
Result<std::string> DeadlinesJson(const DeadlineParams& params);

// A JSON array of {"date", "name"} (plus "local": true for days that hold only in some municipalities).
Result<std::string> HolidaysJson(const std::string& land, const std::string& year, const std::string& ags);

// GET /api/v1/deadlines and GET /api/v1/holidays; bad parameters get 400 problem details.
void RegisterDeadlineApi(http::Router& router);

}  // namespace mw::app
