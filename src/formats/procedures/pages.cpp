// The procedures format's entry points: Register, AddJobs and LoadDemo call the parts (handlers.hpp).
#include "formats/procedures/pages.hpp"

#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

void Register(http::Router& router, site::Services& services) {
  RegisterPublicRoutes(router, services);
  RegisterEditorRoutes(router, services);
  RegisterDocumentRoutes(router, services);
  RegisterStatementRoutes(router, services);
  RegisterBackofficeRoutes(router, services);
  RegisterClusterRoutes(router, services);
  RegisterTaskSource(services);
}

void AddJobs(jobs::Scheduler& scheduler, site::Services& services) {
  AddPublicJobs(scheduler, services);
  AddDocumentJobs(scheduler, services.db);
  AddClusterJobs(scheduler, services.db);
}

void LoadDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url) {
  LoadEditorDemo(db, now, base_url);
  LoadDocumentDemo(db, now);
  LoadStatementDemo(db, now);
  LoadBackofficeDemo(db, now);
  LoadClusterDemo(db, now);
  LoadPublicDemo(db, now);
}

}  // namespace mw::procedures
