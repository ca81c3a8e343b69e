// The CommonJS build by path: the one Apollo, graphql-tools and graphql-ws load, so the
// schema passes graphql's same-realm checks. (A bare 'graphql' from source files resolves to
// the ES module build under Vitest: a second copy of graphql.)
import {
  createSourceEventStream,
  execute,
  print,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql/index.js';

// Results per source event (one object shared by every subscriber of a feed) and per
// operation: a key that differs in anything the result could depend on gets its own run.
const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

/**
 * graphql's `subscribe`, except that the subscribers of one event asking the same operation
 * with the same variables as the same user share one execution: 500 wall screens showing
 * the same alert cost one run of its resolvers, not 500. `partitionOf` names what else the
 * result depends on (the acting user today; a role once access control lands).
 */
export async function subscribeShared(
  args: ExecutionArgs,
  partitionOf: (contextValue: unknown) => string,
): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const iterator = source[Symbol.asyncIterator]();
  const key = [
    print(args.document),
    args.operationName ?? '',
    JSON.stringify(args.variableValues ?? {}),
    partitionOf(args.contextValue),
  ].join('\u0000');

  const run = (event: unknown): Promise<ExecutionResult> => {
    const once = () => Promise.resolve(execute({ ...args, rootValue: event }));
    if (typeof event !== 'object' || event === null) return once();
    let byKey = results.get(event);
    if (!byKey) {
      byKey = new Map();
      results.set(event, byKey);
    }
    let result = byKey.get(key);
    if (!result) {
      result = once();
      byKey.set(key, result);
    }
    return result;
  };

  const done = (): IteratorResult<ExecutionResult> => ({ value: undefined, done: true });
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const next = await iterator.next();
      return next.done ? done() : { value: await run(next.value), done: false };
    },
    async return() {
      await iterator.return?.();
      return done();
    },
    async throw(error?: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}
