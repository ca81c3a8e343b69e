import type { TicketEvent } from '@city-twin/events';
import { completionDeadline, signDeadline } from './deadlines.ts';

type Created = Extract<TicketEvent, { action: 'created' }>;

/** A work order's stored action, as read back for derivation. */
export interface StoredTicketEvent {
  ts: Date;
  eventId: string;
  payload: TicketEvent;
}

/** Where a work order stands (工单状态). */
export type TicketStatus =
  'created' | 'dispatched' | 'signed' | 'returned' | 'completed' | 'revisited' | 'reopened';

/** A work order's current state, one row of `ticket`. */
export interface TicketState {
  id: string;
  status: TicketStatus;
  created_at: Date | null;
  channel: string | null;
  category: string | null;
  urgency: string | null;
  kind: string | null;
  summary: string | null;
  lon: number | null;
  lat: number | null;
  district: string | null;
  caller_name: string | null;
  caller_phone: string | null;
  unit_id: string | null;
  dispatched_at: Date | null;
  signed_at: Date | null;
  sign_due_at: Date | null;
  due_at: Date | null;
  completed_at: Date | null;
  resolution: string | null;
  extensions: number;
  returns: number;
  reopens: number;
  satisfaction: string | null;
  revisited_at: Date | null;
  overdue_sign: boolean;
  overdue_complete: boolean;
  event_count: number;
  last_event_at: Date;
}

/** Orders a work order's actions by time, then eventId, so equal times have one order too. */
export function byTime(a: StoredTicketEvent, b: StoredTicketEvent): number {
  return (
    a.ts.getTime() - b.ts.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/**
 * Derives a work order's state from all its stored actions. The actions are sorted here,
 * so arrival order and duplicates (already removed by the key registry) never change it.
 */
export function deriveTicketState(
  id: string,
  events: readonly StoredTicketEvent[],
  locate: (lon: number, lat: number) => string | null,
): TicketState {
  const sorted = [...events].sort(byTime);
  const last = sorted.at(-1);
  if (!last) throw new Error(`work order ${id} has no actions`);
  let created: Created | undefined;
  const state: TicketState = {
    id,
    status: 'created',
    created_at: null,
    channel: null,
    category: null,
    urgency: null,
    kind: null,
    summary: null,
    lon: null,
    lat: null,
    district: null,
    caller_name: null,
    caller_phone: null,
    unit_id: null,
    dispatched_at: null,
    signed_at: null,
    sign_due_at: null,
    due_at: null,
    completed_at: null,
    resolution: null,
    extensions: 0,
    returns: 0,
    reopens: 0,
    satisfaction: null,
    revisited_at: null,
    overdue_sign: false,
    overdue_complete: false,
    event_count: sorted.length,
    last_event_at: last.ts,
  };

  for (const { ts, payload: e } of sorted) {
    switch (e.action) {
      case 'created':
        created = e;
        Object.assign(state, {
          created_at: ts,
          channel: e.channel,
          category: e.category,
          urgency: e.urgency,
          kind: e.kind,
          summary: e.summary,
          lon: e.lon,
          lat: e.lat,
          district: locate(e.lon, e.lat),
          caller_name: e.caller?.name ?? null,
          caller_phone: e.caller?.phone ?? null,
        });
        break;
      case 'dispatched':
        // 派单: a (re-)dispatch starts both clocks for the unit it goes to.
        Object.assign(state, {
          status: 'dispatched',
          unit_id: e.unitId,
          dispatched_at: ts,
          signed_at: null,
          sign_due_at: signDeadline(ts, created?.urgency),
          due_at: completionDeadline(ts, created),
        });
        break;
      case 'signed':
        state.status = 'signed';
        state.signed_at = ts;
        if (state.sign_due_at && ts > state.sign_due_at) state.overdue_sign = true;
        break;
      case 'returned':
        // 退单: the unit's clocks stop; the order waits for a new dispatch.
        Object.assign(state, {
          status: 'returned',
          unit_id: null,
          sign_due_at: null,
          due_at: null,
        });
        state.returns += 1;
        break;
      case 'extension_requested':
        break;
      case 'extension_approved':
        // 延期: the approved extension moves the due time.
        state.due_at = e.until;
        state.extensions += 1;
        break;
      case 'completed':
        state.status = 'completed';
        state.completed_at = ts;
        state.resolution = e.resolution;
        if (state.due_at && ts > state.due_at) state.overdue_complete = true;
        break;
      case 'revisited':
        // 回访: the citizen's verdict on the completed order.
        state.status = 'revisited';
        state.satisfaction = e.satisfaction;
        state.revisited_at = ts;
        break;
      case 'reopened':
        // Reopening restarts the completion clock.
        Object.assign(state, {
          status: 'reopened',
          completed_at: null,
          resolution: null,
          satisfaction: null,
          revisited_at: null,
          due_at: completionDeadline(ts, created),
        });
        state.reopens += 1;
        break;
      default: {
        const unreachable: never = e;
        throw new Error(`unhandled action ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return state;
}
