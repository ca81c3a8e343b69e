import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, randomPassword, verifyPassword } from './password.ts';

// Cheap parameters keep the unit test fast; the format is the same.
const cheap = { logN: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('黄河-三门峡-2026', cheap);
    expect(hash).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('黄河-三门峡-2026', hash)).toBe(true);
    expect(await verifyPassword('黄河-三门峡-2025', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', cheap), hashPassword('same', cheap)]);
    expect(a).not.toBe(b);
  });

  it('stores the default parameters with the hash', async () => {
    const hash = await hashPassword('default-cost');
    expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', '15', '8', '3']);
    expect(await verifyPassword('default-cost', hash)).toBe(true);
  });

  it('refuses malformed hashes instead of throwing, and the dummy hash matches nothing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
  });

  it('makes random passwords of the asked length from an unambiguous alphabet', () => {
    const password = randomPassword();
    expect(password).toHaveLength(20);
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]+$/);
    expect(randomPassword()).not.toBe(password);
  });
});
