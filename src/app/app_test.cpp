// Tests of the `mitwirken` binary as operators and scripts use it: the admin subcommands with their exit codes, the
// demo data, and two `serve` processes on one database sharing sessions (the multi-process set-up of large
// installations on PostgreSQL; on SQLite the same works on one machine).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/http_client.hpp"
#include "support/test_db.hpp"

extern char** environ;

namespace mw::app {
namespace {

const std::string kBinary = MW_BUILD_DIR "/mitwirken";

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

pid_t Spawn(const std::vector<std::string>& args, const std::string& output_file) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(kBinary.c_str()));
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, kBinary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + kBinary);
  return pid;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

CliResult RunCli(const std::vector<std::string>& args) {
  std::string output_file = ::testing::TempDir() + "mw-cli-" + std::to_string(getpid()) + ".out";
  pid_t pid = Spawn(args, output_file);
  CliResult result;
  result.exit_code = WaitExit(pid);
  result.output = ReadFile(output_file);
  return result;
}

unsigned short FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
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
                 "landkreis-leipzig"}).exit_code, 2)
      << "a parent in another Land";

  EXPECT_EQ(Run({"admin", "create-user", "--email", "admin@land.example", "--password", "Sehr-geheimes-Passwort",
                 "--name", "Petra Betrieb"}).exit_code, 0);
  EXPECT_EQ(Run({"admin", "create-user", "--email", "kurz@land.example", "--password", "kurz"}).exit_code, 2);
  EXPECT_EQ(Run({"admin", "grant", "--email", "admin@land.example", "--tenant", "sachsen", "--role", "admin"}).exit_code,
            0);
  EXPECT_EQ(Run({"admin", "grant", "--email", "admin@land.example", "--platform-admin"}).exit_code, 0);
  EXPECT_EQ(Run({"admin", "grant", "--email", "admin@land.example", "--tenant", "sachsen", "--role", "kaiser"}).exit_code,
            2);
  EXPECT_EQ(Run({"admin", "grant", "--email", "niemand@land.example", "--tenant", "sachsen", "--role", "admin"}).exit_code,
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
  std::array<unsigned short, 2> ports{FreePort(), FreePort()};
  std::vector<pid_t> servers;
  std::string log_base = ::testing::TempDir() + "mw-serve-" + std::to_string(getpid());
  for (std::size_t index = 0; index < ports.size(); ++index) {
    servers.push_back(Spawn({"--db", url_, "serve", "--listen", "127.0.0.1:" + std::to_string(ports[index]), "--mail",
                             "log", "--no-access-log"},
                            log_base + "-" + std::to_string(index) + ".log"));
  }
  auto ready = [](unsigned short port) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      try {
        if (mw::testing::Send(port, "GET", "/readyz").status == 200) return true;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  ASSERT_TRUE(ready(ports[0]) && ready(ports[1])) << ReadFile(log_base + "-0.log");

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

  for (pid_t pid : servers) kill(pid, SIGTERM);
  for (pid_t pid : servers) EXPECT_EQ(WaitExit(pid), 0) << "graceful shutdown on SIGTERM";
}

MW_INSTANTIATE_FOR_ENGINES(CliTest);

}  // namespace
}  // namespace mw::app
