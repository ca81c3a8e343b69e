import { describe, expect, it } from 'vitest';
import { chinaDay } from './china-time.ts';
import { addServiceMinutes, addWorkingMinutes, isWorkingDay } from './work-calendar.ts';

/** Epoch ms of a China Standard Time wall-clock time. */
const cst = (iso: string): number => Date.parse(`${iso}+08:00`);
const iso = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

describe('isWorkingDay', () => {
  it('knows weekends and the main holidays', () => {
    expect(isWorkingDay(chinaDay(cst('2026-11-26T12:00:00')))).toBe(true); // Thursday
    expect(isWorkingDay(chinaDay(cst('2026-11-28T12:00:00')))).toBe(false); // Saturday
    expect(isWorkingDay(chinaDay(cst('2026-10-02T12:00:00')))).toBe(false); // 国庆节
    expect(isWorkingDay(chinaDay(cst('2026-02-18T12:00:00')))).toBe(false); // 春节 week
  });
});

describe('addWorkingMinutes', () => {
  it('counts office time only: lunch, nights and weekends pass free', () => {
    expect(iso(addWorkingMinutes(cst('2026-11-26T09:00:00'), 60))).toBe('2026-11-26T10:00');
    expect(iso(addWorkingMinutes(cst('2026-11-26T11:30:00'), 60))).toBe('2026-11-26T15:00');
    expect(iso(addWorkingMinutes(cst('2026-11-26T23:00:00'), 30))).toBe('2026-11-27T09:00');
    expect(iso(addWorkingMinutes(cst('2026-11-27T17:30:00'), 60))).toBe('2026-11-30T09:00');
  });
});

describe('addServiceMinutes', () => {
  it('counts a daily service window, weekends included', () => {
    expect(iso(addServiceMinutes(cst('2026-11-28T19:30:00'), 60, 8, 20))).toBe('2026-11-29T08:30');
  });
});
