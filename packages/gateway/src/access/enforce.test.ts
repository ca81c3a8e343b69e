import type { Viewer } from '@city-twin/access';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { applyPolicy, authorize, inScope, PolicyError, scopeDistrict } from './enforce.ts';

const viewer = (role: Viewer['role'], districts: string[] | null = null): Viewer => ({
  username: `${role}-1`,
  displayName: role,
  role,
  districts,
  screen: role === 'screen' ? 'hall' : null,
});

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'allowed';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code ?? 'no code';
  }
};

describe('the access policy', () => {
  it('refuses anonymous callers with UNAUTHENTICATED and other roles with FORBIDDEN', () => {
    expect(codeOf(() => authorize(['operator', 'admin'], null, 'Mutation.resolveAlert'))).toBe(
      'UNAUTHENTICATED',
    );
    expect(codeOf(() => authorize(['operator', 'admin'], viewer('leader'), 'x'))).toBe('FORBIDDEN');
    expect(codeOf(() => authorize(['operator', 'admin'], viewer('operator'), 'x'))).toBe('allowed');
    expect(codeOf(() => authorize('public', null, 'Mutation.login'))).toBe('allowed');
  });

  it('fills in, checks or leaves the district a query asks for', () => {
    expect(scopeDistrict(viewer('leader'), null)).toBeNull();
    expect(scopeDistrict(viewer('leader'), '411203')).toBe('411203');
    expect(scopeDistrict(viewer('leader', ['411202']), undefined)).toBe('411202');
    expect(scopeDistrict(viewer('leader', ['411202', '411203']), '411203')).toBe('411203');
    expect(codeOf(() => scopeDistrict(viewer('leader', ['411202']), '411203'))).toBe('FORBIDDEN');
    expect(codeOf(() => scopeDistrict(viewer('leader', ['411202', '411203']), null))).toBe(
      'FORBIDDEN',
    );
    // Rows dropped by district afterwards: asking for all of them is safe.
    expect(scopeDistrict(viewer('leader', ['411202', '411203']), null, true)).toBeNull();
    expect(inScope(viewer('leader', ['411202']), '411202')).toBe(true);
    expect(inScope(viewer('leader', ['411202']), null)).toBe(false);
    expect(inScope(viewer('screen'), null)).toBe(true);
  });

  it('refuses to build a schema with a root field the table does not list', () => {
    const schema = makeExecutableSchema({
      typeDefs: `type Query { health: String, secretReport: String }
                 type Mutation { login(username: String!, password: String!): String, wipe: Boolean }`,
    });
    let error: unknown;
    try {
      applyPolicy(schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).code).toBe('TWIN_POLICY_MISSING');
    expect((error as PolicyError).fields).toEqual(['Query.secretReport', 'Mutation.wipe']);
  });
});
