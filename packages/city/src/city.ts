import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createDb, migrate, startEmbeddedPostgres, type Db, type StorageMode } from '@city-twin/db';
import { createGateway } from '@city-twin/gateway';
import { createIngest } from '@city-twin/ingest';
import { createCitySimulator, type CitySimulatorOptions } from '@city-twin/simulators';
import { startEmbeddedBroker } from './embedded-broker.ts';
import { freePort } from './free-port.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How to run the city; unset URLs mean embedded services. */
export interface CityConfig {
  databaseUrl?: string;
  mqttUrl?: string;
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
  log?: (line: string) => void;
}

/** What a started city exposes. */
export interface RunningCity {
  url: string;
  databaseUrl: string;
  mqttUrl: string;
  storage: StorageMode;
  db: Db;
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

  async function start(): Promise<RunningCity> {
    try {
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

      let mqttUrl = config.mqttUrl;
      const embeddedBroker = !mqttUrl;
      if (!mqttUrl) {
        const broker = await startEmbeddedBroker();
        stops.push(broker.stop);
        mqttUrl = broker.url;
        log(`[city] embedded MQTT broker at ${mqttUrl}`);
      }

      const ingest = createIngest({
        db,
        mqttUrl,
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

      if (config.simulate ?? true) {
        const simulator = createCitySimulator({
          mqttUrl,
          seed: config.seed ?? 1,
          scale: config.scale ?? 1,
          speed: config.speed ?? 1,
          ...config.simulator,
        });
        await simulator.start();
        stops.push(simulator.stop);
        log(
          `[city] simulating ${simulator.devices.length} IoT devices, ${simulator.cameras.length} cameras, ` +
            `${simulator.units.length} hotline units`,
        );
      }
      running = { url, databaseUrl, mqttUrl, storage, db };
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
