#include "platform/identity/json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace mw::identity {

std::optional<boost::json::object> ParseJsonObject(std::string_view text) {
  boost::system::error_code error;
  boost::json::parse_options options;
  options.max_depth = 16;
  boost::json::value root = boost::json::parse(text, error, {}, options);
  if (error || !root.is_object()) return std::nullopt;
  return std::move(root.get_object());
}

const boost::json::string* StringMember(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? &value->get_string() : nullptr;
}

}  // namespace mw::identity
