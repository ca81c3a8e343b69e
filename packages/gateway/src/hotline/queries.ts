import type { Queryable } from '@city-twin/db';
import type { ScoreCounts, ScoreKind } from '@city-twin/hotline';

/** A handling unit (承办单位) as the API shows it. */
export interface UnitRow {
  id: string;
  name: string;
  kind: string;
  district: string | null;
}

/** Every unit, in id order (58 in the demo city: small enough to read whole per request). */
export function listUnits(db: Queryable, district: string | null): Promise<UnitRow[]> {
  return db.query<UnitRow>(
    `SELECT id, name, kind, district FROM unit
     WHERE ($1::text IS NULL OR district = $1) ORDER BY id`,
    [district],
  );
}

/** A work order's derived state, named as the API names it. */
export interface TicketRow {
  id: string;
  status: string;
  createdAt: Date | null;
  channel: string | null;
  category: string | null;
  urgency: string | null;
  kind: string | null;
  summary: string | null;
  lon: number | null;
  lat: number | null;
  district: string | null;
  callerName: string | null;
  callerPhone: string | null;
  unitId: string | null;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  signDueAt: Date | null;
  dueAt: Date | null;
  completedAt: Date | null;
  resolution: string | null;
  extensions: number;
  returns: number;
  reopens: number;
  satisfaction: string | null;
  revisitedAt: Date | null;
  overdueSign: boolean;
  overdueComplete: boolean;
  chasedAt: Date | null;
  /** Time of the earliest action (bounds the search for the actions). */
  firstEventAt: Date | null;
  /** created_at to the microsecond, UTC ISO (the list's cursor key). */
  createdKey: string | null;
}

const ticketColumns = `id, status, created_at AS "createdAt", channel, category, urgency, kind, summary,
  lon, lat, district, caller_name AS "callerName", caller_phone AS "callerPhone", unit_id AS "unitId",
  dispatched_at AS "dispatchedAt", signed_at AS "signedAt", sign_due_at AS "signDueAt",
  due_at AS "dueAt", completed_at AS "completedAt", resolution, extensions, returns, reopens,
  satisfaction, revisited_at AS "revisitedAt", overdue_sign AS "overdueSign",
  overdue_complete AS "overdueComplete", chased_at AS "chasedAt", first_event_at AS "firstEventAt",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdKey"`;

/** Work orders by id, in no particular order. */
export function findTickets(db: Queryable, ids: readonly string[]): Promise<TicketRow[]> {
  return db.query<TicketRow>(`SELECT ${ticketColumns} FROM ticket WHERE id = ANY($1::text[])`, [
    ids,
  ]);
}

/** What a work-order list can be narrowed to. */
export interface TicketListFilter {
  from: Date | null;
  to: Date | null;
  district: string | null;
  unitId: string | null;
  category: string | null;
  statuses: string[] | null;
  overdue: boolean | null;
  overdueOpen: boolean | null;
}

/** Position in the list: after the order with this creation time (null: unknown) and id. */
export interface TicketKey {
  createdKey: string | null;
  id: string;
}

/** Collects SQL parameters and hands out their placeholders. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/**
 * One page of work orders, newest first by creation then id descending; orders whose
 * creation is not stored yet come last, by id. Reads `limit` rows after `after`.
 */
export async function listTickets(
  db: Queryable,
  filter: TicketListFilter,
  limit: number,
  after: TicketKey | null,
): Promise<TicketRow[]> {
  const where = (p: Params): string[] => {
    const w: string[] = [];
    if (filter.from) w.push(`created_at >= ${p.add(filter.from, 'timestamptz')}`);
    if (filter.to) w.push(`created_at < ${p.add(filter.to, 'timestamptz')}`);
    if (filter.district !== null) w.push(`district = ${p.add(filter.district, 'text')}`);
    if (filter.unitId !== null) w.push(`unit_id = ${p.add(filter.unitId, 'text')}`);
    if (filter.category !== null) w.push(`category = ${p.add(filter.category, 'text')}`);
    if (filter.statuses !== null) w.push(`status = ANY(${p.add(filter.statuses, 'text[]')})`);
    if (filter.overdue !== null)
      w.push(`${filter.overdue ? '' : 'NOT '}(overdue_sign OR overdue_complete)`);
    if (filter.overdueOpen !== null)
      w.push(`${filter.overdueOpen ? '' : 'NOT '}(overdue_complete AND completed_at IS NULL)`);
    return w;
  };

  // Two segments, each read in an order an index gives: orders with a creation time (the
  // created_at DESC indexes), then, once those run out, the few without one.
  const rows: TicketRow[] = [];
  if (after === null || after.createdKey !== null) {
    const p = new Params();
    const w = [...where(p), 'created_at IS NOT NULL'];
    if (after?.createdKey) {
      const ts = p.add(after.createdKey, 'timestamptz');
      w.push(`created_at <= ${ts}`, `(created_at < ${ts} OR id < ${p.add(after.id, 'text')})`);
    }
    rows.push(
      ...(await db.query<TicketRow>(
        `SELECT ${ticketColumns} FROM ticket WHERE ${w.join(' AND ')}
         ORDER BY created_at DESC, id DESC LIMIT ${p.add(limit, 'int')}`,
        p.values,
      )),
    );
  }
  // A creation-time bound excludes orders without one.
  if (rows.length < limit && filter.from === null && filter.to === null) {
    const p = new Params();
    const w = [...where(p), 'created_at IS NULL'];
    if (after && after.createdKey === null) w.push(`id < ${p.add(after.id, 'text')}`);
    rows.push(
      ...(await db.query<TicketRow>(
        `SELECT ${ticketColumns} FROM ticket WHERE ${w.join(' AND ')}
         ORDER BY id DESC LIMIT ${p.add(limit - rows.length, 'int')}`,
        p.values,
      )),
    );
  }
  return rows;
}

/** A stored action of a work order. */
export interface TicketEventRow {
  eventId: string;
  ts: Date;
  action: string;
  unitId: string | null;
  payload: Record<string, unknown>;
}

/**
 * Every action of one work order, oldest first (ties by eventId, as derivation orders them).
 * `since`, the order's earliest action, spares the hypertable's chunks that cannot hold any.
 */
export function ticketEvents(
  db: Queryable,
  ticketId: string,
  since: Date | null,
): Promise<TicketEventRow[]> {
  return db.query<TicketEventRow>(
    `SELECT event_id AS "eventId", ts, action, unit_id AS "unitId", payload
     FROM hotline_event WHERE ticket_id = $1 ${since ? 'AND ts >= $2' : ''} ORDER BY ts, event_id`,
    since ? [ticketId, since] : [ticketId],
  );
}

/** A score fact of a work order (ticket_item). */
export interface ScoreItemRow {
  ticketId: string;
  kind: string;
  cycle: number;
  at: Date;
  unitId: string;
  /** `at` to the microsecond, UTC ISO (the list's cursor key). */
  atKey: string;
}

const itemColumns = `ticket_id AS "ticketId", kind, cycle, at, unit_id AS "unitId",
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "atKey"`;

/** Score facts of one work order, in the order they became true. */
export function ticketItems(db: Queryable, ticketId: string): Promise<ScoreItemRow[]> {
  return db.query<ScoreItemRow>(
    `SELECT ${itemColumns} FROM ticket_item WHERE ticket_id = $1 ORDER BY at, kind, cycle`,
    [ticketId],
  );
}

/** Position in a unit's score facts. */
export interface ScoreItemKey {
  atKey: string;
  ticketId: string;
  kind: string;
  cycle: number;
}

/**
 * One page of a unit's score facts over the China Standard Time days `from`..`to`
 * (inclusive, YYYY-MM-DD), newest first, `limit` rows after `after`.
 */
export function unitItems(
  db: Queryable,
  unitId: string,
  from: string,
  to: string,
  limit: number,
  after: ScoreItemKey | null,
): Promise<ScoreItemRow[]> {
  const p = new Params();
  // The same day boundaries as unit_score_daily's twin_cst_day(at).
  const where = [
    `unit_id = ${p.add(unitId, 'text')}`,
    `at >= (${p.add(from, 'date')}::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    `at < ((${p.add(to, 'date')} + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
  ];
  if (after) {
    const at = p.add(after.atKey, 'timestamptz');
    where.push(
      `at <= ${at}`,
      `(at < ${at} OR (ticket_id, kind, cycle) < (${p.add(after.ticketId, 'text')}, ${p.add(
        after.kind,
        'text',
      )}, ${p.add(after.cycle, 'int')}))`,
    );
  }
  return db.query<ScoreItemRow>(
    `SELECT ${itemColumns} FROM ticket_item WHERE ${where.join(' AND ')}
     ORDER BY at DESC, ticket_id DESC, kind DESC, cycle DESC LIMIT ${p.add(limit, 'int')}`,
    p.values,
  );
}

/** Counts of score facts of one unit over the CST days `from`..`to` (inclusive). */
export async function unitScoreCounts(
  db: Queryable,
  unitId: string,
  from: string,
  to: string,
): Promise<ScoreCounts> {
  const rows = await db.query<{ kind: ScoreKind; count: number }>(
    `SELECT kind, sum(count)::int AS count FROM unit_score_daily
     WHERE unit_id = $1 AND day BETWEEN $2::date AND $3::date AND kind <> 'chase'
     GROUP BY kind`,
    [unitId, from, to],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, r.count])) as ScoreCounts;
}

/** Sums of hotline_daily over a period. */
export interface HotlineTotals {
  accepted: number;
  completed: number;
  due: number;
  completedOnTime: number;
  signDue: number;
  signedOnTime: number;
  overdueSign: number;
  overdueComplete: number;
  overdueOpen: number;
  callbacks: number;
  satisfied: number;
  handlingSeconds: number;
}

/** Cohort counters of the orders created on the CST days `from`..`to` (inclusive). */
export async function hotlineTotals(
  db: Queryable,
  from: string,
  to: string,
  district: string | null,
  unitId: string | null,
): Promise<HotlineTotals> {
  const p = new Params();
  const where = [`day BETWEEN ${p.add(from, 'date')} AND ${p.add(to, 'date')}`];
  if (district !== null) where.push(`district = ${p.add(district, 'text')}`);
  if (unitId !== null) where.push(`unit_id = ${p.add(unitId, 'text')}`);
  const [row] = await db.query<HotlineTotals>(
    `SELECT coalesce(sum(accepted), 0)::int AS accepted, coalesce(sum(completed), 0)::int AS completed,
       coalesce(sum(due), 0)::int AS due, coalesce(sum(completed_on_time), 0)::int AS "completedOnTime",
       coalesce(sum(sign_due), 0)::int AS "signDue", coalesce(sum(signed_on_time), 0)::int AS "signedOnTime",
       coalesce(sum(overdue_sign), 0)::int AS "overdueSign",
       coalesce(sum(overdue_complete), 0)::int AS "overdueComplete",
       coalesce(sum(overdue_open), 0)::int AS "overdueOpen", coalesce(sum(callbacks), 0)::int AS callbacks,
       coalesce(sum(satisfied), 0)::int AS satisfied,
       coalesce(sum(handling_seconds), 0)::float8 AS "handlingSeconds"
     FROM hotline_daily WHERE ${where.join(' AND ')}`,
    p.values,
  );
  return row!;
}

/** Orders created per CST day and category. */
export interface CategoryDayRow {
  day: string;
  category: string;
  count: number;
}

/**
 * Orders created per CST day and category over `from`..`to` (inclusive): the hourly rollup
 * summed per day (hotline_category_daily, kept equal to it by triggers).
 */
export function categoryTrend(
  db: Queryable,
  from: string,
  to: string,
  district: string | null,
): Promise<CategoryDayRow[]> {
  const p = new Params();
  const where = [`d.day BETWEEN ${p.add(from, 'date')} AND ${p.add(to, 'date')}`];
  if (district !== null) where.push(`d.district = ${p.add(district, 'text')}`);
  // Grouped and ordered by the date itself (d.day), not by its text.
  return db.query<CategoryDayRow>(
    `SELECT d.day::text AS day, d.category, sum(d.count)::int AS count
     FROM hotline_category_daily AS d WHERE ${where.join(' AND ')}
     GROUP BY d.day, d.category HAVING sum(d.count) > 0 ORDER BY d.day, d.category`,
    p.values,
  );
}

/** A work order's stored row with what replay needs to judge it at an instant. */
export interface TicketAtRow extends TicketRow {
  lastEventAt: Date;
  /** An overdue sign-off fact (its deadline) at or before the instant. */
  signLateAt: boolean;
  /** An overdue completion fact (its deadline) at or before the instant. */
  completeLateAt: boolean;
}

/**
 * Work orders that may have been open at `at`: created by then and not completed by then
 * (completed_at is the latest completion, so an order completed before `at` and reopened
 * after it is here too). Orders with actions after `at` must be derived again to be judged.
 */
export function ticketsOpenCandidates(
  db: Queryable,
  at: Date,
  district: string | null,
): Promise<TicketAtRow[]> {
  return db.query<TicketAtRow>(
    `SELECT ${ticketColumns}, last_event_at AS "lastEventAt",
       EXISTS (SELECT 1 FROM ticket_item i
               WHERE i.ticket_id = t.id AND i.kind = 'overdue_sign' AND i.at <= $1) AS "signLateAt",
       EXISTS (SELECT 1 FROM ticket_item i
               WHERE i.ticket_id = t.id AND i.kind = 'overdue_complete' AND i.at <= $1) AS "completeLateAt"
     FROM ticket t
     WHERE created_at <= $1 AND (completed_at IS NULL OR completed_at > $1)
       AND ($2::text IS NULL OR district = $2)`,
    [at, district],
  );
}

/** Work orders created in [from, until) with an action after `at` (to derive again at `at`). */
export function activeTicketsAt(
  db: Queryable,
  from: Date,
  until: Date,
  at: Date,
  district: string | null,
): Promise<TicketRow[]> {
  return db.query<TicketRow>(
    `SELECT ${ticketColumns} FROM ticket
     WHERE created_at >= $1 AND created_at < $2 AND last_event_at > $3
       AND ($4::text IS NULL OR district = $4)`,
    [from, until, at, district],
  );
}

/** A stored action of one of several work orders (payload as stored). */
export interface StoredActionRow {
  ticketId: string;
  ts: Date;
  eventId: string;
  payload: unknown;
}

/** The actions of `ids` at or before `at`, from `since` (their earliest action) on. */
export function actionsUntil(
  db: Queryable,
  ids: readonly string[],
  since: Date,
  at: Date,
): Promise<StoredActionRow[]> {
  return db.query<StoredActionRow>(
    `SELECT ticket_id AS "ticketId", ts, event_id AS "eventId", payload FROM hotline_event
     WHERE ticket_id = ANY($1::text[]) AND ts >= $2 AND ts <= $3
     ORDER BY ticket_id, ts, event_id`,
    [ids, since, at],
  );
}

/**
 * Cohort counters, as hotline_daily counts them (migration 010), of the orders created in
 * [from, until) whose actions all came at or before `at`: their rows are their state then,
 * except the facts of time, read from ticket_item by the deadline they mark.
 */
export async function settledTotalsAt(
  db: Queryable,
  from: Date,
  until: Date,
  at: Date,
  district: string | null,
  unitId: string | null,
): Promise<HotlineTotals> {
  const [row] = await db.query<HotlineTotals>(
    // Overdue facts are few: read once through ticket_item (kind, at) and joined, rather than
    // probed per order (a deadline comes after its order's creation, so at >= $1).
    `WITH late AS (
       SELECT ticket_id, bool_or(kind = 'overdue_sign') AS sign_late,
         bool_or(kind = 'overdue_complete') AS complete_late
       FROM ticket_item
       WHERE kind IN ('overdue_sign', 'overdue_complete') AND at >= $1 AND at <= $3
       GROUP BY ticket_id
     ),
     cohort AS (
       SELECT t.completed_at, t.signed_at, t.created_at, t.callbacks, t.satisfied_callbacks,
         coalesce(l.sign_late, false) AS sign_late, coalesce(l.complete_late, false) AS complete_late
       FROM ticket t LEFT JOIN late l ON l.ticket_id = t.id
       WHERE t.created_at >= $1 AND t.created_at < $2 AND t.last_event_at <= $3
         AND ($4::text IS NULL OR t.district = $4) AND ($5::text IS NULL OR t.unit_id = $5)
     )
     SELECT count(*)::int AS accepted,
       count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS completed,
       count(*) FILTER (WHERE completed_at IS NOT NULL OR complete_late)::int AS due,
       count(*) FILTER (WHERE completed_at IS NOT NULL AND NOT complete_late)::int AS "completedOnTime",
       count(*) FILTER (WHERE signed_at IS NOT NULL OR sign_late)::int AS "signDue",
       count(*) FILTER (WHERE signed_at IS NOT NULL AND NOT sign_late)::int AS "signedOnTime",
       count(*) FILTER (WHERE sign_late)::int AS "overdueSign",
       count(*) FILTER (WHERE complete_late)::int AS "overdueComplete",
       count(*) FILTER (WHERE complete_late AND completed_at IS NULL)::int AS "overdueOpen",
       coalesce(sum(callbacks), 0)::int AS callbacks,
       coalesce(sum(satisfied_callbacks), 0)::int AS satisfied,
       coalesce(sum(extract(epoch FROM completed_at - created_at))
         FILTER (WHERE completed_at IS NOT NULL), 0)::float8 AS "handlingSeconds"
     FROM cohort`,
    [from, until, at, district, unitId],
  );
  return row!;
}
