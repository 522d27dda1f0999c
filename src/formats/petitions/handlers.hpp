// Internal to the petitions module: the handlers behind Register() and the helpers pages and API share.
#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

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
http::Response ApiPublish(site::Services& services, http::Request& request);
http::Response ApiSignatures(site::Services& services, http::Request& request);

}  // namespace mw::petitions
