import mqtt from 'mqtt';

/** What the design says must become of an event once the broker acknowledged it. */
export type Expectation =
  { kind: 'stored'; rows: number } | { kind: 'dead_letter'; reason: string };

/** One event of a run: published once or more (a republished duplicate is the same entry). */
export interface LedgerEntry {
  /** The eventId of a valid event; the (unique) topic of a message meant for the dead letters. */
  key: string;
  expect: Expectation;
  attempts: number;
  /** PUBACKs received for it (one per acknowledged attempt). */
  acks: number;
}

/** An event to publish, with the fate the oracle expects for it. */
export interface LedgerMessage {
  key: string;
  topic: string;
  payload: string | Buffer;
  retain?: boolean;
  expect: Expectation;
}

/** Every event a run attempted and every PUBACK the broker sent for it. */
export function createLedger() {
  const entries = new Map<string, LedgerEntry>();
  return {
    entries: (): readonly LedgerEntry[] => [...entries.values()],
    attempt(message: LedgerMessage): LedgerEntry {
      const entry = entries.get(message.key) ?? {
        key: message.key,
        expect: message.expect,
        attempts: 0,
        acks: 0,
      };
      entry.attempts += 1;
      entries.set(message.key, entry);
      return entry;
    },
    get attempted(): number {
      return entries.size;
    },
    get acknowledged(): number {
      let n = 0;
      for (const e of entries.values()) if (e.acks > 0) n += 1;
      return n;
    },
  };
}

export type Ledger = ReturnType<typeof createLedger>;

/**
 * A QoS 1 publisher that writes every attempt and every PUBACK into the ledger. It reconnects
 * by itself (a broker restart) and never waits for an acknowledgement longer than `ackTimeoutMs`:
 * what stays unacknowledged is the ledger's "attempted, not acknowledged".
 */
export async function createLedgerPublisher(
  url: string,
  ledger: Ledger,
  options: { clientId?: string; ackTimeoutMs?: number } = {},
) {
  const client = await mqtt.connectAsync(url, {
    clientId: options.clientId ?? `faults-pub-${process.pid}-${Date.now()}`,
    protocolVersion: 4,
    reconnectPeriod: 250,
    connectTimeout: 5000,
  });
  client.on('error', () => undefined);
  const ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
  const pending = new Set<Promise<void>>();

  function publish(message: LedgerMessage): Promise<void> {
    const entry = ledger.attempt(message);
    let timer: NodeJS.Timeout | undefined;
    const acked = client
      .publishAsync(message.topic, message.payload, { qos: 1, retain: message.retain ?? false })
      .then(
        () => {
          entry.acks += 1;
        },
        () => undefined,
      );
    const bounded = Promise.race([
      acked,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, ackTimeoutMs))),
    ]).finally(() => {
      clearTimeout(timer);
      pending.delete(bounded);
    });
    pending.add(bounded);
    return bounded;
  }

  return {
    publish,
    /** Publishes in chunks, each awaited (acknowledged or timed out) before `between` runs. */
    async publishChunks(
      messages: readonly LedgerMessage[],
      chunk: number,
      between: (published: number) => Promise<void> = async () => undefined,
    ): Promise<void> {
      for (let i = 0; i < messages.length; i += chunk) {
        await Promise.all(messages.slice(i, i + chunk).map(publish));
        await between(Math.min(i + chunk, messages.length));
      }
    },
    /**
     * Publishes at `perSecond` (in ticks of 100 ms) without waiting for acknowledgements,
     * calling `onTick(published, elapsedMs)` after each tick; stops early when it returns false.
     */
    async publishPaced(
      messages: readonly LedgerMessage[],
      perSecond: number,
      onTick: (published: number, elapsedMs: number) => Promise<boolean | void> = async () =>
        undefined,
    ): Promise<number> {
      const started = performance.now();
      let published = 0;
      while (published < messages.length) {
        const elapsed = performance.now() - started;
        const due = Math.min(messages.length, Math.floor((elapsed / 1000) * perSecond) + 1);
        while (published < due) void publish(messages[published++]!);
        if ((await onTick(published, elapsed)) === false) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return published;
    },
    /** Waits for every publish still open (acknowledged or timed out), then disconnects. */
    async close(): Promise<void> {
      await Promise.all([...pending]);
      await client.endAsync(true);
    },
  };
}

export type LedgerPublisher = Awaited<ReturnType<typeof createLedgerPublisher>>;
