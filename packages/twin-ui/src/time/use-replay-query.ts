import { useEffect, useState } from 'react';
import { requestGraphQL, type GraphQLOperation } from '../graphql/client.ts';
import { GraphQLRequestError, type GraphQLErrorCode } from '../graphql/graphql-error.ts';
import { createPoller } from '../live/poller.ts';

/** Retries a failed replay read this often. */
const retryMs = 5_000;

/** A replay read: the answer for the latest variables, or the previous one while it loads. */
export type ReplayQuery<T> = { data: T | null; failure: GraphQLErrorCode | null };

type Variables = Readonly<Record<string, unknown>>;

const noAnswer: ReplayQuery<never> = { data: null, failure: null };

/**
 * Reads an operation once per set of variables (history does not change), keeping the last
 * answer on screen while the next loads so a moving cursor does not blink; `null` variables
 * (live mode) read nothing and answer nothing.
 */
export function useReplayQuery<T>(
  operation: GraphQLOperation<T>,
  variables: Variables | null,
): ReplayQuery<T> {
  const [state, setState] = useState<ReplayQuery<T>>({ data: null, failure: null });
  const key = variables === null ? null : JSON.stringify(variables);

  useEffect(() => {
    if (key === null) return;
    const poller = createPoller({
      intervalMs: retryMs,
      run: async (signal) => {
        try {
          const data = await requestGraphQL(operation, {
            signal,
            variables: JSON.parse(key) as Variables,
          });
          if (!signal.aborted) setState({ data, failure: null });
          return 'done';
        } catch (error) {
          const code =
            error instanceof GraphQLRequestError ? error.code : 'TWIN_GRAPHQL_BAD_RESPONSE';
          if (!signal.aborted) setState((current) => ({ ...current, failure: code }));
          return 'again';
        }
      },
    });
    poller.start();
    return () => poller.stop();
  }, [operation, key]);

  return key === null ? noAnswer : state;
}
