import type { TicketEvent } from '@city-twin/events';
import { describe, expect, it } from 'vitest';
import { createHotlineClock } from './deadlines.ts';
import { deriveTicket, type StoredTicketEvent, type TicketItem } from './ticket.ts';

const clock = createHotlineClock();
const cst = (local: string) => new Date(`${local}+08:00`);
const locate = () => '411202';

type Body = TicketEvent extends infer E
  ? E extends TicketEvent
    ? Omit<E, 'eventId' | 'ts' | 'ticketId'>
    : never
  : never;
let seq = 0;
const ev = (local: string, body: Body): StoredTicketEvent => {
  const ts = cst(local);
  const eventId = `e-${String(++seq).padStart(4, '0')}`;
  return { ts, eventId, payload: { ...body, eventId, ts } as TicketEvent };
};
const created = (
  local: string,
  kind: 'complaint' | 'consultation' = 'complaint',
  urgency: 'normal' | 'urgent' = 'normal',
) =>
  ev(local, {
    action: 'created',
    channel: 'phone',
    category: 'housing',
    urgency,
    kind,
    summary: '小区楼道灯不亮',
    lon: 111.2,
    lat: 34.77,
  });
const facts = (items: TicketItem[]) =>
  items.map((i) => `${i.kind}#${i.cycle} ${i.unit_id} ${i.at.toISOString()} ${i.points}`);
const at = (local: string) => cst(local).toISOString();

describe('deriving a work order', () => {
  it('earns both bonuses when signed and completed on time', () => {
    const events = [
      created('2026-03-02T09:00:00'),
      ev('2026-03-02T09:10:00', { action: 'dispatched', unitId: 'u-01' }),
      ev('2026-03-02T10:00:00', { action: 'signed', unitId: 'u-01' }),
      ev('2026-03-05T16:00:00', { action: 'completed', unitId: 'u-01', resolution: '已修复' }),
    ];
    const { state, items } = deriveTicket('t-1', events, clock, cst('2026-04-01T00:00:00'), locate);
    expect(facts(items)).toEqual([
      `sign_on_time#1 u-01 ${at('2026-03-02T10:00:00')} 0.5`,
      `complete_on_time#1 u-01 ${at('2026-03-05T16:00:00')} 1`,
    ]);
    expect(state).toMatchObject({
      status: 'completed',
      sign_due_at: cst('2026-03-02T11:10:00'),
      due_at: cst('2026-03-19T23:59:59.999'),
      overdue_sign: false,
      overdue_complete: false,
      next_check_at: null,
      district: '411202',
    });
  });

  it('raises an overdue sign-off at its deadline when signed late, or not signed by then', () => {
    const dispatched = [
      created('2026-03-02T09:00:00'),
      ev('2026-03-02T09:10:00', { action: 'dispatched', unitId: 'u-01' }),
    ];
    const late = deriveTicket(
      't-2',
      [...dispatched, ev('2026-03-02T15:00:00', { action: 'signed', unitId: 'u-01' })],
      clock,
      cst('2026-03-03T00:00:00'),
      locate,
    );
    expect(facts(late.items)).toEqual([`overdue_sign#1 u-01 ${at('2026-03-02T11:10:00')} -3`]);
    expect(late.state.next_check_at).toEqual(cst('2026-03-19T23:59:59.999'));

    // Before the deadline nothing is raised and the order asks to be looked at then.
    const early = deriveTicket('t-2', dispatched, clock, cst('2026-03-02T11:00:00'), locate);
    expect(early.items).toEqual([]);
    expect(early.state.next_check_at).toEqual(cst('2026-03-02T11:10:00'));
    const after = deriveTicket('t-2', dispatched, clock, cst('2026-03-02T11:10:01'), locate);
    expect(facts(after.items)).toEqual([`overdue_sign#1 u-01 ${at('2026-03-02T11:10:00')} -3`]);
    expect(after.state.overdue_sign).toBe(true);
  });

  it('raises an overdue completion at the due time and the chase notice the next working day', () => {
    const events = [
      created('2026-03-02T09:00:00'),
      ev('2026-03-02T09:10:00', { action: 'dispatched', unitId: 'u-01' }),
      ev('2026-03-02T10:00:00', { action: 'signed', unitId: 'u-01' }),
    ];
    // Due at the end of Thu 19 March; the chase comes Fri 20 March 08:30.
    const due = deriveTicket('t-3', events, clock, cst('2026-03-20T08:00:00'), locate);
    expect(facts(due.items)).toEqual([
      `sign_on_time#1 u-01 ${at('2026-03-02T10:00:00')} 0.5`,
      `overdue_complete#1 u-01 ${at('2026-03-19T23:59:59.999')} -10`,
    ]);
    expect(due.state.next_check_at).toEqual(cst('2026-03-20T08:30:00'));
    const chased = deriveTicket('t-3', events, clock, cst('2026-03-20T09:00:00'), locate);
    expect(facts(chased.items).at(-1)).toBe(`chase#1 u-01 ${at('2026-03-20T08:30:00')} 0`);
    expect(chased.state.chased_at).toEqual(cst('2026-03-20T08:30:00'));
    expect(chased.state.next_check_at).toBeNull();
    // Completed late before the chase: overdue, but never chased.
    const lateDone = deriveTicket(
      't-3',
      [
        ...events,
        ev('2026-03-20T08:00:00', { action: 'completed', unitId: 'u-01', resolution: '办结' }),
      ],
      clock,
      cst('2026-04-01T00:00:00'),
      locate,
    );
    expect(lateDone.items.map((i) => i.kind)).toEqual(['sign_on_time', 'overdue_complete']);
  });

  it('moves the due time with an approved extension', () => {
    const events = [
      created('2026-03-02T09:00:00'),
      ev('2026-03-02T09:10:00', { action: 'dispatched', unitId: 'u-01' }),
      ev('2026-03-02T10:00:00', { action: 'signed', unitId: 'u-01' }),
      ev('2026-03-16T10:00:00', {
        action: 'extension_requested',
        unitId: 'u-01',
        until: cst('2026-04-02T23:59:59.999'),
      }),
      ev('2026-03-17T10:00:00', {
        action: 'extension_approved',
        unitId: 'u-01',
        until: cst('2026-04-02T23:59:59.999'),
      }),
      ev('2026-03-25T10:00:00', { action: 'completed', unitId: 'u-01', resolution: '办结' }),
    ];
    const { state, items } = deriveTicket('t-4', events, clock, cst('2026-05-01T00:00:00'), locate);
    expect(items.map((i) => i.kind)).toEqual(['sign_on_time', 'complete_on_time']);
    expect(state).toMatchObject({ due_at: cst('2026-04-02T23:59:59.999'), extensions: 1 });
    // Only requested, not approved: the original due time stands and was missed.
    const unapproved = deriveTicket(
      't-4',
      events.filter((e) => e.payload.action !== 'extension_approved'),
      clock,
      cst('2026-05-01T00:00:00'),
      locate,
    );
    expect(unapproved.items.map((i) => i.kind)).toEqual([
      'sign_on_time',
      'overdue_complete',
      'chase',
    ]);
  });

  it('stops the unit’s clocks on a return and starts new ones on the re-dispatch', () => {
    const events = [
      created('2026-03-02T09:00:00'),
      ev('2026-03-02T09:10:00', { action: 'dispatched', unitId: 'u-09' }),
      ev('2026-03-02T09:40:00', { action: 'returned', unitId: 'u-09', reason: '非本单位职责' }),
      ev('2026-03-02T10:00:00', { action: 'dispatched', unitId: 'u-01' }),
      ev('2026-03-02T10:30:00', { action: 'signed', unitId: 'u-01' }),
    ];
    const { state, items } = deriveTicket('t-5', events, clock, cst('2026-03-10T00:00:00'), locate);
    expect(facts(items)).toEqual([`sign_on_time#2 u-01 ${at('2026-03-02T10:30:00')} 0.5`]);
    expect(state).toMatchObject({ unit_id: 'u-01', returns: 1, dispatches: 2, status: 'signed' });
    expect(state.next_check_at).toEqual(cst('2026-03-19T23:59:59.999'));

    // Returned only after the sign-off was due: that lateness stays with the returning unit.
    const lateReturn = [
      ...events.slice(0, 2),
      ev('2026-03-02T14:45:00', { action: 'returned', unitId: 'u-09', reason: '非本单位职责' }),
    ];
    const r = deriveTicket('t-5', lateReturn, clock, cst('2026-04-10T00:00:00'), locate);
    expect(facts(r.items)).toEqual([`overdue_sign#1 u-09 ${at('2026-03-02T11:10:00')} -3`]);
    expect(r.state).toMatchObject({
      status: 'returned',
      unit_id: null,
      due_at: null,
      next_check_at: null,
    });
  });

  it('charges an unsatisfied callback and a reopening, and restarts the completion clock', () => {
    const events = [
      created('2026-03-02T09:00:00', 'consultation'),
      ev('2026-03-02T09:10:00', { action: 'dispatched', unitId: 'u-01' }),
      ev('2026-03-02T10:00:00', { action: 'signed', unitId: 'u-01' }),
      ev('2026-03-03T10:00:00', { action: 'completed', unitId: 'u-01', resolution: '已答复' }),
      ev('2026-03-04T10:00:00', { action: 'revisited', satisfaction: 'unsatisfied' }),
      ev('2026-03-04T11:00:00', { action: 'reopened', reason: '问题未解决' }),
      ev('2026-03-04T11:20:00', { action: 'dispatched', unitId: 'u-01' }),
      ev('2026-03-04T11:30:00', { action: 'signed', unitId: 'u-01' }),
      // Reopened Wed 4 March: 3 working days → due end of Mon 9 March; done Tue 10 March.
      ev('2026-03-10T10:00:00', { action: 'completed', unitId: 'u-01', resolution: '已解决' }),
    ];
    const { state, items } = deriveTicket('t-6', events, clock, cst('2026-04-01T00:00:00'), locate);
    expect(facts(items)).toEqual([
      `sign_on_time#1 u-01 ${at('2026-03-02T10:00:00')} 0.5`,
      `complete_on_time#1 u-01 ${at('2026-03-03T10:00:00')} 1`,
      `unsatisfied#1 u-01 ${at('2026-03-04T10:00:00')} -8`,
      `reopened#1 u-01 ${at('2026-03-04T11:00:00')} -6`,
      `sign_on_time#2 u-01 ${at('2026-03-04T11:30:00')} 0.5`,
      `overdue_complete#2 u-01 ${at('2026-03-09T23:59:59.999')} -10`,
      `chase#2 u-01 ${at('2026-03-10T08:30:00')} 0`,
    ]);
    expect(state).toMatchObject({
      status: 'completed',
      reopens: 1,
      due_at: cst('2026-03-09T23:59:59.999'),
    });
  });

  it('derives the same result whatever order the actions arrive in', () => {
    const events = [
      created('2026-03-02T09:00:00'),
      ev('2026-03-02T09:10:00', { action: 'dispatched', unitId: 'u-09' }),
      ev('2026-03-02T09:40:00', { action: 'returned', unitId: 'u-09', reason: '非本单位职责' }),
      ev('2026-03-02T10:00:00', { action: 'dispatched', unitId: 'u-01' }),
      ev('2026-03-02T15:30:00', { action: 'signed', unitId: 'u-01' }),
      ev('2026-03-24T10:00:00', { action: 'completed', unitId: 'u-01', resolution: '办结' }),
      ev('2026-03-25T10:00:00', { action: 'revisited', satisfaction: 'satisfied' }),
    ];
    const now = cst('2026-04-01T00:00:00');
    const expected = deriveTicket('t-7', events, clock, now, locate);
    for (const order of [
      [...events].reverse(),
      [events[3]!, events[0]!, events[6]!, events[1]!, events[5]!, events[2]!, events[4]!],
    ]) {
      expect(deriveTicket('t-7', order, clock, now, locate)).toEqual(expected);
    }
    expect(expected.items.map((i) => i.kind)).toEqual([
      'overdue_sign',
      'overdue_complete',
      'chase',
    ]);
  });
});
