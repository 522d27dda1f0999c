-- § 17 Abs. 1 VwVfG (issue #12 item 11): the common representative of a list or of identical copies is named with
-- name, occupation (Beruf) and address, and only a natural person can be one. `representative` keeps the name; the
-- occupation and the address get columns of their own (on the statement entered from a paper list and on the
-- mass-objection cluster). Existing rows have neither (shown as incomplete, "fehlt").
ALTER TABLE procedure_statement ADD COLUMN representative_occupation TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure_statement ADD COLUMN representative_address TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure_cluster ADD COLUMN representative_occupation TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure_cluster ADD COLUMN representative_address TEXT NOT NULL DEFAULT '';
