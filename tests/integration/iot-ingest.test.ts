import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { createIngest, type Ingest } from '@city-twin/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractFlow } from '../support/contract-flow.ts';
import { createTestDatabase, requireTimescale } from '../support/database.ts';
import { gql } from '../support/graphql.ts';
import { startMosquitto, type TestBroker } from '../support/mosquitto.ts';

describe('IoT telemetry through Mosquitto and PostgreSQL', () => {
  let broker: TestBroker;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let ingest: Ingest;
  let gateway: Gateway;
  let gatewayUrl: string;
  let storage: string;

  beforeAll(async () => {
    broker = await startMosquitto();
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    storage = (await migrate(db)).storage;
    ingest = createIngest({
      db,
      mqttUrl: broker.url,
      clientId: 'it-ingest',
      protocolVersion: 5,
      log: () => undefined,
    });
    await ingest.start();
    gateway = createGateway({ db, port: 0, log: () => undefined });
    gatewayUrl = await gateway.start();
  });

  afterAll(async () => {
    await gateway?.stop();
    await ingest?.stop();
    await db?.close();
    await database?.drop();
    await broker?.stop();
  });

  it('runs on TimescaleDB hypertables when the run requires it', async () => {
    const { health } = await gql<{ health: { storage: string } }>(
      gatewayUrl,
      '{ health { storage } }',
    );
    expect(health.storage).toBe(storage);
    const health2 = (await (await fetch(`${gatewayUrl}/healthz`)).json()) as { storage: string };
    expect(health2.storage).toBe(storage);
    if (requireTimescale) {
      expect(storage).toBe('timescaledb');
      const rows = await db.query<{ hypertable_name: string }>(
        'SELECT hypertable_name FROM timescaledb_information.hypertables',
      );
      expect(rows.map((r) => r.hypertable_name)).toContain('iot_reading');
    }
  });

  it('stores 1,000 events once, dead-letters 5 with distinct reasons and serves them back', async () => {
    await runContractFlow({ mqttUrl: broker.url, gatewayUrl, db });
  });

  it('answers a bad series bucket with a coded error, not a crash', async () => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ device(id: "it-aq-0") { series(metric: "pm25", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", bucket: "1; DROP TABLE device") { value } } }`,
      }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM device');
    expect(row?.n).toBe(10);
  });
});
