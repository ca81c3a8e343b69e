import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@city-twin/city';
import { generatePassword, toDynamicSecurityConfig, toIdentity } from '@city-twin/mqtt-access';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// deploy/compose.yaml checked without a Docker engine: `docker compose config` where the Compose
// plugin exists, and always a static check against the code — every environment variable a
// service reads is set for it (and nothing it does not read), secrets are required, health
// checks and volumes hold together; the Mosquitto start script runs with Debian's Mosquitto.

const root = fileURLToPath(new URL('../../', import.meta.url));
const composeFile = path.join(root, 'deploy/compose.yaml');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  working_dir?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

/** Packages whose code each Node service runs (its main and the shared packages it imports). */
const serviceSources: Record<string, string[]> = {
  ingest: ['ingest', 'db', 'hotline', 'alerts', 'outbox', 'events'],
  gateway: ['gateway', 'access', 'db', 'hotline', 'alerts', 'events'],
};
/** Read by the code but never meant for a deployment. */
const notForDeployment: Record<string, string[]> = {
  ingest: ['INGEST_FAULT_KILL_AFTER_COMMIT'],
  gateway: [],
};

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(full)));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(full);
  }
  return files;
}

/** Environment variables a piece of code reads: `process.env.X`, `env.X`, and names given to `env[name]`. */
export function variablesRead(code: string): Set<string> {
  const names = new Set<string>();
  for (const pattern of [
    /process\.env\.([A-Z][A-Z0-9_]*)/g,
    /\benv\.([A-Z][A-Z0-9_]*)/g,
    /\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g,
  ])
    for (const match of code.matchAll(pattern)) names.add(match[1]!);
  // A dynamic read (`process.env[name]`): the names are the file's string literals shaped like
  // variables, less its error codes.
  if (/\benv\[\s*[a-z]/.test(code)) {
    const codes = new Set(
      [...code.matchAll(/code\s*[:=]\s*'([A-Z0-9_]+)'/g)].map((match) => match[1]!),
    );
    for (const match of code.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g))
      if (!codes.has(match[1]!)) names.add(match[1]!);
  }
  return names;
}

async function serviceVariables(service: string): Promise<Set<string>> {
  const names = new Set<string>();
  for (const pkg of serviceSources[service]!)
    for (const file of await sourceFiles(path.join(root, 'packages', pkg, 'src')))
      for (const name of variablesRead(await readFile(file, 'utf8'))) names.add(name);
  for (const name of notForDeployment[service]!) names.delete(name);
  return names;
}

/** The Compose file, with YAML merge keys (`<<: *node-service`) applied as Compose does. */
async function readCompose(): Promise<Compose> {
  return parse(await readFile(composeFile, 'utf8'), { merge: true }) as Compose;
}

/** Variables that compose requires (`${VAR:?message}`). */
const requiredVariables = (text: string) =>
  new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*):\?[^}]*\}/g)].map((match) => match[1]!));

describe('deploy/compose.yaml', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('passes `docker compose config` where the Compose plugin exists, and refuses missing secrets', () => {
    const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(
        `docker compose not available (${(probe.stderr || String(probe.error)).trim()}): static checks only`,
      );
      return;
    }
    const env = {
      ...process.env,
      POSTGRES_PASSWORD: 'check',
      MQTT_INGEST_PASSWORD: 'check',
      TWIN_ADMIN_PASSWORD: 'check-password',
    };
    const ok = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], {
      env,
      encoding: 'utf8',
    });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const missing = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], {
      env: { ...env, POSTGRES_PASSWORD: '' },
      encoding: 'utf8',
    });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('POSTGRES_PASSWORD');
  });

  it('runs TimescaleDB 2.19 on PostgreSQL 15, Mosquitto 2, ingest and the gateway, all with health checks', async () => {
    const compose = await readCompose();
    expect(Object.keys(compose.services).sort()).toEqual([
      'gateway',
      'ingest',
      'mosquitto',
      'timescaledb',
    ]);
    expect(compose.services.timescaledb!.image).toMatch(/^timescale\/timescaledb:2\.19\.\d+-pg15$/);
    expect(compose.services.mosquitto!.image).toMatch(/^eclipse-mosquitto:2\.0\.\d+$/);
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck?.test.length, `${name} health check`).toBeGreaterThan(1);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dependency);
        expect(condition).toBe('service_healthy');
      }
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.')) {
          // Bind mounts: files of the repository, except what `pnpm twin mqtt init` generates.
          if (!source.includes('/generated/'))
            expect(existsSync(path.join(root, 'deploy', source)), source).toBe(true);
        } else {
          expect(Object.keys(compose.volumes ?? {}), `volume ${source}`).toContain(source);
        }
      }
    }
    // The gateway's health check asks /readyz (the database answers); ingest's its /metrics.
    expect(compose.services.gateway!.healthcheck!.test.join(' ')).toContain('/readyz');
    expect(compose.services.ingest!.healthcheck!.test.join(' ')).toContain(':9464/metrics');
    expect(compose.services.ingest!.environment!.METRICS_PORT).toBe('9464');
    expect(compose.services.ingest!.environment!.METRICS_HOST).toBe('0.0.0.0');
    expect(compose.services.gateway!.environment!.HOST).toBe('0.0.0.0');
    // The Node services run the main files that exist, from the Dockerfile that exists.
    for (const name of ['ingest', 'gateway']) {
      const service = compose.services[name]!;
      expect(existsSync(path.join(root, 'deploy', '..', service.build!.dockerfile))).toBe(true);
      const main = path.join(
        service.working_dir!.replace(/^\/app\//, root),
        service.command!.at(-1)!,
      );
      expect(existsSync(main), main).toBe(true);
    }
  });

  it('sets every variable each service reads, and none it does not', async () => {
    const compose = await readCompose();
    for (const service of ['ingest', 'gateway']) {
      const read = await serviceVariables(service);
      const set = new Set(Object.keys(compose.services[service]!.environment ?? {}));
      expect(read.size, `${service} reads variables`).toBeGreaterThan(8);
      expect(
        [...read].filter((name) => !set.has(name)),
        `${service}: read by the code, never set by compose`,
      ).toEqual([]);
      expect(
        [...set].filter((name) => !read.has(name)),
        `${service}: set by compose, read by nothing`,
      ).toEqual([]);
    }
    // The check sees a variable the code reads and compose does not set.
    expect(variablesRead(`const x = process.env.TWIN_NEW_SETTING;`)).toEqual(
      new Set(['TWIN_NEW_SETTING']),
    );
  });

  it('has Prometheus scrape the ports the services serve /metrics on', async () => {
    const compose = await readCompose();
    const prometheus = parse(
      await readFile(path.join(root, 'deploy/prometheus/prometheus.yml'), 'utf8'),
    ) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = prometheus.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((config) => config.targets),
    );
    expect(targets.sort()).toEqual(
      [
        `gateway:${compose.services.gateway!.environment!.PORT}`,
        `ingest:${compose.services.ingest!.environment!.METRICS_PORT}`,
      ].sort(),
    );
  });

  it('requires the secrets from the environment and commits none', async () => {
    const text = await readFile(composeFile, 'utf8');
    const required = requiredVariables(text);
    for (const secret of ['POSTGRES_PASSWORD', 'MQTT_INGEST_PASSWORD', 'TWIN_ADMIN_PASSWORD'])
      expect(required, secret).toContain(secret);
    const compose = parse(text, { merge: true }) as Compose;
    for (const service of Object.values(compose.services))
      for (const [name, value] of Object.entries(service.environment ?? {}))
        if (/PASSWORD|SECRET|AUTHORIZATION/.test(name))
          expect(String(value), name).toMatch(/^\$\{[A-Z_]+:[?-]/);
  });

  it("starts Mosquitto with the project's configuration through the container's start script", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'twin-compose-mosquitto-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await chmod(dir, 0o755);
    const data = path.join(dir, 'data');
    await mkdir(data);
    await chmod(data, 0o777);
    await copyFile(
      path.join(root, 'deploy/mosquitto/city-twin.conf'),
      path.join(dir, 'city-twin.conf'),
    );
    const password = generatePassword();
    await writeFile(
      path.join(dir, 'dynamic-security.json'),
      JSON.stringify(
        toDynamicSecurityConfig([{ identity: toIdentity('ingest'), secret: { password } }]),
      ),
      { mode: 0o644 },
    );
    const plugin = [
      '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
      '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
      '/usr/lib/mosquitto_dynamic_security.so',
    ].find((file) => existsSync(file));
    expect(plugin, 'Mosquitto dynamic-security plugin').toBeDefined();
    const port = await freePort();
    const child = spawn('sh', [path.join(root, 'deploy/mosquitto/start-in-container.sh')], {
      env: {
        ...process.env,
        CITY_TWIN_MOSQUITTO_DIR: dir,
        MOSQUITTO_DYNSEC_PLUGIN: plugin,
        MOSQUITTO_DATA_DIR: data,
        MOSQUITTO_PORT: String(port),
        TMPDIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await exited;
    });

    // The compose health check, as the container runs it (with the test's port).
    const compose = await readCompose();
    const healthcheck = compose.services
      .mosquitto!.healthcheck!.test[1]!.replace('-p 1883', `-p ${port}`)
      .replaceAll('$$', '$');
    const healthy = () =>
      spawnSync('sh', ['-c', healthcheck], {
        env: { ...process.env, MQTT_INGEST_PASSWORD: password, TOPIC_PREFIX: 'twin' },
        encoding: 'utf8',
      }).status;
    await expect.poll(healthy, { timeout: 10_000 }).toBe(0);

    // The rewritten configuration is the project's: nobody anonymous, packets capped.
    const conf = await readFile(path.join(dir, 'city-twin-mosquitto.conf'), 'utf8');
    expect(conf).toContain(`plugin ${plugin}`);
    expect(conf).toContain('allow_anonymous false');
    expect(conf).toContain('max_packet_size 66560');
    const refused = await mqtt
      .connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 5_000 })
      .then(
        async (client) => {
          await client.endAsync();
          return false;
        },
        () => true,
      );
    expect(refused, 'anonymous connection refused').toBe(true);
    const ingest = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      username: 'ingest',
      password,
      reconnectPeriod: 0,
    });
    const granted = await ingest.subscribeAsync('twin/iot/+/telemetry', { qos: 1 });
    await ingest.endAsync();
    expect(granted[0]?.qos).toBe(1);
    expect(output).not.toContain('Error');
  });
});
