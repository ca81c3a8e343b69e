import { describe, expect, it } from 'vitest';
import { previousPeriod, rankUnits, scoreOf } from './ranking.ts';
import { defaultHotlineRules as rules } from './rules.ts';

describe('unit score (base 1000; +0.5 sign-off, +1 completion on time; −3, −10, −8, −6)', () => {
  it('adds each fact’s points to the base', () => {
    // 1000 + 40×0.5 + 36×1 − 2×3 − 4×10 − 3×8 − 1×6 = 1000 + 20 + 36 − 6 − 40 − 24 − 6 = 980
    const { score, components } = scoreOf(
      {
        sign_on_time: 40,
        complete_on_time: 36,
        overdue_sign: 2,
        overdue_complete: 4,
        unsatisfied: 3,
        reopened: 1,
      },
      rules,
    );
    expect(score).toBe(980);
    expect(components.find((c) => c.kind === 'overdue_complete')).toEqual({
      kind: 'overdue_complete',
      count: 4,
      pointsEach: -10,
      points: -40,
    });
  });
});

describe('ranking and talks (约谈)', () => {
  const units = ['u-a', 'u-b', 'u-c', 'u-d'];
  // u-a: 1000 + 10×0.5 + 10 = 1015; u-b: 1000 − 25×10 = 750 (below 800);
  // u-c: 1000 + 2 = 1002, previously 1000 + 120 = 1120 (fell 118 > 100); u-d: no orders, 1000.
  const current = new Map([
    ['u-a', { sign_on_time: 10, complete_on_time: 10 }],
    ['u-b', { overdue_complete: 25 }],
    ['u-c', { complete_on_time: 2 }],
  ]);
  const previous = new Map([
    ['u-c', { complete_on_time: 120 }],
    ['u-d', { complete_on_time: 1 }],
  ]);
  const rows = rankUnits(units, current, previous, rules);

  it('ranks by score, best first, with the previous period’s rank and the change', () => {
    expect(
      rows.map((r) => [r.unitId, r.score, r.rank, r.previousScore, r.previousRank, r.change]),
    ).toEqual([
      ['u-a', 1015, 1, 1000, 3, 15],
      ['u-c', 1002, 2, 1120, 1, -118],
      ['u-d', 1000, 3, 1001, 2, -1],
      ['u-b', 750, 4, 1000, 3, -250],
    ]);
  });

  it('flags a unit below 800 and a unit that fell by more than 100', () => {
    expect(rows.filter((r) => r.flagged).map((r) => [r.unitId, r.flagReasons])).toEqual([
      ['u-c', ['fell_too_far']],
      ['u-b', ['below_floor', 'fell_too_far']],
    ]);
  });

  it('gives tied scores one rank', () => {
    const tied = rankUnits(
      ['x', 'y', 'z'],
      new Map([['z', { overdue_sign: 1 }]]),
      new Map(),
      rules,
    );
    expect(tied.map((r) => [r.unitId, r.rank])).toEqual([
      ['x', 1],
      ['y', 1],
      ['z', 3],
    ]);
  });

  it('compares with the previous period of the same length', () => {
    expect(previousPeriod('2026-11-28', '2026-11-28')).toEqual({
      from: '2026-11-27',
      to: '2026-11-27',
    });
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({
      from: '2026-01-29',
      to: '2026-02-28',
    });
    expect(() => previousPeriod('2026-03-02', '2026-03-01')).toThrow(RangeError);
  });
});

describe('rules file', () => {
  it('rejects malformed rules with a message naming the field', async () => {
    const { parseHotlineRules } = await import('./rules.ts');
    const broken = structuredClone(rules) as unknown as { workingHours: string[] };
    broken.workingHours = ['14:30-18:00', '08:30-12:00'];
    expect(() => parseHotlineRules(broken, 'rules.json')).toThrow(/rules\.json.*workingHours/s);
    expect(() => parseHotlineRules({ ...rules, score: { base: 1000, points: {} } })).toThrow(
      /sign_on_time/,
    );
  });
});
