-- The full-text search of statements (0205) on a stored vector. The search always asks for one procedure's
-- statements; with the expression index of 0205 the planner took the procedure's index and computed to_tsvector for
-- each of the procedure's statements on every search (478 ms for 11,690 statements at Land scale, twice per page:
-- count and rows). The vector is now computed once when the row is written; the procedure's statements are filtered
-- on it, and the GIN index on it still serves words that are rare in the whole installation.
-- The expression is the one of 0205. See docs/procedures/backoffice.md.
ALTER TABLE procedure_statement ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (to_tsvector('german', author_name || ' ' || organisation_name || ' ' || text)) STORED;
DROP INDEX procedure_statement_fts;
CREATE INDEX procedure_statement_search_vector ON procedure_statement USING gin (search_vector);
