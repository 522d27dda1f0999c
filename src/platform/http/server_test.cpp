// The server against real sockets on a free port, through the test client.
#include "platform/http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <boost/json/parse.hpp>

#include "support/http_client.hpp"

namespace mw::http {
namespace {

using mw::testing::HttpConnection;
using mw::testing::HttpResponse;
using mw::testing::Send;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

bool Contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

// What the upload handler saw.
struct SeenFile {
  std::string field;
  std::string filename;
  std::string content_type;
  std::filesystem::path path;
  std::uint64_t size = 0;
  std::string content;
  bool existed = false;
  std::filesystem::perms permissions{};
};

struct Observations {
  std::mutex mutex;
  std::vector<SeenFile> files;
  std::multimap<std::string, std::string> upload_form;
  std::atomic<int> form_calls{0};
  std::atomic<int> slow_started{0};
  std::atomic<int> fast_calls{0};
  std::atomic<int> normal_calls{0};
  std::atomic<int> gated_calls{0};
  std::atomic<int> gate_calls{0};
  std::atomic<int> gate_saw_body{0};
};

// The response both handlers of "/twin/{word}" give, so that the two paths can be compared; large enough for gzip.
Response TwinPage(const std::string& word) {
  Response response = Response::Html(200, "<p>" + word + "</p>" + std::string(2048, ' '));
  response.SetHeader("Cache-Control", "public, max-age=1");
  response.cookies.push_back({.name = "mw_csrf", .value = "t-" + word});
  return response;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    upload_dir_ =
        std::filesystem::temp_directory_path() / ("mw-http-test-" + std::to_string(::getpid()) + "-" +
                                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(upload_dir_);
    std::filesystem::create_directories(upload_dir_);
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(upload_dir_);
  }

  Router MakeRouter() {
    Router router;
    auto seen = seen_;
    router.Add(Method::kGet, "/hello",
               [](Request& request) { return Response::Html(200, "<p>Hallo " + request.Query("name") + "</p>"); });
    router.Add(Method::kGet, "/echo/{word}",
               [](Request& request) { return Response::Text(200, request.PathParam("word") + "|" + request.path); });
    router.Add(Method::kPost, "/form",
               [seen](Request& request) {
                 ++seen->form_calls;
                 std::string text;
                 for (const auto& [name, value] : request.form) text += name + "=" + value + ";";
                 return Response::Text(200, text);
               },
               {.body_limit = 1024, .field_limit = 100});
    router.Add(Method::kPut, "/form", [](Request&) { return Response::Text(200, "put"); });
    router.Add(Method::kPost, "/raw", [](Request& request) { return Response::Text(200, request.body); });
    router.Add(Method::kGet, "/big", [](Request&) { return Response::Text(200, std::string(4096, 'a')); });
    router.Add(Method::kGet, "/small", [](Request&) { return Response::Text(200, "kurz"); });
    router.Add(Method::kGet, "/image", [](Request&) {
      Response response;
      response.body = std::string(4096, '\x89');
      response.SetHeader("Content-Type", "image/png");
      return response;
    });
    router.Add(Method::kGet, "/slow", [seen](Request&) {
      ++seen->slow_started;
      std::this_thread::sleep_for(std::chrono::seconds(1));
      return Response::Text(200, "langsam");
    });
    router.Add(Method::kGet, "/throw", [](Request&) -> Response { throw std::runtime_error("kaputt"); });
    router.Add(Method::kGet, "/bare404", [](Request&) {
      Response response{.status = 404};
      response.SetHeader("X-Extra", "behalten");
      return response;
    });
    router.Add(Method::kGet, "/own-csp", [](Request&) {
      return Response::Html(200, "x").SetHeader("Content-Security-Policy", "default-src 'none'");
    });
    router.Add(Method::kGet, "/unsafe-header",
               [](Request&) { return Response::Text(200, "x").SetHeader("X-Evil", "a\r\nSet-Cookie: pwned=1"); });
    router.Add(Method::kPost, "/login", [](Request& request) {
      Response response = Response::Redirect("/whoami");
      response.cookies.push_back({.name = "mw_session", .value = "s-" + request.Form("user")});
      response.cookies.push_back({.name = "mw_pref", .value = "de", .max_age_seconds = 86400});
      return response;
    });
    router.Add(Method::kPost, "/logout", [](Request&) {
      Response response = Response::Redirect("/whoami");
      response.cookies.push_back({.name = "mw_session", .value = "", .max_age_seconds = 0});
      return response;
    });
    router.Add(Method::kGet, "/whoami",
               [](Request& request) { return Response::Text(200, request.Cookie("mw_session").value_or("niemand")); });
    router.Add(Method::kGet, "/client", [](Request& request) {
      return Response::Text(200, request.remote_ip + (request.secure ? " https" : " http"));
    });
    router.Add(Method::kPost, "/upload",
               [seen](Request& request) {
                 std::lock_guard lock(seen->mutex);
                 for (const UploadedFile& file : request.files) {
                   std::error_code ec;
                   SeenFile seen_file{.field = file.field,
                                      .filename = file.filename,
                                      .content_type = file.content_type,
                                      .path = file.path,
                                      .size = file.size,
                                      .content = ReadFile(file.path),
                                      .existed = std::filesystem::exists(file.path),
                                      .permissions = std::filesystem::status(file.path, ec).permissions()};
                   seen->files.push_back(seen_file);
                 }
                 seen->upload_form = request.form;
                 return Response::Text(200, std::to_string(request.files.size()) + " Dateien");
               },
               {.body_limit = 1 << 20, .multipart = true, .field_limit = 1000, .max_files = 2});
    // Uploads only for the session "erlaubt": everyone else is refused from the header, before the body.
    router.Add(Method::kPost, "/gated",
               [seen](Request& request) {
                 ++seen->gated_calls;
                 return Response::Text(200, std::to_string(request.files.size()) + " Dateien");
               },
               {.body_limit = 1 << 20,
                .multipart = true,
                .max_files = 2,
                .before_body = [seen](const Request& request) -> std::optional<Response> {
                  ++seen->gate_calls;
                  if (!request.form.empty() || !request.files.empty() || !request.body.empty()) ++seen->gate_saw_body;
                  const auto session = request.Cookie("mw_session");
                  if (session == "wirf") throw std::runtime_error("kaputt");
                  if (!session) return Response::Redirect("/login");
                  if (*session != "erlaubt") return Response{.status = 403};
                  return std::nullopt;
                }});
    // The fast handler answers "schnell", gives a bare 404 for "fehlt", throws for "wirf" and declines the rest.
    router.Add(Method::kGet, "/twin/{word}",
               [seen](Request& request) {
                 ++seen->normal_calls;
                 return TwinPage(request.PathParam("word"));
               },
               {.fast = [seen](const Request& request) -> std::optional<Response> {
                 ++seen->fast_calls;
                 const std::string word = request.PathParam("word");
                 if (word == "wirf") throw std::runtime_error("kaputt");
                 if (word == "fehlt") return Response{.status = 404};
                 if (word != "schnell") return std::nullopt;
                 return TwinPage(word);
               }});
    // A kept body shared by every response, with the path's word in its holes ("@@"); "/kept/big/{word}" is 4 MB
    // with a hole every kilobyte (thousands of pieces: more than one gather write can take).
    static const auto kKept = SharedBody::Make("<p>@@</p>" + std::string(2048, ' ') + "<p>@@</p>", "@@");
    static const auto kKeptBig = [] {
      std::string text;
      for (int piece_idx = 0; piece_idx < 4096; ++piece_idx) text += std::string(1022, 'a' + piece_idx % 26) + "@@";
      return SharedBody::Make(std::move(text), "@@");
    }();
    const auto kept = [](const std::shared_ptr<const SharedBody>& body, std::string fill) {
      Response response = Response::Html(200, "");
      response.shared_body = body;
      response.fill = std::move(fill);
      return response;
    };
    router.Add(Method::kGet, "/kept/{word}", [kept](Request& request) { return kept(kKept, request.PathParam("word")); });
    router.Add(Method::kGet, "/kept/big/{word}",
               [kept](Request& request) { return kept(kKeptBig, request.PathParam("word")); });
    router.Add(Method::kPost, "/fast-raw",
               [](Request& request) { return Response::Text(200, "normal " + request.body); },
               {.body_limit = 100, .fast = [seen](const Request& request) -> std::optional<Response> {
                  ++seen->fast_calls;
                  return Response::Text(200, "schnell " + request.body);
                }});
    router.SetErrorRenderer([](const Request& request, int status, const std::string& message) {
      if (request.path.starts_with("/api/")) return Response::Problem(status, "Fehler", message);
      return Response::Html(status, "<h1>Fehler " + std::to_string(status) + "</h1><p>" + message + "</p>");
    });
    return router;
  }

  void StartServer(ServerOptions options = {}) {
    options.listen_port = 0;
    options.access_log = options_access_log_;
    options.io_threads = 2;
    options.worker_threads = 4;
    options.upload_dir = upload_dir_;
    server_ = std::make_unique<Server>(MakeRouter(), options);
    server_->Start();
  }

  unsigned short port() const { return server_->port(); }

  bool UploadDirEmpty() const { return std::filesystem::is_empty(upload_dir_); }

  // The server removes temporary files just after writing the response; give it a moment.
  bool EventuallyUploadDirEmpty() const {
    for (int attempt = 0; attempt < 100; ++attempt) {
      if (UploadDirEmpty()) return true;
      std::this_thread::sleep_for(milliseconds(10));
    }
    return false;
  }

  std::shared_ptr<Observations> seen_ = std::make_shared<Observations>();
  std::filesystem::path upload_dir_;
  std::unique_ptr<Server> server_;
  bool options_access_log_ = false;
};

// --- Basics -----------------------------------------------------------------------------------------------------

TEST_F(ServerTest, AnswersGetWithBodyAndSecurityHeaders) {
  StartServer();
  HttpResponse response = Send(port(), "GET", "/hello?name=Anna");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "<p>Hallo Anna</p>");
  EXPECT_EQ(response.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(response.Header("content-security-policy"),
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(response.Header("referrer-policy"), "same-origin");
  EXPECT_EQ(response.Header("x-frame-options"), "DENY");
  EXPECT_TRUE(response.HasHeader("date"));
  EXPECT_FALSE(response.HasHeader("server"));
}

TEST(ContentSecurityPolicyTest, WidensImagesOnlyForPlainOrigins) {
  std::string plain = ContentSecurityPolicy();
  EXPECT_NE(plain.find("img-src 'self' data:;"), std::string::npos);
  EXPECT_NE(plain.find("script-src 'self';"), std::string::npos);
  std::string map = ContentSecurityPolicy(
      {"https://*.tile.openstreetmap.org", "https://geodienste.sachsen.de:443", "javascript:alert(1)",
       "https://a.example; script-src *", "ftp://x.example"});
  EXPECT_NE(map.find("img-src 'self' data: https://*.tile.openstreetmap.org https://geodienste.sachsen.de:443;"),
            std::string::npos);
  EXPECT_EQ(map.find("javascript"), std::string::npos);
  EXPECT_EQ(map.find("script-src *"), std::string::npos);
  EXPECT_EQ(map.find("ftp:"), std::string::npos);
}

// A wrong --upload-dir stops the server at start (it was found when every upload answered 500): a missing folder is
// made, one that cannot be made is refused with its name.
TEST_F(ServerTest, PreparesTheUploadDirectoryAtStartOrRefusesToStart) {
  std::filesystem::remove_all(upload_dir_);
  StartServer();
  EXPECT_TRUE(std::filesystem::is_directory(upload_dir_));
  EXPECT_TRUE(UploadDirEmpty()) << "the probe file is removed again";
  server_.reset();

  const auto blocker = upload_dir_ / "a-file";
  { std::ofstream(blocker) << "x"; }
  ServerOptions options{.listen_port = 0, .upload_dir = blocker / "uploads"};
  Server server(MakeRouter(), options);
  try {
    server.Listen();
    ADD_FAILURE() << "the server listened although uploads cannot be stored";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find((blocker / "uploads").string()), std::string::npos) << error.what();
  }
}

TEST_F(ServerTest, HandlerHeadersReplaceTheDefaults) {
  StartServer();
  HttpResponse response = Send(port(), "GET", "/own-csp");
  EXPECT_EQ(response.HeaderValues("content-security-policy"), std::vector<std::string>{"default-src 'none'"});
}

TEST_F(ServerTest, DropsHeadersThatWouldInjectOthers) {
  StartServer();
  HttpResponse response = Send(port(), "GET", "/unsafe-header");
  EXPECT_EQ(response.status, 200);
  EXPECT_FALSE(response.HasHeader("x-evil"));
  EXPECT_FALSE(response.HasHeader("set-cookie"));
}

TEST_F(ServerTest, PathParametersAndPathComeOutDecoded) {
  StartServer();
  HttpResponse response = Send(port(), "GET", "/echo/Stra%C3%9Fe%20A");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "Straße A|/echo/Straße A");
}

TEST_F(ServerTest, PostsAnUrlencodedForm) {
  StartServer();
  HttpResponse response = Send(port(), "POST", "/form", {{"Content-Type", "application/x-www-form-urlencoded"}},
                               "name=B%C3%BCrgerin+Anna&tag=a&tag=b");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "name=Bürgerin Anna;tag=a;tag=b;");
}

TEST_F(ServerTest, KeepsTheRawBodyForOtherContentTypes) {
  StartServer();
  HttpResponse response = Send(port(), "POST", "/raw", {{"Content-Type", "application/json"}}, R"({"a":1})");
  EXPECT_EQ(response.body, R"({"a":1})");
}

TEST_F(ServerTest, ReadsAChunkedBody) {
  StartServer();
  HttpConnection connection(port());
  auto response = connection.SendRaw(
      "POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nHallo\r\n6\r\n Welt!\r\n0\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "Hallo Welt!");
}

TEST_F(ServerTest, HeadUsesTheGetRouteAndSendsNoBody) {
  StartServer();
  HttpConnection connection(port());
  HttpResponse head = connection.Request("HEAD", "/hello?name=Anna");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("content-length"), std::to_string(std::string("<p>Hallo Anna</p>").size()));
  // The connection is still in sync: the next response is read correctly.
  EXPECT_EQ(connection.Request("GET", "/small").body, "kurz");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405ThroughTheErrorRenderer) {
  StartServer();
  HttpResponse missing = Send(port(), "GET", "/gibt-es-nicht");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "<h1>Fehler 404</h1><p>Diese Seite gibt es nicht.</p>");
  EXPECT_EQ(missing.Header("x-frame-options"), "DENY");

  HttpResponse wrong_method = Send(port(), "DELETE", "/form");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.Header("allow"), "POST, PUT");
  EXPECT_TRUE(Contains(wrong_method.body, "Diese Methode ist hier nicht erlaubt."));

  HttpResponse api = Send(port(), "GET", "/api/nichts");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Header("content-type"), "application/problem+json");
  EXPECT_EQ(boost::json::parse(api.body).at("detail").as_string(), "Diese Seite gibt es nicht.");
}

TEST_F(ServerTest, ABareErrorStatusFromAHandlerGetsTheErrorPage) {
  StartServer();
  HttpResponse response = Send(port(), "GET", "/bare404");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "<h1>Fehler 404</h1><p>Diese Seite gibt es nicht.</p>");
  EXPECT_EQ(response.Header("x-extra"), "behalten");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  HttpConnection connection(port());
  EXPECT_EQ(connection.Request("GET", "/hello?name=1").body, "<p>Hallo 1</p>");
  EXPECT_EQ(connection.Request("POST", "/form", {{"Content-Type", "application/x-www-form-urlencoded"}}, "a=1").body,
            "a=1;");
  HttpResponse third = connection.Request("GET", "/small");
  EXPECT_EQ(third.body, "kurz");
  EXPECT_NE(third.Header("connection"), "close");
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  StartServer();
  HttpConnection connection(port());
  connection.Write("GET /hello?name=eins HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=zwei HTTP/1.1\r\nHost: x\r\n\r\n");
  auto first = connection.ReadResponse();
  auto second = connection.ReadResponse();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "<p>Hallo eins</p>");
  EXPECT_EQ(second->body, "<p>Hallo zwei</p>");
}

TEST_F(ServerTest, ConnectionCloseAndHttp10CloseAfterTheResponse) {
  StartServer();
  HttpConnection connection(port());
  HttpResponse response = connection.Request("GET", "/small", {{"Connection", "close"}});
  EXPECT_EQ(response.Header("connection"), "close");
  EXPECT_TRUE(connection.WaitForClose());

  HttpConnection old_client(port());
  auto old_response = old_client.SendRaw("GET /small HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(old_response);
  EXPECT_EQ(old_response->body, "kurz");
  EXPECT_TRUE(old_client.WaitForClose());
}

// --- Hostile input ------------------------------------------------------------------------------------------------

TEST_F(ServerTest, BodyOverTheRouteLimitIs413BeforeTheBodyIsRead) {
  StartServer();
  HttpConnection connection(port());
  // Only the header is sent: the server must answer without waiting for ten megabytes.
  auto response = connection.SendRaw(
      "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 10000000\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(Contains(response->body, "Die Anfrage ist zu groß."));
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_EQ(seen_->form_calls, 0);
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  StartServer();
  HttpConnection connection(port());
  std::string request = "POST /form HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  request += "800\r\n" + std::string(0x800, 'a') + "\r\n0\r\n\r\n";
  auto response = connection.SendRaw(request);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(seen_->form_calls, 0);
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponseOrA413) {
  StartServer();
  HttpConnection connection(port());
  connection.Write(
      "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
      "Content-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  auto interim = connection.ReadResponse();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  connection.Write("a=1");
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "a=1;");

  HttpConnection too_big(port());
  too_big.Write("POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  auto refused = too_big.ReadResponse();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
}

TEST_F(ServerTest, HeaderOverTheLimitIs431) {
  StartServer({.header_limit = 4096});
  HttpConnection connection(port());
  auto response = connection.SendRaw("GET /small HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'b') + "\r\n\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(Contains(response->body, "Die Kopfzeilen der Anfrage sind zu groß."));
}

TEST_F(ServerTest, MalformedRequestsAre400AndClose) {
  StartServer();
  for (std::string_view garbage :
       {"GARBAGE\r\n\r\n", "GET /small HTTP/9.9\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
        "GET /small HTTP/1.1\r\nBad Header\r\n\r\n", "GET /small HTTP/1.1\r\n\r\n",
        "GET /small HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
        "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"}) {
    HttpConnection connection(port());
    auto response = connection.SendRaw(garbage);
    ASSERT_TRUE(response) << garbage;
    EXPECT_EQ(response->status, 400) << garbage;
    EXPECT_TRUE(connection.WaitForClose()) << garbage;
  }
}

TEST_F(ServerTest, RejectsBrokenTargetsWith400) {
  StartServer();
  for (std::string_view target : {"/hello%zz", "/hello%ff", "/hello%00", "/a/../hello", "/a/%2e%2e/hello",
                                  "/echo/a%2Fb", "/hello?name=%ff", "/hello?name=%zz", "http://example.org/hello"}) {
    HttpConnection connection(port());
    auto response = connection.SendRaw("GET " + std::string(target) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->status, 400) << target;
  }
  // The query parser's own German message reaches the client, in the format the error renderer chose by path.
  HttpResponse response = Send(port(), "GET", "/api/suche?q=%ff");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  EXPECT_FALSE(boost::json::parse(response.body).at("detail").as_string().empty()) << response.body;
}

TEST_F(ServerTest, RejectsABrokenUrlencodedForm) {
  StartServer();
  const mw::testing::HeaderList form_type = {{"Content-Type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(Send(port(), "POST", "/form", form_type, "name=%ff").status, 400);
  EXPECT_EQ(Send(port(), "POST", "/form", form_type, "name=%z1").status, 400);
  EXPECT_EQ(Send(port(), "POST", "/form", form_type, "name=" + std::string(200, 'x')).status, 413);  // field_limit
  EXPECT_EQ(seen_->form_calls, 0);
}

// --- Multipart uploads ----------------------------------------------------------------------------------------------

TEST_F(ServerTest, StreamsAMultipartUploadToTemporaryFiles) {
  StartServer();
  std::string binary(200 * 1024, '\0');  // larger than one read chunk
  for (std::size_t byte_idx = 0; byte_idx < binary.size(); ++byte_idx)
    binary[byte_idx] = static_cast<char>(byte_idx * 7);
  auto multipart = mw::testing::BuildMultipart({
      {.name = "titel", .data = "Einwendung zum Bebauungsplan"},
      {.name = "anlage", .data = "%PDF-1.4 erste Datei", .filename = "plan.pdf", .content_type = "application/pdf"},
      {.name = "kommentar", .data = "Grüße"},
      {.name = "anlage", .data = binary, .filename = "../../etc/passwd"},
  });
  HttpResponse response = Send(port(), "POST", "/upload", {{"Content-Type", multipart.content_type}}, multipart.body);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, "2 Dateien");

  std::lock_guard lock(seen_->mutex);
  ASSERT_EQ(seen_->files.size(), 2u);
  EXPECT_EQ(seen_->files[0].field, "anlage");
  EXPECT_EQ(seen_->files[0].filename, "plan.pdf");
  EXPECT_EQ(seen_->files[0].content_type, "application/pdf");
  EXPECT_EQ(seen_->files[0].content, "%PDF-1.4 erste Datei");
  EXPECT_EQ(seen_->files[0].size, 20u);
  EXPECT_TRUE(seen_->files[0].existed);
  EXPECT_EQ(seen_->files[0].path.parent_path(), upload_dir_);  // never derived from the client's filename
  EXPECT_EQ(seen_->files[0].permissions & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(seen_->files[1].filename, "../../etc/passwd");
  EXPECT_EQ(seen_->files[1].content, binary);
  EXPECT_EQ(seen_->files[1].path.parent_path(), upload_dir_);
  EXPECT_EQ(seen_->upload_form.find("titel")->second, "Einwendung zum Bebauungsplan");
  EXPECT_EQ(seen_->upload_form.find("kommentar")->second, "Grüße");

  EXPECT_TRUE(EventuallyUploadDirEmpty());
  for (const SeenFile& file : seen_->files) EXPECT_FALSE(std::filesystem::exists(file.path));
}

TEST_F(ServerTest, BrokenMultipartIs400AndLeavesNoFiles) {
  StartServer();
  auto multipart = mw::testing::BuildMultipart({{.name = "anlage", .data = "Inhalt", .filename = "a.txt"}});
  // Cut before the closing delimiter "\r\n--<boundary>--".
  std::string truncated = multipart.body.substr(0, multipart.body.rfind("\r\n------mwTestBoundary"));
  HttpResponse response = Send(port(), "POST", "/upload", {{"Content-Type", multipart.content_type}}, truncated);
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(seen_->files.empty());
  EXPECT_TRUE(EventuallyUploadDirEmpty());

  HttpResponse no_boundary = Send(port(), "POST", "/upload", {{"Content-Type", "multipart/form-data"}}, "x");
  EXPECT_EQ(no_boundary.status, 400);
}

TEST_F(ServerTest, TooManyFilesIs413) {
  StartServer();
  auto multipart = mw::testing::BuildMultipart({
      {.name = "a", .data = "1", .filename = "1.txt"},
      {.name = "a", .data = "2", .filename = "2.txt"},
      {.name = "a", .data = "3", .filename = "3.txt"},
  });
  HttpResponse response = Send(port(), "POST", "/upload", {{"Content-Type", multipart.content_type}}, multipart.body);
  EXPECT_EQ(response.status, 413);
  EXPECT_TRUE(seen_->files.empty());
  EXPECT_TRUE(EventuallyUploadDirEmpty());
}

TEST_F(ServerTest, TooLongMultipartTextFieldIs413) {
  StartServer();
  auto multipart = mw::testing::BuildMultipart({{.name = "kommentar", .data = std::string(2000, 'x')}});
  HttpResponse response = Send(port(), "POST", "/upload", {{"Content-Type", multipart.content_type}}, multipart.body);
  EXPECT_EQ(response.status, 413);
}

// --- Bodies refused from the header ----------------------------------------------------------------------------------

// The header of a large multipart upload, without its body.
std::string UploadHeader(std::string_view path, std::string_view cookie, std::uint64_t length,
                         std::string_view extra = "") {
  std::string header = "POST " + std::string(path) +
                       " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=----mwTestBoundary7MA4YWxk"
                       "TrZu0gW\r\nContent-Length: " +
                       std::to_string(length) + "\r\n";
  if (!cookie.empty()) header += "Cookie: mw_session=" + std::string(cookie) + "\r\n";
  return header + std::string(extra) + "\r\n";
}

TEST_F(ServerTest, ABodyGateRefusesAnUploadFromItsHeaderWithoutReadingTheBody) {
  StartServer();
  // Only the header of a 900 kB upload is sent: the answers come without waiting for the body.
  HttpConnection anonymous(port());
  auto redirected = anonymous.SendRaw(UploadHeader("/gated", "", 900'000));
  ASSERT_TRUE(redirected);
  EXPECT_EQ(redirected->status, 303);
  EXPECT_EQ(redirected->Header("location"), "/login");
  EXPECT_EQ(redirected->Header("connection"), "close");
  EXPECT_TRUE(anonymous.WaitForClose());

  HttpConnection stranger(port());
  auto forbidden = stranger.SendRaw(UploadHeader("/gated", "fremd", 900'000));
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
  EXPECT_TRUE(Contains(forbidden->body, "Sie haben keine Berechtigung für diese Seite.")) << forbidden->body;
  EXPECT_TRUE(stranger.WaitForClose());

  // "Expect: 100-continue" is not answered with 100 for a refused body: the refusal comes instead.
  HttpConnection careful(port());
  auto refused = careful.SendRaw(UploadHeader("/gated", "fremd", 900'000, "Expect: 100-continue\r\n"));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);

  EXPECT_EQ(seen_->gated_calls, 0);
  EXPECT_EQ(seen_->gate_calls, 3);
  EXPECT_TRUE(UploadDirEmpty());
}

TEST_F(ServerTest, ABodyGateLetsTheRightSenderInAndSeesNoBody) {
  StartServer();
  auto multipart = mw::testing::BuildMultipart({{.name = "anlage", .data = "Inhalt", .filename = "a.txt"}});
  HttpResponse accepted = Send(port(), "POST", "/gated",
                               {{"Content-Type", multipart.content_type}, {"Cookie", "mw_session=erlaubt"}},
                               multipart.body);
  EXPECT_EQ(accepted.status, 200);
  EXPECT_EQ(accepted.body, "1 Dateien");
  EXPECT_EQ(seen_->gated_calls, 1);
  EXPECT_EQ(seen_->gate_saw_body, 0);

  // A refused request with its whole body still sees the refusal, not a reset connection.
  HttpResponse refused = Send(port(), "POST", "/gated",
                              {{"Content-Type", multipart.content_type}, {"Cookie", "mw_session=fremd"}},
                              multipart.body);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(seen_->gated_calls, 1);

  // A gate that throws is a 500 and the server goes on.
  HttpResponse broken = Send(port(), "POST", "/gated",
                             {{"Content-Type", multipart.content_type}, {"Cookie", "mw_session=wirf"}},
                             multipart.body);
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(Send(port(), "GET", "/small").body, "kurz");
  EXPECT_TRUE(EventuallyUploadDirEmpty());
}

TEST_F(ServerTest, OneClientMayRunOnlyAFewUploadsAtOnce) {
  StartServer({.max_uploads_per_ip = 1});
  auto multipart = mw::testing::BuildMultipart({{.name = "anlage", .data = "Inhalt", .filename = "a.txt"}});
  const std::string header = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: " + multipart.content_type +
                             "\r\nContent-Length: " + std::to_string(multipart.body.size()) + "\r\n\r\n";
  // The first upload is under way (half its body sent) ...
  HttpConnection first(port());
  first.Write(header + multipart.body.substr(0, 20));
  std::this_thread::sleep_for(milliseconds(200));
  // ... so a second one from the same address is refused before its body is read.
  HttpConnection second(port());
  auto refused = second.SendRaw(header);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(refused->Header("retry-after"), "10");
  EXPECT_TRUE(Contains(refused->body, "zu viele Dateien hochgeladen")) << refused->body;

  first.Write(multipart.body.substr(20));
  auto done = first.ReadResponse();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200);
  // Once it is finished (and its files removed), the next one is welcome.
  ASSERT_TRUE(EventuallyUploadDirEmpty());
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(Send(port(), "POST", "/upload", {{"Content-Type", multipart.content_type}}, multipart.body).status, 200);
}

TEST_F(ServerTest, UploadsOverTheTemporaryFileBudgetAre503WithRetryAfter) {
  StartServer({.max_upload_bytes = 1000});
  HttpConnection too_big(port());
  auto refused = too_big.SendRaw(UploadHeader("/upload", "", 5000));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->Header("retry-after"), "60");
  EXPECT_TRUE(UploadDirEmpty());

  // Two uploads of 600 bytes do not fit at once: the second waits for the first to be done.
  auto multipart = mw::testing::BuildMultipart({{.name = "anlage", .data = std::string(400, 'x'), .filename = "a"}});
  ASSERT_LT(multipart.body.size(), 1000u);
  ASSERT_GT(multipart.body.size(), 500u);
  const std::string header = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: " + multipart.content_type +
                             "\r\nContent-Length: " + std::to_string(multipart.body.size()) + "\r\n\r\n";
  HttpConnection first(port());
  first.Write(header + multipart.body.substr(0, 20));
  std::this_thread::sleep_for(milliseconds(200));
  HttpConnection second(port());
  auto full = second.SendRaw(header);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->status, 503);
  first.Write(multipart.body.substr(20));
  auto done = first.ReadResponse();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200);
  ASSERT_TRUE(EventuallyUploadDirEmpty());
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(Send(port(), "POST", "/upload", {{"Content-Type", multipart.content_type}}, multipart.body).status, 200);
}

TEST_F(ServerTest, OnePeerMayOpenOnlySoManyConnections) {
  StartServer({.max_connections_per_ip = 2});
  HttpConnection one(port());
  HttpConnection two(port());
  EXPECT_EQ(one.Request("GET", "/small").body, "kurz");
  EXPECT_EQ(two.Request("GET", "/small").body, "kurz");
  // The third is closed as soon as it is accepted.
  HttpConnection three(port());
  EXPECT_FALSE(three.SendRaw("GET /small HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(one.Request("GET", "/small").body, "kurz");
  // A closed connection frees its place.
  one.Write("GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(one.ReadResponse());
  EXPECT_TRUE(one.WaitForClose());
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(Send(port(), "GET", "/small").body, "kurz");
}

TEST_F(ServerTest, OnlyChunkedAloneFramesARequestBody) {
  StartServer();
  const std::string chunked_body = "3\r\nabc\r\n0\r\n\r\n";
  for (const auto& [coding, status] : std::vector<std::pair<std::string, int>>{
           {"chunked", 200},
           {"Chunked", 200},
           {"identity", 400},
           {"chunked, identity", 400},
           {"chunked, chunked", 400},
           {"chunked;foo=bar", 400},
           {"gzip, chunked", 501},
           {"x-unbekannt, chunked", 501},
       }) {
    HttpConnection connection(port());
    auto response =
        connection.SendRaw("POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n" + chunked_body);
    ASSERT_TRUE(response) << coding;
    EXPECT_EQ(response->status, status) << coding;
    if (status == 200) {
      EXPECT_EQ(response->body, "abc");
    } else {
      EXPECT_TRUE(connection.WaitForClose()) << coding;
    }
  }
  // Two header lines make one list: "gzip" then "chunked".
  HttpConnection split(port());
  auto response = split.SendRaw("POST /raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n" + chunked_body);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 501);
  // HTTP/1.0 knows no transfer codings.
  HttpConnection old(port());
  auto old_response = old.SendRaw("POST /raw HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked_body);
  ASSERT_TRUE(old_response);
  EXPECT_EQ(old_response->status, 400);
}

// --- Compression ----------------------------------------------------------------------------------------------------

TEST_F(ServerTest, CompressesLargeTextWhenTheClientAcceptsGzip) {
  StartServer();
  HttpResponse compressed = Send(port(), "GET", "/big", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(compressed.Header("content-encoding"), "gzip");
  EXPECT_EQ(compressed.Header("vary"), "Accept-Encoding");
  EXPECT_LT(compressed.body.size(), 200u);
  EXPECT_EQ(mw::testing::Gunzip(compressed.body), std::string(4096, 'a'));

  HttpResponse plain = Send(port(), "GET", "/big");
  EXPECT_FALSE(plain.HasHeader("content-encoding"));
  EXPECT_EQ(plain.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(plain.body, std::string(4096, 'a'));

  EXPECT_FALSE(Send(port(), "GET", "/big", {{"Accept-Encoding", "gzip;q=0"}}).HasHeader("content-encoding"));
  EXPECT_FALSE(Send(port(), "GET", "/small", {{"Accept-Encoding", "gzip"}}).HasHeader("content-encoding"));
  HttpResponse image = Send(port(), "GET", "/image", {{"Accept-Encoding", "gzip"}});
  EXPECT_FALSE(image.HasHeader("content-encoding"));
  EXPECT_EQ(image.body.size(), 4096u);
}

// A kept body (Response::shared_body) goes out as its text with the response's fill in every hole: plain, as HEAD,
// compressed, kept-alive, and in pieces when it is larger than one write.
TEST_F(ServerTest, SendsASharedBodyWithTheResponsesFillInItsHoles) {
  StartServer();
  const std::string expected = "<p>Anna</p>" + std::string(2048, ' ') + "<p>Anna</p>";
  HttpConnection connection(port());
  HttpResponse plain = connection.Request("GET", "/kept/Anna");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, expected);
  EXPECT_EQ(plain.Header("content-length"), std::to_string(expected.size()));
  EXPECT_EQ(plain.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(plain.Header("x-frame-options"), "DENY");
  HttpResponse other = connection.Request("GET", "/kept/Bernd-Christoph");
  EXPECT_EQ(other.body, "<p>Bernd-Christoph</p>" + std::string(2048, ' ') + "<p>Bernd-Christoph</p>");
  HttpResponse head = connection.Request("HEAD", "/kept/Anna");
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("content-length"), std::to_string(expected.size()));
  EXPECT_EQ(connection.Request("GET", "/small").body, "kurz");

  HttpResponse compressed = Send(port(), "GET", "/kept/Anna", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(compressed.Header("content-encoding"), "gzip");
  EXPECT_EQ(mw::testing::Gunzip(compressed.body), expected);

  HttpResponse big = connection.Request("GET", "/kept/big/Zoe");
  ASSERT_EQ(big.body.size(), 4096u * 1025u);
  for (std::size_t piece_idx = 0; piece_idx < 4096; ++piece_idx) {
    const std::string_view piece = std::string_view(big.body).substr(piece_idx * 1025, 1025);
    ASSERT_EQ(piece, std::string(1022, 'a' + piece_idx % 26) + "Zoe") << "piece " << piece_idx;
  }
  EXPECT_EQ(connection.Request("GET", "/small").body, "kurz");
}

TEST(SharedBodyTest, HolesAreWhereTheMarkerWasAndTheFillMayBeLongerOrShorter) {
  auto body = SharedBody::Make("a@@b@@@@c", "@@");
  EXPECT_EQ(body->holes.size(), 3u);
  EXPECT_EQ(body->TextWith("XYZ"), "aXYZbXYZXYZc");
  EXPECT_EQ(body->SizeWith("XYZ"), 12u);
  EXPECT_EQ(body->TextWith(""), "abc");
  EXPECT_TRUE(SharedBody::Make("a@@b", "")->holes.empty());
  EXPECT_EQ(SharedBody::Make("a@@b", "")->TextWith("x"), "a@@b");
}

// A range of the kept text replaced for one response (a logged-in visitor's header in a kept page): before, between
// and after the holes, longer or shorter; never across a hole, never outside the text.
TEST(SharedBodyTest, ARangeBetweenTheHolesCanBeReplacedForOneResponse) {
  auto body = SharedBody::Make("<nav>anon</nav>@@<p>x</p>@@", "@@");  // holes at 15 and 25
  EXPECT_EQ(body->TextWith("T", 0, 15, "<nav>Kim</nav>"), "<nav>Kim</nav>T<p>x</p>T");
  EXPECT_EQ(body->TextWith("T", 17, 8, "<p>yy</p>"), "<nav>anon</nav>T<p>yy</p>T");
  EXPECT_EQ(body->TextWith("T", 27, 0, "!"), "<nav>anon</nav>T<p>x</p>T!");
  EXPECT_EQ(body->TextWith("T", 5, 4, ""), "<nav></nav>T<p>x</p>T");
  EXPECT_EQ(body->TextWith("T", 10, 6, "z"), std::nullopt) << "across a hole";
  EXPECT_EQ(body->TextWith("T", 26, 5, "z"), std::nullopt) << "beyond the text";
}

// --- Cookies --------------------------------------------------------------------------------------------------------

TEST_F(ServerTest, SetsCookiesAndReadsThemBack) {
  StartServer();
  mw::testing::CookieJar jar;
  HttpConnection connection(port());
  connection.SetCookieJar(&jar);
  HttpResponse login =
      connection.Request("POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}}, "user=anna");
  EXPECT_EQ(login.status, 303);
  EXPECT_EQ(login.Header("location"), "/whoami");
  EXPECT_EQ(login.HeaderValues("set-cookie"),
            (std::vector<std::string>{"mw_session=s-anna; Path=/; HttpOnly; SameSite=Lax",
                                      "mw_pref=de; Path=/; Max-Age=86400; HttpOnly; SameSite=Lax"}));
  EXPECT_EQ(connection.Request("GET", "/whoami").body, "s-anna");
  connection.Request("POST", "/logout");
  EXPECT_FALSE(jar.Get("mw_session"));
  EXPECT_EQ(connection.Request("GET", "/whoami").body, "niemand");
}

// --- Proxy headers --------------------------------------------------------------------------------------------------

TEST_F(ServerTest, ForwardedHeadersCountOnlyBehindATrustedProxy) {
  StartServer();
  const mw::testing::HeaderList forwarded = {{"X-Forwarded-For", "203.0.113.7, 10.0.0.1"},
                                             {"X-Forwarded-Proto", "https"}};
  EXPECT_EQ(Send(port(), "GET", "/client", forwarded).body, "127.0.0.1 http");
  server_.reset();
  StartServer({.trust_proxy = true});
  EXPECT_EQ(Send(port(), "GET", "/client", forwarded).body, "203.0.113.7 https");
  EXPECT_EQ(Send(port(), "GET", "/client", {{"X-Forwarded-For", "kein-ip"}}).body, "127.0.0.1 http");
}

// --- Concurrency, failures, timeouts, shutdown --------------------------------------------------------------------

TEST_F(ServerTest, ASlowHandlerDoesNotDelayOtherConnections) {
  StartServer();
  auto slow = std::async(std::launch::async, [this] { return Send(port(), "GET", "/slow"); });
  while (seen_->slow_started == 0) std::this_thread::sleep_for(milliseconds(5));
  const auto start = Clock::now();
  HttpResponse fast = Send(port(), "GET", "/small");
  const auto elapsed = Clock::now() - start;
  EXPECT_EQ(fast.body, "kurz");
  EXPECT_LT(elapsed, milliseconds(600));  // the slow one takes 1 s
  EXPECT_EQ(slow.get().body, "langsam");
}

TEST_F(ServerTest, AThrowingHandlerGives500AndTheServerKeepsServing) {
  StartServer();
  HttpConnection connection(port());
  HttpResponse failure = connection.Request("GET", "/throw");
  EXPECT_EQ(failure.status, 500);
  EXPECT_TRUE(Contains(failure.body, "Ein interner Fehler ist aufgetreten."));
  EXPECT_FALSE(Contains(failure.body, "kaputt"));  // internals stay in the log
  EXPECT_EQ(connection.Request("GET", "/small").body, "kurz");
  EXPECT_EQ(Send(port(), "GET", "/small").body, "kurz");
}

TEST_F(ServerTest, HalfARequestTimesOutWith408AndTheConnectionCloses) {
  StartServer({.read_timeout = std::chrono::seconds(1)});
  HttpConnection connection(port());
  const auto start = Clock::now();
  connection.Write("GET /small HTTP/1.1\r\nHost: x\r\n");  // the blank line never comes
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
  EXPECT_TRUE(Contains(response->body, "Die Anfrage kam nicht rechtzeitig an."));
  EXPECT_TRUE(connection.WaitForClose());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
}

TEST_F(ServerTest, SlowBodyTimesOutToo) {
  StartServer({.read_timeout = std::chrono::seconds(1)});
  HttpConnection connection(port());
  connection.Write("POST /raw HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 408);
}

TEST_F(ServerTest, IdleKeepAliveConnectionsAreClosed) {
  StartServer({.idle_timeout = std::chrono::seconds(1)});
  HttpConnection connection(port());
  EXPECT_EQ(connection.Request("GET", "/small").body, "kurz");
  const auto start = Clock::now();
  EXPECT_TRUE(connection.WaitForClose());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
}

TEST_F(ServerTest, StopLetsAnInFlightRequestFinish) {
  StartServer();
  HttpConnection idle(port());
  EXPECT_EQ(idle.Request("GET", "/small").body, "kurz");

  auto slow = std::async(std::launch::async, [this] { return Send(port(), "GET", "/slow"); });
  while (seen_->slow_started == 0) std::this_thread::sleep_for(milliseconds(5));
  const auto start = Clock::now();
  server_->Stop();
  const auto stop_took = Clock::now() - start;

  HttpResponse response = slow.get();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "langsam");
  EXPECT_EQ(response.Header("connection"), "close");
  EXPECT_LT(stop_took, std::chrono::seconds(3));  // waited for the slow request, not for the idle connection
  EXPECT_TRUE(idle.WaitForClose());
  EXPECT_THROW(Send(port(), "GET", "/small"), std::runtime_error);  // no longer accepting
}

TEST_F(ServerTest, StopClosesWhatIsStillBusyAfterTheGracePeriod) {
  StartServer({.shutdown_grace = std::chrono::seconds(0)});
  auto slow = std::async(std::launch::async, [this] { return Send(port(), "GET", "/slow"); });
  while (seen_->slow_started == 0) std::this_thread::sleep_for(milliseconds(5));
  server_->Stop();  // returns once the running handler is done, but its connection is gone
  EXPECT_THROW(slow.get(), std::runtime_error);
}

TEST_F(ServerTest, RunServesUntilStopIsCalled) {
  server_ = std::make_unique<Server>(MakeRouter(), ServerOptions{.listen_port = 0, .access_log = false});
  server_->Listen();
  std::thread runner([this] { server_->Run(/*install_signal_handlers=*/false); });
  EXPECT_EQ(Send(port(), "GET", "/small").body, "kurz");
  server_->Stop();
  runner.join();  // Run returned
  EXPECT_THROW(Send(port(), "GET", "/small"), std::runtime_error);
}

// --- Fast handlers ------------------------------------------------------------------------------------------------

TEST_F(ServerTest, AFastHandlersResponseIsSentLikeTheHandlers) {
  StartServer();
  for (const std::string accept_encoding : {"identity", "gzip"}) {
    SCOPED_TRACE(accept_encoding);
    HttpConnection connection(port());
    HttpResponse fast = connection.Request("GET", "/twin/schnell", {{"Accept-Encoding", accept_encoding}});
    HttpResponse normal = connection.Request("GET", "/twin/normal", {{"Accept-Encoding", accept_encoding}});
    ASSERT_EQ(fast.status, 200);
    ASSERT_EQ(normal.status, 200);
    for (const char* name : {"content-type", "cache-control", "content-security-policy", "x-content-type-options",
                             "referrer-policy", "x-frame-options", "vary", "content-encoding", "connection"}) {
      EXPECT_EQ(fast.Header(name), normal.Header(name)) << name;
    }
    EXPECT_TRUE(fast.HasHeader("date"));
    auto fast_cookies = fast.HeaderValues("set-cookie");
    ASSERT_EQ(fast_cookies.size(), 1u);
    EXPECT_EQ(fast_cookies[0].rfind("mw_csrf=t-schnell", 0), 0u);
    EXPECT_EQ(normal.HeaderValues("set-cookie"),
              std::vector<std::string>{"mw_csrf=t-normal" + fast_cookies[0].substr(17)});
    // The same connection carries the next request (keep-alive) after a fast response.
    EXPECT_EQ(connection.Request("GET", "/small").body, "kurz");
  }
  EXPECT_EQ(seen_->fast_calls, 4);
  EXPECT_EQ(seen_->normal_calls, 2) << "only for the word the fast handler declined";

  HttpConnection connection(port());
  HttpResponse head = connection.Request("HEAD", "/twin/schnell");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("content-length"), std::to_string(TwinPage("schnell").body.size()));
  EXPECT_EQ(seen_->normal_calls, 2);
}

TEST_F(ServerTest, WhatAFastHandlerDeclinesFailsOrCannotFinishGoesToTheHandler) {
  StartServer();
  EXPECT_TRUE(Contains(Send(port(), "GET", "/twin/anders").body, "<p>anders</p>"));
  EXPECT_TRUE(Contains(Send(port(), "GET", "/twin/fehlt").body, "<p>fehlt</p>")) << "a bare error status";
  EXPECT_TRUE(Contains(Send(port(), "GET", "/twin/wirf").body, "<p>wirf</p>")) << "an exception";
  EXPECT_EQ(seen_->fast_calls, 3);
  EXPECT_EQ(seen_->normal_calls, 3);
}

TEST_F(ServerTest, BodyLimitsHoldBeforeAFastHandler) {
  StartServer();
  EXPECT_EQ(Send(port(), "POST", "/fast-raw", {{"Content-Type", "text/plain"}}, "klein").body, "schnell klein");
  HttpResponse too_large = Send(port(), "POST", "/fast-raw", {{"Content-Type", "text/plain"}}, std::string(101, 'x'));
  EXPECT_EQ(too_large.status, 413);
  HttpConnection connection(port());
  auto chunked = connection.SendRaw(
      "POST /fast-raw HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "65\r\n" +
      std::string(101, 'x') + "\r\n0\r\n\r\n");
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 413);
  EXPECT_EQ(seen_->fast_calls, 1);
}

TEST_F(ServerTest, StopClosesConnectionsServedByAFastHandlerAndLetsSlowRequestsFinish) {
  StartServer();
  HttpConnection idle(port());
  EXPECT_EQ(idle.Request("GET", "/twin/schnell").status, 200);
  auto slow = std::async(std::launch::async, [this] { return Send(port(), "GET", "/slow"); });
  while (seen_->slow_started == 0) std::this_thread::sleep_for(milliseconds(5));
  const auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(slow.get().body, "langsam");
  EXPECT_TRUE(idle.WaitForClose());
  EXPECT_EQ(seen_->fast_calls, 1);
}

TEST_F(ServerTest, WritesAJsonAccessLogLineAndCountsMetrics) {
  options_access_log_ = true;
  StartServer();
  ::testing::internal::CaptureStdout();
  Send(port(), "GET", "/hello?name=geheim");
  server_->Stop();  // waits for the workers, so the line is written
  const std::string output = ::testing::internal::GetCapturedStdout();
  const std::size_t line_start = output.find("{\"ts\"");
  ASSERT_NE(line_start, std::string::npos) << output;
  const std::string line = output.substr(line_start, output.find('\n', line_start) - line_start);
  auto entry = boost::json::parse(line).as_object();
  EXPECT_EQ(entry.at("method").as_string(), "GET");
  EXPECT_EQ(entry.at("path").as_string(), "/hello");  // without the query
  EXPECT_EQ(entry.at("status").as_int64(), 200);
  EXPECT_EQ(entry.at("remote_ip").as_string(), "127.0.0.1");
  EXPECT_GT(entry.at("bytes").to_number<double>(), 0);
  EXPECT_GE(entry.at("duration_ms").to_number<double>(), 0);
  EXPECT_TRUE(entry.at("ts").as_string().ends_with("Z"));

  const std::string metrics = Metrics::Global().Render();
  EXPECT_TRUE(Contains(metrics, "mw_http_requests_total{method=\"GET\",status=\"2xx\"}"));
  EXPECT_TRUE(Contains(metrics, "mw_http_request_duration_seconds_bucket{method=\"GET\",le=\"+Inf\"}"));
  EXPECT_TRUE(Contains(metrics, "mw_http_connections_open"));
  EXPECT_TRUE(Contains(metrics, "mw_http_requests_in_flight"));
}

}  // namespace
}  // namespace mw::http
