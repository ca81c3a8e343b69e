import { chinaClock, chinaDateStamp, chinaDayStart, HOUR_MS } from '../shared/china-time.ts';
import type { Community, Village } from '../shared/communities.ts';
import { districtByCode, districtCodes, type DistrictCode } from '../shared/geo.ts';
import { createRng, hashSeed, pick, pickWeighted, poisson, type Rng } from '../shared/random.ts';
import { bump, daysToSpringFestival, heatingSeason, summerness } from '../shared/seasons.ts';
import { seatOf } from '../shared/seats.ts';
import { isWorkingDay } from '../shared/work-calendar.ts';
import { buildTicket, type TicketPlace } from './ticket-lifecycle.ts';
import { requestTemplates, type TextContext } from './texts.ts';
import type { Ticket, TicketCategory } from './ticket.ts';

/** 21.64万 orders a year: the city's own figure, as the demo's default volume. */
export const DEFAULT_TICKETS_PER_DAY = 216_400 / 365;

/** The city a hotline simulation happens in. */
export interface HotlineCity {
  seed: number;
  /** Mean orders per day over a year (before `scale`). */
  ticketsPerDay: number;
  /** Multiplies the order volume. */
  scale: number;
  communities: readonly Community[];
  villages: readonly Village[];
}

const baseShares: ReadonlyArray<readonly [TicketCategory, number]> = [
  ['heating', 0.05],
  ['roads', 0.08],
  ['wages', 0.08],
  ['education', 0.07],
  ['social_insurance', 0.1],
  ['housing', 0.13],
  ['environment', 0.1],
  ['traffic', 0.08],
  ['water_power', 0.1],
  ['other', 0.21],
];
/** Share of requests from each district, roughly by population. */
const districtShares: ReadonlyArray<readonly [DistrictCode, number]> = [
  ['411202', 0.3],
  ['411203', 0.12],
  ['411221', 0.11],
  ['411224', 0.11],
  ['411281', 0.1],
  ['411282', 0.26],
];
/** Relative call volume by local hour, 0–23. */
const hourWeights = [
  0.2, 0.15, 0.12, 0.1, 0.12, 0.2, 0.35, 0.7, 1.3, 1.8, 1.9, 1.6, 1.0, 1.0, 1.5, 1.7, 1.6, 1.3, 1.0,
  0.9, 0.8, 0.6, 0.4, 0.28,
];
/** Share of requests of a category from villages rather than town estates. */
const ruralShare: Partial<Record<TicketCategory, number>> = {
  wages: 0.4,
  roads: 0.4,
  environment: 0.25,
};

/** Seasonal multiplier of a category's volume on the day containing `ms`. */
function seasonal(category: TicketCategory, ms: number): number {
  const { dayOfYear, month, date } = chinaClock(ms);
  switch (category) {
    case 'heating': {
      // 暖气不热 surges once the heating is on (15 November), most in its first weeks.
      if (heatingSeason(dayOfYear)) return 5 + 6 * bump(dayOfYear, 325, 12, 365.25);
      return month === 11 ? 2 : 0.3;
    }
    case 'wages': {
      // 讨薪 before the Spring Festival: migrant workers want their pay to go home.
      const days = daysToSpringFestival(ms);
      return days <= 45 ? 1 + 2.5 * (1 - days / 45) : 1;
    }
    case 'education': // enrolment in August and September
      return 1 + 1.5 * bump(dayOfYear, 238, 15, 365.25) + (month === 9 && date < 10 ? 0.5 : 0);
    case 'water_power': // summer power cuts, winter frozen pipes
      return 1 + 0.4 * summerness(dayOfYear) + 0.2 * (1 - summerness(dayOfYear));
    case 'environment': // construction noise and odours in summer
      return 1 + 0.3 * summerness(dayOfYear);
    default:
      return 1;
  }
}

function rawVolume(day: number): number {
  const ms = chinaDayStart(day) + 12 * HOUR_MS;
  const mix = baseShares.reduce(
    (sum, [category, share]) => sum + share * seasonal(category, ms),
    0,
  );
  return mix * (isWorkingDay(day) ? 1 : 0.8);
}

// Normalise so that a whole year averages ticketsPerDay.
const referenceYearStart = Math.floor(Date.UTC(2026, 0, 1) / 86_400_000);
let yearTotal = 0;
for (let d = 0; d < 365; d++) yearTotal += rawVolume(referenceYearStart + d);
const meanRawVolume = yearTotal / 365;

/** Expected orders on local day `day` (see chinaDay), before `scale`. */
export function expectedTickets(day: number, ticketsPerDay: number): number {
  return (ticketsPerDay * rawVolume(day)) / meanRawVolume;
}

/** Category mix on the day containing `ms`. */
export function categoryMix(ms: number): Array<readonly [TicketCategory, number]> {
  return baseShares.map(([category, share]) => [category, share * seasonal(category, ms)] as const);
}

interface DistrictPlaces {
  estates: readonly Community[];
  /** Estates weighted for heating complaints: weak exchange stations draw many. */
  heatingWeights: ReadonlyArray<readonly [Community, number]>;
  villages: readonly Village[];
}

/** Prepares per-district lookups once per city. */
export function indexPlaces(city: HotlineCity): Map<DistrictCode, DistrictPlaces> {
  return new Map(
    districtCodes.map((code) => {
      const estates = city.communities.filter((c) => c.district === code);
      return [
        code,
        {
          estates,
          heatingWeights: estates.map((c) => [c, c.heatingWeak ? 10 : 1] as const),
          villages: city.villages.filter((v) => v.district === code),
        },
      ];
    }),
  );
}

function draftPlace(
  category: TicketCategory,
  estateOnly: boolean,
  places: DistrictPlaces,
  rng: Rng,
): { name: string; at: TicketPlace } | null {
  const rural = !estateOnly && places.villages.length > 0 && rng() < (ruralShare[category] ?? 0.2);
  if (rural) {
    const village = pick(rng, places.villages);
    return { name: village.name, at: village };
  }
  if (places.estates.length === 0) return null;
  const estate =
    category === 'heating' ? pickWeighted(rng, places.heatingWeights) : pick(rng, places.estates);
  return { name: estate.name, at: estate };
}

/**
 * The work orders created on local day `day`, each with its whole simulated life: a pure
 * function of the city and the day. Ids number the day's orders in creation order.
 */
export function ticketsOfDay(
  day: number,
  city: HotlineCity,
  places: Map<DistrictCode, DistrictPlaces> = indexPlaces(city),
): Ticket[] {
  const rng = createRng(hashSeed(city.seed, 'tickets-of-day', day));
  const dayStart = chinaDayStart(day);
  const count = poisson(rng, expectedTickets(day, city.ticketsPerDay) * city.scale);
  const hours = hourWeights.map((w, h) => [h, w] as const);
  const times = Array.from(
    { length: count },
    () => dayStart + (pickWeighted(rng, hours) + rng()) * HOUR_MS,
  )
    .map(Math.floor)
    .sort((a, b) => a - b);
  const stamp = chinaDateStamp(dayStart);
  const mix = categoryMix(dayStart + 12 * HOUR_MS);
  const tickets: Ticket[] = [];
  times.forEach((createdAt, i) => {
    const id = `T${stamp}-${String(i + 1).padStart(6, '0')}`;
    const own = createRng(hashSeed(city.seed, 'ticket', id));
    const category = pickWeighted(own, mix);
    const template = pickWeighted(
      own,
      requestTemplates[category].map((t) => [t, t.weight] as const),
    );
    const district = pickWeighted(own, districtShares);
    const place = draftPlace(category, template.estate ?? false, places.get(district)!, own);
    if (!place) return;
    const seat = seatOf(district);
    const others = districtCodes.filter((code) => code !== district);
    const text: TextContext = {
      place: `${seat.district}${place.name}`,
      district: seat.district,
      street: pick(own, seat.eastWest),
      crossStreet: pick(own, seat.northSouth),
      otherDistrict: districtByCode(pick(own, others)).name,
      rng: own,
    };
    tickets.push(buildTicket({ id, createdAt, category, template, place: place.at, text }, own));
  });
  return tickets;
}
