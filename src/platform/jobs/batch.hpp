// Jobs that work through many items (subscriptions, recipients, accounts): one item that fails — its transaction
// throws, the database or a mail builder refuses a value stored long ago — is logged and counted, and the job goes on
// with the others. Without this, one poisoned item stops the job for everyone, at every run.
//
//   auto report = mw::jobs::ForEachItem("procedures-subscriptions", subscriptions,
//       [&](const Subscription& s) { return NotifyOne(s); },          // true if the item did something
//       [](const Subscription& s) { return "subscription " + std::to_string(s.id); });
//   // report.done, report.failed
#pragma once

#include <exception>
#include <iterator>
#include <string_view>

#include <spdlog/spdlog.h>

namespace mw::jobs {

struct BatchReport {
  int done = 0;    // items for which `process` returned true
  int failed = 0;  // items for which `process` threw
};

// Calls `process(item)` for every item of `items`. An exception from one item is logged as an error with `job` and
// `describe(item)` (which must not hold personal data beyond an id) and counted; the remaining items still run. A
// summary is logged when any item failed.
template <typename Items, typename Process, typename Describe>
BatchReport ForEachItem(std::string_view job, const Items& items, Process&& process, Describe&& describe) {
  BatchReport report;
  for (const auto& item : items) {
    try {
      if (process(item)) ++report.done;
    } catch (const std::exception& e) {
      ++report.failed;
      spdlog::error("job {}: {} failed: {}", job, describe(item), e.what());
    } catch (...) {
      ++report.failed;
      spdlog::error("job {}: {} failed with a non-exception", job, describe(item));
    }
  }
  if (report.failed > 0) {
    spdlog::warn("job {}: {} of {} items failed, the others were processed", job, report.failed, std::size(items));
  }
  return report;
}

}  // namespace mw::jobs
