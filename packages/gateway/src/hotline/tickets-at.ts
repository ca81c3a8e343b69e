import { ticketEventSchema } from '@city-twin/events';
import {
  deriveTicket,
  type HotlineClock,
  type StoredTicketEvent,
  type TicketState,
} from '@city-twin/hotline';
import type { Queryable } from '@city-twin/db';
import {
  actionsUntil,
  activeTicketsAt,
  settledTotalsAt,
  ticketsOpenCandidates,
  type HotlineTotals,
  type TicketRow,
} from './queries.ts';

/** A work order as it stood at an instant; `asOf` is that instant (overdue seconds count to it). */
export type TicketRowAt = TicketRow & { asOf: Date };

/**
 * Derives work orders at `at` from their actions up to it, with the hotline package's own
 * derivation (the one ingest uses), keeping each order's stored district.
 */
export async function deriveTicketsAt(
  db: Queryable,
  clock: HotlineClock,
  tickets: readonly TicketRow[],
  at: Date,
): Promise<TicketState[]> {
  if (tickets.length === 0) return [];
  const since = new Date(
    Math.min(...tickets.map((t) => (t.firstEventAt ?? t.createdAt ?? at).getTime())),
  );
  const rows = await actionsUntil(
    db,
    tickets.map((t) => t.id),
    since,
    at,
  );
  const byTicket = new Map<string, StoredTicketEvent[]>();
  for (const row of rows) {
    const list = byTicket.get(row.ticketId) ?? [];
    // Stored payloads passed the contract on the way in; parsing again restores the Dates.
    list.push({ ts: row.ts, eventId: row.eventId, payload: ticketEventSchema.parse(row.payload) });
    byTicket.set(row.ticketId, list);
  }
  return tickets.flatMap((ticket) => {
    const events = byTicket.get(ticket.id);
    return events ? [deriveTicket(ticket.id, events, clock, at, () => ticket.district).state] : [];
  });
}

/** A derived state in the API's row shape, as of `at`. */
export function toTicketRowAt(state: TicketState, at: Date): TicketRowAt {
  return {
    id: state.id,
    status: state.status,
    createdAt: state.created_at,
    channel: state.channel,
    category: state.category,
    urgency: state.urgency,
    kind: state.kind,
    summary: state.summary,
    lon: state.lon,
    lat: state.lat,
    district: state.district,
    callerName: state.caller_name,
    callerPhone: state.caller_phone,
    unitId: state.unit_id,
    dispatchedAt: state.dispatched_at,
    signedAt: state.signed_at,
    signDueAt: state.sign_due_at,
    dueAt: state.due_at,
    completedAt: state.completed_at,
    resolution: state.resolution,
    extensions: state.extensions,
    returns: state.returns,
    reopens: state.reopens,
    satisfaction: state.satisfaction,
    revisitedAt: state.revisited_at,
    overdueSign: state.overdue_sign,
    overdueComplete: state.overdue_complete,
    chasedAt: state.chased_at,
    firstEventAt: state.first_event_at,
    createdKey: null,
    asOf: at,
  };
}

/**
 * The work orders open at `at` (accepted, not completed then), each as it stood then. Orders
 * without an action after `at` are their stored rows with the facts of time judged at `at`;
 * the others are derived again from their actions up to `at`.
 */
export async function ticketsOpenAt(
  db: Queryable,
  clock: HotlineClock,
  at: Date,
  district: string | null,
): Promise<TicketRowAt[]> {
  const candidates = await ticketsOpenCandidates(db, at, district);
  const settled: TicketRowAt[] = [];
  const active: TicketRow[] = [];
  for (const row of candidates) {
    if (row.lastEventAt.getTime() > at.getTime()) {
      active.push(row);
      continue;
    }
    const { lastEventAt: _last, signLateAt, completeLateAt, ...ticket } = row;
    settled.push({ ...ticket, overdueSign: signLateAt, overdueComplete: completeLateAt, asOf: at });
  }
  const derived = (await deriveTicketsAt(db, clock, active, at))
    .filter((state) => state.created_at !== null && state.completed_at === null)
    .map((state) => toTicketRowAt(state, at));
  return [...settled, ...derived];
}

export const emptyTotals = (): HotlineTotals => ({
  accepted: 0,
  completed: 0,
  due: 0,
  completedOnTime: 0,
  signDue: 0,
  signedOnTime: 0,
  overdueSign: 0,
  overdueComplete: 0,
  overdueOpen: 0,
  callbacks: 0,
  satisfied: 0,
  handlingSeconds: 0,
});

/** Adds one order's contribution to cohort counters, as hotline_daily counts them (migration 010). */
export function addTicketTotals(totals: HotlineTotals, state: TicketState): HotlineTotals {
  const completed = state.completed_at !== null;
  const one = (condition: boolean) => (condition ? 1 : 0);
  return {
    accepted: totals.accepted + 1,
    completed: totals.completed + one(completed),
    due: totals.due + one(completed || state.overdue_complete),
    completedOnTime: totals.completedOnTime + one(completed && !state.overdue_complete),
    signDue: totals.signDue + one(state.signed_at !== null || state.overdue_sign),
    signedOnTime: totals.signedOnTime + one(state.signed_at !== null && !state.overdue_sign),
    overdueSign: totals.overdueSign + one(state.overdue_sign),
    overdueComplete: totals.overdueComplete + one(state.overdue_complete),
    overdueOpen: totals.overdueOpen + one(state.overdue_complete && !completed),
    callbacks: totals.callbacks + state.callbacks,
    satisfied: totals.satisfied + state.satisfied_callbacks,
    handlingSeconds:
      totals.handlingSeconds +
      (state.completed_at && state.created_at
        ? (state.completed_at.getTime() - state.created_at.getTime()) / 1000
        : 0),
  };
}

/**
 * Cohort counters of the orders created in [from, until) as they stood at `at`: the orders
 * with every action at or before `at` summed in SQL, the others derived again and added.
 */
export async function hotlineTotalsAt(
  db: Queryable,
  clock: HotlineClock,
  window: { from: Date; until: Date },
  at: Date,
  district: string | null,
  unitId: string | null,
): Promise<HotlineTotals> {
  const until = new Date(Math.min(window.until.getTime(), at.getTime() + 1));
  if (until.getTime() <= window.from.getTime()) return emptyTotals();
  const [settled, active] = await Promise.all([
    settledTotalsAt(db, window.from, until, at, district, unitId),
    activeTicketsAt(db, window.from, until, at, district),
  ]);
  const derived = await deriveTicketsAt(db, clock, active, at);
  return derived
    .filter((state) => state.created_at !== null && (unitId === null || state.unit_id === unitId))
    .reduce(addTicketTotals, settled);
}
