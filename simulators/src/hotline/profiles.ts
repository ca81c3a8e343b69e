import { createRng, gaussian, hashSeed } from '../shared/random.ts';
import { unitIds, units } from './units.ts';

/** How a unit handles its work orders (办件作风): what its place in the ranking comes from. */
export interface UnitProfile {
  /** Median time to sign off (签收), as a share of the sign-off window. */
  signPace: number;
  /** Share of sign-offs after the sign-off deadline. */
  lateSign: number;
  /** Median share of the completion window used when on time (multiplies the pace of the kind). */
  completionPace: number;
  /** Share of completed orders completed after their due time. */
  lateCompletion: number;
  /** Share of orders never completed: they stay with the unit. */
  stuck: number;
  /** Multiplier of the callers' odds of being unsatisfied at the callback (回访). */
  unsatisfied: number;
}

/** Fast and careful: signs within minutes, answers well inside the deadline, rarely disappoints. */
const exemplary: UnitProfile = {
  signPace: 0.08,
  lateSign: 0.004,
  completionPace: 0.5,
  lateCompletion: 0.005,
  stuck: 0.008,
  unsatisfied: 0.45,
};

/** Most units: on time as a rule, a few late ones, a few orders that never get solved. */
const ordinary: UnitProfile = {
  signPace: 0.2,
  lateSign: 0.03,
  completionPace: 1,
  lateCompletion: 0.04,
  stuck: 0.0357,
  unsatisfied: 1,
};

/** Chronically late: signs when someone calls, lets orders run past their deadlines. */
const late: UnitProfile = {
  signPace: 0.45,
  lateSign: 0.14,
  completionPace: 1.5,
  lateCompletion: 0.17,
  stuck: 0.075,
  unsatisfied: 2,
};

/**
 * Strained: a big department that keeps up with most of its load but not all of it. With
 * its volume, a share of late orders a little above the ordinary one is enough to sink its
 * score below the talk line (a score adds points per order, so volume weighs).
 */
const strained: UnitProfile = {
  signPace: 0.3,
  lateSign: 0.05,
  completionPace: 1.2,
  lateCompletion: 0.07,
  stuck: 0.04,
  unsatisfied: 1.3,
};

// The ranking's story (the same every run; the city's seed changes the orders, not the units):
// - Fast and careful: 市税务局 and 市住房公积金管理中心 (procedural questions, answered from
//   their own systems the same day), 120急救指挥中心 and 国网供电公司 (on call around the clock),
//   and 市政务服务和大数据管理局, which runs the hotline and is expected to set the example.
// - Strained: 市住房和城乡建设局, the busiest department after 人社 and 交警, behind on
//   property-management disputes and housing certificates (办证难) that no one office can fix
//   quickly: a little later than ordinary, on a volume that takes its score under the talk line.
// - Chronically late: 陕州区张湾乡 and 灵宝市豫灵镇, rural townships with a handful of staff,
//   mountain villages far apart and many wage-arrears cases from mines and building sites.
// - Everyone else: ordinary, each with its own small variation so that no two score alike.
const exemplaryUnits = new Set<string>([
  unitIds.tax,
  unitIds.housingFund,
  unitIds.ambulanceCentre,
  unitIds.powerCompany,
  unitIds.dataBureau,
]);
const lateUnits = new Set<string>([
  'u-50', // 陕州区张湾乡人民政府
  'u-58', // 灵宝市豫灵镇人民政府
]);
const strainedUnits = new Set<string>([unitIds.housing]);

/** An ordinary unit's own variation: a factor with mean 1, fixed by the unit's id. */
function variation(unitId: string): (spread: number) => number {
  const rng = createRng(hashSeed('unit-profile', unitId));
  return (spread) => Math.exp(spread * gaussian(rng) - (spread * spread) / 2);
}

function profileOf(unitId: string): UnitProfile {
  if (exemplaryUnits.has(unitId)) return exemplary;
  if (lateUnits.has(unitId)) return late;
  if (strainedUnits.has(unitId)) return strained;
  const vary = variation(unitId);
  return {
    signPace: ordinary.signPace * vary(0.2),
    lateSign: ordinary.lateSign * vary(0.35),
    completionPace: ordinary.completionPace * vary(0.15),
    lateCompletion: ordinary.lateCompletion * vary(0.35),
    stuck: ordinary.stuck * vary(0.25),
    unsatisfied: ordinary.unsatisfied * vary(0.2),
  };
}

/** Behaviour profiles of the 58 units, by unit id. */
export const unitProfiles: ReadonlyMap<string, UnitProfile> = new Map(
  units.map((unit) => [unit.id, profileOf(unit.id)]),
);

/** Ids of the fast and careful units, the chronically late ones and the strained one. */
export const profileGroups = {
  exemplary: [...exemplaryUnits],
  late: [...lateUnits],
  strained: [...strainedUnits],
} as const;

/** The behaviour profile of unit `unitId`. */
export function unitProfile(unitId: string): UnitProfile {
  const profile = unitProfiles.get(unitId);
  if (!profile) throw new Error(`unknown unit ${unitId}`);
  return profile;
}
