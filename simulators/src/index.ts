export * from './shared/random.ts';
export * from './iot/aqi.ts';
export * from './iot/air-quality.ts';
export * from './city-simulator.ts';
export type { StreamName } from './shared/emission.ts';
export type { StreamCounters } from './shared/mqtt-publisher.ts';
export type { Device } from './iot/device.ts';
export type { Camera } from './video/cameras.ts';
export type { Unit } from './hotline/units.ts';
