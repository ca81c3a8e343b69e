export * from './score-counts.ts';
