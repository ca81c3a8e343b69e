// `pnpm twin retention …`: how long each time-series table keeps its rows, and a run now
// (ingest workers also run it on a schedule: RETENTION_INTERVAL_MS). docs/operations.md.
import { applyRetentionOnce, retentionSettings, setRetention, type Db } from '@city-twin/db';
import { UsageError, type CliOutput } from './access-commands.ts';

export const retentionUsage = `pnpm twin retention list
pnpm twin retention set <table> <interval, e.g. '90 days'>|forever
pnpm twin retention run [--at <ISO time>]`;

/** `pnpm twin retention <action>`. */
export async function retentionCommand(db: Db, argv: string[], io: CliOutput): Promise<void> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'list':
    case undefined: {
      for (const setting of await retentionSettings(db))
        io.out(`${setting.table}\t${setting.keep ?? 'forever'}`);
      return;
    }
    case 'set': {
      const [table, ...words] = rest;
      const keep = words.join(' ').trim();
      if (!table || keep === '') throw new UsageError('set needs a table and an interval');
      await setRetention(db, table, keep === 'forever' ? null : keep);
      io.out(`${table}\t${keep}`);
      return;
    }
    case 'run': {
      let at = new Date();
      if (rest.length > 0) {
        if (rest[0] !== '--at' || rest.length !== 2) throw new UsageError('run takes --at <time>');
        at = new Date(rest[1]!);
        if (Number.isNaN(at.getTime())) throw new UsageError(`not a time: ${rest[1]}`);
      }
      const run = await applyRetentionOnce(db, at);
      if (run.skipped) {
        io.err('retention: another process is running it; nothing done');
        return;
      }
      for (const result of run.results)
        io.out(
          `${result.table}\t${result.method}\t${result.cutoff?.toISOString() ?? '-'}\t${result.removed}`,
        );
      return;
    }
    default:
      throw new UsageError(`unknown retention action ${action}`);
  }
}
