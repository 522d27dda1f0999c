-- Platform core: tenants, accounts, organisations, roles, sessions, tokens, rate limits, audit log, secrets.
-- Times are Unix seconds. Booleans are 0/1.

CREATE TABLE tenant (
  id            INTEGER PRIMARY KEY,
  slug          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('land', 'kreis', 'gemeinde', 'behoerde')),
  land          TEXT NOT NULL,
  parent_id     INTEGER REFERENCES tenant(id),
  ags           TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  address       TEXT NOT NULL DEFAULT '',
  website       TEXT NOT NULL DEFAULT '',
  logo_path     TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL
);
CREATE INDEX tenant_parent ON tenant(parent_id);

CREATE TABLE organisation (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE app_user (
  id                 INTEGER PRIMARY KEY,
  email              TEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  password_hash      TEXT NOT NULL,
  organisation_id    INTEGER REFERENCES organisation(id),
  is_org_admin       INTEGER NOT NULL DEFAULT 0,
  is_platform_admin  INTEGER NOT NULL DEFAULT 0,
  email_confirmed_at INTEGER,
  created_at         INTEGER NOT NULL,
  last_login_at      INTEGER,
  inactive_since     INTEGER,
  locale             TEXT NOT NULL DEFAULT 'de'
);
CREATE INDEX app_user_org ON app_user(organisation_id);
CREATE INDEX app_user_last_login ON app_user(last_login_at);

CREATE TABLE role_grant (
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'case-worker', 'moderator')),
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, tenant_id, role)
);
CREATE INDEX role_grant_tenant ON role_grant(tenant_id);

-- Sessions are stored by the SHA-256 of the cookie value, so that a leaked table does not leak live sessions.
CREATE TABLE user_session (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX user_session_user ON user_session(user_id);
CREATE INDEX user_session_expiry ON user_session(expires_at);

-- One-time and API tokens (purpose: confirm, reset, api), also stored hashed.
CREATE TABLE user_token (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset', 'api')),
  label      TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  used_at    INTEGER
);
CREATE INDEX user_token_user ON user_token(user_id, purpose);

-- Fixed-window counters shared by all server processes.
CREATE TABLE rate_limit (
  bucket       TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  hits         INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- Append-only record of administrative actions and submissions.
CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  at            INTEGER NOT NULL,
  actor_user_id INTEGER,
  actor_label   TEXT NOT NULL,
  tenant_id     INTEGER,
  action        TEXT NOT NULL,
  object        TEXT NOT NULL DEFAULT '',
  detail        TEXT NOT NULL DEFAULT '',
  remote_ip     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_tenant ON audit_log(tenant_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
