import type { Db } from '@city-twin/db';
import { createNotificationFeed } from '../live/notification-feed.ts';
import { ALERT_CHANNEL } from './mutations.ts';
import { findAlerts, type AlertRow } from './queries.ts';

/** An announced change with the alert as it stands: what `alertChanged` sends. */
export interface AlertChangeEvent {
  action: string;
  alert: AlertRow;
}

const actionPattern = /^[a-z_]{1,32}$/;
const idPattern = /^[1-9]\d{0,17}$/;

/** `{"id":"<alert id>","action":"…"}` (the id may be a JSON number), or null when it is not one. */
export function parseAlertNotification(payload: string): { id: string; action: string } | null {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { id, action } = v as { id?: unknown; action?: unknown };
  const text = typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : id;
  if (typeof text !== 'string' || !idPattern.test(text)) return null;
  if (typeof action !== 'string' || !actionPattern.test(action)) return null;
  return { id: text, action };
}

/**
 * The `twin_alert` feed: the alerts of a batch of notifications are read in one query, and
 * each change goes to the subscribers whose minimum severity the alert meets.
 */
export function createAlertFeed(
  db: Db,
  log: (line: string) => void,
  options: { heartbeatMs?: number; queueSize?: number } = {},
) {
  let invalid = 0;
  return createNotificationFeed<AlertChangeEvent, number>({
    db,
    channel: ALERT_CHANNEL,
    log,
    ...options,
    async toEvents(payloads) {
      const changes: { id: string; action: string }[] = [];
      for (const payload of payloads) {
        const change = parseAlertNotification(payload);
        if (change) changes.push(change);
        else if (++invalid === 1 || invalid % 1000 === 0) {
          log(`${ALERT_CHANNEL}: ${invalid} payloads ignored, e.g. ${payload.slice(0, 200)}`);
        }
      }
      if (changes.length === 0) return [];
      const rows = await findAlerts(db, [...new Set(changes.map((c) => c.id))]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return changes.flatMap((c) => {
        const alert = byId.get(c.id);
        return alert ? [{ action: c.action, alert }] : [];
      });
    },
    matches: (event, minSeverity) => event.alert.severity >= minSeverity,
  });
}

/** The twin_alert feed of a gateway. */
export type AlertFeed = ReturnType<typeof createAlertFeed>;
