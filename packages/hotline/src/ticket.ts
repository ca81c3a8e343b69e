import type { TicketEvent } from '@city-twin/events';
import type { HotlineClock } from './deadlines.ts';
import type { ItemKind } from './rules.ts';

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
  /** The latest callback's verdict (回访). */
  satisfaction: string | null;
  revisited_at: Date | null;
  /** Every callback made, reopened orders' earlier ones included. */
  callbacks: number;
  /** Callbacks that said satisfied or basically satisfied. */
  satisfied_callbacks: number;
  /** Some sign-off was overdue (late, or not signed when due). */
  overdue_sign: boolean;
  /** Some completion clock ran out (completed late, or not completed when due). */
  overdue_complete: boolean;
  event_count: number;
  first_event_at: Date;
  last_event_at: Date;
  dispatches: number;
  chased_at: Date | null;
  /** The next instant the state changes by time alone; null when none will. */
  next_check_at: Date | null;
}

/**
 * A fact a work order produced for a unit: a score bonus or deduction, or a chase notice.
 * `cycle` numbers the dispatch (sign-off facts), the completion clock (completion, chase and
 * callback facts) or the reopening it belongs to, from 1; with the kind it keys the fact.
 */
export interface TicketItem {
  ticket_id: string;
  kind: ItemKind;
  cycle: number;
  /** When it became true: the deadline itself for overdue facts. */
  at: Date;
  unit_id: string;
  points: number;
  /**
   * When the obligation behind an overdue or chase fact was met or taken away (the late
   * sign-off or completion, a return, a re-dispatch); null while outstanding. Other facts:
   * their own time. Not stored; alert rules read it.
   */
  settled_at: Date | null;
}

/** A work order derived at an instant: its state and its facts. */
export interface DerivedTicket {
  state: TicketState;
  items: TicketItem[];
}

/** Orders a work order's actions by time, then eventId, so equal times have one order too. */
export function byTime(a: StoredTicketEvent, b: StoredTicketEvent): number {
  return (
    a.ts.getTime() - b.ts.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/** A dispatch's sign-off clock. */
interface SignClock {
  no: number;
  unitId: string;
  due: Date;
  signedAt: Date | null;
  /** When a return or the next dispatch ended it unsigned. */
  endedAt: Date | null;
}

/** A completion clock (an assignment): from a dispatch, or from a reopening. */
interface CompletionClock {
  no: number;
  unitId: string;
  due: Date;
  completedAt: Date | null;
  endedAt: Date | null;
}

/**
 * Derives a work order at `now` from all its stored actions: its state, and the facts the
 * hotline rules raise (DESIGN.md §3). The actions are sorted here, so arrival order never
 * changes the result; facts that depend on time (a deadline passing unmet, a chase) exist
 * once `now` has passed them, and `next_check_at` says when to derive again.
 *
 * - Each dispatch (派单) starts a sign-off clock for its unit and, unless the order is
 *   already assigned to that unit after a reopening, a completion clock.
 * - A return (退单) stops the unit's clocks; a late sign-off that was already due stays late.
 * - An approved extension (延期) moves the open completion clock's due time.
 * - Reopening (重办) starts a new completion clock for the unit that completed the order.
 * - A chase notice (催办) is raised on the working day after an unmet due time.
 */
export function deriveTicket(
  id: string,
  events: readonly StoredTicketEvent[],
  clock: HotlineClock,
  now: Date,
  locate: (lon: number, lat: number) => string | null,
): DerivedTicket {
  const sorted = [...events].sort(byTime);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) throw new Error(`work order ${id} has no actions`);
  const points = clock.rules.score.points;
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
    callbacks: 0,
    satisfied_callbacks: 0,
    overdue_sign: false,
    overdue_complete: false,
    event_count: sorted.length,
    first_event_at: first.ts,
    last_event_at: last.ts,
    dispatches: 0,
    chased_at: null,
    next_check_at: null,
  };
  const signClocks: SignClock[] = [];
  const completionClocks: CompletionClock[] = [];
  const items: TicketItem[] = [];
  const item = (
    kind: ItemKind,
    cycle: number,
    at: Date,
    unitId: string,
    settledAt: Date | null = at,
  ): void => {
    items.push({
      ticket_id: id,
      kind,
      cycle,
      at,
      unit_id: unitId,
      points: kind === 'chase' ? 0 : points[kind],
      settled_at: settledAt,
    });
  };
  const openSign = (): SignClock | undefined => {
    const c = signClocks.at(-1);
    return c && !c.signedAt && !c.endedAt ? c : undefined;
  };
  const openCompletion = (): CompletionClock | undefined => {
    const c = completionClocks.at(-1);
    return c && !c.completedAt && !c.endedAt ? c : undefined;
  };
  const lastCompleted = (): CompletionClock | undefined =>
    completionClocks.findLast((c) => c.completedAt !== null);
  const startCompletion = (unitId: string, from: Date): void => {
    const due = clock.completionDeadline(from, created?.urgency, created?.kind);
    completionClocks.push({
      no: completionClocks.length + 1,
      unitId,
      due,
      completedAt: null,
      endedAt: null,
    });
    state.due_at = due;
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
      case 'dispatched': {
        // 派单: a new sign-off clock; the previous unit's open clocks end here.
        const sign = openSign();
        if (sign) sign.endedAt = ts;
        const assignment = openCompletion();
        const continues = assignment?.unitId === e.unitId;
        if (assignment && !continues) assignment.endedAt = ts;
        const due = clock.signDeadline(ts, created?.urgency);
        signClocks.push({
          no: signClocks.length + 1,
          unitId: e.unitId,
          due,
          signedAt: null,
          endedAt: null,
        });
        if (!continues) startCompletion(e.unitId, ts);
        state.dispatches += 1;
        Object.assign(state, {
          status: 'dispatched',
          unit_id: e.unitId,
          dispatched_at: ts,
          signed_at: null,
          sign_due_at: due,
        });
        break;
      }
      case 'signed': {
        const sign = openSign();
        if (sign) sign.signedAt = ts;
        state.status = 'signed';
        state.signed_at = ts;
        break;
      }
      case 'returned': {
        // 退单: the unit's clocks stop; the order waits for a new dispatch.
        const sign = openSign();
        if (sign) sign.endedAt = ts;
        const assignment = openCompletion();
        if (assignment) assignment.endedAt = ts;
        Object.assign(state, {
          status: 'returned',
          unit_id: null,
          sign_due_at: null,
          due_at: null,
        });
        state.returns += 1;
        break;
      }
      case 'extension_requested':
        break;
      case 'extension_approved': {
        // 延期: the approved extension moves the open completion clock's due time.
        const assignment = openCompletion();
        if (assignment) {
          assignment.due = e.until;
          state.due_at = e.until;
        }
        state.extensions += 1;
        break;
      }
      case 'completed': {
        const assignment = openCompletion();
        if (assignment) assignment.completedAt = ts;
        Object.assign(state, { status: 'completed', completed_at: ts, resolution: e.resolution });
        break;
      }
      case 'revisited': {
        // 回访: the citizen's verdict on the completed order.
        const done = lastCompleted();
        if (done && e.satisfaction === 'unsatisfied') item('unsatisfied', done.no, ts, done.unitId);
        state.callbacks += 1;
        if (e.satisfaction !== 'unsatisfied') state.satisfied_callbacks += 1;
        Object.assign(state, {
          status: 'revisited',
          satisfaction: e.satisfaction,
          revisited_at: ts,
        });
        break;
      }
      case 'reopened': {
        // 重办: a new completion clock for the unit that completed the order.
        state.reopens += 1;
        const done = lastCompleted();
        if (done) {
          item('reopened', state.reopens, ts, done.unitId);
          const assignment = openCompletion();
          if (assignment) assignment.endedAt = ts;
          startCompletion(done.unitId, ts);
        }
        Object.assign(state, {
          status: 'reopened',
          completed_at: null,
          resolution: null,
          satisfaction: null,
          revisited_at: null,
        });
        break;
      }
      default: {
        const unreachable: never = e;
        throw new Error(`unhandled action ${JSON.stringify(unreachable)}`);
      }
    }
  }

  // Facts of time: each clock is judged when it ended, or now while it runs.
  const checks: Date[] = [];
  for (const c of signClocks) {
    if (c.signedAt && c.signedAt <= c.due) item('sign_on_time', c.no, c.signedAt, c.unitId);
    else if ((c.signedAt ?? c.endedAt ?? now) > c.due)
      item('overdue_sign', c.no, c.due, c.unitId, c.signedAt ?? c.endedAt);
    else if (!c.signedAt && !c.endedAt) checks.push(c.due);
  }
  for (const c of completionClocks) {
    if (c.completedAt && c.completedAt <= c.due) {
      item('complete_on_time', c.no, c.completedAt, c.unitId);
      continue;
    }
    const end = c.completedAt ?? c.endedAt ?? now;
    if (end <= c.due) {
      if (!c.completedAt && !c.endedAt) checks.push(c.due);
      continue;
    }
    const settled = c.completedAt ?? c.endedAt;
    item('overdue_complete', c.no, c.due, c.unitId, settled);
    const chase = clock.chaseAt(c.due);
    if (end >= chase) item('chase', c.no, chase, c.unitId, settled);
    else if (!c.completedAt && !c.endedAt) checks.push(chase);
  }

  items.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind < b.kind ? -1 : 1));
  state.overdue_sign = items.some((i) => i.kind === 'overdue_sign');
  state.overdue_complete = items.some((i) => i.kind === 'overdue_complete');
  state.chased_at = items.findLast((i) => i.kind === 'chase')?.at ?? null;
  state.next_check_at = checks.length > 0 ? new Date(Math.min(...checks.map(Number))) : null;
  return { state, items };
}
