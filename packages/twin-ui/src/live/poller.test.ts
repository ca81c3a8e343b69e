import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller } from './poller.ts';

describe('createPoller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then once per interval after each run settles', async () => {
    let runs = 0;
    const poller = createPoller({
      intervalMs: 5_000,
      run: async () => {
        runs += 1;
        return 'again';
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
    poller.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(runs).toBe(2);
  });

  it('stops by itself when a run says done, and keeps going after a failed run', async () => {
    let runs = 0;
    const poller = createPoller({
      intervalMs: 1_000,
      run: async () => {
        runs += 1;
        if (runs === 1) throw new Error('gateway down');
        return 'done';
      },
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(2);
  });

  it('aborts the run in flight on stop', async () => {
    let seen: AbortSignal | undefined;
    const poller = createPoller({
      intervalMs: 1_000,
      run: (signal) => {
        seen = signal;
        return new Promise(() => {});
      },
    });
    poller.start();
    poller.stop();
    expect(seen?.aborted).toBe(true);
  });
});
