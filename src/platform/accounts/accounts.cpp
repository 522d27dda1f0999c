#include "platform/accounts/accounts.hpp"
#include "platform/accounts/second_factor.hpp"

#include <algorithm>
#include <array>

#include <boost/json.hpp>

#include "platform/core/crypto.hpp"
#include "platform/core/text.hpp"
#include "platform/core/validation.hpp"

namespace mw::accounts {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::kAdmin, "admin"},
    {Role::kEditor, "editor"},
    {Role::kCaseWorker, "case-worker"},
    {Role::kModerator, "moderator"},
}};

constexpr std::string_view kUserColumns =
    "SELECT u.id, u.email, u.name, u.organisation_id, u.is_org_admin, u.is_platform_admin, u.email_confirmed_at, "
    "u.created_at, u.last_login_at, u.locale FROM app_user u ";

User UserFromRow(const db::Row& row, std::size_t offset = 0) {
  User user;
  user.id = row.Int(offset + 0);
  user.email = row.Text(offset + 1);
  user.name = row.Text(offset + 2);
  user.organisation_id = row.OptInt(offset + 3);
  user.is_org_admin = row.Int(offset + 4) != 0;
  user.is_platform_admin = row.Int(offset + 5) != 0;
  user.email_confirmed_at = row.OptInt(offset + 6);
  user.created_at = row.Int(offset + 7);
  user.last_login_at = row.OptInt(offset + 8);
  user.locale = row.Text(offset + 9);
  return user;
}

std::vector<User> QueryUsers(db::Tx& tx, std::string_view where, const db::Params& params) {
  std::vector<User> users;
  for (const auto& row : tx.Query(std::string(kUserColumns) + std::string(where), params)) {
    users.push_back(UserFromRow(row));
  }
  return users;
}

std::string IssueToken(db::Tx& tx, std::int64_t user_id, std::string_view purpose, std::string_view label,
                       std::optional<db::UnixSeconds> expires_at, db::UnixSeconds now) {
  std::string token = RandomToken();
  tx.Exec("INSERT INTO user_token (token_hash, user_id, purpose, label, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {Sha256Hex(token), user_id, purpose, label, now, expires_at});
  return token;
}

// The user of a live, unused token of `purpose`.
std::optional<std::int64_t> TokenUser(db::Tx& tx, std::string_view token, std::string_view purpose,
                                      db::UnixSeconds now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto row = tx.QueryOne(
      "SELECT user_id FROM user_token WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
      "AND (expires_at IS NULL OR expires_at > ?)",
      {Sha256Hex(token), purpose, now});
  if (!row) return std::nullopt;
  return row->Int(0);
}

void ConsumeToken(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  tx.Exec("UPDATE user_token SET used_at = ? WHERE token_hash = ?", {now, Sha256Hex(token)});
}

bool EmailTaken(db::Tx& tx, std::string_view email) {
  return tx.QueryOne("SELECT 1 FROM app_user WHERE email = ?", {email}).has_value();
}

Status ValidateName(std::string_view name, std::string_view field, std::string_view what) {
  if (auto text = CheckText(Trim(name), field, what); !text) return text;
  std::string trimmed(Trim(name));
  if (Utf8Length(trimmed) < 2 || Utf8Length(trimmed) > 200) {
    return Fail(ErrorKind::kInvalid, std::string(what) + " muss 2 bis 200 Zeichen lang sein.", std::string(field));
  }
  return Ok{};
}

}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [role, role_name] : kRoles) {
    if (role_name == name) return role;
  }
  return std::nullopt;
}

std::string_view RoleName(Role role) {
  for (const auto& [candidate, role_name] : kRoles) {
    if (candidate == role) return role_name;
  }
  return "";
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles{Role::kAdmin, Role::kEditor, Role::kCaseWorker, Role::kModerator};
  return roles;
}

Result<std::string> NormalizeEmail(std::string_view email) {
  // The platform's one e-mail check (RFC 5321 limits, dot-atom): an address accepted here is one the outbox can send
  // to, so a registration never fails later when its confirmation mail is queued.
  if (Trim(email).empty()) return Fail(ErrorKind::kInvalid, "Bitte geben Sie eine gültige E-Mail-Adresse an.", "email");
  if (auto valid = CheckEmailAddress(email, "email"); !valid) return std::unexpected(valid.error());
  return AsciiLower(Trim(email));
}

Status ValidatePassword(std::string_view password, std::string_view confirm) {
  if (!IsValidUtf8(password) || Utf8Length(password) < kMinPasswordLength) {
    return Fail(ErrorKind::kInvalid, "Das Passwort muss mindestens 12 Zeichen lang sein.", "password");
  }
  if (password.size() > 1024) return Fail(ErrorKind::kInvalid, "Das Passwort ist zu lang.", "password");
  if (password != confirm) {
    return Fail(ErrorKind::kInvalid, "Die beiden Passwörter stimmen nicht überein.", "password_confirm");
  }
  return Ok{};
}

std::vector<Error> ValidateRegistration(const Registration& registration) {
  std::vector<Error> errors;
  if (auto name = ValidateName(registration.name, "name", "Der Name"); !name) errors.push_back(name.error());
  if (auto email = NormalizeEmail(registration.email); !email) errors.push_back(email.error());
  if (auto password = ValidatePassword(registration.password, registration.password_confirm); !password) {
    errors.push_back(password.error());
  }
  if (registration.as_organisation) {
    if (auto org = ValidateName(registration.organisation_name, "organisation_name", "Der Name der Organisation");
        !org) {
      errors.push_back(org.error());
    }
  }
  if (!registration.consent) {
    errors.push_back(Error{ErrorKind::kInvalid, "Bitte bestätigen Sie, dass Sie die Datenschutzerklärung gelesen haben.",
                           "consent"});
  }
  return errors;
}

Result<NewAccount> Register(db::Tx& tx, const Registration& registration, const std::string& password_hash,
                            db::UnixSeconds now) {
  auto errors = ValidateRegistration(registration);
  if (!errors.empty()) return std::unexpected(errors.front());
  std::string email = *NormalizeEmail(registration.email);
  std::optional<std::int64_t> organisation_id;
  if (FindUserByEmail(tx, email)) {
    return Fail(ErrorKind::kConflict,
                "Mit dieser E-Mail-Adresse besteht bereits ein Konto. Sie können sich anmelden oder ein neues "
                "Passwort anfordern.",
                "email");
  }
  if (registration.as_organisation) {
    organisation_id = tx.QueryOne("INSERT INTO organisation (name, created_at) VALUES (?, ?) RETURNING id",
                                  {std::string(Trim(registration.organisation_name)), now})
                          ->Int(0);
  }
  auto row = tx.QueryOne(
      "INSERT INTO app_user (email, name, password_hash, organisation_id, is_org_admin, created_at, locale) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id",
      {email, std::string(Trim(registration.name)), password_hash, organisation_id, organisation_id.has_value(), now,
       registration.locale == "en" ? "en" : "de"});
  if (!row) return Fail(ErrorKind::kConflict, "Mit dieser E-Mail-Adresse besteht bereits ein Konto.", "email");
  NewAccount account;
  account.user = *FindUserById(tx, row->Int(0));
  account.confirm_token = IssueToken(tx, account.user.id, "confirm", "", now + kConfirmTokenLifetime, now);
  return account;
}

Result<User> CreateConfirmedUser(db::Tx& tx, std::string_view email_in, std::string_view name,
                                 const std::string& password_hash, db::UnixSeconds now) {
  auto email = NormalizeEmail(email_in);
  if (!email) return std::unexpected(email.error());
  if (auto valid = ValidateName(name, "name", "Der Name"); !valid) return std::unexpected(valid.error());
  auto row = tx.QueryOne(
      "INSERT INTO app_user (email, name, password_hash, email_confirmed_at, created_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (email) DO NOTHING RETURNING id",
      {*email, std::string(Trim(name)), password_hash, now, now});
  if (!row) return Fail(ErrorKind::kConflict, "Mit dieser E-Mail-Adresse besteht bereits ein Konto.", "email");
  return *FindUserById(tx, row->Int(0));
}

Result<User> ConfirmEmail(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  auto user_id = TokenUser(tx, token, "confirm", now);
  if (!user_id) {
    return Fail(ErrorKind::kInvalid,
                "Der Bestätigungslink ist ungültig oder abgelaufen. Bitte fordern Sie bei der Anmeldung einen neuen "
                "an.");
  }
  ConsumeToken(tx, token, now);
  tx.Exec("UPDATE app_user SET email_confirmed_at = ? WHERE id = ? AND email_confirmed_at IS NULL", {now, *user_id});
  return *FindUserById(tx, *user_id);
}

std::optional<NewAccount> RenewConfirmation(db::Tx& tx, std::string_view email, db::UnixSeconds now) {
  auto user = FindUserByEmail(tx, email);
  if (!user || user->confirmed()) return std::nullopt;
  tx.Exec("UPDATE user_token SET used_at = ? WHERE user_id = ? AND purpose = 'confirm' AND used_at IS NULL",
          {now, user->id});
  return NewAccount{*user, IssueToken(tx, user->id, "confirm", "", now + kConfirmTokenLifetime, now)};
}

Result<EmailChange> StartEmailChange(db::Tx& tx, const User& user, std::string_view new_email, db::UnixSeconds now) {
  auto normalized = NormalizeEmail(new_email);
  if (!normalized) return Fail(ErrorKind::kInvalid, normalized.error().message, "new_email");
  if (*normalized == user.email) {
    return Fail(ErrorKind::kInvalid, "Das ist schon die E-Mail-Adresse Ihres Kontos.", "new_email");
  }
  if (EmailTaken(tx, *normalized)) {
    return Fail(ErrorKind::kConflict, "Zu dieser E-Mail-Adresse gibt es schon ein Konto.", "new_email");
  }
  tx.Exec("UPDATE user_token SET used_at = ? WHERE user_id = ? AND purpose = 'email' AND used_at IS NULL",
          {now, user.id});
  std::string token = RandomToken();
  tx.Exec("INSERT INTO user_token (token_hash, user_id, purpose, email, created_at, expires_at) "
          "VALUES (?, ?, 'email', ?, ?, ?)",
          {Sha256Hex(token), user.id, *normalized, now, now + kEmailChangeLifetime});
  return EmailChange{user, *normalized, std::move(token)};
}

Result<EmailChange> ConfirmEmailChange(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  auto invalid = [] {
    return Fail(ErrorKind::kInvalid,
                "Der Link zum Ändern der E-Mail-Adresse ist ungültig, schon benutzt oder abgelaufen. Sie können die "
                "Änderung in Ihrem Konto neu anfordern.");
  };
  if (token.empty() || token.size() > 128) return invalid();
  auto row = tx.QueryOne("SELECT user_id, email FROM user_token WHERE token_hash = ? AND purpose = 'email' "
                         "AND used_at IS NULL AND expires_at > ?",
                         {Sha256Hex(token), now});
  if (!row) return invalid();
  auto user = FindUserById(tx, row->Int(0));
  if (!user) return invalid();
  std::string new_email = row->Text(1);
  if (EmailTaken(tx, new_email)) {
    return Fail(ErrorKind::kConflict,
                "Zu dieser E-Mail-Adresse gibt es inzwischen ein anderes Konto. Ihre Adresse bleibt unverändert.");
  }
  ConsumeToken(tx, token, now);
  tx.Exec("UPDATE app_user SET email = ? WHERE id = ?", {new_email, user->id});
  return EmailChange{*user, std::move(new_email), ""};
}

std::optional<User> FindUserById(db::Tx& tx, std::int64_t id) {
  auto users = QueryUsers(tx, "WHERE u.id = ?", {id});
  if (users.empty()) return std::nullopt;
  return users.front();
}

std::optional<User> FindUserByEmail(db::Tx& tx, std::string_view email) {
  auto normalized = NormalizeEmail(email);
  if (!normalized) return std::nullopt;
  auto users = QueryUsers(tx, "WHERE u.email = ?", {*normalized});
  if (users.empty()) return std::nullopt;
  return users.front();
}

std::optional<Credentials> FindCredentials(db::Tx& tx, std::string_view email) {
  auto normalized = NormalizeEmail(email);
  if (!normalized) return std::nullopt;
  auto row = tx.QueryOne(std::string(kUserColumns).replace(0, 7, "SELECT u.password_hash, ") + "WHERE u.email = ?",
                         {*normalized});
  if (!row) return std::nullopt;
  return Credentials{UserFromRow(*row, 1), row->Text(0)};
}

bool HasPassword(db::Tx& tx, std::int64_t user_id) {
  auto row = tx.QueryOne("SELECT password_hash FROM app_user WHERE id = ?", {user_id});
  return row && !row->Text(0).empty();
}

void RecordLogin(db::Tx& tx, std::int64_t user_id, db::UnixSeconds now) {
  tx.Exec("UPDATE app_user SET last_login_at = ?, inactive_since = NULL WHERE id = ?", {now, user_id});
}

void SetPlatformAdmin(db::Tx& tx, std::int64_t user_id, bool is_admin) {
  tx.Exec("UPDATE app_user SET is_platform_admin = ? WHERE id = ?", {is_admin, user_id});
}

Session CreateSession(db::Tx& tx, const User& user, db::UnixSeconds now, SessionOrigin origin) {
  Session session;
  session.token = RandomToken();
  session.token_hash = Sha256Hex(session.token);
  session.csrf_token = RandomToken();
  session.user = user;
  session.created_at = now;
  session.last_seen_at = now;
  session.origin = std::move(origin);
  tx.Exec(
      "INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, provider, "
      "trust_level, provider_subject, provider_sid, id_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {session.token_hash, user.id, session.csrf_token, now, now, now + kSessionAbsoluteLifetime,
       session.origin.provider, session.origin.trust_level, session.origin.subject, session.origin.sid,
       session.origin.id_token});
  return session;
}

std::optional<Session> FindSession(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  std::string token_hash = Sha256Hex(token);
  auto row = tx.QueryOne(std::string(kUserColumns)
                                 .replace(0, 7,
                                          "SELECT s.csrf_token, s.created_at, s.last_seen_at, "
                                          "s.provider, s.trust_level, s.provider_subject, "
                                          "s.provider_sid, s.id_token, "
                                          "(SELECT COUNT(*) FROM account_totp a "
                                          "WHERE a.user_id = u.id AND a.enabled_at IS NOT NULL), ") +
                             "JOIN user_session s ON s.user_id = u.id "
                             "WHERE s.token_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?",
                         {token_hash, now, now - kSessionIdleLifetime});
  if (!row) return std::nullopt;
  Session session;
  session.token_hash = token_hash;
  session.csrf_token = row->Text(0);
  session.created_at = row->Int(1);
  session.last_seen_at = row->Int(2);
  session.origin = SessionOrigin{.provider = row->Text(3),
                                 .trust_level = row->Text(4),
                                 .subject = row->Text(5),
                                 .sid = row->Text(6),
                                 .id_token = row->Text(7)};
  session.user = UserFromRow(*row, 9);
  // A platform administrator acts as one only with two factors (#15 item 4): an authenticator (whose code the login
  // asked for), or a provider login at "substantial" or "high". Without, the session is an ordinary one, so that
  // every check of is_platform_admin — pages, formats, body gates — refuses alike.
  bool two_factors =
      row->Int(8) > 0 || session.origin.trust_level == "substantial" || session.origin.trust_level == "high";
  if (session.user.is_platform_admin && !two_factors) {
    session.user.is_platform_admin = false;
  }
  return session;
}

void TouchSession(db::Tx& tx, const std::string& token_hash, db::UnixSeconds now) {
  tx.Exec("UPDATE user_session SET last_seen_at = ? WHERE token_hash = ?", {now, token_hash});
}

void DeleteSession(db::Tx& tx, std::string_view token) {
  tx.Exec("DELETE FROM user_session WHERE token_hash = ?", {Sha256Hex(token)});
}

void DeleteUserSessions(db::Tx& tx, std::int64_t user_id) {
  tx.Exec("DELETE FROM user_session WHERE user_id = ?", {user_id});
}

int DeleteProviderSessions(db::Tx& tx, std::string_view provider, std::string_view subject, std::string_view sid) {
  if (provider.empty() || (subject.empty() && sid.empty())) return 0;
  std::string sql = "DELETE FROM user_session WHERE provider = ?";
  db::Params params{std::string(provider)};
  if (!subject.empty()) {
    sql += " AND provider_subject = ?";
    params.push_back(std::string(subject));
  }
  if (!sid.empty()) {
    sql += " AND provider_sid = ?";
    params.push_back(std::string(sid));
  }
  return static_cast<int>(tx.Exec(sql, params));
}

int PurgeExpiredSessions(db::Tx& tx, db::UnixSeconds now) {
  return static_cast<int>(tx.Exec("DELETE FROM user_session WHERE expires_at <= ? OR last_seen_at <= ?",
                                  {now - kEndedSessionKept, now - kSessionIdleLifetime - kEndedSessionKept}));
}

std::optional<EndedSession> FindEndedSession(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto row = tx.QueryOne(
      "SELECT user_id, csrf_token FROM user_session WHERE token_hash = ? AND (expires_at <= ? OR last_seen_at <= ?) "
      "AND expires_at > ? AND last_seen_at > ?",
      {Sha256Hex(token), now, now - kSessionIdleLifetime, now - kEndedSessionKept,
       now - kSessionIdleLifetime - kEndedSessionKept});
  if (!row) return std::nullopt;
  return EndedSession{.user_id = row->Int(0), .csrf_token = row->Text(1)};
}

std::optional<ResetTicket> StartPasswordReset(db::Tx& tx, std::string_view email, db::UnixSeconds now) {
  auto user = FindUserByEmail(tx, email);
  if (!user) return std::nullopt;
  if (!user->confirmed() && !HasPassword(tx, user->id)) return std::nullopt;
  return ResetTicket{*user, IssueToken(tx, user->id, "reset", "", now + kResetTokenLifetime, now)};
}

bool IsResetTokenValid(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  return TokenUser(tx, token, "reset", now).has_value();
}

namespace {

// Ends what could let someone who knew the old password (or held a reset link) in: the sessions (all but
// `keep_session_hash`), the open reset links, and the API tokens if asked.
CredentialsEnded EndOtherCredentials(db::Tx& tx, std::int64_t user_id, std::string_view keep_session_hash,
                                     bool revoke_api_tokens, db::UnixSeconds now) {
  CredentialsEnded ended;
  ended.sessions = static_cast<int>(tx.Exec("DELETE FROM user_session WHERE user_id = ? AND token_hash <> ?",
                                            {user_id, std::string(keep_session_hash)}));
  ended.reset_tokens = static_cast<int>(
      tx.Exec("UPDATE user_token SET used_at = ? WHERE user_id = ? AND purpose = 'reset' AND used_at IS NULL",
              {now, user_id}));
  if (revoke_api_tokens) {
    ended.api_tokens = static_cast<int>(
        tx.Exec("UPDATE user_token SET used_at = ? WHERE user_id = ? AND purpose = 'api' AND used_at IS NULL "
                "AND (expires_at IS NULL OR expires_at > ?)",
                {now, user_id, now}));
  }
  return ended;
}

}  // namespace

Result<PasswordReset> ResetPassword(db::Tx& tx, std::string_view token, const std::string& new_password_hash,
                                    bool revoke_api_tokens, db::UnixSeconds now) {
  auto user_id = TokenUser(tx, token, "reset", now);
  if (!user_id) {
    return Fail(ErrorKind::kInvalid, "Der Link zum Zurücksetzen ist ungültig oder abgelaufen. Bitte fordern Sie einen "
                                     "neuen an.");
  }
  ConsumeToken(tx, token, now);
  // A reset proves control of the mailbox, so it also confirms an unconfirmed address.
  tx.Exec("UPDATE app_user SET password_hash = ?, email_confirmed_at = COALESCE(email_confirmed_at, ?) WHERE id = ?",
          {new_password_hash, now, *user_id});
  PasswordReset reset;
  reset.ended = EndOtherCredentials(tx, *user_id, "", revoke_api_tokens, now);
  reset.user = *FindUserById(tx, *user_id);
  return reset;
}

CredentialsEnded ChangePassword(db::Tx& tx, std::int64_t user_id, const std::string& new_password_hash,
                                std::string_view keep_session_hash, bool revoke_api_tokens, db::UnixSeconds now) {
  tx.Exec("UPDATE app_user SET password_hash = ? WHERE id = ?", {new_password_hash, user_id});
  return EndOtherCredentials(tx, user_id, keep_session_hash, revoke_api_tokens, now);
}

std::optional<ResetTicket> StartUnlock(db::Tx& tx, std::string_view email, db::UnixSeconds now) {
  auto user = FindUserByEmail(tx, email);
  if (!user) return std::nullopt;
  // Only the newest link works.
  tx.Exec("UPDATE user_token SET used_at = ? WHERE user_id = ? AND purpose = 'unlock' AND used_at IS NULL",
          {now, user->id});
  return ResetTicket{*user, IssueToken(tx, user->id, "unlock", "", now + kUnlockTokenLifetime, now)};
}

Result<User> ConsumeUnlock(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  auto user_id = TokenUser(tx, token, "unlock", now);
  if (!user_id) {
    return Fail(ErrorKind::kInvalid,
                "Der Link zum Entsperren ist ungültig oder abgelaufen. Bitte fordern Sie bei der Anmeldung einen "
                "neuen an.");
  }
  ConsumeToken(tx, token, now);
  return *FindUserById(tx, *user_id);
}

Result<std::string> ValidateApiTokenLabel(std::string_view label) {
  if (auto text = CheckText(Trim(label), "label", "Die Bezeichnung"); !text) return std::unexpected(text.error());
  std::string trimmed(Trim(label));
  if (trimmed.empty()) {
    return Fail(ErrorKind::kInvalid, "Bitte geben Sie dem Token eine Bezeichnung, zum Beispiel den Namen des Programms.",
                "label");
  }
  if (Utf8Length(trimmed) > kMaxApiTokenLabelLength) {
    return Fail(ErrorKind::kInvalid,
                "Die Bezeichnung darf höchstens " + std::to_string(kMaxApiTokenLabelLength) + " Zeichen lang sein.",
                "label");
  }
  return trimmed;
}

Result<NewApiToken> AddApiToken(db::Tx& tx, std::int64_t user_id, std::string_view label, db::UnixSeconds now) {
  auto trimmed = ValidateApiTokenLabel(label);
  if (!trimmed) return std::unexpected(trimmed.error());
  // Locks the account's row (a no-op update), so that two requests at once cannot both pass the limit below.
  if (tx.Exec("UPDATE app_user SET locale = locale WHERE id = ?", {user_id}) == 0) {
    return Fail(ErrorKind::kNotFound, "Dieses Konto gibt es nicht.");
  }
  auto active = tx.QueryOne(
      "SELECT COUNT(*) FROM user_token WHERE user_id = ? AND purpose = 'api' AND used_at IS NULL "
      "AND (expires_at IS NULL OR expires_at > ?)",
      {user_id, now});
  if (active && active->Int(0) >= kMaxActiveApiTokens) {
    return Fail(ErrorKind::kConflict,
                "Sie haben schon " + std::to_string(kMaxActiveApiTokens) +
                    " aktive API-Tokens. Bitte widerrufen Sie zuerst ein Token, das Sie nicht mehr brauchen.",
                "label");
  }
  NewApiToken created;
  created.secret = IssueToken(tx, user_id, "api", *trimmed, std::nullopt, now);
  created.token = ApiToken{.id = Sha256Hex(created.secret).substr(0, 16), .label = *trimmed, .created_at = now};
  return created;
}

std::string CreateApiToken(db::Tx& tx, std::int64_t user_id, std::string_view label, db::UnixSeconds now) {
  return IssueToken(tx, user_id, "api", label, std::nullopt, now);
}

std::vector<ApiToken> ListApiTokens(db::Tx& tx, std::int64_t user_id, db::UnixSeconds now) {
  std::vector<ApiToken> tokens;
  for (const auto& row : tx.Query("SELECT token_hash, label, created_at, expires_at FROM user_token "
                                  "WHERE user_id = ? AND purpose = 'api' AND used_at IS NULL "
                                  "AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC, token_hash",
                                  {user_id, now})) {
    tokens.push_back(ApiToken{.id = row.Text(0).substr(0, 16),
                              .label = row.Text(1),
                              .created_at = row.Int(2),
                              .expires_at = row.OptInt(3)});
  }
  return tokens;
}

bool RevokeApiToken(db::Tx& tx, std::int64_t user_id, std::string_view token_id, db::UnixSeconds now) {
  auto is_hex_digit = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  if (token_id.size() != 16 || !std::all_of(token_id.begin(), token_id.end(), is_hex_digit)) return false;
  return tx.Exec("UPDATE user_token SET used_at = ? WHERE user_id = ? AND purpose = 'api' AND used_at IS NULL "
                 "AND (expires_at IS NULL OR expires_at > ?) AND substr(token_hash, 1, 16) = ?",
                 {now, user_id, now, token_id}) > 0;
}

std::optional<User> FindUserByApiToken(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  auto user_id = TokenUser(tx, token, "api", now);
  if (!user_id) return std::nullopt;
  return FindUserById(tx, *user_id);
}

Status Grant(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role, db::UnixSeconds now) {
  auto user = FindUserById(tx, user_id);
  if (!user) return Fail(ErrorKind::kNotFound, "Dieses Konto gibt es nicht.", "email");
  if (!user->confirmed()) {
    return Fail(ErrorKind::kInvalid, "Das Konto hat seine E-Mail-Adresse noch nicht bestätigt.", "email");
  }
  tx.Exec("INSERT INTO role_grant (user_id, tenant_id, role, granted_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (user_id, tenant_id, role) DO NOTHING",
          {user_id, tenant_id, RoleName(role), now});
  return Ok{};
}

RevokeOutcome Revoke(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role) {
  if (role == Role::kAdmin) {
    // Serialises the revokes of one tenant's admin roles: the second waits for the first's commit and then counts
    // what it left (READ COMMITTED reads afresh per statement).
    if (tx.dialect() == db::Dialect::kPostgres) (void)tx.Query("SELECT id FROM tenant WHERE id = ? FOR UPDATE", {tenant_id});
    if (!IsGranted(tx, user_id, tenant_id, role)) return RevokeOutcome::kNotGranted;
    auto admins = tx.QueryOne("SELECT COUNT(*) FROM role_grant WHERE tenant_id = ? AND role = ?",
                              {tenant_id, RoleName(Role::kAdmin)});
    if (admins && admins->Int(0) <= 1) return RevokeOutcome::kLastAdmin;
  }
  bool removed = tx.Exec("DELETE FROM role_grant WHERE user_id = ? AND tenant_id = ? AND role = ?",
                         {user_id, tenant_id, RoleName(role)}) > 0;
  return removed ? RevokeOutcome::kRevoked : RevokeOutcome::kNotGranted;
}

std::vector<RoleGrant> RolesOf(db::Tx& tx, std::int64_t user_id) {
  std::vector<RoleGrant> grants;
  for (const auto& row : tx.Query("SELECT t.id, t.slug, t.name, g.role FROM role_grant g "
                                  "JOIN tenant t ON t.id = g.tenant_id WHERE g.user_id = ? ORDER BY t.name, g.role",
                                  {user_id})) {
    if (auto role = ParseRole(row.Text(3))) grants.push_back(RoleGrant{row.Int(0), row.Text(1), row.Text(2), *role});
  }
  return grants;
}

bool HasRole(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role) {
  // A tenant that asks its role holders for the second factor (#15 item 4) counts the role only for an account with
  // an enabled authenticator: every format's permission check goes through here.
  return tx
      .QueryOne(
          "SELECT 1 FROM role_grant g JOIN tenant t ON t.id = g.tenant_id "
          "WHERE g.user_id = ? AND g.tenant_id = ? AND g.role = ? AND (t.require_second_factor = 0 OR EXISTS "
          "(SELECT 1 FROM account_totp a WHERE a.user_id = g.user_id AND a.enabled_at IS NOT NULL))",
          {user_id, tenant_id, RoleName(role)})
      .has_value();
}

bool IsGranted(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role) {
  return tx
      .QueryOne("SELECT 1 FROM role_grant WHERE user_id = ? AND tenant_id = ? AND role = ?",
                {user_id, tenant_id, RoleName(role)})
      .has_value();
}

std::vector<Member> MembersOf(db::Tx& tx, std::int64_t tenant_id) {
  std::vector<Member> members;
  for (const auto& row : tx.Query(std::string(kUserColumns).replace(0, 7, "SELECT g.role, ") +
                                      "JOIN role_grant g ON g.user_id = u.id WHERE g.tenant_id = ? "
                                      "ORDER BY u.name, u.email, g.role",
                                  {tenant_id})) {
    if (auto role = ParseRole(row.Text(0))) members.push_back(Member{UserFromRow(row, 1), *role});
  }
  return members;
}

std::optional<Organisation> FindOrganisation(db::Tx& tx, std::int64_t organisation_id) {
  auto row = tx.QueryOne("SELECT id, name FROM organisation WHERE id = ?", {organisation_id});
  if (!row) return std::nullopt;
  Organisation organisation{row->Int(0), row->Text(1), {}};
  organisation.members = QueryUsers(tx, "WHERE u.organisation_id = ? ORDER BY u.name", {organisation_id});
  return organisation;
}

Status AddOrganisationMember(db::Tx& tx, std::int64_t organisation_id, std::string_view email) {
  auto user = FindUserByEmail(tx, email);
  if (!user || !user->confirmed()) {
    return Fail(ErrorKind::kNotFound,
                "Zu dieser E-Mail-Adresse gibt es kein bestätigtes Konto. Die Person muss sich zuerst registrieren.",
                "email");
  }
  if (user->organisation_id) {
    return Fail(ErrorKind::kConflict, "Dieses Konto gehört bereits zu einer Organisation.", "email");
  }
  tx.Exec("UPDATE app_user SET organisation_id = ? WHERE id = ?", {organisation_id, user->id});
  return Ok{};
}

namespace {

Result<Invitation> AnswerInvitation(db::Tx& tx, std::string_view token, const User& user, std::string_view answer,
                                    db::UnixSeconds now) {
  auto invitation = FindInvitation(tx, token, now);
  if (!invitation) {
    return Fail(ErrorKind::kNotFound,
                "Diese Einladung ist ungültig, abgelaufen oder wurde schon beantwortet. Bitten Sie die Organisation "
                "um eine neue Einladung.");
  }
  if (invitation->email != user.email) {
    return Fail(ErrorKind::kForbidden,
                "Diese Einladung gilt für eine andere E-Mail-Adresse. Bitte melden Sie sich mit der Adresse an, an die "
                "die Einladung geschickt wurde.");
  }
  if (answer == "accepted") {
    // Only an account in no organisation joins; the condition in the update keeps two answers at once apart.
    if (tx.Exec("UPDATE app_user SET organisation_id = ?, is_org_admin = 0 WHERE id = ? AND organisation_id IS NULL",
                {invitation->organisation_id, user.id}) == 0) {
      return Fail(ErrorKind::kConflict,
                  "Ihr Konto gehört bereits zu einer Organisation. Verlassen Sie diese zuerst auf Ihrer Kontoseite, "
                  "wenn Sie wechseln möchten.");
    }
  }
  tx.Exec("UPDATE organisation_invitation SET answered_at = ?, answer = ? WHERE token_hash = ? AND answered_at IS NULL",
          {now, std::string(answer), Sha256Hex(token)});
  return *invitation;
}

}  // namespace

Result<Invitation> InviteToOrganisation(db::Tx& tx, std::int64_t organisation_id, std::int64_t invited_by,
                                        std::string_view email_in, db::UnixSeconds now) {
  auto email = NormalizeEmail(email_in);
  if (!email) return std::unexpected(email.error());
  auto organisation = tx.QueryOne("SELECT name FROM organisation WHERE id = ?", {organisation_id});
  if (!organisation) return Fail(ErrorKind::kNotFound, "Diese Organisation gibt es nicht.");
  tx.Exec("UPDATE organisation_invitation SET expires_at = ? WHERE organisation_id = ? AND email = ? "
          "AND answered_at IS NULL AND expires_at > ?",
          {now, organisation_id, *email, now});
  Invitation invitation{.token = RandomToken(),
                        .organisation_id = organisation_id,
                        .organisation_name = organisation->Text(0),
                        .email = *email,
                        .expires_at = now + kInvitationLifetime};
  tx.Exec("INSERT INTO organisation_invitation (token_hash, organisation_id, email, invited_by, created_at, expires_at) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {Sha256Hex(invitation.token), organisation_id, *email, invited_by, now, invitation.expires_at});
  return invitation;
}

std::optional<Invitation> FindInvitation(db::Tx& tx, std::string_view token, db::UnixSeconds now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto row = tx.QueryOne(
      "SELECT i.organisation_id, o.name, i.email, i.expires_at FROM organisation_invitation i "
      "JOIN organisation o ON o.id = i.organisation_id "
      "WHERE i.token_hash = ? AND i.answered_at IS NULL AND i.expires_at > ?",
      {Sha256Hex(token), now});
  if (!row) return std::nullopt;
  return Invitation{.organisation_id = row->Int(0),
                    .organisation_name = row->Text(1),
                    .email = row->Text(2),
                    .expires_at = row->Int(3)};
}

Result<Invitation> AcceptInvitation(db::Tx& tx, std::string_view token, const User& user, db::UnixSeconds now) {
  return AnswerInvitation(tx, token, user, "accepted", now);
}

Result<Invitation> DeclineInvitation(db::Tx& tx, std::string_view token, const User& user, db::UnixSeconds now) {
  return AnswerInvitation(tx, token, user, "declined", now);
}

int OpenInvitations(db::Tx& tx, std::int64_t organisation_id, db::UnixSeconds now) {
  auto row = tx.QueryOne("SELECT COUNT(*) FROM organisation_invitation WHERE organisation_id = ? "
                         "AND answered_at IS NULL AND expires_at > ?",
                         {organisation_id, now});
  return row ? static_cast<int>(row->Int(0)) : 0;
}

namespace {

// After `user` left (or was deleted): deletes an organisation without members, reports one without administrator.
Departure AfterDeparture(db::Tx& tx, std::int64_t organisation_id) {
  Departure departure{.organisation_id = organisation_id};
  auto counts = tx.QueryOne("SELECT COUNT(*), COALESCE(SUM(is_org_admin), 0) FROM app_user WHERE organisation_id = ?",
                            {organisation_id});
  if (counts && counts->Int(0) == 0) {
    tx.Exec("DELETE FROM organisation_invitation WHERE organisation_id = ?", {organisation_id});
    tx.Exec("DELETE FROM organisation WHERE id = ?", {organisation_id});
    departure.organisation_deleted = true;
  } else if (counts && counts->Int(1) == 0) {
    departure.organisation_without_admin = true;
  }
  return departure;
}

}  // namespace

Result<Departure> LeaveOrganisation(db::Tx& tx, std::int64_t user_id) {
  auto user = FindUserById(tx, user_id);
  if (!user || !user->organisation_id) {
    return Fail(ErrorKind::kNotFound, "Ihr Konto gehört zu keiner Organisation.");
  }
  tx.Exec("UPDATE app_user SET organisation_id = NULL, is_org_admin = 0 WHERE id = ?", {user_id});
  return AfterDeparture(tx, *user->organisation_id);
}

Result<User> SetOrganisationAdmin(db::Tx& tx, std::string_view email) {
  auto user = FindUserByEmail(tx, email);
  if (!user || !user->organisation_id) {
    return Fail(ErrorKind::kNotFound, "Zu dieser E-Mail-Adresse gibt es kein Mitglied einer Organisation.", "email");
  }
  tx.Exec("UPDATE app_user SET is_org_admin = 1 WHERE id = ?", {user->id});
  return *FindUserById(tx, user->id);
}

std::vector<Organisation> OrganisationsWithoutAdmin(db::Tx& tx) {
  std::vector<Organisation> organisations;
  for (const auto& row : tx.Query("SELECT o.id, o.name FROM organisation o WHERE EXISTS (SELECT 1 FROM app_user u "
                                  "WHERE u.organisation_id = o.id) AND NOT EXISTS (SELECT 1 FROM app_user u "
                                  "WHERE u.organisation_id = o.id AND u.is_org_admin = 1) ORDER BY o.name, o.id",
                                  {})) {
    Organisation organisation{row.Int(0), row.Text(1), {}};
    organisation.members = QueryUsers(tx, "WHERE u.organisation_id = ? ORDER BY u.name", {organisation.id});
    organisations.push_back(std::move(organisation));
  }
  return organisations;
}

std::string ExportUserData(db::Tx& tx, std::int64_t user_id) {
  auto user = FindUserById(tx, user_id);
  if (!user) return "{}";
  boost::json::object account{
      {"id", user->id},
      {"email", user->email},
      {"name", user->name},
      {"locale", user->locale},
      {"created_at", user->created_at},
      {"email_confirmed_at", user->email_confirmed_at ? boost::json::value(*user->email_confirmed_at) : nullptr},
      {"last_login_at", user->last_login_at ? boost::json::value(*user->last_login_at) : nullptr},
      {"is_platform_admin", user->is_platform_admin},
  };
  boost::json::object out{{"account", account}};
  if (user->organisation_id) {
    if (auto organisation = FindOrganisation(tx, *user->organisation_id)) {
      out["organisation"] = boost::json::object{{"id", organisation->id},
                                                {"name", organisation->name},
                                                {"is_admin", user->is_org_admin}};
    }
  }
  boost::json::array roles;
  for (const auto& grant : RolesOf(tx, user_id)) {
    roles.push_back(boost::json::object{{"tenant", grant.tenant_slug}, {"role", RoleName(grant.role)}});
  }
  out["roles"] = std::move(roles);
  boost::json::array sessions;
  for (const auto& row :
       tx.Query("SELECT created_at, last_seen_at, provider, trust_level FROM user_session WHERE user_id = ? "
                "ORDER BY created_at",
                {user_id})) {
    // How it began: by password (provider "") or at an identity provider, with the trust level of that login.
    sessions.push_back(boost::json::object{{"created_at", row.Int(0)},
                                           {"last_seen_at", row.Int(1)},
                                           {"provider", row.Text(2)},
                                           {"trust_level", row.Text(3)}});
  }
  out["sessions"] = std::move(sessions);
  boost::json::array tokens;
  for (const auto& row : tx.Query("SELECT purpose, label, created_at, expires_at, used_at FROM user_token "
                                  "WHERE user_id = ? ORDER BY created_at",
                                  {user_id})) {
    tokens.push_back(boost::json::object{{"purpose", row.Text(0)}, {"label", row.Text(1)}, {"created_at", row.Int(2)}});
  }
  out["tokens"] = std::move(tokens);
  boost::json::array links;
  for (const auto& row : tx.Query("SELECT provider, subject, created_at, last_login_at, trust_level FROM account_link "
                                  "WHERE user_id = ? ORDER BY created_at",
                                  {user_id})) {
    links.push_back(boost::json::object{{"provider", row.Text(0)},
                                        {"subject", row.Text(1)},
                                        {"created_at", row.Int(2)},
                                        {"last_login_at", row.OptInt(3) ? boost::json::value(*row.OptInt(3)) : nullptr},
                                        {"trust_level", row.Text(4)}});
  }
  out["identity_links"] = std::move(links);
  boost::json::array audit;
  for (const auto& row : tx.Query("SELECT at, action, object FROM audit_log WHERE actor_user_id = ? ORDER BY id",
                                  {user_id})) {
    audit.push_back(boost::json::object{{"at", row.Int(0)}, {"action", row.Text(1)}, {"object", row.Text(2)}});
  }
  out["audit_entries"] = std::move(audit);
  return boost::json::serialize(out);
}

void DeleteAccount(db::Tx& tx, std::int64_t user_id) {
  auto user = FindUserById(tx, user_id);
  if (!user) return;
  tx.Exec("DELETE FROM user_session WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM user_token WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM account_link WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM identity_login WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM role_grant WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM account_totp WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM account_recovery_code WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM login_second_factor WHERE user_id = ?", {user_id});
  // Invitations to the person's address name them; those they sent keep no link to them.
  tx.Exec("DELETE FROM organisation_invitation WHERE email = ?", {user->email});
  tx.Exec("UPDATE organisation_invitation SET invited_by = NULL WHERE invited_by = ?", {user_id});
  tx.Exec("DELETE FROM app_user WHERE id = ?", {user_id});
  if (user->organisation_id) {
    auto departure = AfterDeparture(tx, *user->organisation_id);
    if (departure.organisation_without_admin && user->is_org_admin) {
      // The organisation keeps an administrator: the longest-standing remaining member.
      tx.Exec("UPDATE app_user SET is_org_admin = 1 WHERE id = (SELECT id FROM app_user WHERE organisation_id = ? "
              "ORDER BY created_at, id LIMIT 1)",
              {*user->organisation_id});
    }
  }
}

std::vector<User> MarkInactive(db::Tx& tx, db::UnixSeconds now) {
  auto users = QueryUsers(tx,
                          "WHERE u.inactive_since IS NULL AND u.email_confirmed_at IS NOT NULL "
                          "AND COALESCE(u.last_login_at, u.created_at) <= ? ORDER BY u.id",
                          {now - kInactiveAfter});
  for (const auto& user : users) {
    tx.Exec("UPDATE app_user SET inactive_since = ? WHERE id = ?", {now, user.id});
  }
  return users;
}

std::vector<User> DeleteInactive(db::Tx& tx, db::UnixSeconds now) {
  auto users = QueryUsers(tx,
                          "WHERE (u.inactive_since IS NOT NULL AND u.inactive_since <= ?) "
                          "OR (u.email_confirmed_at IS NULL AND u.created_at <= ? "
                          "AND NOT EXISTS (SELECT 1 FROM account_link l WHERE l.user_id = u.id)) ORDER BY u.id",
                          {now - kDeleteInactiveAfterNotice, now - kConfirmTokenLifetime - 7 * 24 * 3600});
  for (const auto& user : users) DeleteAccount(tx, user.id);
  return users;
}

}  // namespace mw::accounts
