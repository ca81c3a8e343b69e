import type { AlertRules } from '@city-twin/alerts';
import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway } from '@city-twin/gateway';
import { createIngest } from '@city-twin/ingest';
import { signIn } from './access.ts';
import { createTestDatabase } from './database.ts';
import { useToken } from './graphql.ts';
import { startMosquitto } from './mosquitto.ts';

/** Mosquitto, a fresh test database, an in-process ingest worker and a gateway on port 0. */
export async function startIngestStack(
  clientId: string,
  options: { alertRules?: AlertRules } = {},
) {
  const broker = await startMosquitto();
  const database = await createTestDatabase();
  const db: Db = createDb({ connectionString: database.url });
  const { storage } = await migrate(db);
  const ingest = createIngest({
    db,
    mqttUrl: broker.url,
    clientId,
    protocolVersion: 5,
    ...(options.alertRules ? { alertRules: options.alertRules } : {}),
    log: process.env.TEST_INGEST_LOG ? (line) => console.log(`[ingest] ${line}`) : () => undefined,
  });
  await ingest.start();
  const gateway = createGateway({ db, port: 0, log: () => undefined });
  const gatewayUrl = await gateway.start();
  // An admin session: `gql` to this gateway sends it.
  const admin = await signIn(db, 'admin');
  useToken(gatewayUrl, admin.token);
  return {
    broker,
    db,
    storage,
    gatewayUrl,
    /** `Bearer <token>` of the stack's admin, for requests made without `gql`. */
    authorization: admin.authorization,
    async stop() {
      await gateway.stop();
      await ingest.stop();
      await db.close();
      await database.drop();
      await broker.stop();
    },
  };
}
