import type { Queryable } from './db.ts';

/** How long one time-series table keeps its rows (`keep` null: for ever). */
export interface RetentionSetting {
  table: string;
  timeColumn: string;
  keep: string | null;
}

/** What one run of the retention did to one table. */
export interface RetentionResult {
  table: string;
  cutoff: Date | null;
  /** `drop_chunks` (TimescaleDB), `policy` (a retention policy set to match), `delete` (plain PostgreSQL). */
  method: 'drop_chunks' | 'policy' | 'delete';
  /** Chunks dropped (drop_chunks) or rows deleted (delete); 0 for policies. */
  removed: number;
}

/** A refused retention setting, with a stable code. */
export class RetentionError extends Error {
  constructor(
    message: string,
    readonly code: 'TWIN_RETENTION_UNKNOWN_TABLE' | 'TWIN_RETENTION_BAD_INTERVAL',
  ) {
    super(message);
  }
}

/** The retention settings, by table. */
export function retentionSettings(db: Queryable): Promise<RetentionSetting[]> {
  return db.query<RetentionSetting>(
    `SELECT table_name AS "table", time_column AS "timeColumn", keep::text AS keep
     FROM retention_setting ORDER BY table_name`,
  );
}

/**
 * Sets how long `table` keeps its rows: a PostgreSQL interval of at least a day
 * (`90 days`, `1 year`), or null for ever. Applied at the next run.
 */
export async function setRetention(db: Queryable, table: string, keep: string | null) {
  let rows: { table_name: string }[];
  try {
    rows = await db.query<{ table_name: string }>(
      `UPDATE retention_setting SET keep = $2::interval WHERE table_name = $1 RETURNING table_name`,
      [table, keep],
    );
  } catch (error) {
    // 22007 invalid interval syntax, 23514 the check (at least a day).
    const code = (error as { code?: string }).code;
    if (code === '22007' || code === '23514' || code === '22008' || code === '22015')
      throw new RetentionError(
        `"${keep}" is not an interval of at least a day (e.g. '90 days', '1 year')`,
        'TWIN_RETENTION_BAD_INTERVAL',
      );
    throw error;
  }
  if (rows.length === 0) {
    const known = (await retentionSettings(db)).map((setting) => setting.table).join(', ');
    throw new RetentionError(
      `no retention setting for "${table}" (tables: ${known})`,
      'TWIN_RETENTION_UNKNOWN_TABLE',
    );
  }
}

/** Applies the retention settings as of `at` (default now); see migration 015. */
export async function applyRetention(db: Queryable, at = new Date()): Promise<RetentionResult[]> {
  return db.query<RetentionResult>(
    `SELECT table_name AS "table", cutoff, method, removed
     FROM twin_apply_retention($1)`,
    [at],
  );
}

/**
 * The advisory lock a retention run holds: one run at a time across every worker sharing the
 * database (7204761 is the migrations', 7204762 the batches' state lock, 7204763 the notices').
 */
export const RETENTION_LOCK = 7204770;

/**
 * Applies the retention unless another process is doing it (then `skipped`): the lock is a
 * transaction-scoped advisory lock, released when the run commits.
 */
export async function applyRetentionOnce(
  db: { withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  at = new Date(),
): Promise<{ skipped: true } | { skipped: false; results: RetentionResult[] }> {
  return db.withTransaction(async (tx) => {
    const [lock] = await tx.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock($1) AS locked',
      [RETENTION_LOCK],
    );
    if (!lock?.locked) return { skipped: true };
    return { skipped: false, results: await applyRetention(tx, at) };
  });
}
