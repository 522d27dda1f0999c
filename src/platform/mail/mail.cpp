#include "platform/mail/mail.hpp"

#include <algorithm>

#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::mail {
namespace {

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

}  // namespace

bool LooksLikeEmailAddress(std::string_view address) {
  return IsValidEmailAddress(address);
}

Status ValidateMail(const Mail& mail) {
  if (!LooksLikeEmailAddress(mail.to_address)) {
    return Fail(ErrorKind::kInvalid, "Die E-Mail-Adresse ist ungültig. Bitte prüfen Sie die Schreibweise.",
                "to_address");
  }
  if (!IsValidUtf8(mail.to_name) || HasControlCharacter(mail.to_name)) {
    return Fail(ErrorKind::kInvalid, "Der Name enthält unzulässige Zeichen.", "to_name");
  }
  if (Utf8Length(mail.to_name) > kMaxNameChars) {
    return Fail(ErrorKind::kTooLarge, "Der Name ist zu lang (höchstens 200 Zeichen).", "to_name");
  }
  if (mail.subject.empty()) return Fail(ErrorKind::kInvalid, "Der Betreff fehlt.", "subject");
  if (!IsValidUtf8(mail.subject) || HasControlCharacter(mail.subject)) {
    return Fail(ErrorKind::kInvalid, "Der Betreff enthält unzulässige Zeichen wie Zeilenumbrüche.", "subject");
  }
  if (Utf8Length(mail.subject) > kMaxSubjectChars) {
    return Fail(ErrorKind::kTooLarge, "Der Betreff ist zu lang (höchstens 250 Zeichen).", "subject");
  }
  if (mail.body_text.empty()) return Fail(ErrorKind::kInvalid, "Der Text der E-Mail fehlt.", "body_text");
  if (mail.body_text.size() > kMaxBodyTextBytes) {
    return Fail(ErrorKind::kTooLarge, "Der Text der E-Mail ist zu lang (höchstens 512 KiB).", "body_text");
  }
  if (!IsValidUtf8(mail.body_text)) {
    return Fail(ErrorKind::kInvalid, "Der Text der E-Mail ist kein gültiges UTF-8.", "body_text");
  }
  if (mail.body_html) {
    if (mail.body_html->size() > kMaxBodyHtmlBytes) {
      return Fail(ErrorKind::kTooLarge, "Der HTML-Teil der E-Mail ist zu lang (höchstens 1 MiB).", "body_html");
    }
    if (!IsValidUtf8(*mail.body_html)) {
      return Fail(ErrorKind::kInvalid, "Der HTML-Teil der E-Mail ist kein gültiges UTF-8.", "body_html");
    }
  }
  if (mail.category.size() > kMaxCategoryBytes || !IsValidUtf8(mail.category) || HasControlCharacter(mail.category)) {
    return Fail(ErrorKind::kInvalid, "Die Kategorie der E-Mail ist ungültig.", "category");
  }
  return Ok{};
}

}  // namespace mw::mail
