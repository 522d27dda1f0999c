// The platform's transactional mails (registration confirmation, password reset, inactivity notice), rendered from
// templates/mail/<name>_<locale>.mustache. The first line of such a template is "Subject: …", the rest the text
// body; use {{{…}}} there, since the body is plain text and must not be HTML-escaped.
#pragma once

#include <string>

#include "platform/accounts/accounts.hpp"
#include "platform/mail/mail.hpp"
#include "platform/site/site.hpp"

namespace mw::site {

// Renders mail template `name` for `user` in the user's language. `model` gets "name" (the account's name as
// mail::MailName gives it: short, plain, no web or mail address), "email" and "base_url". Subject and text are passed
// through ScrubText, so stored text with control characters cannot break the mail.
mail::Mail ComposeMail(const Services& services, std::string_view name, const accounts::User& user,
                       boost::json::object model, std::string category);

// Puts `mail` into the outbox within `tx` (the caller's transaction). Throws if the outbox refuses it.
void QueueMail(db::Tx& tx, const mail::Mail& mail, db::UnixSeconds now);

// For loops that mail many recipients (jobs, a petition's response to its signers): puts `mail` into the outbox, or
// logs why the outbox refuses it (an address stored before the e-mail check, say) and returns false, so that one
// unusable recipient costs only their own mail. The refusal happens before any SQL, so `tx` stays usable.
bool QueueMailOrLog(db::Tx& tx, const mail::Mail& mail, db::UnixSeconds now);

}  // namespace mw::site
