import type { TicketEvent } from '@city-twin/events';
import { createHotlineClock, deriveTicket, type StoredTicketEvent } from '@city-twin/hotline';
import { describe, expect, it } from 'vitest';
import { addTicketTotals, emptyTotals } from './tickets-at.ts';

const clock = createHotlineClock();
const cst = (local: string) => new Date(`${local}+08:00`);
let seq = 0;
const ev = (local: string, body: Record<string, unknown>): StoredTicketEvent => {
  const ts = cst(local);
  const eventId = `e-${++seq}`;
  return { ts, eventId, payload: { ...body, eventId, ts } as TicketEvent };
};

// An urgent order: dispatched 10:05 (sign-off due 10:35), signed 12:05, completed two days
// later (urgent orders are due the same day), called back satisfied.
const urgent = [
  ev('2026-12-04T10:00:00', {
    action: 'created',
    channel: 'phone',
    category: 'heating',
    urgency: 'urgent',
    kind: 'help',
    summary: '暖气不热',
    lon: 111.2,
    lat: 34.77,
  }),
  ev('2026-12-04T10:05:00', { action: 'dispatched', unitId: 'u-1' }),
  ev('2026-12-04T12:05:00', { action: 'signed', unitId: 'u-1' }),
  ev('2026-12-06T09:00:00', { action: 'completed', unitId: 'u-1', resolution: '已修复' }),
  ev('2026-12-07T10:00:00', { action: 'revisited', satisfaction: 'satisfied' }),
];

/** The order derived from its actions up to `local`, at `local`. */
const stateAt = (local: string) =>
  deriveTicket(
    't-1',
    urgent.filter((e) => e.ts <= cst(local)),
    clock,
    cst(local),
    () => '411202',
  ).state;

describe('cohort counters of an order at an instant', () => {
  it('counts as hotline_daily does: overdue and open, then completed late and called back', () => {
    expect(addTicketTotals(emptyTotals(), stateAt('2026-12-05T08:00:00'))).toMatchObject({
      accepted: 1,
      completed: 0,
      due: 1,
      completedOnTime: 0,
      signDue: 1,
      signedOnTime: 0,
      overdueSign: 1,
      overdueComplete: 1,
      overdueOpen: 1,
      callbacks: 0,
    });
    const later = addTicketTotals(emptyTotals(), stateAt('2026-12-07T12:00:00'));
    expect(later).toMatchObject({
      completed: 1,
      due: 1,
      completedOnTime: 0,
      overdueOpen: 0,
      callbacks: 1,
      satisfied: 1,
    });
    expect(later.handlingSeconds).toBe(
      (cst('2026-12-06T09:00:00').getTime() - cst('2026-12-04T10:00:00').getTime()) / 1000,
    );
  });

  it('adds to what it is given', () => {
    const one = addTicketTotals(emptyTotals(), stateAt('2026-12-04T10:30:00'));
    expect(one).toMatchObject({ accepted: 1, signDue: 0, overdueSign: 0, due: 0 });
    expect(addTicketTotals(one, stateAt('2026-12-04T11:00:00'))).toMatchObject({
      accepted: 2,
      overdueSign: 1,
    });
  });
});
