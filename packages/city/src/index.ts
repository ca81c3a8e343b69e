export { createCity, type City, type CityConfig, type RunningCity } from './city.ts';
export { backfillHotline, type BackfillOptions, type BackfillResult } from './backfill.ts';
export {
  startEmbeddedBroker,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
} from './embedded-broker.ts';
export { freePort } from './free-port.ts';
export { DEFAULT_MQTT_DIR, runMqttCommand, type MqttCommandOutput } from './cli/mqtt-command.ts';
export { DEMO_SCREEN, prepareAccess } from './first-access.ts';
