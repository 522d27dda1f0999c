// Mass objections (work in progress: the routes come with the part's own commit).
#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

void RegisterClusterRoutes(http::Router& /*router*/, site::Services& /*services*/) {}
void AddClusterJobs(jobs::Scheduler& /*scheduler*/, db::Database& /*db*/) {}
void LoadClusterDemo(db::Database& /*db*/, db::UnixSeconds /*now*/) {}

}  // namespace mw::procedures
