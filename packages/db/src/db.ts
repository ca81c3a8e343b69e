import pg from 'pg';

/** Rows of a query, typed by the caller next to its SQL. */
export type Row = Record<string, unknown>;

/** A connection that can run queries: the pool or a transaction's client. */
export interface Queryable {
  query<R extends object = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** Database handle shared by a service. */
export interface Db extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Fires `onNotify(payload)` for every NOTIFY on `channel` until the returned function is called. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Connections of the pool now: open, idle among them, and callers waiting for one. */
  poolUsage(): PoolUsage;
  close(): Promise<void>;
}

/** Connections of a pool at one instant (for metrics). */
export interface PoolUsage {
  total: number;
  idle: number;
  waiting: number;
  /** The pool's maximum size. */
  max: number;
}

/** Options for {@link createDb}. */
export interface DbOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  onError?: (error: Error) => void;
}

// int8 and numeric counts fit comfortably in a double for this domain.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R extends object = Row>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return result.rows as R[];
    },
  };
}

/** Opens a pool; errors of idle clients go to `onError` instead of crashing the process. */
export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'city-twin',
  });
  const reportError =
    options.onError ?? ((error: Error) => console.error('[db] connection error:', error.message));
  pool.on('error', (error) => reportError(error));
  const base = wrap(pool);

  return {
    query: base.query,
    async withTransaction(fn) {
      const client = await pool.connect();
      // A checked-out client reports a lost connection on itself, not on the pool; without a
      // listener that is an unhandled 'error' event and the process dies.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
      };
      client.on('error', onLost);
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (!lost) await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onLost);
        // A broken connection is destroyed instead of going back to the pool.
        client.release(lost ?? false);
      }
    },
    async listen(channel, onNotify) {
      const client = await pool.connect();
      client.on('error', (error) => reportError(error));
      const handler = (message: pg.Notification) => {
        if (message.channel === channel) onNotify(message.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        client.off('notification', handler);
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        client.release();
      };
    },
    poolUsage: () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
      max: pool.options.max,
    }),
    close: () => pool.end(),
  };
}
