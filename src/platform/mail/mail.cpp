#include "platform/mail/mail.hpp"

#include <algorithm>

#include "platform/core/text.hpp"

namespace mw::mail {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// atext of RFC 5322 section 3.2.3.
bool IsAtext(char c) {
  return IsAlnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool HasControlCharacter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

bool ValidDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  int labels = 0;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return IsAlnum(c) || c == '-'; })) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

}  // namespace

bool LooksLikeEmailAddress(std::string_view address) {
  if (address.size() > kMaxAddressBytes) return false;
  std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return false;
  std::string_view local = address.substr(0, at);
  std::string_view domain = address.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
  if (local.find("..") != std::string_view::npos) return false;
  if (!std::all_of(local.begin(), local.end(), [](char c) { return IsAtext(c) || c == '.'; })) return false;
  return ValidDomain(domain);
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
