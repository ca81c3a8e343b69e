import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, migrate, startEmbeddedPostgres, type Db } from '@city-twin/db';
import { freePort } from '../free-port.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The port of a live PostgreSQL on the embedded data folder (the city is running), else null. */
function runningEmbeddedPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, …
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return port;
}

/**
 * The database a CLI command works on: DATABASE_URL, else the embedded city's in CITY_DATA_DIR
 * (default .data) — through its server while the city runs, else by starting it for the
 * command. Migrated; `close` also stops a server started here.
 */
export async function openCliDatabase(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ db: Db; close: () => Promise<void> }> {
  const quiet = () => undefined;
  if (env.DATABASE_URL) {
    const db = createDb({
      connectionString: env.DATABASE_URL,
      max: 2,
      applicationName: 'city-twin-cli',
    });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const dataDir = path.resolve(env.CITY_DATA_DIR || path.join(repoRoot, '.data'));
  const port = runningEmbeddedPort(dataDir);
  if (port !== null) {
    const db = createDb({
      connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/city_twin`,
      max: 2,
      applicationName: 'city-twin-cli',
    });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const server = await startEmbeddedPostgres(dataDir, await freePort(), quiet);
  const db = createDb({
    connectionString: server.connectionString,
    max: 2,
    applicationName: 'city-twin-cli',
  });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    await server.stop();
    throw error;
  }
  return {
    db,
    async close() {
      await db.close();
      await server.stop();
    },
  };
}
