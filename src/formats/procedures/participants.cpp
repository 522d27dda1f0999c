#include "formats/procedures/participants.hpp"

#include <set>
#include <string>

#include "formats/procedures/statements_store.hpp"
#include "platform/core/text.hpp"

namespace mw::procedures {

std::vector<accounts::User> ParticipantsToTell(db::Tx& tx, const Procedure& procedure) {
  std::vector<accounts::User> addressees;
  std::set<std::string> seen;
  for (const Statement& statement : StatementsOf(tx, procedure.id)) {
    if (statement.withdrawn) continue;
    std::optional<accounts::User> account;
    if (statement.user_id) account = accounts::FindUserById(tx, *statement.user_id);
    accounts::User addressee = account ? *account
                                       : accounts::User{.email = statement.author_email,
                                                        .name = statement.author_name,
                                                        .locale = "de"};
    if (addressee.email.empty() || !seen.insert(AsciiLower(addressee.email)).second) continue;
    addressees.push_back(std::move(addressee));
  }
  return addressees;
}

}  // namespace mw::procedures
