import type { Queryable } from '@city-twin/db';

/** online | offline | alert | unknown, as the schema's CameraState. */
export type CameraState = 'online' | 'offline' | 'alert' | 'unknown';

/** A camera as the API shows it, with its state from its status and open alerts. */
export interface CameraRow {
  id: string;
  name: string;
  lon: number;
  lat: number;
  district: string | null;
  streamUrl: string | null;
  online: boolean | null;
  statusAt: Date | null;
  state: CameraState;
  alertSeverity: number | null;
  openAlertCount: number;
}

/**
 * Cameras with their state: alert with an open alert other than silence (an AI detection);
 * offline when it reports itself offline or an offline alert is open; unknown before its
 * first status; otherwise online.
 */
export function listCameras(
  db: Queryable,
  filter: { district: string | null; id: string | null },
): Promise<CameraRow[]> {
  return db.query<CameraRow>(
    `WITH open_alert AS (
       SELECT subject, max(severity)::int AS severity, count(*)::int AS alerts,
              bool_or(kind = 'silence') AS silence, bool_or(kind <> 'silence') AS other
       FROM alert WHERE status <> 'resolved' AND source = 'video'
       GROUP BY subject
     )
     SELECT c.id, c.name, c.lon, c.lat, c.district, c.stream_url AS "streamUrl", c.online,
       c.status_ts AS "statusAt",
       CASE
         WHEN oa.other THEN 'alert'
         WHEN oa.silence OR c.online = false THEN 'offline'
         WHEN c.online IS NULL THEN 'unknown'
         ELSE 'online'
       END AS state,
       oa.severity AS "alertSeverity", coalesce(oa.alerts, 0) AS "openAlertCount"
     FROM camera c
     LEFT JOIN open_alert oa ON oa.subject = 'video:' || c.id
     WHERE ($1::text IS NULL OR c.district = $1) AND ($2::text IS NULL OR c.id = $2)
     ORDER BY c.id`,
    [filter.district, filter.id],
  );
}

/**
 * Cameras with their state as of `at` (replay): the last status reported at or before it (one
 * probe per camera on camera_status (camera_id, ts DESC)) and the alerts open then.
 */
export function listCamerasAt(
  db: Queryable,
  filter: { district: string | null; id: string | null },
  at: Date,
): Promise<CameraRow[]> {
  return db.query<CameraRow>(
    `WITH open_alert AS (
       SELECT subject, max(severity)::int AS severity, count(*)::int AS alerts,
              bool_or(kind = 'silence') AS silence, bool_or(kind <> 'silence') AS other
       FROM alert
       WHERE source = 'video' AND opened_at <= $3 AND (resolved_at IS NULL OR resolved_at > $3)
       GROUP BY subject
     )
     SELECT c.id, c.name, c.lon, c.lat, c.district, c.stream_url AS "streamUrl", s.online,
       s.ts AS "statusAt",
       CASE
         WHEN oa.other THEN 'alert'
         WHEN oa.silence OR s.online = false THEN 'offline'
         WHEN s.online IS NULL THEN 'unknown'
         ELSE 'online'
       END AS state,
       oa.severity AS "alertSeverity", coalesce(oa.alerts, 0) AS "openAlertCount"
     FROM camera c
     LEFT JOIN LATERAL (
       SELECT online, ts FROM camera_status
       WHERE camera_id = c.id AND ts <= $3 ORDER BY ts DESC LIMIT 1
     ) s ON true
     LEFT JOIN open_alert oa ON oa.subject = 'video:' || c.id
     WHERE ($1::text IS NULL OR c.district = $1) AND ($2::text IS NULL OR c.id = $2)
     ORDER BY c.id`,
    [filter.district, filter.id, at],
  );
}

/** One AI detection as the API shows it. */
export interface CameraEventRow {
  cameraId: string;
  eventId: string;
  ts: Date;
  type: string;
  confidence: number;
  severity: number;
  count: number | null;
  snapshotUrl: string | null;
  district: string | null;
  cameraName: string | null;
  lon: number | null;
  lat: number | null;
  /** ts to the microsecond, UTC ISO (the list's cursor key). */
  tsKey: string;
}

const eventColumns = `e.camera_id AS "cameraId", e.event_id AS "eventId", e.ts, e.type,
  e.confidence, e.severity, e.count, e.snapshot_url AS "snapshotUrl", e.district,
  c.name AS "cameraName", c.lon, c.lat,
  to_char(e.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "tsKey"`;

/** Position in the event list: after this (ts, camera, event). */
export interface EventKey {
  ts: string;
  cameraId: string;
  eventId: string;
}

export interface EventFilter {
  from: Date | null;
  to: Date | null;
  types: string[] | null;
  district: string | null;
  cameraId: string | null;
}

/** One page of detections, newest first (ts, camera, event id descending). */
export function listCameraEvents(
  db: Queryable,
  filter: EventFilter,
  limit: number,
  after: EventKey | null,
): Promise<CameraEventRow[]> {
  return db.query<CameraEventRow>(
    `SELECT ${eventColumns}
     FROM video_event e LEFT JOIN camera c ON c.id = e.camera_id
     WHERE ($1::timestamptz IS NULL OR e.ts >= $1) AND ($2::timestamptz IS NULL OR e.ts < $2)
       AND ($3::text[] IS NULL OR e.type = ANY($3)) AND ($4::text IS NULL OR e.district = $4)
       AND ($5::text IS NULL OR e.camera_id = $5)
       AND ($6::timestamptz IS NULL OR (e.ts <= $6
            AND (e.ts, e.camera_id, e.event_id) < ($6, $7::text, $8::text)))
     ORDER BY e.ts DESC, e.camera_id DESC, e.event_id DESC
     LIMIT $9`,
    [
      filter.from,
      filter.to,
      filter.types,
      filter.district,
      filter.cameraId,
      after?.ts ?? null,
      after?.cameraId ?? null,
      after?.eventId ?? null,
      limit,
    ],
  );
}

/** Detections per bucket and type. */
export interface EventCountRow {
  bucket: Date;
  type: string;
  count: number;
}

/** Counts per bucket and type from the hourly rollup (buckets of whole hours, hour-aligned window). */
export function rollupEventCounts(
  db: Queryable,
  filter: EventFilter & { from: Date; to: Date },
  bucket: string,
): Promise<EventCountRow[]> {
  return db.query<EventCountRow>(
    `SELECT twin_bucket($5::interval, bucket) AS bucket, type, sum(count)::int AS count
     FROM event_rollup_1h
     WHERE stream = 'video' AND bucket >= $1 AND bucket < $2
       AND ($3::text[] IS NULL OR type = ANY($3)) AND ($4::text IS NULL OR district = $4)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [filter.from, filter.to, filter.types, filter.district, bucket],
  );
}

/** Counts per bucket and type from the detections themselves. */
export function rawEventCounts(
  db: Queryable,
  filter: EventFilter & { from: Date; to: Date },
  bucket: string,
): Promise<EventCountRow[]> {
  return db.query<EventCountRow>(
    `SELECT twin_bucket($5::interval, ts) AS bucket, type, count(*)::int AS count
     FROM video_event
     WHERE ts >= $1 AND ts < $2
       AND ($3::text[] IS NULL OR type = ANY($3)) AND ($4::text IS NULL OR district = $4)
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [filter.from, filter.to, filter.types, filter.district, bucket],
  );
}

/** Detections since `since` (and before `until`, when given), per type, most first. */
export function eventsByTypeSince(
  db: Queryable,
  since: Date,
  district: string | null,
  until: Date | null = null,
): Promise<{ type: string; count: number }[]> {
  return db.query(
    `SELECT type, count(*)::int AS count FROM video_event
     WHERE ts >= $1 AND ($2::text IS NULL OR district = $2) AND ($3::timestamptz IS NULL OR ts < $3)
     GROUP BY type ORDER BY count DESC, type`,
    [since, district, until],
  );
}
