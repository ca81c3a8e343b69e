import type { z } from 'zod';
import { checkTsWindow, MAX_PAYLOAD_BYTES } from './common.ts';
import { iotMetaSchema, iotTelemetrySchema, type IotMeta, type IotTelemetry } from './iot.ts';
import { DEFAULT_TOPIC_PREFIX, parseTopic } from './topics.ts';

/** A contract message that passed validation. */
export type ContractEvent =
  | { stream: 'iot'; kind: 'meta'; deviceId: string; payload: IotMeta }
  | { stream: 'iot'; kind: 'telemetry'; deviceId: string; payload: IotTelemetry };

/** Stable codes for why a message was rejected; dead letters are counted per code. */
export type RejectReason =
  | 'payload_too_large'
  | 'unknown_topic'
  | 'not_json'
  | 'non_finite_number'
  | 'not_an_object'
  | 'missing_field'
  | 'invalid_type'
  | 'out_of_range'
  | 'invalid_value'
  | 'unknown_field'
  | 'unknown_device_type'
  | 'unknown_metric'
  | 'ts_too_old'
  | 'ts_in_future'
  | 'topic_mismatch';

/** Result of validating one MQTT message against the contract. */
export type ParseResult =
  { ok: true; event: ContractEvent } | { ok: false; reason: RejectReason; detail: string };

/** Options for {@link parseMessage}. */
export interface ParseOptions {
  prefix?: string;
  /** Receiver's clock in epoch ms, for the `ts` window. */
  now?: number;
}

// JSON has no NaN or Infinity; a device that prints them deserves a precise reason.
const nonFiniteToken = /([:[,]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g;

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
      return reject(issue.input === undefined ? 'missing_field' : 'invalid_type', detail);
    case 'too_big':
    case 'too_small':
      return reject('out_of_range', detail);
    case 'unrecognized_keys':
      return reject('unknown_field', `${path}: ${issue.keys.join(', ')}`);
    default:
      return reject('invalid_value', detail);
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

  const json = parseJson(
    Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'),
  );
  if (!json.ok) return json.result;
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return reject('not_an_object', 'payload must be a JSON object');
  }

  const schema = address.kind === 'meta' ? iotMetaSchema : iotTelemetrySchema;
  const parsed = schema.safeParse(json.value, { reportInput: true });
  if (!parsed.success) return toReject(parsed.error);

  const window = checkTsWindow(parsed.data.ts, options.now);
  if (window) return reject(window, `ts ${parsed.data.ts.toISOString()}`);

  return address.kind === 'meta'
    ? {
        ok: true,
        event: {
          stream: 'iot',
          kind: 'meta',
          deviceId: address.deviceId,
          payload: parsed.data as IotMeta,
        },
      }
    : {
        ok: true,
        event: {
          stream: 'iot',
          kind: 'telemetry',
          deviceId: address.deviceId,
          payload: parsed.data as IotTelemetry,
        },
      };
}
