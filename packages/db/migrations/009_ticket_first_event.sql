-- The time of a work order's earliest action: re-deriving an order reads its actions with
-- `ts >= first_event_at`, so only the hotline_event chunks that can hold them are searched
-- (a lookup by ticket alone probes every chunk's index, and a year has a dozen chunks).
ALTER TABLE ticket ADD COLUMN first_event_at timestamptz;
UPDATE ticket t SET first_event_at = (SELECT min(ts) FROM hotline_event h WHERE h.ticket_id = t.id);
