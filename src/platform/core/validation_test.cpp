#include "platform/core/validation.hpp"

#include <gtest/gtest.h>

#include "platform/core/text.hpp"

#include <string>
#include <vector>

namespace mw {
namespace {

struct TextFieldCase {
  const char* description;
  std::string value;
  bool required;
  // The expected message, or "" for no error.
  std::string message;
};

// "Der Titel", at most 5 characters; the missing message is "Bitte geben Sie einen Titel an."
const TextFieldCase kTextFieldCases[] = {
    {"filled", "Rad", false, ""},
    {"one character too long", "Radweg", false, "Der Titel darf höchstens 5 Zeichen lang sein."},
    {"too long counts code points", "Grünäö", true, "Der Titel darf höchstens 5 Zeichen lang sein."},
    {"at the limit", "Markt", true, ""},
    {"umlauts count as one character each", "Grünä", true, ""},
    {"surrounding blanks do not count", "  Markt \n", true, ""},
    {"empty and optional", "", false, ""},
    {"blank and optional", "   ", false, ""},
    {"empty and required", "", true, "Bitte geben Sie einen Titel an."},
    {"blank and required", " \t ", true, "Bitte geben Sie einen Titel an."},
    {"invalid UTF-8", "Gr\xC3", false, "Der Titel enthält ungültige Zeichen."},
    {"invalid UTF-8 wins over too long", "\xFF" "abcdefgh", true,
     "Der Titel enthält ungültige Zeichen."},
    {"NUL", std::string("R\0d", 3), false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+0000, an Stelle 2). Bitte entfernen Sie es."},
    {"bell", "Ra\x07", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+0007, an Stelle 3). Bitte entfernen Sie es."},
    {"escape", "\x1B[2J", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+001B, an Stelle 1). Bitte entfernen Sie es."},
    {"DEL", "a\x7F", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+007F, an Stelle 2). Bitte entfernen Sie es."},
    {"NEL (C1)", "ä\xC2\x85" "b", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+0085, an Stelle 2). Bitte entfernen Sie es."},
    {"CSI (C1)", "\xC2\x9B" "31m", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+009B, an Stelle 1). Bitte entfernen Sie es."},
    {"noncharacter U+FFFF", "a\xEF\xBF\xBF", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+FFFF, an Stelle 2). Bitte entfernen Sie es."},
    {"noncharacter U+FFFE", "\xEF\xBF\xBE", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+FFFE, an Stelle 1). Bitte entfernen Sie es."},
    {"lone surrogate in CESU-8", "a\xED\xA0\x80", false,
     "Der Titel enthält ungültige Zeichen."},
    {"overlong NUL", "a\xC0\x80", false,
     "Der Titel enthält ungültige Zeichen."},
    {"line break inside a single-line field", "Ra\nd", false, "Der Titel darf keinen Zeilenumbruch enthalten."},
    {"CRLF inside a single-line field", "Ra\r\nd", false, "Der Titel darf keinen Zeilenumbruch enthalten."},
    {"tab inside a single-line field", "Ra\td", false, "Der Titel darf keinen Tabulator enthalten."},
    {"form feed at the edge", "Rad\f", false,
     "Der Titel enthält ein unsichtbares Steuerzeichen (U+000C, an Stelle 4). Bitte entfernen Sie es."},
    {"non-breaking space and euro are text", "5\xC2\xA0\xE2\x82\xAC", true, ""},
    {"right-to-left override in a single-line field", "Ra\xE2\x80\xAE" "d", false,
     "Der Titel enthält ein unsichtbares Zeichen, das die Schreibrichtung ändert (U+202E, an Stelle 3). Bitte "
     "entfernen Sie es."},
    {"closed isolate in a single-line field", "\xE2\x81\xA7" "a\xE2\x81\xA9", false,
     "Der Titel enthält ein unsichtbares Zeichen, das die Schreibrichtung ändert (U+2067, an Stelle 1). Bitte "
     "entfernen Sie es."},
    {"right-to-left marks are text", "a\xE2\x80\x8F" "b", false, ""},
};

TEST(CheckTextFieldTest, TableOfValues) {
  for (const auto& test_case : kTextFieldCases) {
    std::vector<Error> errors;
    CheckTextField(errors, test_case.value, "title", "Bitte geben Sie einen Titel an.", "Der Titel", 5,
                   test_case.required);
    if (test_case.message.empty()) {
      EXPECT_TRUE(errors.empty()) << test_case.description;
      continue;
    }
    ASSERT_EQ(errors.size(), 1u) << test_case.description;
    EXPECT_EQ(errors[0].kind, ErrorKind::kInvalid) << test_case.description;
    EXPECT_EQ(errors[0].message, test_case.message) << test_case.description;
    EXPECT_EQ(errors[0].field, "title") << test_case.description;
  }
}

TEST(CheckTextFieldTest, MultiLineFieldsAllowLineBreaksAndTabsButNoOtherControls) {
  std::vector<Error> errors;
  CheckTextField(errors, "Erstens:\r\n\tmehr Bäume\nZweitens", "text", "", "Der Text", 100, true, TextLines::kMulti);
  EXPECT_TRUE(errors.empty());
  for (std::string bad : {std::string("a\0b", 3), std::string("a\x1B b"), std::string("a\rb"), std::string("a\xC2\x85")}) {
    errors.clear();
    CheckTextField(errors, bad, "text", "", "Der Text", 100, true, TextLines::kMulti);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].field, "text");
    EXPECT_TRUE(errors[0].message.starts_with("Der Text enthält ein unsichtbares Steuerzeichen")) << errors[0].message;
  }
}

// A right-to-left passage keeps its bidi controls as long as each closes within its line; one that stays open
// would turn round whatever follows it on the page, in a mail or an export.
TEST(CheckTextFieldTest, MultiLineFieldsAllowBidiControlsOnlyInPairsWithinALine) {
  const std::string rle = "\xE2\x80\xAB", pdf = "\xE2\x80\xAC", rlo = "\xE2\x80\xAE";
  const std::string rli = "\xE2\x81\xA7", pdi = "\xE2\x81\xA9";
  for (const std::string& good : {"Zitat: " + rle + "abc" + pdf + " Ende\nneue Zeile",
                                  rli + "x" + rle + "y" + pdf + pdi + "\r\n" + rli + "z" + pdi}) {
    std::vector<Error> errors;
    CheckTextField(errors, good, "text", "", "Der Text", 100, true, TextLines::kMulti);
    EXPECT_TRUE(errors.empty()) << good;
  }
  const struct {
    std::string text;
    std::string code_point_and_place;
  } bad[] = {
      {"Rechnung " + rlo + "fdp.exe", "U+202E, an Stelle 10"},        // never closed
      {"a" + rle + "b\nc" + pdf, "U+202B, an Stelle 2"},                // closed only on the next line
      {"a" + pdf + "b", "U+202C, an Stelle 2"},                         // closes nothing
      {"a" + rli + "b" + pdf + pdi, "U+202C, an Stelle 4"},             // PDF cannot close an isolate
  };
  for (const auto& test_case : bad) {
    std::vector<Error> errors;
    CheckTextField(errors, test_case.text, "text", "", "Der Text", 100, true, TextLines::kMulti);
    ASSERT_EQ(errors.size(), 1u) << test_case.text;
    EXPECT_EQ(errors[0].message, "Der Text enthält ein unsichtbares Zeichen, das die Schreibrichtung ändert (" +
                                     test_case.code_point_and_place + "). Bitte entfernen Sie es.");
  }
}

TEST(CheckTextTest, NamesTheField) {
  auto result = CheckText("Anna\x1B", "name", "Der Name");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "name");
  EXPECT_EQ(result.error().kind, ErrorKind::kInvalid);
  EXPECT_TRUE(CheckText("Anna Müller", "name", "Der Name"));
}

struct EmailCase {
  std::string address;
  // The expected message, or "" if valid.
  std::string message;
};

TEST(CheckEmailFieldTest, Rfc5321LimitsAndDotAtoms) {
  const std::string local64(64, 'a');
  const std::string domain_label(63, 'b');
  const std::string long_domain = domain_label + "." + domain_label + "." + domain_label + ".de";
  const std::string kPrefix = "Bitte geben Sie eine gültige E-Mail-Adresse an. ";
  const std::string kDots = kPrefix + "Vor dem @ darf kein Punkt am Anfang oder Ende und keine zwei Punkte "
                                      "hintereinander stehen.";
  const std::string kDomain = kPrefix + "Nach dem @ muss eine Domain mit Punkt stehen, zum Beispiel beispiel.de.";
  const EmailCase cases[] = {
      {"anna@example.de", ""},
      {"  anna.m+beteiligung@mail.example.de ", ""},
      {local64 + "@x.de", ""},
      {local64 + "a@x.de", kPrefix + "Vor dem @ dürfen höchstens 64 Zeichen stehen."},
      {"a..b@x.de", kDots},
      {".a@x.de", kDots},
      {"a.@x.de", kDots},
      {"anna@localhost", kDomain},
      {"anna@x..de", kDomain},
      {"anna@-x.de", kDomain},
      {"anna.example.de", kPrefix + "Es fehlt das @ (zum Beispiel name@beispiel.de)."},
      {"@example.de", kPrefix + "Vor dem @ fehlt der Name (zum Beispiel name@beispiel.de)."},
      {local64 + "@" + long_domain, kPrefix + "Sie darf höchstens 254 Zeichen lang sein."},
      {"anna\x07@x.de",
       "Die E-Mail-Adresse enthält ein unsichtbares Steuerzeichen (U+0007, an Stelle 5). Bitte entfernen Sie es."},
      {"anna@x.de\r\nBcc: eve@x.de", "Die E-Mail-Adresse darf keinen Zeilenumbruch enthalten."},
      {"müller@x.de", kPrefix + "Vor dem @ steht ein Zeichen, das in E-Mail-Adressen nicht erlaubt ist (erlaubt "
                                "sind Buchstaben ohne Umlaute, Ziffern und . _ - +)."},
      {"", "Bitte geben Sie Ihre E-Mail-Adresse an."},
  };
  for (const auto& test_case : cases) {
    std::vector<Error> errors;
    CheckEmailField(errors, test_case.address, "email", true);
    if (test_case.message.empty()) {
      EXPECT_TRUE(errors.empty()) << test_case.address << ": " << (errors.empty() ? "" : errors[0].message);
      EXPECT_TRUE(IsValidEmailAddress(std::string(Trim(test_case.address)))) << test_case.address;
      continue;
    }
    ASSERT_EQ(errors.size(), 1u) << test_case.address;
    EXPECT_EQ(errors[0].field, "email");
    EXPECT_EQ(errors[0].message, test_case.message) << test_case.address;
    EXPECT_FALSE(IsValidEmailAddress(test_case.address)) << test_case.address;
  }
  std::vector<Error> errors;
  CheckEmailField(errors, "", "email", false);
  EXPECT_TRUE(errors.empty());
}

TEST(CheckTextFieldTest, AppendsToEarlierErrorsOfTheForm) {
  std::vector<Error> errors{{ErrorKind::kInvalid, "Bitte geben Sie einen Titel an.", "title"}};
  CheckTextField(errors, "", "demand", "Bitte geben Sie Ihre Forderung an.", "Die Forderung", 100, true);
  CheckTextField(errors, "Radweg bauen", "justification", "", "Die Begründung", 100, true);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].field, "demand");
  EXPECT_EQ(errors[1].message, "Bitte geben Sie Ihre Forderung an.");
}

}  // namespace
}  // namespace mw
