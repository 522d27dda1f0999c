-- What the announcement of a formal procedure must say beyond the dates (docs/procedures/legal.md), and the
-- announcement as published: frozen at publication, corrected only by a new dated version (§ 27a VwVfG, § 3 Abs. 2
-- BauGB).

ALTER TABLE procedure ADD COLUMN plan_type TEXT NOT NULL DEFAULT '' CHECK (plan_type IN ('', 'fnp', 'bplan'));
ALTER TABLE procedure ADD COLUMN environmental_info TEXT NOT NULL DEFAULT '';   -- § 3 Abs. 2 Satz 4 BauGB
ALTER TABLE procedure ADD COLUMN site TEXT NOT NULL DEFAULT '';                 -- BImSchG: Standort
ALTER TABLE procedure ADD COLUMN installation TEXT NOT NULL DEFAULT '';         -- BImSchG: Art und Umfang
ALTER TABLE procedure ADD COLUMN operation_start TEXT NOT NULL DEFAULT '';      -- BImSchG: Inbetriebnahme
ALTER TABLE procedure ADD COLUMN reports TEXT NOT NULL DEFAULT '';              -- BImSchG: Berichte, Empfehlungen
ALTER TABLE procedure ADD COLUMN cross_border INTEGER NOT NULL DEFAULT 0;
ALTER TABLE procedure ADD COLUMN repeated INTEGER NOT NULL DEFAULT 0;           -- § 4a Abs. 3 BauGB
ALTER TABLE procedure ADD COLUMN repeated_scope TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure ADD COLUMN last_announcement_date TEXT;                   -- § 9 Abs. 2 9. BImSchV
ALTER TABLE procedure ADD COLUMN filing_municipality TEXT NOT NULL DEFAULT '';  -- § 73 Abs. 4 Satz 1 VwVfG
ALTER TABLE procedure ADD COLUMN filing_ags TEXT NOT NULL DEFAULT '';

-- Each published version of a procedure's announcement. Version 1 is written when the procedure is published; a
-- change of the text afterwards adds the next version with its own date. Rows are never changed or deleted.
CREATE TABLE procedure_announcement (
  id           INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL REFERENCES procedure(id),
  version      INTEGER NOT NULL,
  text         TEXT NOT NULL,
  published_at INTEGER NOT NULL,
  UNIQUE (procedure_id, version)
);
