import type { z } from 'zod';
import { checkTsWindow, MAX_PAYLOAD_BYTES } from './common.ts';
import {
  cameraEventSchema,
  cameraMetaSchema,
  cameraStatusSchema,
  type CameraEvent,
  type CameraMeta,
  type CameraStatus,
} from './video.ts';
import { ticketEventSchema, unitMetaSchema, type TicketEvent, type UnitMeta } from './hotline.ts';
import { iotMetaSchema, iotTelemetrySchema, type IotMeta, type IotTelemetry } from './iot.ts';
import { DEFAULT_TOPIC_PREFIX, parseTopic } from './topics.ts';

/** A contract message that passed validation; `id` is the subject id from the topic. */
export type ContractEvent =
  | { stream: 'iot'; kind: 'meta'; id: string; payload: IotMeta }
  | { stream: 'iot'; kind: 'telemetry'; id: string; payload: IotTelemetry }
  | { stream: 'video'; kind: 'meta'; id: string; payload: CameraMeta }
  | { stream: 'video'; kind: 'status'; id: string; payload: CameraStatus }
  | { stream: 'video'; kind: 'event'; id: string; payload: CameraEvent }
  | { stream: 'hotline'; kind: 'unit_meta'; id: string; payload: UnitMeta }
  | { stream: 'hotline'; kind: 'ticket_event'; id: string; payload: TicketEvent };

/** Stable codes for why a message was rejected; dead letters are counted per code. */
export const rejectReasons = [
  'payload_too_large',
  'unknown_topic',
  'invalid_utf8',
  'not_json',
  'non_finite_number',
  'not_an_object',
  'too_deep',
  'forbidden_key',
  'missing_field',
  'invalid_type',
  'out_of_range',
  'invalid_value',
  'unknown_field',
  'unknown_device_type',
  'unknown_metric',
  'unknown_event_type',
  'unknown_action',
  'invalid_text',
  'ts_too_old',
  'ts_in_future',
  'topic_mismatch',
  'event_id_conflict',
  'storage_rejected',
] as const;

/** Why a message was rejected. */
export type RejectReason = (typeof rejectReasons)[number];

/** Result of validating one MQTT message against the contract. */
export type ParseResult =
  { ok: true; event: ContractEvent } | { ok: false; reason: RejectReason; detail: string };

/** Options for {@link parseMessage}. */
export interface ParseOptions {
  prefix?: string;
  /** Receiver's clock in epoch ms, for the `ts` window. */
  now?: number;
}

/** Deepest nesting a payload may have (the contract's deepest is 3). */
export const MAX_DEPTH = 8;
// Keys that would reach Object.prototype if a consumer ever merged a payload into an object.
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);
// JSON has no NaN or Infinity; a device that prints them deserves a precise reason.
const nonFiniteToken = /([:[,]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const schemas = {
  'iot/meta': iotMetaSchema,
  'iot/telemetry': iotTelemetrySchema,
  'video/meta': cameraMetaSchema,
  'video/status': cameraStatusSchema,
  'video/event': cameraEventSchema,
  'hotline/unit_meta': unitMetaSchema,
  'hotline/ticket_event': ticketEventSchema,
} as const;

/** The payload field that, when present, must repeat the topic's id. */
const idField = {
  iot: 'deviceId',
  video: 'cameraId',
  unit_meta: 'unitId',
  ticket_event: 'ticketId',
} as const;

function reject(reason: RejectReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

function toReject(error: z.ZodError): ParseResult {
  const first = error.issues[0];
  if (!first) return reject('invalid_value', 'invalid payload');
  const path = first.path.join('.') || '(root)';
  // A record key's own refinement carries the reason one level down.
  const issue = first.code === 'invalid_key' ? (first.issues[0] ?? first) : first;
  const detail = `${path}: ${issue.message}`;
  switch (issue.code) {
    case 'custom': {
      const reason = (issue.params as { reason?: RejectReason } | undefined)?.reason;
      return reject(reason ?? 'invalid_value', detail);
    }
    case 'invalid_type':
      return reject(issue.input === undefined ? 'missing_field' : 'invalid_type', detail);
    case 'invalid_union':
      if (issue.input === undefined) return reject('missing_field', detail);
      // A discriminated union names its discriminator when no branch has the given value.
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const given = (issue.input as Record<string, unknown> | null)?.[issue.discriminator];
        return reject(given === undefined ? 'missing_field' : 'unknown_action', detail);
      }
      return reject('invalid_type', detail);
    case 'too_big':
    case 'too_small':
      return reject('out_of_range', detail);
    case 'unrecognized_keys':
      return reject('unknown_field', `${path}: ${issue.keys.join(', ')}`);
    default:
      // A missing enum field is reported as an invalid value of nothing.
      return reject(issue.input === undefined ? 'missing_field' : 'invalid_value', detail);
  }
}

function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; result: ParseResult } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const repaired = text.replace(nonFiniteToken, '$1null');
    if (repaired !== text) {
      try {
        JSON.parse(repaired);
        return {
          ok: false,
          result: reject('non_finite_number', 'payload contains NaN or Infinity'),
        };
      } catch {
        // fall through: it is not JSON either way
      }
    }
    return { ok: false, result: reject('not_json', (error as Error).message.slice(0, 200)) };
  }
}

/**
 * Finds what JSON allows and storage does not: nesting beyond MAX_DEPTH, keys that reach
 * Object.prototype, numbers that overflowed to ±Infinity (1e999), and strings PostgreSQL
 * cannot hold (NUL, unpaired surrogates) — one such message must not stall a batch.
 */
function checkShape(root: unknown): ParseResult | null {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 1 }];
  const badText = (text: string) => text.includes('\u0000') || !text.isWellFormed();
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return reject('non_finite_number', 'a number overflows to Infinity');
    }
    if (typeof value === 'string' && badText(value)) {
      return reject('invalid_text', 'text contains NUL or an unpaired surrogate');
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return reject('too_deep', `nesting deeper than ${MAX_DEPTH}`);
    if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (forbiddenKeys.has(key)) return reject('forbidden_key', `key "${key}" is not allowed`);
      if (badText(key))
        return reject('invalid_text', 'a key contains NUL or an unpaired surrogate');
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return null;
}

/** Validates one MQTT message (topic and raw payload) against wire contract v1. */
export function parseMessage(
  topic: string,
  payload: Uint8Array,
  options: ParseOptions = {},
): ParseResult {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) {
    return reject('payload_too_large', `${payload.byteLength} bytes > ${MAX_PAYLOAD_BYTES}`);
  }
  const address = parseTopic(topic, options.prefix ?? DEFAULT_TOPIC_PREFIX);
  if (!address) return reject('unknown_topic', topic.slice(0, 200));

  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return reject('invalid_utf8', 'payload is not valid UTF-8');
  }
  const json = parseJson(text);
  if (!json.ok) return json.result;
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return reject('not_an_object', 'payload must be a JSON object');
  }
  const shape = checkShape(json.value);
  if (shape) return shape;

  const schema = schemas[`${address.stream}/${address.kind}` as keyof typeof schemas];
  const parsed = schema.safeParse(json.value);
  // Inputs in issues tell a missing field from a wrong one; zod's fast path skips them, so
  // only a payload that already failed is parsed again to learn why.
  if (!parsed.success) return toReject(schema.safeParse(json.value, { reportInput: true }).error!);
  const data = parsed.data as { ts: Date } & Record<string, unknown>;

  const field = idField[address.stream === 'hotline' ? address.kind : address.stream];
  const claimed = data[field];
  if (claimed !== undefined && claimed !== address.id) {
    return reject(
      'topic_mismatch',
      `${field} "${String(claimed).slice(0, 128)}" ≠ topic id "${address.id}"`,
    );
  }

  const window = checkTsWindow(data.ts, options.now);
  if (window) return reject(window, `ts ${data.ts.toISOString()}`);

  return { ok: true, event: { ...address, payload: data } as ContractEvent };
}
