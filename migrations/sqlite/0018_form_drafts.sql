-- Drafts of a form that arrived after its sender's session had ended (src/platform/site/drafts.hpp, #14 item 3):
-- what the person wrote, kept for their account only and bound to a random token in a cookie of their browser, until
-- they log in again and open the form (then the row is deleted) or for a day at most (the purge job). A draft is not
-- a submission: nobody receives it and no period counts it. Attachments are never kept.
CREATE TABLE form_draft (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  target     TEXT NOT NULL,
  fields     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX form_draft_user ON form_draft(user_id);
CREATE INDEX form_draft_expiry ON form_draft(expires_at);
