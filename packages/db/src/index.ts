export * from './db.ts';
export * from './migrate.ts';
export * from './embedded.ts';
export * from './retention.ts';
