// Alert fan-out benchmark (DESIGN §7 Live: an alert reaches a subscribed wall screen within
// 1 s p95 of the event's publish, with 500 concurrent subscribers). Measures this part of that
// path only: pg_notify('twin_alert', …) committed → the gateway's LISTEN connection → the
// alert read once → graphql-ws → every subscribed client has parsed it. MQTT publish → ingest
// commit is measured by bench:ingest.
//
// One gateway as in production (packages/gateway/src/main.ts in its own process) on a fresh
// test database; `subscribers` graphql-ws clients in this process, each on its own WebSocket,
// subscribed to alertChanged(minSeverity: 1) with what a wall screen shows. Then:
//   1. paced: `notifications` announcements at `rate` per second, each its own transaction
//      (an ingest batch that raised one alert);
//   2. burst: `burst` announcements committed in one transaction (a batch that raised many).
// A notification's send time is taken just before its pg_notify statement is sent; its
// latency at a client is the time that client's sink received it minus that. Prints p50/p95/
// max over every (notification, client) delivery and over each notification's slowest client,
// lost deliveries, and CPU per process group; asserts nothing.
// Usage: pnpm bench:alerts [notifications=200] [rate=10] [subscribers=500] [burst=100]
// BENCH_GATEWAY_NODE_ARGS adds node options to the gateway (e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createScreen } from '@city-twin/access';
import { createDb, migrate, type Db } from '@city-twin/db';
import type { Client } from 'graphql-ws';
import { createTestDatabase } from '../support/database.ts';
import {
  alertChangedSubscription,
  openSubscribers,
  postmasterOf,
  printLatencies,
  sleep,
  spawnGateway,
  summarise,
  waitFor,
  type AlertChangeData,
  type PhaseFigures,
} from './support/alert-subscribers.ts';
import { toAlertFigures } from './support/alert-figures.ts';
import { writeBenchResult } from './support/bench-result.ts';
import { createCpuSampler } from './support/cpu-sampler.ts';

const args = process.argv.slice(2).filter((a) => a !== '--');
const NOTIFICATIONS = Number(args[0] ?? 200);
const RATE = Number(args[1] ?? 10);
const SUBSCRIBERS = Number(args[2] ?? 500);
const BURST = Number(args[3] ?? 100);
const TARGET_P95_MS = 1000;
const DRAIN_TIMEOUT_MS = 30_000;

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Alerts to announce: ids only matter (each announcement names its own alert). */
async function seedAlerts(db: Db, phase: string, count: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, title, title_en,
       detail, district, lon, lat, opened_at, last_seen_at)
     SELECT 'camera.fire-smoke', 'video:bench-' || $2 || '-' || n, 'video', 'camera_event', 4, 4,
       '湖滨区摄像头' || n || '：烟火，置信度 0.91', 'Hubin camera ' || n || ': fire or smoke, confidence 0.91',
       '{"value": 0.91, "count": 1}', '411202', 111.2 + n * 1e-4, 34.77, now(), now()
     FROM generate_series(1, $1::int) AS n
     RETURNING id::text AS id`,
    [count, phase],
  );
  return rows.map((r) => r.id);
}

function firstLine(command: string, commandArgs: string[]): string {
  try {
    return execFileSync(command, commandArgs, { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return 'unknown';
  }
}

async function describeMachine(db: Db): Promise<string[]> {
  const [pg] = await db.query<{ version: string; timescale: string | null }>(
    `SELECT current_setting('server_version') AS version,
            (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb') AS timescale`,
  );
  const require = createRequire(import.meta.url);
  const version = (name: string) =>
    (require(`${name}/package.json`) as { version: string }).version;
  const model =
    firstLine('sh', ['-c', "lscpu | sed -n 's/^Model name: *//p'"]) || cpus()[0]?.model || '?';
  const commit = firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
  const changed = firstLine('sh', [
    '-c',
    `git -C '${root}' status --porcelain packages/gateway packages/db | wc -l`,
  ]);
  return [
    `code: ${commit}${changed !== '0' ? ` with uncommitted changes in gateway/db (${changed} files)` : ''}`,
    `machine: nproc ${cpus().length} × ${model}, memory ${Math.round(totalmem() / 2 ** 30)} GiB, Debian ${(await readFile('/etc/debian_version', 'utf8')).trim()}`,
    `PostgreSQL ${pg?.version ?? '?'}, TimescaleDB ${pg?.timescale ?? 'absent'}; Node ${process.version}, graphql-ws ${version('graphql-ws')}, ws ${version('ws')}`,
  ];
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const db = createDb({ connectionString: database.url, max: 2 });
  let gateway: ReturnType<typeof spawnGateway> | undefined;
  let clients: Client[] = [];
  try {
    await migrate(db);
    const warmupIds = await seedAlerts(db, 'warmup', 20);
    const pacedIds = await seedAlerts(db, 'paced', NOTIFICATIONS);
    const burstIds = await seedAlerts(db, 'burst', BURST);
    console.log((await describeMachine(db)).join('\n'));

    gateway = spawnGateway(database.url);
    const url = await gateway.url;
    const [{ name } = { name: '' }] = await db.query<{ name: string }>(
      'SELECT current_database() AS name',
    );
    const sampler = createCpuSampler({ postmasterPid: await postmasterOf(db), database: name });
    // The sampler's "ingest" group is whatever service is under test: here the gateway.
    sampler.setIngestPids([gateway.pid]);
    sampler.start();

    const connectStarted = performance.now();
    const subscribers = openSubscribers<AlertChangeData>({
      url,
      count: SUBSCRIBERS,
      query: alertChangedSubscription,
      keyOf: (data) => data.alertChanged.alert.id,
      // A wall screen's token, as every subscriber needs one.
      authorization: `Bearer ${(await createScreen(db, { name: 'bench-fanout-wall' })).token}`,
    });
    clients = subscribers.clients;
    const { receipts } = subscribers;
    const announce = (id: string) =>
      db.query(`SELECT pg_notify('twin_alert', $1)`, [JSON.stringify({ id, action: 'opened' })]);

    // Subscribed when every client has heard an announcement (graphql-ws acknowledges no subscribe).
    const allHeard = (id: string) => receipts.every((r) => r.has(id));
    while (!allHeard(warmupIds[0]!)) {
      if (performance.now() - connectStarted > 60_000) throw new Error('subscribers not ready');
      await announce(warmupIds[0]!);
      await sleep(100);
    }
    console.log(
      `${SUBSCRIBERS} subscribers ready after ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
    );
    for (const id of warmupIds.slice(1)) {
      await announce(id);
      await sleep(50);
    }
    await waitFor(() => warmupIds.every(allHeard), DRAIN_TIMEOUT_MS);

    const phases: PhaseFigures[] = [];

    // 1. Paced: one transaction per announcement.
    {
      const sent = new Map<string, number>();
      const cpu = sampler.begin();
      const started = performance.now();
      const intervalMs = 1000 / RATE;
      for (let i = 0; i < pacedIds.length; i += 1) {
        const wait = started + i * intervalMs - performance.now();
        if (wait > 0) await sleep(wait);
        const id = pacedIds[i]!;
        sent.set(id, performance.now());
        await announce(id);
      }
      const complete = await waitFor(() => pacedIds.every(allHeard), DRAIN_TIMEOUT_MS);
      const seconds = (performance.now() - started) / 1000;
      phases.push(
        summarise(
          `paced, ${RATE}/s, one transaction each${complete ? '' : ' (INCOMPLETE)'}`,
          sent,
          receipts,
          seconds,
          cpu.end(),
        ),
      );
    }

    // 2. Burst: every announcement committed by one transaction, as by one ingest batch.
    {
      const sent = new Map<string, number>();
      const cpu = sampler.begin();
      const started = performance.now();
      for (const id of burstIds) sent.set(id, started);
      await db.query(
        `SELECT pg_notify('twin_alert', json_build_object('id', id, 'action', 'opened')::text)
         FROM unnest($1::text[]) AS id`,
        [burstIds],
      );
      const complete = await waitFor(() => burstIds.every(allHeard), DRAIN_TIMEOUT_MS);
      const seconds = (performance.now() - started) / 1000;
      phases.push(
        summarise(
          `burst, ${BURST} in one transaction${complete ? '' : ' (INCOMPLETE)'}`,
          sent,
          receipts,
          seconds,
          cpu.end(),
        ),
      );
    }
    sampler.stop();

    printLatencies(
      phases,
      `${SUBSCRIBERS} subscribers; latency = pg_notify sent → client received, ms`,
      TARGET_P95_MS,
    );
    console.log('\nCPU, % of one core (200 % = both cores), over each phase:');
    for (const p of phases) {
      const c = p.cpu;
      console.log(
        `  ${p.label.padEnd(42)} gateway ${Math.round(c.ingest)}, PostgreSQL ${Math.round(c.postgresBench)}, ` +
          `clients (this process) ${Math.round(c.bench)}, other ${Math.round(c.other)}` +
          `${c.otherTop ? ` (${c.otherTop})` : ''}; machine ${Math.round(c.machine)} over ${p.seconds.toFixed(1)} s`,
      );
      const perDelivery = (pct: number) =>
        (((pct / 100) * c.seconds * 1e6) / Math.max(1, p.deliveries.length)).toFixed(0);
      console.log(
        `  ${''.padEnd(42)} per delivery: gateway ${perDelivery(c.ingest)} µs, clients ${perDelivery(c.bench)} µs`,
      );
      if (c.other >= 20) console.log(`  WARNING: other processes used ${Math.round(c.other)} %`);
    }
    writeBenchResult('alerts', toAlertFigures(phases, TARGET_P95_MS), [
      `${SUBSCRIBERS} subscribers; latency = pg_notify sent → client received`,
      ...phases
        .filter((p) => p.cpu.other >= 20)
        .map((p) => `${p.label}: other processes used ${Math.round(p.cpu.other)} % of a core`),
    ]);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway?.stop();
    await db.close();
    await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
