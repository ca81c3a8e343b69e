import { deviceCatalogue, deviceTypes } from './catalogue.ts';
import { MAX_FUTURE_MS, MAX_PAST_MS, MAX_PAYLOAD_BYTES } from './common.ts';
import { ticketActions, unitKinds, type TicketAction } from './hotline.ts';
import type { RejectReason } from './parse.ts';
import { cameraEventTypes } from './video.ts';

/** Receiver clock for every corpus case: 2026-11-26T12:00:00Z. */
export const corpusNow = Date.parse('2026-11-26T12:00:00Z');

/** One message parseMessage must reject, and the reason it must give. */
export interface BadInputCase {
  name: string;
  topic: string;
  payload: string | Buffer;
  reason: RejectReason;
  /** Topic prefix option; the default `twin` when absent. */
  prefix?: string;
}

/** One message parseMessage must accept. */
export interface ValidEdgeCase {
  name: string;
  topic: string;
  payload: string | Buffer;
  prefix?: string;
  /** Fields the parsed payload must carry (timestamps as Date). */
  expect?: Record<string, unknown>;
}

/** A message whose current outcome looks wrong; the test pins `current` until parse.ts decides. */
export interface DisputedCase {
  name: string;
  topic: string;
  payload: string | Buffer;
  prefix?: string;
  current: RejectReason | 'accepted';
  proposed: RejectReason | 'accepted';
  why: string;
}

type Body = Record<string, unknown>;

const now = corpusNow;
const oldestMs = now - MAX_PAST_MS; // 2025-10-22T12:00:00Z
const latestMs = now + MAX_FUTURE_MS; // 2026-11-26T12:05:00Z

const topics = {
  iotMeta: 'twin/iot/aq-1/meta',
  telemetry: 'twin/iot/aq-1/telemetry',
  cameraMeta: 'twin/video/cam-1/meta',
  cameraStatus: 'twin/video/cam-1/status',
  cameraEvent: 'twin/video/cam-1/event',
  unitMeta: 'twin/hotline/unit/u-housing/meta',
  ticket: 'twin/hotline/ticket/T20261126-0001/event',
} as const;

const common = { eventId: 'evt-0001', ts: '2026-11-26T19:30:00+08:00' };

const iotMeta: Body = {
  ...common,
  type: 'air_quality',
  name: '湖滨区空气质量监测站',
  lon: 111.2003,
  lat: 34.7726,
};
const telemetry: Body = { ...common, metrics: { pm25: 35, pm10: 61, aqi: 48 } };
const cameraMeta: Body = { ...common, name: '六峰路与崤山路口', lon: 111.19, lat: 34.78 };
const cameraStatus: Body = { ...common, online: true };
const cameraEvent: Body = { ...common, type: 'fire_smoke', confidence: 0.92, severity: 4 };
const unitMeta: Body = { ...common, name: '三门峡市住房和城乡建设局', kind: 'city_department' };
const tickets: Record<TicketAction, Body> = {
  created: {
    ...common,
    action: 'created',
    channel: 'phone',
    category: 'heating',
    urgency: 'normal',
    kind: 'complaint',
    summary: '小区暖气不热，室温 14 度',
    lon: 111.2,
    lat: 34.77,
    caller: { name: '史女士', phone: '138 0000 5678' },
  },
  dispatched: { ...common, action: 'dispatched', unitId: 'u-housing' },
  signed: { ...common, action: 'signed', unitId: 'u-housing' },
  returned: { ...common, action: 'returned', unitId: 'u-housing', reason: '不属于本单位职责' },
  extension_requested: {
    ...common,
    action: 'extension_requested',
    unitId: 'u-housing',
    until: '2026-12-03T18:00:00+08:00',
  },
  extension_approved: {
    ...common,
    action: 'extension_approved',
    unitId: 'u-housing',
    until: now + 7 * 86_400_000,
  },
  completed: { ...common, action: 'completed', unitId: 'u-housing', resolution: '已更换阀门' },
  revisited: { ...common, action: 'revisited', satisfaction: 'satisfied' },
  reopened: { ...common, action: 'reopened', reason: '市民反映仍不热' },
};
const created = tickets.created;

const json = (value: unknown): string => JSON.stringify(value);
const patch = (body: Body, changes: Body): string => json({ ...body, ...changes });
const omit = (body: Body, ...fields: string[]): Body =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !fields.includes(key)));
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((part) => Buffer.from(part)));
/** A camera meta payload whose name holds `raw` bytes verbatim. */
const nameBytes = (raw: number[]): Buffer =>
  bytes(`{"eventId":"e1","ts":${now},"lon":111.2,"lat":34.7,"name":"`, raw, '"}');
/** `levels` nested objects as JSON text; 1 is `{}`. */
const nestedObjects = (levels: number): string =>
  '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
const nestedArrays = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);
/** `text` padded with trailing spaces (valid JSON whitespace) to exactly `size` bytes. */
const padTo = (text: string, size: number): Buffer => {
  const buffer = Buffer.alloc(size, 0x20);
  buffer.write(text);
  return buffer;
};

/** The common fields as JSON text, for payloads written by hand. */
const head = `"eventId":"e1","ts":${now}`;
const createdHead = `${head},"action":"created","channel":"app","category":"roads","urgency":"normal","kind":"help","summary":"s","lon":111.2,"lat":34.7`;

type Row = [name: string, topic: string, payload: string | Buffer];
const group = (reason: RejectReason, rows: Row[]): BadInputCase[] =>
  rows.map(([name, topic, payload]) => ({ name, topic, payload, reason }));

// Each group is one reason; names say what is wrong, so a failing test reads as a bug report.

const payloadTooLarge = group('payload_too_large', [
  ['one byte over 64 KiB of spaces', topics.telemetry, Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20)],
  [
    'valid telemetry padded to 64 KiB + 1',
    topics.telemetry,
    padTo(json(telemetry), MAX_PAYLOAD_BYTES + 1),
  ],
  [
    'camera meta whose name alone is 64 KiB',
    topics.cameraMeta,
    patch(cameraMeta, { name: 'x'.repeat(MAX_PAYLOAD_BYTES) }),
  ],
  ['1 MiB', topics.ticket, Buffer.alloc(1024 * 1024, 0x7b)],
  ['8 MiB', topics.iotMeta, Buffer.alloc(8 * 1024 * 1024, 0x20)],
  ['oversized on an unknown topic (size is checked first)', 'nope', Buffer.alloc(70_000, 0x20)],
  ['oversized invalid UTF-8', topics.cameraMeta, Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0xff)],
]);

const unknownTopic = group('unknown_topic', [
  ['wrong prefix', 'city/iot/aq-1/meta', json(iotMeta)],
  ['prefix in another case', 'Twin/iot/aq-1/meta', json(iotMeta)],
  ['leading slash', '/twin/iot/aq-1/meta', json(iotMeta)],
  ['trailing slash', 'twin/iot/aq-1/meta/', json(iotMeta)],
  ['missing kind level', 'twin/iot/aq-1', json(iotMeta)],
  ['missing id level', 'twin/iot/meta', json(iotMeta)],
  ['extra level', 'twin/iot/aq-1/meta/v2', json(iotMeta)],
  ['id split by a slash', 'twin/iot/aq/1/telemetry', json(telemetry)],
  ['empty id', 'twin/iot//telemetry', json(telemetry)],
  ['id with a space', 'twin/iot/aq 1/telemetry', json(telemetry)],
  ['id with #', 'twin/iot/aq#1/telemetry', json(telemetry)],
  ['single-level wildcard as id', 'twin/iot/+/telemetry', json(telemetry)],
  ['multi-level wildcard', 'twin/iot/#', json(telemetry)],
  ['id in Chinese', 'twin/iot/空气站/telemetry', json(telemetry)],
  ['id with a trailing newline', 'twin/iot/aq-1\n/telemetry', json(telemetry)],
  ['id with NUL', 'twin/iot/aq\u00001/telemetry', json(telemetry)],
  ['id with @', 'twin/video/cam@1/status', json(cameraStatus)],
  ['id of 129 chars', `twin/video/${'c'.repeat(129)}/status`, json(cameraStatus)],
  ['iot kind in upper case', 'twin/iot/aq-1/Meta', json(iotMeta)],
  ['iot has no status', 'twin/iot/aq-1/status', json(cameraStatus)],
  ['video has no telemetry', 'twin/video/cam-1/telemetry', json(telemetry)],
  ['unknown stream', 'twin/traffic/x1/meta', json(iotMeta)],
  ['unit has no event', 'twin/hotline/unit/u-housing/event', json(unitMeta)],
  ['ticket has no meta', 'twin/hotline/ticket/T1/meta', json(created)],
  ['hotline without subject', 'twin/hotline/u-housing/meta', json(unitMeta)],
  ['hotline unknown subject', 'twin/hotline/caller/c1/meta', json(unitMeta)],
  ['hotline ticket missing kind', 'twin/hotline/ticket/T1', json(created)],
  ['hotline ticket with empty id', 'twin/hotline/ticket//event', json(created)],
  ['empty topic', '', json(telemetry)],
  ['prefix only', 'twin', json(telemetry)],
]);
unknownTopic.push({
  name: 'default prefix under a configured prefix',
  topic: topics.telemetry,
  payload: json(telemetry),
  prefix: 'city',
  reason: 'unknown_topic',
});
// A prefix may have levels of its own (sanmenxia/twin); it must then match level by level.
unknownTopic.push(
  ...(
    [
      ['default-prefix topic under a prefix with levels', topics.telemetry],
      ['only the first level of a prefix with levels', 'sanmenxia/iot/aq-1/telemetry'],
      ['levels of the prefix swapped', 'twin/sanmenxia/iot/aq-1/telemetry'],
      ['prefix with levels plus an extra level', 'sanmenxia/twin/v1/iot/aq-1/telemetry'],
      ['prefix with levels, last level longer', 'sanmenxia/twins/iot/aq-1/telemetry'],
      ['prefix with levels, double slash', 'sanmenxia//twin/iot/aq-1/telemetry'],
      ['prefix with levels, missing the id', 'sanmenxia/twin/iot/telemetry'],
    ] as const
  ).map(([name, topic]) => ({
    name,
    topic,
    payload: json(telemetry),
    prefix: 'sanmenxia/twin',
    reason: 'unknown_topic' as const,
  })),
  {
    name: 'default prefix as a string prefix of the first level',
    topic: 'twinx/iot/aq-1/telemetry',
    payload: json(telemetry),
    reason: 'unknown_topic',
  },
  {
    name: 'prefix with levels given a hotline topic with too few levels',
    topic: 'sanmenxia/twin/hotline/T1/event',
    payload: json(tickets.revisited),
    prefix: 'sanmenxia/twin',
    reason: 'unknown_topic',
  },
);

const invalidUtf8: BadInputCase[] = (
  [
    ['lone continuation byte', [0x80]],
    ['0xFF byte', [0xff]],
    ['0xFE byte', [0xfe]],
    ['2-byte lead followed by ASCII', [0xc3, 0x28]],
    ['3-byte lead followed by ASCII', [0xe4, 0x28, 0xa1]],
    ['overlong "/" in 2 bytes', [0xc0, 0xaf]],
    ['overlong NUL in 2 bytes', [0xc0, 0x80]],
    ['overlong "/" in 3 bytes', [0xe0, 0x80, 0xaf]],
    ['overlong "/" in 4 bytes', [0xf0, 0x80, 0x80, 0xaf]],
    ['lone high surrogate U+D800 encoded', [0xed, 0xa0, 0x80]],
    ['lone low surrogate U+DFFF encoded', [0xed, 0xbf, 0xbf]],
    ['CESU-8 surrogate pair for U+1F600', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]],
    ['code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['5-byte sequence', [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ['三门峡 in GBK', [0xc8, 0xfd, 0xc3, 0xc5, 0xcf, 0xbf]],
    ['Latin-1 é', [0xe9]],
  ] as const
).map(([name, raw]) => ({
  name,
  topic: topics.cameraMeta,
  payload: nameBytes([...raw]),
  reason: 'invalid_utf8' as const,
}));
invalidUtf8.push(
  {
    name: 'truncated 中 at the end of the payload',
    topic: topics.cameraMeta,
    payload: bytes(json(cameraMeta).slice(0, -1), [0xe4, 0xb8]),
    reason: 'invalid_utf8',
  },
  {
    name: 'truncated 4-byte emoji at the end of the payload',
    topic: topics.cameraMeta,
    payload: bytes(json(cameraMeta), [0xf0, 0x9f, 0x98]),
    reason: 'invalid_utf8',
  },
  {
    name: 'UTF-16LE with its BOM',
    topic: topics.cameraStatus,
    payload: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(cameraStatus), 'utf16le')]),
    reason: 'invalid_utf8',
  },
  {
    name: 'UTF-16BE with its BOM',
    topic: topics.cameraStatus,
    payload: Buffer.concat([
      Buffer.from([0xfe, 0xff]),
      Buffer.from(json(cameraStatus), 'utf16le').swap16(),
    ]),
    reason: 'invalid_utf8',
  },
);

const statusText = json(cameraStatus);
const notJson = group('not_json', [
  ['empty payload', topics.cameraStatus, ''],
  ['whitespace only', topics.cameraStatus, ' \n\t '],
  ['UTF-8 BOM only', topics.cameraStatus, Buffer.from([0xef, 0xbb, 0xbf])],
  ['two UTF-8 BOMs', topics.cameraStatus, bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], statusText)],
  ['truncated object', topics.cameraStatus, statusText.slice(0, -1)],
  ['truncated in a string', topics.cameraStatus, statusText.slice(0, 10)],
  ['unterminated string', topics.cameraStatus, '{"eventId":"e1'],
  ['trailing comma in object', topics.cameraStatus, `{"eventId":"e1","ts":${now},"online":true,}`],
  [
    'trailing comma in metrics',
    topics.cameraStatus,
    `{"eventId":"e1","ts":${now},"metrics":{"pm25":1,}}`,
  ],
  [
    'trailing comma in array',
    topics.cameraStatus,
    `{"eventId":"e1","ts":${now},"online":true,"x":[1,]}`,
  ],
  ['single-quoted strings', topics.cameraStatus, `{'eventId':'e1','ts':${now},'online':true}`],
  ['unquoted keys', topics.cameraStatus, `{eventId:"e1",ts:${now},online:true}`],
  ['line comment', topics.cameraStatus, `{"eventId":"e1", // camera 1\n"ts":${now},"online":true}`],
  ['block comment', topics.cameraStatus, `{"eventId":"e1",/* ts */"ts":${now},"online":true}`],
  ['hex number', topics.cameraStatus, `{"eventId":"e1","ts":0x19AC,"online":true}`],
  ['leading zero', topics.cameraStatus, `{"eventId":"e1","ts":0${now},"online":true}`],
  ['explicit plus sign', topics.cameraStatus, `{"eventId":"e1","ts":+${now},"online":true}`],
  ['leading dot', topics.cameraStatus, `{"eventId":"e1","ts":${now},"confidence":.5}`],
  ['trailing dot', topics.cameraStatus, `{"eventId":"e1","ts":${now},"confidence":1.}`],
  ['raw newline in a string', topics.cameraStatus, `{"eventId":"e1","ts":${now},"name":"a\nb"}`],
  ['raw tab in a string', topics.cameraStatus, `{"eventId":"e1","ts":${now},"name":"a\tb"}`],
  ['invalid escape', topics.cameraStatus, `{"eventId":"e\\x41","ts":${now},"online":true}`],
  [
    'Python literals',
    topics.cameraStatus,
    `{'eventId': 'e1', 'ts': ${now}, 'online': True, 'x': None}`,
  ],
  ['capitalised true', topics.cameraStatus, `{"eventId":"e1","ts":${now},"online":True}`],
  ['undefined literal', topics.cameraStatus, `{"eventId":"e1","ts":${now},"online":undefined}`],
  ['two objects back to back', topics.cameraStatus, statusText + statusText],
  ['trailing garbage', topics.cameraStatus, statusText + ' ok'],
  ['XML', topics.cameraStatus, '<status online="true"/>'],
  ['bare NaN (no preceding token)', topics.cameraStatus, 'NaN'],
  ['bare Infinity', topics.cameraStatus, 'Infinity'],
  [
    '+Infinity (the NaN/Infinity pattern does not know it)',
    topics.cameraStatus,
    `{"eventId":"e1","ts":+Infinity}`,
  ],
  ['lower-case nan', topics.cameraStatus, `{"eventId":"e1","ts":${now},"confidence":nan}`],
  ['NaN next to another syntax error', topics.cameraStatus, `{"eventId":"e1","ts":NaN,}`],
  ['UTF-16LE without BOM', topics.cameraStatus, Buffer.from(statusText, 'utf16le')],
]);

const nonFiniteNumber = group('non_finite_number', [
  ['NaN metric', topics.telemetry, `{"eventId":"e1","ts":${now},"metrics":{"pm25":NaN}}`],
  ['Infinity metric', topics.telemetry, `{"eventId":"e1","ts":${now},"metrics":{"pm25":Infinity}}`],
  ['-Infinity metric', topics.telemetry, `{"eventId":"e1","ts":${now},"metrics":{"db":-Infinity}}`],
  ['-NaN metric', topics.telemetry, `{"eventId":"e1","ts":${now},"metrics":{"pm25":-NaN}}`],
  [
    'NaN between other metrics, spaced',
    topics.telemetry,
    `{"eventId":"e1","ts":${now},"metrics":{"pm25":1, "pm10": NaN , "aqi":3}}`,
  ],
  ['NaN ts', topics.telemetry, `{"eventId":"e1","ts":NaN,"metrics":{"pm25":1}}`],
  ['Infinity ts', topics.cameraStatus, `{"eventId":"e1","ts":Infinity,"online":true}`],
  [
    'NaN lat',
    topics.iotMeta,
    `{"eventId":"e1","ts":${now},"type":"noise","name":"n","lon":111.2,"lat":NaN}`,
  ],
  [
    '-Infinity lon',
    topics.cameraMeta,
    `{"eventId":"e1","ts":${now},"name":"n","lon":-Infinity,"lat":34.7}`,
  ],
  [
    'NaN confidence',
    topics.cameraEvent,
    `{"eventId":"e1","ts":${now},"type":"intrusion","confidence":NaN,"severity":2}`,
  ],
  [
    'Infinity count',
    topics.cameraEvent,
    `{"eventId":"e1","ts":${now},"type":"intrusion","confidence":1,"severity":2,"count":Infinity}`,
  ],
  [
    'NaN in an array',
    topics.telemetry,
    `{"eventId":"e1","ts":${now},"metrics":{"pm25":1},"x":[1,NaN]}`,
  ],
  [
    'Infinity until',
    topics.ticket,
    `{"eventId":"e1","ts":${now},"action":"extension_requested","unitId":"u1","until":Infinity}`,
  ],
  ['NaN in an array payload (checked before the object shape)', topics.telemetry, '[NaN]'],
  // Valid JSON whose numbers overflow: JSON.parse turns them into ±Infinity.
  [
    'metric literal 1e999 overflows to Infinity',
    topics.telemetry,
    `{${head},"metrics":{"pm25":1e999}}`,
  ],
  [
    'lat literal -1e400 overflows to -Infinity',
    topics.cameraMeta,
    `{${head},"name":"n","lon":111.2,"lat":-1e400}`,
  ],
  [
    'lon 1.8e308, just past the largest double',
    topics.iotMeta,
    `{${head},"type":"noise","name":"n","lon":1.8e308,"lat":34.7}`,
  ],
  ['epoch ts 1e999', topics.telemetry, `{"eventId":"e1","ts":1e999,"metrics":{"pm25":1}}`],
  [
    'until -1E400 (upper-case exponent)',
    topics.ticket,
    `{${head},"action":"extension_approved","unitId":"u1","until":-1E400}`,
  ],
  [
    'confidence 1e309',
    topics.cameraEvent,
    `{${head},"type":"intrusion","confidence":1e309,"severity":2}`,
  ],
  [
    'count written with 400 digits',
    topics.cameraEvent,
    `{${head},"type":"intrusion","confidence":1,"severity":2,"count":1${'0'.repeat(400)}}`,
  ],
  [
    'severity 9.9e99999',
    topics.cameraEvent,
    `{${head},"type":"intrusion","confidence":1,"severity":9.9e99999}`,
  ],
  ['created lat 1e999', topics.ticket, `{${createdHead.replace('"lat":34.7', '"lat":1e999')}}`],
  [
    'overflow as caller phone (checked before the type)',
    topics.ticket,
    `{${createdHead},"caller":{"name":"a","phone":1e999}}`,
  ],
  [
    'overflow in an unknown field (checked before unknown_field)',
    topics.cameraStatus,
    `{${head},"online":true,"x":1e999}`,
  ],
  [
    'overflow deep in arrays of an unknown field',
    topics.telemetry,
    `{${head},"metrics":{"pm25":1},"x":[1,[2,[-1e999]]]}`,
  ],
  [
    'overflow beside a missing field (checked before the schema)',
    topics.cameraStatus,
    '{"eventId":"e1","online":1e999}',
  ],
]);

const notAnObject = group('not_an_object', [
  ['empty array', topics.telemetry, '[]'],
  ['array holding a valid payload', topics.telemetry, `[${json(telemetry)}]`],
  ['string', topics.cameraStatus, '"online"'],
  ['payload encoded twice as a JSON string', topics.cameraStatus, json(json(cameraStatus))],
  ['integer', topics.cameraStatus, '42'],
  ['negative float', topics.cameraStatus, '-1.5e3'],
  ['null', topics.cameraStatus, 'null'],
  ['null with whitespace', topics.cameraStatus, ' \n null \n'],
  ['true', topics.cameraStatus, 'true'],
  ['false', topics.cameraStatus, 'false'],
  ['deeply nested arrays', topics.cameraStatus, nestedArrays(5000)],
]);

const tooDeep = group('too_deep', [
  [
    'object at depth 9 in an extra field',
    topics.telemetry,
    `{"eventId":"e1","ts":${now},"metrics":{"pm25":1},"x":${nestedObjects(8)}}`,
  ],
  [
    'arrays nested inside a metric value',
    topics.telemetry,
    `{"eventId":"e1","ts":${now},"metrics":{"pm25":${nestedArrays(7)}}}`,
  ],
  [
    'nesting inside caller',
    topics.ticket,
    patch(created, { caller: JSON.parse(nestedObjects(9)) as unknown }),
  ],
  ['5000 nested objects', topics.cameraStatus, nestedObjects(5000)],
  [
    'deep nesting beside valid fields of a unit',
    topics.unitMeta,
    `{"eventId":"e1","ts":${now},"name":"n","kind":"other","d":${nestedArrays(10)}}`,
  ],
]);

const forbiddenKey = group('forbidden_key', [
  ['__proto__ at the root', topics.cameraStatus, `{"__proto__":{"online":true},${head}}`],
  ['constructor at the root', topics.cameraStatus, `{${head},"online":true,"constructor":1}`],
  ['prototype at the root', topics.cameraStatus, `{${head},"online":true,"prototype":{}}`],
  ['__proto__ as a metric name', topics.telemetry, `{${head},"metrics":{"__proto__":1}}`],
  ['constructor as a metric name', topics.telemetry, `{${head},"metrics":{"constructor":1}}`],
  ['prototype as a metric name', topics.telemetry, `{${head},"metrics":{"prototype":1}}`],
  [
    '__proto__ inside caller',
    topics.ticket,
    `{${createdHead},"caller":{"name":"a","phone":"123","__proto__":{"isAdmin":true}}}`,
  ],
  [
    'constructor inside caller',
    topics.ticket,
    `{${createdHead},"caller":{"constructor":{"prototype":{"polluted":1}}}}`,
  ],
  ['prototype in an object inside arrays', topics.telemetry, `{${head},"x":[[{"prototype":1}]]}`],
  [
    '__proto__ at depth 6',
    topics.unitMeta,
    `{${head},"a":{"b":{"c":{"d":{"e":{"__proto__":null}}}}}}`,
  ],
  ['__proto__ as the only key', topics.iotMeta, '{"__proto__":null}'],
  [
    'constructor in a ticket action body',
    topics.ticket,
    `{${head},"action":"reopened","reason":"r","constructor":"x"}`,
  ],
]);

// Valid JSON, valid UTF-8, yet text PostgreSQL cannot store (text and jsonb reject U+0000 and
// unpaired surrogates): one such message would fail its whole batch on every retry. Checked on
// every string and key before the schema, so it wins over the schema's own reasons.
const invalidText = group('invalid_text', [
  ['U+0000 in a device name', topics.iotMeta, patch(iotMeta, { name: '站\u0000' })],
  ['U+0000 in a summary', topics.ticket, patch(created, { summary: 'a\u0000b' })],
  [
    'escaped lone surrogate in a reopen reason',
    topics.ticket,
    `{${head},"action":"reopened","reason":"\\ud800"}`,
  ],
  ['U+0000 as a returned reason', topics.ticket, patch(tickets.returned, { reason: '\u0000' })],
  [
    'U+0000 in a resolution',
    topics.ticket,
    patch(tickets.completed, { resolution: '已修复\u0000' }),
  ],
  [
    'U+0000 in a metric name (before unknown_metric)',
    topics.telemetry,
    `{${head},"metrics":{"pm25\\u0000":1}}`,
  ],
  [
    'U+0000 in a caller name',
    topics.ticket,
    patch(created, { caller: { name: '史\u0000女士', phone: '13800005678' } }),
  ],
  [
    'escaped lone low surrogate in a camera name',
    topics.cameraMeta,
    `{${head},"name":"a\\udfffb","lon":111.2,"lat":34.7}`,
  ],
  [
    'escaped lone high surrogate at the end of a unit name',
    topics.unitMeta,
    `{${head},"name":"局\\uD83D","kind":"other"}`,
  ],
  [
    'escaped surrogate pair in the wrong order',
    topics.cameraMeta,
    `{${head},"name":"\\ude00\\ud83d","lon":111.2,"lat":34.7}`,
  ],
  [
    'lone surrogate as a key (before unknown_field)',
    topics.cameraStatus,
    `{${head},"online":true,"\\ud800":1}`,
  ],
  [
    'lone surrogate in a metric name',
    topics.telemetry,
    `{${head},"metrics":{"pm25":1,"pm\\udc00":2}}`,
  ],
  ['U+0000 as the only key (before missing_field)', topics.cameraStatus, '{"\\u0000":1}'],
  [
    'U+0000 as a key inside caller',
    topics.ticket,
    `{${createdHead},"caller":{"name":"a","phone":"123","\\u0000":1}}`,
  ],
  [
    'U+0000 in eventId (before the id pattern)',
    topics.telemetry,
    patch(telemetry, { eventId: 'evt\u00001' }),
  ],
  [
    'U+0000 after deviceId (before topic_mismatch)',
    topics.telemetry,
    patch(telemetry, { deviceId: 'aq-1\u0000' }),
  ],
  [
    'U+0000 in a streamUrl',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: 'rtsp://10.0.0.1/live\u0000' }),
  ],
  ['U+0000 as ts', topics.cameraStatus, patch(cameraStatus, { ts: '\u0000' })],
  [
    'U+0000 in an array of an unknown field',
    topics.cameraStatus,
    `{${head},"online":true,"tags":["ok",["\\u0000"]]}`,
  ],
]);

// Every required field, per kind (a missing enum is missing_field too).
const requiredFields: [string, string, Body, string[]][] = [
  ['iot meta', topics.iotMeta, iotMeta, ['eventId', 'ts', 'type', 'name', 'lon', 'lat']],
  ['telemetry', topics.telemetry, telemetry, ['eventId', 'ts', 'metrics']],
  ['camera meta', topics.cameraMeta, cameraMeta, ['eventId', 'ts', 'name', 'lon', 'lat']],
  ['camera status', topics.cameraStatus, cameraStatus, ['eventId', 'ts', 'online']],
  [
    'camera event',
    topics.cameraEvent,
    cameraEvent,
    ['eventId', 'ts', 'type', 'confidence', 'severity'],
  ],
  ['unit meta', topics.unitMeta, unitMeta, ['eventId', 'ts', 'name', 'kind']],
  [
    'ticket created',
    topics.ticket,
    created,
    ['eventId', 'ts', 'action', 'channel', 'category', 'urgency', 'kind', 'summary', 'lon', 'lat'],
  ],
  ['ticket dispatched', topics.ticket, tickets.dispatched, ['unitId', 'ts']],
  ['ticket signed', topics.ticket, tickets.signed, ['unitId', 'eventId']],
  ['ticket returned', topics.ticket, tickets.returned, ['unitId', 'reason']],
  ['ticket extension_requested', topics.ticket, tickets.extension_requested, ['unitId', 'until']],
  ['ticket extension_approved', topics.ticket, tickets.extension_approved, ['unitId', 'until']],
  ['ticket completed', topics.ticket, tickets.completed, ['unitId', 'resolution']],
  ['ticket revisited', topics.ticket, tickets.revisited, ['satisfaction']],
  ['ticket reopened', topics.ticket, tickets.reopened, ['reason', 'ts']],
];
const missingField: BadInputCase[] = requiredFields.flatMap(([label, topic, body, fields]) =>
  fields.map((field) => ({
    name: `${label} without ${field}`,
    topic,
    payload: json(omit(body, field)),
    reason: 'missing_field' as const,
  })),
);
missingField.push(
  ...Object.values(topics).map((topic) => ({
    name: `{} on ${topic}`,
    topic,
    payload: '{}',
    reason: 'missing_field' as const,
  })),
  {
    name: 'caller without name',
    topic: topics.ticket,
    payload: patch(created, { caller: { phone: '13800005678' } }),
    reason: 'missing_field',
  },
  {
    name: 'caller without phone',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: '史女士' } }),
    reason: 'missing_field',
  },
  {
    // The missing field is reported before the unknown one.
    name: 'typo of a required field (onLine for online)',
    topic: topics.cameraStatus,
    payload: json({ ...common, onLine: true }),
    reason: 'missing_field',
  },
  {
    name: 'typo of metrics (metric)',
    topic: topics.telemetry,
    payload: json({ ...common, metric: { pm25: 1 } }),
    reason: 'missing_field',
  },
  {
    name: 'missing ts in epoch-ms producer',
    topic: topics.cameraEvent,
    payload: json(omit(cameraEvent, 'ts')),
    reason: 'missing_field',
  },
  // A position is a pair: half of one cannot be placed on the map.
  {
    name: 'telemetry with lon but no lat',
    topic: topics.telemetry,
    payload: patch(telemetry, { lon: 111.2 }),
    reason: 'missing_field',
  },
  {
    name: 'telemetry with lat but no lon',
    topic: 'twin/iot/amb-7/telemetry',
    payload: patch(telemetry, { metrics: { speed_kmh: 40 }, lat: 34.76 }),
    reason: 'missing_field',
  },
  {
    name: 'telemetry with lat 0 but no lon (0 is present)',
    topic: topics.telemetry,
    payload: patch(telemetry, { lat: 0 }),
    reason: 'missing_field',
  },
);

const invalidType = group('invalid_type', [
  ['eventId as number', topics.telemetry, patch(telemetry, { eventId: 1 })],
  ['eventId null', topics.telemetry, patch(telemetry, { eventId: null })],
  ['eventId as array', topics.telemetry, patch(telemetry, { eventId: ['e1'] })],
  ['ts as boolean', topics.telemetry, patch(telemetry, { ts: true })],
  ['ts null', topics.telemetry, patch(telemetry, { ts: null })],
  ['ts as object', topics.telemetry, patch(telemetry, { ts: { $date: now } })],
  ['ts as fractional ms', topics.telemetry, patch(telemetry, { ts: now + 0.5 })],
  ['metrics as array', topics.telemetry, patch(telemetry, { metrics: [['pm25', 1]] })],
  ['metrics null', topics.telemetry, patch(telemetry, { metrics: null })],
  ['metrics as string', topics.telemetry, patch(telemetry, { metrics: 'pm25=1' })],
  ['metric value as string', topics.telemetry, patch(telemetry, { metrics: { pm25: '35' } })],
  ['metric value as boolean', topics.telemetry, patch(telemetry, { metrics: { on: true } })],
  ['metric value null', topics.telemetry, patch(telemetry, { metrics: { on: null } })],
  ['metric value as object', topics.telemetry, patch(telemetry, { metrics: { db: { avg: 50 } } })],
  ['telemetry lon as string', topics.telemetry, patch(telemetry, { lon: '111.2', lat: 34.7 })],
  ['deviceId as number', topics.telemetry, patch(telemetry, { deviceId: 1 })],
  ['iot type as number', topics.iotMeta, patch(iotMeta, { type: 3 })],
  ['iot name as number', topics.iotMeta, patch(iotMeta, { name: 12 })],
  ['iot lat as string', topics.iotMeta, patch(iotMeta, { lat: '34.77' })],
  ['iot lon null', topics.iotMeta, patch(iotMeta, { lon: null })],
  ['iot unitId as number', topics.iotMeta, patch(iotMeta, { unitId: 7 })],
  ['camera name null', topics.cameraMeta, patch(cameraMeta, { name: null })],
  ['camera lat as boolean', topics.cameraMeta, patch(cameraMeta, { lat: false })],
  ['camera lon as [lon, lat]', topics.cameraMeta, patch(cameraMeta, { lon: [111.2, 34.7] })],
  ['streamUrl as object', topics.cameraMeta, patch(cameraMeta, { streamUrl: { rtsp: 'x' } })],
  ['cameraId null', topics.cameraMeta, patch(cameraMeta, { cameraId: null })],
  ['online as "true"', topics.cameraStatus, patch(cameraStatus, { online: 'true' })],
  ['online as 1', topics.cameraStatus, patch(cameraStatus, { online: 1 })],
  ['online null', topics.cameraStatus, patch(cameraStatus, { online: null })],
  ['event type as number', topics.cameraEvent, patch(cameraEvent, { type: 2 })],
  ['confidence as string', topics.cameraEvent, patch(cameraEvent, { confidence: '0.9' })],
  ['severity as string', topics.cameraEvent, patch(cameraEvent, { severity: '3' })],
  ['severity fractional', topics.cameraEvent, patch(cameraEvent, { severity: 2.5 })],
  ['count fractional', topics.cameraEvent, patch(cameraEvent, { count: 1.5 })],
  ['count as string', topics.cameraEvent, patch(cameraEvent, { count: '3' })],
  ['snapshotUrl as array', topics.cameraEvent, patch(cameraEvent, { snapshotUrl: ['a'] })],
  ['unit name as number', topics.unitMeta, patch(unitMeta, { name: 1 })],
  ['unitId (unit meta) as number', topics.unitMeta, patch(unitMeta, { unitId: 1 })],
  ['district as number', topics.unitMeta, patch(unitMeta, { district: 411202 })],
  ['ticketId as number', topics.ticket, patch(tickets.signed, { ticketId: 1 })],
  ['summary as number', topics.ticket, patch(created, { summary: 12345 })],
  ['created lon as string', topics.ticket, patch(created, { lon: '111.2' })],
  ['caller as string', topics.ticket, patch(created, { caller: '史女士 13800005678' })],
  ['caller as array', topics.ticket, patch(created, { caller: ['史女士', '13800005678'] })],
  ['caller null', topics.ticket, patch(created, { caller: null })],
  [
    'caller phone as number',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: 13800005678 } }),
  ],
  ['dispatched unitId as number', topics.ticket, patch(tickets.dispatched, { unitId: 42 })],
  ['returned reason as array', topics.ticket, patch(tickets.returned, { reason: ['x'] })],
  ['until as boolean', topics.ticket, patch(tickets.extension_requested, { until: true })],
  ['resolution null', topics.ticket, patch(tickets.completed, { resolution: null })],
]);

const outOfRange = group('out_of_range', [
  ['iot lon just over 180', topics.iotMeta, patch(iotMeta, { lon: 180.000001 })],
  ['iot lon under -180', topics.iotMeta, patch(iotMeta, { lon: -180.5 })],
  ['iot lat just over 90', topics.iotMeta, patch(iotMeta, { lat: 90.0001 })],
  ['iot lat -91', topics.iotMeta, patch(iotMeta, { lat: -91 })],
  ['iot lat and lon swapped', topics.iotMeta, patch(iotMeta, { lon: 34.77, lat: 111.2 })],
  ['iot lat in micro-degrees', topics.iotMeta, patch(iotMeta, { lat: 34_772_600 })],
  ['iot lon 1e308', topics.iotMeta, patch(iotMeta, { lon: 1e308 })],
  ['telemetry lat 91', topics.telemetry, patch(telemetry, { lon: 111.2, lat: 91 })],
  ['telemetry lon -181', topics.telemetry, patch(telemetry, { lon: -181, lat: 34 })],
  ['camera lon 360', topics.cameraMeta, patch(cameraMeta, { lon: 360 })],
  ['camera lat -90.0000001', topics.cameraMeta, patch(cameraMeta, { lat: -90.0000001 })],
  ['created lon 181', topics.ticket, patch(created, { lon: 181 })],
  ['created lat -90.1', topics.ticket, patch(created, { lat: -90.1 })],
  ['confidence 1.01', topics.cameraEvent, patch(cameraEvent, { confidence: 1.01 })],
  ['confidence -0.01', topics.cameraEvent, patch(cameraEvent, { confidence: -0.01 })],
  ['confidence as percent', topics.cameraEvent, patch(cameraEvent, { confidence: 92 })],
  ['severity 0', topics.cameraEvent, patch(cameraEvent, { severity: 0 })],
  ['severity 6', topics.cameraEvent, patch(cameraEvent, { severity: 6 })],
  ['severity -1', topics.cameraEvent, patch(cameraEvent, { severity: -1 })],
  ['count -1', topics.cameraEvent, patch(cameraEvent, { count: -1 })],
  ['count 1 000 001', topics.cameraEvent, patch(cameraEvent, { count: 1_000_001 })],
  ['iot name empty', topics.iotMeta, patch(iotMeta, { name: '' })],
  ['iot name 201 chars', topics.iotMeta, patch(iotMeta, { name: 'x'.repeat(201) })],
  ['iot name 201 CJK chars', topics.iotMeta, patch(iotMeta, { name: '站'.repeat(201) })],
  ['iot name 201 emoji', topics.iotMeta, patch(iotMeta, { name: '🚦'.repeat(201) })],
  ['camera name empty', topics.cameraMeta, patch(cameraMeta, { name: '' })],
  [
    'streamUrl 2049 chars',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: `rtsp://10.0.0.1/${'s'.repeat(2033)}` }),
  ],
  [
    'streamUrl of 2049 CJK code points',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: `rtmp://10.0.0.1/${'流'.repeat(2033)}` }),
  ],
  [
    'snapshotUrl 2049 chars',
    topics.cameraEvent,
    patch(cameraEvent, { snapshotUrl: `https://x/${'s'.repeat(2039)}` }),
  ],
  ['unit name empty', topics.unitMeta, patch(unitMeta, { name: '' })],
  ['unit name 201 chars', topics.unitMeta, patch(unitMeta, { name: '局'.repeat(201) })],
  ['summary empty', topics.ticket, patch(created, { summary: '' })],
  ['summary 2001 chars', topics.ticket, patch(created, { summary: '热'.repeat(2001) })],
  ['caller name empty', topics.ticket, patch(created, { caller: { name: '', phone: '123' } })],
  [
    'caller name 101 chars',
    topics.ticket,
    patch(created, { caller: { name: 'n'.repeat(101), phone: '123' } }),
  ],
  ['returned reason empty', topics.ticket, patch(tickets.returned, { reason: '' })],
  [
    'reopened reason 1001 chars',
    topics.ticket,
    patch(tickets.reopened, { reason: 'r'.repeat(1001) }),
  ],
  ['resolution empty', topics.ticket, patch(tickets.completed, { resolution: '' })],
  [
    'resolution 2001 chars',
    topics.ticket,
    patch(tickets.completed, { resolution: 'r'.repeat(2001) }),
  ],
  ['negative epoch ts', topics.telemetry, patch(telemetry, { ts: -1 })],
  [
    'ts in nanoseconds (beyond safe integers)',
    topics.telemetry,
    patch(telemetry, { ts: now * 1e6 }),
  ],
  [
    'negative epoch until',
    topics.ticket,
    patch(tickets.extension_approved, { until: -86_400_000 }),
  ],
]);

const invalidValue = group('invalid_value', [
  ['eventId empty', topics.telemetry, patch(telemetry, { eventId: '' })],
  ['eventId with a space', topics.telemetry, patch(telemetry, { eventId: 'evt 1' })],
  ['eventId with a slash', topics.telemetry, patch(telemetry, { eventId: 'aq-1/42' })],
  ['eventId with #', topics.telemetry, patch(telemetry, { eventId: 'evt#1' })],
  ['eventId in Chinese', topics.telemetry, patch(telemetry, { eventId: '事件1' })],
  ['eventId with a newline', topics.telemetry, patch(telemetry, { eventId: 'evt1\n' })],
  ['eventId of 129 chars', topics.telemetry, patch(telemetry, { eventId: 'e'.repeat(129) })],
  ['ts month 13', topics.telemetry, patch(telemetry, { ts: '2026-13-01T00:00:00Z' })],
  ['ts without offset', topics.telemetry, patch(telemetry, { ts: '2026-11-26T12:00:00' })],
  ['ts date only', topics.telemetry, patch(telemetry, { ts: '2026-11-26' })],
  [
    'ts 29 February of a common year',
    topics.telemetry,
    patch(telemetry, { ts: '2026-02-29T00:00:00Z' }),
  ],
  ['ts 31 November', topics.telemetry, patch(telemetry, { ts: '2026-11-31T00:00:00Z' })],
  ['ts hour 25', topics.telemetry, patch(telemetry, { ts: '2026-11-26T25:00:00Z' })],
  ['ts hour 24', topics.telemetry, patch(telemetry, { ts: '2026-11-26T24:00:00Z' })],
  ['ts leap second', topics.telemetry, patch(telemetry, { ts: '2026-11-26T11:59:60Z' })],
  ['ts without seconds', topics.telemetry, patch(telemetry, { ts: '2026-11-26T12:00Z' })],
  ['ts with a space for T', topics.telemetry, patch(telemetry, { ts: '2026-11-26 12:00:00Z' })],
  ['ts in lower case', topics.telemetry, patch(telemetry, { ts: '2026-11-26t12:00:00z' })],
  [
    'ts offset without colon',
    topics.telemetry,
    patch(telemetry, { ts: '2026-11-26T20:00:00+0800' }),
  ],
  ['ts offset hours only', topics.telemetry, patch(telemetry, { ts: '2026-11-26T20:00:00+08' })],
  ['ts offset +24:00', topics.telemetry, patch(telemetry, { ts: '2026-11-27T12:00:00+24:00' })],
  ['ts decimal comma', topics.telemetry, patch(telemetry, { ts: '2026-11-26T12:00:00,5Z' })],
  ['ts empty string', topics.telemetry, patch(telemetry, { ts: '' })],
  ['ts "now"', topics.telemetry, patch(telemetry, { ts: 'now' })],
  ['ts epoch ms as a string', topics.telemetry, patch(telemetry, { ts: String(now) })],
  ['ts RFC 2822', topics.telemetry, patch(telemetry, { ts: 'Thu, 26 Nov 2026 12:00:00 GMT' })],
  ['ts beyond the Date range', topics.telemetry, patch(telemetry, { ts: 8.64e15 + 1 })],
  ['until not a time', topics.ticket, patch(tickets.extension_requested, { until: 'next week' })],
  ['channel sms', topics.ticket, patch(created, { channel: 'sms' })],
  ['channel as number', topics.ticket, patch(created, { channel: 1 })],
  ['category in another case', topics.ticket, patch(created, { category: 'Heating' })],
  ['category in Chinese', topics.ticket, patch(created, { category: '供暖' })],
  ['urgency high', topics.ticket, patch(created, { urgency: 'high' })],
  ['kind question', topics.ticket, patch(created, { kind: 'question' })],
  [
    'satisfaction very_satisfied',
    topics.ticket,
    patch(tickets.revisited, { satisfaction: 'very_satisfied' }),
  ],
  // An enum reports any non-member as invalid_value, whatever its type.
  ['satisfaction as object', topics.ticket, patch(tickets.revisited, { satisfaction: {} })],
  ['satisfaction as score', topics.ticket, patch(tickets.revisited, { satisfaction: 5 })],
  ['unit kind government', topics.unitMeta, patch(unitMeta, { kind: 'government' })],
  ['unit kind empty', topics.unitMeta, patch(unitMeta, { kind: '' })],
  [
    'dispatched unitId with a space',
    topics.ticket,
    patch(tickets.dispatched, { unitId: 'u housing' }),
  ],
  ['dispatched unitId empty', topics.ticket, patch(tickets.dispatched, { unitId: '' })],
  ['signed unitId of 129 chars', topics.ticket, patch(tickets.signed, { unitId: 'u'.repeat(129) })],
  ['completed unitId in Chinese', topics.ticket, patch(tickets.completed, { unitId: '住建局' })],
  [
    'phone with letters',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: 'call me' } }),
  ],
  ['phone too short', topics.ticket, patch(created, { caller: { name: 'a', phone: '12' } })],
  [
    'phone 33 chars',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '1'.repeat(33) } }),
  ],
  [
    'phone with extension',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '0398-123 ext.5' } }),
  ],
  [
    'phone in parentheses',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '(0398)1234567' } }),
  ],
  ['district of 5 digits', topics.unitMeta, patch(unitMeta, { district: '41120' })],
  ['district of 7 digits', topics.unitMeta, patch(unitMeta, { district: '4112021' })],
  ['district with a letter', topics.unitMeta, patch(unitMeta, { district: '41120a' })],
  ['district in full-width digits', topics.unitMeta, patch(unitMeta, { district: '４１１２０２' })],
  ['district empty', topics.unitMeta, patch(unitMeta, { district: '' })],
  ['metrics empty', topics.telemetry, patch(telemetry, { metrics: {} })],
  // A device's owning unit is a hotline unit id: the id alphabet, 1–128 chars.
  ['iot unitId empty', topics.iotMeta, patch(iotMeta, { unitId: '' })],
  ['iot unitId 129 chars', topics.iotMeta, patch(iotMeta, { unitId: 'u'.repeat(129) })],
  [
    'iot meta unitId outside the id alphabet',
    topics.iotMeta,
    patch(iotMeta, { unitId: 'u housing/#1' }),
  ],
  ['iot unitId in Chinese', topics.iotMeta, patch(iotMeta, { unitId: '环保局' })],
  // Phones: an optional +, a digit, then 2–31 digits, ASCII spaces or dashes.
  ...['   ', '\t\n\r', '+++', '---', '\u3000\u3000\u3000'].map((phone): Row => [
    `caller phone ${JSON.stringify(phone)}`,
    topics.ticket,
    patch(created, { caller: { name: '史女士', phone } }),
  ]),
  [
    'phone with a tab',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '0398\t1234567' } }),
  ],
  [
    'phone with a no-break space',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '138\u00a00000\u00a05678' } }),
  ],
  [
    'phone with a trailing newline',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '13800005678\n' } }),
  ],
  [
    'phone starting with a space',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: ' 13800005678' } }),
  ],
  [
    'phone with a space after +',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '+ 86 13800005678' } }),
  ],
  [
    'phone with two +',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '++8613800' } }),
  ],
  [
    'phone in full-width digits',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '１３８００００５６７８' } }),
  ],
  [
    'phone + and 33 digits',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: `+${'1'.repeat(33)}` } }),
  ],
  // Media addresses: a URL with scheme http, https, rtsp, rtsps or rtmp.
  [
    'snapshotUrl with the javascript: scheme',
    topics.cameraEvent,
    patch(cameraEvent, { snapshotUrl: 'javascript:alert(1)' }),
  ],
  ['empty streamUrl', topics.cameraMeta, patch(cameraMeta, { streamUrl: '' })],
  ['streamUrl of spaces', topics.cameraMeta, patch(cameraMeta, { streamUrl: '   ' })],
  [
    'streamUrl 2049 chars that are no URL (the format is checked before the length)',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: 'r'.repeat(2049) }),
  ],
  ['streamUrl ftp:', topics.cameraMeta, patch(cameraMeta, { streamUrl: 'ftp://10.0.0.1/live' })],
  ['streamUrl srt:', topics.cameraMeta, patch(cameraMeta, { streamUrl: 'srt://10.0.0.1:9000' })],
  [
    'streamUrl without a scheme',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: '10.0.0.1:554/live' }),
  ],
  [
    'streamUrl scheme-relative',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: '//10.0.0.1/live' }),
  ],
  ['streamUrl a bare path', topics.cameraMeta, patch(cameraMeta, { streamUrl: '/live/1' })],
  [
    'streamUrl with port 99999',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: 'rtsp://10.0.0.1:99999/live' }),
  ],
  [
    'streamUrl with a space in the host',
    topics.cameraMeta,
    patch(cameraMeta, { streamUrl: 'rtsp://cam 1/live' }),
  ],
  [
    'snapshotUrl https:// without a host',
    topics.cameraEvent,
    patch(cameraEvent, { snapshotUrl: 'https://' }),
  ],
  [
    'snapshotUrl data: URI',
    topics.cameraEvent,
    patch(cameraEvent, { snapshotUrl: 'data:image/jpeg;base64,/9j/4AAQ' }),
  ],
  [
    'snapshotUrl file:',
    topics.cameraEvent,
    patch(cameraEvent, { snapshotUrl: 'file:///var/snap/1.jpg' }),
  ],
  [
    'snapshotUrl blob:',
    topics.cameraEvent,
    patch(cameraEvent, { snapshotUrl: 'blob:https://oss/1' }),
  ],
]);

const unknownField = group('unknown_field', [
  ['iot meta unitID', topics.iotMeta, patch(iotMeta, { unitID: 'u-housing' })],
  ['iot meta deviceID', topics.iotMeta, patch(iotMeta, { deviceID: 'aq-1' })],
  ['iot meta with metrics', topics.iotMeta, patch(iotMeta, { metrics: { pm25: 1 } })],
  ['telemetry latitude', topics.telemetry, patch(telemetry, { lon: 111.2, latitude: 34.7 })],
  ['telemetry device_id', topics.telemetry, patch(telemetry, { device_id: 'aq-1' })],
  ['telemetry type', topics.telemetry, patch(telemetry, { type: 'air_quality' })],
  ['camera meta streamURL', topics.cameraMeta, patch(cameraMeta, { streamURL: 'rtsp://x' })],
  ['camera meta url', topics.cameraMeta, patch(cameraMeta, { url: 'rtsp://x' })],
  ['camera status cameraID', topics.cameraStatus, patch(cameraStatus, { cameraID: 'cam-1' })],
  ['camera status reason', topics.cameraStatus, patch(cameraStatus, { reason: 'power' })],
  [
    'camera event snapshotURL',
    topics.cameraEvent,
    patch(cameraEvent, { snapshotURL: 'https://x' }),
  ],
  ['camera event counts', topics.cameraEvent, patch(cameraEvent, { counts: 3 })],
  ['camera event lon', topics.cameraEvent, patch(cameraEvent, { lon: 111.2 })],
  ['unit meta District', topics.unitMeta, patch(unitMeta, { District: '411202' })],
  ['unit meta unit_id', topics.unitMeta, patch(unitMeta, { unit_id: 'u-housing' })],
  ['created callerName', topics.ticket, patch(created, { callerName: '史女士' })],
  [
    'caller mobile beside phone',
    topics.ticket,
    patch(created, { caller: { name: 'a', phone: '123', mobile: '456' } }),
  ],
  ['created with unitId (a dispatched field)', topics.ticket, patch(created, { unitId: 'u1' })],
  [
    'dispatched with reason (a returned field)',
    topics.ticket,
    patch(tickets.dispatched, { reason: 'x' }),
  ],
  ['signed unit_id beside unitId', topics.ticket, patch(tickets.signed, { unit_id: 'u1' })],
  ['revisited comment', topics.ticket, patch(tickets.revisited, { comment: '满意' })],
  ['reopened ticketID', topics.ticket, patch(tickets.reopened, { ticketID: 'T1' })],
  ['completed until', topics.ticket, patch(tickets.completed, { until: now })],
  ['EventId beside eventId', topics.cameraStatus, patch(cameraStatus, { EventId: 'e1' })],
  [
    'Constructor (not the forbidden spelling)',
    topics.cameraStatus,
    patch(cameraStatus, { Constructor: 1 }),
  ],
  ['empty key', topics.cameraStatus, patch(cameraStatus, { '': 1 })],
  [
    'object 8 deep in an extra field (depth allowed, field not)',
    topics.telemetry,
    `{"eventId":"e1","ts":${now},"metrics":{"pm25":1},"x":${nestedObjects(7)}}`,
  ],
]);

const unknownDeviceType: BadInputCase[] = [
  'toaster',
  'Air_Quality',
  'air-quality',
  'airquality',
  '',
  ' noise',
  'toString',
  'hasOwnProperty',
  '__proto__',
].map((type) => ({
  name: `device type ${JSON.stringify(type)}`,
  topic: topics.iotMeta,
  payload: patch(iotMeta, { type }),
  reason: 'unknown_device_type',
}));

const unknownMetric = group(
  'unknown_metric',
  (
    [
      ['unknown name', { warp: 1 }],
      ['upper case', { PM25: 35 }],
      ['dotted name', { 'pm2.5': 35 }],
      ['unit in the name', { 'pm25_ug/m3': 35 }],
      ['empty name', { '': 1 }],
      ['Object.prototype member', { toString: 1 }],
      ['valueOf', { valueOf: 1 }],
      ['one unknown among known', { pm25: 1, pm10: 2, humidity: 40 }],
      ['device type used as a metric', { air_quality: 1 }],
    ] as [string, Body][]
  ).map(([name, metrics]) => [name, topics.telemetry, patch(telemetry, { metrics })]),
);

const unknownEventType: BadInputCase[] = [
  'ufo',
  'Fire_Smoke',
  'fire-smoke',
  'fire',
  '',
  'crowd_gathering ',
  'toString',
  '烟火',
].map((type) => ({
  name: `event type ${JSON.stringify(type)}`,
  topic: topics.cameraEvent,
  payload: patch(cameraEvent, { type }),
  reason: 'unknown_event_type',
}));

const unknownAction = group(
  'unknown_action',
  (
    [
      ['teleported', 'teleported'],
      ['Created in another case', 'Created'],
      ['create', 'create'],
      ['closed', 'closed'],
      ['empty string', ''],
      ['toString', 'toString'],
      ['Chinese 派单', '派单'],
      // Not a string at all; see disputedCases for why invalid_type would be clearer.
      ['null', null],
      ['extension', 'extension'],
    ] as [string, string | null][]
  ).map(([name, action]) => [`action ${name}`, topics.ticket, patch(tickets.signed, { action })]),
);
unknownAction.push({
  name: 'unknown action wins over a missing ts',
  topic: topics.ticket,
  payload: json({ eventId: 'e1', action: 'zzz' }),
  reason: 'unknown_action',
});

const tsTooOld = group('ts_too_old', [
  ['epoch 0', topics.telemetry, patch(telemetry, { ts: 0 })],
  [
    'epoch seconds instead of ms',
    topics.telemetry,
    patch(telemetry, { ts: Math.floor(now / 1000) }),
  ],
  ['1 ms before the window', topics.telemetry, patch(telemetry, { ts: oldestMs - 1 })],
  [
    'ISO 1 ms before the window',
    topics.cameraStatus,
    patch(cameraStatus, { ts: '2025-10-22T11:59:59.999Z' }),
  ],
  [
    'ISO with +08:00 1 ms before the window',
    topics.cameraStatus,
    patch(cameraStatus, { ts: '2025-10-22T19:59:59.999+08:00' }),
  ],
  ['401 days old', topics.ticket, patch(tickets.signed, { ts: now - 401 * 86_400_000 })],
  ['year 2000', topics.unitMeta, patch(unitMeta, { ts: '2000-01-01T00:00:00Z' })],
  ['year 0000', topics.unitMeta, patch(unitMeta, { ts: '0000-01-01T00:00:00Z' })],
]);

const tsInFuture = group('ts_in_future', [
  ['1 ms after the window', topics.telemetry, patch(telemetry, { ts: latestMs + 1 })],
  [
    'ISO 1 ms after the window',
    topics.cameraStatus,
    patch(cameraStatus, { ts: '2026-11-26T12:05:00.001Z' }),
  ],
  [
    'ISO with +08:00 1 ms after the window',
    topics.cameraStatus,
    patch(cameraStatus, { ts: '2026-11-26T20:05:00.001+08:00' }),
  ],
  [
    'local time labelled Z (8 h ahead)',
    topics.cameraEvent,
    patch(cameraEvent, { ts: '2026-11-26T20:00:00Z' }),
  ],
  ['one day ahead', topics.ticket, patch(tickets.signed, { ts: now + 86_400_000 })],
  ['year 9999', topics.unitMeta, patch(unitMeta, { ts: '9999-12-31T23:59:59Z' })],
  ['ts in microseconds', topics.telemetry, patch(telemetry, { ts: now * 1000 })],
  ['largest valid Date', topics.telemetry, patch(telemetry, { ts: 8.64e15 })],
]);

const topicMismatch = group('topic_mismatch', [
  ['iot meta deviceId', topics.iotMeta, patch(iotMeta, { deviceId: 'aq-2' })],
  ['telemetry deviceId', topics.telemetry, patch(telemetry, { deviceId: 'aq-2' })],
  ['telemetry deviceId in another case', topics.telemetry, patch(telemetry, { deviceId: 'AQ-1' })],
  [
    'telemetry deviceId with a trailing space',
    topics.telemetry,
    patch(telemetry, { deviceId: 'aq-1 ' }),
  ],
  ['telemetry deviceId empty', topics.telemetry, patch(telemetry, { deviceId: '' })],
  ['camera meta cameraId', topics.cameraMeta, patch(cameraMeta, { cameraId: 'cam-2' })],
  ['camera status cameraId', topics.cameraStatus, patch(cameraStatus, { cameraId: 'cam-2' })],
  ['camera event cameraId', topics.cameraEvent, patch(cameraEvent, { cameraId: 'cam-10' })],
  ['unit meta unitId', topics.unitMeta, patch(unitMeta, { unitId: 'u-education' })],
  ['ticket ticketId', topics.ticket, patch(tickets.reopened, { ticketId: 'T20261126-0002' })],
  [
    'mismatch is reported before a ts outside the window',
    topics.telemetry,
    patch(telemetry, { deviceId: 'aq-2', ts: 0 }),
  ],
  [
    'duplicate key: the last deviceId wins',
    topics.telemetry,
    `{${head},"metrics":{"pm25":1},"deviceId":"aq-1","deviceId":"aq-2"}`,
  ],
]);

/** Every invalid message, each with the one reason parseMessage must give. */
/** Formerly disputed: URLs without a host or with whitespace, phones with too few digits. */
const urlAndPhone: BadInputCase[] = [
  // URLs must name a host after '://' and hold no whitespace: new URL() alone accepts 'rtsp:'.
  ...['rtsp://', 'rtsp:', 'rtmp:live/stream 1'].map((streamUrl) => ({
    name: `streamUrl ${JSON.stringify(streamUrl)} has no host`,
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { streamUrl }),
    reason: 'invalid_value' as const,
  })),
  {
    name: 'snapshotUrl http: without //',
    topic: topics.cameraEvent,
    payload: patch(cameraEvent, { snapshotUrl: 'http:10.0.0.1/snap/1.jpg' }),
    reason: 'invalid_value',
  },
  // What is accepted is stored exactly as sent: no trimming, no removed newlines.
  {
    name: 'streamUrl padded with spaces',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { streamUrl: ' rtsp://10.0.0.1/live ' }),
    reason: 'invalid_value',
  },
  {
    name: 'snapshotUrl with a newline inside',
    topic: topics.cameraEvent,
    payload: patch(cameraEvent, { snapshotUrl: 'https://oss/snap/\n1.jpg' }),
    reason: 'invalid_value',
  },
  {
    name: 'caller phone "1--" has too few digits',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: '史女士', phone: '1--' } }),
    reason: 'invalid_value',
  },
];

export const badInputCases: BadInputCase[] = [
  ...payloadTooLarge,
  ...unknownTopic,
  ...invalidUtf8,
  ...notJson,
  ...nonFiniteNumber,
  ...notAnObject,
  ...tooDeep,
  ...forbiddenKey,
  ...invalidText,
  ...missingField,
  ...invalidType,
  ...outOfRange,
  ...invalidValue,
  ...unknownField,
  ...unknownDeviceType,
  ...unknownMetric,
  ...unknownEventType,
  ...unknownAction,
  ...tsTooOld,
  ...tsInFuture,
  ...topicMismatch,
  ...urlAndPhone,
];

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-';
const validCases: ValidEdgeCase[] = [
  {
    name: 'eventId of 1 char',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { eventId: 'a' }),
  },
  {
    name: 'eventId of 128 chars using the whole alphabet',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { eventId: idAlphabet.repeat(2).slice(0, 128) }),
    expect: { eventId: idAlphabet.repeat(2).slice(0, 128) },
  },
  {
    name: 'eventId of punctuation only',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { eventId: '.:_-' }),
  },
  {
    name: 'lon -180, lat -90',
    topic: topics.iotMeta,
    payload: patch(iotMeta, { lon: -180, lat: -90 }),
    expect: { lon: -180, lat: -90 },
  },
  {
    name: 'lon 180, lat 90',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { lon: 180, lat: 90 }),
    expect: { lon: 180, lat: 90 },
  },
  { name: 'lon 0, lat 0', topic: topics.ticket, payload: patch(created, { lon: 0, lat: 0 }) },
  {
    name: 'lon and lat in exponent notation',
    topic: topics.iotMeta,
    payload: `{${head},"type":"noise","name":"n","lon":1.112e2,"lat":3.47E1}`,
  },
  {
    name: 'ts epoch ms exactly at the oldest edge',
    topic: topics.telemetry,
    payload: patch(telemetry, { ts: oldestMs }),
    expect: { ts: new Date(oldestMs) },
  },
  {
    name: 'ts epoch ms exactly at the future edge',
    topic: topics.telemetry,
    payload: patch(telemetry, { ts: latestMs }),
    expect: { ts: new Date(latestMs) },
  },
  {
    name: 'ts ISO Z exactly at the oldest edge',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2025-10-22T12:00:00Z' }),
    expect: { ts: new Date(oldestMs) },
  },
  {
    name: 'ts ISO +08:00 exactly at the future edge',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-26T20:05:00+08:00' }),
    expect: { ts: new Date(latestMs) },
  },
  {
    name: 'ts ISO -05:00',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-26T07:00:00-05:00' }),
    expect: { ts: new Date(now) },
  },
  {
    name: 'ts ISO +14:00',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-27T02:00:00+14:00' }),
    expect: { ts: new Date(now) },
  },
  {
    name: 'ts ISO -12:00',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-26T00:00:00-12:00' }),
    expect: { ts: new Date(now) },
  },
  {
    name: 'ts ISO +05:45',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-26T17:45:00+05:45' }),
    expect: { ts: new Date(now) },
  },
  {
    name: 'ts ISO -00:00',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-26T12:00:00-00:00' }),
    expect: { ts: new Date(now) },
  },
  {
    name: 'ts ISO with 1 fraction digit',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-26T11:59:59.5Z' }),
    expect: { ts: new Date(now - 500) },
  },
  {
    name: 'ts ISO with 9 fraction digits',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: '2026-11-26T11:59:59.123456789Z' }),
    expect: { ts: new Date(now - 877) },
  },
  {
    name: 'ts epoch ms now',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { ts: now }),
    expect: { ts: new Date(now) },
  },
  {
    name: 'ts epoch ms written with an exponent',
    topic: topics.cameraStatus,
    payload: `{"eventId":"e1","ts":${now / 1000}e3,"online":true}`,
    expect: { ts: new Date(now) },
  },
  {
    name: 'iot meta with unitId',
    topic: topics.iotMeta,
    payload: patch(iotMeta, { unitId: 'u-env' }),
    expect: { unitId: 'u-env' },
  },
  {
    name: 'iot meta unitId of 128 chars using the whole id alphabet',
    topic: topics.iotMeta,
    payload: patch(iotMeta, { unitId: idAlphabet.repeat(2).slice(0, 128) }),
    expect: { unitId: idAlphabet.repeat(2).slice(0, 128) },
  },
  {
    name: 'iot meta unitId of 1 char',
    topic: topics.iotMeta,
    payload: patch(iotMeta, { unitId: 'u' }),
  },
  {
    name: 'iot meta with deviceId equal to the topic id',
    topic: topics.iotMeta,
    payload: patch(iotMeta, { deviceId: 'aq-1' }),
  },
  {
    name: 'ambulance telemetry with position',
    topic: 'twin/iot/amb-7/telemetry',
    payload: patch(telemetry, { metrics: { speed_kmh: 62.5, state: 1 }, lon: 111.21, lat: 34.76 }),
    expect: { lon: 111.21, lat: 34.76 },
  },
  {
    name: 'metric values are only required to be finite',
    topic: topics.telemetry,
    payload: patch(telemetry, { metrics: { pm25: -1e308, pm10: 1e308, aqi: 5e-324, o3: 0 } }),
    expect: { metrics: { pm25: -1e308, pm10: 1e308, aqi: 5e-324, o3: 0 } },
  },
  {
    name: 'camera meta with a 2048-char streamUrl',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { streamUrl: `rtsp://10.0.0.1/${'s'.repeat(2032)}` }),
  },
  {
    name: 'streamUrl of 2048 CJK code points',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { streamUrl: `rtmp://10.0.0.1/${'流'.repeat(2032)}` }),
  },
  ...[
    'rtsp://admin:pass@192.168.1.64:554/Streaming/Channels/101',
    'rtsps://10.0.0.1:322/live?token=a%20b#t=10',
    'rtmp://live.smx/app/stream-1',
    'http://10.0.0.1:8080/hls/1.m3u8',
    'https://[2001:db8::1]/live/1.flv',
    'HTTPS://CAM.SMX/LIVE',
    'https://视频.三门峡/直播/1',
  ].map((streamUrl) => ({
    name: `streamUrl ${streamUrl}`,
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { streamUrl }),
    expect: { streamUrl },
  })),
  {
    name: 'camera meta with cameraId',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { cameraId: 'cam-1' }),
  },
  {
    name: 'camera offline',
    topic: topics.cameraStatus,
    payload: patch(cameraStatus, { online: false }),
    expect: { online: false },
  },
  {
    name: 'camera event at the low bounds',
    topic: topics.cameraEvent,
    payload: patch(cameraEvent, { confidence: 0, severity: 1, count: 0 }),
  },
  {
    name: 'camera event at the high bounds',
    topic: topics.cameraEvent,
    payload: patch(cameraEvent, {
      confidence: 1,
      severity: 5,
      count: 1_000_000,
      snapshotUrl: `https://oss/${'p'.repeat(2036)}`,
    }),
  },
  {
    name: 'unit meta with district',
    topic: topics.unitMeta,
    payload: patch(unitMeta, { district: '411202', unitId: 'u-housing' }),
    expect: { district: '411202' },
  },
  {
    name: 'unit name of 200 CJK chars',
    topic: topics.unitMeta,
    payload: patch(unitMeta, { name: '局'.repeat(200) }),
  },
  {
    name: 'name of 200 emoji (length counts code points)',
    topic: topics.iotMeta,
    payload: patch(iotMeta, { name: '🚦'.repeat(200) }),
  },
  {
    name: 'name with emoji, ZWJ sequence and combining marks',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { name: '🚒 消防通道 👨‍🚒 Cafe\u0301' }),
    expect: { name: '🚒 消防通道 👨‍🚒 Cafe\u0301' },
  },
  {
    name: 'name in Arabic and Tibetan scripts',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { name: 'كاميرا ༡ 摄像头' }),
  },
  {
    name: 'summary of 2000 CJK chars with escaped newlines',
    topic: topics.ticket,
    payload: patch(created, { summary: `第一行\n第二行\t${'热'.repeat(1992)}` }),
  },
  { name: 'created without caller', topic: topics.ticket, payload: json(omit(created, 'caller')) },
  {
    name: 'caller phone with + and dashes',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: 'n'.repeat(100), phone: '+86-138-0000-5678' } }),
  },
  {
    name: 'caller phone of 3 chars, summary of 2000',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: '王', phone: '110' }, summary: 's'.repeat(2000) }),
  },
  {
    name: 'caller phone of 32 chars',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: '王', phone: '+86 0398 1234 5678 9012 3456 789' } }),
  },
  {
    name: 'caller phone of 3 digits after +',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: '王', phone: '+120' } }),
  },
  {
    name: 'caller phone of 33 chars: + and 32 digits',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: '王', phone: `+${'1'.repeat(32)}` } }),
  },
  {
    name: 'caller phone with dashes and spaces mixed',
    topic: topics.ticket,
    payload: patch(created, { caller: { name: '王', phone: '0398 - 12345678' } }),
  },
  {
    name: 'ticket with ticketId equal to the topic id',
    topic: topics.ticket,
    payload: patch(tickets.signed, { ticketId: 'T20261126-0001' }),
  },
  {
    name: 'extension until as ISO',
    topic: topics.ticket,
    payload: json(tickets.extension_requested),
    expect: { until: new Date('2026-12-03T10:00:00Z') },
  },
  {
    name: 'unitId of 128 chars',
    topic: topics.ticket,
    payload: patch(tickets.dispatched, { unitId: 'u'.repeat(128) }),
  },
  {
    name: 'reason of 1000 chars',
    topic: topics.ticket,
    payload: patch(tickets.returned, { reason: 'r'.repeat(1000) }),
  },
  {
    name: 'payload of exactly 64 KiB',
    topic: topics.telemetry,
    payload: padTo(json(telemetry), MAX_PAYLOAD_BYTES),
  },
  {
    name: 'pretty-printed payload',
    topic: topics.cameraEvent,
    payload: JSON.stringify(cameraEvent, null, 2),
  },
  {
    name: 'leading UTF-8 BOM (the decoder drops it)',
    topic: topics.cameraStatus,
    payload: bytes([0xef, 0xbb, 0xbf], json(cameraStatus)),
  },
  {
    name: 'U+FFFE noncharacter in a name',
    topic: topics.cameraMeta,
    payload: nameBytes([0xef, 0xbf, 0xbe]),
  },
  {
    name: 'ids of 128 chars in the topic',
    topic: `twin/video/${'c'.repeat(128)}/status`,
    payload: json(cameraStatus),
  },
  {
    name: 'topic id with : and .',
    topic: 'twin/hotline/ticket/12345:2026.11/event',
    payload: json(tickets.revisited),
  },
  {
    name: 'custom prefix',
    topic: 'city/video/cam-1/status',
    payload: json(cameraStatus),
    prefix: 'city',
  },
  { name: 'empty prefix', topic: '/video/cam-1/status', payload: json(cameraStatus), prefix: '' },
  {
    name: 'prefix with a slash',
    topic: 'sanmenxia/twin/iot/aq-1/telemetry',
    payload: json(telemetry),
    prefix: 'sanmenxia/twin',
    expect: { metrics: telemetry.metrics },
  },
  {
    name: 'prefix with levels on a hotline ticket topic',
    topic: 'sanmenxia/twin/hotline/ticket/T20261126-0001/event',
    payload: json(tickets.signed),
    prefix: 'sanmenxia/twin',
    expect: { action: 'signed' },
  },
  {
    name: 'prefix with levels on a hotline unit topic',
    topic: 'cn/henan/sanmenxia/twin/hotline/unit/u-housing/meta',
    payload: json(unitMeta),
    prefix: 'cn/henan/sanmenxia/twin',
  },
  {
    name: 'prefix with levels that repeat contract words',
    topic: 'iot/video/iot/aq-1/meta',
    payload: json(iotMeta),
    prefix: 'iot/video',
  },
  {
    name: 'escaped surrogate pair in a name is one emoji',
    topic: topics.cameraMeta,
    payload: `{${head},"name":"\ud83d\udea6 路口","lon":111.2,"lat":34.7}`,
    expect: { name: '🚦 路口' },
  },
  {
    name: 'escaped U+0001 and U+001F are storable',
    topic: topics.ticket,
    payload: patch(tickets.reopened, { reason: '\u0001\u001f' }),
  },
  {
    name: 'metric 1e-400 underflows to 0 (finite)',
    topic: topics.telemetry,
    payload: `{${head},"metrics":{"pm25":1e-400}}`,
    expect: { metrics: { pm25: 0 } },
  },
  {
    name: 'overflowing literals inside strings are text',
    topic: topics.ticket,
    payload: patch(tickets.reopened, { reason: '1e999 -1e400' }),
  },
  {
    name: 'strings that look like forbidden keys are fine as values',
    topic: topics.cameraMeta,
    payload: patch(cameraMeta, { name: '__proto__', eventId: 'constructor' }),
  },
  {
    name: 'NaN and Infinity inside strings',
    topic: topics.ticket,
    payload: patch(tickets.reopened, { reason: '{"x":NaN,"y":Infinity}' }),
  },
];
for (const type of deviceTypes) {
  const metrics = Object.fromEntries(
    Object.entries(deviceCatalogue[type].metrics).map(([metric, spec]) => [metric, spec.max]),
  );
  validCases.push(
    {
      name: `${type} meta`,
      topic: `twin/iot/${type}-1/meta`,
      payload: patch(iotMeta, { type }),
      expect: { type },
    },
    {
      name: `${type} telemetry with every metric`,
      topic: `twin/iot/${type}-1/telemetry`,
      payload: patch(telemetry, { metrics }),
      expect: { metrics },
    },
  );
}
for (const type of cameraEventTypes) {
  validCases.push({
    name: `camera event ${type}`,
    topic: topics.cameraEvent,
    payload: patch(cameraEvent, { type }),
    expect: { type },
  });
}
for (const kind of unitKinds) {
  validCases.push({
    name: `unit kind ${kind}`,
    topic: topics.unitMeta,
    payload: patch(unitMeta, { kind }),
    expect: { kind },
  });
}
for (const action of ticketActions) {
  validCases.push({
    name: `ticket action ${action}`,
    topic: topics.ticket,
    payload: json(tickets[action]),
    expect: { action },
  });
}

/** Messages at the edges of the contract that parseMessage must accept. */
export const validEdgeCases: ValidEdgeCase[] = validCases;

/**
 * Outcomes that look wrong or surprising; each names the reason that would be clearer. The test
 * pins `current`; when parse.ts adopts `proposed`, the case moves into the corpus above.
 */
export const disputedCases: DisputedCase[] = [
  {
    name: 'action as a number',
    topic: topics.ticket,
    payload: patch(tickets.signed, { action: 5 }),
    current: 'unknown_action',
    proposed: 'invalid_type',
    why: 'any present discriminator that matches no branch is reported as unknown_action',
  },
  {
    name: 'extension until 1970',
    topic: topics.ticket,
    payload: patch(tickets.extension_requested, { until: 0 }),
    current: 'accepted',
    proposed: 'invalid_value',
    why: 'until has no window: an extension to a date before the ticket existed is accepted',
  },
];
