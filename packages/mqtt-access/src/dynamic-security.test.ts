import { describe, expect, it } from 'vitest';
import {
  DynsecConfigError,
  parseDynamicSecurityAccounts,
  parseDynamicSecurityPrefix,
  toDynamicSecurityConfig,
} from './dynamic-security.ts';
import { verifyPassword, type PasswordHash } from './passwords.ts';

describe('dynamic-security configuration', () => {
  const config = toDynamicSecurityConfig(
    [
      { identity: { kind: 'ingest' }, secret: { password: 'ingest-secret' } },
      { identity: { kind: 'device', id: 'aq-1' }, secret: { password: 'device-secret' } },
    ],
    'twin',
  );

  it('denies publishing and subscribing unless granted', () => {
    expect(config.defaultACLAccess).toEqual({
      publishClientSend: false,
      publishClientReceive: true,
      subscribe: false,
      unsubscribe: true,
    });
  });

  it('holds salted PBKDF2-SHA512 hashes (64 bytes, 12-byte salt) that verify, never the password', () => {
    const [ingest, device] = config.clients;
    expect(ingest?.username).toBe('ingest');
    expect(device?.username).toBe('device:aq-1');
    expect(Buffer.from(ingest!.password, 'base64')).toHaveLength(64);
    expect(Buffer.from(ingest!.salt, 'base64')).toHaveLength(12);
    expect(verifyPassword('ingest-secret', ingest!)).toBe(true);
    expect(verifyPassword('device-secret', ingest!)).toBe(false);
    expect(JSON.stringify(config)).not.toContain('secret');
    expect(ingest!.salt).not.toBe(device!.salt);
  });

  it('gives each identity a role with exactly its rights', () => {
    const acls = (rolename: string) => config.roles.find((r) => r.rolename === rolename)?.acls;
    expect(acls('role:ingest')).toEqual([
      { acltype: 'subscribePattern', topic: 'twin/#', allow: true },
    ]);
    expect(acls('role:device:aq-1')).toEqual([
      { acltype: 'publishClientSend', topic: 'twin/iot/aq-1/meta', allow: true },
      { acltype: 'publishClientSend', topic: 'twin/iot/aq-1/telemetry', allow: true },
    ]);
  });

  it('reads its accounts back with their hashes', () => {
    const accounts = parseDynamicSecurityAccounts(JSON.stringify(config));
    expect(accounts.map((a) => a.identity)).toEqual([
      { kind: 'ingest' },
      { kind: 'device', id: 'aq-1' },
    ]);
    const again = toDynamicSecurityConfig(accounts, 'twin');
    expect(verifyPassword('device-secret', again.clients[1] as PasswordHash)).toBe(true);
  });

  it('remembers the prefix it was made for', () => {
    const other = toDynamicSecurityConfig(
      [{ identity: { kind: 'ingest' }, secret: { password: 'x' } }],
      'smx/twin',
    );
    expect(parseDynamicSecurityPrefix(JSON.stringify(other))).toBe('smx/twin');
    expect(parseDynamicSecurityPrefix('{')).toBeUndefined();
  });

  it('refuses files it did not write with a coded error', () => {
    for (const text of [
      '{',
      '{}',
      '{"clients":[{"username":"admin"}]}',
      '{"clients":[{"username":"ingest"}]}',
    ])
      expect(() => parseDynamicSecurityAccounts(text)).toThrow(DynsecConfigError);
  });
});
