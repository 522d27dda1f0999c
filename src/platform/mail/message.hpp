// Turning an OutgoingMail into the bytes of an RFC 5322 / MIME message. Pure functions, no I/O.
//
//   std::string eml = mw::mail::FormatMessage(outgoing, {"noreply@beteiligung.example", "Beteiligung Musterstadt"});
//
// The result uses CRLF line endings throughout, keeps every line at most 76 characters (except an ASCII word longer
// than that in a header, which cannot be folded), encodes non-ASCII header text as RFC 2047 encoded-words
// (=?UTF-8?Q?...?=) and bodies as quoted-printable UTF-8. Header values are sanitised again here (control characters
// become spaces), so that no input can add a header line even if it bypassed ValidateMail.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "platform/db/database.hpp"
#include "platform/mail/mail.hpp"

namespace mw::mail {

// The complete message: headers Date, From, To, Subject, Message-ID, MIME-Version, Auto-Submitted, and a
// text/plain body, or multipart/alternative (text/plain, text/html) when body_html is set.
std::string FormatMessage(const OutgoingMail& mail, const Address& from);

// "Name: value" as one header field, folded, with encoded-words where the value has non-ASCII characters or "=?".
// Without the final CRLF.
std::string FormatUnstructuredHeader(std::string_view name, std::string_view value);

// "Name: display name <address>" (or "Name: address" for an empty display name), the display name as atoms, a
// quoted-string or encoded-words as needed. Without the final CRLF.
std::string FormatAddressHeader(std::string_view name, const Address& address);

// Quoted-printable (RFC 2045) of `text` with CRLF line endings (LF, CR and CRLF in the input are all line breaks),
// lines at most 76 characters, ending with CRLF. A '.' at the start of a line is encoded as =2E.
std::string EncodeQuotedPrintable(std::string_view text);

// RFC 5322 date-time in UTC, e.g. "Tue, 26 Nov 2024 16:15:00 +0000".
std::string FormatDate(db::UnixSeconds time);

// A Message-ID (without angle brackets) for outbox mail `id` created at `created_at`, in the domain of
// `from_address`: the same for every retry of that mail.
std::string MakeMessageId(std::int64_t id, db::UnixSeconds created_at, std::string_view from_address);

}  // namespace mw::mail
