import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusNow as now } from './bad-input.corpus.ts';
import { deviceCatalogue, deviceTypes } from './catalogue.ts';
import { MAX_FUTURE_MS, MAX_PAST_MS } from './common.ts';
import {
  satisfactions,
  ticketCategories,
  ticketChannels,
  ticketKinds,
  ticketUrgencies,
  unitKinds,
} from './hotline.ts';
import { parseMessage, rejectReasons, type ContractEvent, type ParseResult } from './parse.ts';
import {
  cameraEventTopic,
  cameraMetaTopic,
  cameraStatusTopic,
  iotMetaTopic,
  iotTelemetryTopic,
  ticketEventTopic,
  unitMetaTopic,
} from './topics.ts';
import { cameraEventTypes } from './video.ts';

// 2000 runs per property, 20 properties: 40 000 messages.
const numRuns = 2000;

type Body = Record<string, unknown>;
type IdField = 'deviceId' | 'cameraId' | 'unitId' | 'ticketId';

/** A generated timestamp: what goes on the wire and the instant it means. */
class Stamp {
  constructor(
    readonly wire: string | number,
    readonly ms: number,
  ) {}
}

/** How to generate one kind of valid message, and what its schema allows. */
interface Spec {
  label: string;
  stream: ContractEvent['stream'];
  kind: ContractEvent['kind'];
  topic: (id: string) => string;
  idField: IdField;
  /** Kind-specific fields; timestamps as Stamp. */
  fields: fc.Arbitrary<Body>;
  /** Required fields, enums included: dropping one is missing_field. */
  required: string[];
  /** Optional fields that come together: dropping one of the pair is missing_field too. */
  together?: string[];
  /** Every top-level key the schema allows. */
  allowed: string[];
}

interface Message {
  spec: Spec;
  id: string;
  topic: string;
  body: Body;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
/** `ms` as ISO-8601 local time at `offsetMin`, with 0, 3 or 6 fraction digits. */
function isoAt(ms: number, offsetMin: number, digits: 0 | 3 | 6, zulu: boolean): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString();
  const fraction = digits === 0 ? '' : `.${local.slice(20, 23)}${digits === 6 ? '000' : ''}`;
  const abs = Math.abs(offsetMin);
  const offset =
    offsetMin === 0 && zulu
      ? 'Z'
      : `${offsetMin < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  return `${local.slice(0, 19)}${fraction}${offset}`;
}

const oldest = now - MAX_PAST_MS;
const latest = now + MAX_FUTURE_MS;
const windowMs = fc.integer({ min: oldest, max: latest });
const offsetMin = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
/** A time inside the accepted window, as epoch ms or ISO with any offset. */
const stampArb: fc.Arbitrary<Stamp> = fc.oneof(
  windowMs.map((ms) => new Stamp(ms, ms)),
  fc
    .tuple(windowMs, offsetMin, fc.constantFrom(3 as const, 6 as const), fc.boolean())
    .map(([ms, offset, digits, zulu]) => new Stamp(isoAt(ms, offset, digits, zulu), ms)),
  fc
    .tuple(
      fc.integer({ min: Math.ceil(oldest / 1000), max: Math.floor(latest / 1000) }),
      offsetMin,
      fc.boolean(),
    )
    .map(([s, offset, zulu]) => new Stamp(isoAt(s * 1000, offset, 0, zulu), s * 1000)),
);
/** Any instant a Date holds, for `until` (which has no window). */
const untilArb: fc.Arbitrary<Stamp> = fc.oneof(
  fc.integer({ min: 0, max: 8.64e15 }).map((ms) => new Stamp(ms, ms)),
  fc
    .tuple(fc.integer({ min: 0, max: 253_402_300_799_000 }), offsetMin, fc.boolean())
    .filter(([ms, offset]) => {
      const year = new Date(ms + offset * 60_000).getUTCFullYear();
      return year >= 0 && year <= 9999;
    })
    .map(([ms, offset, zulu]) => new Stamp(isoAt(ms, offset, 3, zulu), ms)),
);

const idAlphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-'];
/** Ids of the contract alphabet, 1–128 chars (as fast as stringMatching is slow). */
const idArb = fc.string({ unit: fc.constantFrom(...idAlphabet), minLength: 1, maxLength: 128 });
/** Text PostgreSQL can store: no U+0000 and no unpaired surrogate (else invalid_text). */
const storable = (value: string): boolean => !value.includes('\u0000') && value.isWellFormed();
/** One code point of any plane but U+0000 ('binary' never yields a surrogate half). */
const storableChar = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter((char) => char !== '\u0000');
/** 1..max code points (zod counts code points) of storable text: any code points or graphemes. */
const text = (max: number) =>
  fc
    .oneof(
      fc.string({ unit: storableChar, minLength: 1, maxLength: max }),
      // A grapheme may hold several code points: cut at max code points, never inside one.
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: max })
        .map((value) => [...value].slice(0, max).join('')),
    )
    .filter(storable);
const lonArb = fc.double({ min: -180, max: 180, noNaN: true });
const latArb = fc.double({ min: -90, max: 90, noNaN: true });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
/** Media addresses: every scheme mediaUrlSchema allows, at most 2048 code points. */
const urlArb = fc
  .webUrl({
    validSchemes: ['http', 'https', 'rtsp', 'rtsps', 'rtmp'],
    withQueryParameters: true,
    withFragments: true,
  })
  .filter((url) => [...url].length <= 2048);
/** Caller phones: an optional +, then 3–32 digits with up to 3 spaces or dashes between them. */
const phoneArb = fc.stringMatching(/^\+?[0-9](?:[ -]{0,3}[0-9]){2,31}$/);
const metricsArb: fc.Arbitrary<Body> = fc
  .constantFrom(...deviceTypes)
  .chain((type) => fc.subarray(Object.keys(deviceCatalogue[type].metrics), { minLength: 1 }))
  .chain((names) =>
    fc
      .array(finite, { minLength: names.length, maxLength: names.length })
      .map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]]))),
  );

const common = ['eventId', 'ts'];
const iotMeta: Spec = {
  label: 'iot meta',
  stream: 'iot',
  kind: 'meta',
  topic: iotMetaTopic,
  idField: 'deviceId',
  fields: fc.record(
    {
      type: fc.constantFrom(...deviceTypes),
      name: text(200),
      lon: lonArb,
      lat: latArb,
      unitId: idArb,
    },
    { requiredKeys: ['type', 'name', 'lon', 'lat'] },
  ),
  required: [...common, 'type', 'name', 'lon', 'lat'],
  allowed: [...common, 'deviceId', 'type', 'name', 'lon', 'lat', 'unitId'],
};
const telemetry: Spec = {
  label: 'telemetry',
  stream: 'iot',
  kind: 'telemetry',
  topic: iotTelemetryTopic,
  idField: 'deviceId',
  // A position is optional, but lon and lat come together.
  fields: fc
    .tuple(metricsArb, fc.option(fc.tuple(lonArb, latArb), { nil: undefined }))
    .map(([metrics, position]) =>
      position ? { metrics, lon: position[0], lat: position[1] } : { metrics },
    ),
  required: [...common, 'metrics'],
  together: ['lon', 'lat'],
  allowed: [...common, 'deviceId', 'metrics', 'lon', 'lat'],
};
const cameraMeta: Spec = {
  label: 'camera meta',
  stream: 'video',
  kind: 'meta',
  topic: cameraMetaTopic,
  idField: 'cameraId',
  fields: fc.record(
    { name: text(200), lon: lonArb, lat: latArb, streamUrl: urlArb },
    { requiredKeys: ['name', 'lon', 'lat'] },
  ),
  required: [...common, 'name', 'lon', 'lat'],
  allowed: [...common, 'cameraId', 'name', 'lon', 'lat', 'streamUrl'],
};
const cameraStatus: Spec = {
  label: 'camera status',
  stream: 'video',
  kind: 'status',
  topic: cameraStatusTopic,
  idField: 'cameraId',
  fields: fc.record({ online: fc.boolean() }),
  required: [...common, 'online'],
  allowed: [...common, 'cameraId', 'online'],
};
const cameraEvent: Spec = {
  label: 'camera event',
  stream: 'video',
  kind: 'event',
  topic: cameraEventTopic,
  idField: 'cameraId',
  fields: fc.record(
    {
      type: fc.constantFrom(...cameraEventTypes),
      confidence: fc.double({ min: 0, max: 1, noNaN: true }),
      severity: fc.integer({ min: 1, max: 5 }),
      count: fc.integer({ min: 0, max: 1_000_000 }),
      snapshotUrl: urlArb,
    },
    { requiredKeys: ['type', 'confidence', 'severity'] },
  ),
  required: [...common, 'type', 'confidence', 'severity'],
  allowed: [...common, 'cameraId', 'type', 'confidence', 'severity', 'count', 'snapshotUrl'],
};
const unitMeta: Spec = {
  label: 'unit meta',
  stream: 'hotline',
  kind: 'unit_meta',
  topic: unitMetaTopic,
  idField: 'unitId',
  fields: fc.record(
    {
      name: text(200),
      kind: fc.constantFrom(...unitKinds),
      district: fc.stringMatching(/^\d{6}$/),
    },
    { requiredKeys: ['name', 'kind'] },
  ),
  required: [...common, 'name', 'kind'],
  allowed: [...common, 'unitId', 'name', 'kind', 'district'],
};

/** One ticket action: its own fields beside `action`, and which of them are required. */
const ticket = (
  action: string,
  model: Record<string, fc.Arbitrary<unknown>>,
  required: string[],
) => {
  const keys = Object.keys(model);
  const optional: string[] = keys.filter((key) => key === 'caller');
  const spec: Spec = {
    label: `ticket ${action}`,
    stream: 'hotline',
    kind: 'ticket_event',
    topic: ticketEventTopic,
    idField: 'ticketId',
    fields: fc
      .record(model, { requiredKeys: keys.filter((key) => !optional.includes(key)) })
      .map((fields) => ({ action, ...fields })),
    required: [...common, 'action', ...required],
    allowed: [...common, 'ticketId', 'action', ...keys],
  };
  return spec;
};
const tickets: Spec[] = [
  ticket(
    'created',
    {
      channel: fc.constantFrom(...ticketChannels),
      category: fc.constantFrom(...ticketCategories),
      urgency: fc.constantFrom(...ticketUrgencies),
      kind: fc.constantFrom(...ticketKinds),
      summary: text(2000),
      lon: lonArb,
      lat: latArb,
      caller: fc.record({ name: text(100), phone: phoneArb }),
    },
    ['channel', 'category', 'urgency', 'kind', 'summary', 'lon', 'lat'],
  ),
  ticket('dispatched', { unitId: idArb }, ['unitId']),
  ticket('signed', { unitId: idArb }, ['unitId']),
  ticket('returned', { unitId: idArb, reason: text(1000) }, ['unitId', 'reason']),
  ticket('extension_requested', { unitId: idArb, until: untilArb }, ['unitId', 'until']),
  ticket('extension_approved', { unitId: idArb, until: untilArb }, ['unitId', 'until']),
  ticket('completed', { unitId: idArb, resolution: text(2000) }, ['unitId', 'resolution']),
  ticket('revisited', { satisfaction: fc.constantFrom(...satisfactions) }, ['satisfaction']),
  ticket('reopened', { reason: text(1000) }, ['reason']),
];

const messageArb = (spec: Spec): fc.Arbitrary<Message> =>
  fc
    .record({
      id: idArb,
      eventId: idArb,
      ts: stampArb,
      fields: spec.fields,
      echoId: fc.boolean(),
    })
    .map(({ id, eventId, ts, fields, echoId }) => ({
      spec,
      id,
      topic: spec.topic(id),
      body: { eventId, ts, ...fields, ...(echoId ? { [spec.idField]: id } : {}) },
    }));

const kinds: [string, fc.Arbitrary<Message>][] = [
  ...[iotMeta, telemetry, cameraMeta, cameraStatus, cameraEvent, unitMeta].map(
    (spec): [string, fc.Arbitrary<Message>] => [spec.label, messageArb(spec)],
  ),
  ['ticket event (every action)', fc.oneof(...tickets.map(messageArb))],
];
const anyMessage = fc.oneof(...kinds.map(([, arb]) => arb));

const wireOf = (body: Body): Body =>
  Object.fromEntries(
    Object.entries(body).map(([key, value]) => [key, value instanceof Stamp ? value.wire : value]),
  );
/** What the parsed payload must equal: the JSON round trip, timestamps as Date. */
const expectedOf = (body: Body): Body => {
  const parsed = JSON.parse(JSON.stringify(wireOf(body))) as Body;
  for (const [key, value] of Object.entries(body)) {
    if (value instanceof Stamp) parsed[key] = new Date(value.ms);
  }
  return parsed;
};
const send = (topic: string, body: Body): ParseResult =>
  parseMessage(topic, Buffer.from(JSON.stringify(wireOf(body))), { now });
const outcome = (result: ParseResult) => (result.ok ? 'accepted' : result.reason);

/** Fails the property with a readable message; cheaper than expect() at 36 000 runs. */
function same(actual: unknown, expected: unknown, context: string): void {
  if (actual !== expected) {
    throw new Error(`${context}: got ${String(actual)}, expected ${String(expected)}`);
  }
}

const knownReasons = new Set<string>(rejectReasons);
/** Reasons only ingest gives (stored events, the database); parseMessage never does. */
const ingestReasons = new Set<string>(['event_id_conflict', 'storage_rejected']);
/** Holds for every outcome: a known reason with a detail, or an event inside the contract. */
function assertWellFormed(topic: string, result: ParseResult): void {
  if (!result.ok) {
    same(knownReasons.has(result.reason) && !ingestReasons.has(result.reason), true, result.reason);
    same(typeof result.detail, 'string', 'detail');
    return;
  }
  const t = result.event.payload.ts.getTime();
  same(t >= oldest && t <= latest, true, `ts ${t} inside the window`);
  same(topic.split('/').includes(result.event.id), true, `id ${result.event.id} from ${topic}`);
}

const contractTopic = fc.oneof(
  ...[
    iotMetaTopic,
    iotTelemetryTopic,
    cameraMetaTopic,
    cameraStatusTopic,
    cameraEventTopic,
    unitMetaTopic,
    ticketEventTopic,
  ].map((build) => idArb.map((id) => build(id))),
);
const anyTopic = fc.oneof(
  { weight: 4, arbitrary: contractTopic },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
);
const fieldNames = [
  ...new Set(
    [iotMeta, telemetry, cameraMeta, cameraStatus, cameraEvent, unitMeta, ...tickets].flatMap(
      (spec) => spec.allowed,
    ),
  ),
  'extra',
];

describe('parseMessage on arbitrary input never throws and gives a known reason', () => {
  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(anyTopic, fc.uint8Array({ maxLength: 512 }), (topic, payload) => {
        assertWellFormed(topic, parseMessage(topic, payload, { now }));
      }),
      { numRuns },
    );
  });

  it('arbitrary strings', () => {
    const strings = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.json(),
    );
    fc.assert(
      fc.property(anyTopic, strings, (topic, payload) => {
        assertWellFormed(topic, parseMessage(topic, Buffer.from(payload), { now }));
      }),
      { numRuns },
    );
  });

  it('arbitrary JSON values', () => {
    fc.assert(
      fc.property(contractTopic, fc.jsonValue({ maxDepth: 12 }), (topic, value) => {
        assertWellFormed(topic, parseMessage(topic, Buffer.from(JSON.stringify(value)), { now }));
      }),
      { numRuns },
    );
  });

  it('valid messages with 1–3 fields set to arbitrary values', () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      stampArb.map((stamp) => stamp.wire),
      fc.constantFrom(...deviceTypes, ...cameraEventTypes, ...unitKinds, 'created', 'signed'),
      lonArb,
    );
    // Mostly the kind's own fields, so the values reach its schema rather than unknown_field.
    const arb = anyMessage.chain((message) =>
      fc.record({
        message: fc.constant(message),
        fields: fc.dictionary(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...message.spec.allowed) },
            { weight: 1, arbitrary: fc.constantFrom(...fieldNames) },
          ),
          value,
          { minKeys: 1, maxKeys: 3 },
        ),
      }),
    );
    fc.assert(
      fc.property(arb, ({ message, fields }) => {
        const body = { ...wireOf(message.body), ...fields };
        const payload = Buffer.from(JSON.stringify(body));
        assertWellFormed(message.topic, parseMessage(message.topic, payload, { now }));
      }),
      { numRuns },
    );
  });

  it('valid messages with bytes overwritten, inserted or cut', () => {
    const edits = fc.array(
      fc.tuple(
        fc.nat(),
        fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 255 })),
        fc.constantFrom('set', 'insert', 'cut'),
      ),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(anyMessage, edits, (message, changes) => {
        const bytes = [...Buffer.from(JSON.stringify(wireOf(message.body)))];
        for (const [at, byte, op] of changes) {
          const i = at % (bytes.length + 1);
          if (op === 'set') bytes[i] = byte;
          else if (op === 'insert') bytes.splice(i, 0, byte);
          else bytes.splice(i, 1);
        }
        assertWellFormed(message.topic, parseMessage(message.topic, Buffer.from(bytes), { now }));
      }),
      { numRuns },
    );
  });
});

describe('valid messages are accepted and round-trip', () => {
  it.each(kinds)('%s', (_label, arb) => {
    fc.assert(
      fc.property(arb, (message) => {
        const result = send(message.topic, message.body);
        if (!result.ok)
          throw new Error(`${message.spec.label}: ${result.reason}: ${result.detail}`);
        expect(result.event).toMatchObject({
          stream: message.spec.stream,
          kind: message.spec.kind,
          id: message.id,
        });
        expect(result.event.payload).toEqual(expectedOf(message.body));
      }),
      { numRuns },
    );
  });
});

const without = (body: Body, field: string): Body =>
  Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));
const forbidden = new Set(['__proto__', 'constructor', 'prototype']);
const numericFields = new Set(['lon', 'lat', 'confidence', 'severity', 'count']);
/** Paths of the numbers in a body that must be numbers (ts and until also take strings). */
const numberPaths = (body: Body): string[][] => [
  ...Object.keys(body)
    .filter((key) => numericFields.has(key))
    .map((key) => [key]),
  ...Object.keys((body.metrics as Body | undefined) ?? {}).map((name) => ['metrics', name]),
];

/** A fresh copy of a body as it goes on the wire: plain JSON, timestamps as sent. */
const plain = (body: Body): Body => JSON.parse(JSON.stringify(wireOf(body))) as Body;
/** Every string value and every key of a JSON object, by path. */
function textSpots(value: unknown, path: string[] = []): { path: string[]; key: boolean }[] {
  if (typeof value === 'string') return [{ path, key: false }];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    { path: [...path, key], key: true },
    ...textSpots(inner, [...path, key]),
  ]);
}
/** Paths of every number of a JSON object, epoch timestamps included. */
function numberSpots(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'number') return [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => numberSpots(inner, [...path, key]));
}
const overflowMark = '@@overflow@@';

describe('one mutation of a valid message gives its reason', () => {
  it('dropping a required field, or half of a pair → missing_field', () => {
    const arb = anyMessage.chain((message) => {
      const pair = (message.spec.together ?? []).filter((field) => field in message.body);
      return fc
        .constantFrom(...message.spec.required, ...pair)
        .map((field) => ({ message, field }));
    });
    fc.assert(
      fc.property(arb, ({ message, field }) => {
        const result = send(message.topic, without(message.body, field));
        same(outcome(result), 'missing_field', `${message.spec.label} without ${field}`);
      }),
      { numRuns },
    );
  });

  it('adding an unknown field → unknown_field', () => {
    const arb = anyMessage.chain((message) =>
      fc.record({
        message: fc.constant(message),
        key: fc
          .oneof(
            fc.string({ minLength: 1, maxLength: 20 }),
            fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
          )
          .filter((key) => !message.spec.allowed.includes(key) && !forbidden.has(key)),
        value: fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
      }),
    );
    fc.assert(
      fc.property(arb, ({ message, key, value }) => {
        const result = send(message.topic, { ...message.body, [key]: value });
        same(outcome(result), 'unknown_field', `${message.spec.label} + ${key}`);
      }),
      { numRuns },
    );
  });

  it('lat beyond ±90 or lon beyond ±180 → out_of_range', () => {
    const beyond = (limit: number) =>
      fc.oneof(
        fc.double({ min: limit, minExcluded: true, noNaN: true, noDefaultInfinity: true }),
        fc.double({ max: -limit, maxExcluded: true, noNaN: true, noDefaultInfinity: true }),
      );
    const arb = fc.record({
      message: anyMessage.filter((message) => message.spec.allowed.includes('lat')),
      field: fc.constantFrom('lat', 'lon'),
      lat: beyond(90),
      lon: beyond(180),
    });
    fc.assert(
      fc.property(arb, ({ message, field, lat, lon }) => {
        const value = field === 'lat' ? lat : lon;
        const result = send(message.topic, { ...message.body, [field]: value });
        same(outcome(result), 'out_of_range', `${message.spec.label} ${field} ${value}`);
      }),
      { numRuns },
    );
  });

  it('a payload id other than the topic id → topic_mismatch', () => {
    const arb = fc
      .record({ message: anyMessage, other: idArb })
      .filter(({ message, other }) => other !== message.id);
    fc.assert(
      fc.property(arb, ({ message, other }) => {
        const result = send(message.topic, { ...message.body, [message.spec.idField]: other });
        same(outcome(result), 'topic_mismatch', message.spec.label);
      }),
      { numRuns },
    );
  });

  it('a number replaced by a string → invalid_type', () => {
    const arb = anyMessage
      .filter((message) => numberPaths(message.body).length > 0)
      .chain((message) =>
        fc.record({
          message: fc.constant(message),
          path: fc.constantFrom(...numberPaths(message.body)),
          text: fc.oneof(fc.string(), fc.double().map(String)),
        }),
      );
    fc.assert(
      fc.property(arb, ({ message, path, text }) => {
        const [field = '', metric] = path;
        const body =
          metric === undefined
            ? { ...message.body, [field]: text }
            : { ...message.body, metrics: { ...(message.body.metrics as Body), [metric]: text } };
        const result = send(message.topic, body);
        same(outcome(result), 'invalid_type', `${message.spec.label} ${path.join('.')}`);
      }),
      { numRuns },
    );
  });

  it('ts outside the window → ts_too_old or ts_in_future', () => {
    const arb = fc.record({
      message: anyMessage,
      ms: fc.oneof(
        fc.integer({ min: 0, max: oldest - 1 }),
        fc.integer({ min: latest + 1, max: 8.64e15 }),
      ),
      iso: fc.boolean(),
    });
    fc.assert(
      fc.property(arb, ({ message, ms, iso }) => {
        const ts = iso && ms <= 253_402_300_799_000 ? new Date(ms).toISOString() : ms;
        const result = send(message.topic, { ...message.body, ts });
        same(
          outcome(result),
          ms < oldest ? 'ts_too_old' : 'ts_in_future',
          `${message.spec.label} ts ${ts}`,
        );
      }),
      { numRuns },
    );
  });

  it('U+0000 or an unpaired surrogate in any string or key → invalid_text', () => {
    const bad = fc.oneof(
      fc.constant('\u0000'),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    );
    const arb = anyMessage.chain((message) => {
      return fc.record({
        message: fc.constant(message),
        spot: fc.constantFrom(...textSpots(plain(message.body))),
        bad,
        at: fc.nat(),
      });
    });
    fc.assert(
      fc.property(arb, ({ message, spot, bad, at }) => {
        // A fresh copy each run: shrinking replays the same generated values.
        const wire = plain(message.body);
        const parent = spot.path.slice(0, -1).reduce((node, key) => node[key] as Body, wire);
        const last = spot.path.at(-1) ?? '';
        const old = spot.key ? last : (parent[last] as string);
        // Inside a pair, a surrogate orphans one of its halves: the text stays ill-formed.
        const i = at % (old.length + 1);
        const changed = old.slice(0, i) + bad + old.slice(i);
        if (spot.key) {
          parent[changed] = parent[last];
          delete parent[last];
        } else {
          parent[last] = changed;
        }
        const result = parseMessage(message.topic, Buffer.from(JSON.stringify(wire)), { now });
        same(
          outcome(result),
          'invalid_text',
          `${message.spec.label} ${spot.key ? 'key' : 'value'} ${spot.path.join('.')}`,
        );
      }),
      { numRuns },
    );
  });

  it('a number that overflows to ±Infinity, anywhere → non_finite_number', () => {
    const literal = fc.oneof(
      fc.constantFrom('1e999', '-1e400', '1.8e308', '-2E308', `1${'0'.repeat(309)}`),
      fc.integer({ min: 309, max: 100_000 }).map((exponent) => `9e${exponent}`),
    );
    const arb = anyMessage.chain((message) => {
      return fc.record({
        message: fc.constant(message),
        // An existing number, or a field the schema does not know (checked before unknown_field).
        path: fc.constantFrom(...numberSpots(plain(message.body)), ['extra']),
        literal,
      });
    });
    fc.assert(
      fc.property(arb, ({ message, path, literal }) => {
        const wire = plain(message.body);
        const parent = path.slice(0, -1).reduce((node, key) => node[key] as Body, wire);
        parent[path.at(-1) ?? ''] = overflowMark;
        const text = JSON.stringify(wire).replace(`"${overflowMark}"`, literal);
        const result = parseMessage(message.topic, Buffer.from(text), { now });
        same(outcome(result), 'non_finite_number', `${message.spec.label} ${path.join('.')}`);
      }),
      { numRuns },
    );
  });
});
