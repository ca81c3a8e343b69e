import { createCity } from '@city-twin/city';
import { signIn } from './access.ts';
import { createTestDatabase } from './database.ts';
import { useToken } from './graphql.ts';
import { startMosquitto } from './mosquitto.ts';

/** The whole city on a fresh test database and a project-configured Mosquitto, simulators on. */
export async function startTestCity() {
  const broker = await startMosquitto();
  const database = await createTestDatabase();
  const city = createCity({
    databaseUrl: database.url,
    mqttUrl: broker.url,
    port: 0,
    simulate: true,
    // Stations report every 2 s instead of 30 s so the map has colours within a poll or two.
    simulator: { intervalsMs: { air_quality: 2000 } },
    log: () => undefined,
  });
  try {
    const running = await city.start();
    const admin = await signIn(running.db, 'admin');
    useToken(running.url, admin.token);
    return {
      url: running.url,
      db: running.db,
      /** `Bearer <token>` of an admin, for requests made without `gql`. */
      authorization: admin.authorization,
      async stop() {
        await city.stop();
        await database.drop();
        await broker.stop();
      },
    };
  } catch (error) {
    await database.drop();
    await broker.stop();
    throw error;
  }
}
