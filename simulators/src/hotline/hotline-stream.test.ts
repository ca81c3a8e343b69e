import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../shared/china-time.ts';
import { placeCommunities, placeVillages } from '../shared/communities.ts';
import { createHotlineStream, type HotlineStreamOptions } from './hotline-stream.ts';
import { DEFAULT_TICKETS_PER_DAY } from './tickets-of-day.ts';

const options: HotlineStreamOptions = {
  seed: 1,
  scale: 0.3,
  ticketsPerDay: DEFAULT_TICKETS_PER_DAY,
  communities: placeCommunities(1),
  villages: placeVillages(1),
};
const at = Date.parse('2026-11-26T10:00:00+08:00');
const ids = (emissions: { payload: { eventId: string } }[]): string[] =>
  emissions.map((e) => e.payload.eventId);

describe('createHotlineStream', () => {
  it('opens with the history of the orders still open, nothing after the start', async () => {
    const stream = createHotlineStream(options);
    await stream.prepare(at);
    const opening = stream.opening(at);
    expect(opening.length).toBeGreaterThan(500);
    const tickets = new Map<string, string[]>();
    for (const { payload } of opening) {
      expect(Date.parse(payload.ts)).toBeLessThanOrEqual(at);
      const [ticketId = ''] = payload.eventId.split(':');
      tickets.set(ticketId, [...(tickets.get(ticketId) ?? []), payload.eventId]);
    }
    // Each open order is told from its creation on.
    for (const steps of tickets.values()) expect(steps.sort()[0]).toMatch(/:00-created$/);
  });

  it('streams each step once, in time order, however the time is cut', async () => {
    const stream = createHotlineStream(options);
    await stream.prepare(at);
    stream.opening(at);
    const cuts = [at, at + 1000, at + HOUR_MS, at + 5 * HOUR_MS, at + DAY_MS, at + 2 * DAY_MS];
    const streamed = cuts.slice(1).flatMap((to, i) => stream.between(cuts[i]!, to));
    expect(streamed.length).toBeGreaterThan(200);
    const times = streamed.map((e) => Date.parse(e.payload.ts));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThan(at);
    expect(times.at(-1)).toBeLessThanOrEqual(at + 2 * DAY_MS);
    expect(new Set(ids(streamed)).size).toBe(streamed.length);
    // After an outage the same steps are derived again, byte for byte.
    const recovered = createHotlineStream(options).recover(at, at + 2 * DAY_MS);
    expect(recovered.map((e) => JSON.stringify(e.payload)).sort()).toEqual(
      streamed.map((e) => JSON.stringify(e.payload)).sort(),
    );
  });

  it('publishes the 58 units as retained metadata', () => {
    const meta = createHotlineStream(options).meta(at);
    expect(meta).toHaveLength(58);
    expect(
      meta.every((e) => e.retain && /^twin\/hotline\/unit\/u-\d{2}\/meta$/.test(e.topic)),
    ).toBe(true);
  });
});
