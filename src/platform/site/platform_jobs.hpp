// The platform's periodic jobs: purging expired sessions and rate-limit windows, and the inactivity rule for
// accounts (730 days without login → notice mail and mark; 31 days later → deletion; unconfirmed registrations
// are removed a week after their link expired). Run under leases by jobs::Scheduler, so once per installation.
#pragma once

#include "platform/jobs/scheduler.hpp"
#include "platform/site/site.hpp"

namespace mw::site {

void PurgeExpired(Services& services, db::UnixSeconds now);

struct InactivityResult {
  int marked = 0;
  int deleted = 0;
  int mails_failed = 0;  // notices the outbox refused (the account is marked all the same)
};
InactivityResult ApplyInactivityRule(Services& services, db::UnixSeconds now);

void RegisterPlatformJobs(jobs::Scheduler& scheduler, Services& services);

}  // namespace mw::site
