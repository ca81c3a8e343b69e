import { describe, expect, it } from 'vitest';
import {
  MqttIdentityError,
  identityName,
  parseIdentity,
  toIdentity,
  type MqttIdentity,
} from './identity.ts';
import { MqttPrefixError, canPublish, canSubscribe, rightsOf } from './rights.ts';

const ingest: MqttIdentity = { kind: 'ingest' };
const simulator: MqttIdentity = { kind: 'simulator' };
const hotline: MqttIdentity = { kind: 'hotline' };
const device: MqttIdentity = { kind: 'device', id: 'aq-1' };
const camera: MqttIdentity = { kind: 'camera', id: 'cam:7' };

describe('identities', () => {
  it('round-trips names, ids with colons included', () => {
    for (const identity of [ingest, simulator, hotline, device, camera])
      expect(parseIdentity(identityName(identity))).toEqual(identity);
    expect(identityName(camera)).toBe('camera:cam:7');
  });

  it('names nobody for anonymous, unknown kinds or ids outside the contract alphabet', () => {
    for (const name of ['', 'admin', 'device:', 'device:a/b', 'device:+', 'camera:#', 'root:x'])
      expect(parseIdentity(name)).toBeNull();
    expect(() => toIdentity('device:a/b')).toThrow(MqttIdentityError);
  });
});

describe('publishing', () => {
  it('lets a device publish only its own meta and telemetry', () => {
    expect(canPublish(device, 'twin/iot/aq-1/meta')).toBe(true);
    expect(canPublish(device, 'twin/iot/aq-1/telemetry')).toBe(true);
    expect(canPublish(device, 'twin/iot/aq-2/telemetry')).toBe(false);
    expect(canPublish(device, 'twin/iot/aq-1/other')).toBe(false);
    expect(canPublish(device, 'twin/video/aq-1/event')).toBe(false);
  });

  it('lets a camera publish its meta, status and events only', () => {
    for (const kind of ['meta', 'status', 'event'])
      expect(canPublish(camera, `twin/video/cam:7/${kind}`)).toBe(true);
    expect(canPublish(camera, 'twin/video/cam:8/event')).toBe(false);
    expect(canPublish(camera, 'twin/iot/cam:7/meta')).toBe(false);
  });

  it('lets the hotline publish under hotline/ and the simulator under the whole prefix', () => {
    expect(canPublish(hotline, 'twin/hotline/ticket/T1/event')).toBe(true);
    expect(canPublish(hotline, 'twin/iot/x/meta')).toBe(false);
    expect(canPublish(simulator, 'twin/iot/x/meta')).toBe(true);
    expect(canPublish(simulator, 'twin/hotline/unit/u/meta')).toBe(true);
    expect(canPublish(simulator, 'other/iot/x/meta')).toBe(false);
    expect(canPublish(simulator, '$SYS/broker')).toBe(false);
  });

  it('refuses ingest, anonymous and wildcard topics', () => {
    expect(canPublish(ingest, 'twin/iot/x/meta')).toBe(false);
    expect(canPublish(null, 'twin/iot/x/meta')).toBe(false);
    expect(canPublish(undefined, 'twin/iot/x/meta')).toBe(false);
    expect(canPublish(simulator, 'twin/iot/+/meta')).toBe(false);
    expect(canPublish(simulator, 'twin/#')).toBe(false);
  });

  it('follows a configured prefix with levels of its own', () => {
    expect(canPublish(device, 'sanmenxia/twin/iot/aq-1/meta', 'sanmenxia/twin')).toBe(true);
    expect(canPublish(device, 'twin/iot/aq-1/meta', 'sanmenxia/twin')).toBe(false);
    expect(() => rightsOf(device, 'a/+')).toThrow(MqttPrefixError);
    expect(() => rightsOf(device, '')).toThrow(MqttPrefixError);
  });
});

describe('subscribing', () => {
  it('lets ingest subscribe under its prefix, shared or not', () => {
    for (const filter of [
      'twin/#',
      'twin/iot/+/meta',
      'twin/hotline/ticket/+/event',
      '$share/ingest/twin/iot/+/telemetry',
      '$share/g/twin/#',
    ])
      expect(canSubscribe(ingest, filter), filter).toBe(true);
  });

  it('refuses # and filters reaching beyond the prefix, for everyone', () => {
    for (const identity of [ingest, simulator, hotline, device, camera, null]) {
      expect(canSubscribe(identity, '#')).toBe(false);
      expect(canSubscribe(identity, '+/iot/#')).toBe(false);
      expect(canSubscribe(identity, '$share/g/#')).toBe(false);
      expect(canSubscribe(identity, '$SYS/#')).toBe(false);
    }
  });

  it('refuses every subscription of publishers', () => {
    for (const identity of [simulator, hotline, device, camera])
      expect(canSubscribe(identity, 'twin/iot/aq-1/meta')).toBe(false);
  });

  it('refuses malformed filters', () => {
    for (const filter of [
      'twin/#/x',
      'twin/a+',
      '$share//twin/#',
      '$share/g',
      '$share/+/twin/#',
      '',
    ])
      expect(canSubscribe(ingest, filter), filter).toBe(false);
  });
});
