import { useEffect, useReducer } from 'react';
import { requestGraphQL, type GraphQLOperation } from '../graphql/client.ts';
import { GraphQLRequestError } from '../graphql/graphql-error.ts';
import { useReportLink } from './app-link.ts';
import { createPoller } from './poller.ts';
import {
  initialPolledQuery,
  type PolledQuery,
  type PolledQueryEvent,
  type PolledQueryState,
  reducePolledQuery,
  toPolledQuery,
} from './polled-query.ts';

type Variables = Readonly<Record<string, unknown>>;

/**
 * Polls one GraphQL operation every `intervalMs` (and retries at that pace while it fails).
 * New variables restart the poller; `null` variables poll nothing. The last data stays on
 * screen while the gateway is unreachable. A new `refreshToken` asks again at once (after a
 * change the screen made itself), keeping the data shown until the answer arrives.
 */
export function usePolledQuery<T>(
  operation: GraphQLOperation<T>,
  variables: Variables | null,
  intervalMs: number,
  refreshToken = 0,
): PolledQuery<T> {
  const [state, dispatch] = useReducer(
    reducePolledQuery<T>,
    initialPolledQuery as PolledQueryState<T>,
  );
  // The variables' text is the identity: a new object with the same values polls on.
  const key = variables === null ? null : JSON.stringify(variables);

  useEffect(() => {
    if (key === null) return;
    const pollVariables = JSON.parse(key) as Variables;
    const report = (event: PolledQueryEvent<T>, signal: AbortSignal): void => {
      if (!signal.aborted) dispatch(event);
    };
    // A gateway that answers but not as the schema says is worth a line in the console,
    // once per kind of failure rather than every poll.
    let lastLogged: string | null = null;
    const poller = createPoller({
      intervalMs,
      run: async (signal) => {
        try {
          const data = await requestGraphQL(operation, { signal, variables: pollVariables });
          report({ type: 'loaded', key, data, at: Date.now() }, signal);
        } catch (error) {
          const code =
            error instanceof GraphQLRequestError ? error.code : 'TWIN_GRAPHQL_BAD_RESPONSE';
          if (!signal.aborted && code !== 'TWIN_GATEWAY_UNREACHABLE' && lastLogged !== code) {
            lastLogged = code;
            console.warn(`${operation.name}: ${String(error)}`);
          }
          report({ type: 'failed', key, code }, signal);
        }
        return 'again';
      },
    });
    poller.start();
    return () => poller.stop();
  }, [operation, key, intervalMs, refreshToken]);

  const result = key === null ? initialPolledQuery : toPolledQuery(state, key);
  useReportLink(key === null ? null : result.link);
  return result;
}
