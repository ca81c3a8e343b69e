import type { Context } from '../context.ts';
import { checkHealth } from './health.ts';

export const healthResolvers = {
  Query: {
    health: (_: unknown, __: unknown, { db }: Context) => checkHealth(db),
  },
};
