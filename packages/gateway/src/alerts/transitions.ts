/** Where an alert or incident stands in its handling. */
export type HandlingStatus = 'open' | 'acknowledged' | 'resolved';

/** What an operator does to an alert or incident (the log's action names). */
export type HandlingAction = 'acknowledged' | 'resolved' | 'reopened' | 'assigned';

const statuses: readonly string[] = ['open', 'acknowledged', 'resolved'] satisfies HandlingStatus[];

/** A stored status; anything else is a broken row, not user input. */
export function parseHandlingStatus(value: string): HandlingStatus {
  if (!statuses.includes(value)) throw new Error(`unknown alert status ${value}`);
  return value as HandlingStatus;
}

/**
 * Why `action` is not allowed on the alert or incident `id` in `status`, or null when it is:
 * open → acknowledged → resolved (resolving also from open), resolved → open by reopening,
 * and assigning while not resolved.
 */
export function refusalOf(
  entity: 'alert' | 'incident',
  id: string,
  status: HandlingStatus,
  action: HandlingAction,
): string | null {
  switch (action) {
    case 'acknowledged':
      if (status === 'open') return null;
      return status === 'resolved'
        ? `${entity} ${id} is resolved`
        : `${entity} ${id} is already acknowledged`;
    case 'resolved':
      return status === 'resolved' ? `${entity} ${id} is already resolved` : null;
    case 'reopened':
      return status === 'resolved' ? null : `${entity} ${id} is not resolved`;
    case 'assigned':
      return status === 'resolved' ? `${entity} ${id} is resolved` : null;
    default: {
      const unreachable: never = action;
      throw new Error(`unknown action ${String(unreachable)}`);
    }
  }
}
