/** A repeating task: runs now, then `intervalMs` after each run settles, until stopped. */
export type Poller = { start(): void; stop(): void };

type PollerState =
  | { phase: 'idle' }
  | { phase: 'running'; abort: AbortController; timer: ReturnType<typeof setTimeout> | null }
  | { phase: 'stopped' };

/**
 * Creates a poller. Runs never overlap (the next is scheduled when the previous settles), and
 * stop() aborts the run in flight and clears the timer, so nothing outlives the owner.
 */
export function createPoller(options: {
  intervalMs: number;
  /** One run; resolve `'done'` to stop polling for good. */
  run: (signal: AbortSignal) => Promise<'again' | 'done'>;
}): Poller {
  let state: PollerState = { phase: 'idle' };

  const tick = async (abort: AbortController): Promise<void> => {
    let next: 'again' | 'done' = 'again';
    try {
      next = await options.run(abort.signal);
    } catch {
      // run() reports its own failures; a throw only means "try again later".
    }
    if (state.phase !== 'running' || state.abort !== abort) return;
    if (next === 'done') {
      state = { phase: 'stopped' };
      return;
    }
    state.timer = setTimeout(() => void tick(abort), options.intervalMs);
  };

  return {
    start() {
      if (state.phase !== 'idle') return;
      const abort = new AbortController();
      state = { phase: 'running', abort, timer: null };
      void tick(abort);
    },
    stop() {
      if (state.phase === 'running') {
        state.abort.abort();
        if (state.timer !== null) clearTimeout(state.timer);
      }
      state = { phase: 'stopped' };
    },
  };
}
