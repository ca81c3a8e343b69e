import { readdir, readFile } from 'node:fs/promises';
import type { Db } from './db.ts';

const migrationsDir = new URL('../migrations/', import.meta.url);

/** Storage mode chosen by the first migration. */
export type StorageMode = 'timescaledb' | 'postgres';

/** Applies every numbered migration not yet applied, each in its own transaction, in order. */
export async function migrate(db: Db): Promise<{ applied: string[]; storage: StorageMode }> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const name of files) {
    const sql = await readFile(new URL(name, migrationsDir), 'utf8');
    // Serialise concurrent starters on one lock; the loser sees the row and skips.
    const done = await db.withTransaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7204761)');
      const seen = await tx.query('SELECT 1 FROM schema_migration WHERE name = $1', [name]);
      if (seen.length > 0) return false;
      await tx.query(sql);
      await tx.query('INSERT INTO schema_migration (name) VALUES ($1)', [name]);
      return true;
    });
    if (done) applied.push(name);
  }
  return { applied, storage: await storageMode(db) };
}

/** The storage mode recorded at the first migration. */
export async function storageMode(db: Db): Promise<StorageMode> {
  const rows = await db.query<{ value: StorageMode }>(
    `SELECT value FROM twin_setting WHERE key = 'storage'`,
  );
  return rows[0]?.value ?? 'postgres';
}
