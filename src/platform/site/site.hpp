// The platform's own pages and endpoints: start page, tenant sections, accounts (register, confirm, login, logout,
// password reset, account page with export and deletion), tenant administration (roles, audit log), platform
// administration (tenants, outgoing mails), legal pages, health, readiness, static files and the platform
// part of the JSON API. Participation formats add their routes beside these (see docs/architecture.md).
//
//   site::Services services{db, renderer, mail_renderer, limiter, notify_outbox, config, jobs::SystemNow};
//   http::Router router;
//   site::RegisterRoutes(router, services);
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/fwd.hpp>

#include "platform/db/database.hpp"
#include "platform/http/server.hpp"
#include "platform/limits/rate_limit.hpp"
#include "platform/places/places.hpp"
#include "platform/web/render.hpp"

namespace mw::accounts {
struct User;
struct RoleGrant;
}  // namespace mw::accounts

namespace mw::site {

class IdentityProviders;  // identity.hpp

struct SiteConfig {
  // Absolute base of links in mails, e.g. "https://beteiligung.sachsen.de" (no trailing slash).
  std::string base_url = "http://127.0.0.1:8080";
  // The installation's operator, shown in the imprint and privacy page.
  std::string operator_name = "Landesamt für Digitales (Betreiber der Installation)";
  std::string operator_address = "Musterstraße 1, 01067 Dresden";
  std::string operator_email = "beteiligung@example.org";
  // Days a sent (or given-up) mail stays in the outbox before the purge job deletes it (`--mail-retention-days`).
  int mail_retention_days = 30;
  // Cookies get the Secure flag (set when served behind TLS).
  bool secure_cookies = false;
  std::filesystem::path static_dir;
  // The static folder as read at start (precompressed forms, content hashes for the renderer's AssetUrl). When
  // empty, /static/ is served from `static_dir`, read when the routes are registered.
  std::shared_ptr<const http::StaticAssets> static_assets;
  // The installation's base map for every map the formats show (`serve --map-tiles URL --map-attribution TEXT`): a
  // tile template with {z}, {x}, {y} or a WMS URL, and its attribution. Empty (the default): no base map at all — the
  // maps show their areas and points on a plain background — so that no visitor's address goes to a tile server the
  // operator has not chosen (#14 item 6). A tenant may still set its own.
  std::string map_tile_url;
  std::string map_attribution;
  // The OpenAPI description served at /api/v1/openapi.json (docs/openapi.json of the resources, merged with the
  // fragments in docs/openapi/, see openapi.hpp).
  std::filesystem::path openapi_file;
  // The page cache (site/page_cache.hpp) answers what it keeps. Off only to measure renders (`serve --page-cache
  // off`, bench/land.sh): every page is then rendered for its visitor.
  bool page_cache = true;
};

// One participation offer for the start page and a tenant's page (a petition, a procedure, a survey …).
struct Offer {
  std::string title;
  std::string href;
  std::string tenant_name;
  std::string format_label;  // already translated, e.g. "Petition"
  std::string status_label;  // already translated, e.g. "Unterzeichnung läuft"
};
// A format's contribution to the offer lists: its public, current offers of one tenant (or of all tenants when
// `tenant_id` is nullopt), newest first, at most `limit`. Runs inside a read transaction.
using OfferSource = std::function<std::vector<Offer>(db::Tx& tx, std::optional<std::int64_t> tenant_id,
                                                     std::string_view locale, int limit)>;

// One open participation offer of any format, for the one list of all participation (/beteiligung, #14 item 1) and
// its API (/api/v1/participation): what it is, until when one can take part, and where it is.
struct Participation {
  std::string kind;          // the format's key, as in ParticipationSource::kind ("procedures", "petitions")
  std::string kind_label;    // already translated, e.g. "Verfahren"
  std::string title;
  std::string href;          // the offer's page
  std::int64_t tenant_id = 0;
  std::string tenant_name;
  std::string status_label;  // already translated, e.g. "Stellungnahmen bis Montag, 14.12.2026"
  std::optional<db::UnixSeconds> ends_at;  // the first second at which taking part is over; nullopt: no end set
  // Its own area (a map geometry's bounding box; a point's box is the point). nullopt: it is where its tenant is —
  // the tenant's AGS: a Gemeinde (8 digits), or every Gemeinde of a Kreis (5) or of the Land (2).
  std::optional<places::Box> area;
};
// What the list asks a format for.
struct ParticipationQuery {
  // nullopt: everywhere. Otherwise the offers whose own area meets `box`, and the offers without an own area of one
  // of `tenant_ids` (the tenants of the places searched). The platform then keeps those within the radius.
  std::optional<places::Box> box;
  std::vector<std::int64_t> tenant_ids;
  std::string locale;
  db::UnixSeconds now = 0;
  // At most this many, soonest end first (offers without an end last), then newest first.
  int limit = 0;
};
struct ParticipationList {
  std::vector<Participation> entries;
  std::int64_t total = 0;  // all that match the query, regardless of its limit
};
// A format's part of the list: its public offers that are open now (one can still take part or is about to).
// `list` runs inside a read transaction and must not read every row of the format: the query's box and tenants are
// meant for indexed columns.
struct ParticipationSource {
  std::string kind;       // also the value of the type filter (?type=procedures)
  std::string label_key;  // locale key of the kind's name in the type filter ("Verfahren")
  std::function<ParticipationList(db::Tx& tx, const ParticipationQuery& query)> list;
};

// A format's contribution to a person's data export (/konto/export, Art. 15 DSGVO): adds what the format holds about
// `user` to `out` under the format's own key (e.g. "petitions"). Runs inside the export's write transaction, which
// also records the export in the audit log.
using ExportSource = std::function<void(db::Tx& tx, const accounts::User& user, boost::json::object& out)>;

// One entry of "Meine Aufgaben" (/aufgaben, #14 item 10), the page a person lands on after login: what waits for
// them, how much of it, and where to do it.
struct Task {
  // The tenant whose work it is (one where the person holds a role); nullopt: the person's own things (their
  // statements …), which are listed whether or not anything waits.
  std::optional<std::int64_t> tenant_id;
  std::string label;        // already translated, e.g. "Neue Stellungnahmen ohne Zuständigkeit: Windpark Naunhof"
  std::int64_t count = 0;   // how many wait; a tenant's entry with 0 is not shown
  std::string href;         // where to do it (an inbox with its filter, a queue, a list)
};
// Whom a format's tasks are for.
struct TaskQuery {
  const accounts::User* user = nullptr;                  // never null
  const std::vector<accounts::RoleGrant>* roles = nullptr;  // the person's roles per tenant; never null
  std::string locale;
  db::UnixSeconds now = 0;
};
// A format's part of /aufgaben: what waits for the person in each tenant where their roles give them work in the
// format, and their own things. Runs inside a read transaction on every visit to the page: each count must be
// answered from an index, never by reading every row of the format.
using TaskSource = std::function<std::vector<Task>(db::Tx& tx, const TaskQuery& query)>;

// A format's place in the navigation: its Land-wide page in the site's navigation (`href`, may be empty for none)
// and its section on every tenant's page ("/{slug}" + `tenant_path`, may be empty for none), both labelled with the
// locale key `label_key`.
//
// The platform's texts that describe the portal (the start page, the registration page, Leichte Sprache) name only
// what the registered formats offer (#14 item 6), from three more locale keys of each format (empty: not named):
// `activity_key` completes "Hier … : Sie …" on the start page ("geben Stellungnahmen zu Plänen und Entwürfen ab"),
// `account_key` completes "Mit einem Konto können Sie …" ("Stellungnahmen abgeben"; only what needs an account), and
// `easy_language_key` is one or two sentences in Leichte Sprache ("Sie können schreiben, was Sie von einem Plan
// halten."). The platform joins the phrases with the locale's "und".
struct Section {
  std::string label_key;
  std::string href;
  std::string tenant_path;
  std::string activity_key = {};
  std::string account_key = {};
  std::string easy_language_key = {};
};

struct Services {
  db::Database& db;
  const web::Renderer& renderer;       // pages
  const web::Renderer& mail_renderer;  // mail bodies (templates/mail)
  limits::RateLimiter& limiter;
  std::function<void()> notify_outbox;  // wakes the mail worker after a mail was queued; may be empty
  SiteConfig config;
  std::function<db::UnixSeconds()> now;
  // Filled by the formats at start-up (before serving); the platform lists their offers without knowing them.
  std::vector<OfferSource> offer_sources = {};
  // Likewise: the formats' parts of a person's data export.
  std::vector<ExportSource> export_sources = {};
  // Likewise: the formats' sections (navigation and tenant pages).
  std::vector<Section> sections = {};
  // Likewise: the formats' open participation, with where it is (the list /beteiligung and its API).
  std::vector<ParticipationSource> participation_sources = {};
  // Likewise: what waits for a person, per tenant of their roles ("Meine Aufgaben", /aufgaben).
  std::vector<TaskSource> task_sources = {};
  // The gazetteer of German municipalities (gazetteer/gemeinden.tsv of the resources), read once at start; may be
  // empty (then the place search finds no place).
  std::shared_ptr<const places::Gazetteer> gazetteer = std::make_shared<places::Gazetteer>();
  // The identity providers (`serve --identity-config PATH`, #15); null when none are configured — then the login
  // page offers none and the provider routes answer 404.
  std::shared_ptr<IdentityProviders> identity = nullptr;
};

// Registers every platform route and the error renderer (German HTML pages, problem+json under /api/).
void RegisterRoutes(http::Router& router, Services& services);

}  // namespace mw::site
