// Checks of form fields that every format needs, with German messages a person can act on. Each check appends what
// is wrong to a list so that a form shows all problems at once. Every text a person or a client sends goes through
// CheckTextField (or CheckText), every e-mail address through CheckEmailField (or IsValidEmailAddress): these are the
// one place that decides which characters mitwirken stores (see docs/security.md, "Text input and output encoding").
//
//   std::vector<Error> errors;
//   CheckTextField(errors, input.title, "title", "Bitte geben Sie einen Titel an.", "Der Titel", 200, true);
//   CheckTextField(errors, input.text, "text", "Bitte schreiben Sie etwas.", "Der Text", 20000, true,
//                  TextLines::kMulti);
//   CheckEmailField(errors, input.email, "email", true);
//   if (!errors.empty()) return errors;
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"

namespace mw {

// Whether a field may span lines (a textarea) or not (a name, a title, an e-mail address).
enum class TextLines { kSingle, kMulti };

// Checks that `value` is text a person can have typed: well-formed UTF-8 (no overlong forms, no surrogates, so also
// no CESU-8), no C0 control character (U+0000–U+001F) except — in multi-line fields only — line feed, tab and the
// carriage return of a CRLF (browsers send textarea line breaks as CRLF), no DEL (U+007F), no C1 control character
// (U+0080–U+009F, e.g. NEL U+0085 and CSI U+009B), no noncharacter U+FFFE/U+FFFF and no explicit bidi control
// (IsBidiControl: U+202A–U+202E, U+2066–U+2069) — except, in multi-line fields, pairs that open and close within
// one line. Whitespace around the value is
// not looked at by the caller's length check but is checked here like everything else. The error is kInvalid for
// `field` with a German sentence that starts with `subject` ("Der Titel enthält ein Steuerzeichen (U+0007), …").
Status CheckText(std::string_view value, std::string_view field, std::string_view subject,
                 TextLines lines = TextLines::kSingle);

// Checks one text field and appends at most one kInvalid error for `field`: CheckText's error if the characters are
// not acceptable; `missing_message` if `required` and `value` is blank; "<subject> darf höchstens <max_chars> Zeichen
// lang sein." if `value` without surrounding whitespace has more than `max_chars` code points. `subject` starts the
// sentences ("Der Titel"). Single-line unless `lines` says otherwise.
void CheckTextField(std::vector<Error>& errors, std::string_view value, std::string_view field,
                    std::string_view missing_message, std::string_view subject, std::size_t max_chars, bool required,
                    TextLines lines = TextLines::kSingle);

// True if `address` is a plain addr-spec local@domain that mitwirken can send to, within the limits of RFC 5321
// section 4.5.3.1: at most 254 octets in all, a dot-atom local part of at most 64 octets (RFC 5322 atext, no leading,
// trailing or consecutive dots), a domain of at least two labels of letters, digits and hyphens (each 1–63 octets, no
// hyphen at either end). No comments, quoted local parts, address literals or non-ASCII (SMTPUTF8) addresses.
bool IsValidEmailAddress(std::string_view address);

// Appends at most one kInvalid error for `field` if `value` (without surrounding whitespace) is not a valid e-mail
// address, or — if `required` — is empty. The message names what is wrong (too long, dots, domain, characters).
void CheckEmailField(std::vector<Error>& errors, std::string_view value, std::string_view field, bool required);

// The same as a Status.
Status CheckEmailAddress(std::string_view value, std::string_view field);

}  // namespace mw
