import { describe, expect, it } from 'vitest';
import { createHotlineClock } from './deadlines.ts';

// Working hours 08:30–12:00 and 14:30–18:00 CST; the official 2026 calendar.
const clock = createHotlineClock();
const cst = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();

describe('sign-off deadline (2 working hours; urgent 30 minutes)', () => {
  it.each([
    ['over a weekend: Fri 17:00 → Mon 09:30', '2026-03-06T17:00:00', '2026-03-09T09:30:00'],
    ['over lunch: Tue 11:00 → 15:30', '2026-03-10T11:00:00', '2026-03-10T15:30:00'],
    ['before office hours: Tue 07:00 → 10:30', '2026-03-10T07:00:00', '2026-03-10T10:30:00'],
    ['in the lunch break: Tue 12:40 → 16:30', '2026-03-10T12:40:00', '2026-03-10T16:30:00'],
    ['over 国庆: Wed 30 Sep 17:30 → Thu 8 Oct 10:00', '2026-09-30T17:30:00', '2026-10-08T10:00:00'],
    [
      'onto a make-up Saturday: Fri 9 Oct 17:00 → Sat 10 Oct 09:30',
      '2026-10-09T17:00:00',
      '2026-10-10T09:30:00',
    ],
    [
      'on a holiday: Sat 3 Jan 10:00 → make-up Sun 4 Jan 10:30',
      '2026-01-03T10:00:00',
      '2026-01-04T10:30:00',
    ],
  ])('%s', (_name, dispatched, due) => {
    expect(iso(clock.signDeadline(cst(dispatched), 'normal'))).toBe(iso(cst(due)));
  });

  it('gives urgent orders 30 minutes, day or night, holiday or not', () => {
    expect(iso(clock.signDeadline(cst('2026-10-03T03:00:00'), 'urgent'))).toBe(
      iso(cst('2026-10-03T03:30:00')),
    );
  });
});

describe('completion deadline (working days after the dispatch day)', () => {
  it.each([
    // 03-03 … 03-19 are the 13 working days after Mon 2 March.
    ['complaint, 13 days from Mon 2 Mar', '2026-03-02T10:00:00', 'complaint', '2026-03-19'],
    // 14 Feb is a make-up Saturday (1), 15–23 Feb 春节, then 24 (2) and 25 (3).
    ['consultation across 春节', '2026-02-13T10:00:00', 'consultation', '2026-02-25'],
    // A Saturday dispatch: Mon 9 (1), Tue 10 (2), Wed 11 (3).
    ['help, dispatched on a Saturday', '2026-03-07T15:00:00', 'help', '2026-03-11'],
    // 1–7 Oct off; 8, 9, 10 (make-up Saturday) count.
    [
      'consultation across 国庆 and a make-up day',
      '2026-09-30T09:00:00',
      'consultation',
      '2026-10-10',
    ],
  ] as const)('%s', (_name, from, kind, dueDay) => {
    expect(iso(clock.completionDeadline(cst(from), 'normal', kind))).toBe(
      iso(cst(`${dueDay}T23:59:59.999`)),
    );
  });

  it('makes urgent orders due by the end of the same day', () => {
    expect(iso(clock.completionDeadline(cst('2026-03-10T22:00:00'), 'urgent', 'complaint'))).toBe(
      iso(cst('2026-03-10T23:59:59.999')),
    );
  });
});

describe('chase notice (催办)', () => {
  it.each([
    ['the next working day at 08:30', '2026-03-20T23:59:59.999', '2026-03-23T08:30:00'],
    ['after 国庆', '2026-09-30T23:59:59.999', '2026-10-08T08:30:00'],
    ['on a make-up Saturday', '2026-10-09T23:59:59.999', '2026-10-10T08:30:00'],
  ])('comes %s', (_name, due, chase) => {
    expect(iso(clock.chaseAt(cst(due)))).toBe(iso(cst(chase)));
  });
});

describe('working minutes', () => {
  it('adds nothing inside office hours and moves to the next span outside them', () => {
    expect(iso(clock.addWorkingMinutes(cst('2026-03-10T09:00:00'), 0))).toBe(
      iso(cst('2026-03-10T09:00:00')),
    );
    expect(iso(clock.addWorkingMinutes(cst('2026-03-10T19:00:00'), 0))).toBe(
      iso(cst('2026-03-11T08:30:00')),
    );
  });

  it('spans a whole working day as 7 hours', () => {
    expect(iso(clock.addWorkingMinutes(cst('2026-03-10T08:30:00'), 7 * 60))).toBe(
      iso(cst('2026-03-10T18:00:00')),
    );
  });
});
