import {
  createHotlineClock,
  previousPeriod,
  rankUnits,
  scoreKinds,
  scoreOf,
  type HotlineRules,
  type WorkingCalendar,
} from '@city-twin/hotline';
import { scoreCountsByUnit } from '@city-twin/hotline/store';
import { GraphQLScalarType } from 'graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { Context } from '../context.ts';
import { badInput, notFound } from '../errors.ts';
import {
  decodeCursor,
  encodeCursor,
  isMicrosIso,
  parseFirst,
  toConnection,
} from '../pagination.ts';
import {
  categoryTrend,
  findTickets,
  hotlineTotals,
  listTickets,
  listUnits,
  ticketEvents,
  ticketItems,
  unitItems,
  unitScoreCounts,
  type ScoreItemKey,
  type ScoreItemRow,
  type TicketEventRow,
  type TicketKey,
  type TicketRow,
  type UnitRow,
} from './queries.ts';
import { hotlineTotalsAt, ticketsOpenAt, type TicketRowAt } from './tickets-at.ts';

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * graphql-scalars' LocalDate with a cheap output check: the days it serialises are
 * PostgreSQL's `date::text` or inputs it already validated, so the pattern suffices (its own
 * check builds a Date per value: a third of the time of a year's hotlineTrend). Inputs are
 * validated in full.
 */
export const localDateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  serialize: (value) =>
    typeof value === 'string' && dayPattern.test(value)
      ? value
      : LocalDateResolver.serialize(value),
});

/** What the hotline API needs besides the database. */
export interface HotlineApiOptions {
  rules: HotlineRules;
  calendar: WorkingCalendar;
}

const MAX_PERIOD_DAYS = 400;
const DAY_MS = 86_400_000;
const OPEN_AT_DEFAULT = 50;
/** The most orders ticketsOpenAt answers: a map's worth. */
const OPEN_AT_MAX = 10_000;

/** The first instant of a China Standard Time day (YYYY-MM-DD). */
const toCstDayStart = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

/** A period of CST days, from ≤ to and at most 400 days long (LocalDate already checked the format). */
function checkPeriod(from: string, to: string): void {
  if (from > to) throw badInput(`from (${from}) must not be after to (${to})`);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw badInput(`a period is at most ${MAX_PERIOD_DAYS} days; ${from}..${to} is ${days}`);
  }
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

function parseTicketCursor(cursor: string): TicketKey {
  const [createdKey, id, ...rest] = decodeCursor(cursor, 't');
  if (rest.length > 0 || !isId(id) || !(createdKey === null || isMicrosIso(createdKey))) {
    throw badInput('after is not a cursor of this list');
  }
  return { createdKey, id };
}

function parseItemCursor(cursor: string): ScoreItemKey {
  const [atKey, ticketId, kind, cycle, ...rest] = decodeCursor(cursor, 's');
  if (
    rest.length > 0 ||
    !isMicrosIso(atKey) ||
    !isId(ticketId) ||
    !isId(kind) ||
    !Number.isInteger(cycle) ||
    (cycle as number) < 0 ||
    (cycle as number) > 32_767
  ) {
    throw badInput('after is not a cursor of this list');
  }
  return { atKey, ticketId, kind, cycle: cycle as number };
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Reads shared by the resolvers of one context: the units (58, read whole) and batches of
 * work orders. A context may outlive a request (a WebSocket connection's), so the units are
 * read again after a few seconds and a batch is forgotten once it is answered.
 */
interface ContextCache {
  units?: { readAt: number; byId: Promise<Map<string, UnitRow>> };
  ticketBatch?: {
    rows: Promise<Map<string, TicketRow>>;
    pending: Map<string, Promise<TicketRow | null>>;
  };
}

const UNITS_FRESH_MS = 5_000;
const caches = new WeakMap<Context, ContextCache>();

function cacheOf(context: Context): ContextCache {
  let cache = caches.get(context);
  if (!cache) {
    cache = {};
    caches.set(context, cache);
  }
  return cache;
}

function unitsOf(context: Context): Promise<Map<string, UnitRow>> {
  const cache = cacheOf(context);
  const now = Date.now();
  if (!cache.units || now - cache.units.readAt > UNITS_FRESH_MS) {
    const byId = listUnits(context.db, null).then((rows) => new Map(rows.map((u) => [u.id, u])));
    cache.units = { readAt: now, byId };
  }
  return cache.units.byId;
}

async function unitOf(context: Context, id: string | null): Promise<UnitRow | null> {
  return id === null ? null : ((await unitsOf(context)).get(id) ?? null);
}

/** A unit for a non-null position: the stored one, else one known only by its id (meta not received yet). */
async function knownUnit(context: Context, id: string): Promise<UnitRow> {
  return (await unitOf(context, id)) ?? { id, name: id, kind: 'other', district: null };
}

/** Work orders asked for in one turn of the event loop (a page of score items), read in one query. */
function loadTicket(context: Context, id: string): Promise<TicketRow | null> {
  const cache = cacheOf(context);
  if (!cache.ticketBatch) {
    const pending = new Map<string, Promise<TicketRow | null>>();
    const rows = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      cache.ticketBatch = undefined;
      const found = await findTickets(context.db, [...pending.keys()]);
      return new Map(found.map((t) => [t.id, t]));
    });
    cache.ticketBatch = { rows, pending };
  }
  const batch = cache.ticketBatch;
  let ticket = batch.pending.get(id);
  if (!ticket) {
    ticket = batch.rows.then((rows) => rows.get(id) ?? null);
    batch.pending.set(id, ticket);
  }
  return ticket;
}

/** Fields of an action's payload that the TicketEvent shows in its own fields. */
const eventFields = new Set(['eventId', 'ts', 'action', 'ticketId', 'unitId']);

interface TicketsArgs {
  filter?: {
    from?: Date | null;
    to?: Date | null;
    district?: string | null;
    unitId?: string | null;
    category?: string | null;
    status?: string[] | null;
    overdue?: boolean | null;
    overdueOpen?: boolean | null;
  } | null;
  first?: number | null;
  after?: string | null;
}

interface PeriodArgs {
  from: string;
  to: string;
}

/** Resolvers of the 12345 hotline API (tickets, units, stats, trend, ranking, rules). */
export function createHotlineResolvers({ rules, calendar }: HotlineApiOptions) {
  const clock = createHotlineClock(rules, calendar);
  const pointsOf = (kind: string): number =>
    (rules.score.points as Record<string, number | undefined>)[kind] ?? 0;
  const toScoreItem = (row: ScoreItemRow) => ({ ...row, points: pointsOf(row.kind) });

  return {
    Query: {
      tickets: async (_: unknown, args: TicketsArgs, { db }: Context) => {
        const first = parseFirst(args.first, 50);
        const after = args.after ? parseTicketCursor(args.after) : null;
        const f = args.filter ?? {};
        if (f.from && f.to && f.to.getTime() <= f.from.getTime()) {
          throw badInput('filter.to must be after filter.from');
        }
        const rows = await listTickets(
          db,
          {
            from: f.from ?? null,
            to: f.to ?? null,
            district: f.district ?? null,
            unitId: f.unitId ?? null,
            category: f.category ?? null,
            // An empty status list narrows nothing, like an absent one.
            statuses: f.status?.length ? f.status : null,
            overdue: f.overdue ?? null,
            overdueOpen: f.overdueOpen ?? null,
          },
          first + 1,
          after,
        );
        return toConnection(rows, first, (t) => encodeCursor(['t', t.createdKey, t.id]));
      },
      ticket: async (_: unknown, args: { id: string }, { db }: Context) =>
        (await findTickets(db, [args.id]))[0] ?? null,
      units: (_: unknown, args: { district?: string | null }, { db }: Context) =>
        listUnits(db, args.district ?? null),

      hotlineStats: async (
        _: unknown,
        args: PeriodArgs & { district?: string | null; unitId?: string | null; at?: Date | null },
        { db }: Context,
      ) => {
        checkPeriod(args.from, args.to);
        const district = args.district ?? null;
        const unitId = args.unitId ?? null;
        // Now: the daily rollup (hotline_daily). At an instant: the orders themselves, as
        // they stood then (derived again when they have actions after it).
        const t = args.at
          ? await hotlineTotalsAt(
              db,
              clock,
              {
                from: toCstDayStart(args.from),
                until: new Date(toCstDayStart(args.to).getTime() + DAY_MS),
              },
              args.at,
              district,
              unitId,
            )
          : await hotlineTotals(db, args.from, args.to, district, unitId);
        return {
          accepted: t.accepted,
          completed: t.completed,
          due: t.due,
          completionRate: ratio(t.completed, t.due),
          callbacks: t.callbacks,
          satisfied: t.satisfied,
          satisfactionRate: ratio(t.satisfied, t.callbacks),
          onTimeSignRate: ratio(t.signedOnTime, t.signDue),
          onTimeCompletionRate: ratio(t.completedOnTime, t.completed),
          overdueSign: t.overdueSign,
          overdueComplete: t.overdueComplete,
          overdueOpen: t.overdueOpen,
          averageHandlingHours: t.completed > 0 ? t.handlingSeconds / t.completed / 3600 : null,
        };
      },

      ticketsOpenAt: async (
        _: unknown,
        args: {
          at: Date;
          district?: string | null;
          overdue?: boolean | null;
          first?: number | null;
        },
        { db }: Context,
      ) => {
        const first = args.first ?? OPEN_AT_DEFAULT;
        if (!Number.isInteger(first) || first < 1 || first > OPEN_AT_MAX) {
          throw badInput(`first must be between 1 and ${OPEN_AT_MAX}, got ${first}`);
        }
        const open = await ticketsOpenAt(db, clock, args.at, args.district ?? null);
        const time = (value: Date | null) => value?.getTime() ?? Number.POSITIVE_INFINITY;
        // Overdue ones: longest overdue first; else newest first.
        const rows = args.overdue
          ? open
              .filter((t) => t.overdueComplete)
              .sort((a, b) => time(a.dueAt) - time(b.dueAt) || a.id.localeCompare(b.id))
          : open.sort(
              (a, b) => -(time(a.createdAt) - time(b.createdAt)) || b.id.localeCompare(a.id),
            );
        return rows.slice(0, first);
      },

      hotlineTrend: (
        _: unknown,
        args: PeriodArgs & { district?: string | null },
        { db }: Context,
      ) => {
        checkPeriod(args.from, args.to);
        return categoryTrend(db, args.from, args.to, args.district ?? null);
      },

      unitRanking: async (_: unknown, args: PeriodArgs, context: Context) => {
        checkPeriod(args.from, args.to);
        const previous = previousPeriod(args.from, args.to);
        const [units, current, before] = await Promise.all([
          unitsOf(context),
          scoreCountsByUnit(context.db, args.from, args.to),
          scoreCountsByUnit(context.db, previous.from, previous.to),
        ]);
        // The ids come from the same read as the units, so every row has its Unit.
        const rows = rankUnits([...units.keys()], current, before, rules).map((row) => ({
          ...row,
          unit: units.get(row.unitId)!,
        }));
        return {
          from: args.from,
          to: args.to,
          previousFrom: previous.from,
          previousTo: previous.to,
          rows,
        };
      },

      // An unknown unit is an error coded NOT_FOUND: the result and its unit are non-null.
      unitScoreBreakdown: async (
        _: unknown,
        args: PeriodArgs & { unitId: string; first?: number | null; after?: string | null },
        context: Context,
      ) => {
        checkPeriod(args.from, args.to);
        const first = parseFirst(args.first, 100);
        const after = args.after ? parseItemCursor(args.after) : null;
        const unit = await unitOf(context, args.unitId);
        if (!unit) throw notFound(`no unit ${args.unitId}`);
        const [counts, items] = await Promise.all([
          unitScoreCounts(context.db, unit.id, args.from, args.to),
          unitItems(context.db, unit.id, args.from, args.to, first + 1, after),
        ]);
        const { score, components } = scoreOf(counts, rules);
        return {
          unit,
          from: args.from,
          to: args.to,
          base: rules.score.base,
          score,
          components,
          items: toConnection(items.map(toScoreItem), first, (i) =>
            encodeCursor(['s', i.atKey, i.ticketId, i.kind, i.cycle]),
          ),
        };
      },

      hotlineRules: () => ({
        base: rules.score.base,
        points: scoreKinds.map((kind) => ({ kind, points: rules.score.points[kind] })),
        flagBelow: rules.flag.below,
        flagFallMoreThan: rules.flag.fallMoreThan,
        workingHours: rules.workingHours,
        signWorkingHours: rules.signOff.normalWorkingHours,
        signUrgentMinutes: rules.signOff.urgentMinutes,
        completionWorkingDays: rules.completion.workingDays,
        calendarYears: calendar.years,
      }),
    },

    Ticket: {
      unit: (ticket: TicketRow, _: unknown, context: Context) => unitOf(context, ticket.unitId),
      // Counted to the instant a replayed order stood at, else to now.
      overdueSeconds: (ticket: TicketRow | TicketRowAt) =>
        ticket.overdueComplete && ticket.completedAt === null && ticket.dueAt !== null
          ? Math.max(
              0,
              (('asOf' in ticket ? ticket.asOf.getTime() : Date.now()) - ticket.dueAt.getTime()) /
                1000,
            )
          : null,
      events: (ticket: TicketRow, _: unknown, { db }: Context) =>
        ticketEvents(db, ticket.id, ticket.firstEventAt),
      scoreItems: async (ticket: TicketRow, _: unknown, { db }: Context) =>
        (await ticketItems(db, ticket.id)).map(toScoreItem),
    },

    TicketEvent: {
      unit: (event: TicketEventRow, _: unknown, context: Context) => unitOf(context, event.unitId),
      // The action's own fields (reason, resolution, until, satisfaction, …) as sent; null when none.
      detail: (event: TicketEventRow) => {
        const detail = Object.fromEntries(
          Object.entries(event.payload).filter(([key]) => !eventFields.has(key)),
        );
        return Object.keys(detail).length > 0 ? detail : null;
      },
    },

    ScoreItem: {
      unit: (item: ScoreItemRow, _: unknown, context: Context) => knownUnit(context, item.unitId),
      ticket: (item: ScoreItemRow, _: unknown, context: Context) =>
        loadTicket(context, item.ticketId),
    },
  };
}
