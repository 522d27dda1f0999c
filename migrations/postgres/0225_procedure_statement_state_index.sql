-- The clustering job (procedures::ProceduresToRecluster, every minute) asks per procedure for its newest statement
-- and its number of submitted statements, to find procedures whose groups are out of date. With only
-- procedure_statement_procedure (procedure, received_at) the state was read from every statement's row: at Land
-- scale 500,000 row reads, 1.5 s per run. This index holds both (the id is in every index entry), so the question is
-- answered from the index alone, in index order, without a temporary sort (0.2 s).
CREATE INDEX procedure_statement_state ON procedure_statement(procedure_id, state);
