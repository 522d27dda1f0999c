#include "platform/site/platform_jobs.hpp"

#include <spdlog/spdlog.h>

#include "platform/accounts/second_factor.hpp"
#include "platform/audit/audit.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/site/context.hpp"
#include "platform/site/drafts.hpp"
#include "platform/site/mails.hpp"

namespace mw::site {

void PurgeExpired(Services& services, db::UnixSeconds now) {
  services.db.Write([&](db::Tx& tx) {
    int sessions = accounts::PurgeExpiredSessions(tx, now);
    int drafts = PurgeExpiredDrafts(tx, now);
    // Login steps waiting for the second factor that were never finished.
    accounts::PurgeSecondFactors(tx, now);
    // Logins begun at an identity provider and never finished (or finished: used rows are of no further use).
    tx.Exec("DELETE FROM identity_login WHERE expires_at <= ?", {now});
    if (drafts > 0) spdlog::info("purged {} form drafts older than a day", drafts);
    limits::RateLimiter::Purge(tx, now);
    int mails = mail::PurgeOld(tx, now - static_cast<db::UnixSeconds>(services.config.mail_retention_days) * 86400);
    if (sessions > 0) spdlog::info("purged {} expired sessions", sessions);
    if (mails > 0) spdlog::info("purged {} mails older than {} days", mails, services.config.mail_retention_days);
  });
}

InactivityResult ApplyInactivityRule(Services& services, db::UnixSeconds now) {
  InactivityResult result;
  services.db.Write([&](db::Tx& tx) {
    for (const auto& user : accounts::MarkInactive(tx, now)) {
      std::string delete_date = FormatTime(now + accounts::kDeleteInactiveAfterNotice, user.locale);
      delete_date = delete_date.substr(0, delete_date.find(','));
      // One unusable stored address must not stop the rule for every other account (nor their deletion).
      if (!QueueMailOrLog(tx, ComposeMail(services, "inactive", user, {{"delete_date", delete_date}}, "inactivity"),
                          now)) {
        ++result.mails_failed;
      }
      audit::Record(tx,
                    audit::Entry{.actor_label = "system",
                                 .action = "user.mark_inactive",
                                 .object = "user:" + std::to_string(user.id)},
                    now);
      ++result.marked;
    }
    for (const auto& user : accounts::DeleteInactive(tx, now)) {
      mail::DeleteMailsTo(tx, user.email);
      audit::Record(tx,
                    audit::Entry{.actor_label = "system",
                                 .action = user.confirmed() ? "user.delete_inactive" : "user.delete_unconfirmed",
                                 .object = "user:" + std::to_string(user.id)},
                    now);
      ++result.deleted;
    }
  });
  if (result.marked > 0 && services.notify_outbox) services.notify_outbox();
  if (result.marked + result.deleted > 0) {
    spdlog::info("inactivity rule: {} accounts marked inactive, {} deleted, {} notices not sent", result.marked,
                 result.deleted, result.mails_failed);
  }
  return result;
}

void RegisterPlatformJobs(jobs::Scheduler& scheduler, Services& services) {
  scheduler.Add("purge-expired", 3600, [&services](db::UnixSeconds now) { PurgeExpired(services, now); });
  scheduler.Add("account-inactivity", 6 * 3600,
                [&services](db::UnixSeconds now) { ApplyInactivityRule(services, now); });
}

}  // namespace mw::site
