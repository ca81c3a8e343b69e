// Standalone ingest worker. DATABASE_URL and MQTT_URL from the environment; Prometheus
// metrics on METRICS_PORT (default 9464, 0 for none) at /metrics.
import { createServer } from 'node:http';
import { createDb, migrate } from '@city-twin/db';
import { createHotlineClock, loadHotlineRules, loadWorkingCalendar } from '@city-twin/hotline';
import { createOutboxDeliverer } from '@city-twin/outbox';
import { createDailyNoticeScheduler } from './hotline/daily-notices.ts';
import { createIngest } from './ingest.ts';
import { createIngestMetrics } from './metrics.ts';
import { createRetentionJob } from './retention-job.ts';

function optionalInt(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const mqttUrl = process.env.MQTT_URL;
  if (!databaseUrl || !mqttUrl) throw new Error('DATABASE_URL and MQTT_URL are required');
  const db = createDb({ connectionString: databaseUrl, applicationName: 'city-twin-ingest' });
  const { storage } = await migrate(db);
  const metrics = createIngestMetrics();
  // The deployment's own rules and holiday calendar (docs/hotline-rules.md).
  const hotlineRules = loadHotlineRules(process.env.HOTLINE_RULES_FILE || undefined);
  const ingest = createIngest({
    db,
    mqttUrl,
    metrics,
    clientId: process.env.INGEST_CLIENT_ID ?? 'city-twin-ingest',
    username: process.env.MQTT_USERNAME,
    password: process.env.MQTT_PASSWORD,
    protocolVersion: process.env.MQTT_PROTOCOL_VERSION === '4' ? 4 : 5,
    prefix: process.env.TOPIC_PREFIX || undefined,
    shareGroup: process.env.INGEST_SHARE_GROUP || undefined,
    batchSize: optionalInt('INGEST_BATCH_SIZE'),
    concurrency: optionalInt('INGEST_CONCURRENCY'),
    keepaliveSeconds: optionalInt('MQTT_KEEPALIVE_SECONDS'),
    killAfterCommit: optionalInt('INGEST_FAULT_KILL_AFTER_COMMIT'),
    hotlineClock: createHotlineClock(
      hotlineRules,
      loadWorkingCalendar(process.env.HOTLINE_CALENDAR_FILE || undefined),
    ),
    clockSweepMs: optionalInt('INGEST_CLOCK_SWEEP_MS'),
    alertSweepMs: optionalInt('INGEST_ALERT_SWEEP_MS'),
  });

  const metricsPort = optionalInt('METRICS_PORT') ?? 9464;
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  server.on('error', (error) => console.error(`[ingest] metrics endpoint: ${error.message}`));
  if (metricsPort > 0) server.listen(metricsPort, process.env.METRICS_HOST ?? '127.0.0.1');

  await ingest.start();
  console.log(
    `[ingest] running (storage: ${storage}${metricsPort > 0 ? `, metrics on :${metricsPort}` : ''})`,
  );

  // Daily unit score notices (docs/notices.md): written each morning into the outbox by any
  // worker; delivered to NOTICE_WEBHOOK_URL when it is set.
  const noticeScheduler = createDailyNoticeScheduler({
    db,
    rules: hotlineRules,
  });
  const noticeWebhook = process.env.NOTICE_WEBHOOK_URL;
  const noticeDeliverer = noticeWebhook
    ? createOutboxDeliverer({
        db,
        url: noticeWebhook,
        headers: process.env.NOTICE_WEBHOOK_AUTHORIZATION
          ? { authorization: process.env.NOTICE_WEBHOOK_AUTHORIZATION }
          : undefined,
        timeoutMs: 10_000,
        backoff: { initialMs: 5_000, maxMs: 15 * 60_000 },
        batch: 20,
        log: (line) => console.error(`[notices] ${line}`),
      })
    : undefined;
  noticeScheduler.start();
  noticeDeliverer?.start();
  // Drops raw readings past their retention (docs/operations.md); 0 turns it off here.
  const retentionMs = optionalInt('RETENTION_INTERVAL_MS') ?? 60 * 60_000;
  const retention =
    retentionMs > 0
      ? createRetentionJob({
          db,
          intervalMs: retentionMs,
          metrics,
          log: (line) => console.log(`[ingest] ${line}`),
        })
      : undefined;
  retention?.start();

  const shutdown = async () => {
    await retention?.stop();
    await noticeDeliverer?.stop();
    await noticeScheduler.stop();
    await ingest.stop();
    server.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('[ingest] fatal:', error);
  process.exit(1);
});
