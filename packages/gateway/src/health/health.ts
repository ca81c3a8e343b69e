import { storageMode, type Db } from '@city-twin/db';

/** Liveness and storage mode; `ok` is false when the database does not answer. */
export async function checkHealth(db: Db): Promise<{ status: 'ok' | 'degraded'; storage: string }> {
  try {
    return { status: 'ok', storage: await storageMode(db) };
  } catch {
    return { status: 'degraded', storage: 'unknown' };
  }
}
