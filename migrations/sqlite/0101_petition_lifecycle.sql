-- Petitions: per-tenant settings, co-initiators, the steps after closing (committee hand-over, official response),
-- a moderator's request for changes, and the signer's full address and wish to be told the response.
-- A tenant without a row has the defaults: petitions enabled, quorum 1000, six weeks, postcode only,
-- five co-initiators, personal data of signers deleted 365 days after closing.

CREATE TABLE petition_settings (
  tenant_id       INTEGER PRIMARY KEY REFERENCES tenant(id),
  enabled         INTEGER NOT NULL DEFAULT 1,
  quorum          INTEGER NOT NULL,
  period_days     INTEGER NOT NULL,
  require_address INTEGER NOT NULL DEFAULT 0,
  co_initiators   INTEGER NOT NULL,
  retention_days  INTEGER NOT NULL
);

ALTER TABLE petition ADD COLUMN invite_token TEXT NOT NULL DEFAULT '';
ALTER TABLE petition ADD COLUMN changes_requested TEXT NOT NULL DEFAULT '';
ALTER TABLE petition ADD COLUMN closed_at INTEGER;
ALTER TABLE petition ADD COLUMN handed_over_at INTEGER;
ALTER TABLE petition ADD COLUMN response_text TEXT NOT NULL DEFAULT '';
ALTER TABLE petition ADD COLUMN responded_at INTEGER;

CREATE TABLE petition_coinitiator (
  petition_id INTEGER NOT NULL REFERENCES petition(id),
  user_id     INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  joined_at   INTEGER NOT NULL,
  PRIMARY KEY (petition_id, user_id)
);

ALTER TABLE petition_signature ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE petition_signature ADD COLUMN notify INTEGER NOT NULL DEFAULT 0;
