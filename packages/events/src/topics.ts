/** Default topic prefix of wire contract v1. */
export const DEFAULT_TOPIC_PREFIX = 'twin';

/** Topic of a device's retained metadata. */
export function iotMetaTopic(deviceId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/iot/${deviceId}/meta`;
}

/** Topic of a device's telemetry readings. */
export function iotTelemetryTopic(deviceId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/iot/${deviceId}/telemetry`;
}

/** Subscription filters covering every IoT topic. */
export function iotSubscriptions(prefix = DEFAULT_TOPIC_PREFIX): string[] {
  return [`${prefix}/iot/+/meta`, `${prefix}/iot/+/telemetry`];
}

/** What a topic addresses, or null when it is not part of the contract. */
export type ParsedTopic = { stream: 'iot'; kind: 'meta' | 'telemetry'; deviceId: string } | null;

const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Splits a contract topic into stream, kind and subject id. */
export function parseTopic(topic: string, prefix = DEFAULT_TOPIC_PREFIX): ParsedTopic {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== prefix) return null;
  const [, stream, id, kind] = parts;
  if (
    stream === 'iot' &&
    id !== undefined &&
    idPattern.test(id) &&
    (kind === 'meta' || kind === 'telemetry')
  ) {
    return { stream: 'iot', kind, deviceId: id };
  }
  return null;
}
