#include "platform/mail/names.hpp"

#include <gtest/gtest.h>

#include <string>

#include "platform/core/text.hpp"

namespace mw::mail {
namespace {

TEST(MailNameTest, NamesInMailsAreShortAndPlain) {
  struct Case {
    std::string name;
    std::string shown;
  };
  const Case cases[] = {
      {"Kim Muster", "Kim Muster"},
      {"Dr. h.c. Kim Muster", "Dr. h.c. Kim Muster"},
      {"Kim\r\nIhr Konto wird gesperrt", "Kim Ihr Konto wird gesperrt"},
      {"Kim\xe2\x80\xa8Zeile", "Kim Zeile"},                                // U+2028 line separator
      {"Kim \xe2\x80\xae" "gnaL", "Kim gnaL"},                              // bidi override
      {"Gewinn abholen: https://evil.example/login", "Gewinn abholen:"},
      {"Gewinn: www.evil.example", "Gewinn:"},
      {"Gewinn auf evil.de/x jetzt", "Gewinn auf jetzt"},
      {"kim@example.org", ""},
      {std::string(70, 'a'), std::string(59, 'a') + "\xe2\x80\xa6"},
  };
  for (const auto& test : cases) EXPECT_EQ(MailName(test.name), test.shown) << test.name;
  // Cut at a code point, never inside one.
  std::string umlauts;
  for (int count = 0; count < 70; ++count) umlauts += "\xc3\xa4";
  std::string cut = MailName(umlauts);
  EXPECT_EQ(Utf8Length(cut), kMaxMailNameChars);
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(MailName("\xff\xfe"), "");
}

TEST(MaskedAddressTest, ShowsTheFirstCharacterAndTheDomain) {
  EXPECT_EQ(MaskedAddress("anna.schmidt@buerger.example"), "a…@buerger.example");
  EXPECT_EQ(MaskedAddress("x@example.org"), "x…@example.org");
  EXPECT_EQ(MaskedAddress("kein-at"), "…");
  EXPECT_EQ(MaskedAddress("@example.org"), "…");
}

}  // namespace
}  // namespace mw::mail
