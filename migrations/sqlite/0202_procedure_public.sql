-- Public side of formal procedures: the map's base layer per tenant and e-mail subscriptions to new procedures of a
-- region (double opt-in). Tokens are stored only as SHA-256 hashes.

-- A tenant's base layer for procedure maps (a tile or WMS URL of the Land's Geobasis). Without a row the code's
-- OpenStreetMap default applies.
CREATE TABLE procedure_tenant_settings (
  tenant_id       INTEGER PRIMARY KEY REFERENCES tenant(id),
  map_tile_url    TEXT NOT NULL,
  map_attribution TEXT NOT NULL,
  updated_at      INTEGER NOT NULL
);

-- A subscription to new public procedures of a region (a tenant and the tenants below it; NULL: all tenants).
-- Unconfirmed ones (confirm_hash set) are deleted after seven days; unsubscribing deletes the row.
CREATE TABLE procedure_subscription (
  id               INTEGER PRIMARY KEY,
  email            TEXT NOT NULL,
  region_tenant_id INTEGER REFERENCES tenant(id),
  locale           TEXT NOT NULL DEFAULT 'de',
  confirm_hash     TEXT,            -- SHA-256 (hex) of the confirmation token while unconfirmed
  created_at       INTEGER NOT NULL,
  confirmed_at     INTEGER,
  notified_until   INTEGER             -- procedures published up to this second have been mailed
);
CREATE INDEX procedure_subscription_email ON procedure_subscription(email);
CREATE UNIQUE INDEX procedure_subscription_confirm ON procedure_subscription(confirm_hash);

-- One unsubscribe token per mail sent (hashed), so that every mail's link works and no token is kept in clear.
CREATE TABLE procedure_unsubscribe_token (
  token_hash      TEXT PRIMARY KEY,
  subscription_id INTEGER NOT NULL REFERENCES procedure_subscription(id) ON DELETE CASCADE,
  created_at      INTEGER NOT NULL
);
CREATE INDEX procedure_unsubscribe_token_subscription ON procedure_unsubscribe_token(subscription_id);
