#include "platform/accounts/second_factor.hpp"

#include <liboath/oath.h>
#include <sodium.h>

#include <cctype>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include "platform/core/crypto.hpp"

namespace mw::accounts {
namespace {

constexpr std::size_t kSecretBytes = 20;

std::string RandomBytes(std::size_t count) {
  InitCrypto();
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

void InitOath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath could not be initialised");
  });
}

// The code as typed without spaces, or empty if it holds anything but digits.
std::string DigitsOnly(std::string_view code) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return {};
    digits.push_back(c);
  }
  return digits;
}

// A recovery code as stored (hashed): lower case, without dashes and spaces.
std::string NormalizedRecoveryCode(std::string_view code) {
  std::string normalized;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    normalized.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return normalized;
}

std::string QueryPart(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::string TotpCode(std::string_view secret, std::int64_t step, int digits) {
  InitOath();
  char output[16] = {};
  // liboath takes "now" and the step size; the start of step `step` is step * 30 seconds.
  int rc = oath_totp_generate2(secret.data(), secret.size(), static_cast<time_t>(step * kTotpStepSeconds),
                               kTotpStepSeconds, 0, static_cast<unsigned>(digits), 0, output);
  if (rc != OATH_OK) throw std::runtime_error(std::string("liboath: ") + oath_strerror(rc));
  return output;
}

std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, db::UnixSeconds now,
                                      std::int64_t last_step) {
  std::string digits = DigitsOnly(code);
  if (digits.size() != static_cast<std::size_t>(kTotpDigits) || secret.empty()) return std::nullopt;
  std::int64_t current = now / kTotpStepSeconds;
  std::optional<std::int64_t> matched;
  // Every candidate is computed and compared in constant time, so the answer time tells nothing about which matched.
  for (std::int64_t step = current - 1; step <= current + 1; ++step) {
    bool equal = ConstantTimeEquals(TotpCode(secret, step), digits);
    if (equal && step > last_step && !matched) matched = step;
  }
  return matched;
}

std::string Base32Encode(std::string_view bytes) {
  InitOath();
  char* out = nullptr;
  size_t out_length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &out, &out_length) != OATH_OK) {
    throw std::runtime_error("base32 encoding failed");
  }
  std::string encoded(out, out_length);
  std::free(out);
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  InitOath();
  std::string padded(text);
  while (padded.size() % 8 != 0) padded.push_back('=');
  char* out = nullptr;
  size_t out_length = 0;
  if (oath_base32_decode(padded.data(), padded.size(), &out, &out_length) != OATH_OK) return std::nullopt;
  std::string decoded(out, out_length);
  std::free(out);
  return decoded;
}

std::string GroupedForTyping(std::string_view base32) {
  std::string grouped;
  for (std::size_t index = 0; index < base32.size(); ++index) {
    if (index > 0 && index % 4 == 0) grouped.push_back(' ');
    grouped.push_back(base32[index]);
  }
  return grouped;
}

std::string TotpUri(std::string_view base32_secret, std::string_view issuer, std::string_view account) {
  return "otpauth://totp/" + QueryPart(issuer) + ":" + QueryPart(account) + "?secret=" + std::string(base32_secret) +
         "&issuer=" + QueryPart(issuer) + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

TotpState FindTotp(db::Tx& tx, std::int64_t user_id) {
  auto row = tx.QueryOne("SELECT secret, enabled_at FROM account_totp WHERE user_id = ?", {user_id});
  if (!row) return {};
  TotpState state;
  state.secret_base32 = row->Text(0);
  if (!row->IsNull(1)) state.enabled_at = row->Int(1);
  state.enabled = state.enabled_at.has_value();
  return state;
}

bool HasTotp(db::Tx& tx, std::int64_t user_id) {
  return tx.QueryOne("SELECT 1 FROM account_totp WHERE user_id = ? AND enabled_at IS NOT NULL", {user_id}).has_value();
}

TotpState BeginTotp(db::Tx& tx, std::int64_t user_id, db::UnixSeconds now) {
  TotpState existing = FindTotp(tx, user_id);
  if (existing.enabled) return existing;
  std::string secret = Base32Encode(RandomBytes(kSecretBytes));
  tx.Exec("DELETE FROM account_totp WHERE user_id = ?", {user_id});
  tx.Exec("INSERT INTO account_totp (user_id, secret, created_at, enabled_at, last_step) VALUES (?, ?, ?, NULL, 0)",
          {user_id, secret, now});
  return TotpState{.enabled = false, .secret_base32 = secret};
}

void EnableTotpWithSecret(db::Tx& tx, std::int64_t user_id, std::string_view base32_secret, db::UnixSeconds now) {
  tx.Exec("DELETE FROM account_totp WHERE user_id = ?", {user_id});
  tx.Exec("INSERT INTO account_totp (user_id, secret, created_at, enabled_at, last_step) VALUES (?, ?, ?, ?, 0)",
          {user_id, std::string(base32_secret), now, now});
}

bool ConfirmTotp(db::Tx& tx, std::int64_t user_id, std::string_view code, db::UnixSeconds now) {
  TotpState state = FindTotp(tx, user_id);
  if (state.secret_base32.empty() || state.enabled) return false;
  auto secret = Base32Decode(state.secret_base32);
  if (!secret) return false;
  auto step = MatchTotp(*secret, code, now, 0);
  if (!step) return false;
  tx.Exec("UPDATE account_totp SET enabled_at = ?, last_step = ? WHERE user_id = ?", {now, *step, user_id});
  return true;
}

bool UseTotp(db::Tx& tx, std::int64_t user_id, std::string_view code, db::UnixSeconds now) {
  auto row =
      tx.QueryOne("SELECT secret, last_step FROM account_totp WHERE user_id = ? AND enabled_at IS NOT NULL", {user_id});
  if (!row) return false;
  auto secret = Base32Decode(row->Text(0));
  if (!secret) return false;
  auto step = MatchTotp(*secret, code, now, row->Int(1));
  if (!step) return false;
  // The condition on last_step makes two requests with the same code at once accept it only once.
  return tx.Exec("UPDATE account_totp SET last_step = ? WHERE user_id = ? AND last_step < ?", {*step, user_id, *step}) >
         0;
}

void DisableTotp(db::Tx& tx, std::int64_t user_id) {
  tx.Exec("DELETE FROM account_totp WHERE user_id = ?", {user_id});
  tx.Exec("DELETE FROM account_recovery_code WHERE user_id = ?", {user_id});
}

std::vector<std::string> NewRecoveryCodes(db::Tx& tx, std::int64_t user_id) {
  tx.Exec("DELETE FROM account_recovery_code WHERE user_id = ?", {user_id});
  std::vector<std::string> codes;
  for (int index = 0; index < kRecoveryCodeCount; ++index) {
    // 50 random bits: ten base32 letters.
    std::string letters = Base32Encode(RandomBytes(7)).substr(0, 10);
    for (char& c : letters) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string code = letters.substr(0, 5) + "-" + letters.substr(5);
    tx.Exec("INSERT INTO account_recovery_code (user_id, code_hash, used_at) VALUES (?, ?, NULL)",
            {user_id, Sha256Hex(NormalizedRecoveryCode(code))});
    codes.push_back(std::move(code));
  }
  return codes;
}

bool UseRecoveryCode(db::Tx& tx, std::int64_t user_id, std::string_view code, db::UnixSeconds now) {
  std::string normalized = NormalizedRecoveryCode(code);
  if (normalized.size() != 10) return false;
  return tx.Exec("UPDATE account_recovery_code SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                 {now, user_id, Sha256Hex(normalized)}) > 0;
}

int UnusedRecoveryCodes(db::Tx& tx, std::int64_t user_id) {
  auto row = tx.QueryOne("SELECT COUNT(*) FROM account_recovery_code WHERE user_id = ? AND used_at IS NULL", {user_id});
  return row ? static_cast<int>(row->Int(0)) : 0;
}

void BeginSecondFactor(db::Tx& tx, std::string_view browser_token, std::int64_t user_id, std::string_view next,
                       db::UnixSeconds now) {
  std::string browser_hash = Sha256Hex(browser_token);
  tx.Exec("DELETE FROM login_second_factor WHERE browser_hash = ?", {browser_hash});
  tx.Exec(
      "INSERT INTO login_second_factor (browser_hash, user_id, next_target, expires_at, attempts) "
      "VALUES (?, ?, ?, ?, 0)",
      {browser_hash, user_id, std::string(next), now + kSecondFactorPendingLifetime});
}

std::optional<PendingSecondFactor> FindSecondFactor(db::Tx& tx, std::string_view browser_token, db::UnixSeconds now) {
  if (browser_token.empty() || browser_token.size() > 128) return std::nullopt;
  auto row = tx.QueryOne(
      "SELECT user_id, next_target, attempts FROM login_second_factor "
      "WHERE browser_hash = ? AND expires_at > ?",
      {Sha256Hex(browser_token), now});
  if (!row) return std::nullopt;
  return PendingSecondFactor{
      .user_id = row->Int(0), .next_target = row->Text(1), .attempts = static_cast<int>(row->Int(2))};
}

int CountSecondFactorAttempt(db::Tx& tx, std::string_view browser_token) {
  std::string browser_hash = Sha256Hex(browser_token);
  tx.Exec("UPDATE login_second_factor SET attempts = attempts + 1 WHERE browser_hash = ?", {browser_hash});
  auto row = tx.QueryOne("SELECT attempts FROM login_second_factor WHERE browser_hash = ?", {browser_hash});
  return row ? static_cast<int>(row->Int(0)) : kSecondFactorAttempts;
}

void EndSecondFactor(db::Tx& tx, std::string_view browser_token) {
  tx.Exec("DELETE FROM login_second_factor WHERE browser_hash = ?", {Sha256Hex(browser_token)});
}

int PurgeSecondFactors(db::Tx& tx, db::UnixSeconds now) {
  return static_cast<int>(tx.Exec("DELETE FROM login_second_factor WHERE expires_at <= ?", {now}));
}

bool IsPlatformAdminAccount(db::Tx& tx, std::int64_t user_id) {
  auto row = tx.QueryOne("SELECT is_platform_admin FROM app_user WHERE id = ?", {user_id});
  return row && row->Int(0) != 0;
}

bool TenantRolesWaitForSecondFactor(db::Tx& tx, std::int64_t user_id) {
  return !HasTotp(tx, user_id) && tx.QueryOne(
                                        "SELECT 1 FROM role_grant g JOIN tenant t ON t.id = g.tenant_id "
                                        "WHERE g.user_id = ? AND t.require_second_factor = 1",
                                        {user_id})
                                      .has_value();
}

bool TenantRequiresSecondFactor(db::Tx& tx, std::int64_t tenant_id) {
  auto row = tx.QueryOne("SELECT require_second_factor FROM tenant WHERE id = ?", {tenant_id});
  return row && row->Int(0) != 0;
}

void SetTenantRequiresSecondFactor(db::Tx& tx, std::int64_t tenant_id, bool required) {
  tx.Exec("UPDATE tenant SET require_second_factor = ? WHERE id = ?", {required ? 1 : 0, tenant_id});
}

}  // namespace mw::accounts
