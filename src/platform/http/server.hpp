// The HTTP server: Boost.Beast on Asio I/O threads for parsing and writing, a separate worker pool for handlers
// (which may block on the database), keep-alive, timeouts, per-route size limits, streaming multipart uploads to
// temporary files, gzip for text, static files with ETag, a JSON-lines access log, Prometheus metrics and graceful
// shutdown.
//
//   http::Router router;
//   router.Add(http::Method::kGet, "/healthz", [](http::Request&) { return http::Response::Text(200, "ok"); });
//   router.Add(http::Method::kPost, "/{tenant}/upload", Upload, {.body_limit = 50 << 20, .multipart = true});
//   router.Add(http::Method::kGet, "/news", ShowNews, {.fast = KeptNews});  // KeptNews: from memory, or nullopt
//   http::Server server(std::move(router), {.listen_host = "127.0.0.1", .listen_port = 8080});
//   server.Run();  // until Stop() or SIGTERM/SIGINT; finishes in-flight requests before returning
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/message.hpp"

namespace mw::http {

// Runs on a worker thread (it may block on the database). A Response with a status >= 400, an empty body and no
// file is completed by the error renderer, keeping the handler's headers and cookies: `return {.status = 404};`
// shows the 404 page. An exception becomes a 500 page and is logged.
using Handler = std::function<Response(Request&)>;

// Runs on an I/O thread right after the request was read, before the Handler; answers from what is already in
// memory or returns nullopt, and then the Handler runs on a worker as usual. It must never block (no database, no
// file, no lock held by anything slow) and must be thread-safe: every I/O thread calls it. A response it gives is
// sent like one from the Handler (headers, security headers, cookies, gzip, keep-alive, metrics, access log), except
// that a bare error status or a file response is not taken: the Handler answers those.
using FastHandler = std::function<std::optional<Response>(const Request&)>;

// Runs on a worker thread once the request header is read and the route found, before the body is accepted: before
// "100 Continue" is sent and before a byte of the body is read or written to a temporary file. It sees the method,
// path, path parameters, query, headers and cookies (body, form and files are still empty). Returns the response
// that refuses the request (the login redirect, 401, 403 …) or nullopt to let the body in. A refused request's body
// is never stored: the connection closes after the response (the server reads and discards for at most two
// seconds so that the client sees the answer instead of a reset). It may block on the database and must be
// thread-safe. A bare error status gets the error page, as from a Handler; an exception becomes a 500. The handler
// still makes its own checks: the gate only keeps the bodies of those who may not send them off the disk.
using BodyGate = std::function<std::optional<Response>(const Request&)>;

struct RouteOptions {
  // Largest accepted body; a larger one is answered with 413 before the handler runs.
  std::uint64_t body_limit = 64 * 1024;
  // Parse multipart/form-data as a stream: text parts into Request::form, file parts into temporary files.
  bool multipart = false;
  // Largest single text field of a form (urlencoded or multipart).
  std::uint64_t field_limit = 64 * 1024;
  // Most files in one multipart request.
  int max_files = 20;
  // Optional: answers requests it can answer from memory on the I/O thread (see FastHandler).
  FastHandler fast;
  // Optional: decides from the header whether the body may come in at all (see BodyGate). Every route that accepts
  // a large body or files from a limited group of people should have one.
  BodyGate before_body;
};

// The Content-Security-Policy every response gets unless its handler sets its own: only our own origin, no inline
// script or style. `extra_image_sources` widens img-src for one page (a map's tile server); each must be an origin
// "https://host[:port]" or "http://host[:port]" (the host may start with "*.") — anything else is left out.
std::string ContentSecurityPolicy(const std::vector<std::string>& extra_image_sources = {});

// Maps method + path pattern to a handler. Patterns are literal segments and {name} segments that match one
// non-empty path segment; literal segments win over {name} segments, so "/login" is not taken for a tenant "/{tenant}".
// A trailing "/*" matches the rest of the path into path_params["*"] (possibly empty, as for "/static/").
// A GET route also answers HEAD (the server then sends no body). Find() expects the percent-decoded path; the
// server rejects an encoded '/' in a path, so segments and parameters come out decoded and unambiguous.
class Router {
 public:
  void Add(Method method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Handler* handler = nullptr;
    const RouteOptions* options = nullptr;
    std::map<std::string, std::string> params;
    bool path_known = false;              // some route matches the path with another method (-> 405 instead of 404)
    std::vector<Method> allowed_methods;  // when path_known: the methods that do match (for the Allow header)
  };
  Match Find(Method method, std::string_view path) const;

  // Handler for requests no route matches (404 page), and for errors the server detects itself (400, 405, 408, 413,
  // 431, 500). Receives the status and a German sentence; decides between HTML page and problem+json by path.
  using ErrorRenderer = std::function<Response(const Request& request, int status, const std::string& message)>;
  void SetErrorRenderer(ErrorRenderer renderer) { error_renderer_ = std::move(renderer); }
  const ErrorRenderer& error_renderer() const { return error_renderer_; }

 private:
  struct Route {
    Method method;
    std::vector<std::string> segments;
    bool rest = false;
    Handler handler;
    RouteOptions options;
  };
  // Calls `visit(route)` for every route that may match `segments`, in the order they were added: those whose first
  // segment is the path's first segment, and those whose first segment is a parameter (or that have none).
  template <typename Visit>
  void ForEachCandidate(const std::vector<std::string_view>& segments, Visit&& visit) const;

  std::vector<Route> routes_;
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_first_segment_;  // literal first segment → routes
  std::vector<std::size_t> any_first_segment_;                                     // the other routes
  ErrorRenderer error_renderer_;
};

struct ServerOptions {
  std::string listen_host = "127.0.0.1";
  unsigned short listen_port = 8080;  // 0: pick a free port (see Server::port())
  int io_threads = 2;
  int worker_threads = 16;
  std::chrono::seconds read_timeout{30};    // whole request (headers + body) must arrive within this, else 408
  std::chrono::seconds idle_timeout{60};    // keep-alive connection without a new request; also the longest
                                            // stall of a client reading a response
  std::uint32_t header_limit = 16 * 1024;   // request line + headers; larger -> 431
  std::filesystem::path upload_dir;         // temporary files for multipart uploads; default: system temp dir
  bool trust_proxy = false;                 // honour X-Forwarded-For / X-Forwarded-Proto
  bool access_log = true;                   // JSON lines on stdout: ts, method, path (without query), status,
                                            // bytes (sent, headers included), duration_ms, remote_ip
  std::chrono::seconds shutdown_grace{20};  // longest wait for in-flight requests on SIGTERM
  // Most multipart uploads one client address (remote_ip, so behind a trusted proxy the forwarded client) may send
  // at once; one more is answered 429 before its body is read. 0: no limit.
  int max_uploads_per_ip = 2;
  // Most bytes all multipart uploads of this server may hold in temporary files together. An upload reserves its
  // Content-Length (or the route's body_limit when it is sent chunked) before its body is read, until its files are
  // removed; one that does not fit is answered 503 with Retry-After. 0: no limit.
  std::uint64_t max_upload_bytes = std::uint64_t{1} << 30;
  // Most open connections from one peer address, counted when the connection is accepted; more are closed at once.
  // It is the socket's peer: behind a reverse proxy that is the proxy (the forwarded client address is known only
  // once a request header was read), so there set it above the proxy's connection pool, or 0. 0: no limit.
  int max_connections_per_ip = 64;
};

// The Cache-Control of a versioned static address (/static/v/<hash>/…) whose hash is the file's own.
inline constexpr std::string_view kImmutableCacheControl = "public, max-age=31536000, immutable";

// A folder of static files, read once when constructed: every file's content hash and, for compressible types (css,
// js, svg, json, txt, map, ico), its gzip (level 9) and brotli (quality 11) forms, kept in memory when smaller than
// the file. A file that changes later is read again on its next request. Copies share the same state; thread-safe.
class StaticAssets {
 public:
  explicit StaticAssets(std::filesystem::path root);
  ~StaticAssets();
  // The versioned address of a static file: "/static/css/site.css" → "/static/v/<first 16 hex digits of its content
  // hash>/css/site.css". Anything that is not a file of the folder comes back unchanged.
  std::string Url(std::string_view static_path) const;
  // Bytes of the compressed forms made at start (for the log and the documentation).
  std::size_t CompressedBytes() const;

 private:
  friend Handler StaticFiles(const StaticAssets& assets, std::string cache_control);
  struct State;
  std::shared_ptr<State> state_;
};

// Static files from a directory, served with ETag (content hash), Last-Modified, Cache-Control and a content type by
// extension. Returns a handler for a route with a trailing "/*". A missing file, a directory, a "..", or a symlink
// leading out of `root` answer a bare 404 (so the error renderer shows the 404 page).
// Content coding: the kept brotli form if Accept-Encoding allows "br", else the gzip form if it allows gzip, else the
// file as is; with Vary: Accept-Encoding and an ETag per coding ("…-br", "…-gzip"). There are no range requests.
// Versioned addresses /static/v/<hash>/<path> serve the same file as /static/<path>:
//   - <hash> is the file's own hash → Cache-Control kImmutableCacheControl;
//   - <hash> is the hash of another file of the folder (now or since start) → `cache_control` (revalidated), so that
//     relative URLs inside a versioned stylesheet (fonts, icons) resolve and stay correct when only they change;
//   - any other <hash> (a page built before the file changed) → 302 to /static/<path>, not cached.
Handler StaticFiles(std::filesystem::path root, std::string cache_control = "public, max-age=3600");
Handler StaticFiles(const StaticAssets& assets, std::string cache_control = "public, max-age=3600");

// Process-wide metrics in Prometheus text format. Counters and gauges are registered by name. Thread-safe.
//
//   Metrics::Global().Increment("mw_signatures_total{tenant=\"sn\"}");
//   Metrics::Global().Observe("mw_http_request_duration_seconds", "method=\"GET\"", 0.012);
//
// The server keeps mw_http_requests_total{method,status} (status class "2xx".."5xx"),
// mw_http_request_duration_seconds{method} (histogram), mw_http_connections_open and mw_http_requests_in_flight.
class Metrics {
 public:
  static Metrics& Global();
  // `name_with_labels` is the full series name as rendered, e.g. `x_total{a="b"}`; label values are not escaped.
  void Increment(const std::string& name_with_labels, double by = 1);
  void Set(const std::string& name_with_labels, double value);
  // A gauge whose value `read` returns when the metrics are rendered (for values that change on every request,
  // kept in an atomic by their owner, so that changing them takes no lock). `read` must stay callable for the rest
  // of the process and must not call back into Metrics. A later call for the same name replaces it.
  void SetReader(const std::string& name_with_labels, std::function<double()> read);
  // Observes a duration into a histogram named `name` (buckets 5 ms .. 10 s) with the given label set, written
  // without braces (`method="GET"`, or empty).
  void Observe(const std::string& name, const std::string& labels, double seconds);
  std::string Render() const;

 private:
  struct Impl;
  Metrics();
  std::unique_ptr<Impl> impl_;
};

// The handler of GET /metrics (Metrics::Global() in Prometheus text format). The metrics tell about the load and the
// errors of the installation: serve them on an address of their own (mitwirken serve --metrics-listen), never on
// the public one.
Handler MetricsHandler();

class Server {
 public:
  Server(Router router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens (throws on failure); after this, port() is valid.
  void Listen();
  // Serves until Stop() is called or SIGTERM/SIGINT arrives (when install_signal_handlers). Calls Listen() if needed.
  void Run(bool install_signal_handlers = true);
  // Starts serving on background threads and returns at once (tests). Calls Listen() if needed.
  void Start();
  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish and be written (up to
  // shutdown_grace), then joins all threads and returns. Thread-safe and idempotent; must not be called from a
  // handler (it waits for the worker threads). The destructor calls it.
  void Stop();
  unsigned short port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mw::http
