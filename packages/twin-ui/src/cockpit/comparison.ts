import type { DateRange, LocalDate } from '../hotline/period.ts';
import type { Comparison } from './cockpit-location.ts';

const dayMs = 86_400_000;

function shiftDay(day: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Days in a range, both ends included. */
export function toDayCount({ from, to }: DateRange): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1;
}

/** The previous period of the same length: the days just before `from`. */
export function toPreviousRange(range: DateRange): DateRange {
  const days = toDayCount(range);
  return { from: shiftDay(range.from, -days), to: shiftDay(range.from, -1) };
}

/** The days the chosen period is compared with. */
export function toComparisonRange(range: DateRange, compare: Comparison): DateRange {
  return compare.kind === 'custom'
    ? { from: compare.from, to: compare.to }
    : toPreviousRange(range);
}

/**
 * The change of a rate (0–1) in percentage points, rounded to one decimal as the rates are
 * shown (96.5 % vs 95.8 % → +0.7); null when either side has no rate.
 */
export function toRateChangePoints(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  return Math.round(current * 1000) / 10 - Math.round(previous * 1000) / 10;
}
