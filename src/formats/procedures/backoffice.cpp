// The back office (Abwägung) (work in progress: the routes come with the part's own commit).
#include "formats/procedures/handlers.hpp"

namespace mw::procedures {

void RegisterBackofficeRoutes(http::Router& /*router*/, site::Services& /*services*/) {}
void LoadBackofficeDemo(db::Database& /*db*/, db::UnixSeconds /*now*/) {}
void RespondToStatements(db::Tx& /*tx*/, std::int64_t /*procedure_id*/, const std::vector<std::int64_t>& /*statement_ids*/,
                         const std::string& /*text*/, const accounts::User& /*actor*/, db::UnixSeconds /*now*/) {}

}  // namespace mw::procedures
