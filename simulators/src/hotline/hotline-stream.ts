import { DEFAULT_TOPIC_PREFIX, ticketEventTopic } from '@city-twin/events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { chinaDay, DAY_MS } from '../shared/china-time.ts';
import type { Emission, SimStream } from '../shared/emission.ts';
import { MinHeap } from '../shared/min-heap.ts';
import { toTicketEventPayload } from './hotline-payloads.ts';
import { unitMetaEmissions } from './hotline-history.ts';
import { MAX_TICKET_LIFE_MS } from './ticket-lifecycle.ts';
import type { Ticket, TicketStep } from './ticket.ts';
import { indexPlaces, ticketsOfDay, type HotlineCity } from './tickets-of-day.ts';

/** Options of {@link createHotlineStream}. */
export interface HotlineStreamOptions extends HotlineCity {
  prefix?: string;
  /**
   * At start, publish the history of every order still open (the backlog a real hotline always
   * has), as the events it would have published. Default true.
   */
  backlog?: boolean;
  /** Work orders beyond the usual ones created on local day `day` (scripted episodes). */
  extraTickets?: (day: number) => readonly Ticket[];
}

/** The hotline stream, with a warm-up that spreads the look-back over several event-loop turns. */
export interface HotlineStream extends SimStream {
  /** Generates the orders of the look-back window before `opening(at)`, yielding between days. */
  prepare(at: number, signal?: AbortSignal): Promise<void>;
}

/** How far back orders can still have steps to come. */
const LOOKBACK_DAYS = Math.ceil(MAX_TICKET_LIFE_MS / DAY_MS) + 1;

const isOpenAt = (ticket: Ticket, at: number): boolean =>
  (ticket.steps.at(-1)?.at ?? 0) > at || !ticket.steps.some((s) => s.action === 'completed');

/**
 * The 12345 hotline: retained unit metadata and every step of every work order, each at its
 * simulated time. Steps of orders already generated wait in a heap until their time comes.
 */
export function createHotlineStream(options: HotlineStreamOptions): HotlineStream {
  const { prefix = DEFAULT_TOPIC_PREFIX, backlog = true } = options;
  const places = indexPlaces(options);
  const dayTickets = (day: number): Ticket[] => [
    ...ticketsOfDay(day, options, places),
    ...(options.extraTickets?.(day) ?? []),
  ];
  const pending = new MinHeap<TicketStep>((step) => step.at);
  /** Last local day whose orders are generated, or null before the first call. */
  let generatedThrough: number | null = null;
  let prepared: { at: number; opening: TicketStep[] } | null = null;

  const emission = (step: TicketStep): Emission => ({
    topic: ticketEventTopic(step.ticketId, prefix),
    payload: toTicketEventPayload(step),
    retain: false,
  });

  /** Queues the steps after `after` of the orders of `day`; returns those up to it. */
  function generate(day: number, after: number): Ticket[] {
    const tickets = dayTickets(day);
    for (const ticket of tickets)
      for (const step of ticket.steps) if (step.at > after) pending.push(step);
    return tickets;
  }

  async function prepare(at: number, signal?: AbortSignal): Promise<void> {
    if (generatedThrough !== null) throw new Error('the hotline stream is already running');
    const opening: TicketStep[] = [];
    const last = chinaDay(at);
    for (let day = last - LOOKBACK_DAYS; day <= last; day++) {
      for (const ticket of generate(day, at)) {
        if (backlog && isOpenAt(ticket, at))
          opening.push(...ticket.steps.filter((s) => s.at <= at));
      }
      generatedThrough = day;
      await nextTurn();
      if (signal?.aborted) return;
    }
    prepared = { at, opening: opening.sort((a, b) => a.at - b.at) };
  }

  function startAt(at: number): void {
    const last = chinaDay(at);
    for (let day = last - LOOKBACK_DAYS; day <= last; day++) generate(day, at);
    generatedThrough = last;
  }

  return {
    name: 'hotline',
    prepare,
    meta: (at) => unitMetaEmissions(at, prefix),
    opening(at) {
      if (prepared?.at !== at) {
        if (generatedThrough === null) startAt(at);
        return [];
      }
      const steps = prepared.opening;
      prepared = null;
      return steps.map(emission);
    },
    between(from, to) {
      if (generatedThrough === null) startAt(from);
      // A new day's orders are all created after `from`: everything of them is still to come.
      for (let day = generatedThrough! + 1; day <= chinaDay(to); day++) {
        generate(day, from);
        generatedThrough = day;
      }
      const out: Emission[] = [];
      while ((pending.peek()?.at ?? Infinity) <= to) {
        const step = pending.pop()!;
        if (step.at > from) out.push(emission(step));
      }
      return out;
    },
    recover(from, to) {
      // Steps skipped in the outage, derived again: a ticket must not stay half-done.
      const out: TicketStep[] = [];
      for (let day = chinaDay(from) - LOOKBACK_DAYS; day <= chinaDay(to); day++) {
        for (const ticket of dayTickets(day))
          for (const step of ticket.steps) if (step.at > from && step.at <= to) out.push(step);
      }
      return out.sort((a, b) => a.at - b.at).map(emission);
    },
  };
}
