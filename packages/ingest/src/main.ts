// Standalone ingest worker: DATABASE_URL and MQTT_URL from the environment.
import { createDb, migrate } from '@city-twin/db';
import { createIngest } from './ingest.ts';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const mqttUrl = process.env.MQTT_URL;
  if (!databaseUrl || !mqttUrl) throw new Error('DATABASE_URL and MQTT_URL are required');
  const db = createDb({ connectionString: databaseUrl, applicationName: 'city-twin-ingest' });
  const { storage } = await migrate(db);
  const ingest = createIngest({
    db,
    mqttUrl,
    clientId: process.env.INGEST_CLIENT_ID ?? 'city-twin-ingest',
    username: process.env.MQTT_USERNAME,
    password: process.env.MQTT_PASSWORD,
    protocolVersion: process.env.MQTT_PROTOCOL_VERSION === '5' ? 5 : 4,
    prefix: process.env.TOPIC_PREFIX,
    shareGroup: process.env.INGEST_SHARE_GROUP,
  });
  await ingest.start();
  console.log(`[ingest] running (storage: ${storage})`);
  const shutdown = async () => {
    await ingest.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('[ingest] fatal:', error);
  process.exit(1);
});
