// Accounts: citizens and organisations (an organisation, e.g. a Träger öffentlicher Belange, has several member
// accounts), e-mail confirmation (double opt-in), login, password reset, roles per tenant, personal API tokens,
// data export (DSGVO Art. 15), account deletion (Art. 17) and the inactivity rule (730 days without login → marked
// inactive with a notice, deleted 31 days later, as the Saxony portal does).
//
// Functions taking a db::Tx run inside the caller's transaction, so that the caller can add the confirmation mail
// to the outbox and the audit entry in the same commit. Password hashing is slow on purpose (Argon2id) and must
// never run inside a write transaction: hash first (mw::HashPassword), then write.
//
//   std::string hash = HashPassword(form.password);
//   auto created = db.Write([&](db::Tx& tx) -> Result<accounts::NewAccount> {
//     auto account = accounts::Register(tx, form, hash, now);
//     if (account) mail::Enqueue(tx, ConfirmationMail(*account), now);
//     return account;
//   });
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.hpp"
#include "platform/db/database.hpp"

namespace mw::accounts {

inline constexpr db::UnixSeconds kConfirmTokenLifetime = 48 * 3600;
inline constexpr db::UnixSeconds kResetTokenLifetime = 2 * 3600;
inline constexpr db::UnixSeconds kUnlockTokenLifetime = 2 * 3600;
inline constexpr db::UnixSeconds kInvitationLifetime = 7 * 24 * 3600;
inline constexpr db::UnixSeconds kSessionIdleLifetime = 12 * 3600;
inline constexpr db::UnixSeconds kSessionAbsoluteLifetime = 7 * 24 * 3600;
inline constexpr db::UnixSeconds kInactiveAfter = 730 * 24 * 3600;
inline constexpr db::UnixSeconds kDeleteInactiveAfterNotice = 31 * 24 * 3600;
inline constexpr std::size_t kMinPasswordLength = 12;

enum class Role { kAdmin, kEditor, kCaseWorker, kModerator };
std::optional<Role> ParseRole(std::string_view name);  // "admin", "editor", "case-worker", "moderator"
std::string_view RoleName(Role role);
const std::vector<Role>& AllRoles();

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::optional<std::int64_t> organisation_id;
  bool is_org_admin = false;
  bool is_platform_admin = false;
  std::optional<db::UnixSeconds> email_confirmed_at;
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> last_login_at;
  std::string locale = "de";
  bool confirmed() const { return email_confirmed_at.has_value(); }
};

struct Registration {
  std::string name;
  std::string email;
  std::string password;
  std::string password_confirm;
  bool as_organisation = false;
  std::string organisation_name;
  bool consent = false;  // privacy notice acknowledged
  std::string locale = "de";
};

// Checks a registration form without touching the database; returns every problem (field → German message).
std::vector<Error> ValidateRegistration(const Registration& registration);
Status ValidatePassword(std::string_view password, std::string_view confirm);
// Normalised (trimmed, lower-case) address if it looks like one, else a kInvalid error for field "email".
Result<std::string> NormalizeEmail(std::string_view email);

struct NewAccount {
  User user;
  std::string confirm_token;  // the secret for the confirmation link (only its hash is stored)
};

// Creates an unconfirmed account (and its organisation) with the already computed `password_hash`.
// kConflict if the e-mail address is taken.
Result<NewAccount> Register(db::Tx& tx, const Registration& registration, const std::string& password_hash,
                            db::UnixSeconds now);
// Creates a confirmed account at once (command line, demo data).
Result<User> CreateConfirmedUser(db::Tx& tx, std::string_view email, std::string_view name,
                                 const std::string& password_hash, db::UnixSeconds now);

// Consumes a confirmation token. kInvalid if unknown, used or expired.
Result<User> ConfirmEmail(db::Tx& tx, std::string_view token, db::UnixSeconds now);
// A fresh confirmation token for an unconfirmed account (resend), or nullopt if there is none to confirm.
std::optional<NewAccount> RenewConfirmation(db::Tx& tx, std::string_view email, db::UnixSeconds now);

std::optional<User> FindUserById(db::Tx& tx, std::int64_t id);
std::optional<User> FindUserByEmail(db::Tx& tx, std::string_view email);
// The stored hash for a login attempt (verify it outside any write transaction).
struct Credentials {
  User user;
  std::string password_hash;
};
// `password_hash` is empty for an account without password (made by a provider login): no password matches it.
std::optional<Credentials> FindCredentials(db::Tx& tx, std::string_view email);
bool HasPassword(db::Tx& tx, std::int64_t user_id);
// Stamps the login and lifts an inactivity mark.
void RecordLogin(db::Tx& tx, std::int64_t user_id, db::UnixSeconds now);
void SetPlatformAdmin(db::Tx& tx, std::int64_t user_id, bool is_admin);

// How a session began: by password (provider empty, trust level "basic"), or by a login at an identity provider
// (#15, docs/identity.md) with the trust level that login gave ("basic", "substantial", "high"; formats read it to
// record how well a person was identified). `id_token` is the provider's ID token (the hint of the logout at the
// provider); `subject` and `sid` are what the provider's back-channel logout names.
struct SessionOrigin {
  std::string provider;
  std::string trust_level = "basic";
  std::string subject;
  std::string sid;
  std::string id_token;
  bool by_password() const { return provider.empty(); }
};

// Sessions, stored by hash so that every server process can serve every request.
struct Session {
  std::string token;  // cookie value (only when just created)
  std::string token_hash;
  std::string csrf_token;
  User user;
  db::UnixSeconds created_at = 0;
  db::UnixSeconds last_seen_at = 0;
  SessionOrigin origin;
};
Session CreateSession(db::Tx& tx, const User& user, db::UnixSeconds now, SessionOrigin origin = {});
// A live session for the cookie value, or nullopt if unknown/expired.
std::optional<Session> FindSession(db::Tx& tx, std::string_view token, db::UnixSeconds now);
// Extends a session's idle lifetime; call at most every few minutes per session.
void TouchSession(db::Tx& tx, const std::string& token_hash, db::UnixSeconds now);
void DeleteSession(db::Tx& tx, std::string_view token);
void DeleteUserSessions(db::Tx& tx, std::int64_t user_id);
// Back-channel logout: ends the sessions begun by a login at `provider` for `subject` (empty: any) with the
// provider's session id `sid` (empty: any); at least one of the two is given. Returns how many ended.
int DeleteProviderSessions(db::Tx& tx, std::string_view provider, std::string_view subject, std::string_view sid);
// Deletes sessions that ended (idle or absolute lifetime) more than kEndedSessionKept ago, and those that can no
// longer end in that window's sense. An ended session's row is kept that long for FindEndedSession.
int PurgeExpiredSessions(db::Tx& tx, db::UnixSeconds now);

// How long the row of an ended session stays: a form sent with the session's cookie and token in that time can still
// be told from a forged one (see site/drafts.hpp). Logout deletes the row at once.
inline constexpr db::UnixSeconds kEndedSessionKept = 24 * 3600;
// A session that has ended by time, but whose row is still kept: whose it was and the CSRF token its pages carried.
struct EndedSession {
  std::int64_t user_id = 0;
  std::string csrf_token;
};
// The ended session for the cookie value, or nullopt if it is unknown, still live, or gone.
std::optional<EndedSession> FindEndedSession(db::Tx& tx, std::string_view token, db::UnixSeconds now);

// Password reset: a token for the address if an account exists (nullopt otherwise — the page says the same either
// way, so that nobody can probe for accounts). An account without password whose address was never confirmed
// (a provider login whose provider did not confirm the address) gets none: the provider's account holder chose that
// address, and a reset must not let whoever reads it into an account linked to someone else's identity. With a
// confirmed address the reset link sets the account's first password — the mail round trip is the proof.
struct ResetTicket {
  User user;
  std::string token;
};
std::optional<ResetTicket> StartPasswordReset(db::Tx& tx, std::string_view email, db::UnixSeconds now);
// Checks a reset token without consuming it (to show the form).
bool IsResetTokenValid(db::Tx& tx, std::string_view token, db::UnixSeconds now);
// What a password reset or change ended besides the old password (for the audit entry).
struct CredentialsEnded {
  int sessions = 0;      // sessions ended (all but the one kept)
  int reset_tokens = 0;  // other open reset links
  int api_tokens = 0;    // API tokens revoked (only if asked for)
};
struct PasswordReset {
  User user;
  CredentialsEnded ended;
};
// Sets the new hash, consumes the token, ends every other open reset link and all sessions of the user, and revokes
// all of the user's API tokens if `revoke_api_tokens` (someone who could reset the password may have made some).
Result<PasswordReset> ResetPassword(db::Tx& tx, std::string_view token, const std::string& new_password_hash,
                                    bool revoke_api_tokens, db::UnixSeconds now);
// A password change by the logged-in user (verify the current password first): sets the new hash and ends the
// same credentials as a reset, except the session `keep_session_hash` (the one making the change).
CredentialsEnded ChangePassword(db::Tx& tx, std::int64_t user_id, const std::string& new_password_hash,
                                std::string_view keep_session_hash, bool revoke_api_tokens, db::UnixSeconds now);

// Unlocking a login lock by mail: a one-time link for the address if an account exists (nullopt otherwise; the page
// answers the same either way). Consuming it names the account whose lock the caller lifts.
std::optional<ResetTicket> StartUnlock(db::Tx& tx, std::string_view email, db::UnixSeconds now);
// Consumes an unlock token. kInvalid if unknown, used or expired.
Result<User> ConsumeUnlock(db::Tx& tx, std::string_view token, db::UnixSeconds now);

// Changing the account's address (#14 item 10). The logged-in user, whose password the caller has checked, asks for
// a new address; a one-time link goes to it, and the account's address changes only when the link is used.
inline constexpr db::UnixSeconds kEmailChangeLifetime = 48 * 3600;
struct EmailChange {
  User user;              // the account as it was before: `user.email` is the old address
  std::string new_email;  // normalised
  std::string token;      // the link's secret (StartEmailChange only; only its hash is stored)
};
// A link for changing `user`'s address to `new_email`; earlier open links of the user end (only the newest works).
// kInvalid (field "new_email") if it is not an address or is the account's own; kConflict (field "new_email") if
// another account has it — the caller answers that as if a link had been sent, so that the form tells nobody whose
// address has an account.
Result<EmailChange> StartEmailChange(db::Tx& tx, const User& user, std::string_view new_email, db::UnixSeconds now);
// Uses the link: the account gets the new address. kInvalid if the link is unknown, used or expired; kConflict if
// another account has taken the address since.
Result<EmailChange> ConfirmEmailChange(db::Tx& tx, std::string_view token, db::UnixSeconds now);

// Personal API tokens (Authorization: Bearer …). Only the SHA-256 of the secret is stored; the secret is shown to
// its owner once, when it is created. A token is identified on pages and in URLs by `ApiToken::id`, the first 16 hex
// digits of that hash: it names the token without revealing anything that authenticates. Revoking stamps the row
// (used_at) instead of deleting it, so that the token can never be found again while its row stays for the export.
inline constexpr std::size_t kMaxApiTokenLabelLength = 100;  // characters
inline constexpr int kMaxActiveApiTokens = 20;               // per account

struct ApiToken {
  std::string id;  // 16 lower-case hex digits
  std::string label;
  db::UnixSeconds created_at = 0;
  std::optional<db::UnixSeconds> expires_at;  // none: valid until revoked
};
struct NewApiToken {
  ApiToken token;
  std::string secret;  // what the client sends as Bearer (shown once, never stored)
};

// The trimmed label, or a kInvalid error for field "label" (empty, longer than 100 characters, not UTF-8, control
// characters).
Result<std::string> ValidateApiTokenLabel(std::string_view label);
// Creates a token for the account page: checks the label and the limit of 20 active tokens per account (kConflict).
Result<NewApiToken> AddApiToken(db::Tx& tx, std::int64_t user_id, std::string_view label, db::UnixSeconds now);
// Creates a token without those checks (command line, tests); returns the secret.
std::string CreateApiToken(db::Tx& tx, std::int64_t user_id, std::string_view label, db::UnixSeconds now);
// The user's live tokens (not revoked, not expired), newest first. Never the secret.
std::vector<ApiToken> ListApiTokens(db::Tx& tx, std::int64_t user_id, db::UnixSeconds now);
// Revokes the user's live token `token_id`. False (and no change) if the user has no such live token — in
// particular for another user's token.
bool RevokeApiToken(db::Tx& tx, std::int64_t user_id, std::string_view token_id, db::UnixSeconds now);
std::optional<User> FindUserByApiToken(db::Tx& tx, std::string_view token, db::UnixSeconds now);

// Roles per tenant.
struct RoleGrant {
  std::int64_t tenant_id = 0;
  std::string tenant_slug;
  std::string tenant_name;
  Role role = Role::kEditor;
};
Status Grant(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role, db::UnixSeconds now);
// What a role's removal did. A tenant keeps at least one administrator: removing the last admin role is refused.
enum class RevokeOutcome { kRevoked, kNotGranted, kLastAdmin };
// Removes the role. For the admin role the tenant's admins are counted in the same transaction, and on PostgreSQL
// the tenant's row is locked first (SQLite has one writer), so that two revokes at once cannot both take "one of
// two" and leave none.
[[nodiscard]] RevokeOutcome Revoke(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role);
std::vector<RoleGrant> RolesOf(db::Tx& tx, std::int64_t user_id);
bool HasRole(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role);
struct Member {
  User user;
  Role role = Role::kEditor;
};
std::vector<Member> MembersOf(db::Tx& tx, std::int64_t tenant_id);

// Organisations.
struct Organisation {
  std::int64_t id = 0;
  std::string name;
  std::vector<User> members;
};
// The organisation with its members (accounts that accepted an invitation, or joined before invitations existed).
std::optional<Organisation> FindOrganisation(db::Tx& tx, std::int64_t organisation_id);
// Adds an existing confirmed account that belongs to no organisation, without asking it: for the command line and
// demo data only (an operator acting on the person's behalf). Pages use invitations.
Status AddOrganisationMember(db::Tx& tx, std::int64_t organisation_id, std::string_view email);

// Membership by invitation (Einladung). Inviting works the same for every address — with or without an account,
// already in an organisation or not — so that the inviting organisation learns nothing about the address; the
// organisation sees the person's name and address only after the person accepted, logged in with that address.
struct Invitation {
  std::string token;  // the secret for the link (only when just created; only its hash is stored)
  std::int64_t organisation_id = 0;
  std::string organisation_name;
  std::string email;
  db::UnixSeconds expires_at = 0;
};
// A new invitation to `email` (normalised); kInvalid for an address that is not one. Open invitations of the same
// organisation to the same address end (only the newest link works).
Result<Invitation> InviteToOrganisation(db::Tx& tx, std::int64_t organisation_id, std::int64_t invited_by,
                                        std::string_view email, db::UnixSeconds now);
// The open (unanswered, unexpired) invitation for a link's secret; `token` is not filled.
std::optional<Invitation> FindInvitation(db::Tx& tx, std::string_view token, db::UnixSeconds now);
// Answers an invitation as `user`. kNotFound if the link is unknown, answered or expired; kForbidden if the user's
// address is not the invited one; kConflict (accepting only) if the user already belongs to an organisation.
Result<Invitation> AcceptInvitation(db::Tx& tx, std::string_view token, const User& user, db::UnixSeconds now);
Result<Invitation> DeclineInvitation(db::Tx& tx, std::string_view token, const User& user, db::UnixSeconds now);
// How many invitations of the organisation are still open (the page shows the number, never the addresses' fate).
int OpenInvitations(db::Tx& tx, std::int64_t organisation_id, db::UnixSeconds now);

// Leaving is always possible, for the last administrator too: the organisation then has no administrator until a
// platform administrator names one (SetOrganisationAdmin). The last member leaving deletes the organisation.
struct Departure {
  std::int64_t organisation_id = 0;
  bool organisation_deleted = false;
  bool organisation_without_admin = false;
};
// kNotFound if the user belongs to no organisation.
Result<Departure> LeaveOrganisation(db::Tx& tx, std::int64_t user_id);
// Makes the member with address `email` an administrator of their organisation (platform administrators).
// kNotFound if there is no such account or it belongs to no organisation.
Result<User> SetOrganisationAdmin(db::Tx& tx, std::string_view email);
// Organisations that have members but no administrator, by name.
std::vector<Organisation> OrganisationsWithoutAdmin(db::Tx& tx);

// DSGVO Art. 15: everything the platform stores about the user, as a JSON document.
std::string ExportUserData(db::Tx& tx, std::int64_t user_id);
// DSGVO Art. 17: deletes the account with its sessions, tokens, roles and the invitations to its address (and its
// organisation if it was the last member). Records of legal weight kept by formats are not the platform's to delete.
void DeleteAccount(db::Tx& tx, std::int64_t user_id);

// The inactivity rule. MarkInactive returns the accounts just marked (to send them the notice mail);
// DeleteInactive deletes those marked more than 31 days ago and returns them; unconfirmed accounts whose
// confirmation expired more than a week ago are deleted too.
std::vector<User> MarkInactive(db::Tx& tx, db::UnixSeconds now);
std::vector<User> DeleteInactive(db::Tx& tx, db::UnixSeconds now);

}  // namespace mw::accounts
