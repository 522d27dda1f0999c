-- A change of an account's e-mail address (#14 item 10): a one-time link to the new address (purpose 'email'); the
-- address the link confirms is kept beside it (email), the account's own address changes only when the link is used.

ALTER TABLE user_token DROP CONSTRAINT user_token_purpose_check;
ALTER TABLE user_token ADD CONSTRAINT user_token_purpose_check
  CHECK (purpose IN ('confirm', 'reset', 'api', 'unlock', 'email'));
ALTER TABLE user_token ADD COLUMN email TEXT NOT NULL DEFAULT '';
