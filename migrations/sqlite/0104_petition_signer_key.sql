-- Petitions: one signature per person. email_key is the address as SignerKey (model.hpp) reads it — NFKC and case
-- folded, "+tag" removed where the provider delivers plus addresses to the mailbox, Gmail's dots removed — and is
-- what makes a second signature of the same person a duplicate. email_normalized stays the address mails go to.
--
-- Backfill: the rules for ASCII addresses (every address the signing form accepted so far is lower-case ASCII in
-- its letters A–Z; other characters are kept as they are). Existing rows that now share a key are all kept: the
-- oldest keeps the key, the others get " #<id>" appended (a space never occurs in an address), so nothing is
-- deleted automatically; the moderators' check page shows likely duplicates.
ALTER TABLE petition_signature ADD COLUMN email_key TEXT NOT NULL DEFAULT '';

UPDATE petition_signature SET email_key = lower(email_normalized);
UPDATE petition_signature SET email_key = substr(email_key, 1, length(email_key) - length('googlemail.com')) || 'gmail.com'
  WHERE email_key LIKE '%@googlemail.com';
UPDATE petition_signature
  SET email_key = substr(email_key, 1, instr(email_key, '+') - 1) || substr(email_key, instr(email_key, '@'))
  WHERE instr(email_key, '+') > 0 AND instr(email_key, '+') < instr(email_key, '@')
    AND (substr(email_key, instr(email_key, '@') + 1) IN ('gmail.com', 'outlook.com', 'icloud.com', 'me.com',
                                                          'posteo.de', 'mailbox.org')
         OR substr(email_key, instr(email_key, '@') + 1) LIKE 'hotmail.%'
         OR substr(email_key, instr(email_key, '@') + 1) LIKE 'live.%');
UPDATE petition_signature
  SET email_key = replace(substr(email_key, 1, instr(email_key, '@') - 1), '.', '') || substr(email_key, instr(email_key, '@'))
  WHERE email_key LIKE '%@gmail.com';
UPDATE petition_signature SET email_key = email_key || ' #' || CAST(id AS TEXT)
  WHERE EXISTS (SELECT 1 FROM petition_signature earlier
                WHERE earlier.petition_id = petition_signature.petition_id AND earlier.email_key = petition_signature.email_key
                  AND earlier.id < petition_signature.id);
CREATE UNIQUE INDEX petition_signature_key ON petition_signature(petition_id, email_key);
