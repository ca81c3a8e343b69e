import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock, chinaDay } from '../shared/china-time.ts';
import { allocate, round6 } from '../shared/geo.ts';
import { createIdMinter } from '../shared/ids.ts';
import { createRng, hashSeed, pick } from '../shared/random.ts';
import { seats, spotOnStreets } from '../shared/seats.ts';
import { sunTimes } from '../shared/sun.ts';
import { countyGovernment, unitIds } from '../hotline/units.ts';
import type { ReadDevice, StreetlightDevice } from './device.ts';

/** Places `count` street lights along the seats' streets, densest in 湖滨区. */
export function placeStreetlights(seed: number, count: number): StreetlightDevice[] {
  const mint = createIdMinter('sl', 4);
  const perSeat = allocate(
    count,
    seats.map((s) => s.weight),
  );
  return seats.flatMap((seat, s) => {
    const rng = createRng(hashSeed(seed, 'streetlights', seat.code));
    const numbers = new Map<string, number>();
    const lights: StreetlightDevice[] = [];
    for (let attempt = 0; lights.length < (perSeat[s] ?? 0) && attempt < 100_000; attempt++) {
      const { street, point } = spotOnStreets(seat, rng);
      if (locateDistrict(point.lon, point.lat) !== seat.code) continue;
      const n = (numbers.get(street.name) ?? 0) + 1;
      numbers.set(street.name, n);
      const led = rng() < 0.85;
      lights.push({
        id: mint(seat.code),
        type: 'streetlight',
        name: `${seat.district}${street.name}${String(n).padStart(3, '0')}号路灯`,
        lon: round6(point.lon),
        lat: round6(point.lat),
        district: seat.code,
        unitId: seat.code === '411202' ? unitIds.urbanManagement : countyGovernment(seat.code).id,
        ratedW: led ? pick(rng, [120, 150, 180]) : 250,
        led,
      });
    }
    return lights;
  });
}

/** A lamp fault lasting a local day: burning by day (白天亮灯) or dark at night (不亮). */
export function lampFault(
  light: StreetlightDevice,
  day: number,
  seed: number,
): 'day_burn' | 'dark' | null {
  const x = createRng(hashSeed(seed, 'lamp-fault', light.id, day))();
  if (x < 0.004) return 'day_burn';
  if (x < 0.01) return 'dark';
  return null;
}

/**
 * A light reading: on from a few minutes after sunset to a few before sunrise (each photocell
 * a little different), LEDs dimmed to 60 % from 23:30 to 05:00; faults as {@link lampFault}.
 */
export const readStreetlight: ReadDevice<StreetlightDevice> = (light, ms, rng, { seed }) => {
  const { hour, dayOfYear } = chinaClock(ms);
  const { sunrise, sunset } = sunTimes(dayOfYear, light.lon, light.lat);
  const photocell = ((hashSeed(seed, 'photocell', light.id) % 9) - 4) / 60;
  const night = hour >= sunset + 5 / 60 + photocell || hour < sunrise - 5 / 60 - photocell;
  const fault = lampFault(light, chinaDay(ms), seed);
  const on = night || fault === 'day_burn';
  const lit = on && !(night && fault === 'dark');
  const dimmed = light.led && (hour >= 23.5 || hour < 5);
  const power = lit ? light.ratedW * (dimmed ? 0.6 : 1) * (0.97 + 0.06 * rng()) : 0;
  return { metrics: { on: on ? 1 : 0, power_w: Math.round(power * 10) / 10 } };
};
