#include "platform/core/validation.hpp"

#include <gtest/gtest.h>

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
    {"invalid UTF-8 wins over too long", "\xFF" "abcdefgh", true, "Der Titel enthält ungültige Zeichen."},
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
