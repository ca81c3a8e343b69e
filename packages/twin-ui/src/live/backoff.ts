/** The first wait before reconnecting, and the longest. */
const firstWaitMs = 1_000;
const longestWaitMs = 30_000;

/**
 * How long to wait before reconnect attempt `attempt` (0 for the first): doubling from 1 s up
 * to 30 s, spread ±25 % so that a wall of screens does not reconnect in step.
 */
export function toBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(longestWaitMs, firstWaitMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.75 + 0.5 * random()));
}
