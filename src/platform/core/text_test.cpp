#include "platform/core/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace mw {
namespace {

struct Utf8Case {
  const char* description;
  std::string bytes;
  bool valid;
};

// The classic decoder stress cases: boundaries of each sequence length, malformed continuation bytes, truncated
// sequences, impossible bytes, overlong forms (including overlong NUL and '/'), surrogates alone and in pairs.
const Utf8Case kUtf8Cases[] = {
    {"empty", "", true},
    {"ASCII", "Bürgerbeteiligung", true},
    {"NUL is a valid code point", std::string("a\0b", 3), true},
    {"German umlauts and sharp s", "\xC3\xA4\xC3\xB6\xC3\xBC\xC3\x9F", true},
    {"euro sign", "\xE2\x82\xAC", true},
    {"emoji (4 bytes)", "\xF0\x9F\x98\x80", true},
    // First and last code point of each sequence length.
    {"U+0080", "\xC2\x80", true},
    {"U+07FF", "\xDF\xBF", true},
    {"U+0800", "\xE0\xA0\x80", true},
    {"U+FFFF", "\xEF\xBF\xBF", true},
    {"U+10000", "\xF0\x90\x80\x80", true},
    {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
    {"U+D7FF (below surrogates)", "\xED\x9F\xBF", true},
    {"U+E000 (above surrogates)", "\xEE\x80\x80", true},
    {"U+FFFE noncharacter is well-formed", "\xEF\xBF\xBE", true},
    {"U+FDD0 noncharacter is well-formed", "\xEF\xB7\x90", true},
    // Beyond Unicode.
    {"U+110000", "\xF4\x90\x80\x80", false},
    {"5-byte form", "\xF8\x88\x80\x80\x80", false},
    {"6-byte form", "\xFC\x84\x80\x80\x80\x80", false},
    {"F5 lead", "\xF5\x80\x80\x80", false},
    {"FE", "\xFE", false},
    {"FF", "\xFF", false},
    {"FE FE FF FF", "\xFE\xFE\xFF\xFF", false},
    // Unexpected continuation bytes.
    {"lone continuation 80", "\x80", false},
    {"lone continuation BF", "\xBF", false},
    {"two continuation bytes", "\x80\xBF", false},
    {"continuation after ASCII", "a\x80", false},
    {"extra continuation after 2-byte", "\xC3\xA4\x80", false},
    // Lead bytes followed by a space instead of a continuation.
    {"2-byte lead then space", "\xC3 ", false},
    {"3-byte lead then space", "\xE2 ", false},
    {"4-byte lead then space", "\xF0 ", false},
    {"3-byte lead, bad third", "\xE2\x82 ", false},
    {"4-byte lead, bad fourth", "\xF0\x9F\x98 ", false},
    // Truncated sequences at the end.
    {"truncated 2-byte", "\xC3", false},
    {"truncated 3-byte (1 of 2)", "\xE2", false},
    {"truncated 3-byte (2 of 3)", "\xE2\x82", false},
    {"truncated 4-byte (3 of 4)", "\xF0\x9F\x98", false},
    {"truncated after valid text", "abc\xF0\x9F", false},
    {"concatenated truncated sequences", "\xC3\xE2\x82\xF0\x9F\x98", false},
    // Overlong forms.
    {"overlong '/' (2 bytes)", "\xC0\xAF", false},
    {"overlong '/' (3 bytes)", "\xE0\x80\xAF", false},
    {"overlong '/' (4 bytes)", "\xF0\x80\x80\xAF", false},
    {"overlong NUL (2 bytes)", "\xC0\x80", false},
    {"overlong NUL (3 bytes)", "\xE0\x80\x80", false},
    {"overlong NUL (4 bytes)", "\xF0\x80\x80\x80", false},
    {"largest overlong 2-byte (U+007F)", "\xC1\xBF", false},
    {"largest overlong 3-byte (U+07FF)", "\xE0\x9F\xBF", false},
    {"largest overlong 4-byte (U+FFFF)", "\xF0\x8F\xBF\xBF", false},
    // UTF-16 surrogates encoded as UTF-8 (CESU-8).
    {"U+D800", "\xED\xA0\x80", false},
    {"U+DB7F", "\xED\xAD\xBF", false},
    {"U+DC00", "\xED\xB0\x80", false},
    {"U+DFFF", "\xED\xBF\xBF", false},
    {"surrogate pair U+D800 U+DC00", "\xED\xA0\x80\xED\xB0\x80", false},
    {"surrogate pair U+DBFF U+DFFF", "\xED\xAF\xBF\xED\xBF\xBF", false},
};

class Utf8ValidationTest : public testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8ValidationTest, AcceptsExactlyWellFormedUtf8) {
  const Utf8Case& test_case = GetParam();
  EXPECT_EQ(IsValidUtf8(test_case.bytes), test_case.valid) << test_case.description;
  // Embedding the sequence in valid text must not change the verdict.
  EXPECT_EQ(IsValidUtf8("x" + test_case.bytes + "y"), test_case.valid) << test_case.description;
}

INSTANTIATE_TEST_SUITE_P(StressCases, Utf8ValidationTest, testing::ValuesIn(kUtf8Cases));

// A second, independent definition of well-formed UTF-8: decode each code point arithmetically and check the
// decoded value, instead of checking byte ranges as the implementation does.
bool ReferenceIsValidUtf8(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const unsigned lead = static_cast<unsigned char>(s[pos]);
    std::size_t length = 0;
    unsigned code_point = 0;
    if ((lead & 0x80) == 0) {
      length = 1;
      code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      return false;
    }
    if (pos + length > s.size()) return false;
    for (std::size_t offset = 1; offset < length; ++offset) {
      const unsigned byte = static_cast<unsigned char>(s[pos + offset]);
      if ((byte & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (byte & 0x3F);
    }
    const unsigned minimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code_point < minimum[length]) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    if (code_point > 0x10FFFF) return false;
    pos += length;
  }
  return true;
}

TEST(Utf8ValidationReferenceTest, AgreesWithArithmeticDecoderOnAllShortSequences) {
  int mismatches = 0;
  std::string bytes;
  for (int first = 0; first < 256; ++first) {
    bytes.assign(1, static_cast<char>(first));
    if (IsValidUtf8(bytes) != ReferenceIsValidUtf8(bytes)) ++mismatches;
    for (int second = 0; second < 256; ++second) {
      bytes.assign({static_cast<char>(first), static_cast<char>(second)});
      if (IsValidUtf8(bytes) != ReferenceIsValidUtf8(bytes)) ++mismatches;
      if (first < 0xE0) continue;  // three-byte strings that start below E0 hold nothing new
      for (int third = 0; third < 256; ++third) {
        bytes.assign({static_cast<char>(first), static_cast<char>(second), static_cast<char>(third)});
        if (IsValidUtf8(bytes) != ReferenceIsValidUtf8(bytes)) ++mismatches;
      }
    }
  }
  // Four-byte sequences: every lead and second byte, the edges of the continuation range for the rest.
  const int edges[] = {0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xFF};
  for (int first = 0xF0; first < 256; ++first) {
    for (int second = 0; second < 256; ++second) {
      for (int third : edges) {
        for (int fourth : edges) {
          bytes.assign({static_cast<char>(first), static_cast<char>(second), static_cast<char>(third),
                        static_cast<char>(fourth)});
          if (IsValidUtf8(bytes) != ReferenceIsValidUtf8(bytes)) ++mismatches;
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST(Utf8LengthTest, CountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("Straße"), 6u);
  EXPECT_EQ(Utf8Length("\xE2\x82\xAC"
                       "5"),
            2u);
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80\xF0\x9F\x98\x80"), 2u);
}

TEST(CutTextTest, KeepsTextThatFits) {
  EXPECT_EQ(CutText("Straße", 6, kCutMark), "Straße");
  EXPECT_EQ(CutText("Straße", 6, kCutMark, 7), "Straße");
  EXPECT_EQ(CutText("", 0, kCutMark), "");
}

TEST(CutTextTest, CutsAtACodePointAndMarksTheCut) {
  // " […]" is four code points: "Lärmschutz" cut to 8 leaves "Lärm" and the mark.
  EXPECT_EQ(CutText("Lärmschutz", 8, kCutMark), "Lärm […]");
  EXPECT_EQ(CutText("Lärmschutz", 3), "Lär");
  EXPECT_EQ(CutText("\xF0\x9F\x98\x80\xF0\x9F\x98\x80", 1), "\xF0\x9F\x98\x80");
}

TEST(CutTextTest, AByteLimitNeverSplitsASequence) {
  // Every byte limit over text with two-, three- and four-byte characters gives valid UTF-8 within the limit.
  const std::string text = "Grüße € \xF0\x9F\x98\x80 Maß";
  for (std::size_t limit = 0; limit <= text.size() + 1; ++limit) {
    for (std::string_view mark : {std::string_view(), kCutMark}) {
      std::string cut = CutText(text, 1000, mark, limit);
      EXPECT_TRUE(IsValidUtf8(cut)) << limit;
      EXPECT_LE(cut.size(), limit) << limit;
      if (limit >= text.size()) EXPECT_EQ(cut, text);
      if (limit < text.size() && limit >= mark.size() + 4) EXPECT_TRUE(cut.ends_with(mark)) << limit;
    }
  }
  EXPECT_EQ(CutText("ää", 10, "", 3), "ä");
}

TEST(CutTextTest, ACharacterLimitCountsCodePointsNotBytes) {
  const std::string text(40'000, 'a');
  std::string with_umlauts;
  for (int idx = 0; idx < 20'000; ++idx) with_umlauts += "ä";
  std::string cut = CutText(with_umlauts, 12'000, kCutMark);
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(Utf8Length(cut), 12'000u);
  EXPECT_TRUE(cut.ends_with(kCutMark));
  EXPECT_EQ(Utf8Length(CutText(text, 32'000, kCutMark)), 32'000u);
}

TEST(CutTextTest, AMarkLongerThanTheLimitIsLeftOut) {
  EXPECT_EQ(CutText("abcdef", 2, kCutMark), "ab");
}

TEST(GermanToAsciiTest, SpellsUmlautsAndSharpSAndKeepsEverythingElse) {
  EXPECT_EQ(GermanToAscii("Jürgen Groß, Ölmühle Äpfel Übersee"), "Juergen Gross, Oelmuehle Aepfel Uebersee");
  EXPECT_EQ(GermanToAscii("plain ascii 123"), "plain ascii 123");
  EXPECT_EQ(GermanToAscii("Café"), "Café");  // not a German letter: kept as it is
  EXPECT_EQ(GermanToAscii(""), "");
  EXPECT_EQ(GermanToAscii("\xc3"), "\xc3");  // a lone lead byte stays
}

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  const struct {
    std::string_view in;
    std::string_view out;
  } cases[] = {
      {"", ""},
      {"Hallo Welt", "Hallo Welt"},
      {"a & b", "a &amp; b"},
      {"<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
      {"\"quoted\"", "&quot;quoted&quot;"},
      {"&amp;", "&amp;amp;"},
      {"Grüße", "Grüße"},
  };
  for (const auto& test_case : cases) EXPECT_EQ(HtmlEscape(test_case.in), test_case.out) << test_case.in;
}

TEST(XmlEscapeTest, EscapesMarkupAndReplacesWhatXmlForbids) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(XmlEscape("Zeile 1\r\n\tZeile 2 äß€😀"), "Zeile 1\r\n\tZeile 2 äß€😀");
  const std::string kFffd = "\xEF\xBF\xBD";
  EXPECT_EQ(XmlEscape(std::string("a\0b", 3)), "a" + kFffd + "b");
  EXPECT_EQ(XmlEscape("a\x07\x1B\x7F"), "a" + kFffd + kFffd + kFffd);
  EXPECT_EQ(XmlEscape("\xC2\x85\xC2\x9B"), kFffd + kFffd);           // C1
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBE\xEF\xBF\xBF"), kFffd + kFffd);   // noncharacters
  EXPECT_EQ(XmlEscape("a\xED\xA0\x80"), "a" + kFffd + kFffd + kFffd);  // CESU-8 surrogate: three bad bytes
  EXPECT_EQ(XmlEscape("Gr\xC3"), "Gr" + kFffd);                        // truncated
  EXPECT_TRUE(IsValidUtf8(XmlEscape("\xFF\xFE\xC0\x80")));
}

TEST(ScrubTextTest, KeepsCleanTextAndReplacesControls) {
  const std::string kFffd = "\xEF\xBF\xBD";
  EXPECT_EQ(ScrubText("Anna Müller", false), "Anna Müller");
  EXPECT_EQ(ScrubText("Anna\r\nBcc: x", false), "Anna  Bcc: x");
  EXPECT_EQ(ScrubText("Zeile\r\nZeile\t.", true), "Zeile\r\nZeile\t.");
  EXPECT_EQ(ScrubText("A\x1B[31m\xC2\x9B", true), "A" + kFffd + "[31m" + kFffd);
  EXPECT_EQ(ScrubText("\xFF", true), kFffd);
}

TEST(TrimTest, RemovesAsciiWhitespaceAtBothEnds) {
  const struct {
    std::string_view in;
    std::string_view out;
  } cases[] = {
      {"", ""},
      {"   ", ""},
      {"abc", "abc"},
      {"  abc  ", "abc"},
      {"\t\r\n\f\vabc def\n", "abc def"},
      {"a b", "a b"},
      // U+00A0 (no-break space) is not ASCII whitespace and stays.
      {"\xC2\xA0x\xC2\xA0", "\xC2\xA0x\xC2\xA0"},
  };
  for (const auto& test_case : cases) EXPECT_EQ(Trim(test_case.in), test_case.out) << test_case.in;
}

TEST(AsciiCaseTest, LowerAndCompareTouchOnlyAscii) {
  EXPECT_EQ(AsciiLower("Content-Type: TEXT/Plain"), "content-type: text/plain");
  EXPECT_EQ(AsciiLower("ÄÖÜ"), "ÄÖÜ");
  EXPECT_TRUE(IEquals("Content-Disposition", "content-disposition"));
  EXPECT_TRUE(IEquals("", ""));
  EXPECT_FALSE(IEquals("form-data", "form-dat"));
  EXPECT_FALSE(IEquals("ä", "Ä"));
  EXPECT_FALSE(IEquals("[", "{"));  // '[' + 32 == '{': only letters fold
}

}  // namespace
}  // namespace mw

TEST(IsoUtc, WritesUtcWhateverTheLocalZone) {
  EXPECT_EQ(mw::IsoUtc(0), "1970-01-01T00:00:00Z");
  // 28 March 2027, 01:30 UTC: in Berlin the clocks go forward at 02:00 local that night; UTC knows nothing of it.
  EXPECT_EQ(mw::IsoUtc(1806197400), "2027-03-28T01:30:00Z");
}
