#include "platform/mail/sender.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "platform/mail/mime_test_util.hpp"
#include "support/smtp_sink.hpp"

namespace mw::mail {
namespace {

using test_util::DecodeHeaderValue;
using test_util::DecodeQuotedPrintable;
using test_util::ParseMessage;

const Address kFrom{"noreply@beteiligung.example", "Beteiligung Musterstadt"};

OutgoingMail SampleMail() {
  OutgoingMail mail;
  mail.id = 7;
  mail.date = 1732637700;
  mail.mail.to_address = "anna@example.org";
  mail.mail.to_name = "Anna Müller";
  mail.mail.subject = "Bestätigung Ihrer Registrierung – Grüße";
  mail.mail.body_text = "Bitte bestätigen Sie:\n.\nhttps://x.example/bestaetigen?t=abc\n";
  return mail;
}

std::filesystem::path TempDir(std::string_view name) {
  auto dir = std::filesystem::temp_directory_path() /
             (std::string(name) + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(ParseSmtpSpecTest, UnderstandsSchemesCredentialsAndStartTls) {
  auto plain = ParseSmtpSpec("smtp://127.0.0.1:2525", kFrom);
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_EQ(plain->url, "smtp://127.0.0.1:2525/beteiligung.example");
  EXPECT_EQ(plain->tls, SmtpTls::kNone);
  EXPECT_TRUE(plain->username.empty());

  auto secure = ParseSmtpSpec("smtps://user%40stadt.example:p%40ss:word@mail.stadt.example:465/portal.example", kFrom);
  ASSERT_TRUE(secure) << secure.error().message;
  EXPECT_EQ(secure->url, "smtps://mail.stadt.example:465/portal.example");
  EXPECT_EQ(secure->tls, SmtpTls::kImplicit);
  EXPECT_EQ(secure->username, "user@stadt.example");
  EXPECT_EQ(secure->password, "p@ss:word");

  auto required = ParseSmtpSpec("smtp://u:p@mail.example:587?starttls", kFrom);
  ASSERT_TRUE(required);
  EXPECT_EQ(required->tls, SmtpTls::kStartTlsRequired);
  EXPECT_EQ(required->url, "smtp://mail.example:587/beteiligung.example");
  auto optional = ParseSmtpSpec("smtp://mail.example:587?starttls=try", kFrom);
  ASSERT_TRUE(optional);
  EXPECT_EQ(optional->tls, SmtpTls::kStartTlsOptional);
}

TEST(MakeSenderTest, RejectsBadSpecsInGermanWithoutRepeatingThem) {
  const char* bad[] = {"",
                       "sendmail",
                       "ftp://mail.example",
                       "smtp://",
                       "smtp://:25",
                       "smtp://geheim:geheim@mail.example?foo",
                       "smtps://geheim:geheim@mail.example?starttls",
                       "smtp://mail.example/ehlo\r\nRSET",
                       "smtp://geheim:ge%zzheim@mail.example",
                       "dir:"};
  for (const char* spec : bad) {
    auto sender = MakeSender(spec, "noreply@beteiligung.example", "Portal");
    ASSERT_FALSE(sender) << spec;
    EXPECT_EQ(sender.error().kind, ErrorKind::kInvalid) << spec;
    EXPECT_NE(sender.error().message.find("Mailversand"), std::string::npos) << sender.error().message;
    EXPECT_EQ(sender.error().message.find("geheim"), std::string::npos) << sender.error().message;
  }
  EXPECT_FALSE(MakeSender("log", "kein-absender", "Portal"));
  EXPECT_FALSE(MakeSender("log", "noreply@beteiligung.example", "Portal\r\nBcc: x"));
}

TEST(MakeSenderTest, BuildsEachKind) {
  EXPECT_TRUE(MakeSender("log", "noreply@beteiligung.example", "Portal"));
  EXPECT_TRUE(MakeSender("smtp://127.0.0.1:25", "noreply@beteiligung.example", "Portal"));
  EXPECT_TRUE(MakeSender("smtps://u:p@mail.example", "noreply@beteiligung.example", "Portal"));
  auto dir = TempDir("mw-mail-dir");
  auto sender = MakeSender("dir:" + (dir / "nested").string(), "noreply@beteiligung.example", "Portal");
  ASSERT_TRUE(sender) << sender.error().message;
  EXPECT_TRUE(std::filesystem::is_directory(dir / "nested"));
  std::filesystem::remove_all(dir);
}

TEST(LogSenderTest, Succeeds) {
  LogSender sender(kFrom);
  EXPECT_TRUE(sender.Send(SampleMail()));
}

TEST(DirSenderTest, WritesOneCompleteEmlFilePerMail) {
  auto dir = TempDir("mw-mail-eml");
  auto sender = MakeSender("dir:" + dir.string(), kFrom.address, kFrom.name);
  ASSERT_TRUE(sender);
  OutgoingMail mail = SampleMail();
  ASSERT_TRUE((*sender)->Send(mail));
  ASSERT_TRUE((*sender)->Send(mail));  // a retry replaces the file

  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);  // no temporary files left behind
  EXPECT_EQ(files[0].filename(), "7-1732637700.eml");

  std::ifstream in(files[0], std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  auto message = ParseMessage(content.str());
  EXPECT_EQ(DecodeHeaderValue(message.Header("Subject")), mail.mail.subject);
  EXPECT_EQ(DecodeHeaderValue(message.Header("To")), "Anna Müller <anna@example.org>");
  EXPECT_EQ(message.Header("From"), "Beteiligung Musterstadt <noreply@beteiligung.example>");
  EXPECT_EQ(DecodeQuotedPrintable(message.body), mail.mail.body_text);
  std::filesystem::remove_all(dir);
}

TEST(SmtpSenderTest, DeliversToAnSmtpServerWithAuth) {
  testing::SmtpSink sink;
  auto sender =
      MakeSender("smtp://portal:geheim%21@127.0.0.1:" + std::to_string(sink.port()), kFrom.address, kFrom.name);
  ASSERT_TRUE(sender) << sender.error().message;
  OutgoingMail mail = SampleMail();
  Status sent = (*sender)->Send(mail);
  ASSERT_TRUE(sent) << sent.error().message;

  ASSERT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(5)));
  auto received = sink.Messages().at(0);
  EXPECT_EQ(received.from, "noreply@beteiligung.example");
  EXPECT_EQ(received.recipients, std::vector<std::string>{"anna@example.org"});
  EXPECT_EQ(received.auth_user, "portal");
  EXPECT_EQ(received.auth_password, "geheim!");
  auto message = ParseMessage(received.data);
  EXPECT_EQ(DecodeHeaderValue(message.Header("Subject")), mail.mail.subject);
  EXPECT_EQ(DecodeQuotedPrintable(message.body), mail.mail.body_text);
}

TEST(SmtpSenderTest, ReportsTemporaryRejectionAndUnreachableServer) {
  testing::SmtpSink sink;
  sink.FailNextTransactions(1);
  auto sender = MakeSender(sink.url(), kFrom.address, kFrom.name);
  ASSERT_TRUE(sender);
  Status rejected = (*sender)->Send(SampleMail());
  ASSERT_FALSE(rejected);
  EXPECT_EQ(rejected.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(rejected.error().message.find("451"), std::string::npos) << rejected.error().message;
  EXPECT_TRUE(sink.Messages().empty());
  EXPECT_TRUE((*sender)->Send(SampleMail()));  // the next transaction succeeds

  std::uint16_t closed_port = 0;
  {
    testing::SmtpSink gone;
    closed_port = gone.port();
  }
  auto unreachable = MakeSender("smtp://127.0.0.1:" + std::to_string(closed_port), kFrom.address, kFrom.name);
  ASSERT_TRUE(unreachable);
  Status failed = (*unreachable)->Send(SampleMail());
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(failed.error().message.find("nicht erreichbar"), std::string::npos) << failed.error().message;
}

// The sink itself: libcurl dot-stuffs lines that start with '.', the sink must undo it exactly.
TEST(SmtpSinkTest, UndoesDotStuffing) {
  testing::SmtpSink sink;
  std::string message = "Subject: dots\r\n\r\n.\r\n..two\r\n.x\r\nend\r\n";
  struct Source {
    std::string_view data;
    std::size_t offset = 0;
  } source{message};
  auto read = +[](char* buffer, std::size_t size, std::size_t count, void* user) -> std::size_t {
    auto* src = static_cast<Source*>(user);
    std::size_t n = std::min(size * count, src->data.size() - src->offset);
    std::memcpy(buffer, src->data.data() + src->offset, n);
    src->offset += n;
    return n;
  };
  CURL* curl = curl_easy_init();
  ASSERT_NE(curl, nullptr);
  curl_slist* recipients = curl_slist_append(nullptr, "<b@example.org>");
  std::string url = sink.url();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, "<a@example.org>");
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &source);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  ASSERT_EQ(code, CURLE_OK) << curl_easy_strerror(code);
  ASSERT_TRUE(sink.WaitForMessages(1, std::chrono::seconds(5)));
  EXPECT_EQ(sink.Messages().at(0).data, message);
  EXPECT_EQ(sink.Messages().at(0).from, "a@example.org");
}

}  // namespace
}  // namespace mw::mail
