// The platform's transactional mails (registration confirmation, password reset, inactivity notice), rendered from
// templates/mail/<name>_<locale>.mustache. The first line of such a template is "Subject: …", the rest the text
// body; use {{{…}}} there, since the body is plain text and must not be HTML-escaped.
#pragma once

#include <string>

#include "platform/accounts/accounts.hpp"
#include "platform/mail/mail.hpp"
#include "platform/site/site.hpp"

namespace mw::site {

// Renders mail template `name` for `user` in the user's language. `model` gets "name", "email" and "base_url".
mail::Mail ComposeMail(const Services& services, std::string_view name, const accounts::User& user,
                       boost::json::object model, std::string category);

// Puts `mail` into the outbox within `tx` (the caller's transaction).
void QueueMail(db::Tx& tx, const mail::Mail& mail, db::UnixSeconds now);

}  // namespace mw::site
