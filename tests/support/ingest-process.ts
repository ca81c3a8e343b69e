import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ingestDir = fileURLToPath(new URL('../../packages/ingest/', import.meta.url));

/** An ingest worker in its own process, as it runs in production. */
export interface IngestProcess {
  child: ChildProcess;
  /** Resolves when the worker has subscribed. */
  ready: Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Everything the worker printed. */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `packages/ingest/src/main.ts` with node (no wrapper process, so signals reach it). */
export function spawnIngest(env: {
  DATABASE_URL: string;
  /** May carry credentials (`broker.url`, `broker.urlFor('ingest')`). */
  MQTT_URL: string;
  INGEST_CLIENT_ID: string;
  MQTT_USERNAME?: string;
  MQTT_PASSWORD?: string;
  /** Any other setting of the worker (METRICS_PORT, INGEST_SHARE_GROUP, fault hooks …). */
  [name: string]: string | undefined;
}): IngestProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ingestDir,
    env: { ...process.env, METRICS_PORT: '0', ...env, MQTT_PROTOCOL_VERSION: '5' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('[ingest] running')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`ingest exited with ${code} before it was ready:\n${output}`)),
    );
  });
  return {
    child,
    ready,
    exited,
    output: () => output,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
