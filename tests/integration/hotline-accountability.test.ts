import { ticketEventTopic, unitMetaTopic } from '@city-twin/events';
import { createHotlineClock } from '@city-twin/hotline';
import { sweepTicketClocks } from '@city-twin/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.ts';
import { startIngestStack } from '../support/ingest-stack.ts';
import { publishAll, type Message } from '../support/publish.ts';

// A scripted week of 12345 work: Mon 2 – Fri 6 March 2026, working hours 08:30–12:00 and
// 14:30–18:00, default rules (+0.5 on-time sign-off, +1 on-time completion, −3 overdue
// sign-off, −10 overdue completion, −8 unsatisfied, −6 reopened). Every expected number
// below is worked out by hand in the comments.
const HUBIN = { lon: 111.2, lat: 34.77 }; // 湖滨区 411202
const LINGBAO = { lon: 110.894, lat: 34.517 }; // 灵宝市 411282
const cst = (local: string) => new Date(`2026-03-${local}+08:00`).toISOString();

type Step = [local: string, body: Record<string, unknown>];

function order(id: string, steps: Step[]): Message[] {
  return steps.map(([local, body], i) => ({
    topic: ticketEventTopic(id),
    payload: JSON.stringify({ eventId: `${id}:${i + 1}`, ts: cst(local), ...body }),
  }));
}

const created = (place: typeof HUBIN, kind = 'complaint', category = 'housing') => ({
  action: 'created',
  channel: 'phone',
  category,
  urgency: 'normal',
  kind,
  summary: '测试工单',
  ...place,
});

const units: Message[] = [
  ['u-01', '三门峡市人力资源和社会保障局', 'city_department'],
  ['u-02', '三门峡市住房和城乡建设局', 'city_department'],
  ['u-03', '三门峡市城市管理局', 'city_department'],
  ['u-04', '灵宝市豫灵镇人民政府', 'township'],
].map(([id, name, kind]) => ({
  topic: unitMetaTopic(id!),
  retain: true,
  payload: JSON.stringify({ eventId: `${id}:meta`, ts: cst('01T08:00:00'), name, kind }),
}));

const events: Message[] = [
  // T1, u-01: signed 10:00 (due 11:10) and completed Thu → sign_on_time, complete_on_time.
  ...order('T1', [
    ['02T09:00:00', created(HUBIN)],
    ['02T09:10:00', { action: 'dispatched', unitId: 'u-01' }],
    ['02T10:00:00', { action: 'signed', unitId: 'u-01' }],
    ['05T16:00:00', { action: 'completed', unitId: 'u-01', resolution: '已答复' }],
    ['06T09:00:00', { action: 'revisited', satisfaction: 'satisfied' }],
  ]),
  // T2, u-01: dispatched 09:40, due 11:40, signed 15:00 → overdue_sign; completed Wed on time.
  ...order('T2', [
    ['02T09:30:00', created(HUBIN)],
    ['02T09:40:00', { action: 'dispatched', unitId: 'u-01' }],
    ['02T15:00:00', { action: 'signed', unitId: 'u-01' }],
    ['04T10:00:00', { action: 'completed', unitId: 'u-01', resolution: '已处理' }],
    ['04T15:00:00', { action: 'revisited', satisfaction: 'basically_satisfied' }],
  ]),
  // T3, u-02: a consultation signed on time, never completed: due at the end of Fri 6 March
  // (3 working days after Tue 3) → sign_on_time, overdue_complete; chase Mon 9 March 08:30.
  ...order('T3', [
    ['03T10:00:00', created(HUBIN, 'consultation')],
    ['03T10:05:00', { action: 'dispatched', unitId: 'u-02' }],
    ['03T10:30:00', { action: 'signed', unitId: 'u-02' }],
  ]),
  // T4: to u-03, returned before its sign-off was due (no facts for u-03); to u-02 at 11:40
  // (sign-off due 16:10), signed 14:40 → sign_on_time; completed Thu → complete_on_time;
  // unsatisfied → unsatisfied; reopened → reopened, a new clock for u-02, dispatched again,
  // signed → sign_on_time, completed Fri 17:00 → complete_on_time; called back satisfied.
  ...order('T4', [
    ['03T11:00:00', created(HUBIN)],
    ['03T11:10:00', { action: 'dispatched', unitId: 'u-03' }],
    ['03T11:30:00', { action: 'returned', unitId: 'u-03', reason: '非本单位职责' }],
    ['03T11:40:00', { action: 'dispatched', unitId: 'u-02' }],
    ['03T14:40:00', { action: 'signed', unitId: 'u-02' }],
    ['05T10:00:00', { action: 'completed', unitId: 'u-02', resolution: '已维修' }],
    ['06T10:00:00', { action: 'revisited', satisfaction: 'unsatisfied' }],
    ['06T11:00:00', { action: 'reopened', reason: '问题未解决' }],
    ['06T11:20:00', { action: 'dispatched', unitId: 'u-02' }],
    ['06T11:30:00', { action: 'signed', unitId: 'u-02' }],
    ['06T17:00:00', { action: 'completed', unitId: 'u-02', resolution: '已彻底维修' }],
    ['06T17:30:00', { action: 'revisited', satisfaction: 'satisfied' }],
  ]),
  // L1–L21, u-04 in 灵宝市: consultations dispatched Mon 14:10, never signed or completed:
  // sign-off due 16:10 → overdue_sign; due end of Thu 5 March → overdue_complete.
  ...Array.from({ length: 21 }, (_, i) =>
    order(`L${i + 1}`, [
      ['02T14:00:00', created(LINGBAO, 'consultation', 'wages')],
      ['02T14:10:00', { action: 'dispatched', unitId: 'u-04' }],
    ]),
  ).flat(),
];

const statsQuery = `query($from: LocalDate!, $to: LocalDate!, $district: String, $unitId: ID) {
  hotlineStats(from: $from, to: $to, district: $district, unitId: $unitId) {
    accepted completed due completionRate callbacks satisfied satisfactionRate onTimeSignRate
    onTimeCompletionRate overdueSign overdueComplete overdueOpen averageHandlingHours
  }
}`;
const rankingQuery = `query($from: LocalDate!, $to: LocalDate!) {
  unitRanking(from: $from, to: $to) {
    previousFrom previousTo
    rows { unit { id } score rank previousScore previousRank change flagged flagReasons
      components { kind count points } }
  }
}`;

interface Stats {
  hotlineStats: Record<string, number | null>;
}
interface Ranking {
  unitRanking: {
    previousFrom: string;
    previousTo: string;
    rows: {
      unit: { id: string };
      score: number;
      rank: number;
      previousScore: number;
      previousRank: number;
      change: number;
      flagged: boolean;
      flagReasons: string[];
      components: { kind: string; count: number; points: number }[];
    }[];
  };
}

type Stack = Awaited<ReturnType<typeof startIngestStack>>;

async function drained(stack: Stack, expected: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await stack.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM hotline_event',
    );
    if (row!.n === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hotline events never reached ${expected}`);
}

async function figures(stack: Stack) {
  const week = { from: '2026-03-02', to: '2026-03-06' };
  return {
    stats: await gql<Stats>(stack.gatewayUrl, statsQuery, week),
    lingbao: await gql<Stats>(stack.gatewayUrl, statsQuery, { ...week, district: '411282' }),
    u02: await gql<Stats>(stack.gatewayUrl, statsQuery, { ...week, unitId: 'u-02' }),
    ranking: await gql<Ranking>(stack.gatewayUrl, rankingQuery, week),
  };
}

/** A deterministic shuffle (no Math.random in tests). */
function shuffle<T>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, key: (i * 7919 + 13) % 1009 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

describe('12345 accountability through Mosquitto, ingest and the gateway', () => {
  let inOrder: Stack;
  let shuffled: Stack;

  beforeAll(async () => {
    [inOrder, shuffled] = await Promise.all([
      startIngestStack('hotline-in-order'),
      startIngestStack('hotline-shuffled'),
    ]);
  });

  afterAll(async () => {
    await Promise.all([inOrder?.stop(), shuffled?.stop()]);
  });

  it('produces exactly the hand-computed rates, scores, ranks and talks', async () => {
    await publishAll(inOrder.broker.url, units);
    await publishAll(inOrder.broker.url, events);
    await drained(inOrder, events.length);
    const { stats, lingbao, u02, ranking } = await figures(inOrder);

    // 25 orders: completed T1, T2, T4; due = 3 + 22 open past their due time (T3, L1–L21).
    // Callbacks: T1, T2 and T4 twice (unsatisfied, then satisfied after reopening): 3 of 4.
    // Signed on time: T1, T3, T4 of 25 whose sign-off was due. Handling hours: T1 79, T2 48.5,
    // T4 78 (created Tue 11:00, finally completed Fri 17:00) → 68.5.
    expect(stats.hotlineStats).toEqual({
      accepted: 25,
      completed: 3,
      due: 25,
      completionRate: 0.12,
      callbacks: 4,
      satisfied: 3,
      satisfactionRate: 0.75,
      onTimeSignRate: 0.12,
      onTimeCompletionRate: 1,
      overdueSign: 22,
      overdueComplete: 22,
      overdueOpen: 22,
      averageHandlingHours: 68.5,
    });
    expect(lingbao.hotlineStats).toMatchObject({ accepted: 21, completed: 0, overdueOpen: 21 });
    expect(u02.hotlineStats).toMatchObject({ accepted: 2, completed: 1, due: 2, overdueOpen: 1 });

    // u-03: no facts → 1000. u-01: 1000 + 0.5 − 3 + 2 × 1 = 999.5.
    // u-02: 1000 + 3 × 0.5 + 2 × 1 − 10 − 8 − 6 = 979.5.
    // u-04: 1000 − 21 × 3 − 21 × 10 = 727: below 800, and 273 below last week's 1000.
    const { rows, previousFrom, previousTo } = ranking.unitRanking;
    expect([previousFrom, previousTo]).toEqual(['2026-02-25', '2026-03-01']);
    expect(
      rows.map((r) => [r.unit.id, r.score, r.rank, r.previousRank, r.change, r.flagReasons]),
    ).toEqual([
      ['u-03', 1000, 1, 1, 0, []],
      ['u-01', 999.5, 2, 1, -0.5, []],
      ['u-02', 979.5, 3, 1, -20.5, []],
      ['u-04', 727, 4, 1, -273, ['below_floor', 'fell_too_far']],
    ]);
    const u02Counts = Object.fromEntries(
      rows.find((r) => r.unit.id === 'u-02')!.components.map((c) => [c.kind, c.count]),
    );
    expect(u02Counts).toEqual({
      sign_on_time: 3,
      complete_on_time: 2,
      overdue_sign: 0,
      overdue_complete: 1,
      unsatisfied: 1,
      reopened: 1,
    });

    // The chase of T3 came on Mon 9 March at 08:30, the working day after its due day.
    const [chase] = await inOrder.db.query<{ at: Date }>(
      `SELECT at FROM ticket_item WHERE ticket_id = 'T3' AND kind = 'chase'`,
    );
    expect(chase?.at.toISOString()).toBe(cst('09T08:30:00'));
  });

  it('gives the same numbers when the same events arrive shuffled and duplicated', async () => {
    const duplicated = [...events, ...events.filter((_, i) => i % 3 === 0)];
    await publishAll(shuffled.broker.url, units);
    // Several publishers in turn, each in its own shuffled order.
    const mixed = shuffle(duplicated);
    const third = Math.ceil(mixed.length / 3);
    for (let i = 0; i < 3; i++) {
      await publishAll(shuffled.broker.url, mixed.slice(i * third, (i + 1) * third));
    }
    await drained(shuffled, events.length);
    expect(await figures(shuffled)).toEqual(await figures(inOrder));
  });

  it('raises overdue facts for orders nobody acts on when the clock sweep passes their deadline', async () => {
    const { db, broker } = inOrder;
    const dispatchedAt = new Date(Date.now() - 60_000);
    const topic = ticketEventTopic('S1');
    await publishAll(broker.url, [
      {
        topic,
        payload: JSON.stringify({
          eventId: 'S1:1',
          ts: dispatchedAt.getTime() - 1000,
          ...created(HUBIN),
        }),
      },
      {
        topic,
        payload: JSON.stringify({
          eventId: 'S1:2',
          ts: dispatchedAt.getTime(),
          action: 'dispatched',
          unitId: 'u-03',
        }),
      },
    ]);
    await drained(inOrder, events.length + 2);
    const ticket = async () =>
      (
        await db.query<{ overdue_sign: boolean; sign_due_at: Date; next_check_at: Date }>(
          `SELECT overdue_sign, sign_due_at, next_check_at FROM ticket WHERE id = 'S1'`,
        )
      )[0]!;
    const before = await ticket();
    expect(before.overdue_sign).toBe(false);
    expect(before.next_check_at).toEqual(before.sign_due_at);

    const clock = createHotlineClock();
    const late = new Date(before.sign_due_at.getTime() + 1000);
    expect(await sweepTicketClocks(db, clock, late)).toBe(1);
    const after = await ticket();
    expect(after.overdue_sign).toBe(true);
    const items = await db.query<{ kind: string; at: Date; unit_id: string }>(
      `SELECT kind, at, unit_id FROM ticket_item WHERE ticket_id = 'S1'`,
    );
    expect(items).toEqual([{ kind: 'overdue_sign', at: before.sign_due_at, unit_id: 'u-03' }]);
    // Raised once: sweeping again at the same instant finds nothing to do.
    expect(await sweepTicketClocks(db, clock, late)).toBe(0);
    const [daily] = await db.query<{ count: number }>(
      `SELECT count FROM unit_score_daily WHERE unit_id = 'u-03' AND kind = 'overdue_sign'`,
    );
    expect(daily?.count).toBe(1);
  });
});
