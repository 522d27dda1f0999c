// Senders hand a formatted mail to the outside world: an SMTP server, a directory of .eml files (development,
// tests) or the log. The outbox worker (outbox.hpp) is their only caller; the rest of the system enqueues.
//
//   auto sender = mw::mail::MakeSender("smtp://mail.example:587?starttls", "noreply@beteiligung.example",
//                                      "Beteiligung Musterstadt");
//   if (!sender) return Fail(sender.error());
//   mw::Status sent = (*sender)->Send(outgoing);
//
// Sender specs understood by MakeSender:
//   log                                          write the mail to the log (development only: bodies hold links)
//   dir:PATH                                     one .eml file per mail in PATH (created if missing)
//   smtp://[USER[:PASSWORD]@]HOST[:PORT][/EHLO]  plain SMTP (e.g. a relay on localhost), port 25 by default
//   smtp://...?starttls                          STARTTLS required: the mail is not sent if the server lacks it
//   smtp://...?starttls=try                      STARTTLS if the server offers it, plain otherwise
//   smtps://[USER[:PASSWORD]@]HOST[:PORT][/EHLO] implicit TLS (port 465 by default)
// USER and PASSWORD are percent-decoded (write '@' as %40). EHLO defaults to the domain of the sender address.
// TLS certificates are verified against the system's trust store.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "platform/core/result.hpp"
#include "platform/mail/mail.hpp"

namespace mw::mail {

class Sender {
 public:
  virtual ~Sender() = default;
  // Delivers `mail` (formatted with FormatMessage) or says why not. Errors are kUnavailable (the outbox retries
  // later) with a German message that includes the technical reason for the admin page. Thread-compatible: one
  // Send at a time per Sender unless the implementation says otherwise.
  virtual Status Send(const OutgoingMail& mail) = 0;
};

enum class SmtpTls {
  kNone,              // smtp:// plain
  kStartTlsOptional,  // smtp://...?starttls=try
  kStartTlsRequired,  // smtp://...?starttls
  kImplicit,          // smtps://
};

struct SmtpConfig {
  std::string url;  // "smtp://host:port/ehlo-name" or "smtps://...", without credentials and options
  std::string username;
  std::string password;
  SmtpTls tls = SmtpTls::kNone;
  Address from;  // MAIL FROM and the From header
  long connect_timeout_seconds = 10;
  long timeout_seconds = 60;  // the whole transaction
};

// Parses an smtp:// or smtps:// spec (see the top of this file). Errors are kInvalid with a German message that does
// not repeat the spec (it may hold a password).
Result<SmtpConfig> ParseSmtpSpec(std::string_view spec, const Address& from);

// Sends over SMTP with libcurl, one connection per mail. Safe to use from several threads (each Send has its own
// connection).
class SmtpSender : public Sender {
 public:
  explicit SmtpSender(SmtpConfig config);
  Status Send(const OutgoingMail& mail) override;

 private:
  SmtpConfig config_;
};

// Writes each mail as a complete RFC 5322 message to DIR/<id>-<created_at>.eml, atomically (temporary file, fsync,
// rename), so that a reader of the directory never sees half a file. Sending the same mail again replaces its file.
class DirSender : public Sender {
 public:
  // `dir` must exist (MakeSender creates it).
  DirSender(std::filesystem::path dir, Address from);
  Status Send(const OutgoingMail& mail) override;

 private:
  std::filesystem::path dir_;
  Address from_;
};

// Writes recipient, subject and text body to the log at info level. For development only.
class LogSender : public Sender {
 public:
  explicit LogSender(Address from);
  Status Send(const OutgoingMail& mail) override;

 private:
  Address from_;
};

// Builds the sender for `spec` (see the top of this file) with the given sender address and display name.
Result<std::unique_ptr<Sender>> MakeSender(std::string spec, std::string from_address, std::string from_name);

}  // namespace mw::mail
