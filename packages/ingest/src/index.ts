export { createIngest, type Ingest, type IngestConfig, type IngestTotals } from './ingest.ts';
