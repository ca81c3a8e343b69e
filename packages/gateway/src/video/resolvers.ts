import type { Context } from '../context.ts';
import { badInput } from '../errors.ts';
import {
  decodeCursor,
  encodeCursor,
  isMicrosIso,
  parseFirst,
  toConnection,
} from '../pagination.ts';
import { parseBucketSeconds } from '../sensors/resolvers.ts';
import { openAlertsOf } from '../sensors/queries.ts';
import {
  eventsByTypeSince,
  listCameraEvents,
  listCameras,
  listCamerasAt,
  rawEventCounts,
  rollupEventCounts,
  type CameraEventRow,
  type CameraRow,
  type CameraState,
  type EventKey,
} from './queries.ts';

const HOUR_MS = 3_600_000;
const MAX_BUCKETS = 10_000;
const MAX_TYPES = 50;
const RECENT_DEFAULT = 10;
const cameraStates: readonly CameraState[] = ['online', 'alert', 'offline', 'unknown'];

function parseTypes(types: readonly string[] | null | undefined): string[] | null {
  if (!types) return null;
  if (types.length > MAX_TYPES) throw badInput(`at most ${MAX_TYPES} types`);
  return [...types];
}

function parseWindow(from: Date, to: Date) {
  if (to.getTime() <= from.getTime()) throw badInput('`to` must be after `from`');
}

function parseEventKey(after: string): EventKey {
  const [ts, cameraId, eventId] = decodeCursor(after, 'ce');
  if (!isMicrosIso(ts) || typeof cameraId !== 'string' || typeof eventId !== 'string') {
    throw badInput('after is not a cursor of this list');
  }
  return { ts, cameraId, eventId };
}

const toCursor = (e: CameraEventRow) => encodeCursor(['ce', e.tsKey, e.cameraId, e.eventId]);

/** Resolvers of the video network (视联网): cameras, their AI detections and the summary. */
export function createVideoResolvers() {
  return {
    Query: {
      cameras: (
        _: unknown,
        args: { district?: string | null; at?: Date | null },
        { db }: Context,
      ) =>
        args.at
          ? listCamerasAt(db, { district: args.district ?? null, id: null }, args.at)
          : listCameras(db, { district: args.district ?? null, id: null }),
      camera: async (_: unknown, args: { id: string }, { db }: Context) =>
        (await listCameras(db, { district: null, id: args.id }))[0] ?? null,
      cameraEvents: async (
        _: unknown,
        args: {
          from?: Date | null;
          to?: Date | null;
          types?: string[] | null;
          district?: string | null;
          cameraId?: string | null;
          first?: number | null;
          after?: string | null;
        },
        { db }: Context,
      ) => {
        const first = parseFirst(args.first, 50);
        if (args.from && args.to) parseWindow(args.from, args.to);
        const rows = await listCameraEvents(
          db,
          {
            from: args.from ?? null,
            to: args.to ?? null,
            types: parseTypes(args.types),
            district: args.district ?? null,
            cameraId: args.cameraId ?? null,
          },
          first + 1,
          args.after ? parseEventKey(args.after) : null,
        );
        return toConnection(rows, first, toCursor);
      },
      cameraEventCounts: (
        _: unknown,
        args: {
          from: Date;
          to: Date;
          district?: string | null;
          types?: string[] | null;
          bucket?: string | null;
        },
        { db }: Context,
      ) => {
        parseWindow(args.from, args.to);
        const seconds = parseBucketSeconds(args.bucket ?? '1 hour');
        if ((args.to.getTime() - args.from.getTime()) / 1000 / seconds > MAX_BUCKETS) {
          throw badInput(`at most ${MAX_BUCKETS} buckets; use a wider bucket`);
        }
        const filter = {
          from: args.from,
          to: args.to,
          types: parseTypes(args.types),
          district: args.district ?? null,
          cameraId: null,
        };
        const interval = `${seconds} seconds`;
        // The rollup serves whole hours over an hour-aligned window; anything finer is counted raw.
        const hourly =
          seconds % 3600 === 0 &&
          args.from.getTime() % HOUR_MS === 0 &&
          args.to.getTime() % HOUR_MS === 0;
        return hourly
          ? rollupEventCounts(db, filter, interval)
          : rawEventCounts(db, filter, interval);
      },
      cameraSummary: async (
        _: unknown,
        args: { district?: string | null; at?: Date | null },
        { db }: Context,
      ) => {
        const district = args.district ?? null;
        // The hour before `at` in replay (a short window: counted from the raw detections).
        const end = args.at ?? null;
        const [cameras, lastHour] = await Promise.all([
          end
            ? listCamerasAt(db, { district, id: null }, end)
            : listCameras(db, { district, id: null }),
          eventsByTypeSince(
            db,
            new Date((end?.getTime() ?? Date.now()) - HOUR_MS),
            district,
            end && new Date(end.getTime() + 1),
          ),
        ]);
        const online = cameras.filter((c) => c.online === true).length;
        return {
          total: cameras.length,
          online,
          onlineRate: cameras.length === 0 ? null : online / cameras.length,
          byState: cameraStates.map((state) => ({
            key: state,
            count: cameras.filter((c) => c.state === state).length,
          })),
          lastHourByType: lastHour.map((row) => ({ key: row.type, count: row.count })),
          lastHourTotal: lastHour.reduce((sum, row) => sum + row.count, 0),
        };
      },
    },
    Camera: {
      openAlerts: (camera: CameraRow, _: unknown, { db }: Context) =>
        camera.openAlertCount === 0 ? [] : openAlertsOf(db, 'video', camera.id),
      recentEvents: async (camera: CameraRow, args: { first?: number | null }, { db }: Context) =>
        listCameraEvents(
          db,
          { from: null, to: null, types: null, district: null, cameraId: camera.id },
          parseFirst(args.first, RECENT_DEFAULT),
          null,
        ),
    },
    CameraEvent: {
      id: (e: CameraEventRow) => `${e.cameraId}:${e.eventId}`,
    },
  };
}
