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
    expect(a).toMatchObject({ ok: true, event: { kind: 'telemetry', id: 'aq-1' } });
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

  it('accepts every video and hotline kind', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['twin/video/cam-1/meta', { name: '大岭路口', lon: 111.2, lat: 34.77 }, 'meta'],
      ['twin/video/cam-1/status', { online: false }, 'status'],
      [
        'twin/video/cam-1/event',
        { type: 'fire_smoke', confidence: 0.92, severity: 5, count: 3 },
        'event',
      ],
      ['twin/hotline/unit/u-01/meta', { name: '市住建局', kind: 'city_department' }, 'unit_meta'],
      [
        'twin/hotline/ticket/T1/event',
        {
          action: 'created',
          channel: 'phone',
          category: 'heating',
          urgency: 'normal',
          kind: 'complaint',
          summary: '暖气不热',
          lon: 111.2,
          lat: 34.77,
          caller: { name: '史女士', phone: '13800005678' },
        },
        'ticket_event',
      ],
      [
        'twin/hotline/ticket/T1/event',
        { action: 'extension_approved', unitId: 'u-01', until: now + 86_400_000 },
        'ticket_event',
      ],
      [
        'twin/hotline/ticket/T1/event',
        { action: 'revisited', satisfaction: 'basically_satisfied' },
        'ticket_event',
      ],
    ];
    for (const [topic, body, kind] of cases) {
      const result = parseMessage(topic, enc({ eventId: 'e1', ts: now, ...body }), { now });
      expect(result, topic).toMatchObject({ ok: true, event: { kind } });
    }
  });

  it.each([
    [
      'unknown_action',
      'twin/hotline/ticket/T1/event',
      { eventId: 'e', ts: now, action: 'teleported' },
    ],
    ['missing_field', 'twin/hotline/ticket/T1/event', { eventId: 'e', ts: now }],
    ['missing_field', 'twin/hotline/ticket/T1/event', { eventId: 'e', ts: now, action: 'signed' }],
    [
      'unknown_event_type',
      'twin/video/c/event',
      { eventId: 'e', ts: now, type: 'ufo', confidence: 1, severity: 1 },
    ],
    [
      'out_of_range',
      'twin/video/c/event',
      { eventId: 'e', ts: now, type: 'intrusion', confidence: 1.5, severity: 1 },
    ],
    [
      'topic_mismatch',
      'twin/hotline/ticket/T1/event',
      { eventId: 'e', ts: now, ticketId: 'T2', action: 'reopened', reason: 'x' },
    ],
    [
      'topic_mismatch',
      'twin/iot/aq-1/telemetry',
      { eventId: 'e', ts: now, deviceId: 'aq-2', metrics: { pm25: 1 } },
    ],
    [
      'forbidden_key',
      'twin/iot/aq-1/telemetry',
      '{"eventId":"e","ts":1,"metrics":{"__proto__":{"x":1}}}',
    ],
    [
      'too_deep',
      'twin/iot/aq-1/telemetry',
      { eventId: 'e', ts: now, metrics: { pm25: 1 }, x: [[[[[[[[[1]]]]]]]]] },
    ],
  ])('rejects %s (%s)', (reason, topic, payload) => {
    expect(parseMessage(topic, enc(payload), { now })).toMatchObject({ ok: false, reason });
  });

  it('rejects invalid UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"eventId":"e","ts":1,"metrics":{"pm25":1},"n":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expect(parseMessage('twin/iot/aq-1/telemetry', bytes, { now })).toMatchObject({
      ok: false,
      reason: 'invalid_utf8',
    });
  });

  it('rejects payloads over 64 KiB before parsing them', () => {
    const big = Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 32);
    expect(parseMessage('twin/iot/aq-1/telemetry', big, { now })).toMatchObject({
      ok: false,
      reason: 'payload_too_large',
    });
  });
});
