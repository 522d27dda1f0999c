// The petitions format on the web: its pages under /{tenant}/petitionen/…, the confirmation of signatures under
// /petitionen/bestaetigen, its JSON API under /api/v1/…, its offers on the start and tenant pages, the batched count
// job and demo data.
//
//   site::Services services{...};
//   http::Router router;
//   site::RegisterRoutes(router, services);
//   petitions::Register(router, services);          // before serving: also adds the offer source
//   petitions::AddJobs(scheduler, db);              // counts, closing, deletion of personal data
#pragma once

#include "platform/db/database.hpp"
#include "platform/http/server.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/site/site.hpp"

namespace mw::petitions {

// Adds the format's routes to `router` and its offer source (published petitions, label "Petition") to
// services.offer_sources. `services` must outlive the router. Call before the server starts.
void Register(http::Router& router, site::Services& services);

// Folds confirmed, not yet counted signatures into the shown counts (petitions::FoldCounts in one write). The app
// runs it as a frequent job (every second or so); the shown counts are then at most that far behind. Safe to run in
// several processes at once.
void FoldCountsNow(db::Database& db);

// Closes every published petition whose signing period has ended (petitions::CloseExpired). The app runs it as a
// periodic job (every minute is plenty).
void CloseExpiredNow(db::Database& db);

// Adds the format's periodic jobs to `scheduler`: folding counts every second, closing expired petitions every
// minute, and the rest the parts of the format bring (each under the scheduler's lease, so once per installation).
void AddJobs(jobs::Scheduler& scheduler, db::Database& db);

// Demo data: petitions in the demo tenants (skipped for a tenant that does not exist) at every stage a visitor can
// see — collecting signatures, answered by the committee, and one waiting for moderation — with confirmed, counted
// signatures from several postcode regions, by a demo initiator account initiative@buerger.example.
void LoadDemo(db::Database& db, db::UnixSeconds now);

}  // namespace mw::petitions
