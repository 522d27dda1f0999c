-- The one list of all open participation (#14 item 1, /beteiligung) reads the published petitions by the end of
-- their signing period, soonest first, per tenant (a place search) or of every tenant (a page of the whole list):
-- both orders from an index, without reading every petition.
CREATE INDEX petition_state_closes ON petition(state, closes_at, id);
CREATE INDEX petition_tenant_state_closes ON petition(tenant_id, state, closes_at);
