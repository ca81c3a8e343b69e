import { DEFAULT_TOPIC_PREFIX, ticketEventTopic, unitMetaTopic } from '@city-twin/events';
import { chinaDay, chinaDayStart, DAY_MS } from '../shared/china-time.ts';
import { placeCommunities, placeVillages } from '../shared/communities.ts';
import type { Emission } from '../shared/emission.ts';
import { MinHeap } from '../shared/min-heap.ts';
import { toTicketEventPayload, toUnitMetaPayload } from './hotline-payloads.ts';
import type { TicketStep } from './ticket.ts';
import {
  DEFAULT_TICKETS_PER_DAY,
  indexPlaces,
  ticketsOfDay,
  type HotlineCity,
} from './tickets-of-day.ts';
import { units } from './units.ts';

/** Events older than 400 days fall outside the wire contract's window; keep a margin. */
export const MAX_HISTORY_DAYS = 395;

/** The hotline city of a seed and scale, as the city simulator builds it. */
export function createHotlineCity(options: {
  seed: number;
  scale: number;
  ticketsPerDay?: number;
}): HotlineCity {
  const { seed, scale } = options;
  return {
    seed,
    scale,
    ticketsPerDay: options.ticketsPerDay ?? DEFAULT_TICKETS_PER_DAY,
    communities: placeCommunities(seed, scale),
    villages: placeVillages(seed),
  };
}

/** Options of {@link hotlineHistory}. */
export interface HotlineHistoryOptions {
  seed: number;
  scale: number;
  ticketsPerDay?: number;
  /** Orders created in the `days` × 24 hours before `until`. */
  days: number;
  /** End of the history, epoch ms: later steps are left to the live simulator. */
  until: number;
  prefix?: string;
  /**
   * Group each day's events by order (all steps of an order together, orders in creation
   * order) instead of strict time order. Work-order derivation does not depend on arrival
   * order, so the stored result is the same; a bulk load derives each order about once
   * instead of once per batch its steps fall in.
   */
  byOrder?: boolean;
}

/** One local day of history: its new orders, and the events up to the next day, in time order. */
export interface HistoryDay {
  /** Local day number (see chinaDay). */
  day: number;
  /** Orders created that day within the window. */
  orders: number;
  emissions: Emission[];
}

/** The window of a history: orders created after `from`, up to and including `until`. */
export interface HistoryWindow {
  from: number;
  until: number;
  /** Local days the window touches: one {@link HistoryDay} each. */
  localDays: number;
}

/** The window of `days` × 24 hours before `until`. */
export function historyWindow(days: number, until: number): HistoryWindow {
  if (!Number.isInteger(days) || days < 1 || days > MAX_HISTORY_DAYS)
    throw new RangeError(`days must be a whole number from 1 to ${MAX_HISTORY_DAYS}, got ${days}`);
  const from = until - days * DAY_MS;
  return { from, until, localDays: chinaDay(until) - chinaDay(from) + 1 };
}

/** The 58 units' retained metadata, stamped `at`. */
export function unitMetaEmissions(at: number, prefix = DEFAULT_TOPIC_PREFIX): Emission[] {
  return units.map((unit) => ({
    topic: unitMetaTopic(unit.id, prefix),
    payload: toUnitMetaPayload(unit, at),
    retain: true,
  }));
}

/**
 * The 12345 history of a window, day by day: every step up to `until` of every order created
 * in it, exactly as the live stream publishes them (same eventIds, times and payloads), in time
 * order across days. Only a few weeks of steps are held at once.
 */
export function* hotlineHistory(options: HotlineHistoryOptions): Generator<HistoryDay> {
  const { from, until } = historyWindow(options.days, options.until);
  const prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
  const city = createHotlineCity(options);
  const places = indexPlaces(city);
  const pending = new MinHeap<TicketStep>((step) => step.at);
  const emission = (step: TicketStep): Emission => ({
    topic: ticketEventTopic(step.ticketId, prefix),
    payload: toTicketEventPayload(step),
    retain: false,
  });

  const last = chinaDay(until);
  for (let day = chinaDay(from); day <= last; day++) {
    let orders = 0;
    const grouped: Emission[] = [];
    for (const ticket of ticketsOfDay(day, city, places)) {
      if (ticket.createdAt <= from || ticket.createdAt > until) continue;
      orders += 1;
      for (const step of ticket.steps) {
        if (step.at > until) continue;
        if (options.byOrder) grouped.push(emission(step));
        else pending.push(step);
      }
    }
    if (options.byOrder) {
      yield { day, orders, emissions: grouped };
      continue;
    }
    // Orders of later days start after this day ends: what comes before is complete.
    const dayEnd = day === last ? Infinity : chinaDayStart(day + 1);
    const emissions: Emission[] = [];
    while ((pending.peek()?.at ?? Infinity) < dayEnd) emissions.push(emission(pending.pop()!));
    yield { day, orders, emissions };
  }
}
