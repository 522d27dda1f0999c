-- Petitions (format range 0100–0199): petitions and their signatures.
-- Times are Unix seconds, booleans 0/1. A signature is an appended row; the shown count (confirmed_count) is folded
-- in batches from confirmed signatures not yet counted (counted = 0), never updated per signature.

CREATE TABLE petition (
  id                INTEGER PRIMARY KEY,
  tenant_id         INTEGER NOT NULL REFERENCES tenant(id),
  initiator_user_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  title             TEXT NOT NULL,
  demand            TEXT NOT NULL,
  justification     TEXT NOT NULL,
  addressee         TEXT NOT NULL DEFAULT '',
  state             TEXT NOT NULL CHECK (state IN ('draft', 'in_moderation', 'published', 'closed', 'answered',
                                                   'archived', 'rejected')),
  quorum            INTEGER NOT NULL,
  period_days       INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  submitted_at      INTEGER,
  published_at      INTEGER,
  closes_at         INTEGER,
  rejection_reason  TEXT NOT NULL DEFAULT '',
  rejection_text    TEXT NOT NULL DEFAULT '',
  confirmed_count   INTEGER NOT NULL DEFAULT 0,
  counted_at        INTEGER
);
CREATE INDEX petition_tenant_state ON petition(tenant_id, state, published_at);
CREATE INDEX petition_state ON petition(state, published_at);

CREATE TABLE petition_signature (
  id               INTEGER PRIMARY KEY,
  petition_id      INTEGER NOT NULL REFERENCES petition(id),
  email_normalized TEXT NOT NULL,
  name             TEXT NOT NULL,
  postcode         TEXT NOT NULL,
  show_public      INTEGER NOT NULL DEFAULT 0,
  token_hash       TEXT NOT NULL UNIQUE,
  state            TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'invalidated')),
  counted          INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  confirmed_at     INTEGER,
  ip               TEXT NOT NULL DEFAULT '',
  UNIQUE (petition_id, email_normalized)
);
-- The fold reads only confirmed signatures not yet counted: a small, moving set.
CREATE INDEX petition_signature_uncounted ON petition_signature(petition_id) WHERE state = 'confirmed' AND counted = 0;
CREATE INDEX petition_signature_pending ON petition_signature(created_at) WHERE state = 'pending';
