import { applyRetentionOnce, type Db } from '@city-twin/db';
import type { IngestMetrics } from './metrics.ts';
import { createRepeatingTask } from './repeat.ts';

/**
 * The data lifecycle on a schedule: at start and every `intervalMs`, one worker among those
 * sharing the database applies the retention settings (docs/operations.md, migration 015).
 */
export function createRetentionJob(options: {
  db: Db;
  intervalMs: number;
  metrics?: IngestMetrics;
  log: (line: string) => void;
}) {
  const { db, metrics, log } = options;
  return createRepeatingTask(
    async () => {
      const run = await applyRetentionOnce(db);
      if (run.skipped) {
        metrics?.retentionRuns.inc({ result: 'skipped' });
        return;
      }
      metrics?.retentionRuns.inc({ result: 'ok' });
      for (const result of run.results) {
        metrics?.retentionDropped.inc({ table: result.table }, result.removed);
        if (result.removed > 0)
          log(
            `retention: ${result.table} older than ${result.cutoff?.toISOString()}: ${result.removed} ${result.method === 'delete' ? 'rows' : 'chunks'} removed`,
          );
      }
    },
    options.intervalMs,
    (error) => {
      metrics?.retentionRuns.inc({ result: 'failed' });
      log(`retention failed, next run as scheduled: ${error.message}`);
    },
  );
}
