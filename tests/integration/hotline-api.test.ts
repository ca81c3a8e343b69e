import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { defaultHotlineRules, parseHotlineRules } from '@city-twin/hotline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';

// The hotline API over hand-made derived rows (ticket, ticket_item, hotline_event,
// event_rollup_1h); the triggers of migration 007 fill hotline_daily and unit_score_daily.
// Expected figures are worked out by hand from packages/hotline/data/hotline-rules.json:
// base 1000; sign_on_time +0.5, complete_on_time +1, overdue_sign −3, overdue_complete −10,
// unsatisfied −8, reopened −6; flagged below 800 or on a fall of more than 100.

interface GqlError {
  message: string;
  extensions?: { code?: string };
}

/** `Bearer <token>` of an operator (who reads callers' names and phones unmasked). */
let authorization = '';

async function post<T>(baseUrl: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T | null; errors?: GqlError[] };
}

async function query<T>(baseUrl: string, q: string, variables: Record<string, unknown> = {}) {
  const body = await post<T>(baseUrl, q, variables);
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

async function errorCode(baseUrl: string, q: string, variables: Record<string, unknown> = {}) {
  const body = await post(baseUrl, q, variables);
  return { code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message ?? '' };
}

/** A ticket row with everything a test does not care about filled in. */
interface TicketSeed {
  id: string;
  status: string;
  created_at: string | null;
  district?: string | null;
  unit_id?: string | null;
  category?: string;
  signed_at?: string | null;
  due_at?: string | null;
  completed_at?: string | null;
  satisfaction?: string | null;
  overdue_sign?: boolean;
  overdue_complete?: boolean;
}

async function insertTickets(db: Db, tickets: TicketSeed[]) {
  const rows = tickets.map((t) => ({
    channel: 'phone',
    category: 'heating',
    urgency: 'normal',
    kind: 'complaint',
    summary: `summary of ${t.id}`,
    district: null,
    unit_id: null,
    signed_at: null,
    due_at: null,
    completed_at: null,
    satisfaction: null,
    overdue_sign: false,
    overdue_complete: false,
    ...t,
    extensions: 0,
    returns: 0,
    reopens: 0,
    dispatches: t.unit_id ? 1 : 0,
    callbacks: t.satisfaction ? 1 : 0,
    satisfied_callbacks: t.satisfaction && t.satisfaction !== 'unsatisfied' ? 1 : 0,
    event_count: 1,
    // As ingest sets it: the earliest action's time (the API bounds its search of the actions by it).
    first_event_at: t.created_at,
    last_event_at: t.completed_at ?? t.signed_at ?? t.created_at ?? '2026-03-01T00:00:00Z',
  }));
  await db.query(
    'INSERT INTO ticket SELECT * FROM jsonb_populate_recordset(null::ticket, $1::jsonb)',
    [JSON.stringify(rows)],
  );
}

/** Score facts: `count` items of one kind for one unit at one instant, ticket ids `<prefix>-NN`. */
async function insertItems(
  db: Db,
  unitId: string,
  kind: string,
  count: number,
  at: string,
  prefix = `${unitId}-${kind}-${at}`,
) {
  // Stored points are deliberately wrong: scores must come from the rules in force.
  await db.query(
    `INSERT INTO ticket_item (ticket_id, kind, cycle, at, unit_id, points)
     SELECT $1 || '-' || lpad(n::text, 2, '0'), $2, 1, $3::timestamptz, $4, 42
     FROM generate_series(1, $5::int) AS n`,
    [prefix, kind, at, unitId, count],
  );
}

const cst = (local: string) => `${local}+08:00`;

describe('hotline API', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    await migrate(db);
    await db.query(
      `INSERT INTO unit (id, name, kind, district, meta_ts, meta_event_id) VALUES
         ('u-a', '湖滨区住建局', 'county_government', '411202', now(), 'm1'),
         ('u-b', '陕州区人社局', 'county_government', '411203', now(), 'm2'),
         ('u-c', '三门峡市供热公司', 'enterprise', NULL, now(), 'm3'),
         ('u-d', '卢氏县交通局', 'county_government', '411224', now(), 'm4')`,
    );

    // The cohort of 2026-03-02..08 (CST): t1..t5 and t7; t6 the day before; t8, t9 without creation.
    await insertTickets(db, [
      {
        id: 't1',
        status: 'revisited',
        created_at: cst('2026-03-02T09:00:00'),
        district: '411202',
        unit_id: 'u-a',
        signed_at: cst('2026-03-02T09:30:00'),
        due_at: cst('2026-03-19T18:00:00'),
        completed_at: cst('2026-03-03T09:00:00'),
        satisfaction: 'satisfied',
      },
      {
        id: 't2',
        status: 'revisited',
        created_at: cst('2026-03-03T10:00:00'),
        district: '411202',
        unit_id: 'u-a',
        category: 'roads',
        signed_at: cst('2026-03-03T16:00:00'),
        due_at: cst('2026-03-04T18:00:00'),
        completed_at: cst('2026-03-05T10:00:00'),
        satisfaction: 'unsatisfied',
        overdue_sign: true,
        overdue_complete: true,
      },
      {
        id: 't3',
        status: 'signed',
        created_at: cst('2026-03-04T11:00:00'),
        district: '411203',
        unit_id: 'u-b',
        signed_at: cst('2026-03-04T11:30:00'),
        due_at: cst('2026-03-05T18:00:00'),
        overdue_complete: true,
      },
      {
        id: 't4',
        status: 'signed',
        created_at: cst('2026-03-05T08:00:00'),
        district: '411203',
        unit_id: 'u-b',
        signed_at: cst('2026-03-05T08:40:00'),
        due_at: '2099-01-01T00:00:00Z',
      },
      {
        id: 't5',
        status: 'revisited',
        created_at: cst('2026-03-06T08:00:00'),
        district: '411202',
        unit_id: 'u-c',
        category: 'roads',
        signed_at: cst('2026-03-06T08:10:00'),
        due_at: cst('2026-03-09T18:00:00'),
        completed_at: cst('2026-03-06T20:00:00'),
        satisfaction: 'basically_satisfied',
      },
      // 2026-03-01 23:30 CST is 15:30 UTC on the 1st: the day before the period.
      { id: 't6', status: 'created', created_at: cst('2026-03-01T23:30:00'), district: '411202' },
      // 2026-03-08 23:59 CST is 15:59 UTC: still in the period.
      { id: 't7', status: 'created', created_at: cst('2026-03-08T23:59:00'), district: '411221' },
      { id: 't8', status: 'dispatched', created_at: null, unit_id: 'u-a' },
      { id: 't9', status: 'dispatched', created_at: null, unit_id: 'u-b' },
      // Thirty orders created at the same instant: the id breaks the tie.
      ...Array.from({ length: 30 }, (_, i) => ({
        id: `bulk-${String(i).padStart(2, '0')}`,
        status: 'completed',
        created_at: cst('2026-02-10T12:00:00'),
        district: '411224',
        unit_id: 'u-d',
        category: 'traffic',
        signed_at: cst('2026-02-10T12:30:00'),
        due_at: cst('2026-02-27T18:00:00'),
        completed_at: cst('2026-02-11T12:00:00'),
      })),
    ]);

    // Score facts. Current period 2026-03-02..08, previous 2026-02-23..03-01.
    // u-a: now 2 sign_on_time, 10 overdue_complete, 1 unsatisfied (t2), 1 chase → 893;
    //      before 20 complete_on_time → 1020; change −127: fell too far.
    await insertItems(db, 'u-a', 'sign_on_time', 2, cst('2026-03-02T10:00:00'));
    await insertItems(db, 'u-a', 'overdue_complete', 10, cst('2026-03-04T18:00:00'));
    await db.query(
      `INSERT INTO ticket_item (ticket_id, kind, cycle, at, unit_id, points) VALUES
         ('t2', 'unsatisfied', 1, $1, 'u-a', 42), ('t2', 'chase', 1, $2, 'u-a', 0)`,
      [cst('2026-03-06T09:00:00'), cst('2026-03-05T18:00:00')],
    );
    // Just after the period (00:00 CST on the 9th): counts nowhere here.
    await insertItems(db, 'u-a', 'overdue_sign', 1, '2026-03-08T16:00:00Z');
    await insertItems(db, 'u-a', 'complete_on_time', 20, cst('2026-02-25T12:00:00'));
    // u-b: now 25 overdue_complete and 3 chase notices → 750; before nothing → 1000; both flags.
    await insertItems(db, 'u-b', 'overdue_complete', 25, cst('2026-03-05T18:00:00'));
    await insertItems(db, 'u-b', 'chase', 3, cst('2026-03-06T09:00:00'));
    // u-c: now 4 complete_on_time + 4 sign_on_time (one at 23:59:59 CST on the 8th) → 1006;
    //      before 1 reopened (23:59 CST on the 1st) → 994; change +12.
    await insertItems(db, 'u-c', 'complete_on_time', 4, cst('2026-03-03T12:00:00'));
    await insertItems(db, 'u-c', 'sign_on_time', 3, cst('2026-03-03T09:00:00'));
    await insertItems(db, 'u-c', 'sign_on_time', 1, '2026-03-08T15:59:59Z', 'u-c-late');
    await insertItems(db, 'u-c', 'reopened', 1, '2026-03-01T15:59:00Z');
    // u-d: no facts → 1000 in both periods.

    // Actions of t2, two of them at the same instant (ordered by event id).
    const t2 = (n: number, ts: string, action: string, rest: Record<string, unknown>) => ({
      ts,
      event_id: `t2:${n}`,
      ticket_id: 't2',
      action,
      unit_id: (rest.unitId as string | undefined) ?? null,
      district: '411202',
      payload: { eventId: `t2:${n}`, ts, ticketId: 't2', action, ...rest },
    });
    const events = [
      t2(1, cst('2026-03-03T10:00:00'), 'created', {
        channel: 'phone',
        category: 'roads',
        urgency: 'normal',
        kind: 'consultation',
        summary: '路面塌陷',
        lon: 111.2,
        lat: 34.77,
      }),
      t2(3, cst('2026-03-03T10:05:00'), 'dispatched', { unitId: 'u-a' }),
      t2(2, cst('2026-03-03T10:05:00'), 'dispatched', { unitId: 'u-x' }),
      t2(4, cst('2026-03-03T16:00:00'), 'signed', { unitId: 'u-a' }),
      t2(5, cst('2026-03-05T10:00:00'), 'completed', { unitId: 'u-a', resolution: '已修复' }),
      t2(6, cst('2026-03-06T09:00:00'), 'revisited', { satisfaction: 'unsatisfied' }),
    ];
    await db.query(
      `INSERT INTO hotline_event (ts, event_id, ticket_id, action, unit_id, district, payload)
       SELECT ts, event_id, ticket_id, action, unit_id, district, payload
       FROM jsonb_to_recordset($1::jsonb) AS e(ts timestamptz, event_id text, ticket_id text,
         action text, unit_id text, district text, payload jsonb)`,
      [JSON.stringify(events)],
    );

    // Hourly category rollup (and one 'hotline' action row the trend must ignore).
    await db.query(
      `INSERT INTO event_rollup_1h (bucket, stream, district, type, count) VALUES
         ('2026-03-01T23:00:00+08', 'hotline_category', '411202', 'heating', 2),
         ('2026-03-02T00:00:00+08', 'hotline_category', '411202', 'heating', 3),
         ('2026-03-02T10:00:00+08', 'hotline_category', '411203', 'heating', 1),
         ('2026-03-02T10:00:00+08', 'hotline_category', '411202', 'roads', 5),
         ('2026-03-02T10:00:00+08', 'hotline', '411202', 'created', 99),
         ('2026-03-08T23:00:00+08', 'hotline_category', '411203', 'wages', 7),
         ('2026-03-09T00:00:00+08', 'hotline_category', '411203', 'wages', 11)`,
    );

    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();
    ({ authorization } = await signIn(db, 'operator'));
  });

  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  const statsQuery = `query ($from: LocalDate!, $to: LocalDate!, $district: String, $unitId: ID) {
    hotlineStats(from: $from, to: $to, district: $district, unitId: $unitId) {
      accepted completed due completionRate callbacks satisfied satisfactionRate
      onTimeSignRate onTimeCompletionRate overdueSign overdueComplete overdueOpen averageHandlingHours
    }
  }`;
  const period = { from: '2026-03-02', to: '2026-03-08' };

  it('sums the cohort of the period into hotlineStats', async () => {
    const { hotlineStats } = await query<{ hotlineStats: unknown }>(url, statsQuery, period);
    expect(hotlineStats).toEqual({
      accepted: 6, // t1 t2 t3 t4 t5 t7
      completed: 3, // t1 t2 t5
      due: 4, // + t3, overdue and open
      completionRate: 0.75,
      callbacks: 3,
      satisfied: 2,
      satisfactionRate: 2 / 3,
      onTimeSignRate: 4 / 5, // t2 signed late; t7 not yet due
      onTimeCompletionRate: 2 / 3,
      overdueSign: 1,
      overdueComplete: 2,
      overdueOpen: 1,
      averageHandlingHours: (24 + 48 + 12) / 3,
    });
  });

  it('narrows hotlineStats to a district or a unit; rates are null without a base', async () => {
    const district = await query<{ hotlineStats: Record<string, unknown> }>(url, statsQuery, {
      ...period,
      district: '411202',
    });
    expect(district.hotlineStats).toMatchObject({
      accepted: 3,
      completed: 3,
      due: 3,
      completionRate: 1,
      satisfactionRate: 2 / 3,
      onTimeSignRate: 2 / 3,
      overdueOpen: 0,
      averageHandlingHours: 28,
    });
    const unit = await query<{ hotlineStats: Record<string, unknown> }>(url, statsQuery, {
      ...period,
      unitId: 'u-b',
    });
    expect(unit.hotlineStats).toMatchObject({
      accepted: 2,
      completed: 0,
      due: 1,
      completionRate: 0,
      callbacks: 0,
      satisfactionRate: null,
      onTimeSignRate: 1,
      onTimeCompletionRate: null,
      overdueOpen: 1,
      averageHandlingHours: null,
    });
    const empty = await query<{ hotlineStats: Record<string, unknown> }>(url, statsQuery, {
      from: '2025-01-01',
      to: '2025-01-01',
    });
    expect(empty.hotlineStats).toMatchObject({ accepted: 0, due: 0, completionRate: null });
  });

  it('counts orders per CST day and category in hotlineTrend', async () => {
    const trendQuery = `query ($from: LocalDate!, $to: LocalDate!, $district: String) {
      hotlineTrend(from: $from, to: $to, district: $district) { day category count }
    }`;
    const all = await query<{ hotlineTrend: unknown }>(url, trendQuery, period);
    expect(all.hotlineTrend).toEqual([
      { day: '2026-03-02', category: 'heating', count: 4 },
      { day: '2026-03-02', category: 'roads', count: 5 },
      { day: '2026-03-08', category: 'wages', count: 7 },
    ]);
    const district = await query<{ hotlineTrend: unknown }>(url, trendQuery, {
      ...period,
      district: '411202',
    });
    expect(district.hotlineTrend).toEqual([
      { day: '2026-03-02', category: 'heating', count: 3 },
      { day: '2026-03-02', category: 'roads', count: 5 },
    ]);

    // The daily figures follow the hourly rollup as ingest upserts it, and rows removed from it.
    await db.withTransaction(async (tx) => {
      await tx.query(
        `INSERT INTO event_rollup_1h AS r (bucket, stream, district, type, count) VALUES
           ('2026-03-02T10:00:00+08', 'hotline_category', '411202', 'roads', 2),
           ('2026-03-03T10:00:00+08', 'hotline_category', '411202', 'roads', 1)
         ON CONFLICT (stream, type, district, bucket) DO UPDATE SET count = r.count + excluded.count`,
      );
      await tx.query(`DELETE FROM event_rollup_1h WHERE type = 'wages'`);
      expect(
        (await query<{ hotlineTrend: unknown }>(url, trendQuery, period)).hotlineTrend,
      ).toEqual(all.hotlineTrend); // not committed yet
    });
    expect((await query<{ hotlineTrend: unknown }>(url, trendQuery, period)).hotlineTrend).toEqual([
      { day: '2026-03-02', category: 'heating', count: 4 },
      { day: '2026-03-02', category: 'roads', count: 7 },
      { day: '2026-03-03', category: 'roads', count: 1 },
    ]);
    await db.query(
      `UPDATE event_rollup_1h SET count = count - 2
       WHERE bucket = '2026-03-02T10:00:00+08' AND type = 'roads' AND stream = 'hotline_category'`,
    );
    await db.query(
      `DELETE FROM event_rollup_1h WHERE bucket = '2026-03-03T10:00:00+08' AND type = 'roads'`,
    );
    await db.query(
      `INSERT INTO event_rollup_1h (bucket, stream, district, type, count) VALUES
         ('2026-03-08T23:00:00+08', 'hotline_category', '411203', 'wages', 7),
         ('2026-03-09T00:00:00+08', 'hotline_category', '411203', 'wages', 11)`,
    );
    expect((await query<{ hotlineTrend: unknown }>(url, trendQuery, period)).hotlineTrend).toEqual(
      all.hotlineTrend,
    );
  });

  const rankingQuery = `query ($from: LocalDate!, $to: LocalDate!) {
    unitRanking(from: $from, to: $to) {
      from to previousFrom previousTo
      rows {
        unit { id name } score rank previousScore previousRank change flagged flagReasons
        components { kind count pointsEach points }
      }
    }
  }`;

  interface RankingResult {
    unitRanking: {
      from: string;
      to: string;
      previousFrom: string;
      previousTo: string;
      rows: {
        unit: { id: string; name: string };
        score: number;
        rank: number;
        previousScore: number;
        previousRank: number;
        change: number;
        flagged: boolean;
        flagReasons: string[];
        components: { kind: string; count: number; pointsEach: number; points: number }[];
      }[];
    };
  }

  it('ranks every unit by the rules, against the previous period, with flags', async () => {
    const { unitRanking } = await query<RankingResult>(url, rankingQuery, period);
    expect(unitRanking).toMatchObject({
      from: '2026-03-02',
      to: '2026-03-08',
      previousFrom: '2026-02-23',
      previousTo: '2026-03-01',
    });
    expect(
      unitRanking.rows.map(({ components: _, unit, ...rest }) => ({ id: unit.id, ...rest })),
    ).toEqual([
      {
        id: 'u-c',
        score: 1006,
        rank: 1,
        previousScore: 994,
        previousRank: 4,
        change: 12,
        flagged: false,
        flagReasons: [],
      },
      {
        id: 'u-d',
        score: 1000,
        rank: 2,
        previousScore: 1000,
        previousRank: 2,
        change: 0,
        flagged: false,
        flagReasons: [],
      },
      {
        id: 'u-a',
        score: 893,
        rank: 3,
        previousScore: 1020,
        previousRank: 1,
        change: -127,
        flagged: true,
        flagReasons: ['fell_too_far'],
      },
      {
        id: 'u-b',
        score: 750,
        rank: 4,
        previousScore: 1000,
        previousRank: 2,
        change: -250,
        flagged: true,
        flagReasons: ['below_floor', 'fell_too_far'],
      },
    ]);
    expect(unitRanking.rows[2]!.unit.name).toBe('湖滨区住建局');
    expect(unitRanking.rows[2]!.components).toEqual([
      { kind: 'sign_on_time', count: 2, pointsEach: 0.5, points: 1 },
      { kind: 'complete_on_time', count: 0, pointsEach: 1, points: 0 },
      { kind: 'overdue_sign', count: 0, pointsEach: -3, points: 0 },
      { kind: 'overdue_complete', count: 10, pointsEach: -10, points: -100 },
      { kind: 'unsatisfied', count: 1, pointsEach: -8, points: -8 },
      { kind: 'reopened', count: 0, pointsEach: -6, points: 0 },
    ]);
  });

  it('scores with the rules the gateway was given', async () => {
    const strict = createGateway({
      db,
      port: 0,
      log: () => undefined,
      hotlineRules: parseHotlineRules({
        ...defaultHotlineRules,
        score: { base: 100, points: { ...defaultHotlineRules.score.points, overdue_complete: -2 } },
        flag: { below: 60, fallMoreThan: 30 },
      }),
    });
    const strictUrl = await strict.start();
    try {
      const { unitRanking } = await query<RankingResult>(strictUrl, rankingQuery, period);
      // u-b: 100 − 25 × 2 = 50 (below 60; fell 50 > 30); u-a: 100 + 1 − 20 − 8 = 73 (fell 47).
      expect(unitRanking.rows.map((r) => [r.unit.id, r.score, r.flagReasons])).toEqual([
        ['u-c', 106, []],
        ['u-d', 100, []],
        ['u-a', 73, ['fell_too_far']],
        ['u-b', 50, ['below_floor', 'fell_too_far']],
      ]);
      const { hotlineRules } = await query<{ hotlineRules: { base: number } }>(
        strictUrl,
        '{ hotlineRules { base } }',
      );
      expect(hotlineRules.base).toBe(100);
    } finally {
      await strict.stop();
    }
  });

  const breakdownQuery = `query ($unitId: ID!, $from: LocalDate!, $to: LocalDate!, $first: Int, $after: String) {
    unitScoreBreakdown(unitId: $unitId, from: $from, to: $to, first: $first, after: $after) {
      unit { id } from to base score components { kind count points }
      items {
        edges { cursor node { ticketId kind cycle at points unit { id } ticket { id category } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

  interface BreakdownResult {
    unitScoreBreakdown: {
      unit: { id: string };
      base: number;
      score: number;
      components: { kind: string; count: number; points: number }[];
      items: {
        edges: {
          cursor: string;
          node: {
            ticketId: string;
            kind: string;
            cycle: number;
            at: string;
            points: number;
            unit: { id: string };
            ticket: { id: string; category: string } | null;
          };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
  }

  it('itemises a unit score in unitScoreBreakdown, newest first, page by page', async () => {
    const whole = await query<BreakdownResult>(url, breakdownQuery, {
      unitId: 'u-a',
      ...period,
      first: 100,
    });
    const b = whole.unitScoreBreakdown;
    expect(b).toMatchObject({ unit: { id: 'u-a' }, base: 1000, score: 893 });
    expect(b.components.filter((c) => c.count > 0)).toEqual([
      { kind: 'sign_on_time', count: 2, points: 1 },
      { kind: 'overdue_complete', count: 10, points: -100 },
      { kind: 'unsatisfied', count: 1, points: -8 },
    ]);
    const nodes = b.items.edges.map((e) => e.node);
    // 2 + 10 + 1 facts and the chase notice (no points); newest first, ties by ticket id descending.
    expect(nodes.map((n) => `${n.kind}:${n.ticketId}`)).toEqual([
      'unsatisfied:t2',
      'chase:t2',
      ...Array.from(
        { length: 10 },
        (_, i) =>
          `overdue_complete:u-a-overdue_complete-2026-03-04T18:00:00+08:00-${String(10 - i).padStart(2, '0')}`,
      ),
      'sign_on_time:u-a-sign_on_time-2026-03-02T10:00:00+08:00-02',
      'sign_on_time:u-a-sign_on_time-2026-03-02T10:00:00+08:00-01',
    ]);
    expect(nodes[0]).toEqual({
      ticketId: 't2',
      kind: 'unsatisfied',
      cycle: 1,
      at: '2026-03-06T01:00:00.000Z',
      points: -8,
      unit: { id: 'u-a' },
      ticket: { id: 't2', category: 'roads' },
    });
    expect(nodes[1]!.points).toBe(0);
    expect(nodes[2]!.ticket).toBeNull();
    expect(b.items.pageInfo.hasNextPage).toBe(false);

    const paged: string[] = [];
    const pages: boolean[] = [];
    let after: string | null = null;
    do {
      const page: BreakdownResult = await query<BreakdownResult>(url, breakdownQuery, {
        unitId: 'u-a',
        ...period,
        first: 5,
        after,
      });
      const items = page.unitScoreBreakdown.items;
      paged.push(...items.edges.map((e) => `${e.node.kind}:${e.node.ticketId}`));
      pages.push(items.pageInfo.hasNextPage);
      after = items.pageInfo.hasNextPage ? items.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toEqual([true, true, false]);
    expect(paged).toEqual(nodes.map((n) => `${n.kind}:${n.ticketId}`));
  });

  it('answers NOT_FOUND for an unknown unit in unitScoreBreakdown', async () => {
    expect(await errorCode(url, breakdownQuery, { unitId: 'u-nope', ...period })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'no unit u-nope',
    });
  });

  const ticketsQuery = `query ($filter: TicketFilter, $first: Int, $after: String) {
    tickets(filter: $filter, first: $first, after: $after) {
      edges { cursor node { id createdAt overdueSeconds unit { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  interface TicketsResult {
    tickets: {
      edges: {
        cursor: string;
        node: {
          id: string;
          createdAt: string | null;
          overdueSeconds: number | null;
          unit: { id: string } | null;
        };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  const idsOf = async (filter: Record<string, unknown> | null, first = 500) =>
    (await query<TicketsResult>(url, ticketsQuery, { filter, first })).tickets.edges.map(
      (e) => e.node.id,
    );

  const bulkIdsDesc = Array.from(
    { length: 30 },
    (_, i) => `bulk-${String(29 - i).padStart(2, '0')}`,
  );

  it('lists tickets newest first, then by id; orders without a creation time last', async () => {
    expect(await idsOf(null)).toEqual([
      't7',
      't5',
      't4',
      't3',
      't2',
      't1',
      't6',
      ...bulkIdsDesc,
      't9',
      't8',
    ]);
  });

  it('pages through tickets with no duplicates and no gaps', async () => {
    for (const [filter, size] of [
      [null, 4],
      [null, 7],
      [{ district: '411224' }, 7],
      [{ unitId: 'u-a' }, 1],
    ] as const) {
      const whole = await idsOf(filter);
      const paged: string[] = [];
      let after: string | null = null;
      let hasNext = true;
      while (hasNext) {
        const page: TicketsResult = await query<TicketsResult>(url, ticketsQuery, {
          filter,
          first: size,
          after,
        });
        expect(page.tickets.edges.length).toBeLessThanOrEqual(size);
        paged.push(...page.tickets.edges.map((e) => e.node.id));
        hasNext = page.tickets.pageInfo.hasNextPage;
        after = page.tickets.pageInfo.endCursor;
      }
      expect(paged).toEqual(whole);
      expect(new Set(paged).size).toBe(paged.length);
    }
    expect(await idsOf({ unitId: 'u-a' })).toEqual(['t2', 't1', 't8']);
  });

  it('filters tickets', async () => {
    expect(await idsOf({ district: '411202' })).toEqual(['t5', 't2', 't1', 't6']);
    expect(await idsOf({ unitId: 'u-b' })).toEqual(['t4', 't3', 't9']);
    expect(await idsOf({ category: 'roads' })).toEqual(['t5', 't2']);
    expect(await idsOf({ status: ['signed', 'dispatched'] })).toEqual(['t4', 't3', 't9', 't8']);
    expect(await idsOf({ overdue: true })).toEqual(['t3', 't2']);
    expect((await idsOf({ overdue: false })).length).toBe(39 - 2);
    expect(await idsOf({ overdueOpen: true })).toEqual(['t3']);
    expect(
      await idsOf({ from: cst('2026-03-03T00:00:00'), to: cst('2026-03-05T00:00:00') }),
    ).toEqual(['t3', 't2']);
    expect(await idsOf({ district: '411202', category: 'roads', overdue: false })).toEqual(['t5']);
    expect(await idsOf({ from: cst('2026-03-02T00:00:00'), unitId: 'u-a' })).toEqual(['t2', 't1']);

    const { tickets } = await query<TicketsResult>(url, ticketsQuery, {
      filter: { unitId: 'u-b' },
    });
    const [t4, t3] = tickets.edges.map((e) => e.node);
    expect(t4).toMatchObject({ id: 't4', overdueSeconds: null, unit: { id: 'u-b' } });
    // Due 2026-03-05 18:00 CST and still open: overdue for as long as the clock says.
    const expected = (Date.now() - Date.parse(cst('2026-03-05T18:00:00'))) / 1000;
    expect(t3!.overdueSeconds).toBeGreaterThan(expected - 60);
    expect(t3!.overdueSeconds).toBeLessThanOrEqual(expected + 1);
  });

  it('traces one ticket: its actions in order, with units and details, and its score items', async () => {
    const { ticket } = await query<{ ticket: Record<string, unknown> }>(
      url,
      `{ ticket(id: "t2") {
          id status createdAt category district overdueSign overdueComplete overdueSeconds
          unit { id name kind district }
          events { eventId ts action unit { id } detail }
          scoreItems { kind cycle at points unit { id } }
        } }`,
    );
    expect(ticket).toMatchObject({
      id: 't2',
      status: 'revisited',
      createdAt: '2026-03-03T02:00:00.000Z',
      category: 'roads',
      overdueSign: true,
      overdueComplete: true,
      overdueSeconds: null,
      unit: { id: 'u-a', name: '湖滨区住建局', kind: 'county_government', district: '411202' },
    });
    expect(ticket.events).toEqual([
      {
        eventId: 't2:1',
        ts: '2026-03-03T02:00:00.000Z',
        action: 'created',
        unit: null,
        detail: {
          channel: 'phone',
          category: 'roads',
          urgency: 'normal',
          kind: 'consultation',
          summary: '路面塌陷',
          lon: 111.2,
          lat: 34.77,
        },
      },
      // Same instant: event id order; u-x has sent no meta, so no unit.
      {
        eventId: 't2:2',
        ts: '2026-03-03T02:05:00.000Z',
        action: 'dispatched',
        unit: null,
        detail: null,
      },
      {
        eventId: 't2:3',
        ts: '2026-03-03T02:05:00.000Z',
        action: 'dispatched',
        unit: { id: 'u-a' },
        detail: null,
      },
      {
        eventId: 't2:4',
        ts: '2026-03-03T08:00:00.000Z',
        action: 'signed',
        unit: { id: 'u-a' },
        detail: null,
      },
      {
        eventId: 't2:5',
        ts: '2026-03-05T02:00:00.000Z',
        action: 'completed',
        unit: { id: 'u-a' },
        detail: { resolution: '已修复' },
      },
      {
        eventId: 't2:6',
        ts: '2026-03-06T01:00:00.000Z',
        action: 'revisited',
        unit: null,
        detail: { satisfaction: 'unsatisfied' },
      },
    ]);
    expect(ticket.scoreItems).toEqual([
      { kind: 'chase', cycle: 1, at: '2026-03-05T10:00:00.000Z', points: 0, unit: { id: 'u-a' } },
      {
        kind: 'unsatisfied',
        cycle: 1,
        at: '2026-03-06T01:00:00.000Z',
        points: -8,
        unit: { id: 'u-a' },
      },
    ]);
    expect(await query(url, '{ ticket(id: "nope") { id } }')).toEqual({ ticket: null });
  });

  it('lists units, optionally of one district, and the rules in force', async () => {
    const { units } = await query<{ units: { id: string }[] }>(url, '{ units { id } }');
    const response = await fetch(`${url}/graphql?query=${encodeURIComponent('{ units { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true', authorization },
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(units.map((u) => u.id)).toEqual(['u-a', 'u-b', 'u-c', 'u-d']);
    expect(await query(url, '{ units(district: "411203") { id name kind district } }')).toEqual({
      units: [{ id: 'u-b', name: '陕州区人社局', kind: 'county_government', district: '411203' }],
    });
    const { hotlineRules } = await query<{ hotlineRules: Record<string, unknown> }>(
      url,
      `{ hotlineRules { base points { kind points } flagBelow flagFallMoreThan workingHours
          signWorkingHours signUrgentMinutes completionWorkingDays calendarYears } }`,
    );
    expect(hotlineRules).toMatchObject({
      base: 1000,
      points: [
        { kind: 'sign_on_time', points: 0.5 },
        { kind: 'complete_on_time', points: 1 },
        { kind: 'overdue_sign', points: -3 },
        { kind: 'overdue_complete', points: -10 },
        { kind: 'unsatisfied', points: -8 },
        { kind: 'reopened', points: -6 },
      ],
      flagBelow: 800,
      flagFallMoreThan: 100,
      workingHours: ['08:30-12:00', '14:30-18:00'],
      signWorkingHours: 2,
      signUrgentMinutes: 30,
      completionWorkingDays: {
        consultation: 3,
        help: 3,
        complaint: 13,
        report: 13,
        suggestion: 13,
      },
    });
    expect(hotlineRules.calendarYears).toContain(2026);
  });

  it('answers BAD_USER_INPUT for bad periods, page sizes and cursors', async () => {
    const bad = async (q: string, variables: Record<string, unknown>) =>
      (await errorCode(url, q, variables)).code;
    const reversed = await errorCode(url, statsQuery, { from: '2026-03-08', to: '2026-03-02' });
    expect(reversed).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'from (2026-03-08) must not be after to (2026-03-02)',
    });
    expect(await bad(statsQuery, { from: '2025-01-01', to: '2026-02-05' })).toBe('BAD_USER_INPUT');
    // 400 days is the longest period.
    expect(
      await post(url, statsQuery, { from: '2025-01-01', to: '2026-02-04' }),
    ).not.toHaveProperty('errors');
    expect(await bad(rankingQuery, { from: '2026-03-09', to: '2026-03-08' })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await bad(statsQuery, { from: '2026-02-30', to: '2026-03-08' })).toBe('BAD_USER_INPUT');
    expect(await bad(ticketsQuery, { first: 0 })).toBe('BAD_USER_INPUT');
    expect(await bad(ticketsQuery, { first: 501 })).toBe('BAD_USER_INPUT');
    expect(await bad(ticketsQuery, { after: 'not-a-cursor' })).toBe('BAD_USER_INPUT');
    expect(
      await bad(ticketsQuery, {
        after: Buffer.from('["t","yesterday","t1"]').toString('base64url'),
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await bad(ticketsQuery, {
        filter: { from: cst('2026-03-05T00:00:00'), to: cst('2026-03-03T00:00:00') },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(await bad(breakdownQuery, { unitId: 'u-a', ...period, first: 0 })).toBe(
      'BAD_USER_INPUT',
    );
    // A cursor of the ticket list is not one of the score items.
    const { tickets } = await query<TicketsResult>(url, ticketsQuery, { first: 1 });
    expect(
      await bad(breakdownQuery, { unitId: 'u-a', ...period, after: tickets.pageInfo.endCursor }),
    ).toBe('BAD_USER_INPUT');
  });
});
