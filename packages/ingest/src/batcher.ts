/** Options for {@link createBatcher}. */
export interface BatcherOptions<T> {
  /** Flush as soon as this many items are waiting. */
  maxItems: number;
  /** Flush at most this long after the first waiting item arrived. */
  maxDelayMs: number;
  /** Writes one batch; the batch is retried (with backoff) until this resolves. */
  flush(items: T[]): Promise<void>;
  onError(error: unknown, attempt: number): void;
}

type Phase = { phase: 'idle' } | { phase: 'flushing'; done: Promise<void> } | { phase: 'stopped' };

/**
 * Collects items and hands them to `flush` in batches, one batch at a time, never
 * dropping a batch that failed: it is retried before anything newer is written.
 */
export function createBatcher<T>(options: BatcherOptions<T>) {
  let waiting: T[] = [];
  let writing: T[] | undefined;
  let timer: NodeJS.Timeout | undefined;
  let state: Phase = { phase: 'idle' };

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function writeWithRetry(items: T[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.flush(items);
        return;
      } catch (error) {
        options.onError(error, attempt);
        if (state.phase === 'stopped') return;
        await sleep(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  function schedule(): void {
    if (state.phase !== 'idle' || waiting.length === 0) return;
    if (waiting.length >= options.maxItems) {
      run();
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, options.maxDelayMs);
    }
  }

  function run(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (state.phase !== 'idle' || waiting.length === 0) return;
    const items = waiting.splice(0, options.maxItems);
    writing = items;
    const done = writeWithRetry(items).then(() => {
      writing = undefined;
      if (state.phase === 'flushing') state = { phase: 'idle' };
      schedule();
    });
    state = { phase: 'flushing', done };
  }

  return {
    add(item: T): void {
      waiting.push(item);
      schedule();
    },
    /** Items not yet written: the batch being written and those waiting. */
    get backlog(): number {
      return (writing?.length ?? 0) + waiting.length;
    },
    /** The oldest item not yet written. */
    oldest(): T | undefined {
      return writing?.[0] ?? waiting[0];
    },
    /** Writes everything waiting, then resolves. */
    async drain(): Promise<void> {
      while (state.phase === 'flushing' || waiting.length > 0) {
        if (state.phase === 'flushing') await state.done;
        else run();
      }
    },
    /** Stops retrying and discards what is waiting (it was never acknowledged). */
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      state = { phase: 'stopped' };
      waiting = [];
    },
  };
}
