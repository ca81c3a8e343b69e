import { timingSafeEqual } from 'node:crypto';
import { identityName, parseIdentity, type MqttIdentity } from './identity.ts';
import { canPublish, canSubscribe, DEFAULT_TOPIC_PREFIX, MAX_PAYLOAD_BYTES } from './rights.ts';

// Structural types of what aedes hands its hooks, so this package needs no aedes dependency.
type HookClient = object;
interface HookPublish {
  topic: string;
  payload: Buffer | string;
}
interface HookSubscription {
  topic: string;
}
/** An error aedes turns into a CONNACK return code (4: bad user name or password, 5: not authorized). */
export type BrokerAuthError = Error & { returnCode: number; code: string };

/** The `authenticate`, `authorizePublish` and `authorizeSubscribe` hooks of an aedes broker. */
export interface AedesAccessHooks {
  authenticate(
    client: HookClient,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: BrokerAuthError | null, success: boolean | null) => void,
  ): void;
  authorizePublish(
    client: HookClient | null,
    packet: HookPublish,
    done: (error?: Error | null) => void,
  ): void;
  authorizeSubscribe<S extends HookSubscription>(
    client: HookClient,
    subscription: S,
    done: (error: Error | null, subscription?: S | null) => void,
  ): void;
}

/** Options of {@link createAedesAccessHooks}. */
export interface AedesAccessOptions {
  /** Clear passwords by identity name (`ingest`, `device:<id>`, …); only these may connect. */
  passwords: ReadonlyMap<string, string>;
  prefix?: string;
  maxPayloadBytes?: number;
}

function authError(message: string, returnCode: number, code: string): BrokerAuthError {
  return Object.assign(new Error(message), { returnCode, code });
}

function samePassword(expected: string, given: Buffer): boolean {
  const wanted = Buffer.from(expected);
  return wanted.length === given.length && timingSafeEqual(wanted, given);
}

/**
 * Hooks enforcing the same rules as the generated Mosquitto configuration: nobody anonymous, each
 * identity publishing and subscribing only within its rights, payloads at most 64 KiB. aedes speaks
 * MQTT 3.1.1, which has no negative PUBACK: a refused publish closes the connection.
 */
export function createAedesAccessHooks(options: AedesAccessOptions): AedesAccessHooks {
  const prefix = options.prefix ?? DEFAULT_TOPIC_PREFIX;
  const maxPayload = options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
  const identities = new WeakMap<HookClient, MqttIdentity>();
  return {
    authenticate(client, username, password, done) {
      const identity = username === undefined ? null : parseIdentity(username);
      const expected = identity ? options.passwords.get(identityName(identity)) : undefined;
      if (!identity || expected === undefined || !password || !samePassword(expected, password)) {
        done(authError('bad user name or password', 4, 'TWIN_MQTT_NOT_AUTHENTICATED'), null);
        return;
      }
      identities.set(client, identity);
      done(null, true);
    },
    authorizePublish(client, packet, done) {
      // A will published for a client already gone: it was checked when the client connected.
      const identity = client ? identities.get(client) : undefined;
      const size =
        typeof packet.payload === 'string'
          ? Buffer.byteLength(packet.payload)
          : packet.payload.length;
      if (!canPublish(identity, packet.topic, prefix))
        done(authError(`not allowed to publish to ${packet.topic}`, 5, 'TWIN_MQTT_FORBIDDEN'));
      else if (size > maxPayload)
        done(authError(`payload of ${size} bytes over ${maxPayload}`, 5, 'TWIN_MQTT_TOO_LARGE'));
      else done(null);
    },
    authorizeSubscribe(client, subscription, done) {
      // null refuses this filter alone: SUBACK 0x80, the connection stays.
      done(
        null,
        canSubscribe(identities.get(client), subscription.topic, prefix) ? subscription : null,
      );
    },
  };
}
