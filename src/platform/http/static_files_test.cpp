#include <gtest/gtest.h>

#include <brotli/decode.h>
#include <unistd.h>
#include <zlib.h>

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

std::string Gunzip(std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2 failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16 * 1024];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  if (result != Z_STREAM_END) throw std::runtime_error("not a complete gzip stream");
  return out;
}

std::string Unbrotli(std::string_view data) {
  std::string out(1024 * 1024, '\0');
  std::size_t size = out.size();
  if (BrotliDecoderDecompress(data.size(), reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                              reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS) {
    throw std::runtime_error("not a brotli stream");
  }
  out.resize(size);
  return out;
}

// A stylesheet large and repetitive enough that both compressed forms are smaller.
std::string LargeCss() {
  std::string css;
  for (int rule = 0; rule < 200; ++rule) {
    css += ".mw-regel-" + std::to_string(rule) + " { margin: 0 0 1rem; color: #222; }\n";
  }
  return css;
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
    WriteFile(root_ / "css" / "gross.css", LargeCss());
    WriteFile(root_ / "fonts" / "schrift.woff2", LargeCss());  // compressible bytes, but a type never compressed
    WriteFile(base_ / "geheim.txt", "nicht öffentlich");
    std::filesystem::create_symlink(base_ / "geheim.txt", root_ / "link-hinaus.txt");
    std::filesystem::create_symlink(root_ / "css" / "site.css", root_ / "link-drinnen.css");

    Router router;
    assets_ = std::make_unique<StaticAssets>(root_);
    router.Add(Method::kGet, "/static/*", StaticFiles(*assets_, "public, max-age=60"));
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
  std::unique_ptr<StaticAssets> assets_;
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

TEST_F(StaticFilesTest, ServesTheBestAcceptedCodingThatDecodesToTheFile) {
  const std::string css = LargeCss();
  HttpResponse identity = Get("/static/css/gross.css");
  EXPECT_EQ(identity.body, css);
  EXPECT_EQ(identity.Header("content-encoding"), "");
  EXPECT_EQ(identity.Header("vary"), "Accept-Encoding");

  HttpResponse gzip = Get("/static/css/gross.css", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gzip.status, 200);
  EXPECT_EQ(gzip.Header("content-encoding"), "gzip");
  EXPECT_EQ(gzip.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(gzip.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_LT(gzip.body.size(), css.size());
  EXPECT_EQ(Gunzip(gzip.body), css);

  HttpResponse brotli = Get("/static/css/gross.css", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(brotli.Header("content-encoding"), "br");
  EXPECT_EQ(brotli.Header("vary"), "Accept-Encoding");
  EXPECT_LT(brotli.body.size(), gzip.body.size());
  EXPECT_EQ(Unbrotli(brotli.body), css);

  // q=0 refuses a coding; "*" stands for the unlisted ones.
  EXPECT_EQ(Get("/static/css/gross.css", {{"Accept-Encoding", "br;q=0, gzip"}}).Header("content-encoding"), "gzip");
  EXPECT_EQ(Get("/static/css/gross.css", {{"Accept-Encoding", "*"}}).Header("content-encoding"), "br");
  EXPECT_EQ(Get("/static/css/gross.css", {{"Accept-Encoding", "gzip;q=0, *;q=0.5"}}).Header("content-encoding"), "br");
  HttpResponse refused = Get("/static/css/gross.css", {{"Accept-Encoding", "br;q=0, gzip;q=0"}});
  EXPECT_EQ(refused.Header("content-encoding"), "");
  EXPECT_EQ(refused.body, css);
  HttpResponse identity_only = Get("/static/css/gross.css", {{"Accept-Encoding", "identity"}});
  EXPECT_EQ(identity_only.Header("content-encoding"), "");
  EXPECT_EQ(identity_only.body, css);

  // HEAD: the length of what GET would send in that coding.
  HttpResponse head = Send(server_->port(), "HEAD", "/static/css/gross.css", {{"Accept-Encoding", "br"}});
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-encoding"), "br");
  EXPECT_EQ(head.Header("content-length"), std::to_string(brotli.body.size()));
  EXPECT_TRUE(head.body.empty());
}

TEST_F(StaticFilesTest, EveryCodingHasItsOwnEtag) {
  const std::string identity = Get("/static/css/gross.css").Header("etag");
  const std::string gzip = Get("/static/css/gross.css", {{"Accept-Encoding", "gzip"}}).Header("etag");
  const std::string brotli = Get("/static/css/gross.css", {{"Accept-Encoding", "br"}}).Header("etag");
  EXPECT_NE(identity, gzip);
  EXPECT_NE(identity, brotli);
  EXPECT_NE(gzip, brotli);
  for (const std::string& tag : {identity, gzip, brotli}) {
    ASSERT_GE(tag.size(), 3u);
    EXPECT_EQ(tag.front(), '"');
    EXPECT_EQ(tag.back(), '"');
  }

  HttpResponse not_modified = Get("/static/css/gross.css", {{"Accept-Encoding", "br"}, {"If-None-Match", brotli}});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.Header("etag"), brotli);
  EXPECT_EQ(not_modified.Header("vary"), "Accept-Encoding");
  EXPECT_EQ(Get("/static/css/gross.css", {{"Accept-Encoding", "gzip"}, {"If-None-Match", gzip}}).status, 304);
  // A tag of another coding does not match: the client gets the representation it can decode.
  HttpResponse other = Get("/static/css/gross.css", {{"Accept-Encoding", "gzip"}, {"If-None-Match", brotli}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(Gunzip(other.body), LargeCss());
  EXPECT_EQ(Get("/static/css/gross.css", {{"If-None-Match", gzip}}).status, 200);
}

TEST_F(StaticFilesTest, OnlyCompressibleTypesSmallerWhenCompressedAreSentCompressed) {
  // A font is compressed already; a tiny stylesheet would grow.
  HttpResponse font = Get("/static/fonts/schrift.woff2", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(font.Header("content-encoding"), "");
  EXPECT_EQ(font.Header("vary"), "");
  EXPECT_EQ(font.body, LargeCss());
  HttpResponse tiny = Get("/static/img/logo.svg", {{"Accept-Encoding", "br, gzip"}});
  EXPECT_EQ(tiny.body, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  EXPECT_EQ(tiny.Header("content-encoding"), "");
}

TEST_F(StaticFilesTest, AChangedFileIsCompressedAgain) {
  WriteFile(root_ / "css" / "gross.css", LargeCss() + "/* neu */\n");
  std::filesystem::last_write_time(root_ / "css" / "gross.css",
                                   std::filesystem::file_time_type::clock::now() + std::chrono::seconds(10));
  EXPECT_EQ(Unbrotli(Get("/static/css/gross.css", {{"Accept-Encoding", "br"}}).body), LargeCss() + "/* neu */\n");
  EXPECT_EQ(Gunzip(Get("/static/css/gross.css", {{"Accept-Encoding", "gzip"}}).body), LargeCss() + "/* neu */\n");
}

TEST_F(StaticFilesTest, AVersionedAddressIsImmutableWhileItsHashIsTheFilesOwn) {
  const std::string url = assets_->Url("/static/css/gross.css");
  ASSERT_TRUE(url.starts_with("/static/v/")) << url;
  ASSERT_EQ(url.size(), std::string("/static/v/0123456789abcdef/css/gross.css").size()) << url;
  EXPECT_EQ(assets_->Url("/static/fehlt.css"), "/static/fehlt.css");
  EXPECT_EQ(assets_->Url("https://example.org/x.css"), "https://example.org/x.css");
  EXPECT_NE(assets_->Url("/static/css/site.css"), url);

  HttpResponse versioned = Get(url, {{"Accept-Encoding", "br"}});
  EXPECT_EQ(versioned.status, 200);
  EXPECT_EQ(versioned.Header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Unbrotli(versioned.body), LargeCss());
  // The plain name keeps revalidated caching.
  EXPECT_EQ(Get("/static/css/gross.css").Header("cache-control"), "public, max-age=60");

  // A relative URL inside a versioned stylesheet: served, but revalidated, as its content may change on its own.
  const std::string hash = url.substr(std::string("/static/v/").size(), 16);
  HttpResponse sibling = Get("/static/v/" + hash + "/img/logo.svg");
  EXPECT_EQ(sibling.status, 200);
  EXPECT_EQ(sibling.body, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
  EXPECT_EQ(sibling.Header("cache-control"), "public, max-age=60");

  // A hash no file has (a page from before a change): to the current file under its plain name.
  HttpResponse stale = Get("/static/v/0123456789abcdef/css/gross.css");
  EXPECT_EQ(stale.status, 302);
  EXPECT_EQ(stale.Header("location"), "/static/css/gross.css");
  EXPECT_EQ(stale.Header("cache-control"), "no-cache");
  WriteFile(root_ / "css" / "mit leer.css", "p { margin: 0; }\n");
  EXPECT_EQ(Get("/static/v/0123456789abcdef/css/mit%20leer.css").Header("location"), "/static/css/mit%20leer.css");
  EXPECT_EQ(Get("/static/v/0123456789abcdef/fehlt.css").status, 404);  // redirected only to a file that exists

  // Malformed versions and climbing are refused as before.
  EXPECT_EQ(Get("/static/v/xyz/css/gross.css").status, 404);
  EXPECT_EQ(Get("/static/v/" + hash).status, 404);
  EXPECT_EQ(Get("/static/v/" + hash + "/fehlt.css").status, 404);
  EXPECT_EQ(Get("/static/v/" + hash + "/link-hinaus.txt").status, 404);
  Handler handler = StaticFiles(*assets_);
  Request request;
  request.path_params["*"] = "v/" + hash + "/../../geheim.txt";
  EXPECT_EQ(handler(request).status, 404);
}

TEST_F(StaticFilesTest, AVersionedAddressFollowsAChange) {
  const std::string before = assets_->Url("/static/css/gross.css");
  WriteFile(root_ / "css" / "gross.css", LargeCss() + "/* neu */\n");
  std::filesystem::last_write_time(root_ / "css" / "gross.css",
                                   std::filesystem::file_time_type::clock::now() + std::chrono::seconds(10));
  // The old address still answers (its hash was a file's), now revalidated: the content is no longer the hashed one.
  HttpResponse old = Get(before);
  EXPECT_EQ(old.status, 200);
  EXPECT_EQ(old.Header("cache-control"), "public, max-age=60");
  const std::string after = assets_->Url("/static/css/gross.css");
  EXPECT_NE(after, before);
  EXPECT_EQ(Get(after).Header("cache-control"), "public, max-age=31536000, immutable");
}

}  // namespace
}  // namespace mw::http
