// Ingest benchmark (DESIGN §7), one run on this machine:
//   ceilings  — Mosquitto with C clients on both ends; psql \copy into iot_reading;
//   pipeline  — mosquitto_pub → Mosquitto → ingest → PostgreSQL: sustained rate, then
//               publish-to-committed latency at fixed rates; ratios; loss and duplicates;
//   for comparison — a bare MQTT.js subscriber, and a naive consumer that acknowledges
//               each message after its own commit;
// with the CPU of every process group from /proc. Prints figures; asserts nothing.
// Usage: pnpm bench:ingest [messages=300000] [rate=20000]   Method: docs/benchmarks.md.
// BENCH_INGEST_WORKERS=n runs n workers on a shared subscription; the ingest worker's own
// settings (INGEST_BATCH_SIZE, …) pass through the environment.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@city-twin/city';
import { createDb, migrate, type Db } from '@city-twin/db';
import { createTestDatabase } from '../support/database.ts';
import { spawnIngest, type IngestProcess } from '../support/ingest-process.ts';
import { startMosquitto } from '../support/mosquitto.ts';
import { publishAll } from '../support/publish.ts';
import { createCommitWatcher } from './support/commit-watcher.ts';
import { createCpuSampler, type CpuShare } from './support/cpu-sampler.ts';
import { countersBetween, scrapeIngest } from './support/ingest-metrics.ts';
import { describeMachine } from './support/machine.ts';
import {
  createCSubscriber,
  publishLaneFiles,
  publishPaced,
  writeLaneFiles,
} from './support/mosquitto-clients.ts';
import { createMqttJsSubscriber, createNaiveConsumer } from './support/node-consumers.ts';
import { printReport, type Figures, type PacedRun } from './support/report.ts';
import { writeBenchResult } from './support/bench-result.ts';
import { toIngestFigures } from './support/ingest-figures.ts';
import { laneCsv, laneMeta, telemetryLanes, type Lane } from './support/telemetry-lanes.ts';

const args = process.argv.slice(2).filter((a) => a !== '--');
const LANES = 4;
const PER_LANE = Math.ceil(Number(args[0] ?? 300_000) / LANES);
const MESSAGES = PER_LANE * LANES;
const RATE = Number(args[1] ?? 20_000);
const PACED_SECONDS = 10;
const NAIVE_SECONDS = 5;
const FILTER = 'twin/iot/+/telemetry';
const WORKERS = Number(process.env.BENCH_INGEST_WORKERS ?? 1);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const perSecond = (count: number, ms: number) => (count / ms) * 1000;

/** What every phase needs. */
interface Bench {
  dir: string;
  brokerUrl: string;
  databaseUrl: string;
  db: Db;
  /** Runs `run` and records the CPU of every process group over it under `label`. */
  measured<T>(label: string, run: () => Promise<T>): Promise<T>;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    promise,
    new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
  ]);
  clearTimeout(timer);
  return result;
}

/** The PostgreSQL server process: the parent of this connection's backend. */
async function postmasterOf(db: Db): Promise<number> {
  const [row] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const stat = await readFile(`/proc/${row!.pid}/stat`, 'latin1');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Events stored for the lanes' devices, and rows stored more than once (2 rows per event). */
async function storedOf(db: Db, deviceIds: readonly string[]) {
  const [row] = await db.query<{ rows: number; events: number; distinct_rows: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT event_id)::int AS events,
            count(DISTINCT (event_id, metric))::int AS distinct_rows
     FROM iot_reading WHERE device_id = ANY($1::text[])`,
    [deviceIds],
  );
  return { events: row?.events ?? 0, duplicateRows: (row?.rows ?? 0) - (row?.distinct_rows ?? 0) };
}

/** Ceiling 1: the broker with C clients on both ends, the pipeline's publishers and payloads. */
async function brokerCeiling(b: Bench, qos: 0 | 1): Promise<number> {
  const lanes = telemetryLanes(`broker${qos}`, LANES, PER_LANE);
  const files = writeLaneFiles(lanes, b.dir);
  const sub = await createCSubscriber(b.brokerUrl, FILTER, `bench-c-sub-${qos}`, qos);
  const rate = await b.measured(`broker ceiling${qos === 0 ? ', QoS 0' : ''}`, async () => {
    const receiving = sub.receive(MESSAGES);
    if (qos === 0) await sleep(500); // QoS 0 is not queued for a client that is still connecting
    const started = performance.now();
    await publishLaneFiles(b.brokerUrl, lanes, files, qos);
    const code = await withTimeout(receiving.done, 120_000);
    if (code !== 0) receiving.kill();
    return code === 0 ? perSecond(MESSAGES, performance.now() - started) : Number.NaN;
  });
  await sub.close();
  return rate;
}

/** Reference: one MQTT.js client at QoS 1 with nothing behind it. */
async function mqttJsReference(b: Bench): Promise<number> {
  const lanes = telemetryLanes('mqttjs', LANES, PER_LANE);
  const files = writeLaneFiles(lanes, b.dir);
  const sub = await createMqttJsSubscriber(b.brokerUrl, FILTER, MESSAGES);
  const rate = await b.measured('MQTT.js subscriber', async () => {
    const started = performance.now();
    await publishLaneFiles(b.brokerUrl, lanes, files);
    const all = await withTimeout(
      sub.done.then(() => true),
      120_000,
    );
    return all ? perSecond(MESSAGES, performance.now() - started) : Number.NaN;
  });
  await sub.close();
  return rate;
}

/** Ceiling 2: psql \copy of the rows ingest would store, into the same table; rows/s. */
async function copyCeiling(b: Bench): Promise<number> {
  const csv = path.join(b.dir, 'copy.csv');
  await writeFile(csv, telemetryLanes('copy', LANES, PER_LANE).map(laneCsv).join(''));
  const rate = await b.measured('COPY ceiling', async () => {
    const started = performance.now();
    const code = await new Promise<number>((resolve, reject) => {
      const command = `\\copy iot_reading(ts,device_id,metric,value,event_id) FROM '${csv}' CSV`;
      const psql = spawn(
        'psql',
        [b.databaseUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', command],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      psql.once('error', reject);
      psql.once('exit', (exit) => resolve(exit ?? 1));
    });
    return code === 0 ? perSecond(MESSAGES * 2, performance.now() - started) : Number.NaN;
  });
  await b.db.query('TRUNCATE iot_reading');
  return rate;
}

/** Reference: acknowledging inside handleMessage after a commit of one message. */
async function naiveReference(b: Bench): Promise<number> {
  const lanes = telemetryLanes('naive', 1, 60_000);
  const files = writeLaneFiles(lanes, b.dir);
  const naive = await createNaiveConsumer(b.brokerUrl, FILTER, b.databaseUrl);
  const rate = await b.measured('naive consumer', async () => {
    const publishing = publishLaneFiles(b.brokerUrl, lanes, files);
    const measuredRate = await naive.measure(NAIVE_SECONDS);
    await naive.close();
    await publishing;
    return measuredRate;
  });
  await b.db.query('TRUNCATE iot_reading');
  return rate;
}

/** Publishes MESSAGES as fast as the broker takes them and watches them commit. */
async function sustainedRun(b: Bench, lanes: Lane[], metricsPorts: number[]) {
  const files = writeLaneFiles(lanes, b.dir);
  return b.measured('pipeline, sustained', async () => {
    const before = await scrapeIngest(metricsPorts);
    const watcher = createCommitWatcher(b.db, lanes, 100);
    const started = performance.now();
    const { published } = await publishLaneFiles(b.brokerUrl, lanes, files);
    const publishSeconds = (performance.now() - started) / 1000;
    let complete = await watcher.whenAll(Math.max(60_000, (MESSAGES / 2000) * 1000));
    // Several workers commit out of order: the newest reading proves less; count instead.
    const ids = lanes.map((lane) => lane.deviceId);
    for (let tries = 0; complete && WORKERS > 1; tries += 1) {
      if ((await storedOf(b.db, ids)).events >= MESSAGES) break;
      if (tries === 600) complete = false;
      else await sleep(50);
    }
    const done = performance.now();
    const after = await scrapeIngest(metricsPorts);
    const { series } = watcher;
    const at = (share: number) => series.find((s) => s.committed >= share * MESSAGES)?.at;
    const [t10, t90] = [at(0.1), at(0.9)];
    const last = WORKERS > 1 ? done : (series.at(-1)?.at ?? Number.NaN);
    return {
      published,
      complete,
      committed: watcher.committed(),
      rate: perSecond(watcher.committed(), last - started),
      steady: t10 && t90 ? perSecond(0.8 * MESSAGES, t90 - t10) : Number.NaN,
      seconds: (last - started) / 1000,
      publishSeconds,
      counters: countersBetween(before, after),
    };
  });
}

/** Publishes at `rate` for PACED_SECONDS; latency = first poll seeing a message − its send time. */
async function pacedRun(b: Bench, lanes: Lane[], rate: number, metricsPorts: number[]) {
  const sentAt = lanes.map((lane) => new Float64Array(lane.lines.length));
  return b.measured(
    `pipeline, ${rate} msg/s`,
    async (): Promise<PacedRun & { published: number }> => {
      const before = await scrapeIngest(metricsPorts);
      const watcher = createCommitWatcher(b.db, lanes, 20);
      const result = await publishPaced(b.brokerUrl, lanes, rate, sentAt);
      const complete = await watcher.whenAll(60_000);
      const latencies: number[] = [];
      let lastVisible = 0;
      lanes.forEach((lane, k) => {
        for (let i = 0; i < lane.lines.length; i += 1) {
          const visible = watcher.visibleAt[k]![i]!;
          if (Number.isNaN(visible)) continue;
          latencies.push(visible - sentAt[k]![i]!);
          lastVisible = Math.max(lastVisible, visible);
        }
      });
      const firstSent = Math.min(...sentAt.map((s) => s[0]!));
      return {
        rate,
        published: result.published,
        offered: result.published / result.seconds,
        seconds: result.seconds,
        drainSeconds: (lastVisible - firstSent) / 1000,
        committedRate: perSecond(latencies.length, lastVisible - firstSent),
        complete,
        stalls: result.stalls,
        latencies: Float64Array.from(latencies).sort(),
        pollMs: watcher.meanPollMs(),
        counters: countersBetween(before, await scrapeIngest(metricsPorts)),
      };
    },
  );
}

/** Lanes for PACED_SECONDS at `rate`: at least LANES, few enough messages per publisher. */
function pacedLanes(tag: string, rate: number): Lane[] {
  const total = Math.round(rate * PACED_SECONDS);
  const lanes = Math.max(LANES, Math.ceil(total / 60_000));
  return telemetryLanes(tag, lanes, Math.ceil(total / lanes));
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'twin-bench-'));
  const broker = await startMosquitto();
  const database = await createTestDatabase();
  const db = createDb({ connectionString: database.url, max: 2, applicationName: 'bench' });
  const workers: IngestProcess[] = [];
  let sampler: ReturnType<typeof createCpuSampler> | undefined;
  try {
    const { storage } = await migrate(db);
    const machine = await describeMachine(db);
    sampler = createCpuSampler({
      postmasterPid: await postmasterOf(db),
      database: new URL(database.url).pathname.slice(1),
    });
    sampler.start();
    const cpu: [string, CpuShare][] = [];
    const b: Bench = {
      dir,
      brokerUrl: broker.url,
      databaseUrl: database.url,
      db,
      async measured(label, run) {
        const interval = sampler!.begin();
        const result = await run();
        cpu.push([label, interval.end()]);
        return result;
      },
    };
    console.log(`City Twin ingest benchmark, ${new Date().toISOString()}, storage: ${storage}`);
    for (const line of machine) console.log(`  ${line}`);
    await b.measured('before the run (1 s idle)', () => sleep(1000));

    console.log(
      `[1/6] broker ceiling: ${LANES} × mosquitto_pub → Mosquitto → mosquitto_sub, QoS 1 and 0`,
    );
    const brokerRate = await brokerCeiling(b, 1);
    const brokerQos0Rate = await brokerCeiling(b, 0);
    console.log(`[2/6] reference: ${LANES} × mosquitto_pub → Mosquitto → MQTT.js subscriber`);
    const mqttJsRate = await mqttJsReference(b);
    console.log('[3/6] COPY ceiling: psql \\copy of the same rows into iot_reading');
    const copyRowsRate = await copyCeiling(b);
    console.log(`[4/6] reference: naive consumer, one message per commit, ${NAIVE_SECONDS} s`);
    const naiveRate = await naiveReference(b);

    // The pipeline: ingest in its own process, as in production.
    const metricsPorts: number[] = [];
    for (let n = 0; n < WORKERS; n += 1) {
      metricsPorts.push(await freePort());
      // spawnIngest switches the metrics endpoint off unless the env passed to it names a port.
      const env = {
        DATABASE_URL: database.url,
        MQTT_URL: broker.url,
        INGEST_CLIENT_ID: `bench-ingest-${n}`,
        METRICS_PORT: String(metricsPorts[n]),
        ...(WORKERS > 1 ? { INGEST_SHARE_GROUP: 'bench' } : {}),
      };
      workers.push(spawnIngest(env));
    }
    sampler.setIngestPids(workers.flatMap((w) => (w.child.pid ? [w.child.pid] : [])));
    await Promise.all(workers.map((w) => w.ready));
    let introduced = 0;
    const introduce = async (lanes: Lane[]) => {
      await publishAll(
        broker.url,
        lanes.map((lane) => laneMeta(lane, introduced++)),
      );
    };
    const warmLanes = telemetryLanes('warm', LANES, 2000);
    await introduce(warmLanes);
    const warm = createCommitWatcher(db, warmLanes, 50);
    await publishLaneFiles(broker.url, warmLanes, writeLaneFiles(warmLanes, dir));
    if (!(await warm.whenAll(60_000))) throw new Error('ingest did not store the warm-up');

    console.log(`[5/6] pipeline, sustained: ${MESSAGES} messages as fast as the broker takes them`);
    const sustainedLanes = telemetryLanes('sustained', LANES, PER_LANE);
    await introduce(sustainedLanes);
    const sustained = await sustainedRun(b, sustainedLanes, metricsPorts);
    const sustainedCpu = cpu.at(-1)![1];
    let published = sustained.published;
    const checked = sustainedLanes.map((lane) => lane.deviceId);

    // Latency at fixed rates: half and 80 % of the sustained rate, then the requested one.
    const rates = [0.5, 0.8]
      .map((share) => Math.round((sustained.steady * share) / 100) * 100)
      .filter((r) => Number.isFinite(r) && r > 0 && r < RATE)
      .concat(RATE);
    const paced: PacedRun[] = [];
    for (const [n, rate] of rates.entries()) {
      if (!sustained.complete || paced.some((p) => !p.complete)) break;
      console.log(`[6/6] pipeline, fixed rate: ${rate} msg/s for ${PACED_SECONDS} s`);
      const lanes = pacedLanes(`paced${n}`, rate);
      await introduce(lanes);
      const run = await pacedRun(b, lanes, rate, metricsPorts);
      paced.push(run);
      published += run.published;
      checked.push(...lanes.map((lane) => lane.deviceId));
    }

    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
    const stored = await storedOf(db, checked);
    const [dead] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dead_letter');
    const figures: Figures = {
      machine,
      storage,
      messages: MESSAGES,
      lanes: LANES,
      workers: WORKERS,
      batchSize: process.env.INGEST_BATCH_SIZE ?? 'default',
      brokerRate,
      brokerQos0Rate,
      copyRowsRate,
      mqttJsRate,
      naiveRate,
      sustained: { ...sustained, cpu: sustainedCpu },
      paced,
      check: {
        published,
        stored: stored.events,
        duplicateRows: stored.duplicateRows,
        deadLetters: dead?.n ?? Number.NaN,
      },
      cpu,
    };
    printReport(figures);
    const disturbed = cpu.filter(([, share]) => share.other >= 20).map(([label]) => label);
    writeBenchResult('ingest', toIngestFigures(figures), [
      `${MESSAGES.toLocaleString('en-US')} messages, QoS 1, ${LANES} C publishers, ${WORKERS} ingest worker(s), storage: ${storage}`,
      ...(disturbed.length > 0
        ? [`other processes used ≥ 20 % of a core during: ${disturbed.join(', ')}`]
        : []),
    ]);
  } finally {
    sampler?.stop();
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await db.close();
    await database.drop();
    await broker.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
