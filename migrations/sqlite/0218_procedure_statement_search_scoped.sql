-- The full-text index of statements (0205) per procedure, filled when a statement is stored. Every indexed term now
-- carries its procedure ("3816x" + stem, search.hpp ProcedureStems), and so does every query term, so that a search
-- scans only its own procedure's terms: before, a prefix query such as "larm"* merged the postings of the whole
-- installation and the procedure was kept afterwards. procedures::Submit indexes each new statement in its own
-- transaction; the inbox no longer fills the index. See docs/procedures/backoffice.md.

-- Statements stored before this migration whose inbox was never opened since are not in the index: they wait here
-- (the stems are computed in C++) and are indexed at the next view of their procedure's inbox
-- (procedures::IndexUnindexedStatements).
CREATE TABLE procedure_statement_unindexed (
  statement_id INTEGER PRIMARY KEY REFERENCES procedure_statement(id),
  procedure_id INTEGER NOT NULL REFERENCES procedure(id)
);
CREATE INDEX procedure_statement_unindexed_procedure ON procedure_statement_unindexed(procedure_id);
INSERT INTO procedure_statement_unindexed (statement_id, procedure_id)
  SELECT s.id, s.procedure_id FROM procedure_statement s
  WHERE NOT EXISTS (SELECT 1 FROM procedure_statement_fts f WHERE f.rowid = s.id);

-- The indexed ones are re-indexed with their procedure: the stored stems are single-space separated (GermanStems),
-- so prefixing each is a replace.
ALTER TABLE procedure_statement_fts RENAME TO procedure_statement_fts_unscoped;
CREATE VIRTUAL TABLE procedure_statement_fts USING fts5(stems, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO procedure_statement_fts (rowid, stems)
  SELECT f.rowid,
         CASE WHEN f.stems = '' THEN ''
              ELSE s.procedure_id || 'x' || replace(f.stems, ' ', ' ' || s.procedure_id || 'x') END
  FROM procedure_statement_fts_unscoped f JOIN procedure_statement s ON s.id = f.rowid;
DROP TABLE procedure_statement_fts_unscoped;
INSERT INTO procedure_statement_fts (procedure_statement_fts) VALUES ('optimize');
