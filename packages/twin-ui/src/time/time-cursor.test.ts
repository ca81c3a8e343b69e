import { describe, expect, it } from 'vitest';
import {
  advanceReplay,
  clampAt,
  parseReplay,
  playReplay,
  type Replay,
  seekReplay,
  toBucketMs,
  toBucketStart,
  toPresetWindow,
  toQueryBucket,
  toReplaySearch,
  withSpeed,
} from './time-cursor.ts';

const from = Date.parse('2026-12-04T10:00:00Z'); // 18:00 in Sanmenxia
const to = Date.parse('2026-12-05T00:00:00Z'); // 08:00 the next morning
const night: Replay = { window: { from, to }, at: from, speed: 600, playing: true };

describe('parseReplay', () => {
  it('reads the window, cursor, speed and play state of a shared link', () => {
    const replay = parseReplay(
      '?scene=alerts&from=2026-12-04T10:00:00Z&to=2026-12-05T00:00:00Z&at=2026-12-04T14:30:00Z&speed=3600&play=1',
    );
    expect(replay).toEqual({
      window: { from, to },
      at: Date.parse('2026-12-04T14:30:00Z'),
      speed: 3600,
      playing: true,
    });
  });

  it('accepts epoch milliseconds and offsets', () => {
    const replay = parseReplay(`?from=${from}&to=2026-12-05T08:00:00%2B08:00`);
    expect(replay?.window).toEqual({ from, to });
  });

  it('is live without a window, with an empty or reversed window, or one over 400 days', () => {
    expect(parseReplay('')).toBeNull();
    expect(parseReplay('?scene=iot&at=2026-12-04T10:00:00Z')).toBeNull();
    expect(parseReplay(`?from=${to}&to=${from}`)).toBeNull();
    expect(parseReplay(`?from=${from}&to=${from}`)).toBeNull();
    expect(parseReplay('?from=yesterday&to=today')).toBeNull();
    expect(parseReplay(`?from=${from - 401 * 86_400_000}&to=${from}`)).toBeNull();
  });

  it('clamps the cursor into the window, starts it at the window start, and defaults to 60×', () => {
    expect(parseReplay(`?from=${from}&to=${to}&at=${to + 5000}`)?.at).toBe(to);
    expect(parseReplay(`?from=${from}&to=${to}&at=nonsense`)?.at).toBe(from);
    const replay = parseReplay(`?from=${from}&to=${to}&speed=7`);
    expect(replay?.speed).toBe(60);
    expect(replay?.playing).toBe(false);
  });
});

describe('toReplaySearch', () => {
  it('writes a replay that parses back to itself, keeping other parameters', () => {
    const replay: Replay = { ...night, at: from + 90 * 60_000 };
    const search = toReplaySearch(replay, '?scene=alerts&screen=abc');
    expect(search).toBe(
      '?scene=alerts&screen=abc&from=2026-12-04T10%3A00%3A00Z&to=2026-12-05T00%3A00%3A00Z&at=2026-12-04T11%3A30%3A00Z&speed=600&play=1',
    );
    expect(parseReplay(search)).toEqual(replay);
  });

  it('removes every replay parameter when live', () => {
    expect(
      toReplaySearch(null, `?scene=iot&from=${from}&to=${to}&at=${from}&speed=60&play=1`),
    ).toBe('?scene=iot');
    expect(toReplaySearch(null, `?from=${from}&to=${to}`)).toBe('');
  });
});

describe('moving the cursor', () => {
  it('advances by the elapsed time times the speed', () => {
    expect(advanceReplay(night, 500).at).toBe(from + 300_000);
    expect(advanceReplay({ ...night, speed: 1 }, 500).at).toBe(from + 500);
  });

  it('stops at the window end, and play starts again from the beginning', () => {
    const end = advanceReplay({ ...night, at: to - 1000 }, 500);
    expect(end).toMatchObject({ at: to, playing: false });
    expect(playReplay(end)).toMatchObject({ at: from, playing: true });
    expect(playReplay({ ...night, at: from + 10, playing: false })).toMatchObject({
      at: from + 10,
      playing: true,
    });
  });

  it('does not move while paused', () => {
    const paused = { ...night, playing: false };
    expect(advanceReplay(paused, 10_000)).toBe(paused);
  });

  it('seeks inside the window only', () => {
    expect(seekReplay(night, from - 1).at).toBe(from);
    expect(seekReplay(night, to + 1).at).toBe(to);
    expect(seekReplay(night, from + 42).at).toBe(from + 42);
    expect(clampAt({ from, to }, from + 1)).toBe(from + 1);
  });

  it('changes speed to an offered speed only', () => {
    expect(withSpeed(night, 3600).speed).toBe(3600);
    expect(withSpeed(night, 5)).toBe(night);
  });
});

describe('toPresetWindow', () => {
  it('is last night 18:00–08:00 China time, the finished night before 08:00', () => {
    // 2026-12-05 09:00 in Sanmenxia: last night is 12-04 18:00 to 12-05 08:00.
    expect(toPresetWindow('lastNight', Date.parse('2026-12-05T01:00:00Z'))).toEqual({ from, to });
    // 2026-12-05 07:00 in Sanmenxia: this night is not over; the one before.
    expect(toPresetWindow('lastNight', Date.parse('2026-12-04T23:00:00Z'))).toEqual({
      from: from - 86_400_000,
      to: to - 86_400_000,
    });
  });

  it('is the last 24 hours or 7 days up to now', () => {
    expect(toPresetWindow('last24h', to)).toEqual({ from: to - 86_400_000, to });
    expect(toPresetWindow('last7d', to)).toEqual({ from: to - 7 * 86_400_000, to });
  });
});

describe('toQueryBucket', () => {
  it('reads fine buckets for short windows and hourly rollups for long ones', () => {
    const hour = 3_600_000;
    expect(toQueryBucket({ from: 0, to: 2 * hour })).toBe('1 minute');
    expect(toQueryBucket({ from, to })).toBe('5 minutes');
    expect(toQueryBucket({ from: 0, to: 7 * 24 * hour })).toBe('1 hour');
    expect(toQueryBucket({ from: 0, to: 60 * 24 * hour })).toBe('1 day');
  });

  it('gives the bucket length and the bucket a cursor falls in', () => {
    expect(toBucketMs('5 minutes')).toBe(300_000);
    expect(toBucketMs('1 hour')).toBe(3_600_000);
    expect(toBucketStart(from + 299_999, 300_000)).toBe(from);
    expect(toBucketStart(from + 300_000, 300_000)).toBe(from + 300_000);
  });
});
