-- Data lifecycle: how long each time-series table keeps its rows, and the one function that
-- removes what is older. Raw readings go first; the hourly rollups, the video and hotline
-- events (the work orders' trail, 处处留痕) are kept for ever unless the deployment says
-- otherwise (`pnpm twin retention set <table> <interval>`, docs/operations.md).
CREATE TABLE retention_setting (
  table_name text PRIMARY KEY,
  time_column text NOT NULL,
  -- NULL: keep every row.
  keep interval,
  CHECK (keep IS NULL OR keep >= interval '1 day')
);

-- 400 days is the wire contract's window: nothing older is accepted, so nothing older is
-- lost by default, and a year of demo history stays whole.
INSERT INTO retention_setting (table_name, time_column, keep) VALUES
  ('iot_reading', 'ts', interval '400 days'),
  ('iot_position', 'ts', interval '400 days'),
  ('camera_status', 'ts', interval '400 days'),
  ('iot_rollup_1m', 'bucket', interval '400 days'),
  ('iot_rollup_1h', 'bucket', NULL),
  ('event_rollup_1h', 'bucket', NULL),
  ('video_event', 'ts', NULL),
  ('hotline_event', 'ts', NULL);

-- Applies the settings as of `at`. TimescaleDB: whole chunks older than the cutoff are
-- dropped (drop_chunks, the Apache edition's way), or, where the Timescale-licensed edition
-- runs retention policies, each table's policy is made to match its setting. Plain
-- PostgreSQL: the rows are deleted. Returns one row per table with a setting or a policy.
CREATE FUNCTION twin_apply_retention(at timestamptz DEFAULT now())
RETURNS TABLE (table_name text, cutoff timestamptz, method text, removed bigint)
LANGUAGE plpgsql AS $$
DECLARE
  setting record;
  storage text := (SELECT value FROM twin_setting WHERE key = 'storage');
  policies boolean := coalesce(current_setting('timescaledb.license', true), '') = 'timescale';
  current_drop interval;
BEGIN
  FOR setting IN SELECT s.table_name, s.time_column, s.keep FROM retention_setting s ORDER BY 1 LOOP
    table_name := setting.table_name;
    cutoff := CASE WHEN setting.keep IS NULL THEN NULL ELSE at - setting.keep END;
    removed := 0;
    IF storage = 'timescaledb' AND policies THEN
      method := 'policy';
      EXECUTE $q$SELECT (config->>'drop_after')::interval FROM timescaledb_information.jobs
                 WHERE proc_name = 'policy_retention' AND hypertable_name = $1$q$
        INTO current_drop USING setting.table_name;
      IF current_drop IS DISTINCT FROM setting.keep THEN
        EXECUTE 'SELECT remove_retention_policy($1::regclass, if_exists => true)'
          USING setting.table_name;
        IF setting.keep IS NOT NULL THEN
          EXECUTE 'SELECT add_retention_policy($1::regclass, $2)' USING setting.table_name, setting.keep;
        END IF;
      END IF;
      IF setting.keep IS NULL AND current_drop IS NULL THEN CONTINUE; END IF;
    ELSIF setting.keep IS NULL THEN
      CONTINUE;
    ELSIF storage = 'timescaledb' THEN
      method := 'drop_chunks';
      EXECUTE 'SELECT count(*) FROM drop_chunks($1::regclass, older_than => $2)'
        INTO removed USING setting.table_name, cutoff;
    ELSE
      method := 'delete';
      EXECUTE format('DELETE FROM %I WHERE %I < $1', setting.table_name, setting.time_column)
        USING cutoff;
      GET DIAGNOSTICS removed = ROW_COUNT;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$;
