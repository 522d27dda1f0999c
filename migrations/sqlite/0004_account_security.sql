-- Account security (issue #11): one-time unlock links for a login lock (purpose 'unlock'), and organisation
-- membership by invitation. Existing members keep their membership (app_user.organisation_id is untouched).

-- SQLite cannot change a CHECK constraint in place: the token table is rebuilt with the new purpose.
CREATE TABLE user_token_new (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'api', 'unlock')),
  label      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  used_at    INTEGER
);
INSERT INTO user_token_new (token_hash, user_id, purpose, label, created_at, expires_at, used_at)
  SELECT token_hash, user_id, purpose, label, created_at, expires_at, used_at FROM user_token;
DROP TABLE user_token;
ALTER TABLE user_token_new RENAME TO user_token;
CREATE INDEX user_token_user ON user_token(user_id, purpose);

-- An invitation to join an organisation, sent to an address (whether or not it has an account yet). Stored by the
-- SHA-256 of the link's secret. The invited person accepts or declines while logged in with that address; until
-- then the organisation learns nothing about the person.
CREATE TABLE organisation_invitation (
  token_hash      TEXT PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  email           TEXT NOT NULL,
  invited_by      INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  answered_at     INTEGER,
  answer          TEXT CHECK (answer IN ('accepted', 'declined'))
);
CREATE INDEX organisation_invitation_org ON organisation_invitation(organisation_id);
CREATE INDEX organisation_invitation_email ON organisation_invitation(email);
