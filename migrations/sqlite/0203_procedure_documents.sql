-- Documents of formal procedures (docs/procedures/documents.md): chapters, documents, their versions and the bytes of
-- each version in chunks of at most 1 MiB, kept in the database so that every server process serves them without a
-- shared disk. Nothing here is ever deleted by the application: a document taken off the public list keeps its
-- versions and bytes as evidence of what was published. Availability checks prove that the documents were online.

CREATE TABLE procedure_document_chapter (
  id           INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL REFERENCES procedure(id),
  title        TEXT NOT NULL,
  position     INTEGER NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX procedure_document_chapter_procedure ON procedure_document_chapter(procedure_id, position);

CREATE TABLE procedure_document (
  id              INTEGER PRIMARY KEY,
  procedure_id    INTEGER NOT NULL REFERENCES procedure(id),
  chapter_id      INTEGER NOT NULL REFERENCES procedure_document_chapter(id),
  title           TEXT NOT NULL,
  current_version INTEGER NOT NULL DEFAULT 0,  -- number of the version the public page shows
  removed_at      INTEGER,                     -- taken off the public list (bytes and record stay)
  removed_by      INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX procedure_document_procedure ON procedure_document(procedure_id, chapter_id);

CREATE TABLE procedure_document_version (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES procedure_document(id),
  number       INTEGER NOT NULL,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  uploaded_at  INTEGER NOT NULL,
  uploaded_by  INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  note         TEXT NOT NULL DEFAULT '',
  UNIQUE (document_id, number)
);

CREATE TABLE procedure_document_chunk (
  version_id INTEGER NOT NULL REFERENCES procedure_document_version(id),
  seq        INTEGER NOT NULL,
  bytes      BLOB NOT NULL,
  PRIMARY KEY (version_id, seq)
);

-- One availability check of a document's public download URL by the job procedures-check-documents.
CREATE TABLE procedure_document_check (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES procedure_document(id),
  version      INTEGER NOT NULL,          -- the current version at the time of the check
  checked_at   INTEGER NOT NULL,
  ok           INTEGER NOT NULL,          -- 200 and the bytes' SHA-256 matched
  http_status  INTEGER NOT NULL,          -- 0: no answer
  milliseconds INTEGER NOT NULL,
  sha256_match INTEGER NOT NULL,
  error        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procedure_document_check_document ON procedure_document_check(document_id, checked_at);

-- The public base URL under which the checks fetch the documents, written by each server process at start-up
-- (jobs only get the database; see docs/procedures/documents.md).
CREATE TABLE procedure_document_origin (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  base_url   TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
