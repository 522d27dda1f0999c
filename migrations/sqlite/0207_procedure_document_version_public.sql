-- A version of a document that a newer one replaced is no longer public unless the editors say so (docs/security.md,
-- "Files and PDFs"): a superseded version may have been replaced because it held what must not be published
-- (personal data, a wrong plan). The current version is always public while its document is. Existing superseded
-- versions become non-public too; the editors' documents page shows them and makes them public again by a checkbox.
ALTER TABLE procedure_document_version ADD COLUMN superseded_public INTEGER NOT NULL DEFAULT 0;
