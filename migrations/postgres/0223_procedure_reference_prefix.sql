-- References unique across the installation (#14 item 4). Every tenant gets a prefix of its own when its first statement
-- after this migration arrives (procedures::ReferencePrefixOf: derived from the slug, chosen once, never changed, even
-- if the slug changes), and new references carry it: "GRI-2026-00042". The UNIQUE on prefix makes two tenants' new
-- references differ; the partial index makes every new reference unique across the installation in the database
-- itself. References issued before ("2026-00042", unique per tenant only: UNIQUE (tenant_id, reference) of 0200) are
-- printed on receipts people keep and stay as they are; their rows keep reference_prefix = ''.
CREATE TABLE procedure_reference_prefix (
  tenant_id  BIGINT PRIMARY KEY REFERENCES tenant(id),
  prefix     TEXT NOT NULL UNIQUE CHECK (length(prefix) BETWEEN 2 AND 8),
  created_at BIGINT NOT NULL
);
ALTER TABLE procedure_statement ADD COLUMN reference_prefix TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX procedure_statement_reference ON procedure_statement(reference) WHERE reference_prefix <> '';
