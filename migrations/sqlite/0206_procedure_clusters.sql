-- Mass objections (Masseneinwendungen): clusters of identical and near-identical statements of a procedure, found by
-- MinHash/LSH (src/formats/procedures/minhash.hpp) and reviewed by case workers. Manual decisions are recorded so
-- that re-clustering never undoes them: a membership set by hand (how = 'manual', from a split or a merge) is never
-- changed by the algorithm, and a statement taken out of a cluster by hand is pinned "not in that cluster".

CREATE TABLE procedure_cluster (
  id             INTEGER PRIMARY KEY,
  procedure_id   INTEGER NOT NULL REFERENCES procedure(id),
  label          TEXT NOT NULL DEFAULT '',
  representative TEXT NOT NULL DEFAULT '',   -- § 17 VwVfG: the common representative of the signatories
  manual         INTEGER NOT NULL DEFAULT 0, -- made by hand (split off), not found by the algorithm
  response       TEXT NOT NULL DEFAULT '',   -- the answer given once for all members
  answered_at    INTEGER,
  answered_by    INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX procedure_cluster_procedure ON procedure_cluster(procedure_id, id);

-- A statement belongs to at most one cluster.
CREATE TABLE procedure_cluster_member (
  statement_id INTEGER PRIMARY KEY REFERENCES procedure_statement(id),
  cluster_id   INTEGER NOT NULL REFERENCES procedure_cluster(id),
  how          TEXT NOT NULL CHECK (how IN ('auto', 'manual')),
  added_at     INTEGER NOT NULL
);
CREATE INDEX procedure_cluster_member_cluster ON procedure_cluster_member(cluster_id, statement_id);

-- "Not in this cluster": taken out by hand; re-clustering does not put it back.
CREATE TABLE procedure_cluster_exclusion (
  statement_id INTEGER NOT NULL REFERENCES procedure_statement(id),
  cluster_id   INTEGER NOT NULL REFERENCES procedure_cluster(id),
  created_by   INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (statement_id, cluster_id)
);
CREATE INDEX procedure_cluster_exclusion_cluster ON procedure_cluster_exclusion(cluster_id);

-- The last clustering run of a procedure: the job re-clusters when statements arrived or were withdrawn since.
CREATE TABLE procedure_cluster_run (
  procedure_id      INTEGER PRIMARY KEY REFERENCES procedure(id),
  last_statement_id INTEGER NOT NULL DEFAULT 0,
  statements        INTEGER NOT NULL DEFAULT 0,  -- submitted, not withdrawn statements at that run
  clustered_at      INTEGER NOT NULL
);
