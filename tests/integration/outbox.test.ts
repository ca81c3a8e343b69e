import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb, migrate, type Db } from '@city-twin/db';
import { defaultHotlineRules, rankUnits, type ScoreCounts } from '@city-twin/hotline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Not exported by @city-twin/ingest, and the tests workspace has no dependency on
// @city-twin/outbox: imported by path.
import {
  createDailyNoticeScheduler,
  dueNoticeDay,
  writeDailyNotices,
  type UnitDailyNotice,
} from '../../packages/ingest/src/hotline/daily-notices.ts';
import {
  createOutboxDeliverer,
  enqueueNotice,
  enqueueNotices,
  type OutboxDelivererConfig,
} from '../../packages/outbox/src/index.ts';
import { createTestDatabase } from '../support/database.ts';

const DAY = '2025-11-28';
const rules = defaultHotlineRules;
/** The morning after: when the notices of DAY are written. */
const writtenAt = new Date('2025-11-29T08:00:00+08:00');

interface Received {
  key: string;
  kind: string;
  attempt: number;
  status: number;
  body: string;
}

/** A webhook on a free loopback port that answers each request with `answer(request)`. */
async function startReceiver(
  answer: (
    request: Omit<Received, 'status'>,
    seen: readonly Received[],
  ) => Promise<number> | number,
): Promise<{ url: string; received: Received[]; close(): Promise<void>; server: Server }> {
  const received: Received[] = [];
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server = createServer((req, res) => {
    void (async () => {
      const request = {
        key: String(req.headers['idempotency-key']),
        kind: String(req.headers['x-notice-kind']),
        attempt: Number(req.headers['x-notice-attempt']),
        body: await readBody(req),
      };
      const status = await answer(request, received);
      received.push({ ...request, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'boom');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notices`,
    received,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const deliverer = (db: Db, url: string, overrides: Partial<OutboxDelivererConfig> = {}) =>
  createOutboxDeliverer({
    db,
    url,
    timeoutMs: 2000,
    backoff: { initialMs: 20, maxMs: 100 },
    batch: 50,
    intervalMs: 10,
    log: () => undefined,
    ...overrides,
  });

const units = [
  ['u-01', '市人社局'],
  ['u-02', '市住建局'],
  ['u-03', '湖滨区政府'],
  ['u-04', '市城管局'],
  ['u-05', '市交通运输局'],
] as const;

/** Score facts: unit, kind, count, China Standard Time instant. */
const items: [unit: string, kind: string, count: number, at: string][] = [
  // DAY, including its first and last minutes in China Standard Time.
  ['u-01', 'sign_on_time', 3, `${DAY}T00:10:00+08:00`],
  ['u-01', 'complete_on_time', 2, `${DAY}T23:59:00+08:00`],
  ['u-02', 'sign_on_time', 1, `${DAY}T09:00:00+08:00`],
  ['u-02', 'overdue_complete', 1, `${DAY}T18:00:00+08:00`],
  ['u-02', 'chase', 1, `${DAY}T09:00:00+08:00`], // no points
  ['u-04', 'unsatisfied', 2, `${DAY}T10:00:00+08:00`],
  ['u-04', 'overdue_sign', 1, `${DAY}T11:00:00+08:00`],
  ['u-05', 'overdue_complete', 11, `${DAY}T18:00:00+08:00`],
  // The day before.
  ['u-01', 'overdue_complete', 1, '2025-11-27T18:00:00+08:00'],
  ['u-02', 'complete_on_time', 1, '2025-11-27T12:00:00+08:00'],
  ['u-04', 'sign_on_time', 2, '2025-11-27T23:59:59+08:00'],
  // The day after: in neither.
  ['u-03', 'overdue_complete', 1, '2025-11-29T00:00:00+08:00'],
];

async function seed(db: Db): Promise<void> {
  await db.query(
    `INSERT INTO unit (id, name, kind, meta_ts, meta_event_id)
     SELECT id, name, 'bureau', now(), 'meta-' || id FROM unnest($1::text[], $2::text[]) AS u(id, name)`,
    [units.map((u) => u[0]), units.map((u) => u[1])],
  );
  const rows = items.flatMap(([unit, kind, count, at], i) =>
    Array.from({ length: count }, (_, n) => ({ ticket: `t-${i}-${n}`, unit, kind, at })),
  );
  // The rollup triggers fill unit_score_daily from these.
  await db.query(
    `INSERT INTO ticket_item (ticket_id, kind, cycle, at, unit_id, points)
     SELECT ticket, kind, 1, at, unit, CASE kind
       WHEN 'sign_on_time' THEN 0.5 WHEN 'complete_on_time' THEN 1 WHEN 'overdue_sign' THEN -3
       WHEN 'overdue_complete' THEN -10 WHEN 'unsatisfied' THEN -8 ELSE 0 END
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS i(ticket, kind, at, unit)`,
    [
      rows.map((r) => r.ticket),
      rows.map((r) => r.kind),
      rows.map((r) => r.at),
      rows.map((r) => r.unit),
    ],
  );
  // u-02's work orders: two overdue and open, one overdue but completed, one open in time.
  await db.query(
    `INSERT INTO ticket (id, status, created_at, category, summary, unit_id, due_at, completed_at,
       overdue_complete, event_count, last_event_at)
     VALUES
       ('T-1', 'signed', '2025-11-20T09:00+08', 'heating', '小区暖气不热', 'u-02', '2025-11-27T18:00+08', NULL, true, 3, now()),
       ('T-2', 'signed', '2025-11-10T09:00+08', 'housing', '楼道漏水', 'u-02', '2025-11-25T18:00+08', NULL, true, 3, now()),
       ('T-3', 'completed', '2025-11-10T09:00+08', 'roads', '路面塌陷', 'u-02', '2025-11-20T18:00+08', '2025-11-21T10:00+08', true, 4, now()),
       ('T-4', 'signed', '2025-11-27T09:00+08', 'wages', '拖欠工资', 'u-02', '2025-12-10T18:00+08', NULL, false, 3, now())`,
  );
}

describe('daily unit score notices through the outbox to a webhook', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url, max: 6 });
    await migrate(db);
    await seed(db);
  });

  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('delivers each unit’s notice exactly once to a receiver that fails twice, then acknowledges', async () => {
    expect(await writeDailyNotices(db, DAY, rules, writtenAt)).toBe(units.length);
    expect(await writeDailyNotices(db, DAY, rules, writtenAt)).toBe(0);

    const receiver = await startReceiver((request, seen) =>
      seen.filter((r) => r.key === request.key).length < 2 ? 500 : 200,
    );
    const worker = deliverer(db, receiver.url);
    try {
      worker.start();
      await expect
        .poll(
          async () =>
            (
              await db.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM notice_outbox WHERE delivered_at IS NULL',
              )
            )[0]?.n,
          { timeout: 20_000, interval: 50 },
        )
        .toBe(0);
      await worker.stop();

      const keys = units.map(([id]) => `unit_daily_score:${id}/${DAY}`);
      for (const key of keys) {
        const tries = receiver.received.filter((r) => r.key === key);
        expect(tries.map((r) => [r.attempt, r.status])).toEqual([
          [1, 500],
          [2, 500],
          [3, 200],
        ]);
        expect(tries.every((r) => r.kind === 'unit_daily_score')).toBe(true);
      }
      expect(new Set(receiver.received.map((r) => r.key))).toEqual(new Set(keys));

      const rows = await db.query<{ dedupe_key: string; attempts: number; last_error: string }>(
        `SELECT dedupe_key, attempts, last_error FROM notice_outbox
         WHERE delivered_at IS NOT NULL ORDER BY dedupe_key`,
      );
      expect(rows.map((r) => r.dedupe_key)).toEqual(units.map(([id]) => `${id}/${DAY}`));
      expect(rows.every((r) => r.attempts === 3 && r.last_error.startsWith('HTTP 500'))).toBe(true);

      // Ranked by hand with the default rules (base 1000; +0.5 signed on time, +1 completed on
      // time, −3 overdue sign-off, −10 overdue completion, −8 unsatisfied):
      //   DAY:    u-01 1000 + 1.5 + 2 = 1003.5 (1), u-03 1000 (2), u-02 1000 + 0.5 − 10 = 990.5 (3),
      //           u-04 1000 − 16 − 3 = 981 (4), u-05 1000 − 110 = 890 (5)
      //   before: u-02 1001 and u-04 1001 (1, 1), u-03 1000 (3), u-05 1000 (3), u-01 990 (5)
      const acknowledged = receiver.received
        .filter((r) => r.status === 200)
        .map((r) => JSON.parse(r.body) as UnitDailyNotice);
      const byUnit = new Map(acknowledged.map((n) => [n.unitId, n]));
      const summary = (id: string) => {
        const n = byUnit.get(id)!;
        return [n.score, n.rank, n.previousRank, n.change, n.flagged, n.overdueOpen];
      };
      expect(summary('u-01')).toEqual([1003.5, 1, 5, 13.5, false, 0]);
      expect(summary('u-03')).toEqual([1000, 2, 3, 0, false, 0]);
      expect(summary('u-02')).toEqual([990.5, 3, 1, -10.5, false, 2]);
      expect(summary('u-04')).toEqual([981, 4, 1, -20, false, 0]);
      expect(summary('u-05')).toEqual([890, 5, 3, -110, true, 0]);
      expect(byUnit.get('u-05')!.flagReasons).toEqual(['fell_too_far']);

      // The same figures as the ranking module gives for these counts.
      const counts = (entries: [string, ScoreCounts][]) => new Map(entries);
      const expected = rankUnits(
        units.map(([id]) => id),
        counts([
          ['u-01', { sign_on_time: 3, complete_on_time: 2 }],
          ['u-02', { sign_on_time: 1, overdue_complete: 1 }],
          ['u-04', { unsatisfied: 2, overdue_sign: 1 }],
          ['u-05', { overdue_complete: 11 }],
        ]),
        counts([
          ['u-01', { overdue_complete: 1 }],
          ['u-02', { complete_on_time: 1 }],
          ['u-04', { sign_on_time: 2 }],
        ]),
        rules,
      );
      for (const row of expected) {
        const notice = byUnit.get(row.unitId)!;
        expect([notice.score, notice.rank, notice.previousRank, notice.change]).toEqual([
          row.score,
          row.rank,
          row.previousRank,
          row.change,
        ]);
        // Through JSON, as the receiver sees them (0 × −10 is −0 in JavaScript, 0 in JSON).
        expect(notice.components).toEqual(JSON.parse(JSON.stringify(row.components)));
      }

      const u02 = byUnit.get('u-02')!;
      expect(u02.unitName).toBe('市住建局');
      expect(u02.day).toBe(DAY);
      expect(u02.overdueOrders).toEqual([
        {
          ticketId: 'T-2',
          category: 'housing',
          summary: '楼道漏水',
          dueAt: '2025-11-25T10:00:00.000Z',
          overdueHours: 86,
        },
        {
          ticketId: 'T-1',
          category: 'heating',
          summary: '小区暖气不热',
          dueAt: '2025-11-27T10:00:00.000Z',
          overdueHours: 38,
        },
      ]);
      expect(u02.text).toBe(
        '【三门峡12345】市住建局 11月28日 得分 990.5，排名 3/5（▼2），超期未办结 2 件。',
      );
      expect(byUnit.get('u-01')!.text).toBe(
        '【三门峡12345】市人社局 11月28日 得分 1003.5，排名 1/5（▲4），超期未办结 0 件。',
      );
      expect(byUnit.get('u-05')!.text).toContain('列入约谈');

      // Written again and delivered again: nothing new reaches the receiver.
      const before = receiver.received.length;
      expect(await writeDailyNotices(db, DAY, rules, writtenAt)).toBe(0);
      expect(await deliverer(db, receiver.url).deliverOnce()).toEqual({ delivered: 0, failed: 0 });
      expect(receiver.received.length).toBe(before);
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });

  describe('the scheduler', () => {
    beforeEach(async () => {
      await db.query('DELETE FROM notice_outbox');
    });

    it('writes the previous China Standard Time day once the notice time has passed', () => {
      const at = (iso: string) => dueNoticeDay(new Date(iso), rules);
      expect(at('2025-11-29T08:00:00+08:00')).toBe('2025-11-28');
      expect(at('2025-11-29T23:59:00+08:00')).toBe('2025-11-28');
      // Before 08:00 the latest notices due are the day before yesterday's (a catch-up).
      expect(at('2025-11-29T07:59:00+08:00')).toBe('2025-11-27');
      expect(at('2025-11-29T00:00:00+08:00')).toBe('2025-11-27');
    });

    it('writes each day once, whichever worker and however often it ticks', async () => {
      let now = new Date('2025-11-29T08:01:00+08:00');
      const first = createDailyNoticeScheduler({ db, rules, now: () => now, log: () => undefined });
      expect(await first.tick()).toEqual({ outcome: 'written', day: DAY, written: units.length });
      expect(await first.tick()).toEqual({ outcome: 'already_written', day: DAY });
      const restarted = createDailyNoticeScheduler({
        db,
        rules,
        now: () => now,
        log: () => undefined,
      });
      expect(await restarted.tick()).toEqual({ outcome: 'already_written', day: DAY });

      // Next morning two workers tick at once: one writes, the other adds nothing.
      now = new Date('2025-11-30T08:00:30+08:00');
      const second = createDailyNoticeScheduler({
        db,
        rules,
        now: () => now,
        log: () => undefined,
      });
      const ticks = await Promise.all([first.tick(), second.tick()]);
      expect(ticks.filter((t) => t.outcome === 'written')).toEqual([
        { outcome: 'written', day: '2025-11-29', written: units.length },
      ]);
      const rows = await db.query<{ day: string; n: number }>(
        `SELECT payload->>'day' AS day, count(*)::int AS n FROM notice_outbox
         WHERE kind = 'unit_daily_score' GROUP BY 1 ORDER BY 1`,
      );
      expect(rows).toEqual([
        { day: DAY, n: units.length },
        { day: '2025-11-29', n: units.length },
      ]);
    });

    it('stops after the tick in flight', async () => {
      const scheduler = createDailyNoticeScheduler({
        db,
        rules,
        now: () => writtenAt,
        intervalMs: 60_000,
        log: () => undefined,
      });
      scheduler.start();
      await scheduler.stop();
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM notice_outbox');
      expect(row?.n).toBe(units.length);
    });
  });

  describe('the deliverer', () => {
    beforeEach(async () => {
      await db.query('DELETE FROM notice_outbox');
    });

    it('stores a (kind, key) once', async () => {
      expect(await enqueueNotice(db, 'test', 'a', { n: 1 })).toBe(true);
      expect(await enqueueNotice(db, 'test', 'a', { n: 2 })).toBe(false);
      const [row] = await db.query<{ payload: unknown }>(
        `SELECT payload FROM notice_outbox WHERE kind = 'test' AND dedupe_key = 'a'`,
      );
      expect(row?.payload).toEqual({ n: 1 });
    });

    it('never POSTs one notice twice when two workers run rounds at the same time', async () => {
      await enqueueNotices(
        db,
        Array.from({ length: 30 }, (_, i) => ({
          kind: 'test',
          dedupeKey: `n-${String(i).padStart(2, '0')}`,
          payload: { i },
        })),
      );
      // Slow answers keep both rounds, and their row locks, open at once.
      const receiver = await startReceiver(
        () => new Promise<number>((resolve) => setTimeout(() => resolve(204), 300)),
      );
      const otherDb = createDb({ connectionString: database.url, max: 2 });
      try {
        const a = deliverer(db, receiver.url, { batch: 10 });
        const b = deliverer(otherDb, receiver.url, { batch: 10 });
        expect(await Promise.all([a.deliverOnce(), b.deliverOnce()])).toEqual([
          { delivered: 10, failed: 0 },
          { delivered: 10, failed: 0 },
        ]);
        const last = await Promise.all([a.deliverOnce(), b.deliverOnce()]);
        expect(last.reduce((sum, r) => sum + r.delivered, 0)).toBe(10);
        expect(await Promise.all([a.deliverOnce(), b.deliverOnce()])).toEqual([
          { delivered: 0, failed: 0 },
          { delivered: 0, failed: 0 },
        ]);

        const posts = new Map<string, number>();
        for (const r of receiver.received) posts.set(r.key, (posts.get(r.key) ?? 0) + 1);
        expect(posts.size).toBe(30);
        expect([...posts.values()].every((n) => n === 1)).toBe(true);
      } finally {
        await otherDb.close();
        await receiver.close();
      }
    });

    it('leaves a notice pending, with the reason, when the receiver never answers', async () => {
      await enqueueNotice(db, 'test', 'silent', { hello: '三门峡' });
      const receiver = await startReceiver(() => new Promise<number>(() => undefined));
      try {
        const worker = deliverer(db, receiver.url, {
          timeoutMs: 300,
          backoff: { initialMs: 60_000, maxMs: 60_000 },
        });
        expect(await worker.deliverOnce()).toEqual({ delivered: 0, failed: 1 });
        // Not due again until its backoff has passed.
        expect(await worker.deliverOnce()).toEqual({ delivered: 0, failed: 0 });
        const [row] = await db.query<{
          delivered: boolean;
          attempts: number;
          last_error: string;
          wait: number;
        }>(
          `SELECT delivered_at IS NOT NULL AS delivered, attempts, last_error,
             extract(epoch FROM next_attempt_at - now()) AS wait
           FROM notice_outbox WHERE dedupe_key = 'silent'`,
        );
        expect(row).toMatchObject({ delivered: false, attempts: 1 });
        expect(row?.last_error).toMatch(/^timeout: no response within 300 ms/);
        expect(row?.wait).toBeGreaterThan(20);
        expect(receiver.received).toHaveLength(0); // it never answered
      } finally {
        await receiver.close();
      }
    });

    it('records a refused connection as a failed try', async () => {
      await enqueueNotice(db, 'test', 'refused', {});
      const closed = await startReceiver(() => 200);
      await closed.close(); // nothing listens on its port any more
      const worker = deliverer(db, closed.url);
      expect(await worker.deliverOnce()).toEqual({ delivered: 0, failed: 1 });
      const [row] = await db.query<{ attempts: number; last_error: string }>(
        `SELECT attempts, last_error FROM notice_outbox WHERE dedupe_key = 'refused'`,
      );
      expect(row?.attempts).toBe(1);
      expect(row?.last_error).toContain('ECONNREFUSED');
    });
  });
});
