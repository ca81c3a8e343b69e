import { describe, expect, it } from 'vitest';
import {
  parsePeriodParam,
  toChinaDate,
  toDateRange,
  toDays,
  toDayStart,
  toNextDay,
  toPeriodParam,
} from './period.ts';

describe('toChinaDate', () => {
  it('turns the day at midnight in Sanmenxia (UTC+8), not at midnight UTC', () => {
    expect(toChinaDate(Date.UTC(2026, 10, 29, 15, 59, 59))).toBe('2026-11-29');
    expect(toChinaDate(Date.UTC(2026, 10, 29, 16, 0, 0))).toBe('2026-11-30');
  });
});

describe('toDateRange', () => {
  it('runs each preset from its first day to today', () => {
    expect(toDateRange({ kind: 'today' }, '2026-11-30')).toEqual({
      from: '2026-11-30',
      to: '2026-11-30',
    });
    expect(toDateRange({ kind: 'month' }, '2026-11-30')).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
    });
    expect(toDateRange({ kind: 'quarter' }, '2026-11-30').from).toBe('2026-10-01');
    expect(toDateRange({ kind: 'quarter' }, '2026-03-31').from).toBe('2026-01-01');
    expect(toDateRange({ kind: 'year' }, '2026-11-30').from).toBe('2026-01-01');
  });

  it('keeps a custom range as chosen', () => {
    expect(
      toDateRange({ kind: 'custom', from: '2026-02-01', to: '2026-02-10' }, '2026-11-30'),
    ).toEqual({ from: '2026-02-01', to: '2026-02-10' });
  });
});

describe('period in the URL', () => {
  it('round-trips presets and custom ranges', () => {
    for (const period of [
      { kind: 'year' } as const,
      { kind: 'custom', from: '2026-01-01', to: '2026-03-31' } as const,
    ]) {
      expect(parsePeriodParam(toPeriodParam(period))).toEqual(period);
    }
  });

  it('falls back to this month for anything unreadable', () => {
    for (const value of [
      null,
      'week',
      '2026-02-30..2026-03-01',
      '2026-03-02..2026-03-01',
      'a..b..c',
    ]) {
      expect(parsePeriodParam(value)).toEqual({ kind: 'month' });
    }
  });
});

describe('days', () => {
  it('lists every day of a range across a month end', () => {
    expect(toDays({ from: '2026-02-27', to: '2026-03-02' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(toDays({ from: '2026-03-02', to: '2026-03-01' })).toEqual([]);
  });

  it('writes a day start with the city offset', () => {
    expect(toDayStart('2026-11-30')).toBe('2026-11-30T00:00:00+08:00');
    expect(toNextDay('2026-12-31')).toBe('2027-01-01');
  });
});
