import { describe, expect, it } from 'vitest';
import { createBoundedQueue } from './bounded-queue.ts';

async function take<T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> {
  const values: T[] = [];
  for (let i = 0; i < n; i += 1) {
    const result = await iterator.next();
    if (result.done) break;
    values.push(result.value);
  }
  return values;
}

describe('bounded subscriber queue', () => {
  it('hands values to a waiting reader in order', async () => {
    const queue = createBoundedQueue<number>(4, () => undefined);
    const pending = queue.iterator.next();
    queue.push(1);
    queue.push(2);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await take(queue.iterator, 1)).toEqual([2]);
  });

  it('drops the oldest values when the reader falls behind', async () => {
    const queue = createBoundedQueue<number>(3, () => undefined);
    for (let i = 1; i <= 10; i += 1) queue.push(i);
    expect(queue.dropped).toBe(7);
    expect(await take(queue.iterator, 3)).toEqual([8, 9, 10]);
    queue.push(11);
    expect(await take(queue.iterator, 1)).toEqual([11]);
  });

  it('ends a waiting reader once, on return or end', async () => {
    let ends = 0;
    const queue = createBoundedQueue<number>(2, () => (ends += 1));
    const pending = queue.iterator.next();
    await queue.iterator.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    queue.end();
    queue.push(5);
    expect(await queue.iterator.next()).toEqual({ value: undefined, done: true });
    expect(ends).toBe(1);
  });
});
