/** Retry delays: exponential from `initialMs`, never above `maxMs`. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * The delay before the next try after `attempts` failed tries (1 = the first failure):
 * `initialMs × 2^(attempts − 1)` capped at `maxMs`, with "equal jitter" — a random point in
 * the upper half — so notices that failed together do not come back together.
 */
export function backoffDelay(
  attempts: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempts) - 1);
  // 2 ** 1100 is Infinity, which min() caps; no overflow to guard.
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
