-- Ingest workers' heartbeat, written with every committed batch: when each worker last
-- committed and how far behind it was (age of the oldest message of that batch).
CREATE TABLE ingest_worker (
  id text PRIMARY KEY,
  last_commit_at timestamptz NOT NULL,
  lag_seconds double precision NOT NULL,
  batch_size integer NOT NULL
);
