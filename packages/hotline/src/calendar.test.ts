import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chinaDay, createWorkingCalendar, type CalendarData } from './calendar.ts';

const data = JSON.parse(
  readFileSync(new URL('../data/calendar-cn.json', import.meta.url), 'utf8'),
) as CalendarData;
const calendar = createWorkingCalendar(data);
const at = (iso: string) => new Date(iso);

describe('working-day calendar (official 2026 schedule)', () => {
  it('counts 33 holidays and 6 make-up days in 2026, as the notice lists', () => {
    expect(data.years['2026']?.holidays).toHaveLength(33);
    expect(data.years['2026']?.workdays).toHaveLength(6);
  });

  it.each([
    ['2026-11-26', true], // Thursday
    ['2026-11-28', false], // Saturday
    ['2026-11-29', false], // Sunday
    ['2026-01-01', false], // 元旦, Thursday
    ['2026-01-04', true], // make-up Sunday
    ['2026-02-14', true], // make-up Saturday before 春节
    ['2026-02-16', false], // 春节, Monday
    ['2026-02-23', false], // last day of 春节, Monday
    ['2026-02-24', true],
    ['2026-05-09', true], // make-up Saturday
    ['2026-09-20', true], // make-up Sunday
    ['2026-10-07', false], // 国庆, Wednesday
    ['2026-10-10', true], // make-up Saturday
  ])('%s is a working day: %s', (day, working) => {
    expect(calendar.isWorkingDay(day)).toBe(working);
  });

  it('counts working days across a weekend', () => {
    // Friday 2026-11-27 + 1 working day = Monday 2026-11-30
    expect(calendar.workingDayAfter(at('2026-11-27T10:00:00+08:00'), 1)).toBe('2026-11-30');
    // Saturday starts from the next working day
    expect(calendar.workingDayAfter(at('2026-11-28T10:00:00+08:00'), 0)).toBe('2026-11-30');
  });

  it('counts working days across 春节 with its make-up days', () => {
    // Friday 2026-02-13 + 1 = Saturday 2026-02-14 (make-up day); + 2 = Tuesday 2026-02-24
    expect(calendar.workingDayAfter(at('2026-02-13T09:00:00+08:00'), 1)).toBe('2026-02-14');
    expect(calendar.workingDayAfter(at('2026-02-13T09:00:00+08:00'), 2)).toBe('2026-02-24');
    // 3 working days from Wednesday 2026-02-25: 26, 27, 28 (make-up Saturday)
    expect(calendar.workingDayAfter(at('2026-02-25T09:00:00+08:00'), 3)).toBe('2026-02-28');
  });

  it('gives 13 working days across 国庆 from 2026-09-28', () => {
    // Working: 9-28, 9-29, 9-30, then 10-8, 10-9, 10-10 (make-up), 10-12 … ; 13 after 9-28 is 10-21
    expect(calendar.workingDayAfter(at('2026-09-28T15:00:00+08:00'), 13)).toBe('2026-10-21');
  });

  it('ends a working day at its last China-time millisecond', () => {
    expect(calendar.endOfWorkingDay(at('2026-11-26T15:00:00+08:00'), 0).toISOString()).toBe(
      '2026-11-26T15:59:59.999Z',
    );
    expect(chinaDay(at('2026-11-26T16:30:00Z'))).toBe('2026-11-27');
  });

  it('rejects malformed or contradictory data', () => {
    expect(() =>
      createWorkingCalendar({
        years: { '2027': { source: 'x', holidays: ['2027-13-01'], workdays: [] } },
      }),
    ).toThrow(/not a day/);
    expect(() =>
      createWorkingCalendar({
        years: { '2027': { source: 'x', holidays: ['2027-02-06'], workdays: ['2027-02-06'] } },
      }),
    ).toThrow(/both/);
    expect(() =>
      createWorkingCalendar({
        years: { '2027': { source: 'x', holidays: ['2026-01-01'], workdays: [] } },
      }),
    ).toThrow(/not a day of 2027/);
  });
});
