import { AccessError } from '@city-twin/access';
import { describe, expect, it } from 'vitest';
import { bearerToken, refusalMessage } from './context.ts';

describe('the bearer token', () => {
  it('is read from `Bearer <token>`, and absent means anonymous', () => {
    expect(bearerToken('Bearer abc.def-ghi_jkl')).toBe('abc.def-ghi_jkl');
    expect(bearerToken('bearer  abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('')).toBeNull();
  });

  it('refuses other schemes and shapes with UNAUTHENTICATED (HTTP 401)', () => {
    for (const value of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer a b', 'abc.def.ghi', 42, {}]) {
      let extensions: unknown;
      try {
        bearerToken(value);
      } catch (error) {
        extensions = (error as { extensions: unknown }).extensions;
      }
      expect(extensions, String(value)).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    }
  });

  it('names the refusal without detail beyond its kind', () => {
    expect(refusalMessage(new AccessError('TWIN_TOKEN_EXPIRED', 'x'))).toBe('Token expired');
    expect(refusalMessage(new Error('select * from app_user'))).toBe('Invalid token');
  });
});
