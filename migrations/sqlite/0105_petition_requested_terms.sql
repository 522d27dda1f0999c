-- Petitions: the quorum and signing period are the tenant's (petition_settings), whatever an initiator asks for.
-- What an initiator asked for through the API is kept here so that the moderators see it beside the values in force;
-- NULL when nothing was asked for.
ALTER TABLE petition ADD COLUMN requested_quorum INTEGER;
ALTER TABLE petition ADD COLUMN requested_period_days INTEGER;
