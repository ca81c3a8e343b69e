import { readFileSync } from 'node:fs';
import shipped from '../data/calendar-cn.json' with { type: 'json' };

/** One year of the official schedule: days off and make-up working days (调休). */
export interface CalendarYear {
  /** Where the dates come from (the State Council's notice). */
  source: string;
  /** Public holidays, YYYY-MM-DD (China Standard Time). */
  holidays: string[];
  /** Weekend days that are working days, YYYY-MM-DD. */
  workdays: string[];
}

/** Calendar data as the deployment edits it (data/calendar-cn.json). */
export interface CalendarData {
  years: Record<string, CalendarYear>;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** The China Standard Time day (YYYY-MM-DD) of an instant. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China Standard Time day starts. */
function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}

function nextDay(day: string, by = 1): string {
  return new Date(dayStart(day) + by * DAY_MS + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A working-day calendar: weekends and public holidays off, make-up days on. */
export interface WorkingCalendar {
  /** Years the data covers; outside them only weekends are days off. */
  readonly years: readonly number[];
  isWorkingDay(day: string): boolean;
  /** The working day `n` working days after `from`'s day (n = 0: `from`'s day if it works, else the next). */
  workingDayAfter(from: Date, n: number): string;
  /** The last millisecond of the `n`-th working day after `from`'s day (n = 0: the same working day). */
  endOfWorkingDay(from: Date, n: number): Date;
}

/** Builds a calendar from its data; rejects malformed or contradictory dates. */
export function createWorkingCalendar(data: CalendarData): WorkingCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const [year, spec] of Object.entries(data.years)) {
    for (const day of [...spec.holidays, ...spec.workdays]) {
      if (!dayPattern.test(day) || Number.isNaN(dayStart(day)) || !day.startsWith(`${year}-`)) {
        throw new Error(`calendar ${year}: "${day}" is not a day of ${year} (YYYY-MM-DD)`);
      }
    }
    for (const day of spec.holidays) holidays.add(day);
    for (const day of spec.workdays) {
      if (holidays.has(day))
        throw new Error(`calendar ${year}: ${day} is both a holiday and a working day`);
      workdays.add(day);
    }
  }

  function isWorkingDay(day: string): boolean {
    if (workdays.has(day)) return true;
    if (holidays.has(day)) return false;
    const weekday = new Date(dayStart(day) + CHINA_OFFSET_MS).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  function workingDayAfter(from: Date, n: number): string {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
    let day = chinaDay(from);
    while (!isWorkingDay(day)) day = nextDay(day);
    for (let left = n; left > 0;) {
      day = nextDay(day);
      if (isWorkingDay(day)) left -= 1;
    }
    return day;
  }

  return {
    years: Object.keys(data.years).map(Number).sort(),
    isWorkingDay,
    workingDayAfter,
    endOfWorkingDay: (from, n) => new Date(dayStart(nextDay(workingDayAfter(from, n))) - 1),
  };
}

/**
 * Reads calendar data from a JSON file (a deployment's own): `path`, else
 * `HOTLINE_CALENDAR_FILE`, else the shipped schedule.
 */
export function loadWorkingCalendar(path = process.env.HOTLINE_CALENDAR_FILE): WorkingCalendar {
  return createWorkingCalendar(
    path ? (JSON.parse(readFileSync(path, 'utf8')) as CalendarData) : (shipped as CalendarData),
  );
}
