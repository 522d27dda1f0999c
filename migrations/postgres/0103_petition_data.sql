-- Petitions: the deletion of signers' personal data after the tenant's retention period (petition_settings).
-- Deletion anonymises the signature rows in place rather than deleting them: e-mail and token become the
-- non-personal, unique placeholder 'deleted:<id>', name, address and IP are emptied and the postcode is cut to its
-- two-digit region. State and times stay, so the count, the counts per region and the rows' history survive.
-- personal_data_deleted_at marks a petition whose signatures are all anonymised.

ALTER TABLE petition ADD COLUMN personal_data_deleted_at BIGINT;

-- A citizen's data export (Art. 15 DSGVO) finds their signatures by the account's address.
CREATE INDEX petition_signature_email ON petition_signature(email_normalized);
