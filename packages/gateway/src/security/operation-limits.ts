import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  ParseOptions,
  ValidationRule,
} from 'graphql';
import { graphql } from './graphql-instance.ts';
import type { OperationLimits } from './security-config.ts';

const {
  GraphQLError: GraphQLErrorClass,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
} = graphql;

/** What checks an operation before it runs: the same for Apollo (HTTP) and graphql-ws. */
export interface OperationGuard {
  /** graphql-armor's depth, alias, cost and directive rules, for graphql's `validate`. */
  validationRules: ValidationRule[];
  /** The token limit, enforced by graphql's parser itself. */
  parseOptions: ParseOptions;
  /** Apollo plugins: field suggestions hidden outside development. */
  plugins: ApolloServerPlugin[];
  /** Parses and validates a WebSocket operation as Apollo does an HTTP one: a document, or coded errors. */
  check(schema: GraphQLSchema, query: string): DocumentNode | GraphQLError[];
}

const SUGGESTION = / ?Did you mean(.+?)\?$/;

/** A message without graphql-js's "Did you mean …?" hint (it names fields and enum values). */
export function withoutSuggestion(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * The operation limits as graphql-armor validation rules (rejections reported as validation
 * errors, so they answer 400 GRAPHQL_VALIDATION_FAILED) and graphql's own `maxTokens`: armor's
 * token plugin for Apollo throws from a parsing hook, which Apollo answers as a 500.
 */
export function createOperationGuard(
  limits: OperationLimits,
  development: boolean,
): OperationGuard {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    // Replaced below: armor's pattern misses "Did you mean the enum value …?".
    blockFieldSuggestion: { enabled: false },
  });
  const validationRules = armor.protect().validationRules as ValidationRule[];
  const parseOptions: ParseOptions = { maxTokens: limits.maxTokens };
  const plugins: ApolloServerPlugin[] = development
    ? []
    : [
        {
          async requestDidStart() {
            return {
              async didEncounterErrors({ errors }) {
                for (const error of errors) error.message = withoutSuggestion(error.message);
              },
            };
          },
        },
      ];
  // Apollo adds the introspection rule itself (introspection: development); graphql-ws does not.
  const wsRules = development
    ? [...specifiedRules, ...validationRules]
    : [...specifiedRules, ...validationRules, NoSchemaIntrospectionCustomRule];
  const clean = (message: string) => (development ? message : withoutSuggestion(message));

  return {
    validationRules,
    parseOptions,
    plugins,
    check(schema, query) {
      let document: DocumentNode;
      try {
        document = parse(query, parseOptions);
      } catch (error) {
        const message = error instanceof GraphQLErrorClass ? error.message : 'Syntax Error';
        return [
          new GraphQLErrorClass(clean(message), { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
        ];
      }
      const errors = validate(schema, document, wsRules);
      if (errors.length === 0) return document;
      return errors.map(
        (error) =>
          new GraphQLErrorClass(clean(error.message), {
            nodes: error.nodes,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
      );
    },
  };
}
