#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "platform/http/server.hpp"
#include "support/http_client.hpp"

namespace mw::http {
namespace {

using mw::testing::HttpResponse;
using mw::testing::Send;

void WriteFile(const std::filesystem::path& path, std::string_view content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = std::filesystem::temp_directory_path() /
            ("mw-static-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(base_);
    root_ = base_ / "static";
    WriteFile(root_ / "css" / "site.css", "body { color: #222; }\n");
    WriteFile(root_ / "img" / "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    WriteFile(root_ / "daten.bin", "\x01\x02");
    WriteFile(base_ / "geheim.txt", "nicht öffentlich");
    std::filesystem::create_symlink(base_ / "geheim.txt", root_ / "link-hinaus.txt");
    std::filesystem::create_symlink(root_ / "css" / "site.css", root_ / "link-drinnen.css");

    Router router;
    router.Add(Method::kGet, "/static/*", StaticFiles(root_, "public, max-age=60"));
    server_ = std::make_unique<Server>(std::move(router), ServerOptions{.listen_port = 0, .access_log = false});
    server_->Start();
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(base_);
  }

  HttpResponse Get(std::string_view target, const mw::testing::HeaderList& headers = {}) {
    return Send(server_->port(), "GET", target, headers);
  }

  std::filesystem::path base_;
  std::filesystem::path root_;
  std::unique_ptr<Server> server_;
};

TEST_F(StaticFilesTest, ServesAFileWithValidatorsAndCaching) {
  HttpResponse response = Get("/static/css/site.css");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "body { color: #222; }\n");
  EXPECT_EQ(response.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(response.Header("cache-control"), "public, max-age=60");
  EXPECT_TRUE(response.Header("last-modified").ends_with(" GMT"));
  const std::string etag = response.Header("etag");
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"');  // strong
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(Get("/static/img/logo.svg").Header("content-type"), "image/svg+xml");
  EXPECT_EQ(Get("/static/daten.bin").Header("content-type"), "application/octet-stream");
}

TEST_F(StaticFilesTest, IfNoneMatchGives304) {
  const std::string etag = Get("/static/css/site.css").Header("etag");
  HttpResponse not_modified = Get("/static/css/site.css", {{"If-None-Match", etag}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(not_modified.Header("etag"), etag);
  EXPECT_EQ(not_modified.Header("cache-control"), "public, max-age=60");
  EXPECT_EQ(Get("/static/css/site.css", {{"If-None-Match", "\"alt\", W/" + etag}}).status, 304);
  EXPECT_EQ(Get("/static/css/site.css", {{"If-None-Match", "\"alt\""}}).status, 200);
}

TEST_F(StaticFilesTest, TheEtagFollowsTheContent) {
  const std::string before = Get("/static/css/site.css").Header("etag");
  WriteFile(root_ / "css" / "site.css", "body { color: #000; }\n");
  std::filesystem::last_write_time(root_ / "css" / "site.css",
                                   std::filesystem::file_time_type::clock::now() + std::chrono::seconds(10));
  HttpResponse after = Get("/static/css/site.css", {{"If-None-Match", before}});
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.body, "body { color: #000; }\n");
  EXPECT_NE(after.Header("etag"), before);
}

TEST_F(StaticFilesTest, HeadSendsTheLengthOnly) {
  HttpResponse head = Send(server_->port(), "HEAD", "/static/css/site.css");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), "22");
  EXPECT_TRUE(head.body.empty());
}

TEST_F(StaticFilesTest, NothingOutsideTheRootIsServed) {
  EXPECT_EQ(Get("/static/fehlt.css").status, 404);
  EXPECT_EQ(Get("/static/css").status, 404);  // a directory
  EXPECT_EQ(Get("/static/").status, 404);
  EXPECT_EQ(Get("/static/link-hinaus.txt").status, 404);
  EXPECT_EQ(Get("/static/link-drinnen.css").status, 200);
  EXPECT_EQ(Get("/static/%2e%2e/geheim.txt").status, 400);  // refused by the server before routing

  // The handler on its own refuses climbing too, whatever reaches it.
  Handler handler = StaticFiles(root_);
  for (std::string rest : {"../geheim.txt", "css/../../geheim.txt", "/etc/passwd", "./css/site.css"}) {
    Request request;
    request.path_params["*"] = rest;
    EXPECT_EQ(handler(request).status, 404) << rest;
  }
}

}  // namespace
}  // namespace mw::http
