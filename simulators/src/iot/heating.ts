import { locateDistrict } from '@city-twin/events/districts';
import { chinaClock } from '../shared/china-time.ts';
import type { Community } from '../shared/communities.ts';
import { offsetKm, round6 } from '../shared/geo.ts';
import { createIdMinter } from '../shared/ids.ts';
import { createRng, gaussian, hashSeed, uniform } from '../shared/random.ts';
import { bump, heatingSeason } from '../shared/seasons.ts';
import { countyGovernment, unitIds } from '../hotline/units.ts';
import type { HeatingDevice, ReadDevice } from './device.ts';

/** Districts on the city network of 市供热公司; the counties run their own. */
const cityNetwork = new Set(['411202', '411203']);

/** One exchange station (换热站) per housing estate of the district seats. */
export function placeHeatingStations(
  seed: number,
  communities: readonly Community[],
): HeatingDevice[] {
  const mint = createIdMinter('ht', 4);
  return communities.map((community) => {
    const rng = createRng(hashSeed(seed, 'heating-station', community.id));
    let at = offsetKm(community, uniform(rng, -0.12, 0.12), uniform(rng, -0.12, 0.12));
    if (locateDistrict(at.lon, at.lat) !== community.district) at = community;
    return {
      id: mint(community.district),
      type: 'heating',
      name: `${community.name}换热站`,
      lon: round6(at.lon),
      lat: round6(at.lat),
      district: community.district,
      unitId: cityNetwork.has(community.district)
        ? unitIds.heatingCompany
        : countyGovernment(community.district).id,
      weak: community.heatingWeak,
      offsetC: Math.round(gaussian(rng) * 20) / 10,
    };
  });
}

/**
 * An exchange station reading. In the heating season (15 November – 15 March) the supply
 * temperature follows the outdoor cold within 55–75 °C (weak stations run ~10 °C short), dips
 * at night (夜间降温) and is boosted before the morning; otherwise the loop idles near room
 * temperature at its static pressure.
 */
export const readHeating: ReadDevice<HeatingDevice> = (station, ms, rng, { weather }) => {
  const { hour, dayOfYear } = chinaClock(ms);
  const outdoor = weather.at(ms).tempC;
  if (!heatingSeason(dayOfYear)) {
    const idle = Math.min(35, Math.max(20, 18 + 0.35 * outdoor + 0.4 * gaussian(rng)));
    return {
      metrics: {
        supply_temp_c: Math.round(idle * 10) / 10,
        return_temp_c: Math.round((idle - 0.8) * 10) / 10,
        pressure_mpa: Math.round((0.2 + 0.01 * gaussian(rng)) * 1000) / 1000,
      },
    };
  }
  const schedule = -2 * bump(hour, 2, 2, 24) + 2 * bump(hour, 6.5, 1, 24);
  const target = Math.min(75, Math.max(55, 61 + 1.0 * (2 - outdoor) + station.offsetC + schedule));
  const supply =
    target - (station.weak ? 10 + 2 * Math.abs(gaussian(rng)) : 0) + 0.5 * gaussian(rng);
  const load = Math.min(1, Math.max(0, (18 - outdoor) / 25));
  const returnTemp = supply - (10 + 6 * load) + 0.4 * gaussian(rng);
  const pressure = 0.58 - (station.weak ? 0.12 : 0) + 0.02 * gaussian(rng);
  return {
    metrics: {
      supply_temp_c: Math.round(supply * 10) / 10,
      return_temp_c: Math.round(returnTemp * 10) / 10,
      pressure_mpa: Math.round(pressure * 1000) / 1000,
    },
  };
};
