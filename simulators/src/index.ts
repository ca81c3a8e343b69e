export * from './shared/random.ts';
export * from './iot/aqi.ts';
export * from './iot/air-quality.ts';
export * from './city-simulator.ts';
export type { Emission, StreamName } from './shared/emission.ts';
export type { StreamCounters } from './shared/mqtt-publisher.ts';
export type { Device } from './iot/device.ts';
export type { Camera } from './video/cameras.ts';
export type { Unit } from './hotline/units.ts';
export {
  scenarioKinds,
  type CameraOutage,
  type Episode,
  type EpisodeEffects,
  type ReadingEffect,
  type ScenarioKind,
} from './scenarios/episode.ts';
export {
  createScenarioPlan,
  type ScenarioPlan,
  type ScenarioPlanOptions,
} from './scenarios/scenario-plan.ts';
export {
  createHotlineCity,
  historyWindow,
  hotlineHistory,
  MAX_HISTORY_DAYS,
  unitMetaEmissions,
  type HistoryDay,
  type HistoryWindow,
  type HotlineHistoryOptions,
} from './hotline/hotline-history.ts';
export {
  publishHotlineHistory,
  type HistoryProgress,
  type PublishHistoryOptions,
} from './hotline/publish-history.ts';
