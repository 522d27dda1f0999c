// The identity module's one way to read a JSON object it was sent or given (internal to the module).
#pragma once

#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

namespace mw::identity {

// The object `text` holds, or nullopt when it is not JSON, not an object, or nested deeper than 16 levels.
std::optional<boost::json::object> ParseJsonObject(std::string_view text);

// The string member `name`, or nullptr when absent or not a string.
const boost::json::string* StringMember(const boost::json::object& object, std::string_view name);

}  // namespace mw::identity
