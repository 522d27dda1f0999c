// Statements and receipts (work in progress: the routes come with the part's own commit).
#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

void RegisterStatementRoutes(http::Router& /*router*/, site::Services& /*services*/) {}
void LoadStatementDemo(db::Database& /*db*/, db::UnixSeconds /*now*/) {}

}  // namespace mw::procedures
