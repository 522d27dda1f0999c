-- Issue #12 item 15: the public notice of the decision. How the procedure ended ('granted', 'rejected', or 'ended'
-- without a decision on the application), the instructions on remedies (Rechtsbehelfsbelehrung) and whether the
-- approval carries conditions (Auflagen), which the notice must point to (§ 10 Abs. 8 Satz 2 BImSchG). The operative
-- part stays in decision_text; the day of the notice is the local day of decided_at. Procedures decided before this
-- migration were approvals.
ALTER TABLE procedure ADD COLUMN decision_outcome TEXT NOT NULL DEFAULT 'granted';
ALTER TABLE procedure ADD COLUMN decision_remedies TEXT NOT NULL DEFAULT '';
ALTER TABLE procedure ADD COLUMN decision_conditions INTEGER NOT NULL DEFAULT 0;
