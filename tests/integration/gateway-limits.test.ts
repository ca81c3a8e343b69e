import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDb, migrate, type Db } from '@city-twin/db';
import { createGateway, type Gateway } from '@city-twin/gateway';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signIn } from '../support/access.ts';
import { createTestDatabase } from '../support/database.ts';

// GraphQL hardening against the real gateway on a test database: operation limits over HTTP and
// over graphql-ws refuse before any resolver runs (proved with operator mutations that would
// change an alert, and a subscription that would be counted), introspection and suggestions
// only in development, CSRF prevention, no batching, masked unexpected errors, a per-caller
// rate limit, and the WebSocket Origin check.

interface GqlError {
  message: string;
  extensions?: { code?: string };
}
interface Answer {
  status: number;
  headers: Headers;
  text: string;
  data?: Record<string, unknown> | null;
  errors?: GqlError[];
}

/** The default limits, stated so that the queries below sit exactly on or over them. */
const limits = { maxDepth: 10, maxAliases: 15, maxCost: 5000, maxTokens: 1000, maxDirectives: 20 };

async function post(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: GqlError[] };
  return { status: response.status, headers: response.headers, text, ...parsed };
}

/**
 * A selection `levels` fields deep on its deepest path: `root`, then `chain` fields in turn
 * (alert → incident → alerts → …), ending in `id`; `extra` scalars beside each nested field.
 */
function nested(root: string, chain: string[], levels: number, extra = ''): string {
  let inner = 'id';
  for (let level = levels - 1; level >= 2; level--) {
    inner = `${chain[(level - 2) % chain.length]} { ${extra} ${inner} }`;
  }
  return `${root} { ${extra} ${inner} }`;
}

const alertChain = ['incident', 'alerts'];
/** From a subscription's AlertChange: its alert, then incident → alerts → … */
const changeChain = [
  'alert',
  ...Array.from({ length: 12 }, (_, index) => (index % 2 ? 'alerts' : 'incident')),
];
/** Scalars both Alert and Incident have. */
const sharedScalars = 'status severity title titleEn openedAt district lon lat';

/** An alert row (with its incident) as ingest would have raised it. */
async function insertAlert(db: Db, incidentId: string, subject: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO alert (rule_id, subject, source, kind, severity, base_severity, status, title,
       title_en, detail, opened_at, last_seen_at, district, incident_id)
     VALUES ('air.pm25-heavy', $1, 'iot', 'threshold', 3, 3, 'open', '告警 ' || $1, 'alert ' || $1,
       '{}', now(), now(), '411202', $2::bigint)
     RETURNING id::text AS id`,
    [subject, incidentId],
  );
  return row!.id;
}

/**
 * Every GraphQL document the UI sends: the `query` of each exported operation of its
 * `*-operations.ts` modules, and of each alert and incident action built by `to…Mutation`.
 */
async function uiOperations(): Promise<{ name: string; query: string }[]> {
  const root = fileURLToPath(new URL('../../packages/twin-ui/src/', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('-operations.ts'),
  );
  const operations: { name: string; query: string }[] = [];
  const collect = (name: string, value: unknown) => {
    const query = (value as { query?: unknown } | null)?.query;
    if (typeof query === 'string') operations.push({ name, query });
  };
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(root, file)).href)) as Record<
      string,
      unknown
    >;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === 'function' && /^to\w+Mutation$/.test(name)) {
        for (const action of ['acknowledge', 'resolve', 'reopen', 'assign']) {
          collect(`${name}(${action})`, (value as (action: string) => unknown)(action));
        }
      } else {
        collect(name, value);
      }
    }
  }
  return operations;
}

describe('GraphQL hardening', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let production: Gateway;
  let development: Gateway;
  let limited: Gateway;
  let prodUrl: string;
  let devUrl: string;
  let limitedUrl: string;
  let operator: { authorization: string };
  let alertA: string;
  let alertB: string;
  const clients: Client[] = [];

  const wsUrl = (baseUrl: string) => `${baseUrl.replace(/^http/, 'ws')}/graphql`;
  const wsClient = (baseUrl: string, authorization = operator.authorization) => {
    const client = createClient({
      url: wsUrl(baseUrl),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization },
    });
    clients.push(client);
    return client;
  };
  /** One operation over graphql-ws: its result, or the errors of its `error` message. */
  const overWs = (client: Client, query: string) =>
    new Promise<{ data?: unknown; errors?: readonly GqlError[] }>((resolve, reject) => {
      let result: { data?: unknown; errors?: readonly GqlError[] } = {};
      client.subscribe(
        { query },
        {
          next: (value) => (result = value as typeof result),
          error: (error) =>
            Array.isArray(error)
              ? resolve({ errors: error as GqlError[] })
              : reject(error as Error),
          complete: () => resolve(result),
        },
      );
    });
  const auth = () => ({ authorization: operator.authorization });
  const alertState = async (id: string) => {
    const [row] = await db.query<{ status: string; logs: number }>(
      `SELECT status, (SELECT count(*)::int FROM alert_log WHERE entity = 'alert' AND entity_id = $1::bigint) AS logs
       FROM alert WHERE id = $1::bigint`,
      [id],
    );
    return row;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ connectionString: database.url, onError: () => undefined });
    await migrate(db);
    const [incident] = await db.query<{ id: string }>(
      `INSERT INTO incident (status, severity, title, title_en, district, opened_at, last_activity_at,
         explanation, explanation_en)
       VALUES ('open', 3, '事件', 'incident', '411202', now(), now(), '同区域', 'same district')
       RETURNING id::text AS id`,
    );
    alertA = await insertAlert(db, incident!.id, 'iot:aq-a');
    alertB = await insertAlert(db, incident!.id, 'iot:aq-b');
    operator = await signIn(db, 'operator');
    const quiet = () => undefined;
    const security = {
      ...limits,
      rateLimitPerMinute: 0,
      allowedOrigins: ['https://wall.example.org'],
    };
    production = createGateway({ db, port: 0, log: quiet, security });
    development = createGateway({ db, port: 0, log: quiet, development: true, security });
    limited = createGateway({
      db,
      port: 0,
      log: quiet,
      security: { ...limits, rateLimitPerMinute: 3 },
    });
    [prodUrl, devUrl, limitedUrl] = await Promise.all([
      production.start(),
      development.start(),
      limited.start(),
    ]);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await Promise.all([production?.stop(), development?.stop(), limited?.stop()]);
    await db?.close();
    await database?.drop();
  });

  /** Mutations on alert A, one over each limit; none may acknowledge it. */
  const overLimits = () => {
    const acknowledge = `acknowledgeAlert(id: "${alertA}", note: "over the limit")`;
    return {
      depth: `mutation { ${nested(acknowledge, alertChain, limits.maxDepth + 1)} }`,
      aliases: `mutation { ${Array.from(
        { length: limits.maxAliases + 1 },
        (_, index) => `a${index}: ${acknowledge} { id }`,
      ).join(' ')} }`,
      // Six aliased wide selections within the depth, alias and token limits: only the cost is over.
      cost: `mutation { ${[1, 2, 3, 4, 5, 6]
        .map(
          (index) =>
            `c${index}: ${nested(acknowledge, alertChain, limits.maxDepth, sharedScalars)}`,
        )
        .join(' ')} }`,
      tokens: `mutation { ${acknowledge} { ${'id '.repeat(limits.maxTokens)} } }`,
      directives: `mutation { ${acknowledge} { ${Array.from(
        { length: limits.maxDirectives + 1 },
        () => 'id @include(if: true)',
      ).join(' ')} } }`,
    };
  };
  const expectedMessage = {
    depth: `Query depth limit of ${limits.maxDepth} exceeded, found ${limits.maxDepth + 1}`,
    aliases: `Aliases limit of ${limits.maxAliases} exceeded, found ${limits.maxAliases + 1}`,
    cost: `Query Cost limit of ${limits.maxCost} exceeded`,
    tokens: `${limits.maxTokens} tokens. Parsing aborted`,
    directives: `Directives limit of ${limits.maxDirectives} exceeded`,
  };

  it('refuses operations over each limit over HTTP before any resolver runs', async () => {
    for (const [limit, query] of Object.entries(overLimits())) {
      const answer = await post(prodUrl, { query }, auth());
      expect(answer.status, limit).toBe(400);
      expect(answer.data, limit).toBeUndefined();
      expect(
        answer.errors?.map((error) => error.extensions?.code),
        limit,
      ).toEqual([limit === 'tokens' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED']);
      expect(answer.errors?.[0]?.message, limit).toContain(
        expectedMessage[limit as keyof typeof expectedMessage],
      );
    }
    expect(await alertState(alertA)).toEqual({ status: 'open', logs: 0 });

    // The same mutation exactly at the depth limit runs: it acknowledges alert B.
    const atLimit = `mutation { ${nested(`acknowledgeAlert(id: "${alertB}")`, alertChain, limits.maxDepth)} }`;
    const answer = await post(prodUrl, { query: atLimit }, auth());
    expect(answer.errors).toBeUndefined();
    expect(await alertState(alertB)).toEqual({ status: 'acknowledged', logs: 1 });
  });

  it('passes every operation the UI sends under the default limits', async () => {
    const operations = await uiOperations();
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const { name, query } of operations) {
      // No variables: operations with required ones stop there, after the limits, unexecuted.
      const answer = await post(prodUrl, { query }, auth());
      const refusals = (answer.errors ?? []).filter((error) =>
        /limit of \d+ exceeded|tokens\. Parsing aborted/.test(error.message),
      );
      expect(refusals, name).toEqual([]);
    }
  });

  it('refuses the same operations over graphql-ws before any resolver runs, and keeps the socket', async () => {
    const client = wsClient(prodUrl);
    for (const [limit, query] of Object.entries(overLimits())) {
      const result = await overWs(client, query);
      expect(result.data, limit).toBeUndefined();
      expect(
        result.errors?.map((error) => error.extensions?.code),
        limit,
      ).toEqual([limit === 'tokens' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED']);
      expect(result.errors?.[0]?.message, limit).toContain(
        expectedMessage[limit as keyof typeof expectedMessage],
      );
    }
    expect(await alertState(alertA)).toEqual({ status: 'open', logs: 0 });

    // A subscription one level too deep never subscribes; one at the limit does.
    const deep = `subscription { ${nested('alertChanged', changeChain, limits.maxDepth + 1)} }`;
    const refused = await overWs(client, deep);
    expect(refused.errors?.[0]?.message).toContain(expectedMessage.depth);
    expect(production.subscriptions.alertChanged).toBe(0);
    const atLimit = `subscription { ${nested('alertChanged', changeChain, limits.maxDepth)} }`;
    const unsubscribe = client.subscribe(
      { query: atLimit },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    await expect.poll(() => production.subscriptions.alertChanged).toBe(1);
    unsubscribe();
    await expect.poll(() => production.subscriptions.alertChanged).toBe(0);
    // The socket that carried the refusals still answers.
    expect(await overWs(client, '{ health { storage } }')).toHaveProperty('data.health.storage');
  });

  it('answers introspection and field suggestions only in development', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    const refused = await post(prodUrl, { query: introspection }, auth());
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.text).not.toContain('"Query"');
    const overWsRefused = await overWs(wsClient(prodUrl), introspection);
    expect(overWsRefused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await post(devUrl, { query: introspection }, auth())).toMatchObject({
      status: 200,
      data: { __schema: { queryType: { name: 'Query' } } },
    });

    const typo = '{ districts { nam } }';
    const hidden = await post(prodUrl, { query: typo }, auth());
    expect(hidden.errors?.[0]?.message).toBe('Cannot query field "nam" on type "District".');
    const hiddenOverWs = await overWs(wsClient(prodUrl), typo);
    expect(hiddenOverWs.errors?.[0]?.message).toBe('Cannot query field "nam" on type "District".');
    const shown = await post(devUrl, { query: typo }, auth());
    expect(shown.errors?.[0]?.message).toMatch(/Did you mean "name"/);
  });

  it('refuses a request a browser could send cross-site without a preflight (CSRF)', async () => {
    const url = `${prodUrl}/graphql?query=${encodeURIComponent('{ health { storage } }')}`;
    const simple = await fetch(url, { headers: { authorization: operator.authorization } });
    expect(simple.status).toBe(400);
    expect(await simple.text()).toContain('Cross-Site Request Forgery');
    const form = await fetch(`${prodUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: operator.authorization },
      body: JSON.stringify({ query: '{ health { storage } }' }),
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain('Cross-Site Request Forgery');
    // The same GET with the header only a preflighted request can carry is answered.
    const preflighted = await fetch(url, {
      headers: { authorization: operator.authorization, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toHaveProperty('data.health.storage');
  });

  it('refuses batched requests', async () => {
    const query = `mutation { acknowledgeAlert(id: "${alertA}") { id } }`;
    const batch = await post(prodUrl, [{ query }, { query: '{ health { storage } }' }], auth());
    expect(batch.status).toBe(400);
    expect(batch.text).toContain('batching');
    expect(await alertState(alertA)).toEqual({ status: 'open', logs: 0 });
  });

  it('masks an unexpected error: no SQL, stack or path, in production only', async () => {
    const query = '{ incidents { edges { node { id } } } }';
    await db.query('ALTER TABLE incident RENAME TO incident_away');
    try {
      const masked = await post(prodUrl, { query }, auth());
      expect(masked.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
        ['Internal server error', 'INTERNAL_SERVER_ERROR'],
      ]);
      expect(masked.text).not.toMatch(
        /relation|incident_away|SELECT|stacktrace|\.ts\b|node_modules/i,
      );
      const maskedOverWs = await overWs(wsClient(prodUrl), query);
      expect(JSON.stringify(maskedOverWs)).toContain('Internal server error');
      expect(JSON.stringify(maskedOverWs)).not.toMatch(/relation|SELECT|stacktrace|\.ts\b/i);
      // The masking is what hides it: development shows PostgreSQL's message.
      const detailed = await post(devUrl, { query }, auth());
      expect(detailed.errors?.[0]?.message).toContain('relation "incident" does not exist');
    } finally {
      await db.query('ALTER TABLE incident_away RENAME TO incident');
    }
  });

  it('limits each caller: RATE_LIMITED with 429 and Retry-After once the bucket is empty', async () => {
    const query = { query: '{ health { storage } }' };
    for (let request = 1; request <= 3; request++) {
      expect((await post(limitedUrl, query, auth())).status).toBe(200);
    }
    const refused = await post(limitedUrl, query, auth());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(refused.data).toBeUndefined();

    // Another user has a bucket of their own, counted over graphql-ws as well.
    const other = await signIn(db, 'leader');
    const client = wsClient(limitedUrl, other.authorization);
    for (let request = 1; request <= 3; request++) {
      expect(await overWs(client, '{ health { storage } }')).toHaveProperty('data.health.storage');
    }
    const refusedOverWs = await overWs(client, '{ health { storage } }');
    expect(refusedOverWs.errors?.map((error) => error.extensions?.code)).toEqual(['RATE_LIMITED']);
    // Anonymous callers count by address.
    for (let request = 1; request <= 3; request++) {
      expect((await post(limitedUrl, query)).status).not.toBe(429);
    }
    expect((await post(limitedUrl, query)).status).toBe(429);
  });

  it('refuses a WebSocket upgrade from a foreign Origin with 403 and no socket', async () => {
    const upgrade = (origin?: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(wsUrl(prodUrl), 'graphql-transport-ws', {
          headers: origin ? { origin } : {},
        });
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_request, response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        socket.once('error', reject);
      });
    expect(await upgrade('https://evil.example')).toBe(403);
    expect(await upgrade(new URL(devUrl).origin)).toBe(403);
    expect(await upgrade(new URL(prodUrl).origin)).toBe(101);
    expect(await upgrade('https://wall.example.org')).toBe(101);
    expect(await upgrade()).toBe(101);
  });
});
