-- The key registry is written for every event; its ts index cost a second index
-- insertion per event and served only a retention job that does not exist yet.
-- Retention of old keys (beyond the 400-day window) needs its own design, e.g. a
-- registry partitioned by time; until then the primary key is the only index.
DROP INDEX IF EXISTS event_key_ts;
