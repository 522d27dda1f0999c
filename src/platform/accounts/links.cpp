#include "platform/accounts/links.hpp"

#include "platform/core/text.hpp"

namespace mw::accounts {

std::optional<User> FindLinkedUser(db::Tx& tx, std::string_view provider, std::string_view subject) {
  auto row = tx.QueryOne("SELECT user_id FROM account_link WHERE provider = ? AND subject = ?",
                         {std::string(provider), std::string(subject)});
  if (!row) return std::nullopt;
  return FindUserById(tx, row->Int(0));
}

std::vector<AccountLink> LinksOf(db::Tx& tx, std::int64_t user_id) {
  std::vector<AccountLink> links;
  for (const auto& row : tx.Query("SELECT provider, subject, created_at, last_login_at, trust_level FROM account_link "
                                  "WHERE user_id = ? ORDER BY created_at, provider",
                                  {user_id})) {
    links.push_back(AccountLink{.provider = row.Text(0),
                                .subject = row.Text(1),
                                .user_id = user_id,
                                .created_at = row.Int(2),
                                .last_login_at = row.OptInt(3),
                                .trust_level = row.Text(4)});
  }
  return links;
}

Result<User> CreateProviderAccount(db::Tx& tx, const ProviderAccount& account, db::UnixSeconds now) {
  auto email = NormalizeEmail(account.email);
  if (!email) {
    return Fail(ErrorKind::kInvalid,
                "Der Anmeldedienst hat keine verwendbare E-Mail-Adresse übermittelt. Ein Konto braucht eine, damit "
                "Sie Eingangsbestätigungen und Nachrichten erhalten.",
                "email");
  }
  if (tx.QueryOne("SELECT 1 FROM app_user WHERE email = ?", {*email})) {
    return Fail(ErrorKind::kConflict,
                "Zu der E-Mail-Adresse, die der Anmeldedienst übermittelt hat, gibt es schon ein Konto. Melden Sie "
                "sich bitte mit E-Mail-Adresse und Passwort an und verknüpfen Sie den Anmeldedienst auf der Seite "
                "„Mein Konto“.",
                "email");
  }
  if (FindLinkedUser(tx, account.provider, account.subject)) {
    return Fail(ErrorKind::kConflict, "Diese Anmeldung ist schon mit einem Konto verknüpft.", "subject");
  }
  std::string name(Trim(account.name));
  if (name.empty()) name = *email;
  auto row = tx.QueryOne(
      "INSERT INTO app_user (email, name, password_hash, email_confirmed_at, created_at, locale) "
      "VALUES (?, ?, '', ?, ?, ?) RETURNING id",
      {*email, name, account.email_verified ? db::Param(now) : db::Param(nullptr), now, account.locale});
  std::int64_t user_id = row->Int(0);
  tx.Exec(
      "INSERT INTO account_link (provider, subject, user_id, created_at, last_login_at, trust_level) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {account.provider, account.subject, user_id, now, now, account.trust_level});
  return *FindUserById(tx, user_id);
}

Result<bool> Link(db::Tx& tx, std::int64_t user_id, std::string_view provider, std::string_view subject,
                  std::string_view trust_level, db::UnixSeconds now) {
  auto row = tx.QueryOne("SELECT user_id FROM account_link WHERE provider = ? AND subject = ?",
                         {std::string(provider), std::string(subject)});
  if (row) {
    if (row->Int(0) == user_id) return false;
    return Fail(ErrorKind::kConflict,
                "Diese Anmeldung beim Anmeldedienst ist schon mit einem anderen Konto verknüpft. Lösen Sie sie dort, "
                "bevor Sie sie hier verknüpfen.",
                "subject");
  }
  tx.Exec("INSERT INTO account_link (provider, subject, user_id, created_at, trust_level) VALUES (?, ?, ?, ?, ?)",
          {std::string(provider), std::string(subject), user_id, now, std::string(trust_level)});
  return true;
}

void RecordLinkLogin(db::Tx& tx, std::string_view provider, std::string_view subject, std::string_view trust_level,
                     db::UnixSeconds now) {
  tx.Exec("UPDATE account_link SET last_login_at = ?, trust_level = ? WHERE provider = ? AND subject = ?",
          {now, std::string(trust_level), std::string(provider), std::string(subject)});
}

UnlinkOutcome Unlink(db::Tx& tx, std::int64_t user_id, std::string_view provider) {
  auto links = LinksOf(tx, user_id);
  int of_provider = 0;
  for (const auto& link : links) of_provider += link.provider == provider ? 1 : 0;
  if (of_provider == 0) return UnlinkOutcome::kNotLinked;
  if (!HasPassword(tx, user_id) && of_provider == static_cast<int>(links.size())) return UnlinkOutcome::kLastWayIn;
  tx.Exec("DELETE FROM account_link WHERE user_id = ? AND provider = ?", {user_id, std::string(provider)});
  return UnlinkOutcome::kUnlinked;
}

}  // namespace mw::accounts
