import { describe, expect, it } from 'vitest';
import { toNiceMax, toTrendTable } from './trend-series.ts';

describe('toTrendTable', () => {
  it('puts every category on every day, zero where the gateway omitted the day', () => {
    const table = toTrendTable(
      [
        { day: '2026-11-01', category: 'heating', count: 5 },
        { day: '2026-11-03', category: 'heating', count: 2 },
        { day: '2026-11-03', category: 'roads', count: 1 },
        { day: '2026-11-03', category: 'drones', count: 4 },
        { day: '2026-10-31', category: 'roads', count: 9 },
      ],
      ['2026-11-01', '2026-11-02', '2026-11-03'],
    );
    expect(table.series.find((s) => s.category === 'heating')?.counts).toEqual([5, 0, 2]);
    // A category the contract does not know yet is kept, after the known ones.
    expect(table.series.at(-1)).toEqual({ category: 'drones', counts: [0, 0, 4], total: 4 });
    expect(table.totals).toEqual([5, 0, 7]);
    expect(table.max).toBe(7);
  });
});

describe('toNiceMax', () => {
  it('rounds an axis up to 1, 2, 2.5 or 5 × 10ⁿ', () => {
    expect(toNiceMax(0)).toBe(1);
    expect(toNiceMax(7)).toBe(10);
    expect(toNiceMax(180)).toBe(200);
    expect(toNiceMax(201)).toBe(250);
    expect(toNiceMax(1174)).toBe(2000);
  });
});
