import { ticketEventSchema } from '@city-twin/events';
import { describe, expect, it } from 'vitest';
import { deriveTicketState, type StoredTicketEvent } from './ticket-state.ts';

const t0 = Date.parse('2026-11-23T01:00:00Z'); // Monday 09:00 in Sanmenxia
const H = 3600_000;
const D = 24 * H;
const at = (ms: number) => new Date(t0 + ms);
const locate = (lon: number) => (lon > 111 ? '411202' : null);

function event(eventId: string, offset: number, body: Record<string, unknown>): StoredTicketEvent {
  const payload = ticketEventSchema.parse({ eventId, ts: t0 + offset, ...body });
  return { ts: payload.ts, eventId, payload };
}

const created = event('c', 0, {
  action: 'created',
  channel: 'phone',
  category: 'heating',
  urgency: 'normal',
  kind: 'complaint',
  summary: '暖气不热',
  lon: 111.2,
  lat: 34.77,
  caller: { name: '史女士', phone: '13800005678' },
});
const flow = [
  created,
  event('d1', 10 * 60_000, { action: 'dispatched', unitId: 'u-01' }),
  event('r1', 40 * 60_000, { action: 'returned', unitId: 'u-01', reason: '非本单位职责' }),
  event('d2', H, { action: 'dispatched', unitId: 'u-02' }),
  event('s2', 4 * H, { action: 'signed', unitId: 'u-02' }),
  event('x1', 2 * D, { action: 'extension_requested', unitId: 'u-02', until: t0 + 20 * D }),
  event('x2', 2 * D + H, { action: 'extension_approved', unitId: 'u-02', until: t0 + 20 * D }),
  event('f', 16 * D, { action: 'completed', unitId: 'u-02', resolution: '已维修管道' }),
  event('v', 17 * D, { action: 'revisited', satisfaction: 'unsatisfied' }),
];

describe('deriveTicketState', () => {
  it('follows a work order through return, re-dispatch, late sign-off, extension and callback', () => {
    const state = deriveTicketState('T1', flow, locate);
    expect(state).toMatchObject({
      status: 'revisited',
      district: '411202',
      category: 'heating',
      caller_name: '史女士',
      unit_id: 'u-02',
      dispatched_at: at(H),
      signed_at: at(4 * H),
      sign_due_at: at(3 * H),
      overdue_sign: true,
      due_at: at(20 * D),
      completed_at: at(16 * D),
      overdue_complete: false,
      returns: 1,
      extensions: 1,
      satisfaction: 'unsatisfied',
      event_count: 9,
      last_event_at: at(17 * D),
    });
  });

  it('gives the same state whatever the arrival order', () => {
    const inOrder = deriveTicketState('T1', flow, locate);
    for (let seed = 1; seed <= 20; seed += 1) {
      const shuffled = [...flow].sort(
        (a, b) => ((a.eventId.charCodeAt(0) * seed) % 7) - ((b.eventId.charCodeAt(0) * seed) % 7),
      );
      expect(deriveTicketState('T1', shuffled, locate)).toEqual(inOrder);
    }
  });

  it('flags late completion, and reopening restarts the completion clock', () => {
    const late = [
      ...flow.slice(0, 5),
      event('f', 14 * D, { action: 'completed', unitId: 'u-02', resolution: '完成' }),
    ];
    expect(deriveTicketState('T1', late, locate)).toMatchObject({
      status: 'completed',
      overdue_complete: true,
    });

    const reopened = [...late, event('o', 15 * D, { action: 'reopened', reason: '问题未解决' })];
    expect(deriveTicketState('T1', reopened, locate)).toMatchObject({
      status: 'reopened',
      reopens: 1,
      completed_at: null,
      due_at: at(15 * D + 13 * D),
    });
  });

  it('keeps what it knows when the created action has not arrived yet', () => {
    const state = deriveTicketState('T1', flow.slice(1, 2), locate);
    expect(state).toMatchObject({
      status: 'dispatched',
      created_at: null,
      district: null,
      unit_id: 'u-01',
    });
  });
});
