import type { TickerItem } from '../alerts/alert-feed.ts';
import type { AlertSummary } from '../alerts/alert-types.ts';

/** How many alerts the ticker shows in replay. */
const replayTickerSize = 12;

/** The ticker in replay: the newest alerts open at the cursor, as of their opening. */
export function toReplayTicker(alerts: readonly AlertSummary[] | null): TickerItem[] {
  return (alerts ?? []).slice(0, replayTickerSize).map((alert) => ({
    key: `replay/${alert.id}`,
    alert,
    action: 'opened',
    at: alert.openedAt,
    fresh: false,
  }));
}
