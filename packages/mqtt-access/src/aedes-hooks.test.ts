import { describe, expect, it } from 'vitest';
import { createAedesAccessHooks, type BrokerAuthError } from './aedes-hooks.ts';

const hooks = createAedesAccessHooks({
  passwords: new Map([
    ['ingest', 'pw-ingest'],
    ['device:aq-1', 'pw-device'],
  ]),
  maxPayloadBytes: 100,
});

function authenticate(client: object, username?: string, password?: string) {
  let result: { error: BrokerAuthError | null; success: boolean | null } | undefined;
  hooks.authenticate(
    client,
    username,
    password === undefined ? undefined : Buffer.from(password),
    (error, success) => {
      result = { error, success };
    },
  );
  return result!;
}

function publish(client: object | null, topic: string, payload = '{}') {
  let outcome: Error | null | undefined = undefined;
  hooks.authorizePublish(client, { topic, payload: Buffer.from(payload) }, (error) => {
    outcome = error ?? null;
  });
  return outcome as Error | null | undefined;
}

function subscribe(client: object, topic: string) {
  let granted: unknown = 'not called';
  hooks.authorizeSubscribe(client, { topic, qos: 1 }, (_error, sub) => {
    granted = sub;
  });
  return granted;
}

describe('aedes access hooks', () => {
  it('refuses anonymous, unknown and wrong-password connections with return code 4', () => {
    for (const [username, password] of [
      [undefined, undefined],
      ['ingest', undefined],
      ['ingest', 'wrong'],
      ['ingest', 'pw-ingest!'],
      ['device:aq-2', 'pw-device'],
      ['admin', 'pw-ingest'],
    ] as const) {
      const { error, success } = authenticate({}, username, password);
      expect(success).toBeNull();
      expect(error?.returnCode).toBe(4);
    }
  });

  it('lets a device publish its own topics and nothing else, within the payload limit', () => {
    const client = {};
    expect(authenticate(client, 'device:aq-1', 'pw-device').success).toBe(true);
    expect(publish(client, 'twin/iot/aq-1/telemetry')).toBeNull();
    expect((publish(client, 'twin/iot/aq-2/telemetry') as BrokerAuthError).code).toBe(
      'TWIN_MQTT_FORBIDDEN',
    );
    expect(
      (publish(client, 'twin/iot/aq-1/telemetry', 'x'.repeat(101)) as BrokerAuthError).code,
    ).toBe('TWIN_MQTT_TOO_LARGE');
    expect(subscribe(client, '#')).toBeNull();
    expect(subscribe(client, 'twin/iot/aq-1/meta')).toBeNull();
  });

  it('lets ingest subscribe under the prefix but not publish', () => {
    const client = {};
    expect(authenticate(client, 'ingest', 'pw-ingest').success).toBe(true);
    expect(subscribe(client, 'twin/iot/+/meta')).toEqual({ topic: 'twin/iot/+/meta', qos: 1 });
    expect(subscribe(client, '$share/g/twin/iot/+/meta')).not.toBeNull();
    expect(subscribe(client, '#')).toBeNull();
    expect(publish(client, 'twin/iot/aq-1/meta')).toBeInstanceOf(Error);
  });

  it('refuses publishes of clients that never authenticated', () => {
    expect(publish({}, 'twin/iot/aq-1/meta')).toBeInstanceOf(Error);
    expect(publish(null, 'twin/iot/aq-1/meta')).toBeInstanceOf(Error);
  });
});
