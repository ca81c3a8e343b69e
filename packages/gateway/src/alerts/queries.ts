import type { Queryable } from '@city-twin/db';

/** An alert as the API shows it (ids as text: bigint). */
export interface AlertRow {
  id: string;
  ruleId: string;
  subject: string;
  source: string;
  kind: string;
  severity: number;
  baseSeverity: number;
  status: string;
  title: string;
  titleEn: string;
  detail: Record<string, unknown>;
  district: string | null;
  lon: number | null;
  lat: number | null;
  openedAt: Date;
  lastSeenAt: Date;
  count: number;
  clearedAt: Date | null;
  assignee: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  escalations: number;
  incidentId: string | null;
  /** opened_at to the microsecond, UTC ISO (the list's cursor key). */
  openedKey: string;
}

const micros = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns of an AlertRow, of `alert` aliased `a`. */
export const alertColumns = `a.id::text AS id, a.rule_id AS "ruleId", a.subject, a.source, a.kind,
  a.severity, a.base_severity AS "baseSeverity", a.status, a.title, a.title_en AS "titleEn", a.detail,
  a.district, a.lon, a.lat, a.opened_at AS "openedAt", a.last_seen_at AS "lastSeenAt", a.count,
  a.cleared_at AS "clearedAt", a.assignee, a.acknowledged_at AS "acknowledgedAt",
  a.acknowledged_by AS "acknowledgedBy", a.resolved_at AS "resolvedAt", a.resolved_by AS "resolvedBy",
  a.escalations, a.incident_id::text AS "incidentId", ${micros('a.opened_at')} AS "openedKey"`;

/** An incident as the API shows it. */
export interface IncidentRow {
  id: string;
  status: string;
  severity: number;
  title: string;
  titleEn: string;
  district: string | null;
  lon: number | null;
  lat: number | null;
  openedAt: Date;
  lastActivityAt: Date;
  assignee: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  explanation: string;
  explanationEn: string;
  /** last_activity_at to the microsecond, UTC ISO (the list's cursor key). */
  activityKey: string;
}

/** The columns of an IncidentRow, of `incident` aliased `i`. */
export const incidentColumns = `i.id::text AS id, i.status, i.severity, i.title, i.title_en AS "titleEn",
  i.district, i.lon, i.lat, i.opened_at AS "openedAt", i.last_activity_at AS "lastActivityAt",
  i.assignee, i.acknowledged_at AS "acknowledgedAt", i.acknowledged_by AS "acknowledgedBy",
  i.resolved_at AS "resolvedAt", i.resolved_by AS "resolvedBy", i.explanation,
  i.explanation_en AS "explanationEn", ${micros('i.last_activity_at')} AS "activityKey"`;

/** One line of alert_log. */
export interface LogRow {
  entityId: string;
  at: Date;
  actor: string;
  action: string;
  note: string | null;
  detail: Record<string, unknown>;
}

/** What the alert and incident lists can be narrowed to; null narrows nothing. */
export interface AlertListFilter {
  statuses: string[] | null;
  minSeverity: number | null;
  /** Opened at or after. */
  from: Date | null;
  /** Opened before. */
  to: Date | null;
  district: string | null;
  /** Alerts only. */
  sources: string[] | null;
  /**
   * Alerts only: open at this instant (opened at or before it, not yet resolved), their status
   * (and the status filter) as it was then.
   */
  openAt: Date | null;
}

/** Position in a list: after the row with this sort key (micros ISO) and id. */
export interface ListKey {
  key: string;
  id: string;
}

/** Collects SQL parameters and hands out their placeholders. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** An alert's status at an instant it was open: acknowledged by then, or open. */
const statusAt = (at: string) =>
  `(CASE WHEN a.acknowledged_at <= ${at} THEN 'acknowledged' ELSE 'open' END)`;

function conditions(p: Params, alias: string, filter: AlertListFilter): string[] {
  const w: string[] = [];
  if (filter.openAt) {
    const at = p.add(filter.openAt, 'timestamptz');
    w.push(
      `${alias}.opened_at <= ${at}`,
      `(${alias}.resolved_at IS NULL OR ${alias}.resolved_at > ${at})`,
    );
    if (filter.statuses) w.push(`${statusAt(at)} = ANY(${p.add(filter.statuses, 'text[]')})`);
  } else if (filter.statuses) {
    w.push(`${alias}.status = ANY(${p.add(filter.statuses, 'text[]')})`);
  }
  if (filter.minSeverity !== null)
    w.push(`${alias}.severity >= ${p.add(filter.minSeverity, 'int')}`);
  if (filter.from) w.push(`${alias}.opened_at >= ${p.add(filter.from, 'timestamptz')}`);
  if (filter.to) w.push(`${alias}.opened_at < ${p.add(filter.to, 'timestamptz')}`);
  if (filter.district !== null) w.push(`${alias}.district = ${p.add(filter.district, 'text')}`);
  if (filter.sources) w.push(`${alias}.source = ANY(${p.add(filter.sources, 'text[]')})`);
  return w;
}

/** Rows after `after` in (column DESC, id DESC) order, in a form the (column DESC) index serves. */
function afterKey(p: Params, column: string, idColumn: string, after: ListKey): string[] {
  const key = p.add(after.key, 'timestamptz');
  return [
    `${column} <= ${key}`,
    `(${column} < ${key} OR ${idColumn} < ${p.add(after.id, 'bigint')})`,
  ];
}

/** One page of alerts, newest first (opened_at, then id, descending). */
export function listAlerts(
  db: Queryable,
  filter: AlertListFilter,
  limit: number,
  after: ListKey | null,
): Promise<AlertRow[]> {
  const p = new Params();
  const w = conditions(p, 'a', filter);
  if (after) w.push(...afterKey(p, 'a.opened_at', 'a.id', after));
  // At an instant, the status is the one it had then ($1 is openAt: conditions adds it first).
  const columns = filter.openAt
    ? alertColumns.replace('a.status,', `${statusAt('$1::timestamptz')} AS status,`)
    : alertColumns;
  return db.query<AlertRow>(
    `SELECT ${columns} FROM alert a ${w.length > 0 ? `WHERE ${w.join(' AND ')}` : ''}
     ORDER BY a.opened_at DESC, a.id DESC LIMIT ${p.add(limit, 'int')}`,
    p.values,
  );
}

/** Alerts by id, in no particular order. */
export function findAlerts(db: Queryable, ids: readonly string[]): Promise<AlertRow[]> {
  return db.query<AlertRow>(`SELECT ${alertColumns} FROM alert a WHERE a.id = ANY($1::bigint[])`, [
    ids,
  ]);
}

/** The alerts of some incidents, each incident's oldest first. */
export function alertsOfIncidents(
  db: Queryable,
  incidentIds: readonly string[],
): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `SELECT ${alertColumns} FROM alert a WHERE a.incident_id = ANY($1::bigint[])
     ORDER BY a.incident_id, a.opened_at, a.id`,
    [incidentIds],
  );
}

/** One page of incidents, newest activity first (last_activity_at, then id, descending). */
export function listIncidents(
  db: Queryable,
  filter: AlertListFilter,
  limit: number,
  after: ListKey | null,
): Promise<IncidentRow[]> {
  const p = new Params();
  const w = conditions(p, 'i', { ...filter, sources: null, openAt: null });
  if (after) w.push(...afterKey(p, 'i.last_activity_at', 'i.id', after));
  return db.query<IncidentRow>(
    `SELECT ${incidentColumns} FROM incident i ${w.length > 0 ? `WHERE ${w.join(' AND ')}` : ''}
     ORDER BY i.last_activity_at DESC, i.id DESC LIMIT ${p.add(limit, 'int')}`,
    p.values,
  );
}

/** Incidents by id, in no particular order. */
export function findIncidents(db: Queryable, ids: readonly string[]): Promise<IncidentRow[]> {
  return db.query<IncidentRow>(
    `SELECT ${incidentColumns} FROM incident i WHERE i.id = ANY($1::bigint[])`,
    [ids],
  );
}

/** The log lines of some alerts or incidents, each one's oldest first. */
export function logOf(
  db: Queryable,
  entity: 'alert' | 'incident',
  ids: readonly string[],
): Promise<LogRow[]> {
  return db.query<LogRow>(
    `SELECT entity_id::text AS "entityId", at, actor, action, note, detail FROM alert_log
     WHERE entity = $1 AND entity_id = ANY($2::bigint[]) ORDER BY entity_id, at, id`,
    [entity, ids],
  );
}
