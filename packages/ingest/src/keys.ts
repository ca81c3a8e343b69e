import type { Queryable } from '@city-twin/db';

/** An event's idempotency key: its source (topic subject) and eventId, with its time. */
export interface EventKey {
  source: string;
  eventId: string;
  ts: Date;
}

/** What the registry says of one event of a batch. */
export type KeyVerdict = 'new' | 'duplicate' | 'conflict';

const keyOf = (k: EventKey) => `${k.source}\u0000${k.eventId}`;

/**
 * Registers a batch's keys in `event_key`, in the caller's transaction, and tells for each
 * event whether it is new, a duplicate (same key and ts as one already stored or earlier in
 * the batch) or a conflict (same key, another ts).
 */
export async function registerEventKeys(
  tx: Queryable,
  keys: readonly EventKey[],
): Promise<KeyVerdict[]> {
  const verdicts = new Array<KeyVerdict>(keys.length);
  const firstInBatch = new Map<string, number>();
  const repeats: [index: number, first: number][] = [];
  const unique: number[] = [];
  keys.forEach((key, i) => {
    const first = firstInBatch.get(keyOf(key));
    if (first === undefined) {
      firstInBatch.set(keyOf(key), i);
      unique.push(i);
    } else {
      repeats.push([i, first]);
      verdicts[i] = keys[first]!.ts.getTime() === key.ts.getTime() ? 'duplicate' : 'conflict';
    }
  });
  if (unique.length === 0) return verdicts;
  // One insertion order for every batch: concurrent batches wait on each other's keys
  // instead of deadlocking.
  unique.sort((a, b) => {
    const x = keyOf(keys[a]!);
    const y = keyOf(keys[b]!);
    return x < y ? -1 : x > y ? 1 : 0;
  });

  const sources = unique.map((i) => keys[i]!.source);
  const eventIds = unique.map((i) => keys[i]!.eventId);
  const inserted = await tx.query<{ source: string; event_id: string }>(
    `INSERT INTO event_key (source, event_id, ts)
     SELECT source, event_id, to_timestamp(ms / 1000) FROM unnest($1::text[], $2::text[], $3::float8[]) AS k(source, event_id, ms)
     ON CONFLICT DO NOTHING
     RETURNING source, event_id`,
    [sources, eventIds, unique.map((i) => keys[i]!.ts.getTime())],
  );
  const fresh = new Set(inserted.map((r) => `${r.source}\u0000${r.event_id}`));
  const known = unique.filter((i) => !fresh.has(keyOf(keys[i]!)));
  for (const i of unique) if (fresh.has(keyOf(keys[i]!))) verdicts[i] = 'new';
  if (known.length === 0) return verdicts;

  const stored = await tx.query<{ source: string; event_id: string; ts: Date }>(
    `SELECT k.source, k.event_id, k.ts FROM event_key k
     JOIN unnest($1::text[], $2::text[]) AS q(source, event_id) USING (source, event_id)`,
    [known.map((i) => keys[i]!.source), known.map((i) => keys[i]!.eventId)],
  );
  const storedTs = new Map(stored.map((r) => [`${r.source}\u0000${r.event_id}`, r.ts.getTime()]));
  for (const i of known) {
    verdicts[i] =
      storedTs.get(keyOf(keys[i]!)) === keys[i]!.ts.getTime() ? 'duplicate' : 'conflict';
  }
  // A repeat of a batch's first occurrence conflicts too when that occurrence conflicted
  // with what was stored.
  for (const [i, first] of repeats) {
    if (verdicts[first] === 'conflict') verdicts[i] = 'conflict';
  }
  return verdicts;
}
