-- An account's links to identity providers (#15): (provider key, subject) names a person at a provider and belongs
-- to at most one account. An account may have no password at all (password_hash ''); then its links are its only
-- way in, and the last one cannot be removed.
CREATE TABLE account_link (
  provider      TEXT NOT NULL,
  subject       TEXT NOT NULL,
  user_id       INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  created_at    INTEGER NOT NULL,
  last_login_at INTEGER,
  trust_level   TEXT NOT NULL DEFAULT 'basic',
  PRIMARY KEY (provider, subject)
);
CREATE INDEX account_link_user ON account_link(user_id);
