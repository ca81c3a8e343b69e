import { chinaDay, loadWorkingCalendar, type WorkingCalendar } from './calendar.ts';
import { loadHotlineRules, workingSpans, type HotlineRules } from './rules.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** No deadline is further away than this; a calendar without working time fails loudly. */
const MAX_SEARCH_DAYS = 400;

/** Urgency of a work order, as on the wire. */
export type Urgency = 'urgent' | 'normal';
/** Kind of request, as on the wire; decides the completion deadline. */
export type RequestKind = 'consultation' | 'help' | 'complaint' | 'report' | 'suggestion';

/** The hotline's clocks: deadlines on the working-day calendar and working hours. */
export interface HotlineClock {
  readonly rules: HotlineRules;
  readonly calendar: WorkingCalendar;
  /** The instant `minutes` of working time after `from` (working hours of working days). */
  addWorkingMinutes(from: Date, minutes: number): Date;
  /** 签收 due: urgent orders after a fixed time day or night, others in working hours. */
  signDeadline(dispatchedAt: Date, urgency: Urgency | null | undefined): Date;
  /**
   * 办结 due for a clock started at `from`: urgent orders by the end of the same day (the
   * hotline works around the clock); others at the end of the n-th working day after
   * `from`'s day (the start day is not counted), n by kind.
   */
  completionDeadline(
    from: Date,
    urgency: Urgency | null | undefined,
    kind: RequestKind | null | undefined,
  ): Date;
  /** 催办: the start of working hours on the first working day after the day `due` falls in. */
  chaseAt(due: Date): Date;
}

const dayStart = (day: string): number => Date.parse(`${day}T00:00:00+08:00`);
const followingDay = (day: string): string => chinaDay(new Date(dayStart(day) + DAY_MS + 1));

/**
 * Builds the clocks from rules and a calendar; by default the deployment's
 * (`HOTLINE_RULES_FILE`, `HOTLINE_CALENDAR_FILE`) or the shipped ones.
 */
export function createHotlineClock(
  rules: HotlineRules = loadHotlineRules(),
  calendar: WorkingCalendar = loadWorkingCalendar(),
): HotlineClock {
  const spans = workingSpans(rules);

  /** The first working day strictly after `day`. */
  function nextWorkingDay(day: string): string {
    let next = followingDay(day);
    for (let i = 0; !calendar.isWorkingDay(next); i++) {
      if (i > MAX_SEARCH_DAYS)
        throw new Error(`no working day within ${MAX_SEARCH_DAYS} days of ${day}`);
      next = followingDay(next);
    }
    return next;
  }

  function addWorkingMinutes(from: Date, minutes: number): Date {
    let left = Math.max(0, minutes) * MINUTE_MS;
    const t = from.getTime();
    let day = chinaDay(from);
    for (let i = 0; i <= MAX_SEARCH_DAYS; i++) {
      if (calendar.isWorkingDay(day)) {
        const base = dayStart(day);
        for (const [start, end] of spans) {
          const spanEnd = base + end * MINUTE_MS;
          if (spanEnd <= t) continue;
          const begin = Math.max(t, base + start * MINUTE_MS);
          // A clock started outside working hours starts at the next span, even for 0 minutes.
          if (left <= spanEnd - begin) return new Date(begin + left);
          left -= spanEnd - begin;
        }
      }
      day = followingDay(day);
    }
    throw new Error(`no working time within ${MAX_SEARCH_DAYS} days of ${from.toISOString()}`);
  }

  return {
    rules,
    calendar,
    addWorkingMinutes,
    signDeadline(dispatchedAt, urgency) {
      if (urgency === 'urgent') {
        return new Date(dispatchedAt.getTime() + rules.signOff.urgentMinutes * MINUTE_MS);
      }
      return addWorkingMinutes(dispatchedAt, rules.signOff.normalWorkingHours * 60);
    },
    completionDeadline(from, urgency, kind) {
      if (urgency === 'urgent') return new Date(dayStart(chinaDay(from)) + DAY_MS - 1);
      let day = chinaDay(from);
      for (let n = rules.completion.workingDays[kind ?? 'complaint']; n > 0; n--) {
        day = nextWorkingDay(day);
      }
      return new Date(dayStart(followingDay(day)) - 1);
    },
    chaseAt(due) {
      const first = spans[0]![0];
      return new Date(dayStart(nextWorkingDay(chinaDay(due))) + first * MINUTE_MS);
    },
  };
}
