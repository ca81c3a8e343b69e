import { createScreen, createUser, issueSession } from '@city-twin/access';
import { defaultAlertRules, type AlertRule } from '@city-twin/alerts';
import { iotMetaTopic, iotTelemetryTopic } from '@city-twin/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIngestStack } from '../support/ingest-stack.ts';
import { publishAll, type Message } from '../support/publish.ts';

const MINUTE = 60_000;
const HUBIN = { lon: 111.2, lat: 34.77 }; // 411202
const ADMIN = '规则管理员 Li';

type Stack = Awaited<ReturnType<typeof startIngestStack>>;

interface GraphQLReply<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

interface VersionResult {
  version: number;
  createdBy: string;
  createdAt: string;
  note: string;
  action: string;
  ruleId: string | null;
  changes: { ruleId: string; change: string; before: AlertRule | null; after: AlertRule | null }[];
  rules: { id: string }[];
}

const versionFields = `version createdBy createdAt note action ruleId
  changes { ruleId change before after } rules { id }`;

const msg = (topic: string, body: Record<string, unknown>, retain = false): Message => ({
  topic,
  payload: JSON.stringify(body),
  retain,
});

const shippedRule = (id: string): AlertRule => {
  const rule = defaultAlertRules.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no shipped rule ${id}`);
  return structuredClone(rule);
};

describe('alert rules edited through the API', () => {
  let stack: Stack;
  let adminToken = '';
  const tokens: Record<'operator' | 'leader' | 'screen', string> = {
    operator: '',
    leader: '',
    screen: '',
  };
  let clock = Date.now() - 30 * MINUTE;
  const nextTs = () => (clock += MINUTE);

  async function post<T>(
    query: string,
    variables: Record<string, unknown> = {},
    token: string = adminToken,
  ) {
    const response = await fetch(`${stack.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLReply<T>;
  }
  async function data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const reply = await post<T>(query, variables);
    if (reply.errors?.length) throw new Error(reply.errors.map((e) => e.message).join('; '));
    return reply.data!;
  }
  const saveRule = (rule: unknown, note: string) =>
    post<{ saveAlertRule: VersionResult }>(
      `mutation ($rule: JSON!, $note: String!) { saveAlertRule(rule: $rule, note: $note) { ${versionFields} } }`,
      { rule, note },
    );
  const deleteRule = (id: string, note: string) =>
    post<{ deleteAlertRule: VersionResult }>(
      `mutation ($id: ID!, $note: String!) { deleteAlertRule(id: $id, note: $note) { ${versionFields} } }`,
      { id, note },
    );
  const history = async (first = 20) =>
    (
      await data<{ alertRuleHistory: VersionResult[] }>(
        `query ($first: Int) { alertRuleHistory(first: $first) { ${versionFields} } }`,
        { first },
      )
    ).alertRuleHistory;
  const storedVersions = async () =>
    (await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alert_rule_set'))[0]!.n;
  const openAlerts = (ruleId: string, subject: string) =>
    stack.db.query<{ id: string }>(
      `SELECT id::text FROM alert WHERE rule_id = $1 AND subject = $2 AND status <> 'resolved'`,
      [ruleId, subject],
    );

  /** Publishes one reading and waits until its batch committed (rules ran in the same transaction). */
  async function reading(deviceId: string, metrics: Record<string, number>): Promise<void> {
    const ts = nextTs();
    await publishAll(stack.broker.url, [
      msg(iotTelemetryTopic(deviceId), { eventId: `${deviceId}:${ts}`, ts, metrics }),
    ]);
    await expect
      .poll(
        async () =>
          (
            await stack.db.query<{ ts: Date | null }>(
              'SELECT latest_ts AS ts FROM device WHERE id = $1',
              [deviceId],
            )
          )[0]?.ts?.getTime() ?? 0,
        { timeout: 20_000, interval: 100 },
      )
      .toBeGreaterThanOrEqual(ts);
  }

  beforeAll(async () => {
    stack = await startIngestStack('rules-api-ingest');
    const admin = await createUser(stack.db, {
      username: 'rules-admin',
      password: 'rules-admin-password-1',
      role: 'admin',
      displayName: ADMIN,
    });
    adminToken = (await issueSession(stack.db, admin)).token;
    for (const role of ['operator', 'leader'] as const) {
      const user = await createUser(stack.db, {
        username: `rules-${role}`,
        password: `rules-${role}-password-1`,
        role,
      });
      tokens[role] = (await issueSession(stack.db, user)).token;
    }
    tokens.screen = (await createScreen(stack.db, { name: 'rules-wall' })).token;
    const meta = (id: string, type: string, name: string) =>
      msg(
        iotMetaTopic(id),
        { eventId: `${id}:m`, ts: Date.now() - 60 * MINUTE, type, name, ...HUBIN },
        true,
      );
    await publishAll(stack.broker.url, [
      meta('rq-aq-1', 'air_quality', '湖滨区规则测试站'),
      meta('rq-mh-1', 'manhole', '湖滨区井盖一号'),
      meta('rq-mh-2', 'manhole', '湖滨区井盖二号'),
    ]);
    // expect.poll works only inside a test.
    for (let i = 0; ; i++) {
      const [row] = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM device');
      if (row!.n === 3) break;
      if (i > 200) throw new Error(`3 devices expected, ${row!.n} stored`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('starts from the rules file, seeded as version 1 by ingest', async () => {
    const [seed, ...older] = await history();
    expect(older).toEqual([]);
    expect(seed).toMatchObject({ version: 1, createdBy: 'system', action: 'seeded', ruleId: null });
    expect(seed!.rules.map((r) => r.id)).toEqual(defaultAlertRules.rules.map((r) => r.id));
    const { alertRules } = await data<{ alertRules: { id: string }[] }>('{ alertRules { id } }');
    expect(alertRules.map((r) => r.id)).toEqual(defaultAlertRules.rules.map((r) => r.id));
  });

  it('applies a lowered threshold from the next batch', async () => {
    // Under the shipped rule (> 150 µg/m³ for 10 minutes) neither reading would raise anything.
    await reading('rq-aq-1', { pm25: 120 });
    expect(await openAlerts('air.pm25-heavy', 'iot:rq-aq-1')).toHaveLength(0);

    const lowered = { ...shippedRule('air.pm25-heavy'), value: 100, clearValue: 80, forMinutes: 0 };
    const saved = await saveRule(lowered, 'winter haze plan: warn from 100 µg/m³ at once');
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveAlertRule).toMatchObject({
      version: 2,
      createdBy: ADMIN,
      action: 'saved',
      ruleId: 'air.pm25-heavy',
      note: 'winter haze plan: warn from 100 µg/m³ at once',
    });

    await reading('rq-aq-1', { pm25: 125 });
    const [opened] = await openAlerts('air.pm25-heavy', 'iot:rq-aq-1');
    expect(opened).toBeDefined();

    // The alert shows the rule in force, not the file's.
    const { alert } = await data<{ alert: { rule: { config: { value: number } } | null } }>(
      'query ($id: ID!) { alert(id: $id) { rule { config } } }',
      { id: opened!.id },
    );
    expect(alert.rule?.config.value).toBe(100);
  });

  it('stops a deleted rule', async () => {
    await reading('rq-mh-1', { open: 1, tilt_deg: 1 });
    expect(await openAlerts('manhole.open', 'iot:rq-mh-1')).toHaveLength(1);

    const deleted = await deleteRule('manhole.open', 'covers replaced by locking ones');
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.deleteAlertRule).toMatchObject({
      version: 3,
      action: 'deleted',
      ruleId: 'manhole.open',
    });
    expect(deleted.data!.deleteAlertRule.rules.map((r) => r.id)).not.toContain('manhole.open');

    await reading('rq-mh-2', { open: 1, tilt_deg: 1 });
    expect(await openAlerts('manhole.open', 'iot:rq-mh-2')).toHaveLength(0);
    const { alertRules } = await data<{ alertRules: { id: string }[] }>('{ alertRules { id } }');
    expect(alertRules.map((r) => r.id)).not.toContain('manhole.open');
  });

  it('refuses invalid edits with the reason and writes nothing', async () => {
    const before = await storedVersions();
    const pm25 = shippedRule('air.pm25-heavy');
    const cases: { rule: unknown; reason: RegExp }[] = [
      { rule: { ...pm25, kind: 'sometimes' }, reason: /discriminator|kind/ },
      { rule: { ...pm25, forMinutes: -5 }, reason: /forMinutes/ },
      { rule: { ...pm25, metric: 'pm1' }, reason: /pm1 is not a metric of air_quality/ },
      { rule: { ...pm25, clearValue: 200 }, reason: /clearValue/ },
      { rule: 'pm25 > 100', reason: /a rule is a JSON object/ },
      { rule: [pm25], reason: /a rule is a JSON object/ },
      { rule: { id: 'air.pm25-heavy', kind: 'threshold' }, reason: /name|severity|metric/ },
      { rule: { ...pm25, surprise: true }, reason: /surprise/ },
    ];
    for (const { rule, reason } of cases) {
      const reply = await saveRule(rule, 'should be refused');
      expect(reply.data ?? null).toBeNull();
      expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(reply.errors?.[0]?.message).toMatch(reason);
    }
    const noNote = await saveRule(pm25, '   ');
    expect(noNote.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await deleteRule('no.such-rule', 'tidy up');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    expect(await storedVersions()).toBe(before);
    expect((await history(1))[0]!.version).toBe(3);
  });

  it('lists who changed what, when and why', async () => {
    const versions = await history();
    expect(versions.map((v) => [v.version, v.action, v.createdBy])).toEqual([
      [3, 'deleted', ADMIN],
      [2, 'saved', ADMIN],
      [1, 'seeded', 'system'],
    ]);
    const [deleted, saved] = versions;
    expect(deleted!.note).toBe('covers replaced by locking ones');
    expect(deleted!.changes).toEqual([
      expect.objectContaining({ ruleId: 'manhole.open', change: 'removed', after: null }),
    ]);
    expect(saved!.changes).toHaveLength(1);
    expect(saved!.changes[0]).toMatchObject({
      ruleId: 'air.pm25-heavy',
      change: 'changed',
      before: { value: 150, forMinutes: 10 },
      after: { value: 100, forMinutes: 0 },
    });
    for (const v of versions) expect(Number.isNaN(Date.parse(v.createdAt))).toBe(false);
    expect(Date.parse(deleted!.createdAt)).toBeGreaterThanOrEqual(Date.parse(saved!.createdAt));

    // A new rule is added at the end.
    const added = await saveRule(
      { ...shippedRule('manhole.open'), id: 'manhole.open-lhb', severity: 4 },
      'a stricter rule for the old town',
    );
    expect(added.data!.saveAlertRule.changes).toEqual([
      expect.objectContaining({ ruleId: 'manhole.open-lhb', change: 'added', before: null }),
    ]);
    expect(added.data!.saveAlertRule.rules.at(-1)?.id).toBe('manhole.open-lhb');
  });

  it('lets only an admin edit; people read the history; every role reads the rules', async () => {
    const before = await storedVersions();
    const pm25 = shippedRule('air.pm25-heavy');
    for (const token of Object.values(tokens)) {
      const saved = await post(
        'mutation ($rule: JSON!) { saveAlertRule(rule: $rule, note: "mine now") { version } }',
        { rule: pm25 },
        token,
      );
      expect(saved.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const deleted = await post(
        'mutation { deleteAlertRule(id: "camera.crowd", note: "too noisy") { version } }',
        {},
        token,
      );
      expect(deleted.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const rules = await post<{ alertRules: { id: string }[] }>(
        '{ alertRules { id } }',
        {},
        token,
      );
      expect(rules.data?.alertRules.map((r) => r.id)).toContain('manhole.open-lhb');
    }
    for (const token of [tokens.operator, tokens.leader]) {
      const reply = await post<{ alertRuleHistory: { version: number }[] }>(
        '{ alertRuleHistory(first: 1) { version } }',
        {},
        token,
      );
      expect(reply.data?.alertRuleHistory).toEqual([{ version: before }]);
    }
    const screen = await post('{ alertRuleHistory { version } }', {}, tokens.screen);
    expect(screen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await storedVersions()).toBe(before);
  });

  it('keeps every version: the table refuses updates and deletes', async () => {
    await expect(stack.db.query(`UPDATE alert_rule_set SET note = 'rewritten'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(stack.db.query('DELETE FROM alert_rule_set')).rejects.toThrow(/append-only/);
    expect(await storedVersions()).toBe(4);
  });
});
