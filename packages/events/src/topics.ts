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

/** Topic of a camera's retained metadata. */
export function cameraMetaTopic(cameraId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/video/${cameraId}/meta`;
}

/** Topic of a camera's online/offline status. */
export function cameraStatusTopic(cameraId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/video/${cameraId}/status`;
}

/** Topic of a camera's AI analytics events. */
export function cameraEventTopic(cameraId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/video/${cameraId}/event`;
}

/** Topic of a hotline unit's retained metadata. */
export function unitMetaTopic(unitId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/hotline/unit/${unitId}/meta`;
}

/** Topic of a work order's (工单) actions. */
export function ticketEventTopic(ticketId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/hotline/ticket/${ticketId}/event`;
}

/** Subscription filters covering every topic of the contract. */
export function contractSubscriptions(prefix = DEFAULT_TOPIC_PREFIX): string[] {
  return [
    `${prefix}/iot/+/meta`,
    `${prefix}/iot/+/telemetry`,
    `${prefix}/video/+/meta`,
    `${prefix}/video/+/status`,
    `${prefix}/video/+/event`,
    `${prefix}/hotline/unit/+/meta`,
    `${prefix}/hotline/ticket/+/event`,
  ];
}

/** What a contract topic addresses. */
export type TopicAddress =
  | { stream: 'iot'; kind: 'meta' | 'telemetry'; id: string }
  | { stream: 'video'; kind: 'meta' | 'status' | 'event'; id: string }
  | { stream: 'hotline'; kind: 'unit_meta' | 'ticket_event'; id: string };

/** Ids in topics: the same alphabet as event ids. */
export const idPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Splits a contract topic into stream, kind and subject id; null when it is not in the contract. */
export function parseTopic(topic: string, prefix = DEFAULT_TOPIC_PREFIX): TopicAddress | null {
  // The prefix may have levels of its own (e.g. sanmenxia/twin).
  if (!topic.startsWith(`${prefix}/`)) return null;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length === 3) {
    const [stream, id = '', kind] = parts;
    if (!idPattern.test(id)) return null;
    if (stream === 'iot' && (kind === 'meta' || kind === 'telemetry')) return { stream, kind, id };
    if (stream === 'video' && (kind === 'meta' || kind === 'status' || kind === 'event')) {
      return { stream, kind, id };
    }
    return null;
  }
  if (parts.length === 4 && parts[0] === 'hotline') {
    const [, subject, id = '', kind] = parts;
    if (!idPattern.test(id)) return null;
    if (subject === 'unit' && kind === 'meta') return { stream: 'hotline', kind: 'unit_meta', id };
    if (subject === 'ticket' && kind === 'event')
      return { stream: 'hotline', kind: 'ticket_event', id };
  }
  return null;
}
