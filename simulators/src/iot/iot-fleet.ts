import type { DeviceType } from '@city-twin/events';
import { placeCommunities } from '../shared/communities.ts';
import type { DistrictCode } from '../shared/geo.ts';
import { placeAirQualityStations } from './air-quality.ts';
import { placeAmbulances } from './ambulance.ts';
import type { Device } from './device.ts';
import { placeHeatingStations } from './heating.ts';
import { placeManholes } from './manhole.ts';
import { placeNoiseMeters } from './noise.ts';
import { placeStreetlights } from './streetlight.ts';
import { placeTrafficDetectors } from './traffic.ts';
import { placeWaterGauges } from './water-level.ts';

/**
 * Devices per type at scale 1 (heating: one exchange station per housing estate, about 360).
 * About 3,700 devices in all.
 */
export const baseDeviceCounts: Readonly<Record<Exclude<DeviceType, 'heating'>, number>> = {
  air_quality: 120,
  water_level: 60,
  traffic: 300,
  manhole: 1500,
  streetlight: 1200,
  noise: 100,
  ambulance: 31,
};

/** Every IoT device of the demo city, deterministic for `seed`; counts grow with `scale`. */
export function placeDevices(seed: number, scale = 1): Device[] {
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  const count = (type: keyof typeof baseDeviceCounts): number =>
    Math.max(1, Math.round(baseDeviceCounts[type] * scale));
  const communities = placeCommunities(seed, scale);
  return [
    ...placeAirQualityStations(count('air_quality'), seed).map((station) => ({
      ...station,
      type: 'air_quality' as const,
      district: station.district as DistrictCode,
    })),
    ...placeWaterGauges(seed, count('water_level')),
    ...placeHeatingStations(seed, communities),
    ...placeTrafficDetectors(seed, count('traffic')),
    ...placeManholes(seed, count('manhole')),
    ...placeStreetlights(seed, count('streetlight')),
    ...placeNoiseMeters(seed, count('noise'), communities),
    ...placeAmbulances(seed, count('ambulance')),
  ];
}
