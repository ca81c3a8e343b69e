export * from './random.ts';
export * from './aqi.ts';
export * from './air-quality.ts';
export * from './air-quality-simulator.ts';
