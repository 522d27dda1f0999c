// Documents of procedures (work in progress: the routes come with the part's own commit).
#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

void RegisterDocumentRoutes(http::Router& /*router*/, site::Services& /*services*/) {}
void AddDocumentJobs(jobs::Scheduler& /*scheduler*/, db::Database& /*db*/) {}
boost::json::array DocumentChapters(const site::Services& /*services*/, db::Tx& /*tx*/, const Procedure& /*procedure*/,
                                    std::string_view /*tenant_slug*/, std::string_view /*locale*/) {
  return {};
}
void LoadDocumentDemo(db::Database& /*db*/, db::UnixSeconds /*now*/) {}

}  // namespace mw::procedures
