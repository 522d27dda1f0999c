-- Issue #12 item 8: a repeated participation after a change records why it is repeated and why a period is shortened
-- (repeat_reason), and, for a repeated Planfeststellung with UVP, the shortened last day of the period after the
-- display (§ 22 Abs. 1 Satz 2 UVPG; ISO date, NULL = the full period). The flag `repeated` and `repeated_scope`
-- exist since 0210 and now apply to § 3 Abs. 2 and § 4 Abs. 2 BauGB, § 73 VwVfG and § 10 BImSchG.
ALTER TABLE procedure ADD COLUMN repeat_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure ADD COLUMN shortened_objection_end TEXT;
