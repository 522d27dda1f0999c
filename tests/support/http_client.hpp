// A small blocking HTTP/1.1 client for tests, on Boost.Beast: one-shot requests, keep-alive connections, raw bytes
// for malformed requests, multipart bodies and a cookie jar that carries a session from one request to the next.
// Every network wait has a timeout, so a misbehaving server fails the test instead of hanging it.
//
//   auto page = mw::testing::Send(server.port(), "GET", "/healthz");
//   EXPECT_EQ(page.status, 200);
//
//   mw::testing::CookieJar jar;
//   mw::testing::HttpConnection connection(server.port());
//   connection.SetCookieJar(&jar);
//   connection.Request("POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}}, "email=...");
//   auto account = connection.Request("GET", "/konto");  // sends the session cookie
//
//   auto closed = connection.SendRaw("GARBAGE\r\n\r\n");  // nullopt if the server closed without answering
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mw::testing {

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-case names
  std::string body;                                 // as received (still gzip-encoded if the server compressed it)

  // First value of a header or "" (name in lower case).
  std::string Header(std::string_view lower_case_name) const;
  bool HasHeader(std::string_view lower_case_name) const;
  std::vector<std::string> HeaderValues(std::string_view lower_case_name) const;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Remembers cookies from Set-Cookie headers (name=value only; Max-Age=0 or a past Expires deletes) and sends them
// back. Ignores Path and Domain: tests talk to one server.
class CookieJar {
 public:
  void Store(const HttpResponse& response);
  std::optional<std::string> Get(const std::string& name) const;
  void Set(const std::string& name, const std::string& value) { cookies_[name] = value; }
  void Clear() { cookies_.clear(); }
  // "a=1; b=2", or "" when empty.
  std::string CookieHeader() const;

 private:
  std::map<std::string, std::string> cookies_;
};

// One TCP connection to 127.0.0.1:port; several requests may follow each other on it (keep-alive).
class HttpConnection {
 public:
  // Connects at once; throws std::runtime_error on failure. `timeout` bounds every single wait.
  explicit HttpConnection(unsigned short port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends a request (Host, Content-Length and the jar's cookies are added) and reads the response; throws
  // std::runtime_error if the server closes the connection without answering or the timeout passes.
  HttpResponse Request(std::string_view method, std::string_view target, const HeaderList& headers = {},
                       std::string_view body = {});

  // Sends `bytes` as they are and reads one response; nullopt if the server closed the connection (or reset it)
  // without answering. Throws on timeout.
  std::optional<HttpResponse> SendRaw(std::string_view bytes);
  // Only sends (e.g. half a request).
  void Write(std::string_view bytes);
  // Reads one response, interim ones (100 Continue) included; nullopt if the connection was closed first. `head`:
  // the response to a HEAD request has no body.
  std::optional<HttpResponse> ReadResponse(bool head = false);
  // Waits until the server closes the connection (true) or the timeout passes (false). Discards data received.
  bool WaitForClose();

  // Cookies from this jar are sent with Request() and Set-Cookie headers stored into it; nullptr: none.
  void SetCookieJar(CookieJar* jar) { jar_ = jar; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  CookieJar* jar_ = nullptr;
};

// One request on a new connection.
HttpResponse Send(unsigned short port, std::string_view method, std::string_view target,
                  const HeaderList& headers = {}, std::string_view body = {});

// multipart/form-data: text fields (no filename) and files.
struct MultipartPart {
  std::string name;
  std::string data;
  std::optional<std::string> filename;  // set for a file part
  std::string content_type;             // for file parts; default application/octet-stream
};
struct MultipartBody {
  std::string content_type;  // "multipart/form-data; boundary=..."
  std::string body;
};
MultipartBody BuildMultipart(const std::vector<MultipartPart>& parts,
                             std::string_view boundary = "----mwTestBoundary7MA4YWxkTrZu0gW");

// Decompresses a gzip body (throws std::runtime_error if it is not valid gzip).
std::string Gunzip(std::string_view compressed);

// The uncompressed bytes of the entry `name` of a ZIP archive (an .xlsx, .docx …), "" if there is none. Reads the
// local file headers and inflates a deflated (method 8) or copies a stored (method 0) entry; throws if it is broken.
std::string ZipEntry(std::string_view archive, std::string_view name);

}  // namespace mw::testing
