import { readFileSync } from 'node:fs';
import { createDb, migrate, type Db } from '@city-twin/db';
import {
  createGateway,
  PERSONAL_DATA_ROLES,
  personalFields,
  policy,
  type FieldAccess,
  type Gateway,
} from '@city-twin/gateway';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { screenToken, signIn } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';

// The role × operation matrix, generated from schema.graphql: every root query, mutation and
// subscription, for anonymous, a wall screen, a leader, a district leader, an operator and an
// admin, must answer as the policy table says — allowed, or refused with UNAUTHENTICATED /
// FORBIDDEN and no data — and no refusal and no masked answer may contain the canary
// personal data planted in the database.

const schema = buildSchema(
  readFileSync(new URL('../../packages/gateway/src/schema.graphql', import.meta.url), 'utf8'),
);

type Role = 'screen' | 'leader' | 'operator' | 'admin';
interface Actor {
  name: string;
  role: Role | null;
  districts: string[] | null;
  authorization?: string;
}

const HUBIN = '411202';
const SHANZHOU = '411203';
/** Personal data of a caller in the district leader's district … */
const CANARY_A = { name: '史女士', phone: '13812345678' };
/** … and of one outside it. */
const CANARY_B = { name: '欧阳金丝雀', phone: '13987654321' };
const CANARIES = [CANARY_A.name, CANARY_A.phone, CANARY_B.name, CANARY_B.phone];

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function ask(
  baseUrl: string,
  actor: Actor,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(actor.authorization ? { authorization: actor.authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

async function insertRow(db: Db, table: string, row: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(row);
  const [inserted] = await db.query<{ id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM jsonb_populate_record(null::${table}, $1::jsonb)
     RETURNING id::text AS id`,
    [JSON.stringify(row)],
  );
  return inserted!.id;
}

const allowed = (access: FieldAccess, actor: Actor) =>
  access === 'public' || (actor.role !== null && access.includes(actor.role));

/** The refusal `actor` must get from a field it may not use. */
const refusalFor = (actor: Actor) => (actor.role === null ? 'UNAUTHENTICATED' : 'FORBIDDEN');

describe('access matrix', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let gateway: Gateway;
  let url: string;
  const ids: Record<string, string> = {};
  const actors: Actor[] = [];
  const clients: Client[] = [];
  const passwords = new Map<string, { username: string; password: string }>();

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url });
    await migrate(db);

    const ticket = (id: string, district: string, caller: { name: string; phone: string }) =>
      insertRow(db, 'ticket', {
        id,
        status: 'dispatched',
        created_at: '2026-03-01T02:00:00Z',
        first_event_at: '2026-03-01T02:00:00Z',
        last_event_at: '2026-03-01T02:00:00Z',
        channel: 'phone',
        category: 'heating',
        urgency: 'normal',
        kind: 'complaint',
        summary: '暖气不热',
        district,
        caller_name: caller.name,
        caller_phone: caller.phone,
        event_count: 1,
      });
    ids.ticketA = await ticket('T-A', HUBIN, CANARY_A);
    ids.ticketB = await ticket('T-B', SHANZHOU, CANARY_B);
    for (const [ticketId, district, caller] of [
      ['T-A', HUBIN, CANARY_A],
      ['T-B', SHANZHOU, CANARY_B],
    ] as const) {
      await db.query(
        `INSERT INTO hotline_event (ts, event_id, ticket_id, action, district, payload)
         VALUES ('2026-03-01T02:00:00Z', $1, $2, 'created', $3, $4)`,
        [
          `created-${ticketId}`,
          ticketId,
          district,
          JSON.stringify({
            eventId: `created-${ticketId}`,
            ts: '2026-03-01T02:00:00Z',
            action: 'created',
            ticketId,
            channel: 'phone',
            summary: '暖气不热',
            caller,
          }),
        ],
      );
    }
    await insertRow(db, 'dead_letter', {
      topic: 'city/v1/hotline/ticket',
      reason: 'schema',
      detail: 'callerPhone: invalid',
      payload: JSON.stringify({ callerName: CANARY_B.name, callerPhone: CANARY_B.phone }),
    });
    const device = (id: string, district: string) =>
      insertRow(db, 'device', {
        id,
        type: 'air_quality',
        name: id,
        lon: 111.2,
        lat: 34.77,
        district,
        meta_ts: '2026-03-01T00:00:00Z',
        meta_event_id: `meta-${id}`,
      });
    ids.deviceA = await device('aq-hubin', HUBIN);
    ids.deviceB = await device('aq-shanzhou', SHANZHOU);
    const camera = (id: string, district: string) =>
      insertRow(db, 'camera', {
        id,
        name: id,
        lon: 111.2,
        lat: 34.77,
        district,
        meta_ts: '2026-03-01T00:00:00Z',
        meta_event_id: `meta-${id}`,
      });
    ids.cameraA = await camera('cam-hubin', HUBIN);
    ids.cameraB = await camera('cam-shanzhou', SHANZHOU);
    const incident = (district: string) =>
      insertRow(db, 'incident', {
        status: 'open',
        severity: 3,
        title: '事件',
        title_en: 'incident',
        district,
        opened_at: '2026-03-01T02:00:00Z',
        last_activity_at: '2026-03-01T02:00:00Z',
        explanation: '同区域',
        explanation_en: 'same district',
      });
    ids.incidentA = await incident(HUBIN);
    ids.incidentB = await incident(SHANZHOU);
    const alert = (subject: string, district: string, incidentId: string) =>
      insertRow(db, 'alert', {
        rule_id: 'air.pm25-heavy',
        subject,
        source: 'iot',
        kind: 'threshold',
        severity: 3,
        base_severity: 3,
        status: 'open',
        title: subject,
        title_en: subject,
        detail: { value: 160 },
        district,
        incident_id: incidentId,
        opened_at: '2026-03-01T02:00:00Z',
        last_seen_at: '2026-03-01T02:00:00Z',
      });
    ids.alertA = await alert('iot:aq-hubin', HUBIN, ids.incidentA);
    ids.alertB = await alert('iot:aq-shanzhou', SHANZHOU, ids.incidentB);

    gateway = createGateway({ db, port: 0, log: () => undefined });
    url = await gateway.start();

    actors.push({ name: 'anonymous', role: null, districts: null });
    const screen = await screenToken(db, { name: 'matrix-wall' });
    actors.push({
      name: 'screen',
      role: 'screen',
      districts: null,
      authorization: screen.authorization,
    });
    for (const [name, role, districts] of [
      ['leader', 'leader', null],
      ['district leader', 'leader', [HUBIN]],
      ['operator', 'operator', null],
      ['admin', 'admin', null],
    ] as const) {
      const user = await signIn(db, role, districts ? { districts: [...districts] } : {});
      passwords.set(name, { username: user.username, password: 'test-password-1' });
      actors.push({
        name,
        role,
        districts: districts ? [...districts] : null,
        authorization: user.authorization,
      });
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  /** A sample value for a required argument: ids of planted rows in the leader's district. */
  function sample(
    type: GraphQLInputType,
    arg: GraphQLArgument,
    field: GraphQLField<unknown, unknown>,
    actor: Actor,
  ): unknown {
    const nullable = getNullableType(type);
    if (isListType(nullable)) return [sample(nullable.ofType, arg, field, actor)];
    if (isEnumType(nullable)) return nullable.getValues()[0]?.value;
    if (isInputObjectType(nullable)) {
      const value: Record<string, unknown> = {};
      for (const inner of Object.values(nullable.getFields())) {
        if (isNonNullType(inner.type) && inner.defaultValue === undefined) {
          value[inner.name] = sample(inner.type, inner as unknown as GraphQLArgument, field, actor);
        }
      }
      return value;
    }
    const returned = getNamedType(field.type).name;
    if (field.name === 'login') {
      const own = passwords.get(actor.name) ?? passwords.get('admin')!;
      return arg.name === 'username' ? own.username : own.password;
    }
    switch (nullable.name) {
      case 'ID': {
        if (arg.name === 'unitId') return 'u-none';
        const byType: Record<string, string | undefined> = {
          Ticket: ids.ticketA,
          Alert: ids.alertA,
          Incident: ids.incidentA,
          Device: ids.deviceA,
          Camera: ids.cameraA,
        };
        return byType[returned] ?? 'matrix-id';
      }
      case 'LocalDate':
        return '2026-03-01';
      case 'DateTime':
        return arg.name === 'to' ? '2026-03-02T00:00:00Z' : '2026-03-01T00:00:00Z';
      case 'Int':
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'JSON':
        return {};
      default:
        return arg.name === 'district' ? HUBIN : 'matrix';
    }
  }

  /** The operation that calls one root field with its required arguments. */
  function operationFor(
    kind: 'query' | 'mutation' | 'subscription',
    field: GraphQLField<unknown, unknown>,
    actor: Actor,
  ) {
    const required = field.args.filter(
      (arg) => isNonNullType(arg.type) && arg.defaultValue === undefined,
    );
    const variables = Object.fromEntries(
      required.map((arg) => [arg.name, sample(arg.type, arg, field, actor)]),
    );
    const declared = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
    const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
    const query = `${kind} Matrix${declared ? `(${declared})` : ''} { ${field.name}${
      passed ? `(${passed})` : ''
    }${selection} }`;
    return { query, variables };
  }

  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;

  it('lists every root field of the schema in the policy table, and nothing else', () => {
    for (const [root, type] of [
      ['Query', schema.getQueryType()],
      ['Mutation', schema.getMutationType()],
      ['Subscription', schema.getSubscriptionType()],
    ] as const) {
      const fields = Object.keys(type?.getFields() ?? {}).sort();
      expect(
        Object.keys(policy[root])
          .filter((name) => fields.includes(name))
          .sort(),
      ).toEqual(fields);
    }
  });

  it('has a policy table that keeps to the roles of DESIGN.md §6', () => {
    const everyone = ['screen', 'leader', 'operator', 'admin'];
    for (const [root, entries] of Object.entries(policy)) {
      for (const [field, access] of Object.entries(entries as Record<string, FieldAccess>)) {
        const where = `${root}.${field}`;
        // Only login answers without a token.
        expect(access === 'public', where).toBe(where === 'Mutation.login');
        if (access === 'public') continue;
        // Admins may do everything; screens and leaders change nothing.
        expect(access, where).toContain('admin');
        if (root === 'Mutation') {
          expect(access, where).not.toContain('screen');
          expect(access, where).not.toContain('leader');
        }
        if (root === 'Subscription')
          expect([...access].sort(), where).toEqual([...everyone].sort());
      }
    }
    // Raw inputs carry personal data; who changed the rules is not for wall screens.
    expect(policy.Query.deadLetters).toEqual(['operator', 'admin']);
    expect(policy.Query.alertRuleHistory).not.toContain('screen');
    expect(policy.Mutation.saveAlertRule).toEqual(['admin']);
    expect(policy.Mutation.acknowledgeAlert).toEqual(['operator', 'admin']);
  });

  it('answers every root query and mutation over HTTP as the policy table says', async () => {
    const mismatches: string[] = [];
    let refusals = 0;
    let answered = 0;
    for (const actor of actors) {
      for (const [kind, type] of roots) {
        const entries = policy[kind === 'query' ? 'Query' : 'Mutation'] as Record<
          string,
          FieldAccess
        >;
        for (const field of Object.values(type!.getFields())) {
          const access = entries[field.name]!;
          const { query, variables } = operationFor(kind, field, actor);
          const answer = await ask(url, actor, query, variables);
          const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
          const text = JSON.stringify(answer);
          const where = `${actor.name} ${kind} ${field.name}`;
          if (allowed(access, actor)) {
            answered += 1;
            if (codes.includes('UNAUTHENTICATED') || codes.includes('FORBIDDEN')) {
              mismatches.push(`${where}: refused (${codes.join(',')}) but allowed`);
            }
          } else {
            refusals += 1;
            if (codes.length !== 1 || codes[0] !== refusalFor(actor)) {
              mismatches.push(`${where}: expected ${refusalFor(actor)}, got ${text.slice(0, 200)}`);
            }
            const value = answer.data?.[field.name];
            if (value !== undefined && value !== null)
              mismatches.push(`${where}: data in a refusal`);
            for (const canary of CANARIES) {
              if (text.includes(canary)) mismatches.push(`${where}: canary ${canary} in a refusal`);
            }
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The matrix really refused and really answered (anonymous alone is refused all but login).
    expect(refusals).toBeGreaterThan(Object.keys(policy.Query).length);
    expect(answered).toBeGreaterThan(Object.keys(policy.Query).length);
  });

  it('answers every root subscription over graphql-ws as the policy table says', async () => {
    const subscriptionType = schema.getSubscriptionType()!;
    const count = (field: string) => (gateway.subscriptions as Record<string, number>)[field] ?? 0;
    for (const actor of actors) {
      for (const field of Object.values(subscriptionType.getFields())) {
        const access = policy.Subscription[field.name as keyof typeof policy.Subscription];
        const { query, variables } = operationFor('subscription', field, actor);
        let closed: number | undefined;
        const client = createClient({
          url: `${url.replace(/^http/, 'ws')}/graphql`,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          connectionParams: actor.authorization ? { authorization: actor.authorization } : {},
          on: { closed: (event) => (closed = (event as { code: number }).code) },
        });
        clients.push(client);
        const errors: { extensions?: { code?: string } }[] = [];
        let failed = false;
        const before = count(field.name);
        const stop = client.subscribe(
          { query, variables },
          {
            next: (result) => errors.push(...((result.errors ?? []) as unknown as typeof errors)),
            error: () => (failed = true),
            complete: () => undefined,
          },
        );
        const where = `${actor.name} subscription ${field.name}`;
        if (actor.role === null) {
          // Nobody anonymous holds a socket: refused at connection_init.
          await expect.poll(() => closed, { message: where }).toBe(4403);
          await expect.poll(() => failed, { message: where }).toBe(true);
        } else if (allowed(access, actor)) {
          await expect.poll(() => count(field.name), { message: where }).toBe(before + 1);
          expect(errors, where).toEqual([]);
        } else {
          await expect
            .poll(() => errors.map((e) => e.extensions?.code), { message: where })
            .toEqual(['FORBIDDEN']);
        }
        stop();
        await client.dispose();
        await expect.poll(() => count(field.name), { message: where }).toBe(before);
      }
    }
  });

  it('masks every personal-data field for all but operators and admins', async () => {
    // Every personal-data field of the policy is asked below: fail when one is added unasked.
    expect(personalFields).toEqual({
      Ticket: { callerName: 'name', callerPhone: 'phone' },
      TicketEvent: { detail: 'caller' },
    });
    const fields = 'callerName callerPhone';
    for (const actor of actors) {
      const one = await ask(url, actor, `query ($id: ID!) { ticket(id: $id) { ${fields} } }`, {
        id: ids.ticketA,
      });
      const events = await ask(
        url,
        actor,
        `query ($id: ID!) { ticket(id: $id) { events { action detail } } }`,
        { id: ids.ticketA },
      );
      const list = await ask(url, actor, `{ tickets { edges { node { id ${fields} } } } }`);
      if (actor.role === null) {
        for (const answer of [one, list, events]) {
          expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
          expect(JSON.stringify(answer)).not.toMatch(/13812345678|史女士|欧阳|13987654321/);
        }
        continue;
      }
      const reads = (PERSONAL_DATA_ROLES as readonly string[]).includes(actor.role);
      expect(one.data?.ticket, actor.name).toEqual(
        reads
          ? { callerName: CANARY_A.name, callerPhone: CANARY_A.phone }
          : { callerName: '史**', callerPhone: '138****5678' },
      );
      // The created action as sent carries the caller too.
      expect(events.data?.ticket, actor.name).toEqual({
        events: [
          {
            action: 'created',
            detail: {
              channel: 'phone',
              summary: '暖气不热',
              caller: reads ? CANARY_A : { name: '史**', phone: '138****5678' },
            },
          },
        ],
      });
      const nodes = (list.data?.tickets as { edges: { node: Record<string, string> }[] }).edges.map(
        (edge) => edge.node,
      );
      const expected = [
        {
          id: 'T-B',
          callerName: CANARY_B.name,
          callerPhone: CANARY_B.phone,
          masked: ['欧****', '139****4321'],
        },
        {
          id: 'T-A',
          callerName: CANARY_A.name,
          callerPhone: CANARY_A.phone,
          masked: ['史**', '138****5678'],
        },
      ]
        .filter((t) => actor.districts === null || t.id === 'T-A')
        .map(({ masked, ...t }) =>
          reads ? t : { id: t.id, callerName: masked[0], callerPhone: masked[1] },
        );
      expect(nodes, actor.name).toEqual(expected);
      if (!reads) {
        for (const answer of [one, list, events]) {
          for (const canary of CANARIES) expect(JSON.stringify(answer)).not.toContain(canary);
        }
      }
    }
  });

  it('keeps a district leader to their district: lists narrowed, other districts refused', async () => {
    const leader = actors.find((a) => a.name === 'district leader')!;
    const lists = await ask(
      url,
      leader,
      `{ devices { id } cameras { id } alerts { edges { node { id district } } }
         incidents { edges { node { id district alerts { id } } } } }`,
    );
    expect(lists.errors).toBeUndefined();
    expect(lists.data).toEqual({
      devices: [{ id: ids.deviceA }],
      cameras: [{ id: ids.cameraA }],
      alerts: { edges: [{ node: { id: ids.alertA, district: HUBIN } }] },
      incidents: {
        edges: [{ node: { id: ids.incidentA, district: HUBIN, alerts: [{ id: ids.alertA }] } }],
      },
    });
    const refused = [
      [`query ($id: ID!) { ticket(id: $id) { id summary callerName } }`, { id: ids.ticketB }],
      [`query ($id: ID!) { alert(id: $id) { id title } }`, { id: ids.alertB }],
      [`query ($id: ID!) { incident(id: $id) { id } }`, { id: ids.incidentB }],
      [`query ($id: ID!) { device(id: $id) { id } }`, { id: ids.deviceB }],
      [`query ($id: ID!) { camera(id: $id) { id } }`, { id: ids.cameraB }],
      [`{ tickets(filter: { district: "${SHANZHOU}" }) { edges { node { id } } } }`, {}],
      [`{ alerts(district: "${SHANZHOU}") { edges { node { id } } } }`, {}],
      [`{ devices(district: "${SHANZHOU}") { id } }`, {}],
    ] as const;
    for (const [query, variables] of refused) {
      const answer = await ask(url, leader, query, variables);
      expect(
        answer.errors?.map((e) => e.extensions?.code),
        query,
      ).toEqual(['FORBIDDEN']);
      const text = JSON.stringify(answer);
      for (const secret of [...CANARIES, 'T-B', 'aq-shanzhou', 'cam-shanzhou', 'iot:aq-shanzhou']) {
        expect(text, query).not.toContain(secret);
      }
    }
    // A leader of two districts lists rows of both without naming one, but an aggregate
    // (figures over every district) needs a district named.
    const twoDistricts = await signIn(db, 'leader', { districts: [HUBIN, '411282'] });
    const two: Actor = {
      name: 'two-district leader',
      role: 'leader',
      districts: [HUBIN, '411282'],
      ...twoDistricts,
    };
    const rows = await ask(
      url,
      two,
      `{ tickets { edges { node { id } } } devices { id } alerts { edges { node { id } } } }`,
    );
    expect(rows.errors).toBeUndefined();
    expect(rows.data).toEqual({
      tickets: { edges: [{ node: { id: 'T-A' } }] },
      devices: [{ id: ids.deviceA }],
      alerts: { edges: [{ node: { id: ids.alertA } }] },
    });
    const stats = `query ($d: String) { hotlineStats(from: "2026-03-01", to: "2026-03-01", district: $d) { accepted } }`;
    expect((await ask(url, two, stats)).errors?.map((e) => e.extensions?.code)).toEqual([
      'FORBIDDEN',
    ]);
    expect((await ask(url, two, stats, { d: HUBIN })).errors).toBeUndefined();
    expect(
      (await ask(url, two, stats, { d: SHANZHOU })).errors?.map((e) => e.extensions?.code),
    ).toEqual(['FORBIDDEN']);

    // An operator of one district cannot act on another district's alert either.
    const districtOperator = await signIn(db, 'operator', { districts: [HUBIN] });
    const ack = await ask(
      url,
      { name: 'district operator', role: 'operator', districts: [HUBIN], ...districtOperator },
      `mutation ($id: ID!) { acknowledgeAlert(id: $id, note: "越权") { id status } }`,
      { id: ids.alertB },
    );
    expect(ack.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const [row] = await db.query<{ status: string }>('SELECT status FROM alert WHERE id = $1', [
      ids.alertB,
    ]);
    expect(row?.status).toBe('open');
  });
});
