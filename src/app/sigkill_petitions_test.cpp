// A signature answered 202 is stored, even if the server dies the next moment: the real `mitwirken serve` takes a
// stream of signatures from several keep-alive connections, is killed with SIGKILL in the middle of it, and every
// signature it had acknowledged is found in the database afterwards, pending its confirmation.
#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "app/installation_test_support.hpp"
#include "formats/petitions/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/core/crypto.hpp"
#include "platform/tenancy/tenants.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/test_db.hpp"

namespace mw::app {
namespace {

class SigkillPetitionsTest : public mw::testing::EngineTest {};

TEST_P(SigkillPetitionsTest, EverySignatureAnswered202SurvivesSigkill) {
  constexpr int kSenders = 4;
  constexpr std::size_t kAcceptedBeforeKill = 150;
  InitCrypto();
  const db::UnixSeconds now = std::time(nullptr);
  const std::int64_t petition_id = db_->Write([&](db::Tx& tx) {
    auto tenant = tenancy::CreateTenant(tx, {.slug = "grimma", .name = "Stadt Grimma", .land = "SN"}, now);
    auto initiator = accounts::CreateConfirmedUser(tx, "ini@example.org", "Ini Tiator", "x", now);
    return PublishedPetition(tx, tenant->id, initiator->id, now);
  });
  db_.reset();  // the server has the database to itself

  const unsigned short port = mw::testing::FreePort();
  const std::string log_file = ::testing::TempDir() + "mw-sigkill-" + std::to_string(getpid()) + ".log";
  const pid_t server =
      mw::testing::SpawnMitwirken({"--db", url_, "serve", "--listen", "127.0.0.1:" + std::to_string(port),
                                   "--rate-limits", "off", "--mail", "log", "--no-access-log", "--workers", "8"},
                                  log_file);
  ASSERT_TRUE(mw::testing::WaitUntilReady(port)) << mw::testing::ReadWholeFile(log_file);

  // Each sender signs with new addresses over one keep-alive connection until the connection breaks.
  std::mutex accepted_mutex;
  std::set<std::string> accepted;  // the addresses of the signatures answered 202
  std::atomic<std::size_t> accepted_count{0};
  std::atomic<int> refused{0};
  const std::string path = "/api/v1/petitions/" + std::to_string(petition_id) + "/signatures";
  std::vector<std::thread> senders;
  for (int sender_idx = 0; sender_idx < kSenders; ++sender_idx) {
    senders.emplace_back([&, sender_idx] {
      try {
        mw::testing::HttpConnection connection(port);
        for (int request_idx = 0;; ++request_idx) {
          const std::string email =
              "signer-" + std::to_string(sender_idx) + "-" + std::to_string(request_idx) + "@example.org";
          std::string body = R"({"name":"Kim Muster","email":")" + email + R"(","postcode":"04668"})";
          auto response = connection.Request("POST", path, {{"Content-Type", "application/json"}}, body);
          // The answer carries no id (it may not tell whether the address had signed); the address identifies it.
          if (response.status == 202) {
            std::lock_guard lock(accepted_mutex);
            accepted.insert(email);
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
  std::set<std::string> pending;
  db->Read([&](db::Tx& tx) {
    for (const auto& row : tx.Query(
             "SELECT email_normalized FROM petition_signature WHERE petition_id = ? AND state = 'pending'",
             {petition_id})) {
      pending.insert(row.Text(0));
    }
  });
  std::size_t missing = 0;
  for (const auto& email : accepted) missing += pending.contains(email) ? 0 : 1;
  EXPECT_EQ(missing, 0u) << "of " << accepted.size() << " signatures answered 202";

  // And the server starts again on the database it left behind.
  const unsigned short restart_port = mw::testing::FreePort();
  const pid_t restarted =
      mw::testing::SpawnMitwirken({"--db", url_, "serve", "--listen", "127.0.0.1:" + std::to_string(restart_port),
                                   "--mail", "log", "--no-access-log"},
                                  log_file + ".restart");
  EXPECT_TRUE(mw::testing::WaitUntilReady(restart_port)) << mw::testing::ReadWholeFile(log_file + ".restart");
  kill(restarted, SIGTERM);
  EXPECT_EQ(mw::testing::WaitExit(restarted), 0);
}

MW_INSTANTIATE_FOR_ENGINES(SigkillPetitionsTest);

}  // namespace
}  // namespace mw::app
