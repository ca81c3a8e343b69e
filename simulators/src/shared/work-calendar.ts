import { chinaClock, chinaDay, chinaDayStart, HOUR_MS, MINUTE_MS } from './china-time.ts';
import { springFestivalDay } from './seasons.ts';

// Office hours of government units (上午 08:30–12:00, 下午 14:30–18:00), local time.
const officeHours: ReadonlyArray<readonly [start: number, end: number]> = [
  [8.5, 12],
  [14.5, 18],
];

/**
 * Whether local day `day` is a working day: Monday–Friday outside the main public holidays
 * (元旦, the 春节 week, 劳动节, 国庆节). Make-up working weekends (调休) are ignored: the
 * simulator only needs plausible delays; ingest owns the authoritative calendar.
 */
export function isWorkingDay(day: number): boolean {
  let working = workingDays.get(day);
  if (working === undefined) {
    working = computeWorkingDay(day);
    if (workingDays.size > 4096) workingDays.clear();
    workingDays.set(day, working);
  }
  return working;
}

const workingDays = new Map<number, boolean>();

function computeWorkingDay(day: number): boolean {
  const { weekday, year, month, date } = chinaClock(chinaDayStart(day));
  if (weekday === 0 || weekday === 6) return false;
  if (month === 1 && date === 1) return false;
  if (month === 5 && date <= 5) return false;
  if (month === 10 && date <= 7) return false;
  const festival = springFestivalDay(year);
  return day < festival - 1 || day > festival + 5;
}

/** The instant `minutes` of office time after `ms` (at least the next office minute). */
export function addWorkingMinutes(ms: number, minutes: number): number {
  let at = ms;
  let left = Math.max(0, minutes) * MINUTE_MS;
  for (let guard = 0; guard < 10_000; guard++) {
    const day = chinaDay(at);
    if (isWorkingDay(day)) {
      for (const [startHour, endHour] of officeHours) {
        const start = chinaDayStart(day) + startHour * HOUR_MS;
        const end = chinaDayStart(day) + endHour * HOUR_MS;
        if (at >= end) continue;
        if (at < start) at = start;
        if (at + left <= end) return at + left;
        left -= end - at;
        at = end;
      }
    }
    at = chinaDayStart(day + 1);
  }
  throw new RangeError(`no office time within reach of ${minutes} minutes`);
}

/** Office minutes in one working day. */
export const WORKING_DAY_MINUTES = officeHours.reduce((sum, [s, e]) => sum + (e - s) * 60, 0);

/**
 * The instant `minutes` of service time after `ms`, where service runs daily from `openHour` to
 * `closeHour` local (e.g. the hotline's callback desk, 08:00–20:00).
 */
export function addServiceMinutes(
  ms: number,
  minutes: number,
  openHour: number,
  closeHour: number,
): number {
  let at = ms;
  let left = Math.max(0, minutes) * MINUTE_MS;
  for (let guard = 0; guard < 10_000; guard++) {
    const day = chinaDay(at);
    const start = chinaDayStart(day) + openHour * HOUR_MS;
    const end = chinaDayStart(day) + closeHour * HOUR_MS;
    if (at < end) {
      if (at < start) at = start;
      if (at + left <= end) return at + left;
      left -= end - at;
    }
    at = chinaDayStart(day + 1);
  }
  throw new RangeError(`no service time within reach of ${minutes} minutes`);
}
