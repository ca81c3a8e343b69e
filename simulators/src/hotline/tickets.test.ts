import { ticketEventSchema } from '@city-twin/events';
import { locateDistrict } from '@city-twin/events/districts';
import { describe, expect, it } from 'vitest';
import { chinaDay } from '../shared/china-time.ts';
import { placeCommunities, placeVillages } from '../shared/communities.ts';
import { completionDueAt, completionWorkingDays, signDueAt } from '../shared/work-calendar.ts';
import { toTicketEventPayload } from './hotline-payloads.ts';
import { profileGroups, unitProfile } from './profiles.ts';
import type { Ticket, TicketStep } from './ticket.ts';
import {
  DEFAULT_TICKETS_PER_DAY,
  indexPlaces,
  ticketsOfDay,
  type HotlineCity,
} from './tickets-of-day.ts';
import { units } from './units.ts';

const city: HotlineCity = {
  seed: 1,
  scale: 1,
  ticketsPerDay: DEFAULT_TICKETS_PER_DAY,
  communities: placeCommunities(1),
  villages: placeVillages(1),
};
const places = indexPlaces(city);
const day = (iso: string): number => chinaDay(Date.parse(`${iso}T12:00:00+08:00`));

function ticketsOver(firstDay: number, days: number): Ticket[] {
  const out: Ticket[] = [];
  for (let d = firstDay; d < firstDay + days; d++) out.push(...ticketsOfDay(d, city, places));
  return out;
}

// Ten days of March and of December: a few thousand orders each.
const march = ticketsOver(day('2026-03-20'), 10);
const december = ticketsOver(day('2026-12-01'), 10);
const all = [...march, ...december];

/** Which action may follow which (`start` before the first). */
const next: Readonly<Record<TicketStep['action'] | 'start', readonly TicketStep['action'][]>> = {
  start: ['created'],
  created: ['dispatched'],
  dispatched: ['signed', 'returned'],
  returned: ['dispatched'],
  signed: ['extension_requested', 'completed'],
  extension_requested: ['extension_approved', 'completed'],
  extension_approved: ['completed'],
  completed: ['revisited'],
  revisited: ['reopened'],
  reopened: ['dispatched'],
};

describe('ticketsOfDay', () => {
  it('creates about the city’s daily volume, with ids by date and sequence', () => {
    expect(march.length / 10).toBeGreaterThan(400);
    expect(march.length / 10).toBeLessThan(800);
    expect(march[0]?.id).toBe('T20260320-000001');
    for (const ticket of all) expect(ticket.id).toMatch(/^T2026\d{4}-\d{6}$/);
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
  });

  it('walks every order through the steps in a valid order, each after the last', () => {
    const problems: string[] = [];
    for (const ticket of all) {
      let previous: TicketStep['action'] | 'start' = 'start';
      let at = -Infinity;
      ticket.steps.forEach((step, index) => {
        if (!next[previous].includes(step.action))
          problems.push(`${ticket.id}: ${previous} → ${step.action}`);
        if (step.at <= at) problems.push(`${ticket.id}: step ${index} not after the previous one`);
        if (step.index !== index) problems.push(`${ticket.id}: index ${step.index} ≠ ${index}`);
        previous = step.action;
        at = step.at;
      });
    }
    expect(problems).toEqual([]);
  });

  it('publishes every step as a valid event with a per-ticket, per-step eventId', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const ticket of all) {
      for (const step of ticket.steps) {
        const payload = toTicketEventPayload(step);
        const result = ticketEventSchema.safeParse(payload);
        if (!result.success)
          problems.push(`${payload.eventId}: ${JSON.stringify(result.error.issues)}`);
        if (!payload.eventId.startsWith(`${ticket.id}:`)) problems.push(payload.eventId);
        ids.add(payload.eventId);
      }
    }
    expect(problems).toEqual([]);
    expect(ids.size).toBe(all.reduce((sum, t) => sum + t.steps.length, 0));
  });

  it('completes about 96.5 % of the orders and satisfies about 95 % of the callers', () => {
    const completed = all.filter((t) => t.steps.some((s) => s.action === 'completed')).length;
    const callbacks = all.flatMap((t) => t.steps).filter((s) => s.action === 'revisited');
    const satisfied = callbacks.filter(
      (s) => s.action === 'revisited' && s.satisfaction !== 'unsatisfied',
    ).length;
    expect(Math.abs((100 * completed) / all.length - 96.53)).toBeLessThan(2);
    expect(Math.abs((100 * satisfied) / callbacks.length - 95.03)).toBeLessThan(2);
    expect(callbacks.length / completed).toBeGreaterThan(0.7);
  });

  it('lets each unit work as its profile says: the careful ones on time, the late ones late', () => {
    /** Sign-off, completion and satisfaction figures of the orders handled by `unitIds`. */
    function figures(unitIds: readonly string[]) {
      const handled = all.filter((t) => unitIds.includes(t.unitId));
      let signedOnTime = 0;
      let completed = 0;
      let completedOnTime = 0;
      let callbacks = 0;
      let unsatisfied = 0;
      for (const ticket of handled) {
        const urgent = ticket.urgency === 'urgent';
        const i = ticket.steps.findIndex(
          (s) => s.action === 'dispatched' && s.unitId === ticket.unitId,
        );
        const dispatched = ticket.steps[i]!;
        const signed = ticket.steps[i + 1];
        if (signed && signed.at <= signDueAt(dispatched.at, urgent)) signedOnTime += 1;
        const extension = ticket.steps.find((s) => s.action === 'extension_approved');
        const due =
          extension?.action === 'extension_approved'
            ? extension.until
            : completionDueAt(dispatched.at, urgent, completionWorkingDays(ticket.kind));
        const done = ticket.steps.find((s) => s.action === 'completed');
        if (done) completed += 1;
        if (done && done.at <= due) completedOnTime += 1;
        for (const s of ticket.steps) {
          if (s.action !== 'revisited') continue;
          callbacks += 1;
          if (s.satisfaction === 'unsatisfied') unsatisfied += 1;
        }
      }
      return {
        orders: handled.length,
        signedOnTime: signedOnTime / handled.length,
        completion: completed / handled.length,
        onTime: completedOnTime / completed,
        unsatisfied: unsatisfied / callbacks,
      };
    }
    const careful = figures(profileGroups.exemplary);
    const late = figures(profileGroups.late);
    const strained = figures(profileGroups.strained);
    const special = [...profileGroups.exemplary, ...profileGroups.late, ...profileGroups.strained];
    const ordinary = figures(units.map((u) => u.id).filter((id) => !special.includes(id)));
    expect(careful.orders).toBeGreaterThan(300);
    expect(late.orders).toBeGreaterThan(300);
    expect(careful.onTime).toBeGreaterThan(0.97);
    expect(late.onTime).toBeLessThan(careful.onTime - 0.1);
    expect(ordinary.onTime).toBeGreaterThan(late.onTime + 0.05);
    expect(strained.onTime).toBeLessThan(ordinary.onTime);
    expect(strained.onTime).toBeGreaterThan(late.onTime);
    expect(ordinary.onTime).toBeLessThan(careful.onTime);
    expect(late.signedOnTime).toBeLessThan(careful.signedOnTime - 0.1);
    expect(late.completion).toBeLessThan(careful.completion - 0.04);
    expect(late.unsatisfied).toBeGreaterThan(2 * careful.unsatisfied);
    // Ordinary units differ a little among themselves, fixed by their ids.
    expect(new Set(units.map((u) => unitProfile(u.id).stuck)).size).toBeGreaterThan(50);
  });

  it('sometimes returns, extends and reopens orders', () => {
    const share = (action: TicketStep['action']): number =>
      all.filter((t) => t.steps.some((s) => s.action === action)).length / all.length;
    expect(share('returned')).toBeGreaterThan(0.03);
    expect(share('returned')).toBeLessThan(0.1);
    expect(share('extension_approved')).toBeGreaterThan(0.01);
    expect(share('reopened')).toBeGreaterThan(0.002);
    expect(share('reopened')).toBeLessThan(0.03);
  });

  it('places every order inside a district and dispatches it to a known unit', () => {
    const ids = new Set(units.map((u) => u.id));
    const problems: string[] = [];
    for (const ticket of all) {
      const created = ticket.steps[0];
      if (created?.action !== 'created')
        throw new Error(`${ticket.id} does not start with created`);
      if (locateDistrict(created.lon, created.lat) !== ticket.district)
        problems.push(`${ticket.id} outside`);
      for (const step of ticket.steps)
        if ('unitId' in step && !ids.has(step.unitId))
          problems.push(`${ticket.id}: ${step.unitId}`);
    }
    expect(problems).toEqual([]);
    expect(new Set(all.map((t) => t.unitId)).size).toBeGreaterThan(45);
  });

  it('hears about heating in winter and about wages before the Spring Festival', () => {
    const share = (tickets: Ticket[], category: Ticket['category']): number =>
      tickets.filter((t) => t.category === category).length / tickets.length;
    expect(share(december, 'heating')).toBeGreaterThan(0.15);
    expect(share(march, 'heating')).toBeLessThan(0.05);
    const beforeFestival = ticketsOver(day('2027-01-25'), 5); // 春节 2027-02-06
    expect(share(beforeFestival, 'wages')).toBeGreaterThan(1.5 * share(march, 'wages'));
  });

  it('is the same for the same seed and day', () => {
    expect(ticketsOfDay(day('2026-03-20'), city, places)).toEqual(
      march.slice(
        0,
        march.findIndex((t) => !t.id.startsWith('T20260320')),
      ),
    );
    const other = ticketsOfDay(day('2026-03-20'), { ...city, seed: 2 }, places);
    expect(other.map((t) => t.steps[0])).not.toEqual(
      march.slice(0, other.length).map((t) => t.steps[0]),
    );
  });
});
