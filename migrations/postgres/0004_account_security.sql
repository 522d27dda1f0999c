-- Account security (issue #11): one-time unlock links for a login lock (purpose 'unlock'), and organisation
-- membership by invitation. Existing members keep their membership (app_user.organisation_id is untouched).

ALTER TABLE user_token DROP CONSTRAINT user_token_purpose_check;
ALTER TABLE user_token ADD CONSTRAINT user_token_purpose_check
  CHECK (purpose IN ('confirm', 'reset', 'api', 'unlock'));

-- An invitation to join an organisation, sent to an address (whether or not it has an account yet). Stored by the
-- SHA-256 of the link's secret. The invited person accepts or declines while logged in with that address; until
-- then the organisation learns nothing about the person.
CREATE TABLE organisation_invitation (
  token_hash      TEXT PRIMARY KEY,
  organisation_id BIGINT NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,
  email           TEXT NOT NULL,
  invited_by      BIGINT REFERENCES app_user(id) ON DELETE SET NULL,
  created_at      BIGINT NOT NULL,
  expires_at      BIGINT NOT NULL,
  answered_at     BIGINT,
  answer          TEXT CHECK (answer IN ('accepted', 'declined'))
);
CREATE INDEX organisation_invitation_org ON organisation_invitation(organisation_id);
CREATE INDEX organisation_invitation_email ON organisation_invitation(email);
