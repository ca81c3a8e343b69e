import { ticketEventSchema, unitMetaSchema } from '@city-twin/events';
import { describe, expect, it } from 'vitest';
import { chinaDay, DAY_MS } from '../shared/china-time.ts';
import { toTicketEventPayload } from './hotline-payloads.ts';
import { createHotlineStream } from './hotline-stream.ts';
import {
  createHotlineCity,
  historyWindow,
  hotlineHistory,
  MAX_HISTORY_DAYS,
  unitMetaEmissions,
} from './hotline-history.ts';
import { indexPlaces, ticketsOfDay } from './tickets-of-day.ts';

const until = Date.parse('2026-11-26T10:00:00+08:00');
const options = { seed: 1, scale: 0.3, days: 3, until };

describe('hotlineHistory', () => {
  const days = [...hotlineHistory(options)];
  const emissions = days.flatMap((d) => d.emissions);
  const from = until - 3 * DAY_MS;

  it('holds every order created in the window with its steps up to the end, as the simulator made them', () => {
    const city = createHotlineCity(options);
    const places = indexPlaces(city);
    const tickets = [];
    for (let day = chinaDay(from); day <= chinaDay(until); day++)
      tickets.push(
        ...ticketsOfDay(day, city, places).filter(
          (t) => t.createdAt > from && t.createdAt <= until,
        ),
      );
    expect(tickets.length).toBeGreaterThan(300);
    expect(days.reduce((sum, d) => sum + d.orders, 0)).toBe(tickets.length);
    const expected = tickets
      .flatMap((t) => t.steps.filter((s) => s.at <= until))
      .map((s) => JSON.stringify(toTicketEventPayload(s)));
    expect(emissions.map((e) => JSON.stringify(e.payload)).sort()).toEqual(expected.sort());
  });

  it('is in time order, valid, and never after its end', () => {
    const times = emissions.map((e) => Date.parse(e.payload.ts));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(until);
    for (const { payload } of emissions.slice(0, 2000))
      expect(ticketEventSchema.safeParse(payload).success).toBe(true);
    expect(days.map((d) => d.day)).toEqual([
      chinaDay(from),
      chinaDay(from) + 1,
      chinaDay(from) + 2,
      chinaDay(until),
    ]);
    expect(historyWindow(3, until).localDays).toBe(4);
  });

  it('tells the open orders created in the window exactly as the live stream opens with them', async () => {
    const stream = createHotlineStream({ ...createHotlineCity(options), backlog: true });
    await stream.prepare(until);
    const opening = stream.opening(until);
    const inWindow = new Set(
      opening
        .filter((e) => e.payload.eventId.endsWith(':00-created') && Date.parse(e.payload.ts) > from)
        .map((e) => e.payload.eventId.split(':')[0]),
    );
    const told = opening.filter((e) => inWindow.has(e.payload.eventId.split(':')[0]));
    expect(told.length).toBeGreaterThan(500);
    const history = new Map(emissions.map((e) => [e.payload.eventId, JSON.stringify(e.payload)]));
    for (const e of told) expect(history.get(e.payload.eventId)).toBe(JSON.stringify(e.payload));
  });

  it('stays inside the wire contract’s 400-day window', () => {
    expect(() => historyWindow(MAX_HISTORY_DAYS + 1, until)).toThrow(RangeError);
    expect(() => historyWindow(0, until)).toThrow(RangeError);
    expect(historyWindow(MAX_HISTORY_DAYS, until).from).toBeGreaterThan(until - 400 * DAY_MS);
  });

  it('comes with the 58 units’ metadata', () => {
    const metas = unitMetaEmissions(until);
    expect(metas).toHaveLength(58);
    for (const { payload } of metas) expect(unitMetaSchema.safeParse(payload).success).toBe(true);
  });
});
