-- Issue #12 item 12: a case worker may override the late flag of a statement (a letter from the night letter box
-- that arrived in time but was stamped the next morning, an outage of the portal on the last day), with a required
-- reason; the change is recorded in the audit log. `late` stays what the receipt time gave; the override, when set,
-- is the flag that counts (receipt, back office, weighing table, exports).
ALTER TABLE procedure_statement ADD COLUMN late_override BIGINT;  -- NULL: none; 0: in time; 1: late
ALTER TABLE procedure_statement ADD COLUMN late_override_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure_statement ADD COLUMN late_override_by BIGINT REFERENCES app_user(id) ON DELETE SET NULL;
ALTER TABLE procedure_statement ADD COLUMN late_override_at BIGINT;
