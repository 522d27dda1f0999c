-- Petitions: bulk invalidation of suspicious signatures by a moderator, reversible. A batch records who invalidated
-- which group (criteria as JSON: domain, prefix, from, to) and why; each signature it took keeps the batch id and the
-- state it had before, so that undoing the batch restores exactly that state. The shown count stays exact: the batch
-- subtracts the signatures that were already folded (counted = 1), the undo adds them back.

CREATE TABLE petition_invalidation (
  id                  INTEGER PRIMARY KEY,
  petition_id         INTEGER NOT NULL REFERENCES petition(id),
  actor_user_id       INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  actor_label         TEXT NOT NULL,
  reason              TEXT NOT NULL,
  criteria            TEXT NOT NULL,
  signature_count     INTEGER NOT NULL,
  confirmed_count     INTEGER NOT NULL,
  created_at          INTEGER NOT NULL,
  reverted_at         INTEGER,
  reverted_by_user_id INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  reverted_by_label   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX petition_invalidation_petition ON petition_invalidation(petition_id, created_at);

ALTER TABLE petition_signature ADD COLUMN invalidation_id INTEGER REFERENCES petition_invalidation(id);
ALTER TABLE petition_signature ADD COLUMN state_before_invalidation TEXT
  CHECK (state_before_invalidation IN ('pending', 'confirmed'));
CREATE INDEX petition_signature_invalidation ON petition_signature(invalidation_id) WHERE invalidation_id IS NOT NULL;
-- The moderators' overview reads a petition's signatures by time.
CREATE INDEX petition_signature_petition_time ON petition_signature(petition_id, created_at);
