import type { Db } from '@city-twin/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runContractFlow } from '../support/contract-flow.ts';
import { requireTimescale } from '../support/database.ts';
import { gql } from '../support/graphql.ts';
import { startIngestStack } from '../support/ingest-stack.ts';

describe('IoT telemetry through Mosquitto and PostgreSQL', () => {
  let stack: Awaited<ReturnType<typeof startIngestStack>>;
  let db: Db;
  let gatewayUrl: string;
  let storage: string;

  beforeAll(async () => {
    stack = await startIngestStack('it-ingest');
    ({ db, gatewayUrl, storage } = stack);
  });

  afterAll(async () => {
    await stack?.stop();
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
    await runContractFlow({ mqttUrl: stack.broker.url, gatewayUrl, db });
  });

  it('answers a bad series bucket with a coded error, not a crash', async () => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: stack.authorization },
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
