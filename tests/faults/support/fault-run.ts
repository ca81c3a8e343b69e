import { createDb, migrate, type Db } from '@city-twin/db';
import { freePort } from '@city-twin/city';
import { createTestDatabase } from '../../support/database.ts';
import { spawnIngest, type IngestProcess } from '../../support/ingest-process.ts';
import { startMosquitto, type TestBroker } from '../../support/mosquitto.ts';
import { publishAll, testDeviceMetas } from '../../support/publish.ts';
import { createLedger, createLedgerPublisher, type LedgerPublisher } from './ledger.ts';
import { runOracle, readStored, type OracleReport } from './oracle.ts';

/** An ingest worker process with its metrics endpoint. */
export interface FaultWorker extends IngestProcess {
  metricsPort: number;
  /** Messages received and not yet committed, or null when the endpoint does not answer. */
  backlog(): Promise<number | null>;
}

/** Reads one unlabelled sample of an ingest worker's /metrics. */
export async function readMetric(port: number, name: string): Promise<number | null> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const value = new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1];
    return value === undefined ? null : Number(value);
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One fault run: a Mosquitto of its own, a fresh migrated database, ingest worker processes,
 * a ledger publisher, the drain wait and the oracle.
 */
export async function startFaultRun(
  name: string,
  options: {
    broker?: Parameters<typeof startMosquitto>[0];
    /** Another database (a private cluster); a fresh one on the test server otherwise. */
    databaseUrl?: string;
    devices?: number;
  } = {},
) {
  const broker: TestBroker = await startMosquitto(options.broker);
  const database = options.databaseUrl ? undefined : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  const db: Db = createDb({ connectionString: databaseUrl, onError: () => undefined });
  await migrate(db);
  const workers: FaultWorker[] = [];
  const ledger = createLedger();
  let publisher: LedgerPublisher | undefined;
  const devices = options.devices ?? 20;

  async function startWorker(
    /** The worker's settings; DATABASE_URL and MQTT_URL default to the run's. */
    env: { INGEST_CLIENT_ID: string } & Record<string, string>,
  ): Promise<FaultWorker> {
    const metricsPort = await freePort();
    const worker = spawnIngest({
      DATABASE_URL: databaseUrl,
      MQTT_URL: broker.url,
      METRICS_PORT: String(metricsPort),
      ...env,
    });
    const faultWorker: FaultWorker = {
      ...worker,
      metricsPort,
      backlog: () => readMetric(metricsPort, 'twin_ingest_backlog_messages'),
    };
    workers.push(faultWorker);
    await worker.ready;
    return faultWorker;
  }

  return {
    broker,
    db,
    databaseUrl,
    ledger,
    devices,
    prefix: name,
    workers,
    startWorker,
    /** Publishes the devices' retained metas (not in the ledger) and opens the ledger publisher. */
    async openPublisher({ metas = true } = {}): Promise<LedgerPublisher> {
      if (metas) await publishAll(broker.url, testDeviceMetas(devices, name));
      publisher = await createLedgerPublisher(broker.url, ledger, { clientId: `${name}-pub` });
      return publisher;
    },
    /** Stored telemetry events (distinct eventIds). */
    async storedEvents(): Promise<number> {
      const rows = await db
        .query<{ n: number }>('SELECT count(DISTINCT event_id)::int AS n FROM iot_reading')
        .catch(() => [{ n: -1 }]);
      return rows[0]!.n;
    },
    /**
     * Waits until the run has drained: every acknowledged event that should be stored or
     * dead-lettered is, or, when some are missing, ingest is idle (every running worker's
     * backlog 0) and the database has not changed for `quietMs`. Returns the time it took.
     */
    async drain({ timeoutMs = 120_000, quietMs = 5000 } = {}): Promise<{
      drained: boolean;
      ms: number;
    }> {
      await publisher?.close();
      publisher = undefined;
      const started = performance.now();
      let last = '';
      let quietSince = performance.now();
      while (performance.now() - started < timeoutMs) {
        const stored = await readStored(db).catch(() => undefined);
        if (stored) {
          const missing = ledger
            .entries()
            .some((e) =>
              e.acks === 0
                ? false
                : e.expect.kind === 'stored'
                  ? !stored.rows.has(e.key)
                  : !stored.deadLetters.has(e.key),
            );
          const running = workers.filter((w) => w.child.exitCode === null && !w.child.signalCode);
          const backlogs = await Promise.all(running.map((w) => w.backlog()));
          const idle = backlogs.every((b) => b === 0);
          if (!missing && idle) return { drained: true, ms: performance.now() - started };
          const signature = `${stored.rows.size}/${stored.deadLetters.size}`;
          if (signature !== last || !idle) {
            last = signature;
            quietSince = performance.now();
          } else if (performance.now() - quietSince >= quietMs)
            return { drained: true, ms: performance.now() - started };
        }
        await sleep(250);
      }
      return { drained: false, ms: performance.now() - started };
    },
    /** Drains, then prints and returns the oracle's numbers. */
    async check(label = name, drainOptions?: { timeoutMs?: number; quietMs?: number }) {
      const drain = await this.drain(drainOptions);
      const report: OracleReport = await runOracle(label, db, ledger.entries());
      console.log(
        `[oracle ${label}] drained=${drain.drained} in ${(drain.ms / 1000).toFixed(1)} s`,
      );
      return { ...report, drained: drain.drained };
    },
    async stop(): Promise<void> {
      await publisher?.close().catch(() => undefined);
      for (const w of workers.splice(0)) await w.kill('SIGKILL');
      await db.close().catch(() => undefined);
      await database?.drop();
      await broker.stop();
    },
  };
}

export type FaultRun = Awaited<ReturnType<typeof startFaultRun>>;
