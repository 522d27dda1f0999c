// Checks of form fields that every format needs, with German messages a person can act on. Each check appends what
// is wrong to a list so that a form shows all problems at once.
//
//   std::vector<Error> errors;
//   CheckTextField(errors, input.title, "title", "Bitte geben Sie einen Titel an.", "Der Titel", 200, true);
//   if (!errors.empty()) return errors;
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"

namespace mw {

// Checks one text field and appends at most one kInvalid error for `field`: "<subject> enthält ungültige Zeichen."
// if `value` is not valid UTF-8; `missing_message` if `required` and `value` is blank; "<subject> darf höchstens
// <max_chars> Zeichen lang sein." if `value` without surrounding whitespace has more than `max_chars` code points.
// `subject` starts the sentences ("Der Titel").
void CheckTextField(std::vector<Error>& errors, std::string_view value, std::string_view field,
                    std::string_view missing_message, std::string_view subject, std::size_t max_chars, bool required);

}  // namespace mw
