import { parse } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MqttUrlError, redactMqttUrl, withCredentials } from './urls.ts';

describe('broker URLs', () => {
  it('carries a username with colons so that MQTT.js (url.parse auth, split at the last colon) reads it back', () => {
    const url = withCredentials('mqtt://old:pw@127.0.0.1:1883', 'device:aq:1', 'Secret_-9');
    expect(url).toBe('mqtt://device%3Aaq%3A1:Secret_-9@127.0.0.1:1883');
    const auth = parse(url).auth ?? '';
    expect(auth.match(/^(.+):(.+)$/)?.slice(1)).toEqual(['device:aq:1', 'Secret_-9']);
  });

  it('masks the password for logs and refuses what is no URL with a coded error', () => {
    expect(redactMqttUrl('mqtt://ingest:s3cret@h:1883')).toBe('mqtt://ingest:***@h:1883');
    expect(() => withCredentials('not a url', 'a', 'b')).toThrow(MqttUrlError);
  });
});
