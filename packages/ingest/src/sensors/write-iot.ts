import type { IotMeta, IotTelemetry } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import type { Queryable } from '@city-twin/db';
import { toColumns } from '../columns.ts';

/** Upserts device metadata; returns how many changed (the rest repeated an applied meta). */
export async function writeIotMeta(
  tx: Queryable,
  metas: readonly { id: string; payload: IotMeta }[],
): Promise<number> {
  if (metas.length === 0) return 0;
  const rows = await tx.query<{ id: string }>(
    `WITH input AS (
       SELECT DISTINCT ON (id) *
       FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[], $7::text[],
                   $8::timestamptz[], $9::text[])
            AS t(id, type, name, lon, lat, district, unit_id, meta_ts, meta_event_id)
       ORDER BY id, meta_ts DESC
     )
     INSERT INTO device (id, type, name, lon, lat, district, unit_id, meta_ts, meta_event_id)
     SELECT id, type, name, lon, lat, district, unit_id, meta_ts, meta_event_id FROM input ORDER BY id
     ON CONFLICT (id) DO UPDATE SET
       type = excluded.type, name = excluded.name, lon = excluded.lon, lat = excluded.lat,
       district = excluded.district, unit_id = excluded.unit_id,
       meta_ts = excluded.meta_ts, meta_event_id = excluded.meta_event_id
     WHERE device.meta_event_id <> excluded.meta_event_id AND excluded.meta_ts >= device.meta_ts
     RETURNING id`,
    toColumns(metas, {
      id: (m) => m.id,
      type: (m) => m.payload.type,
      name: (m) => m.payload.name,
      lon: (m) => m.payload.lon,
      lat: (m) => m.payload.lat,
      district: (m) => locateDistrict(m.payload.lon, m.payload.lat),
      unitId: (m) => m.payload.unitId ?? null,
      ts: (m) => m.payload.ts,
      eventId: (m) => m.payload.eventId,
    }),
  );
  return rows.length;
}

/**
 * Stores new telemetry as narrow rows (one per metric), positions of moving devices,
 * the per-minute and per-hour rollups, and each device's latest values — one statement.
 * Returns how many positions fell outside every district.
 */
export async function writeIotTelemetry(
  tx: Queryable,
  readings: readonly { id: string; payload: IotTelemetry }[],
): Promise<{ outside: number }> {
  if (readings.length === 0) return { outside: 0 };
  const rows = readings.flatMap((r) =>
    Object.entries(r.payload.metrics).map(([metric, value]) => ({ r, metric, value })),
  );
  const located = readings.filter(
    (r) => r.payload.lon !== undefined && r.payload.lat !== undefined,
  );
  const positionDistricts = located.map((r) => locateDistrict(r.payload.lon!, r.payload.lat!));

  await tx.query(
    `WITH input AS (
       SELECT to_timestamp(ms / 1000) AS ts, device_id, metric, value, event_id
       FROM unnest($1::float8[], $2::text[], $3::text[], $4::float8[], $5::text[])
         AS t(ms, device_id, metric, value, event_id)
     ),
     readings AS (
       INSERT INTO iot_reading (ts, device_id, metric, value, event_id) SELECT * FROM input
     ),
     minute AS (
       INSERT INTO iot_rollup_1m AS r (bucket, device_id, metric, count, sum, min, max)
       SELECT twin_bucket('1 minute', ts), device_id, metric, count(*), sum(value), min(value), max(value)
       FROM input GROUP BY 2, 3, 1 ORDER BY 2, 3, 1
       ON CONFLICT (device_id, metric, bucket) DO UPDATE SET count = r.count + excluded.count,
         sum = r.sum + excluded.sum, min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)
     ),
     hour AS (
       INSERT INTO iot_rollup_1h AS r (bucket, device_id, metric, count, sum, min, max)
       SELECT twin_bucket('1 hour', ts), device_id, metric, count(*), sum(value), min(value), max(value)
       FROM input GROUP BY 2, 3, 1 ORDER BY 2, 3, 1
       ON CONFLICT (device_id, metric, bucket) DO UPDATE SET count = r.count + excluded.count,
         sum = r.sum + excluded.sum, min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)
     ),
     positions AS (
       INSERT INTO iot_position (ts, device_id, lon, lat, district, event_id)
       SELECT * FROM unnest($6::timestamptz[], $7::text[], $8::float8[], $9::float8[], $10::text[], $11::text[])
     ),
     newest AS (
       SELECT device_id, jsonb_object_agg(metric, value) AS metrics, max(ts) AS ts
       FROM (SELECT DISTINCT ON (device_id, metric) device_id, metric, value, ts
             FROM input ORDER BY device_id, metric, ts DESC) latest_per_metric
       GROUP BY device_id
     ),
     place AS (
       SELECT DISTINCT ON (device_id) device_id, lon, lat
       FROM unnest($7::text[], $8::float8[], $9::float8[], $6::timestamptz[]) AS p(device_id, lon, lat, ts)
       ORDER BY device_id, ts DESC
     )
     UPDATE device d SET latest = d.latest || n.metrics, latest_ts = n.ts,
       lon = coalesce(p.lon, d.lon), lat = coalesce(p.lat, d.lat)
     FROM newest n LEFT JOIN place p USING (device_id)
     WHERE d.id = n.device_id AND (d.latest_ts IS NULL OR n.ts >= d.latest_ts)`,
    [
      // Epoch ms, not Date: node-postgres formats Dates slowly, and this is one per row.
      ...toColumns(rows, {
        ts: (x) => x.r.payload.ts.getTime(),
        device: (x) => x.r.id,
        metric: (x) => x.metric,
        value: (x) => x.value,
        eventId: (x) => x.r.payload.eventId,
      }),
      ...toColumns(
        located.map((r, i) => ({ r, district: positionDistricts[i] ?? null })),
        {
          ts: (x) => x.r.payload.ts,
          device: (x) => x.r.id,
          lon: (x) => x.r.payload.lon,
          lat: (x) => x.r.payload.lat,
          district: (x) => x.district,
          eventId: (x) => x.r.payload.eventId,
        },
      ),
    ],
  );
  return { outside: positionDistricts.filter((d) => d === null).length };
}
