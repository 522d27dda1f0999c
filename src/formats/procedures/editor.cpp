// Editors' pages and API of the procedures format (work in progress: the routes come with the part's own commit).
#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

void RegisterEditorRoutes(http::Router& /*router*/, site::Services& /*services*/) {}

}  // namespace mw::procedures
