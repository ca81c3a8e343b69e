export { createIngest, type Ingest, type IngestConfig, type IngestTotals } from './ingest.ts';
export { createIngestMetrics, type IngestMetrics } from './metrics.ts';
export {
  deriveTicketState,
  type TicketState,
  type StoredTicketEvent,
} from './hotline/ticket-state.ts';
