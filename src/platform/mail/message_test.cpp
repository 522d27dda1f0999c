#include "platform/mail/message.hpp"

#include <gtest/gtest.h>

#include "platform/mail/mime_test_util.hpp"

namespace mw::mail {
namespace {

using test_util::CrlfLines;
using test_util::DecodeHeaderValue;
using test_util::DecodeQuotedPrintable;
using test_util::ParseMessage;

constexpr std::string_view kGermanSubject = "Bestätigung Ihrer Registrierung – Grüße";

OutgoingMail SampleMail() {
  OutgoingMail mail;
  mail.id = 42;
  mail.date = 1732637700;  // 2024-11-26 16:15:00 UTC
  mail.mail.to_address = "anna.mueller@example.org";
  mail.mail.to_name = "Anna Müller";
  mail.mail.subject = std::string(kGermanSubject);
  mail.mail.body_text = "Guten Tag Frau Müller,\n\nbitte bestätigen Sie Ihre Registrierung.\n\nGrüße\n";
  return mail;
}

const Address kFrom{"noreply@beteiligung.example", "Beteiligung Musterstadt"};

TEST(FormatDateTest, IsRfc5322InUtc) {
  EXPECT_EQ(FormatDate(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(FormatDate(1732637700), "Tue, 26 Nov 2024 16:15:00 +0000");
  EXPECT_EQ(FormatDate(951782400), "Tue, 29 Feb 2000 00:00:00 +0000");
}

TEST(QuotedPrintableTest, EncodesUtf8AndSpecialCharacters) {
  EXPECT_EQ(EncodeQuotedPrintable("Grüße"), "Gr=C3=BC=C3=9Fe\r\n");
  EXPECT_EQ(EncodeQuotedPrintable("a=b"), "a=3Db\r\n");
  EXPECT_EQ(EncodeQuotedPrintable("trailing space \nnext"), "trailing space=20\r\nnext\r\n");
  EXPECT_EQ(EncodeQuotedPrintable("tab\t"), "tab=09\r\n");
  EXPECT_EQ(EncodeQuotedPrintable(".\n..x"), "=2E\r\n=2E.x\r\n");
}

TEST(QuotedPrintableTest, NormalisesLineEndingsToCrlf) {
  EXPECT_EQ(EncodeQuotedPrintable("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd\r\n");
  EXPECT_EQ(EncodeQuotedPrintable("a\n"), "a\r\n");
  EXPECT_EQ(EncodeQuotedPrintable("a\n\n"), "a\r\n\r\n");
  EXPECT_EQ(EncodeQuotedPrintable(""), "");
}

TEST(QuotedPrintableTest, LongLinesAreSoftBrokenAndDecodeBack) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Äpfel und Birnen = Obst. ";
  text += "\n";
  for (int i = 0; i < 200; ++i) text += "x";
  text += "\n.";
  std::string encoded = EncodeQuotedPrintable(text);
  for (const std::string& line : CrlfLines(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_NE(line, ".");
    EXPECT_FALSE(line.ends_with(" ")) << line;
  }
  EXPECT_EQ(DecodeQuotedPrintable(encoded), text + "\n");
}

TEST(HeaderTest, AsciiSubjectStaysReadable) {
  EXPECT_EQ(FormatUnstructuredHeader("Subject", "Ihre Stellungnahme ist eingegangen"),
            "Subject: Ihre Stellungnahme ist eingegangen");
}

TEST(HeaderTest, NonAsciiSubjectBecomesEncodedWordsThatDecodeBack) {
  std::string header = FormatUnstructuredHeader("Subject", kGermanSubject);
  EXPECT_TRUE(header.starts_with("Subject: =?UTF-8?Q?")) << header;
  auto parsed = ParseMessage(header + "\r\n\r\n");
  EXPECT_EQ(DecodeHeaderValue(parsed.Header("Subject")), kGermanSubject);
}

TEST(HeaderTest, LongSubjectsAreFoldedWithinLineLimits) {
  std::string subject;
  for (int i = 0; i < 8; ++i) subject += "Öffentliche Auslegung des Bebauungsplans Nr. 17 „Grüner Weg“ – ";
  std::string header = FormatUnstructuredHeader("Subject", subject);
  for (const std::string& line : CrlfLines(header)) {
    EXPECT_LE(line.size(), 76u) << line;
  }
  auto parsed = ParseMessage(header + "\r\n\r\n");
  EXPECT_EQ(DecodeHeaderValue(parsed.Header("Subject")), subject);

  std::string ascii;
  for (int i = 0; i < 10; ++i) ascii += "Auslegung des Bebauungsplans ";
  std::string folded = FormatUnstructuredHeader("Subject", ascii);
  for (const std::string& line : CrlfLines(folded)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_EQ(ParseMessage(folded + "\r\n\r\n").Header("Subject") + " ", ascii);
}

TEST(HeaderTest, EncodedWordLookalikesAreEncoded) {
  std::string header = FormatUnstructuredHeader("Subject", "=?UTF-8?B?SGFsbG8=?=");
  EXPECT_EQ(DecodeHeaderValue(ParseMessage(header + "\r\n\r\n").Header("Subject")), "=?UTF-8?B?SGFsbG8=?=");
}

TEST(HeaderTest, CrLfCannotInjectHeaders) {
  std::string header = FormatUnstructuredHeader("Subject", "Hallo\r\nBcc: victim@example.org");
  auto parsed = ParseMessage(header + "\r\n\r\n");
  EXPECT_EQ(parsed.headers.size(), 1u);
  EXPECT_EQ(parsed.Count("Bcc"), 0u);

  OutgoingMail mail = SampleMail();
  mail.mail.to_name = "Eve\nBcc: victim@example.org";
  mail.mail.to_address = "eve@example.org\r\nBcc: victim@example.org";
  mail.mail.subject = "x\rBcc: victim@example.org";
  auto message = ParseMessage(FormatMessage(mail, kFrom));
  EXPECT_EQ(message.Count("Bcc"), 0u);
  EXPECT_EQ(message.Count("To"), 1u);
}

TEST(HeaderTest, DisplayNames) {
  EXPECT_EQ(FormatAddressHeader("To", {"anna@example.org", ""}), "To: anna@example.org");
  EXPECT_EQ(FormatAddressHeader("To", {"anna@example.org", "Anna Schmidt"}), "To: Anna Schmidt <anna@example.org>");
  EXPECT_EQ(FormatAddressHeader("To", {"a@example.org", "Schmidt, Anna \"A.\""}),
            "To: \"Schmidt, Anna \\\"A.\\\"\" <a@example.org>");
  std::string encoded = FormatAddressHeader("From", {"noreply@example.org", "Stadt Düsseldorf, Bürgerbüro"});
  auto parsed = ParseMessage(encoded + "\r\n\r\n");
  EXPECT_EQ(DecodeHeaderValue(parsed.Header("From")), "Stadt Düsseldorf, Bürgerbüro <noreply@example.org>");
  // The comma and other specials never appear raw in an encoded display name.
  EXPECT_EQ(parsed.Header("From").find(','), std::string::npos);
}

TEST(FormatMessageTest, PlainTextMessage) {
  std::string text = FormatMessage(SampleMail(), kFrom);
  for (const std::string& line : CrlfLines(text)) EXPECT_LE(line.size(), 76u) << line;
  EXPECT_TRUE(text.ends_with("\r\n"));

  auto message = ParseMessage(text);
  EXPECT_EQ(message.Header("Date"), "Tue, 26 Nov 2024 16:15:00 +0000");
  EXPECT_EQ(message.Header("From"), "Beteiligung Musterstadt <noreply@beteiligung.example>");
  EXPECT_EQ(DecodeHeaderValue(message.Header("To")), "Anna Müller <anna.mueller@example.org>");
  EXPECT_EQ(DecodeHeaderValue(message.Header("Subject")), kGermanSubject);
  EXPECT_EQ(message.Header("Message-ID"), "<mw.1732637700.42@beteiligung.example>");
  EXPECT_EQ(message.Header("MIME-Version"), "1.0");
  EXPECT_EQ(message.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(message.Header("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(DecodeQuotedPrintable(message.body), SampleMail().mail.body_text);
}

TEST(FormatMessageTest, HtmlMakesMultipartAlternative) {
  OutgoingMail mail = SampleMail();
  mail.mail.body_html = "<p>Guten Tag Frau Müller,</p>\n<p><a href=\"https://x.example/?a=1&b=2\">Bestätigen</a></p>";
  auto message = ParseMessage(FormatMessage(mail, kFrom));
  std::string content_type = message.Header("Content-Type");
  ASSERT_TRUE(content_type.starts_with("multipart/alternative;")) << content_type;
  std::size_t quote = content_type.find("boundary=\"");
  ASSERT_NE(quote, std::string::npos);
  std::string boundary = content_type.substr(quote + 10, content_type.find('"', quote + 10) - quote - 10);

  std::string delimiter = "\r\n--" + boundary;
  std::string body = "\r\n" + message.body;
  std::vector<std::string> parts;
  std::size_t pos = body.find(delimiter);
  ASSERT_NE(pos, std::string::npos);
  while (true) {
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) break;  // closing delimiter
    std::size_t next = body.find(delimiter, pos);
    ASSERT_NE(next, std::string::npos);
    parts.push_back(body.substr(pos + 2, next - pos - 2));
    pos = next;
  }
  ASSERT_EQ(parts.size(), 2u);
  auto plain = ParseMessage(parts[0] + "\r\n");
  auto html = ParseMessage(parts[1] + "\r\n");
  EXPECT_EQ(plain.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(html.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(DecodeQuotedPrintable(plain.body), mail.mail.body_text);
  EXPECT_EQ(DecodeQuotedPrintable(html.body), *mail.mail.body_html + "\n");
}

TEST(FormatMessageTest, MessageIdIsStableAndInSenderDomain) {
  EXPECT_EQ(MakeMessageId(7, 100, "noreply@stadt.example"), "mw.100.7@stadt.example");
  OutgoingMail mail = SampleMail();
  EXPECT_EQ(FormatMessage(mail, kFrom), FormatMessage(mail, kFrom));
}

}  // namespace
}  // namespace mw::mail
