import type { CameraEvent, CameraMeta, CameraStatus } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import type { Queryable } from '@city-twin/db';
import { toColumns } from '../columns.ts';

/** Upserts camera metadata; returns how many changed. */
export async function writeCameraMeta(
  tx: Queryable,
  metas: readonly { id: string; payload: CameraMeta }[],
): Promise<number> {
  if (metas.length === 0) return 0;
  const rows = await tx.query<{ id: string }>(
    `WITH input AS (
       SELECT DISTINCT ON (id) *
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::text[], $6::text[],
                   $7::timestamptz[], $8::text[])
            AS t(id, name, lon, lat, district, stream_url, meta_ts, meta_event_id)
       ORDER BY id, meta_ts DESC
     )
     INSERT INTO camera (id, name, lon, lat, district, stream_url, meta_ts, meta_event_id)
     SELECT * FROM input ORDER BY id
     ON CONFLICT (id) DO UPDATE SET
       name = excluded.name, lon = excluded.lon, lat = excluded.lat, district = excluded.district,
       stream_url = excluded.stream_url, meta_ts = excluded.meta_ts, meta_event_id = excluded.meta_event_id
     WHERE camera.meta_event_id <> excluded.meta_event_id AND excluded.meta_ts >= camera.meta_ts
     RETURNING id`,
    toColumns(metas, {
      id: (m) => m.id,
      name: (m) => m.payload.name,
      lon: (m) => m.payload.lon,
      lat: (m) => m.payload.lat,
      district: (m) => locateDistrict(m.payload.lon, m.payload.lat),
      streamUrl: (m) => m.payload.streamUrl ?? null,
      ts: (m) => m.payload.ts,
      eventId: (m) => m.payload.eventId,
    }),
  );
  return rows.length;
}

/** Appends new status changes to the online/offline history (insert-only). */
export async function appendCameraStatus(
  tx: Queryable,
  statuses: readonly { id: string; payload: CameraStatus }[],
): Promise<void> {
  if (statuses.length === 0) return;
  await tx.query(
    `INSERT INTO camera_status (ts, camera_id, online, event_id)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::boolean[], $4::text[])`,
    toColumns(statuses, {
      ts: (s) => s.payload.ts,
      camera: (s) => s.id,
      online: (s) => s.payload.online,
      eventId: (s) => s.payload.eventId,
    }),
  );
}

/** Moves each camera's current status forward (under the state lock). */
export async function updateCameraStatus(
  tx: Queryable,
  statuses: readonly { id: string; payload: CameraStatus }[],
): Promise<void> {
  if (statuses.length === 0) return;
  await tx.query(
    `WITH newest AS (
       SELECT DISTINCT ON (camera_id) camera_id, online, ts
       FROM unnest($1::timestamptz[], $2::text[], $3::boolean[]) AS t(ts, camera_id, online)
       ORDER BY camera_id, ts DESC
     )
     UPDATE camera c SET online = n.online, status_ts = n.ts
     FROM newest n WHERE c.id = n.camera_id AND (c.status_ts IS NULL OR n.ts >= c.status_ts)`,
    toColumns(statuses, {
      ts: (s) => s.payload.ts,
      camera: (s) => s.id,
      online: (s) => s.payload.online,
    }),
  );
}

/**
 * Appends new AI events with the district of their camera (null when the camera's meta
 * has not arrived or it stands outside every district). Returns how many had no district.
 */
export async function appendCameraEvents(
  tx: Queryable,
  events: readonly { id: string; payload: CameraEvent }[],
): Promise<{ outside: number }> {
  if (events.length === 0) return { outside: 0 };
  const [row] = await tx.query<{ outside: number }>(
    `WITH stored AS (
       INSERT INTO video_event (ts, event_id, camera_id, type, confidence, severity, count, snapshot_url, district)
       SELECT t.*, c.district
       FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::real[], $6::smallint[],
                   $7::integer[], $8::text[])
            AS t(ts, event_id, camera_id, type, confidence, severity, count, snapshot_url)
       LEFT JOIN camera c ON c.id = t.camera_id
       RETURNING district
     )
     SELECT count(*) FILTER (WHERE district IS NULL)::int AS outside FROM stored`,
    toColumns(events, {
      ts: (e) => e.payload.ts,
      eventId: (e) => e.payload.eventId,
      camera: (e) => e.id,
      type: (e) => e.payload.type,
      confidence: (e) => e.payload.confidence,
      severity: (e) => e.payload.severity,
      count: (e) => e.payload.count ?? null,
      snapshot: (e) => e.payload.snapshotUrl ?? null,
    }),
  );
  return { outside: row?.outside ?? 0 };
}

/** Adds new AI events to the hourly rollup by district and type (under the state lock). */
export async function rollupCameraEvents(
  tx: Queryable,
  events: readonly { id: string; payload: CameraEvent }[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO event_rollup_1h AS r (bucket, stream, district, type, count)
     SELECT twin_bucket('1 hour', t.ts), 'video', coalesce(c.district, ''), t.type, count(*)
     FROM unnest($1::timestamptz[], $2::text[], $3::text[]) AS t(ts, camera_id, type)
     LEFT JOIN camera c ON c.id = t.camera_id
     GROUP BY 1, 3, 4
     ON CONFLICT (stream, type, district, bucket) DO UPDATE SET count = r.count + excluded.count`,
    toColumns(events, {
      ts: (e) => e.payload.ts,
      camera: (e) => e.id,
      type: (e) => e.payload.type,
    }),
  );
}
