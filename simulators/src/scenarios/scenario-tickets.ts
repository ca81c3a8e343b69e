import { chinaDateStamp } from '../shared/china-time.ts';
import { districtByCode, districtCodes } from '../shared/geo.ts';
import { createRng, hashSeed, pick, pickWeighted, type Rng } from '../shared/random.ts';
import { seatOf } from '../shared/seats.ts';
import { buildTicket, type TicketPlace } from '../hotline/ticket-lifecycle.ts';
import type { RequestTemplate } from '../hotline/texts.ts';
import type { Ticket, TicketCategory } from '../hotline/ticket.ts';
import { clockText } from './scenario-city.ts';

/** Many requests about one thing: the calls an episode sets off. */
export interface TicketBurst {
  seed: number;
  /** Unique per episode, see {@link burstIdPrefix}. */
  idPrefix: string;
  category: TicketCategory;
  templates: readonly RequestTemplate[];
  /** Creation times, ascending. */
  times: readonly number[];
  /** Where the i-th request is about: a name for the text and a point. */
  placeOf: (i: number, rng: Rng) => { name: string; at: TicketPlace };
}

/**
 * `T{YYYYMMDD}-{tag}{HHMM}`: the date and minute an episode starts. The usual orders are
 * numbered `T{YYYYMMDD}-{NNNNNN}`, so these never collide with them, and an episode starting
 * at another minute (a restart) never reuses an id with other times.
 */
export function burstIdPrefix(tag: string, start: number): string {
  return `T${chinaDateStamp(start)}-${tag}${clockText(start).replace(':', '')}`;
}

/** The work orders of a burst, each with its whole simulated life (see buildTicket). */
export function burstTickets(burst: TicketBurst): Ticket[] {
  return burst.times.map((createdAt, i) => {
    const id = `${burst.idPrefix}-${String(i + 1).padStart(2, '0')}`;
    const rng = createRng(hashSeed(burst.seed, 'scenario-ticket', id));
    const template = pickWeighted(
      rng,
      burst.templates.map((t) => [t, t.weight] as const),
    );
    const place = burst.placeOf(i, rng);
    const seat = seatOf(place.at.district);
    const others = districtCodes.filter((code) => code !== place.at.district);
    return buildTicket(
      {
        id,
        createdAt,
        category: burst.category,
        template,
        place: place.at,
        text: {
          place: `${seat.district}${place.name}`,
          district: seat.district,
          street: pick(rng, seat.eastWest),
          crossStreet: pick(rng, seat.northSouth),
          otherDistrict: districtByCode(pick(rng, others)).name,
          rng,
        },
      },
      rng,
    );
  });
}
