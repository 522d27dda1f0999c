-- A change of an account's e-mail address (#14 item 10): a one-time link to the new address (purpose 'email'); the
-- address the link confirms is kept beside it (email), the account's own address changes only when the link is used.

-- SQLite cannot change a CHECK constraint in place: the token table is rebuilt with the new purpose and column.
CREATE TABLE user_token_new (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'api', 'unlock', 'email')),
  label      TEXT NOT NULL DEFAULT '',
  email      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  used_at    INTEGER
);
INSERT INTO user_token_new (token_hash, user_id, purpose, label, created_at, expires_at, used_at)
  SELECT token_hash, user_id, purpose, label, created_at, expires_at, used_at FROM user_token;
DROP TABLE user_token;
ALTER TABLE user_token_new RENAME TO user_token;
CREATE INDEX user_token_user ON user_token(user_id, purpose);
