// Who logged in, as the portal needs it: the provider's claims (ID token, then userinfo) read through the provider's
// claim mapping. Pure. The seam for account linking: (provider key, subject) identifies the person; the rest fills
// or updates the account.
//
//   Identity person = MapClaims(provider, *id_token, userinfo);
//   person.email_verified  // only then may the e-mail count as confirmed
#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "platform/identity/config.hpp"
#include "platform/identity/id_token.hpp"

namespace mw::identity {

struct Identity {
  std::string provider;  // ProviderConfig::key
  std::string subject;   // the ID token's `sub`
  TrustLevel trust_level = TrustLevel::kBasic;
  std::string name;
  std::string email;
  bool email_verified = false;  // the provider said `email_verified: true`
  std::string address;
  std::string postcode;
};

// Userinfo claims complete the ID token's (a claim in both: the ID token's counts). Values that are not text, not
// valid UTF-8 or longer than 500 characters are left empty; the trust level comes from the ID token alone.
Identity MapClaims(const ProviderConfig& provider, const IdToken& id_token, const boost::json::object& userinfo);

}  // namespace mw::identity
