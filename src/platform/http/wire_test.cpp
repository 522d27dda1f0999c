#include "platform/http/wire.hpp"

#include <gtest/gtest.h>

#include "support/http_client.hpp"

namespace mw::http::wire {
namespace {

struct TargetCase {
  std::string_view target;
  bool valid;
  std::string_view path = "";
};

TEST(ParseTargetTest, AcceptsOnlyCleanOriginFormTargets) {
  const TargetCase cases[] = {
      {"/", true, "/"},
      {"/sn/login", true, "/sn/login"},
      {"/sn/Stra%C3%9Fe", true, "/sn/Straße"},
      {"/a+b", true, "/a+b"},  // '+' is a plus in a path
      {"/a/", true, "/a/"},
      {"/a/.well-known", true, "/a/.well-known"},
      {"/a/b..c", true, "/a/b..c"},
      {"", false},
      {"*", false},
      {"http://example.org/", false},
      {"sn/login", false},
      {"/a#frag", false},
      {"/a b", false},
      {"/a\x7f", false},
      {"/Stra\xc3\x9f" "e", false},  // raw bytes must be percent-encoded
      {"/a%zz", false},
      {"/a%4", false},
      {"/a%ff", false},      // invalid UTF-8
      {"/a%C3%28", false},   // invalid UTF-8
      {"/a%00b", false},     // NUL
      {"/a%2Fb", false},     // an encoded '/' would make segments ambiguous
      {"/a%2fb", false},
      {"/a/../b", false},
      {"/a/%2e%2e/b", false},
      {"/..", false},
      {"/a/./b", false},
  };
  for (const TargetCase& test_case : cases) {
    auto target = ParseTarget(test_case.target);
    EXPECT_EQ(target.has_value(), test_case.valid) << test_case.target;
    if (target && test_case.valid) {
      EXPECT_EQ(target->path, test_case.path) << test_case.target;
    }
    if (!target) {
      EXPECT_FALSE(target.error().message.empty()) << test_case.target;
    }
  }
}

TEST(ParseTargetTest, DecodesTheQuery) {
  auto target = ParseTarget("/suche?q=B%C3%BCrger+beteiligung&seite=2&seite=3");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/suche");
  EXPECT_EQ(target->query.find("q")->second, "Bürger beteiligung");
  EXPECT_EQ(target->query.count("seite"), 2u);
}

TEST(ParseTargetTest, RejectsABrokenQuery) {
  EXPECT_FALSE(ParseTarget("/suche?q=%ff"));
  EXPECT_FALSE(ParseTarget("/suche?q=%zz"));
}

TEST(AcceptsGzipTest, FollowsQualityValues) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, gzip, br"));
  EXPECT_TRUE(AcceptsGzip("GZIP;q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=abc"));
}

TEST(IsCompressibleTest, TextLikeTypesOnly) {
  EXPECT_TRUE(IsCompressible("text/html; charset=utf-8"));
  EXPECT_TRUE(IsCompressible("text/css"));
  EXPECT_TRUE(IsCompressible("Application/JSON"));
  EXPECT_TRUE(IsCompressible("application/problem+json"));
  EXPECT_TRUE(IsCompressible("application/javascript"));
  EXPECT_TRUE(IsCompressible("image/svg+xml"));
  EXPECT_FALSE(IsCompressible("image/png"));
  EXPECT_FALSE(IsCompressible("application/pdf"));
  EXPECT_FALSE(IsCompressible("application/octet-stream"));
}

TEST(GzipTest, RoundTrips) {
  std::string text;
  for (int line_idx = 0; line_idx < 200; ++line_idx) text += "Stellungnahme Nummer " + std::to_string(line_idx) + "\n";
  const std::string compressed = Gzip(text);
  EXPECT_LT(compressed.size(), text.size() / 3);
  EXPECT_EQ(static_cast<unsigned char>(compressed[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(compressed[1]), 0x8b);
  EXPECT_EQ(mw::testing::Gunzip(compressed), text);
  EXPECT_EQ(mw::testing::Gunzip(Gzip("")), "");
}

TEST(HttpDateTest, FormatsImfFixdate) {
  EXPECT_EQ(HttpDate(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST(StatusMessageTest, GermanSentences) {
  EXPECT_EQ(StatusMessage(404), "Diese Seite gibt es nicht.");
  EXPECT_EQ(StatusMessage(413), "Die Anfrage ist zu groß.");
  EXPECT_EQ(StatusMessage(431), "Die Kopfzeilen der Anfrage sind zu groß.");
  EXPECT_EQ(StatusMessage(408), "Die Anfrage kam nicht rechtzeitig an.");
}

TEST(HeaderSafetyTest, RejectsInjection) {
  EXPECT_TRUE(IsSafeHeaderValue("text/html"));
  EXPECT_FALSE(IsSafeHeaderValue("a\r\nSet-Cookie: x=y"));
  EXPECT_FALSE(IsSafeHeaderValue(std::string_view("a\0b", 3)));
  EXPECT_TRUE(IsHeaderName("X-Custom-Header"));
  EXPECT_FALSE(IsHeaderName("Bad Name"));
  EXPECT_FALSE(IsHeaderName(""));
}


TEST(TransferEncodingStatusTest, OnlyChunkedAloneIsAccepted) {
  using Values = std::vector<std::string_view>;
  const std::vector<std::pair<Values, int>> cases = {
      {{"chunked"}, 0},
      {{" CHUNKED "}, 0},
      {{", chunked,"}, 0},                      // empty list elements are ignored (RFC 9110 5.6.1)
      {{"identity"}, 400},                      // not a transfer coding any more; the length is unknown
      {{""}, 400},
      {{" , "}, 400},
      {{"chunked, identity"}, 400},             // chunked must come last
      {{"chunked", "chunked"}, 400},            // and only once
      {{"chunked;q=1"}, 400},                   // it has no parameters
      {{"chu\"nked"}, 400},
      {{"gzip, chunked"}, 501},                 // a coding we do not decode
      {{"gzip", "chunked"}, 501},
      {{"deflate;level=9, chunked"}, 501},
      {{"x-unbekannt, chunked"}, 501},
  };
  for (const auto& [values, status] : cases) {
    EXPECT_EQ(TransferEncodingStatus(values, 11), status) << (values.empty() ? "" : values.front());
  }
  EXPECT_EQ(TransferEncodingStatus({"chunked"}, 10), 400);  // HTTP/1.0 has no transfer codings
}

}  // namespace
}  // namespace mw::http::wire
