import { useEffect, useMemo, useReducer } from 'react';
import { requestGraphQL } from '../graphql/client.ts';
import { GraphQLRequestError } from '../graphql/graphql-error.ts';
import { useReportLink } from '../live/app-link.ts';
import { createPoller } from '../live/poller.ts';
import { createSubscriptionStream, toWebSocketUrl } from '../live/subscription-stream.ts';
import { type AlertFeed, initialAlertFeed, reduceAlertFeed, toAlertLink } from './alert-feed.ts';
import {
  alertChangedSubscription,
  openAlertsOperation,
  openAlertsSize,
  parseAlertChange,
} from './alert-operations.ts';

/** While the socket is down the open alerts are polled this often. */
export const fallbackPollMs = 10_000;
/** While it is up they are read again now and then, in case a message was lost. */
const resyncMs = 60_000;
const listVariables = { first: openAlertsSize };

/**
 * The live alerts: `alertChanged` over graphql-ws, with the open alerts read when the socket
 * (re)connects, polled every 10 s while it is down. A new `refreshToken` reads them at once.
 */
export function useAlertFeed(refreshToken = 0): AlertFeed {
  const [feed, dispatch] = useReducer(reduceAlertFeed, initialAlertFeed);
  const socketOpen = feed.socket === 'open';

  useEffect(() => {
    const stream = createSubscriptionStream({
      url: toWebSocketUrl(window.location),
      query: alertChangedSubscription,
      onData: (data) => {
        try {
          dispatch({ type: 'changed', change: parseAlertChange(data), at: Date.now() });
        } catch (error) {
          console.warn(`AlertChanged: ${String(error)}`);
        }
      },
      onPhase: (phase) => dispatch({ type: 'socket', phase, at: Date.now() }),
    });
    stream.start();
    return () => stream.stop();
  }, []);

  useEffect(() => {
    let lastLogged: string | null = null;
    const poller = createPoller({
      intervalMs: socketOpen ? resyncMs : fallbackPollMs,
      run: async (signal) => {
        try {
          const alerts = await requestGraphQL(openAlertsOperation, {
            signal,
            variables: listVariables,
          });
          if (!signal.aborted) dispatch({ type: 'listed', alerts, at: Date.now() });
        } catch (error) {
          const code =
            error instanceof GraphQLRequestError ? error.code : 'TWIN_GRAPHQL_BAD_RESPONSE';
          if (!signal.aborted && code !== 'TWIN_GATEWAY_UNREACHABLE' && lastLogged !== code) {
            lastLogged = code;
            console.warn(`${openAlertsOperation.name}: ${String(error)}`);
          }
          if (!signal.aborted) dispatch({ type: 'listFailed', code });
        }
        return 'again';
      },
    });
    poller.start();
    return () => poller.stop();
  }, [socketOpen, refreshToken]);

  // The socket is one of the screen's links to the gateway (the header's status counts it).
  useReportLink(useMemo(() => toAlertLink(feed), [feed]));
  return feed;
}
