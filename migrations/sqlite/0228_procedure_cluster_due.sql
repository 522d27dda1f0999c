-- The clustering job (procedures::ProceduresToRecluster, every minute) found the procedures whose groups are out of
-- date by aggregating every statement per procedure (newest id, number submitted) and comparing with the last run:
-- 500,000 index entries, 0.19 s of CPU every minute at Land scale, which fell on whatever requests ran then. Now a
-- stored statement and a change of its state mark its procedure here (triggers, so that no way of writing a
-- statement is missed), the job reads only the marked procedures, and a run removes the mark when nothing changed
-- since it read the statements (procedures::ApplyGroups).
CREATE TABLE procedure_cluster_due (
  procedure_id INTEGER PRIMARY KEY REFERENCES procedure(id)
);

CREATE TRIGGER procedure_cluster_due_insert AFTER INSERT ON procedure_statement BEGIN
  INSERT INTO procedure_cluster_due (procedure_id) VALUES (new.procedure_id) ON CONFLICT (procedure_id) DO NOTHING;
END;
CREATE TRIGGER procedure_cluster_due_state AFTER UPDATE OF state ON procedure_statement
WHEN old.state IS NOT new.state BEGIN
  INSERT INTO procedure_cluster_due (procedure_id) VALUES (new.procedure_id) ON CONFLICT (procedure_id) DO NOTHING;
END;

-- What the old question found due now.
INSERT INTO procedure_cluster_due (procedure_id)
  SELECT s.procedure_id FROM (SELECT procedure_id, MAX(id) AS last_id,
                                     SUM(CASE WHEN state = 'submitted' THEN 1 ELSE 0 END) AS submitted
                              FROM procedure_statement GROUP BY procedure_id) s
  LEFT JOIN procedure_cluster_run r ON r.procedure_id = s.procedure_id
  WHERE s.last_id > COALESCE(r.last_statement_id, 0) OR s.submitted <> COALESCE(r.statements, -1);
