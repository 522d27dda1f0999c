-- Redaction review (issue #11 item 12, issue #12 item 13): nothing a citizen wrote is published automatically. A case
-- worker reviews each statement of a procedure that publishes statements, blacks out personal data ("[…]", checked
-- against the original: only blackouts, no rewording) and decides: published or withheld. The public statements page
-- and the published weighing result show only published statements, in the stored redacted form.

-- The author agrees that the text may be published without name and address (publish_consent stays: an
-- organisation agrees to be named). Existing statements have not agreed.
ALTER TABLE procedure_statement ADD COLUMN publish_text_consent INTEGER NOT NULL DEFAULT 0;

-- The decision per statement; a later decision replaces it (withheld can become published and back).
CREATE TABLE procedure_statement_publication (
  statement_id  INTEGER PRIMARY KEY REFERENCES procedure_statement(id),
  state         TEXT NOT NULL CHECK (state IN ('published', 'withheld')),
  redacted_text TEXT NOT NULL DEFAULT '',  -- the text as published ('' when withheld without a text)
  spans         TEXT NOT NULL DEFAULT '[]', -- JSON [[begin, end, kind], …]: byte offsets of the blackouts in the original
  note          TEXT NOT NULL DEFAULT '',
  reviewed_by   INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  reviewed_at   INTEGER NOT NULL
);
