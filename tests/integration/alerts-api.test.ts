import { createDb, migrate, type Db } from '@city-twin/db';
import { defaultAlertRules } from '@city-twin/alerts';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signIn } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';

// The alerts API over alerts and incidents seeded with SQL (ingest raises them in production):
// queries, operator mutations with their log, and graphql-ws subscriptions fed by PostgreSQL
// notifications — through two gateways on one database, so fan-out cannot be in-process.

interface GqlError {
  message: string;
  extensions?: { code?: string };
}

/** `Bearer <token>` of the operator on duty (display name `operator`), sent unless a test names another. */
let defaultAuthorization = '';
/** `Bearer <token>` of an operator per display name, for {@link asUser}. */
const operators = new Map<string, string>();

async function post<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: defaultAuthorization,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GqlError[] };
  return { status: response.status, ...body };
}

async function query<T>(
  baseUrl: string,
  q: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const body = await post<T>(baseUrl, q, variables, headers);
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

async function errorOf(
  baseUrl: string,
  q: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const body = await post(baseUrl, q, variables, headers);
  return { code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message ?? '' };
}

/** An alert row; what a test leaves out is filled in. */
interface AlertSeed {
  rule_id: string;
  subject: string;
  source: 'iot' | 'video' | 'hotline';
  kind: string;
  severity: number;
  opened_at: string;
  status?: string;
  district?: string | null;
  incident_id?: string | null;
  acknowledged_at?: string;
  acknowledged_by?: string;
  resolved_at?: string;
  resolved_by?: string;
  next_escalation_at?: string | null;
}

async function insertAlert(db: Db, seed: AlertSeed): Promise<string> {
  const row: Record<string, unknown> = {
    status: 'open',
    base_severity: seed.severity,
    title: `告警 ${seed.subject}`,
    title_en: `alert ${seed.subject}`,
    detail: { value: 1 },
    last_seen_at: seed.opened_at,
    ...seed,
  };
  const columns = Object.keys(row);
  const [inserted] = await db.query<{ id: string }>(
    `INSERT INTO alert (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM jsonb_populate_record(null::alert, $1::jsonb)
     RETURNING id::text AS id`,
    [JSON.stringify(row)],
  );
  return inserted!.id;
}

/** An incident row; what a test leaves out is filled in. */
interface IncidentSeed {
  status: string;
  severity: number;
  district: string | null;
  opened_at: string;
  last_activity_at: string;
}

async function insertIncident(db: Db, seed: IncidentSeed): Promise<string> {
  const [inserted] = await db.query<{ id: string }>(
    `INSERT INTO incident (status, severity, title, title_en, district, opened_at, last_activity_at,
       explanation, explanation_en)
     VALUES ($1, $2, $3, $4, $5, $6, $7, '同区域 30 分钟内', 'same district within 30 minutes')
     RETURNING id::text AS id`,
    [
      seed.status,
      seed.severity,
      `事件 ${seed.opened_at}`,
      `incident ${seed.opened_at}`,
      seed.district,
      seed.opened_at,
      seed.last_activity_at,
    ],
  );
  return inserted!.id;
}

interface LogLine {
  actor: string;
  action: string;
  note: string | null;
  detail: Record<string, unknown>;
}

async function logLines(db: Db, entity: 'alert' | 'incident', id: string): Promise<LogLine[]> {
  return db.query<LogLine>(
    `SELECT actor, action, note, detail FROM alert_log WHERE entity = $1 AND entity_id = $2
     ORDER BY at, id`,
    [entity, id],
  );
}

/** A graphql-ws subscription collecting what it receives. */
function collect<T>(client: Client, subscription: string) {
  const received: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const stop = client.subscribe<T>(
    { query: subscription },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        else if (result.data) received.push(result.data);
      },
      error: (error) => errors.push(error),
      complete: () => (completed = true),
    },
  );
  return {
    received,
    errors,
    get completed() {
      return completed;
    },
    stop,
  };
}

/** The Authorization header of the operator signed in as `name` (made in beforeAll). */
const asUser = (name: string) => {
  const authorization = operators.get(name);
  if (!authorization) throw new Error(`no operator ${name}: add them in beforeAll`);
  return { authorization };
};

const day = (time: string) => `2026-03-01T${time}Z`;
const fixtureWindow = { from: day('00:00:00'), to: '2026-03-02T00:00:00Z' };

describe('alerts API', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dbA: Db;
  let dbB: Db;
  let notifier: Db;
  let gatewayA: Gateway;
  let gatewayB: Gateway;
  let urlA: string;
  let urlB: string;
  const clients: Client[] = [];
  const ids: Record<string, string> = {};

  const wsClient = (baseUrl: string) => {
    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: defaultAuthorization },
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // Separate pools with their own names, so each gateway's LISTEN connection can be told apart.
    const quiet = () => undefined;
    dbA = createDb({
      connectionString: database.url,
      applicationName: 'gateway-a',
      onError: quiet,
    });
    dbB = createDb({
      connectionString: database.url,
      applicationName: 'gateway-b',
      onError: quiet,
    });
    notifier = createDb({ connectionString: database.url, max: 1, applicationName: 'notifier' });
    await migrate(dbA);
    // The operator on duty, and operators whose names the tests write into logs.
    defaultAuthorization = (await signIn(dbA, 'operator', { displayName: 'operator' }))
      .authorization;
    for (const name of ['王伟', '乙', '张三', '赵六', '乙班']) {
      operators.set(name, (await signIn(dbA, 'operator', { displayName: name })).authorization);
    }

    ids.I1 = await insertIncident(dbA, {
      status: 'open',
      severity: 4,
      district: '411202',
      opened_at: day('08:00:00'),
      last_activity_at: day('09:00:00'),
    });
    ids.I2 = await insertIncident(dbA, {
      status: 'resolved',
      severity: 2,
      district: '411203',
      opened_at: '2026-02-20T08:00:00Z',
      last_activity_at: '2026-02-21T08:00:00Z',
    });
    ids.I3 = await insertIncident(dbA, {
      status: 'acknowledged',
      severity: 3,
      district: '411224',
      opened_at: day('11:00:00'),
      last_activity_at: day('11:30:00'),
    });

    // Newest first: L8, L7, L6, L5 (L5–L7 opened at the same instant: the id breaks the tie), L4 … L1.
    ids.L1 = await insertAlert(dbA, {
      rule_id: 'air.pm25-heavy',
      subject: 'iot:aq-01',
      source: 'iot',
      kind: 'threshold',
      severity: 3,
      opened_at: day('08:00:00'),
      district: '411202',
      incident_id: ids.I1,
    });
    ids.L2 = await insertAlert(dbA, {
      rule_id: 'camera.fire-smoke',
      subject: 'video:cam-01',
      source: 'video',
      kind: 'camera_event',
      severity: 4,
      status: 'acknowledged',
      acknowledged_at: day('09:05:00'),
      acknowledged_by: '值班员',
      opened_at: day('09:00:00'),
      district: '411202',
      incident_id: ids.I1,
    });
    ids.L3 = await insertAlert(dbA, {
      rule_id: 'silence.air-quality',
      subject: 'iot:aq-02',
      source: 'iot',
      kind: 'silence',
      severity: 2,
      opened_at: day('10:00:00'),
      district: '411203',
    });
    ids.L4 = await insertAlert(dbA, {
      rule_id: 'hotline.overdue-complete',
      subject: 'ticket:t-1',
      source: 'hotline',
      kind: 'hotline_overdue',
      severity: 3,
      status: 'resolved',
      resolved_at: day('11:30:00'),
      resolved_by: 'system',
      opened_at: day('11:00:00'),
      district: '411224',
    });
    for (const n of [5, 6, 7]) {
      ids[`L${n}`] = await insertAlert(dbA, {
        rule_id: 'manhole.tilt',
        subject: `iot:mh-0${n}`,
        source: 'iot',
        kind: 'threshold',
        severity: 2,
        opened_at: day('12:00:00'),
        district: '411202',
      });
    }
    ids.L8 = await insertAlert(dbA, {
      rule_id: 'retired.rule',
      subject: 'iot:x-01',
      source: 'iot',
      kind: 'threshold',
      severity: 1,
      opened_at: day('13:00:00'),
      district: null,
    });
    await dbA.query(
      `INSERT INTO alert_log (entity, entity_id, actor, action, note, at) VALUES
         ('alert', $1, 'system', 'opened', 'PM2.5 浓度 182 µg/m³', $3),
         ('incident', $2, 'system', 'opened', NULL, $3),
         ('incident', $2, 'system', 'grouped', '火情并入', $4)`,
      [ids.L1, ids.I1, day('08:00:00'), day('09:00:00')],
    );

    gatewayA = createGateway({ db: dbA, port: 0, log: () => undefined, listenHeartbeatMs: 200 });
    gatewayB = createGateway({ db: dbB, port: 0, log: () => undefined });
    urlA = await gatewayA.start();
    urlB = await gatewayB.start();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gatewayA?.stop();
    await gatewayB?.stop();
    await Promise.all([dbA?.close(), dbB?.close(), notifier?.close()]);
    await database?.drop();
  });

  const listQuery = `query ($status: [AlertStatus!], $minSeverity: Int, $from: DateTime, $to: DateTime,
      $district: String, $source: [AlertSource!], $first: Int, $after: String) {
    alerts(status: $status, minSeverity: $minSeverity, from: $from, to: $to, district: $district,
        source: $source, first: $first, after: $after) {
      edges { cursor node { id } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

  interface AlertPage {
    alerts: {
      edges: { cursor: string; node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  const alertIds = async (variables: Record<string, unknown>) =>
    (await query<AlertPage>(urlA, listQuery, { ...fixtureWindow, ...variables })).alerts.edges.map(
      (e) => e.node.id,
    );
  const named = (...names: string[]) => names.map((n) => ids[n]);

  it('lists alerts newest first, narrowed by status, severity, source, district and time', async () => {
    expect(await alertIds({})).toEqual(named('L8', 'L7', 'L6', 'L5', 'L4', 'L3', 'L2', 'L1'));
    expect(await alertIds({ status: ['open'] })).toEqual(named('L8', 'L7', 'L6', 'L5', 'L3', 'L1'));
    expect(await alertIds({ minSeverity: 3 })).toEqual(named('L4', 'L2', 'L1'));
    expect(await alertIds({ source: ['video', 'hotline'] })).toEqual(named('L4', 'L2'));
    expect(await alertIds({ district: '411202' })).toEqual(named('L7', 'L6', 'L5', 'L2', 'L1'));
    expect(await alertIds({ from: day('10:00:00'), to: day('12:00:00') })).toEqual(
      named('L4', 'L3'),
    );
    expect(await alertIds({ status: ['open', 'acknowledged'], minSeverity: 3 })).toEqual(
      named('L2', 'L1'),
    );
    // Empty lists narrow nothing.
    expect(await alertIds({ status: [], source: [] })).toHaveLength(8);
  });

  it('pages through alerts with cursors, ties broken by id', async () => {
    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const page: AlertPage = await query<AlertPage>(urlA, listQuery, {
        ...fixtureWindow,
        first: 3,
        after,
      });
      pages.push(page.alerts.edges.map((e) => e.node.id));
      if (!page.alerts.pageInfo.hasNextPage) break;
      after = page.alerts.pageInfo.endCursor;
    }
    expect(pages).toEqual([named('L8', 'L7', 'L6'), named('L5', 'L4', 'L3'), named('L2', 'L1')]);
  });

  it('refuses bad list arguments with BAD_USER_INPUT', async () => {
    for (const variables of [
      { first: 0 },
      { first: 501 },
      { minSeverity: 0 },
      { minSeverity: 5 },
      { after: 'not-a-cursor' },
      { from: day('12:00:00'), to: day('10:00:00') },
    ]) {
      expect(await errorOf(urlA, listQuery, variables), JSON.stringify(variables)).toMatchObject({
        code: 'BAD_USER_INPUT',
      });
    }
    const incidentPage = await query<{ incidents: { pageInfo: { endCursor: string } } }>(
      urlA,
      '{ incidents(first: 1) { pageInfo { endCursor } } }',
    );
    expect(
      await errorOf(urlA, listQuery, { after: incidentPage.incidents.pageInfo.endCursor }),
    ).toEqual({ code: 'BAD_USER_INPUT', message: 'after is not a cursor of this list' });
    expect(await errorOf(urlA, '{ incidents(minSeverity: 9) { edges { cursor } } }')).toMatchObject(
      { code: 'BAD_USER_INPUT' },
    );
  });

  it('shows one alert with its rule, incident and log', async () => {
    const { alert } = await query<{ alert: Record<string, unknown> }>(
      urlA,
      `query ($id: ID!) { alert(id: $id) {
        id ruleId subject source kind severity baseSeverity status title titleEn detail district
        openedAt count
        rule { id kind name nameEn severity ackWithinMinutes config }
        incident { id status severity alerts { id } }
        log { actor action note detail at }
      } }`,
      { id: ids.L1 },
    );
    expect(alert).toMatchObject({
      id: ids.L1,
      ruleId: 'air.pm25-heavy',
      subject: 'iot:aq-01',
      source: 'iot',
      kind: 'threshold',
      severity: 3,
      baseSeverity: 3,
      status: 'open',
      title: '告警 iot:aq-01',
      detail: { value: 1 },
      district: '411202',
      openedAt: '2026-03-01T08:00:00.000Z',
      count: 1,
      rule: {
        id: 'air.pm25-heavy',
        kind: 'threshold',
        name: 'PM2.5 重度污染',
        nameEn: 'PM2.5 heavy pollution',
        severity: 3,
        ackWithinMinutes: 30,
      },
      incident: {
        id: ids.I1,
        status: 'open',
        severity: 4,
        alerts: [{ id: ids.L1 }, { id: ids.L2 }],
      },
      log: [
        {
          actor: 'system',
          action: 'opened',
          note: 'PM2.5 浓度 182 µg/m³',
          detail: {},
          at: '2026-03-01T08:00:00.000Z',
        },
      ],
    });
    expect((alert.rule as { config: { metric: string } }).config.metric).toBe('pm25');

    const retired = await query<{ alert: { rule: unknown; incident: unknown; log: unknown[] } }>(
      urlA,
      `query ($id: ID!) { alert(id: $id) { rule { id } incident { id } log { action } } }`,
      { id: ids.L8 },
    );
    expect(retired.alert).toEqual({ rule: null, incident: null, log: [] });
    for (const id of ['999999', 'abc', '-1']) {
      expect(await query(urlA, `query ($id: ID!) { alert(id: $id) { id } }`, { id })).toEqual({
        alert: null,
      });
    }
  });

  it('lists incidents by newest activity, narrowed and paged, each with its alerts and log', async () => {
    const incidentsQuery = `query ($status: [AlertStatus!], $minSeverity: Int, $from: DateTime,
        $district: String, $first: Int, $after: String) {
      incidents(status: $status, minSeverity: $minSeverity, from: $from, district: $district,
          first: $first, after: $after) {
        edges { node { id } } pageInfo { hasNextPage endCursor }
      }
    }`;
    type Page = {
      incidents: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const incidentIds = async (variables: Record<string, unknown>) =>
      (await query<Page>(urlA, incidentsQuery, variables)).incidents.edges.map((e) => e.node.id);
    expect(await incidentIds({})).toEqual(named('I3', 'I1', 'I2'));
    expect(await incidentIds({ status: ['open', 'acknowledged'] })).toEqual(named('I3', 'I1'));
    expect(await incidentIds({ minSeverity: 4 })).toEqual(named('I1'));
    expect(await incidentIds({ district: '411203' })).toEqual(named('I2'));
    expect(await incidentIds({ from: day('00:00:00') })).toEqual(named('I3', 'I1'));

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await query<Page>(urlA, incidentsQuery, { first: 1, after });
      seen.push(...page.incidents.edges.map((e) => e.node.id));
      if (!page.incidents.pageInfo.hasNextPage) break;
      after = page.incidents.pageInfo.endCursor;
    }
    expect(seen).toEqual(named('I3', 'I1', 'I2'));

    const { incident } = await query<{ incident: Record<string, unknown> }>(
      urlA,
      `query ($id: ID!) { incident(id: $id) {
        id status severity district openedAt lastActivityAt explanation explanationEn
        alerts { id status } log { actor action note }
      } }`,
      { id: ids.I1 },
    );
    expect(incident).toEqual({
      id: ids.I1,
      status: 'open',
      severity: 4,
      district: '411202',
      openedAt: '2026-03-01T08:00:00.000Z',
      lastActivityAt: '2026-03-01T09:00:00.000Z',
      explanation: '同区域 30 分钟内',
      explanationEn: 'same district within 30 minutes',
      alerts: [
        { id: ids.L1, status: 'open' },
        { id: ids.L2, status: 'acknowledged' },
      ],
      log: [
        { actor: 'system', action: 'opened', note: null },
        { actor: 'system', action: 'grouped', note: '火情并入' },
      ],
    });
    expect(await query(urlA, '{ incident(id: "424242") { id } }')).toEqual({ incident: null });
  });

  it('lists the alert rules in force', async () => {
    const { alertRules } = await query<{ alertRules: { id: string; severity: number }[] }>(
      urlA,
      '{ alertRules { id kind name nameEn severity ackWithinMinutes config } }',
    );
    expect(alertRules.map((r) => r.id)).toEqual(defaultAlertRules.rules.map((r) => r.id));
    expect(alertRules.find((r) => r.id === 'camera.fire-smoke')).toMatchObject({ severity: 4 });
  });

  const ack = `mutation ($id: ID!, $note: String) { acknowledgeAlert(id: $id, note: $note) {
    id status acknowledgedBy acknowledgedAt resolvedBy log { actor action note }
  } }`;
  const resolve = `mutation ($id: ID!, $note: String) { resolveAlert(id: $id, note: $note) {
    id status resolvedBy resolvedAt log { actor action note detail }
  } }`;
  const reopen = `mutation ($id: ID!, $note: String) { reopenAlert(id: $id, note: $note) {
    id status acknowledgedBy resolvedBy resolvedAt
  } }`;
  const assign = `mutation ($id: ID!, $assignee: String, $note: String) {
    assignAlert(id: $id, assignee: $assignee, note: $note) { id assignee }
  }`;

  const freshAlert = (subject: string, rest: Partial<AlertSeed> = {}) =>
    insertAlert(dbA, {
      rule_id: 'air.pm25-heavy',
      subject,
      source: 'iot',
      kind: 'threshold',
      severity: 3,
      opened_at: new Date().toISOString(),
      next_escalation_at: new Date(Date.now() + 30 * 60_000).toISOString(),
      ...rest,
    });

  it('acknowledges then resolves an alert: two log lines with the actor and notes, in order', async () => {
    const id = await freshAlert('iot:aq-ack');
    const user = asUser('王伟');
    const acknowledged = await query<{ acknowledgeAlert: Record<string, unknown> }>(
      urlA,
      ack,
      { id, note: '已派人前往' },
      user,
    );
    expect(acknowledged.acknowledgeAlert).toMatchObject({
      id,
      status: 'acknowledged',
      acknowledgedBy: '王伟',
      resolvedBy: null,
      log: [{ actor: '王伟', action: 'acknowledged', note: '已派人前往' }],
    });
    const resolved = await query<{ resolveAlert: Record<string, unknown> }>(
      urlB,
      resolve,
      { id, note: '已处置完毕' },
      user,
    );
    expect(resolved.resolveAlert).toMatchObject({ id, status: 'resolved', resolvedBy: '王伟' });
    expect(await logLines(dbA, 'alert', id)).toEqual([
      { actor: '王伟', action: 'acknowledged', note: '已派人前往', detail: { from: 'open' } },
      { actor: '王伟', action: 'resolved', note: '已处置完毕', detail: { from: 'acknowledged' } },
    ]);
    const [row] = await dbA.query<Record<string, unknown>>(
      `SELECT acknowledged_by, acknowledged_at IS NOT NULL AS acked, resolved_by,
         resolved_at IS NOT NULL AS resolved, next_escalation_at FROM alert WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({
      acknowledged_by: '王伟',
      acked: true,
      resolved_by: '王伟',
      resolved: true,
      next_escalation_at: null,
    });
  });

  it('refuses illegal transitions and bad input with coded errors and writes no log', async () => {
    const id = await freshAlert('iot:aq-illegal', {
      status: 'resolved',
      resolved_at: new Date().toISOString(),
      resolved_by: 'system',
      next_escalation_at: null,
    });
    const openId = await freshAlert('iot:aq-open');
    expect(await errorOf(urlA, ack, { id })).toEqual({
      code: 'BAD_USER_INPUT',
      message: `alert ${id} is resolved`,
    });
    expect(await errorOf(urlA, resolve, { id })).toEqual({
      code: 'BAD_USER_INPUT',
      message: `alert ${id} is already resolved`,
    });
    expect(await errorOf(urlA, assign, { id, assignee: '李娜' })).toEqual({
      code: 'BAD_USER_INPUT',
      message: `alert ${id} is resolved`,
    });
    expect(await errorOf(urlA, reopen, { id: openId })).toEqual({
      code: 'BAD_USER_INPUT',
      message: `alert ${openId} is not resolved`,
    });
    expect(await errorOf(urlA, ack, { id: openId, note: '长'.repeat(2001) })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'a note is at most 2000 characters, got 2001',
    });
    expect(await errorOf(urlA, ack, { id: '987654321' })).toEqual({
      code: 'NOT_FOUND',
      message: 'no alert 987654321',
    });
    expect(await errorOf(urlA, ack, { id: 'abc' })).toEqual({
      code: 'NOT_FOUND',
      message: 'no alert abc',
    });
    const forged = await post(urlA, ack, { id: openId }, { authorization: 'Bearer x.y.z' });
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await logLines(dbA, 'alert', id)).toEqual([]);
    expect(await logLines(dbA, 'alert', openId)).toEqual([]);
    const [row] = await dbA.query<{ status: string }>('SELECT status FROM alert WHERE id = $1', [
      openId,
    ]);
    expect(row?.status).toBe('open');
  });

  it('reopens a resolved alert with a new escalation deadline from its rule', async () => {
    const id = await freshAlert('iot:aq-reopen', {
      status: 'resolved',
      acknowledged_at: new Date().toISOString(),
      acknowledged_by: '甲',
      resolved_at: new Date().toISOString(),
      resolved_by: '甲',
      next_escalation_at: null,
    });
    const { reopenAlert } = await query<{ reopenAlert: Record<string, unknown> }>(
      urlA,
      reopen,
      { id, note: '复燃' },
      asUser('乙'),
    );
    expect(reopenAlert).toEqual({
      id,
      status: 'open',
      acknowledgedBy: null,
      resolvedBy: null,
      resolvedAt: null,
    });
    const [row] = await dbA.query<{ minutes: number }>(
      `SELECT extract(epoch FROM next_escalation_at - now()) / 60 AS minutes FROM alert WHERE id = $1`,
      [id],
    );
    // air.pm25-heavy: acknowledge within 30 minutes.
    expect(row!.minutes).toBeGreaterThan(29);
    expect(row!.minutes).toBeLessThanOrEqual(30);
    expect(await logLines(dbA, 'alert', id)).toEqual([
      { actor: '乙', action: 'reopened', note: '复燃', detail: { from: 'resolved' } },
    ]);

    // Not while another alert of the same rule and subject is open.
    const older = await freshAlert('iot:aq-reopen', {
      status: 'resolved',
      resolved_at: new Date().toISOString(),
      resolved_by: 'system',
      next_escalation_at: null,
    });
    expect(await errorOf(urlA, reopen, { id: older })).toEqual({
      code: 'BAD_USER_INPUT',
      message: `alert ${older} cannot be reopened: alert ${id} is open for the same rule and subject`,
    });
    expect(await logLines(dbA, 'alert', older)).toEqual([]);
  });

  it('assigns an alert (the actor defaults to operator) and unassigns it', async () => {
    const id = await freshAlert('iot:aq-assign');
    expect(await query(urlA, assign, { id, assignee: ' 李娜 ', note: '交给网格员' })).toEqual({
      assignAlert: { id, assignee: '李娜' },
    });
    expect(await query(urlA, assign, { id, assignee: null })).toEqual({
      assignAlert: { id, assignee: null },
    });
    expect(await logLines(dbA, 'alert', id)).toEqual([
      {
        actor: 'operator',
        action: 'assigned',
        note: '交给网格员',
        detail: { from: null, to: '李娜' },
      },
      { actor: 'operator', action: 'assigned', note: null, detail: { from: '李娜', to: null } },
    ]);
  });

  it('keeps alert_log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await expect(dbA.query(`UPDATE alert_log SET actor = 'someone else'`)).rejects.toThrow(
      'alert_log is append-only',
    );
    await expect(dbA.query('DELETE FROM alert_log')).rejects.toThrow('alert_log is append-only');
    await expect(dbA.query('TRUNCATE alert_log')).rejects.toThrow('alert_log is append-only');
    const [count] = await dbA.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_log');
    expect(count!.n).toBeGreaterThan(0);
  });

  it('resolves an incident and, each with its own log line, its alerts not yet resolved', async () => {
    const now = new Date().toISOString();
    const incident = await insertIncident(dbA, {
      status: 'open',
      severity: 3,
      district: '411282',
      opened_at: now,
      last_activity_at: now,
    });
    const open = await freshAlert('iot:wl-01', { incident_id: incident });
    const acked = await freshAlert('iot:wl-02', {
      incident_id: incident,
      status: 'acknowledged',
      acknowledged_at: now,
      acknowledged_by: '甲',
      next_escalation_at: null,
    });
    const done = await freshAlert('iot:wl-03', {
      incident_id: incident,
      status: 'resolved',
      resolved_at: now,
      resolved_by: 'system',
      next_escalation_at: null,
    });
    const { resolveIncident } = await query<{ resolveIncident: Record<string, unknown> }>(
      urlA,
      `mutation ($id: ID!, $note: String) { resolveIncident(id: $id, note: $note) {
        id status resolvedBy alerts { id status resolvedBy } log { actor action note }
      } }`,
      { id: incident, note: '积水已排除' },
      asUser('张三'),
    );
    expect(resolveIncident).toEqual({
      id: incident,
      status: 'resolved',
      resolvedBy: '张三',
      alerts: [
        { id: open, status: 'resolved', resolvedBy: '张三' },
        { id: acked, status: 'resolved', resolvedBy: '张三' },
        { id: done, status: 'resolved', resolvedBy: 'system' },
      ],
      log: [{ actor: '张三', action: 'resolved', note: '积水已排除' }],
    });
    const note = `resolved with incident ${incident}`;
    expect(await logLines(dbA, 'alert', open)).toEqual([
      {
        actor: '张三',
        action: 'resolved',
        note,
        detail: { from: 'open', incident: Number(incident) },
      },
    ]);
    expect(await logLines(dbA, 'alert', acked)).toEqual([
      {
        actor: '张三',
        action: 'resolved',
        note,
        detail: { from: 'acknowledged', incident: Number(incident) },
      },
    ]);
    expect(await logLines(dbA, 'alert', done)).toEqual([]);
    expect(
      await errorOf(urlA, 'mutation ($id: ID!) { acknowledgeIncident(id: $id) { id } }', {
        id: incident,
      }),
    ).toEqual({ code: 'BAD_USER_INPUT', message: `incident ${incident} is resolved` });
    expect(await errorOf(urlA, 'mutation { resolveIncident(id: "77777") { id } }')).toEqual({
      code: 'NOT_FOUND',
      message: 'no incident 77777',
    });
  });

  it('handles incidents: acknowledge, assign, reopen, each logged', async () => {
    const now = new Date().toISOString();
    const incident = await insertIncident(dbA, {
      status: 'open',
      severity: 2,
      district: '411221',
      opened_at: now,
      last_activity_at: now,
    });
    const user = asUser('赵六');
    await query(
      urlA,
      'mutation ($id: ID!) { acknowledgeIncident(id: $id, note: "收到") { id } }',
      { id: incident },
      user,
    );
    await query(
      urlA,
      'mutation ($id: ID!) { assignIncident(id: $id, assignee: "渑池县应急局") { id } }',
      { id: incident },
      user,
    );
    await query(
      urlA,
      'mutation ($id: ID!) { resolveIncident(id: $id) { id } }',
      { id: incident },
      user,
    );
    const { reopenIncident } = await query<{ reopenIncident: Record<string, unknown> }>(
      urlA,
      `mutation ($id: ID!) { reopenIncident(id: $id, note: "再次发生") {
        status assignee acknowledgedBy resolvedBy log { actor action note }
      } }`,
      { id: incident },
      user,
    );
    expect(reopenIncident).toEqual({
      status: 'open',
      assignee: '渑池县应急局',
      acknowledgedBy: null,
      resolvedBy: null,
      log: [
        { actor: '赵六', action: 'acknowledged', note: '收到' },
        { actor: '赵六', action: 'assigned', note: null },
        { actor: '赵六', action: 'resolved', note: null },
        { actor: '赵六', action: 'reopened', note: '再次发生' },
      ],
    });
  });

  interface AlertChangeData {
    alertChanged: {
      action: string;
      alert: { id: string; severity: number; status: string; acknowledgedBy: string | null };
    };
  }
  const alertChanged = (args: string) =>
    `subscription { alertChanged${args} { action alert { id severity status acknowledgedBy } } }`;

  it('fans alert notifications out over graphql-ws from the database, by severity, through any gateway', async () => {
    const major = collect<AlertChangeData>(wsClient(urlA), alertChanged('(minSeverity: 3)'));
    const everything = collect<AlertChangeData>(wsClient(urlB), alertChanged(''));
    await expect.poll(() => gatewayA.subscriptions.alertChanged).toBe(1);
    await expect.poll(() => gatewayB.subscriptions.alertChanged).toBe(1);

    const s2 = await freshAlert('iot:sub-2', { rule_id: 'manhole.tilt', severity: 2 });
    const s3 = await freshAlert('iot:sub-3', { severity: 3 });
    const s4 = await freshAlert('video:sub-4', {
      rule_id: 'camera.fire-smoke',
      source: 'video',
      kind: 'camera_event',
      severity: 4,
    });
    const announce = (id: string, action: string) =>
      notifier.query(`SELECT pg_notify('twin_alert', $1)`, [JSON.stringify({ id, action })]);
    await announce(s2, 'opened');
    await announce(s3, 'opened');
    // Ingest sends bigint ids as JSON numbers.
    await notifier.query(`SELECT pg_notify('twin_alert', $1)`, [
      JSON.stringify({ id: Number(s4), action: 'opened' }),
    ]);
    // Through the other gateway: the subscriber on A hears it only through PostgreSQL.
    await query(urlB, ack, { id: s3, note: '收到' }, asUser('乙班'));
    await announce(s2, 'repeated');
    await notifier.query(`SELECT pg_notify('twin_alert', 'not json')`);
    await announce(s4, 'escalated');

    await expect.poll(() => major.received.at(-1)?.alertChanged.action).toBe('escalated');
    await expect.poll(() => everything.received.at(-1)?.alertChanged.action).toBe('escalated');
    const summary = (r: AlertChangeData) => [r.alertChanged.alert.id, r.alertChanged.action];
    expect(major.received.map(summary)).toEqual([
      [s3, 'opened'],
      [s4, 'opened'],
      [s3, 'acknowledged'],
      [s4, 'escalated'],
    ]);
    expect(major.received[2]!.alertChanged.alert).toMatchObject({
      severity: 3,
      status: 'acknowledged',
      acknowledgedBy: '乙班',
    });
    expect(everything.received.map(summary)).toEqual([
      [s2, 'opened'],
      [s3, 'opened'],
      [s4, 'opened'],
      [s3, 'acknowledged'],
      [s2, 'repeated'],
      [s4, 'escalated'],
    ]);
    expect(major.errors).toEqual([]);
    major.stop();
    everything.stop();
    await expect.poll(() => gatewayA.subscriptions.alertChanged).toBe(0);
    await expect.poll(() => gatewayB.subscriptions.alertChanged).toBe(0);
  });

  it("announces each alert an incident's resolution resolved", async () => {
    const watcher = collect<AlertChangeData>(wsClient(urlA), alertChanged(''));
    await expect.poll(() => gatewayA.subscriptions.alertChanged).toBe(1);
    const now = new Date().toISOString();
    const incident = await insertIncident(dbA, {
      status: 'open',
      severity: 3,
      district: '411281',
      opened_at: now,
      last_activity_at: now,
    });
    const first = await freshAlert('iot:inc-1', { incident_id: incident });
    const second = await freshAlert('iot:inc-2', { incident_id: incident });
    await query(urlB, 'mutation ($id: ID!) { resolveIncident(id: $id) { id } }', { id: incident });
    await expect.poll(() => watcher.received.length).toBe(2);
    expect(watcher.received.map((r) => r.alertChanged)).toEqual([
      { action: 'resolved', alert: expect.objectContaining({ id: first, status: 'resolved' }) },
      { action: 'resolved', alert: expect.objectContaining({ id: second, status: 'resolved' }) },
    ]);
    watcher.stop();
    await expect.poll(() => gatewayA.subscriptions.alertChanged).toBe(0);
  });

  it('answers a bad subscription argument with a coded error', async () => {
    const bad = collect<AlertChangeData>(wsClient(urlA), alertChanged('(minSeverity: 9)'));
    await expect.poll(() => bad.errors.length).toBe(1);
    expect(bad.errors[0]).toMatchObject({
      message: 'minSeverity must be between 1 and 4, got 9',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('sends liveEvents of the requested sources only', async () => {
    interface LiveData {
      liveEvents: {
        source: string;
        count: number;
        at: string;
        sample: {
          subject: string;
          type: string;
          lon: number | null;
          district: string | null;
          ts: string;
        }[];
      };
    }
    const video = collect<LiveData>(
      wsClient(urlA),
      'subscription { liveEvents(sources: [video]) { source count at sample { subject type lon lat district ts } } }',
    );
    await expect.poll(() => gatewayA.subscriptions.liveEvents).toBe(1);
    const batch = (source: string, count: number, sample: unknown[] = []) =>
      notifier.query(`SELECT pg_notify('twin_live', $1)`, [
        JSON.stringify({ source, count, at: '2026-03-01T08:00:00.000Z', sample }),
      ]);
    await batch('iot', 500);
    await batch('video', 3, [
      {
        subject: 'video:cam-07',
        type: 'fire_smoke',
        lon: 111.2,
        lat: 34.77,
        district: '411202',
        ts: '2026-03-01T07:59:58.000Z',
      },
      {
        subject: 'video:cam-08',
        type: 'crowd_gathering',
        lon: null,
        lat: null,
        district: null,
        ts: 1772351998000,
      },
    ]);
    await batch('hotline', 2);
    await notifier.query(`SELECT pg_notify('twin_live', '{"source":"video"}')`);
    await batch('video', 1);
    await expect.poll(() => video.received.length).toBe(2);
    expect(video.received).toEqual([
      {
        liveEvents: {
          source: 'video',
          count: 3,
          at: '2026-03-01T08:00:00.000Z',
          sample: [
            {
              subject: 'video:cam-07',
              type: 'fire_smoke',
              lon: 111.2,
              lat: 34.77,
              district: '411202',
              ts: '2026-03-01T07:59:58.000Z',
            },
            {
              subject: 'video:cam-08',
              type: 'crowd_gathering',
              lon: null,
              lat: null,
              district: null,
              ts: '2026-03-01T07:59:58.000Z',
            },
          ],
        },
      },
      { liveEvents: { source: 'video', count: 1, at: '2026-03-01T08:00:00.000Z', sample: [] } },
    ]);
    video.stop();
  });

  const listenerPids = async (application: string) =>
    (
      await notifier.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1 AND query = 'LISTEN "twin_alert"'`,
        [application],
      )
    ).map((r) => r.pid);

  it('listens again after losing its LISTEN connection, keeping its subscribers', async () => {
    const watcher = collect<AlertChangeData>(wsClient(urlA), alertChanged('(minSeverity: 1)'));
    await expect.poll(() => gatewayA.subscriptions.alertChanged).toBe(1);
    const [lost] = await listenerPids('gateway-a');
    expect(lost).toBeTypeOf('number');
    await notifier.query('SELECT pg_terminate_backend($1)', [lost]);

    const id = await freshAlert('iot:after-reconnect', { rule_id: 'manhole.open' });
    // Announced until heard: until the gateway listens again, announcements are lost.
    await expect
      .poll(
        async () => {
          await notifier.query(`SELECT pg_notify('twin_alert', $1)`, [
            JSON.stringify({ id, action: 'repeated' }),
          ]);
          return watcher.received.some((r) => r.alertChanged.alert.id === id);
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(true);
    const now = await listenerPids('gateway-a');
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(lost);
    expect(gatewayA.subscriptions.alertChanged).toBe(1);
    watcher.stop();
  });

  it('closes subscription sockets and the LISTEN connection when it stops', async () => {
    let closedWith: number | undefined;
    const client = createClient({
      url: `${urlB.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: defaultAuthorization },
      on: { closed: (event) => (closedWith = (event as { code: number }).code) },
    });
    clients.push(client);
    const live = collect<AlertChangeData>(client, alertChanged(''));
    await expect.poll(() => gatewayB.subscriptions.alertChanged).toBe(1);
    expect(await listenerPids('gateway-b')).toHaveLength(1);
    await gatewayB.stop();
    await expect.poll(() => closedWith).toBe(1001);
    expect(gatewayB.subscriptions.alertChanged).toBe(0);
    expect(live.errors.length + (live.completed ? 1 : 0)).toBeGreaterThan(0);
    expect(await listenerPids('gateway-b')).toEqual([]);
  });
});
