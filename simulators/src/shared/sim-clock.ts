import { DAY_MS, HOUR_MS } from './china-time.ts';

/** Options of {@link createSimClock}. */
export interface SimClockOptions {
  /** How many simulated milliseconds pass per wall-clock millisecond (> 0). */
  speed?: number;
  /** Simulated time at start, epoch ms; default: now at speed ≤ 1, else far enough back to
   * run accelerated for `catchUpMs` of wall time before reaching the present. */
  startAt?: number;
  /** Wall time an accelerated clock takes to catch up with the present, ms (default 1 h). */
  catchUpMs?: number;
  /** Wall clock, for tests. */
  wallNow?: () => number;
}

/** A simulated clock: runs `speed`× wall time from `startAt`, and never passes the present. */
export interface SimClock {
  now(): number;
  readonly speed: number;
  readonly startAt: number;
}

/** Earliest default start: well inside the contract's 400-day window for `ts`. */
const MAX_LOOKBACK_MS = 300 * DAY_MS;

/**
 * Creates the simulated clock. Events are stamped with its time, and the contract rejects a `ts`
 * more than 5 minutes ahead of the receiver: so an accelerated clock starts in the past and is
 * capped at the wall clock once it has caught up (from then on it runs at 1×).
 */
export function createSimClock(options: SimClockOptions = {}): SimClock {
  const { speed = 1, catchUpMs = HOUR_MS, wallNow = Date.now } = options;
  if (!Number.isFinite(speed) || speed <= 0)
    throw new RangeError(`speed must be a positive number, got ${speed}`);
  const wallStart = wallNow();
  const defaultStart =
    speed > 1 ? wallStart - Math.min((speed - 1) * catchUpMs, MAX_LOOKBACK_MS) : wallStart;
  const startAt = Math.floor(options.startAt ?? defaultStart);
  if (startAt > wallStart) throw new RangeError('the simulated clock cannot start in the future');
  if (startAt < wallStart - 390 * DAY_MS)
    throw new RangeError('the simulated clock cannot start more than 390 days back');
  return {
    speed,
    startAt,
    now() {
      const wall = wallNow();
      return Math.min(Math.floor(startAt + speed * (wall - wallStart)), wall);
    },
  };
}
