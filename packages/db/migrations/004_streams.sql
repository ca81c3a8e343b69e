-- All three streams of wire contract v1: the idempotency registry (event_key),
-- ambulance positions, the video network, the 12345 hotline (events and derived
-- work-order state), and the rollups the dashboards read, maintained by ingest.

-- One row per accepted event: (source, event_id) is the idempotency key, where the
-- source is the topic's subject ('iot:<device>', 'video:<camera>', 'ticket:<id>').
-- A repeated key with the same ts is a duplicate; with another ts, a conflict.
CREATE TABLE event_key (
  source text NOT NULL,
  event_id text NOT NULL,
  ts timestamptz NOT NULL,
  PRIMARY KEY (source, event_id)
);
CREATE INDEX event_key_ts ON event_key (ts);
INSERT INTO event_key (source, event_id, ts)
SELECT DISTINCT ON (device_id, event_id) 'iot:' || device_id, event_id, ts
FROM iot_reading ORDER BY device_id, event_id, ts;
-- The registry replaces the per-row unique index: one probe per event instead of one per chunk.
DROP INDEX iot_reading_event;

-- Positions of moving devices (ambulances), one row per located reading.
CREATE TABLE iot_position (
  ts timestamptz NOT NULL,
  device_id text NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  district text,
  event_id text NOT NULL
);
CREATE INDEX iot_position_device_ts ON iot_position (device_id, ts DESC);
SELECT twin_make_hypertable('iot_position', 'ts', '1 day');

-- Video network (视联网).
CREATE TABLE camera (
  id text PRIMARY KEY,
  name text NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  district text,
  stream_url text,
  meta_ts timestamptz NOT NULL,
  meta_event_id text NOT NULL,
  online boolean,
  status_ts timestamptz
);
CREATE INDEX camera_district ON camera (district);

CREATE TABLE camera_status (
  ts timestamptz NOT NULL,
  camera_id text NOT NULL,
  online boolean NOT NULL,
  event_id text NOT NULL
);
CREATE INDEX camera_status_camera_ts ON camera_status (camera_id, ts DESC);
SELECT twin_make_hypertable('camera_status', 'ts', '7 days');

CREATE TABLE video_event (
  ts timestamptz NOT NULL,
  event_id text NOT NULL,
  camera_id text NOT NULL,
  type text NOT NULL,
  confidence real NOT NULL,
  severity smallint NOT NULL,
  count integer,
  snapshot_url text,
  district text
);
CREATE INDEX video_event_camera_ts ON video_event (camera_id, ts DESC);
CREATE INDEX video_event_district_ts ON video_event (district, ts DESC);
SELECT twin_make_hypertable('video_event', 'ts', '1 day');

-- 12345 hotline: handling units (承办单位), every work-order (工单) action, and each
-- order's state derived from all its stored actions ordered by ts.
CREATE TABLE unit (
  id text PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL,
  district text,
  meta_ts timestamptz NOT NULL,
  meta_event_id text NOT NULL
);

CREATE TABLE hotline_event (
  ts timestamptz NOT NULL,
  event_id text NOT NULL,
  ticket_id text NOT NULL,
  action text NOT NULL,
  unit_id text,
  district text,
  payload jsonb NOT NULL
);
CREATE INDEX hotline_event_ticket_ts ON hotline_event (ticket_id, ts);
CREATE INDEX hotline_event_unit_ts ON hotline_event (unit_id, ts DESC);
SELECT twin_make_hypertable('hotline_event', 'ts', '30 days');

CREATE TABLE ticket (
  id text PRIMARY KEY,
  status text NOT NULL,
  created_at timestamptz,
  channel text,
  category text,
  urgency text,
  kind text,
  summary text,
  lon double precision,
  lat double precision,
  district text,
  caller_name text,
  caller_phone text,
  unit_id text,
  dispatched_at timestamptz,
  signed_at timestamptz,
  sign_due_at timestamptz,
  due_at timestamptz,
  completed_at timestamptz,
  resolution text,
  extensions integer NOT NULL DEFAULT 0,
  returns integer NOT NULL DEFAULT 0,
  reopens integer NOT NULL DEFAULT 0,
  satisfaction text,
  revisited_at timestamptz,
  overdue_sign boolean NOT NULL DEFAULT false,
  overdue_complete boolean NOT NULL DEFAULT false,
  event_count integer NOT NULL,
  last_event_at timestamptz NOT NULL
);
CREATE INDEX ticket_unit_status ON ticket (unit_id, status);
CREATE INDEX ticket_district_created ON ticket (district, created_at DESC);
CREATE INDEX ticket_created ON ticket (created_at DESC);

-- Rollups, maintained by ingest in the transaction that stores the events.
CREATE TABLE iot_rollup_1m (
  bucket timestamptz NOT NULL,
  device_id text NOT NULL,
  metric text NOT NULL,
  count integer NOT NULL,
  sum double precision NOT NULL,
  min double precision NOT NULL,
  max double precision NOT NULL,
  PRIMARY KEY (device_id, metric, bucket)
);
SELECT twin_make_hypertable('iot_rollup_1m', 'bucket', '7 days');

CREATE TABLE iot_rollup_1h (LIKE iot_rollup_1m INCLUDING ALL);
SELECT twin_make_hypertable('iot_rollup_1h', 'bucket', '90 days');

-- Per hour, district and type: stream 'video' (type = camera event type), 'hotline'
-- (type = action) and 'hotline_category' (type = category of created orders).
-- district '' means outside every district or not yet known.
CREATE TABLE event_rollup_1h (
  bucket timestamptz NOT NULL,
  stream text NOT NULL,
  district text NOT NULL,
  type text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (stream, type, district, bucket)
);
SELECT twin_make_hypertable('event_rollup_1h', 'bucket', '90 days');

-- Backfill the IoT rollups from readings stored before this migration.
INSERT INTO iot_rollup_1m (bucket, device_id, metric, count, sum, min, max)
SELECT twin_bucket('1 minute', ts), device_id, metric, count(*), sum(value), min(value), max(value)
FROM iot_reading GROUP BY 1, 2, 3;
INSERT INTO iot_rollup_1h (bucket, device_id, metric, count, sum, min, max)
SELECT twin_bucket('1 hour', ts), device_id, metric, count(*), sum(value), min(value), max(value)
FROM iot_reading GROUP BY 1, 2, 3;

INSERT INTO ingest_counter (name) VALUES ('outside_district') ON CONFLICT DO NOTHING;
