import { ticketEventSchema, type TicketEvent, type UnitMeta } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import type { Queryable } from '@city-twin/db';
import { toColumns } from '../columns.ts';
import {
  deriveTicket,
  type DerivedTicket,
  type HotlineClock,
  type StoredTicketEvent,
  type TicketState,
} from '@city-twin/hotline';

/** Upserts unit metadata; returns how many changed. */
export async function writeUnitMeta(
  tx: Queryable,
  metas: readonly { id: string; payload: UnitMeta }[],
): Promise<number> {
  if (metas.length === 0) return 0;
  const rows = await tx.query<{ id: string }>(
    `WITH input AS (
       SELECT DISTINCT ON (id) *
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
            AS t(id, name, kind, district, meta_ts, meta_event_id)
       ORDER BY id, meta_ts DESC
     )
     INSERT INTO unit (id, name, kind, district, meta_ts, meta_event_id)
     SELECT * FROM input ORDER BY id
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, district = excluded.district,
       meta_ts = excluded.meta_ts, meta_event_id = excluded.meta_event_id
     WHERE unit.meta_event_id <> excluded.meta_event_id AND excluded.meta_ts >= unit.meta_ts
     RETURNING id`,
    toColumns(metas, {
      id: (m) => m.id,
      name: (m) => m.payload.name,
      kind: (m) => m.payload.kind,
      district: (m) => m.payload.district ?? null,
      ts: (m) => m.payload.ts,
      eventId: (m) => m.payload.eventId,
    }),
  );
  return rows.length;
}

/**
 * Columns of `ticket` an upsert replaces: every one but the key. A record over the state's
 * keys, so a column added to TicketState and not here fails to compile.
 */
const replaced: Record<Exclude<keyof TicketState, 'id'>, true> = {
  status: true,
  created_at: true,
  channel: true,
  category: true,
  urgency: true,
  kind: true,
  summary: true,
  lon: true,
  lat: true,
  district: true,
  caller_name: true,
  caller_phone: true,
  unit_id: true,
  dispatched_at: true,
  signed_at: true,
  sign_due_at: true,
  due_at: true,
  completed_at: true,
  resolution: true,
  extensions: true,
  returns: true,
  reopens: true,
  satisfaction: true,
  revisited_at: true,
  callbacks: true,
  satisfied_callbacks: true,
  overdue_sign: true,
  overdue_complete: true,
  event_count: true,
  first_event_at: true,
  last_event_at: true,
  dispatches: true,
  chased_at: true,
  next_check_at: true,
};
const ticketColumns = Object.keys(replaced);

interface StoredRow {
  ticket_id: string;
  ts: Date;
  event_id: string;
  payload: unknown;
}

/** Appends new work-order actions (insert-only). */
export async function appendTicketEvents(
  tx: Queryable,
  events: readonly { id: string; payload: TicketEvent }[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO hotline_event (ts, event_id, ticket_id, action, unit_id, payload)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
    toColumns(events, {
      ts: (e) => e.payload.ts,
      eventId: (e) => e.payload.eventId,
      ticket: (e) => e.id,
      action: (e) => e.payload.action,
      unit: (e) => ('unitId' in e.payload ? e.payload.unitId : null),
      payload: (e) => JSON.stringify(e.payload),
    }),
  );
}

/**
 * The earliest time any stored action of the orders `ids` can have: their known first
 * actions and `since` (new actions not yet derived). As a constant it lets the planner
 * skip the hotline_event chunks before it.
 */
async function earliestAction(
  tx: Queryable,
  ids: readonly string[],
  since: Date | undefined,
): Promise<Date | string> {
  const [row] = await tx.query<{ since: Date | null }>(
    `SELECT least(min(first_event_at), $2::timestamptz) AS since FROM ticket WHERE id = ANY($1::text[])`,
    [ids, since ?? null],
  );
  return row?.since ?? '-infinity';
}

/**
 * Re-derives the work orders `ticketIds` at `now` from all their stored actions and
 * replaces their rows in `ticket` and `ticket_item` (the daily rollups follow by trigger).
 * A fact that is derived again keeps the time it was first noticed. Runs under the state
 * lock, so it always sees the actions earlier batches committed. `since` is the earliest
 * time of the new actions (if any): with the orders' known first actions it bounds the
 * search to the hotline_event chunks that can hold their actions.
 */
export async function rederiveTickets(
  tx: Queryable,
  ticketIds: readonly string[],
  clock: HotlineClock,
  now: Date,
  since?: Date,
): Promise<DerivedTicket[]> {
  if (ticketIds.length === 0) return [];
  const ids = [...new Set(ticketIds)].sort();
  const from = await earliestAction(tx, ids, since);
  const stored = await tx.query<StoredRow>(
    `SELECT ticket_id, ts, event_id, payload FROM hotline_event
     WHERE ticket_id = ANY($1::text[]) AND ts >= $2::timestamptz
     ORDER BY ticket_id, ts, event_id`,
    [ids, from],
  );
  const byTicket = new Map<string, StoredTicketEvent[]>();
  for (const row of stored) {
    const list = byTicket.get(row.ticket_id) ?? [];
    // Stored payloads passed the contract on the way in; parsing again restores the Dates.
    list.push({ ts: row.ts, eventId: row.event_id, payload: ticketEventSchema.parse(row.payload) });
    byTicket.set(row.ticket_id, list);
  }
  const derived = ids
    .filter((id) => byTicket.has(id))
    .map((id) => deriveTicket(id, byTicket.get(id)!, clock, now, locateDistrict));
  const states = derived.map((d) => d.state);
  const items = derived.flatMap((d) => d.items);
  await tx.query(
    `INSERT INTO ticket SELECT * FROM jsonb_populate_recordset(null::ticket, $1::jsonb) ORDER BY id
     ON CONFLICT (id) DO UPDATE SET (${ticketColumns})
     = (${ticketColumns.map((c) => `excluded.${c}`)})
     WHERE (${ticketColumns.map((c) => `ticket.${c}`)}) IS DISTINCT FROM (${ticketColumns.map((c) => `excluded.${c}`)})`,
    [JSON.stringify(states)],
  );
  await tx.query(
    `WITH incoming AS (
       SELECT * FROM jsonb_to_recordset($2::jsonb)
         AS t(ticket_id text, kind text, cycle smallint, at timestamptz, unit_id text, points float8)
     ), gone AS (
       DELETE FROM ticket_item o WHERE o.ticket_id = ANY($1::text[]) AND NOT EXISTS (
         SELECT 1 FROM incoming i WHERE (i.ticket_id, i.kind, i.cycle) = (o.ticket_id, o.kind, o.cycle))
     )
     INSERT INTO ticket_item AS o (ticket_id, kind, cycle, at, unit_id, points)
     SELECT ticket_id, kind, cycle, at, unit_id, points FROM incoming ORDER BY ticket_id, kind, cycle
     ON CONFLICT (ticket_id, kind, cycle) DO UPDATE
       SET at = excluded.at, unit_id = excluded.unit_id, points = excluded.points
       WHERE (o.at, o.unit_id, o.points) IS DISTINCT FROM (excluded.at, excluded.unit_id, excluded.points)`,
    [ids, JSON.stringify(items)],
  );
  return derived;
}

/**
 * Re-derives every order the new actions touch, and adds the actions to the hourly
 * rollups (by action, and by category for created orders). Returns how many located
 * orders fell outside every district.
 */
export async function updateTicketState(
  tx: Queryable,
  events: readonly { id: string; payload: TicketEvent }[],
  clock: HotlineClock,
  now: Date,
): Promise<{ outside: number; derived: DerivedTicket[] }> {
  if (events.length === 0) return { outside: 0, derived: [] };
  const ticketIds = [...new Set(events.map((e) => e.id))].sort();
  const since = new Date(
    events.reduce((min, e) => Math.min(min, e.payload.ts.getTime()), Infinity),
  );
  const derived = await rederiveTickets(tx, ticketIds, clock, now, since);
  const states = derived.map((d) => d.state);

  // The district of an action is its order's, known once the created action is stored.
  const district = new Map(states.map((s) => [s.id, s.district]));
  const rollup = events.flatMap((e) => {
    const d = district.get(e.id) ?? '';
    const rows: { ts: Date; stream: string; district: string; type: string }[] = [
      { ts: e.payload.ts, stream: 'hotline', district: d, type: e.payload.action },
    ];
    if (e.payload.action === 'created') {
      rows.push({
        ts: e.payload.ts,
        stream: 'hotline_category',
        district: d,
        type: e.payload.category,
      });
    }
    return rows;
  });
  await tx.query(
    `WITH stamped AS (
       UPDATE hotline_event h SET district = s.district
       FROM unnest($5::text[], $6::text[]) AS s(ticket_id, district)
       WHERE h.ticket_id = s.ticket_id AND h.ts >= $7::timestamptz
         AND h.district IS DISTINCT FROM s.district AND s.district IS NOT NULL
     )
     INSERT INTO event_rollup_1h AS r (bucket, stream, district, type, count)
     SELECT twin_bucket('1 hour', ts), stream, district, type, count(*)
     FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[]) AS t(ts, stream, district, type)
     GROUP BY 1, 2, 3, 4 ORDER BY 2, 4, 3, 1
     ON CONFLICT (stream, type, district, bucket) DO UPDATE SET count = r.count + excluded.count`,
    [
      ...toColumns(rollup, {
        ts: (r) => r.ts,
        stream: (r) => r.stream,
        district: (r) => r.district,
        type: (r) => r.type,
      }),
      ticketIds,
      ticketIds.map((id) => district.get(id) ?? null),
      // Every action of these orders is at or after the earliest first action.
      new Date(states.reduce((min, s) => Math.min(min, s.first_event_at.getTime()), Infinity)),
    ],
  );
  const outside = events.filter(
    (e) => e.payload.action === 'created' && district.get(e.id) === null,
  ).length;
  return { outside, derived };
}
