export { createIngest, type Ingest, type IngestConfig } from './ingest.ts';
export { createIngestMetrics, type IngestMetrics } from './metrics.ts';
export { sweepTicketClocks } from './hotline/clock-sweep.ts';
export { writeBatch, type BatchCounts } from './write-batch.ts';
export { sweepAlerts } from './alerts/sweep.ts';
