-- Issue #12 item 9: a Planfeststellung takes objections "schriftlich oder zur Niederschrift" (§ 73 Abs. 4 Satz 1
-- VwVfG); the portal takes them online only where the procedure names the provision that allows it. '' = none.
ALTER TABLE procedure ADD COLUMN online_objection_basis TEXT NOT NULL DEFAULT '';
