import type { Queryable } from '@city-twin/db';

/** A device row as the API shows it. */
export interface DeviceRow {
  id: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  district: string | null;
  latest: Record<string, number>;
  latest_ts: Date | null;
}

const deviceColumns = 'id, type, name, lon, lat, district, latest, latest_ts';

export function listDevices(
  db: Queryable,
  type: string | null,
  district: string | null,
): Promise<DeviceRow[]> {
  return db.query<DeviceRow>(
    `SELECT ${deviceColumns} FROM device
     WHERE ($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR district = $2)
     ORDER BY id`,
    [type, district],
  );
}

export async function findDevice(db: Queryable, id: string): Promise<DeviceRow | null> {
  const rows = await db.query<DeviceRow>(`SELECT ${deviceColumns} FROM device WHERE id = $1`, [id]);
  return rows[0] ?? null;
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
