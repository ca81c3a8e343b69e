import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';

/**
 * The graphql module Apollo, graphql-tools and graphql-ws use. graphql ships a CommonJS build
 * (`main`) and an ESM one (`module`): Node loads the CommonJS one for every importer, but
 * Vite-based test runners give workspace sources the ESM one, whose GraphQLSchema and
 * GraphQLError fail those libraries' instanceof checks. Requiring it is the same instance in both.
 */
export const graphql = createRequire(import.meta.url)('graphql') as typeof GraphQL;
