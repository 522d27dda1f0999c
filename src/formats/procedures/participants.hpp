// Who took part in a procedure, as the authority tells them of its progress (the decision, the published result):
// one addressee per e-mail address that a statement not withdrawn gave — the account for an online statement (its
// name and language), the address a case worker entered for one on paper or by mail (German). Statements without an
// address are served on paper by the back office and are not in the list.
//
//   for (const accounts::User& addressee : procedures::ParticipantsToTell(tx, procedure)) {
//     auto mail = site::ComposeMail(services, "procedures_result", addressee, model, "procedure-result");
//     site::QueueMailOrLog(tx, mail, now);
//   }
#pragma once

#include <vector>

#include "formats/procedures/store.hpp"
#include "platform/accounts/accounts.hpp"
#include "platform/db/database.hpp"

namespace mw::procedures {

std::vector<accounts::User> ParticipantsToTell(db::Tx& tx, const Procedure& procedure);

}  // namespace mw::procedures
