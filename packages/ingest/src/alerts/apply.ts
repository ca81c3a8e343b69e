import {
  escalationDueAt,
  initialAlertState,
  parseAlertState,
  type AlertDecision,
  type AlertRule,
  type AlertState,
} from '@city-twin/alerts';
import type { Queryable } from '@city-twin/db';

/** The stream an alert's subject belongs to. */
export type AlertSource = 'iot' | 'video' | 'hotline';

/** Where an alert's subject is. */
export interface AlertPlace {
  district: string | null;
  lon: number | null;
  lat: number | null;
}

/** A decision of a rule about one subject, ready to apply. */
export interface RuleDecision {
  rule: AlertRule;
  subject: string;
  source: AlertSource;
  decision: Exclude<AlertDecision, { type: 'none' }>;
  place: AlertPlace;
  /** What users see next to the text: value, baseline, event type, … */
  detail: Record<string, unknown>;
}

/** How near (km) and how soon (minutes) alerts join one incident, by default. */
export const incidentGrouping = { withinKm: 1, withinMinutes: 30 } as const;

const stateKey = (ruleId: string, subject: string) => `${ruleId}\u0000${subject}`;

/** Loads the rule states of (rule, subject) pairs; missing ones are idle. */
async function loadRuleStates(
  tx: Queryable,
  keys: readonly { ruleId: string; subject: string }[],
): Promise<Map<string, AlertState>> {
  const states = new Map<string, AlertState>();
  if (keys.length === 0) return states;
  const rows = await tx.query<{ rule_id: string; subject: string; state: unknown }>(
    `SELECT rule_id, subject, state FROM alert_rule_state
     WHERE (rule_id, subject) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map((k) => k.ruleId), keys.map((k) => k.subject)],
  );
  for (const row of rows)
    states.set(stateKey(row.rule_id, row.subject), parseAlertState(row.state));
  return states;
}

/**
 * The rule states of a batch: read once, changed in memory, written back once. A state that
 * stays idle is not written back (only its last input time changed): most readings of most
 * devices are unremarkable, and writing their state would cost a row per reading.
 */
function ruleStateBook(loaded: Map<string, AlertState>) {
  const current = new Map<string, { ruleId: string; subject: string; state: AlertState }>();
  const dirty = new Set<string>();
  return {
    get(ruleId: string, subject: string): AlertState {
      const key = stateKey(ruleId, subject);
      return current.get(key)?.state ?? loaded.get(key) ?? initialAlertState;
    },
    set(ruleId: string, subject: string, state: AlertState): void {
      const key = stateKey(ruleId, subject);
      const previous = this.get(ruleId, subject);
      if (state === previous) return;
      current.set(key, { ruleId, subject, state });
      const stored = loaded.get(key);
      if (state.phase !== 'idle' || (stored !== undefined && stored.phase !== 'idle'))
        dirty.add(key);
    },
    async save(tx: Queryable): Promise<void> {
      if (dirty.size === 0) return;
      const rows = [...dirty]
        .sort()
        .map((key) => current.get(key)!)
        .filter(Boolean);
      await tx.query(
        `INSERT INTO alert_rule_state (rule_id, subject, state, updated_at)
         SELECT r, s, st, now() FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS t(r, s, st)
         ON CONFLICT (rule_id, subject) DO UPDATE SET state = excluded.state, updated_at = now()`,
        [
          rows.map((r) => r.ruleId),
          rows.map((r) => r.subject),
          rows.map((r) => JSON.stringify(r.state)),
        ],
      );
    },
  };
}

/**
 * One pass of rules over subjects: `watch` queues an evaluation of a rule for a subject; `apply`
 * reads the states of every queued pair at once, runs the evaluations in queue order (so one
 * subject's inputs follow each other), writes the states back and applies the decisions.
 */
export function createRuleRun() {
  const queued: {
    ruleId: string;
    subject: string;
    run: (book: ReturnType<typeof ruleStateBook>) => void;
  }[] = [];
  const decisions: RuleDecision[] = [];
  return {
    watch<D extends AlertDecision>(
      target: { rule: AlertRule; subject: string; source: AlertSource; place: AlertPlace },
      evaluate: (state: AlertState) => { state: AlertState; decision: D },
      detail: (decision: Exclude<D, { type: 'none' }>) => Record<string, unknown>,
    ): void {
      const { rule, subject } = target;
      queued.push({
        ruleId: rule.id,
        subject,
        run: (book) => {
          const { state, decision } = evaluate(book.get(rule.id, subject));
          book.set(rule.id, subject, state);
          if (decision.type === 'none') return;
          const fired = decision as Exclude<D, { type: 'none' }>;
          decisions.push({ ...target, decision: fired, detail: detail(fired) });
        },
      });
    },
    async apply(tx: Queryable): Promise<AlertChange[]> {
      if (queued.length === 0) return [];
      const book = ruleStateBook(await loadRuleStates(tx, queued));
      for (const q of queued) q.run(book);
      await book.save(tx);
      return applyDecisions(tx, decisions);
    },
  };
}

/** What happened to an alert, as announced on `twin_alert`. */
export interface AlertChange {
  id: string;
  action: string;
}

/**
 * Applies decisions in order: `open` inserts the alert (or counts a repeat if one is already
 * open for the rule and subject) and groups it into an incident; `update` bumps the open
 * alert's last-seen time and count; `resolve` closes it as cleared. Every opening and
 * closing is logged; every change is announced on `twin_alert` when the transaction commits.
 */
async function applyDecisions(
  tx: Queryable,
  decisions: readonly RuleDecision[],
): Promise<AlertChange[]> {
  const changes: AlertChange[] = [];
  for (const d of decisions) {
    const { rule, subject, decision } = d;
    const detail = { ...d.detail, value: decision.value };
    if (decision.type === 'open') {
      const [row] = await tx.query<{ id: string; inserted: boolean }>(
        `INSERT INTO alert AS a (rule_id, subject, source, kind, severity, base_severity, title, title_en,
           detail, district, lon, lat, opened_at, last_seen_at, next_escalation_at)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)
         ON CONFLICT (rule_id, subject) WHERE status <> 'resolved' DO UPDATE
           SET last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at), count = a.count + 1,
               detail = excluded.detail, title = excluded.title, title_en = excluded.title_en
         RETURNING id, (xmax = 0) AS inserted`,
        [
          rule.id,
          subject,
          d.source,
          rule.kind,
          rule.severity,
          decision.text.zh,
          decision.text.en,
          JSON.stringify(detail),
          d.place.district,
          d.place.lon,
          d.place.lat,
          decision.at,
          escalationDueAt(rule, new Date()),
        ],
      );
      if (!row) continue;
      if (row.inserted) {
        await log(tx, 'alert', row.id, 'opened', decision.text.zh, detail);
        await groupIntoIncident(tx, row.id);
        changes.push({ id: row.id, action: 'opened' });
      } else {
        changes.push({ id: row.id, action: 'repeated' });
      }
    } else if (decision.type === 'update') {
      const rows = await tx.query<{ id: string }>(
        `UPDATE alert SET last_seen_at = greatest(last_seen_at, $3), count = count + 1, detail = $4,
           title = $5, title_en = $6
         WHERE rule_id = $1 AND subject = $2 AND status <> 'resolved' RETURNING id`,
        [rule.id, subject, decision.at, JSON.stringify(detail), decision.text.zh, decision.text.en],
      );
      for (const r of rows) changes.push({ id: r.id, action: 'repeated' });
    } else {
      const rows = await tx.query<{ id: string; incident_id: string | null }>(
        `UPDATE alert SET status = 'resolved', cleared_at = $3, resolved_at = now(),
           resolved_by = 'system', next_escalation_at = NULL, detail = detail || $4::jsonb
         WHERE rule_id = $1 AND subject = $2 AND status <> 'resolved' RETURNING id, incident_id`,
        [rule.id, subject, decision.at, JSON.stringify(detail)],
      );
      for (const r of rows) {
        await log(tx, 'alert', r.id, 'cleared', decision.text.zh, detail);
        changes.push({ id: r.id, action: 'cleared' });
      }
    }
  }
  if (changes.length > 0) {
    await tx.query(`SELECT pg_notify('twin_alert', c) FROM unnest($1::text[]) AS c`, [
      changes.map((c) => JSON.stringify(c)),
    ]);
  }
  return changes;
}

/** Appends a line to the alert log (actor: the system). */
export async function log(
  tx: Queryable,
  entity: 'alert' | 'incident',
  id: string,
  action: string,
  note: string | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.query(
    `INSERT INTO alert_log (entity, entity_id, actor, action, note, detail)
     VALUES ($1, $2, 'system', $3, $4, $5)`,
    [entity, id, action, note, JSON.stringify(detail)],
  );
}

/**
 * Puts a new alert into the open incident of its district whose last activity is within
 * the grouping window of the alert's time and, when both are located, whose place is within
 * the grouping distance; otherwise opens an incident for it.
 */
async function groupIntoIncident(tx: Queryable, alertId: string): Promise<void> {
  const { withinKm, withinMinutes } = incidentGrouping;
  const [match] = await tx.query<{ id: string }>(
    `SELECT i.id FROM incident i, alert a
     WHERE a.id = $1 AND i.status <> 'resolved' AND a.district IS NOT NULL AND i.district = a.district
       AND i.last_activity_at >= a.opened_at - make_interval(mins => $3)
       AND i.opened_at <= a.opened_at + make_interval(mins => $3)
       AND (a.lon IS NULL OR i.lon IS NULL OR
            2 * 6371 * asin(sqrt(
              power(sin(radians(a.lat - i.lat) / 2), 2) +
              cos(radians(i.lat)) * cos(radians(a.lat)) * power(sin(radians(a.lon - i.lon) / 2), 2)
            )) <= $2)
     ORDER BY i.last_activity_at DESC LIMIT 1`,
    [alertId, withinKm, withinMinutes],
  );
  const explanation = `同一区县内、相距 ${withinKm} 公里以内且 ${withinMinutes} 分钟内发生的告警归为同一事件`;
  const explanationEn = `Alerts in the same district within ${withinKm} km and ${withinMinutes} minutes of each other form one incident`;
  let incidentId = match?.id;
  if (incidentId) {
    await tx.query(
      `UPDATE incident i SET last_activity_at = greatest(i.last_activity_at, a.opened_at),
         severity = greatest(i.severity, a.severity),
         lon = coalesce(i.lon, a.lon), lat = coalesce(i.lat, a.lat)
       FROM alert a WHERE i.id = $1 AND a.id = $2`,
      [incidentId, alertId],
    );
  } else {
    const [created] = await tx.query<{ id: string }>(
      `INSERT INTO incident (severity, title, title_en, district, lon, lat, opened_at, last_activity_at,
         explanation, explanation_en)
       SELECT severity, title, title_en, district, lon, lat, opened_at, opened_at, $2, $3
       FROM alert WHERE id = $1 RETURNING id`,
      [alertId, explanation, explanationEn],
    );
    incidentId = created!.id;
    await log(tx, 'incident', incidentId, 'opened', null);
  }
  await tx.query('UPDATE alert SET incident_id = $2 WHERE id = $1', [alertId, incidentId]);
  await log(tx, 'incident', incidentId, 'grouped', null, { alertId });
}
