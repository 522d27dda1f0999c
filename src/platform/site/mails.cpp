#include "platform/site/mails.hpp"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "platform/core/text.hpp"
#include "platform/mail/names.hpp"
#include "platform/mail/outbox.hpp"

namespace mw::site {

mail::Mail ComposeMail(const Services& services, std::string_view name, const accounts::User& user,
                       boost::json::object model, std::string category) {
  std::string locale = user.locale == "en" ? "en" : "de";
  // Anyone can register any address with a name of their choosing: the name appears only as MailName gives it.
  model["name"] = mail::MailName(user.name);
  model["email"] = user.email;
  model["base_url"] = services.config.base_url;
  std::string rendered = services.mail_renderer.Fragment(std::string(name) + "_" + locale, model, locale);
  auto line_end = rendered.find('\n');
  if (rendered.rfind("Subject: ", 0) != 0 || line_end == std::string::npos) {
    throw std::logic_error("mail template " + std::string(name) + " does not start with a Subject line");
  }
  // Names and titles in a mail come from the database, which may hold control characters stored before every field
  // was checked (CheckText): they cost the recipient a U+FFFD (a space for a line break in name or subject, so no
  // header can be injected), not the mail.
  mail::Mail mail;
  mail.to_address = user.email;
  mail.to_name = mail::MailName(user.name);
  // A subject carries titles (of procedures, petitions) that may be longer than a subject may be: cut, not refused.
  mail.subject = CutText(ScrubText(rendered.substr(9, line_end - 9), /*keep_line_breaks=*/false), mail::kMaxSubjectChars,
                         kCutMark);
  mail.body_text = ScrubText(rendered.substr(line_end + 1), /*keep_line_breaks=*/true);
  while (!mail.body_text.empty() && mail.body_text.front() == '\n') mail.body_text.erase(0, 1);
  mail.category = std::move(category);
  return mail;
}

void QueueMail(db::Tx& tx, const mail::Mail& mail, db::UnixSeconds now) {
  auto queued = mail::Enqueue(tx, mail, now);
  if (!queued) throw std::runtime_error("mail could not be queued: " + queued.error().message);
}

bool QueueMailOrLog(db::Tx& tx, const mail::Mail& mail, db::UnixSeconds now) {
  auto queued = mail::Enqueue(tx, mail, now);
  if (queued) return true;
  spdlog::warn("mail ({}) to {} not queued: {} [{}]", mail.category, ScrubText(mail.to_address, false),
               queued.error().message, queued.error().field);
  return false;
}

}  // namespace mw::site
