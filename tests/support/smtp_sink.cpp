#include "support/smtp_sink.hpp"

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

#include <boost/asio.hpp>

namespace mw::testing {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr std::size_t kMaxLine = 1 << 20;

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

// The address inside <...> after "MAIL FROM:" or "RCPT TO:", ignoring parameters.
std::string PathArgument(std::string_view argument) {
  std::size_t open = argument.find('<');
  std::size_t close = argument.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    while (!argument.empty() && argument.front() == ' ') argument.remove_prefix(1);
    return std::string(argument.substr(0, argument.find(' ')));
  }
  return std::string(argument.substr(open + 1, close - open - 1));
}

std::string DecodeBase64(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

}  // namespace

struct SmtpSink::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::uint16_t port = 0;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<ReceivedMail> messages;
  int fail_next = 0;
  int failed = 0;

  asio::awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
      asio::co_spawn(io, Session(std::move(socket)), asio::detached);
    }
  }

  static asio::awaitable<void> Reply(tcp::socket& socket, std::string text) {
    co_await asio::async_write(socket, asio::buffer(text), asio::use_awaitable);
  }

  static asio::awaitable<std::string> ReadLine(tcp::socket& socket, std::string& buffer) {
    std::size_t n =
        co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer, kMaxLine), "\r\n", asio::use_awaitable);
    std::string line = buffer.substr(0, n - 2);
    buffer.erase(0, n);
    co_return line;
  }

  // Stores the message or fails it, as configured; returns the reply.
  std::string Finish(ReceivedMail mail) {
    std::lock_guard lock(mutex);
    if (fail_next > 0) {
      --fail_next;
      ++failed;
      return "451 4.3.0 Temporary failure, try again later\r\n";
    }
    messages.push_back(std::move(mail));
    changed.notify_all();
    return "250 2.0.0 Ok: queued\r\n";
  }

  asio::awaitable<void> Session(tcp::socket socket) {
    std::string buffer;
    ReceivedMail current;
    bool have_from = false;
    std::string auth_user;
    std::string auth_password;
    co_await Reply(socket, "220 sink.test ESMTP test sink\r\n");
    for (;;) {
      std::string line = co_await ReadLine(socket, buffer);
      std::string verb = Upper(line.substr(0, line.find(' ')));
      std::string argument = line.find(' ') == std::string::npos ? "" : line.substr(line.find(' ') + 1);
      if (verb == "EHLO") {
        co_await Reply(socket, "250-sink.test\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 SIZE 10485760\r\n");
      } else if (verb == "HELO") {
        co_await Reply(socket, "250 sink.test\r\n");
      } else if (verb == "AUTH") {
        std::string mechanism = Upper(argument.substr(0, argument.find(' ')));
        if (mechanism != "PLAIN") {
          co_await Reply(socket, "504 5.5.4 Unrecognized authentication type\r\n");
          continue;
        }
        std::string initial = argument.find(' ') == std::string::npos ? "" : argument.substr(argument.find(' ') + 1);
        if (initial.empty() || initial == "=") {
          co_await Reply(socket, "334 \r\n");
          initial = co_await ReadLine(socket, buffer);
        }
        std::string decoded = DecodeBase64(initial);  // authzid \0 authcid \0 password
        std::size_t first = decoded.find('\0');
        std::size_t second = first == std::string::npos ? std::string::npos : decoded.find('\0', first + 1);
        if (second == std::string::npos) {
          co_await Reply(socket, "501 5.5.2 Cannot decode response\r\n");
          continue;
        }
        auth_user = decoded.substr(first + 1, second - first - 1);
        auth_password = decoded.substr(second + 1);
        co_await Reply(socket, "235 2.7.0 Authentication successful\r\n");
      } else if (verb == "MAIL") {
        current = ReceivedMail{};
        current.from = PathArgument(argument.substr(std::min(argument.find(':') + 1, argument.size())));
        current.auth_user = auth_user;
        current.auth_password = auth_password;
        have_from = true;
        co_await Reply(socket, "250 2.1.0 Ok\r\n");
      } else if (verb == "RCPT") {
        if (!have_from) {
          co_await Reply(socket, "503 5.5.1 Need MAIL first\r\n");
          continue;
        }
        current.recipients.push_back(PathArgument(argument.substr(std::min(argument.find(':') + 1, argument.size()))));
        co_await Reply(socket, "250 2.1.5 Ok\r\n");
      } else if (verb == "DATA") {
        if (!have_from || current.recipients.empty()) {
          co_await Reply(socket, "503 5.5.1 Need RCPT first\r\n");
          continue;
        }
        co_await Reply(socket, "354 End data with <CR><LF>.<CR><LF>\r\n");
        for (;;) {
          std::string data_line = co_await ReadLine(socket, buffer);
          if (data_line == ".") break;
          if (!data_line.empty() && data_line.front() == '.') data_line.erase(0, 1);
          current.data += data_line;
          current.data += "\r\n";
        }
        have_from = false;
        co_await Reply(socket, Finish(std::move(current)));
        current = ReceivedMail{};
      } else if (verb == "RSET") {
        current = ReceivedMail{};
        have_from = false;
        co_await Reply(socket, "250 2.0.0 Ok\r\n");
      } else if (verb == "NOOP") {
        co_await Reply(socket, "250 2.0.0 Ok\r\n");
      } else if (verb == "QUIT") {
        co_await Reply(socket, "221 2.0.0 Bye\r\n");
        co_return;
      } else {
        co_await Reply(socket, "502 5.5.2 Command not recognized\r\n");
      }
    }
  }
};

SmtpSink::SmtpSink() : impl_(std::make_unique<Impl>()) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->port = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->io, impl_->Accept(), asio::detached);
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

SmtpSink::~SmtpSink() {
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::uint16_t SmtpSink::port() const {
  return impl_->port;
}

std::string SmtpSink::url() const {
  return "smtp://127.0.0.1:" + std::to_string(port());
}

std::vector<ReceivedMail> SmtpSink::Messages() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->messages;
}

bool SmtpSink::WaitForMessages(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] { return impl_->messages.size() >= count; });
}

void SmtpSink::FailNextTransactions(int count) {
  std::lock_guard lock(impl_->mutex);
  impl_->fail_next = count;
}

int SmtpSink::failed_transactions() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->failed;
}

void SmtpSink::Clear() {
  std::lock_guard lock(impl_->mutex);
  impl_->messages.clear();
}

}  // namespace mw::testing
