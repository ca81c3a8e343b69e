import type { Db } from '@city-twin/db';

// Devices, cameras, readings and alerts written straight into a city's database, as ingest
// writes them, for browser tests that need exact figures on the screen.

export const MINUTE = 60_000;

/** Where a seeded device, camera or alert stands: its district's code and its coordinates. */
export type Place = { district: string; lon: number; lat: number };

/** A point inside each district the tests use. */
export const places = {
  hubin: { district: '411202', lon: 111.2, lat: 34.77 }, // 湖滨区
  shanzhou: { district: '411203', lon: 111.1, lat: 34.72 }, // 陕州区
  mianchi: { district: '411221', lon: 111.76, lat: 34.77 }, // 渑池县
  lingbao: { district: '411282', lon: 110.894, lat: 34.517 }, // 灵宝市
} as const satisfies Record<string, Place>;

/** `place` moved by a few hundredths of a degree (still inside its district). */
export function near(place: Place, dLon: number, dLat = 0): Place {
  return { ...place, lon: place.lon + dLon, lat: place.lat + dLat };
}

export type DeviceSeed = {
  id: string;
  type: string;
  name: string;
  place: Place;
  /** The latest reading per metric; null for a device that never reported. */
  latest: Record<string, number> | null;
  /** Minutes since the latest reading. */
  quietMinutes: number;
};

/** Writes the devices' current state (meta a day old, latest readings `quietMinutes` ago). */
export async function insertDevices(
  db: Db,
  devices: readonly DeviceSeed[],
  now = Date.now(),
): Promise<void> {
  await db.query(
    `INSERT INTO device (id, type, name, lon, lat, district, meta_ts, meta_event_id, latest, latest_ts)
     SELECT id, type, name, lon, lat, district, now() - interval '1 day', id || ':meta', latest, latest_ts
     FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[],
       $7::jsonb[], $8::timestamptz[]) AS u(id, type, name, lon, lat, district, latest, latest_ts)`,
    [
      devices.map((device) => device.id),
      devices.map((device) => device.type),
      devices.map((device) => device.name),
      devices.map((device) => device.place.lon),
      devices.map((device) => device.place.lat),
      devices.map((device) => device.place.district),
      devices.map((device) => JSON.stringify(device.latest ?? {})),
      devices.map((device) =>
        device.latest === null ? null : new Date(now - device.quietMinutes * MINUTE),
      ),
    ],
  );
}

export type CameraSeed = {
  id: string;
  name: string;
  place: Place;
  /** Online or offline since five minutes ago; null for a camera that never reported. */
  online: boolean | null;
};

/** Writes the cameras' current state (meta a day old). */
export async function insertCameras(
  db: Db,
  cameras: readonly CameraSeed[],
  now = Date.now(),
): Promise<void> {
  await db.query(
    `INSERT INTO camera (id, name, lon, lat, district, meta_ts, meta_event_id, online, status_ts)
     SELECT id, name, lon, lat, district, now() - interval '1 day', id || ':meta', online, status_ts
     FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::boolean[],
       $7::timestamptz[]) AS u(id, name, lon, lat, district, online, status_ts)`,
    [
      cameras.map((camera) => camera.id),
      cameras.map((camera) => camera.name),
      cameras.map((camera) => camera.place.lon),
      cameras.map((camera) => camera.place.lat),
      cameras.map((camera) => camera.place.district),
      cameras.map((camera) => camera.online),
      cameras.map((camera) => (camera.online === null ? null : new Date(now - 5 * MINUTE))),
    ],
  );
}

/**
 * Writes one metric's readings of a device and the rollups ingest keeps of them (one reading
 * per bucket: the charts read the rollups).
 */
export async function insertReadings(
  db: Db,
  series: {
    deviceId: string;
    metric: string;
    readings: readonly { ts: Date; value: number }[];
    rollups: readonly ('minute' | 'hour')[];
  },
): Promise<void> {
  const ts = series.readings.map((reading) => reading.ts);
  const values = series.readings.map((reading) => reading.value);
  await db.query(
    `INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
     SELECT t, $3, $4, v, $3 || ':' || extract(epoch FROM t)
     FROM unnest($1::timestamptz[], $2::float8[]) AS u(t, v)`,
    [ts, values, series.deviceId, series.metric],
  );
  for (const width of series.rollups) {
    const table = width === 'minute' ? 'iot_rollup_1m' : 'iot_rollup_1h';
    await db.query(
      `INSERT INTO ${table} (bucket, device_id, metric, count, sum, min, max)
       SELECT date_trunc('${width}', t), $3, $4, 1, v, v, v
       FROM unnest($1::timestamptz[], $2::float8[]) AS u(t, v)`,
      [ts, values, series.deviceId, series.metric],
    );
  }
}

export type AlertSeed = {
  ruleId: string;
  /** `iot:<deviceId>` or `video:<cameraId>`. */
  subject: string;
  source: 'iot' | 'video' | 'hotline';
  kind?: 'threshold' | 'camera_event' | 'silence';
  severity: 1 | 2 | 3 | 4;
  title: string;
  /** The English title; the Chinese one when left out. */
  titleEn?: string;
  detail?: Record<string, unknown>;
  place: Place;
  openedAt: Date;
  /** Seen last at `openedAt`, or now when left out. */
  lastSeenAt?: 'opened' | 'now';
};

/** Writes one open alert, as the rules raise it. */
export async function insertAlert(db: Db, alert: AlertSeed): Promise<void> {
  await db.query(
    `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
       title_en, detail, district, lon, lat, opened_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $5, 'open', $6, $7, $8, $9, $10, $11, $12,
       CASE WHEN $13 THEN $12 ELSE now() END)`,
    [
      alert.ruleId,
      alert.subject,
      alert.source,
      alert.kind ?? 'threshold',
      alert.severity,
      alert.title,
      alert.titleEn ?? alert.title,
      JSON.stringify(alert.detail ?? {}),
      alert.place.district,
      alert.place.lon,
      alert.place.lat,
      alert.openedAt,
      alert.lastSeenAt === 'opened',
    ],
  );
}
