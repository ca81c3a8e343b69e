export * from './calendar.ts';
export * from './ranking.ts';
export * from './rules.ts';
export * from './deadlines.ts';
export * from './ticket.ts';
