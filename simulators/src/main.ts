// Standalone demo-city simulator: MQTT_URL=mqtt://127.0.0.1:1883 tsx simulators/src/main.ts
// Optional: SEED, SCALE, SPEED, STREAMS (comma list of iot,video,hotline), SIM_START (ISO time),
// SCENARIOS (0 for none, or a comma list of kinds; default all), TOPIC_PREFIX, MQTT_USERNAME,
// MQTT_PASSWORD.
import { createCitySimulator } from './city-simulator.ts';
import { scenarioKinds, type ScenarioKind } from './scenarios/episode.ts';
import { toChinaIso } from './shared/china-time.ts';
import { streamNames, type StreamName } from './shared/emission.ts';

function numberFromEnv(name: string, fallback: number, integer = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isSafeInteger(value)))
    throw new Error(
      `${name} must be ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`,
    );
  return value;
}

function streamsFromEnv(): StreamName[] | undefined {
  const raw = process.env.STREAMS;
  if (!raw) return undefined;
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names)
    if (!(streamNames as readonly string[]).includes(name))
      throw new Error(
        `STREAMS: unknown stream ${JSON.stringify(name)} (known: ${streamNames.join(', ')})`,
      );
  return names as StreamName[];
}

function scenariosFromEnv(): boolean | { kinds: ScenarioKind[] } {
  const raw = process.env.SCENARIOS?.trim();
  if (!raw || raw === '1') return true;
  if (raw === '0') return false;
  const kinds = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const kind of kinds)
    if (!(scenarioKinds as readonly string[]).includes(kind))
      throw new Error(
        `SCENARIOS: unknown kind ${JSON.stringify(kind)} (known: ${scenarioKinds.join(', ')})`,
      );
  return { kinds: kinds as ScenarioKind[] };
}

function startFromEnv(): number | undefined {
  const raw = process.env.SIM_START;
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms))
    throw new Error(`SIM_START must be an ISO time, got ${JSON.stringify(raw)}`);
  return ms;
}

async function main(): Promise<void> {
  const tty = process.stdout.isTTY;
  const clearLine = (): void => {
    if (tty) process.stdout.write('\r\x1b[2K');
  };
  const log = (message: string): void => {
    clearLine();
    console.error(`[simulators] ${message}`);
  };

  const simulator = createCitySimulator({
    mqttUrl: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    seed: numberFromEnv('SEED', 1, true),
    scale: numberFromEnv('SCALE', 1),
    speed: numberFromEnv('SPEED', 1),
    streams: streamsFromEnv(),
    startAt: startFromEnv(),
    scenarios: scenariosFromEnv(),
    prefix: process.env.TOPIC_PREFIX || undefined,
    username: process.env.MQTT_USERNAME,
    password: process.env.MQTT_PASSWORD,
    log,
  });

  let progress: NodeJS.Timeout | undefined;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    clearInterval(progress);
    log(`${signal}: stopping`);
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[simulators] stop failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await simulator.start();

  // A live line on a terminal; a summary every 30 s in a log.
  const everyMs = tty ? 1000 : 30_000;
  let last = { at: Date.now(), counts: publishedCounts() };
  function publishedCounts(): Record<StreamName, number> {
    const { perStream } = simulator.stats();
    return {
      iot: perStream.iot.published,
      video: perStream.video.published,
      hotline: perStream.hotline.published,
    };
  }
  function report(): void {
    const now = Date.now();
    const counts = publishedCounts();
    const { perStream, connected } = simulator.stats();
    const seconds = (now - last.at) / 1000;
    const rates = streamNames
      .map((name) => `${name} ${((counts[name] - last.counts[name]) / seconds).toFixed(1)}/s`)
      .join(' · ');
    const skipped = streamNames.reduce((sum, name) => sum + perStream[name].skipped, 0);
    const failed = streamNames.reduce((sum, name) => sum + perStream[name].failed, 0);
    last = { at: now, counts };
    const line =
      `${rates} · sim ${toChinaIso(simulator.simulatedNow()).slice(0, 19).replace('T', ' ')} · ` +
      `${failed} failed · ${skipped} skipped · ${connected ? 'connected' : 'reconnecting'}`;
    if (tty) process.stdout.write(`\r\x1b[2K${line}`);
    else console.error(`[simulators] ${line}`);
  }
  if (!stopping) progress = setInterval(report, everyMs);
}

main().catch((error: unknown) => {
  console.error('[simulators] fatal:', error instanceof Error ? error.message : error);
  process.exit(1);
});
