// An account's links to identity providers (#15, docs/identity.md): (provider key, subject) names a person at a
// provider and belongs to at most one account. A provider login with an unknown link creates an account without
// password (CreateProviderAccount); an existing account links a provider only from its own session (the pages make
// sure it was begun or re-confirmed by the password) — never because an e-mail address is equal.
//
//   auto user = accounts::FindLinkedUser(tx, "servicekonto", subject);
//   if (!user) user = accounts::CreateProviderAccount(tx, {...}, now);  // kConflict: the address has an account
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/accounts/accounts.hpp"
#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::accounts {

struct AccountLink {
  std::string provider;
  std::string subject;
  std::int64_t user_id = 0;
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> last_login_at;
  std::string trust_level;  // of the link's last login
};

// The account linked to (provider, subject), or nullopt.
std::optional<User> FindLinkedUser(db::Tx& tx, std::string_view provider, std::string_view subject);
// The account's links, oldest first.
std::vector<AccountLink> LinksOf(db::Tx& tx, std::int64_t user_id);

struct ProviderAccount {
  std::string provider;
  std::string subject;
  std::string trust_level;
  std::string email;
  bool email_verified = false;  // the provider said so: the address counts as confirmed
  std::string name;
  std::string locale = "de";
};
// Creates an account without password, linked to (provider, subject). kInvalid (field "email") when the address is
// missing or not one; kConflict (field "email") when another account has it — it is never linked by the address.
Result<User> CreateProviderAccount(db::Tx& tx, const ProviderAccount& account, db::UnixSeconds now);

// Links (provider, subject) to the account. kConflict when it is linked to another account; linking it again to the
// same account is no change (returns false). True when a link was made.
Result<bool> Link(db::Tx& tx, std::int64_t user_id, std::string_view provider, std::string_view subject,
                  std::string_view trust_level, db::UnixSeconds now);
// Records a login through the link (its time and trust level).
void RecordLinkLogin(db::Tx& tx, std::string_view provider, std::string_view subject, std::string_view trust_level,
                     db::UnixSeconds now);

enum class UnlinkOutcome { kUnlinked, kNotLinked, kLastWayIn };
// Removes the account's link to `provider`. Refused (kLastWayIn) when the account has no password and this is its
// only link: it could never log in again.
[[nodiscard]] UnlinkOutcome Unlink(db::Tx& tx, std::int64_t user_id, std::string_view provider);

}  // namespace mw::accounts
