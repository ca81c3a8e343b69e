import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from './common.ts';
import { parseMessage } from './parse.ts';

const now = Date.parse('2026-11-26T12:00:00Z');
const enc = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const telemetry = (body: Record<string, unknown>) =>
  parseMessage(
    'twin/iot/aq-1/telemetry',
    enc({ eventId: 'e1', ts: now, metrics: { pm25: 12 }, ...body }),
    { now },
  );

describe('parseMessage', () => {
  it('accepts telemetry with epoch-ms and ISO timestamps', () => {
    const a = telemetry({});
    const b = telemetry({ ts: '2026-11-26T20:00:00+08:00' });
    expect(a).toMatchObject({ ok: true, event: { kind: 'telemetry', deviceId: 'aq-1' } });
    expect(b.ok && b.event.payload.ts.getTime()).toBe(now);
  });

  it('accepts device meta and keeps the catalogue type', () => {
    const result = parseMessage(
      'twin/iot/aq-1/meta',
      enc({ eventId: 'm1', ts: now, type: 'heating', name: '换热站', lon: 111.2, lat: 34.77 }),
      { now },
    );
    expect(result).toMatchObject({
      ok: true,
      event: { kind: 'meta', payload: { type: 'heating' } },
    });
  });

  it.each([
    ['not_json', 'twin/iot/aq-1/telemetry', '{oops'],
    [
      'non_finite_number',
      'twin/iot/aq-1/telemetry',
      `{"eventId":"e","ts":${now},"metrics":{"pm25":NaN}}`,
    ],
    [
      'non_finite_number',
      'twin/iot/aq-1/telemetry',
      `{"eventId":"e","ts":${now},"metrics":{"pm25":-Infinity}}`,
    ],
    ['not_an_object', 'twin/iot/aq-1/telemetry', '[1,2]'],
    ['missing_field', 'twin/iot/aq-1/telemetry', { eventId: 'e', metrics: { pm25: 1 } }],
    ['invalid_type', 'twin/iot/aq-1/telemetry', { eventId: 'e', ts: now, metrics: { pm25: '1' } }],
    ['unknown_metric', 'twin/iot/aq-1/telemetry', { eventId: 'e', ts: now, metrics: { warp: 1 } }],
    [
      'unknown_field',
      'twin/iot/aq-1/telemetry',
      { eventId: 'e', ts: now, metrics: { pm25: 1 }, extra: 1 },
    ],
    [
      'out_of_range',
      'twin/iot/aq-1/telemetry',
      { eventId: 'e', ts: now, metrics: { pm25: 1 }, lat: 91, lon: 0 },
    ],
    [
      'unknown_device_type',
      'twin/iot/aq-1/meta',
      { eventId: 'e', ts: now, type: 'toaster', name: 'x', lon: 1, lat: 1 },
    ],
    [
      'invalid_value',
      'twin/iot/aq-1/telemetry',
      { eventId: 'bad id!', ts: now, metrics: { pm25: 1 } },
    ],
    [
      'ts_too_old',
      'twin/iot/aq-1/telemetry',
      { eventId: 'e', ts: now - 401 * 86_400_000, metrics: { pm25: 1 } },
    ],
    [
      'ts_in_future',
      'twin/iot/aq-1/telemetry',
      { eventId: 'e', ts: now + 6 * 60_000, metrics: { pm25: 1 } },
    ],
    ['unknown_topic', 'twin/iot/aq-1/bogus', { eventId: 'e', ts: now, metrics: { pm25: 1 } }],
    ['unknown_topic', 'other/iot/aq-1/telemetry', { eventId: 'e', ts: now, metrics: { pm25: 1 } }],
  ])('rejects %s (%s)', (reason, topic, payload) => {
    expect(parseMessage(topic, enc(payload), { now })).toMatchObject({ ok: false, reason });
  });

  it('rejects payloads over 64 KiB before parsing them', () => {
    const big = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 32);
    expect(parseMessage('twin/iot/aq-1/telemetry', big, { now })).toMatchObject({
      ok: false,
      reason: 'payload_too_large',
    });
  });
});
