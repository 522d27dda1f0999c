// A statement answered 201 is stored, even if the server dies the next moment: the real `mitwirken serve` takes a
// stream of statements (citizens' API submissions) from several keep-alive connections, is killed with SIGKILL in
// the middle of it, and every statement it had acknowledged is found in the database afterwards with the reference
// and SHA-256 its receipt named.
#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

#include "app/installation_test_support.hpp"
#include "formats/procedures/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/test_db.hpp"

namespace mw::app {
namespace {

class SigkillProceduresTest : public mw::testing::EngineTest {};

struct Receipt {
  std::string reference;
  std::string sha256;
};

// id, reference and sha256 of a 201 answer, or nullopt.
std::optional<std::pair<std::int64_t, Receipt>> Accepted(const mw::testing::HttpResponse& response) {
  std::smatch id;
  std::smatch reference;
  std::smatch sha256;
  if (response.status != 201 || !std::regex_search(response.body, id, std::regex(R"("id":([0-9]+))")) ||
      !std::regex_search(response.body, reference, std::regex(R"re("reference":"([A-Z0-9-]+)")re")) ||
      !std::regex_search(response.body, sha256, std::regex(R"re("sha256":"([0-9a-f]{64})")re"))) {
    return std::nullopt;
  }
  return std::pair{std::stoll(id[1].str()), Receipt{reference[1].str(), sha256[1].str()}};
}

TEST_P(SigkillProceduresTest, EveryStatementAnswered201SurvivesSigkill) {
  constexpr int kSenders = 4;
  constexpr std::size_t kAcceptedBeforeKill = 120;
  InitCrypto();
  const db::UnixSeconds now = std::time(nullptr);
  std::int64_t procedure_id = 0;
  std::string token;
  db_->Write([&](db::Tx& tx) {
    auto tenant = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now);
    auto citizen = accounts::CreateConfirmedUser(tx, "anna@example.org", "Anna Muster", "x", now);
    procedure_id = OpenConsultation(tx, tenant->id, now);
    token = accounts::CreateApiToken(tx, citizen->id, "test", now);
  });
  db_.reset();  // the server has the database to itself

  const unsigned short port = mw::testing::FreePort();
  const std::string log_file = ::testing::TempDir() + "mw-sigkill-procedures-" + std::to_string(getpid()) + ".log";
  const pid_t server =
      mw::testing::SpawnMitwirken({"--db", url_, "serve", "--listen", "127.0.0.1:" + std::to_string(port),
                                   "--rate-limits", "off", "--mail", "log", "--no-access-log", "--workers", "8"},
                                  log_file);
  ASSERT_TRUE(mw::testing::WaitUntilReady(port)) << mw::testing::ReadWholeFile(log_file);

  std::mutex accepted_mutex;
  std::map<std::int64_t, Receipt> accepted;
  std::atomic<std::size_t> accepted_count{0};
  std::atomic<int> refused{0};
  const std::string path = "/api/v1/procedures/" + std::to_string(procedure_id) + "/statements";
  std::vector<std::thread> senders;
  for (int sender_idx = 0; sender_idx < kSenders; ++sender_idx) {
    senders.emplace_back([&, sender_idx] {
      try {
        mw::testing::HttpConnection connection(port);
        for (int request_idx = 0;; ++request_idx) {
          std::string body = R"({"text":"Hinweis )" + std::to_string(sender_idx) + "-" +
                             std::to_string(request_idx) + R"(: Der Radweg fehlt.","name":"Anna Muster"})";
          auto response = connection.Request(
              "POST", path, {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}}, body);
          if (auto receipt = Accepted(response)) {
            std::lock_guard lock(accepted_mutex);
            accepted.emplace(receipt->first, receipt->second);
            ++accepted_count;
          } else {
            ++refused;
          }
        }
      } catch (const std::exception&) {
        // The server was killed: the connection broke in the middle of a request.
      }
    });
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (accepted_count.load() < kAcceptedBeforeKill && refused.load() == 0 &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(server, SIGKILL);
  for (auto& sender : senders) sender.join();
  EXPECT_EQ(mw::testing::WaitExit(server), 128 + SIGKILL) << "the server ended before it was killed";
  ASSERT_EQ(refused.load(), 0) << mw::testing::ReadWholeFile(log_file);
  ASSERT_GE(accepted.size(), kAcceptedBeforeKill) << mw::testing::ReadWholeFile(log_file);

  auto db = db::Database::Open(url_, {});
  std::map<std::int64_t, Receipt> stored;
  db->Read([&](db::Tx& tx) {
    for (const auto& row : tx.Query("SELECT id, reference, sha256 FROM procedure_statement WHERE procedure_id = ?",
                                    {procedure_id})) {
      stored.emplace(row.Int(0), Receipt{row.Text(1), row.Text(2)});
    }
  });
  std::size_t missing = 0;
  for (const auto& [id, receipt] : accepted) {
    auto found = stored.find(id);
    if (found == stored.end() || found->second.reference != receipt.reference ||
        found->second.sha256 != receipt.sha256) {
      ++missing;
    }
  }
  EXPECT_EQ(missing, 0u) << "of " << accepted.size() << " statements answered 201";
}

MW_INSTANTIATE_FOR_ENGINES(SigkillProceduresTest);

}  // namespace
}  // namespace mw::app
