import { readFile } from 'node:fs/promises';
import { freePort } from '@city-twin/city';
import { createDb, migrate, type Db } from '@city-twin/db';
import { iotTelemetryTopic } from '@city-twin/events';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { signIn } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';
import { gql, useToken } from '../support/graphql.ts';
import { spawnIngest, type IngestProcess } from '../support/ingest-process.ts';
import { startMosquitto, type TestBroker } from '../support/mosquitto.ts';
import { publishAll, testDeviceMetas, testTelemetry } from '../support/publish.ts';

// /metrics of an ingest worker (its own process, as deployed) and of a gateway: the series the
// operations guide and deploy/grafana/city-twin.json rely on exist and move.

const dashboardFile = new URL('../../deploy/grafana/city-twin.json', import.meta.url);

/** Samples of a Prometheus text exposition: `name{labels}` → value. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?) (\S+)/.exec(line);
    if (match) samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

/** The value of one series (exact labels as exported, e.g. `{state="idle"}`), or undefined. */
const valueOf = (samples: Map<string, number>, series: string) => samples.get(series);

/** Sum of every series of a metric name. */
function total(samples: Map<string, number>, name: string): number {
  let sum = 0;
  for (const [series, value] of samples) if (series.split('{')[0] === name) sum += value;
  return sum;
}

async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return parseExposition(await response.text());
}

/** Metric names of a PromQL expression: identifiers outside label matchers, strings, ranges. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map((m) => m[0])
    .filter((token) => token.startsWith('twin_'));
}

describe('metrics endpoints', () => {
  let broker: TestBroker;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let ingest: IngestProcess;
  let ingestMetrics: string;
  let gateway: Gateway;
  let gatewayUrl: string;
  let token: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    await migrate(db);
    const port = await freePort();
    ingestMetrics = `http://127.0.0.1:${port}/metrics`;
    const env = {
      DATABASE_URL: database.url,
      MQTT_URL: broker.urlFor('ingest'),
      INGEST_CLIENT_ID: `metrics-${process.pid}`,
      METRICS_PORT: String(port),
      // Once at start, then not again during the test.
      RETENTION_INTERVAL_MS: String(3_600_000),
    };
    ingest = spawnIngest(env);
    await ingest.ready;
    gateway = createGateway({ db, port: 0, log: () => undefined });
    gatewayUrl = await gateway.start();
    token = (await signIn(db, 'leader')).token;
    useToken(gatewayUrl, token);
  });

  afterAll(async () => {
    if (process.env.TEST_INGEST_LOG) console.log(ingest?.output());
    await Promise.all(clients.map((c) => c.dispose()));
    await ingest?.kill('SIGTERM');
    await gateway?.stop();
    await db?.close();
    await database?.drop();
    await broker?.stop();
  });

  it("ingest's /metrics counts messages, dead letters, backlog, lag, pool and retention", async () => {
    const before = await scrape(ingestMetrics);
    expect(total(before, 'twin_ingest_accepted_total')).toBe(0);
    expect(valueOf(before, 'twin_ingest_backlog_messages')).toBe(0);
    expect(valueOf(before, 'twin_ingest_lag_seconds')).toBe(0);
    // The worker's pool is open: at least one connection, a maximum of ten.
    expect(valueOf(before, 'twin_ingest_db_pool_connections{state="max"}')).toBe(10);
    expect(valueOf(before, 'twin_ingest_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(valueOf(before, 'twin_ingest_db_pool_connections{state="waiting"}')).toBe(0);
    // The retention job ran once at start (nothing to drop in a new database).
    await expect
      .poll(
        async () =>
          valueOf(await scrape(ingestMetrics), 'twin_ingest_retention_runs_total{result="ok"}'),
        { timeout: 30_000 },
      )
      .toBe(1);

    await publishAll(broker.url, [
      ...testDeviceMetas(2, 'metrics'),
      ...testTelemetry(40, 2, 'metrics'),
      { topic: iotTelemetryTopic('metrics-aq-0'), payload: 'not json' },
    ]);
    await expect
      .poll(async () => total(await scrape(ingestMetrics), 'twin_ingest_accepted_total'), {
        timeout: 30_000,
      })
      .toBe(42);
    const after = await scrape(ingestMetrics);
    expect(total(after, 'twin_ingest_received_total')).toBe(43);
    expect(total(after, 'twin_ingest_rejected_total')).toBe(1);
    expect(valueOf(after, 'twin_ingest_batch_seconds_count')).toBeGreaterThan(0);
    // Drained: nothing waits for a commit.
    expect(valueOf(after, 'twin_ingest_backlog_messages')).toBe(0);
  });

  it("the gateway's /metrics counts requests, sockets and subscriptions (0 → 1 → 0)", async () => {
    const metricsUrl = `${gatewayUrl}/metrics`;
    const before = await scrape(metricsUrl);
    expect(valueOf(before, 'twin_gateway_ws_sockets')).toBe(0);
    expect(valueOf(before, 'twin_gateway_subscriptions{field="alertChanged"}')).toBe(0);
    expect(valueOf(before, 'twin_gateway_db_pool_connections{state="max"}')).toBe(10);
    const graphqlBefore =
      valueOf(before, 'twin_gateway_http_requests_total{route="graphql",status="200"}') ?? 0;

    await gql(gatewayUrl, '{ districts { code } }');
    const afterQuery = await scrape(metricsUrl);
    expect(
      valueOf(afterQuery, 'twin_gateway_http_requests_total{route="graphql",status="200"}'),
    ).toBe(graphqlBefore + 1);
    expect(
      valueOf(afterQuery, 'twin_gateway_http_request_seconds_count{route="graphql"}'),
    ).toBeGreaterThan(0);
    expect(valueOf(afterQuery, 'twin_gateway_db_pool_connections{state="total"}')).toBeGreaterThan(
      0,
    );

    const client = createClient({
      url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    clients.push(client);
    const stop = client.subscribe(
      { query: 'subscription { alertChanged(minSeverity: 1) { action } }' },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    await expect
      .poll(async () =>
        valueOf(await scrape(metricsUrl), 'twin_gateway_subscriptions{field="alertChanged"}'),
      )
      .toBe(1);
    expect(valueOf(await scrape(metricsUrl), 'twin_gateway_ws_sockets')).toBe(1);

    stop();
    await client.dispose();
    await expect
      .poll(async () =>
        valueOf(await scrape(metricsUrl), 'twin_gateway_subscriptions{field="alertChanged"}'),
      )
      .toBe(0);
    await expect
      .poll(async () => valueOf(await scrape(metricsUrl), 'twin_gateway_ws_sockets'))
      .toBe(0);
  });

  it('every metric the Grafana dashboard queries is exported', async () => {
    const dashboard = JSON.parse(await readFile(dashboardFile, 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const exported = new Set(
      [
        ...(await scrape(ingestMetrics)).keys(),
        ...(await scrape(`${gatewayUrl}/metrics`)).keys(),
      ].map((series) => series.split('{')[0]!),
    );
    const expressions = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
    );
    expect(expressions.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const { panel, expr } of expressions) {
      const names = metricNames(expr);
      if (names.length === 0) missing.push(`${panel}: no twin_ metric in ${expr}`);
      for (const name of names) if (!exported.has(name)) missing.push(`${panel}: ${name}`);
    }
    expect(missing).toEqual([]);
    // The check can fail: a name the services do not export is reported.
    expect(metricNames('rate(twin_ingest_no_such_total[1m])').some((n) => exported.has(n))).toBe(
      false,
    );
  });
});
