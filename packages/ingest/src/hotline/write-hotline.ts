import { ticketEventSchema, type TicketEvent, type UnitMeta } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import type { Queryable } from '@city-twin/db';
import { toColumns } from '../columns.ts';
import { deriveTicketState, type StoredTicketEvent } from './ticket-state.ts';

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
 * Re-derives the state of every order the new actions touch from all its stored actions,
 * and adds them to the hourly rollups (by action, and by category for created orders).
 * Runs under the batch's state lock, so a batch always sees the actions an earlier batch
 * committed. Returns how many located orders fell outside every district.
 */
export async function updateTicketState(
  tx: Queryable,
  events: readonly { id: string; payload: TicketEvent }[],
): Promise<{ outside: number }> {
  if (events.length === 0) return { outside: 0 };
  const ticketIds = [...new Set(events.map((e) => e.id))].sort();
  const stored = await tx.query<StoredRow>(
    `SELECT ticket_id, ts, event_id, payload FROM hotline_event
     WHERE ticket_id = ANY($1::text[]) ORDER BY ticket_id, ts, event_id`,
    [ticketIds],
  );
  const byTicket = new Map<string, StoredTicketEvent[]>();
  for (const row of stored) {
    const list = byTicket.get(row.ticket_id) ?? [];
    // Stored payloads passed the contract on the way in; parsing again restores the Dates.
    list.push({ ts: row.ts, eventId: row.event_id, payload: ticketEventSchema.parse(row.payload) });
    byTicket.set(row.ticket_id, list);
  }
  const states = ticketIds.map((id) =>
    deriveTicketState(id, byTicket.get(id) ?? [], locateDistrict),
  );
  await tx.query(
    `INSERT INTO ticket SELECT * FROM jsonb_populate_recordset(null::ticket, $1::jsonb) ORDER BY id
     ON CONFLICT (id) DO UPDATE SET (status, created_at, channel, category, urgency, kind, summary, lon, lat,
       district, caller_name, caller_phone, unit_id, dispatched_at, signed_at, sign_due_at, due_at,
       completed_at, resolution, extensions, returns, reopens, satisfaction, revisited_at, overdue_sign,
       overdue_complete, event_count, last_event_at)
     = (excluded.status, excluded.created_at, excluded.channel, excluded.category, excluded.urgency,
       excluded.kind, excluded.summary, excluded.lon, excluded.lat, excluded.district, excluded.caller_name,
       excluded.caller_phone, excluded.unit_id, excluded.dispatched_at, excluded.signed_at,
       excluded.sign_due_at, excluded.due_at, excluded.completed_at, excluded.resolution, excluded.extensions,
       excluded.returns, excluded.reopens, excluded.satisfaction, excluded.revisited_at,
       excluded.overdue_sign, excluded.overdue_complete, excluded.event_count, excluded.last_event_at)`,
    [JSON.stringify(states)],
  );

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
       WHERE h.ticket_id = s.ticket_id AND h.district IS DISTINCT FROM s.district AND s.district IS NOT NULL
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
    ],
  );
  const outside = events.filter(
    (e) => e.payload.action === 'created' && district.get(e.id) === null,
  ).length;
  return { outside };
}
