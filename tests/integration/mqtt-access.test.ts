import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runMqttCommand, startEmbeddedBroker } from '@city-twin/city';
import { createDb, migrate, type Db } from '@city-twin/db';
import { iotMetaTopic, iotTelemetryTopic } from '@city-twin/events';
import { createIngest, type Ingest } from '@city-twin/ingest';
import { generatePassword } from '@city-twin/mqtt-access';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.ts';
import { startMosquitto, withCredentials } from '../support/mosquitto.ts';

type Protocol = 4 | 5;

/** What the broker did with a publish it must refuse. */
type Outcome = 'acknowledged' | 'disconnected' | { reasonCode: number };

/** A broker under test and what it answers, per protocol, when it refuses something. */
interface BrokerCase {
  name: string;
  protocols: Protocol[];
  ingestProtocol: Protocol;
  start(identities: string[]): Promise<{ urlFor(identity: string): string; stop(): Promise<void> }>;
  /** CONNACK return/reason code for anonymous and wrong-password clients. */
  refusedConnect: Record<Protocol, number>;
  /** What a publish outside the identity's rights gets. */
  deniedPublish: Record<Protocol, Outcome>;
  /** SUBACK code of a refused subscription. */
  refusedSubscribe: Record<Protocol, number>;
}

const cases: BrokerCase[] = [
  {
    name: "the project's Mosquitto",
    protocols: [4, 5],
    ingestProtocol: 5,
    start: (identities) => startMosquitto({ identities }),
    refusedConnect: { 4: 5, 5: 0x87 },
    // MQTT 3.1.1 has no negative PUBACK: Mosquitto acknowledges and drops; MQTT 5 says 0x87.
    deniedPublish: { 4: 'acknowledged', 5: { reasonCode: 0x87 } },
    refusedSubscribe: { 4: 0x80, 5: 0x87 },
  },
  {
    name: 'the embedded aedes broker',
    protocols: [4],
    ingestProtocol: 4,
    async start(identities) {
      const passwords = Object.fromEntries(identities.map((name) => [name, generatePassword()]));
      return startEmbeddedBroker({ passwords });
    },
    refusedConnect: { 4: 4, 5: 0x86 },
    // aedes speaks MQTT 3.1.1 and closes the connection of a client publishing where it may not.
    deniedPublish: { 4: 'disconnected', 5: 'disconnected' },
    refusedSubscribe: { 4: 0x80, 5: 0x87 },
  },
];

function meta(deviceId: string): string {
  return JSON.stringify({
    eventId: `${deviceId}:meta`,
    ts: new Date(Date.now() - 60_000).toISOString(),
    type: 'air_quality',
    name: `测试站 ${deviceId}`,
    lon: 111.2,
    lat: 34.77,
  });
}

let clientSeq = 0;
function connect(url: string | undefined, protocolVersion: Protocol, auth: object = {}) {
  clientSeq += 1;
  return mqtt.connectAsync(url ?? '', {
    clientId: `mqtt-access-${process.pid}-${clientSeq}`,
    protocolVersion,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...auth,
  });
}

/** Publishes at QoS 1 and reports whether the broker acknowledged, refused or hung up. */
function attemptPublish(
  client: MqttClient,
  topic: string,
  payload: string | Buffer,
  retain = false,
): Promise<Outcome> {
  return new Promise((resolve) => {
    client.once('close', () => resolve('disconnected'));
    client.publishAsync(topic, payload, { qos: 1, retain }).then(
      () => resolve('acknowledged'),
      (error: unknown) => {
        const code = (error as { code?: unknown }).code;
        resolve(typeof code === 'number' ? { reasonCode: code } : 'disconnected');
      },
    );
  });
}

/** Publishes a retained device meta as `identity`, expecting the broker to accept it. */
async function publishOwnMeta(url: string, protocol: Protocol, deviceId: string): Promise<void> {
  const client = await connect(url, protocol);
  try {
    expect(await attemptPublish(client, iotMetaTopic(deviceId), meta(deviceId), true)).toBe(
      'acknowledged',
    );
  } finally {
    await client.endAsync();
  }
}

/** A string as MQTT writes it: two length bytes, then UTF-8. */
function mqttString(text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/** MQTT's variable-length encoding of a remaining length. */
function remainingLength(n: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    bytes.push(byte);
  } while (n > 0);
  return Buffer.from(bytes);
}

/**
 * Connects over raw TCP as the URL's identity (MQTT 3.1.1), then sends only the header of a
 * PUBLISH announcing 200 MB: resolves when the broker hangs up (it would otherwise wait for the body).
 */
async function announceHugePacket(url: string): Promise<'closed'> {
  const { hostname, port, username, password } = new URL(url);
  const body = Buffer.concat([
    mqttString('MQTT'),
    Buffer.from([4, 0xc2, 0, 60]),
    mqttString(`mqtt-access-raw-${process.pid}-${Date.now()}`),
    mqttString(decodeURIComponent(username)),
    mqttString(decodeURIComponent(password)),
  ]);
  const socket = connectTcp(Number(port), hostname);
  socket.on('error', () => undefined);
  const closed = new Promise<'closed'>((resolve) => socket.once('close', () => resolve('closed')));
  const connack = new Promise<Buffer>((resolve) => socket.once('data', resolve));
  socket.write(Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]));
  expect([...(await connack)]).toEqual([0x20, 2, 0, 0]);
  socket.write(
    Buffer.concat([
      Buffer.from([0x30]),
      remainingLength(200 * 1024 * 1024),
      mqttString('twin/iot/x/telemetry'),
    ]),
  );
  return closed;
}

for (const brokerCase of cases) {
  describe(`MQTT access on ${brokerCase.name}`, () => {
    const devices = brokerCase.protocols.flatMap((p) => [`device:p${p}-a`, `device:p${p}-b`]);
    let broker: Awaited<ReturnType<BrokerCase['start']>>;
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    let db: Db;
    let ingest: Ingest;

    const count = async (sql: string, params: unknown[]) =>
      (await db.query<{ n: number }>(sql, params))[0]?.n ?? -1;
    const devicesStored = (id: string) =>
      count('SELECT count(*)::int AS n FROM device WHERE id = $1', [id]);
    const deadLetters = (pattern: string) =>
      count('SELECT count(*)::int AS n FROM dead_letter WHERE topic LIKE $1', [pattern]);

    beforeAll(async () => {
      broker = await brokerCase.start(devices);
      database = await createTestDatabase();
      db = createDb({ connectionString: database.url });
      await migrate(db);
      ingest = createIngest({
        db,
        mqttUrl: broker.urlFor('ingest'),
        clientId: `mqtt-access-ingest-${process.pid}`,
        protocolVersion: brokerCase.ingestProtocol,
        flushMs: 50,
        log: () => undefined,
      });
      await ingest.start();
    });

    afterAll(async () => {
      await ingest?.stop();
      await db?.close();
      await database?.drop();
      await broker?.stop();
    });

    it('hangs up on a packet announcing more than the limit, at its header', async () => {
      expect(await announceHugePacket(broker.urlFor('simulator'))).toBe('closed');
    });

    for (const protocol of brokerCase.protocols) {
      describe(`MQTT ${protocol === 5 ? '5' : '3.1.1'}`, () => {
        it('refuses anonymous and wrong-password connections', async () => {
          const address = broker.urlFor('simulator').replace(/\/\/[^@]*@/, '//');
          for (const auth of [
            {},
            { username: 'simulator', password: 'not-the-password' },
            { username: 'root', password: 'root' },
          ]) {
            const refused = await connect(address, protocol, auth).then(
              async (client) => {
                await client.endAsync(true);
                return undefined;
              },
              (error: unknown) => (error as { code?: unknown }).code,
            );
            expect(refused, JSON.stringify(auth)).toBe(brokerCase.refusedConnect[protocol]);
          }
        });

        it("stores nothing a device publishes to another device's topic", async () => {
          const own = `p${protocol}-a`;
          const other = `p${protocol}-b`;
          const url = broker.urlFor(`device:${own}`);
          const device = await connect(url, protocol);
          const outcome = await attemptPublish(device, iotMetaTopic(other), meta(other), true);
          await device.endAsync(true);
          expect(outcome).toEqual(brokerCase.deniedPublish[protocol]);
          // Its own topic goes through: once ingest stored it, the denied one would have been too.
          await publishOwnMeta(url, protocol, own);
          await expect.poll(() => devicesStored(own), { timeout: 30_000 }).toBe(1);
          expect(await devicesStored(other)).toBe(0);
          expect(await deadLetters(`%/${other}/%`)).toBe(0);
        });

        it('refuses a device subscribing to #, and keeps its connection', async () => {
          const device = await connect(broker.urlFor(`device:p${protocol}-a`), protocol);
          try {
            const granted = await device.subscribeAsync('#', { qos: 1 }).then(
              (grants) => grants.map((g) => g.qos),
              (error: unknown) => (error as { packet?: { granted?: number[] } }).packet?.granted,
            );
            expect(granted).toEqual([brokerCase.refusedSubscribe[protocol]]);
            expect(device.connected).toBe(true);
          } finally {
            await device.endAsync(true);
          }
        });

        it('refuses the ingest identity publishing', async () => {
          const target = `ing-p${protocol}`;
          const client = await connect(broker.urlFor('ingest'), protocol);
          const outcome = await attemptPublish(client, iotMetaTopic(target), meta(target), true);
          await client.endAsync(true);
          expect(outcome).toEqual(brokerCase.deniedPublish[protocol]);
          const control = `ing-ctl-p${protocol}`;
          await publishOwnMeta(broker.urlFor('simulator'), protocol, control);
          await expect.poll(() => devicesStored(control), { timeout: 30_000 }).toBe(1);
          expect(await devicesStored(target)).toBe(0);
        });

        it('refuses a payload over 64 KiB at the broker', async () => {
          const target = `big-p${protocol}`;
          const client = await connect(broker.urlFor('simulator'), protocol);
          client.on('error', () => undefined);
          const outcome = await attemptPublish(
            client,
            iotTelemetryTopic(target),
            Buffer.alloc(70 * 1024, 0x20),
          );
          await client.endAsync(true);
          expect(outcome).toBe('disconnected');
          // Ingest would have dead-lettered it as oversized had the broker let it through.
          const control = `big-ctl-p${protocol}`;
          await publishOwnMeta(broker.urlFor('simulator'), protocol, control);
          await expect.poll(() => devicesStored(control), { timeout: 30_000 }).toBe(1);
          expect(await deadLetters(`%/${target}/%`)).toBe(0);
        });
      });
    }
  });
}

describe('pnpm twin mqtt', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'twin-mqtt-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the command, returning its exit code and what it printed on stdout. */
  async function twinMqtt(...args: string[]) {
    const out: string[] = [];
    const code = await runMqttCommand([...args, '--dir', dir], {
      out: (line) => out.push(line),
      err: () => undefined,
      readStdin: async () => '',
    });
    return { code, out };
  }

  it("writes files the project's Mosquitto accepts: printed passwords get in, with their rights", async () => {
    expect((await twinMqtt('init')).code).toBe(0);
    expect((await twinMqtt('init')).code).toBe(1);
    const added = await twinMqtt('add-device', 'cli-1');
    expect(added.code).toBe(0);
    const password = added.out.find((line) => line.startsWith('password='))?.slice(9) ?? '';
    expect((await twinMqtt('add-device', 'bad/id')).code).toBe(1);
    expect((await twinMqtt('frobnicate')).code).toBe(2);
    const env = await readFile(path.join(dir, 'credentials.env'), 'utf8');
    const ingestPassword = /^MQTT_INGEST_PASSWORD=(.+)$/m.exec(env)?.[1] ?? '';
    expect((await twinMqtt('list')).out).toContain(
      'device:cli-1\tpublish twin/iot/cli-1/meta, publish twin/iot/cli-1/telemetry',
    );

    const broker = await startMosquitto({
      dynamicSecurityFile: path.join(dir, 'dynamic-security.json'),
    });
    try {
      const device = await connect(withCredentials(broker.address, 'device:cli-1', password), 5);
      expect(await attemptPublish(device, iotMetaTopic('cli-1'), meta('cli-1'))).toBe(
        'acknowledged',
      );
      expect(await attemptPublish(device, iotMetaTopic('cli-2'), meta('cli-2'))).toEqual({
        reasonCode: 0x87,
      });
      await device.endAsync(true);
      const ingestClient = await connect(
        withCredentials(broker.address, 'ingest', ingestPassword),
        5,
      );
      expect((await ingestClient.subscribeAsync('twin/iot/+/meta', { qos: 1 }))[0]?.qos).toBe(1);
      await ingestClient.endAsync(true);
      const wrong = await connect(
        withCredentials(broker.address, 'device:cli-1', 'x' + password),
        5,
      ).then(
        () => 'connected',
        (error: unknown) => (error as { code?: unknown }).code,
      );
      expect(wrong).toBe(0x87);
    } finally {
      await broker.stop();
    }
  });
});
