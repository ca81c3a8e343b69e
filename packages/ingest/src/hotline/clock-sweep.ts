import type { Db } from '@city-twin/db';
import type { HotlineClock } from '@city-twin/hotline';
import { createRepeatingTask } from '../repeat.ts';
import { takeStateLock } from '../write-batch.ts';
import { rederiveTickets } from './write-hotline.ts';

/**
 * Re-derives, at `now`, up to `limit` work orders whose time has come (a sign-off or
 * completion deadline or a chase passing, `ticket.next_check_at`): that is how overdue
 * facts appear for orders nobody acts on. Runs under the state lock, like a batch, so a
 * derivation never interleaves with another. Returns how many orders it looked at.
 */
export async function sweepTicketClocks(
  db: Db,
  clock: HotlineClock,
  now: Date = new Date(),
  limit = 2000,
): Promise<number> {
  return db.withTransaction(async (tx) => {
    await takeStateLock(tx);
    const due = await tx.query<{ id: string }>(
      `SELECT id FROM ticket WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2`,
      [now, limit],
    );
    await rederiveTickets(
      tx,
      due.map((r) => r.id),
      clock,
      now,
    );
    return due.length;
  });
}

/** Options of {@link createClockSweeper}. */
export interface ClockSweeperOptions {
  db: Db;
  clock: HotlineClock;
  /** Pause between sweeps. */
  intervalMs: number;
  log: (line: string) => void;
}

/** Sweeps the work-order clocks every `intervalMs`, draining all that are due each time. */
export function createClockSweeper({ db, clock, intervalMs, log }: ClockSweeperOptions) {
  const limit = 2000;
  return createRepeatingTask(
    async (stopping) => {
      let total = 0;
      for (let n = limit; n === limit && !stopping(); total += n) {
        n = await sweepTicketClocks(db, clock, new Date(), limit);
      }
      if (total > 0) log(`clock sweep re-derived ${total} work orders`);
    },
    intervalMs,
    (error) => log(`clock sweep failed, will retry: ${error.message}`),
  );
}
