import {
  defaultHotlineRules,
  loadWorkingCalendar,
  workingSpans,
  type HotlineRules,
} from '@city-twin/hotline';
import { chinaDay, chinaDayStart, DAY_MS, MINUTE_MS } from './china-time.ts';

// The hotline's own calendar (weekends, public holidays, make-up working days 调休) and office
// hours (上午 08:30–12:00, 下午 14:30–18:00 by default), so that simulated orders meet the same
// deadlines ingest derives.
const calendar = loadWorkingCalendar();
const rules: HotlineRules = defaultHotlineRules;
const officeSpans: ReadonlyArray<readonly [start: number, end: number]> = workingSpans(rules).map(
  ([start, end]) => [start * MINUTE_MS, end * MINUTE_MS] as const,
);

/** YYYY-MM-DD of local day `day`. */
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

const workingDays = new Map<number, boolean>();

/** Whether local day `day` (see chinaDay) is a working day on the hotline's calendar. */
export function isWorkingDay(day: number): boolean {
  let working = workingDays.get(day);
  if (working === undefined) {
    working = calendar.isWorkingDay(isoDay(day));
    if (workingDays.size > 4096) workingDays.clear();
    workingDays.set(day, working);
  }
  return working;
}

/** The instant `minutes` of office time after `ms` (at least the next office minute). */
export function addWorkingMinutes(ms: number, minutes: number): number {
  let at = ms;
  let left = Math.max(0, minutes) * MINUTE_MS;
  for (let day = chinaDay(ms), guard = 0; guard < 1000; day++, guard++) {
    if (!isWorkingDay(day)) continue;
    const base = chinaDayStart(day);
    for (const [startOffset, endOffset] of officeSpans) {
      const end = base + endOffset;
      if (at >= end) continue;
      at = Math.max(at, base + startOffset);
      if (at + left <= end) return at + left;
      left -= end - at;
      at = end;
    }
  }
  throw new RangeError(`no office time within reach of ${minutes} minutes`);
}

/** Office minutes from `from` to `to` (0 when `to` is not later). */
export function workingMinutesBetween(from: number, to: number): number {
  let total = 0;
  for (let day = chinaDay(from); day <= chinaDay(to); day++) {
    if (!isWorkingDay(day)) continue;
    const base = chinaDayStart(day);
    for (const [startOffset, endOffset] of officeSpans) {
      const start = Math.max(from, base + startOffset);
      const end = Math.min(to, base + endOffset);
      if (end > start) total += end - start;
    }
  }
  return total / MINUTE_MS;
}

/** Office minutes in one working day. */
export const WORKING_DAY_MINUTES = officeSpans.reduce(
  (sum, [s, e]) => sum + (e - s) / MINUTE_MS,
  0,
);

/** The first working day strictly after local day `day`. */
function nextWorkingDay(day: number): number {
  let next = day + 1;
  while (!isWorkingDay(next)) next++;
  return next;
}

/** 签收 sign-off due: urgent orders a fixed time after dispatch, day or night; others in office hours. */
export function signDueAt(dispatchedAt: number, urgent: boolean): number {
  return urgent
    ? dispatchedAt + rules.signOff.urgentMinutes * MINUTE_MS
    : addWorkingMinutes(dispatchedAt, rules.signOff.normalWorkingHours * 60);
}

/** Working days to complete a request of `kind` (hotline-rules.json). */
export const completionWorkingDays = (
  kind: keyof HotlineRules['completion']['workingDays'],
): number => rules.completion.workingDays[kind];

/**
 * 办结 due for a clock started at `from`: urgent orders by the end of the same day; others at the
 * end of the `workingDaysAfter`-th working day after `from`'s day (that day not counted).
 */
export function completionDueAt(from: number, urgent: boolean, workingDaysAfter: number): number {
  let day = chinaDay(from);
  if (!urgent) for (let n = workingDaysAfter; n > 0; n--) day = nextWorkingDay(day);
  return chinaDayStart(day + 1) - 1;
}

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
    const start = chinaDayStart(day) + openHour * 60 * MINUTE_MS;
    const end = chinaDayStart(day) + closeHour * 60 * MINUTE_MS;
    if (at < end) {
      if (at < start) at = start;
      if (at + left <= end) return at + left;
      left -= end - at;
    }
    at = chinaDayStart(day + 1);
  }
  throw new RangeError(`no service time within reach of ${minutes} minutes`);
}
