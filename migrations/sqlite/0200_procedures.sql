-- Formal procedures (format range 0200–0299): procedures and the statements/objections submitted to them.
-- Times are Unix seconds, booleans 0/1, calendar dates ISO text ('2026-12-07', sorts as it reads). The phase is stored;
-- announced/participation/evaluation follow from the dates (model.hpp StatusOn).

CREATE TABLE procedure (
  id                 INTEGER PRIMARY KEY,
  tenant_id          INTEGER NOT NULL REFERENCES tenant(id),
  type               TEXT NOT NULL CHECK (type IN ('consultation', 'baugb-3-1', 'baugb-3-2', 'baugb-4-2', 'bimschg',
                                                   'vwvfg-73')),
  title              TEXT NOT NULL,
  description        TEXT NOT NULL,
  applicant          TEXT NOT NULL DEFAULT '',
  ied                INTEGER NOT NULL DEFAULT 0,
  uvp                INTEGER NOT NULL DEFAULT 0,
  phase              TEXT NOT NULL CHECK (phase IN ('draft', 'published', 'hearing', 'decided', 'archived')),
  announcement_date  TEXT,
  display_start      TEXT NOT NULL,
  display_end        TEXT NOT NULL,
  objection_end      TEXT NOT NULL,
  closes_at          INTEGER NOT NULL,           -- first second after objection_end at the authority's seat
  explanation        TEXT NOT NULL DEFAULT '',   -- the deadline engine's sentences, one per line
  warnings           TEXT NOT NULL DEFAULT '',   -- one per line
  documents_location TEXT NOT NULL DEFAULT '',
  hearing_at         INTEGER,
  hearing_place      TEXT NOT NULL DEFAULT '',
  publish_statements INTEGER NOT NULL DEFAULT 0,
  decision_text      TEXT NOT NULL DEFAULT '',
  decided_at         INTEGER,
  result_published   INTEGER NOT NULL DEFAULT 0,
  geometry           TEXT NOT NULL DEFAULT '',
  lat                REAL,
  lon                REAL,
  created_by         INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  created_at         INTEGER NOT NULL,
  published_at       INTEGER,
  updated_at         INTEGER NOT NULL
);
CREATE INDEX procedure_tenant_phase ON procedure(tenant_id, phase, display_start);
CREATE INDEX procedure_phase ON procedure(phase, display_start);

-- Reference numbers of receipts, per tenant and year.
CREATE TABLE procedure_reference_counter (
  tenant_id INTEGER NOT NULL REFERENCES tenant(id),
  year      INTEGER NOT NULL,
  last      INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, year)
);

-- A statement or objection. Never deleted by its submitter: a withdrawal is a state. Statements that arrived on paper
-- or by mail are entered by a case worker (entered_by) with the date they were received.
CREATE TABLE procedure_statement (
  id               INTEGER PRIMARY KEY,
  procedure_id     INTEGER NOT NULL REFERENCES procedure(id),
  tenant_id        INTEGER NOT NULL REFERENCES tenant(id),
  reference        TEXT NOT NULL,
  user_id          INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  organisation_id  INTEGER REFERENCES organisation(id) ON DELETE SET NULL,
  organisation_name TEXT NOT NULL DEFAULT '',
  channel          TEXT NOT NULL CHECK (channel IN ('online', 'paper', 'mail')),
  author_name      TEXT NOT NULL DEFAULT '',
  author_address   TEXT NOT NULL DEFAULT '',
  author_email     TEXT NOT NULL DEFAULT '',
  text             TEXT NOT NULL,
  document_id      INTEGER,
  page             TEXT NOT NULL DEFAULT '',
  received_at      INTEGER NOT NULL,
  sha256           TEXT NOT NULL,
  late             INTEGER NOT NULL DEFAULT 0,
  state            TEXT NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'withdrawn')),
  withdrawn_at     INTEGER,
  entered_by       INTEGER REFERENCES app_user(id) ON DELETE SET NULL,
  publish_consent  INTEGER NOT NULL DEFAULT 0,  -- an organisation agrees to be named when statements are published
  signatories      INTEGER NOT NULL DEFAULT 1,  -- § 17 VwVfG: people who signed this list or copy
  representative   TEXT NOT NULL DEFAULT '',    -- § 17 VwVfG: the representative named on the list
  created_at       INTEGER NOT NULL,
  UNIQUE (tenant_id, reference)
);
CREATE INDEX procedure_statement_procedure ON procedure_statement(procedure_id, received_at);
CREATE INDEX procedure_statement_user ON procedure_statement(user_id, received_at);
