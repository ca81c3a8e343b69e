import type { Context } from '../context.ts';

interface CounterRow {
  name: string;
  value: number;
}

interface WorkerRow {
  id: string;
  lastCommitAt: Date;
  lagSeconds: number;
  batchSize: number;
  active: boolean;
}

interface DeadLetterRow {
  id: string;
  received_at: Date;
  topic: string;
  reason: string;
  detail: string;
  payload: string;
}

export const ingestResolvers = {
  Query: {
    ingestStats: async (_: unknown, __: unknown, { db }: Context) => {
      const rows = await db.query<CounterRow>('SELECT name, value FROM ingest_counter');
      const get = (name: string) => rows.find((r) => r.name === name)?.value ?? 0;
      const byReason = rows
        .filter((r) => r.name.startsWith('rejected:') && r.value > 0)
        .map((r) => ({ reason: r.name.slice('rejected:'.length), count: r.value }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
      const workers = await db.query<WorkerRow>(
        `SELECT id, last_commit_at AS "lastCommitAt", lag_seconds AS "lagSeconds", batch_size AS "batchSize",
                last_commit_at > now() - interval '1 minute' AS active
         FROM ingest_worker ORDER BY id`,
      );
      const active = workers.filter((w) => w.active).map((w) => w.lagSeconds);
      return {
        accepted: get('accepted'),
        duplicates: get('duplicates'),
        rejected: byReason.reduce((sum, r) => sum + r.count, 0),
        byReason,
        outsideDistrict: get('outside_district'),
        lagSeconds: active.length > 0 ? Math.max(...active) : null,
        workers,
      };
    },
    deadLetters: async (_: unknown, args: { first?: number | null }, { db }: Context) => {
      const first = Math.max(1, Math.min(500, args.first ?? 50));
      const rows = await db.query<DeadLetterRow>(
        'SELECT id::text, received_at, topic, reason, detail, payload FROM dead_letter ORDER BY id DESC LIMIT $1',
        [first],
      );
      return rows.map((r) => ({ ...r, receivedAt: r.received_at }));
    },
  },
};
