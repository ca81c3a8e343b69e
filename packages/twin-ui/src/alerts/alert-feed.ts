import type { GraphQLErrorCode } from '../graphql/graphql-error.ts';
import type { LinkState } from '../live/city-feed.ts';
import type { SocketPhase } from '../live/subscription-stream.ts';
import type { AlertChange, AlertSummary } from './alert-types.ts';

/** One alert in the ticker: the alert as of the change that put it there. */
export type TickerItem = {
  /** Unique per appearance, so an escalated alert slides in again. */
  key: string;
  alert: AlertSummary;
  /** opened, escalated or reopened. */
  action: string;
  /** When it happened: the alert's opening, or when the change arrived. */
  at: string;
  /** True when it arrived while the screen was watching (it slides in). */
  fresh: boolean;
};

/** The live alert picture: open alerts, the ticker, and how they arrive. */
export type AlertFeed = {
  /** The subscription's socket; `connecting` until it first opened or failed. */
  socket: SocketPhase | 'connecting';
  /** Open and acknowledged alerts, newest first; null before the first answer. */
  alerts: AlertSummary[] | null;
  /** Newest first. */
  ticker: TickerItem[];
  /** When the last list or message arrived. */
  updatedAt: number | null;
  /** Why the last list request failed, while it is failing. */
  failure: GraphQLErrorCode | null;
};

export type AlertFeedEvent =
  | { type: 'socket'; phase: SocketPhase; at: number }
  | { type: 'listed'; alerts: AlertSummary[]; at: number }
  | { type: 'listFailed'; code: GraphQLErrorCode }
  | { type: 'changed'; change: AlertChange; at: number };

export const initialAlertFeed: AlertFeed = {
  socket: 'connecting',
  alerts: null,
  ticker: [],
  updatedAt: null,
  failure: null,
};

/** How many alerts the ticker keeps, and how many the first list puts in it. */
export const tickerSize = 24;
const firstTickerSize = 12;
/** The most open alerts held (the list answers 50; messages may add more). */
const maxOpenAlerts = 200;
/** Changes that put an alert (back) in the ticker. */
const tickerActions: ReadonlySet<string> = new Set(['opened', 'escalated', 'reopened']);

const byNewest = (a: AlertSummary, b: AlertSummary): number =>
  b.openedAt.localeCompare(a.openedAt) || b.id.localeCompare(a.id);

/** Applies one event; arrays are replaced, never mutated. */
export function reduceAlertFeed(feed: AlertFeed, event: AlertFeedEvent): AlertFeed {
  switch (event.type) {
    case 'socket':
      return { ...feed, socket: event.phase };
    case 'listed': {
      const alerts = [...event.alerts].sort(byNewest);
      if (feed.alerts === null) {
        // What was open before the screen opened is news already: it stands still.
        const ticker = alerts.slice(0, firstTickerSize).map((alert) => ({
          key: `${alert.id}/listed`,
          alert,
          action: 'opened',
          at: alert.openedAt,
          fresh: false,
        }));
        return { ...feed, alerts, ticker, updatedAt: event.at, failure: null };
      }
      // Alerts that opened while the socket was down arrive by the list: they are news.
      const inTicker = new Set(feed.ticker.map((item) => item.alert.id));
      const known = new Set(feed.alerts.map((alert) => alert.id));
      const arrived = alerts
        .filter((alert) => !known.has(alert.id) && !inTicker.has(alert.id))
        .map((alert) => ({
          key: `${alert.id}/listed/${event.at}`,
          alert,
          action: 'opened',
          at: alert.openedAt,
          fresh: true,
        }));
      return {
        ...feed,
        alerts,
        ticker: [...arrived, ...feed.ticker].slice(0, tickerSize),
        updatedAt: event.at,
        failure: null,
      };
    }
    case 'listFailed':
      return { ...feed, failure: event.code };
    case 'changed': {
      const { alert, action } = event.change;
      const others = (feed.alerts ?? []).filter((item) => item.id !== alert.id);
      const alerts =
        alert.status === 'resolved'
          ? others
          : [alert, ...others].sort(byNewest).slice(0, maxOpenAlerts);
      let ticker = feed.ticker.map((item) =>
        item.alert.id === alert.id ? { ...item, alert } : item,
      );
      if (tickerActions.has(action)) {
        const at = action === 'opened' ? alert.openedAt : new Date(event.at).toISOString();
        ticker = [
          { key: `${alert.id}/${action}/${event.at}`, alert, action, at, fresh: true },
          ...ticker.filter((item) => item.alert.id !== alert.id),
        ].slice(0, tickerSize);
      }
      return { ...feed, alerts, ticker, updatedAt: event.at };
    }
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
}

/**
 * The feed's link as the header shows it: live while the socket is up, reconnecting while it is
 * down (the list is polled meanwhile), connecting until anything arrived.
 */
export function toAlertLink(feed: AlertFeed): LinkState {
  if (feed.socket === 'down') return { phase: 'reconnecting', updatedAt: feed.updatedAt };
  if (feed.updatedAt === null) {
    return feed.failure === null
      ? { phase: 'connecting' }
      : { phase: 'reconnecting', updatedAt: null };
  }
  return { phase: 'live', updatedAt: feed.updatedAt };
}

/** The link of the open-alert list itself: reconnecting only while reading it fails. */
export function toAlertListLink(feed: AlertFeed): LinkState {
  if (feed.failure !== null) return { phase: 'reconnecting', updatedAt: feed.updatedAt };
  if (feed.updatedAt === null) return { phase: 'connecting' };
  return { phase: 'live', updatedAt: feed.updatedAt };
}
