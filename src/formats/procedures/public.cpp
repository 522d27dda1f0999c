// Public pages of the procedures format (work in progress: the routes come with the part's own commit).
#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

void RegisterPublicRoutes(http::Router& /*router*/, site::Services& /*services*/) {}
void AddPublicJobs(jobs::Scheduler& /*scheduler*/, db::Database& /*db*/) {}
void LoadPublicDemo(db::Database& /*db*/, db::UnixSeconds /*now*/) {}

}  // namespace mw::procedures
