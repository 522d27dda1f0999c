// The connection state machine. Everything a connection does on the network runs on its strand on an I/O thread;
// everything that may block (handlers, error pages, writing uploads to disk, opening files, compressing, unlinking
// temporary files, the access log) runs on the worker pool and posts its result back to the strand.
//
// One request on a connection goes through:
//   idle (waiting for the first byte, idle_timeout)
//   -> reading (header, then body; read_timeout for the whole request, enforced by `deadline_`)
//   -> handling (on a worker; or on the strand when the route's fast handler answers from memory)
//   -> writing (on the strand, idle_timeout per write progress)
//   -> idle again (keep-alive) or closing.
#include "platform/http/server.hpp"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <variant>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/text.hpp"
#include "platform/http/parsers.hpp"
#include "platform/http/upload.hpp"
#include "platform/http/wire.hpp"

namespace mw::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// Size of the pieces in which a multipart body is read and handed to a worker.
constexpr std::size_t kUploadChunkBytes = 64 * 1024;
// After an error answered before the body was read, how long we keep reading (and discarding) so that the client
// sees the response instead of a connection reset.
constexpr auto kLingerTimeout = std::chrono::seconds(2);
// After shutdown_grace, how long Stop() waits for forcibly closed connections to go away.
constexpr auto kForceCloseWait = std::chrono::seconds(2);

constexpr std::string_view kPolicyBeforeImages = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";
constexpr std::string_view kPolicyAfterImages =
    "; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const std::string kDefaultPolicy = std::string(kPolicyBeforeImages) + std::string(kPolicyAfterImages);

const std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy", kDefaultPolicy},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};

}  // namespace

std::string ContentSecurityPolicy(const std::vector<std::string>& extra_image_sources) {
  std::string policy(kPolicyBeforeImages);
  for (const auto& source : extra_image_sources) {
    std::string_view rest = source;
    if (rest.starts_with("https://")) {
      rest.remove_prefix(8);
    } else if (rest.starts_with("http://")) {
      rest.remove_prefix(7);
    } else {
      continue;
    }
    bool plain = !rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '*';
    });
    if (plain) policy += " " + source;
  }
  policy += kPolicyAfterImages;
  return policy;
}

namespace {

// Process-wide gauges (several servers may run in one test process). Read by Metrics when it renders, so that the
// hot path only touches the atomics.
std::atomic<int> g_connections_open{0};
std::atomic<int> g_requests_in_flight{0};

void RegisterGauges() {
  static const bool registered = [] {
    Metrics::Global().SetReader("mw_http_connections_open", [] { return g_connections_open.load(); });
    Metrics::Global().SetReader("mw_http_requests_in_flight", [] { return g_requests_in_flight.load(); });
    return true;
  }();
  (void)registered;
}

// Counts a request as in flight from its first byte until its exchange is destroyed.
struct InFlight {
  InFlight() { g_requests_in_flight.fetch_add(1, std::memory_order_relaxed); }
  ~InFlight() { g_requests_in_flight.fetch_sub(1, std::memory_order_relaxed); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
};

// An error the server detected itself, answered through the error renderer.
struct ServerError {
  int status;
  std::string message;
  Headers headers;  // Allow for a 405, Retry-After for a 429 or 503
};

class ServerCore;

// What a multipart upload holds from the moment its body is admitted until its temporary files are gone: a place
// among its client's concurrent uploads and its reservation of the temporary-file budget. Returned when destroyed.
struct UploadClaim {
  ServerCore* core = nullptr;
  std::string client;
  std::uint64_t bytes = 0;
  UploadClaim(ServerCore* owner, std::string ip, std::uint64_t reserved)
      : core(owner), client(std::move(ip)), bytes(reserved) {}
  ~UploadClaim();
  UploadClaim(const UploadClaim&) = delete;
  UploadClaim& operator=(const UploadClaim&) = delete;
};

// One request and what became of it.
struct Exchange {
  InFlight in_flight;
  Request request;
  unsigned version = 11;
  bool keep_alive = false;   // what the client asked for (HTTP/1.1 default, Connection header)
  bool body_unread = false;  // a body follows that we did not read: the connection cannot carry another request
  const Handler* handler = nullptr;
  RouteOptions options;
  std::optional<ServerError> error;
  Clock::time_point start = Clock::now();
  // Declared before `upload`, so destroyed after it: the files are removed before their bytes count as free.
  std::unique_ptr<UploadClaim> upload_claim;
  std::unique_ptr<MultipartUpload> upload;
  std::vector<char> chunk;  // multipart body piece
  int status = 0;
  std::uint64_t bytes_sent = 0;
  double duration_ms = 0;
};

// A response held in memory, serialised by us: the status line and header fields in one string and the body as
// up to three kinds of pieces, all written with one gather write per write-ready socket (Beast's generator hands
// out at most a dozen buffers at a time, so a header of many fields went out in two writes, two TCP segments).
struct InMemory {
  std::string head;
  std::string body;                          // the body of its own, or
  std::shared_ptr<const SharedBody> shared;  // a kept body shared with other responses (never copied) …
  std::string fill;                          // … with this in its holes
};

// A serialised response ready to be written: in memory, or a file through Beast's serializer.
struct Produced {
  std::optional<InMemory> bytes;
  std::optional<bhttp::message_generator> message;
  int status = 500;
  bool keep_alive = false;
};

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

std::string ClientAddress(const net::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

class Connection;

class ServerCore {
 public:
  ServerCore(Router router, ServerOptions options);
  ~ServerCore();

  void Listen();
  void Start();
  void Run(bool install_signal_handlers);
  void Stop();
  unsigned short port() const { return port_.load(); }

  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  const std::filesystem::path& upload_dir() const { return upload_dir_; }
  net::thread_pool& pool() { return *pool_; }
  bool stopping() const { return stopping_.load(); }

  // False when the connection's peer already has max_connections_per_ip open: the caller drops it.
  bool Register(const std::shared_ptr<Connection>& connection);
  void Unregister(Connection* connection);

  // A place for a multipart upload of `request` announcing `content_length` (nullopt: chunked), or the error that
  // refuses it (429: too many uploads from its client at once; 503: the temporary-file budget is spent).
  std::variant<std::unique_ptr<UploadClaim>, ServerError> ClaimUpload(const Request& request,
                                                                      std::optional<std::uint64_t> content_length,
                                                                      std::uint64_t body_limit);
  void ReleaseUpload(const UploadClaim& claim);

  // On a worker: runs the handler or renders the server's error, then serialises the response.
  Produced Produce(Exchange& exchange);
  // On the strand: the route's fast handler's response, serialised as Produce() would, or nullopt when there is no
  // fast handler, it declined, threw, or gave a response that needs the worker (a bare error status, a file).
  std::optional<Produced> ProduceFast(Exchange& exchange);
  // On a worker, before the body is read: the route's body gate's refusal, serialised, or nullopt to read the body.
  std::optional<Produced> ProduceRefusal(Exchange& exchange);
  // After the response was written: removes temporary files, logs, counts. On a worker, or on the strand when
  // there is neither a file to remove nor an access log line to write (then it only counts).
  void Finish(std::unique_ptr<Exchange> exchange);

  Response RenderError(const Request& request, int status, const std::string& message) const;

 private:
  void DoAccept();
  void RequestStop();
  Response RunHandler(Exchange& exchange) const;
  // A bare error status ("return Response{.status = 404}") gets the error page; the handler's headers and cookies
  // stay.
  Response WithErrorPage(const Exchange& exchange, Response response) const;
  void Serialize(const Exchange& exchange, Response& response, bool keep_alive, Produced& produced) const;
  // Serialises a finished response (the one way both Produce and ProduceFast send one).
  Produced Complete(const Exchange& exchange, Response response);

  // Declared first: connections unregister themselves while the members below are destroyed.
  std::mutex connections_mutex_;
  std::condition_variable connections_cv_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections_;
  std::unordered_map<std::string, int> connections_per_ip_;  // under connections_mutex_

  std::mutex uploads_mutex_;
  std::unordered_map<std::string, int> uploads_per_ip_;  // under uploads_mutex_
  std::uint64_t upload_bytes_reserved_ = 0;              // under uploads_mutex_

  Router router_;
  ServerOptions options_;
  std::filesystem::path upload_dir_;

  net::io_context ioc_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_guard_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_retry_timer_;
  std::optional<net::signal_set> signals_;
  std::optional<net::thread_pool> pool_;
  std::vector<std::thread> io_threads_;
  std::atomic<unsigned short> port_{0};
  std::atomic<bool> stopping_{false};

  std::mutex stop_mutex_;  // held for the whole of Stop(): a second caller waits until the first is done
  bool started_ = false;
  bool stopped_ = false;
  std::mutex run_mutex_;
  std::condition_variable run_cv_;
  bool stop_requested_ = false;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore& core, tcp::socket socket)
      : core_(core), stream_(std::move(socket)), deadline_(stream_.get_executor()) {
    g_connections_open.fetch_add(1, std::memory_order_relaxed);
    beast::error_code ec;
    const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ip_ = ClientAddress(peer.address());
  }

  ~Connection() {
    g_connections_open.fetch_sub(1, std::memory_order_relaxed);
    core_.Unregister(this);
  }

  // All public entry points must run on the connection's strand.
  auto executor() { return stream_.get_executor(); }

  // Set by ServerCore::Register (under its lock) when the connection counts against its peer's limit.
  const std::string& peer_ip() const { return peer_ip_; }
  bool counted = false;

  void Start() { WaitForRequest(); }

  // The server is stopping: a connection waiting for a request closes now; one in the middle of a request finishes
  // it and closes after the response.
  void Shutdown() {
    shutting_down_ = true;
    if (phase_ == Phase::kIdle || phase_ == Phase::kClosing) stream_.cancel();
  }

  // shutdown_grace is over.
  void ForceClose() {
    CancelDeadline();
    stream_.close();
  }

 private:
  enum class Phase { kIdle, kReading, kHandling, kWriting, kClosing };

  void WaitForRequest() {
    phase_ = Phase::kIdle;
    if (shutting_down_ || core_.stopping()) return Close(/*linger=*/false);
    if (buffer_.size() > 0) return BeginRequest();  // a pipelined request is already here
    stream_.expires_after(core_.options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t received) {
                              self->buffer_.commit(received);
                              if (ec) return self->Close(/*linger=*/false);  // idle timeout, peer gone, shutdown
                              self->BeginRequest();
                            });
  }

  void BeginRequest() {
    phase_ = Phase::kReading;
    exchange_ = std::make_unique<Exchange>();
    exchange_->request.remote_ip = peer_ip_;
    stream_.expires_never();  // `deadline_` bounds the whole request instead (and leaves room for a 408)
    ArmDeadline();
    header_parser_.emplace();
    header_parser_->header_limit(core_.options().header_limit);
    header_parser_->body_limit(boost::none);  // checked against the route's limit once the route is known
    bhttp::async_read_header(stream_, buffer_, *header_parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->FailRead(ec);
                               self->ProcessHeader();
                             });
  }

  void ProcessHeader() {
    const auto& message = header_parser_->get();
    Exchange& exchange = *exchange_;
    Request& request = exchange.request;
    request.method_name = std::string(message.method_string());
    request.method = ParseMethod(request.method_name);
    request.target = std::string(message.target());
    exchange.version = message.version();
    exchange.keep_alive = header_parser_->keep_alive();
    std::string cookie_header;
    for (const auto& field : message) {
      request.headers.emplace_back(AsciiLower(field.name_string()), std::string(field.value()));
      if (request.headers.back().first == "cookie") {
        if (!cookie_header.empty()) cookie_header += "; ";
        cookie_header += request.headers.back().second;
      }
    }
    exchange.body_unread = !header_parser_->is_done();

    // RFC 9112 3.2: an HTTP/1.1 request carries exactly one Host header.
    const auto host_count = std::count_if(request.headers.begin(), request.headers.end(),
                                          [](const auto& header) { return header.first == "host"; });
    if (host_count > 1 || (host_count == 0 && exchange.version >= 11)) {
      return RespondError(400, wire::StatusMessage(400));
    }
    auto target = wire::ParseTarget(request.target);
    if (!target) {
      // The error renderer picks HTML or problem+json by path: give it the raw path if it is plain ASCII.
      const std::string_view raw_path = std::string_view(request.target).substr(0, request.target.find('?'));
      if (std::all_of(raw_path.begin(), raw_path.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
        request.path = std::string(raw_path);
      }
      return RespondError(400, target.error().message);
    }
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    request.cookies = ParseCookies(cookie_header);
    if (core_.options().trust_proxy) ApplyForwardedHeaders(request);
    // Only "chunked" alone frames a request body; anything else is refused before routing and before the body is
    // read (RFC 9112 6.1, 6.3).
    std::vector<std::string_view> transfer_codings;
    for (const auto& [name, value] : request.headers) {
      if (name == "transfer-encoding") transfer_codings.push_back(value);
    }
    if (!transfer_codings.empty()) {
      if (const int status = wire::TransferEncodingStatus(transfer_codings, exchange.version); status != 0) {
        return RespondError(status, wire::StatusMessage(status));
      }
    }

    Router::Match match = core_.router().Find(request.method, request.path);
    if (match.handler == nullptr) {
      if (!match.path_known) return RespondError(404, wire::StatusMessage(404));
      std::string allow;
      for (Method method : match.allowed_methods) {
        if (!allow.empty()) allow += ", ";
        allow += MethodName(method);
      }
      return RespondError(405, wire::StatusMessage(405), {{"Allow", std::move(allow)}});
    }
    exchange.handler = match.handler;
    exchange.options = *match.options;
    request.path_params = std::move(match.params);

    if (!exchange.body_unread) return Dispatch();
    const auto content_length = header_parser_->content_length();
    if (content_length && *content_length > exchange.options.body_limit) {
      return RespondError(413, wire::StatusMessage(413));
    }
    if (exchange.options.before_body) return RunBodyGate();
    AdmitBody();
  }

  // The route's gate decides on a worker (it may ask the database) whether this body may come in.
  void RunBodyGate() {
    Exchange* exchange = exchange_.get();
    net::post(core_.pool(), [self = shared_from_this(), exchange] {
      std::optional<Produced> refusal = self->core_.ProduceRefusal(*exchange);
      net::post(self->executor(), [self, refusal = std::move(refusal)]() mutable {
        self->BodyGateDone(std::move(refusal));
      });
    });
  }

  void BodyGateDone(std::optional<Produced> refusal) {
    if (timed_out_) return RespondError(408, wire::StatusMessage(408));
    if (!refusal) return AdmitBody();
    // Not a byte of the body was read: the connection closes after the refusal (body_unread).
    header_parser_.reset();
    phase_ = Phase::kHandling;
    CancelDeadline();
    Write(std::move(*refusal));
  }

  // The body may come in: an upload first needs a place (per client and in the temporary-file budget).
  void AdmitBody() {
    Exchange& exchange = *exchange_;
    if (exchange.options.multipart) {
      const auto announced = header_parser_->content_length();
      auto claim = core_.ClaimUpload(exchange.request, announced ? std::optional<std::uint64_t>(*announced) : std::nullopt,
                                     exchange.options.body_limit);
      if (auto* error = std::get_if<ServerError>(&claim)) {
        return RespondError(error->status, std::move(error->message), std::move(error->headers));
      }
      exchange.upload_claim = std::move(std::get<std::unique_ptr<UploadClaim>>(claim));
    }
    if (IEquals(Trim(header_parser_->get()[bhttp::field::expect]), "100-continue")) return SendContinue();
    ReadBody();
  }

  // X-Forwarded-For / X-Forwarded-Proto from the reverse proxy we trust; the first hop is the client.
  static void ApplyForwardedHeaders(Request& request) {
    if (auto forwarded_for = request.Header("x-forwarded-for")) {
      std::string_view first = Trim(std::string_view(*forwarded_for).substr(0, forwarded_for->find(',')));
      beast::error_code ec;
      const auto address = net::ip::make_address(first, ec);
      if (!ec) request.remote_ip = ClientAddress(address);
    }
    if (auto proto = request.Header("x-forwarded-proto")) {
      request.secure = IEquals(Trim(std::string_view(*proto).substr(0, proto->find(','))), "https");
    }
  }

  void SendContinue() {
    auto interim = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, exchange_->version);
    bhttp::async_write(stream_, *interim, [self = shared_from_this(), interim](beast::error_code ec, std::size_t) {
      if (ec) return self->FailRead(ec);
      self->ReadBody();
    });
  }

  void ReadBody() {
    if (exchange_->options.multipart) return StartMultipart();
    string_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    string_parser_->body_limit(exchange_->options.body_limit);
    bhttp::async_read(stream_, buffer_, *string_parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->FailRead(ec);
                        self->exchange_->request.body = std::move(self->string_parser_->get().body());
                        self->exchange_->body_unread = false;
                        self->string_parser_.reset();
                        self->Dispatch();
                      });
  }

  void StartMultipart() {
    auto boundary = MultipartBoundary(exchange_->request.Header("content-type").value_or(""));
    if (!boundary) return RespondError(400, boundary.error().message);
    exchange_->upload = std::make_unique<MultipartUpload>(std::move(*boundary), core_.upload_dir(), exchange_->options);
    exchange_->chunk.resize(kUploadChunkBytes);
    chunk_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    chunk_parser_->body_limit(exchange_->options.body_limit);
    ReadChunk();
  }

  void ReadChunk() {
    auto& body = chunk_parser_->get().body();
    body.data = exchange_->chunk.data();
    body.size = exchange_->chunk.size();
    body.more = true;
    bhttp::async_read(stream_, buffer_, *chunk_parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec == bhttp::error::need_buffer) ec = {};  // the chunk buffer is full
      if (ec) return self->FailRead(ec);
      self->FeedChunk();
    });
  }

  // Hands the chunk to a worker (the multipart sink writes files) and continues reading when it is done. The strand
  // does not touch the exchange meanwhile: no read is pending, only the deadline.
  void FeedChunk() {
    const std::size_t received = exchange_->chunk.size() - chunk_parser_->get().body().size;
    const bool done = chunk_parser_->is_done();
    Exchange* exchange = exchange_.get();
    net::post(core_.pool(), [self = shared_from_this(), exchange, received, done] {
      Status status;
      try {
        status = exchange->upload->Feed(std::string_view(exchange->chunk.data(), received));
        if (status && done) status = exchange->upload->Finish();
      } catch (const std::exception& e) {
        spdlog::error("http: storing an upload failed: {}", e.what());
        status = Fail(ErrorKind::kUnavailable, wire::StatusMessage(500));
      }
      net::post(self->executor(), [self, status = std::move(status), done] { self->ChunkFed(status, done); });
    });
  }

  void ChunkFed(const Status& status, bool done) {
    if (timed_out_) return RespondError(408, wire::StatusMessage(408));
    if (!status) {
      const ErrorKind kind = status.error().kind;
      const int code = kind == ErrorKind::kTooLarge ? 413 : kind == ErrorKind::kInvalid ? 400 : 500;
      return RespondError(code, status.error().message);
    }
    if (!done) return ReadChunk();
    chunk_parser_.reset();
    Exchange& exchange = *exchange_;
    exchange.body_unread = false;
    exchange.request.form = exchange.upload->TakeForm();
    exchange.request.files = exchange.upload->TakeFiles();
    exchange.upload.reset();
    exchange.chunk = {};
    Dispatch();
  }

  // A read of the current request failed: answer what can be answered, close quietly otherwise.
  void FailRead(const beast::error_code& ec) {
    if (timed_out_) return RespondError(408, wire::StatusMessage(408));
    if (ec == bhttp::error::header_limit) return RespondError(431, wire::StatusMessage(431));
    if (ec == bhttp::error::body_limit) return RespondError(413, wire::StatusMessage(413));
    if (IsHttpParseError(ec) && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return RespondError(400, wire::StatusMessage(400));
    }
    Close(/*linger=*/false);  // the peer went away or the network failed: nobody to answer
  }

  void RespondError(int status, std::string message, Headers headers = {}) {
    // Only a request read completely (or one without a body) leaves the connection usable for the next one.
    if (header_parser_ && !header_parser_->is_header_done()) exchange_->body_unread = true;
    if (string_parser_ || chunk_parser_) exchange_->body_unread = true;
    // After a malformed, oversized or late request we trust nothing else on this connection.
    if (status != 404 && status != 405) exchange_->keep_alive = false;
    header_parser_.reset();
    string_parser_.reset();
    chunk_parser_.reset();
    exchange_->error = ServerError{status, std::move(message), std::move(headers)};
    Dispatch();
  }

  void Dispatch() {
    phase_ = Phase::kHandling;
    CancelDeadline();
    if (auto fast = core_.ProduceFast(*exchange_)) return Write(std::move(*fast));
    Exchange* exchange = exchange_.get();
    net::post(core_.pool(), [self = shared_from_this(), exchange] {
      Produced produced = self->core_.Produce(*exchange);
      net::post(self->executor(),
                [self, produced = std::move(produced)]() mutable { self->Write(std::move(produced)); });
    });
  }

  void Write(Produced produced) {
    phase_ = Phase::kWriting;
    exchange_->status = produced.status;
    response_keep_alive_ = produced.keep_alive;
    if (produced.bytes) {
      // The pieces point into `bytes_out_`, which stays in place until Written.
      bytes_out_.emplace(std::move(*produced.bytes));
      pieces_.clear();
      next_piece_ = 0;
      const auto add = [this](const char* data, std::size_t size) {
        if (size > 0) pieces_.emplace_back(data, size);
      };
      add(bytes_out_->head.data(), bytes_out_->head.size());
      add(bytes_out_->body.data(), bytes_out_->body.size());
      if (const SharedBody* shared = bytes_out_->shared.get()) {
        std::size_t from = 0;
        for (const auto& [offset, length] : shared->holes) {
          add(shared->text.data() + from, offset - from);
          add(bytes_out_->fill.data(), bytes_out_->fill.size());
          from = offset + length;
        }
        add(shared->text.data() + from, shared->text.size() - from);
      }
      return WriteBytes();
    }
    out_.emplace(std::move(*produced.message));
    WriteSome();
  }

  // Writes what is left of an in-memory response, all pieces in one gather write (a large response in several, so
  // that the timeout measures progress, not the whole transfer).
  void WriteBytes() {
    if (next_piece_ == pieces_.size()) return Written({});
    stream_.expires_after(core_.options().idle_timeout);
    stream_.async_write_some(std::span<const net::const_buffer>(pieces_).subspan(next_piece_),
                             [self = shared_from_this()](beast::error_code ec, std::size_t sent) {
                               self->exchange_->bytes_sent += sent;
                               self->ConsumePieces(sent);
                               if (ec) return self->Written(ec);
                               self->WriteBytes();
                             });
  }

  void ConsumePieces(std::size_t sent) {
    while (sent > 0 && next_piece_ < pieces_.size()) {
      net::const_buffer& piece = pieces_[next_piece_];
      const std::size_t taken = std::min(sent, piece.size());
      piece += taken;
      sent -= taken;
      if (piece.size() == 0) ++next_piece_;
    }
  }

  // Writes a file response piece by piece so that the timeout measures progress, not the whole transfer.
  void WriteSome() {
    if (out_->is_done()) return Written({});
    beast::error_code ec;
    const auto buffers = out_->prepare(ec);
    if (ec) return Written(ec);
    stream_.expires_after(core_.options().idle_timeout);
    stream_.async_write_some(buffers, [self = shared_from_this()](beast::error_code ec, std::size_t sent) {
      self->out_->consume(sent);
      self->exchange_->bytes_sent += sent;
      if (ec) return self->Written(ec);
      self->WriteSome();
    });
  }

  void Written(const beast::error_code& ec) {
    stream_.expires_never();
    out_.reset();
    bytes_out_.reset();
    pieces_.clear();
    exchange_->duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - exchange_->start).count();
    const bool drain = exchange_->body_unread || exchange_->error.has_value();
    const bool keep_alive = !ec && response_keep_alive_ && !shutting_down_ && !core_.stopping();
    if (exchange_->request.files.empty() && !core_.options().access_log) {
      core_.Finish(std::move(exchange_));  // only counts: not worth a trip to the worker pool
    } else {
      net::post(core_.pool(), [self = shared_from_this(), exchange = std::move(exchange_)]() mutable {
        self->core_.Finish(std::move(exchange));
      });
    }
    if (ec) {
      spdlog::debug("http: writing a response failed: {}", ec.message());
      return Close(/*linger=*/false);
    }
    if (keep_alive) return WaitForRequest();
    Close(/*linger=*/drain && !shutting_down_);
  }

  // Closes our side. With `linger`, first reads and discards what the client still sends for a while, so that a
  // client busy sending a body we refused reads our response instead of a connection reset.
  void Close(bool linger) {
    phase_ = Phase::kClosing;
    CancelDeadline();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!linger) {
      stream_.close();
      return;
    }
    stream_.expires_after(kLingerTimeout);
    Drain();
  }

  void Drain() {
    buffer_.consume(buffer_.size());
    stream_.async_read_some(buffer_.prepare(16 * 1024), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {
        self->stream_.close();
        return;
      }
      self->Drain();
    });
  }

  void ArmDeadline() {
    const std::uint64_t generation = ++deadline_generation_;
    timed_out_ = false;
    deadline_.expires_after(core_.options().read_timeout);
    deadline_.async_wait([self = shared_from_this(), generation](beast::error_code ec) {
      if (ec || generation != self->deadline_generation_) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);  // the pending read ends with operation_aborted -> 408
    });
  }

  void CancelDeadline() {
    ++deadline_generation_;
    deadline_.cancel();
  }

  ServerCore& core_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  net::steady_timer deadline_;
  std::uint64_t deadline_generation_ = 0;
  bool timed_out_ = false;
  bool shutting_down_ = false;
  bool response_keep_alive_ = false;
  Phase phase_ = Phase::kIdle;
  std::string peer_ip_;

  std::unique_ptr<Exchange> exchange_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> string_parser_;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> chunk_parser_;
  std::optional<bhttp::message_generator> out_;
  std::optional<InMemory> bytes_out_;
  std::vector<net::const_buffer> pieces_;  // into bytes_out_
  std::size_t next_piece_ = 0;
};

// ---------------------------------------------------------------------------------------------------------------
// ServerCore

ServerCore::ServerCore(Router router, ServerOptions options)
    : router_(std::move(router)),
      options_(std::move(options)),
      ioc_(std::max(1, options_.io_threads)),
      acceptor_(net::make_strand(ioc_)),
      accept_retry_timer_(acceptor_.get_executor()) {
  upload_dir_ = options_.upload_dir.empty() ? std::filesystem::temp_directory_path() : options_.upload_dir;
  RegisterGauges();
}

ServerCore::~ServerCore() {
  Stop();
}

void ServerCore::Listen() {
  if (acceptor_.is_open()) return;
  PrepareUploadDirectory(upload_dir_);
  tcp::resolver resolver(ioc_);
  const auto endpoints =
      resolver.resolve(options_.listen_host, std::to_string(options_.listen_port), tcp::resolver::passive);
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void ServerCore::Start() {
  std::lock_guard stop_lock(stop_mutex_);
  if (started_ || stopped_) return;
  Listen();
  started_ = true;
  pool_.emplace(static_cast<std::size_t>(std::max(1, options_.worker_threads)));
  work_guard_.emplace(ioc_.get_executor());
  net::post(acceptor_.get_executor(), [this] { DoAccept(); });
  for (int thread_idx = 0; thread_idx < std::max(1, options_.io_threads); ++thread_idx) {
    io_threads_.emplace_back([this] {
      while (true) {
        try {
          ioc_.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http: unexpected exception in an I/O thread: {}", e.what());
        }
      }
    });
  }
  spdlog::info("http: listening on {}:{}", options_.listen_host, port());
}

void ServerCore::Run(bool install_signal_handlers) {
  Start();
  if (install_signal_handlers) {
    signals_.emplace(ioc_, SIGINT, SIGTERM);
    signals_->async_wait([this](const beast::error_code& ec, int signal_number) {
      if (ec) return;
      spdlog::info("http: signal {} received, shutting down", signal_number);
      RequestStop();
    });
  }
  {
    std::unique_lock lock(run_mutex_);
    run_cv_.wait(lock, [this] { return stop_requested_; });
  }
  Stop();
}

void ServerCore::RequestStop() {
  {
    std::lock_guard lock(run_mutex_);
    stop_requested_ = true;
  }
  run_cv_.notify_all();
}

void ServerCore::Stop() {
  std::lock_guard stop_lock(stop_mutex_);
  RequestStop();
  if (stopped_) return;
  stopped_ = true;
  if (!started_) return;

  // Stop accepting; ask every connection to finish its request and close.
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(connections_mutex_);
    stopping_ = true;
    for (auto& [raw, weak] : connections_) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_timer_.cancel();
    if (signals_) signals_->cancel(ignored);
  });
  for (auto& connection : open) {
    net::post(connection->executor(), [connection] { connection->Shutdown(); });
  }
  open.clear();

  auto all_closed = [this] { return connections_.empty(); };
  std::unique_lock lock(connections_mutex_);
  if (!connections_cv_.wait_for(lock, options_.shutdown_grace, all_closed)) {
    spdlog::warn("http: {} connections still busy after the shutdown grace period; closing them", connections_.size());
    for (auto& [raw, weak] : connections_) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    // Posted and released without the lock: dropping the last reference runs ~Connection, which takes it.
    lock.unlock();
    for (auto& connection : open) {
      net::post(connection->executor(), [connection] { connection->ForceClose(); });
    }
    open.clear();
    lock.lock();
    connections_cv_.wait_for(lock, kForceCloseWait, all_closed);
  }
  lock.unlock();

  work_guard_.reset();
  ioc_.stop();
  for (auto& thread : io_threads_) thread.join();
  io_threads_.clear();
  // Waits for what is queued (cleanup of the last exchanges) and for handlers still running after the grace period.
  pool_->join();
  spdlog::info("http: stopped");
}

void ServerCore::DoAccept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open() || ec == net::error::operation_aborted) return;
    if (ec) {
      // E.g. out of file descriptors: back off briefly instead of spinning.
      spdlog::warn("http: accept failed: {}", ec.message());
      accept_retry_timer_.expires_after(std::chrono::milliseconds(100));
      accept_retry_timer_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) DoAccept();
      });
      return;
    }
    // Responses go out in more than one write (header, body): without TCP_NODELAY, Nagle's algorithm holds the
    // second write until the client's delayed ACK, about 40 ms for every request on a kept-alive connection.
    beast::error_code nodelay_ec;
    socket.set_option(tcp::no_delay(true), nodelay_ec);
    auto connection = std::make_shared<Connection>(*this, std::move(socket));
    if (!Register(connection)) {
      // Over max_connections_per_ip: dropping the last reference closes the socket.
      Metrics::Global().Increment("mw_http_connections_refused_total");
      DoAccept();
      return;
    }
    net::dispatch(connection->executor(), [connection] { connection->Start(); });
    DoAccept();
  });
}

bool ServerCore::Register(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(connections_mutex_);
  if (options_.max_connections_per_ip > 0) {
    int& open = connections_per_ip_[connection->peer_ip()];
    if (open >= options_.max_connections_per_ip) return false;
    ++open;
    connection->counted = true;
  }
  connections_[connection.get()] = connection;
  if (stopping_) net::post(connection->executor(), [connection] { connection->Shutdown(); });
  return true;
}

void ServerCore::Unregister(Connection* connection) {
  {
    std::lock_guard lock(connections_mutex_);
    connections_.erase(connection);
    if (connection->counted) {
      auto found = connections_per_ip_.find(connection->peer_ip());
      if (found != connections_per_ip_.end() && --found->second <= 0) connections_per_ip_.erase(found);
    }
  }
  connections_cv_.notify_all();
}

std::variant<std::unique_ptr<UploadClaim>, ServerError> ServerCore::ClaimUpload(
    const Request& request, std::optional<std::uint64_t> content_length, std::uint64_t body_limit) {
  const std::uint64_t bytes = content_length.value_or(body_limit);
  std::lock_guard lock(uploads_mutex_);
  const auto running = uploads_per_ip_.find(request.remote_ip);
  if (options_.max_uploads_per_ip > 0 && running != uploads_per_ip_.end() &&
      running->second >= options_.max_uploads_per_ip) {
    Metrics::Global().Increment("mw_http_uploads_refused_total{reason=\"client\"}");
    return ServerError{429,
                       "Von Ihrer Adresse werden gerade schon zu viele Dateien hochgeladen. Bitte warten Sie, bis "
                       "diese Uploads fertig sind, und versuchen Sie es dann noch einmal.",
                       {{"Retry-After", "10"}}};
  }
  if (options_.max_upload_bytes > 0 && upload_bytes_reserved_ + bytes > options_.max_upload_bytes) {
    Metrics::Global().Increment("mw_http_uploads_refused_total{reason=\"space\"}");
    return ServerError{503,
                       "Der Server nimmt gerade keine weiteren Dateien an. Bitte versuchen Sie es in einer Minute "
                       "noch einmal.",
                       {{"Retry-After", "60"}}};
  }
  ++uploads_per_ip_[request.remote_ip];
  upload_bytes_reserved_ += bytes;
  return std::make_unique<UploadClaim>(this, request.remote_ip, bytes);
}

void ServerCore::ReleaseUpload(const UploadClaim& claim) {
  std::lock_guard lock(uploads_mutex_);
  upload_bytes_reserved_ -= std::min(upload_bytes_reserved_, claim.bytes);
  auto found = uploads_per_ip_.find(claim.client);
  if (found != uploads_per_ip_.end() && --found->second <= 0) uploads_per_ip_.erase(found);
}

UploadClaim::~UploadClaim() {
  core->ReleaseUpload(*this);
}

Response ServerCore::RenderError(const Request& request, int status, const std::string& message) const {
  if (router_.error_renderer()) {
    try {
      Response response = router_.error_renderer()(request, status, message);
      response.status = status;
      return response;
    } catch (const std::exception& e) {
      spdlog::error("http: the error renderer threw for {} {}: {}", status, request.path, e.what());
    }
  }
  return Response::Text(status, message);
}

Response ServerCore::RunHandler(Exchange& exchange) const {
  Request& request = exchange.request;
  try {
    const std::string content_type = AsciiLower(request.Header("content-type").value_or(""));
    if (!exchange.options.multipart &&
        Trim(std::string_view(content_type).substr(0, content_type.find(';'))) == "application/x-www-form-urlencoded") {
      auto form = ParseUrlEncoded(request.body, 1000, exchange.options.field_limit);
      if (!form) {
        return RenderError(request, form.error().kind == ErrorKind::kTooLarge ? 413 : 400, form.error().message);
      }
      request.form = std::move(*form);
    }
    return (*exchange.handler)(request);
  } catch (const std::exception& e) {
    spdlog::error("http: handler for {} {} threw: {}", request.method_name, request.path, e.what());
  } catch (...) {
    spdlog::error("http: handler for {} {} threw a non-exception", request.method_name, request.path);
  }
  return RenderError(request, 500, wire::StatusMessage(500));
}

Produced ServerCore::Produce(Exchange& exchange) {
  Response response;
  if (exchange.error) {
    response = RenderError(exchange.request, exchange.error->status, exchange.error->message);
    for (const auto& [name, value] : exchange.error->headers) response.SetHeader(name, value);
  } else {
    response = WithErrorPage(exchange, RunHandler(exchange));
  }
  return Complete(exchange, std::move(response));
}

Response ServerCore::WithErrorPage(const Exchange& exchange, Response response) const {
  if (response.status < 400 || !response.NoBody()) return response;
  Response page = RenderError(exchange.request, response.status, wire::StatusMessage(response.status));
  for (auto& [name, value] : response.headers) page.SetHeader(name, value);
  page.cookies = std::move(response.cookies);
  return page;
}

std::optional<Produced> ServerCore::ProduceRefusal(Exchange& exchange) {
  std::optional<Response> refusal;
  try {
    refusal = exchange.options.before_body(exchange.request);
  } catch (const std::exception& e) {
    spdlog::error("http: body gate for {} {} threw: {}", exchange.request.method_name, exchange.request.path,
                  e.what());
    refusal = RenderError(exchange.request, 500, wire::StatusMessage(500));
  } catch (...) {
    spdlog::error("http: body gate for {} {} threw a non-exception", exchange.request.method_name,
                  exchange.request.path);
    refusal = RenderError(exchange.request, 500, wire::StatusMessage(500));
  }
  if (!refusal) return std::nullopt;
  return Complete(exchange, WithErrorPage(exchange, std::move(*refusal)));
}

std::optional<Produced> ServerCore::ProduceFast(Exchange& exchange) {
  if (exchange.error || exchange.body_unread || !exchange.options.fast) return std::nullopt;
  std::optional<Response> response;
  try {
    response = exchange.options.fast(exchange.request);
  } catch (const std::exception& e) {
    // The normal handler gets its chance (and reports its own errors).
    spdlog::error("http: fast handler for {} {} threw: {}", exchange.request.method_name, exchange.request.path,
                  e.what());
    return std::nullopt;
  } catch (...) {
    spdlog::error("http: fast handler for {} {} threw a non-exception", exchange.request.method_name,
                  exchange.request.path);
    return std::nullopt;
  }
  // The error page and opening a file belong on a worker.
  if (!response || response->file || (response->status >= 400 && response->NoBody())) return std::nullopt;
  return Complete(exchange, std::move(*response));
}

Produced ServerCore::Complete(const Exchange& exchange, Response response) {
  Produced produced;
  produced.status = response.status;
  produced.keep_alive = exchange.keep_alive && !exchange.body_unread && !stopping_;
  try {
    Serialize(exchange, response, produced.keep_alive, produced);
  } catch (const std::exception& e) {
    spdlog::error("http: serialising the response to {} {} failed: {}", exchange.request.method_name,
                  exchange.request.path, e.what());
    Response fallback = Response::Text(500, wire::StatusMessage(500));
    produced.status = 500;
    produced.keep_alive = false;
    produced.bytes.reset();
    produced.message.reset();
    Serialize(exchange, fallback, false, produced);
  }
  return produced;
}

// The Date header's value, formatted once a second per thread.
const std::string& CurrentHttpDate() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    text = wire::HttpDate(now);
    formatted_at = now;
  }
  return text;
}

// Calls `add(name, value)` for every header field a response is sent with, framing (Content-Length, Connection)
// aside: the handler's safe fields, the security headers it did not set itself, its cookies and Date.
template <typename Add>
void ForEachHeader(const Response& response, Add&& add) {
  for (const auto& [name, value] : response.headers) {
    if (!wire::IsHeaderName(name) || !wire::IsSafeHeaderValue(value)) {
      spdlog::error("http: dropping an unsafe response header '{}'", name);
      continue;
    }
    // Framing and connection management are the server's business.
    if (IEquals(name, "content-length") || IEquals(name, "transfer-encoding") || IEquals(name, "connection")) {
      continue;
    }
    add(std::string_view(name), std::string_view(value));
  }
  for (const auto& [name, value] : kSecurityHeaders) {
    if (!response.GetHeader(name)) add(name, value);
  }
  for (const SetCookie& cookie : response.cookies) {
    std::string value = FormatSetCookie(cookie);
    if (!wire::IsSafeHeaderValue(value)) {
      spdlog::error("http: dropping an unsafe cookie '{}'", cookie.name);
      continue;
    }
    add(std::string_view("Set-Cookie"), std::string_view(value));
  }
  add(std::string_view("Date"), std::string_view(CurrentHttpDate()));
}

template <typename Body>
bhttp::message_generator Finalize(bhttp::response<Body>&& message, const Exchange& exchange, const Response& response,
                                  bool keep_alive) {
  message.result(static_cast<unsigned>(response.status));
  message.version(exchange.version);
  ForEachHeader(response, [&](std::string_view name, std::string_view value) { message.insert(name, value); });
  message.keep_alive(keep_alive);
  return bhttp::message_generator(std::move(message));
}

// The status line and header block of an in-memory response, as Beast would write it (keep-alive as in
// message::keep_alive: "Connection: close" for HTTP/1.1, "Connection: keep-alive" for HTTP/1.0).
std::string SerializeHead(const Exchange& exchange, const Response& response, bool keep_alive,
                          std::optional<std::size_t> content_length) {
  std::string head;
  head.reserve(1024);
  head += exchange.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(response.status);
  head += ' ';
  head += bhttp::obsolete_reason(bhttp::int_to_status(static_cast<unsigned>(response.status)));
  head += "\r\n";
  const auto add = [&head](std::string_view name, std::string_view value) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  };
  ForEachHeader(response, add);
  if (content_length) add("Content-Length", std::to_string(*content_length));
  if (exchange.version >= 11 && !keep_alive) add("Connection", "close");
  if (exchange.version < 11 && keep_alive) add("Connection", "keep-alive");
  head += "\r\n";
  return head;
}

void ServerCore::Serialize(const Exchange& exchange, Response& response, bool keep_alive, Produced& produced) const {
  const bool no_body_status = response.status / 100 == 1 || response.status == 204 || response.status == 304;
  const bool head = exchange.request.method == Method::kHead;

  if (response.file) {
    bhttp::file_body::value_type file;
    beast::error_code ec;
    file.open(response.file->c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      const std::uint64_t size = file.size();
      if (head || no_body_status) {
        bhttp::response<bhttp::empty_body> message;
        if (!no_body_status) message.content_length(size);
        produced.message.emplace(Finalize(std::move(message), exchange, response, keep_alive));
        return;
      }
      bhttp::response<bhttp::file_body> message;
      message.body() = std::move(file);
      message.content_length(size);
      produced.message.emplace(Finalize(std::move(message), exchange, response, keep_alive));
      return;
    }
    spdlog::error("http: cannot open {} for a response: {}", response.file->string(), ec.message());
    response = RenderError(exchange.request, 404, wire::StatusMessage(404));
  }

  InMemory bytes;
  bytes.body = std::move(response.body);
  bytes.shared = std::move(response.shared_body);
  bytes.fill = std::move(response.fill);
  const auto body_size = [&bytes] { return bytes.shared ? bytes.shared->SizeWith(bytes.fill) : bytes.body.size(); };
  const auto content_type = response.GetHeader("Content-Type");
  if (content_type && wire::IsCompressible(*content_type) && !response.GetHeader("Content-Encoding") &&
      body_size() >= wire::kGzipMinBytes && !no_body_status) {
    const auto vary = response.GetHeader("Vary");
    if (!vary) {
      response.SetHeader("Vary", "Accept-Encoding");
    } else if (AsciiLower(*vary).find("accept-encoding") == std::string::npos) {
      response.SetHeader("Vary", *vary + ", Accept-Encoding");
    }
    if (wire::AcceptsGzip(exchange.request.Header("accept-encoding").value_or(""))) {
      bytes.body = wire::Gzip(bytes.shared ? bytes.shared->TextWith(bytes.fill) : bytes.body);
      bytes.shared.reset();
      bytes.fill.clear();
      response.SetHeader("Content-Encoding", "gzip");
    }
  }
  std::optional<std::size_t> content_length;
  if (!no_body_status) content_length = body_size();
  bytes.head = SerializeHead(exchange, response, keep_alive, content_length);
  if (head || no_body_status) {
    bytes.body.clear();
    bytes.shared.reset();
    bytes.fill.clear();
  }
  produced.bytes.emplace(std::move(bytes));
}

void ServerCore::Finish(std::unique_ptr<Exchange> exchange) {
  RemoveUploadedFiles(exchange->request.files);
  const Request& request = exchange->request;
  // The series names, made once: methods and status classes are bounded sets of label values.
  struct SeriesNames {
    std::string duration = "mw_http_request_duration_seconds";
    std::array<std::string, 8> method_labels;
    std::array<std::array<std::string, 6>, 8> requests;  // by method, then status class (0: anything else)
    SeriesNames() {
      for (int method_idx = 0; method_idx < 8; ++method_idx) {
        const std::string method(MethodName(static_cast<Method>(method_idx)));
        method_labels[method_idx] = "method=\"" + method + "\"";
        for (int status_class = 0; status_class < 6; ++status_class) {
          requests[method_idx][status_class] =
              "mw_http_requests_total{method=\"" + method + "\",status=\"" + std::to_string(status_class) + "xx\"}";
        }
      }
    }
  };
  static const SeriesNames kSeries;
  const auto method_idx = static_cast<std::size_t>(request.method);
  const int status_class = exchange->status / 100;
  if (method_idx < kSeries.requests.size() && status_class >= 1 && status_class <= 5) {
    Metrics::Global().Increment(kSeries.requests[method_idx][status_class]);
    Metrics::Global().Observe(kSeries.duration, kSeries.method_labels[method_idx], exchange->duration_ms / 1000.0);
  } else {
    const std::string method_label(MethodName(request.method));
    Metrics::Global().Increment("mw_http_requests_total{method=\"" + method_label + "\",status=\"" +
                                std::to_string(status_class) + "xx\"}");
    Metrics::Global().Observe(kSeries.duration, "method=\"" + method_label + "\"", exchange->duration_ms / 1000.0);
  }
  if (!options_.access_log) return;
  boost::json::object line;
  line["ts"] = wire::IsoTimestampNow();
  line["method"] = request.method_name;
  line["path"] = request.path;
  line["status"] = exchange->status;
  line["bytes"] = exchange->bytes_sent;
  line["duration_ms"] = std::round(exchange->duration_ms * 1000) / 1000;
  line["remote_ip"] = request.remote_ip;
  const std::string text = boost::json::serialize(line) + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Server

struct Server::Impl {
  explicit Impl(Router router, ServerOptions options) : core(std::move(router), std::move(options)) {}
  ServerCore core;
};

Server::Server(Router router, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(router), std::move(options))) {}

Server::~Server() = default;

void Server::Listen() {
  impl_->core.Listen();
}
void Server::Run(bool install_signal_handlers) {
  impl_->core.Run(install_signal_handlers);
}
void Server::Start() {
  impl_->core.Start();
}
void Server::Stop() {
  impl_->core.Stop();
}
unsigned short Server::port() const {
  return impl_->core.port();
}

}  // namespace mw::http
