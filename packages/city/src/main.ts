// `pnpm start`: the whole city. DATABASE_URL / MQTT_URL select external services;
// without them an embedded PostgreSQL and MQTT broker are started.
import { createCity } from './city.ts';

const city = createCity({
  databaseUrl: process.env.DATABASE_URL || undefined,
  mqttUrl: process.env.MQTT_URL || undefined,
  // With the project's Mosquitto: the passwords `pnpm twin mqtt init` wrote (docs/mqtt-access.md).
  mqttPasswords: {
    ingest: process.env.MQTT_INGEST_PASSWORD || undefined,
    simulator: process.env.MQTT_SIMULATOR_PASSWORD || undefined,
  },
  dataDir: process.env.CITY_DATA_DIR || undefined,
  port: process.env.PORT ? Number(process.env.PORT) : 4000,
  host: process.env.HOST || undefined,
  simulate: process.env.SIMULATE !== '0',
  seed: process.env.SEED ? Number(process.env.SEED) : 1,
  scale: process.env.SCALE ? Number(process.env.SCALE) : 1,
  speed: process.env.SPEED ? Number(process.env.SPEED) : 1,
  // A year of 12345 history on a database without any, so rankings and trends have a past.
  backfillDays: process.env.BACKFILL_DAYS ? Number(process.env.BACKFILL_DAYS) : 365,
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n[city] ${signal}: stopping…`);
  await city.stop();
  console.log('[city] stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

city
  .start()
  .then(({ url, wallUrl }) => {
    const wall = wallUrl ? `  Wall screen (no sign-in): ${wallUrl}\n` : '';
    console.log(
      `\n  三门峡城市运行指挥中心 — City Twin is running\n  Open ${url}/ and sign in\n${wall}  Press Ctrl-C to stop.\n`,
    );
  })
  .catch((error: unknown) => {
    console.error('[city] failed to start:', error);
    process.exit(1);
  });
