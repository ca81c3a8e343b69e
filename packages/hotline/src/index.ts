export * from './calendar.ts';
export * from './ranking.ts';
export * from './rules.ts';
