// Small text utilities used across the platform: UTF-8 validation, HTML escaping, trimming, ASCII case folding.
#pragma once

#include <string>
#include <string_view>

namespace mw {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Escapes & < > " ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view s);

std::string_view Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
bool IEquals(std::string_view a, std::string_view b);

// Number of Unicode code points in valid UTF-8 (for length limits a person understands).
std::size_t Utf8Length(std::string_view s);

}  // namespace mw
