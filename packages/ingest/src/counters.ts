import type { Queryable } from '@city-twin/db';

/** Adds to the ingest counters in the transaction that stored what they count. */
export async function addCounters(
  tx: Queryable,
  deltas: ReadonlyMap<string, number>,
): Promise<void> {
  const names = [...deltas.keys()].filter((name) => (deltas.get(name) ?? 0) > 0);
  if (names.length === 0) return;
  await tx.query(
    `INSERT INTO ingest_counter (name, value)
     SELECT * FROM unnest($1::text[], $2::bigint[])
     ON CONFLICT (name) DO UPDATE SET value = ingest_counter.value + excluded.value`,
    [names, names.map((name) => deltas.get(name))],
  );
}
