import { describe, expect, it } from 'vitest';
import { chinaDay } from './china-time.ts';
import {
  addServiceMinutes,
  addWorkingMinutes,
  completionDueAt,
  isWorkingDay,
  signDueAt,
  workingMinutesBetween,
  WORKING_DAY_MINUTES,
} from './work-calendar.ts';

/** Epoch ms of a China Standard Time wall-clock time. */
const cst = (iso: string): number => Date.parse(`${iso}+08:00`);
const iso = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
const isoMs = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23);
const working = (day: string): boolean => isWorkingDay(chinaDay(cst(`${day}T12:00:00`)));

describe('isWorkingDay', () => {
  it('knows weekends and the holidays of the official schedule', () => {
    expect(working('2026-11-26')).toBe(true); // Thursday
    expect(working('2026-11-28')).toBe(false); // Saturday
    expect(working('2026-10-02')).toBe(false); // 国庆节
    expect(working('2026-02-18')).toBe(false); // 春节
    expect(working('2026-02-23')).toBe(false); // a Monday of the 春节 holiday
  });

  it('knows the make-up working days (调休)', () => {
    expect(working('2026-02-14')).toBe(true); // Saturday before 春节
    expect(working('2026-02-28')).toBe(true);
    expect(working('2026-10-10')).toBe(true); // Saturday after 国庆节
  });
});

describe('addWorkingMinutes', () => {
  it('counts office time only: lunch, nights and weekends pass free', () => {
    expect(WORKING_DAY_MINUTES).toBe(420);
    expect(iso(addWorkingMinutes(cst('2026-11-26T09:00:00'), 60))).toBe('2026-11-26T10:00');
    expect(iso(addWorkingMinutes(cst('2026-11-26T11:30:00'), 60))).toBe('2026-11-26T15:00');
    expect(iso(addWorkingMinutes(cst('2026-11-26T23:00:00'), 30))).toBe('2026-11-27T09:00');
    expect(iso(addWorkingMinutes(cst('2026-11-27T17:30:00'), 60))).toBe('2026-11-30T09:00');
  });

  it('works on a make-up Saturday', () => {
    expect(iso(addWorkingMinutes(cst('2026-02-13T17:30:00'), 60))).toBe('2026-02-14T09:00');
  });

  it('is undone by workingMinutesBetween', () => {
    expect(workingMinutesBetween(cst('2026-11-26T09:00:00'), cst('2026-11-26T15:00:00'))).toBe(210);
    expect(workingMinutesBetween(cst('2026-11-27T17:00:00'), cst('2026-11-30T09:30:00'))).toBe(120);
    const from = cst('2026-09-29T16:10:00');
    expect(workingMinutesBetween(from, addWorkingMinutes(from, 1000))).toBe(1000);
  });
});

describe('deadlines', () => {
  it('wants sign-off within 2 working hours, urgent orders within 30 minutes', () => {
    expect(iso(signDueAt(cst('2026-11-26T11:00:00'), false))).toBe('2026-11-26T15:30');
    expect(iso(signDueAt(cst('2026-11-27T20:00:00'), false))).toBe('2026-11-30T10:30');
    expect(iso(signDueAt(cst('2026-11-27T20:00:00'), true))).toBe('2026-11-27T20:30');
  });

  it('wants completion by the end of the n-th working day after dispatch, urgent the same day', () => {
    expect(isoMs(completionDueAt(cst('2026-11-27T10:00:00'), false, 3))).toBe(
      '2026-12-02T23:59:59.999',
    );
    expect(isoMs(completionDueAt(cst('2026-11-28T10:00:00'), false, 3))).toBe(
      '2026-12-02T23:59:59.999',
    );
    // Over 国庆: 8 and 9 October, then the make-up Saturday.
    expect(isoMs(completionDueAt(cst('2026-09-30T10:00:00'), false, 3))).toBe(
      '2026-10-10T23:59:59.999',
    );
    expect(isoMs(completionDueAt(cst('2026-11-26T22:00:00'), true, 3))).toBe(
      '2026-11-26T23:59:59.999',
    );
  });
});

describe('addServiceMinutes', () => {
  it('counts a daily service window, weekends included', () => {
    expect(iso(addServiceMinutes(cst('2026-11-28T19:30:00'), 60, 8, 20))).toBe('2026-11-29T08:30');
  });
});
