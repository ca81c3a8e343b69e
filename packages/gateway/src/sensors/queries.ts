import type { Queryable } from '@city-twin/db';
import { alertColumns, type AlertRow } from '../alerts/queries.ts';

/** normal | alert | silent | unknown, as the schema's DeviceState. */
export type DeviceState = 'normal' | 'alert' | 'silent' | 'unknown';

/** A device row as the API shows it, with its state from its open alerts and last reading. */
export interface DeviceRow {
  id: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  district: string | null;
  latest: Record<string, number>;
  latest_ts: Date | null;
  state: DeviceState;
  /** Highest severity among its open (unresolved) alerts. */
  alert_severity: number | null;
  open_alert_count: number;
}

/** How long each device type may stay quiet before it counts as silent, minutes. */
export interface ExpectedIntervals {
  types: string[];
  minutes: number[];
  /** For types without their own interval. */
  fallbackMinutes: number;
}

export interface DeviceFilter {
  type: string | null;
  district: string | null;
  id: string | null;
}

/**
 * Devices with their state: alert with an open alert other than silence; silent with an open
 * silence alert or no reading for longer than the type's expected interval; unknown before the
 * first reading; otherwise normal. Open alerts are few, so they are grouped once and joined.
 */
export function listDevices(
  db: Queryable,
  filter: DeviceFilter,
  intervals: ExpectedIntervals,
): Promise<DeviceRow[]> {
  return db.query<DeviceRow>(
    `WITH open_alert AS (
       SELECT subject, max(severity)::int AS severity, count(*)::int AS alerts,
              bool_or(kind = 'silence') AS silence, bool_or(kind <> 'silence') AS other
       FROM alert WHERE status <> 'resolved' AND source = 'iot'
       GROUP BY subject
     ),
     expected AS (SELECT * FROM unnest($4::text[], $5::int[]) AS e(type, minutes))
     SELECT d.id, d.type, d.name, d.lon, d.lat, d.district, d.latest, d.latest_ts,
       CASE
         WHEN oa.other THEN 'alert'
         WHEN oa.silence
           OR d.latest_ts < now() - make_interval(mins => coalesce(e.minutes, $6::int)) THEN 'silent'
         WHEN d.latest_ts IS NULL THEN 'unknown'
         ELSE 'normal'
       END AS state,
       oa.severity AS alert_severity, coalesce(oa.alerts, 0) AS open_alert_count
     FROM device d
     LEFT JOIN open_alert oa ON oa.subject = 'iot:' || d.id
     LEFT JOIN expected e ON e.type = d.type
     WHERE ($1::text IS NULL OR d.type = $1) AND ($2::text IS NULL OR d.district = $2)
       AND ($3::text IS NULL OR d.id = $3)
     ORDER BY d.id`,
    [
      filter.type,
      filter.district,
      filter.id,
      intervals.types,
      intervals.minutes,
      intervals.fallbackMinutes,
    ],
  );
}

/**
 * Devices with their state as of `at` (replay): alerts open then (opened at or before it, not
 * resolved by then) and the last reading at or before it. A reading carries all of a device's
 * metrics, so its first metric stands for it: one index probe per device on iot_reading
 * (device_id, metric, ts DESC) among the raw readings of the hour `at` falls in (a short
 * window: raw rows), and only for a device quiet all that hour, the hourly rollup's last
 * bucket before it (a long look back: the rollup), then the raw readings of that one hour.
 * `latest` is left empty: the values shown are those of now.
 */
export function listDevicesAt(
  db: Queryable,
  filter: DeviceFilter,
  intervals: ExpectedIntervals,
  at: Date,
): Promise<DeviceRow[]> {
  const hourStart = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  return db.query<DeviceRow>(
    `WITH open_alert AS (
       SELECT subject, max(severity)::int AS severity, count(*)::int AS alerts,
              bool_or(kind = 'silence') AS silence, bool_or(kind <> 'silence') AS other
       FROM alert
       WHERE source = 'iot' AND opened_at <= $7 AND (resolved_at IS NULL OR resolved_at > $7)
       GROUP BY subject
     ),
     expected AS (SELECT * FROM unnest($4::text[], $5::int[]) AS e(type, minutes)),
     chosen AS (
       SELECT d.id, d.type, d.name, d.lon, d.lat, d.district,
         (SELECT min(k) FROM jsonb_object_keys(d.latest) AS k) AS metric
       FROM device d
       WHERE ($1::text IS NULL OR d.type = $1) AND ($2::text IS NULL OR d.district = $2)
         AND ($3::text IS NULL OR d.id = $3)
     )
     SELECT d.id, d.type, d.name, d.lon, d.lat, d.district, '{}'::jsonb AS latest,
       coalesce(r.ts, f.ts) AS latest_ts,
       CASE
         WHEN oa.other THEN 'alert'
         WHEN oa.silence OR coalesce(r.ts, f.ts)
           < $7::timestamptz - make_interval(mins => coalesce(e.minutes, $6::int)) THEN 'silent'
         WHEN coalesce(r.ts, f.ts) IS NULL THEN 'unknown'
         ELSE 'normal'
       END AS state,
       oa.severity AS alert_severity, coalesce(oa.alerts, 0) AS open_alert_count
     FROM chosen d
     LEFT JOIN LATERAL (
       SELECT max(ts) AS ts FROM iot_reading
       WHERE device_id = d.id AND metric = d.metric AND ts >= $8 AND ts <= $7
     ) r ON true
     LEFT JOIN LATERAL (
       SELECT max(x.ts) AS ts
       FROM (SELECT bucket FROM iot_rollup_1h
             WHERE device_id = d.id AND metric = d.metric AND bucket < $8
             ORDER BY bucket DESC LIMIT 1) h
       CROSS JOIN LATERAL (
         SELECT max(ts) AS ts FROM iot_reading
         WHERE device_id = d.id AND metric = d.metric
           AND ts >= h.bucket AND ts < h.bucket + interval '1 hour') x
       WHERE r.ts IS NULL
     ) f ON true
     LEFT JOIN open_alert oa ON oa.subject = 'iot:' || d.id
     LEFT JOIN expected e ON e.type = d.type
     ORDER BY d.id`,
    [
      filter.type,
      filter.district,
      filter.id,
      intervals.types,
      intervals.minutes,
      intervals.fallbackMinutes,
      at,
      hourStart,
    ],
  );
}

/** The unresolved alerts about one device or camera, worst first. */
export function openAlertsOf(
  db: Queryable,
  source: 'iot' | 'video',
  id: string,
): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `SELECT ${alertColumns} FROM alert a
     WHERE a.source = $1 AND a.subject = $1 || ':' || $2 AND a.status <> 'resolved'
     ORDER BY a.severity DESC, a.opened_at DESC, a.id DESC`,
    [source, id],
  );
}

/** One point of a series. */
export interface SeriesRow {
  ts: Date;
  value: number;
  min: number;
  max: number;
  count: number;
}

/** Raw readings of one metric in [from, to), oldest first, at most `limit`. */
export function rawSeries(
  db: Queryable,
  deviceId: string,
  metric: string,
  from: Date,
  to: Date,
  limit: number,
) {
  return db.query<SeriesRow>(
    `SELECT ts, value, value AS min, value AS max, 1 AS count
     FROM iot_reading
     WHERE device_id = $1 AND metric = $2 AND ts >= $3 AND ts < $4
     ORDER BY ts LIMIT $5`,
    [deviceId, metric, from, to, limit],
  );
}

/** Bucketed readings (average, min, max, count) through the storage's bucketing function. */
export function bucketedSeries(
  db: Queryable,
  deviceId: string,
  metric: string,
  from: Date,
  to: Date,
  bucket: string,
) {
  return db.query<SeriesRow>(
    `SELECT twin_bucket($5::interval, ts) AS ts, avg(value) AS value, min(value) AS min, max(value) AS max,
            count(*)::int AS count
     FROM iot_reading
     WHERE device_id = $1 AND metric = $2 AND ts >= $3 AND ts < $4
     GROUP BY 1 ORDER BY 1`,
    [deviceId, metric, from, to, bucket],
  );
}

/** The rollups ingest maintains, by the width of their buckets. */
export type RollupTable = 'iot_rollup_1m' | 'iot_rollup_1h';

/**
 * Bucketed readings from a rollup whose buckets nest in `bucket` and in [from, to): the
 * average is the rollup's sum over its count, so it equals the average of the raw readings.
 */
export function rollupSeries(
  db: Queryable,
  table: RollupTable,
  deviceId: string,
  metric: string,
  from: Date,
  to: Date,
  bucket: string,
) {
  return db.query<SeriesRow>(
    `SELECT twin_bucket($5::interval, bucket) AS ts, sum(sum) / sum(count) AS value,
            min(min) AS min, max(max) AS max, sum(count)::int AS count
     FROM ${table}
     WHERE device_id = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4
     GROUP BY 1 ORDER BY 1`,
    [deviceId, metric, from, to, bucket],
  );
}

/** Where a moving device was at an instant: its last located reading at or before it. */
export interface PositionRow {
  deviceId: string;
  lon: number;
  lat: number;
  ts: Date;
}

/**
 * Each moving device's last position at or before `at`, looking back at most `lookBack`
 * (one index probe per device: iot_position (device_id, ts DESC)).
 */
export function positionsAt(
  db: Queryable,
  at: Date,
  lookBackSeconds: number,
  type: string | null,
): Promise<PositionRow[]> {
  return db.query<PositionRow>(
    `SELECT d.id AS "deviceId", p.lon, p.lat, p.ts
     FROM device d
     CROSS JOIN LATERAL (
       SELECT lon, lat, ts FROM iot_position
       WHERE device_id = d.id AND ts <= $1 AND ts > $1 - make_interval(secs => $2)
       ORDER BY ts DESC LIMIT 1
     ) p
     WHERE $3::text IS NULL OR d.type = $3
     ORDER BY d.id`,
    [at, lookBackSeconds, type],
  );
}
