#include "app/cli.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <ctime>
#include <iostream>
#include <optional>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "app/deadlines.hpp"
#include "app/demo.hpp"
#include "app/demo_scale.hpp"
#include "formats/petitions/pages.hpp"
#include "formats/procedures/pages.hpp"
#include "formats/procedures/public_store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/audit/audit.hpp"
#include "platform/core/crypto.hpp"
#include "platform/db/backup.hpp"
#include "platform/db/database.hpp"
#include "platform/http/server.hpp"
#include "platform/identity/client.hpp"
#include "platform/identity/config.hpp"
#include "platform/jobs/lease.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/limits/rate_limit.hpp"
#include "platform/mail/outbox.hpp"
#include "platform/mail/sender.hpp"
#include "platform/site/identity.hpp"
#include "platform/site/page_cache.hpp"
#include "platform/site/platform_jobs.hpp"
#include "platform/site/site.hpp"
#include "platform/tenancy/tenants.hpp"
#include "platform/web/render.hpp"

#ifndef MW_VERSION
#define MW_VERSION "0.1.0"
#endif

namespace mw::app {
namespace {

struct GlobalOptions {
  std::string db = "data/mitwirken.db";
  std::string resources = MW_SOURCE_DIR;
};

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  int io_threads = 2;
  int workers = 16;
  std::string mail = "dir:data/mail";
  std::string mail_from = "noreply@mitwirken.example";
  std::string mail_from_name = "Beteiligungsportal mitwirken";
  std::string base_url;
  std::string static_dir = MW_BUILD_DIR "/static";
  std::string upload_dir;
  std::string rate_limits = "on";
  std::string rate_limit_rules;
  int mail_retention_days = 30;
  bool trust_proxy = false;
  std::string metrics_listen;  // empty: /metrics is not served
  int max_connections_per_ip = 64;
  int max_uploads_per_ip = 2;
  std::int64_t max_upload_mb = 1024;
  bool secure_cookies = false;
  bool access_log = true;
  bool page_cache = true;
  std::string operator_name;
  std::string operator_address;
  std::string operator_email;
  std::string map_tiles;        // empty: no base map (#14 item 6)
  std::string map_attribution;
  std::string identity_config;  // the identity providers' JSON file (#15, docs/identity.md)
};

// Thrown for problems the operator can fix (bad flag values); printed without a stack of context.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::unique_ptr<db::Database> OpenDatabase(const GlobalOptions& global) {
  auto db = db::Database::Open(global.db, {});
  db->Migrate(std::filesystem::path(global.resources) / "migrations");
  return db;
}

std::pair<std::string, unsigned short> SplitListen(const std::string& listen, std::string_view flag = "--listen") {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    throw UsageError(std::string(flag) + " erwartet HOST:PORT, z. B. 127.0.0.1:8080");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) throw UsageError(std::string(flag) + ": ungültiger Port in " + listen);
  return {host, static_cast<unsigned short>(port)};
}

// The formats' periodic jobs (each under a lease, so once per installation).
void RegisterFormatJobs(jobs::Scheduler& scheduler, site::Services& services) {
  petitions::AddJobs(scheduler, services.db);
  procedures::AddJobs(scheduler, services);
}

// The gazetteer of the place search (gazetteer/gemeinden.tsv of the resources), read once. Without the file the
// place search finds no place (a warning); a malformed file stops the start.
std::shared_ptr<const places::Gazetteer> LoadGazetteer(const std::filesystem::path& resources) {
  const std::filesystem::path path = resources / "gazetteer" / "gemeinden.tsv";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    spdlog::warn("gazetteer not found at {}: the place search finds no place", path.string());
    return std::make_shared<places::Gazetteer>();
  }
  std::stringstream text;
  text << in.rdbuf();
  auto gazetteer = places::Gazetteer::Parse(text.str());
  if (!gazetteer) throw UsageError(path.string() + ": " + gazetteer.error().message);
  spdlog::info("gazetteer: {} municipalities", gazetteer->size());
  return std::make_shared<places::Gazetteer>(std::move(*gazetteer));
}

int Serve(const GlobalOptions& global, const ServeOptions& options) {
  auto [host, port] = SplitListen(options.listen);
  if (options.rate_limits != "on" && options.rate_limits != "off") {
    throw UsageError("--rate-limits erwartet on oder off");
  }
  if (options.max_connections_per_ip < 0 || options.max_uploads_per_ip < 0 || options.max_upload_mb < 0) {
    throw UsageError("--max-connections-per-ip, --max-uploads-per-ip und --max-upload-mb erwarten 0 (keine Grenze) "
                     "oder eine positive Zahl");
  }
  std::optional<std::pair<std::string, unsigned short>> metrics_address;
  if (!options.metrics_listen.empty()) metrics_address = SplitListen(options.metrics_listen, "--metrics-listen");
  auto db = OpenDatabase(global);
  std::filesystem::path resources(global.resources);
  // The static files, read and compressed once; pages reference them by content-hashed addresses.
  auto static_assets = std::make_shared<const http::StaticAssets>(options.static_dir);
  spdlog::info("static files: {} bytes of gzip and brotli forms kept", static_assets->CompressedBytes());
  web::Renderer renderer(resources / "templates", resources / "locales",
                         [static_assets](std::string_view path) { return static_assets->Url(path); });
  web::Renderer mail_renderer(resources / "templates" / "mail", resources / "locales");
  auto rules = limits::ParseRules(options.rate_limit_rules);
  if (!rules) throw UsageError("--rate-limit-rules: " + rules.error().message);
  limits::RateLimiter limiter(*db, {.enabled = options.rate_limits == "on", .rules = std::move(*rules)});
  auto sender = mail::MakeSender(options.mail, options.mail_from, options.mail_from_name);
  if (!sender) throw UsageError("--mail: " + sender.error().message);

  std::string holder = jobs::MakeHolderId();
  mail::OutboxWorker outbox(*db, **sender, jobs::SystemNow, holder);
  jobs::Scheduler scheduler(*db, holder, jobs::SystemNow);

  site::SiteConfig config;
  config.base_url = options.base_url.empty() ? "http://" + options.listen : options.base_url;
  while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
  config.secure_cookies = options.secure_cookies || config.base_url.rfind("https://", 0) == 0;
  config.static_dir = options.static_dir;
  config.static_assets = static_assets;
  config.openapi_file = resources / "docs" / "openapi.json";
  config.mail_retention_days = options.mail_retention_days;
  config.page_cache = options.page_cache;
  if (!options.operator_name.empty()) config.operator_name = options.operator_name;
  if (!options.operator_address.empty()) config.operator_address = options.operator_address;
  if (!options.operator_email.empty()) config.operator_email = options.operator_email;
  if (!options.map_tiles.empty() || !options.map_attribution.empty()) {
    // The same rules as a tenant's own base map: https, a tile template or WMS, an attribution.
    const procedures::MapSettings map{.tile_url = options.map_tiles, .attribution = options.map_attribution};
    if (auto errors = procedures::ValidateMapSettings(map); !errors.empty()) {
      throw UsageError("--map-tiles/--map-attribution: " + errors.front().message);
    }
    config.map_tile_url = map.tile_url;
    config.map_attribution = map.attribution;
  }
  // The identity providers are read before anything starts, so that a mistake in the file stops the start with its
  // place named; the providers themselves are asked only when someone logs in (one that is down stops nothing).
  std::shared_ptr<site::IdentityProviders> identity;
  if (!options.identity_config.empty()) {
    auto loaded = identity::LoadIdentityConfig(options.identity_config);
    if (!loaded) {
      throw UsageError("--identity-config " + options.identity_config + ": " + loaded.error().message +
                       (loaded.error().field.empty() ? "" : " (" + loaded.error().field + ")"));
    }
    spdlog::info("identity providers: {}", loaded->providers.size());
    identity =
        std::make_shared<site::IdentityProviders>(std::move(*loaded), std::make_unique<identity::CurlHttpClient>());
  }
  if (!std::filesystem::exists(config.static_dir / "css")) {
    spdlog::warn("static files not found in {} (run scripts/build-assets.sh)", config.static_dir.string());
  }

  site::Services services{*db,    renderer,       mail_renderer, limiter, [&outbox] { outbox.Notify(); },
                          config, jobs::SystemNow};
  services.gazetteer = LoadGazetteer(resources);
  services.identity = identity;
  site::RegisterPlatformJobs(scheduler, services);
  RegisterFormatJobs(scheduler, services);
  // Other processes' writes make this process's kept pages outdated within a poll (site/page_cache.hpp).
  site::PageGenerationWatch page_generations(*db);
  http::Router router;
  site::RegisterRoutes(router, services);
  RegisterDeadlineApi(router);
  petitions::Register(router, services);
  procedures::Register(router, services);

  http::ServerOptions server_options;
  server_options.listen_host = host;
  server_options.listen_port = port;
  server_options.io_threads = options.io_threads;
  server_options.worker_threads = options.workers;
  server_options.trust_proxy = options.trust_proxy;
  server_options.access_log = options.access_log;
  server_options.max_connections_per_ip = options.max_connections_per_ip;
  server_options.max_uploads_per_ip = options.max_uploads_per_ip;
  server_options.max_upload_bytes = static_cast<std::uint64_t>(options.max_upload_mb) * 1024 * 1024;
  if (!options.upload_dir.empty()) server_options.upload_dir = options.upload_dir;
  http::Server server(std::move(router), server_options);
  server.Listen();
  // The metrics tell about load and errors: only on an address of their own, for the monitoring (never public).
  std::optional<http::Server> metrics_server;
  if (metrics_address) {
    http::Router metrics_router;
    metrics_router.Add(http::Method::kGet, "/metrics", http::MetricsHandler());
    metrics_server.emplace(std::move(metrics_router),
                           http::ServerOptions{.listen_host = metrics_address->first,
                                               .listen_port = metrics_address->second,
                                               .io_threads = 1,
                                               .worker_threads = 1,
                                               .trust_proxy = false,
                                               .access_log = false});
    metrics_server->Start();
    spdlog::info("metrics on http://{}:{}/metrics", metrics_address->first, metrics_server->port());
  }
  spdlog::info("mitwirken {} serving on http://{}:{} (database: {})", MW_VERSION, host, server.port(),
               db->dialect() == db::Dialect::kSqlite ? global.db : "PostgreSQL");
  outbox.Start();
  scheduler.Start();
  server.Run();
  spdlog::info("shutting down");
  if (metrics_server) metrics_server->Stop();
  scheduler.Stop();
  outbox.Stop();
  return 0;
}

accounts::User RequireUser(db::Tx& tx, const std::string& email) {
  auto user = accounts::FindUserByEmail(tx, email);
  if (!user) throw UsageError("Kein Konto mit der E-Mail-Adresse " + email);
  return *user;
}

}  // namespace

int Main(int argc, char** argv) {
  setenv("TZ", "Europe/Berlin", 0);
  tzset();
  InitCrypto();

  CLI::App cli{"mitwirken – Beteiligungsportal für die öffentliche Verwaltung"};
  cli.require_subcommand(1);
  GlobalOptions global;
  cli.add_option("--db", global.db, "SQLite-Datei oder postgresql://-URL")
      ->envname("MITWIRKEN_DB")
      ->capture_default_str();
  cli.add_option("--resources", global.resources, "Ordner mit templates/, locales/ und migrations/")
      ->envname("MITWIRKEN_RESOURCES")
      ->capture_default_str();

  ServeOptions serve;
  auto* serve_cmd = cli.add_subcommand("serve", "Portal ausliefern");
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT")->envname("MITWIRKEN_LISTEN")->capture_default_str();
  serve_cmd->add_option("--io-threads", serve.io_threads)->envname("MITWIRKEN_IO_THREADS")->capture_default_str();
  serve_cmd->add_option("--workers", serve.workers, "Threads für Anfragen mit Datenbankzugriff")
      ->envname("MITWIRKEN_WORKERS")
      ->capture_default_str();
  serve_cmd->add_option("--mail", serve.mail, "dir:PFAD | smtp://HOST:PORT | smtps://USER:PASS@HOST:PORT | log")
      ->envname("MITWIRKEN_MAIL")
      ->capture_default_str();
  serve_cmd->add_option("--mail-from", serve.mail_from)->envname("MITWIRKEN_MAIL_FROM")->capture_default_str();
  serve_cmd->add_option("--mail-from-name", serve.mail_from_name)
      ->envname("MITWIRKEN_MAIL_FROM_NAME")
      ->capture_default_str();
  serve_cmd->add_option("--base-url", serve.base_url, "Öffentliche Adresse für Links in E-Mails")
      ->envname("MITWIRKEN_BASE_URL");
  serve_cmd->add_option("--static-dir", serve.static_dir)->envname("MITWIRKEN_STATIC_DIR")->capture_default_str();
  serve_cmd->add_option("--upload-dir", serve.upload_dir)->envname("MITWIRKEN_UPLOAD_DIR");
  serve_cmd
      ->add_option("--mail-retention-days", serve.mail_retention_days,
                   "Tage, die gesendete E-Mails im Postausgang bleiben (danach gelöscht)")
      ->envname("MITWIRKEN_MAIL_RETENTION_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  serve_cmd->add_option("--rate-limits", serve.rate_limits, "on | off")
      ->envname("MITWIRKEN_RATE_LIMITS")
      ->capture_default_str();
  serve_cmd
      ->add_option("--rate-limit-rules", serve.rate_limit_rules,
                   "eigene Grenzen je Art, z. B. petition-sign-ip=1000/600,login-ip=100/600")
      ->envname("MITWIRKEN_RATE_LIMIT_RULES");
  serve_cmd->add_flag("--trust-proxy", serve.trust_proxy, "X-Forwarded-For/-Proto auswerten")
      ->envname("MITWIRKEN_TRUST_PROXY");
  serve_cmd
      ->add_option("--metrics-listen", serve.metrics_listen,
                   "HOST:PORT für /metrics (Prometheus), getrennt von --listen; ohne: keine Metriken")
      ->envname("MITWIRKEN_METRICS_LISTEN");
  serve_cmd
      ->add_option("--max-connections-per-ip", serve.max_connections_per_ip,
                   "offene Verbindungen je Gegenstelle (hinter einem Proxy: der Proxy); 0: keine Grenze")
      ->envname("MITWIRKEN_MAX_CONNECTIONS_PER_IP")
      ->capture_default_str();
  serve_cmd->add_option("--max-uploads-per-ip", serve.max_uploads_per_ip, "gleichzeitige Uploads je Client; 0: keine Grenze")
      ->envname("MITWIRKEN_MAX_UPLOADS_PER_IP")
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-upload-mb", serve.max_upload_mb,
                   "MiB, die alle laufenden Uploads zusammen in temporären Dateien belegen dürfen; 0: keine Grenze")
      ->envname("MITWIRKEN_MAX_UPLOAD_MB")
      ->capture_default_str();
  serve_cmd->add_flag("--secure-cookies", serve.secure_cookies, "Cookies nur über HTTPS")
      ->envname("MITWIRKEN_SECURE_COOKIES");
  serve_cmd->add_flag("!--no-access-log", serve.access_log, "kein Zugriffsprotokoll")
      ->envname("MITWIRKEN_NO_ACCESS_LOG");
  serve_cmd->add_flag("!--no-page-cache", serve.page_cache,
                      "jede Seite für jeden Besucher neu erzeugen (nur zum Messen, z. B. bench/land.sh)");
  serve_cmd->add_option("--operator-name", serve.operator_name)->envname("MITWIRKEN_OPERATOR_NAME");
  serve_cmd->add_option("--operator-address", serve.operator_address)->envname("MITWIRKEN_OPERATOR_ADDRESS");
  serve_cmd->add_option("--operator-email", serve.operator_email)->envname("MITWIRKEN_OPERATOR_EMAIL");
  serve_cmd
      ->add_option("--map-tiles", serve.map_tiles,
                   "Hintergrundkarte aller Karten: https-Kachelvorlage mit {z}, {x}, {y} oder WMS-Adresse mit LAYERS "
                   "(z. B. der Dienst des Landes); ohne: keine Hintergrundkarte, keine Anfragen an Dritte")
      ->envname("MITWIRKEN_MAP_TILES");
  serve_cmd->add_option("--map-attribution", serve.map_attribution, "Quellenvermerk der Hintergrundkarte")
      ->envname("MITWIRKEN_MAP_ATTRIBUTION");
  serve_cmd
      ->add_option(
          "--identity-config", serve.identity_config,
          "JSON-Datei mit den Anmeldediensten (OpenID Connect, docs/identity.md); ohne: nur Passwort-Anmeldung")
      ->envname("MITWIRKEN_IDENTITY_CONFIG");

  auto* migrate_cmd = cli.add_subcommand("migrate", "Datenbankschema anlegen oder aktualisieren");
  auto* demo_cmd = cli.add_subcommand("demo", "Demodaten laden");
  std::string demo_base_url = "http://127.0.0.1:8080";
  demo_cmd->add_option("--base-url", demo_base_url, "Öffentliche Adresse für die Links in den Bekanntmachungen (wie bei serve)")
      ->capture_default_str();
  std::string demo_scale;
  demo_cmd->add_option("--scale", demo_scale,
                       "Statt der kleinen Demo eine Installation in Landesgröße erzeugen: land (260 Mandanten, 5.600 "
                       "Verfahren, 500.000 Stellungnahmen, 2.000 Petitionen, 3 Mio. Unterschriften), small (ein "
                       "Hundertstel) oder ein Faktor wie 0.05");
  auto* version_cmd = cli.add_subcommand("version", "Version ausgeben");
  std::string backup_file;
  auto* backup_cmd = cli.add_subcommand(
      "backup", "Datenbank mit allen Dokumenten sichern, auch während der Dienst läuft (SQLite: Datei; PostgreSQL: pg_dump)");
  backup_cmd->add_option("--to", backup_file, "Zieldatei; sie darf noch nicht existieren")->required();
  auto* restore_cmd =
      cli.add_subcommand("restore", "Eine Sicherung in eine leere Datenbank zurückspielen und das Schema aktualisieren");
  restore_cmd->add_option("--from", backup_file, "Sicherungsdatei aus mitwirken backup")->required();

  auto* admin_cmd = cli.add_subcommand("admin", "Verwaltung per Kommandozeile");
  admin_cmd->require_subcommand(1);
  tenancy::NewTenant tenant;
  auto* create_tenant = admin_cmd->add_subcommand("create-tenant", "Mandanten anlegen");
  create_tenant->add_option("--slug", tenant.slug)->required();
  create_tenant->add_option("--name", tenant.name)->required();
  create_tenant->add_option("--land", tenant.land)->required();
  create_tenant->add_option("--parent", tenant.parent_slug);
  create_tenant->add_option("--ags", tenant.ags);
  create_tenant->add_option("--kind", tenant.kind, "land | kreis | gemeinde | behoerde")->capture_default_str();
  create_tenant->add_option("--email", tenant.contact_email);
  create_tenant->add_option("--phone", tenant.contact_phone);
  create_tenant->add_option("--address", tenant.address);
  create_tenant->add_option("--website", tenant.website);

  std::string email, password, name, tenant_slug, role_name, token_label = "cli";
  bool platform_admin = false;
  auto* create_user = admin_cmd->add_subcommand("create-user", "Bestätigtes Konto anlegen");
  create_user->add_option("--email", email)->required();
  create_user->add_option("--password", password)->required();
  create_user->add_option("--name", name);
  auto* grant = admin_cmd->add_subcommand("grant", "Rolle in einem Mandanten vergeben");
  grant->add_option("--email", email)->required();
  grant->add_option("--tenant", tenant_slug);
  grant->add_option("--role", role_name, "admin | editor | case-worker | moderator");
  grant->add_flag("--platform-admin", platform_admin, "Plattform-Administration");
  auto* create_token = admin_cmd->add_subcommand("create-token", "Persönliches API-Token ausgeben");
  create_token->add_option("--email", email)->required();
  create_token->add_option("--label", token_label)->capture_default_str();

  DeadlineParams deadline;
  auto* deadline_cmd = cli.add_subcommand("deadline", "Fristen eines Verfahrens berechnen (JSON)");
  deadline_cmd
      ->add_option("--rule", deadline.rule,
                   "bimschg | bimschg-ied | bimschg-uvp | baugb-3-2 | baugb-4-2 | vwvfg-73 | vwvfg-73-uvp | free")
      ->required();
  deadline_cmd->add_option("--land", deadline.land, "BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH")->required();
  deadline_cmd->add_option("--display-start", deadline.display_start, "erster Tag der Auslegung, JJJJ-MM-TT")
      ->required();
  deadline_cmd->add_option("--display-end", deadline.display_end, "tatsächlicher letzter Tag der Auslegung");
  deadline_cmd->add_option("--announcement", deadline.announcement, "Tag der Bekanntmachung");
  deadline_cmd->add_option("--ags", deadline.ags, "Amtlicher Gemeindeschlüssel des Behördensitzes");
  deadline_cmd->add_option("--length", deadline.length, "nur bei free: P14D, P2W, P1M, P1Y");
  std::string holiday_land, holiday_year, holiday_ags;
  auto* holidays_cmd = cli.add_subcommand("holidays", "Feiertage eines Landes (JSON)");
  holidays_cmd->add_option("--land", holiday_land)->required();
  holidays_cmd->add_option("--year", holiday_year)->required();
  holidays_cmd->add_option("--ags", holiday_ags);

  auto* jobs_cmd = cli.add_subcommand("jobs", "Hintergrundaufgaben von Hand ausführen");
  jobs_cmd->require_subcommand(1);
  std::string job_name;
  auto* jobs_run = jobs_cmd->add_subcommand("run", "Eine Aufgabe sofort ausführen");
  jobs_run
      ->add_option("name", job_name,
                   "purge-expired | account-inactivity | petitions-fold-counts | petitions-close-expired | "
                   "petitions-delete-personal-data | procedures-subscription-mails | procedures-check-documents | "
                   "procedures-cluster")
      ->required();
  std::string jobs_base_url;
  jobs_run->add_option("--base-url", jobs_base_url, "Öffentliche Adresse für Links in E-Mails (wie bei serve)");
  int jobs_mail_retention_days = 30;
  jobs_run
      ->add_option("--mail-retention-days", jobs_mail_retention_days,
                   "Tage, die gesendete E-Mails im Postausgang bleiben (wie bei serve)")
      ->envname("MITWIRKEN_MAIL_RETENTION_DAYS")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error) == 0 ? 0 : 2;
  }

  try {
    db::UnixSeconds now = jobs::SystemNow();
    if (version_cmd->parsed()) {
      std::cout << "mitwirken " << MW_VERSION << "\n";
      return 0;
    }
    if (deadline_cmd->parsed() || holidays_cmd->parsed()) {
      auto json =
          deadline_cmd->parsed() ? DeadlinesJson(deadline) : HolidaysJson(holiday_land, holiday_year, holiday_ags);
      if (!json) throw UsageError(json.error().message);
      std::cout << *json << "\n";
      return 0;
    }
    if (serve_cmd->parsed()) return Serve(global, serve);
    if (backup_cmd->parsed()) {
      db::Backup(global.db, backup_file);
      std::cout << "Gesichert in " << backup_file << ".\n";
      return 0;
    }
    if (restore_cmd->parsed()) {
      db::Restore(global.db, backup_file);
      OpenDatabase(global);  // brings an older backup's schema up to date
      std::cout << "Sicherung " << backup_file << " zurückgespielt; das Datenbankschema ist aktuell.\n";
      return 0;
    }
    auto db = OpenDatabase(global);
    if (migrate_cmd->parsed()) {
      std::cout << "Datenbankschema ist aktuell.\n";
      return 0;
    }
    if (demo_cmd->parsed()) {
      while (!demo_base_url.empty() && demo_base_url.back() == '/') demo_base_url.pop_back();
      if (!demo_scale.empty()) {
        auto counts = ParseScale(demo_scale);
        if (!counts) throw UsageError("--scale ist land, small oder ein Faktor größer als 0 und höchstens 1.");
        LoadScaleDemo(*db, now, demo_base_url, *counts, std::cout);
        std::cout << "Konten (Passwort: " << kDemoPassword << "): admin@mitwirken.example, "
                  << "sachbearbeitung@<mandant>.example je Mandant, initiative1…50@buerger.example\n"
                  << "Zwei-Faktor-Schlüssel (TOTP) von admin@mitwirken.example (nur Demo): " << kDemoAdminTotpSecret
                  << "\n";
        return 0;
      }
      auto accounts_list = LoadDemoData(*db, now, demo_base_url);
      std::cout << "Demodaten geladen. Demo-Konten (Passwort: " << kDemoPassword << "):\n";
      for (const auto& account : accounts_list) {
        std::cout << "  " << account.email << "  – " << account.description << "\n";
      }
      // The platform administration asks for a second factor; the demo's administrator has a published one.
      std::cout << "Zwei-Faktor-Schlüssel (TOTP) von admin@mitwirken.example (nur Demo, in eine Authenticator-App "
                << "eintragen): " << kDemoAdminTotpSecret << "\n";
      return 0;
    }
    if (create_tenant->parsed()) {
      auto created = db->Write([&](db::Tx& tx) -> Result<tenancy::Tenant> {
        auto result = tenancy::CreateTenant(tx, tenant, now);
        if (result) {
          audit::Record(tx,
                        {.actor_label = "cli",
                         .tenant_id = result->id,
                         .action = "tenant.create",
                         .object = "tenant:" + result->slug,
                         .detail = result->name},
                        now);
        }
        return result;
      });
      if (!created) throw UsageError(created.error().message);
      std::cout << "Mandant " << created->slug << " angelegt.\n";
      return 0;
    }
    if (create_user->parsed()) {
      if (auto valid = accounts::ValidatePassword(password, password); !valid) throw UsageError(valid.error().message);
      std::string hash = HashPassword(password);
      auto created = db->Write([&](db::Tx& tx) -> Result<accounts::User> {
        std::string display_name = name.empty() ? email.substr(0, email.find('@')) : name;
        auto user = accounts::CreateConfirmedUser(tx, email, display_name, hash, now);
        if (user) {
          audit::Record(
              tx, {.actor_label = "cli", .action = "user.create", .object = "user:" + std::to_string(user->id)}, now);
        }
        return user;
      });
      if (!created) throw UsageError(created.error().message);
      std::cout << "Konto " << created->email << " angelegt.\n";
      return 0;
    }
    if (grant->parsed()) {
      if (!platform_admin && (tenant_slug.empty() || role_name.empty())) {
        throw UsageError("grant braucht --tenant und --role, oder --platform-admin");
      }
      std::optional<accounts::Role> role;
      if (!role_name.empty()) {
        role = accounts::ParseRole(role_name);
        if (!role) throw UsageError("Unbekannte Rolle " + role_name + " (admin, editor, case-worker, moderator)");
      }
      db->Write([&](db::Tx& tx) {
        accounts::User user = RequireUser(tx, email);
        if (platform_admin) {
          accounts::SetPlatformAdmin(tx, user.id, true);
          audit::Record(
              tx, {.actor_label = "cli", .action = "user.platform_admin", .object = "user:" + std::to_string(user.id)},
              now);
        }
        if (role) {
          auto found = tenancy::FindBySlug(tx, tenant_slug);
          if (!found) throw UsageError("Unbekannter Mandant " + tenant_slug);
          auto granted = accounts::Grant(tx, user.id, found->id, *role, now);
          if (!granted) throw UsageError(granted.error().message);
          audit::Record(tx,
                        {.actor_label = "cli",
                         .tenant_id = found->id,
                         .action = "role.grant",
                         .object = "user:" + std::to_string(user.id),
                         .detail = role_name},
                        now);
        }
      });
      std::cout << "Rolle vergeben.\n";
      return 0;
    }
    if (create_token->parsed()) {
      std::string token = db->Write([&](db::Tx& tx) {
        accounts::User user = RequireUser(tx, email);
        audit::Record(tx,
                      {.actor_user_id = user.id,
                       .actor_label = "cli",
                       .action = "api_token.create",
                       .object = "user:" + std::to_string(user.id),
                       .detail = token_label},
                      now);
        return accounts::CreateApiToken(tx, user.id, token_label, now);
      });
      std::cout << token << "\n";
      return 0;
    }
    if (jobs_run->parsed()) {
      std::filesystem::path resources(global.resources);
      web::Renderer renderer(resources / "templates", resources / "locales");
      web::Renderer mail_renderer(resources / "templates" / "mail", resources / "locales");
      limits::RateLimiter limiter(*db, {});
      site::SiteConfig config;
      if (!jobs_base_url.empty()) config.base_url = jobs_base_url;
      config.mail_retention_days = jobs_mail_retention_days;
      while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
      site::Services services{*db, renderer, mail_renderer, limiter, {}, config, jobs::SystemNow};
      jobs::Scheduler scheduler(*db, jobs::MakeHolderId(), jobs::SystemNow);
      site::RegisterPlatformJobs(scheduler, services);
      RegisterFormatJobs(scheduler, services);
      auto ran = scheduler.RunNow(job_name, now);
      if (!ran) throw UsageError(ran.error().message);
      std::cout << "Aufgabe " << job_name << " ausgeführt.\n";
      return 0;
    }
  } catch (const UsageError& error) {
    std::cerr << "Fehler: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "Fehler: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace mw::app
