-- Login with a Land's identity service (OpenID Connect, #15, docs/identity.md).
--
-- identity_login: one login attempt from the moment the portal sends the browser to the provider until it comes
-- back (10 minutes at most, used once). Stored by the SHA-256 of `state`, bound to the browser that started it by
-- the SHA-256 of a cookie of its own (browser_hash), so that a callback with another browser's state is refused.
-- purpose 'link': a logged-in account (user_id) links the provider instead of logging in.
CREATE TABLE identity_login (
  state_hash    TEXT PRIMARY KEY,
  browser_hash  TEXT NOT NULL,
  provider      TEXT NOT NULL,
  purpose       TEXT NOT NULL CHECK (purpose IN ('login', 'link')),
  user_id       INTEGER REFERENCES app_user(id) ON DELETE CASCADE,
  nonce         TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  next_target   TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  used_at       INTEGER
);
CREATE INDEX identity_login_expiry ON identity_login(expires_at);

-- How a session began: by password (provider '') or by a provider login, with the trust level it gave, the ID token
-- (the id_token_hint of the logout at the provider) and the provider's subject and session id (its back-channel
-- logout names them).
ALTER TABLE user_session ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE user_session ADD COLUMN trust_level TEXT NOT NULL DEFAULT 'basic';
ALTER TABLE user_session ADD COLUMN provider_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE user_session ADD COLUMN provider_sid TEXT NOT NULL DEFAULT '';
ALTER TABLE user_session ADD COLUMN id_token TEXT NOT NULL DEFAULT '';
CREATE INDEX user_session_provider ON user_session(provider, provider_subject);
