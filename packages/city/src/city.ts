import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createDb, migrate, startEmbeddedPostgres, type Db, type StorageMode } from '@city-twin/db';
import { createGateway } from '@city-twin/gateway';
import { createIngest } from '@city-twin/ingest';
import { withCredentials } from '@city-twin/mqtt-access';
import {
  createCitySimulator,
  MAX_HISTORY_DAYS,
  type CitySimulatorOptions,
} from '@city-twin/simulators';
import { backfillHotline, type BackfillResult } from './backfill.ts';
import { startEmbeddedBroker } from './embedded-broker.ts';
import { prepareAccess } from './first-access.ts';
import { freePort } from './free-port.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How to run the city; unset URLs mean embedded services. */
export interface CityConfig {
  databaseUrl?: string;
  /** External broker; it may carry credentials (`mqtt://user:pass@host:port`). */
  mqttUrl?: string;
  /**
   * Passwords of the `ingest` and `simulator` identities on the external broker
   * (MQTT_INGEST_PASSWORD, MQTT_SIMULATOR_PASSWORD); unset, both use what `mqttUrl` carries.
   */
  mqttPasswords?: { ingest?: string; simulator?: string };
  /** Where the embedded database keeps its data between runs. */
  dataDir?: string;
  port?: number;
  host?: string;
  /** Run the demo-city simulators. */
  simulate?: boolean;
  seed?: number;
  /** Size of the demo city (devices, cameras, orders per day); 1 is Sanmenxia's. */
  scale?: number;
  /** Time acceleration of the simulators. */
  speed?: number;
  /** Further simulator settings (tests shorten report intervals). */
  simulator?: Partial<Omit<CitySimulatorOptions, 'mqttUrl'>>;
  uiDir?: string;
  /**
   * Days of 12345 history to write in the background after start when the database has none
   * (see backfill.ts). Default 0: none (`bash scripts/city.sh` asks for 365).
   */
  backfillDays?: number;
  /** Wall screen whose URL is printed on start (created on first use); null: none. Default demo-wall. */
  demoScreen?: string | null;
  log?: (line: string) => void;
}

/** What a started city exposes. */
export interface RunningCity {
  url: string;
  databaseUrl: string;
  mqttUrl: string;
  storage: StorageMode;
  db: Db;
  /** `<url>/?screen=<token>` of the demo wall screen; null when none. */
  wallUrl: string | null;
  /** The background backfill, when one runs: resolves when it is done (or stopped). */
  backfill?: Promise<BackfillResult | undefined>;
}

/** Composes the whole city in one process: the launcher is the one place that imports every app. */
export function createCity(config: CityConfig = {}) {
  const log = config.log ?? ((line: string) => console.log(line));
  const stops: (() => Promise<void>)[] = [];
  let running: RunningCity | undefined;
  let stopping = false;

  async function stop(): Promise<void> {
    stopping = true;
    while (stops.length > 0) {
      const next = stops.pop();
      await next?.().catch((error: unknown) =>
        log(`[city] stop step failed: ${(error as Error).message}`),
      );
    }
    running = undefined;
    stopping = false;
  }

  /** Writes the history in the background, up to where the simulators took over. */
  function startBackfill(db: Db, days: number, until: number): Promise<BackfillResult | undefined> {
    const controller = new AbortController();
    const started = performance.now();
    let reported = started;
    log(`[city] backfill: writing ${days} days of 12345 history in the background`);
    const done = backfillHotline(db, {
      days,
      until,
      seed: config.seed ?? 1,
      scale: config.scale ?? 1,
      ticketsPerDay: config.simulator?.ticketsPerDay,
      prefix: config.simulator?.prefix,
      signal: controller.signal,
      onProgress(p) {
        const now = performance.now();
        if (now - reported < 10_000) return;
        reported = now;
        log(
          `[city] backfill: day ${p.doneDays}/${p.totalDays}, ${p.orders} orders, ${p.events} events ` +
            `(${Math.round(p.events / ((now - started) / 1000))} events/s)`,
        );
      },
      onRetry: (error, attempt) =>
        log(
          `[city] backfill: batch failed (attempt ${attempt}), retrying: ${(error as Error).message}`,
        ),
    }).then(
      (result) => {
        log(
          `[city] backfill done: ${result.orders} orders, ${result.events} events in ` +
            `${result.seconds.toFixed(0)} s (${Math.round(result.events / result.seconds)} events/s)`,
        );
        return result;
      },
      (error: unknown) => {
        log(
          controller.signal.aborted
            ? '[city] backfill stopped; `pnpm backfill` completes it'
            : `[city] backfill failed: ${(error as Error).message}; \`pnpm backfill\` completes it`,
        );
        return undefined;
      },
    );
    stops.push(async () => {
      controller.abort();
      await done;
    });
    return done;
  }

  async function start(): Promise<RunningCity> {
    try {
      const backfillDays = config.backfillDays ?? 0;
      if (!Number.isInteger(backfillDays) || backfillDays < 0 || backfillDays > MAX_HISTORY_DAYS)
        throw new RangeError(
          `backfill days must be a whole number from 0 to ${MAX_HISTORY_DAYS}, got ${backfillDays}`,
        );
      let databaseUrl = config.databaseUrl;
      if (!databaseUrl) {
        const dataDir = config.dataDir ?? path.join(repoRoot, '.data');
        const pg = await startEmbeddedPostgres(dataDir, await freePort());
        stops.push(pg.stop);
        databaseUrl = pg.connectionString;
        log(`[city] embedded PostgreSQL, data in ${dataDir}`);
      }
      const db = createDb({
        connectionString: databaseUrl,
        applicationName: 'city-twin',
        // An embedded server may be told to stop by the same Ctrl-C before the pool closes.
        onError: (error) => stopping || log(`[db] idle client error: ${error.message}`),
      });
      stops.push(() => db.close());
      const { applied, storage } = await migrate(db);
      log(
        `[city] storage: ${storage === 'timescaledb' ? 'TimescaleDB hypertables' : 'plain PostgreSQL tables'}` +
          (applied.length ? `; applied ${applied.join(', ')}` : ''),
      );

      // Asked before the simulators publish the open orders: those are history too.
      const hasHistory =
        backfillDays > 0 &&
        (await db.query<{ has: boolean }>('SELECT EXISTS (SELECT 1 FROM hotline_event) AS has'))[0]
          ?.has === true;

      // Ingest and the simulators connect as their own identities (docs/mqtt-access.md).
      let mqttUrl = config.mqttUrl;
      const embeddedBroker = !mqttUrl;
      let ingestMqttUrl: string;
      let simulatorMqttUrl: string;
      if (!mqttUrl) {
        const broker = await startEmbeddedBroker({ prefix: config.simulator?.prefix });
        stops.push(broker.stop);
        mqttUrl = broker.address;
        ingestMqttUrl = broker.urlFor('ingest');
        simulatorMqttUrl = broker.urlFor('simulator');
        log(`[city] embedded MQTT broker at ${mqttUrl}`);
      } else {
        const { ingest, simulator } = config.mqttPasswords ?? {};
        ingestMqttUrl = ingest ? withCredentials(mqttUrl, 'ingest', ingest) : mqttUrl;
        simulatorMqttUrl = simulator ? withCredentials(mqttUrl, 'simulator', simulator) : mqttUrl;
      }

      const ingest = createIngest({
        db,
        mqttUrl: ingestMqttUrl,
        clientId: 'city-twin-ingest',
        protocolVersion: embeddedBroker ? 4 : 5,
      });
      await ingest.start();
      stops.push(ingest.stop);

      const gateway = createGateway({
        db,
        port: config.port ?? 4000,
        host: config.host,
        uiDir: config.uiDir ?? path.join(repoRoot, 'packages/twin-ui/dist'),
      });
      const url = await gateway.start();
      stops.push(gateway.stop);
      // The first admin (one-time password printed once) and the demo wall screen's URL.
      const { wallUrl } = await prepareAccess(db, url, log, config.demoScreen);

      let simulatedNow = (): number => Date.now();
      if (config.simulate ?? true) {
        const simulator = createCitySimulator({
          mqttUrl: simulatorMqttUrl,
          seed: config.seed ?? 1,
          scale: config.scale ?? 1,
          speed: config.speed ?? 1,
          ...config.simulator,
        });
        await simulator.start();
        stops.push(simulator.stop);
        simulatedNow = () => simulator.simulatedNow();
        log(
          `[city] simulating ${simulator.devices.length} IoT devices, ${simulator.cameras.length} cameras, ` +
            `${simulator.units.length} hotline units`,
        );
      }
      running = { url, databaseUrl, mqttUrl, storage, db, wallUrl };
      if (backfillDays > 0 && hasHistory)
        log(
          '[city] backfill skipped: the database already holds 12345 history (`pnpm backfill` completes it)',
        );
      else if (backfillDays > 0) running.backfill = startBackfill(db, backfillDays, simulatedNow());
      return running;
    } catch (error) {
      await stop();
      throw error;
    }
  }

  return {
    start,
    stop,
    get running() {
      return running;
    },
  };
}

/** A city instance. */
export type City = ReturnType<typeof createCity>;
