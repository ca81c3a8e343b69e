import { describe, expect, it } from 'vitest';
import {
  combineLinks,
  initialPolledQuery,
  type PolledQueryState,
  reducePolledQuery,
  toPolledQuery,
} from './polled-query.ts';

describe('reducePolledQuery', () => {
  const start = initialPolledQuery as PolledQueryState<number>;

  it('keeps the last data while the gateway is unreachable', () => {
    const loaded = reducePolledQuery(start, { type: 'loaded', key: 'a', data: 1, at: 100 });
    const failed = reducePolledQuery(loaded, {
      type: 'failed',
      key: 'a',
      code: 'TWIN_GATEWAY_UNREACHABLE',
    });
    expect(failed.data).toBe(1);
    expect(failed.link).toEqual({ phase: 'reconnecting', updatedAt: 100 });
  });

  it('never shows data loaded for other variables', () => {
    const loaded = reducePolledQuery(start, { type: 'loaded', key: 'month', data: 1, at: 100 });
    expect(toPolledQuery(loaded, 'year').data).toBeNull();
    const failed = reducePolledQuery(loaded, {
      type: 'failed',
      key: 'year',
      code: 'TWIN_GRAPHQL_ERRORS',
    });
    expect(failed.data).toBeNull();
    expect(failed.link).toEqual({ phase: 'reconnecting', updatedAt: null });
  });
});

describe('combineLinks', () => {
  it('is reconnecting if any link is, connecting while any has not answered, else live', () => {
    expect(
      combineLinks([
        { phase: 'live', updatedAt: 5 },
        { phase: 'reconnecting', updatedAt: 3 },
      ]),
    ).toEqual({ phase: 'reconnecting', updatedAt: 3 });
    expect(combineLinks([{ phase: 'live', updatedAt: 5 }, { phase: 'connecting' }])).toEqual({
      phase: 'connecting',
    });
    expect(
      combineLinks([
        { phase: 'live', updatedAt: 5 },
        { phase: 'live', updatedAt: 7 },
      ]),
    ).toEqual({ phase: 'live', updatedAt: 5 });
  });
});
