/** Options for {@link createBatcher}. */
export interface BatcherOptions<T> {
  /** Flush as soon as this many items are waiting. */
  maxItems: number;
  /** Flush at most this long after the first waiting item arrived. */
  maxDelayMs: number;
  /** How many batches may be written at once (each on its own connection). */
  concurrency?: number;
  /** Writes one batch; the batch is retried (with backoff) until this resolves. */
  flush(items: T[]): Promise<void>;
  onError(error: unknown, attempt: number): void;
}

interface Writing<T> {
  items: T[];
  done: Promise<void>;
}

/**
 * Collects items and hands them to `flush` in batches of arrival order, at most
 * `concurrency` at a time, never dropping a batch that failed: it is retried until written.
 */
export function createBatcher<T>(options: BatcherOptions<T>) {
  const concurrency = options.concurrency ?? 1;
  let waiting: T[] = [];
  // Insertion order is batch order: the first entry holds the oldest items.
  const writing = new Set<Writing<T>>();
  let timer: NodeJS.Timeout | undefined;
  let phase: 'running' | 'stopped' = 'running';

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function writeWithRetry(items: T[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.flush(items);
        return;
      } catch (error) {
        options.onError(error, attempt);
        if (phase === 'stopped') return;
        await sleep(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  function start(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const entry: Writing<T> = {
      items: waiting.splice(0, options.maxItems),
      done: Promise.resolve(),
    };
    entry.done = writeWithRetry(entry.items).then(() => {
      writing.delete(entry);
      schedule();
    });
    writing.add(entry);
  }

  function schedule(): void {
    if (phase === 'stopped') return;
    while (writing.size < concurrency && waiting.length >= options.maxItems) start();
    if (writing.size < concurrency && waiting.length > 0 && !timer) {
      timer = setTimeout(() => {
        timer = undefined;
        if (phase === 'running' && writing.size < concurrency && waiting.length > 0) start();
      }, options.maxDelayMs);
    }
  }

  return {
    add(item: T): void {
      waiting.push(item);
      schedule();
    },
    /** Items not yet written: the batches being written and those waiting. */
    get backlog(): number {
      let n = waiting.length;
      for (const w of writing) n += w.items.length;
      return n;
    },
    /** The oldest item not yet written. */
    oldest(): T | undefined {
      for (const w of writing) return w.items[0];
      return waiting[0];
    },
    /** Writes everything waiting, then resolves. */
    async drain(): Promise<void> {
      while (phase === 'running' && (writing.size > 0 || waiting.length > 0)) {
        if (writing.size > 0) await Promise.all([...writing].map((w) => w.done));
        else start();
      }
    },
    /** Stops retrying and discards what is waiting (it was never acknowledged). */
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
      phase = 'stopped';
      waiting = [];
    },
  };
}
