import { ticketCategories } from './hotline-types.ts';
import type { CategoryDayCount } from './hotline-types.ts';
import type { LocalDate } from './period.ts';

/** One category's counts, one per day of the period. */
export type TrendSeries = { category: string; counts: number[]; total: number };

/** Counts by category and day, ready to stack: every day of the period, categories in order. */
export type TrendTable = {
  days: LocalDate[];
  /** Known categories in contract order, then any others the gateway sent. */
  series: TrendSeries[];
  /** Orders per day, all categories. */
  totals: number[];
  /** Largest daily total. */
  max: number;
};

/** Lays the gateway's (day, category, count) rows out on every day of the period. */
export function toTrendTable(rows: readonly CategoryDayCount[], days: LocalDate[]): TrendTable {
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const byCategory = new Map<string, number[]>();
  for (const category of ticketCategories)
    byCategory.set(
      category,
      days.map(() => 0),
    );
  for (const row of rows) {
    const index = dayIndex.get(row.day);
    if (index === undefined) continue;
    let counts = byCategory.get(row.category);
    if (!counts) {
      counts = days.map(() => 0);
      byCategory.set(row.category, counts);
    }
    counts[index] = (counts[index] ?? 0) + row.count;
  }
  const series = [...byCategory].map(([category, counts]) => ({
    category,
    counts,
    total: counts.reduce((sum, count) => sum + count, 0),
  }));
  const totals = days.map((_, index) =>
    series.reduce((sum, item) => sum + (item.counts[index] ?? 0), 0),
  );
  return { days, series, totals, max: Math.max(0, ...totals) };
}

/** A round axis maximum at or above `value` (1, 2, 5 × 10ⁿ steps), at least 1. */
export function toNiceMax(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}
