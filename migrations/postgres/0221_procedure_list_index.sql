-- The overview's filters and its count (procedures::ListWhere: phase, the dates that make the status, type, tenant)
-- from one index that holds every column they read, so that neither the count nor the choice of a page's rows reads a
-- procedure row: at Land scale (5,600 procedures, 12 MB of rows with their texts) `?type=…&status=evaluation` read
-- thousands of rows for its COUNT(*) to look at their type and objection end. The page's own rows are read after the
-- choice (procedures::List), 20 at a time. It begins with the columns of procedure_phase (0200), which it replaces:
-- with both, the planner took the narrower one for its order and read a row for each candidate's type and dates.
DROP INDEX procedure_phase;
CREATE INDEX procedure_list ON procedure(phase, display_start, objection_end, type, tenant_id, published_at, created_at);
