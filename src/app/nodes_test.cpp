// Several nodes (issue #13, item 6): three `serve` processes on one PostgreSQL database behind nginx, as a Land's
// data centre runs them. Clients keep signing a petition, submitting statements and reading public pages through
// nginx; one process is killed with SIGKILL in the middle of it and started again. Afterwards: every write that was
// acknowledged is in the database, no request failed but those in flight at the kill, and the periodic jobs ran once
// per interval across the nodes (table job_run) and went on running after the kill.
//
// PostgreSQL only (SQLite is one file on one machine); skipped without MITWIRKEN_TEST_PG_URL, failed under
// MITWIRKEN_REQUIRE_PG=1. Needs nginx (scripts/bootstrap.sh installs it).
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "app/installation_test_support.hpp"
#include "formats/petitions/store.hpp"
#include "formats/procedures/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/test_db.hpp"

namespace mw::app {
namespace {

using Clock = std::chrono::steady_clock;
using mw::testing::ReadWholeFile;

constexpr const char* kNginx = "/usr/sbin/nginx";

struct Installation {
  std::int64_t petition_id = 0;
  std::int64_t procedure_id = 0;
  std::string token;  // a citizen's API token, for statements
};

// A tenant with a published petition and a procedure open for statements.
Installation MakeInstallation(db::Database& db) {
  Installation made;
  const db::UnixSeconds now = std::time(nullptr);
  db.Write([&](db::Tx& tx) {
    auto tenant = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now);
    auto citizen = accounts::CreateConfirmedUser(tx, "anna@example.org", "Anna Muster", "x", now);
    made.petition_id = PublishedPetition(tx, tenant->id, citizen->id, now);
    made.procedure_id = OpenConsultation(tx, tenant->id, now);
    made.token = accounts::CreateApiToken(tx, citizen->id, "test", now);
  });
  return made;
}

// nginx in front of the nodes, as in packaging/nginx-mitwirken.conf but on plain HTTP (the TLS part is tested by
// ops.nginx_tls). A node that refuses connections is passed over (proxy_next_upstream error timeout, nginx's
// default, spelled out) and tried again a second later; a POST that reached a node is never sent to a second one.
std::string NginxConfig(const std::string& work, unsigned short listen_port,
                        const std::vector<mw::testing::ServeProcess>& servers) {
  std::string upstream;
  for (const auto& server : servers) {
    upstream += fmt::format("    server 127.0.0.1:{} max_fails=1 fail_timeout=1s;\n", server.port);
  }
  return fmt::format(R"({user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
  log_format nodes '$msec $upstream_addr $upstream_status $status $request_method $request_uri';
  access_log {work}/access.log nodes;
  client_body_temp_path {work}/client_body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  upstream mitwirken {{
{upstream}    keepalive 32;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://mitwirken;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_read_timeout 30s;
    }}
  }}
}}
)",
                     fmt::arg("user", getuid() == 0 ? "user root;" : ""), fmt::arg("work", work),
                     fmt::arg("upstream", upstream), fmt::arg("port", listen_port));
}

// One request of a client, as the client saw it.
struct Request {
  std::string kind;  // "signature", "statement", "read"
  Clock::time_point started;
  bool ok = false;
  std::string failure;  // the status or the exception, if not ok
};

class Clients {
 public:
  Clients(unsigned short port, const Installation& installation) : port_(port), installation_(installation) {}
  ~Clients() { Stop(); }

  static constexpr int kPerKind = 2;
  // Signers, statement writers and readers: each has one request at a time.
  static constexpr std::size_t kClients = 3 * kPerKind;

  void Start() {
    for (int index = 0; index < kPerKind; ++index) {
      threads_.emplace_back([this, index] { Run("signature", index); });
      threads_.emplace_back([this, index] { Run("statement", index); });
      threads_.emplace_back([this, index] { Run("read", index); });
    }
  }
  void Stop() {
    stop_.store(true);
    for (auto& thread : threads_) thread.join();
    threads_.clear();
  }
  // The acknowledged writes of the kind with fewer (signatures or statements).
  std::size_t Acknowledged() const { return std::min(signatures_.load(), statements_.load()); }

  std::mutex mutex;                                          // guards the three below
  std::set<std::string> signed_emails;                       // signatures answered 202
  std::map<std::int64_t, std::string> statement_references;  // statements answered 201: id → reference
  std::vector<Request> requests;

 private:
  void Run(const std::string& kind, int client_idx) {
    std::optional<mw::testing::HttpConnection> connection;
    const std::vector<std::string> pages = {"/", "/verfahren", "/healthz",
                                            "/grimma/petitionen/" + std::to_string(installation_.petition_id),
                                            "/grimma/verfahren/" + std::to_string(installation_.procedure_id)};
    for (int request_idx = 0; !stop_.load(); ++request_idx) {
      Request request{.kind = kind, .started = Clock::now()};
      std::string email;
      std::string connection_header;
      try {
        if (!connection) connection.emplace(port_);
        if (kind == "signature") {
          email = fmt::format("signer-{}-{}@example.org", client_idx, request_idx);
          auto response = connection->Request(
              "POST", "/api/v1/petitions/" + std::to_string(installation_.petition_id) + "/signatures",
              {{"Content-Type", "application/json"}},
              R"({"name":"Kim Muster","email":")" + email + R"(","postcode":"04668"})");
          request.ok = response.status == 202;
          connection_header = response.Header("connection");
          if (request.ok) {
            std::lock_guard lock(mutex);
            signed_emails.insert(email);
          } else {
            request.failure = std::to_string(response.status);
          }
        } else if (kind == "statement") {
          auto response = connection->Request(
              "POST", "/api/v1/procedures/" + std::to_string(installation_.procedure_id) + "/statements",
              {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + installation_.token}},
              fmt::format(R"({{"text":"Hinweis {}-{}: Der Radweg fehlt.","name":"Anna Muster"}})", client_idx,
                          request_idx));
          std::smatch id;
          std::smatch reference;
          connection_header = response.Header("connection");
          request.ok = response.status == 201 && std::regex_search(response.body, id, std::regex(R"("id":([0-9]+))")) &&
                       std::regex_search(response.body, reference, std::regex(R"re("reference":"([A-Z0-9-]+)")re"));
          if (request.ok) {
            std::lock_guard lock(mutex);
            statement_references.emplace(std::stoll(id[1].str()), reference[1].str());
          } else {
            request.failure = std::to_string(response.status);
          }
        } else {
          auto response = connection->Request("GET", pages[request_idx % pages.size()]);
          request.ok = response.status == 200;
          connection_header = response.Header("connection");
          if (!request.ok) request.failure = std::to_string(response.status) + " " + pages[request_idx % pages.size()];
        }
      } catch (const std::exception& e) {
        request.failure = e.what();
        connection.reset();  // a new connection for the next request
      }
      // nginx closes a client's keep-alive connection after keepalive_requests answers, saying so.
      if (connection_header == "close") connection.reset();
      if (request.ok && kind == "signature") ++signatures_;
      if (request.ok && kind == "statement") ++statements_;
      std::lock_guard lock(mutex);
      requests.push_back(std::move(request));
    }
  }

  const unsigned short port_;
  const Installation installation_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> signatures_{0};
  std::atomic<std::size_t> statements_{0};
  std::vector<std::thread> threads_;
};

// Polls `condition` every 20 ms until it holds (true) or `limit` passed (false).
template <typename Condition>
bool WaitFor(Condition condition, std::chrono::seconds limit) {
  const auto give_up = Clock::now() + limit;
  while (!condition()) {
    if (Clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The process id in a lease holder's name ("host:pid:nonce", jobs::MakeHolderId), or 0.
pid_t HolderPid(const std::string& holder) {
  const auto last = holder.rfind(':');
  const auto before = last == std::string::npos ? std::string::npos : holder.rfind(':', last - 1);
  if (before == std::string::npos) return 0;
  try {
    return static_cast<pid_t>(std::stol(holder.substr(before + 1, last - before - 1)));
  } catch (const std::exception&) {
    return 0;
  }
}

struct JobRun {
  std::string holder;
  std::int64_t interval = 0;
  db::UnixSeconds started_at = 0;
  std::optional<db::UnixSeconds> finished_at;
};

std::map<std::string, std::vector<JobRun>> JobRuns(db::Database& db) {
  std::map<std::string, std::vector<JobRun>> runs;
  db.Read([&](db::Tx& tx) {
    for (const auto& row :
         tx.Query("SELECT name, holder, interval_seconds, started_at, finished_at FROM job_run ORDER BY started_at, id",
                  {})) {
      runs[row.Text(0)].push_back({row.Text(1), row.Int(2), row.Int(3), row.OptInt(4)});
    }
  });
  return runs;
}

TEST(NodesTest, ThreeNodesBehindNginxLoseNoAcknowledgedWriteWhenOneIsKilled) {
  MW_SKIP_UNLESS_AVAILABLE(mw::testing::Engine::kPostgres);
  if (!std::filesystem::exists(kNginx)) {
    if (mw::testing::PostgresRequired()) FAIL() << kNginx << " is missing (scripts/bootstrap.sh installs nginx)";
    GTEST_SKIP() << kNginx << " is missing (scripts/bootstrap.sh installs nginx)";
  }
  const auto test_started = Clock::now();
  InitCrypto();
  auto fresh = mw::testing::CreateFreshDatabase(mw::testing::Engine::kPostgres);
  ASSERT_TRUE(fresh.db);
  const Installation installation = MakeInstallation(*fresh.db);
  ASSERT_NE(installation.procedure_id, 0);

  auto servers = mw::testing::SpawnServers(
      3, fresh.url, "mw-nodes",
      {"--mail", "log", "--no-access-log", "--rate-limits", "off", "--trust-proxy", "--workers", "4"});
  pid_t nginx = 0;
  // Ends whatever still runs when an assertion stops the test early.
  struct Reaper {
    std::vector<mw::testing::ServeProcess>& servers;
    pid_t& nginx;
    bool done = false;
    ~Reaper() {
      if (done) return;
      for (const auto& server : servers) kill(server.pid, SIGKILL);
      for (const auto& server : servers) mw::testing::WaitExit(server.pid);
      if (nginx == 0) return;
      kill(nginx, SIGTERM);
      mw::testing::WaitExit(nginx);
    }
  } reaper{servers, nginx};
  ASSERT_TRUE(mw::testing::WaitUntilAllReady(servers)) << ReadWholeFile(servers[0].log_file);

  const std::string work = ::testing::TempDir() + "mw-nodes-nginx-" + std::to_string(getpid());
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const unsigned short nginx_port = mw::testing::FreePort();
  std::ofstream(work + "/nginx.conf") << NginxConfig(work, nginx_port, servers);
  nginx = mw::testing::SpawnProgram(kNginx, {"-c", work + "/nginx.conf", "-g", "daemon off;"}, work + "/nginx.out");
  ASSERT_TRUE(mw::testing::WaitUntilReady(nginx_port))
      << ReadWholeFile(work + "/nginx.out") << ReadWholeFile(work + "/error.log");

  Clients clients(nginx_port, installation);
  clients.Start();
  // Traffic on all three nodes, and the periodic jobs under way.
  ASSERT_TRUE(WaitFor([&] { return clients.Acknowledged() >= 30; }, std::chrono::seconds(30)))
      << "only " << clients.Acknowledged() << " writes acknowledged";

  // The victim: the node that ran the latest job (it may be in the middle of one), else the second.
  std::size_t victim = 1;
  fresh.db->Read([&](db::Tx& tx) {
    auto newest = tx.QueryOne("SELECT holder FROM job_run ORDER BY id DESC LIMIT 1", {});
    if (!newest) return;
    for (std::size_t index = 0; index < servers.size(); ++index) {
      if (servers[index].pid == HolderPid(newest->Text(0))) victim = index;
    }
  });
  const std::size_t acknowledged_before_kill = clients.Acknowledged();
  const db::UnixSeconds killed_at_unix = std::time(nullptr);
  const auto killed_at = Clock::now();
  kill(servers[victim].pid, SIGKILL);
  EXPECT_EQ(mw::testing::WaitExit(servers[victim].pid), 128 + SIGKILL);
  const auto reaped_at = Clock::now();  // its sockets are closed by now

  // The other two carry on alone for a while, then the victim starts again with its arguments and port.
  EXPECT_TRUE(
      WaitFor([&] { return clients.Acknowledged() >= acknowledged_before_kill + 30; }, std::chrono::seconds(30)))
      << "writes stalled with one node down";
  mw::testing::Restart(servers[victim]);
  const auto restarted_at = Clock::now();
  ASSERT_TRUE(mw::testing::WaitUntilReady(servers[victim].port)) << ReadWholeFile(servers[victim].log_file + ".1");
  // Until nginx sends requests to the restarted node again and a periodic job ran after the kill.
  const std::string restarted_upstream = " 127.0.0.1:" + std::to_string(servers[victim].port) + " ";
  const std::size_t access_log_at_restart = ReadWholeFile(work + "/access.log").size();
  EXPECT_TRUE(WaitFor(
      [&] {
        return ReadWholeFile(work + "/access.log").find(restarted_upstream, access_log_at_restart) != std::string::npos;
      },
      std::chrono::seconds(20)))
      << "nginx sent nothing to the restarted node";
  EXPECT_TRUE(WaitFor(
      [&] {
        return fresh.db->Read([&](db::Tx& tx) {
          return tx.QueryOne("SELECT 1 FROM job_run WHERE started_at > ?", {killed_at_unix + 1}).has_value();
        });
      },
      std::chrono::seconds(20)))
      << "no periodic job ran after the kill";
  const std::size_t acknowledged_before_restart_end = clients.Acknowledged();
  EXPECT_TRUE(
      WaitFor([&] { return clients.Acknowledged() >= acknowledged_before_restart_end + 20; }, std::chrono::seconds(30)))
      << "writes stalled after the restart";
  clients.Stop();
  const auto run_ended = Clock::now();
  reaper.done = true;
  EXPECT_EQ(mw::testing::StopServers(servers), 0) << "graceful shutdown on SIGTERM, the restarted node too";
  kill(nginx, SIGQUIT);
  mw::testing::WaitExit(nginx);

  // 1. Every acknowledged write is in the database.
  std::set<std::string> stored_emails;
  std::map<std::int64_t, std::string> stored_references;
  fresh.db->Read([&](db::Tx& tx) {
    for (const auto& row : tx.Query("SELECT email_normalized FROM petition_signature WHERE petition_id = ?",
                                    {installation.petition_id})) {
      stored_emails.insert(row.Text(0));
    }
    for (const auto& row : tx.Query("SELECT id, reference FROM procedure_statement WHERE procedure_id = ?",
                                    {installation.procedure_id})) {
      stored_references.emplace(row.Int(0), row.Text(1));
    }
  });
  std::size_t lost_signatures = 0;
  for (const auto& email : clients.signed_emails) lost_signatures += stored_emails.contains(email) ? 0 : 1;
  std::size_t lost_statements = 0;
  for (const auto& [id, reference] : clients.statement_references) {
    auto found = stored_references.find(id);
    lost_statements += found != stored_references.end() && found->second == reference ? 0 : 1;
  }
  EXPECT_EQ(lost_signatures, 0u) << "of " << clients.signed_emails.size() << " signatures answered 202";
  EXPECT_EQ(lost_statements, 0u) << "of " << clients.statement_references.size() << " statements answered 201";

  // 2. No request failed but those in flight at the kill: at most one per client (each has one request at a time),
  // each begun before the killed process was gone or within the moment nginx needs to see its connections closed
  // (a POST that nginx sent on a kept-alive connection to the dead node in that moment is not sent again).
  std::size_t failed = 0;
  std::string failures;
  std::map<std::string, std::size_t> by_kind;
  for (const auto& request : clients.requests) {
    ++by_kind[request.kind];
    if (request.ok) continue;
    ++failed;
    const auto offset = std::chrono::duration_cast<std::chrono::milliseconds>(request.started - killed_at).count();
    failures += fmt::format("  {} begun {} ms after the kill: {}\n", request.kind, offset, request.failure);
    EXPECT_LT(request.started, reaped_at + std::chrono::milliseconds(500))
        << "a request begun after the kill failed: " << request.failure;
  }
  EXPECT_LE(failed, Clients::kClients) << failures;

  // 3. Each periodic job ran at most once per interval across the nodes (never two runs of a job within one
  // interval, never one starting before the previous one ended), and the jobs went on after the kill.
  auto runs = JobRuns(*fresh.db);
  ASSERT_TRUE(runs.contains("petitions-fold-counts")) << "the every-second job never ran";
  std::set<std::string> holders;
  bool ran_after_kill = false;
  std::size_t run_count = 0;
  for (const auto& [name, job_runs] : runs) {
    run_count += job_runs.size();
    for (std::size_t index = 0; index < job_runs.size(); ++index) {
      const JobRun& run = job_runs[index];
      holders.insert(run.holder);
      ran_after_kill = ran_after_kill || run.started_at > killed_at_unix + 1;
      if (index == 0) continue;
      const JobRun& previous = job_runs[index - 1];
      EXPECT_GE(run.started_at - previous.started_at, run.interval)
          << name << " ran twice within its interval: by " << previous.holder << " at " << previous.started_at
          << " and by " << run.holder << " at " << run.started_at;
      if (previous.finished_at) {
        EXPECT_GE(run.started_at, *previous.finished_at) << name << " ran on two nodes at once";
      }
    }
  }
  EXPECT_TRUE(ran_after_kill) << "no periodic job ran after the kill";
  // The every-second job also ran in most seconds (once each), whichever node's tick came first.
  const auto& folds = runs["petitions-fold-counts"];
  const db::UnixSeconds fold_seconds = folds.back().started_at - folds.front().started_at + 1;
  EXPECT_GE(2 * static_cast<db::UnixSeconds>(folds.size()), fold_seconds)
      << "the every-second job ran in only " << folds.size() << " of " << fold_seconds << " seconds";

  const auto seconds = [](auto duration) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count() / 1000.0;
  };
  std::cout << fmt::format(
      "[nodes] node {} killed at {:.1f} s, restarted after {:.1f} s; {} signatures and {} statements acknowledged, "
      "{} reads; {} requests failed:\n{}[nodes] {} job runs of {} jobs by {} processes (the every-second job in {} of "
      "{} seconds); whole test {:.1f} s\n",
      victim, seconds(killed_at - test_started), seconds(restarted_at - killed_at), clients.signed_emails.size(),
      clients.statement_references.size(), by_kind["read"], failed, failures, run_count, runs.size(), holders.size(),
      folds.size(), fold_seconds, seconds(run_ended - test_started));
}

}  // namespace
}  // namespace mw::app
