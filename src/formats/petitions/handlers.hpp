// Internal to the petitions module: the handlers behind Register() and the helpers pages and API share.
#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "formats/petitions/settings.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/http/message.hpp"
#include "platform/http/server.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"

namespace mw::petitions {

// Signing attempts per IP address and per e-mail address. A town hall or a mobile network may put many people
// behind one address, so the IP limit is generous.
inline constexpr limits::Rule kSignPerIp{.limit = 300, .window_seconds = 600};
inline constexpr limits::Rule kSignPerEmail{.limit = 5, .window_seconds = 3600};

// Whether `user` may moderate the tenant's petitions: its moderators and admins, and platform admins.
bool MayModerate(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id);

// Whether `user` may act for the tenant's petition committee (Petitionsausschuss): see and export signature lists,
// hand petitions over and publish the official response. Its case workers, moderators and admins, and platform
// admins.
bool MayActForCommittee(db::Tx& tx, const accounts::User& user, std::int64_t tenant_id);

// The tenant with `slug`, or nullopt.
std::optional<tenancy::Tenant> FindTenant(site::Services& services, std::string_view slug);
// The petition `id` if it is public (IsPublic); nullopt for unknown and not (yet) public ones.
std::optional<Petition> FindPublicPetition(site::Services& services, std::int64_t id);
// The tenant's petition settings.
Settings SettingsOf(site::Services& services, std::int64_t tenant_id);

// The page cache's scopes (site/page_cache.hpp) of the format: its Land-wide pages, and one public petition's
// pages (its page, its feed, its JSON).
inline constexpr std::string_view kPetitionsScope = "petitions";
std::string PetitionScope(std::int64_t petition_id);
// Inside a write that changes what the pages of the petitions `petition_ids` show (state, text or count): makes them,
// the lists and the offers on the start and tenant pages be rendered again, in every process.
void TouchPetitionPages(db::Tx& tx, const std::vector<std::int64_t>& petition_ids);

// "Unterzeichnung läuft" etc. in `locale`.
std::string StateLabel(const site::Services& services, std::string_view locale, State state);

// The path of a petition's page.
std::string PetitionPath(std::string_view tenant_slug, std::int64_t id);

// A positive decimal id, or nullopt.
std::optional<std::int64_t> ParseId(std::string_view text);

// Appends a signature and queues its confirmation mail in one transaction. The mail goes to `signature`'s address
// in `locale` with a link to /petitionen/bestaetigen?token=….
Result<NewSignature> SignAndQueueMail(site::Services& services, const Petition& petition,
                                      const ValidSignature& signature, std::string_view locale, const std::string& ip,
                                      db::UnixSeconds now);

// Whether the per-IP and per-address limits allow another signature.
bool SigningAllowed(site::Services& services, const std::string& ip, const std::string& email, db::UnixSeconds now);

// The steps of a petition's life after it was written (steps.cpp).
enum class Step { kSubmit, kPublish, kReject, kRequestChanges, kClose, kHandOver, kRespond, kArchive };
// "submit", "publish", "reject", "request-changes", "close", "hand-over", "respond", "archive".
std::optional<Step> ParseStep(std::string_view name);
std::string_view StepName(Step step);
struct StepInput {
  std::string reason;  // reject: one of RejectionReasons()
  std::string text;    // reject: explanation; request-changes: what to change; respond: the response
};
struct StepOrigin {
  std::optional<std::int64_t> tenant_id;  // the tenant of the path: a petition of another tenant is not found
  std::string remote_ip;
  std::string channel;  // "api" or empty, for the audit entry
};
// Takes `step` for `actor`: checks the permission (submit: the initiator; publish, reject, request changes, close:
// the moderators; hand over, respond, archive: the committee), changes the petition, records the audit entry, and
// queues the mails — the initiator and co-initiators hear of decisions, the signers who asked for it get the
// response — all in one transaction. kNotFound, kForbidden, kConflict (state) or kInvalid (input) otherwise.
Result<Petition> TakeStep(site::Services& services, const accounts::User& actor, std::int64_t petition_id, Step step,
                          const StepInput& input, const StepOrigin& origin);

// The parts of the format in files of their own; Register() calls them.
// abuse.cpp: the moderators' view of signatures per hour by e-mail domain and network, bulk invalidation.
void RegisterAbuseRoutes(http::Router& router, site::Services& services);
// data.cpp: the committee's export of signatures, open data, signatures per postcode region.
void RegisterDataRoutes(http::Router& router, site::Services& services);
// data.cpp: the deletion of signers' personal data after the retention period.
void AddDataJobs(jobs::Scheduler& scheduler, db::Database& db);

http::Response ApiList(site::Services& services, http::Request& request);
http::Response ApiGet(site::Services& services, http::Request& request);
http::Response ApiSign(site::Services& services, http::Request& request);
http::Response ApiConfirm(site::Services& services, http::Request& request);
http::Response ApiCreate(site::Services& services, http::Request& request);
// A step of the petition's life (TakeStep) for an API token: JSON {"reason", "text"} as the step needs them.
http::Response ApiStep(site::Services& services, http::Request& request, Step step);
http::Response ApiSignatures(site::Services& services, http::Request& request);

}  // namespace mw::petitions
