import { iotTelemetryTopic } from '@city-twin/events';
import type { LedgerMessage } from './ledger.ts';

/**
 * Run sizes: `FAULTS_PROFILE=long` runs every fault longer and with more events than CI does
 * (`timeoutMs` is each test's limit).
 */
export const profile =
  process.env.FAULTS_PROFILE === 'long'
    ? { name: 'long', scale: 5, repeats: 3, timeoutMs: 900_000 }
    : { name: 'short', scale: 1, repeats: 1, timeoutMs: 120_000 };

/**
 * Messages a second the demo city publishes at scale 1: 3,671 devices at their report
 * intervals (≈ 102.5 readings/s) plus cameras and work orders (a few a second).
 */
export const DEMO_RATE = 105;

const ROWS_PER_READING = 2;

function reading(
  prefix: string,
  device: number,
  ts: number,
  value: number,
  tag = '',
): LedgerMessage {
  const eventId = `${prefix}-aq-${device}:${tag}${ts}`;
  return {
    key: eventId,
    topic: iotTelemetryTopic(`${prefix}-aq-${device}`),
    payload: JSON.stringify({ eventId, ts, metrics: { pm25: value, aqi: value + 10 } }),
    expect: { kind: 'stored', rows: ROWS_PER_READING },
  };
}

/**
 * `count` valid readings over `devices` devices (`<prefix>-aq-<n>`, as `testDeviceMetas` names
 * them), one second apart per device and ending about now; each is stored as two rows.
 */
export function readings(count: number, devices: number, prefix: string): LedgerMessage[] {
  const slots = Math.ceil(count / devices);
  const start = Date.now() - (slots + 60) * 1000;
  return Array.from({ length: count }, (_, i) =>
    reading(prefix, i % devices, start + Math.floor(i / devices) * 1000, 10 + (i % 200)),
  );
}

/** Messages the contract rejects, each on its own device topic, with the reason it must give. */
function poison(prefix: string, n: number, now: number): LedgerMessage {
  const topic = iotTelemetryTopic(`${prefix}-poison-${n}`);
  const eventId = `${prefix}-poison-${n}`;
  const kinds: [payload: string, reason: string][] = [
    ['{"eventId": "cut off", "ts":', 'not_json'],
    [JSON.stringify({ eventId, ts: now }), 'missing_field'],
    [`{"eventId":"${eventId}","ts":${now},"metrics":{"pm25":1e999}}`, 'non_finite_number'],
    [JSON.stringify({ eventId, ts: now, metrics: { pm25: 'high' } }), 'invalid_type'],
    ['[1,2,3]', 'not_an_object'],
  ];
  const [payload, reason] = kinds[n % kinds.length]!;
  // Payloads without a readable eventId are known by their topic (see deadLetterKey).
  const key = payload.includes('"eventId":"') ? eventId : topic;
  return { key, topic, payload, expect: { kind: 'dead_letter', reason } };
}

/**
 * A clean stream of `count` readings with, mixed in (same devices, their own eventIds):
 * 10 % of the readings republished later,
 * 2 % late (10 days old: stored), 2 % early (2 minutes ahead: stored), 1 % far-future
 * (a day ahead: `ts_in_future`), 1 % too old (401 days: `ts_too_old`) and 2 % poison.
 */
export function mixedStream(count: number, devices: number, prefix: string): LedgerMessage[] {
  const now = Date.now();
  const clean = readings(count, devices, prefix);
  const extra = (share: number) => Math.round(count * share);
  const skewed = (share: number, offsetMs: number, tag: string, reason?: string) =>
    Array.from({ length: extra(share) }, (_, i): LedgerMessage => {
      const m = reading(prefix, i % devices, now + offsetMs + i, 42, `${tag}:`);
      return reason ? { ...m, expect: { kind: 'dead_letter', reason } } : m;
    });
  const additions = [
    ...skewed(0.02, -10 * 86_400_000, 'late'),
    ...skewed(0.02, 2 * 60_000, 'early'),
    ...skewed(0.01, 86_400_000, 'future', 'ts_in_future'),
    ...skewed(0.01, -401 * 86_400_000, 'old', 'ts_too_old'),
    ...Array.from({ length: extra(0.02) }, (_, i) => poison(prefix, i, now)),
  ];
  const out = [...clean];
  // Spread the additions and the republished tenth evenly through the stream.
  additions.forEach((m, i) =>
    out.splice(Math.floor(((i + 1) * out.length) / (additions.length + 1)), 0, m),
  );
  const repeats = clean.filter((_, i) => i % 10 === 3);
  repeats.forEach((m, i) => {
    const at = Math.min(out.length, Math.floor(((i + 1) * out.length) / repeats.length));
    out.splice(at, 0, m);
  });
  return out;
}
