#include "platform/core/validation.hpp"

#include <string>

#include "platform/core/text.hpp"

namespace mw {

void CheckTextField(std::vector<Error>& errors, std::string_view value, std::string_view field,
                    std::string_view missing_message, std::string_view subject, std::size_t max_chars, bool required) {
  std::string_view trimmed = Trim(value);
  if (!IsValidUtf8(value)) {
    errors.push_back({ErrorKind::kInvalid, std::string(subject) + " enthält ungültige Zeichen.", std::string(field)});
  } else if (required && trimmed.empty()) {
    errors.push_back({ErrorKind::kInvalid, std::string(missing_message), std::string(field)});
  } else if (Utf8Length(trimmed) > max_chars) {
    errors.push_back({ErrorKind::kInvalid,
                      std::string(subject) + " darf höchstens " + std::to_string(max_chars) + " Zeichen lang sein.",
                      std::string(field)});
  }
}

}  // namespace mw
