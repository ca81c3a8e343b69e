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

type Reading = { id: string; payload: IotTelemetry };

interface Aggregate {
  bucket: number;
  device: string;
  metric: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** count/sum/min/max per device, metric and bucket (UTC-aligned, like `twin_bucket`). */
function rollup(readings: readonly Reading[], widthMs: number): Aggregate[] {
  const byKey = new Map<string, Aggregate>();
  for (const r of readings) {
    const bucket = Math.floor(r.payload.ts.getTime() / widthMs) * widthMs;
    for (const [metric, value] of Object.entries(r.payload.metrics)) {
      const key = `${r.id}\u0000${metric}\u0000${bucket}`;
      const a = byKey.get(key);
      if (a) {
        a.count += 1;
        a.sum += value;
        a.min = Math.min(a.min, value);
        a.max = Math.max(a.max, value);
      } else {
        byKey.set(key, {
          bucket,
          device: r.id,
          metric,
          count: 1,
          sum: value,
          min: value,
          max: value,
        });
      }
    }
  }
  return [...byKey.values()];
}

/** Each device's newest value per metric, newest reading time and newest position. */
function newest(readings: readonly Reading[]) {
  const byDevice = new Map<
    string,
    {
      metrics: Record<string, { value: number; ts: number }>;
      ts: number;
      place?: { lon: number; lat: number; ts: number };
    }
  >();
  for (const r of readings) {
    const ts = r.payload.ts.getTime();
    const d = byDevice.get(r.id) ?? { metrics: {}, ts };
    d.ts = Math.max(d.ts, ts);
    for (const [metric, value] of Object.entries(r.payload.metrics)) {
      const known = d.metrics[metric];
      if (!known || ts >= known.ts) d.metrics[metric] = { value, ts };
    }
    const { lon, lat } = r.payload;
    if (lon !== undefined && lat !== undefined && (!d.place || ts >= d.place.ts))
      d.place = { lon, lat, ts };
    byDevice.set(r.id, d);
  }
  return [...byDevice].map(([device, d]) => ({
    device,
    metrics: JSON.stringify(
      Object.fromEntries(Object.entries(d.metrics).map(([m, v]) => [m, v.value])),
    ),
    ts: d.ts,
    lon: d.place?.lon ?? null,
    lat: d.place?.lat ?? null,
  }));
}

/**
 * Appends new telemetry as narrow rows (one per metric) and the positions of moving
 * devices. Insert-only: it runs before the batch takes the state lock, so it overlaps
 * with the previous batch. Returns how many positions fell outside every district.
 */
export async function appendIotTelemetry(
  tx: Queryable,
  readings: readonly Reading[],
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
    `WITH positions AS (
       INSERT INTO iot_position (ts, device_id, lon, lat, district, event_id)
       SELECT to_timestamp(ms / 1000), device_id, lon, lat, district, event_id
       FROM unnest($6::float8[], $7::text[], $8::float8[], $9::float8[], $10::text[], $11::text[])
         AS p(ms, device_id, lon, lat, district, event_id)
     )
     INSERT INTO iot_reading (ts, device_id, metric, value, event_id)
     SELECT to_timestamp(ms / 1000), device_id, metric, value, event_id
     FROM unnest($1::float8[], $2::text[], $3::text[], $4::float8[], $5::text[])
       AS t(ms, device_id, metric, value, event_id)`,
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
          ts: (x) => x.r.payload.ts.getTime(),
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

const rollupSql = (table: string, first: number) => `
  INSERT INTO ${table} AS r (bucket, device_id, metric, count, sum, min, max)
  SELECT to_timestamp(ms / 1000), device_id, metric, count, sum, min, max
  FROM unnest($${first}::float8[], $${first + 1}::text[], $${first + 2}::text[], $${first + 3}::int[],
              $${first + 4}::float8[], $${first + 5}::float8[], $${first + 6}::float8[])
    AS t(ms, device_id, metric, count, sum, min, max)
  ON CONFLICT (device_id, metric, bucket) DO UPDATE SET count = r.count + excluded.count,
    sum = r.sum + excluded.sum, min = least(r.min, excluded.min), max = greatest(r.max, excluded.max)`;

const aggregateColumns = (aggregates: Aggregate[]) =>
  toColumns(aggregates, {
    bucket: (a) => a.bucket,
    device: (a) => a.device,
    metric: (a) => a.metric,
    count: (a) => a.count,
    sum: (a) => a.sum,
    min: (a) => a.min,
    max: (a) => a.max,
  });

/**
 * Adds new telemetry to the per-minute and per-hour rollups and moves each device's
 * latest values and position forward. Aggregated here first, so the statement carries
 * one row per device, metric and bucket. Runs under the batch's state lock.
 */
export async function updateIotState(tx: Queryable, readings: readonly Reading[]): Promise<void> {
  if (readings.length === 0) return;
  await tx.query(
    `WITH minute AS (${rollupSql('iot_rollup_1m', 1)}),
     hour AS (${rollupSql('iot_rollup_1h', 8)})
     UPDATE device d SET latest = d.latest || n.metrics, latest_ts = to_timestamp(n.ms / 1000),
       lon = coalesce(n.lon, d.lon), lat = coalesce(n.lat, d.lat)
     FROM unnest($15::text[], $16::jsonb[], $17::float8[], $18::float8[], $19::float8[])
       AS n(device_id, metrics, ms, lon, lat)
     WHERE d.id = n.device_id AND (d.latest_ts IS NULL OR to_timestamp(n.ms / 1000) >= d.latest_ts)`,
    [
      ...aggregateColumns(rollup(readings, 60_000)),
      ...aggregateColumns(rollup(readings, 3_600_000)),
      ...toColumns(newest(readings), {
        device: (n) => n.device,
        metrics: (n) => n.metrics,
        ts: (n) => n.ts,
        lon: (n) => n.lon,
        lat: (n) => n.lat,
      }),
    ],
  );
}
