// The formal procedures on the web: public pages under /verfahren (Land-wide overview, map, Atom feed,
// subscriptions) and /{tenant}/verfahren/…, the editors' and case workers' pages, the JSON API under
// /api/v1/procedures…, the offers on the start and tenant pages, the periodic jobs and demo data.
//
//   procedures::Register(router, services);   // before serving: also adds the offer and export sources
//   procedures::AddJobs(scheduler, services);  // document availability checks, subscription mails, …
#pragma once

#include "platform/db/database.hpp"
#include "platform/http/server.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/site/site.hpp"

namespace mw::procedures {

// Adds the format's routes to `router`, its offer source (public procedures in participation, label "Verfahren")
// and its part of a person's data export. `services` must outlive the router. Call before the server starts.
void Register(http::Router& router, site::Services& services);

// Adds the format's periodic jobs to `scheduler` (each under the scheduler's lease, so once per installation).
// `services` (the mails' renderers and base URL) must outlive the scheduler.
void AddJobs(jobs::Scheduler& scheduler, site::Services& services);

// Demo data: procedures of every type in the demo tenants (skipped for a tenant that does not exist) at every stage
// a visitor can see, with documents and statements — among them a mass objection from form letters. `base_url` is the
// portal's public address, for the links in the published (frozen) announcements.
void LoadDemo(db::Database& db, db::UnixSeconds now, std::string_view base_url);

}  // namespace mw::procedures
