-- Attachments of statements (Anlagen zu Stellungnahmen): kept in the database with the statement, so that the record
-- and its attachments commit together and a backup of the database holds both. Each at most 10 MB (checked by the
-- handler), at most 5 per statement; the content type is the one recognised from the bytes (uploads.hpp SniffUpload).
CREATE TABLE procedure_statement_attachment (
  id            INTEGER PRIMARY KEY,
  statement_id  INTEGER NOT NULL REFERENCES procedure_statement(id),
  position      INTEGER NOT NULL,            -- 1, 2, … in the order uploaded
  filename      TEXT NOT NULL,               -- SafeFileName of the name the browser sent
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL,               -- hex, shown on the receipt
  bytes         BLOB NOT NULL,
  created_at    INTEGER NOT NULL,
  UNIQUE (statement_id, position)
);
