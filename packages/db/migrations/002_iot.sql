-- IoT network: devices (current state, district assigned at ingest) and the
-- narrow telemetry table, one row per metric of each reading, idempotent on
-- (event_id, metric, ts).
CREATE TABLE device (
  id text PRIMARY KEY,
  type text NOT NULL,
  name text NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  district text,
  unit_id text,
  meta_ts timestamptz NOT NULL,
  meta_event_id text NOT NULL,
  latest jsonb NOT NULL DEFAULT '{}'::jsonb,
  latest_ts timestamptz
);
CREATE INDEX device_type_district ON device (type, district);

CREATE TABLE iot_reading (
  ts timestamptz NOT NULL,
  device_id text NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  event_id text NOT NULL
);
CREATE UNIQUE INDEX iot_reading_event ON iot_reading (event_id, metric, ts);
CREATE INDEX iot_reading_device_metric_ts ON iot_reading (device_id, metric, ts DESC);
SELECT twin_make_hypertable('iot_reading', 'ts', '1 day');
