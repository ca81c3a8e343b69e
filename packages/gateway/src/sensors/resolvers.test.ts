import { describe, expect, it } from 'vitest';
import { chooseRollup, parseBucketSeconds } from './resolvers.ts';

const at = (iso: string) => new Date(iso);

describe('chooseRollup', () => {
  it('takes the hourly rollup for whole-hour buckets over an hour-aligned window', () => {
    expect(chooseRollup(3600, at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z'))).toBe(
      'iot_rollup_1h',
    );
    expect(chooseRollup(86_400, at('2026-12-01T00:00:00Z'), at('2026-12-08T00:00:00Z'))).toBe(
      'iot_rollup_1h',
    );
  });

  it('falls back to the per-minute rollup when the window or bucket is not whole hours', () => {
    expect(chooseRollup(3600, at('2026-12-01T00:30:00Z'), at('2026-12-02T00:00:00Z'))).toBe(
      'iot_rollup_1m',
    );
    expect(chooseRollup(900, at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z'))).toBe(
      'iot_rollup_1m',
    );
  });

  it('reads raw readings for sub-minute buckets or windows off the minute', () => {
    expect(chooseRollup(30, at('2026-12-01T00:00:00Z'), at('2026-12-01T01:00:00Z'))).toBeNull();
    expect(chooseRollup(3600, at('2026-12-01T00:00:10Z'), at('2026-12-01T05:00:00Z'))).toBeNull();
    expect(chooseRollup(90, at('2026-12-01T00:00:00Z'), at('2026-12-01T05:00:00Z'))).toBeNull();
  });
});

describe('parseBucketSeconds', () => {
  it('reads intervals and refuses anything else with a coded error', () => {
    expect(parseBucketSeconds('15 minutes')).toBe(900);
    expect(parseBucketSeconds('1 hour')).toBe(3600);
    expect(() => parseBucketSeconds('soon')).toThrow(/bucket must look like/);
    expect(() => parseBucketSeconds('0 hours')).toThrow(/positive/);
  });
});
