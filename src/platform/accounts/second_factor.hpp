// The second factor of staff accounts (Zwei-Faktor-Anmeldung, #15 item 4): a time-based one-time password (TOTP,
// RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of tolerance either way) from an authenticator app, and
// ten recovery codes for a lost device. Each code is accepted once: the account keeps the last step accepted.
// The HMAC is liboath's; the secrets and codes are random bytes from core/crypto.
//
//   auto enrolment = accounts::BeginTotp(tx, user.id, now);         // show enrolment.secret as QR code and text
//   if (accounts::ConfirmTotp(tx, user.id, code, now)) {             // the first code from the app
//     auto codes = accounts::NewRecoveryCodes(tx, user.id);          // shown once
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/accounts/accounts.hpp"
#include "platform/db/database.hpp"

namespace mw::accounts {

inline constexpr db::UnixSeconds kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr int kRecoveryCodeCount = 10;
// How long the step between a right password and the code may take, and how many codes it may try.
inline constexpr db::UnixSeconds kSecondFactorPendingLifetime = 5 * 60;
inline constexpr int kSecondFactorAttempts = 5;

// --- Pure ---------------------------------------------------------------------------------------------------------

// The code of `secret` (raw bytes) for time step `step` with `digits` digits (RFC 6238 with HMAC-SHA-1), zero-padded.
std::string TotpCode(std::string_view secret, std::int64_t step, int digits = kTotpDigits);
// The time step of `code` if it is a code of `secret` for the step of `now` or one step before or after it and that
// step is later than `last_step` (a code is used once); nullopt otherwise. Spaces in `code` are ignored.
std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, db::UnixSeconds now,
                                      std::int64_t last_step);
// Base32 (RFC 4648, upper case, no padding) as authenticator apps take a secret; nullopt for invalid base32.
std::string Base32Encode(std::string_view bytes);
std::optional<std::string> Base32Decode(std::string_view text);
// "ABCD EFGH …": base32 in blocks of four, for typing the secret by hand.
std::string GroupedForTyping(std::string_view base32);
// otpauth://totp/{issuer}:{account}?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30
std::string TotpUri(std::string_view base32_secret, std::string_view issuer, std::string_view account);

// --- Stored ---------------------------------------------------------------------------------------------------------

struct TotpState {
  bool enabled = false;
  std::string secret_base32;  // empty when the account has no authenticator
  std::optional<db::UnixSeconds> enabled_at;
};
TotpState FindTotp(db::Tx& tx, std::int64_t user_id);
bool HasTotp(db::Tx& tx, std::int64_t user_id);
// Starts (or restarts) an enrolment with a new secret of 20 random bytes, returned as base32. An enabled
// authenticator is not replaced (returns its state unchanged: disable it first).
TotpState BeginTotp(db::Tx& tx, std::int64_t user_id, db::UnixSeconds now);
// Enables an authenticator with a given secret at once (the demo's platform administrator, whose secret is
// published so that the browser tests can compute its codes: never for a real account).
void EnableTotpWithSecret(db::Tx& tx, std::int64_t user_id, std::string_view base32_secret, db::UnixSeconds now);
// Enables the begun enrolment if `code` is a code of its secret; false otherwise.
bool ConfirmTotp(db::Tx& tx, std::int64_t user_id, std::string_view code, db::UnixSeconds now);
// Accepts `code` once for an enabled authenticator (stores its step); false for a wrong or used code.
bool UseTotp(db::Tx& tx, std::int64_t user_id, std::string_view code, db::UnixSeconds now);
// Removes the authenticator and the recovery codes.
void DisableTotp(db::Tx& tx, std::int64_t user_id);
// Ten new recovery codes ("xxxxx-xxxxx", lower-case base32) replacing any earlier ones; only their hashes are stored.
std::vector<std::string> NewRecoveryCodes(db::Tx& tx, std::int64_t user_id);
// Uses a recovery code once (case and dashes as typed do not matter); false if unknown or used.
bool UseRecoveryCode(db::Tx& tx, std::int64_t user_id, std::string_view code, db::UnixSeconds now);
int UnusedRecoveryCodes(db::Tx& tx, std::int64_t user_id);

// The login step between a right password and the second factor, bound to the browser's cookie value.
struct PendingSecondFactor {
  std::int64_t user_id = 0;
  std::string next_target;
  int attempts = 0;
};
void BeginSecondFactor(db::Tx& tx, std::string_view browser_token, std::int64_t user_id, std::string_view next,
                       db::UnixSeconds now);
std::optional<PendingSecondFactor> FindSecondFactor(db::Tx& tx, std::string_view browser_token, db::UnixSeconds now);
// Counts a wrong code; returns the attempts now made.
int CountSecondFactorAttempt(db::Tx& tx, std::string_view browser_token);
void EndSecondFactor(db::Tx& tx, std::string_view browser_token);
int PurgeSecondFactors(db::Tx& tx, db::UnixSeconds now);

// accounts::HasRole counts a role only where the tenant does not ask for the second factor or the account has an
// authenticator enabled; IsGranted tells whether the role is granted whatever the tenant asks (role administration,
// the last-admin rule).
bool IsGranted(db::Tx& tx, std::int64_t user_id, std::int64_t tenant_id, Role role);
// Whether the account is a platform administrator, whatever its session (accounts::FindSession gives a session
// without two factors `is_platform_admin == false`).
bool IsPlatformAdminAccount(db::Tx& tx, std::int64_t user_id);

// Whether the account has a role in a tenant that asks for the second factor, and no authenticator (its roles there
// do not count until it enrols one).
bool TenantRolesWaitForSecondFactor(db::Tx& tx, std::int64_t user_id);

// Whether a tenant asks its role holders for the second factor.
bool TenantRequiresSecondFactor(db::Tx& tx, std::int64_t tenant_id);
void SetTenantRequiresSecondFactor(db::Tx& tx, std::int64_t tenant_id, bool required);

}  // namespace mw::accounts
