/** The replay speeds the time bar offers: city seconds per wall-clock second. */
export const replaySpeeds = [1, 10, 60, 600, 3600] as const;
export type ReplaySpeed = (typeof replaySpeeds)[number];

/** A replayed stretch of time, epoch milliseconds, from < to. */
export type TimeWindow = { from: number; to: number };

/** A replay: the window, the cursor inside it, and whether it moves. */
export type Replay = { window: TimeWindow; at: number; speed: ReplaySpeed; playing: boolean };

/** What every scene and layer reads: live (the present), or a replay at its cursor. */
export type TimeCursor =
  | { mode: 'live'; at: number; window: null; playing: true; speed: 1 }
  | ({ mode: 'replay' } & Replay);

/** The longest window a replay may span (the wire contract keeps 400 days of events). */
export const maxWindowMs = 400 * 86_400_000;

const isReplaySpeed = (value: number): value is ReplaySpeed =>
  (replaySpeeds as readonly number[]).includes(value);

/** An instant from a URL parameter: ISO-8601 or epoch milliseconds; null when unreadable. */
export function parseInstant(value: string | null): number | null {
  if (value === null || value === '') return null;
  const instant = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(instant) ? instant : null;
}

/** The instant as a URL parameter: UTC ISO-8601 to the second. */
export function toInstantParam(instant: number): string {
  return new Date(Math.floor(instant / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The cursor kept inside the window. */
export function clampAt(window: TimeWindow, at: number): number {
  return Math.min(window.to, Math.max(window.from, at));
}

/**
 * The replay a query string asks for (`?from=…&to=…&at=…&speed=…&play=1`); null means live.
 * A window that is missing, unreadable, empty or longer than 400 days is live; an unreadable
 * cursor starts at the window's start, an unknown speed is 60×.
 */
export function parseReplay(search: string): Replay | null {
  const params = new URLSearchParams(search);
  const from = parseInstant(params.get('from'));
  const to = parseInstant(params.get('to'));
  if (from === null || to === null || to <= from || to - from > maxWindowMs) return null;
  const window = { from, to };
  const speed = Number(params.get('speed'));
  return {
    window,
    at: clampAt(window, parseInstant(params.get('at')) ?? from),
    speed: isReplaySpeed(speed) ? speed : 60,
    playing: params.get('play') === '1',
  };
}

/** The query string for a replay (null: live), keeping the parameters it does not own. */
export function toReplaySearch(replay: Replay | null, currentSearch = ''): string {
  const params = new URLSearchParams(currentSearch);
  for (const name of ['from', 'to', 'at', 'speed', 'play']) params.delete(name);
  if (replay) {
    params.set('from', toInstantParam(replay.window.from));
    params.set('to', toInstantParam(replay.window.to));
    params.set('at', toInstantParam(replay.at));
    params.set('speed', String(replay.speed));
    if (replay.playing) params.set('play', '1');
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The replay after `elapsedMs` of wall-clock time; it stops at the window's end. */
export function advanceReplay(replay: Replay, elapsedMs: number): Replay {
  if (!replay.playing || elapsedMs <= 0) return replay;
  const at = clampAt(replay.window, replay.at + elapsedMs * replay.speed);
  return { ...replay, at, playing: at < replay.window.to };
}

/** Play from the start again when play is pressed at the window's end. */
export function playReplay(replay: Replay): Replay {
  const at = replay.at >= replay.window.to ? replay.window.from : replay.at;
  return { ...replay, at, playing: true };
}

/** The replay with its cursor moved (clamped into the window). */
export function seekReplay(replay: Replay, at: number): Replay {
  return { ...replay, at: clampAt(replay.window, at) };
}

/** The replay at another speed; an unknown speed leaves it unchanged. */
export function withSpeed(replay: Replay, speed: number): Replay {
  return isReplaySpeed(speed) ? { ...replay, speed } : replay;
}

/** The window presets of the time bar. */
export const windowPresets = ['lastNight', 'last24h', 'last7d'] as const;
export type WindowPreset = (typeof windowPresets)[number];

// China has had no daylight saving time since 1991: the city's day is UTC+8.
const chinaOffsetMs = 8 * 3_600_000;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * A preset's window at `now`. Last night is the latest finished night, 18:00–08:00 China time
 * (before 08:00 the night is not over, so it is the one before).
 */
export function toPresetWindow(preset: WindowPreset, now: number): TimeWindow {
  switch (preset) {
    case 'lastNight': {
      const chinaMidnight = Math.floor((now + chinaOffsetMs) / dayMs) * dayMs - chinaOffsetMs;
      let to = chinaMidnight + 8 * hourMs;
      if (to > now) to -= dayMs;
      return { from: to - 14 * hourMs, to };
    }
    case 'last24h':
      return { from: now - dayMs, to: now };
    case 'last7d':
      return { from: now - 7 * dayMs, to: now };
    default: {
      const unknownPreset: never = preset;
      return unknownPreset;
    }
  }
}

/**
 * The bucket a replay's charts ask for, as the gateway writes it: fine enough to show the
 * window's shape in about 100–300 buckets, and whole hours (the rollups) for long windows.
 */
export function toQueryBucket(window: TimeWindow): string {
  const length = window.to - window.from;
  if (length <= 6 * hourMs) return '1 minute';
  if (length <= dayMs) return '5 minutes';
  if (length <= 14 * dayMs) return '1 hour';
  return '1 day';
}

/** The bucket length in milliseconds of a gateway bucket string such as '5 minutes'. */
export function toBucketMs(bucket: string): number {
  const match = /^(\d+) (second|minute|hour|day)s?$/.exec(bucket);
  if (!match) return hourMs;
  const unit = { second: 1000, minute: 60_000, hour: hourMs, day: dayMs }[
    match[2] as 'second' | 'minute' | 'hour' | 'day'
  ];
  return Number(match[1]) * unit;
}

/** The cursor's bucket start: data queried "at the cursor" changes once per bucket, not per tick. */
export function toBucketStart(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}
