#include "platform/identity/claims.hpp"

#include <boost/json/value.hpp>

#include "platform/core/text.hpp"

namespace mw::identity {
namespace {

constexpr std::size_t kMaxClaimChars = 500;

// The value at a dotted path ("address.postal_code"), or nullptr.
const boost::json::value* AtPath(const boost::json::object& claims, std::string_view path) {
  const boost::json::object* object = &claims;
  while (true) {
    const std::size_t dot = path.find('.');
    const boost::json::value* value = object->if_contains(path.substr(0, dot));
    if (value == nullptr || dot == std::string_view::npos) return value;
    if (!value->is_object()) return nullptr;
    object = &value->get_object();
    path.remove_prefix(dot + 1);
  }
}

std::string TextClaim(const IdToken& id_token, const boost::json::object& userinfo, std::string_view path) {
  if (path.empty()) return {};
  const boost::json::value* value = AtPath(id_token.claims, path);
  if (value == nullptr) value = AtPath(userinfo, path);
  if (value == nullptr || !value->is_string()) return {};
  const std::string_view text = value->get_string();
  if (!IsValidUtf8(text) || Utf8Length(text) > kMaxClaimChars) return {};
  return ScrubText(text, /*keep_line_breaks=*/true);
}

}  // namespace

Identity MapClaims(const ProviderConfig& provider, const IdToken& id_token, const boost::json::object& userinfo) {
  Identity identity{.provider = provider.key, .subject = id_token.subject, .trust_level = id_token.trust_level};
  identity.name = TextClaim(id_token, userinfo, provider.claims.name);
  identity.email = TextClaim(id_token, userinfo, provider.claims.email);
  identity.address = TextClaim(id_token, userinfo, provider.claims.address);
  identity.postcode = TextClaim(id_token, userinfo, provider.claims.postcode);
  // `email_verified` speaks for the e-mail beside it: the ID token's when the e-mail came from there.
  const bool email_from_token = !provider.claims.email.empty() && AtPath(id_token.claims, provider.claims.email);
  const boost::json::value* verified = AtPath(email_from_token ? id_token.claims : userinfo, "email_verified");
  identity.email_verified =
      !identity.email.empty() && verified != nullptr && verified->is_bool() && verified->get_bool();
  return identity;
}

}  // namespace mw::identity
