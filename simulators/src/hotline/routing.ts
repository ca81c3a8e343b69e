import { pickWeighted, type Rng } from '../shared/random.ts';
import type { UnitWeights } from './texts.ts';
import type { TicketCategory } from './ticket.ts';
import { countyGovernment, townshipsOf, unitIds, units } from './units.ts';

/**
 * Share of each category handled by the local government (区/县/市人民政府 or a township)
 * rather than a city department: small in 湖滨区 (the city proper), larger in the counties.
 */
const localShares: Readonly<Record<TicketCategory, { cityProper: number; county: number }>> = {
  heating: { cityProper: 0.15, county: 0.75 },
  roads: { cityProper: 0.2, county: 0.6 },
  wages: { cityProper: 0.25, county: 0.55 },
  education: { cityProper: 0.2, county: 0.5 },
  social_insurance: { cityProper: 0.1, county: 0.3 },
  housing: { cityProper: 0.25, county: 0.5 },
  environment: { cityProper: 0.3, county: 0.5 },
  traffic: { cityProper: 0.05, county: 0.25 },
  water_power: { cityProper: 0.05, county: 0.35 },
  other: { cityProper: 0.2, county: 0.45 },
};

// City utilities and 市城管局 serve the city proper and 陕州区; the counties run their own.
const cityNetworkUnits = new Set<string>([
  unitIds.heatingCompany,
  unitIds.waterCompany,
  unitIds.urbanManagement,
]);
const cityNetworkDistricts = new Set(['411202', '411203']);

/**
 * The unit a work order is dispatched to (派单): one of the request's city-level owners, or the
 * local government of `district`.
 */
export function responsibleUnit(
  category: TicketCategory,
  owners: UnitWeights,
  district: string,
  rng: Rng,
): string {
  const share = localShares[category];
  if (rng() >= (district === '411202' ? share.cityProper : share.county)) {
    const unitId = pickWeighted(rng, owners);
    if (!cityNetworkUnits.has(unitId) || cityNetworkDistricts.has(district)) return unitId;
  }
  const townships = townshipsOf(district);
  if (townships.length > 0 && rng() < 0.45)
    return townships[Math.floor(rng() * townships.length)]!.id;
  return countyGovernment(district).id;
}

/** A unit a dispatcher might wrongly pick instead of `correct` (it will return the order). */
export function misdispatchedUnit(correct: string, rng: Rng): string {
  const candidates = units.filter((unit) => unit.id !== correct && unit.kind !== 'township');
  return candidates[Math.floor(rng() * candidates.length)]!.id;
}
