export { createCity, type City, type CityConfig, type RunningCity } from './city.ts';
export { backfillHotline, type BackfillOptions, type BackfillResult } from './backfill.ts';
export { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
export { freePort } from './free-port.ts';
export { DEMO_SCREEN, prepareAccess } from './first-access.ts';
