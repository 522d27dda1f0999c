-- The back office of formal procedures (Abwägung): the case workers' work state of each statement, tags, the
-- statement's sections with the authority's response to each, the tenant's reusable text blocks and the full-text
-- index of statements. See docs/procedures/backoffice.md.

-- Work state of a statement; a statement without a row is "new" and unassigned.
CREATE TABLE procedure_statement_work (
  statement_id INTEGER PRIMARY KEY REFERENCES procedure_statement(id),
  status       TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
  assignee_id  INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  updated_by   INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX procedure_statement_work_assignee ON procedure_statement_work(assignee_id);

-- Tags (Schlagworte, Themen) of a procedure and the statements carrying them.
CREATE TABLE procedure_tag (
  id           INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL REFERENCES procedure(id),
  name         TEXT NOT NULL,
  UNIQUE (procedure_id, name)
);
CREATE TABLE procedure_statement_tag (
  statement_id INTEGER NOT NULL REFERENCES procedure_statement(id),
  tag_id       INTEGER NOT NULL REFERENCES procedure_tag(id),
  PRIMARY KEY (statement_id, tag_id)
);
CREATE INDEX procedure_statement_tag_tag ON procedure_statement_tag(tag_id);

-- Sections of a statement and the authority's response (Abwägung) to each. Position 0 is the implicit section "the
-- whole statement" (excerpt empty) of a statement that was not split; positions 1, 2, … are the sections of a split,
-- whose excerpts together are the statement's text (the statement itself is never changed).
CREATE TABLE procedure_statement_section (
  statement_id INTEGER NOT NULL REFERENCES procedure_statement(id),
  position     INTEGER NOT NULL,
  excerpt      TEXT NOT NULL DEFAULT '',
  response     TEXT NOT NULL DEFAULT '',
  response_by  INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  response_at  INTEGER,
  PRIMARY KEY (statement_id, position)
);

-- Reusable text blocks (Textbausteine) of a tenant's case workers.
CREATE TABLE procedure_text_block (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  title      TEXT NOT NULL,
  text       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX procedure_text_block_tenant ON procedure_text_block(tenant_id, title);

-- Full-text index of statements (rowid = statement id): the Snowball German stems of author, organisation and text,
-- computed in C++ (search.hpp), filled before each search for the statements not yet in it.
CREATE VIRTUAL TABLE procedure_statement_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 0');
