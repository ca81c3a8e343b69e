// Daily unit score notices (每日通报): each morning, every unit's score, rank and overdue
// work orders for the previous day go into the notice outbox, once per unit and day.
import type { Db, Queryable } from '@city-twin/db';
import {
  chinaDay,
  previousPeriod,
  rankUnits,
  type FlagReason,
  type HotlineRules,
  type ScoreComponent,
} from '@city-twin/hotline';
import { scoreCountsByUnit, unitIds } from '@city-twin/hotline/store';
import { enqueueNotices } from '@city-twin/outbox';

/** Outbox kind of a unit's daily score notice. */
export const UNIT_DAILY_SCORE = 'unit_daily_score';

/** Overdue work orders listed in one notice, oldest due first. */
const OVERDUE_LISTED = 20;
// Serialises the writers of daily notices across workers (migrate: …61, batches: …62).
const DAILY_NOTICE_LOCK = 7204763;
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** A work order of the unit that is overdue (超期) and not completed. */
export interface OverdueOrder {
  ticketId: string;
  category: string | null;
  summary: string | null;
  /** ISO 8601. */
  dueAt: string;
  /** Hours past due when the notice was written, one decimal. */
  overdueHours: number;
}

/** The JSON body of a unit's daily score notice. */
export interface UnitDailyNotice {
  unitId: string;
  unitName: string;
  /** The China Standard Time day scored, YYYY-MM-DD. */
  day: string;
  score: number;
  rank: number;
  /** How many units were ranked. */
  units: number;
  previousRank: number;
  /** Score change against the day before. */
  change: number;
  flagged: boolean;
  flagReasons: FlagReason[];
  components: ScoreComponent[];
  /** All overdue open orders of the unit, of which `overdueOrders` lists the oldest 20. */
  overdueOpen: number;
  overdueOrders: OverdueOrder[];
  /** The notice as one SMS line (Chinese). */
  text: string;
}

/** The SMS line: "【三门峡12345】市人社局 11月28日 得分 1012.5，排名 3/58（▲2），超期未办结 1 件。" */
function toNoticeText(n: Omit<UnitDailyNotice, 'text'>): string {
  const [, month, date] = n.day.split('-').map(Number) as [number, number, number];
  const moved = n.previousRank - n.rank;
  const movement = moved > 0 ? `▲${moved}` : moved < 0 ? `▼${-moved}` : '持平';
  const talk = n.flagged ? '，列入约谈' : '';
  return (
    `【三门峡12345】${n.unitName} ${month}月${date}日 得分 ${n.score}，` +
    `排名 ${n.rank}/${n.units}（${movement}），超期未办结 ${n.overdueOpen} 件${talk}。`
  );
}

/** Computes `day`'s notices and stores the ones not stored yet; returns how many were new. */
async function enqueueDailyNotices(
  tx: Queryable,
  day: string,
  rules: HotlineRules,
  now: Date,
): Promise<number> {
  const ids = await unitIds(tx);
  if (ids.length === 0) return 0;
  const before = previousPeriod(day, day);
  // One after another: a transaction's client runs one query at a time.
  const current = await scoreCountsByUnit(tx, day, day);
  const previous = await scoreCountsByUnit(tx, before.from, before.to);
  const names = await tx.query<{ id: string; name: string }>('SELECT id, name FROM unit');
  const overdue = await tx.query<{
    unit_id: string;
    id: string;
    category: string | null;
    summary: string | null;
    due_at: Date;
    open: number;
  }>(
    `SELECT unit_id, id, category, summary, due_at, open FROM (
       SELECT unit_id, id, category, summary, due_at,
         row_number() OVER (PARTITION BY unit_id ORDER BY due_at, id) AS n,
         count(*) OVER (PARTITION BY unit_id) AS open
       FROM ticket
       WHERE overdue_complete AND completed_at IS NULL AND unit_id IS NOT NULL
     ) o
     WHERE n <= $1
     ORDER BY unit_id, n`,
    [OVERDUE_LISTED],
  );
  const nameOf = new Map(names.map((u) => [u.id, u.name]));
  const overdueOf = new Map<string, { open: number; orders: OverdueOrder[] }>();
  for (const row of overdue) {
    const entry = overdueOf.get(row.unit_id) ?? { open: row.open, orders: [] };
    entry.orders.push({
      ticketId: row.id,
      category: row.category,
      summary: row.summary,
      dueAt: row.due_at.toISOString(),
      overdueHours: Math.max(0, Math.round((now.getTime() - row.due_at.getTime()) / 360_000) / 10),
    });
    overdueOf.set(row.unit_id, entry);
  }

  const notices = rankUnits(ids, current, previous, rules).map((row) => {
    const unitOverdue = overdueOf.get(row.unitId);
    const body: Omit<UnitDailyNotice, 'text'> = {
      unitId: row.unitId,
      unitName: nameOf.get(row.unitId) ?? row.unitId,
      day,
      score: row.score,
      rank: row.rank,
      units: ids.length,
      previousRank: row.previousRank,
      change: row.change,
      flagged: row.flagged,
      flagReasons: row.flagReasons,
      components: row.components,
      overdueOpen: unitOverdue?.open ?? 0,
      overdueOrders: unitOverdue?.orders ?? [],
    };
    const payload: UnitDailyNotice = { ...body, text: toNoticeText(body) };
    return { kind: UNIT_DAILY_SCORE, dedupeKey: `${row.unitId}/${day}`, payload };
  });
  return (await enqueueNotices(tx, notices)).length;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Writes every unit's score notice for the China Standard Time `day` (YYYY-MM-DD), ranked
 * against the day before, into the outbox in one transaction. A unit whose notice for the
 * day exists keeps it; returns how many notices were new.
 */
export async function writeDailyNotices(
  db: Db,
  day: string,
  rules: HotlineRules,
  now: Date,
): Promise<number> {
  if (!dayPattern.test(day) || Number.isNaN(Date.parse(day)))
    throw new RangeError(`"${day}" is not a day (YYYY-MM-DD)`);
  return db.withTransaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DAILY_NOTICE_LOCK]);
    return enqueueDailyNotices(tx, day, rules, now);
  });
}

/**
 * The latest day whose notices are due at `now`: yesterday once the local (China Standard
 * Time) clock has passed `rules.dailyNotice.at`, else the day before yesterday — so a worker
 * that was down at that time catches up on its next start.
 */
export function dueNoticeDay(now: Date, rules: HotlineRules): string {
  const [h, m] = rules.dailyNotice.at.split(':').map(Number) as [number, number];
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
  const daysBack = minuteOfDay >= h * 60 + m ? 1 : 2;
  return chinaDay(new Date(now.getTime() - daysBack * DAY_MS));
}

/** What one tick of the scheduler did. */
export type NoticeTick =
  | { outcome: 'written'; day: string; written: number }
  | { outcome: 'already_written'; day: string }
  /** Another worker holds the lock: it is writing them. */
  | { outcome: 'busy'; day: string };

/** Configuration of {@link createDailyNoticeScheduler}. */
export interface DailyNoticeSchedulerConfig {
  db: Db;
  rules: HotlineRules;
  now?: () => Date;
  /** Default one minute. */
  intervalMs?: number;
  log?: (line: string) => void;
}

type Lifecycle =
  { phase: 'idle' } | { phase: 'running'; timer: NodeJS.Timeout } | { phase: 'stopped' };

/**
 * Writes the previous day's notices once the local time passes `rules.dailyNotice.at`.
 * Every worker may run one: a try-lock lets one compute while the others skip the tick,
 * and the outbox's unique key makes a repeated write add nothing.
 */
export function createDailyNoticeScheduler(config: DailyNoticeSchedulerConfig) {
  const { db, rules } = config;
  const now = config.now ?? (() => new Date());
  const intervalMs = config.intervalMs ?? 60_000;
  const log = config.log ?? ((line: string) => console.log(`[notices] ${line}`));
  // The last day this worker saw fully written: later ticks that day cost nothing.
  let doneDay: string | undefined;
  let state: Lifecycle = { phase: 'idle' };
  let inFlight: Promise<void> | undefined;

  async function tick(): Promise<NoticeTick> {
    const at = now();
    const day = dueNoticeDay(at, rules);
    if (day === doneDay) return { outcome: 'already_written', day };
    const result = await db.withTransaction(async (tx): Promise<NoticeTick> => {
      const [lock] = await tx.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [DAILY_NOTICE_LOCK],
      );
      if (!lock?.locked) return { outcome: 'busy', day };
      const [missing] = await tx.query<{ units: number }>(
        `SELECT count(*)::int AS units FROM unit u
         WHERE NOT EXISTS (
           SELECT 1 FROM notice_outbox o WHERE o.kind = $1 AND o.dedupe_key = u.id || '/' || $2
         )`,
        [UNIT_DAILY_SCORE, day],
      );
      if (!missing?.units) return { outcome: 'already_written', day };
      return { outcome: 'written', day, written: await enqueueDailyNotices(tx, day, rules, at) };
    });
    if (result.outcome !== 'busy') doneDay = day;
    if (result.outcome === 'written')
      log(`${result.written} unit score notices for ${day} written`);
    return result;
  }

  const run = () => {
    if (inFlight) return; // the previous tick is still running: skip this one
    inFlight = tick()
      .then(
        () => undefined,
        (error: unknown) => log(`daily notices not written: ${(error as Error).message}`),
      )
      .finally(() => {
        inFlight = undefined;
      });
  };

  return {
    tick,
    start() {
      if (state.phase !== 'idle') throw new Error(`notice scheduler cannot start: ${state.phase}`);
      run();
      state = { phase: 'running', timer: setInterval(run, intervalMs) };
    },
    async stop() {
      if (state.phase === 'running') clearInterval(state.timer);
      state = { phase: 'stopped' };
      await inFlight;
    },
  };
}
