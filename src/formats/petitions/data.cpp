// The petitions' data: the committee's export of the signature list, open data of all petitions, signatures per
// postcode region, and the deletion of signers' personal data after the retention period.
#include "formats/petitions/handlers.hpp"

namespace mw::petitions {

void RegisterDataRoutes(http::Router&, site::Services&) {}

void AddDataJobs(jobs::Scheduler&, db::Database&) {}

}  // namespace mw::petitions
