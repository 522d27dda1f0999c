// How a free-text name that somebody typed appears in an official mail. Pure functions, no I/O.
//
//   mail.to_name = mw::mail::MailName(user.name);   // "Kim Muster", never "Konto gesperrt: https://…"
//
// Anyone can have the portal mail any address with a name of their choosing (registration, signatures): the name is
// the one piece of the mail an attacker writes. It is quoted only as MailName gives it, and mails never open with it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mw::mail {

inline constexpr std::size_t kMaxMailNameChars = 60;

// `name` as official mails may quote it: plain text without line breaks, control, zero-width or bidi characters
// (IsInvisible), without anything that looks like a web or mail address (words with "://", "www.", "@" or a dotted
// host name such as "example.org"), whitespace collapsed, at most kMaxMailNameChars code points (cut at a code point,
// with "…"). Empty for invalid UTF-8; may be empty.
std::string MailName(std::string_view name);

// An address as a list of many mails may show it: the first character of the local part, "…", "@" and the domain
// ("a…@buerger.example"); enough to find a mail a person asks about, too little to read who was mailed what.
std::string MaskedAddress(std::string_view address);

}  // namespace mw::mail
