-- Each tenant's logo, kept in the database so that every server process can serve it.
CREATE TABLE tenant_logo (
  tenant_id    BIGINT PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
  content_type TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        BYTEA NOT NULL,
  updated_at   BIGINT NOT NULL
);
