// Tests of the `mitwirken` binary as operators and scripts use it: the admin subcommands with their exit codes, the
// demo data, and two `serve` processes on one database sharing sessions (the multi-process set-up of large
// installations on PostgreSQL; on SQLite the same works on one machine).
#include <gtest/gtest.h>

#include <signal.h>

#include <array>
#include <atomic>
#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/form_browser.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/test_db.hpp"

namespace mw::app {
namespace {

using mw::testing::CliResult;
using mw::testing::FreePort;
using mw::testing::ReadWholeFile;
using mw::testing::WaitExit;

CliResult RunCli(const std::vector<std::string>& args) {
  return mw::testing::RunMitwirken(args);
}

TEST(Cli, DeadlineAndHolidaysPrintJsonAndRefuseBadInput) {
  auto deadline = RunCli({"deadline", "--rule", "bimschg", "--land", "SN", "--display-start", "2025-10-06"});
  EXPECT_EQ(deadline.exit_code, 0) << deadline.output;
  EXPECT_NE(deadline.output.find("\"objection_end\":\"2025-11-20\""), std::string::npos) << deadline.output;
  auto longer = RunCli({"deadline", "--rule", "bimschg", "--land", "ST", "--display-start", "2025-10-06",
                        "--display-end", "2025-11-07"});
  EXPECT_EQ(longer.exit_code, 0);
  EXPECT_NE(longer.output.find("\"objection_end\":\"2025-11-21\""), std::string::npos) << longer.output;
  auto holidays = RunCli({"holidays", "--land", "SN", "--year", "2025"});
  EXPECT_EQ(holidays.exit_code, 0);
  EXPECT_NE(holidays.output.find("\"date\":\"2025-11-19\""), std::string::npos);
  EXPECT_EQ(RunCli({"deadline", "--rule", "nix", "--land", "SN", "--display-start", "2025-10-06"}).exit_code, 2);
  EXPECT_EQ(RunCli({"deadline", "--rule", "bimschg", "--land", "SN", "--display-start", "2025-13-01"}).exit_code, 2);
  EXPECT_EQ(RunCli({"holidays", "--land", "SN", "--year", "1800"}).exit_code, 2);
  EXPECT_EQ(RunCli({"holidays", "--land", "XX", "--year", "2025"}).exit_code, 2);
}

class CliTest : public mw::testing::EngineTest {
 protected:
  CliResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", url_});
    return RunCli(args);
  }
};

TEST(Cli, VersionAndUsage) {
  auto version = RunCli({"version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.output.find("mitwirken "), std::string::npos);
  EXPECT_EQ(RunCli({}).exit_code, 2);
  EXPECT_EQ(RunCli({"gibtsnicht"}).exit_code, 2);
}

TEST_P(CliTest, AdminCommandsSetUpTenantsUsersRolesAndTokens) {
  auto land = Run({"admin", "create-tenant", "--slug", "sachsen", "--name", "Freistaat Sachsen", "--land", "SN",
                   "--kind", "land", "--ags", "14"});
  EXPECT_EQ(land.exit_code, 0) << land.output;
  auto kreis = Run({"admin", "create-tenant", "--slug", "landkreis-leipzig", "--name", "Landkreis Leipzig", "--land",
                    "SN", "--kind", "kreis", "--parent", "sachsen", "--ags", "14729"});
  EXPECT_EQ(kreis.exit_code, 0) << kreis.output;
  auto taken = Run({"admin", "create-tenant", "--slug", "sachsen", "--name", "Nochmal", "--land", "SN"});
  EXPECT_EQ(taken.exit_code, 2);
  EXPECT_NE(taken.output.find("schon vergeben"), std::string::npos);
  EXPECT_EQ(Run({"admin", "create-tenant", "--slug", "x1", "--name", "Unbekannt", "--land", "XX"}).exit_code, 2);
  EXPECT_EQ(Run({"admin", "create-tenant", "--slug", "grimma", "--name", "Grimma", "--land", "BY", "--parent",
                 "landkreis-leipzig"})
                .exit_code,
            2)
      << "a parent in another Land";

  EXPECT_EQ(Run({"admin", "create-user", "--email", "admin@land.example", "--password", "Sehr-geheimes-Passwort",
                 "--name", "Petra Betrieb"})
                .exit_code,
            0);
  EXPECT_EQ(Run({"admin", "create-user", "--email", "kurz@land.example", "--password", "kurz"}).exit_code, 2);
  EXPECT_EQ(
      Run({"admin", "grant", "--email", "admin@land.example", "--tenant", "sachsen", "--role", "admin"}).exit_code, 0);
  EXPECT_EQ(Run({"admin", "grant", "--email", "admin@land.example", "--platform-admin"}).exit_code, 0);
  EXPECT_EQ(
      Run({"admin", "grant", "--email", "admin@land.example", "--tenant", "sachsen", "--role", "kaiser"}).exit_code, 2);
  EXPECT_EQ(
      Run({"admin", "grant", "--email", "niemand@land.example", "--tenant", "sachsen", "--role", "admin"}).exit_code,
      2);
  auto token = Run({"admin", "create-token", "--email", "admin@land.example"});
  ASSERT_EQ(token.exit_code, 0);
  std::string token_value = token.output.substr(0, token.output.find('\n'));

  auto db = db::Database::Open(url_, {});
  db->Read([&](db::Tx& tx) {
    auto user = accounts::FindUserByEmail(tx, "admin@land.example");
    ASSERT_TRUE(user);
    EXPECT_TRUE(user->confirmed());
    EXPECT_TRUE(user->is_platform_admin);
    auto sachsen = tenancy::FindBySlug(tx, "sachsen");
    EXPECT_TRUE(accounts::HasRole(tx, user->id, sachsen->id, accounts::Role::kAdmin));
    auto by_token = accounts::FindUserByApiToken(tx, token_value, 2'000'000'000);
    ASSERT_TRUE(by_token);
    EXPECT_EQ(by_token->id, user->id);
    EXPECT_EQ(tenancy::FindBySlug(tx, "landkreis-leipzig")->parent_id, sachsen->id);
  });
}

TEST_P(CliTest, DemoDataLoadsTwiceWithAllTenantKinds) {
  auto first = Run({"demo"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_NE(first.output.find("admin@mitwirken.example"), std::string::npos);
  EXPECT_EQ(Run({"demo"}).exit_code, 0) << "idempotent";
  auto db = db::Database::Open(url_, {});
  auto tenants = db->Read([](db::Tx& tx) { return tenancy::ListAll(tx); });
  std::set<std::string> kinds;
  for (const auto& tenant : tenants) kinds.insert(tenant.kind);
  EXPECT_TRUE(kinds.contains("land"));
  EXPECT_TRUE(kinds.contains("kreis"));
  EXPECT_TRUE(kinds.contains("gemeinde"));
  EXPECT_GE(tenants.size(), 3u);
}

// Two server processes on one database: a login on one is valid on the other, a logout on the other ends it.
TEST_P(CliTest, TwoServeProcessesShareSessions) {
  std::string hash = HashPassword("Geteilte-Sitzung-2026");
  db_->Write([&](db::Tx& tx) {
    ASSERT_TRUE(accounts::CreateConfirmedUser(tx, "zwei@example.org", "Zwei Prozesse", hash, 1'780'000'000));
  });
  auto servers = mw::testing::SpawnServers(2, url_, "mw-serve");
  ASSERT_TRUE(mw::testing::WaitUntilAllReady(servers)) << ReadWholeFile(servers[0].log_file);
  const std::array<unsigned short, 2> ports{servers[0].port, servers[1].port};

  mw::testing::CookieJar jar;
  auto request = [&](unsigned short port, std::string_view method, std::string_view target, std::string body = {}) {
    mw::testing::HttpConnection connection(port);
    connection.SetCookieJar(&jar);
    mw::testing::HeaderList headers;
    if (!body.empty()) headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    return connection.Request(method, target, headers, body);
  };
  auto csrf_of = [](const std::string& html) {
    std::smatch match;
    std::regex_search(html, match, std::regex(R"re(name="csrf" value="([^"]+)")re"));
    return match.size() > 1 ? match[1].str() : std::string();
  };
  auto form = request(ports[0], "GET", "/anmelden");
  auto login = request(ports[0], "POST", "/anmelden",
                       "email=zwei%40example.org&password=Geteilte-Sitzung-2026&csrf=" + csrf_of(form.body));
  ASSERT_EQ(login.status, 303);
  auto on_other = request(ports[1], "GET", "/konto");
  EXPECT_EQ(on_other.status, 200);
  EXPECT_NE(on_other.body.find("zwei@example.org"), std::string::npos);
  auto logout = request(ports[1], "POST", "/abmelden", "csrf=" + csrf_of(on_other.body));
  EXPECT_EQ(logout.status, 303);
  for (const auto& value : login.HeaderValues("set-cookie")) {
    if (value.rfind("mw_session=", 0) == 0) jar.Set("mw_session", value.substr(11, value.find(';') - 11));
  }
  EXPECT_EQ(request(ports[0], "GET", "/konto").status, 303) << "the session ended on both";

  EXPECT_EQ(mw::testing::StopServers(servers), 0) << "graceful shutdown on SIGTERM";
}

// The metrics tell about load and errors: never on the public address, only on the one of --metrics-listen.
TEST_P(CliTest, MetricsAreServedOnlyOnTheirOwnAddress) {
  const unsigned short public_port = FreePort();
  const unsigned short metrics_port = FreePort();
  const std::string log = ::testing::TempDir() + "mw-metrics-" + std::to_string(getpid()) + ".log";
  pid_t server = mw::testing::SpawnMitwirken(
      {"--db", url_, "serve", "--listen", "127.0.0.1:" + std::to_string(public_port), "--metrics-listen",
       "127.0.0.1:" + std::to_string(metrics_port), "--mail", "log", "--no-access-log"},
      log);
  ASSERT_TRUE(mw::testing::WaitUntilReady(public_port)) << ReadWholeFile(log);
  EXPECT_EQ(mw::testing::Send(public_port, "GET", "/healthz").status, 200);
  EXPECT_EQ(mw::testing::Send(public_port, "GET", "/metrics").status, 404);
  auto metrics = mw::testing::Send(metrics_port, "GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("mw_http_requests_total"), std::string::npos);
  EXPECT_EQ(mw::testing::Send(metrics_port, "GET", "/").status, 404) << "nothing else on the metrics address";
  kill(server, SIGTERM);
  EXPECT_EQ(WaitExit(server), 0);

  auto refused = Run({"serve", "--listen", "127.0.0.1:0", "--metrics-listen", "ohne-port"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("--metrics-listen erwartet HOST:PORT"), std::string::npos) << refused.output;
}

// #14 item 6: the maps use a tile server only when the operator names one (serve --map-tiles); without, the
// Content-Security-Policy allows no image host but the portal. A bad value stops the server with the reason.
TEST_P(CliTest, MapTilesOnlyFromTheOperatorsChoice) {
  for (const bool chosen : {false, true}) {
    const unsigned short port = FreePort();
    const std::string log = ::testing::TempDir() + "mw-tiles-" + std::to_string(getpid()) + ".log";
    std::vector<std::string> args{"--db", url_, "serve", "--listen", "127.0.0.1:" + std::to_string(port), "--mail",
                                  "log", "--no-access-log"};
    if (chosen) {
      args.insert(args.end(), {"--map-tiles", "https://geodienste.land.example/wmts/{z}/{x}/{y}.png",
                               "--map-attribution", "© Land"});
    }
    pid_t server = mw::testing::SpawnMitwirken(args, log);
    ASSERT_TRUE(mw::testing::WaitUntilReady(port)) << ReadWholeFile(log);
    auto map = mw::testing::Send(port, "GET", "/verfahren/karte");
    EXPECT_EQ(map.status, 200);
    const std::string policy = map.Header("content-security-policy");
    EXPECT_EQ(policy.find("https://geodienste.land.example") != std::string::npos, chosen) << policy;
    EXPECT_EQ(policy.find("openstreetmap"), std::string::npos) << policy;
    kill(server, SIGTERM);
    EXPECT_EQ(WaitExit(server), 0);
  }
  auto refused = Run({"serve", "--listen", "127.0.0.1:0", "--map-tiles", "http://tiles.example/{z}/{x}/{y}.png",
                      "--map-attribution", "x"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("--map-tiles"), std::string::npos) << refused.output;
}

// #15: the identity providers' file is read at start, and a mistake in it stops the start naming its place; a
// provider that cannot be reached stops nothing — the login with it says so on a German page.
TEST_P(CliTest, IdentityConfigErrorsStopTheStartButAProviderThatIsDownDoesNot) {
  const std::string dir = ::testing::TempDir();
  const std::string bad = dir + "mw-identity-bad-" + std::to_string(getpid()) + ".json";
  const std::string good = dir + "mw-identity-good-" + std::to_string(getpid()) + ".json";
  std::ofstream(bad) << R"({"providers":[{"key":"servicekonto","name":"Servicekonto","issuer":"ftp://id.example",)"
                        R"("client_id":"mitwirken","client_secret":"s"}]})";
  // Nothing listens on port 1 of the loopback interface.
  std::ofstream(good) << R"({"providers":[{"key":"servicekonto","name":"Servicekonto Sachsen",)"
                         R"("issuer":"http://127.0.0.1:1/realms/amt24","client_id":"mitwirken","client_secret":"s"}]})";
  auto refused = Run({"serve", "--listen", "127.0.0.1:0", "--identity-config", bad});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("providers[0].issuer"), std::string::npos) << refused.output;

  const unsigned short port = FreePort();
  const std::string log = dir + "mw-identity-" + std::to_string(getpid()) + ".log";
  pid_t server = mw::testing::SpawnMitwirken({"--db", url_, "serve", "--listen", "127.0.0.1:" + std::to_string(port),
                                              "--mail", "log", "--no-access-log", "--identity-config", good},
                                             log);
  ASSERT_TRUE(mw::testing::WaitUntilReady(port)) << ReadWholeFile(log);
  EXPECT_NE(mw::testing::Send(port, "GET", "/anmelden").body.find("Mit Servicekonto Sachsen anmelden"),
            std::string::npos);
  auto down = mw::testing::Send(port, "GET", "/anmelden/servicekonto");
  EXPECT_EQ(down.status, 503);
  EXPECT_NE(down.body.find("nicht erreichbar"), std::string::npos);
  kill(server, SIGTERM);
  EXPECT_EQ(WaitExit(server), 0);
}

// Two server processes on one database with the page cache: a petition page kept by one process shows a moderator's
// step taken through the other within a second (the other process polls the page generations).
db::UnixSeconds Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A tenant "grimma" with a moderator (and an API token of theirs) and a petition published now, so that its period
// runs while the test does.
struct PublishedPetition {
  std::int64_t petition_id = 0;
  std::string moderator_token;
};
PublishedPetition PublishPetition(db::Database& db) {
  PublishedPetition made;
  db.Write([&](db::Tx& tx) {
    auto tenant = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, 1'780'000'000);
    ASSERT_TRUE(tenant.has_value());
    auto moderator = accounts::CreateConfirmedUser(tx, "mod@example.org", "Mo Derator", "x", 1'780'000'000);
    ASSERT_TRUE(moderator.has_value());
    ASSERT_TRUE(accounts::Grant(tx, moderator->id, tenant->id, accounts::Role::kModerator, 1'780'000'000));
    made.moderator_token = accounts::CreateApiToken(tx, moderator->id, "test", 1'780'000'000);
    auto draft = petitions::CreateDraft(
        tx, tenant->id, moderator->id,
        {.title = "Mehr Bänke", .demand = "Bänke aufstellen", .justification = "Zum Ausruhen"}, 1'780'000'000);
    ASSERT_TRUE(draft.has_value());
    ASSERT_TRUE(petitions::SubmitForModeration(tx, draft->id, 1'780'000'000).has_value());
    auto published = petitions::Publish(tx, draft->id, Now());
    ASSERT_TRUE(published.has_value());
    made.petition_id = published->id;
  });
  return made;
}

TEST_P(CliTest, TwoServeProcessesShowAWriteOfTheOtherWithinASecond) {
  const auto [petition_id, token] = PublishPetition(*db_);
  ASSERT_NE(petition_id, 0);
  auto servers = mw::testing::SpawnServers(2, url_, "mw-pages");
  ASSERT_TRUE(mw::testing::WaitUntilAllReady(servers)) << ReadWholeFile(servers[0].log_file);
  const std::array<unsigned short, 2> ports{servers[0].port, servers[1].port};

  const std::string page = "/grimma/petitionen/" + std::to_string(petition_id);
  auto get = [&](unsigned short port) {
    return mw::testing::Send(port, "GET", page, {{"Cookie", "mw_csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}});
  };
  const std::string kSigningForm = "unterschreiben-titel";
  auto kept = get(ports[1]);
  ASSERT_EQ(kept.status, 200) << kept.body;
  ASSERT_NE(kept.body.find(kSigningForm), std::string::npos);
  EXPECT_EQ(mw::testing::UnmaskCsrfFields(get(ports[1]).body), mw::testing::UnmaskCsrfFields(kept.body)) << "the kept page";

  // The moderator closes the petition through the first process.
  auto closed = mw::testing::Send(ports[0], "POST", "/api/v1/petitions/" + std::to_string(petition_id) + "/close",
                                  {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}}, "");
  ASSERT_EQ(closed.status, 200) << closed.body;
  const auto written = std::chrono::steady_clock::now();
  EXPECT_EQ(get(ports[0]).body.find(kSigningForm), std::string::npos) << "at once in the writing process";
  bool shown = false;
  while (!shown && std::chrono::steady_clock::now() - written < std::chrono::seconds(3)) {
    shown = get(ports[1]).body.find(kSigningForm) == std::string::npos;
    if (!shown) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto took = std::chrono::steady_clock::now() - written;
  EXPECT_TRUE(shown) << "the other process still shows the signing form";
  EXPECT_LT(took, std::chrono::seconds(1))
      << "the other process showed the step only after "
      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";

  EXPECT_EQ(mw::testing::StopServers(servers), 0) << "graceful shutdown on SIGTERM";
}

// `mitwirken backup` in its own process while signatures keep coming in, then `mitwirken restore` into an empty
// database (issue #13, item 5): every signature confirmed before the backup started is in the restored installation.
TEST_P(CliTest, BackupWhileSignaturesComeInRestoresEveryOneAnsweredBefore) {
  // A whole database of its own on PostgreSQL (pg_dump takes a whole database, not the test's schema).
  const std::string source = mw::testing::CreateWholeDatabase(engine()).url;
  auto db = db::Database::Open(source, {});
  db->Migrate(mw::testing::MigrationsDir());
  const std::int64_t petition_id = PublishPetition(*db).petition_id;
  ASSERT_NE(petition_id, 0);

  std::atomic<int> confirmed{0};  // signatures whose confirmation has been answered (committed)
  std::atomic<bool> stop{false};
  std::thread signers([&] {
    for (int number = 1; !stop.load(); ++number) {
      db->Write([&](db::Tx& tx) {
        const petitions::ValidSignature signature{.name = "Person " + std::to_string(number),
                                                  .email_normalized = fmt::format("person{}@example.org", number),
                                                  .postcode = "04668",
                                                  .address = "Markt 1, Grimma"};
        auto added = petitions::AddSignature(tx, petition_id, signature, "127.0.0.1", Now());
        ASSERT_TRUE(added.has_value());
        ASSERT_TRUE(petitions::ConfirmSignature(tx, added->token, Now()).has_value());
      });
      confirmed.store(number);
    }
  });
  while (confirmed.load() < 30) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int before = confirmed.load();
  const std::string file = ::testing::TempDir() + "mw-backup-" + std::to_string(getpid()) + "-" + mw::testing::EngineName(engine());
  std::filesystem::remove(file);
  auto backup = RunCli({"--db", source, "backup", "--to", file});
  while (confirmed.load() < before + 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop.store(true);
  signers.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.output;

  const std::string target = mw::testing::CreateWholeDatabase(engine()).url;
  auto restore = RunCli({"--db", target, "restore", "--from", file});
  ASSERT_EQ(restore.exit_code, 0) << restore.output;
  auto restored = db::Database::Open(target, {});
  auto signatures = restored->Read([&](db::Tx& tx) { return petitions::ListSignatures(tx, petition_id); });
  std::set<std::string> names;
  for (const auto& signature : signatures) {
    if (signature.state == "confirmed") names.insert(signature.name);
  }
  for (int number = 1; number <= before; ++number) {
    EXPECT_TRUE(names.contains("Person " + std::to_string(number))) << "signature " << number << " is missing";
  }
  EXPECT_LT(names.size(), static_cast<std::size_t>(confirmed.load())) << "the signatures after the backup are not in it";

  // Into a database that is not empty: refused, and nothing changed.
  auto again = RunCli({"--db", target, "restore", "--from", file});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.output.find("empty"), std::string::npos) << again.output;
  EXPECT_EQ(RunCli({"--db", source, "backup", "--to", file}).exit_code, 1) << "an existing backup is not overwritten";
  std::filesystem::remove(file);
}

MW_INSTANTIATE_FOR_ENGINES(CliTest);

}  // namespace
}  // namespace mw::app
