import type { Db, Queryable } from '@city-twin/db';
import { badInput, notFound } from '../errors.ts';
import { alertColumns, incidentColumns, type AlertRow, type IncidentRow } from './queries.ts';
import { parseHandlingStatus, refusalOf, type HandlingAction } from './transitions.ts';

/** Channel on which every alert change is announced, as `{"id":"<alert id>","action":"…"}`. */
export const ALERT_CHANNEL = 'twin_alert';

/** One operator action. */
export interface HandlingChange {
  action: HandlingAction;
  actor: string;
  note: string | null;
  /** For `assigned`: the new assignee (null: nobody). */
  assignee?: string | null;
}

interface LockedAlert {
  status: string;
  ruleId: string;
  subject: string;
  assignee: string | null;
}

interface LockedIncident {
  status: string;
  assignee: string | null;
}

const DEADLOCK_TRIES = 3;

const sqlState = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;

/**
 * Runs `fn` in a transaction, again when PostgreSQL picked it as a deadlock victim: ingest
 * locks alerts and then their incident in its batches, a resolved incident locks them the
 * other way round.
 */
async function inTransaction<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.withTransaction(fn);
    } catch (error) {
      if (sqlState(error) !== '40P01' || attempt >= DEADLOCK_TRIES) throw error;
    }
  }
}

async function appendLog(
  tx: Queryable,
  entity: 'alert' | 'incident',
  id: string,
  change: HandlingChange,
  detail: Record<string, unknown>,
): Promise<void> {
  await tx.query(
    `INSERT INTO alert_log (entity, entity_id, actor, action, note, detail)
     VALUES ($1, $2::bigint, $3, $4, $5, $6::jsonb)`,
    [entity, id, change.actor, change.action, change.note, JSON.stringify(detail)],
  );
}

/** Announces alert changes to every gateway; delivered when the transaction commits. */
async function announce(tx: Queryable, ids: readonly string[], action: HandlingAction) {
  if (ids.length === 0) return;
  await tx.query(
    `SELECT pg_notify($1, json_build_object('id', id, 'action', $3::text)::text)
     FROM unnest($2::text[]) AS id`,
    [ALERT_CHANNEL, ids, action],
  );
}

function refuse(entity: 'alert' | 'incident', id: string, status: string, change: HandlingChange) {
  const refusal = refusalOf(entity, id, parseHandlingStatus(status), change.action);
  if (refusal) throw badInput(refusal);
}

/**
 * Applies one operator action to an alert in one transaction: checks the transition, updates
 * the row, appends the log line and announces the change on `twin_alert`. `ackWithinMinutes`
 * gives a rule's acknowledgement window (null: the rule is no longer configured).
 */
export function changeAlert(
  db: Db,
  id: string,
  change: HandlingChange,
  ackWithinMinutes: (ruleId: string) => number | null,
): Promise<AlertRow> {
  return inTransaction(db, async (tx) => {
    const [locked] = await tx.query<LockedAlert>(
      `SELECT status, rule_id AS "ruleId", subject, assignee FROM alert WHERE id = $1::bigint
       FOR UPDATE`,
      [id],
    );
    if (!locked) throw notFound(`no alert ${id}`);
    refuse('alert', id, locked.status, change);

    // $1 is the id, $2 the action's value.
    let set: string;
    let value: unknown = change.actor;
    let detail: Record<string, unknown> = { from: locked.status };
    switch (change.action) {
      case 'acknowledged':
        set = `status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2::text,
               next_escalation_at = NULL`;
        break;
      case 'resolved':
        set = `status = 'resolved', resolved_at = now(), resolved_by = $2::text,
               next_escalation_at = NULL`;
        break;
      case 'reopened': {
        const [other] = await tx.query<{ id: string }>(
          `SELECT id::text AS id FROM alert
           WHERE rule_id = $1 AND subject = $2 AND status <> 'resolved' AND id <> $3::bigint`,
          [locked.ruleId, locked.subject, id],
        );
        if (other) {
          throw badInput(
            `alert ${id} cannot be reopened: alert ${other.id} is open for the same rule and subject`,
          );
        }
        value = ackWithinMinutes(locked.ruleId);
        set = `status = 'open', acknowledged_at = NULL, acknowledged_by = NULL, resolved_at = NULL,
               resolved_by = NULL, next_escalation_at = now() + make_interval(mins => $2::int)`;
        break;
      }
      case 'assigned':
        value = change.assignee ?? null;
        set = 'assignee = $2::text';
        detail = { from: locked.assignee, to: change.assignee ?? null };
        break;
      default: {
        const unreachable: never = change.action;
        throw new Error(`unknown action ${String(unreachable)}`);
      }
    }
    let row: AlertRow | undefined;
    try {
      [row] = await tx.query<AlertRow>(
        `UPDATE alert a SET ${set} WHERE a.id = $1::bigint RETURNING ${alertColumns}`,
        [id, value],
      );
    } catch (error) {
      // Ingest opened a new alert for the rule and subject after the check above.
      if (sqlState(error) === '23505' && change.action === 'reopened') {
        throw badInput(
          `alert ${id} cannot be reopened: another is open for the same rule and subject`,
        );
      }
      throw error;
    }
    await appendLog(tx, 'alert', id, change, detail);
    await announce(tx, [id], change.action);
    return row!;
  });
}

/**
 * Applies one operator action to an incident in one transaction, like {@link changeAlert}.
 * Resolving it resolves its alerts that are not resolved yet, each with its own log line
 * ("resolved with incident N") and announcement.
 */
export function changeIncident(db: Db, id: string, change: HandlingChange): Promise<IncidentRow> {
  return inTransaction(db, async (tx) => {
    const [locked] = await tx.query<LockedIncident>(
      'SELECT status, assignee FROM incident WHERE id = $1::bigint FOR UPDATE',
      [id],
    );
    if (!locked) throw notFound(`no incident ${id}`);
    refuse('incident', id, locked.status, change);

    // $1 is the id, $2 the action's value, if it has one.
    let set: string;
    let values: unknown[] = [change.actor];
    let detail: Record<string, unknown> = { from: locked.status };
    switch (change.action) {
      case 'acknowledged':
        set = `status = 'acknowledged', acknowledged_at = now(), acknowledged_by = $2::text`;
        break;
      case 'resolved':
        set = `status = 'resolved', resolved_at = now(), resolved_by = $2::text`;
        break;
      case 'reopened':
        values = [];
        set = `status = 'open', acknowledged_at = NULL, acknowledged_by = NULL, resolved_at = NULL,
               resolved_by = NULL`;
        break;
      case 'assigned':
        values = [change.assignee ?? null];
        set = 'assignee = $2::text';
        detail = { from: locked.assignee, to: change.assignee ?? null };
        break;
      default: {
        const unreachable: never = change.action;
        throw new Error(`unknown action ${String(unreachable)}`);
      }
    }
    const [row] = await tx.query<IncidentRow>(
      `UPDATE incident i SET ${set}, last_activity_at = greatest(i.last_activity_at, now())
       WHERE i.id = $1::bigint RETURNING ${incidentColumns}`,
      [id, ...values],
    );
    await appendLog(tx, 'incident', id, change, detail);

    if (change.action === 'resolved') {
      // In id order, as every writer locks alerts, to keep lock waits short of deadlocks.
      const resolved = await tx.query<{ id: string; from: string }>(
        `WITH target AS (
           SELECT id, status FROM alert WHERE incident_id = $1::bigint AND status <> 'resolved'
           ORDER BY id FOR UPDATE
         )
         UPDATE alert a SET status = 'resolved', resolved_at = now(), resolved_by = $2,
           next_escalation_at = NULL
         FROM target t WHERE a.id = t.id
         RETURNING a.id::text AS id, t.status AS "from"`,
        [id, change.actor],
      );
      if (resolved.length > 0) {
        await tx.query(
          `INSERT INTO alert_log (entity, entity_id, actor, action, note, detail)
           SELECT 'alert', x.id, $3, 'resolved', $4, jsonb_build_object('from', x.status, 'incident', $5::bigint)
           FROM unnest($1::bigint[], $2::text[]) AS x(id, status) ORDER BY x.id`,
          [
            resolved.map((r) => r.id),
            resolved.map((r) => r.from),
            change.actor,
            `resolved with incident ${id}`,
            id,
          ],
        );
        await announce(
          tx,
          resolved.map((r) => r.id),
          'resolved',
        );
      }
    }
    return row!;
  });
}
