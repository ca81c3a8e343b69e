import type { IotMeta, IotTelemetry } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import type { Queryable } from '@city-twin/db';

/** Counts of one write. */
export interface WriteCounts {
  accepted: number;
  duplicates: number;
}

/** Upserts device metadata; a meta event already applied counts as a duplicate. */
export async function writeIotMeta(
  tx: Queryable,
  metas: readonly { deviceId: string; payload: IotMeta }[],
): Promise<WriteCounts> {
  if (metas.length === 0) return { accepted: 0, duplicates: 0 };
  const cols = {
    id: [] as string[],
    type: [] as string[],
    name: [] as string[],
    lon: [] as number[],
    lat: [] as number[],
    district: [] as (string | null)[],
    unitId: [] as (string | null)[],
    ts: [] as Date[],
    eventId: [] as string[],
  };
  for (const { deviceId, payload } of metas) {
    cols.id.push(deviceId);
    cols.type.push(payload.type);
    cols.name.push(payload.name);
    cols.lon.push(payload.lon);
    cols.lat.push(payload.lat);
    cols.district.push(locateDistrict(payload.lon, payload.lat));
    cols.unitId.push(payload.unitId ?? null);
    cols.ts.push(payload.ts);
    cols.eventId.push(payload.eventId);
  }
  const rows = await tx.query<{ id: string }>(
    `WITH input AS (
       SELECT DISTINCT ON (id) *
       FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[],
                   $8::timestamptz[], $9::text[])
            AS t(id, type, name, lon, lat, district, unit_id, meta_ts, meta_event_id)
       ORDER BY id, meta_ts DESC
     )
     INSERT INTO device (id, type, name, lon, lat, district, unit_id, meta_ts, meta_event_id)
     SELECT id, type, name, lon, lat, district, unit_id, meta_ts, meta_event_id FROM input
     ON CONFLICT (id) DO UPDATE SET
       type = excluded.type, name = excluded.name, lon = excluded.lon, lat = excluded.lat,
       district = excluded.district, unit_id = excluded.unit_id,
       meta_ts = excluded.meta_ts, meta_event_id = excluded.meta_event_id
     WHERE device.meta_event_id <> excluded.meta_event_id AND excluded.meta_ts >= device.meta_ts
     RETURNING id`,
    [
      cols.id,
      cols.type,
      cols.name,
      cols.lon,
      cols.lat,
      cols.district,
      cols.unitId,
      cols.ts,
      cols.eventId,
    ],
  );
  return { accepted: rows.length, duplicates: metas.length - rows.length };
}

/**
 * Stores telemetry as narrow rows (one per metric), each event once, and moves each
 * device's latest values forward. One statement per batch.
 */
export async function writeIotTelemetry(
  tx: Queryable,
  readings: readonly { deviceId: string; payload: IotTelemetry }[],
): Promise<WriteCounts> {
  if (readings.length === 0) return { accepted: 0, duplicates: 0 };
  const ts: Date[] = [];
  const deviceId: string[] = [];
  const metric: string[] = [];
  const value: number[] = [];
  const eventId: string[] = [];
  for (const r of readings) {
    for (const [name, v] of Object.entries(r.payload.metrics)) {
      ts.push(r.payload.ts);
      deviceId.push(r.deviceId);
      metric.push(name);
      value.push(v);
      eventId.push(r.payload.eventId);
    }
  }
  const [row] = await tx.query<{ events: number }>(
    `WITH ins AS (
       INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::float8[], $5::text[])
       ON CONFLICT DO NOTHING
       RETURNING ts, device_id, metric, value, event_id
     ),
     latest AS (
       SELECT device_id, jsonb_object_agg(metric, value) AS metrics, max(ts) AS ts
       FROM (SELECT DISTINCT ON (device_id, metric) device_id, metric, value, ts
             FROM ins ORDER BY device_id, metric, ts DESC) newest
       GROUP BY device_id
     ),
     moved AS (
       UPDATE device d SET latest = d.latest || l.metrics, latest_ts = l.ts
       FROM latest l
       WHERE d.id = l.device_id AND (d.latest_ts IS NULL OR l.ts >= d.latest_ts)
       RETURNING 1
     )
     SELECT count(DISTINCT event_id)::int AS events FROM ins`,
    [ts, deviceId, metric, value, eventId],
  );
  const accepted = row?.events ?? 0;
  return { accepted, duplicates: readings.length - accepted };
}
