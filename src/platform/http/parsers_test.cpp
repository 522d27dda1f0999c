#include "platform/http/parsers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace mw::http {
namespace {

using namespace std::string_literals;

// --- Percent-decoding ------------------------------------------------------------------------------------------

struct DecodeCase {
  std::string in;
  bool plus_is_space;
  std::optional<std::string> out;  // nullopt: kInvalid expected
};

TEST(PercentDecodeTest, Table) {
  const DecodeCase cases[] = {
      {"", false, ""},
      {"abc", false, "abc"},
      {"%41%42%43", false, "ABC"},
      {"%c3%a4%C3%A4", false, "ää"},
      {"a+b", true, "a b"},
      {"a+b", false, "a+b"},
      {"a%2Bb", true, "a+b"},
      {"%25", false, "%"},
      {"%2525", false, "%25"},  // decoded once only
      {"100%25+sicher", true, "100% sicher"},
      {"%E2%82%AC", false, "€"},
      {"%F0%9F%98%80", false, "😀"},
      {"Grüße", false, "Grüße"},  // raw UTF-8 passes through
      // Malformed escapes.
      {"%", false, std::nullopt},
      {"abc%", false, std::nullopt},
      {"%4", false, std::nullopt},
      {"abc%4", false, std::nullopt},
      {"%zz", false, std::nullopt},
      {"%g0", false, std::nullopt},
      {"%0g", false, std::nullopt},
      {"%%41", false, std::nullopt},
      {"% 41", false, std::nullopt},
      {"%+1", true, std::nullopt},
      // Invalid UTF-8 after decoding.
      {"%FF", false, std::nullopt},
      {"%C3", false, std::nullopt},
      {"%C3%28", false, std::nullopt},
      {"%C0%AF", false, std::nullopt},        // overlong '/'
      {"%ED%A0%80", false, std::nullopt},     // surrogate
      {"%F4%90%80%80", false, std::nullopt},  // above U+10FFFF
      {"\xC3", false, std::nullopt},          // raw invalid byte
      // NUL, escaped or raw.
      {"%00", false, std::nullopt},
      {"a%00b", false, std::nullopt},
      {"a\0b"s, false, std::nullopt},
  };
  for (const DecodeCase& test_case : cases) {
    auto result = PercentDecode(test_case.in, test_case.plus_is_space);
    if (test_case.out) {
      ASSERT_TRUE(result.has_value()) << test_case.in;
      EXPECT_EQ(*result, *test_case.out) << test_case.in;
    } else {
      ASSERT_FALSE(result.has_value()) << test_case.in;
      EXPECT_EQ(result.error().kind, ErrorKind::kInvalid) << test_case.in;
      EXPECT_FALSE(result.error().message.empty());
    }
  }
}

TEST(PercentDecodeTest, MessagesNameTheProblem) {
  EXPECT_EQ(PercentDecode("%zz", false).error().message, "Die Anfrage enthält eine ungültige Prozent-Kodierung.");
  EXPECT_EQ(PercentDecode("%FF", false).error().message, "Der übermittelte Text ist kein gültiges UTF-8.");
  EXPECT_EQ(PercentDecode("%00", false).error().message, "Der übermittelte Text enthält ein unzulässiges Nullzeichen.");
}

// --- URL-encoded forms -----------------------------------------------------------------------------------------

using Fields = std::multimap<std::string, std::string>;

TEST(ParseUrlEncodedTest, Table) {
  const struct {
    std::string in;
    Fields out;
  } cases[] = {
      {"", {}},
      {"a=1", {{"a", "1"}}},
      {"a=1&b=2", {{"a", "1"}, {"b", "2"}}},
      {"a=1&a=2&a=3", {{"a", "1"}, {"a", "2"}, {"a", "3"}}},
      {"a", {{"a", ""}}},
      {"a=", {{"a", ""}}},
      {"=x", {{"", "x"}}},
      {"=", {{"", ""}}},
      {"&&a=1&&", {{"a", "1"}}},
      {"&", {}},
      {"a=1=2", {{"a", "1=2"}}},
      {"a=1;b=2", {{"a", "1;b=2"}}},  // ';' is not a separator
      {"name=Max+Mustermann&ort=K%C3%B6ln", {{"name", "Max Mustermann"}, {"ort", "Köln"}}},
      {"a+b=c+d", {{"a b", "c d"}}},
      {"%26=%3D", {{"&", "="}}},
      {"text=Zeile1%0D%0AZeile2", {{"text", "Zeile1\r\nZeile2"}}},
  };
  for (const auto& test_case : cases) {
    auto result = ParseUrlEncoded(test_case.in);
    ASSERT_TRUE(result.has_value()) << test_case.in << ": " << result.error().message;
    EXPECT_EQ(*result, test_case.out) << test_case.in;
  }
}

TEST(ParseUrlEncodedTest, MultiValuedKeysKeepTheirOrder) {
  auto result = ParseUrlEncoded("tag=b&x=1&tag=a&tag=c");
  ASSERT_TRUE(result.has_value());
  auto [begin, end] = result->equal_range("tag");
  std::vector<std::string> tags;
  for (auto it = begin; it != end; ++it) tags.push_back(it->second);
  EXPECT_EQ(tags, (std::vector<std::string>{"b", "a", "c"}));
}

TEST(ParseUrlEncodedTest, RejectsBadEncodingWithTheFieldName) {
  const struct {
    std::string in;
    std::string field;
  } cases[] = {
      {"a=%zz", "a"}, {"a=1&b=%", "b"}, {"a=%FF", "a"}, {"a=%00", "a"}, {"%zz=1", ""}, {"%C3=1", ""}, {"x=%C3%28", "x"},
  };
  for (const auto& test_case : cases) {
    auto result = ParseUrlEncoded(test_case.in);
    ASSERT_FALSE(result.has_value()) << test_case.in;
    EXPECT_EQ(result.error().kind, ErrorKind::kInvalid) << test_case.in;
    EXPECT_EQ(result.error().field, test_case.field) << test_case.in;
  }
}

TEST(ParseUrlEncodedTest, FieldLimit) {
  EXPECT_TRUE(ParseUrlEncoded("a=1&b=2&c=3", 3).has_value());
  EXPECT_TRUE(ParseUrlEncoded("a=1&&b=2&&c=3&", 3).has_value());  // empty pairs do not count
  auto result = ParseUrlEncoded("a=1&b=2&c=3&d=4", 3);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(result.error().message, "Das Formular enthält zu viele Felder.");

  std::string many;
  for (int field_idx = 0; field_idx < 1001; ++field_idx) many += "f=1&";
  EXPECT_EQ(ParseUrlEncoded(many).error().kind, ErrorKind::kTooLarge);  // default limit 1000
}

TEST(ParseUrlEncodedTest, ValueLimitCountsDecodedBytes) {
  EXPECT_TRUE(ParseUrlEncoded("v=12345", 10, 5).has_value());
  EXPECT_TRUE(ParseUrlEncoded("v=%41%42%43%44%45", 10, 5).has_value());  // 15 bytes encoded, 5 decoded
  auto too_long = ParseUrlEncoded("v=123456", 10, 5);
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().kind, ErrorKind::kTooLarge);
  EXPECT_EQ(too_long.error().field, "v");
  EXPECT_EQ(ParseUrlEncoded("123456=v", 10, 5).error().kind, ErrorKind::kTooLarge);  // keys too

  EXPECT_TRUE(ParseUrlEncoded("text=" + std::string(64 * 1024, 'x')).has_value());
  EXPECT_EQ(ParseUrlEncoded("text=" + std::string(64 * 1024 + 1, 'x')).error().kind, ErrorKind::kTooLarge);
}

// --- Cookies ---------------------------------------------------------------------------------------------------

using Cookies = std::map<std::string, std::string>;

TEST(ParseCookiesTest, Table) {
  const struct {
    std::string in;
    Cookies out;
  } cases[] = {
      {"", {}},
      {"a=1", {{"a", "1"}}},
      {"a=1; b=2", {{"a", "1"}, {"b", "2"}}},
      {"a=1;b=2", {{"a", "1"}, {"b", "2"}}},
      {"  a = 1 ;\tb=2\t", {{"a", "1"}, {"b", "2"}}},
      {"a=", {{"a", ""}}},
      {"a=\"quoted value\"", {{"a", "quoted value"}}},
      {"a=\"\"", {{"a", ""}}},
      {"a=\"", {{"a", "\""}}},  // a lone quote is not a pair of quotes
      {"a=x=y", {{"a", "x=y"}}},
      {"sid=abc; sid=evil", {{"sid", "abc"}}},  // first wins
      {";;; a=1 ;;", {{"a", "1"}}},
      {"noequals; a=1", {{"a", "1"}}},
      {"=novalue; a=1", {{"a", "1"}}},
      {"bad name=1; a=1", {{"a", "1"}}},
      {"b(r)oken=1; a=1", {{"a", "1"}}},
      {"ctl=a\x01z; a=1", {{"a", "1"}}},
      {"bin=\xFF\xFE; a=1", {{"a", "1"}}},
      {"utf8=Gr\xC3\xBC\xC3\x9F"
       "e",
       {{"utf8", "Grüße"}}},
      {"lang=de-DE, x=1", {{"lang", "de-DE, x=1"}}},  // a comma does not separate
      {"mw_session=9f86d081884c7d65; mw_csrf=Ab-_09", {{"mw_session", "9f86d081884c7d65"}, {"mw_csrf", "Ab-_09"}}},
  };
  for (const auto& test_case : cases) EXPECT_EQ(ParseCookies(test_case.in), test_case.out) << test_case.in;
}

TEST(ParseCookiesTest, KeepsAtMostOneHundred) {
  std::string header;
  for (int cookie_idx = 0; cookie_idx < 150; ++cookie_idx) header += "c" + std::to_string(cookie_idx) + "=v; ";
  const Cookies cookies = ParseCookies(header);
  EXPECT_EQ(cookies.size(), 100u);
  EXPECT_TRUE(cookies.contains("c0"));
  EXPECT_TRUE(cookies.contains("c99"));
  EXPECT_FALSE(cookies.contains("c100"));
}

// --- Multipart boundary ----------------------------------------------------------------------------------------

TEST(MultipartBoundaryTest, Table) {
  const struct {
    std::string content_type;
    std::optional<std::string> boundary;  // nullopt: kInvalid expected
  } cases[] = {
      {"multipart/form-data; boundary=abc", "abc"},
      {"multipart/form-data;boundary=abc", "abc"},
      {"Multipart/Form-Data; BOUNDARY=abc", "abc"},
      {"multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "----WebKitFormBoundary7MA4YWxkTrZu0gW"},
      {"multipart/form-data; boundary=\"abc\"", "abc"},
      {"multipart/form-data; charset=utf-8; boundary=\"a b:c/(d)?=e\"", "a b:c/(d)?=e"},
      {"multipart/form-data; boundary=\"abc\"; charset=\"utf-8\"", "abc"},
      {"multipart/form-data; boundary=abc;", "abc"},
      {"  multipart/form-data ; boundary=abc  ", "abc"},
      {"multipart/form-data; boundary=" + std::string(70, 'x'), std::string(70, 'x')},
      {"multipart/form-data; other=\"x;boundary=evil\"; boundary=good", "good"},
      // Wrong type.
      {"", std::nullopt},
      {"text/plain; boundary=abc", std::nullopt},
      {"multipart/mixed; boundary=abc", std::nullopt},
      {"multipart/form-datax; boundary=abc", std::nullopt},
      {"multipart; boundary=abc", std::nullopt},
      {"multipart/form-data boundary=abc", std::nullopt},
      // Missing or invalid boundary.
      {"multipart/form-data", std::nullopt},
      {"multipart/form-data; charset=utf-8", std::nullopt},
      {"multipart/form-data; boundary=", std::nullopt},
      {"multipart/form-data; boundary=\"\"", std::nullopt},
      {"multipart/form-data; boundary=" + std::string(71, 'x'), std::nullopt},
      {"multipart/form-data; boundary=\"abc \"", std::nullopt},  // may not end in a space
      {"multipart/form-data; boundary=ab@c", std::nullopt},
      {"multipart/form-data; boundary=\"a\\\"b\"", std::nullopt},
      {"multipart/form-data; boundary=\"abc", std::nullopt},
      {"multipart/form-data; boundary = abc", std::nullopt},
      {"multipart/form-data; boundary=abc; boundary=abc", std::nullopt},
      {"multipart/form-data; boundary=\"a\r\nb\"", std::nullopt},
  };
  for (const auto& test_case : cases) {
    auto result = MultipartBoundary(test_case.content_type);
    if (test_case.boundary) {
      ASSERT_TRUE(result.has_value()) << test_case.content_type;
      EXPECT_EQ(*result, *test_case.boundary);
    } else {
      ASSERT_FALSE(result.has_value()) << test_case.content_type;
      EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
    }
  }
}

// --- Multipart parser ------------------------------------------------------------------------------------------

using Headers = MultipartParser::PartHeaders;

// What the sink saw, with consecutive data pieces joined: independent of how the body was chunked.
struct Recording {
  std::vector<std::string> events;
  bool ok = true;
  Error error;
  std::size_t empty_pieces = 0;
  std::size_t max_buffered = 0;
};

std::string Describe(const Headers& headers) {
  std::string text = "begin name=" + headers.name + " type=" + headers.content_type;
  if (headers.is_file) text += " filename=" + headers.filename;
  return text;
}

struct Chunking {
  const char* description;
  std::size_t (*next_size)(std::mt19937& rng);
};

Recording Parse(std::string_view boundary, std::string_view body, std::size_t (*next_size)(std::mt19937&),
                MultipartParser::Limits limits = {}) {
  Recording recording;
  MultipartParser::Sink sink;
  sink.on_part_begin = [&](const Headers& headers) {
    recording.events.push_back(Describe(headers));
    return Status{};
  };
  sink.on_part_data = [&](std::string_view data) {
    if (data.empty()) ++recording.empty_pieces;
    if (recording.events.empty() || !recording.events.back().starts_with("data ")) recording.events.push_back("data ");
    recording.events.back() += data;
    return Status{};
  };
  sink.on_part_end = [&] {
    recording.events.push_back("end");
    return Status{};
  };
  MultipartParser parser(std::string(boundary), sink, limits);
  std::mt19937 rng(42);
  Status status;
  std::size_t pos = 0;
  while (status && pos < body.size()) {
    const std::size_t size = std::min(next_size(rng), body.size() - pos);
    status = parser.Feed(body.substr(pos, size));
    recording.max_buffered = std::max(recording.max_buffered, parser.BufferedBytes());
    pos += size;
  }
  if (status) status = parser.Finish();
  if (!status) {
    recording.ok = false;
    recording.error = status.error();
  }
  return recording;
}

std::size_t Whole(std::mt19937&) {
  return SIZE_MAX;
}
std::size_t OneByte(std::mt19937&) {
  return 1;
}
std::size_t SmallRandom(std::mt19937& rng) {
  return 1 + rng() % 7;
}
std::size_t LargeRandom(std::mt19937& rng) {
  return 1 + rng() % 300;
}

const Chunking kChunkings[] = {
    {"whole", Whole}, {"byte by byte", OneByte}, {"random 1..7", SmallRandom}, {"random 1..300", LargeRandom}};

// Parses the body in every chunking, checks that all agree, and returns the result.
Recording ParseAllWays(std::string_view boundary, std::string_view body, MultipartParser::Limits limits = {}) {
  const Recording whole = Parse(boundary, body, Whole, limits);
  for (const Chunking& chunking : kChunkings) {
    const Recording other = Parse(boundary, body, chunking.next_size, limits);
    EXPECT_EQ(other.events, whole.events) << chunking.description;
    EXPECT_EQ(other.ok, whole.ok) << chunking.description;
    EXPECT_EQ(other.error.message, whole.error.message) << chunking.description;
    EXPECT_EQ(other.empty_pieces, 0u) << chunking.description;
  }
  return whole;
}

// Builds a body from parts, the way browsers do.
struct TestPart {
  std::string headers;  // without the blank line
  std::string data;
};

std::string Body(std::string_view boundary, const std::vector<TestPart>& parts, bool close = true) {
  std::string body;
  for (const TestPart& part : parts) {
    body += "--" + std::string(boundary) + "\r\n" + part.headers + "\r\n\r\n" + part.data + "\r\n";
  }
  if (close) body += "--" + std::string(boundary) + "--\r\n";
  return body;
}

std::string Field(std::string_view name) {
  return "Content-Disposition: form-data; name=\"" + std::string(name) + "\"";
}

const std::string kBoundary = "----WebKitFormBoundaryx1Y2z3";

TEST(MultipartParserTest, BrowserFormWithTextAndFileParts) {
  const std::string body =
      Body(kBoundary, {
                          {Field("titel"), "Einwendung zum Bebauungsplan"},
                          {Field("text"), "Zeile 1\r\nZeile 2\r\n"},
                          {"Content-Disposition: form-data; name=\"anlage\"; filename=\"plan.pdf\"\r\n"
                           "Content-Type: application/pdf",
                           "%PDF-1.4\r\n\x00\x01\x02"
                           "binary"s},
                          {Field("umlaute"), "Grüße aus Köln"},
                      });
  const Recording recording = ParseAllWays(kBoundary, body);
  ASSERT_TRUE(recording.ok) << recording.error.message;
  EXPECT_EQ(recording.events, (std::vector<std::string>{
                                  "begin name=titel type=text/plain",
                                  "data Einwendung zum Bebauungsplan",
                                  "end",
                                  "begin name=text type=text/plain",
                                  "data Zeile 1\r\nZeile 2\r\n",
                                  "end",
                                  "begin name=anlage type=application/pdf filename=plan.pdf",
                                  "data %PDF-1.4\r\n\x00\x01\x02"
                                  "binary"s,
                                  "end",
                                  "begin name=umlaute type=text/plain",
                                  "data Grüße aus Köln",
                                  "end",
                              }));
}

TEST(MultipartParserTest, EmptyFileAndEmptyValue) {
  const std::string body = Body(kBoundary, {
                                               {"Content-Disposition: form-data; name=\"datei\"; filename=\"\"\r\n"
                                                "Content-Type: application/octet-stream",
                                                ""},
                                               {Field("leer"), ""},
                                           });
  const Recording recording = ParseAllWays(kBoundary, body);
  ASSERT_TRUE(recording.ok) << recording.error.message;
  EXPECT_EQ(recording.events, (std::vector<std::string>{
                                  "begin name=datei type=application/octet-stream filename=",
                                  "end",
                                  "begin name=leer type=text/plain",
                                  "end",
                              }));
}

TEST(MultipartParserTest, PreambleEpilogueAndPaddingAreSkipped) {
  const std::string body = "This is a preamble.\r\nIt may mention --" + kBoundary +
                           "x without CRLF before it.\r\n"
                           "--" +
                           kBoundary + " \t \r\n" + Field("a") +
                           "\r\n\r\n1\r\n"
                           "--" +
                           kBoundary + "--  \r\nEpilogue, ignored: --" + kBoundary + "\r\ngarbage\n\r";
  const Recording recording = ParseAllWays(kBoundary, body);
  ASSERT_TRUE(recording.ok) << recording.error.message;
  EXPECT_EQ(recording.events, (std::vector<std::string>{"begin name=a type=text/plain", "data 1", "end"}));
}

TEST(MultipartParserTest, ClosingDelimiterWithoutTrailingCrlfAndEmptyForm) {
  Recording recording = ParseAllWays("b", "--b\r\n" + Field("a") + "\r\n\r\nx\r\n--b--");
  ASSERT_TRUE(recording.ok) << recording.error.message;
  EXPECT_EQ(recording.events.size(), 3u);

  recording = ParseAllWays("b", "--b--\r\n");
  ASSERT_TRUE(recording.ok) << recording.error.message;
  EXPECT_TRUE(recording.events.empty());
}

TEST(MultipartParserTest, HeaderNamesAndParametersAreCaseInsensitive) {
  const std::string body = Body("b", {{"CONTENT-DISPOSITION: Form-Data; NAME=feld; FileName=\"a.txt\"\r\n"
                                       "content-type:text/csv; charset=utf-8\r\n"
                                       "X-Ignored: whatever\xC3\xA4",
                                       "x"}});
  const Recording recording = ParseAllWays("b", body);
  ASSERT_TRUE(recording.ok) << recording.error.message;
  EXPECT_EQ(recording.events[0], "begin name=feld type=text/csv; charset=utf-8 filename=a.txt");
}

TEST(MultipartParserTest, QuotedStringEscapesAndFilenameStar) {
  const struct {
    std::string disposition_params;
    std::string expected_begin;
  } cases[] = {
      {"name=\"a\\\"b\"", "begin name=a\"b type=text/plain"},
      {"name=\"semi;colon=x\"", "begin name=semi;colon=x type=text/plain"},
      {"name=\"f\"; filename=\"C:\\\\Users\\\\x.txt\"", "begin name=f type=text/plain filename=C:\\Users\\x.txt"},
      {"name=\"f\"; filename=\"Gr\xC3\xBC\xC3\x9F"
       "e.txt\"",
       "begin name=f type=text/plain filename=Grüße.txt"},
      {"name=\"f\"; filename=\"EUR rates.txt\"; filename*=UTF-8''%E2%82%AC%20rates.txt",
       "begin name=f type=text/plain filename=€ rates.txt"},
      {"name=\"f\"; filename*=utf-8'de'Stra%C3%9Fe.pdf", "begin name=f type=text/plain filename=Straße.pdf"},
      {"name=\"f\"; filename*=ISO-8859-1''%E4rger.txt", "begin name=f type=text/plain filename=ärger.txt"},
      {"name=\"f\"; filename*=UTF-8''", "begin name=f type=text/plain filename="},
      {"name=\"Gr\xC3\xBC\xC3\x9F"
       "e\"",
       "begin name=Grüße type=text/plain"},
  };
  for (const auto& test_case : cases) {
    const std::string body = Body("b", {{"Content-Disposition: form-data; " + test_case.disposition_params, "x"}});
    const Recording recording = ParseAllWays("b", body);
    ASSERT_TRUE(recording.ok) << test_case.disposition_params << ": " << recording.error.message;
    EXPECT_EQ(recording.events[0], test_case.expected_begin) << test_case.disposition_params;
  }
}

TEST(MultipartParserTest, RejectsMalformedInput) {
  const std::string field_a = Field("a");
  const struct {
    const char* description;
    std::string body;
    ErrorKind kind;
    std::string message;
  } cases[] = {
      {"empty body", "", ErrorKind::kInvalid, "Die Formulardaten sind unvollständig."},
      {"only a preamble", "hello\r\n", ErrorKind::kInvalid, "Die Formulardaten sind unvollständig."},
      {"no closing delimiter", "--b\r\n" + field_a + "\r\n\r\nx", ErrorKind::kInvalid,
       "Die Formulardaten sind unvollständig."},
      {"ends after data CRLF", "--b\r\n" + field_a + "\r\n\r\nx\r\n", ErrorKind::kInvalid,
       "Die Formulardaten sind unvollständig."},
      {"ends in the headers", "--b\r\n" + field_a, ErrorKind::kInvalid, "Die Formulardaten sind unvollständig."},
      {"ends after a delimiter", "--b\r\n" + field_a + "\r\n\r\nx\r\n--b", ErrorKind::kInvalid,
       "Die Formulardaten sind unvollständig."},
      {"ends after one closing dash", "--b\r\n" + field_a + "\r\n\r\nx\r\n--b-", ErrorKind::kInvalid,
       "Die Formulardaten sind unvollständig."},
      {"boundary followed by other text", "--b\r\n" + field_a + "\r\n\r\nx\r\n--bc\r\n", ErrorKind::kInvalid,
       "Die Formulardaten sind fehlerhaft aufgebaut."},
      {"boundary followed by bare LF", "--b\n" + field_a + "\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Formulardaten sind fehlerhaft aufgebaut."},
      {"single dash then text", "--b-x", ErrorKind::kInvalid, "Die Formulardaten sind fehlerhaft aufgebaut."},
      {"missing Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Einem Formularteil fehlt die Angabe „Content-Disposition“."},
      {"no headers at all", "--b\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Einem Formularteil fehlt die Angabe „Content-Disposition“."},
      {"missing name", "--b\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Einem Formularteil fehlt der Feldname."},
      {"empty name", "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Einem Formularteil fehlt der Feldname."},
      {"not form-data", "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Ein Formularteil ist nicht als Formularfeld (form-data) gekennzeichnet."},
      {"bare LF in headers", "--b\r\n" + field_a + "\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"bare CR in headers", "--b\r\n" + field_a + "\rx\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"LF-only header block", "--b\r\n" + field_a + "\n\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"header without colon", "--b\r\n" + field_a + "\r\nNoColon\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"space before colon", "--b\r\nContent-Disposition : form-data; name=a\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"folded header", "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"duplicate Content-Disposition",
       "--b\r\n" + field_a + "\r\nContent-Disposition: form-data; name=b\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"duplicate name parameter", "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nx\r\n--b--",
       ErrorKind::kInvalid, "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"duplicate filename parameter",
       "--b\r\nContent-Disposition: form-data; name=a; filename=x; filename=y\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"unterminated quote", "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"control character in header", "--b\r\n" + field_a + "\x01\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"NUL in header", "--b\r\nContent-Disposition: form-data; name=\"a\0b\"\r\n\r\nx\r\n--b--"s, ErrorKind::kInvalid,
       "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"non-ASCII content type", "--b\r\n" + field_a + "\r\nContent-Type: t\xC3\xA4xt/plain\r\n\r\nx\r\n--b--",
       ErrorKind::kInvalid, "Die Kopfzeilen eines Formularteils sind fehlerhaft."},
      {"name not UTF-8", "--b\r\nContent-Disposition: form-data; name=\"\xFF\"\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Der Name eines Formularfelds ist kein gültiges UTF-8."},
      {"filename not UTF-8", "--b\r\nContent-Disposition: form-data; name=a; filename=\"\xC0\xAF\"\r\n\r\nx\r\n--b--",
       ErrorKind::kInvalid, "Der Dateiname einer hochgeladenen Datei ist ungültig."},
      {"filename* unknown charset",
       "--b\r\nContent-Disposition: form-data; name=a; filename*=KOI8-R''%C1\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Der Dateiname einer hochgeladenen Datei ist ungültig."},
      {"filename* invalid UTF-8",
       "--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''%FF\r\n\r\nx\r\n--b--", ErrorKind::kInvalid,
       "Der Dateiname einer hochgeladenen Datei ist ungültig."},
      {"filename* bad escape", "--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''%F\r\n\r\nx\r\n--b--",
       ErrorKind::kInvalid, "Der Dateiname einer hochgeladenen Datei ist ungültig."},
      {"filename* NUL", "--b\r\nContent-Disposition: form-data; name=a; filename*=UTF-8''a%00\r\n\r\nx\r\n--b--",
       ErrorKind::kInvalid, "Der Dateiname einer hochgeladenen Datei ist ungültig."},
      {"filename* without quotes", "--b\r\nContent-Disposition: form-data; name=a; filename*=x.txt\r\n\r\nx\r\n--b--",
       ErrorKind::kInvalid, "Der Dateiname einer hochgeladenen Datei ist ungültig."},
  };
  for (const auto& test_case : cases) {
    const Recording recording = ParseAllWays("b", test_case.body);
    ASSERT_FALSE(recording.ok) << test_case.description;
    EXPECT_EQ(recording.error.kind, test_case.kind) << test_case.description;
    EXPECT_EQ(recording.error.message, test_case.message) << test_case.description;
  }
}

TEST(MultipartParserTest, FilenameErrorsNameTheField) {
  const Recording recording =
      ParseAllWays("b", "--b\r\nContent-Disposition: form-data; name=anlage; filename*=X''y\r\n\r\n\r\n--b--");
  ASSERT_FALSE(recording.ok);
  EXPECT_EQ(recording.error.field, "anlage");
}

// Content that resembles a delimiter without being one must arrive unchanged.
TEST(MultipartParserTest, NearMissDelimitersAreData) {
  const std::string boundary = "boundary";
  const std::vector<std::string> contents = {
      "\r",
      "\r\n",
      "\r\n-",
      "\r\n--",
      "\r\n--b",
      "\r\n--boundar",
      "\r\r\n--boundar",
      "\r\n--boundar\r\n--boundar\r\n",
      "\r\n\r\n\r\n",
      "\n--boundary",     // LF without CR before it
      "\r--boundary",     // CR without LF
      "\r\n-boundary",    // one dash
      "\r\n--Boundary",   // case matters
      "--boundary\r\nx",  // at the very start of the content the CRLF before it is the header's
      "x--boundary--",
      "\r\n--boundar\r",
      "ends with CR\r",
      "ends with partial delimiter\r\n--bound",
  };
  for (const std::string& content : contents) {
    const std::string body = Body(boundary, {{Field("a"), content}, {Field("b"), content + content}});
    const Recording recording = ParseAllWays(boundary, body);
    ASSERT_TRUE(recording.ok) << content << ": " << recording.error.message;
    const std::vector<std::string> expected_data = {"data " + content, "data " + content + content};
    std::vector<std::string> data;
    for (const std::string& event : recording.events) {
      if (event.starts_with("data ")) data.push_back(event);
    }
    EXPECT_EQ(data, expected_data) << content;
    EXPECT_EQ(std::count(recording.events.begin(), recording.events.end(), "end"), 2) << content;
  }
}

TEST(MultipartParserTest, EveryByteValueInContent) {
  std::string content;
  for (int byte = 0; byte < 256; ++byte) content += static_cast<char>(byte);
  content += content;
  const std::string body = Body("b", {{Field("bin") + "; filename=\"x.bin\"", content}});
  const Recording recording = ParseAllWays("b", body);
  ASSERT_TRUE(recording.ok) << recording.error.message;
  EXPECT_EQ(recording.events[1], "data " + content);
}

TEST(MultipartParserTest, SplittingAtEveryPositionGivesTheSameResult) {
  const std::string body =
      "preamble\r\n" + Body(kBoundary, {{Field("a"), "eins"},
                                        {Field("b") + "; filename=\"b.txt\"", "\r\n--" + kBoundary.substr(0, 10)},
                                        {Field("c"), ""}});
  const Recording whole = Parse(kBoundary, body, Whole);
  ASSERT_TRUE(whole.ok) << whole.error.message;
  ASSERT_EQ(whole.events.size(), 8u);
  for (std::size_t split = 0; split <= body.size(); ++split) {
    for (std::size_t second_split = split; second_split <= body.size(); second_split += 7) {
      Recording recording;
      MultipartParser::Sink sink;
      sink.on_part_begin = [&](const Headers& headers) {
        recording.events.push_back(Describe(headers));
        return Status{};
      };
      sink.on_part_data = [&](std::string_view data) {
        if (recording.events.back().starts_with("data ")) {
          recording.events.back() += data;
        } else {
          recording.events.push_back("data " + std::string(data));
        }
        return Status{};
      };
      sink.on_part_end = [&] {
        recording.events.push_back("end");
        return Status{};
      };
      MultipartParser parser(kBoundary, sink, {});
      ASSERT_TRUE(parser.Feed(std::string_view(body).substr(0, split)));
      ASSERT_TRUE(parser.Feed(std::string_view(body).substr(split, second_split - split)));
      ASSERT_TRUE(parser.Feed(std::string_view(body).substr(second_split)));
      ASSERT_TRUE(parser.Finish());
      ASSERT_EQ(recording.events, whole.events) << "split at " << split << " and " << second_split;
    }
  }
}

TEST(MultipartParserTest, PartLimit) {
  std::vector<TestPart> parts;
  for (int part_idx = 0; part_idx < 3; ++part_idx) parts.push_back({Field("f" + std::to_string(part_idx)), "x"});
  EXPECT_TRUE(ParseAllWays("b", Body("b", parts), {.max_parts = 3}).ok);
  const Recording recording = ParseAllWays("b", Body("b", parts), {.max_parts = 2});
  ASSERT_FALSE(recording.ok);
  EXPECT_EQ(recording.error.kind, ErrorKind::kTooLarge);
  EXPECT_EQ(recording.error.message, "Das Formular besteht aus zu vielen Teilen.");
  EXPECT_EQ(std::count(recording.events.begin(), recording.events.end(), "end"), 2);

  parts.resize(101, {Field("f"), "x"});
  EXPECT_EQ(ParseAllWays("b", Body("b", parts)).error.kind, ErrorKind::kTooLarge);  // default limit 100
}

TEST(MultipartParserTest, HeaderSizeLimit) {
  // The limit counts the whole header section of a part, including the line ends and the blank line.
  const std::string header = Field("a") + "\r\nX-Padding: ";
  const std::size_t fixed = header.size() + 4;
  for (std::size_t padding : {std::size_t{0}, std::size_t{10}}) {
    const std::string body = Body("b", {{header + std::string(padding, 'p'), "x"}});
    MultipartParser::Limits limits{.max_parts = 100, .max_part_header_bytes = fixed + padding};
    const Recording at_limit = ParseAllWays("b", body, limits);
    EXPECT_TRUE(at_limit.ok) << at_limit.error.message;
    limits.max_part_header_bytes -= 1;
    const Recording over = ParseAllWays("b", body, limits);
    ASSERT_FALSE(over.ok);
    EXPECT_EQ(over.error.kind, ErrorKind::kTooLarge);
    EXPECT_EQ(over.error.message, "Die Kopfzeilen eines Formularteils sind zu groß.");
  }
  // An endless header line fails at the limit and holds no more than the limit.
  const Recording endless = Parse("b", "--b\r\nX: " + std::string(100000, 'y'), SmallRandom);
  ASSERT_FALSE(endless.ok);
  EXPECT_EQ(endless.error.kind, ErrorKind::kTooLarge);
  EXPECT_LE(endless.max_buffered, 8u * 1024);
}

TEST(MultipartParserTest, InvalidBoundaryIsRefused) {
  for (const std::string& boundary : {""s, "a\r\nb"s, std::string(71, 'x'), "trailing "s}) {
    MultipartParser parser(boundary, {}, {});
    auto status = parser.Feed("--" + boundary + "--");
    ASSERT_FALSE(status.has_value()) << boundary;
    EXPECT_EQ(status.error().kind, ErrorKind::kInvalid);
    EXPECT_FALSE(parser.Finish().has_value());
  }
}

TEST(MultipartParserTest, SinkErrorsArePassedThroughAndStopParsing) {
  const std::string body = Body("b", {{Field("a") + "; filename=\"a.txt\"", "aaa"}, {Field("b"), "bbb"}});
  for (int failing_callback = 0; failing_callback < 3; ++failing_callback) {
    int calls_after_error = 0;
    bool failed = false;
    auto maybe_fail = [&](int callback) -> Status {
      if (failed) ++calls_after_error;
      if (callback != failing_callback) return Status{};
      failed = true;
      return Fail(ErrorKind::kTooLarge, "Die Datei ist zu groß.", "a");
    };
    MultipartParser::Sink sink;
    sink.on_part_begin = [&](const Headers&) { return maybe_fail(0); };
    sink.on_part_data = [&](std::string_view) { return maybe_fail(1); };
    sink.on_part_end = [&] { return maybe_fail(2); };
    MultipartParser parser("b", sink, {});
    Status status;
    for (std::size_t pos = 0; pos < body.size() && status; ++pos) status = parser.Feed(body.substr(pos, 1));
    ASSERT_FALSE(status.has_value()) << failing_callback;
    EXPECT_EQ(status.error().kind, ErrorKind::kTooLarge);
    EXPECT_EQ(status.error().message, "Die Datei ist zu groß.");
    EXPECT_EQ(status.error().field, "a");
    // The parser stays failed and quiet.
    EXPECT_FALSE(parser.Feed(body).has_value());
    EXPECT_EQ(parser.Finish().error().message, "Die Datei ist zu groß.");
    EXPECT_EQ(calls_after_error, 0);
  }
}

TEST(MultipartParserTest, NullCallbacksAreAllowed) {
  MultipartParser parser("b", {}, {});
  EXPECT_TRUE(parser.Feed(Body("b", {{Field("a"), "x"}})));
  EXPECT_TRUE(parser.Finish());
}

// A large upload streams through: pieces reach the sink as they arrive, and the parser holds no more than a
// possible partial delimiter, whatever the chunk size.
TEST(MultipartParserTest, LargePartStreamsWithoutBuffering) {
  const std::string boundary = "----geckoformboundary5b2c1f0e9d8a7";
  const std::size_t delimiter_size = boundary.size() + 4;
  std::string content(5 * 1024 * 1024, '\0');
  std::mt19937 rng(7);
  for (std::size_t pos = 0; pos < content.size(); ++pos) content[pos] = static_cast<char>(rng());
  // Sprinkle near-misses of the delimiter over the content.
  const std::string near_miss = "\r\n--" + boundary.substr(0, boundary.size() - 1);
  for (std::size_t pos = 1000; pos + near_miss.size() < content.size(); pos += 100003) {
    content.replace(pos, near_miss.size(), near_miss);
  }
  const std::string head = "--" + boundary + "\r\n" + Field("upload") + "; filename=\"big.bin\"\r\n\r\n";
  const std::string tail = "\r\n--" + boundary + "--\r\n";

  for (std::size_t chunk_size : {std::size_t{1}, std::size_t{13}, std::size_t{4096}, std::size_t{64 * 1024}}) {
    std::size_t received = 0;
    bool content_matches = true;
    std::size_t largest_piece = 0;
    MultipartParser::Sink sink;
    sink.on_part_data = [&](std::string_view data) {
      content_matches = content_matches && content.compare(received, data.size(), data) == 0;
      received += data.size();
      largest_piece = std::max(largest_piece, data.size());
      return Status{};
    };
    MultipartParser parser(boundary, sink, {});
    ASSERT_TRUE(parser.Feed(head));
    std::size_t fed = 0;
    std::size_t max_buffered = 0;
    std::size_t max_lag = 0;  // fed but not yet received
    const std::string_view rest = std::string_view(content);
    while (fed < rest.size()) {
      const std::size_t size = std::min(chunk_size, rest.size() - fed);
      ASSERT_TRUE(parser.Feed(rest.substr(fed, size)));
      fed += size;
      max_buffered = std::max(max_buffered, parser.BufferedBytes());
      max_lag = std::max(max_lag, fed - received);
    }
    ASSERT_TRUE(parser.Feed(tail));
    ASSERT_TRUE(parser.Finish());
    EXPECT_EQ(received, content.size()) << chunk_size;
    EXPECT_TRUE(content_matches) << chunk_size;
    EXPECT_LE(max_buffered, delimiter_size) << chunk_size;
    EXPECT_LE(max_lag, delimiter_size) << chunk_size;
    EXPECT_LE(largest_piece, std::max(chunk_size, delimiter_size)) << chunk_size;
  }
}

}  // namespace
}  // namespace mw::http
