import type { Db } from '@city-twin/db';

/** Per-request context of every resolver. */
export interface Context {
  db: Db;
}
