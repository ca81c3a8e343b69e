// Standalone demo-city simulator: MQTT_URL=mqtt://127.0.0.1:1883 tsx simulators/src/main.ts
// Optional: SEED, SIM_STATIONS, SIM_INTERVAL_MS, TOPIC_PREFIX, MQTT_USERNAME, MQTT_PASSWORD.
import { createAirQualitySimulator } from './air-quality-simulator.ts';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value))
    throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
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

  const simulator = createAirQualitySimulator({
    mqttUrl: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    seed: intFromEnv('SEED', 1),
    stations: intFromEnv('SIM_STATIONS', 120),
    intervalMs: intFromEnv('SIM_INTERVAL_MS', 5000),
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

  if (tty && !stopping) {
    let last = { at: Date.now(), published: 0 };
    progress = setInterval(() => {
      const now = Date.now();
      const { published, failed, skipped, connected } = simulator.stats();
      const rate = ((published - last.published) * 1000) / (now - last.at);
      last = { at: now, published };
      const state = connected ? 'connected' : 'reconnecting';
      process.stdout.write(
        `\r\x1b[2K${simulator.stations.length} air-quality stations · ${rate.toFixed(1)} msg/s · ` +
          `${published} published · ${failed} failed · ${skipped} skipped · ${state}`,
      );
    }, 1000);
  }
}

main().catch((error: unknown) => {
  console.error('[simulators] fatal:', error instanceof Error ? error.message : error);
  process.exit(1);
});
