// End-to-end alert latency benchmark (issue 5, DESIGN §7 Live: an event that trips a rule
// reaches a subscribed browser within 1 s p95 of its publish, with 500 concurrent subscribers).
// The whole path, each part as it runs in production:
//   MQTT publish (QoS 1) → Mosquitto (the project's configuration, tests/support/mosquitto.ts)
//   → ingest (its own process: validate, batch, commit, the alert rules in the same transaction,
//   pg_notify on commit) → the gateway (its own process: LISTEN, the alert read once, graphql-ws)
//   → `subscribers` graphql-ws clients in this process, each on its own WebSocket, subscribed
//   to alertChanged with what a wall screen shows and authenticated with a wall-screen token.
// The tripping event is a camera's fire/smoke detection (rule camera.fire-smoke opens an
// alert at the first detection), one camera per event, so each event opens its own alert.
//   1. paced: `paced` events one at a time, the next published once every subscriber has the
//      previous one (or after 10 s) and a short pause;
//   2. burst: `burst` events published at once (ingest takes them in one or a few batches).
// Latency = this process's clock when a subscriber's sink received the alert minus its clock
// just before the event's publish call. Prints p50/p95/p99/max over every (event, subscriber)
// delivery and over each event's slowest subscriber, lost deliveries, CPU per process group;
// and, from a LISTEN on twin_alert in this process, how the time splits: publish → ingest's
// commit announced (MQTT, batching, the batch and its alert rules) and announced → slowest
// subscriber (the gateway's fan-out). Asserts nothing.
// Usage: pnpm bench:alerts-e2e [paced=30] [burst=50] [subscribers=500]
import { createRequire } from 'node:module';
import { createScreen } from '@city-twin/access';
import { createDb, migrate } from '@city-twin/db';
import { cameraEventTopic, cameraMetaTopic } from '@city-twin/events';
import type { Client } from 'graphql-ws';
import mqtt from 'mqtt';
import { createTestDatabase } from '../support/database.ts';
import { spawnIngest, type IngestProcess } from '../support/ingest-process.ts';
import { startMosquitto, type TestBroker } from '../support/mosquitto.ts';
import {
  openSubscribers,
  postmasterOf,
  printLatencies,
  sleep,
  spawnGateway,
  summarise,
  waitFor,
  type PhaseFigures,
} from './support/alert-subscribers.ts';
import { toAlertFigures } from './support/alert-figures.ts';
import { writeBenchResult } from './support/bench-result.ts';
import { createCpuSampler } from './support/cpu-sampler.ts';
import { percentile } from './support/report.ts';
import { describeMachine } from './support/machine.ts';

const args = process.argv.slice(2).filter((a) => a !== '--');
const PACED = Number(args[0] ?? 30);
const BURST = Number(args[1] ?? 50);
const SUBSCRIBERS = Number(args[2] ?? 500);
const TARGET_P95_MS = 1000;
const PACED_WAIT_MS = 10_000;
const DRAIN_TIMEOUT_MS = 30_000;
const PAUSE_MS = 250;
// 湖滨区, a few metres apart per camera.
const HUBIN = { lon: 111.2, lat: 34.77 };

const subscription = `subscription {
  alertChanged(minSeverity: 1) {
    action
    alert { id subject ruleId source severity status title titleEn district lon lat openedAt count }
  }
}`;

interface ChangeData {
  alertChanged: { action: string; alert: { subject: string } };
}

const cameraId = (phase: string, n: number) => `bench-e2e-${phase}-${n}`;

async function main(): Promise<void> {
  const database = await createTestDatabase();
  // One connection for queries, one held by the LISTEN below.
  const db = createDb({ connectionString: database.url, max: 3 });
  let broker: TestBroker | undefined;
  let ingest: IngestProcess | undefined;
  let gateway: ReturnType<typeof spawnGateway> | undefined;
  let publisher: mqtt.MqttClient | undefined;
  let clients: Client[] = [];
  try {
    await migrate(db);
    const require = createRequire(import.meta.url);
    const version = (name: string) =>
      (require(`${name}/package.json`) as { version: string }).version;
    console.log(
      [
        ...(await describeMachine(db)),
        `graphql-ws ${version('graphql-ws')}, ws ${version('ws')}`,
      ].join('\n'),
    );

    broker = await startMosquitto();
    ingest = spawnIngest({
      DATABASE_URL: database.url,
      MQTT_URL: broker.urlFor('ingest'),
      INGEST_CLIENT_ID: 'bench-e2e-ingest',
    });
    await ingest.ready;
    gateway = spawnGateway(database.url);
    const url = await gateway.url;
    const { token } = await createScreen(db, { name: 'bench-e2e-wall' });

    publisher = await mqtt.connectAsync(broker.url, {
      clientId: 'bench-e2e-publisher',
      protocolVersion: 5,
    });
    const client = publisher;
    const warmup = [cameraId('warmup', 0)];
    const paced = Array.from({ length: PACED }, (_, i) => cameraId('paced', i));
    const burst = Array.from({ length: BURST }, (_, i) => cameraId('burst', i));
    const cameras = [...warmup, ...paced, ...burst];
    await Promise.all(
      cameras.map((id, n) =>
        client.publishAsync(
          cameraMetaTopic(id),
          JSON.stringify({
            eventId: `${id}:meta`,
            ts: Date.now() - 3_600_000,
            name: `基准测试摄像头${n}`,
            lon: HUBIN.lon + n * 1e-4,
            lat: HUBIN.lat,
          }),
          { qos: 1, retain: true },
        ),
      ),
    );
    for (let i = 0; ; i += 1) {
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM camera');
      if (row!.n === cameras.length) break;
      if (i > 600) throw new Error(`cameras not registered: ${row!.n} of ${cameras.length}`);
      await sleep(100);
    }

    let seq = 0;
    /** Publishes one fire/smoke detection of `camera`; resolves at its PUBACK. */
    const detect = (camera: string) => {
      seq += 1;
      return client.publishAsync(
        cameraEventTopic(camera),
        JSON.stringify({
          eventId: `${camera}:fire:${seq}`,
          ts: Date.now(),
          type: 'fire_smoke',
          confidence: 0.92,
          severity: 5,
        }),
        { qos: 1 },
      );
    };

    // When this process heard each alert's first announcement: ingest's commit, seen from here.
    const announced = new Map<string, number>();
    const unlisten = await db.listen('twin_alert', (payload) => {
      const at = performance.now();
      const { id } = JSON.parse(payload) as { id: string | number };
      if (!announced.has(String(id))) announced.set(String(id), at);
    });

    const [{ name } = { name: '' }] = await db.query<{ name: string }>(
      'SELECT current_database() AS name',
    );
    const sampler = createCpuSampler({ postmasterPid: await postmasterOf(db), database: name });
    sampler.setIngestPids([ingest.child.pid!]);
    sampler.setGatewayPids([gateway.pid]);
    sampler.start();

    const connectStarted = performance.now();
    const subscribers = openSubscribers<ChangeData>({
      url,
      count: SUBSCRIBERS,
      query: subscription,
      // The first change each subscriber hears of a camera's alert: its opening, for every
      // measured camera (one detection each); for the warm-up camera, opened or repeated.
      keyOf: (data) => data.alertChanged.alert.subject,
      authorization: `Bearer ${token}`,
    });
    clients = subscribers.clients;
    const { receipts } = subscribers;
    const allHeard = (camera: string) => receipts.every((r) => r.has(`video:${camera}`));

    // Subscribed when every client has heard the warm-up camera (graphql-ws acknowledges no
    // subscribe): its repeated detections are announced as repeats of one alert.
    while (!allHeard(warmup[0]!)) {
      if (performance.now() - connectStarted > 120_000) {
        const heard = receipts.filter((r) => r.has(`video:${warmup[0]}`)).length;
        throw new Error(`subscribers not ready: ${heard} of ${SUBSCRIBERS} heard the warm-up`);
      }
      await detect(warmup[0]!);
      await sleep(500);
    }
    console.log(
      `${SUBSCRIBERS} subscribers ready after ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`,
    );
    await sleep(1000);

    const phases: PhaseFigures[] = [];
    /** Per phase, each event's subject and publish time. */
    const phaseSent: Map<string, number>[] = [];

    // 1. Paced: one tripping event at a time.
    {
      const sent = new Map<string, number>();
      phaseSent.push(sent);
      const cpu = sampler.begin();
      const started = performance.now();
      let complete = true;
      for (const camera of paced) {
        sent.set(`video:${camera}`, performance.now());
        await detect(camera);
        complete = (await waitFor(() => allHeard(camera), PACED_WAIT_MS)) && complete;
        await sleep(PAUSE_MS);
      }
      const seconds = (performance.now() - started) / 1000;
      phases.push(
        summarise(
          `paced, ${PACED} events one at a time${complete ? '' : ' (INCOMPLETE)'}`,
          sent,
          receipts,
          seconds,
          cpu.end(),
        ),
      );
    }
    await sleep(1000);

    // 2. Burst: every event published at once.
    {
      const sent = new Map<string, number>();
      phaseSent.push(sent);
      const cpu = sampler.begin();
      const started = performance.now();
      await Promise.all(
        burst.map((camera) => {
          sent.set(`video:${camera}`, performance.now());
          return detect(camera);
        }),
      );
      const complete = await waitFor(() => burst.every(allHeard), DRAIN_TIMEOUT_MS);
      const seconds = (performance.now() - started) / 1000;
      phases.push(
        summarise(
          `burst, ${BURST} events at once${complete ? '' : ' (INCOMPLETE)'}`,
          sent,
          receipts,
          seconds,
          cpu.end(),
        ),
      );
    }
    sampler.stop();
    await unlisten();

    const [batches] = await db.query<{ alerts: number; opened: number }>(
      `SELECT count(*)::int AS alerts, count(*) FILTER (WHERE rule_id = 'camera.fire-smoke')::int AS opened
       FROM alert`,
    );
    console.log(
      `\nalerts opened: ${batches?.opened ?? 0} by camera.fire-smoke (${batches?.alerts ?? 0} in all), ` +
        `${cameras.length} cameras`,
    );
    printLatencies(
      phases,
      `${SUBSCRIBERS} subscribers; latency = MQTT publish → subscriber received the alert, ms`,
      TARGET_P95_MS,
    );
    const subjects = new Map(
      (
        await db.query<{ id: string; subject: string }>('SELECT id::text AS id, subject FROM alert')
      ).map((a) => [a.subject, a.id]),
    );
    console.log(
      `\nwhere the time goes, per event, ms (announced = this process heard ingest's pg_notify):\n` +
        `  ${'phase'.padEnd(40)}${'part'.padEnd(34)}${'n'.padStart(9)}${'p50'.padStart(7)}${'p95'.padStart(7)}${'max'.padStart(7)}`,
    );
    for (const [p, sentOf] of phases.map((p, i) => [p, phaseSent[i]!] as const)) {
      const ingestPart: number[] = [];
      const fanoutPart: number[] = [];
      for (const [subject, at] of sentOf) {
        const heard = announced.get(subjects.get(subject) ?? '');
        if (heard === undefined) continue;
        ingestPart.push(heard - at);
        let slowest = 0;
        for (const r of receipts) slowest = Math.max(slowest, (r.get(subject) ?? heard) - heard);
        fanoutPart.push(slowest);
      }
      const line = (part: string, values: number[]) => {
        const sorted = Float64Array.from(values).sort();
        const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '—').padStart(7);
        return `${part.padEnd(34)}${String(sorted.length).padStart(9)}${ms(percentile(sorted, 50))}${ms(percentile(sorted, 95))}${ms(sorted.at(-1) ?? NaN)}`;
      };
      console.log(`  ${p.label.padEnd(40)}${line('publish → announced', ingestPart)}`);
      console.log(`  ${''.padEnd(40)}${line('announced → slowest subscriber', fanoutPart)}`);
    }
    console.log('\nCPU, % of one core (200 % = both cores), over each phase:');
    for (const p of phases) {
      const c = p.cpu;
      console.log(
        `  ${p.label.padEnd(36)} ingest ${Math.round(c.ingest)}, gateway ${Math.round(c.gateway)}, ` +
          `PostgreSQL ${Math.round(c.postgresBench)}, Mosquitto ${Math.round(c.mosquitto)}, ` +
          `subscribers and publisher (this process) ${Math.round(c.bench)}, other ${Math.round(c.other)}` +
          `${c.otherTop ? ` (${c.otherTop})` : ''}; machine ${Math.round(c.machine)} over ${p.seconds.toFixed(1)} s`,
      );
      if (c.other >= 20) console.log(`  WARNING: other processes used ${Math.round(c.other)} %`);
    }
    writeBenchResult('alerts-e2e', toAlertFigures(phases, TARGET_P95_MS), [
      `${SUBSCRIBERS} subscribers; latency = MQTT publish → subscriber received the alert`,
      ...phases
        .filter((p) => p.cpu.other >= 20)
        .map((p) => `${p.label}: other processes used ${Math.round(p.cpu.other)} % of a core`),
    ]);
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    await publisher?.endAsync();
    await gateway?.stop();
    await ingest?.kill('SIGTERM');
    await broker?.stop();
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
