-- The second factor of staff accounts (TOTP, RFC 6238; #15 item 4, docs/security.md "Second factor").
--
-- account_totp: one authenticator per account. enabled_at NULL: enrolment begun (the secret shown), not yet
-- confirmed with a first code. last_step: the time step of the last code accepted — a code is used once, so a code
-- of that step or an earlier one is refused. The secret is base32; it never appears in logs or the export.
CREATE TABLE account_totp (
  user_id     INTEGER PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  secret      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  enabled_at  INTEGER,
  last_step   INTEGER NOT NULL DEFAULT 0
);

-- Recovery codes: shown once at enrolment, stored by their SHA-256, each usable once.
CREATE TABLE account_recovery_code (
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  code_hash  TEXT NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, code_hash)
);

-- A login whose password was right and whose second factor is still asked for: bound to the browser by the SHA-256
-- of a cookie of its own, 5 minutes, a few attempts. The session is created only when the code is accepted.
CREATE TABLE login_second_factor (
  browser_hash  TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  next_target   TEXT NOT NULL,
  expires_at    INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_second_factor_expiry ON login_second_factor(expires_at);

-- Per tenant: its role holders need the second factor before they reach the tenant's back office.
ALTER TABLE tenant ADD COLUMN require_second_factor INTEGER NOT NULL DEFAULT 0;
