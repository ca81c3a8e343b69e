import {
  appliesTo,
  evaluateCameraEvent,
  evaluateHotlineOverdue,
  evaluateSilence,
  evaluateSurge,
  evaluateThreshold,
  rulesOfKind,
  type AlertRules,
} from '@city-twin/alerts';
import type { CameraEvent, IotTelemetry } from '@city-twin/events';
import { districts } from '@city-twin/events/districts';
import type { Queryable } from '@city-twin/db';
import type { DerivedTicket } from '@city-twin/hotline';
import { createRuleRun, type AlertChange } from './apply.ts';

/** What a committed batch stored that rules look at. */
export interface BatchForAlerts {
  telemetry: readonly { id: string; payload: IotTelemetry }[];
  cameraEvents: readonly { id: string; payload: CameraEvent }[];
  /** Cameras whose status the batch changed. */
  cameraStatus: readonly { id: string }[];
  /** Work orders the batch re-derived. */
  tickets: readonly DerivedTicket[];
  /** New work orders (created actions) by id. */
  created: readonly { id: string; ts: Date; category: string }[];
}

const HOUR_MS = 3_600_000;
/** Overdue facts and surges older than this are history, not news: they raise nothing. */
const NEWS_MS = 24 * HOUR_MS;

interface SubjectRow {
  id: string;
  type: string;
  name: string;
  district: string | null;
  lon: number;
  lat: number;
}

/**
 * Runs the alert rules over what a batch stored, under the batch's state lock: thresholds
 * over readings, camera detections, camera offline status, the hotline's overdue facts and
 * surges of new orders. Rule states are read and written once per batch; decisions become
 * alerts, incidents and log lines in the same transaction.
 */
export async function evaluateBatchAlerts(
  tx: Queryable,
  batch: BatchForAlerts,
  rules: AlertRules,
  now: Date,
): Promise<AlertChange[]> {
  const run = createRuleRun();

  // IoT thresholds, in reading order per device.
  const thresholds = rulesOfKind(rules, 'threshold');
  if (thresholds.length > 0 && batch.telemetry.length > 0) {
    const ids = [...new Set(batch.telemetry.map((t) => t.id))];
    const devices = new Map(
      (
        await tx.query<SubjectRow>(
          'SELECT id, type, name, district, lon, lat FROM device WHERE id = ANY($1::text[])',
          [ids],
        )
      ).map((d) => [d.id, d]),
    );
    const readings = [...batch.telemetry].sort(
      (a, b) => a.payload.ts.getTime() - b.payload.ts.getTime(),
    );
    for (const rule of thresholds) {
      for (const reading of readings) {
        const device = devices.get(reading.id);
        const value = reading.payload.metrics[rule.metric];
        if (!device || typeof value !== 'number') continue;
        if (!appliesTo(rule, { ...device, type: device.type as never })) continue;
        run.watch(
          { rule, subject: `iot:${device.id}`, source: 'iot', place: device },
          (state) => evaluateThreshold(rule, state, { ts: reading.payload.ts, value }, device.name),
          () => ({ deviceId: device.id, deviceType: device.type, metric: rule.metric }),
        );
      }
    }
  }

  // Cameras: detections, and status reported offline.
  const cameraRules = rulesOfKind(rules, 'camera_event');
  const offlineRules = rulesOfKind(rules, 'silence').filter(
    (r) => r.target === 'camera' && r.offline,
  );
  const cameraIds = [
    ...new Set([
      ...(cameraRules.length > 0 ? batch.cameraEvents.map((e) => e.id) : []),
      ...(offlineRules.length > 0 ? batch.cameraStatus.map((s) => s.id) : []),
    ]),
  ];
  if (cameraIds.length > 0) {
    const cameras = new Map(
      (
        await tx.query<SubjectRow & { online: boolean | null; status_ts: Date | null }>(
          `SELECT id, 'camera' AS type, name, district, lon, lat, online, status_ts
           FROM camera WHERE id = ANY($1::text[])`,
          [cameraIds],
        )
      ).map((c) => [c.id, c]),
    );
    const events = [...batch.cameraEvents].sort(
      (a, b) => a.payload.ts.getTime() - b.payload.ts.getTime(),
    );
    for (const rule of cameraRules) {
      for (const event of events) {
        const camera = cameras.get(event.id);
        if (!camera || !appliesTo(rule, { ...camera, type: 'camera' })) continue;
        run.watch(
          { rule, subject: `video:${camera.id}`, source: 'video', place: camera },
          (state) => evaluateCameraEvent(rule, state, event.payload, camera.name),
          (decision) => ({
            cameraId: camera.id,
            eventType: event.payload.type,
            count: decision.count,
            snapshotUrl: event.payload.snapshotUrl ?? null,
          }),
        );
      }
    }
    for (const rule of offlineRules) {
      for (const { id } of batch.cameraStatus) {
        const camera = cameras.get(id);
        if (!camera || !appliesTo(rule, { ...camera, type: 'camera' })) continue;
        run.watch(
          { rule, subject: `video:${camera.id}`, source: 'video', place: camera },
          // The camera's current status (the batch already applied its newest), judged now.
          (state) =>
            evaluateSilence(
              rule,
              state,
              { lastSeen: camera.status_ts, online: camera.online, now },
              camera.name,
            ),
          () => ({ cameraId: camera.id, online: camera.online }),
        );
      }
    }
  }

  // Hotline: overdue and chase facts of the orders the batch re-derived.
  const overdueRules = rulesOfKind(rules, 'hotline_overdue');
  const facts = batch.tickets.flatMap((t) =>
    t.items
      .filter((i) => overdueRules.some((r) => r.factKind === i.kind))
      .map((item) => ({ item, ticket: t.state })),
  );
  let unitNames = new Map<string, string>();
  if (facts.length > 0) {
    unitNames = new Map(
      (
        await tx.query<{ id: string; name: string }>(
          'SELECT id, name FROM unit WHERE id = ANY($1::text[])',
          [[...new Set(facts.map((f) => f.item.unit_id))]],
        )
      ).map((u) => [u.id, u.name]),
    );
  }
  for (const rule of overdueRules) {
    for (const { item, ticket } of facts) {
      if (item.kind !== rule.factKind) continue;
      run.watch(
        {
          rule,
          subject: `ticket:${item.ticket_id}:${item.kind}:${item.cycle}`,
          source: 'hotline',
          place: { district: ticket.district, lon: ticket.lon, lat: ticket.lat },
        },
        (state) =>
          // Old facts of back-filled history stay in the scores; only news raises alerts.
          state.phase === 'idle' && now.getTime() - item.at.getTime() > NEWS_MS
            ? { state, decision: { type: 'none' } as const }
            : evaluateHotlineOverdue(rule, state, item, {
                unitName: unitNames.get(item.unit_id) ?? item.unit_id,
                settledAt: item.settled_at,
                now,
              }),
        () => ({
          ticketId: item.ticket_id,
          unitId: item.unit_id,
          fact: item.kind,
          dueAt: item.at.toISOString(),
          category: ticket.category,
        }),
      );
    }
  }

  // Hotline surges: the hours of new orders still in the news, per district and category.
  const surgeRules = rulesOfKind(rules, 'hotline_surge');
  const hours = new Map<string, { district: string; category: string; hour: Date }>();
  if (surgeRules.length > 0) {
    const states = new Map(batch.tickets.map((t) => [t.state.id, t.state]));
    for (const c of batch.created) {
      const district = states.get(c.id)?.district;
      const hour = new Date(Math.floor(c.ts.getTime() / HOUR_MS) * HOUR_MS);
      if (!district || now.getTime() - hour.getTime() > 2 * HOUR_MS) continue;
      hours.set(`${district}/${c.category}/${hour.getTime()}`, {
        district,
        category: c.category,
        hour,
      });
    }
  }
  if (hours.size > 0) {
    const weeks = Math.max(...surgeRules.map((r) => r.weeks));
    const list = [...hours.values()];
    const rows = await tx.query<{ i: number; k: number; count: number }>(
      `SELECT q.i, k, coalesce(r.count, 0)::int AS count
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS q(district, category, hour, i)
       CROSS JOIN generate_series(0, $4::int) AS k
       LEFT JOIN event_rollup_1h r ON r.stream = 'hotline_category' AND r.type = q.category
         AND r.district = q.district AND r.bucket = q.hour - make_interval(weeks => k)`,
      [list.map((h) => h.district), list.map((h) => h.category), list.map((h) => h.hour), weeks],
    );
    const counts = list.map(() => new Array<number>(weeks + 1).fill(0));
    for (const row of rows) counts[row.i - 1]![row.k] = row.count;
    for (const rule of surgeRules) {
      list.forEach((h, i) => {
        const [observed = 0, ...history] = counts[i]!;
        run.watch(
          {
            rule,
            subject: `surge:${h.district}:${h.category}`,
            source: 'hotline',
            place: { district: h.district, lon: null, lat: null },
          },
          (state) => {
            const evaluation = evaluateSurge(rule, state, {
              district: h.district,
              districtName: districts.find((d) => d.code === h.district)?.name ?? h.district,
              category: h.category,
              hour: h.hour,
              observed,
              history: history.slice(0, rule.weeks),
            });
            const { decision } = evaluation;
            // Judged at the end of the hour; noticed now, while the hour is still running.
            return decision.type === 'none'
              ? evaluation
              : {
                  state: evaluation.state,
                  decision: {
                    ...decision,
                    at: new Date(Math.min(decision.at.getTime(), now.getTime())),
                  },
                };
          },
          (decision) => ({
            district: h.district,
            category: h.category,
            hour: h.hour.toISOString(),
            observed: decision.observed,
            baseline: decision.median,
            spread: decision.spread,
            score: decision.score,
          }),
        );
      });
    }
  }

  return run.apply(tx);
}
