/** One subscriber's events: an async iterator fed by `push`, holding at most `capacity`. */
export interface BoundedQueue<T> {
  /** Hands `value` to a waiting reader, else queues it, dropping the oldest when full. */
  push(value: T): void;
  /** Ends the iterator: a waiting reader gets `done`, queued values are discarded. */
  end(): void;
  /** Values dropped because the reader was too slow. */
  readonly dropped: number;
  readonly iterator: AsyncIterableIterator<T>;
}

/**
 * A bounded queue: a reader that falls behind (a slow WebSocket) loses its oldest values
 * instead of growing memory. `onEnd` runs once, when the reader returns or `end` is called.
 */
export function createBoundedQueue<T>(capacity: number, onEnd: () => void): BoundedQueue<T> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be ≥ 1');
  // A ring buffer: a full queue drops in O(1).
  const ring: (T | undefined)[] = new Array<T | undefined>(capacity);
  let head = 0;
  let size = 0;
  let dropped = 0;
  let ended = false;
  let waiting: ((result: IteratorResult<T>) => void) | null = null;

  const finish = (): IteratorResult<T> => {
    if (!ended) {
      ended = true;
      ring.fill(undefined);
      size = 0;
      const reader = waiting;
      waiting = null;
      reader?.({ value: undefined, done: true });
      onEnd();
    }
    return { value: undefined, done: true };
  };

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (size > 0) {
        const value = ring[head] as T;
        ring[head] = undefined;
        head = (head + 1) % capacity;
        size -= 1;
        return Promise.resolve({ value, done: false });
      }
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise<IteratorResult<T>>((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      return Promise.resolve(finish());
    },
    throw(error?: unknown) {
      finish();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return {
    push(value) {
      if (ended) return;
      if (waiting) {
        const reader = waiting;
        waiting = null;
        reader({ value, done: false });
        return;
      }
      if (size === capacity) {
        head = (head + 1) % capacity;
        size -= 1;
        dropped += 1;
      }
      ring[(head + size) % capacity] = value;
      size += 1;
    },
    end() {
      finish();
    },
    get dropped() {
      return dropped;
    },
    iterator,
  };
}
