import { ticketEventTopic, unitMetaTopic } from '@city-twin/events';
import { publishAll, type Message } from '../../support/publish.ts';

// 12345 work orders and their handling units published through MQTT as a hotline system
// publishes them, for browser tests that need exact figures on the screen.

export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;
const chinaOffsetMs = 8 * hourMs;

/** The calendar date (YYYY-MM-DD) of an instant in Sanmenxia (UTC+8). */
export function chinaDate(instant: number): string {
  return new Date(instant + chinaOffsetMs).toISOString().slice(0, 10);
}

/** Where today's orders start: 20 minutes ago, but never before today began in Sanmenxia. */
export function todayBase(now: number): number {
  const todayStart = Date.parse(`${chinaDate(now)}T00:00:00+08:00`);
  return Math.max(now - 20 * 60_000, todayStart + 1_000);
}

export type UnitSeed = { id: string; name: string; kind: string; district?: string };

/** One action of an order and its fields (`{ action: 'signed', unitId }` …). */
export type Step = Record<string, unknown>;

/** An order's actions, published a second apart from `base` (epoch ms). */
export type OrderSeed = { id: string; base: number; steps: Step[] };

/** The `created` action of a normal-urgency phone call from 张先生 at `place`. */
export function created(
  place: { lon: number; lat: number },
  kind: string,
  category: string,
  summary: string,
): Step {
  return {
    action: 'created',
    channel: 'phone',
    category,
    urgency: 'normal',
    kind,
    summary,
    lon: place.lon,
    lat: place.lat,
    caller: { name: '张先生', phone: '13800000000' },
  };
}

/** The messages of one order: event ids `<id>:01`, `<id>:02` … */
export function orderMessages({ id, base, steps }: OrderSeed): Message[] {
  return steps.map((body, index) => ({
    topic: ticketEventTopic(id),
    payload: JSON.stringify({
      eventId: `${id}:${String(index + 1).padStart(2, '0')}`,
      ts: new Date(base + index * 1_000).toISOString(),
      ...body,
    }),
  }));
}

/** Publishes the units' retained meta (as of `unitsSince`) and every order's actions. */
export async function publishHotline(
  brokerUrl: string,
  seed: { units: readonly UnitSeed[]; orders: readonly OrderSeed[]; unitsSince: number },
): Promise<void> {
  const ts = new Date(seed.unitsSince).toISOString();
  await publishAll(brokerUrl, [
    ...seed.units.map(({ id, ...meta }) => ({
      topic: unitMetaTopic(id),
      retain: true,
      payload: JSON.stringify({ eventId: `${id}:meta`, ts, ...meta }),
    })),
    ...seed.orders.flatMap(orderMessages),
  ]);
}
