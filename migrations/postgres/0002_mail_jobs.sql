-- Mail outbox and job leases. Independent of 0001: tenant_id is a plain column, not a foreign key, so that mail
-- and jobs can be migrated and tested on their own.

-- A lease gives one process the right to run a named job until expires_at (Unix seconds). See platform/jobs/lease.hpp.
CREATE TABLE job_lease (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);

-- The transactional outbox: a mail is inserted in the same transaction as the business change that causes it and
-- sent later by the outbox worker. See platform/mail/outbox.hpp.
CREATE TABLE mail_outbox (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at      BIGINT NOT NULL,
  to_address      TEXT NOT NULL,
  to_name         TEXT NOT NULL DEFAULT '',
  subject         TEXT NOT NULL,
  body_text       TEXT NOT NULL,
  body_html       TEXT,
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error      TEXT,
  sent_at         BIGINT,
  claimed_by      TEXT,
  claimed_until   BIGINT,
  category        TEXT NOT NULL DEFAULT '',
  tenant_id       BIGINT
);

-- The worker's query: pending mails in order of next_attempt_at.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'pending';
-- The admin page: recent mails of one tenant.
CREATE INDEX mail_outbox_tenant ON mail_outbox (tenant_id, id);
