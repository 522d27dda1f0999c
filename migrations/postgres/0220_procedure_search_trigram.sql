-- The overview's text search (`/verfahren?q=…`, the tenant's list, `/api/v1/procedures?q=…`) finds a procedure whose
-- title or description contains the words as typed: `LOWER(title) LIKE '%…%' OR LOWER(description) LIKE '%…%'`.
-- Without an index that reads every procedure row, descriptions included, on each search (5,600 rows at Land scale).
-- Trigram GIN indexes (pg_trgm, part of Debian's postgresql package; a trusted extension, so the database's owner may
-- create it) serve exactly these LIKE patterns. See docs/operations.md, "The PostgreSQL database".
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
-- The operator class is named with the extension's schema, wherever an administrator installed it: the schema of the
-- tables need not be on the same search path.
DO $$
DECLARE
  trgm_schema text;
BEGIN
  SELECT n.nspname INTO trgm_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  EXECUTE format('CREATE INDEX procedure_title_trigram ON procedure USING gin (LOWER(title) %I.gin_trgm_ops)',
                 trgm_schema);
  EXECUTE format('CREATE INDEX procedure_description_trigram ON procedure USING gin (LOWER(description) %I.gin_trgm_ops)',
                 trgm_schema);
END
$$;
