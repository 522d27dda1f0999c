-- Issue #12 item 14: the published weighing result (Abwägungsergebnis) is frozen. Publishing stores the table as
-- published (number, submitter, excerpt, response, in German) as version 1; publishing again after a correction adds
-- the next, dated version. Versions are never changed or deleted; the public page and PDF serve them, never a live
-- render of the back office's table.
CREATE TABLE procedure_result_version (
  procedure_id  BIGINT NOT NULL REFERENCES procedure(id),
  version       BIGINT NOT NULL,
  rows_json     TEXT NOT NULL,  -- JSON [{"number", "submitter", "excerpt", "response"}]
  published_at  BIGINT NOT NULL,
  published_by  BIGINT REFERENCES app_user(id) ON DELETE SET NULL,
  PRIMARY KEY (procedure_id, version)
);

-- Issue #12 item 10 (§ 12 Abs. 2 der 9. BImSchV): the person asked that name and address be made unrecognisable
-- before the objection is forwarded to the applicant; the back office's export for the applicant honours it.
ALTER TABLE procedure_statement ADD COLUMN conceal_from_applicant INTEGER NOT NULL DEFAULT 0;
