import {
  appliesTo,
  evaluateCameraQuiet,
  evaluateSilence,
  rulesOfKind,
  type AlertRules,
} from '@city-twin/alerts';
import type { Db, Queryable } from '@city-twin/db';
import { enqueueNotices } from '@city-twin/outbox';
import { createRepeatingTask } from '../repeat.ts';
import { takeStateLock } from '../write-batch.ts';
import { createRuleRun, log, type AlertChange } from './apply.ts';
import { rulesNow, type AlertRulesInput } from './rule-set.ts';

interface SubjectRow {
  id: string;
  type: string;
  name: string;
  district: string | null;
  lon: number;
  lat: number;
  last_seen: Date | null;
}

/**
 * The alert rules that depend on time passing, at `now`: devices and cameras gone silent
 * (or back), camera alerts with no detection for a while, and escalation of alerts nobody
 * acknowledged. Only subjects that can change are read: those silent now, and those whose
 * rule state is open.
 */
export async function sweepAlerts(
  db: Db,
  rulesInput: AlertRulesInput,
  now: Date,
): Promise<AlertChange[]> {
  return db.withTransaction(async (tx) => {
    await takeStateLock(tx);
    const rules = await rulesNow(rulesInput, tx);
    const run = createRuleRun();

    for (const rule of rulesOfKind(rules, 'silence')) {
      if (rule.afterMinutes === null) continue;
      const camera = rule.target === 'camera';
      // Silent now, or with an alert of this rule open (which may need resolving).
      const subjects = await tx.query<SubjectRow>(
        camera
          ? `SELECT id, 'camera' AS type, name, district, lon, lat, status_ts AS last_seen FROM camera c
             WHERE status_ts < $2::timestamptz - make_interval(mins => $3)
                OR EXISTS (SELECT 1 FROM alert_rule_state s WHERE s.rule_id = $1
                           AND s.subject = 'video:' || c.id AND s.state->>'phase' = 'open')`
          : `SELECT id, type, name, district, lon, lat, latest_ts AS last_seen FROM device d
             WHERE type = $4 AND (latest_ts < $2::timestamptz - make_interval(mins => $3)
                OR EXISTS (SELECT 1 FROM alert_rule_state s WHERE s.rule_id = $1
                           AND s.subject = 'iot:' || d.id AND s.state->>'phase' = 'open'))`,
        camera ? [rule.id, now, rule.afterMinutes] : [rule.id, now, rule.afterMinutes, rule.target],
      );
      for (const s of subjects) {
        if (!appliesTo(rule, { ...s, type: s.type as never })) continue;
        run.watch(
          {
            rule,
            subject: `${camera ? 'video' : 'iot'}:${s.id}`,
            source: camera ? 'video' : 'iot',
            place: s,
          },
          (state) =>
            evaluateSilence(rule, state, { lastSeen: s.last_seen, online: null, now }, s.name),
          () => ({ [camera ? 'cameraId' : 'deviceId']: s.id, lastSeen: s.last_seen }),
        );
      }
    }

    for (const rule of rulesOfKind(rules, 'camera_event')) {
      const open = await tx.query<SubjectRow>(
        `SELECT c.id, 'camera' AS type, c.name, c.district, c.lon, c.lat, NULL AS last_seen
         FROM alert_rule_state s JOIN camera c ON s.subject = 'video:' || c.id
         WHERE s.rule_id = $1 AND s.state->>'phase' = 'open'`,
        [rule.id],
      );
      for (const c of open) {
        run.watch(
          { rule, subject: `video:${c.id}`, source: 'video', place: c },
          (state) => evaluateCameraQuiet(rule, state, now, c.name),
          () => ({ cameraId: c.id }),
        );
      }
    }

    const changes = await run.apply(tx);
    return [...changes, ...(await escalate(tx, rules, now))];
  });
}

/**
 * Escalates open alerts not acknowledged in time: severity up one step (at most critical),
 * a log line, a notice in the outbox (kind `alert_escalation`, once per alert and step), and
 * the next reminder one acknowledgement period later.
 */
async function escalate(tx: Queryable, rules: AlertRules, now: Date): Promise<AlertChange[]> {
  const due = await tx.query<{
    id: string;
    rule_id: string;
    severity: number;
    escalations: number;
    title: string;
    title_en: string;
    district: string | null;
    opened_at: Date;
  }>(
    `SELECT id, rule_id, severity, escalations, title, title_en, district, opened_at FROM alert
     WHERE next_escalation_at <= $1 AND status = 'open' ORDER BY next_escalation_at LIMIT 500
     FOR UPDATE`,
    [now],
  );
  const changes: AlertChange[] = [];
  const notices: { dedupeKey: string; payload: Record<string, unknown> }[] = [];
  for (const alert of due) {
    const rule = rules.rules.find((r) => r.id === alert.rule_id);
    const every = (rule?.ackWithinMinutes ?? 30) * 60_000;
    const severity = Math.min(4, alert.severity + 1);
    const step = alert.escalations + 1;
    await tx.query(
      `UPDATE alert SET severity = $2, escalations = $3, next_escalation_at = $4 WHERE id = $1`,
      [alert.id, severity, step, new Date(now.getTime() + every)],
    );
    const note = `未在规定时间内确认，第 ${step} 次升级提醒`;
    await log(tx, 'alert', alert.id, 'escalated', note, { severity, step });
    notices.push({
      dedupeKey: `${alert.id}/${step}`,
      payload: {
        alertId: alert.id,
        ruleId: alert.rule_id,
        severity,
        step,
        title: alert.title,
        titleEn: alert.title_en,
        district: alert.district,
        openedAt: alert.opened_at.toISOString(),
        text: `【三门峡城市运行】告警未确认（第 ${step} 次提醒）：${alert.title}`,
      },
    });
    changes.push({ id: alert.id, action: 'escalated' });
  }
  if (notices.length > 0) {
    await enqueueNotices(
      tx,
      notices.map((n) => ({ kind: 'alert_escalation', ...n })),
    );
    await tx.query(`SELECT pg_notify('twin_alert', c) FROM unnest($1::text[]) AS c`, [
      changes.map((c) => JSON.stringify(c)),
    ]);
  }
  return changes;
}

/** Options of {@link createAlertSweeper}. */
export interface AlertSweeperOptions {
  db: Db;
  /** The rules, or where to look up the version in force at each sweep. */
  rules: AlertRulesInput;
  intervalMs: number;
  log: (line: string) => void;
}

/** Runs {@link sweepAlerts} every `intervalMs`. */
export function createAlertSweeper({ db, rules, intervalMs, log: say }: AlertSweeperOptions) {
  return createRepeatingTask(
    async () => {
      await sweepAlerts(db, rules, new Date());
    },
    intervalMs,
    (error) => say(`alert sweep failed, will retry: ${error.message}`),
  );
}
