import type { Db } from '@city-twin/db';
import type { Context } from '../context.ts';
import { createNotificationFeed } from './notification-feed.ts';

/** Channel on which ingest announces what each committed batch stored, per source. */
export const LIVE_CHANNEL = 'twin_live';

const sources = ['iot', 'video', 'hotline'] as const;
/** A stream of the city. */
export type LiveSource = (typeof sources)[number];

/** One located event of a batch. */
export interface LiveEvent {
  subject: string;
  type: string;
  lon: number | null;
  lat: number | null;
  district: string | null;
  ts: Date;
}

/** What one batch stored for one source. */
export interface LiveEvents {
  source: LiveSource;
  count: number;
  at: Date;
  sample: LiveEvent[];
}

const MAX_SAMPLE = 50;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseInstant(v: unknown): Date | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const date = new Date(v);
  return Number.isNaN(date.getTime()) ? null : date;
}

const optionalNumber = (v: unknown): number | null | undefined =>
  v === undefined || v === null
    ? null
    : typeof v === 'number' && Number.isFinite(v)
      ? v
      : undefined;

const optionalText = (v: unknown): string | null | undefined =>
  v === undefined || v === null ? null : typeof v === 'string' ? v : undefined;

function parseSample(v: unknown): LiveEvent | null {
  if (!isObject(v) || typeof v.subject !== 'string' || typeof v.type !== 'string') return null;
  const ts = parseInstant(v.ts);
  const lon = optionalNumber(v.lon);
  const lat = optionalNumber(v.lat);
  const district = optionalText(v.district);
  if (!ts || lon === undefined || lat === undefined || district === undefined) return null;
  return { subject: v.subject, type: v.type, lon, lat, district, ts };
}

/**
 * A `twin_live` payload, `{"source":"iot|video|hotline","count":N,"at":"<iso>","sample":[…]}`,
 * or null when it is not one (samples that are not events are left out, at most 50 kept).
 */
export function parseLiveEvents(payload: string): LiveEvents | null {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!isObject(v) || !sources.includes(v.source as LiveSource)) return null;
  const at = parseInstant(v.at);
  if (!at || !Number.isInteger(v.count) || (v.count as number) < 0) return null;
  const sample = Array.isArray(v.sample)
    ? v.sample
        .slice(0, MAX_SAMPLE)
        .map(parseSample)
        .filter((e): e is LiveEvent => e !== null)
    : [];
  return { source: v.source as LiveSource, count: v.count as number, at, sample };
}

/** The `twin_live` feed: each payload fanned out to the subscribers of its source. */
export function createLiveFeed(
  db: Db,
  log: (line: string) => void,
  options: { heartbeatMs?: number; queueSize?: number } = {},
) {
  let invalid = 0;
  return createNotificationFeed<LiveEvents, ReadonlySet<LiveSource> | null>({
    db,
    channel: LIVE_CHANNEL,
    log,
    ...options,
    async toEvents(payloads) {
      const events: LiveEvents[] = [];
      for (const payload of payloads) {
        const event = parseLiveEvents(payload);
        if (event) events.push(event);
        else if (++invalid === 1 || invalid % 1000 === 0) {
          log(`${LIVE_CHANNEL}: ${invalid} payloads ignored, e.g. ${payload.slice(0, 200)}`);
        }
      }
      return events;
    },
    matches: (event, wanted) => wanted === null || wanted.has(event.source),
  });
}

/** The twin_live feed of a gateway. */
export type LiveFeed = ReturnType<typeof createLiveFeed>;

/** The liveEvents subscription. */
export function createLiveResolvers(feed: LiveFeed) {
  return {
    Subscription: {
      liveEvents: {
        // An empty list narrows nothing, like an absent one.
        subscribe: (_: unknown, args: { sources?: LiveSource[] | null }, _context: Context) =>
          feed.subscribe(args.sources?.length ? new Set(args.sources) : null),
        resolve: (event: LiveEvents) => event,
      },
    },
  };
}
