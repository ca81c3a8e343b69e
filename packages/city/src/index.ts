export { createCity, type City, type CityConfig, type RunningCity } from './city.ts';
export { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.ts';
export { freePort } from './free-port.ts';
