import type { MqttIdentity } from './identity.ts';

/** Largest payload the contract allows (DESIGN §4): 64 KiB. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

/** Largest MQTT packet a broker accepts: the payload plus room for topic, properties and headers. */
export const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 1024;

/** Default topic prefix of the wire contract. */
export const DEFAULT_TOPIC_PREFIX = 'twin';

/** What an identity may do: topic filters it may publish to, and patterns its subscriptions must fit. */
export interface TopicRights {
  publish: string[];
  subscribe: string[];
}

/** Thrown for a topic prefix that cannot be used in an ACL. */
export class MqttPrefixError extends Error {
  readonly code = 'TWIN_MQTT_BAD_PREFIX';
}

function checkPrefix(prefix: string): string {
  const levels = prefix.split('/');
  if (
    prefix.length === 0 ||
    prefix.startsWith('$') ||
    levels.some((level) => level === '' || level.includes('+') || level.includes('#'))
  )
    throw new MqttPrefixError(
      `topic prefix "${prefix}" must be non-empty levels without +, # or $`,
    );
  return prefix;
}

/** The rights of an identity under a topic prefix, as data (the brokers' ACLs are made from it). */
export function rightsOf(identity: MqttIdentity, prefix = DEFAULT_TOPIC_PREFIX): TopicRights {
  const p = checkPrefix(prefix);
  switch (identity.kind) {
    case 'ingest':
      return { publish: [], subscribe: [`${p}/#`] };
    case 'simulator':
      return { publish: [`${p}/#`], subscribe: [] };
    case 'hotline':
      return { publish: [`${p}/hotline/#`], subscribe: [] };
    case 'device':
      return {
        publish: [`${p}/iot/${identity.id}/meta`, `${p}/iot/${identity.id}/telemetry`],
        subscribe: [],
      };
    case 'camera':
      return {
        publish: ['meta', 'status', 'event'].map((kind) => `${p}/video/${identity.id}/${kind}`),
        subscribe: [],
      };
    default: {
      const never: never = identity;
      throw new Error(`unknown identity ${JSON.stringify(never)}`);
    }
  }
}

/** Whether a concrete topic matches a filter (MQTT rules; `$` topics only match `$` filters). */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') !== filter.startsWith('$')) return false;
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    if (level === '#') return true;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Whether every topic a subscription filter can match is matched by `pattern` (Mosquitto's subscribePattern). */
export function filterWithin(pattern: string, filter: string): boolean {
  const p = pattern.split('/');
  const f = filter.split('/');
  for (let i = 0; i < p.length; i++) {
    const level = p[i];
    if (level === '#') return true;
    if (i >= f.length) return false;
    const wanted = f[i];
    if (wanted === '#') return false;
    if (level === '+') continue;
    if (level !== wanted) return false;
  }
  return p.length === f.length;
}

function validTopic(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#') && !topic.includes('\0');
}

function validFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes('\0')) return false;
  const levels = filter.split('/');
  return levels.every(
    (level, i) =>
      level === '+' ||
      (level === '#' && i === levels.length - 1) ||
      (!level.includes('+') && !level.includes('#')),
  );
}

/** Removes a `$share/<group>/` prefix: a shared subscription has the rights of its filter. */
export function unshare(filter: string): string | null {
  if (!filter.startsWith('$share/')) return filter;
  const rest = filter.slice('$share/'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const group = rest.slice(0, slash);
  if (group.includes('+') || group.includes('#')) return null;
  return rest.slice(slash + 1) || null;
}

/** Whether `identity` may publish to `topic` (nobody anonymous: pass no identity, get false). */
export function canPublish(
  identity: MqttIdentity | null | undefined,
  topic: string,
  prefix = DEFAULT_TOPIC_PREFIX,
): boolean {
  if (!identity || !validTopic(topic)) return false;
  return rightsOf(identity, prefix).publish.some((filter) => topicMatches(filter, topic));
}

/** Whether `identity` may subscribe to `filter` (plain or `$share/<group>/…`). */
export function canSubscribe(
  identity: MqttIdentity | null | undefined,
  filter: string,
  prefix = DEFAULT_TOPIC_PREFIX,
): boolean {
  if (!identity) return false;
  const unshared = unshare(filter);
  if (unshared === null || !validFilter(unshared)) return false;
  return rightsOf(identity, prefix).subscribe.some((pattern) => filterWithin(pattern, unshared));
}
