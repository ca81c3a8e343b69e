import { chinaDay, chinaDayStart, DAY_MS, MINUTE_MS } from '../shared/china-time.ts';
import { hashSeed } from '../shared/random.ts';
import type { RainSpell } from '../shared/weather.ts';
import type { Ticket } from '../hotline/ticket.ts';
import type { CameraDetection } from '../video/camera-events.ts';
import {
  scenarioKinds,
  type CameraOutage,
  type Episode,
  type ReadingEffect,
  type ScenarioKind,
} from './episode.ts';
import { buildFire } from './fire.ts';
import { buildHeatingFailure, inHeatingSeason } from './heating-failure.ts';
import { buildCameraOutage, buildDeviceSilence } from './outages.ts';
import { buildRainstorm } from './rainstorm.ts';
import type { ScenarioCity } from './scenario-city.ts';
import { buildWageArrears } from './wage-arrears.ts';
import { buildWaterMainBurst } from './water-main-burst.ts';

/** A recurring place in the demo schedule. */
interface Slot {
  name: string;
  /** Minutes after the simulation starts of the first episode… */
  firstAfter: number;
  /** …and between the later ones (each a little late, by up to {@link JITTER_MINUTES}). */
  every: number;
  /** Longest time from an episode's start to its end, minutes. */
  span: number;
  /** The kind an episode starting at `start` is, if any. */
  kindAt(start: number): ScenarioKind;
  build(city: ScenarioCity, start: number): Episode | null;
}

/**
 * The demo schedule, minutes of simulated time: at 1× a visitor sees the first alert (a fire)
 * about 12 minutes after the start and every kind within the first three hours; then each comes
 * back every few hours. Periods are not divisors of a week and later episodes are jittered, so
 * an hour of the week is rarely hit twice: surge baselines (same hour in earlier weeks) stay
 * clean in a city left running for weeks.
 */
const slots: readonly Slot[] = [
  { name: 'fire', firstAfter: 12, every: 300, span: 20, kindAt: () => 'fire', build: buildFire },
  {
    name: 'camera-outage',
    firstAfter: 16,
    every: 240,
    span: 40,
    kindAt: () => 'camera_outage',
    build: buildCameraOutage,
  },
  {
    name: 'device-silence',
    firstAfter: 20,
    every: 270,
    span: 60,
    kindAt: () => 'device_silence',
    build: buildDeviceSilence,
  },
  {
    // The heating failure in the heating season, a burst water main the rest of the year.
    name: 'utility-failure',
    firstAfter: 24,
    every: 360,
    span: 120,
    kindAt: (start) => (inHeatingSeason(start) ? 'heating_failure' : 'water_main_burst'),
    build: (city, start) =>
      inHeatingSeason(start) ? buildHeatingFailure(city, start) : buildWaterMainBurst(city, start),
  },
  {
    name: 'wage-arrears',
    firstAfter: 95,
    every: 540,
    span: 60,
    kindAt: () => 'wage_arrears',
    build: buildWageArrears,
  },
  {
    name: 'rainstorm',
    firstAfter: 150,
    every: 1560,
    span: 16 * 60,
    kindAt: () => 'rainstorm',
    build: buildRainstorm,
  },
];

const JITTER_MINUTES = 45;
/** Episodes kept built; older ones are built again if asked for. */
const CACHE_SIZE = 2048;

/** Options of {@link createScenarioPlan}. */
export interface ScenarioPlanOptions {
  city: ScenarioCity;
  /** Simulated time the city starts, epoch ms: the schedule counts from it. */
  startAt: number;
  /** Kinds to play; default all. */
  kinds?: readonly ScenarioKind[];
}

/** What the episodes of a run change, asked for by time window by each stream. */
export interface ScenarioPlan {
  readonly startAt: number;
  /** Episodes with a moment in [from, to], by start. */
  episodesBetween(from: number, to: number): Episode[];
  /** Rain spells overlapping [from, to]. */
  rainBetween(from: number, to: number): RainSpell[];
  /** Reading effects overlapping [from, to], by device id. */
  readingEffects(from: number, to: number): Map<string, ReadingEffect[]>;
  /** Extra detections stamped in (from, to], oldest first. */
  detectionsBetween(from: number, to: number): CameraDetection[];
  /** Camera outages overlapping [from, to], by start. */
  outagesBetween(from: number, to: number): CameraOutage[];
  /** Extra work orders created on local day `day` (see chinaDay). */
  ticketsOfDay(day: number): Ticket[];
}

/**
 * The scripted episodes of a run starting at `startAt`: each slot of the schedule recurs, on
 * whole minutes counted from the minute the run starts in. An episode is a pure function of
 * the seed, its kind and its start, so runs started in the same minute play the same episodes,
 * and a restart never reuses an episode's ids with other times.
 */
export function createScenarioPlan(options: ScenarioPlanOptions): ScenarioPlan {
  const { city, startAt } = options;
  const kinds = new Set(options.kinds ?? scenarioKinds);
  for (const kind of kinds)
    if (!(scenarioKinds as readonly string[]).includes(kind))
      throw new RangeError(`unknown scenario ${JSON.stringify(kind)}`);
  const cache = new Map<string, Episode | null>();
  const firstMinute = Math.ceil(startAt / MINUTE_MS) * MINUTE_MS;

  function startOf(slot: Slot, n: number): number {
    const jitter =
      n === 0
        ? 0
        : Math.floor(
            (hashSeed(city.seed, 'scenario-jitter', slot.name, n) / 2 ** 32) * JITTER_MINUTES,
          );
    return firstMinute + (slot.firstAfter + n * slot.every + jitter) * MINUTE_MS;
  }

  function episode(slot: Slot, n: number): Episode | null {
    const key = `${slot.name}:${n}`;
    if (cache.has(key)) return cache.get(key) ?? null;
    const start = startOf(slot, n);
    const built = kinds.has(slot.kindAt(start)) ? slot.build(city, start) : null;
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, built);
    return built;
  }

  function between(from: number, to: number, only?: (slot: Slot) => boolean): Episode[] {
    const out: Episode[] = [];
    for (const slot of slots) {
      if (only && !only(slot)) continue;
      const earliest = Math.floor(
        (from - startAt - (slot.span + JITTER_MINUTES + slot.firstAfter) * MINUTE_MS) /
          (slot.every * MINUTE_MS),
      );
      const latest = Math.floor(
        (to - startAt - slot.firstAfter * MINUTE_MS) / (slot.every * MINUTE_MS),
      );
      for (let n = Math.max(0, earliest); n <= latest; n++) {
        const found = episode(slot, n);
        if (found && found.start <= to && found.end >= from) out.push(found);
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }

  const rainstorms = (slot: Slot): boolean => slot.name === 'rainstorm';

  return {
    startAt,
    episodesBetween: (from, to) => between(from, to),
    rainBetween: (from, to) =>
      between(from, to, rainstorms)
        .flatMap((e) => e.effects.rain)
        .filter((spell) => spell.start <= to && spell.end >= from),
    readingEffects(from, to) {
      const effects = new Map<string, ReadingEffect[]>();
      for (const e of between(from, to))
        for (const effect of e.effects.readings) {
          if (effect.from > to || effect.to < from) continue;
          effects.set(effect.deviceId, [...(effects.get(effect.deviceId) ?? []), effect]);
        }
      return effects;
    },
    detectionsBetween: (from, to) =>
      between(from, to)
        .flatMap((e) => e.effects.detections)
        .filter((d) => d.at > from && d.at <= to)
        .sort((a, b) => a.at - b.at),
    outagesBetween: (from, to) =>
      between(from, to)
        .flatMap((e) => e.effects.outages)
        .filter((o) => o.start <= to && o.end >= from),
    ticketsOfDay(day) {
      const dayStart = chinaDayStart(day);
      return between(dayStart, dayStart + DAY_MS - 1)
        .flatMap((e) => e.effects.tickets)
        .filter((t) => chinaDay(t.createdAt) === day);
    },
  };
}
