-- Ingest accounting: rejected messages with their reason (dead letters) and
-- counters updated in the same transaction as the events they count.
CREATE TABLE dead_letter (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  topic text NOT NULL,
  reason text NOT NULL,
  detail text NOT NULL,
  payload text NOT NULL
);
CREATE INDEX dead_letter_reason ON dead_letter (reason);
CREATE INDEX dead_letter_received ON dead_letter (received_at DESC);

-- Names: 'accepted', 'duplicates', and 'rejected:<reason>' per dead-letter reason.
CREATE TABLE ingest_counter (
  name text PRIMARY KEY,
  value bigint NOT NULL DEFAULT 0
);
INSERT INTO ingest_counter (name) VALUES ('accepted'), ('duplicates');
