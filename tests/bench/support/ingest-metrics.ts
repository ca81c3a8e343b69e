/** The ingest worker's own counters, read from its Prometheus endpoint. */
export interface IngestCounters {
  received: number;
  batches: number;
  /** Time spent validating, writing and committing batches, summed over batches. */
  batchSeconds: number;
}

async function scrapeOne(port: number): Promise<IngestCounters | undefined> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = (name: string) =>
      Number(new RegExp(`^${name}(?:\\{\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    const counters = {
      received: value('twin_ingest_received_total'),
      batches: value('twin_ingest_batch_seconds_count'),
      batchSeconds: value('twin_ingest_batch_seconds_sum'),
    };
    return Object.values(counters).every(Number.isFinite) ? counters : undefined;
  } catch {
    return undefined;
  }
}

/** The workers' counters from their `/metrics` endpoints, summed; undefined when one serves none. */
export async function scrapeIngest(ports: readonly number[]): Promise<IngestCounters | undefined> {
  const all = await Promise.all(ports.map(scrapeOne));
  if (all.some((c) => c === undefined)) return undefined;
  return all.reduce<IngestCounters>(
    (sum, c) => ({
      received: sum.received + c!.received,
      batches: sum.batches + c!.batches,
      batchSeconds: sum.batchSeconds + c!.batchSeconds,
    }),
    { received: 0, batches: 0, batchSeconds: 0 },
  );
}

/** What the worker did between two scrapes; undefined when either is missing. */
export function countersBetween(
  before: IngestCounters | undefined,
  after: IngestCounters | undefined,
): IngestCounters | undefined {
  if (!before || !after) return undefined;
  return {
    received: after.received - before.received,
    batches: after.batches - before.batches,
    batchSeconds: after.batchSeconds - before.batchSeconds,
  };
}

/** One line: batches, their mean size and time, and the share of `seconds` a worker spent in one. */
export function describeBatches(c: IngestCounters, seconds: number, workers: number): string {
  return (
    `${c.batches.toLocaleString('en-US')} batches of ${Math.round(c.received / c.batches).toLocaleString('en-US')} messages, ` +
    `${Math.round((c.batchSeconds / c.batches) * 1000)} ms each (parse + write + commit), ` +
    `${Math.round((c.batchSeconds / workers / seconds) * 100)} % of the time inside a batch`
  );
}
