import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { graphql } from './graphql-instance.ts';
import { createOperationGuard, withoutSuggestion } from './operation-limits.ts';
import { defaultSecurityConfig } from './security-config.ts';

const schema = graphql.buildSchema(`
  type Query { node: Node }
  type Node { id: ID!  name: String  child: Node }
`);
const limits = { ...defaultSecurityConfig, maxDepth: 3, maxAliases: 2, maxCost: 30, maxTokens: 40 };
const codes = (result: unknown) =>
  Array.isArray(result) ? result.map((error: GraphQLError) => error.extensions.code) : 'ok';

describe('operation limits', () => {
  const guard = createOperationGuard(limits, false);

  it('passes an operation within every limit', () => {
    expect(codes(guard.check(schema, '{ node { id child { name } } }'))).toBe('ok');
  });

  it('refuses depth, aliases, cost and tokens one step over', () => {
    expect(codes(guard.check(schema, '{ node { child { child { id } } } }'))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(codes(guard.check(schema, '{ a: node { id } b: node { id } c: node { id } }'))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(
      codes(guard.check(schema, '{ node { id name child { id name child { id } } } }')),
    ).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(guard.check(schema, `{ node { ${'id '.repeat(40)} } }`))).toEqual([
      'GRAPHQL_PARSE_FAILED',
    ]);
  });

  it('counts depth through fragments by their fields, not the spread', () => {
    const query = '{ node { ...N } } fragment N on Node { child { id } }';
    expect(codes(guard.check(schema, query))).toBe('ok');
  });

  it('hides suggestions and introspection outside development', () => {
    const [error] = guard.check(schema, '{ node { nam } }') as GraphQLError[];
    expect(error?.message).toBe('Cannot query field "nam" on type "Node".');
    const introspection = guard.check(
      schema,
      '{ __schema { queryType { name } } }',
    ) as GraphQLError[];
    expect(introspection.map((error) => error.message)).toContain(
      'GraphQL introspection has been disabled, but the requested query contained the field "__schema".',
    );
    const development = createOperationGuard(limits, true);
    const [shown] = development.check(schema, '{ node { nam } }') as GraphQLError[];
    expect(shown?.message).toMatch(/Did you mean "name"\?$/);
    expect(codes(development.check(schema, '{ __schema { queryType { name } } }'))).toBe('ok');
  });

  it('removes enum value suggestions too', () => {
    expect(
      withoutSuggestion(
        'Value "VIDE" does not exist in "Source" enum. Did you mean the enum value "VIDEO"?',
      ),
    ).toBe('Value "VIDE" does not exist in "Source" enum.');
  });
});
