import { chinaClock, chinaDay, chinaDayStart, DAY_MS, HOUR_MS } from './china-time.ts';
import { createRng, hashSeed, logNormal, uniform } from './random.ts';
import { summerness } from './seasons.ts';

/** The weather at one instant. */
export interface WeatherNow {
  raining: boolean;
  /** Rain intensity, 0 (dry) – 1 (暴雨 downpour). */
  intensity: number;
  /** Air temperature, °C. */
  tempC: number;
}

/** A seeded weather process: the same seed and instant always give the same weather. */
export interface Weather {
  at(ms: number): WeatherNow;
  /**
   * Rain of the recent past, intensity-hours weighted by e^(−age / decayHours): a heavy 5-hour
   * downpour that just ended scores about 4.
   */
  recentRain(ms: number, decayHours: number): number;
}

/** Rain of one intensity from `start` to `end`, epoch ms. */
export interface RainSpell {
  start: number;
  end: number;
  /** 0–1, as {@link WeatherNow.intensity}. */
  intensity: number;
}

/** Options of {@link createWeather}. */
export interface WeatherOptions {
  /**
   * Rain beyond the seeded climate (a scenario's rainstorm): the spells overlapping
   * [from, to]. Where spells overlap, the heaviest falls; all of them count as recent rain.
   */
  extraRain?: (from: number, to: number) => readonly RainSpell[];
}

interface DayWeather {
  spells: RainSpell[];
  /** Departure of the day from the climate mean, °C. */
  anomalyC: number;
}

// Share of rainy days by month in Sanmenxia (~85 rain days a year, most in July–September).
const rainyDayShare = [0.1, 0.13, 0.17, 0.22, 0.25, 0.27, 0.38, 0.35, 0.33, 0.24, 0.15, 0.09];
const CACHE_DAYS = 96;

/** Creates the seeded weather of the demo city (rain spells, temperature). */
export function createWeather(seed: number, options: WeatherOptions = {}): Weather {
  const { extraRain } = options;
  const cache = new Map<number, DayWeather>();

  function dayWeather(day: number): DayWeather {
    const cached = cache.get(day);
    if (cached) return cached;
    const rng = createRng(hashSeed(seed, 'weather', day));
    const start = chinaDayStart(day);
    const { month, dayOfYear } = chinaClock(start);
    const summer = summerness(dayOfYear);
    const spells: RainSpell[] = [];
    if (rng() < (rainyDayShare[month - 1] ?? 0.2)) {
      const count = rng() < 0.3 ? 2 : 1;
      for (let i = 0; i < count; i++) {
        const from = start + rng() * DAY_MS;
        const hours = Math.min(14, Math.max(0.5, logNormal(rng, 3, 0.6)));
        const heavy = rng() < 0.1 + 0.3 * summer;
        // Winter precipitation is light rain or snow: it does not flood streets.
        const intensity =
          (heavy ? uniform(rng, 0.6, 1) : uniform(rng, 0.15, 0.5)) * (0.5 + summer / 2);
        spells.push({ start: from, end: from + hours * HOUR_MS, intensity });
      }
    }
    const anomalyC =
      2.5 * Math.sin((2 * Math.PI * day) / 5.3 + (hashSeed(seed, 'temp-a') % 628) / 100) +
      1.5 * Math.sin((2 * Math.PI * day) / 11.7 + (hashSeed(seed, 'temp-b') % 628) / 100);
    const weather = { spells, anomalyC };
    if (cache.size >= CACHE_DAYS) cache.delete(cache.keys().next().value as number);
    cache.set(day, weather);
    return weather;
  }

  function intensityAt(ms: number): number {
    const day = chinaDay(ms);
    let intensity = 0;
    // A spell that began yesterday evening may still be falling.
    for (const d of [day - 1, day]) {
      for (const spell of dayWeather(d).spells) {
        if (ms >= spell.start && ms < spell.end) intensity = Math.max(intensity, spell.intensity);
      }
    }
    for (const spell of extraRain?.(ms, ms) ?? [])
      if (ms >= spell.start && ms < spell.end) intensity = Math.max(intensity, spell.intensity);
    return intensity;
  }

  return {
    at(ms) {
      const { hour, dayOfYear } = chinaClock(ms);
      const intensity = intensityAt(ms);
      // Climate normals: January about −0.5 °C, July about 27 °C; warmest at 15:00.
      const mean = 13.3 - 13.7 * Math.cos((2 * Math.PI * (dayOfYear - 18)) / 365.25);
      const diurnal = 5 * Math.cos((2 * Math.PI * (hour - 15)) / 24);
      const tempC = mean + diurnal + dayWeather(chinaDay(ms)).anomalyC - 3 * intensity;
      return { raining: intensity > 0, intensity, tempC: Math.round(tempC * 10) / 10 };
    },
    recentRain(ms, decayHours) {
      const horizon = ms - 5 * decayHours * HOUR_MS;
      let total = 0;
      const add = (spell: RainSpell): void => {
        const from = Math.max(spell.start, horizon);
        const to = Math.min(spell.end, ms);
        if (to <= from) return;
        const hours = (to - from) / HOUR_MS;
        const ageHours = (ms - (from + to) / 2) / HOUR_MS;
        total += spell.intensity * hours * Math.exp(-ageHours / decayHours);
      };
      for (let d = chinaDay(horizon) - 1; d <= chinaDay(ms); d++) dayWeather(d).spells.forEach(add);
      extraRain?.(horizon, ms).forEach(add);
      return total;
    },
  };
}
