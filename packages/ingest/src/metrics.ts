import type { PoolUsage } from '@city-twin/db';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const noPool: PoolUsage = { total: 0, idle: 0, waiting: 0, max: 0 };

/** Prometheus metrics of one ingest worker (served at /metrics by the worker's main). */
export function createIngestMetrics() {
  const registry = new Registry();
  // Read at scrape time; the worker points them at its batcher.
  const sources = { backlog: () => 0, lagSeconds: () => 0, pool: (): PoolUsage => noPool };
  collectDefaultMetrics({ register: registry, prefix: 'twin_ingest_' });
  return {
    registry,
    sources,
    received: new Counter({
      name: 'twin_ingest_received_total',
      help: 'MQTT messages received',
      registers: [registry],
    }),
    accepted: new Counter({
      name: 'twin_ingest_accepted_total',
      help: 'Events stored',
      registers: [registry],
    }),
    duplicates: new Counter({
      name: 'twin_ingest_duplicates_total',
      help: 'Redelivered or repeated events absorbed by the idempotency key',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'twin_ingest_rejected_total',
      help: 'Messages dead-lettered, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    outsideDistrict: new Counter({
      name: 'twin_ingest_outside_district_total',
      help: 'Located events outside every district',
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'twin_ingest_batch_seconds',
      help: 'Time to validate, write and commit one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    backlog: new Gauge({
      name: 'twin_ingest_backlog_messages',
      help: 'Messages received and not yet committed',
      registers: [registry],
      collect() {
        this.set(sources.backlog());
      },
    }),
    lagSeconds: new Gauge({
      name: 'twin_ingest_lag_seconds',
      help: 'Age of the oldest received message not yet committed',
      registers: [registry],
      collect() {
        this.set(sources.lagSeconds());
      },
    }),
    pool: new Gauge({
      name: 'twin_ingest_db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting callers, max)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const usage = sources.pool();
        for (const state of ['total', 'idle', 'waiting', 'max'] as const)
          this.set({ state }, usage[state]);
      },
    }),
    retentionRuns: new Counter({
      name: 'twin_ingest_retention_runs_total',
      help: 'Runs of the retention job, by result (ok, skipped: another worker held the lock, failed)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    retentionDropped: new Counter({
      name: 'twin_ingest_retention_dropped_total',
      help: 'Chunks (TimescaleDB) or rows (plain PostgreSQL) removed by the retention job, by table',
      labelNames: ['table'] as const,
      registers: [registry],
    }),
  };
}

/** The metrics of an ingest worker. */
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
