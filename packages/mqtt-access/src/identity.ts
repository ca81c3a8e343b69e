/** Ids in topics and identities: the wire contract's alphabet (no `/`, `+` or `#`). */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Who connects to the broker; the MQTT username is {@link identityName} of it. */
export type MqttIdentity =
  | { kind: 'ingest' }
  | { kind: 'simulator' }
  | { kind: 'hotline' }
  | { kind: 'device'; id: string }
  | { kind: 'camera'; id: string };

/** Thrown for a username or identity that is not one of the kinds above. */
export class MqttIdentityError extends Error {
  readonly code = 'TWIN_MQTT_BAD_IDENTITY';
}

/** The MQTT username of an identity: `ingest`, `simulator`, `hotline`, `device:<id>`, `camera:<id>`. */
export function identityName(identity: MqttIdentity): string {
  switch (identity.kind) {
    case 'ingest':
    case 'simulator':
    case 'hotline':
      return identity.kind;
    case 'device':
    case 'camera':
      return `${identity.kind}:${identity.id}`;
    default: {
      const never: never = identity;
      throw new MqttIdentityError(`unknown identity ${JSON.stringify(never)}`);
    }
  }
}

/** The identity a username names, or null when it names none. */
export function parseIdentity(username: string): MqttIdentity | null {
  if (username === 'ingest' || username === 'simulator' || username === 'hotline')
    return { kind: username };
  const colon = username.indexOf(':');
  if (colon < 0) return null;
  const kind = username.slice(0, colon);
  const id = username.slice(colon + 1);
  if (!ID_PATTERN.test(id)) return null;
  if (kind === 'device' || kind === 'camera') return { kind, id };
  return null;
}

/** Like {@link parseIdentity}, but throws a coded error for a bad name. */
export function toIdentity(username: string): MqttIdentity {
  const identity = parseIdentity(username);
  if (!identity)
    throw new MqttIdentityError(
      `"${username}" is no MQTT identity (ingest, simulator, hotline, device:<id>, camera:<id>; ids of [A-Za-z0-9._:-])`,
    );
  return identity;
}
