// A local SMTP server for tests: listens on 127.0.0.1 on an ephemeral port, runs on Boost.Asio in its own thread and
// speaks enough SMTP for libcurl (EHLO/HELO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP,
// QUIT). It stores every accepted message; it can answer the next N transactions with a temporary failure.
//
//   mw::testing::SmtpSink sink;
//   auto sender = mw::mail::MakeSender(sink.url(), "noreply@example.org", "Portal");
//   ...
//   ASSERT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(5)));
//   EXPECT_EQ(sink.Messages()[0].recipients[0], "anna@example.org");
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mw::testing {

struct ReceivedMail {
  std::string from;                     // MAIL FROM address, without angle brackets
  std::vector<std::string> recipients;  // RCPT TO addresses, without angle brackets
  std::string data;                     // the message after dot-unstuffing, CRLF line endings, without the final "."
  std::string auth_user;                // the AUTH PLAIN user, if the client authenticated
  std::string auth_password;
};

class SmtpSink {
 public:
  // Starts listening at once; throws if it cannot bind.
  SmtpSink();
  ~SmtpSink();  // stops the server and joins its thread
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::uint16_t port() const;
  // "smtp://127.0.0.1:PORT"
  std::string url() const;

  // The messages accepted so far, in order of acceptance.
  std::vector<ReceivedMail> Messages() const;
  // Waits until at least `count` messages were accepted; false on timeout.
  bool WaitForMessages(std::size_t count, std::chrono::milliseconds timeout) const;
  // Answers the end of DATA of the next `count` transactions with "451 4.3.0" and drops those messages.
  void FailNextTransactions(int count);
  // Number of transactions answered with a failure so far.
  int failed_transactions() const;
  void Clear();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::testing
