#include "platform/mail/mail.hpp"

#include <gtest/gtest.h>

namespace mw::mail {
namespace {

TEST(LooksLikeEmailAddressTest, Table) {
  struct Case {
    const char* address;
    bool valid;
  };
  const Case cases[] = {
      {"anna@example.org", true},
      {"anna.mueller+beteiligung@stadt.example.de", true},
      {"o'brien@example.ie", true},
      {"a@b.co", true},
      {"", false},
      {"anna", false},
      {"anna@", false},
      {"@example.org", false},
      {"anna@localhost", false},
      {"anna@@example.org", false},
      {"anna@exa mple.org", false},
      {"an na@example.org", false},
      {".anna@example.org", false},
      {"anna.@example.org", false},
      {"an..na@example.org", false},
      {"anna@-example.org", false},
      {"anna@example..org", false},
      {"anna@example.org\r\nBcc: x@example.org", false},
      {"<anna@example.org>", false},
      {"anna@exämple.org", false},
      {"änna@example.org", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(LooksLikeEmailAddress(c.address), c.valid) << c.address;
  }
  EXPECT_FALSE(LooksLikeEmailAddress(std::string(65, 'a') + "@example.org"));
  EXPECT_FALSE(LooksLikeEmailAddress("a@" + std::string(250, 'b') + ".org"));
}

Mail ValidMail() {
  return Mail{.to_address = "anna@example.org",
              .to_name = "Anna Müller",
              .subject = "Bestätigung Ihrer Registrierung – Grüße",
              .body_text = "Hallo\n",
              .category = "registration"};
}

TEST(ValidateMailTest, AcceptsAnOrdinaryMail) {
  EXPECT_TRUE(ValidateMail(ValidMail()));
}

TEST(ValidateMailTest, RejectsWithGermanMessagesAndFields) {
  struct Case {
    const char* what;
    void (*change)(Mail&);
    const char* field;
    ErrorKind kind;
  };
  const Case cases[] = {
      {"bad address", [](Mail& m) { m.to_address = "kein-at-zeichen"; }, "to_address", ErrorKind::kInvalid},
      {"newline in subject", [](Mail& m) { m.subject = "Hallo\nBcc: x@example.org"; }, "subject", ErrorKind::kInvalid},
      {"CR in subject", [](Mail& m) { m.subject = "Hallo\rx"; }, "subject", ErrorKind::kInvalid},
      {"newline in name", [](Mail& m) { m.to_name = "Eve\r\nBcc: x@example.org"; }, "to_name", ErrorKind::kInvalid},
      {"empty subject", [](Mail& m) { m.subject.clear(); }, "subject", ErrorKind::kInvalid},
      {"empty body", [](Mail& m) { m.body_text.clear(); }, "body_text", ErrorKind::kInvalid},
      {"long subject", [](Mail& m) { m.subject = std::string(251, 'x'); }, "subject", ErrorKind::kTooLarge},
      {"long name", [](Mail& m) { m.to_name = std::string(201, 'x'); }, "to_name", ErrorKind::kTooLarge},
      {"long body", [](Mail& m) { m.body_text = std::string(kMaxBodyTextBytes + 1, 'x'); }, "body_text",
       ErrorKind::kTooLarge},
      {"long html", [](Mail& m) { m.body_html = std::string(kMaxBodyHtmlBytes + 1, 'x'); }, "body_html",
       ErrorKind::kTooLarge},
      {"broken UTF-8", [](Mail& m) { m.body_text = "Gr\xc3"; }, "body_text", ErrorKind::kInvalid},
      {"broken UTF-8 subject", [](Mail& m) { m.subject = "\xff"; }, "subject", ErrorKind::kInvalid},
  };
  for (const Case& c : cases) {
    Mail mail = ValidMail();
    c.change(mail);
    Status status = ValidateMail(mail);
    ASSERT_FALSE(status) << c.what;
    EXPECT_EQ(status.error().field, c.field) << c.what;
    EXPECT_EQ(status.error().kind, c.kind) << c.what;
    EXPECT_FALSE(status.error().message.empty()) << c.what;
  }
  // 250 umlauts are 250 characters, not 500 bytes' worth of a limit.
  Mail umlauts = ValidMail();
  umlauts.subject.clear();
  for (int i = 0; i < 250; ++i) umlauts.subject += "ä";
  EXPECT_TRUE(ValidateMail(umlauts));
}

}  // namespace
}  // namespace mw::mail
