// What a mail is, before and after it enters the outbox. One way to send a mail in mitwirken: build a Mail and
// call mw::mail::Enqueue (outbox.hpp) inside the transaction of the change that causes it; the outbox worker formats
// it (message.hpp) and hands it to the configured Sender (sender.hpp).
//
//   mw::mail::Mail mail{.to_address = user.email, .to_name = user.name,
//                       .subject = "Bestätigung Ihrer Registrierung", .body_text = text,
//                       .category = "registration", .tenant_id = tenant.id};
//   auto id = mw::mail::Enqueue(tx, mail, now);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::mail {

// Limits checked by ValidateMail (bytes unless stated).
inline constexpr std::size_t kMaxAddressBytes = 254;
inline constexpr std::size_t kMaxNameChars = 200;     // code points
inline constexpr std::size_t kMaxSubjectChars = 250;  // code points
inline constexpr std::size_t kMaxBodyTextBytes = 512 * 1024;
inline constexpr std::size_t kMaxBodyHtmlBytes = 1024 * 1024;
inline constexpr std::size_t kMaxCategoryBytes = 64;

// A mailbox: an address and an optional display name (UTF-8).
struct Address {
  std::string address;
  std::string name;
};

// A mail to one recipient. All text is UTF-8; line breaks in the bodies may be LF or CRLF.
struct Mail {
  std::string to_address;
  std::string to_name;  // may be empty
  std::string subject;
  std::string body_text;
  std::optional<std::string> body_html;  // if set, the mail is multipart/alternative
  std::string category;                  // for the admin page and statistics, e.g. "registration"
  std::optional<std::int64_t> tenant_id;
};

// A mail taken from the outbox for sending.
struct OutgoingMail {
  std::int64_t id = 0;
  Mail mail;
  db::UnixSeconds date = 0;  // the Date header
  std::string message_id;    // the Message-ID without angle brackets; stable across retries
};

// True if `address` is a plain addr-spec local@domain.tld that we can send to: a dot-atom local part of at most 64
// characters and a domain of letters, digits and hyphens with at least two labels. No comments, quoted local parts,
// address literals or non-ASCII (SMTPUTF8) addresses.
bool LooksLikeEmailAddress(std::string_view address);

// Checks a mail before it enters the outbox: the address looks like an e-mail address, subject and name hold no
// control characters (no header injection), all text is valid UTF-8, the sizes are within the limits above, subject
// and text body are not empty. Errors are kInvalid (kTooLarge for sizes) with a German message and the field name.
Status ValidateMail(const Mail& mail);

}  // namespace mw::mail
