-- Each tenant's logo, kept in the database so that every server process can serve it.
CREATE TABLE tenant_logo (
  tenant_id    INTEGER PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
  content_type TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        BLOB NOT NULL,
  updated_at   INTEGER NOT NULL
);
