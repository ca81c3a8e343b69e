-- Decides the storage mode once: TimescaleDB when the extension can be created
-- (hypertables, time_bucket), plain PostgreSQL otherwise (date_bin). The choice
-- is recorded in twin_setting and read by start-up logs and the health endpoint.
CREATE TABLE twin_setting (
  key text PRIMARY KEY,
  value text NOT NULL
);

DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS timescaledb;
  EXCEPTION WHEN others THEN
    RAISE NOTICE 'timescaledb unavailable: %', SQLERRM;
  END;
  INSERT INTO twin_setting (key, value)
  VALUES ('storage', CASE WHEN EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
                          THEN 'timescaledb' ELSE 'postgres' END);
END $$;

-- Turns a table into a hypertable when TimescaleDB is the storage mode; no-op otherwise.
CREATE FUNCTION twin_make_hypertable(tbl regclass, time_column name, chunk interval)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT value FROM twin_setting WHERE key = 'storage') = 'timescaledb' THEN
    EXECUTE format('SELECT create_hypertable(%L::regclass, by_range(%L, %L::interval))', tbl, time_column, chunk);
  END IF;
END $$;

-- The one bucketing function: time_bucket with TimescaleDB, date_bin without.
DO $$
BEGIN
  IF (SELECT value FROM twin_setting WHERE key = 'storage') = 'timescaledb' THEN
    EXECUTE $f$CREATE FUNCTION twin_bucket(width interval, ts timestamptz) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT time_bucket(width, ts)'$f$;
  ELSE
    EXECUTE $f$CREATE FUNCTION twin_bucket(width interval, ts timestamptz) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT date_bin(width, ts, ''2000-01-03 00:00:00+00'')'$f$;
  END IF;
END $$;
